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
* labels at least 12 px on screen at every zoom
  (:data:`~netmap.viz.map_records.LABEL_PX`), dark on a white outline; the page places
  each below, above or beside its node and, where none of these places is free, hides the
  less important ones (:func:`netmap.viz.map_records._label_priority`) until the map is
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

Here: vis-network's assets and the records pyvis assembles; the records themselves are
:mod:`netmap.viz.map_records`, the words in the map's language :mod:`netmap.viz.map_text`
and the page around the data :mod:`netmap.viz.map_page`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from netmap.disclosure.guard import require_published
from netmap.viz.layout import compute_layout
from netmap.viz.map_page import page_html
from netmap.viz.map_records import MapIndex, edge_records, halos, node_record, payload_data
from netmap.viz.map_text import map_lang
from netmap.viz.styles import node_style

__all__ = ["map_payload", "preload", "render_html", "render_pyvis_default_html", "write_html"]

Pos = tuple[float, float]
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


def preload() -> None:
    """Import pyvis and read vis-network's assets now (``netmap serve``'s warm-up), so the
    first map a server draws does not pay for them (about 0.8 s)."""
    from pyvis.network import Network  # noqa: F401

    _vis_assets()


# ----------------------------------------------------------------------------- payload


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
    :func:`netmap.viz.map_text.need_names`)."""
    from pyvis.network import Network

    threshold = require_published(view)
    lang = map_lang(lang)
    pos = dict(positions) if positions is not None else compute_layout(view)
    ix = MapIndex.of(view, lang, needs_en, links)
    labels_order: list[tuple[tuple[Any, ...], str]] = []
    net = Network(directed=True, cdn_resources="in_line")
    for n in sorted(view.nodes):
        rec = node_record(view, n, pos[n], ix)
        labels_order.append((rec.priority, n))
        net.add_node(n, label=rec.label, shape=rec.shape, color=rec.color, **rec.opts)
    edges = edge_records(view, ix)
    nodes_out: list[dict[str, Any]] = net.get_network_data()[0]
    order = {n: i for i, (_, n) in enumerate(sorted(labels_order))}
    for node in nodes_out:
        node["nm"]["labelOrder"] = order[node["id"]]
    return payload_data(view, ix, threshold, nodes_out, edges, halos(view, pos))


# ----------------------------------------------------------------------------- page


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
    stay as they are; ``needs_en``: English need names, see
    :func:`netmap.viz.map_text.need_names`)."""
    lang = map_lang(lang)
    payload = map_payload(view, positions, links=links, lang=lang, needs_en=needs_en)
    return page_html(
        view, payload, vis=_vis_assets(), links=links, back=back, created=created, lang=lang
    )


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
