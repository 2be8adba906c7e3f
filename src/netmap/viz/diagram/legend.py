"""A diagram's legend: what its symbols mean, in columns beside or under the map.

The rows come from :func:`netmap.viz.styles.legend_entries` (the interactive map's legend):
the kinds present, the highlights drawn, the one-hue scale of gaps and what the symbols'
sizes mean. A landscape page has the legend in a side panel, a portrait page in a band
under the map (as few rows as fit); the font shrinks down to 6 points when needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap.viz.diagram.wrap import Measure
from netmap.viz.styles import (
    AREA_DOT,
    GAP_SCALE,
    GAP_SCALE_LABELS,
    MPL_MARKERS,
    LegendEntry,
    category_label,
    kind_display,
    legend_entries,
)
from netmap.viz.texts import t as _t

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["LegendPlan", "draw_legend", "legend_rows", "plan_legend"]

_BOX_MARKER: Any = None


def _box_marker() -> Any:
    """A wide rounded-looking box marker (area levels in the legend)."""
    global _BOX_MARKER
    if _BOX_MARKER is None:
        from matplotlib.path import Path as MPath

        _BOX_MARKER = MPath(
            [(-1.0, -0.6), (1.0, -0.6), (1.0, 0.6), (-1.0, 0.6), (-1.0, -0.6)],
            [MPath.MOVETO, MPath.LINETO, MPath.LINETO, MPath.LINETO, MPath.CLOSEPOLY],
        )
    return _BOX_MARKER


def _legend_symbol(ax: Axes, x: float, y: float, e: LegendEntry, half_w: float) -> None:
    """Draw a legend symbol centred at axes fraction (x, y); ``half_w``: half the symbol
    slot's width in axes fraction (for lines)."""
    from matplotlib.lines import Line2D

    if e.shape == "line":
        ax.add_line(
            Line2D(
                [x - half_w, x + half_w],
                [y, y],
                color=e.color,
                linewidth=1.8,
                linestyle=(0, (3, 2)) if e.dashes else "-",
                transform=ax.transAxes,
            )
        )
        return
    common: dict[str, Any] = {"transform": ax.transAxes, "clip_on": False}
    if e.shape == "ring":
        ax.scatter(
            [x], [y], s=70, marker="o", c="#F4F4F4", edgecolors=e.color, linewidths=2.0,
            linestyle="--" if e.dashes else "-", **common,
        )  # fmt: skip
        return
    if e.shape == "box":
        ax.scatter(
            [x], [y], s=110, marker=_box_marker(), c=e.color, edgecolors=e.border,
            linewidths=0.8, **common,
        )  # fmt: skip
        return
    marker = MPL_MARKERS.get(e.shape, "o")
    ax.scatter(
        [x], [y], s=(64 if marker != "*" else 120), marker=marker, c=e.color,
        edgecolors=e.border, linewidths=0.8, **common,
    )  # fmt: skip


def _present_kinds(view: nx.MultiDiGraph, city: bool) -> dict[str, set[str | None]]:
    """Category → the kinds shown (on the city map, the areas drawn as boxes only)."""
    present: dict[str, set[str | None]] = {}
    for _, d in view.nodes(data=True):
        present.setdefault(str(d.get("category")), set()).add(d.get("kind"))
    if city:
        # districts are dots on the city map; the area legend lists the boxed levels only
        boxed = {
            d.get("kind")
            for _, d in view.nodes(data=True)
            if d.get("category") == "Area" and d.get("group_centre")
        }
        present["Area"] = boxed
    return present


def _shown_layers(view: nx.MultiDiGraph, layers: frozenset[str]) -> list[str]:
    """The highlights of ``layers`` the view has something of, and ties when it has any."""
    shown_layers = []
    has_gap = any(
        any(g.get("kind") == "gap" for g in d.get("gaps") or []) for _, d in view.nodes(data=True)
    )
    has_iso = any((d.get("isolation") or {}).get("isolated") for _, d in view.nodes(data=True))
    has_bridge = any((d.get("bridge") or {}).get("rank") for _, d in view.nodes(data=True))
    types = {str(e.get("type")) for *_, e in view.edges(data=True)}
    for layer, ok in (
        ("gap", has_gap),
        ("isolated", has_iso),
        ("bridge", has_bridge),
        ("missing_bridge", "missing_bridge" in types),
        ("flow", "referral" in types),
    ):
        if ok and layer in layers:
            shown_layers.append(layer)
    if {"member_of", "partners_with", "tie"} & types:
        shown_layers.append("tie")
    return shown_layers


def legend_rows(view: nx.MultiDiGraph, layers: frozenset[str], lang: str) -> list[Any]:
    """Rows: ("head", text) | ("entry", LegendEntry) | ("scale", None) | ("note", text)."""
    city = view.graph.get("view") == "city"
    present = _present_kinds(view, city)
    shown_layers = _shown_layers(view, layers)
    rows: list[Any] = []
    last = None
    entries = legend_entries(present, lang=lang, layers=shown_layers)
    if city:
        # the districts drawn as dots (size = organisations), after the boxed levels
        at = max((i + 1 for i, e in enumerate(entries) if e.category == "Area"), default=0)
        dot = LegendEntry("Area", "district", kind_display("Area", "district", lang),
                          AREA_DOT.color, AREA_DOT.shape, AREA_DOT.border)  # fmt: skip
        entries.insert(at, dot)
    for entry in entries:
        if entry.category != last:
            head = (
                _t("layers_head", lang)
                if entry.category == "layer"
                else category_label(entry.category, lang)
            )
            rows.append(("head", head))
            last = entry.category
        rows.append(("entry", entry))
    if "gap" in shown_layers:
        rows.append(("scale", _t("gap_count", lang)))
    if city:
        rows.append(("head", _t("size_head", lang)))
        rows.append(("note", _t("city_size_note", lang)))
    elif "Organisation" in present:
        rows.append(("head", _t("size_head", lang)))
        rows.append(("note", _t("size_note", lang)))
    if any(d.get("wide_level") for _, d in view.nodes(data=True)):
        rows.append(("note", _t("wide_note", lang)))
    return rows


_SYM_IN = 0.24  # width of the symbol slot of a legend row (inches)
_TXT_GAP_IN = 0.05
_COL_GAP_IN = 0.16


@dataclass
class LegendPlan:
    """The legend's rows in columns, each column's width (inches) and the font size."""

    columns: list[list[Any]]
    widths: list[float]  # inches
    font: float

    @property
    def step(self) -> float:
        return self.font * 1.6 / 72.0

    @property
    def width(self) -> float:
        return sum(self.widths) + _COL_GAP_IN * max(0, len(self.widths) - 1)

    @property
    def height(self) -> float:
        return max((len(c) for c in self.columns), default=0) * self.step + 0.3 * self.step


def _row_width(row: Any, font: float, measure: Measure) -> float:
    kind, payload = row
    if kind == "head":
        return measure(str(payload), font + 0.6)
    if kind == "entry":
        return _SYM_IN + _TXT_GAP_IN + measure(payload.label, font)
    if kind == "scale":
        return (
            measure(str(payload), font)
            + 0.08
            + sum(0.16 + 0.04 + measure(t, font - 0.5) + 0.06 for t in GAP_SCALE_LABELS)
        )
    return measure(str(payload), font)


def _split(rows: list[Any], per_col: int) -> list[list[Any]]:
    cols: list[list[Any]] = [[]]
    for i, row in enumerate(rows):
        full = len(cols[-1]) >= per_col
        # never leave a group head alone at the foot of a column
        orphan = row[0] == "head" and len(cols[-1]) >= per_col - 1 and i + 1 < len(rows)
        if cols[-1] and (full or orphan):
            cols.append([])
        cols[-1].append(row)
    return cols


def plan_legend(
    rows: list[Any],
    measure: Measure,
    *,
    font: float,
    max_h: float | None = None,
    max_w: float | None = None,
    max_cols: int = 6,
) -> LegendPlan:
    """Columns of legend rows that fit ``max_h`` (a side panel) or ``max_w`` (a band under
    the map, as few rows as fit), shrinking the font down to 6 points if needed."""
    size = font
    while True:
        step = size * 1.6 / 72.0
        if max_h is not None:
            per_col = max(1, int((max_h - 0.3 * step) // step))
            n_cols = math.ceil(len(rows) / per_col)
            # balance the columns (no near-empty last column)
            cols = _split(rows, min(per_col, math.ceil(len(rows) / n_cols) + 1))
        else:
            cols = _split(rows, len(rows))
            for k in range(2, max_cols + 1):
                cand = _split(rows, math.ceil(len(rows) / k))
                widths = [max(_row_width(r, size, measure) for r in c) for c in cand]
                if sum(widths) + _COL_GAP_IN * (len(cand) - 1) > (max_w or 1e9):
                    break
                cols = cand
        widths = [max((_row_width(r, size, measure) for r in c), default=0.0) for c in cols]
        plan = LegendPlan(cols, widths, size)
        too_wide = max_w is not None and plan.width > max_w
        if not too_wide or size <= 6.0:
            return plan
        size -= 0.4


def _draw_scale(
    ax: Axes, x0: float, y: float, text: str, plan: LegendPlan, box: tuple[float, float],
    measure: Measure,
) -> None:  # fmt: skip
    """The gap scale's row: its name and the four steps, each a swatch and its label."""
    from matplotlib.patches import Rectangle

    box_w, box_h = box
    font, step = plan.font, plan.step
    text_kw: dict[str, Any] = {"va": "center", "transform": ax.transAxes, "clip_on": False}
    ax.text(x0 / box_w, 1.0 - y / box_h, text, fontsize=font, color="#222222", **text_kw)
    bx = x0 + _row_width(("note", text), font, measure) + 0.08
    for c, lab in zip(GAP_SCALE, GAP_SCALE_LABELS, strict=True):
        ax.add_patch(
            Rectangle(
                (bx / box_w, 1.0 - (y + step * 0.3) / box_h), 0.16 / box_w, step * 0.6 / box_h,
                facecolor=c, edgecolor="#999999", linewidth=0.6,
                transform=ax.transAxes, clip_on=False,
            )
        )  # fmt: skip
        ax.text((bx + 0.2) / box_w, 1.0 - y / box_h, lab, fontsize=font - 0.5, **text_kw)
        bx += 0.16 + 0.04 + measure(lab, font - 0.5) + 0.06


def draw_legend(ax: Axes, plan: LegendPlan, box_w: float, box_h: float, measure: Measure) -> None:
    """Draw a planned legend into an axes of ``box_w`` x ``box_h`` inches."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    font, step = plan.font, plan.step

    def fx(x_in: float) -> float:
        return x_in / box_w

    def fy(y_in: float) -> float:
        return 1.0 - y_in / box_h

    text_kw: dict[str, Any] = {"va": "center", "transform": ax.transAxes, "clip_on": False}
    x0 = 0.0
    for col, width in zip(plan.columns, plan.widths, strict=True):
        y = step * 0.65
        for kind, payload in col:
            if kind == "head":
                ax.text(fx(x0), fy(y), payload, fontsize=font + 0.6, color="#111111", **text_kw)
            elif kind == "entry":
                _legend_symbol(ax, fx(x0 + _SYM_IN / 2), fy(y), payload, fx(_SYM_IN * 0.42))
                ax.text(
                    fx(x0 + _SYM_IN + _TXT_GAP_IN), fy(y), payload.label, fontsize=font,
                    color="#222222", **text_kw,
                )  # fmt: skip
            elif kind == "scale":
                _draw_scale(ax, x0, y, payload, plan, (box_w, box_h), measure)
            else:
                ax.text(fx(x0), fy(y), payload, fontsize=font, color="#333333", **text_kw)
            y += step
        x0 += width + _COL_GAP_IN
