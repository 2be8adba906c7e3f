"""The interactive map's HTML page around its data (:mod:`netmap.viz.interactive`).

netmap's own template (``assets/map.html`` + ``map.css`` + ``map.js``, written in
Japanese and put into the map's language here) gets the title, the meta line, the layer
switches, the filters, the links to other maps, the legend (symbols drawn as inline SVG),
the privacy note, the inlined scripts and styles and the map's data as one JSON block
(``<`` escaped, so names cannot close the script).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
from collections.abc import Mapping
from importlib import resources
from typing import Any

import networkx as nx

from netmap.disclosure.publish import privacy_notice, view_period
from netmap.viz.styles import (
    FRESHNESS_STYLE,
    GAP_SCALE,
    GAP_SCALE_LABELS,
    LegendEntry,
    category_label,
    legend_entries,
)
from netmap.viz.texts import MAP_TEMPLATE_KEYS, PLURAL_EN, TEXTS, t

__all__ = ["page_html"]


def _asset(name: str) -> str:
    return resources.files("netmap.viz").joinpath("assets", name).read_text(encoding="utf-8")


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
            for c, n in zip(GAP_SCALE, GAP_SCALE_LABELS, strict=True)
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


def page_html(
    view: nx.MultiDiGraph,
    payload: dict[str, Any],
    *,
    vis: tuple[str, str],
    links: Mapping[str, str] | None = None,
    back: tuple[str, str] | None = None,
    created: dt.date | None = None,
    lang: str = "ja",
) -> str:
    """The page of a view's map data ``payload`` in ``lang`` (``vis``: vis-network's JS
    and CSS, inlined; ``links``: node id → href of its own map; ``back``: href and text of
    a link back to the map this one was opened from; ``created``: default today)."""
    parts = {
        "TITLE": html.escape(payload["title"]),
        "META": html.escape(t("meta_sep", lang).join(_meta_bits(payload, created, lang))),
        "LAYERS": _layers_html(payload, lang),
        "FILTERS": _filters_html(view, payload, lang),
        "LINKS": _links_html(view, links, back, lang),
        "LEGEND": _legend_html(view, _legend_layers(view, payload), lang),
        "HINT_EXTRA": html.escape(t("hint_drill", lang) if links else ""),
        "PRIVACY": html.escape(
            privacy_notice(payload["threshold"], lang, period=view_period(view))
        ),
        "VIS_CSS": vis[1],
        "APP_CSS": _asset("map.css"),
        "VIS_JS": vis[0],
        "APP_JS": _asset("map.js"),
        "DATA": _data_json(payload),
    }
    template = _localise_template(_asset("map.html"), lang)
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)


def _meta_bits(payload: dict[str, Any], created: dt.date | None, lang: str) -> list[str]:
    """The meta line's parts: the map's date, the day it was made, how many of each."""
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
    return meta_bits


def _links_html(
    view: nx.MultiDiGraph,
    links: Mapping[str, str] | None,
    back: tuple[str, str] | None,
    lang: str,
) -> str:
    """The link back (``back``) and the list of the maps the view links to (by name)."""
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
    return links_html


def _legend_layers(view: nx.MultiDiGraph, payload: dict[str, Any]) -> list[str]:
    """The layers the legend explains: the change layer's states, the layers present
    (missing bridges on an area map only), the freshness layer last."""
    layers = _change_legend(payload) + [
        k
        for k in ("gap", "isolated", "bridge", "missing_bridge", "flow")
        if payload["layers_present"].get(k if k != "missing_bridge" else "bridge")
    ]
    if view.graph.get("view") == "city":
        layers = [x for x in layers if x != "missing_bridge"]
    if payload["layers_present"]["fresh"]:
        layers.append("fresh")
    return layers


def _data_json(payload: dict[str, Any]) -> str:
    """The map's data as JSON safe inside a ``<script>`` element."""
    data_json = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        data_json.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )
