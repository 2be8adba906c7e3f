"""The district sheet's pages: flowing text and tables over landscape pages.

:class:`Doc` lays out headings, paragraphs, key figures and tables from the top of a page
down, starting a new page (its header, a rule) when the next block does not fit; a long
table flows onto further pages with its heading row repeated. Every text wraps to the
page width by measured width (:func:`netmap.viz.diagram.wrap_text`), and every page's
footer lines (:meth:`Doc.footer`) too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netmap.viz.diagram import MM, wrap_text
from netmap.viz.styles import PALETTE

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Doc"]


@dataclass(frozen=True)
class _Grid:
    """A table's columns: widths (inches), which are numbers (right-aligned), the cell
    padding and the line height (inches)."""

    col_w: list[float]
    numeric: list[bool]
    pad: float
    lh: float

    def lines(self, doc: Doc, cells: Sequence[Any], size: float) -> list[list[str]]:
        """Each cell wrapped to its column."""
        return [
            doc.wrap("" if c is None else str(c), cw - 2 * self.pad, size)
            for c, cw in zip(cells, self.col_w, strict=True)
        ]

    def height(self, lines: list[list[str]]) -> float:
        """The height of a row of wrapped cells."""
        return max(len(x) for x in lines) * self.lh + 2 * self.pad


class Doc:
    """Flowing text and tables over landscape pages (inches from the top-left); ``foot``:
    the footer texts of every page, wrapped to the page width (drawn by :meth:`footer`)."""

    def __init__(
        self,
        w: float,
        h: float,
        *,
        header: str,
        meta: str,
        small: bool,
        foot: Sequence[str] = (),
    ) -> None:
        self.w, self.h = w, h
        self.header, self.meta = header, meta
        self.m = 12.0 * MM
        self.small = small
        self.body = 8.4 if small else 9.6
        self.pages: list[Figure] = []
        self.fig: Figure | None = None
        self.y = 0.0
        self._widths: dict[tuple[str, float], float] = {}
        self._renderer: Any = None
        self.foot_size = 7.0
        self.foot_lh = self.foot_size * 1.35 / 72.0
        # room on the right of the footer for the page number ("12 / 12")
        self.foot_width = (self.width - 16.0 * MM) * 0.98
        self.foot_lines = [ln for s in foot for ln in self.wrap(s, self.foot_width, self.foot_size)]

    # -- pages
    @property
    def bottom(self) -> float:
        foot = 4.5 * MM + len(self.foot_lines) * self.foot_lh + 3.0 * MM
        return self.h - max(self.m + 8.0 * MM, foot)

    @property
    def width(self) -> float:
        return self.w - 2 * self.m

    def new_page(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(self.w, self.h), dpi=100, facecolor="white")
        FigureCanvasAgg(fig)
        self._renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        self.fig = fig
        self.pages.append(fig)
        y = self.m
        self.text(self.m, y, self.header, 15.0 if self.small else 18.0, va="top")
        self.text(self.w - self.m, y + 0.05, self.meta, 8.0, color="#555555", ha="right", va="top")
        y += (15.0 if self.small else 18.0) * 1.45 / 72.0
        self.line(self.m, y, self.w - self.m, y, "#33526E", 1.2)
        self.y = y + 4.0 * MM

    def footer(self, fig: Figure) -> None:
        """The footer lines at the foot of ``fig`` (bottom line 4.5 mm above the edge)."""
        for k, ln in enumerate(reversed(self.foot_lines)):
            y = 4.5 * MM + k * self.foot_lh
            fig.text(self.m / self.w, y / self.h, ln, fontsize=self.foot_size, color="#555555")

    def ensure(self, need: float) -> bool:
        """Start a new page unless ``need`` inches fit; True when a page was started."""
        if self.fig is None or self.y + need > self.bottom:
            self.new_page()
            return True
        return False

    # -- drawing primitives (inches from the top-left)
    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: float,
        *,
        color: str = "#222222",
        ha: str = "left",
        va: str = "baseline",
    ) -> None:
        assert self.fig is not None
        self.fig.text(x / self.w, 1 - y / self.h, s, fontsize=size, color=color, ha=ha, va=va)

    def line(self, x0: float, y0: float, x1: float, y1: float, color: str, lw: float) -> None:
        from matplotlib.lines import Line2D

        assert self.fig is not None
        self.fig.add_artist(
            Line2D(
                [x0 / self.w, x1 / self.w],
                [1 - y0 / self.h, 1 - y1 / self.h],
                color=color,
                linewidth=lw,
                transform=self.fig.transFigure,
            )
        )

    def rect(self, x: float, y: float, w: float, h: float, fill: str, edge: str = "none") -> None:
        from matplotlib.patches import Rectangle

        assert self.fig is not None
        self.fig.add_artist(
            Rectangle(
                (x / self.w, 1 - (y + h) / self.h),
                w / self.w,
                h / self.h,
                facecolor=fill,
                edgecolor=edge,
                linewidth=0.6,
                transform=self.fig.transFigure,
            )
        )

    # -- text measuring and wrapping
    def _char_w(self, ch: str, size: float) -> float:
        key = (ch, size)
        if key not in self._widths:
            from matplotlib.font_manager import FontProperties

            if self._renderer is None:
                # measure on a scratch figure (the same dpi as the pages)
                from matplotlib.backends.backend_agg import FigureCanvasAgg
                from matplotlib.figure import Figure

                scratch = Figure(figsize=(self.w, self.h), dpi=100)
                FigureCanvasAgg(scratch)
                self._renderer = scratch.canvas.get_renderer()  # type: ignore[attr-defined]
            w, _, _ = self._renderer.get_text_width_height_descent(
                ch, FontProperties(size=size), ismath=False
            )
            self._widths[key] = float(w) / 100.0
        return self._widths[key]

    def measure(self, s: str, size: float) -> float:
        return sum(self._char_w(c, size) for c in s)

    def wrap(self, s: str, width: float, size: float) -> list[str]:
        """Wrap by measured width (:func:`netmap.viz.diagram.wrap_text`)."""
        return wrap_text(s, width, lambda ch: self._char_w(ch, size))

    # -- blocks
    def section(self, title: str, first_rows: float = 0.6) -> None:
        size = 12.0 if self.small else 14.0
        self.ensure(size * 1.6 / 72.0 + first_rows)
        self.y += 1.5 * MM
        self.rect(self.m, self.y, 1.4 * MM, size * 1.15 / 72.0, PALETTE["vermillion"])
        self.text(self.m + 3.0 * MM, self.y + size * 0.95 / 72.0, title, size, color="#111111")
        self.y += size * 1.6 / 72.0

    @property
    def subsection_h(self) -> float:
        return (self.body + 1.0) * 1.6 / 72.0 + 0.8 * MM

    def subsection(self, title: str, first_rows: float = 0.45, *, keep: bool = True) -> None:
        """A small heading inside a section, kept with the start of what follows
        (``keep=False``: the caller made room already)."""
        size = self.body + 1.0
        if keep:
            self.ensure(self.subsection_h + first_rows)
        self.y += 0.8 * MM
        self.text(self.m, self.y + size / 72.0, title, size, color="#33526E")
        self.y += size * 1.6 / 72.0

    def paragraph(
        self, s: str, size: float | None = None, color: str = "#333333", indent: float = 0.0
    ) -> None:
        size = size or self.body
        lines = self.wrap(s, self.width - indent, size)
        lh = size * 1.45 / 72.0
        for ln in lines:
            self.ensure(lh)
            self.text(self.m + indent, self.y + size / 72.0, ln, size, color=color)
            self.y += lh
        self.y += 1.5 * MM

    def cards(self, items: Sequence[tuple[str, str]]) -> None:
        """A row of key figures: a small label over a large value."""
        n = max(1, len(items))
        gap = 3.0 * MM
        cw = (self.width - gap * (n - 1)) / n
        label_size, value_size = self.body - 0.4, self.body + 6.0
        hgt = (label_size + value_size) * 1.5 / 72.0 + 3.0 * MM
        self.ensure(hgt)
        for i, (label, value) in enumerate(items):
            x = self.m + i * (cw + gap)
            self.rect(x, self.y, cw, hgt, "#F3F6F9", "#C9D3DD")
            self.text(x + 2.2 * MM, self.y + 1.6 * MM + label_size / 72.0, label, label_size,
                      color="#444444")  # fmt: skip
            vs = value_size
            while self.measure(value, vs) > cw - 4.4 * MM and vs > self.body:
                vs -= 1.0
            self.text(x + 2.2 * MM, self.y + hgt - 2.2 * MM, value, vs, color="#111111")
        self.y += hgt + 4.0 * MM

    def table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        *,
        numeric: Sequence[bool] | None = None,
        title: str = "",
        heading: str = "",
    ) -> None:
        """A table with wrapped cells; flows onto new pages repeating the heading row.
        ``heading``: a :meth:`subsection` heading kept on the page of the table's start."""
        size = self.body
        total = sum(widths)
        grid = _Grid(
            [self.width * w / total for w in widths],
            list(numeric or [False] * len(headings)),
            1.2 * MM,
            size * 1.38 / 72.0,
        )
        head_lines = grid.lines(self, headings, size - 0.4)
        head_h = grid.height(head_lines)
        body = [grid.lines(self, r, size) for r in rows]
        heights = [grid.height(lines) for lines in body]
        first_h = head_h + (heights[0] if heights else 0.0)
        whole = head_h + sum(heights)
        # keep a short table together; a long one starts wherever its first row fits
        page_body = self.bottom - self.m - 20.0 * MM
        above = self.subsection_h if heading else 0.0
        self.ensure(above + (whole if whole <= 0.4 * page_body else first_h))
        if heading:
            self.subsection(heading, keep=False)
        self._table_head(grid, head_lines, head_h)
        for i, (lines, rh) in enumerate(zip(body, heights, strict=True)):
            if self.y + rh > self.bottom:
                self.new_page()
                if title:
                    self.text(self.m, self.y + size / 72.0, title, size, color="#555555")
                    self.y += grid.lh + 1.0 * MM
                self._table_head(grid, head_lines, head_h)
            if i % 2 == 1:
                self.rect(self.m, self.y, self.width, rh, "#F3F6F9")
            self._row_text(grid, lines, size)
            self.y += rh
            self.line(self.m, self.y, self.m + self.width, self.y, "#D5DCE3", 0.5)
        self.y += 4.0 * MM

    def _table_head(self, grid: _Grid, head_lines: list[list[str]], head_h: float) -> None:
        """A table's heading row (white on dark blue)."""
        self.rect(self.m, self.y, self.width, head_h, "#33526E")
        self._row_text(grid, head_lines, self.body - 0.4, "#FFFFFF")
        self.y += head_h

    def _row_text(
        self, grid: _Grid, lines: list[list[str]], size: float, color: str = "#222222"
    ) -> None:
        """The wrapped cells of a row, each cell's lines from the row's top."""
        x = self.m
        for cell, cw, num in zip(lines, grid.col_w, grid.numeric, strict=True):
            for k, ln in enumerate(cell):
                self.text(
                    x + (cw - grid.pad if num else grid.pad),
                    self.y + grid.pad + (k + 0.78) * grid.lh,
                    ln,
                    size,
                    color=color,
                    ha="right" if num else "left",
                )
            x += cw
