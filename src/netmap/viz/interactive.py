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
* layers (gaps, isolated areas, bridges + missing bridges, referral flows, and 情報の新しさ:
  each organisation's and activity's freshness band on the map's date as a badge, off by
  default; :func:`netmap.service.freshness.freshness_band`), filters
  (area, need, network, kind), a search box that folds katakana/hiragana and full/half
  width, tooltips and a detail card, drill-down links to ward maps;
* the page's own words in Japanese or, with ``lang="en"``, English (:mod:`netmap.viz.texts`:
  title, meta line, layers, filters, legend, the template's headings and buttons, the
  privacy note, need names, tooltips' field names and the values made of vocabulary and
  numbers); the script gets the few texts it writes as ``data.strings``. Names in the data
  (areas, organisations, networks, activities) stay as they are.

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
from netmap.model.options import Lang
from netmap.model.vocab import LEVEL_RANK, need_label
from netmap.service.freshness import freshness_band
from netmap.viz.change import change_tag, change_text, change_title
from netmap.viz.describe import describe_edge, describe_node, verified_text
from netmap.viz.layout import compute_layout, group_extents
from netmap.viz.styles import (
    AREA_DOT,
    CHANGE_STYLE,
    FINE_AREA_DOT,
    FRESHNESS_STYLE,
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
from netmap.viz.texts import (
    FIELD_PREFIX,
    MAP_TEMPLATE_KEYS,
    PLURAL_EN,
    TEXTS,
    VALUE_PREFIX,
    script_strings,
    t,
)

__all__ = ["map_payload", "need_names", "render_html", "render_pyvis_default_html", "write_html"]

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


# ----------------------------------------------------------------------------- language


def _lang(lang: str) -> str:
    """``ja`` or ``en`` (a :class:`~netmap.model.options.Lang` or its value)."""
    return Lang(lang).value


def need_names(
    view: nx.MultiDiGraph, lang: str = "ja", names_en: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Need id → its name on a map in ``lang``: the view's (Japanese) names, or in English
    ``names_en`` (the Need nodes' ``name_en``), else the vocabulary's English label."""
    ja: dict[str, str] = {str(k): str(v) for k, v in (view.graph.get("needs") or {}).items()}
    if _lang(lang) == "ja":
        return ja
    en = dict(names_en or {})
    return {n: en.get(n) or need_label(n, "en") for n in ja}


def _title(view: nx.MultiDiGraph, lang: str) -> str:
    if lang == "ja":
        title = str(view.graph.get("title") or t("map_title_plain", lang))
    else:
        area = view.graph.get("area_name")
        title = t("map_title", lang, area=area) if area else t("map_title_plain", lang)
    # a change map says what it compares (netmap.viz.change)
    change = change_title(view.graph.get("change") or {}, lang)
    return title + t("change_title_sep", lang) + change if change else title


#: Tooltip field names and their fixed values, Japanese (as netmap.viz.describe writes
#: them) → English; field name → its key.
_FIELD_EN = {ja: en for k, (ja, en) in TEXTS.items() if k.startswith(FIELD_PREFIX)}
_FIELD_KEY = {
    ja: k[len(FIELD_PREFIX) :] for k, (ja, _) in TEXTS.items() if k.startswith(FIELD_PREFIX)
}
_VALUE_EN = {ja: en for k, (ja, en) in TEXTS.items() if k.startswith(VALUE_PREFIX)}
#: Fields whose value is a list of names ("、" between them).
_LIST_FIELDS = {"networks", "runs", "run_by", "needs", "candidates", "bridge_candidates"}
_COUNT = re.compile(r"^(\d+)(?:人|件|地区)$")
_RANK = re.compile(r"^この地図の上位(\d+)位$")
_MEMBERS = re.compile(r"^(\d+)（この地図内 (\d+)）$")


def _value_en(key: str | None, value: str) -> str:
    """A value :mod:`netmap.viz.describe` wrote in Japanese, in English where it is a
    fixed text or a number with a unit (names in the data as they are)."""
    if value in _VALUE_EN:
        return _VALUE_EN[value]
    if m := _COUNT.match(value):
        return m.group(1)
    if m := _RANK.match(value):
        return f"#{m.group(1)} on this map"
    if m := _MEMBERS.match(value):
        return f"{m.group(1)} ({m.group(2)} on this map)"
    if key in _LIST_FIELDS:
        value = value.replace(TEXTS["list_sep"][0], TEXTS["list_sep"][1])
    ja, en = TEXTS[f"{VALUE_PREFIX}outside"]
    return value.replace(ja, en)


def _fmt(x: object) -> str:
    return "-" if x is None else f"{float(str(x)):.2f}"


def _made_en(
    key: str | None,
    d: Mapping[str, Any],
    kind: str,
    needs: Mapping[str, str],
    as_of: dt.date | None = None,
) -> str | None:
    """The English value of a field :mod:`netmap.viz.describe` makes from the record's
    fields (kind, figures, gaps, isolation reasons, bridge measures, target groups, last
    verification)."""
    lang, sep = "en", TEXTS["list_sep"][1]

    def need(g: Mapping[str, Any]) -> str:
        nid = str(g.get("need"))
        return needs.get(nid) or need_label(nid, lang)

    gaps = list(d.get("gaps") or [])
    if key == "kind":
        return kind or None
    if key == "figures":
        st = d.get("stats") or {}
        return sep.join(
            f"{st[k]} {PLURAL_EN[cat]}"
            for k, cat in (
                ("organisations", "Organisation"),
                ("activities", "Activity"),
                ("networks", "Network"),
            )
            if k in st
        )
    if key == "gaps":
        return sep.join(
            t("tip.gap", lang, need=need(g), n=g.get("demand_text"))
            for g in gaps
            if g.get("kind") == "gap"
        )
    if key == "under":
        return sep.join(
            t("tip.under", lang, need=need(g), n=g.get("demand_text"), supply=g.get("supply"))
            for g in gaps
            if g.get("kind") == "undersupplied"
        )
    if key == "isolation":
        reasons = (d.get("isolation") or {}).get("reasons") or []
        return sep.join(str(r).replace("_", " ") for r in reasons)
    if key == "measures":
        b = d.get("bridge") or {}
        text = t(
            "tip.measures", lang, score=_fmt(b.get("score")), betweenness=_fmt(b.get("betweenness"))
        )
        return text + (t("tip.cut", lang) if b.get("articulation_point") else "")
    if key == "role":
        # the analysis words it in both languages; a view that carries the English uses it
        return (d.get("bridge") or {}).get("why_en") or None
    if key == "targets" and d.get("target_groups"):
        return sep.join(str(x).replace("_", " ") for x in d["target_groups"])
    if key == "change":
        return change_text(d, lang, needs)
    if key == "verified" and d.get("category") in _FRESH_CATEGORIES:
        return verified_text(d.get("verified_on"), as_of, lang)
    return None


def _lines(
    lines: list[tuple[str, str]],
    lang: str,
    d: Mapping[str, Any],
    kind: str = "",
    needs: Mapping[str, str] | None = None,
    as_of: dt.date | None = None,
) -> list[tuple[str, str]]:
    """Tooltip lines (:mod:`netmap.viz.describe`, Japanese) in the map's language: in
    English the field names and the values made of vocabulary, numbers and fixed texts
    (names in the data as they are; ``as_of``: the map's reference date)."""
    if lang == "ja":
        return lines
    out: list[tuple[str, str]] = []
    for field, value in lines:
        key = _FIELD_KEY.get(field)
        made = _made_en(key, d, kind, needs or {}, as_of)
        out.append((_FIELD_EN.get(field, field), _value_en(key, value) if made is None else made))
    return out


# ----------------------------------------------------------------------------- payload


#: The records the freshness layer marks (organisations and activities: the records an
#: organisation reviews; areas and networks are not marked).
_FRESH_CATEGORIES = ("Organisation", "Activity")


def _view_day(view: nx.MultiDiGraph) -> dt.date | None:
    """The view's reference date (its ``as_of``), the day freshness is counted from."""
    text = str(view.graph.get("as_of") or "")[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


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


def map_payload(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None = None,
    *,
    links: Mapping[str, str] | None = None,
    lang: str = "ja",
    needs_en: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the page needs, as JSON-ready data (nodes and edges assembled by pyvis),
    with the page's own words in ``lang`` (``needs_en``: English need names, see
    :func:`need_names`)."""
    from pyvis.network import Network

    threshold = require_published(view)
    lang = _lang(lang)
    pos = dict(positions) if positions is not None else compute_layout(view)
    links = dict(links or {})
    names = {str(n): str(d.get("name", n)) for n, d in view.nodes(data=True)}
    needs_map = need_names(view, lang, needs_en)
    day = _view_day(view)
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
        kind_text = kind_display(cat, kind, lang) or category_label(cat, lang)
        nm = {
            "cat": cat,
            "kind": kind,
            "kindKey": f"{cat}:{kind}",
            "kindLabel": kind_text,
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
            "change": d.get("change"),
            "changeTag": change_tag(d, lang, needs_map),
            # the freshness layer: the band of its last verification on the map's date
            "fresh": (
                freshness_band(d.get("verified_on"), day)
                if day is not None and cat in _FRESH_CATEGORIES
                else None
            ),
            "link": links.get(n),
            "lines": _lines(
                describe_node(d, names, needs_map, as_of=day),
                lang,
                d,
                kind_text,
                needs_map,
                day,
            ),
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
    for i, (s, tgt, e) in enumerate(
        sorted(view.edges(data=True), key=lambda x: (x[0], x[1], str(x[2].get("type"))))
    ):
        rec = _edge_record(i, str(s), str(tgt), e, names)
        rec["nm"]["lines"] = _lines(rec["nm"]["lines"], lang, e)
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
        "change": any(n["nm"]["change"] or n["nm"]["changeTag"] for n in nodes_out)
        or any(e["nm"].get("change") for e in edges),
        "fresh": any(n["nm"]["fresh"] for n in nodes_out),
    }
    change = view.graph.get("change")
    return {
        "title": _title(view, lang),
        "lang": lang,
        "strings": script_strings(lang),
        "needs": needs_map,
        "view": view.graph.get("view"),
        "area_id": view.graph.get("area_id"),
        "as_of": view.graph.get("as_of"),
        "threshold": threshold,
        "change": dict(change) if change else None,
        "nodes": nodes_out,
        "edges": edges,
        "halos": halos,
        "layers": {
            "gap": True,
            "isolated": True,
            "bridge": True,
            "flow": False,
            "change": layers_present["change"],
            "fresh": False,  # off by default: the map looks as usual
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
        dash = (
            ' stroke-dasharray="4 2"'
            if entry.dashes
            else ' stroke-dasharray="1.6 1.6"'
            if entry.dotted
            else ""
        )
        # a faded symbol (ended records): a pale fill inside the ring
        fill = (
            f'fill="#999999" fill-opacity="{entry.opacity:g}"'
            if entry.opacity < 1
            else 'fill="#f4f4f4"'
        )
        body = f'<circle cx="9" cy="9" r="6" {fill} stroke="{c}" stroke-width="3"{dash}/>'
    elif shape == "badge":  # the freshness layer's badge (FRESHNESS_STYLE)
        body = _badge_svg(entry.kind)
    else:  # line
        dash = ' stroke-dasharray="5 3"' if entry.dashes else ""
        body = f'<line x1="1" y1="9" x2="17" y2="9" stroke="{c}" stroke-width="3"{dash}/>'
    return f'<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">{body}</svg>'


def _badge_svg(band: str) -> str:
    """The freshness badge of a band as the map draws it: a ring, filled like a clock
    (none, half, whole), a white mark on it."""
    fs = FRESHNESS_STYLE[band]
    c = html.escape(fs.color)
    body = f'<circle cx="9" cy="9" r="6.2" fill="#ffffff" stroke="{c}" stroke-width="2"/>'
    if fs.fill >= 1:
        body += f'<circle cx="9" cy="9" r="6.2" fill="{c}" stroke="{c}" stroke-width="2"/>'
    elif fs.fill > 0:
        # from 12 o'clock, clockwise
        a = 2 * math.pi * fs.fill
        x, y = 9 + 6.2 * math.sin(a), 9 - 6.2 * math.cos(a)
        big = 1 if fs.fill > 0.5 else 0
        body += f'<path d="M9,9 L9,2.8 A6.2,6.2 0 {big} 1 {x:.2f},{y:.2f} Z" fill="{c}"/>'
    if fs.mark:
        body += (
            f'<text x="9" y="12.6" text-anchor="middle" font-size="10" font-weight="bold" '
            f'fill="#ffffff">{html.escape(fs.mark)}</text>'
        )
    return body


def _legend_html(view: nx.MultiDiGraph, layers: list[str], lang: str = "ja") -> str:
    present: dict[str, set[str | None]] = {}
    for _, d in view.nodes(data=True):
        present.setdefault(str(d.get("category")), set()).add(d.get("kind"))
    rows: list[str] = []
    last = None

    def add(entries: list[LegendEntry]) -> None:
        nonlocal last
        for entry in entries:
            if entry.category != last:
                head = (
                    t("layers_head", lang)
                    if entry.category == "layer"
                    else t("layer.fresh", lang)
                    if entry.category == "fresh"
                    else category_label(entry.category, lang)
                )
                rows.append(f'<li class="cat">{html.escape(head)}</li>')
                last = entry.category
            rows.append(f"<li>{_svg(entry)}<span>{html.escape(entry.label)}</span></li>")

    add(legend_entries(present, lang=lang, layers=[x for x in layers if x != "fresh"]))
    if "gap" in layers:
        sw = "".join(
            f'<svg width="18" height="14" aria-hidden="true"><rect x="1" y="1" width="16" '
            f'height="12" fill="{c}" stroke="#999"/></svg><span>{n}</span>'
            for c, n in zip(GAP_SCALE, ("1", "2", "3–4", "5+"), strict=True)
        )
        rows.append(f"<li><span>{html.escape(t('gap_count', lang))}</span>{sw}</li>")
    if "fresh" in layers:  # its own group: the layer is off until turned on
        add(legend_entries({}, lang=lang, layers=["fresh"]))
        note = t("fresh_note", lang, d=str(view.graph.get("as_of") or "-"))
        rows.append(f'<li class="note"><span>{html.escape(note)}</span></li>')
    if "Organisation" in present:
        rows.append(
            f'<li class="cat">{html.escape(t("size_head", lang))}</li>'
            f"<li><span>{html.escape(t('map_size_note', lang))}</span></li>"
        )
    return '<ul class="legend">' + "".join(rows) + "</ul>"


def _select(fid: str, label: str, options: list[tuple[str, str]], lang: str = "ja") -> str:
    if not options:
        return ""
    opts = [f'<option value="">{html.escape(t("filter_all", lang))}</option>'] + [
        f'<option value="{html.escape(v)}">{html.escape(text)}</option>' for v, text in options
    ]
    return (
        f'<label class="field"><span>{html.escape(label)}</span>'
        f'<select id="filter-{fid}">{"".join(opts)}</select></label>'
    )


def _filters_html(view: nx.MultiDiGraph, payload: dict[str, Any], lang: str = "ja") -> str:
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
    needs_map: dict[str, str] = dict(payload.get("needs") or {})
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
            prefix = t(f"kind_of.{cat}", lang)
            kinds[n["nm"]["kindKey"]] = f"{prefix}: {n['nm']['kindLabel']}"
    order = {"Network": 0, "Organisation": 1, "Activity": 2}
    kind_opts = sorted(kinds.items(), key=lambda kv: (order.get(kv[0].split(":")[0], 9), kv[1]))
    return "".join(
        _select(fid, t(f"filter.{fid}", lang), opts, lang)
        for fid, opts in (
            ("area", area_opts),
            ("need", need_opts),
            ("network", net_opts),
            ("kind", kind_opts),
        )
    )


_LAYER_KEYS = ("gap", "isolated", "bridge", "flow")


def _layers_html(payload: dict[str, Any], lang: str = "ja") -> str:
    rows = []
    counts = {
        "gap": sum(1 for n in payload["nodes"] if n["nm"]["gaps"]),
        "isolated": sum(1 for n in payload["nodes"] if n["nm"]["isolated"]),
        "bridge": sum(1 for n in payload["nodes"] if n["nm"]["bridgeRank"]),
        "flow": sum(1 for e in payload["edges"] if e["nm"]["layer"] == "flow"),
        # changed records and ties, and areas with a note
        "change": sum(1 for n in payload["nodes"] if n["nm"]["change"] or n["nm"]["changeTag"])
        + sum(1 for e in payload["edges"] if e["nm"].get("change")),
        # records not verified within a year (or never)
        "fresh": sum(1 for n in payload["nodes"] if n["nm"]["fresh"] not in (None, "recent")),
    }
    # the change layer (a map with --compare-to or --scenario) comes first; the freshness
    # layer last (a map with organisations or activities)
    keys = (("change",) if payload["layers_present"]["change"] else ()) + _LAYER_KEYS
    keys += ("fresh",) if payload["layers_present"]["fresh"] else ()
    for k in keys:
        n = counts[k]
        extra = t(f"layer_n.{k}", lang, n=n) if n or k == "fresh" else t("layer_none", lang)
        rows.append(
            f'<label><input type="checkbox" id="layer-{k}"> '
            f"{html.escape(t(f'layer.{k}', lang))}<small>{html.escape(extra)}</small></label>"
        )
    return "".join(rows)


_TEMPLATE_TEXT = re.compile(r'(?<=[>"])([^<>"@]+)(?=[<"@])')


def _localise_template(template: str, lang: str) -> str:
    """The page template (``assets/map.html``, written in Japanese) in ``lang``: its own
    texts (:data:`~netmap.viz.texts.MAP_TEMPLATE_KEYS`), each a whole text or attribute
    value of the template, and the document's language."""
    if lang == "ja":
        return template
    table = {TEXTS[k][0]: t(k, lang) for k in MAP_TEMPLATE_KEYS}
    out = _TEMPLATE_TEXT.sub(lambda m: table.get(m.group(1), m.group(1)), template)
    return out.replace('<html lang="ja">', f'<html lang="{html.escape(lang)}">', 1)


def _change_legend(payload: dict[str, Any]) -> list[str]:
    """The change layer's legend entries: new and ended on a comparison, planned (and
    ended, if the plan ends something) on a plan's map."""
    mode = (payload.get("change") or {}).get("mode")
    if mode == "compare":
        return ["added", "ended"]
    if mode == "scenario":
        changed = {n["nm"]["change"] for n in payload["nodes"]} | {
            e["nm"].get("change") for e in payload["edges"]
        }
        return ["planned", *(["ended"] if "ended" in changed else [])]
    return []


def render_html(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None = None,
    *,
    links: Mapping[str, str] | None = None,
    back: tuple[str, str] | None = None,
    created: dt.date | None = None,
    lang: str = "ja",
    needs_en: Mapping[str, str] | None = None,
) -> str:
    """The complete HTML page of a published view (positions: default
    :func:`~netmap.viz.layout.compute_layout`; ``links``: node id → href of its own map;
    ``lang``: the language of the page's own words, Japanese or English; names in the data
    stay as they are; ``needs_en``: English need names, see :func:`need_names`)."""
    lang = _lang(lang)
    payload = map_payload(view, positions, links=links, lang=lang, needs_en=needs_en)
    vis_js, vis_css = _vis_assets()
    title = payload["title"]
    counts: dict[str, int] = {}
    for n in payload["nodes"]:
        counts[n["nm"]["cat"]] = counts.get(n["nm"]["cat"], 0) + 1
    meta_bits = [
        t("map_as_of", lang, d=payload["as_of"]),
        t("map_created", lang, d=(created or dt.date.today()).isoformat()),
    ]
    for cat in ("Area", "Organisation", "Activity", "Network"):
        if counts.get(cat):
            label = category_label(cat, lang) if lang == "ja" else PLURAL_EN[cat]
            meta_bits.append(t("counts", lang, label=label, n=counts[cat]))
    links_html = ""
    if links:
        items = []
        for nid, href in sorted(
            links.items(),
            key=lambda kv: str(view.nodes[kv[0]].get("name", kv[0])) if kv[0] in view else kv[0],
        ):
            name = str(view.nodes[nid].get("name", nid)) if nid in view else nid
            items.append(f'<li><a href="{html.escape(href)}">{html.escape(name)}</a></li>')
        links_html = (
            f'<h2>{html.escape(t("ward_maps", lang))}</h2><ul class="links">{"".join(items)}</ul>'
        )
    if back is not None:
        links_html = (
            f'<p><a class="back" href="{html.escape(back[0])}">← {html.escape(back[1])}</a></p>'
            + links_html
        )
    hint_extra = t("hint_drill", lang) if links else ""
    layers = _change_legend(payload) + [
        k
        for k in ("gap", "isolated", "bridge", "missing_bridge", "flow")
        if payload["layers_present"].get(k if k != "missing_bridge" else "bridge")
    ]
    if view.graph.get("view") == "city":
        layers = [x for x in layers if x != "missing_bridge"]
    if payload["layers_present"]["fresh"]:
        layers.append("fresh")
    th = payload["threshold"]
    privacy = privacy_notice(th, lang, period=view_period(view))
    data_json = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    data_json = (
        data_json.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )
    parts = {
        "TITLE": html.escape(title),
        "META": html.escape(t("meta_sep", lang).join(meta_bits)),
        "LAYERS": _layers_html(payload, lang),
        "FILTERS": _filters_html(view, payload, lang),
        "LINKS": links_html,
        "LEGEND": _legend_html(view, layers, lang),
        "HINT_EXTRA": html.escape(hint_extra),
        "PRIVACY": html.escape(privacy),
        "VIS_CSS": vis_css,
        "APP_CSS": _asset("map.css"),
        "VIS_JS": vis_js,
        "APP_JS": _asset("map.js"),
        "DATA": data_json,
    }
    template = _localise_template(_asset("map.html"), lang)
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)


def write_html(
    view: nx.MultiDiGraph,
    path: Path,
    positions: Mapping[str, Pos] | None = None,
    *,
    links: Mapping[str, str] | None = None,
    back: tuple[str, str] | None = None,
    lang: str = "ja",
    needs_en: Mapping[str, str] | None = None,
) -> Path:
    """Render and write the page as UTF-8; returns the path."""
    text = render_html(view, positions, links=links, back=back, lang=lang, needs_en=needs_en)
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
    for s, tgt, _ in view.edges(data=True):
        net.add_edge(s, tgt)
    return str(net.generate_html(notebook=False))
