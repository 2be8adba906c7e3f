"""The interactive map's data (:func:`netmap.viz.interactive.map_payload`), record by record.

Each node of a published view becomes a vis-network node record (shape, colours, size,
position, label font) with netmap's own fields under ``nm`` (category, kind, areas, needs,
networks, layer marks, tooltip lines in the map's language); each edge an edge record
drawn by its type; each group of areas a halo (its circle on the map). The payload adds
which layers are present and their styles.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from netmap.model.vocab import LEVEL_RANK
from netmap.service.freshness import freshness_band
from netmap.viz.change import change_tag
from netmap.viz.describe import FRESH_CATEGORIES, describe_edge, describe_node, view_day
from netmap.viz.layout import group_extents
from netmap.viz.map_text import map_title, need_names, tooltip_lines
from netmap.viz.styles import (
    AREA_DOT,
    CHANGE_STYLE,
    EDGE_STYLE,
    FINE_AREA_DOT,
    FRESHNESS_STYLE,
    GAP_SCALE,
    ISOLATED_FILL,
    ISOLATED_HALO_ALPHA,
    LAYER_STYLE,
    REFERRAL_EDGE_WIDTH,
    NodeStyle,
    category_label,
    hex_rgb,
    kind_display,
    node_size,
    node_style,
)
from netmap.viz.texts import script_strings, short_label

__all__ = [
    "LABEL_PX",
    "MapIndex",
    "NodeRecord",
    "edge_records",
    "halos",
    "node_record",
    "payload_data",
]

Pos = tuple[float, float]
#: Smallest size of a label on screen (CSS px) at every zoom, by category (areas by role: the
#: map's own area, wards, other areas drawn as boxes, district dots of the city map, 町内).
#: The page keeps a label at least this big when zoomed out (and lets it grow when zoomed
#: in); where labels would overlap, the less important ones (:func:`_label_priority`) are
#: hidden until the map is zoomed in or the node is hovered or selected.
#: (It is also the label's size in map units: its size on screen at 100 % zoom.)
LABEL_PX: dict[str, int] = {
    "Network": 14,
    "Organisation": 13,
    "Activity": 12,
    "Area:hub": 16,
    "Area:ward": 15,
    "Area:centre": 14,
    "Area:dot": 13,
    "Area:fine": 12,
}


@dataclass
class MapIndex:
    """What every record of a map reads, gathered once from the view."""

    lang: str
    links: dict[str, str]  # node id -> href of its own map
    names: dict[str, str]
    needs: dict[str, str]  # need id -> its name in the map's language
    day: dt.date | None
    max_score: float
    memberships: dict[str, list[str]]  # organisation -> its networks
    city: bool
    degree: Counter[str]

    @classmethod
    def of(
        cls,
        view: nx.MultiDiGraph,
        lang: str,
        needs_en: Mapping[str, str] | None,
        links: Mapping[str, str] | None,
    ) -> MapIndex:
        max_score = max(
            (float((d.get("bridge") or {}).get("score") or 0.0) for _, d in view.nodes(data=True)),
            default=0.0,
        )
        memberships: dict[str, list[str]] = {}
        for n, d in view.nodes(data=True):
            if d.get("category") == "Organisation":
                memberships[n] = list(d.get("networks") or [])
        degree: Counter[str] = Counter()
        for u, v in view.edges():
            if u != v:
                degree[u] += 1
                degree[v] += 1
        return cls(
            lang=lang,
            links=dict(links or {}),
            names={str(n): str(d.get("name", n)) for n, d in view.nodes(data=True)},
            needs=need_names(view, lang, needs_en),
            day=view_day(view),
            max_score=max_score,
            memberships=memberships,
            city=view.graph.get("view") == "city",
            degree=degree,
        )


def _area_chain(V: nx.MultiDiGraph, area: str | None) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    while area is not None and area in V and area not in seen:
        seen.add(area)
        out.append(area)
        area = V.nodes[area].get("parent_area")
    return out


# ----------------------------------------------------------------------------- nodes


@dataclass
class _Look:
    """How a node is drawn: its symbol, size and label font, its place in the areas."""

    shape: str
    fill: str
    border: str
    size: float
    role: str  # areas: hub, ward, centre, dot or fine
    font: dict[str, int]
    screen_font: int
    chain: list[str]  # the areas it lies in, nearest first
    need_ids: list[str]
    stack: int | None = None  # activities: the row of its label above its runner


def _area_look(
    view: nx.MultiDiGraph, n: str, d: Mapping[str, Any], st: NodeStyle, size: float, city: bool
) -> _Look:
    lvl = LEVEL_RANK.get(str(d.get("kind")), 2)
    centre = bool(d.get("group_centre"))
    hub = centre and not d.get("group")
    role = "hub" if hub else "ward" if centre and lvl <= 1 else "centre" if centre else ""
    shape, fill, border = st.shape, st.color, st.border
    if city and not centre:
        # districts on the city map: dots sized by how many organisations work there
        role = "dot"
        shape, fill, border = AREA_DOT.shape, AREA_DOT.color, AREA_DOT.border
        orgs_here = int((d.get("stats") or {}).get("organisations") or 0)
        size = round(9.0 + 2.2 * math.sqrt(orgs_here), 2)
    elif not centre:
        # finer areas inside a sub-area (町内): small grey dots, named when zoomed in
        role = "fine"
        shape, fill, border = FINE_AREA_DOT.shape, FINE_AREA_DOT.color, FINE_AREA_DOT.border
        size = 7.0
    screen_font = LABEL_PX["Area:" + role]
    return _Look(
        shape,
        fill,
        border,
        size,
        role,
        # the map's own area (in the middle, named in the title) grows when zoomed in
        font={"size": 24 if hub else screen_font},
        screen_font=screen_font,
        chain=_area_chain(view, n),
        need_ids=[str(g["need"]) for g in d.get("gaps") or []],
    )


def _record_look(
    view: nx.MultiDiGraph, n: str, d: Mapping[str, Any], cat: str, st: NodeStyle, size: float
) -> _Look:
    font = {"size": LABEL_PX.get(cat, LABEL_PX["Activity"])}
    stack = None
    if cat == "Activity" and d.get("anchor"):
        # an activity sits above the organisation running it: its name goes above
        # it too, clear of the organisation's name below
        # ...staggered when several activities share an organisation
        sibs = sorted(
            x for x in view.successors(d["anchor"]) if view.nodes[x].get("anchor") == d["anchor"]
        )
        stack = sibs.index(n) % 3 if n in sibs else 0
    return _Look(
        st.shape,
        st.color,
        st.border,
        size,
        "",
        font,
        font["size"],
        chain=_area_chain(view, d.get("area_id")),
        need_ids=list(d.get("needs") or []),
        stack=stack,
    )


def _look(view: nx.MultiDiGraph, n: str, d: Mapping[str, Any], ix: MapIndex) -> _Look:
    cat = str(d.get("category"))
    st = node_style(cat, d.get("kind"))
    size = node_size(cat, dict(d.get("bridge") or {}).get("score"), ix.max_score)
    if cat == "Area":
        return _area_look(view, n, d, st, size, ix.city)
    return _record_look(view, n, d, cat, st, size)


def _networks(d: Mapping[str, Any], ix: MapIndex) -> list[str]:
    """The networks the network filter finds a node by (an activity: its runners')."""
    cat = str(d.get("category"))
    if cat == "Organisation":
        return list(d.get("networks") or [])
    if cat == "Activity":
        return sorted({x for r in d.get("runners") or [] for x in ix.memberships.get(r, [])})
    return []


def _nm(n: str, d: Mapping[str, Any], look: _Look, kind_text: str, ix: MapIndex) -> dict[str, Any]:
    """netmap's own fields of a node record (the page's script reads them)."""
    cat = str(d.get("category"))
    kind = d.get("kind")
    gaps = list(d.get("gaps") or [])
    bridge: dict[str, Any] = dict(d.get("bridge") or {})
    return {
        "cat": cat,
        "kind": kind,
        "kindKey": f"{cat}:{kind}",
        "kindLabel": kind_text,
        "name": str(d.get("name", n)),
        "areas": look.chain,
        "needs": look.need_ids,
        "networks": _networks(d, ix),
        "centre": bool(d.get("group_centre")),
        "gaps": [
            [str(g["need"]), ix.needs.get(str(g["need"])) or str(g.get("need_label"))]
            for g in gaps
            if g.get("kind") == "gap"
        ],
        "screenFont": look.screen_font,
        "above": look.stack,
        "isolated": bool((d.get("isolation") or {}).get("isolated")),
        "bridgeRank": bridge.get("rank"),
        "change": d.get("change"),
        "changeTag": change_tag(d, ix.lang, ix.needs),
        # the freshness layer: the band of its last verification on the map's date
        "fresh": (
            freshness_band(d.get("verified_on"), ix.day)
            if ix.day is not None and cat in FRESH_CATEGORIES
            else None
        ),
        "link": ix.links.get(n),
        "lines": tooltip_lines(
            describe_node(d, ix.names, ix.needs, as_of=ix.day),
            ix.lang,
            d,
            kind_text,
            ix.needs,
            ix.day,
        ),
    }


@dataclass
class NodeRecord:
    """A node's vis-network record (``label``, ``shape``, ``color`` and ``opts``) and
    the priority of its label (smaller first)."""

    label: str
    shape: str
    color: dict[str, str]
    opts: dict[str, Any]
    priority: tuple[float, ...]


def node_record(view: nx.MultiDiGraph, n: str, pos: Pos, ix: MapIndex) -> NodeRecord:
    """The record of node ``n`` at ``pos``."""
    d = view.nodes[n]
    cat = str(d.get("category"))
    name = str(d.get("name", n))
    look = _look(view, n, d, ix)
    priority = _label_priority(cat, d, look.role, look.size, ix.degree[n])
    kind_text = kind_display(cat, d.get("kind"), ix.lang) or category_label(cat, ix.lang)
    x, y = pos
    opts: dict[str, Any] = {
        "x": x,
        "y": y,
        "size": look.size,
        "borderWidth": 1.5 if cat != "Area" else 1.2,
        "font": look.font,
        "nm": _nm(n, d, look, kind_text, ix),
    }
    if cat == "Area":
        opts["margin"] = 8
        # area names stay drawn further out than other labels
        opts["scaling"] = {"label": {"enabled": False, "drawThreshold": 4}}
    return NodeRecord(
        label=short_label(name) if cat != "Area" else name,
        shape=look.shape,
        color={"background": look.fill, "border": look.border},
        opts=opts,
        priority=priority,
    )


def _plain(typ: str) -> dict[str, Any]:
    colour, opacity = EDGE_STYLE[typ]
    return {"color": colour, "opacity": opacity}


def _edge_record(
    i: int, s: str, t: str, e: Mapping[str, Any], names: Mapping[str, str]
) -> dict[str, Any]:
    typ = str(e.get("type"))
    rec: dict[str, Any] = {"id": f"e{i}", "from": s, "to": t, "dashes": False, "arrows": None}
    smooth: Any = False
    layer = "base"
    if typ == "member_of":
        strong = e.get("role") in ("chair", "secretariat")
        rec["color"] = _plain("member_of")
        rec["width"] = 1.6 if strong else 0.8
    elif typ == "runs":
        rec["color"] = _plain("runs")
        rec["width"] = 0.8
    elif typ == "partners_with":
        rec["color"] = _plain("partners_with")
        rec["width"] = 1.6
    elif typ == "tie":
        rec["color"] = _plain("tie")
        rec["width"] = round(min(6.0, 1.0 + math.sqrt(float(e.get("stat") or 0))), 2)
    elif typ == "referral":
        layer = "flow"
        rec["color"] = {"color": LAYER_STYLE["flow"]["color"], "opacity": 0.85}
        rec["width"] = REFERRAL_EDGE_WIDTH
        rec["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.7}}
        smooth = {"enabled": True, "type": "curvedCW", "roundness": 0.15}
    elif typ == "missing_bridge":
        layer = "missing_bridge"
        rec["color"] = {"color": LAYER_STYLE["missing_bridge"]["color"], "opacity": 0.95}
        rec["width"] = 3
        rec["dashes"] = [10, 7]
        smooth = {"enabled": True, "type": "curvedCW", "roundness": 0.2}
    else:
        rec["color"] = {"color": "#bbbbbb", "opacity": 0.6}
        rec["width"] = 1
    rec["smooth"] = smooth
    rec["nm"] = {"type": typ, "layer": layer, "lines": describe_edge(e, names)}
    state = e.get("change")
    if state in CHANGE_STYLE:
        # the change layer's drawing (on by default); the page swaps in the usual one when
        # the layer is turned off
        cs = CHANGE_STYLE[str(state)]
        rec["nm"]["change"] = state
        rec["nm"]["base"] = {k: rec[k] for k in ("color", "width", "dashes")}
        rec["color"] = {"color": cs.color, "opacity": 0.9 if cs.opacity == 1.0 else 0.75}
        rec["width"] = max(float(rec["width"]), 3.0 if cs.opacity == 1.0 else 2.2)
        rec["dashes"] = cs.dashes
    return rec


def _label_priority(
    cat: str, d: Mapping[str, Any], role: str, size: float, degree: int
) -> tuple[float, ...]:
    """Which labels the map keeps when they would overlap (smaller first): names of the
    areas drawn as boxes, top bridging organisations, networks, organisations by bridge
    score and links, districts on the city map by size, then 町内 and activities."""
    if cat == "Area":
        if role in ("hub", "ward", "centre"):
            return (0, {"hub": 0, "ward": 1}.get(role, 2), -degree)
        return (3, -size, -degree) if role == "dot" else (5, -degree)
    if cat == "Organisation":
        rank = (d.get("bridge") or {}).get("rank")
        if rank:
            return (1, float(rank))
        return (3, -float((d.get("bridge") or {}).get("score") or 0.0), -degree, -size)
    if cat == "Network":
        return (2, -degree)
    return (6 if cat == "Activity" else 4, -degree)


# ----------------------------------------------------------------------------- edges


def edge_records(view: nx.MultiDiGraph, ix: MapIndex) -> list[dict[str, Any]]:
    """The edge records, ordered by their ends and type."""
    edges: list[dict[str, Any]] = []
    for i, (s, tgt, e) in enumerate(
        sorted(view.edges(data=True), key=lambda x: (x[0], x[1], str(x[2].get("type"))))
    ):
        rec = _edge_record(i, str(s), str(tgt), e, ix.names)
        rec["nm"]["lines"] = tooltip_lines(rec["nm"]["lines"], ix.lang, e)
        edges.append(rec)
    return edges


# ----------------------------------------------------------------------------- the map


def halos(view: nx.MultiDiGraph, pos: Mapping[str, Pos]) -> list[dict[str, Any]]:
    """Each group's circle (:func:`~netmap.viz.layout.group_extents`) and the marks of its
    area (gaps, isolation)."""
    out = []
    ext = group_extents(view, pos)
    for gid, (cx, cy, r) in ext.items():
        d = view.nodes[gid] if gid in view else {}
        out.append(
            {
                "id": gid,
                "x": cx,
                "y": cy,
                "r": r,
                "gaps": [str(g["need"]) for g in d.get("gaps") or [] if g.get("kind") == "gap"],
                "isolated": bool((d.get("isolation") or {}).get("isolated")),
            }
        )
    return out


def _layers_present(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, bool]:
    return {
        "gap": any(n["nm"]["gaps"] for n in nodes),
        "isolated": any(n["nm"]["isolated"] for n in nodes),
        "bridge": any(n["nm"]["bridgeRank"] for n in nodes)
        or any(e["nm"]["layer"] == "missing_bridge" for e in edges),
        "flow": any(e["nm"]["layer"] == "flow" for e in edges),
        "change": any(n["nm"]["change"] or n["nm"]["changeTag"] for n in nodes)
        or any(e["nm"].get("change") for e in edges),
        "fresh": any(n["nm"]["fresh"] for n in nodes),
    }


def _style() -> dict[str, Any]:
    """The layers' colours the page's script draws with."""
    return {
        "gapScale": list(GAP_SCALE),
        "gap": LAYER_STYLE["gap"]["color"],
        "isolated": LAYER_STYLE["isolated"]["color"],
        "isolatedFill": ISOLATED_FILL,
        "isolatedHalo": "rgba({},{},{},{})".format(
            *hex_rgb(str(LAYER_STYLE["isolated"]["color"])), ISOLATED_HALO_ALPHA
        ),
        "bridge": LAYER_STYLE["bridge"]["color"],
        "change": {
            k: {
                "color": cs.color,
                "width": cs.width,
                "dashes": cs.dashes,
                "opacity": cs.opacity,
            }
            for k, cs in CHANGE_STYLE.items()
        },
        "fresh": {
            k: {"color": fs.color, "fill": fs.fill, "mark": fs.mark}
            for k, fs in FRESHNESS_STYLE.items()
        },
    }


def payload_data(
    view: nx.MultiDiGraph,
    ix: MapIndex,
    threshold: int,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    halo_list: list[dict[str, Any]],
) -> dict[str, Any]:
    """The map's data: its title, words and settings, records, halos and layers."""
    layers_present = _layers_present(nodes, edges)
    change = view.graph.get("change")
    return {
        "title": map_title(view, ix.lang),
        "lang": ix.lang,
        "strings": script_strings(ix.lang),
        "needs": ix.needs,
        "view": view.graph.get("view"),
        "area_id": view.graph.get("area_id"),
        "as_of": view.graph.get("as_of"),
        "threshold": threshold,
        "change": dict(change) if change else None,
        "nodes": nodes,
        "edges": edges,
        "halos": halo_list,
        "layers": {
            "gap": True,
            "isolated": True,
            "bridge": True,
            "flow": False,
            "change": layers_present["change"],
            "fresh": False,  # off by default: the map looks as usual
        },
        "layers_present": layers_present,
        "style": _style(),
    }
