"""Drawing a diagram's map: its scale, the areas' halos, the edges and the node symbols.

Missing bridges are dashed vermillion suggested links and referral flows blue arrows (on
the city view by default, as the map shows them); the symbols are sized as on the map, on
one scale (:func:`marker_pt`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap.viz.diagram.looks import Look
from netmap.viz.layout import Pos
from netmap.viz.styles import (
    EDGE_STYLE,
    ISOLATED_HALO_ALPHA,
    LAYER_STYLE,
    REFERRAL_EDGE_WIDTH,
    gap_fill,
    hex_rgb,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["draw_edges", "draw_halos", "draw_nodes", "fit_map", "marker_pt"]


def fit_map(
    ax: Axes,
    fig_size: tuple[float, float],
    pts: Sequence[Pos],
    circles: Sequence[tuple[float, float, float]],
    pad_frac: float,
) -> float:
    """Set the map's limits (equal scale, y down) and return points per view unit."""
    xs = [p[0] for p in pts] + [c[0] - c[2] for c in circles] + [c[0] + c[2] for c in circles]
    ys = [p[1] for p in pts] + [c[1] - c[2] for c in circles] + [c[1] + c[2] for c in circles]
    if not xs:
        xs, ys = [0.0], [0.0]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    # a small picture (two or three nodes) stays compact in the middle of the page
    dx, dy = max(x1 - x0, 500.0), max(y1 - y0, 500.0)
    bb = ax.get_position()
    fig_w, fig_h = fig_size
    w_in, h_in = bb.width * fig_w, bb.height * fig_h
    # room for labels that stick out at the rim
    s = min(w_in / (dx * (1 + 2 * pad_frac)), h_in / (dy * (1 + 2 * pad_frac)))
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    ax.set_xlim(cx - w_in / (2 * s), cx + w_in / (2 * s))
    ax.set_ylim(cy + h_in / (2 * s), cy - h_in / (2 * s))  # y grows downwards
    return float(s * 72.0)


def marker_pt(look: Look, ppu: float) -> float:
    """Diameter of a symbol in points: its map size on paper (one scale for every symbol,
    so sizes compare as on the map), kept legible on a big picture and modest on a small
    one."""
    scale = max(0.28, min(0.5, ppu))
    return min(28.0, 2.0 * look.radius * scale)


def draw_halos(
    ax: Axes,
    view: nx.MultiDiGraph,
    ext: Mapping[str, tuple[float, float, float]],
    layers: frozenset[str],
) -> None:
    """A faint circle around each group of the map, coloured by its area's gaps and
    isolation."""
    from matplotlib.patches import Circle

    for gid, (cx, cy, r) in ext.items():
        d = view.nodes[gid] if gid in view else {}
        fill: Any = (0, 0, 0, 0.03)
        edge, lw, ls = "#cfcfcf", 0.8, "-"
        gaps = [g for g in d.get("gaps") or [] if g.get("kind") == "gap"]
        if "isolated" in layers and (d.get("isolation") or {}).get("isolated"):
            edge, lw, ls = str(LAYER_STYLE["isolated"]["color"]), 1.6, "--"
            fill = (*(c / 255 for c in hex_rgb(edge)), ISOLATED_HALO_ALPHA)
        if "gap" in layers and gaps:
            import matplotlib.colors as mcolors

            rgb = mcolors.to_rgb(gap_fill(len(gaps)))
            fill, edge, lw = (*rgb, 0.45), str(LAYER_STYLE["gap"]["color"]), 1.1
        ax.add_artist(
            Circle(
                (cx, cy), r, facecolor=fill, edgecolor=edge, linewidth=lw, linestyle=ls, zorder=0
            )
        )


_EDGE_WIDTH: dict[str, float] = {"member_of": 0.45, "runs": 0.45, "partners_with": 0.85, "tie": 0.6}
#: type: colour, alpha (styles.EDGE_STYLE), width (points)
_EDGE_STYLE: dict[str, tuple[str, float, float]] = {
    typ: (colour, alpha, _EDGE_WIDTH[typ]) for typ, (colour, alpha) in EDGE_STYLE.items()
}

Edge = tuple[str, str, dict[str, Any]]


def _draw_arrows(ax: Axes, pos: Mapping[str, Pos], flows: list[Edge], missing: list[Edge]) -> None:
    """Referral flows (``flows``) and missing bridges (``missing``) as arcs."""
    from matplotlib.patches import FancyArrowPatch

    for s, t, _e in flows:
        w = REFERRAL_EDGE_WIDTH * 0.35
        ax.add_artist(  # not add_patch: limits are fixed, skip autoscaling
            FancyArrowPatch(
                pos[s],
                pos[t],
                connectionstyle="arc3,rad=0.15",
                arrowstyle="-|>,head_length=3,head_width=1.6",
                color=str(LAYER_STYLE["flow"]["color"]),
                alpha=0.45,
                linewidth=w,
                shrinkA=4,
                shrinkB=6,
                zorder=2,
            )
        )
    for s, t, _e in missing:
        ax.add_artist(  # not add_patch: limits are fixed, skip autoscaling
            FancyArrowPatch(
                pos[s],
                pos[t],
                connectionstyle="arc3,rad=0.2",
                arrowstyle="-",
                color=str(LAYER_STYLE["missing_bridge"]["color"]),
                alpha=0.95,
                linewidth=1.6,
                linestyle=(0, (4, 3)),
                shrinkA=5,
                shrinkB=5,
                zorder=2,
            )
        )


def draw_edges(
    ax: Axes,
    view: nx.MultiDiGraph,
    pos: Mapping[str, Pos],
    layers: frozenset[str],
    ppu: float,
) -> None:
    """The ties as lines (grouped by style), then the referral flows and missing bridges
    of ``layers``."""
    from matplotlib.collections import LineCollection

    segs: dict[tuple[str, float, float], list[list[Pos]]] = {}
    flows: list[Edge] = []
    missing: list[Edge] = []
    for s, t, e in sorted(view.edges(data=True), key=lambda x: (x[0], x[1], str(x[2]["type"]))):
        if s == t or s not in pos or t not in pos:
            continue
        typ = str(e.get("type"))
        if typ == "referral":
            flows.append((s, t, e))
            continue
        if typ == "missing_bridge":
            missing.append((s, t, e))
            continue
        color, alpha, width = _EDGE_STYLE.get(typ, ("#bbbbbb", 0.6, 0.5))
        if typ == "member_of" and e.get("role") in ("chair", "secretariat"):
            width = 0.9
        if typ == "tie":
            width = round(min(3.0, 0.4 + 0.35 * math.sqrt(float(e.get("stat") or 0))), 2)
        segs.setdefault((color, alpha, width), []).append([pos[s], pos[t]])
    for (color, alpha, width), lines in sorted(segs.items()):
        ax.add_collection(
            LineCollection(lines, colors=color, alpha=alpha, linewidths=width, zorder=1)
        )
    _draw_arrows(
        ax,
        pos,
        flows if "flow" in layers else [],
        missing if "missing_bridge" in layers else [],
    )


def draw_nodes(ax: Axes, looks: Sequence[Look], ppu: float) -> None:
    """Every symbol but the areas drawn as boxes (those are their labels)."""
    for lk in looks:
        if lk.boxed:
            continue
        size_pt = marker_pt(lk, ppu)
        if lk.marker == "*":
            size_pt *= 1.35
        ax.scatter(
            [lk.x],
            [lk.y],
            s=size_pt**2,
            marker=lk.marker,
            c=lk.fill,
            edgecolors=lk.border,
            linewidths=lk.border_width,
            linestyle="--" if lk.border_dash else "-",
            zorder=3 if lk.cat != "Area" else 2.5,
        )
