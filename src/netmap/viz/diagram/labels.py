"""A diagram's labels: at most one per node, never overlapping.

Each node gets at most one label (its name cut to :data:`~netmap.viz.texts.LABEL_MAX`
characters by :func:`~netmap.viz.texts.short_label`, with its tags on a second line),
placed greedily by priority (areas, networks, top bridges, organisations by bridge score
and ties, then activities: :mod:`netmap.viz.diagram.looks`) at the first of eight spots
around its symbol that overlaps no placed label, no other symbol and stays on the map; a
node with no free spot goes unlabelled (the footer says how many), so crowded parts never
turn into overlapping mush. Areas drawn as boxes are their labels and always drawn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from netmap.viz.diagram.draw import marker_pt
from netmap.viz.diagram.looks import Look

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.transforms import Bbox

__all__ = ["draw_labels"]

#: A label's box on the page: (x0, y0, x1, y1) in pixels at the figure's dpi.
Box = tuple[float, float, float, float]
#: A spot around a symbol: offset (dx, dy) in pixels, horizontal and vertical alignment.
Spot = tuple[float, float, str, str]


class _Placer:
    """Greedy label placement in display space."""

    def __init__(self, ax: Axes, renderer: RendererBase) -> None:
        self.ax = ax
        self.renderer = renderer
        self.taken: list[Bbox] = []
        self.obstacles: list[tuple[str, Bbox]] = []
        self.area = ax.get_window_extent(renderer)

    def free(self, bb: Bbox, own: str) -> bool:
        if (
            bb.x0 < self.area.x0
            or bb.x1 > self.area.x1
            or bb.y0 < self.area.y0
            or bb.y1 > self.area.y1
        ):
            return False
        if any(bb.overlaps(t) for t in self.taken):
            return False
        return not any(n != own and bb.overlaps(o) for n, o in self.obstacles)


def _symbol_bbox(ax: Axes, lk: Look, ppu: float, dpi: float) -> Bbox:
    from matplotlib.transforms import Bbox

    x, y = ax.transData.transform((lk.x, lk.y))
    r = marker_pt(lk, ppu) / 2.0 * dpi / 72.0 * 0.85
    return Bbox.from_extents(x - r, y - r, x + r, y + r)


def _box_label(ax: Axes, lk: Look, text: str, renderer: RendererBase) -> Bbox:
    """An area drawn as a labelled box; returns the box it takes (a little enlarged)."""
    hub = lk.priority[:2] == (0, 0)
    t = ax.text(
        lk.x,
        lk.y,
        text,
        fontsize=lk.font,
        ha="center",
        va="center",
        zorder=6,
        color="#111111" if hub else "#222222",
        linespacing=1.15,
        bbox={
            "boxstyle": "round,pad=0.35,rounding_size=0.3",
            "facecolor": lk.fill if not lk.tags else "#FFFFFF",
            "edgecolor": lk.border,
            "linewidth": lk.border_width,
            "linestyle": "--" if lk.border_dash else "-",
        },
    )
    return t.get_window_extent(renderer).expanded(1.12, 1.5)


def _spots(lk: Look, ppu: float, dpi: float) -> list[Spot]:
    """The eight spots around a symbol, in the order they are tried."""
    r_pt = marker_pt(lk, ppu) / 2.0 + 1.5
    r = r_pt * dpi / 72.0
    d = r / math.sqrt(2.0)
    return [
        (r, 0.0, "left", "center"),
        (-r, 0.0, "right", "center"),
        (0.0, r, "center", "bottom"),
        (0.0, -r, "center", "top"),
        (d, d, "left", "bottom"),
        (d, -d, "left", "top"),
        (-d, d, "right", "bottom"),
        (-d, -d, "right", "top"),
    ]


def _place_label(
    ax: Axes, lk: Look, text: str, spots: Sequence[Spot], placer: _Placer
) -> Bbox | None:
    """The label of a symbol at its first free spot (the box it takes), or no label."""
    x, y = ax.transData.transform((lk.x, lk.y))
    t = ax.text(
        0,
        0,
        text,
        fontsize=lk.font,
        zorder=5,
        color="#1a1a1a",
        linespacing=1.1,
        # a light box rather than a stroke halo: a stroked label becomes outlines in a
        # PDF, and labels must stay real (extractable, searchable) text
        bbox={
            "boxstyle": "square,pad=0.08",
            "facecolor": "white",
            "alpha": 0.72,
            "edgecolor": "none",
        },
    )
    for dx, dy, ha, va in spots:
        px, py = ax.transData.inverted().transform((x + dx, y + dy))
        t.set_position((float(px), float(py)))
        t.set_horizontalalignment(ha)  # type: ignore[arg-type]
        t.set_verticalalignment(va)  # type: ignore[arg-type]
        bb = t.get_window_extent(placer.renderer)
        if placer.free(bb, lk.node):
            placer.taken.append(bb.expanded(1.04, 1.08))
            return bb
    t.remove()
    return None


def draw_labels(
    ax: Axes,
    looks: Sequence[Look],
    ppu: float,
    boxes: dict[str, Box],
) -> tuple[list[str], list[str]]:
    """Draw the labels; returns (the nodes labelled, the nodes left unlabelled) and puts
    each label's box on the page into ``boxes``."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    dpi = float(fig.dpi)
    placer = _Placer(ax, renderer)
    for lk in looks:
        if not lk.boxed:
            placer.obstacles.append((lk.node, _symbol_bbox(ax, lk, ppu, dpi)))
    labelled: list[str] = []
    unlabelled: list[str] = []
    # area boxes first (always drawn), then the rest by priority
    for lk in sorted(looks, key=lambda k: (k.priority, k.node)):
        text = lk.label + ("\n" + " / ".join(lk.tags) if lk.tags else "")
        if lk.boxed:
            bb = _box_label(ax, lk, text, renderer)
            placer.taken.append(bb)
            labelled.append(lk.node)
            boxes[lk.node] = (bb.x0, bb.y0, bb.x1, bb.y1)
            continue
        placed = _place_label(ax, lk, text, _spots(lk, ppu, dpi), placer)
        if placed is not None:
            boxes[lk.node] = (placed.x0, placed.y0, placed.x1, placed.y1)
            labelled.append(lk.node)
        else:
            unlabelled.append(lk.node)
    return labelled, unlabelled
