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
  ``spells`` (:func:`netmap.viz.spells.record_spells`, ``netmap export --dynamic``) the
  graph is *dynamic*: organisations, activities and networks carry ``start``/``end`` from
  their ``valid_from``/``valid_to``, memberships, partnerships and who-runs-what the span
  of the tie and its ends, so Gephi's timeline plays the change; referral links (and
  suggested links) only the release's period, as the release publishes them, never a date
  of a referral. The view then holds every record valid at some time up to the release's
  reference date (:func:`netmap.viz.spells.timeless_graph`); its figures stay those of
  the reference date.
* **node-link JSON** (:func:`node_link_bytes`): the published view as
  ``networkx.node_link_data`` (``"links"``), nested attributes kept (suppressed counts are
  ``null`` and listed in ``"suppressed"``), with ``x``, ``y``, ``color``, ``shape`` and
  ``size`` on each node.

Positions: the map's canvas has y growing downwards; GraphML ``x``/``y`` and GEXF positions
have y growing upwards (Gephi's convention), so the picture keeps its orientation. yEd's
geometry uses the canvas coordinates as they are.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from netmap.disclosure.guard import require_published
from netmap.disclosure.publish import privacy_notice, view_period
from netmap.errors import NetmapError
from netmap.model.vocab import need_label
from netmap.viz.describe import isolation_reasons_ja
from netmap.viz.layout import compute_layout
from netmap.viz.spells import Spells, put_spell
from netmap.viz.styles import (
    EDGE_STYLE,
    LAYER_STYLE,
    category_label,
    kind_display,
    node_size,
    node_style,
)

__all__ = [
    "EDGE_TYPE_JA",
    "GRAPH_FORMATS",
    "flat_graph",
    "gexf_bytes",
    "graph_format_bytes",
    "graphml_bytes",
    "node_link_bytes",
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
_EDGE_COLOUR: dict[str, str] = {  # the map's colours (styles.py), upper case as written
    **{typ: colour.upper() for typ, (colour, _alpha) in EDGE_STYLE.items()},
    "referral": str(LAYER_STYLE["flow"]["color"]).upper(),
    "missing_bridge": str(LAYER_STYLE["missing_bridge"]["color"]).upper(),
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
    out = _node_look(n, d, pos, max_score, lang)
    out.update(_node_fields(d, names, needs, lang))
    out.update(_node_figures(d))
    if str(d.get("category", "")) == "Area":
        out.update(_area_gaps(d, needs))
    out.update(_node_isolation(d, lang))
    out.update(_node_bridge(d))
    return out


def _node_look(
    n: str, d: Mapping[str, Any], pos: Pos, max_score: float, lang: str
) -> dict[str, Any]:
    """Name, category, kind, colour, shape, size and position (y up)."""
    cat = str(d.get("category", ""))
    kind = d.get("kind")
    st = node_style(cat, kind)
    size = node_size(cat, dict(d.get("bridge") or {}).get("score"), max_score)
    r, g, b = _rgb(st.color)
    return {
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


def _node_fields(
    d: Mapping[str, Any], names: Mapping[str, str], needs: Mapping[str, str], lang: str
) -> dict[str, Any]:
    """Where a node is, its provenance, and its lists joined (networks, needs, ...)."""
    out: dict[str, Any] = {}
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
    for key in ("activities", "runners", "target_groups", "sectors"):
        if d.get(key):
            out[key] = _joined(d[key])
    return out


def _node_figures(d: Mapping[str, Any]) -> dict[str, Any]:
    """Non-resident figures (``n_organisations``, ``n_activities``, ``n_networks``,
    ``n_members``, ``capacity``) and resident counts as published ("x" when hidden)."""
    out: dict[str, Any] = {}
    for k, v in sorted((d.get("stats") or {}).items()):
        if isinstance(v, bool) or not isinstance(v, int | float):
            continue
        name = str(k) if k == "capacity" else f"n_{k}"
        out[name] = float(v) if k == "capacity" else int(v)
    # resident counts: the published text only ("x" for a hidden count)
    for k, v in sorted((d.get("counts_text") or {}).items()):
        out[str(k)] = str(v)
    return out


def _area_gaps(d: Mapping[str, Any], needs: Mapping[str, str]) -> dict[str, Any]:
    """An area's gaps: how many, and the needs without (or short of) a resource."""
    gaps = [gp for gp in d.get("gaps") or [] if gp.get("kind") == "gap"]
    under = [gp for gp in d.get("gaps") or [] if gp.get("kind") == "undersupplied"]
    out: dict[str, Any] = {"gap_count": len(gaps)}
    if gaps:
        out["gap_needs"] = _joined(
            needs.get(str(gp["need"])) or gp.get("need_label") for gp in gaps
        )
    if under:
        out["undersupplied_needs"] = _joined(
            needs.get(str(gp["need"])) or gp.get("need_label") for gp in under
        )
    return out


def _node_isolation(d: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """An area's isolation: whether at risk, its score and reasons, residents as text."""
    iso = d.get("isolation") or {}
    out: dict[str, Any] = {}
    if iso:
        out["isolated"] = bool(iso.get("isolated"))
        out["isolation_score"] = float(iso.get("score") or 0.0)
        if iso.get("reasons"):
            out["isolation_reasons"] = _joined(
                isolation_reasons_ja(list(iso["reasons"])) if lang == "ja" else list(iso["reasons"])
            )
        if "isolated_residents_text" in iso:
            out["isolated_residents"] = str(iso["isolated_residents_text"])
    return out


def _node_bridge(d: Mapping[str, Any]) -> dict[str, Any]:
    """An organisation's bridge figures."""
    bridge: dict[str, Any] = dict(d.get("bridge") or {})
    out: dict[str, Any] = {}
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
            put_spell(attrs, spells.nodes.get(n))
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
            put_spell(attrs, spell)
        G.add_edge(s, t, key=k, **attrs)
    buf = io.BytesIO()
    nx.write_gexf(G, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buf.getvalue()


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
