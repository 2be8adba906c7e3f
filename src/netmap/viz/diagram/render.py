"""Drawing a published view on one page, and writing it as PNG, SVG or PDF.

The page: a title and a line of dates and counts at the top; the map
(:mod:`~netmap.viz.diagram.draw`, :mod:`~netmap.viz.diagram.labels`); the legend
(:mod:`~netmap.viz.diagram.legend`) beside it (landscape) or under it (portrait); the footer.

**Footer.** The sources of the shown records and the privacy notice wrap to the page width
(:func:`~netmap.viz.diagram.wrap.wrap_text`); a source list too long for three lines has
its web addresses shortened to their host + "…"
(:func:`~netmap.viz.diagram.sources.shorten_source`; the district sheet and the tables'
about sheet list them in full). The map area shrinks by the footer's height.

Only published views are drawn (:func:`netmap.disclosure.guard.require_published`); the
diagram shows no resident counts at all.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap.disclosure.guard import require_published
from netmap.disclosure.publish import privacy_notice, view_period
from netmap.errors import NetmapError
from netmap.viz.diagram.draw import draw_edges, draw_halos, draw_nodes, fit_map
from netmap.viz.diagram.fonts import mpl_context
from netmap.viz.diagram.labels import Box, draw_labels
from netmap.viz.diagram.legend import LegendPlan, draw_legend, legend_rows, plan_legend
from netmap.viz.diagram.looks import node_looks
from netmap.viz.diagram.options import (
    DIAGRAM_FORMATS,
    MM,
    DiagramOptions,
    default_layers,
    default_title,
    page_size_inches,
)
from netmap.viz.diagram.sources import source_line
from netmap.viz.diagram.wrap import Measure, fit_lines, wrap_text
from netmap.viz.layout import Pos, compute_layout, group_extents
from netmap.viz.styles import category_label
from netmap.viz.texts import PLURAL_EN
from netmap.viz.texts import t as _t

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Diagram", "diagram_bytes", "render_diagram", "write_diagram"]


@dataclass
class Diagram:
    """What :func:`render_diagram` drew (for tests and captions)."""

    figure: Figure
    labelled: list[str] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)
    #: node → its label's box on the page (x0, y0, x1, y1 in pixels at the figure's dpi)
    label_boxes: dict[str, Box] = field(default_factory=dict)
    layers: frozenset[str] = frozenset()


def _meta_line(view: nx.MultiDiGraph, created: dt.date, lang: str) -> str:
    counts: Counter[str] = Counter(
        str(d.get("category"))
        for _, d in view.nodes(data=True)
        if not (d.get("category") == "Organisation" and d.get("wide_level"))
    )
    wide = Counter(str(d["wide_level"]) for _, d in view.nodes(data=True) if d.get("wide_level"))
    bits = [
        _t("as_of", lang, d=view.graph.get("as_of") or "-"),
        _t("created", lang, d=created.isoformat()),
    ]
    for cat in ("Area", "Organisation", "Activity", "Network"):
        if counts.get(cat):
            label = category_label(cat, lang) if lang == "ja" else PLURAL_EN[cat]
            text = _t("counts", lang, label=label, n=counts[cat])
            if cat == "Organisation" and wide:
                # the ward's and the city's own organisations shown beside the area's
                what = "・".join(_t(f"wide.{k}", lang) for k in ("ward", "city") if wide[k])
                text += _t("orgs_outside", lang, what=what, n=sum(wide.values()))
            bits.append(text)
    return _t("meta_sep", lang).join(bits)


@dataclass
class _Footer:
    """The footer's font, line height and width (inches), its source lines and the
    privacy notice; its height is reserved for the worst case (every label omitted)."""

    font: float
    line_h: float
    width: float
    measure: Measure
    notice: str
    source: list[str] = field(default_factory=list)
    widths: dict[str, float] = field(default_factory=dict)

    def char_w(self, ch: str) -> float:
        if ch not in self.widths:
            self.widths[ch] = self.measure(ch, self.font)
        return self.widths[ch]

    def wrap(self, text: str) -> list[str]:
        return wrap_text(text, self.width, self.char_w)

    def height(self, n_nodes: int, lang: str) -> float:
        worst = self.notice + "　" + _t("omitted", lang, n=n_nodes)
        n_foot = len(self.source) + len(self.wrap(worst))
        return max(9.0 * MM, n_foot * self.line_h + 2.5 * MM)


def _plan_footer(
    view: nx.MultiDiGraph, opts: DiagramOptions, measure: Measure, avail_w: float, notice: str
) -> _Footer:
    """The footer of a page ``avail_w`` inches wide between its margins: the source in up
    to three lines (web addresses shortened when too long in full), the notice below."""
    lang = opts.lang
    font = 7.0 if opts.paper == "A4" else 8.0
    note_w = measure(opts.footer_note, font) + 4.0 * MM if opts.footer_note else 0.0
    foot = _Footer(font, font * 1.35 / 72.0, (avail_w - note_w) * 0.98, measure, notice)
    src_text = opts.source or source_line(view, lang)
    if opts.source is None and len(foot.wrap(src_text)) > 3:
        # too long in full: web addresses shortened to their host (the district sheet
        # and the tables' about sheet list the sources in full)
        src_text = source_line(view, lang, short=True)
    foot.source = fit_lines(src_text, foot.width, foot.char_w, 3)
    return foot


Region = tuple[float, float, float, float]
#: The page's margin (inches).
_MARGIN = 9.0 * MM


def _plan_page(
    rows: list[Any], measure: Measure, opts: DiagramOptions, size: tuple[float, float],
    foot_h: float,
) -> tuple[LegendPlan, Region, dict[str, Region]]:  # fmt: skip
    """The legend's plan, its box (inches) and the page's regions (figure fractions)."""
    w, h = size
    small = opts.paper == "A4"
    m, head_h = _MARGIN, 17.0 * MM
    top, bottom = h - m - head_h, m + foot_h
    legend_font = 7.4 if small else 8.8
    if opts.orientation == "landscape":
        plan = plan_legend(rows, measure, font=legend_font, max_h=top - bottom)
        leg_w = min(plan.width, 0.42 * w)
        map_box = (m, bottom, w - 2 * m - leg_w - 5 * MM, top - bottom)
        leg_box = (w - m - leg_w, bottom, leg_w, top - bottom)
    else:
        plan = plan_legend(rows, measure, font=legend_font, max_w=w - 2 * m)
        leg_h = plan.height
        map_box = (m, bottom + leg_h + 4 * MM, w - 2 * m, top - bottom - leg_h - 4 * MM)
        leg_box = (m, bottom, w - 2 * m, leg_h)
    regions = {
        "map": (map_box[0] / w, map_box[1] / h, map_box[2] / w, map_box[3] / h),
        "legend": (leg_box[0] / w, leg_box[1] / h, leg_box[2] / w, leg_box[3] / h),
        "title": (m / w, (h - m) / h, 0.0, 0.0),
        "footer": (m / w, m / h, (w - 2 * m) / w, 0.0),
    }
    return plan, leg_box, regions


def _draw_header(
    fig: Figure, view: nx.MultiDiGraph, opts: DiagramOptions, region: Region, h: float
) -> None:
    """The title and the line of dates and counts under it."""
    title = opts.title or default_title(view, opts.lang)
    tx, ty, _, _ = region
    small = opts.paper == "A4"
    big = 17.0 if small else 21.0
    fig.text(tx, ty, title, fontsize=big, va="top", ha="left", color="#111111")
    created = opts.created or dt.date.today()
    fig.text(
        tx,
        ty - (big + 6.0) / 72.0 / h,
        _meta_line(view, created, opts.lang),
        fontsize=8.6 if small else 10.0,
        va="top",
        ha="left",
        color="#555555",
    )


def _draw_map(
    fig: Figure,
    view: nx.MultiDiGraph,
    pos: Mapping[str, Pos],
    layers: frozenset[str],
    opts: DiagramOptions,
    region: Region,
    size: tuple[float, float],
) -> tuple[list[str], list[str], dict[str, Box]]:
    """The map's axes on a page of ``size`` inches: halos, edges, symbols and labels;
    returns (labelled, unlabelled, label boxes)."""
    lang = opts.lang
    ax = fig.add_axes(region)
    ax.set_axis_off()
    ext = group_extents(view, pos)
    looks = node_looks(view, pos, layers, lang, 1.0 if opts.paper == "A4" else 1.3)
    ppu = fit_map(ax, size, list(pos.values()), list(ext.values()), 0.06)
    labelled: list[str] = []
    unlabelled: list[str] = []
    boxes: dict[str, Box] = {}
    if view.number_of_nodes() == 0:
        ax.text(0.5, 0.5, _t("nothing", lang), ha="center", va="center", transform=ax.transAxes)
    else:
        draw_halos(ax, view, ext, layers)
        draw_edges(ax, view, pos, layers, ppu)
        draw_nodes(ax, looks, ppu)
        labelled, unlabelled = draw_labels(ax, looks, ppu, boxes)
    return labelled, unlabelled, boxes


def _draw_footer(
    fig: Figure, foot: _Footer, opts: DiagramOptions, region: Region, h: float, n_omitted: int
) -> None:
    """Footer lines drawn upwards from the bottom margin (``h``: the page's height), in
    the height reserved."""
    fx, fy, _, _ = region
    notice = foot.notice
    if n_omitted:
        notice += "　" + _t("omitted", opts.lang, n=n_omitted)
    lines = foot.source + foot.wrap(notice)
    for k, line in enumerate(reversed(lines)):
        fig.text(fx, fy + k * foot.line_h / h, line, fontsize=foot.font, color="#555555",
                 va="bottom")  # fmt: skip
    if opts.footer_note:
        fig.text(
            1 - fx, fy, opts.footer_note, fontsize=foot.font, color="#555555", va="bottom",
            ha="right",
        )  # fmt: skip


def render_diagram(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None = None,
    options: DiagramOptions | None = None,
) -> Diagram:
    """Draw a published view on one page (a matplotlib ``Figure``, no pyplot state).

    Call inside :func:`~netmap.viz.diagram.fonts.mpl_context` when saving
    (``write_diagram`` and ``diagram_bytes`` do): the font settings apply at drawing and at
    saving time.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    opts = options or DiagramOptions()
    threshold = require_published(view)
    pos = dict(positions) if positions is not None else compute_layout(view)
    layers = opts.layers if opts.layers is not None else default_layers(view)
    w, h = page_size_inches(opts.paper, opts.orientation)
    # whole pixels, so a PNG is the paper size at the dpi, rounded (A4 at 100 dpi: 1169x827)
    w, h = round(w * opts.dpi) / opts.dpi, round(h * opts.dpi) / opts.dpi
    fig = Figure(figsize=(w, h), dpi=opts.dpi, facecolor="white")
    FigureCanvasAgg(fig)

    measure = Measure(fig)
    rows = legend_rows(view, layers, opts.lang)
    # the footer wraps to the page width (a long source never runs off the page): the
    # source in up to three lines, the privacy notice (and the omitted labels) below it
    notice = privacy_notice(threshold, opts.lang, period=view_period(view))
    foot = _plan_footer(view, opts, measure, w - 2 * _MARGIN, notice)
    foot_h = foot.height(view.number_of_nodes(), opts.lang)
    plan, leg_box, regions = _plan_page(rows, measure, opts, (w, h), foot_h)

    _draw_header(fig, view, opts, regions["title"], h)
    labelled, unlabelled, boxes = _draw_map(fig, view, pos, layers, opts, regions["map"], (w, h))
    lax = fig.add_axes(regions["legend"])
    draw_legend(lax, plan, leg_box[2], leg_box[3], measure)
    _draw_footer(fig, foot, opts, regions["footer"], h, len(unlabelled))
    return Diagram(
        figure=fig, labelled=labelled, unlabelled=unlabelled, label_boxes=boxes, layers=layers
    )


def _format_of(path: Path, fmt: str | None) -> str:
    f = (fmt or path.suffix.lstrip(".")).lower()
    if f not in DIAGRAM_FORMATS:
        raise NetmapError(
            f"a diagram is written as PNG, SVG or PDF, not {f or 'no extension'!r}",
            details={"format": f},
        )
    return f


def _save(fig: Figure, target: Any, fmt: str, dpi: int, title: str) -> None:
    meta: dict[str, Any]
    if fmt == "pdf":
        meta = {"Title": title, "Creator": "netmap", "Producer": "netmap (matplotlib)"}
    elif fmt == "svg":
        meta = {"Title": title, "Creator": "netmap", "Date": None}
    else:
        meta = {"Title": title, "Software": "netmap"}
    fig.savefig(target, format=fmt, dpi=dpi, metadata=meta, facecolor="white")


def diagram_bytes(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None = None,
    options: DiagramOptions | None = None,
    *,
    fmt: str = "png",
) -> bytes:
    """The diagram as PNG/SVG/PDF bytes (PNG: the paper size at ``options.dpi``)."""
    opts = options or DiagramOptions()
    f = _format_of(Path("x"), fmt)
    with mpl_context(svg_text=opts.svg_text, font=opts.font):
        dia = render_diagram(view, positions, opts)
        buf = io.BytesIO()
        _save(dia.figure, buf, f, opts.dpi, opts.title or default_title(view, opts.lang))
    return buf.getvalue()


def write_diagram(
    view: nx.MultiDiGraph,
    path: Path,
    positions: Mapping[str, Pos] | None = None,
    options: DiagramOptions | None = None,
    *,
    fmt: str | None = None,
) -> Path:
    """Write the diagram; the format comes from ``fmt`` or the file's extension."""
    f = _format_of(Path(path), fmt)
    data = diagram_bytes(view, positions, options, fmt=f)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(data)
    return Path(path)
