"""Network files for Gephi, yEd and scripts: GraphML, GEXF and node-link JSON.

All three are written from a *published* view graph (a release (:mod:`netmap.disclosure`))
and its positions, so they hold exactly what the interactive map and the diagram show: areas,
organisations, networks and activities (never a resident), resident counts only as
published by the release (a hidden count is the mark ``"x"`` or ``null``), and referral
links only as links (never their counts).

* **GraphML** (:func:`graphml_bytes`): flat, typed attributes on every node (``label``,
  ``category``, ``kind``/``kind_label``, area, networks, needs, analysis figures) and edge
  (``relation``, ``relation_label``, ``count``; GEXF reserves ``type``), the colour as
  ``color`` (``#rrggbb``) and as ``r``/``g``/``b``, ``size``, and the position as
  ``x``/``y`` (Gephi's GraphML importer reads these names). For yEd, each node and edge
  also carries yFiles graphics (``y:ShapeNode`` with geometry, fill, border, shape and
  label; ``y:PolyLineEdge``), so it opens with the map's colours, shapes and positions.
  networkx reads it back
  (``nx.read_graphml``) with the same nodes and edges.
* **GEXF 1.2** (:func:`gexf_bytes`): the same attributes plus the ``viz:color``,
  ``viz:position``, ``viz:size`` and ``viz:shape`` elements Gephi draws from. With
  ``spells`` (:func:`record_spells`, ``netmap export --dynamic``) the graph is *dynamic*:
  organisations, activities and networks carry ``start``/``end`` from their
  ``valid_from``/``valid_to``, memberships, partnerships and who-runs-what the span of the
  tie and its ends, so Gephi's timeline plays the change; referral links (and suggested
  links) only the release's period, as the release publishes them, never a date of a
  referral. The view then holds every record valid at some time up to the release's
  reference date (:func:`timeless_graph`); its figures stay those of the reference date.
* **node-link JSON** (:func:`node_link_bytes`): the published view as
  ``networkx.node_link_data`` (``"links"``), nested attributes kept (suppressed counts are
  ``null`` and listed in ``"suppressed"``), with ``x``, ``y``, ``color``, ``shape`` and
  ``size`` on each node.

Positions: the map's canvas has y growing downwards; GraphML ``x``/``y`` and GEXF positions
have y growing upwards (Gephi's convention), so the picture keeps its orientation. yEd's
geometry uses the canvas coordinates as they are.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from netmap.disclosure.guard import require_published
from netmap.disclosure.publish import privacy_notice, view_period
from netmap.errors import NetmapError
from netmap.model.vocab import need_label
from netmap.viz.describe import isolation_reasons_ja
from netmap.viz.layout import compute_layout
from netmap.viz.styles import category_label, kind_display, node_size, node_style

__all__ = [
    "EDGE_TYPE_JA",
    "GRAPH_FORMATS",
    "Spells",
    "flat_graph",
    "gexf_bytes",
    "graph_format_bytes",
    "graphml_bytes",
    "node_link_bytes",
    "record_spells",
    "timeless_graph",
    "write_graph_format",
]

Pos = tuple[float, float]
GRAPH_FORMATS = ("graphml", "gexf", "json")

#: Edge types of the view graph in Japanese (``type_label``).
EDGE_TYPE_JA: dict[str, str] = {
    "member_of": "ネットワーク参加",
    "partners_with": "協力関係",
    "runs": "運営",
    "referral": "紹介（つなぎ）",
    "tie": "地域をまたぐ協力関係",
    "missing_bridge": "つながると良いネットワーク（提案）",
}
_EDGE_TYPE_EN: dict[str, str] = {
    "member_of": "network membership",
    "partners_with": "partnership",
    "runs": "runs",
    "referral": "referrals",
    "tie": "ties between areas",
    "missing_bridge": "suggested link between networks",
}
_EDGE_COLOUR: dict[str, str] = {
    "member_of": "#7F93A8",
    "partners_with": "#444444",
    "runs": "#9A9A9A",
    "referral": "#0072B2",
    "tie": "#8C8C8C",
    "missing_bridge": "#D55E00",
}
_GEXF_SHAPE: dict[str, str] = {
    "dot": "disc",
    "square": "square",
    "box": "square",
    "diamond": "diamond",
    "triangle": "triangle",
    "triangleDown": "triangle",
    "hexagon": "disc",
    "star": "disc",
}
_YED_SHAPE: dict[str, str] = {
    "dot": "ellipse",
    "square": "rectangle",
    "box": "roundrectangle",
    "diamond": "diamond",
    "triangle": "triangle",
    "triangleDown": "triangle",
    "hexagon": "hexagon",
    "star": "star5",
}
_SEP = ";"


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _joined(values: Any) -> str:
    return _SEP.join(str(v) for v in values or [])


def _node_attrs(
    n: str,
    d: Mapping[str, Any],
    pos: Pos,
    names: Mapping[str, str],
    needs: Mapping[str, str],
    max_score: float,
    lang: str,
) -> dict[str, Any]:
    """Flat, typed (str/int/float/bool, never None) attributes of one node."""
    cat = str(d.get("category", ""))
    kind = d.get("kind")
    st = node_style(cat, kind)
    bridge: dict[str, Any] = dict(d.get("bridge") or {})
    size = node_size(cat, bridge.get("score"), max_score)
    r, g, b = _rgb(st.color)
    out: dict[str, Any] = {
        "label": str(d.get("name", n)),
        "name": str(d.get("name", n)),
        "category": cat,
        "category_label": category_label(cat, lang),
        "kind": str(kind or ""),
        "kind_label": kind_display(cat, kind, lang) or category_label(cat, lang),
        "color": st.color,
        "r": r,
        "g": g,
        "b": b,
        "shape": st.shape,
        "size": float(size),
        "x": float(pos[0]),
        "y": float(-pos[1]),
    }
    for key in ("area_id", "area_name", "ward_id", "district_id", "source", "verified_on"):
        if d.get(key) not in (None, ""):
            out[key] = str(d[key])
    if d.get("outside"):
        out["outside_area"] = True
    if d.get("networks"):
        out["networks"] = _joined(d["networks"])
        out["network_names"] = _joined(names.get(x, x) for x in d["networks"])
    if d.get("needs"):
        out["needs"] = _joined(d["needs"])
        out["need_names"] = _joined(needs.get(x) or need_label(x, lang) for x in d["needs"])
    if d.get("activities"):
        out["activities"] = _joined(d["activities"])
    if d.get("runners"):
        out["runners"] = _joined(d["runners"])
    if d.get("target_groups"):
        out["target_groups"] = _joined(d["target_groups"])
    if d.get("sectors"):
        out["sectors"] = _joined(d["sectors"])
    # non-resident figures: n_organisations, n_activities, n_networks, n_members, capacity
    for k, v in sorted((d.get("stats") or {}).items()):
        if isinstance(v, bool) or not isinstance(v, int | float):
            continue
        name = str(k) if k == "capacity" else f"n_{k}"
        out[name] = float(v) if k == "capacity" else int(v)
    # resident counts: the published text only ("x" for a hidden count)
    for k, v in sorted((d.get("counts_text") or {}).items()):
        out[str(k)] = str(v)
    gaps = [gp for gp in d.get("gaps") or [] if gp.get("kind") == "gap"]
    under = [gp for gp in d.get("gaps") or [] if gp.get("kind") == "undersupplied"]
    if cat == "Area":
        out["gap_count"] = len(gaps)
        if gaps:
            out["gap_needs"] = _joined(
                needs.get(str(gp["need"])) or gp.get("need_label") for gp in gaps
            )
        if under:
            out["undersupplied_needs"] = _joined(
                needs.get(str(gp["need"])) or gp.get("need_label") for gp in under
            )
    iso = d.get("isolation") or {}
    if iso:
        out["isolated"] = bool(iso.get("isolated"))
        out["isolation_score"] = float(iso.get("score") or 0.0)
        if iso.get("reasons"):
            out["isolation_reasons"] = _joined(
                isolation_reasons_ja(list(iso["reasons"])) if lang == "ja" else list(iso["reasons"])
            )
        if "isolated_residents_text" in iso:
            out["isolated_residents"] = str(iso["isolated_residents_text"])
    if bridge:
        out["bridge_score"] = float(bridge.get("score") or 0.0)
        out["betweenness"] = float(bridge.get("betweenness") or 0.0)
        if bridge.get("constraint") is not None:
            out["constraint"] = float(bridge["constraint"])
        out["articulation_point"] = bool(bridge.get("articulation_point"))
        if bridge.get("rank"):
            out["bridge_rank"] = int(bridge["rank"])
        if bridge.get("why"):
            out["bridge_why"] = str(bridge["why"])
    return out


def _edge_attrs(e: Mapping[str, Any], names: Mapping[str, str], lang: str) -> dict[str, Any]:
    typ = str(e.get("type", ""))
    out: dict[str, Any] = {
        "relation": typ,
        "relation_label": (EDGE_TYPE_JA if lang == "ja" else _EDGE_TYPE_EN).get(typ, typ),
        "color": _EDGE_COLOUR.get(typ, "#BBBBBB"),
        "weight": 1.0,
    }
    if e.get("role"):
        out["role"] = str(e["role"])
    if e.get("kind"):
        out["kind"] = str(e["kind"])
    if typ == "referral":
        # that referrals ran in the period, never how many
        out["weight"] = 1.0
    if typ == "tie" and e.get("stat") is not None:
        out["count"] = str(e["stat"])
        out["weight"] = float(e["stat"])
    if e.get("candidates"):
        out["candidates"] = _joined(c.get("name", c.get("id", "")) for c in e["candidates"])
    if e.get("ward_id"):
        out["ward_id"] = str(e["ward_id"])
    out["label"] = out["relation_label"] + (f" {out['count']}" if "count" in out else "")
    return out


def flat_graph(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None = None,
    *,
    lang: str = "ja",
) -> nx.MultiDiGraph:
    """The published view with flat, typed attributes (what GraphML and GEXF hold).

    Edge keys are ``e0``, ``e1``, ... (unique ids, as GraphML and GEXF want).
    """
    threshold = require_published(view)
    pos = dict(positions) if positions is not None else compute_layout(view)
    names = {str(n): str(d.get("name", n)) for n, d in view.nodes(data=True)}
    needs: dict[str, str] = dict(view.graph.get("needs") or {})
    max_score = max(
        (float((d.get("bridge") or {}).get("score") or 0.0) for _, d in view.nodes(data=True)),
        default=0.0,
    )
    F = nx.MultiDiGraph()
    F.graph.update(
        {
            "title": str(view.graph.get("title") or ""),
            "view": str(view.graph.get("view") or ""),
            "area_id": str(view.graph.get("area_id") or ""),
            "area_name": str(view.graph.get("area_name") or ""),
            "as_of": str(view.graph.get("as_of") or ""),
            "suppression_threshold": threshold,
            "privacy": privacy_notice(threshold, "en", period=view_period(view)),
            "coordinates": "x right, y up (the map's y negated)",
        }
    )
    for n in sorted(view.nodes):
        F.add_node(
            str(n),
            **_node_attrs(str(n), view.nodes[n], pos[n], names, needs, max_score, lang),
        )
    edges = sorted(
        view.edges(data=True), key=lambda x: (str(x[0]), str(x[1]), str(x[2].get("type")))
    )
    for i, (s, t, e) in enumerate(edges):
        F.add_edge(str(s), str(t), key=f"e{i}", **_edge_attrs(e, names, lang))
    return F


# --------------------------------------------------------------------------- GraphML

_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_Y_NS = "http://www.yworks.com/xml/graphml"


def _add_yed_graphics(xml: bytes, F: nx.MultiDiGraph) -> bytes:
    """Add yFiles node and edge graphics (yEd draws them) to a networkx GraphML file."""
    ET.register_namespace("", _GRAPHML_NS)
    ET.register_namespace("y", _Y_NS)
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ET.fromstring(xml)
    g = f"{{{_GRAPHML_NS}}}"
    y = f"{{{_Y_NS}}}"
    first_graph = root.find(f"{g}graph")
    if first_graph is None:  # pragma: no cover - networkx always writes one
        return xml
    graph_at = list(root).index(first_graph)
    for i, (kid, scope, ytype) in enumerate(
        (("ynode", "node", "nodegraphics"), ("yedge", "edge", "edgegraphics"))
    ):
        key = ET.Element(f"{g}key", {"for": scope, "id": kid, "yfiles.type": ytype})
        root.insert(graph_at + i, key)
    for node in first_graph.findall(f"{g}node"):
        nid = node.get("id", "")
        d = F.nodes[nid]
        size = max(12.0, 2.0 * float(d["size"]))
        w = size * (3.2 if d["shape"] == "box" else 1.0)
        data = ET.Element(f"{g}data", {"key": "ynode"})
        shape = ET.SubElement(data, f"{y}ShapeNode")
        ET.SubElement(
            shape,
            f"{y}Geometry",
            {
                "x": f"{float(d['x']) - w / 2:.2f}",
                "y": f"{-float(d['y']) - size / 2:.2f}",
                "width": f"{w:.2f}",
                "height": f"{size:.2f}",
            },
        )
        ET.SubElement(shape, f"{y}Fill", {"color": str(d["color"]), "transparent": "false"})
        ET.SubElement(
            shape, f"{y}BorderStyle", {"color": "#333333", "type": "line", "width": "1.0"}
        )
        label = ET.SubElement(
            shape,
            f"{y}NodeLabel",
            {
                "modelName": "internal" if d["shape"] == "box" else "sides",
                "modelPosition": "c" if d["shape"] == "box" else "e",
                "fontSize": "12",
                "textColor": "#222222",
            },
        )
        label.text = str(d["label"])
        ET.SubElement(shape, f"{y}Shape", {"type": _YED_SHAPE.get(str(d["shape"]), "ellipse")})
        node.insert(0, data)
    for edge in first_graph.findall(f"{g}edge"):
        s, t, k = edge.get("source", ""), edge.get("target", ""), edge.get("id", "")
        e = F.edges[s, t, k]
        data = ET.Element(f"{g}data", {"key": "yedge"})
        line = ET.SubElement(data, f"{y}PolyLineEdge")
        dashed = e["relation"] == "missing_bridge"
        ET.SubElement(
            line,
            f"{y}LineStyle",
            {
                "color": str(e["color"]),
                "type": "dashed" if dashed else "line",
                "width": "2.0" if e["relation"] in ("missing_bridge", "partners_with") else "1.0",
            },
        )
        ET.SubElement(
            line,
            f"{y}Arrows",
            {"source": "none", "target": "standard" if e["relation"] == "referral" else "none"},
        )
        edge.insert(0, data)
    ET.indent(root, space="  ")
    out = io.BytesIO()
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue()


def graphml_bytes(
    view: nx.MultiDiGraph, positions: Mapping[str, Pos] | None = None, *, lang: str = "ja"
) -> bytes:
    """GraphML (UTF-8) of a published view, with Gephi attributes and yEd graphics."""
    F = flat_graph(view, positions, lang=lang)
    buf = io.BytesIO()
    nx.write_graphml(F, buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return _add_yed_graphics(buf.getvalue(), F)


# --------------------------------------------------------------------------- GEXF


Spell = tuple[str | None, str | None]  # (start, end), ISO dates, None: open


@dataclass(frozen=True)
class Spells:
    """When each node and edge of a view existed (GEXF ``start``/``end``): ``nodes`` by
    id, ``edges`` by ``(source, target, type)`` of the view's edges."""

    nodes: dict[str, Spell]
    edges: dict[tuple[str, str, str], Spell]


#: Records and ties with a validity (DATA_MODEL.md ``valid_from``/``valid_to``).
_TIMED_LABELS = ("Organisation", "Activity", "Network")
_TIMED_RELS = ("MEMBER_OF", "PARTNERS_WITH")


def _day(v: Any) -> str | None:
    return str(v)[:10] if v not in (None, "") else None


def _own_spell(d: Mapping[str, Any]) -> Spell:
    return (_day(d.get("valid_from")), _day(d.get("valid_to")))


def _within(*spells: Spell) -> Spell:
    """The time all of ``spells`` hold: the latest start, the earliest end."""
    starts = [s for s, _ in spells if s is not None]
    ends = [e for _, e in spells if e is not None]
    return (max(starts) if starts else None, min(ends) if ends else None)


def _any_of(spells: list[Spell]) -> Spell:
    """The time one of ``spells`` holds (from the first start to the last end)."""
    if not spells:
        return (None, None)
    starts = [s for s, _ in spells]
    ends = [e for _, e in spells]
    return (
        None if None in starts else min(s for s in starts if s is not None),
        None if None in ends else max(e for e in ends if e is not None),
    )


def timeless_graph(G: nx.MultiDiGraph, until: dt.date | str) -> nx.MultiDiGraph:
    """A copy of the canonical graph in which every organisation, activity and network,
    membership and partnership valid at some time up to ``until`` is valid always (its
    ``valid_from``/``valid_to`` removed) and those starting after ``until`` are left out:
    a view built on it on ``until`` shows every record of the timeline, and
    :func:`record_spells` (on the original graph) says when each held. Referrals,
    residents and participations are left as they are (a view never shows them)."""
    day = until.isoformat() if isinstance(until, dt.date) else str(until)[:10]
    H = G.copy()
    late = [
        n
        for n, d in H.nodes(data=True)
        if d.get("label") in _TIMED_LABELS and (_day(d.get("valid_from")) or "") > day
    ]
    H.remove_nodes_from(late)
    for _, d in H.nodes(data=True):
        if d.get("label") in _TIMED_LABELS:
            d.pop("valid_from", None)
            d.pop("valid_to", None)
    late_ties = []
    for s, t, k, d in H.edges(keys=True, data=True):
        if d.get("type") in _TIMED_RELS:
            if (_day(d.get("valid_from")) or "") > day:
                late_ties.append((s, t, k))
            d.pop("valid_from", None)
            d.pop("valid_to", None)
    H.remove_edges_from(late_ties)
    return H


def record_spells(G: nx.MultiDiGraph, view: nx.MultiDiGraph) -> Spells:
    """When each node and edge of ``view`` existed, read from the canonical graph ``G``:
    organisations, activities and networks their ``valid_from``/``valid_to``; memberships
    and partnerships the span of the tie(s) within their ends'; who runs what the span of
    both ends; referral links and suggested links the period of the view's release
    (``period_start`` to ``reference_date``), the only time a release states for them.
    Areas have no spell (always there)."""
    require_published(view)
    period: Spell = (
        _day(view.graph.get("period_start")),
        _day(view.graph.get("reference_date") or view.graph.get("as_of")),
    )
    nodes: dict[str, Spell] = {}
    for n, d in view.nodes(data=True):
        if d.get("category") in _TIMED_LABELS and n in G:
            nodes[str(n)] = _own_spell(G.nodes[n])

    def node(n: str) -> Spell:
        return nodes.get(str(n), (None, None))

    def ties(a: str, b: str, rel: str, *, both_ways: bool) -> list[Spell]:
        pairs = [(a, b), (b, a)] if both_ways else [(a, b)]
        return [
            _own_spell(e)
            for u, v in pairs
            for e in G.get_edge_data(u, v, default={}).values()
            if e.get("type") == rel
        ]

    edges: dict[tuple[str, str, str], Spell] = {}
    for s, t, d in view.edges(data=True):
        typ = str(d.get("type", ""))
        if typ == "member_of":
            spell = _within(_any_of(ties(s, t, "MEMBER_OF", both_ways=False)), node(s), node(t))
        elif typ == "partners_with":
            spell = _within(_any_of(ties(s, t, "PARTNERS_WITH", both_ways=True)), node(s), node(t))
        elif typ in ("referral", "missing_bridge"):
            spell = _within(period, node(s), node(t))
        else:  # runs; ties between areas (aggregated on the reference date: no spell)
            spell = _within(node(s), node(t))
        edges[(str(s), str(t), typ)] = spell
    return Spells(nodes=nodes, edges=edges)


def gexf_bytes(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None = None,
    *,
    lang: str = "ja",
    spells: Spells | None = None,
) -> bytes:
    """GEXF 1.2 (UTF-8) of a published view with Gephi's viz colour/position/size/shape;
    dynamic (``start``/``end`` on nodes and edges, Gephi's timeline) with ``spells``."""
    F = flat_graph(view, positions, lang=lang)
    G = nx.MultiDiGraph()
    G.graph.update(F.graph)
    G.graph["mode"] = "static" if spells is None else "dynamic"
    G.graph["name"] = str(F.graph.get("title") or "")
    for n, d in F.nodes(data=True):
        # colour, position and size travel as viz elements, not as attribute columns
        attrs = {k: v for k, v in d.items() if k not in ("r", "g", "b", "x", "y", "size", "color")}
        attrs["viz"] = {
            "color": {"r": d["r"], "g": d["g"], "b": d["b"], "a": 1.0},
            "position": {"x": d["x"], "y": d["y"], "z": 0.0},
            "size": d["size"],
            "shape": _GEXF_SHAPE.get(str(d["shape"]), "disc"),
        }
        if spells is not None:
            _put_spell(attrs, spells.nodes.get(n))
        G.add_node(n, **attrs)
    for s, t, k, d in F.edges(keys=True, data=True):
        r, g, b = _rgb(str(d["color"]))
        attrs = {k2: v for k2, v in d.items() if k2 != "color"}
        attrs["id"] = k
        attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 0.8}}
        if spells is not None:
            spell = spells.edges.get((s, t, str(d["relation"])))
            if spell is not None and spell[0] and spell[1] and spell[0] > spell[1]:
                continue  # the tie never held while both its ends did
            _put_spell(attrs, spell)
        G.add_edge(s, t, key=k, **attrs)
    buf = io.BytesIO()
    nx.write_gexf(G, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buf.getvalue()


def _put_spell(attrs: dict[str, Any], spell: Spell | None) -> None:
    if spell is None:
        return
    start, end = spell
    if start is not None:
        attrs["start"] = start
    if end is not None:
        attrs["end"] = end


# --------------------------------------------------------------------------- JSON


def node_link_bytes(
    view: nx.MultiDiGraph, positions: Mapping[str, Pos] | None = None, *, lang: str = "ja"
) -> bytes:
    """Node-link JSON (``networkx.node_link_data``, edges under ``"links"``) of a redacted
    view with positions and styles; UTF-8, Japanese unescaped."""
    threshold = require_published(view)
    pos = dict(positions) if positions is not None else compute_layout(view)
    max_score = max(
        (float((d.get("bridge") or {}).get("score") or 0.0) for _, d in view.nodes(data=True)),
        default=0.0,
    )
    V = view.copy()
    for n, d in V.nodes(data=True):
        cat = str(d.get("category", ""))
        st = node_style(cat, d.get("kind"))
        d["x"], d["y"] = float(pos[n][0]), float(pos[n][1])
        d["color"], d["shape"] = st.color, st.shape
        d["size"] = node_size(cat, (d.get("bridge") or {}).get("score"), max_score)
        d["kind_label"] = kind_display(cat, d.get("kind"), lang) or category_label(cat, lang)
    data = nx.node_link_data(V, edges="links")
    data["graph"] = {
        **{k: v for k, v in view.graph.items()},
        "suppression_threshold": threshold,
        "privacy": privacy_notice(threshold, "en", period=view_period(view)),
        "coordinates": "x right, y down (the map's canvas)",
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False, default=str)
    return (text + "\n").encode("utf-8")


# --------------------------------------------------------------------------- dispatch


def graph_format_bytes(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None = None,
    *,
    fmt: str,
    lang: str = "ja",
) -> bytes:
    """The view as ``graphml``, ``gexf`` or ``json`` bytes."""
    if fmt == "graphml":
        return graphml_bytes(view, positions, lang=lang)
    if fmt == "gexf":
        return gexf_bytes(view, positions, lang=lang)
    if fmt == "json":
        return node_link_bytes(view, positions, lang=lang)
    raise NetmapError(f"unknown network file format {fmt!r}", details={"format": fmt})


def write_graph_format(
    view: nx.MultiDiGraph,
    path: Path,
    positions: Mapping[str, Pos] | None = None,
    *,
    fmt: str | None = None,
    lang: str = "ja",
) -> Path:
    """Write the view as GraphML/GEXF/JSON (format from ``fmt`` or the extension)."""
    f = (fmt or Path(path).suffix.lstrip(".")).lower()
    data = graph_format_bytes(view, positions, fmt=f, lang=lang)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(data)
    return Path(path)
