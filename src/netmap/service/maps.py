"""Map use-cases: ``netmap map``, the API's map endpoint and ``netmap demo``.

* :func:`map_view`: the published view graph of a map (city or one area) with positions,
  the shared input of the interactive map and the static diagrams/exports;
* :func:`render_map`: one self-contained HTML map (with ``compare_to`` or ``scenario``:
  a change map);
* :func:`render_map_set`: the city map plus one map per ward, linked (drill-down);
* :func:`compare_map_view` / :func:`scenario_map_view`: the view of a change map, what
  changed since an earlier release or what a plan would add (:mod:`netmap.viz.change`).

Every map is drawn from a release (:mod:`netmap.disclosure`): the one that answers its
``as_of`` (the latest reference date on or before it), with the release's counts, gap and
isolation rows (district level) and the referral links of its period.

**Layout memory.** So that next month's map looks like this month's, the positions of every
map are remembered in the data directory (``NETMAP_DATA_DIR/layouts/<area or city>.json``)
and passed back to :func:`netmap.viz.layout.compute_layout` as ``previous``: nodes that were
on an earlier map keep their place exactly; new nodes are placed near their peers. The files
hold only ids of areas, organisations, networks and activities and their coordinates.
Delete a file (or pass ``reuse_layout=False``) to start afresh.

**Change maps.** ``compare_to``: the map of the release answering ``as_of`` with, in a
change layer, the organisations, activities, networks, memberships and partnerships added
or ended since the release answering ``compare_to`` (the ended ones drawn as the earlier
release's map drew them), and areas noting the gaps closed or opened and isolation ended
or begun, all read from the two releases (:func:`netmap.service.compare.compare_json`).
``scenario``: the map of the release answering the plan's date with the plan's records
drawn as planned and areas noting the release's gaps the plan closes and the isolation it
ends (:func:`netmap.service.scenarios.published_scenario`); the plan is validated like an
import and never stored (its planned records are not remembered in the layout memory
either). One layout over both states, so every record keeps one place.

**Language.** A map's own words (title, legend, layers, filters, buttons, tooltips' field
names, the privacy note, need names) are Japanese, or English with ``lang=Lang.EN``; names
in the data (areas, organisations, networks, activities) stay as they are.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.config import Settings
from netmap.model.options import Lang
from netmap.private_files import write_private

if TYPE_CHECKING:
    import networkx as nx

    from netmap.disclosure.release import Release
    from netmap.service.scenarios import PlannedGraph
    from netmap.store.base import GraphStore
    from netmap.viz.view import MapAnalyses, ViewContext

__all__ = [
    "MapSet",
    "compare_map_view",
    "layout_memory_path",
    "map_view",
    "render_map",
    "render_map_set",
    "scenario_map_view",
]

Pos = tuple[float, float]
LAYOUT_DIR = "layouts"


def layout_memory_path(settings: Settings, area: str | None) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in (area or "city"))
    return Path(settings.data_dir) / LAYOUT_DIR / f"{safe}.json"


def _read_memory(path: Path) -> dict[str, Pos]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): (float(v[0]), float(v[1])) for k, v in raw.get("positions", {}).items()}
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return {}


def _write_memory(path: Path, previous: dict[str, Pos], positions: dict[str, Pos]) -> None:
    merged = {**previous, **positions}
    text = json.dumps(
        {"version": 1, "positions": {k: list(merged[k]) for k in sorted(merged)}},
        ensure_ascii=False,
        indent=0,
    )
    write_private(path, text.encode("utf-8"))


def map_view(
    G: nx.MultiDiGraph,
    *,
    release: Release,
    area: str | None = None,
    settings: Settings,
    analyses: MapAnalyses | None = None,
    reuse_layout: bool = True,
    remember_layout: bool = True,
    context: ViewContext | None = None,
) -> tuple[nx.MultiDiGraph, dict[str, Pos]]:
    """The published view of a map on the release's reference date, and its positions
    (with the layout memory applied). Static diagrams and exports use this too, so they
    show the same picture as the map."""
    from netmap.viz.view import build_view

    view = build_view(G, release=release, area=area, analyses=analyses, context=context)
    return view, _positions(view, settings, area, reuse=reuse_layout, remember=remember_layout)


def _positions(
    view: nx.MultiDiGraph,
    settings: Settings,
    area: str | None,
    *,
    reuse: bool,
    remember: bool,
    forget: set[str] | frozenset[str] = frozenset(),
) -> dict[str, Pos]:
    """The positions of a view with the layout memory of ``area`` applied (``reuse``),
    and remembered (``remember``; never the ids in ``forget``)."""
    from netmap.viz.layout import compute_layout

    mem_path = layout_memory_path(settings, area)
    previous = _read_memory(mem_path) if reuse else {}
    positions = compute_layout(view, previous=previous or None)
    if remember:
        kept = {n: p for n, p in positions.items() if n not in forget}
        # a read-only data dir only costs the memory, not the map
        with contextlib.suppress(OSError):
            _write_memory(mem_path, previous, kept)
    return positions


def compare_map_view(
    G: nx.MultiDiGraph,
    *,
    release: Release,
    earlier: Release,
    area: str | None = None,
    settings: Settings,
    reuse_layout: bool = True,
    remember_layout: bool = True,
    context: ViewContext | None = None,
) -> tuple[nx.MultiDiGraph, dict[str, Pos]]:
    """The change map's view: ``release``'s map of ``area`` with what changed since the
    ``earlier`` release (:func:`netmap.viz.change.change_view`; records, ties, gaps,
    isolation and bridges as :func:`netmap.service.compare.compare_json` reads them from
    the two releases), and its positions: one layout over both states."""
    from netmap.errors import UsageError
    from netmap.service.compare import compare_json
    from netmap.viz.change import change_view, compare_notes
    from netmap.viz.view import build_view

    a, b = earlier.reference_date, release.reference_date
    if a >= b:
        raise UsageError(
            f"比較する日付は地図の基準日より前の公表用集計で答えられる日にしてください"
            f"（比較の日 → {a}、地図 → {b}）/ --compare-to must be answered by an earlier "
            f"release than the map's (it gives {a}, the map {b}): give an earlier date",
            details={"compare_to": a.isoformat(), "as_of": b.isoformat()},
        )
    before = build_view(G, release=earlier, area=area)
    after = build_view(G, release=release, area=area, context=context)
    cmp = compare_json(
        G,
        from_date=a,
        to_date=b,
        releases=(earlier, release),
        period=settings.release_period,
    )
    view = change_view(
        before,
        after,
        records=cmp["records"],
        ties=cmp["ties"],
        notes=compare_notes(cmp),
        meta={
            "mode": "compare",
            "from": a.isoformat(),
            "to": b.isoformat(),
            "releases": [earlier.id, release.id],
        },
    )
    positions = _positions(view, settings, area, reuse=reuse_layout, remember=remember_layout)
    return view, positions


def _planned_on(plan: PlannedGraph, sc: dict[str, Any], day: dt.date) -> nx.MultiDiGraph:
    """The graph with the plan, its planned records and ties valid on ``day`` (the
    reference date of the release the map reads) even where the plan starts them later:
    the map draws the plan over that release."""
    H, iso = plan.with_plan, day.isoformat()
    ids = {r["id"] for changes in sc["records"].values() for r in changes["added"]}
    pairs = {(x["source"], x["target"]) for ch in sc["ties"].values() for x in ch["added"]}

    def late(d: dict[str, Any]) -> bool:
        return str(d.get("valid_from") or "")[:10] > iso

    nodes = [n for n in ids if n in H and late(H.nodes[n])]
    edges = [
        (s, t, k)
        for s, t, k, d in H.edges(keys=True, data=True)
        if (s in ids or t in ids or (s, t) in pairs) and late(d)
    ]
    if not nodes and not edges:
        return H
    H = H.copy()
    for n in nodes:
        H.nodes[n]["valid_from"] = iso
    for s, t, k in edges:
        H.edges[s, t, k]["valid_from"] = iso
    return H


def scenario_map_view(
    plan: PlannedGraph,
    *,
    release: Release,
    area: str | None = None,
    settings: Settings,
    reuse_layout: bool = True,
    remember_layout: bool = True,
) -> tuple[nx.MultiDiGraph, dict[str, Pos]]:
    """The plan's map: ``release``'s map of ``area`` with the plan's records and ties
    drawn as planned, areas noting the release's gaps the plan closes and the isolation it
    ends (:func:`netmap.service.scenarios.published_scenario`), and its positions (one
    layout over both states; planned records are not remembered)."""
    from netmap.service.scenarios import published_scenario
    from netmap.viz.change import change_view, scenario_notes
    from netmap.viz.view import build_view

    sc = published_scenario(plan, release)
    before = build_view(plan.graph, release=release, area=area)
    after = build_view(_planned_on(plan, sc, release.reference_date), release=release, area=area)
    view = change_view(
        before,
        after,
        records=sc["records"],
        ties=sc["ties"],
        notes=scenario_notes(sc),
        added="planned",
        meta={
            "mode": "scenario",
            "scenario": plan.name,
            "at": plan.day.isoformat(),
            "releases": [release.id],
        },
    )
    planned = {n for n, d in view.nodes(data=True) if d.get("change") == "planned"}
    positions = _positions(
        view, settings, area, reuse=reuse_layout, remember=remember_layout, forget=planned
    )
    return view, positions


def render_map(
    store: GraphStore,
    *,
    area: str | None = None,
    as_of: dt.date | str | None = None,
    output: Path,
    settings: Settings,
    links: dict[str, str] | None = None,
    back: tuple[str, str] | None = None,
    reuse_layout: bool = True,
    graph: nx.MultiDiGraph | None = None,
    release: Release | None = None,
    context: ViewContext | None = None,
    lang: Lang = Lang.JA,
    compare_to: dt.date | str | None = None,
    scenario: str | Path | None = None,
    at: dt.date | str | None = None,
) -> Path:
    """Write one self-contained HTML map of the city (``area=None``) or one area, from the
    release that answers ``as_of`` (see :func:`netmap.service.releases.release_for`), in
    ``lang`` (its own words; names in the data as they are).

    ``compare_to``: a change map, what changed since the release answering that date
    (:func:`compare_map_view`). ``scenario``: a plan (folder, ``.zip`` or ``.xlsx`` in
    the import format) drawn over the release answering its date ``at`` (default
    :func:`netmap.service.scenarios.plan_date`; :func:`scenario_map_view`); raises
    :class:`~netmap.errors.ImportValidationError` with every problem of the plan and
    writes nothing to the store."""
    from netmap.errors import UsageError
    from netmap.service.releases import graph_source, release_for
    from netmap.viz.interactive import write_html

    lang = Lang(lang)
    if compare_to is not None and scenario is not None:
        raise UsageError(
            "--compare-to と --scenario は同時に使えません / use --compare-to or --scenario"
        )
    G = graph if graph is not None else store.export_graph()
    src = graph_source(store, G)
    if scenario is not None:
        from netmap.service.scenarios import load_plan

        plan = load_plan(scenario, store, settings=settings, at=at, graph=G)
        rel = release or release_for(settings, src, plan.day)
        view, positions = scenario_map_view(
            plan, release=rel, area=area, settings=settings, reuse_layout=reuse_layout
        )
    elif compare_to is not None:
        rel = release or release_for(settings, src, as_of)
        view, positions = compare_map_view(
            G,
            release=rel,
            earlier=release_for(settings, src, compare_to),
            area=area,
            settings=settings,
            reuse_layout=reuse_layout,
            context=context,
        )
    else:
        rel = release or release_for(settings, src, as_of)
        view, positions = map_view(
            G,
            release=rel,
            area=area,
            settings=settings,
            reuse_layout=reuse_layout,
            context=context,
        )
    return write_html(
        view,
        Path(output),
        positions,
        links=links,
        back=back,
        lang=lang,
        needs_en=_needs_en(G, lang),
    )


def _needs_en(G: nx.MultiDiGraph, lang: Lang) -> dict[str, str] | None:
    """The English names of the needs (the Need nodes' ``name_en``) for an English map."""
    if lang == Lang.JA:
        return None
    from netmap.model.graph import nodes_with_label
    from netmap.model.schema import Label

    return {
        n: str(G.nodes[n]["name_en"])
        for n in nodes_with_label(G, Label.NEED)
        if G.nodes[n].get("name_en")
    }


@dataclass
class MapSet:
    city: Path
    wards: dict[str, Path] = field(default_factory=dict)

    @property
    def paths(self) -> list[Path]:
        return [self.city, *self.wards.values()]


def render_map_set(
    store: GraphStore,
    output_dir: Path,
    *,
    as_of: dt.date | str | None = None,
    settings: Settings,
    reuse_layout: bool = True,
    city_name: str = "map.html",
    ward_dir: str = "wards",
    lang: Lang = Lang.JA,
    graph: nx.MultiDiGraph | None = None,
) -> MapSet:
    """The city map (``output_dir/map.html``) and one map per ward
    (``output_dir/wards/<ward id>.html``), all in ``lang``: the city map links to each ward
    map (double-click a ward, or the list in the side bar) and each ward map links back to
    the city map. ``graph``: the store's graph, if already exported."""
    from netmap.service.releases import graph_source, release_for
    from netmap.viz.interactive import write_html
    from netmap.viz.texts import t
    from netmap.viz.view import MapAnalyses, ViewContext

    lang = Lang(lang)
    G = store.export_graph() if graph is None else graph
    needs_en = _needs_en(G, lang)
    rel = release_for(settings, graph_source(store, G), as_of)
    ctx = ViewContext(G, rel.reference_date)
    an = MapAnalyses.from_release(rel)
    out = Path(output_dir)
    wards = ctx.ix.level_areas("ward")
    ward_files = {w: f"{ward_dir}/{_file_safe(w)}.html" for w in wards}
    result = MapSet(city=out / city_name)
    view, pos = map_view(
        G, release=rel, settings=settings, analyses=an, reuse_layout=reuse_layout, context=ctx
    )
    links = {w: href for w, href in ward_files.items() if w in view}
    write_html(view, result.city, pos, links=links, lang=lang, needs_en=needs_en)
    for w in wards:
        view, pos = map_view(
            G,
            release=rel,
            area=w,
            settings=settings,
            analyses=an,
            reuse_layout=reuse_layout,
            context=ctx,
        )
        path = out / ward_files[w]
        back = (f"../{city_name}", t("back_to_city", lang))
        write_html(view, path, pos, back=back, lang=lang, needs_en=needs_en)
        result.wards[w] = path
    return result


def _file_safe(s: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in s)


def describe_map_set(result: MapSet) -> dict[str, Any]:
    """JSON-ready summary of a written map set."""
    return {"city": str(result.city), "wards": {k: str(v) for k, v in result.wards.items()}}
