"""How each node of a diagram looks: its symbol, colours, size, label, tags and priority.

The same colours, shapes and sizes as the interactive map (:mod:`netmap.viz.styles`) and
the same highlights: areas with gaps filled on the one-hue scale with a vermillion rim,
isolated areas with a dashed purple rim, the top bridging organisations with a black ring
and a ★. The priority orders the labels (:mod:`netmap.viz.diagram.labels`): areas,
networks, top bridges, organisations by bridge score and ties, then activities.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from netmap.viz.layout import Pos
from netmap.viz.styles import AREA_DOT, LAYER_STYLE, MPL_MARKERS, gap_fill, node_size, node_style
from netmap.viz.texts import short_label
from netmap.viz.texts import t as _t

__all__ = ["Look", "node_looks"]

#: Label sizes (points) of the categories drawn as symbols.
_FONT: dict[str, float] = {"Network": 7.2, "Organisation": 6.6, "Activity": 6.2}


@dataclass
class Look:
    """One node as the diagram draws it."""

    node: str
    cat: str
    x: float
    y: float
    marker: str
    fill: str
    border: str
    border_width: float
    border_dash: bool
    radius: float  # in view units
    label: str
    priority: tuple[float, ...]
    font: float  # points
    boxed: bool  # area drawn as a labelled box
    tags: list[str] = field(default_factory=list)


def _degrees(view: nx.MultiDiGraph) -> Counter[str]:
    degree: Counter[str] = Counter()
    for u, v in view.edges():
        if u != v:
            degree[u] += 1
            degree[v] += 1
    return degree


def _base_look(n: str, d: Mapping[str, Any], p: Pos, max_score: float) -> Look:
    """A node's look from its category and kind alone (no highlight, no priority yet)."""
    cat = str(d.get("category"))
    st = node_style(cat, d.get("kind"))
    bridge: dict[str, Any] = dict(d.get("bridge") or {})
    name = str(d.get("name", n))
    return Look(
        node=n,
        cat=cat,
        x=p[0],
        y=p[1],
        marker=MPL_MARKERS.get(st.shape, "o"),
        fill=st.color,
        border=st.border,
        border_width=0.8,
        border_dash=False,
        radius=node_size(cat, bridge.get("score"), max_score),
        label=name if cat == "Area" else short_label(name),
        priority=(),
        font=_FONT.get(cat, 7.0),
        boxed=cat == "Area",
    )


def _area_look(
    lk: Look,
    d: Mapping[str, Any],
    *,
    city: bool,
    needs_map: Mapping[str, str],
    layers: frozenset[str],
    lang: str,
    degree: int,
) -> None:
    """An area: a box (a dot for a district on the city map), its gap and isolation
    highlights and tags."""
    centre = bool(d.get("group_centre"))
    hub = centre and not d.get("group")
    lk.font = 11.0 if hub else 8.6 if centre else 7.4
    lk.priority = (0, 0 if hub else 1 if centre else 2, -degree)
    if city and not centre:
        # districts on the city map: dots sized by how many organisations work there
        lk.boxed, lk.marker, lk.fill, lk.border = False, "o", AREA_DOT.color, AREA_DOT.border
        orgs_here = int((d.get("stats") or {}).get("organisations") or 0)
        lk.radius = round(9.0 + 2.2 * math.sqrt(orgs_here), 2)
        lk.font = 6.6
    gaps = [g for g in d.get("gaps") or [] if g.get("kind") == "gap"]
    if "gap" in layers and gaps:
        lk.border, lk.border_width = str(LAYER_STYLE["gap"]["color"]), 1.6
        if not lk.boxed:
            lk.fill = gap_fill(len(gaps))
            lk.tags.append(_t("gaps_tag", lang, n=len(gaps)))
        elif len(gaps) == 1:
            need = str(gaps[0]["need"])
            lk.tags.append(_t("gap_tag", lang, x=needs_map.get(need) or gaps[0].get("need_label")))
        else:
            lk.tags.append(_t("gaps_tag", lang, n=len(gaps)))
    if "isolated" in layers and (d.get("isolation") or {}).get("isolated"):
        lk.border, lk.border_width = str(LAYER_STYLE["isolated"]["color"]), 2.2
        lk.border_dash = True
        lk.tags.append(_t("isolated_tag", lang))


def _priority(cat: str, bridge: Mapping[str, Any], degree: int) -> tuple[float, ...]:
    """The label priority of a network, an organisation or an activity."""
    if cat == "Network":
        return (1, -degree)
    if cat == "Organisation":
        rank = bridge.get("rank")
        score = float(bridge.get("score") or 0.0)
        return (2, rank if rank else 99, -score, -degree)
    return (3, -degree)


def node_looks(
    view: nx.MultiDiGraph,
    pos: Mapping[str, Pos],
    layers: frozenset[str],
    lang: str,
    font_scale: float = 1.0,
) -> list[Look]:
    """The look of every node of ``view`` (sorted by id) with the highlights of ``layers``."""
    city = view.graph.get("view") == "city"
    needs_map: dict[str, str] = dict(view.graph.get("needs") or {})
    max_score = max(
        (float((d.get("bridge") or {}).get("score") or 0.0) for _, d in view.nodes(data=True)),
        default=0.0,
    )
    degree = _degrees(view)
    out: list[Look] = []
    for n in sorted(view.nodes):
        d = view.nodes[n]
        lk = _base_look(n, d, pos[n], max_score)
        bridge: dict[str, Any] = dict(d.get("bridge") or {})
        if lk.cat == "Area":
            _area_look(
                lk, d, city=city, needs_map=needs_map, layers=layers, lang=lang, degree=degree[n]
            )
        else:
            lk.priority = _priority(lk.cat, bridge, degree[n])
        if "bridge" in layers and bridge.get("rank"):
            lk.border, lk.border_width = str(LAYER_STYLE["bridge"]["color"]), 2.0
            lk.label = "★" + lk.label
        if lk.cat == "Organisation" and d.get("wide_level") in ("ward", "city"):
            # the ward's (city's) own organisation working with this area: 区全体 / 市全体
            lk.tags.append(_t(f"wide.{d['wide_level']}", lang))
            lk.priority = (1.5, *lk.priority[1:])
        lk.font *= font_scale
        out.append(lk)
    return out
