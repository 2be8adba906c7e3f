"""Export use-cases: ``netmap export``, ``netmap report`` and the API's export endpoints.

* :func:`export_area` writes one file, the format from its extension: ``.png``, ``.svg``,
  ``.pdf`` (the diagram), ``.graphml``, ``.gexf``, ``.json`` (the network), ``.xlsx``,
  ``.csv`` (the analysis tables); :func:`export_area_bytes` returns the bytes and the media
  type instead (for ``GET /exports/{area_id}.{ext}``).
* :func:`write_report` writes the district sheet (PDF, a few pages: the diagram, gaps with
  candidate resources, isolation with reasons, bridges and missing bridges);
  :func:`report_bytes` returns it (for ``GET /reports/{area_id}.pdf``).

Everything goes through the one redaction step: diagrams and network files are drawn from
:func:`netmap.service.maps.map_view` (the redacted view with the map's remembered layout,
so the diagram has the interactive map's positions), and tables from the analyses' viewer
JSON (:mod:`netmap.service.analyses` with ``viewer=True``). A suppressed count is shown as
``"<10"`` when it is small, and as ``"非表示"`` (hidden) when secondary suppression hid a
larger one, so no table claims a hidden count is small when it is not. Analyses run on the
whole graph with the export's ``as_of``, then are filtered to the area.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap.config import Settings, get_settings
from netmap.errors import NetmapError
from netmap.privacy import is_small

if TYPE_CHECKING:
    from netmap.store.base import GraphStore
    from netmap.viz.tables import Table
    from netmap.viz.view import MapAnalyses

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

#: Extension → media type of every export format.
EXPORT_FORMATS: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
PAPERS = ("A4", "A3")
ORIENTATIONS = ("landscape", "portrait")
LANGS = ("ja", "en")


class ExportError(NetmapError):
    """A bad export request (unknown format, paper, orientation, language or table).

    The CLI reports it with exit code 2; the API with 422.
    """


@dataclass(frozen=True)
class ExportRequest:
    """Options shared by every export (validated by :meth:`checked`)."""

    area: str | None = None
    as_of: dt.date | str | None = None
    paper: str = "A4"
    orientation: str = "landscape"
    title: str | None = None
    lang: str = "ja"
    table: str | None = None
    dpi: int = 150

    def checked(self) -> ExportRequest:
        from netmap.viz.tables import TABLE_NAMES

        paper = self.paper.upper()
        if paper not in PAPERS:
            raise ExportError(
                f"paper must be A4 or A3, not {self.paper!r}", details={"paper": self.paper}
            )
        orientation = self.orientation.lower()
        if orientation not in ORIENTATIONS:
            raise ExportError(
                f"orientation must be landscape or portrait, not {self.orientation!r}",
                details={"orientation": self.orientation},
            )
        lang = self.lang.lower()
        if lang not in LANGS:
            raise ExportError(
                f"lang must be ja or en, not {self.lang!r}", details={"lang": self.lang}
            )
        if self.table is not None and self.table not in TABLE_NAMES:
            raise ExportError(
                f"unknown table {self.table!r} (one of {', '.join(TABLE_NAMES)})",
                details={"table": self.table},
            )
        if not 30 <= self.dpi <= 600:
            raise ExportError("dpi must be between 30 and 600", details={"dpi": self.dpi})
        return ExportRequest(
            self.area, self.as_of, paper, orientation, self.title, lang, self.table, self.dpi
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


# --------------------------------------------------------------------------- tables


#: Figures derived from counts: hidden with them, never "<10".
_DERIVED = ("ratio", "acceptance_rate")


def _texts(
    viewer: dict[str, Any],
    raw: Mapping[str, Any] | None,
    threshold: int,
    lang: str,
    *,
    primary_only: bool = False,
) -> None:
    """Add ``<field>_text`` to a viewer JSON object for each suppressed field: ``"<10"``
    for a count that is small, ``"非表示"``/``"hidden"`` for a count hidden by secondary
    suppression and for a figure derived from a hidden count (a ratio, a rate). ``raw``:
    the same result unsuppressed (read here, never returned). ``primary_only``: the
    result suppresses counts only for being small (gap demand), so no raw is needed."""
    hidden = "非表示" if lang == "ja" else "hidden"
    for f in viewer.get("suppressed") or []:
        if f in _DERIVED:
            viewer[f"{f}_text"] = hidden
            continue
        if primary_only:
            small = True
        else:
            rv = raw.get(f) if raw is not None else None
            small = isinstance(rv, int) and not isinstance(rv, bool) and is_small(rv, threshold)
        viewer[f"{f}_text"] = f"<{threshold}" if small else hidden


def _align_with_view(
    iso_rows: list[dict[str, Any]],
    gap_rows: list[dict[str, Any]],
    view: nx.MultiDiGraph,
    lang: str,
) -> None:
    """Hide in the tables what the redacted view hides about an area's residents.

    The view shows a ward's total with its districts and, where one small count could be
    recovered by subtraction, hides another district's total too (secondary suppression
    over the area hierarchy), with every figure that can equal it (a need's demand, the
    residents not reached). The analyses' rows are suppressed one by one; since the view's
    totals travel with the tables (the sheet's summary, the map), a row must hide what the
    view hides, or the total minus the shown rows would reveal the small count."""
    hidden_text = "非表示" if lang == "ja" else "hidden"
    hidden: dict[str, str] = {}
    for n, d in view.nodes(data=True):
        counts = d.get("counts") or {}
        if "residents_with_needs" in counts and counts["residents_with_needs"] is None:
            text = (d.get("counts_text") or {}).get("residents_with_needs")
            hidden[str(n)] = text if text and text.startswith("<") else hidden_text

    def hide(row: dict[str, Any], field: str, text: str) -> None:
        if row.get(field):  # a shown count (0 reveals nothing)
            row[field] = None
            row[f"{field}_text"] = text
            row["suppressed"] = sorted(set(row.get("suppressed") or []) | {field})

    for row in iso_rows:
        if row.get("area_id") in hidden:
            hide(row, "residents_with_needs", hidden[row["area_id"]])
            hide(row, "isolated_residents", hidden_text)
    for row in gap_rows:
        if row.get("area_id") in hidden:
            hide(row, "demand", hidden_text)
            hide(row, "ratio", hidden_text)


def _organisation_rows(
    G: nx.MultiDiGraph,
    view: nx.MultiDiGraph | None,
    area: str | None,
    as_of: dt.date | str | None,
    bridges: Mapping[str, Any],
    lang: str,
) -> list[dict[str, Any]]:
    """Organisations of the area as its map shows them (the view's), or of the whole city."""
    from netmap.model.vocab import kind_label, need_label

    score = {b["organisation_id"]: b["score"] for b in bridges.get("bridges", [])}
    sep = "、" if lang == "ja" else "; "
    rows: list[dict[str, Any]] = []
    if view is not None and any(
        d.get("category") == "Organisation" for _, d in view.nodes(data=True)
    ):
        names = {str(n): str(d.get("name", n)) for n, d in view.nodes(data=True)}
        needs: Mapping[str, str] = view.graph.get("needs") or {}
        for o, d in sorted(view.nodes(data=True)):
            if d.get("category") != "Organisation":
                continue
            rows.append(
                {
                    "name": str(d.get("name", o)),
                    "kind": kind_label(d.get("kind"), lang),
                    "area_name": str(d.get("area_name") or ""),
                    "networks": sep.join(names.get(n, n) for n in d.get("networks") or []),
                    "activities": sep.join(names.get(a, a) for a in d.get("activities") or []),
                    "needs": sep.join(
                        (needs.get(n) if lang == "ja" else None) or need_label(n, lang)
                        for n in d.get("needs") or []
                    ),
                    "bridge_score": round(float(score[o]), 3) if o in score else "",
                    "source": str(d.get("source") or ""),
                    "verified_on": str(d.get("verified_on") or ""),
                    "id": str(o),
                }
            )
    else:
        from netmap.analysis.projections import GraphIndex, as_of_view
        from netmap.model.graph import area_descendants
        from netmap.model.schema import Label

        H = as_of_view(G, as_of)
        ix = GraphIndex.build(H)
        scope = area_descendants(H, area) if area is not None else None
        for o in ix.nodes(Label.ORGANISATION):
            loc = ix.location.get(o)
            if scope is not None and loc not in scope:
                continue
            d = H.nodes[o]
            rows.append(
                {
                    "name": str(d.get("name", o)),
                    "kind": kind_label(d.get("kind"), lang),
                    "area_name": ix.name(loc) if loc else "",
                    "networks": sep.join(ix.name(n) for n in sorted(ix.memberships.get(o, ()))),
                    "activities": sep.join(ix.name(a) for a in sorted(ix.runs.get(o, ()))),
                    "needs": sep.join(
                        (str(H.nodes[n].get("name_ja") or "") if lang == "ja" and n in H else "")
                        or need_label(n, lang)
                        for n in sorted(ix.provides.get(o, ()))
                    ),
                    "bridge_score": round(float(score[o]), 3) if o in score else "",
                    "source": str(d.get("source") or ""),
                    "verified_on": str(d.get("verified_on") or ""),
                    "id": o,
                }
            )
    rows.sort(key=lambda r: (-(r["bridge_score"] or 0.0), r["name"], r["id"]))
    return rows


def analysis_tables(
    G: nx.MultiDiGraph,
    *,
    area: str | None = None,
    as_of: dt.date | str | None = None,
    lang: str = "ja",
    settings: Settings | None = None,
    view: nx.MultiDiGraph | None = None,
    analyses: MapAnalyses | None = None,
) -> list[Table]:
    """The six analysis tables of an area (or the city), resident counts suppressed.

    ``analyses``: the map's analyses (whole graph, default level, same ``as_of``) if
    already computed; they tell a small suppressed count from one hidden by secondary
    suppression. ``view``: the area's redacted view (its organisations are listed).
    """
    from netmap.analysis import find_flows, find_isolated_areas
    from netmap.service.analyses import bridges_json, flows_json, gaps_json, isolated_json
    from netmap.viz.tables import build_tables

    s = settings or get_settings()
    t = s.suppression_threshold
    if analyses is not None:
        raw_iso = {a.area_id: a.model_dump() for a in analyses.isolated}
        raw_flows = {
            a.area_id: a.model_dump() for a in (analyses.flows.areas if analyses.flows else [])
        }
    else:
        raw_iso = {
            a.area_id: a.model_dump() for a in find_isolated_areas(G, as_of=as_of, area=area)
        }
        raw_flows = {a.area_id: a.model_dump() for a in find_flows(G, as_of=as_of, area=area).areas}
    gaps = gaps_json(G, as_of=as_of, area=area, viewer=True, settings=s)
    for g in gaps["gaps"]:
        _texts(g, None, t, lang, primary_only=True)
    iso = isolated_json(G, as_of=as_of, area=area, viewer=True, settings=s)
    for a in iso["areas"]:
        _texts(a, raw_iso.get(a["area_id"]), t, lang)
    if view is not None:
        _align_with_view(iso["areas"], gaps["gaps"], view, lang)
    flows = flows_json(G, as_of=as_of, area=area, viewer=True, settings=s)
    for a in flows["areas"]:
        _texts(a, raw_flows.get(a["area_id"]), t, lang)
    bridges = bridges_json(G, as_of=as_of, area=area, viewer=True, settings=s)
    orgs = _organisation_rows(G, view, area, as_of, bridges, lang)
    return build_tables(
        gaps=gaps, isolated=iso, bridges=bridges, flows=flows, organisations=orgs, lang=lang
    )


def _about(
    view: nx.MultiDiGraph | None,
    req: ExportRequest,
    area_name: str,
    as_of: str,
    threshold: int,
    source: str,
) -> list[tuple[str, str]]:
    ja = req.lang == "ja"
    title = req.title or (
        f"{area_name} 支援ネットワーク 分析表" if ja else f"{area_name}: analysis tables"
    )
    return [
        ("タイトル" if ja else "Title", title),
        ("地域" if ja else "Area", f"{area_name}（{req.area or 'city'}）"),
        ("データ基準日" if ja else "Data as of", as_of),
        ("作成日" if ja else "Made", dt.date.today().isoformat()),
        ("出典" if ja else "Source", source),
        (
            "個人情報の扱い" if ja else "Privacy",
            (
                f"住民は地区・活動ごとの人数だけを示します。{threshold}人未満の人数は「<{threshold}」、"
                "差し引きで小さな人数が分かってしまう数は「非表示」としています。"
            )
            if ja
            else (
                f"Residents appear only as counts per area/activity; counts below {threshold} "
                f"read '<{threshold}', and counts that would reveal one by subtraction 'hidden'."
            ),
        ),
    ]


# --------------------------------------------------------------------------- exports


def _view(
    G: nx.MultiDiGraph,
    req: ExportRequest,
    settings: Settings,
    analyses: MapAnalyses | None = None,
) -> tuple[nx.MultiDiGraph, dict[str, tuple[float, float]]]:
    from netmap.service.maps import map_view

    return map_view(G, area=req.area, as_of=req.as_of, settings=settings, analyses=analyses)


def _plain_view(G: nx.MultiDiGraph, req: ExportRequest, settings: Settings) -> nx.MultiDiGraph:
    """The redacted view of the area without analyses or positions (for its organisations
    and sources in tables)."""
    from netmap.viz.redact import redact_view
    from netmap.viz.view import build_view

    raw = build_view(G, area=req.area, as_of=req.as_of)
    return redact_view(raw, threshold=settings.suppression_threshold)


def _check_area(G: nx.MultiDiGraph, area: str | None) -> None:
    from netmap.analysis.projections import check_area

    check_area(G, area)


def export_area_bytes(
    source: GraphStore | nx.MultiDiGraph,
    *,
    fmt: str,
    area: str | None = None,
    as_of: dt.date | str | None = None,
    paper: str = "A4",
    orientation: str = "landscape",
    title: str | None = None,
    lang: str = "ja",
    table: str | None = None,
    dpi: int = 150,
    settings: Settings | None = None,
) -> tuple[bytes, str]:
    """One export as ``(bytes, media type)``; ``fmt`` is an extension (``"png"``, ``".csv"``).

    ``table`` picks the table of a ``csv`` export (default ``gaps``; see
    :data:`netmap.viz.tables.TABLE_NAMES`). Raises :class:`ExportError` for bad options,
    :class:`~netmap.analysis.results.AnalysisParameterError` for an unknown area.
    """
    f = _format(fmt)
    req = ExportRequest(area, as_of, paper, orientation, title, lang, table, dpi).checked()
    s = settings or get_settings()
    G = _graph(source)
    _check_area(G, req.area)
    if f in ("png", "svg", "pdf"):
        from netmap.viz.static import DiagramOptions, diagram_bytes

        view, pos = _view(G, req, s)
        opts = DiagramOptions(
            paper=req.paper,  # type: ignore[arg-type]
            orientation=req.orientation,  # type: ignore[arg-type]
            title=req.title,
            lang=req.lang,  # type: ignore[arg-type]
            dpi=req.dpi,
        )
        return diagram_bytes(view, pos, opts, fmt=f), EXPORT_FORMATS[f]
    if f in ("graphml", "gexf", "json"):
        from netmap.viz.formats import graph_format_bytes

        view, pos = _view(G, req, s)
        return graph_format_bytes(view, pos, fmt=f, lang=req.lang), EXPORT_FORMATS[f]
    # tables
    from netmap.analysis.projections import as_of_view, resolve_as_of
    from netmap.viz.static import source_line
    from netmap.viz.tables import csv_bytes, xlsx_bytes

    view = _plain_view(G, req, s)
    tables = analysis_tables(
        G, area=req.area, as_of=req.as_of, lang=req.lang, settings=s, view=view
    )
    if f == "csv":
        want = req.table or "gaps"
        chosen = next(t for t in tables if t.name == want)
        return csv_bytes(chosen, lang=req.lang), EXPORT_FORMATS[f]
    H = as_of_view(G, req.as_of)
    area_name = (
        str(H.nodes[req.area].get("name", req.area))
        if req.area
        else str(view.graph.get("area_name") or "")
    )
    about = _about(
        view,
        req,
        area_name,
        resolve_as_of(req.as_of).isoformat(),
        s.suppression_threshold,
        source_line(view, req.lang, prefix=False),
    )
    return xlsx_bytes(tables, lang=req.lang, about=about), EXPORT_FORMATS[f]


def export_area(
    source: GraphStore | nx.MultiDiGraph,
    *,
    output: Path,
    area: str | None = None,
    as_of: dt.date | str | None = None,
    paper: str = "A4",
    orientation: str = "landscape",
    title: str | None = None,
    lang: str = "ja",
    table: str | None = None,
    dpi: int = 150,
    settings: Settings | None = None,
) -> Path:
    """Write one export; the format comes from ``output``'s extension. Returns the path."""
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
    return path


# --------------------------------------------------------------------------- report


def report_bytes(
    source: GraphStore | nx.MultiDiGraph,
    *,
    area: str,
    as_of: dt.date | str | None = None,
    paper: str = "A4",
    title: str | None = None,
    lang: str = "ja",
    settings: Settings | None = None,
) -> bytes:
    """The district sheet (PDF bytes) of a ward or district."""
    from netmap.service.maps import compute_map_analyses
    from netmap.viz.report import SheetOptions, render_report

    req = ExportRequest(area, as_of, paper, "landscape", title, lang).checked()
    s = settings or get_settings()
    G = _graph(source)
    _check_area(G, req.area)
    an = compute_map_analyses(G, as_of=req.as_of)
    view, pos = _view(G, req, s, analyses=an)
    tables = analysis_tables(
        G, area=req.area, as_of=req.as_of, lang=req.lang, settings=s, view=view, analyses=an
    )
    opts = SheetOptions(paper=req.paper, lang=req.lang, title=req.title)  # type: ignore[arg-type]
    return render_report(view, pos, tables, opts)


def write_report(
    source: GraphStore | nx.MultiDiGraph,
    *,
    area: str,
    output: Path,
    as_of: dt.date | str | None = None,
    paper: str = "A4",
    title: str | None = None,
    lang: str = "ja",
    settings: Settings | None = None,
) -> Path:
    """Write the district sheet PDF of a ward or district; returns the path."""
    if _format(output) != "pdf":
        raise ExportError("the district sheet is a PDF: use an output ending in .pdf")
    data = report_bytes(
        source, area=area, as_of=as_of, paper=paper, title=title, lang=lang, settings=settings
    )
    return _write(Path(output), data)


# --------------------------------------------------------------------------- demo


def pick_demo_district(G: nx.MultiDiGraph, as_of: dt.date | str | None = None) -> str | None:
    """A district worth a sheet: the first with a gap (highest demand first) that has at
    least five organisations, else the first with a gap, else the first district."""
    from netmap.analysis import find_gaps
    from netmap.analysis.projections import GraphIndex, as_of_view
    from netmap.model.schema import Label

    H = as_of_view(G, as_of)
    ix = GraphIndex.build(H)
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
    districts = sorted(
        n
        for n, d in H.nodes(data=True)
        if d.get("label") == Label.AREA and d.get("level") == "district"
    )
    return districts[0] if districts else None


def demo_exports(store: GraphStore, settings: Settings, output: Path) -> list[Path]:
    """``netmap demo``: a diagram (PNG and PDF) and a district sheet of one demo district,
    in ``output/exports``."""
    G = store.export_graph()
    district = pick_demo_district(G)
    if district is None:
        return []
    out = Path(output) / "exports"
    safe = export_filename(district, "png").removeprefix("network-").removesuffix(".png")
    written = [
        export_area(G, output=out / f"diagram-{safe}.png", area=district, settings=settings),
        export_area(G, output=out / f"diagram-{safe}.pdf", area=district, settings=settings),
        write_report(G, area=district, output=out / f"sheet-{safe}.pdf", settings=settings),
    ]
    return written
