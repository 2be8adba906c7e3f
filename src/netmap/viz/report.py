"""The district sheet (地区シート): a few PDF pages to bring to a district meeting.

Pages (A4 or A3, landscape, numbered):

1. the network diagram (:func:`netmap.viz.static.render_diagram`: the interactive map's
   picture on paper);
2. a summary (organisations, activities, networks, residents with needs as a suppressed
   count, gaps, isolation) and the gaps with their candidate resources and why;
3. the isolation summary with reasons, and referrals in and out (entrance and exit);
4. the top bridging organisations with their ``why``, and the missing bridges with the
   organisations that could connect them.

Tables flow onto further pages as needed, the heading row repeated. Drawn with matplotlib
(``PdfPages``; no extra dependency), text in the CJK font embedded as TrueType, so the
Japanese is real text (``pdftotext``, search, copy). Resident counts appear only as the
release publishes them (a hidden count reads "x", 秘匿).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap.disclosure.guard import require_published
from netmap.disclosure.publish import privacy_notice, view_period
from netmap.model.options import Lang, Orientation, Paper
from netmap.viz.static import (
    MM,
    DiagramOptions,
    mpl_context,
    page_size_inches,
    render_diagram,
    source_line,
)
from netmap.viz.tables import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["SheetOptions", "render_report"]

Pos = tuple[float, float]


@dataclass(frozen=True)
class SheetOptions:
    """``title``: default "<area name> 地区シート"; ``top_bridges``/``top_missing``: how many
    bridges and missing bridges the sheet lists."""

    paper: Paper = Paper.A4
    lang: Lang = Lang.JA
    title: str | None = None
    created: dt.date | None = None
    top_bridges: int = 8
    top_missing: int = 8


_T: dict[str, tuple[str, str]] = {
    "title": ("{area} 地区シート", "{area}: district sheet"),
    "diagram": ("{area} 支援ネットワーク図", "{area}: support network diagram"),
    "meta": ("データ基準日 {as_of} ・ 作成日 {created}", "Data as of {as_of} · made {created}"),
    "summary": ("概要", "Summary"),
    "gaps": ("空白・不足（ニーズと資源）", "Gaps: needs and resources"),
    "gaps_none": (
        "該当なし：ニーズのある住民がいるニーズには、どれも地区内に対応する資源があります。",
        "None: every need recorded here has a local resource.",
    ),
    "isolated": ("孤立のおそれ", "Risk of isolation"),
    "flows": ("紹介（つなぎ）の入口と出口", "Referrals: entrance and exit"),
    "flows_none": ("この期間の紹介の記録はありません。", "No referrals recorded."),
    "bridges": ("橋渡し役の団体（上位{n}）", "Bridging organisations (top {n})"),
    "bridges_none": ("つながりのある団体がありません。", "No organisation has ties."),
    "missing": ("つながると良いネットワーク（提案）", "Missing bridges (suggested links)"),
    "missing_none": (
        "該当なし：同じ区で活動するネットワークは、どれも参加団体かつながりを共有しています。",
        "None: networks working in the same ward all share a member or a tie.",
    ),
    "cont": ("（続き）", " (continued)"),
    "orgs": ("団体・機関", "Organisations"),
    "acts": ("活動", "Activities"),
    "nets": ("ネットワーク", "Networks"),
    "residents": ("ニーズのある住民", "Residents with needs"),
    "n_gaps": ("空白（資源なし）", "Gaps (no resource)"),
    "n_under": ("資源が不足", "Under-supplied"),
    "iso": ("孤立のおそれ", "At risk of isolation"),
    "yes": ("あり", "yes"),
    "no": ("なし", "no"),
    "districts": ("{n}地区", "{n} area(s)"),
    "people": ("{x}人", "{x}"),
    "items": ("{n}件", "{n}"),
}


def _t(key: str, lang: str, **kw: Any) -> str:
    ja, en = _T[key]
    return (ja if lang == "ja" else en).format(**kw)


# --------------------------------------------------------------------------- layout


class _Doc:
    """Flowing text and tables over landscape pages (inches from the top-left)."""

    def __init__(self, w: float, h: float, *, header: str, meta: str, small: bool) -> None:
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

    # -- pages
    @property
    def bottom(self) -> float:
        return self.h - self.m - 8.0 * MM

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
                self.new_page()
            w, _, _ = self._renderer.get_text_width_height_descent(
                ch, FontProperties(size=size), ismath=False
            )
            self._widths[key] = float(w) / 100.0
        return self._widths[key]

    def measure(self, s: str, size: float) -> float:
        return sum(self._char_w(c, size) for c in s)

    def wrap(self, s: str, width: float, size: float) -> list[str]:
        """Greedy wrap by measured width (Japanese breaks between any two characters);
        keeps closing punctuation off a line start, breaks English at a space."""
        out: list[str] = []
        for para in str(s).split("\n"):
            line, lw = "", 0.0
            for ch in para:
                cw = self._char_w(ch, size)
                if line and lw + cw > width and ch not in "、。，．）」』】・,.)":
                    cut = line.rfind(" ")
                    latin = line.isascii()
                    if cut > 0 and (latin or cut >= len(line) * 0.6):
                        out.append(line[: cut + 1].rstrip())
                        line = line[cut + 1 :].lstrip()
                    elif line[-1] in "「『（【(" and len(line) > 1:
                        out.append(line[:-1])  # an opening bracket never ends a line
                        line = line[-1]
                    else:
                        out.append(line)
                        line = ""
                    lw = self.measure(line, size)
                line += ch
                lw += cw
            out.append(line)
        return out or [""]

    # -- blocks
    def section(self, title: str, first_rows: float = 0.6) -> None:
        size = 12.0 if self.small else 14.0
        self.ensure(size * 1.6 / 72.0 + first_rows)
        self.y += 1.5 * MM
        self.rect(self.m, self.y, 1.4 * MM, size * 1.15 / 72.0, "#D55E00")
        self.text(self.m + 3.0 * MM, self.y + size * 0.95 / 72.0, title, size, color="#111111")
        self.y += size * 1.6 / 72.0

    def paragraph(self, s: str, size: float | None = None, color: str = "#333333") -> None:
        size = size or self.body
        lines = self.wrap(s, self.width, size)
        lh = size * 1.45 / 72.0
        for ln in lines:
            self.ensure(lh)
            self.text(self.m, self.y + size / 72.0, ln, size, color=color)
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
    ) -> None:
        """A table with wrapped cells; flows onto new pages repeating the heading row."""
        size = self.body
        pad = 1.2 * MM
        lh = size * 1.38 / 72.0
        total = sum(widths)
        col_w = [self.width * w / total for w in widths]
        numeric = list(numeric or [False] * len(headings))

        def row_lines(cells: Sequence[Any], sz: float) -> list[list[str]]:
            return [
                self.wrap("" if c is None else str(c), cw - 2 * pad, sz)
                for c, cw in zip(cells, col_w, strict=True)
            ]

        head_lines = row_lines(headings, size - 0.4)
        head_h = max(len(x) for x in head_lines) * lh + 2 * pad

        def draw_head() -> None:
            self.rect(self.m, self.y, self.width, head_h, "#33526E")
            x = self.m
            for lines, cw, num in zip(head_lines, col_w, numeric, strict=True):
                for k, ln in enumerate(lines):
                    self.text(
                        x + (cw - pad if num else pad),
                        self.y + pad + (k + 0.78) * lh,
                        ln,
                        size - 0.4,
                        color="#FFFFFF",
                        ha="right" if num else "left",
                    )
                x += cw
            self.y += head_h

        body = [row_lines(r, size) for r in rows]
        heights = [max(len(x) for x in lines) * lh + 2 * pad for lines in body]
        first_h = head_h + (heights[0] if heights else 0.0)
        whole = head_h + sum(heights)
        # keep a short table together; a long one starts wherever its first row fits
        page_body = self.bottom - self.m - 20.0 * MM
        self.ensure(whole if whole <= 0.4 * page_body else first_h)
        draw_head()
        for i, (lines, rh) in enumerate(zip(body, heights, strict=True)):
            if self.y + rh > self.bottom:
                self.new_page()
                if title:
                    self.text(self.m, self.y + size / 72.0, title, size, color="#555555")
                    self.y += lh + 1.0 * MM
                draw_head()
            if i % 2 == 1:
                self.rect(self.m, self.y, self.width, rh, "#F3F6F9")
            x = self.m
            for cell, cw, num in zip(lines, col_w, numeric, strict=True):
                for k, ln in enumerate(cell):
                    self.text(
                        x + (cw - pad if num else pad),
                        self.y + pad + (k + 0.78) * lh,
                        ln,
                        size,
                        ha="right" if num else "left",
                    )
                x += cw
            self.y += rh
            self.line(self.m, self.y, self.m + self.width, self.y, "#D5DCE3", 0.5)
        self.y += 4.0 * MM


# --------------------------------------------------------------------------- content


def _table(tables: Sequence[Table], name: str) -> Table:
    return next(t for t in tables if t.name == name)


def _cols(t: Table, keys: Sequence[str], lang: str) -> list[str]:
    by = {c.key: c for c in t.columns}
    return [by[k].heading(lang) for k in keys]


def _summary(view: nx.MultiDiGraph, tables: Sequence[Table], lang: str) -> list[tuple[str, str]]:
    cats: dict[str, int] = {}
    for _, d in view.nodes(data=True):
        if d.get("category") == "Organisation" and d.get("outside"):
            continue
        c = str(d.get("category"))
        cats[c] = cats.get(c, 0) + 1
    hub = view.graph.get("area_id")
    hub_d: Mapping[str, Any] = view.nodes[hub] if hub in view else {}
    res = (hub_d.get("counts_text") or {}).get("residents_with_needs")
    if res is None and view.graph.get("view") == "city":
        res = "-"
    gaps = _table(tables, "gaps").rows
    n_gap = sum(1 for r in gaps if r.get("kind", "").startswith(("空白", "gap")))
    iso_rows = _table(tables, "isolated").rows
    yes = {"はい", "yes"}
    iso_n = sum(1 for r in iso_rows if r.get("isolated") in yes)
    if len(iso_rows) == 1:
        iso = _t("yes", lang) if iso_n else _t("no", lang)
    else:
        iso = _t("districts", lang, n=iso_n) if iso_n else _t("no", lang)
    items = [
        (_t("orgs", lang), str(cats.get("Organisation", 0))),
        (_t("acts", lang), str(cats.get("Activity", 0))),
        (_t("nets", lang), str(cats.get("Network", 0))),
        (_t("residents", lang), _people(res, lang)),
        (_t("n_gaps", lang), _t("items", lang, n=n_gap)),
        (_t("n_under", lang), _t("items", lang, n=len(gaps) - n_gap)),
        (_t("iso", lang), iso),
    ]
    return items


def _rows(t: Table, keys: Sequence[str], limit: int | None = None) -> list[list[Any]]:
    rows = t.rows if limit is None else t.rows[:limit]
    return [[r.get(k, "") for k in keys] for r in rows]


def _content(doc: _Doc, view: nx.MultiDiGraph, tables: Sequence[Table], opts: SheetOptions) -> None:
    lang = opts.lang
    many = view.graph.get("area_level") in ("city", "ward")
    doc.new_page()
    doc.section(_t("summary", lang))
    doc.cards(_summary(view, tables, lang))

    gaps = _table(tables, "gaps")
    doc.section(_t("gaps", lang))
    if gaps.note(lang):
        doc.paragraph(gaps.note(lang), doc.body - 0.6, "#555555")
    keys = (["area_name"] if many else []) + ["need_name", "kind", "demand", "supply", "candidates"]
    widths = ([12] if many else []) + [10, 11, 10, 7, 62]
    numeric = ([False] if many else []) + [False, False, True, True, False]
    if gaps.rows:
        doc.table(_cols(gaps, keys, lang), _rows(gaps, keys), widths, numeric=numeric,
                  title=_t("gaps", lang) + _t("cont", lang))  # fmt: skip
    else:
        doc.paragraph(_t("gaps_none", lang))

    iso = _table(tables, "isolated")
    doc.section(_t("isolated", lang), first_rows=1.0)
    if iso.note(lang):
        doc.paragraph(iso.note(lang), doc.body - 0.6, "#555555")
    keys = [
        "area_name", "isolated", "reasons", "organisations", "network_memberships",
        "external_ties", "activities", "residents_with_needs", "isolated_residents",
    ]  # fmt: skip
    doc.table(
        _cols(iso, keys, lang),
        _rows(iso, keys),
        [11, 8, 22, 8, 11, 13, 6, 14, 16],
        numeric=[False, False, False, True, True, True, True, True, True],
        title=_t("isolated", lang) + _t("cont", lang),
    )

    flows = _table(tables, "flows")
    doc.section(_t("flows", lang), first_rows=0.8 if flows.rows else 0.3)
    keys = [
        "area_name", "referrals_out", "referrals_in", "open", "accepted", "declined",
        "closed", "acceptance_rate",
    ]  # fmt: skip
    if flows.rows:
        if flows.note(lang):
            doc.paragraph(flows.note(lang), doc.body - 0.6, "#555555")
        doc.table(
            _cols(flows, keys, lang),
            _rows(flows, keys),
            [14, 12, 12, 8, 8, 8, 8, 8],
            numeric=[False] + [True] * 7,
            title=_t("flows", lang) + _t("cont", lang),
        )
    else:
        doc.paragraph(_t("flows_none", lang))

    bridges = _table(tables, "bridges")
    keys = ["rank", "name", "score", "why"]
    top = [r for r in bridges.rows if isinstance(r.get("score"), int | float) and r["score"] > 0]
    doc.section(_t("bridges", lang, n=opts.top_bridges), first_rows=1.2 if top else 0.3)
    if top:
        doc.table(
            _cols(bridges, keys, lang),
            [[r.get(k, "") for k in keys] for r in top[: opts.top_bridges]],
            [5, 22, 7, 90],
            numeric=[True, False, True, False],
            title=_t("bridges", lang, n=opts.top_bridges) + _t("cont", lang),
        )
    else:
        doc.paragraph(_t("bridges_none", lang))
    missing = _table(tables, "missing_bridges")
    doc.section(_t("missing", lang), first_rows=0.8 if missing.rows else 0.3)
    keys = ["network_a", "network_b", "ward", "candidates"]
    if missing.rows:
        doc.table(
            _cols(missing, keys, lang),
            _rows(missing, keys, opts.top_missing),
            [24, 24, 8, 56],
            title=_t("missing", lang) + _t("cont", lang),
        )
    else:
        doc.paragraph(_t("missing_none", lang))


def _people(text: str | None, lang: str) -> str:
    """A published count of people for the summary: "12人"; a hidden one reads "x"."""
    if text is None:
        return "-"
    return _t("people", lang, x=text) if text[:1].isdigit() else text


def render_report(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None,
    tables: Sequence[Table],
    options: SheetOptions | None = None,
) -> bytes:
    """The district sheet of a published view and its analysis tables, as PDF bytes."""
    from matplotlib.backends.backend_pdf import PdfPages

    opts = options or SheetOptions()
    threshold = require_published(view)
    lang = opts.lang
    area = str(view.graph.get("area_name") or "")
    title = opts.title or _t("title", lang, area=area)
    created = opts.created or dt.date.today()
    w, h = page_size_inches(opts.paper, "landscape")
    meta = _t("meta", lang, as_of=view.graph.get("as_of") or "-", created=created.isoformat())
    with mpl_context():
        dia = render_diagram(
            view,
            positions,
            DiagramOptions(
                paper=opts.paper,
                orientation=Orientation.LANDSCAPE,
                title=_t("diagram", lang, area=area),
                lang=lang,
                created=created,
            ),
        )
        doc = _Doc(w, h, header=title, meta=meta, small=opts.paper == "A4")
        _content(doc, view, tables, opts)
        pages = [dia.figure, *doc.pages]
        foot = privacy_notice(threshold, lang, period=view_period(view))
        src = source_line(view, lang)
        for i, fig in enumerate(pages, start=1):
            fig.text(
                1 - 9.0 * MM / w if i == 1 else 1 - 12.0 * MM / w,
                (4.5 * MM) / h,
                f"{i} / {len(pages)}",
                fontsize=8.0,
                color="#555555",
                ha="right",
                va="bottom",
            )
            if i > 1:
                fig.text(12.0 * MM / w, (9.0 * MM) / h, src, fontsize=7.0, color="#555555")
                fig.text(12.0 * MM / w, (4.5 * MM) / h, foot, fontsize=7.0, color="#555555")
        buf = io.BytesIO()
        with PdfPages(
            buf,
            metadata={
                "Title": title,
                "Subject": _t("diagram", lang, area=area),
                "Creator": "netmap",
                "Producer": "netmap (matplotlib)",
            },
        ) as pdf:
            for fig in pages:
                pdf.savefig(fig)
    return buf.getvalue()
