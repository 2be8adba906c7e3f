"""Map use-cases: ``netmap map``, the API's map endpoint and ``netmap demo``.

* :func:`map_view`: the redacted view graph of a map (city or one area) with positions,
  the shared input of the interactive map and the static diagrams/exports;
* :func:`render_map`: one self-contained HTML map;
* :func:`render_map_set`: the city map plus one map per ward, linked (drill-down).

Analyses are computed on the whole graph (never on a cut-out area) at district level, with
the map's ``as_of``.

**Layout memory.** So that next month's map looks like this month's, the positions of every
map are remembered in the data directory (``NETMAP_DATA_DIR/layouts/<area or city>.json``)
and passed back to :func:`netmap.viz.layout.compute_layout` as ``previous``: nodes that were
on an earlier map keep their place exactly; new nodes are placed near their peers. The files
hold only ids of areas, organisations, networks and activities and their coordinates.
Delete a file (or pass ``reuse_layout=False``) to start afresh.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.config import Settings, get_settings

if TYPE_CHECKING:
    import networkx as nx

    from netmap.store.base import GraphStore
    from netmap.viz.view import MapAnalyses, ViewContext

__all__ = [
    "MapSet",
    "compute_map_analyses",
    "layout_memory_path",
    "map_view",
    "render_map",
    "render_map_set",
]

Pos = tuple[float, float]
LAYOUT_DIR = "layouts"


def compute_map_analyses(G: nx.MultiDiGraph, *, as_of: dt.date | str | None = None) -> MapAnalyses:
    """The analyses a map shows, on the whole graph (district level)."""
    from netmap.analysis import find_flows, find_gaps, find_isolated_areas, rank_bridges
    from netmap.analysis.projections import as_of_view
    from netmap.viz.view import MapAnalyses

    G = as_of_view(G, as_of)  # once; each analysis then finds nothing left to drop
    return MapAnalyses(
        gaps=find_gaps(G, as_of=as_of),
        isolated=find_isolated_areas(G, as_of=as_of),
        bridges=rank_bridges(G, as_of=as_of),
        flows=find_flows(G, as_of=as_of),
    )


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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(
            {"version": 1, "positions": {k: list(merged[k]) for k in sorted(merged)}},
            ensure_ascii=False,
            indent=0,
        ),
        encoding="utf-8",
    )
    tmp.replace(path)


def map_view(
    G: nx.MultiDiGraph,
    *,
    area: str | None = None,
    as_of: dt.date | str | None = None,
    settings: Settings | None = None,
    analyses: MapAnalyses | None = None,
    reuse_layout: bool = True,
    remember_layout: bool = True,
    context: ViewContext | None = None,
) -> tuple[nx.MultiDiGraph, dict[str, Pos]]:
    """The redacted view of a map and its positions (with the layout memory applied).

    Static diagrams and exports use this too, so they show the same picture as the map.
    """
    from netmap.viz.layout import compute_layout
    from netmap.viz.redact import redact_view
    from netmap.viz.view import build_view

    s = settings or get_settings()
    an = analyses if analyses is not None else compute_map_analyses(G, as_of=as_of)
    raw = build_view(G, area=area, as_of=as_of, analyses=an, context=context)
    view = redact_view(raw, threshold=s.suppression_threshold)
    mem_path = layout_memory_path(s, area if area is not None else None)
    previous = _read_memory(mem_path) if reuse_layout else {}
    positions = compute_layout(view, previous=previous or None)
    if remember_layout:
        # a read-only data dir only costs the memory, not the map
        with contextlib.suppress(OSError):
            _write_memory(mem_path, previous, positions)
    return view, positions


def render_map(
    store: GraphStore,
    *,
    area: str | None = None,
    as_of: dt.date | str | None = None,
    output: Path,
    settings: Settings | None = None,
    links: dict[str, str] | None = None,
    back: tuple[str, str] | None = None,
    reuse_layout: bool = True,
    graph: nx.MultiDiGraph | None = None,
    analyses: MapAnalyses | None = None,
) -> Path:
    """Write one self-contained HTML map of the city (``area=None``) or one area."""
    from netmap.viz.interactive import write_html

    G = graph if graph is not None else store.export_graph()
    view, positions = map_view(
        G, area=area, as_of=as_of, settings=settings, analyses=analyses, reuse_layout=reuse_layout
    )
    return write_html(view, Path(output), positions, links=links, back=back)


@dataclass
class MapSet:
    city: Path
    wards: dict[str, Path] = field(default_factory=dict)

    @property
    def paths(self) -> list[Path]:
        return [self.city, *self.wards.values()]


def _ward_ids(H: nx.MultiDiGraph) -> list[str]:
    return sorted(
        n for n, d in H.nodes(data=True) if d.get("label") == "Area" and d.get("level") == "ward"
    )


def render_map_set(
    store: GraphStore,
    output_dir: Path,
    *,
    as_of: dt.date | str | None = None,
    settings: Settings | None = None,
    reuse_layout: bool = True,
    city_name: str = "map.html",
    ward_dir: str = "wards",
) -> MapSet:
    """The city map (``output_dir/map.html``) and one map per ward
    (``output_dir/wards/<ward id>.html``): the city map links to each ward map (double-click
    a ward, or the list in the side bar) and each ward map links back to the city map."""
    from netmap.viz.interactive import write_html
    from netmap.viz.view import ViewContext

    G = store.export_graph()
    ctx = ViewContext(G, as_of)
    an = compute_map_analyses(ctx.G, as_of=ctx.day)
    out = Path(output_dir)
    wards = _ward_ids(ctx.G)
    ward_files = {w: f"{ward_dir}/{_file_safe(w)}.html" for w in wards}
    result = MapSet(city=out / city_name)
    view, pos = map_view(
        G, as_of=ctx.day, settings=settings, analyses=an, reuse_layout=reuse_layout, context=ctx
    )
    links = {w: href for w, href in ward_files.items() if w in view}
    write_html(view, result.city, pos, links=links)
    for w in wards:
        view, pos = map_view(
            G,
            area=w,
            as_of=ctx.day,
            settings=settings,
            analyses=an,
            reuse_layout=reuse_layout,
            context=ctx,
        )
        path = out / ward_files[w]
        write_html(view, path, pos, back=(f"../{city_name}", "市全体の地図へ戻る"))
        result.wards[w] = path
    return result


def _file_safe(s: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in s)


def describe_map_set(result: MapSet) -> dict[str, Any]:
    """JSON-ready summary of a written map set."""
    return {"city": str(result.city), "wards": {k: str(v) for k, v in result.wards.items()}}
