"""Export use-cases: ``netmap export``, ``netmap report`` and the API's export endpoints.

* :func:`export_area` writes one file, the format from its extension: ``.png``, ``.svg``,
  ``.pdf`` (the diagram), ``.graphml``, ``.gexf``, ``.json`` (the network), ``.xlsx``,
  ``.csv`` (the analysis tables); :func:`export_area_bytes` returns the bytes and the media
  type instead (for ``GET /exports/{area_id}.{ext}``).
* :func:`write_report` writes the district sheet (PDF, a few pages: the diagram, gaps with
  candidate resources, isolation with reasons, bridges and missing bridges);
  :func:`report_bytes` returns it (for ``GET /reports/{area_id}.pdf``).

Everything is made from one release (:mod:`netmap.disclosure`), the one that answers the
export's ``as_of``: diagrams and network files are drawn from
:func:`netmap.service.maps.map_view` (the published view with the map's remembered layout,
so the diagram has the interactive map's positions), and tables from the published
analyses (:mod:`netmap.disclosure.publish`, built in :mod:`netmap.service.export_tables`).
Every hidden count reads "x" (秘匿).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import networkx as nx

from netmap.config import Settings
from netmap.errors import ExportError
from netmap.logs import event
from netmap.model.options import (
    DPI_DEFAULT,
    DPI_MAX,
    DPI_MIN,
    ExportFormat,
    Lang,
    Orientation,
    Paper,
    TableName,
)
from netmap.service.export_tables import about_rows, analysis_tables

E = TypeVar("E", bound=StrEnum)
log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from netmap.disclosure.release import Release
    from netmap.service.scenarios import PlannedGraph
    from netmap.store.base import GraphStore
    from netmap.viz.report import SheetChange, SheetPlan
    from netmap.viz.view import ViewContext

__all__ = [
    "EXPORT_FORMATS",
    "ExportError",
    "ExportRequest",
    "analysis_tables",
    "export_area",
    "export_area_bytes",
    "export_filename",
    "report_bytes",
    "write_report",
]

#: Extension → media type of every export format (declared in netmap.model.options).
EXPORT_FORMATS: dict[str, str] = {f.value: f.media_type for f in ExportFormat}


def _choice(enum: type[E], value: str, what: str) -> E:
    """``value`` as a member of ``enum`` (case-insensitive), or a clear ExportError."""
    for member in enum:
        if member.value.lower() == str(value).lower():
            return member
    choices = ", ".join(m.value for m in enum)
    raise ExportError(f"{what} must be one of {choices}, not {value!r}", details={what: value})


@dataclass(frozen=True)
class ExportRequest:
    """Options shared by every export (validated by :meth:`checked`)."""

    area: str | None = None
    as_of: dt.date | str | None = None
    paper: str = Paper.A4
    orientation: str = Orientation.LANDSCAPE
    title: str | None = None
    lang: str = Lang.JA
    table: str | None = None
    dpi: int = DPI_DEFAULT

    def checked(self) -> ExportRequest:
        if not DPI_MIN <= self.dpi <= DPI_MAX:
            raise ExportError(
                f"dpi must be between {DPI_MIN} and {DPI_MAX}", details={"dpi": self.dpi}
            )
        return ExportRequest(
            self.area,
            self.as_of,
            _choice(Paper, self.paper, "paper"),
            _choice(Orientation, self.orientation, "orientation"),
            self.title,
            _choice(Lang, self.lang, "lang"),
            None if self.table is None else _choice(TableName, self.table, "table"),
            self.dpi,
        )


def _format(ext_or_path: str | Path) -> str:
    s = str(ext_or_path)
    fmt = (Path(s).suffix or s).lstrip(".").lower()
    if fmt not in EXPORT_FORMATS:
        raise ExportError(
            f"cannot export {fmt or 'a file with no extension'!r}: use one of "
            + ", ".join("." + f for f in EXPORT_FORMATS),
            details={"format": fmt},
        )
    return fmt


def export_filename(area: str | None, fmt: str, *, report: bool = False) -> str:
    """A download file name: ``network-<area>.<ext>`` or ``sheet-<area>.pdf``."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in (area or "city"))
    return f"sheet-{safe}.pdf" if report else f"network-{safe}.{_format(fmt)}"


def _graph(source: GraphStore | nx.MultiDiGraph) -> nx.MultiDiGraph:
    if isinstance(source, nx.MultiDiGraph):
        return source
    return source.export_graph()


# --------------------------------------------------------------------------- exports


def _release(
    source: GraphStore | nx.MultiDiGraph,
    G: nx.MultiDiGraph,
    as_of: dt.date | str | None,
    settings: Settings,
) -> Release:
    """The release that answers ``as_of`` (built from ``G`` if it does not exist yet)."""
    from netmap.disclosure.storage import GraphSource
    from netmap.service.releases import graph_source, release_for

    if isinstance(source, nx.MultiDiGraph):
        version = str(G.graph.get("data_version", "graph"))
        return release_for(settings, GraphSource(version=lambda: version, graph=lambda: G), as_of)
    return release_for(settings, graph_source(source, G), as_of)


def _check_area(G: nx.MultiDiGraph, area: str | None) -> None:
    from netmap.analysis.projections import check_area

    check_area(G, area)


def export_area_bytes(
    source: GraphStore | nx.MultiDiGraph,
    *,
    fmt: str,
    area: str | None = None,
    as_of: dt.date | str | None = None,
    paper: str = Paper.A4,
    orientation: str = Orientation.LANDSCAPE,
    title: str | None = None,
    lang: str = Lang.JA,
    table: str | None = None,
    dpi: int = DPI_DEFAULT,
    settings: Settings,
    release: Release | None = None,
    context: ViewContext | None = None,
    dynamic: bool = False,
) -> tuple[bytes, str]:
    """One export as ``(bytes, media type)``; ``fmt`` is an extension (``"png"``, ``".csv"``).

    ``table`` picks the table of a ``csv`` export (default ``gaps``; see
    :data:`netmap.viz.tables.TABLE_NAMES`). ``dynamic`` (``gexf`` of a ward or district
    only): the timeline for Gephi (:func:`_dynamic_gexf`). Raises :class:`ExportError` for
    bad options, :class:`~netmap.analysis.results.AnalysisParameterError` for an unknown
    area.
    """
    f = _format(fmt)
    req = ExportRequest(area, as_of, paper, orientation, title, lang, table, dpi).checked()
    if dynamic and f != "gexf":
        raise ExportError(
            f"--dynamic writes a .gexf file (Gephi's timeline), not .{f}", details={"format": f}
        )
    G = _graph(source)
    _check_area(G, req.area)
    rel = release or _release(source, G, req.as_of, settings)
    if dynamic:
        return _dynamic_gexf(G, rel, req, settings), EXPORT_FORMATS[f]
    if f in ("png", "svg", "pdf"):
        from netmap.service.maps import map_view
        from netmap.viz.diagram import DiagramOptions, diagram_bytes

        view, pos = map_view(G, release=rel, area=req.area, settings=settings, context=context)
        opts = DiagramOptions(
            paper=Paper(req.paper),
            orientation=Orientation(req.orientation),
            title=req.title,
            lang=Lang(req.lang),
            dpi=req.dpi,
        )
        return diagram_bytes(view, pos, opts, fmt=f), EXPORT_FORMATS[f]
    if f in ("graphml", "gexf", "json"):
        from netmap.service.maps import map_view
        from netmap.viz.formats import graph_format_bytes

        view, pos = map_view(G, release=rel, area=req.area, settings=settings, context=context)
        return graph_format_bytes(view, pos, fmt=f, lang=req.lang), EXPORT_FORMATS[f]
    # tables
    from netmap.disclosure.publish import view_period
    from netmap.viz.diagram import source_line
    from netmap.viz.tables import csv_bytes, xlsx_bytes
    from netmap.viz.view import build_view

    view = build_view(G, release=rel, area=req.area, context=context)
    tables = analysis_tables(G, rel, area=req.area, lang=req.lang, view=view)
    if f == "csv":
        want = req.table or "gaps"
        chosen = next(t for t in tables if t.name == want)
        return csv_bytes(chosen, lang=req.lang), EXPORT_FORMATS[f]
    area_name = rel.area_name(req.area) if req.area else str(view.graph.get("area_name") or "")
    about = about_rows(
        req,
        area_name,
        rel.reference_date.isoformat(),
        rel.threshold,
        source_line(view, req.lang, prefix=False),
        view_period(view),
    )
    return xlsx_bytes(tables, lang=req.lang, about=about), EXPORT_FORMATS[f]


def _dynamic_gexf(
    G: nx.MultiDiGraph, rel: Release, req: ExportRequest, settings: Settings
) -> bytes:
    """The dynamic GEXF of a ward or district (``netmap export --dynamic``): the area's map
    on the release's reference date with every organisation, activity, network,
    membership and partnership valid at some time up to it, each with its start and end
    (:func:`netmap.viz.spells.record_spells`); referral links as the release publishes
    them (its period's, never a referral's date). The map's remembered layout places the
    records it knows; the others go near their peers (and are not remembered)."""
    from netmap.service.maps import map_view
    from netmap.viz.formats import gexf_bytes
    from netmap.viz.spells import record_spells, timeless_graph

    if req.area is None or G.nodes[req.area].get("level") == "city":
        raise ExportError(
            "--dynamic needs --area (a ward or district): the city map shows areas only, "
            "and areas have no timeline",
            details={"area": req.area},
        )
    H = timeless_graph(G, rel.reference_date)
    view, pos = map_view(H, release=rel, area=req.area, settings=settings, remember_layout=False)
    return gexf_bytes(view, pos, lang=req.lang, spells=record_spells(G, view))


def export_area(
    source: GraphStore | nx.MultiDiGraph,
    *,
    output: Path,
    area: str | None = None,
    as_of: dt.date | str | None = None,
    paper: str = Paper.A4,
    orientation: str = Orientation.LANDSCAPE,
    title: str | None = None,
    lang: str = Lang.JA,
    table: str | None = None,
    dpi: int = DPI_DEFAULT,
    settings: Settings,
    release: Release | None = None,
    dynamic: bool = False,
) -> Path:
    """Write one export; the format comes from ``output``'s extension (``dynamic``: a
    ``.gexf`` timeline). Returns the path."""
    data, _ = export_area_bytes(
        source,
        fmt=_format(output),
        area=area,
        as_of=as_of,
        paper=paper,
        orientation=orientation,
        title=title,
        lang=lang,
        table=table,
        dpi=dpi,
        settings=settings,
        release=release,
        dynamic=dynamic,
    )
    return _write(Path(output), data)


def _write(path: Path, data: bytes) -> Path:
    """Write atomically (a temporary file in the same folder, then rename), with the
    user's usual file permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    event(log, "export.written", file=path.name, bytes=len(data))
    return path


# --------------------------------------------------------------------------- report


def report_bytes(
    source: GraphStore | nx.MultiDiGraph,
    *,
    area: str,
    as_of: dt.date | str | None = None,
    paper: str = Paper.A4,
    title: str | None = None,
    lang: str = Lang.JA,
    settings: Settings,
    release: Release | None = None,
    context: ViewContext | None = None,
    compare_to: dt.date | str | None = None,
    compare_release: Release | None = None,
    plan: PlannedGraph | None = None,
) -> bytes:
    """The district sheet (PDF bytes) of a ward or district.

    Its diagram is the area's map (the same positions) plus the ward's and the city's own
    organisations that the release's referral links join to the area
    (:func:`netmap.viz.view.add_wide_referral_partners`; drawn on the rim of the picture,
    not remembered in the layout memory); its gap and bridge sections read the published
    gap rows and bridges of the same release (:class:`netmap.viz.report.SheetData`).

    ``compare_to`` adds the 変化 section: the area's changes from the release on or before
    that date (``compare_release`` if given) to the sheet's release
    (:func:`_sheet_change`). ``plan`` (:func:`netmap.service.scenarios.load_plan`) adds
    the 計画案 section: what a meeting may see of it (:func:`_sheet_plan`)."""
    from netmap.disclosure.publish import published_bridges, published_gaps
    from netmap.service.maps import map_view
    from netmap.viz.report import SheetData, SheetOptions, render_report
    from netmap.viz.view import ViewContext, add_wide_referral_partners

    req = ExportRequest(area, as_of, paper, "landscape", title, lang).checked()
    G = _graph(source)
    _check_area(G, req.area)
    rel = release or _release(source, G, req.as_of, settings)
    change = None
    if compare_to is not None:  # first: a date the sheet's release answers is refused
        rel_from = compare_release or _release(source, G, compare_to, settings)
        change = _sheet_change(G, rel_from, rel, compare_to, area=req.area, settings=settings)
    ctx = context
    if ctx is None or ctx.day != rel.reference_date or ctx.source is not G:
        ctx = ViewContext(G, rel.reference_date)
    view, pos = map_view(G, release=rel, area=req.area, settings=settings, context=ctx)
    tables = analysis_tables(G, rel, area=req.area, lang=req.lang, view=view)
    add_wide_referral_partners(view, G, release=rel, context=ctx)  # placed by the sheet
    data = SheetData(
        gaps=published_gaps(rel, area=req.area)["gaps"],
        bridges=published_bridges(rel, area=req.area)["bridges"],
        areas={a: (level, name) for a, (_p, level, name) in rel.areas.items()},
        change=change,
        plan=None if plan is None else _sheet_plan(plan, rel, area=req.area, lang=req.lang),
    )
    opts = SheetOptions(paper=Paper(req.paper), lang=Lang(req.lang), title=req.title)
    return render_report(view, pos, tables, opts, data)


def _sheet_change(
    G: nx.MultiDiGraph,
    rel_from: Release,
    rel: Release,
    asked: dt.date | str,
    *,
    area: str | None,
    settings: Settings,
) -> SheetChange:
    """The 変化 section of a sheet: the comparison of two releases
    (:func:`netmap.service.compare.compare_json`: records and ties from the directory,
    every count one the releases show). The earlier release must be an earlier one."""
    from netmap.analysis.projections import resolve_as_of
    from netmap.service.compare import compare_json
    from netmap.viz.report import SheetChange

    day = resolve_as_of(asked)
    if rel_from.reference_date >= rel.reference_date:
        raise ExportError(
            f"--compare-to (compare_to) {day} is answered with the release of "
            f"{rel_from.reference_date}, which is not before the sheet's "
            f"({rel.reference_date}): give an earlier date "
            f"（比較する日付は、シートの基準日 {rel.reference_date} より前の基準日にしてください）",
            details={
                "compare_to": day.isoformat(),
                "answered_with": rel_from.reference_date.isoformat(),
                "reference_date": rel.reference_date.isoformat(),
            },
        )
    obj = compare_json(
        G,
        from_date=day,
        to_date=rel.reference_date,
        area=area,
        releases=(rel_from, rel),
        period=settings.release_period,
    )
    periods = tuple(
        (r.period_start.isoformat(), r.reference_date.isoformat()) for r in (rel_from, rel)
    )
    return SheetChange(compare=obj, asked=day.isoformat(), periods=(periods[0], periods[1]))


def _sheet_plan(plan: PlannedGraph, rel: Release, *, area: str | None, lang: str) -> SheetPlan:
    """The 計画案 section of a sheet: :func:`netmap.service.scenarios.published_scenario`
    (the release's gaps the plan closes, the isolated areas it ends; no count of its own)
    and the planned records of the area with their kind and areas."""
    from netmap.model.schema import Rel
    from netmap.model.vocab import kind_label
    from netmap.service.scenarios import published_scenario
    from netmap.viz.report import SheetPlan

    obj = published_scenario(plan, rel, area=area)
    H = plan.with_plan
    sep = "、" if lang == "ja" else ", "
    where = (Rel.LOCATED_IN, Rel.HELD_IN, Rel.COVERS)
    rows = []
    for category, changes in obj["records"].items():
        for state, when in (("added", "valid_from"), ("ended", "valid_to")):
            for r in changes[state]:
                g = H if r["id"] in H else plan.graph
                d = g.nodes[r["id"]]
                areas = sorted(
                    str(g.nodes[t].get("name", t))
                    for _, t, typ in g.out_edges(r["id"], data="type")
                    if typ in where
                )
                rows.append(
                    {
                        "state": state,
                        "category": category,
                        "name": str(r.get("name") or r["id"]),
                        "kind": kind_label(d.get("kind"), lang),
                        "areas": sep.join(areas),
                        "date": str(r.get(when) or "")[:10],
                    }
                )
    return SheetPlan(scenario=obj, planned=rows)


def write_report(
    source: GraphStore | nx.MultiDiGraph,
    *,
    area: str,
    output: Path,
    as_of: dt.date | str | None = None,
    paper: str = Paper.A4,
    title: str | None = None,
    lang: str = Lang.JA,
    settings: Settings,
    release: Release | None = None,
    compare_to: dt.date | str | None = None,
    plan: PlannedGraph | None = None,
) -> Path:
    """Write the district sheet PDF of a ward or district; returns the path
    (``compare_to``, ``plan``: the 変化 and 計画案 sections, see :func:`report_bytes`)."""
    if _format(output) != "pdf":
        raise ExportError("the district sheet is a PDF: use an output ending in .pdf")
    data = report_bytes(
        source,
        area=area,
        as_of=as_of,
        paper=paper,
        title=title,
        lang=lang,
        settings=settings,
        release=release,
        compare_to=compare_to,
        plan=plan,
    )
    return _write(Path(output), data)


# --------------------------------------------------------------------------- demo


def pick_demo_district(G: nx.MultiDiGraph, as_of: dt.date | str | None = None) -> str | None:
    """A district worth a sheet: the first with a gap (highest demand first) that has at
    least five organisations, else the first with a gap, else the first district."""
    from netmap.analysis import find_gaps
    from netmap.analysis.projections import GraphIndex
    from netmap.model.schema import Label

    ix = GraphIndex.build(G, as_of=as_of)
    orgs: dict[str, int] = {}
    for o in ix.nodes(Label.ORGANISATION):
        loc = ix.location.get(o)
        if loc is not None:
            orgs[loc] = orgs.get(loc, 0) + 1
    gap_areas = [g.area_id for g in find_gaps(G, as_of=as_of) if g.kind == "gap"]
    for a in gap_areas:
        if orgs.get(a, 0) >= 5:
            return a
    if gap_areas:
        return gap_areas[0]
    districts = ix.level_areas("district")
    return districts[0] if districts else None


def demo_exports(
    store: GraphStore,
    settings: Settings,
    output: Path,
    *,
    as_of: dt.date | str | None = None,
    graph: nx.MultiDiGraph | None = None,
) -> list[Path]:
    """``netmap demo``: a diagram (PNG and PDF) and a district sheet of one demo district,
    in ``output/exports``, from the release that answers ``as_of`` (``graph``: the store's
    graph, if already exported)."""
    G = store.export_graph() if graph is None else graph
    rel = _release(store, G, as_of, settings)
    district = pick_demo_district(G, rel.reference_date)
    if district is None:
        return []
    out = Path(output) / "exports"
    safe = export_filename(district, "png").removeprefix("network-").removesuffix(".png")
    return [
        export_area(
            G, output=out / f"diagram-{safe}.{ext}", area=district, settings=settings, release=rel
        )
        for ext in ("png", "pdf")
    ] + [
        write_report(
            G, area=district, output=out / f"sheet-{safe}.pdf", settings=settings, release=rel
        )
    ]
