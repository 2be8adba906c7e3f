"""The interactive map: one self-contained, offline HTML file (the only module importing pyvis).

pyvis assembles the vis-network node and edge records; the page itself is netmap's own
template (``assets/map.html`` + ``map.css`` + ``map.js``) because pyvis's template pulls
Bootstrap and vis-network from CDNs, writes files without an explicit encoding and runs
physics. Here:

* every script and style is inline: the vis-network 9.1.2 build that pyvis ships inside its
  package (``pyvis/lib/vis-9.1.2``; Apache-2.0/MIT), with its source-map comment removed;
  the page requests nothing (tested in headless Chromium with the network blocked);
* ``<meta charset="utf-8">`` and the file written as UTF-8;
* physics off: positions come from :func:`netmap.viz.layout.compute_layout`;
* the data travels as one JSON block (``<`` escaped) and the script builds the DOM with
  ``textContent`` only, so names cannot inject markup;
* labels at least 12 px on screen at every zoom (:data:`LABEL_PX`), dark on a white
  outline; the page places each below, above or beside its node and, where none of these
  places is free, hides the less important ones (:func:`_label_priority`) until the map is
  zoomed in or the node hovered; "fit" (全体) frames the areas' circles too;
* layers (gaps, isolated areas, bridges + missing bridges, referral flows), filters
  (area, need, network, kind), a search box that folds katakana/hiragana and full/half
  width, tooltips and a detail card, drill-down links to ward maps.

Only published views are rendered (:func:`netmap.disclosure.guard.require_published`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from netmap.disclosure.guard import require_published
from netmap.disclosure.publish import privacy_notice, view_period
from netmap.model.vocab import LEVEL_RANK
from netmap.viz.describe import describe_edge, describe_node
from netmap.viz.layout import compute_layout, group_extents
from netmap.viz.styles import (
    AREA_DOT,
    FINE_AREA_DOT,
    GAP_SCALE,
    ISOLATED_FILL,
    ISOLATED_HALO_ALPHA,
    LAYER_STYLE,
    REFERRAL_EDGE_WIDTH,
    LegendEntry,
    category_label,
    hex_rgb,
    kind_display,
    legend_entries,
    node_size,
    node_style,
)

__all__ = ["map_payload", "render_html", "render_pyvis_default_html", "write_html"]

Pos = tuple[float, float]
LABEL_MAX = 16
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
VIS_VERSION = "9.1.2"


# ----------------------------------------------------------------------------- assets


def _pyvis_lib_dir() -> Path:
    import pyvis

    return Path(pyvis.__file__).parent / "lib" / f"vis-{VIS_VERSION}"


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS, as shipped inside the pyvis package."""
    lib = _pyvis_lib_dir()
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S*", "", js)
    css = re.sub(r"/\*# sourceMappingURL=\S*\s*\*/", "", css)
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover - guard
        raise RuntimeError("vis-network assets cannot be inlined safely")
    return js, css


def _asset(name: str) -> str:
    return resources.files("netmap.viz").joinpath("assets", name).read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- payload


def _short(name: str) -> str:
    return name if len(name) <= LABEL_MAX else name[: LABEL_MAX - 1] + "…"


def _area_chain(V: nx.MultiDiGraph, area: str | None) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    while area is not None and area in V and area not in seen:
        seen.add(area)
        out.append(area)
        area = V.nodes[area].get("parent_area")
    return out


def _edge_record(
    i: int, s: str, t: str, e: Mapping[str, Any], names: Mapping[str, str]
) -> dict[str, Any]:
    typ = str(e.get("type"))
    rec: dict[str, Any] = {"id": f"e{i}", "from": s, "to": t, "dashes": False, "arrows": None}
    smooth: Any = False
    layer = "base"
    if typ == "member_of":
        strong = e.get("role") in ("chair", "secretariat")
        rec["color"] = {"color": "#7f93a8", "opacity": 0.45}
        rec["width"] = 1.6 if strong else 0.8
    elif typ == "runs":
        rec["color"] = {"color": "#9a9a9a", "opacity": 0.7}
        rec["width"] = 0.8
    elif typ == "partners_with":
        rec["color"] = {"color": "#444444", "opacity": 0.7}
        rec["width"] = 1.6
    elif typ == "tie":
        rec["color"] = {"color": "#8c8c8c", "opacity": 0.55}
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


def map_payload(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None = None,
    *,
    links: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the page needs, as JSON-ready data (nodes and edges assembled by pyvis)."""
    from pyvis.network import Network

    threshold = require_published(view)
    pos = dict(positions) if positions is not None else compute_layout(view)
    links = dict(links or {})
    names = {str(n): str(d.get("name", n)) for n, d in view.nodes(data=True)}
    needs_map: dict[str, str] = dict(view.graph.get("needs") or {})
    max_score = max(
        (float((d.get("bridge") or {}).get("score") or 0.0) for _, d in view.nodes(data=True)),
        default=0.0,
    )
    memberships: dict[str, list[str]] = {}
    for n, d in view.nodes(data=True):
        if d.get("category") == "Organisation":
            memberships[n] = list(d.get("networks") or [])

    city = view.graph.get("view") == "city"
    degree: Counter[str] = Counter()
    for u, v in view.edges():
        if u != v:
            degree[u] += 1
            degree[v] += 1

    labels_order: list[tuple[tuple[Any, ...], str]] = []
    net = Network(directed=True, cdn_resources="in_line")
    for n in sorted(view.nodes):
        d = view.nodes[n]
        cat = str(d.get("category"))
        kind = d.get("kind")
        st = node_style(cat, kind)
        name = str(d.get("name", n))
        gaps = list(d.get("gaps") or [])
        if cat == "Organisation":
            nets = list(d.get("networks") or [])
        elif cat == "Activity":
            nets = sorted({x for r in d.get("runners") or [] for x in memberships.get(r, [])})
        else:
            nets = []
        shape, fill, border = st.shape, st.color, st.border
        bridge: dict[str, Any] = dict(d.get("bridge") or {})
        size = node_size(cat, bridge.get("score"), max_score)
        stack = None
        if cat == "Area":
            chain = _area_chain(view, n)
            need_ids = [str(g["need"]) for g in gaps]
            lvl = LEVEL_RANK.get(str(kind), 2)
            centre = bool(d.get("group_centre"))
            hub = centre and not d.get("group")
            role = "hub" if hub else "ward" if centre and lvl <= 1 else "centre" if centre else ""
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
            # the map's own area (in the middle, named in the title) grows when zoomed in
            font = {"size": 24 if hub else screen_font}
        else:
            chain = _area_chain(view, d.get("area_id"))
            need_ids = list(d.get("needs") or [])
            font = {"size": LABEL_PX.get(cat, LABEL_PX["Activity"])}
            screen_font = font["size"]
            role = ""
            if cat == "Activity" and d.get("anchor"):
                # an activity sits above the organisation running it: its name goes above
                # it too, clear of the organisation's name below
                # ...staggered when several activities share an organisation
                sibs = sorted(
                    x
                    for x in view.successors(d["anchor"])
                    if view.nodes[x].get("anchor") == d["anchor"]
                )
                stack = sibs.index(n) % 3 if n in sibs else 0
        labels_order.append((_label_priority(cat, d, role, size, degree[n]), n))
        nm = {
            "cat": cat,
            "kind": kind,
            "kindKey": f"{cat}:{kind}",
            "kindLabel": kind_display(cat, kind) or category_label(cat),
            "name": name,
            "areas": chain,
            "needs": need_ids,
            "networks": nets,
            "centre": bool(d.get("group_centre")),
            "gaps": [
                [str(g["need"]), needs_map.get(str(g["need"])) or str(g.get("need_label"))]
                for g in gaps
                if g.get("kind") == "gap"
            ],
            "screenFont": screen_font,
            "above": stack,
            "isolated": bool((d.get("isolation") or {}).get("isolated")),
            "bridgeRank": bridge.get("rank"),
            "link": links.get(n),
            "lines": describe_node(d, names, needs_map),
        }
        x, y = pos[n]
        opts: dict[str, Any] = {
            "x": x,
            "y": y,
            "size": size,
            "borderWidth": 1.5 if cat != "Area" else 1.2,
            "font": font,
            "nm": nm,
        }
        if cat == "Area":
            opts["margin"] = 8
            # area names stay drawn further out than other labels
            opts["scaling"] = {"label": {"enabled": False, "drawThreshold": 4}}
        net.add_node(
            n,
            label=_short(name) if cat != "Area" else name,
            shape=shape,
            color={"background": fill, "border": border},
            **opts,
        )
    edges: list[dict[str, Any]] = []
    for i, (s, t, e) in enumerate(
        sorted(view.edges(data=True), key=lambda x: (x[0], x[1], str(x[2].get("type"))))
    ):
        rec = _edge_record(i, str(s), str(t), e, names)
        edges.append(rec)
    nodes_out: list[dict[str, Any]] = net.get_network_data()[0]
    order = {n: i for i, (_, n) in enumerate(sorted(labels_order))}
    for rec in nodes_out:
        rec["nm"]["labelOrder"] = order[rec["id"]]

    halos = []
    ext = group_extents(view, pos)
    for gid, (cx, cy, r) in ext.items():
        d = view.nodes[gid] if gid in view else {}
        halos.append(
            {
                "id": gid,
                "x": cx,
                "y": cy,
                "r": r,
                "gaps": [str(g["need"]) for g in d.get("gaps") or [] if g.get("kind") == "gap"],
                "isolated": bool((d.get("isolation") or {}).get("isolated")),
            }
        )
    layers_present = {
        "gap": any(n["nm"]["gaps"] for n in nodes_out),
        "isolated": any(n["nm"]["isolated"] for n in nodes_out),
        "bridge": any(n["nm"]["bridgeRank"] for n in nodes_out)
        or any(e["nm"]["layer"] == "missing_bridge" for e in edges),
        "flow": any(e["nm"]["layer"] == "flow" for e in edges),
    }
    return {
        "title": str(view.graph.get("title") or "支援ネットワークマップ"),
        "view": view.graph.get("view"),
        "area_id": view.graph.get("area_id"),
        "as_of": view.graph.get("as_of"),
        "threshold": threshold,
        "nodes": nodes_out,
        "edges": edges,
        "halos": halos,
        "layers": {
            "gap": True,
            "isolated": True,
            "bridge": True,
            "flow": False,
        },
        "layers_present": layers_present,
        "style": {
            "gapScale": list(GAP_SCALE),
            "gap": LAYER_STYLE["gap"]["color"],
            "isolated": LAYER_STYLE["isolated"]["color"],
            "isolatedFill": ISOLATED_FILL,
            "isolatedHalo": "rgba({},{},{},{})".format(
                *hex_rgb(str(LAYER_STYLE["isolated"]["color"])), ISOLATED_HALO_ALPHA
            ),
            "bridge": LAYER_STYLE["bridge"]["color"],
        },
    }


# ----------------------------------------------------------------------------- HTML parts


def _svg(entry: LegendEntry) -> str:
    c, b = html.escape(entry.color), html.escape(entry.border)
    shape = entry.shape
    common = f'fill="{c}" stroke="{b}" stroke-width="1.2"'
    if shape == "dot":
        body = f'<circle cx="9" cy="9" r="6" {common}/>'
    elif shape == "square":
        body = f'<rect x="3" y="3" width="12" height="12" {common}/>'
    elif shape == "box":
        body = f'<rect x="1" y="4" width="16" height="10" rx="2" {common}/>'
    elif shape == "diamond":
        body = f'<polygon points="9,1.5 16.5,9 9,16.5 1.5,9" {common}/>'
    elif shape == "hexagon":
        body = f'<polygon points="9,1.5 15.5,5.2 15.5,12.8 9,16.5 2.5,12.8 2.5,5.2" {common}/>'
    elif shape == "triangle":
        body = f'<polygon points="9,2 16,15 2,15" {common}/>'
    elif shape == "triangleDown":
        body = f'<polygon points="2,3 16,3 9,16" {common}/>'
    elif shape == "star":
        pts = []
        for k in range(10):
            r = 8.0 if k % 2 == 0 else 3.6
            a = -math.pi / 2 + k * math.pi / 5
            pts.append(f"{9 + r * math.cos(a):.1f},{9 + r * math.sin(a):.1f}")
        body = f'<polygon points="{" ".join(pts)}" {common}/>'
    elif shape == "ring":
        dash = ' stroke-dasharray="4 2"' if entry.dashes else ""
        body = f'<circle cx="9" cy="9" r="6" fill="#f4f4f4" stroke="{c}" stroke-width="3"{dash}/>'
    else:  # line
        dash = ' stroke-dasharray="5 3"' if entry.dashes else ""
        body = f'<line x1="1" y1="9" x2="17" y2="9" stroke="{c}" stroke-width="3"{dash}/>'
    return f'<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">{body}</svg>'


def _legend_html(view: nx.MultiDiGraph, layers: list[str]) -> str:
    present: dict[str, set[str | None]] = {}
    for _, d in view.nodes(data=True):
        present.setdefault(str(d.get("category")), set()).add(d.get("kind"))
    rows: list[str] = []
    last = None
    for entry in legend_entries(present, layers=layers):
        if entry.category != last:
            head = "表示情報" if entry.category == "layer" else category_label(entry.category)
            rows.append(f'<li class="cat">{html.escape(head)}</li>')
            last = entry.category
        rows.append(f"<li>{_svg(entry)}<span>{html.escape(entry.label)}</span></li>")
    if "gap" in layers:
        sw = "".join(
            f'<svg width="18" height="14" aria-hidden="true"><rect x="1" y="1" width="16" '
            f'height="12" fill="{c}" stroke="#999"/></svg><span>{t}</span>'
            for c, t in zip(GAP_SCALE, ("1", "2", "3–4", "5+"), strict=True)
        )
        rows.append(f"<li><span>空白の数</span>{sw}</li>")
    if "Organisation" in present:
        rows.append(
            '<li class="cat">大きさ</li>'
            "<li><span>団体の印の大きさ＝橋渡しスコア（ネットワークをつなぐ度合い）</span></li>"
        )
    return '<ul class="legend">' + "".join(rows) + "</ul>"


def _select(fid: str, label: str, options: list[tuple[str, str]]) -> str:
    if not options:
        return ""
    opts = ['<option value="">すべて</option>'] + [
        f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in options
    ]
    return (
        f'<label class="field"><span>{html.escape(label)}</span>'
        f'<select id="filter-{fid}">{"".join(opts)}</select></label>'
    )


def _filters_html(view: nx.MultiDiGraph, payload: dict[str, Any]) -> str:
    nodes = payload["nodes"]
    hub = view.graph.get("area_id")
    # areas in hierarchy order, indented
    kids: dict[str | None, list[str]] = {}
    for n, d in view.nodes(data=True):
        if d.get("category") == "Area":
            kids.setdefault(d.get("parent_area"), []).append(n)
    area_opts: list[tuple[str, str]] = []

    def walk(a: str, depth: int) -> None:
        if a != hub:
            area_opts.append((a, "　" * max(0, depth - 1) + str(view.nodes[a].get("name", a))))
        for c in sorted(kids.get(a, []), key=lambda x: (str(view.nodes[x].get("name", x)), x)):
            walk(c, depth + 1)

    roots = [
        n
        for n, d in view.nodes(data=True)
        if d.get("category") == "Area" and d.get("parent_area") not in view
    ]
    for r in sorted(roots):
        walk(r, 0 if r == hub else 1)
    needs_map: dict[str, str] = dict(view.graph.get("needs") or {})
    need_ids = sorted({x for n in nodes for x in n["nm"]["needs"]})
    need_opts = [(x, needs_map.get(x, x)) for x in need_ids]
    net_opts = sorted(
        ((n["id"], n["nm"]["name"]) for n in nodes if n["nm"]["cat"] == "Network"),
        key=lambda x: (x[1], x[0]),
    )
    kinds: dict[str, str] = {}
    for n in nodes:
        cat = n["nm"]["cat"]
        if cat in ("Organisation", "Activity", "Network"):
            prefix = {"Organisation": "団体", "Activity": "活動", "Network": "ネットワーク"}[cat]
            kinds[n["nm"]["kindKey"]] = f"{prefix}: {n['nm']['kindLabel']}"
    order = {"Network": 0, "Organisation": 1, "Activity": 2}
    kind_opts = sorted(kinds.items(), key=lambda kv: (order.get(kv[0].split(":")[0], 9), kv[1]))
    return "".join(
        [
            _select("area", "区・地区", area_opts),
            _select("need", "ニーズ", need_opts),
            _select("network", "ネットワーク", net_opts),
            _select("kind", "種類", kind_opts),
        ]
    )


_LAYER_TEXT = {
    "gap": "空白（対応する資源がないニーズ）",
    "isolated": "孤立のおそれがある地区",
    "bridge": "橋渡し役の団体・つながりの提案",
    "flow": "紹介（つなぎ）の流れ",
}


def _layers_html(payload: dict[str, Any]) -> str:
    rows = []
    counts = {
        "gap": sum(1 for n in payload["nodes"] if n["nm"]["gaps"]),
        "isolated": sum(1 for n in payload["nodes"] if n["nm"]["isolated"]),
        "bridge": sum(1 for n in payload["nodes"] if n["nm"]["bridgeRank"]),
        "flow": sum(1 for e in payload["edges"] if e["nm"]["layer"] == "flow"),
    }
    units = {"gap": "地区", "isolated": "地区", "bridge": "団体", "flow": "本"}
    for k, text in _LAYER_TEXT.items():
        n = counts[k]
        extra = f"（{n}{units[k]}）" if n else "（該当なし）"
        rows.append(
            f'<label><input type="checkbox" id="layer-{k}"> '
            f"{html.escape(text)}<small>{extra}</small></label>"
        )
    return "".join(rows)


def render_html(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None = None,
    *,
    links: Mapping[str, str] | None = None,
    back: tuple[str, str] | None = None,
    created: dt.date | None = None,
) -> str:
    """The complete HTML page of a published view (positions: default
    :func:`~netmap.viz.layout.compute_layout`; ``links``: node id → href of its own map)."""
    payload = map_payload(view, positions, links=links)
    vis_js, vis_css = _vis_assets()
    title = payload["title"]
    counts: dict[str, int] = {}
    for n in payload["nodes"]:
        counts[n["nm"]["cat"]] = counts.get(n["nm"]["cat"], 0) + 1
    meta_bits = [f"基準日 {payload['as_of']}", f"作成 {(created or dt.date.today()).isoformat()}"]
    for cat, label in (
        ("Area", "地域"),
        ("Organisation", "団体・機関"),
        ("Activity", "活動"),
        ("Network", "ネットワーク"),
    ):
        if counts.get(cat):
            meta_bits.append(f"{label} {counts[cat]}")
    links_html = ""
    if links:
        items = []
        for nid, href in sorted(
            links.items(),
            key=lambda kv: str(view.nodes[kv[0]].get("name", kv[0])) if kv[0] in view else kv[0],
        ):
            name = str(view.nodes[nid].get("name", nid)) if nid in view else nid
            items.append(f'<li><a href="{html.escape(href)}">{html.escape(name)}</a></li>')
        links_html = '<h2>区ごとの地図</h2><ul class="links">' + "".join(items) + "</ul>"
    if back is not None:
        links_html = (
            f'<p><a class="back" href="{html.escape(back[0])}">← {html.escape(back[1])}</a></p>'
            + links_html
        )
    hint_extra = "区の印をダブルクリックすると、その区の地図を開きます。" if links else ""
    layers = [
        k
        for k in ("gap", "isolated", "bridge", "missing_bridge", "flow")
        if payload["layers_present"].get(k if k != "missing_bridge" else "bridge")
    ]
    if view.graph.get("view") == "city":
        layers = [x for x in layers if x != "missing_bridge"]
    th = payload["threshold"]
    privacy = privacy_notice(th, "ja", period=view_period(view))
    data_json = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    data_json = (
        data_json.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )
    parts = {
        "TITLE": html.escape(title),
        "META": html.escape(" ・ ".join(meta_bits)),
        "LAYERS": _layers_html(payload),
        "FILTERS": _filters_html(view, payload),
        "LINKS": links_html,
        "LEGEND": _legend_html(view, layers),
        "HINT_EXTRA": html.escape(hint_extra),
        "PRIVACY": html.escape(privacy),
        "VIS_CSS": vis_css,
        "APP_CSS": _asset("map.css"),
        "VIS_JS": vis_js,
        "APP_JS": _asset("map.js"),
        "DATA": data_json,
    }
    template = _asset("map.html")
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)


def write_html(
    view: nx.MultiDiGraph,
    path: Path,
    positions: Mapping[str, Pos] | None = None,
    *,
    links: Mapping[str, str] | None = None,
    back: tuple[str, str] | None = None,
) -> Path:
    """Render and write the page as UTF-8; returns the path."""
    text = render_html(view, positions, links=links, back=back)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


# ----------------------------------------------------------------------------- baseline


def render_pyvis_default_html(view: nx.MultiDiGraph) -> str:
    """The same view drawn with pyvis defaults (physics on, no positions, pyvis's own
    template with inlined vis-network): the baseline of ``bench/map.py``."""
    from pyvis.network import Network

    require_published(view)
    net = Network(cdn_resources="in_line", directed=True)
    for n in sorted(view.nodes):
        d = view.nodes[n]
        st = node_style(str(d.get("category")), d.get("kind"))
        net.add_node(
            n,
            label=str(d.get("name", n)),
            color=st.color,
            shape=st.shape,
            title=str(d.get("name", n)),
        )
    for s, t, _ in view.edges(data=True):
        net.add_edge(s, t)
    return str(net.generate_html(notebook=False))
