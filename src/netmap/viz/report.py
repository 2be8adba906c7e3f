"""The district sheet (地区シート): a few PDF pages to bring to a district meeting.

Pages (A4 or A3, landscape, numbered):

1. the network diagram (:func:`netmap.viz.static.render_diagram`: the interactive map's
   picture on paper), with the ward's and the city's own organisations that handled the
   area's referrals in the period, marked 区全体 / 市全体, and the period's referral links
   (that referrals ran, never how many);
2. a summary (organisations, activities, networks, residents with needs as a suppressed
   count, gaps, isolation) and the gaps with the resources that could help, grouped:
   in the district (地区内), other districts of the ward (区内の他地区), ward-wide (区全体),
   city-wide (市全体);
3. the isolation summary with reasons, and referrals in and out (entrance and exit);
4. the top bridging organisations, each with the plain-language sentence of what it
   links and its last verification (最終確認), and the missing bridges with the
   organisations that could connect them;
5. 情報の新しさ: every organisation on the sheet with its last verification date and
   band on the sheet's reference date (:func:`netmap.service.freshness.freshness_band`;
   「未確認」 when never), never verified first, then the oldest, after a line counting
   those not verified within a year and naming ``netmap stale`` for the full list;
6. an appendix (付録): the bridges' measures (score, betweenness, constraint, brokerage
   roles, cut point) with a short explanation of each, and the full list of sources.

Tables flow onto further pages as needed, the heading row repeated. Drawn with matplotlib
(``PdfPages``; no extra dependency), text in the CJK font embedded as TrueType, so the
Japanese is real text (``pdftotext``, search, copy). Every text, the footers too, wraps to
the page width; a footer shortens web addresses to their host + "…" (the appendix lists
the sources in full). Resident counts appear only as the release publishes them (a hidden
count reads "x", 秘匿); the sheet computes no count itself.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap.disclosure.guard import require_published
from netmap.disclosure.publish import count_text, privacy_notice, view_period
from netmap.model.options import Lang, Orientation, Paper
from netmap.service.freshness import freshness_band
from netmap.viz.describe import verified_text
from netmap.viz.static import (
    MM,
    DiagramOptions,
    default_layers,
    mpl_context,
    page_size_inches,
    render_diagram,
    source_line,
    view_sources,
    wrap_text,
)
from netmap.viz.tables import Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "SheetChange",
    "SheetData",
    "SheetOptions",
    "SheetPlan",
    "render_report",
    "rim_positions",
]

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


@dataclass(frozen=True)
class SheetData:
    """What the sheet shows beyond the tables, published from the same release (no count
    in it): ``gaps``, the published gap rows (:func:`netmap.disclosure.publish.published_gaps`,
    with ``candidates`` and ``wide_area_resources``); ``bridges``, the published bridges
    (:func:`~netmap.disclosure.publish.published_bridges`, with their measures);
    ``areas``, area id -> (level, name) (the release's areas). Without it the sheet falls
    back on the tables' columns (resources ungrouped, no brokerage roles)."""

    gaps: Sequence[Mapping[str, Any]] = ()
    bridges: Sequence[Mapping[str, Any]] = ()
    areas: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    change: SheetChange | None = None
    plan: SheetPlan | None = None


@dataclass(frozen=True)
class SheetChange:
    """The 変化 section (``netmap report --compare-to``): ``compare``, the comparison of two
    releases (:func:`netmap.service.compare.compare_json` with ``releases``: every count
    one of the two releases shows, a hidden one ``null``); ``asked``, the date asked for;
    ``periods``, the referral period (first day, reference date) of each release."""

    compare: Mapping[str, Any]
    asked: str
    periods: tuple[tuple[str, str], tuple[str, str]]


@dataclass(frozen=True)
class SheetPlan:
    """The 計画案 section (``netmap report --scenario``): ``scenario``, what a meeting may
    see of the plan (:func:`netmap.service.scenarios.published_scenario`: the release's gap
    rows it closes, the isolated areas it ends); ``planned``, one row per planned record
    (``state`` added/ended, ``category``, ``name``, ``kind`` and ``areas`` as texts,
    ``date``)."""

    scenario: Mapping[str, Any]
    planned: Sequence[Mapping[str, str]] = ()


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
    "gaps_groups": (
        "活用できそうな資源は、場所ごとに分けて示します。地区内＝地区内の活動を広げる（拡充・対象を"
        "広げる）／区内の他地区＝同じ区の他地区でこのニーズに対応している活動／区全体・市全体＝区や"
        "市の全体を受け持つ団体・活動（区役所、社会福祉協議会など）。「－」は該当なし。",
        "Resources that could help, by where they are: in the district (extend or widen an "
        "activity here); other districts of the ward (activities there that serve the need); "
        "ward-wide and city-wide (organisations and activities serving the whole ward or "
        'city, e.g. the ward office). "-": none.',
    ),
    "res_local": ("地区内", "In the district"),
    "res_ward_other": ("区内の他地区", "Other districts of the ward"),
    "res_ward": ("区全体", "Ward-wide"),
    "res_city": ("市全体", "City-wide"),
    "res_wide": ("区全体・市全体", "Ward- and city-wide"),
    "res_none": ("－", "-"),
    "extend_activity": ("拡充", "extend"),
    "widen_target_group": ("対象を広げる", "widen its target group"),
    "isolated": ("孤立のおそれ", "Risk of isolation"),
    "flows": ("紹介（つなぎ）の入口と出口", "Referrals: entrance and exit"),
    "flows_none": ("この期間の紹介の記録はありません。", "No referrals recorded."),
    "bridges": ("橋渡し役の団体（上位{n}）", "Bridging organisations (top {n})"),
    "bridges_intro": (
        "ネットワークどうしをつないでいる団体と、何をつないでいるかです。新しい連携や紹介先を"
        "考えるときの相談相手の候補になります。並びは橋渡しの大きい順で、数値は付録にあります。",
        "The organisations that link networks here, and what each links: people to talk to "
        "about new partnerships or referrals. Ordered by how much they bridge; the figures "
        "are in the appendix.",
    ),
    "bridges_none": ("つながりのある団体がありません。", "No organisation has ties."),
    "missing": ("つながると良いネットワーク（提案）", "Missing bridges (suggested links)"),
    "missing_none": (
        "該当なし：同じ区で活動するネットワークは、どれも参加団体かつながりを共有しています。",
        "None: networks working in the same ward all share a member or a tie.",
    ),
    "appendix": ("付録", "Appendix"),
    "measures": ("付録1 橋渡し役の指標", "Appendix 1: bridge measures"),
    "measures_intro": (
        "本文の「橋渡し役の団体」の順位を決めた数値と、その意味です。数値は団体どうしのつながり"
        "（同じネットワークへの参加・連携・紹介）の記録から計算したもので、団体の評価ではありません。",
        "The figures behind the ranking of the bridging organisations, and what they mean. "
        "They are computed from the recorded ties between organisations (shared networks, "
        "partnerships, referrals) and are not a grade.",
    ),
    "measure": ("指標", "Measure"),
    "meaning": ("意味", "What it means"),
    "sources": ("付録2 出典の一覧", "Appendix 2: sources"),
    "sources_intro": (
        "この図・表の元になった記録の出典です（件数の多い順）。各ページの下の出典欄は、長い"
        "ウェブアドレスをホスト名と「…」に縮めています。",
        "Where the shown records come from (most records first). The footers shorten long "
        'web addresses to their host and "…".',
    ),
    "sources_none": ("出典の記録がありません。", "No source is recorded."),
    "verified": (
        "記録の最新の確認日: {d}（団体ごとの最終確認は「情報の新しさ」）",
        "Latest verification of a record: {d} (each organisation's: Freshness)",
    ),
    # 情報の新しさ (freshness): every organisation's last verification
    "fresh": (
        "情報の新しさ（団体・機関の最終確認）",
        "Freshness: when each organisation was last verified",
    ),
    "fresh_stale": (
        "この一覧の団体・機関 {n} のうち {k} は、最終確認から1年より前か未確認です"
        "（うち未確認 {m}）。確認が必要な団体・活動の一覧は "
        "netmap stale --older-than 12m --area {area} で出せます。",
        "{k} of the {n} organisations listed were last verified over a year ago or never "
        "({m} never). The records that need a review: netmap stale --older-than 12m --area "
        "{area}",
    ),
    "fresh_ok": (
        "この一覧の団体・機関 {n} は、すべて基準日 {d} から1年以内に確認されています。",
        "All {n} organisations listed were verified within a year of {d}.",
    ),
    "fresh_none": ("団体・機関がありません。", "No organisation."),
    "fresh_intro": (
        "最終確認＝その団体の記録を最後に確かめた日（取り込んだ表の verified_on、"
        "本人確認の承認日）。括弧内は基準日 {d} から数えた経過。"
        "未確認の団体が先、次に確認の古い順。",
        "Last verified: the day the record was last checked (verified_on of the import, or "
        "the day a self-review was approved); in brackets, how long before {d}. Never "
        "verified first, then the oldest.",
    ),
    "h_verified": ("最終確認", "Last verified"),
    "h_source": ("情報源", "Source"),
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
    # bridge measures: column headings (appendix table)
    "m_rank": ("順位", "Rank"),
    "m_name": ("団体・機関", "Organisation"),
    "m_score": ("橋渡しスコア", "Bridge score"),
    "m_betweenness": ("媒介中心性（市内の順位）", "Betweenness (rank in the city)"),
    "m_constraint": ("制約", "Constraint"),
    "m_brokerage": ("仲介の型（回数）", "Brokerage roles (pairs)"),
    "m_cut": ("関節点", "Cut point"),
    "rank_in_city": ("{v}（{r}位）", "{v} (#{r})"),
    "cut_yes": ("はい", "yes"),
    "cut_no": ("－", "-"),
    # 変化 (--compare-to) and 計画案 (--scenario)
    "none": ("なし", "None"),
    "change": ("変化（{a} → {b}）", "Changes ({a} to {b})"),
    "change_intro": (
        "基準日 {a} と {b}（このシートの基準日）の公表用集計を比べた、この地域の変化です。",
        "What changed here between the releases of {a} and {b} (this sheet's reference date). ",
    ),
    "change_asked": (
        "指定の {asked} には、その日以前で最新の基準日 {a} の集計で答えています。",
        "{asked} was asked for: the latest reference date on or before it is {a}. ",
    ),
    "change_counts": (
        "人数・件数は二つの公表用集計が示している値で、どちらかで秘匿の数は「{mark}」と表示します。",
        'Counts are the values the two releases show; a hidden one reads "{mark}".',
    ),
    "ch_records": ("できた資源・終わった資源", "Resources added and ended"),
    "ch_ties": ("ネットワークへの参加・団体間の連携", "Network memberships and partnerships"),
    "ch_gaps": ("空白・不足の変化", "Gaps opened and closed"),
    "ch_persisting": ("続いている空白・不足：{n}件", "Gaps persisting: {n}"),
    "ch_isolated": ("孤立のおそれの変化", "Risk of isolation"),
    "ch_flows": ("紹介（つなぎ）の件数：二つの期間", "Referrals in the two periods"),
    "added": ("新規", "added"),
    "ended": ("終了", "ended"),
    "opened": ("発生", "opened"),
    "closed": ("解消", "closed"),
    "newly_isolated": ("新たに孤立のおそれ", "newly at risk"),
    "no_longer_isolated": ("解消", "no longer at risk"),
    "organisations": ("団体・機関", "Organisation"),
    "activities": ("活動", "Activity"),
    "networks": ("ネットワーク", "Network"),
    "memberships": ("ネットワークへの参加", "Network membership"),
    "partnerships": ("団体間の連携", "Partnership"),
    "member_of": ("{a} → {b}", "{a} → {b}"),
    "partners": ("{a} と {b}", "{a} and {b}"),
    "period": ("{a}〜{b}", "{a} to {b}"),
    "h_change": ("変化", "Change"),
    "h_category": ("種類", "Record"),
    "h_name": ("名称", "Name"),
    "h_date": ("日付", "Date"),
    "h_tie": ("参加・連携", "Tie"),
    "h_area": ("地域", "Area"),
    "h_need": ("ニーズ", "Need"),
    "h_kind": ("区分（前 → 後）", "Kind (before → after)"),
    "h_demand": ("住民（人）（前 → 後）", "Residents (before → after)"),
    "h_supply": ("資源（前 → 後）", "Resources (before → after)"),
    "h_reasons": ("理由（前 → 後）", "Reasons (before → after)"),
    "h_period": ("期間", "Period"),
    "h_out": ("紹介した（入口）", "Referrals out"),
    "h_in": ("紹介を受けた（出口）", "Referrals in"),
    "h_accepted": ("受入", "Accepted"),
    "h_rate": ("受入率", "Acceptance rate"),
    "kind_none": ("なし", "none"),
    "reasons_none": ("なし", "none"),
    "plan": ("計画案：{name}", "Plan: {name}"),
    "plan_intro": (
        "計画案「{name}」を {at} 時点のネットワークに重ねた見込みです。計画案は保存していません。"
        "空白と孤立の人数・件数は基準日 {ref} の公表用集計の値で、計画によって新しく数えた数は"
        "ありません（資源が一つでもできれば空白は解消しますが、資源が足りるかどうかは示しません）。",
        'The plan "{name}" laid over the network on {at}. The plan is not stored. The counts of '
        "gaps and isolation are the release of {ref}: nothing is counted anew for the plan "
        "(a gap closes once the need has a resource; whether it is enough is not said).",
    ),
    "pl_records": ("計画している資源", "Planned resources"),
    "pl_ties": ("計画している参加・連携", "Planned memberships and partnerships"),
    "pl_gaps": ("計画で解消する空白", "Gaps the plan would close"),
    "pl_isolated": ("孤立のおそれが解消する地域", "Areas no longer at risk of isolation"),
    "pl_added": ("新設", "new"),
    "pl_ended": ("終了", "ends"),
    "h_plan": ("予定", "Plan"),
    "h_kind_of": ("区分", "Kind"),
    "h_areas": ("地域", "Area"),
    "h_residents": ("住民（人）", "Residents"),
    "h_resources": ("資源（いま）", "Resources (now)"),
    "h_reasons_now": ("理由（いま）", "Reasons (now)"),
}

#: The bridge measures explained in the appendix, in the order of its table.
_MEASURES: tuple[tuple[str, str, str, str], ...] = (
    (
        "橋渡しスコア",
        "0〜1。つないでいるネットワークの数と媒介中心性を半分ずつ合わせた点数。高いほど、"
        "ネットワークどうしをつなぐ役割が大きい。本文の順位はこの点数の順。",
        "Bridge score",
        "0 to 1: half the number of networks it links, half its betweenness. Higher: it "
        "links networks more. The ranking follows it.",
    ),
    (
        "媒介中心性",
        "0〜1。団体どうしを最も短くつなぐ道筋のうち、その団体を通るものの割合。高いほど、多くの"
        "団体のあいだの「通り道」になっている。順位は市内のすべての団体の中での順位。",
        "Betweenness",
        "0 to 1: the share of the shortest paths between other organisations that pass "
        "through it. Higher: more organisations reach each other through it. The rank is "
        "among all organisations of the city.",
    ),
    (
        "制約",
        "0〜1。つながっている相手どうしも互いにつながっている度合い。低いほど、互いに知らない"
        "相手どうしの間に立ち、橋渡しできる立場にある。つながりのない団体は「－」。",
        "Constraint",
        "0 to 1: how far its contacts are tied to each other too. Lower: it stands between "
        'contacts who do not know each other, so it can bridge them. "-": no ties.',
    ),
    (
        "仲介の型",
        "紹介・連携の流れ「A → この団体 → B」（A と B は直接つながっていない）の回数を、三者の"
        "分野（福祉・教育・行政など）で分けたもの。調整役＝三者とも同じ分野／門番＝他の分野から"
        "受けて自分の分野へつなぐ／代表＝自分の分野から受けて他の分野へつなぐ／巡回役＝同じ分野"
        "の二者を、別の分野の自分がつなぐ／連絡役＝三者とも別々の分野。",
        "Brokerage roles",
        "How often referrals or partnerships run A -> it -> B (A and B not tied directly), by "
        "the sectors (welfare, education, government, ...) of the three: coordinator = all "
        "one sector; gatekeeper = from another sector into its own; representative = from "
        "its own sector out to another; itinerant = two of one sector linked by it, from "
        "another; liaison = three different sectors.",
    ),
    (
        "関節点",
        "この団体が抜けると、別々のネットワークの参加団体どうしのつながりが途切れてしまう"
        "団体。「はい」の団体は、代わりのつながりを作っておくと安心。",
        "Cut point",
        "Without this organisation, members of different networks would be cut off from "
        'each other (an articulation point). For a "yes", a second tie is a good idea.',
    ),
)

#: Brokerage roles, in the usual order, with their Japanese names on the sheet.
_ROLES: tuple[tuple[str, str, str], ...] = (
    ("coordinator", "調整役", "coordinator"),
    ("gatekeeper", "門番", "gatekeeper"),
    ("representative", "代表", "representative"),
    ("itinerant", "巡回役", "itinerant"),
    ("liaison", "連絡役", "liaison"),
)

#: The last sentence of a bridge's ``why``: its betweenness rank (moved to the appendix).
_RANK_JA = re.compile(r"媒介中心性は(\d+)位です。\s*$")
_RANK_EN = re.compile(r"\s*Betweenness rank (\d+)\.\s*$")


def _t(key: str, lang: str, **kw: Any) -> str:
    ja, en = _T[key]
    return (ja if lang == "ja" else en).format(**kw)


# --------------------------------------------------------------------------- layout


class _Doc:
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
        """Wrap by measured width (:func:`netmap.viz.static.wrap_text`)."""
        return wrap_text(s, width, lambda ch: self._char_w(ch, size))

    # -- blocks
    def section(self, title: str, first_rows: float = 0.6) -> None:
        size = 12.0 if self.small else 14.0
        self.ensure(size * 1.6 / 72.0 + first_rows)
        self.y += 1.5 * MM
        self.rect(self.m, self.y, 1.4 * MM, size * 1.15 / 72.0, "#D55E00")
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
        above = self.subsection_h if heading else 0.0
        self.ensure(above + (whole if whole <= 0.4 * page_body else first_h))
        if heading:
            self.subsection(heading, keep=False)
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


def _with(name: str, note: str, lang: str) -> str:
    """ "name（note）" (Japanese) or "name (note)"; just the name without a note."""
    if not note:
        return name
    return f"{name}（{note}）" if lang == "ja" else f"{name} ({note})"


def _resource_groups(
    gap: Mapping[str, Any], areas: Mapping[str, tuple[str, str]], lang: str
) -> tuple[list[str], list[str], list[str], list[str]]:
    """A published gap's resources by where they are: (in the district, other districts
    of the ward, ward-wide, city-wide), each a list of texts."""
    local: list[str] = []
    other: list[str] = []
    ward: list[str] = []
    city: list[str] = []
    for c in gap.get("candidates") or []:
        name = str(c.get("name") or c.get("activity_id") or "")
        reason = str(c.get("reason") or "")
        if reason == "same_ward":
            where = areas.get(str(c.get("area_id")), ("", ""))[1]
            other.append(_with(name, where, lang))
        else:
            local.append(_with(name, _t(reason, lang) if reason in _T else reason, lang))
    for r in gap.get("wide_area_resources") or []:
        level = areas.get(str(r.get("area_id")), ("", ""))[0]
        (city if level == "city" else ward).append(str(r.get("name") or r.get("id") or ""))
    return local, other, ward, city


def _gap_section(
    doc: _Doc, tables: Sequence[Table], data: SheetData | None, lang: str, many: bool
) -> None:
    gaps = _table(tables, "gaps")
    doc.section(_t("gaps", lang))
    if not gaps.rows:
        doc.paragraph(_t("gaps_none", lang))
        return
    if gaps.note(lang):
        doc.paragraph(gaps.note(lang), doc.body - 0.6, "#555555")
    lead = (["area_name"] if many else []) + ["need_name", "kind", "demand", "supply"]
    lead_w = ([10] if many else []) + [8, 10, 8, 7]
    lead_num = ([False] if many else []) + [False, False, True, True]
    title = _t("gaps", lang) + _t("cont", lang)
    if data is None or not data.gaps:
        # no published rows at hand: the tables' columns as they are
        keys = [*lead, "candidates", "wide_area"]
        doc.table(_cols(gaps, keys, lang), _rows(gaps, keys), [*lead_w, 40, 24],
                  numeric=[*lead_num, False, False], title=title)  # fmt: skip
        return
    doc.paragraph(_t("gaps_groups", lang), doc.body - 0.6, "#555555")
    by_key = {(str(g.get("area_id")), str(g.get("need"))): g for g in data.gaps}
    none = _t("res_none", lang)
    rows = []
    for r in gaps.rows:
        g = by_key.get((str(r.get("area_id")), str(r.get("need"))), {})
        groups = _resource_groups(g, data.areas, lang)
        rows.append([r.get(k, "") for k in lead] + ["\n".join(x) or none for x in groups])
    heads = _cols(gaps, lead, lang) + [
        _t(k, lang) for k in ("res_local", "res_ward_other", "res_ward", "res_city")
    ]
    doc.table(heads, rows, [*lead_w, 21, 18, 16, 16], numeric=[*lead_num] + [False] * 4,
              title=title)  # fmt: skip


def _plain_why(why: str, lang: str) -> tuple[str, int | None]:
    """A bridge's sentence without its last one, the betweenness rank (which the appendix
    shows with the measures), and that rank."""
    m = (_RANK_JA if lang == "ja" else _RANK_EN).search(why or "")
    if m is None:
        return why or "", None
    return why[: m.start()].rstrip(), int(m.group(1))


def _top_bridges(
    tables: Sequence[Table], data: SheetData | None, n: int
) -> list[tuple[dict[str, Any], Mapping[str, Any]]]:
    """The top ``n`` bridges with a score: (table row, published bridge or {})."""
    rows = _table(tables, "bridges").rows
    top = [r for r in rows if isinstance(r.get("score"), int | float) and r["score"] > 0][:n]
    by_id = {str(b.get("organisation_id")): b for b in (data.bridges if data else ())}
    return [(r, by_id.get(str(r.get("organisation_id")), {})) for r in top]


def _sheet_day(view: nx.MultiDiGraph) -> dt.date | None:
    """The sheet's reference date (the view's ``as_of``): freshness is counted from it."""
    try:
        return dt.date.fromisoformat(str(view.graph.get("as_of") or "")[:10])
    except ValueError:
        return None


def _verified(view: nx.MultiDiGraph, tables: Sequence[Table]) -> dict[str, Any]:
    """Organisation id -> its ``verified_on`` (empty: never verified), from the
    organisations table and the view (the ward's and city's organisations added for the
    diagram)."""
    out: dict[str, Any] = {
        str(r["id"]): r.get("verified_on") for r in _table(tables, "organisations").rows
    }
    for n, d in view.nodes(data=True):
        if d.get("category") == "Organisation":
            out.setdefault(str(n), d.get("verified_on"))
    return out


def _bridge_section(
    doc: _Doc,
    tables: Sequence[Table],
    data: SheetData | None,
    opts: SheetOptions,
    verified: Mapping[str, Any],
    day: dt.date | None,
) -> None:
    lang = opts.lang
    bridges = _table(tables, "bridges")
    top = _top_bridges(tables, data, opts.top_bridges)
    doc.section(_t("bridges", lang, n=opts.top_bridges), first_rows=1.2 if top else 0.3)
    if not top:
        doc.paragraph(_t("bridges_none", lang))
        return
    doc.paragraph(_t("bridges_intro", lang), doc.body - 0.6, "#555555")
    rows = []
    for r, _b in top:
        oid = str(r.get("organisation_id"))
        last = verified_text(verified[oid], day, lang) if oid in verified else _t("res_none", lang)
        why = _plain_why(str(r.get("why") or ""), lang)[0]
        rows.append([r.get("rank", ""), r.get("name", ""), why, last])
    doc.table(
        [*_cols(bridges, ["rank", "name", "why"], lang), _t("h_verified", lang)],
        rows,
        [5, 22, 78, 19],
        numeric=[True, False, False, False],
        title=_t("bridges", lang, n=opts.top_bridges) + _t("cont", lang),
    )


def _fresh_section(
    doc: _Doc, view: nx.MultiDiGraph, tables: Sequence[Table], lang: str, day: dt.date | None
) -> None:
    """情報の新しさ: every organisation listed (the organisations table) with its last
    verification, never verified first, then the oldest; a line counting those not
    verified within a year of the sheet's date, naming ``netmap stale`` for the list."""
    orgs = _table(tables, "organisations")
    doc.section(_t("fresh", lang), first_rows=1.0 if orgs.rows else 0.3)
    if not orgs.rows:
        doc.paragraph(_t("fresh_none", lang))
        return
    rows = sorted(
        orgs.rows,
        key=lambda r: (bool(r.get("verified_on")), str(r.get("verified_on") or ""), r["name"]),
    )
    bands = [freshness_band(r.get("verified_on"), day) if day else "never" for r in rows]
    n, never = len(rows), bands.count("never")
    stale = sum(1 for b in bands if b != "recent")
    d = day.isoformat() if day else "-"
    area = str(view.graph.get("area_id") or "")
    if stale:
        doc.paragraph(_t("fresh_stale", lang, n=n, k=stale, m=never, area=area))
    else:
        doc.paragraph(_t("fresh_ok", lang, n=n, d=d))
    doc.paragraph(_t("fresh_intro", lang, d=d), doc.body - 0.6, "#555555")
    keys = ["name", "kind", "area_name"]
    cells = [
        [
            *(r.get(k, "") for k in keys),
            verified_text(r.get("verified_on"), day, lang),
            r.get("source") or _t("res_none", lang),
        ]
        for r in rows
    ]
    doc.table(
        [*_cols(orgs, keys, lang), _t("h_verified", lang), _t("h_source", lang)],
        cells,
        [30, 20, 14, 20, 24],
        title=_t("fresh", lang) + _t("cont", lang),
    )


def _number(v: Any, digits: int = 3) -> str:
    """A measure for the appendix: ``digits`` decimals, more for a small non-zero value
    (two significant digits: 0.000042, never 0.0000).

    >>> _number(0.4921), _number(0.0000421, 4), _number(0.0, 4), _number(None)
    ('0.492', '0.000042', '0.0000', '')
    """
    if isinstance(v, bool) or not isinstance(v, int | float):
        return "" if v in (None, "") else str(v)
    x = float(v)
    if 0 < abs(x) < 10.0**-digits:
        import math

        digits = min(12, 1 - math.floor(math.log10(abs(x))))
    return f"{x:.{digits}f}"


def _city_rank(b: Mapping[str, Any], row: Mapping[str, Any], lang: str) -> int | None:
    """The betweenness rank a bridge's sentence names (the published Japanese one, else
    the table's in ``lang``)."""
    if b.get("why"):
        return _plain_why(str(b["why"]), "ja")[1]
    return _plain_why(str(row.get("why") or ""), lang)[1]


def _roles(brokerage: Mapping[str, Any] | None, lang: str) -> str:
    """Brokerage counts in words: "門番 2・連絡役 6" (the roles with a count), else "－"."""
    if not brokerage:
        return ""
    bits = [
        f"{ja if lang == 'ja' else en} {int(brokerage.get(key) or 0)}"
        for key, ja, en in _ROLES
        if int(brokerage.get(key) or 0) > 0
    ]
    return ("・" if lang == "ja" else ", ").join(bits) or _t("cut_no", lang)


def _appendix(
    doc: _Doc,
    view: nx.MultiDiGraph,
    tables: Sequence[Table],
    data: SheetData | None,
    opts: SheetOptions,
) -> None:
    lang = opts.lang
    top = _top_bridges(tables, data, opts.top_bridges)
    doc.new_page()
    if top:
        doc.section(_t("measures", lang), first_rows=1.2)
        doc.paragraph(_t("measures_intro", lang), doc.body - 0.6, "#555555")
        doc.table(
            [_t("measure", lang), _t("meaning", lang)],
            [[ja, tja] if lang == "ja" else [en, ten] for ja, tja, en, ten in _MEASURES],
            [16, 108],
            title=_t("measures", lang) + _t("cont", lang),
        )
        keys = ["m_rank", "m_name", "m_score", "m_betweenness", "m_constraint"]
        keys += ["m_brokerage", "m_cut"] if data is not None and data.bridges else ["m_cut"]
        rows = []
        for r, b in top:
            bet = b.get("betweenness", r.get("betweenness"))
            rank = _city_rank(b, r, lang)
            bet_text = _number(bet, 4)
            if rank is not None:
                bet_text = _t("rank_in_city", lang, v=bet_text, r=rank)
            con = b.get("constraint", r.get("constraint"))
            art = b.get("articulation_point")
            if art is None:
                art = r.get("articulation_point") in ("はい", "yes")
            row = [
                r.get("rank", ""),
                r.get("name", ""),
                _number(b.get("score", r.get("score"))),
                bet_text,
                _number(con) if con not in (None, "") else _t("cut_no", lang),
            ]
            if "m_brokerage" in keys:
                row.append(_roles(b.get("brokerage"), lang))
            row.append(_t("cut_yes", lang) if art else _t("cut_no", lang))
            rows.append(row)
        widths = {"m_rank": 5, "m_name": 22, "m_score": 10, "m_betweenness": 17,
                  "m_constraint": 8, "m_brokerage": 28, "m_cut": 7}  # fmt: skip
        numeric = {"m_rank": True, "m_score": True, "m_betweenness": True, "m_constraint": True}
        doc.table(
            [_t(k, lang) for k in keys],
            rows,
            [widths[k] for k in keys],
            numeric=[numeric.get(k, False) for k in keys],
            title=_t("measures", lang) + _t("cont", lang),
        )
    doc.section(_t("sources", lang), first_rows=0.5)
    sources = view_sources(view)
    if not sources:
        doc.paragraph(_t("sources_none", lang))
    else:
        doc.paragraph(_t("sources_intro", lang), doc.body - 0.6, "#555555")
        for i, src in enumerate(sources, start=1):
            doc.paragraph(f"{i}. {src}", doc.body - 0.4, "#222222")
    verified = [str(d["verified_on"]) for _, d in view.nodes(data=True) if d.get("verified_on")]
    if verified:
        doc.paragraph(_t("verified", lang, d=max(verified)), doc.body - 0.6, "#555555")


# --------------------------------------------------------------------------- 変化 and 計画案


def _count(v: Any, hidden: bool, lang: str) -> str:
    """A published count or rate: the number, the mark for a hidden one, "－" for none."""
    if v is None:
        return count_text(None) if hidden else _t("res_none", lang)
    if isinstance(v, float):
        return _number(v)
    return count_text(int(v))


def _before_after(item: Mapping[str, Any], key: str, lang: str) -> str:
    """ "before → after" of a compared measure (``{"from", "to"}``)."""
    v = item.get(key) or {}
    hidden = key in (item.get("suppressed") or [])
    return f"{_count(v.get('from'), hidden, lang)} → {_count(v.get('to'), hidden, lang)}"


def _need(need: str, needs: Mapping[str, str], lang: str) -> str:
    from netmap.model.vocab import need_label

    return (needs.get(need) if lang == "ja" else None) or need_label(need, lang)


def _gap_kind(kind: Any, lang: str) -> str:
    from netmap.viz.tables import _GAP_KIND

    return _t("kind_none", lang) if not kind else _GAP_KIND[lang].get(kind, str(kind))


def _reasons(reasons: Sequence[str] | None, lang: str) -> str:
    from netmap.analysis.results import ISOLATION_REASON_JA
    from netmap.viz.tables import _ISOLATION_REASON_EN

    labels = ISOLATION_REASON_JA if lang == "ja" else _ISOLATION_REASON_EN
    sep = "、" if lang == "ja" else ", "
    return sep.join(labels.get(r, r) for r in reasons or ()) or _t("reasons_none", lang)


def _part(
    doc: _Doc,
    heading: str,
    heads: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    lang: str,
    *,
    numeric: Sequence[bool] | None = None,
    title: str = "",
) -> None:
    """One part of the 変化 or 計画案 section: its heading and table, or 「なし」 (an empty
    part never vanishes)."""
    if rows:
        doc.table(heads, rows, widths, numeric=numeric, title=title, heading=heading)
    else:
        doc.subsection(heading)
        doc.paragraph(_t("none", lang), doc.body, "#333333", indent=3.0 * MM)


#: the records compared (their keys in the comparison are also their labels' keys)
_CATEGORY = ("organisations", "activities", "networks")


def _tie_rows(
    ties: Mapping[str, Mapping[str, Sequence[Mapping[str, Any]]]],
    names: Mapping[str, str],
    lang: str,
    states: Mapping[str, str],
) -> list[list[str]]:
    rows = []
    for key in ("memberships", "partnerships"):
        for state, label in states.items():
            for t in ties.get(key, {}).get(state, []):
                a = names.get(t["source"], t["source"])
                b = names.get(t["target"], t["target"])
                text = _t("member_of" if key == "memberships" else "partners", lang, a=a, b=b)
                rows.append([_t(label, lang), _t(key, lang), text])
    return rows


def _change_section(doc: _Doc, ch: SheetChange, needs: Mapping[str, str], lang: str) -> None:
    obj, p = ch.compare, ch.compare.get("params", {})
    names: Mapping[str, str] = obj.get("names", {})
    a, b = p["answered_with"]["from"], p["answered_with"]["to"]
    title = _t("change", lang, a=a, b=b)
    cont = title + _t("cont", lang)
    doc.section(title, first_rows=0.8)
    intro = _t("change_intro", lang, a=a, b=b)
    if ch.asked != a:
        intro += _t("change_asked", lang, asked=ch.asked, a=a)
    doc.paragraph(intro + _t("change_counts", lang, mark=count_text(None)))

    rows: list[list[Any]] = []
    for key in _CATEGORY:
        for state, when in (("added", "valid_from"), ("ended", "valid_to")):
            for r in obj["records"][key][state]:
                day = str(r.get(when) or _t("res_none", lang))[:10]
                rows.append([_t(state, lang), _t(key, lang), day, str(r.get("name") or r["id"])])
    heads = [_t(k, lang) for k in ("h_change", "h_category", "h_date", "h_name")]
    _part(doc, _t("ch_records", lang), heads, rows, [8, 12, 12, 72], lang, title=cont)

    rows = _tie_rows(obj["ties"], names, lang, {"added": "added", "ended": "ended"})
    heads = [_t(k, lang) for k in ("h_change", "h_tie", "h_name")]
    _part(doc, _t("ch_ties", lang), heads, rows, [8, 18, 78], lang, title=cont)

    gaps = obj["gaps"]
    rows = [
        [
            _t(state, lang),
            names.get(g["area_id"], g["area_id"]),
            _need(g["need"], needs, lang),
            f"{_gap_kind(g['kind']['from'], lang)} → {_gap_kind(g['kind']['to'], lang)}",
            _before_after(g, "demand", lang),
            _before_after(g, "supply", lang),
        ]
        for state in ("opened", "closed")
        for g in gaps[state]
    ]
    keys = ("h_change", "h_area", "h_need", "h_kind", "h_demand", "h_supply")
    _part(doc, _t("ch_gaps", lang), [_t(k, lang) for k in keys], rows, [8, 14, 10, 28, 16, 16],
          lang, numeric=[False] * 4 + [True, True], title=cont)  # fmt: skip
    if gaps["persisting"]:
        doc.paragraph(_t("ch_persisting", lang, n=len(gaps["persisting"])), doc.body - 0.6,
                      "#555555", indent=3.0 * MM)  # fmt: skip

    rows = [
        [
            _t(state, lang),
            names.get(r["area_id"], r["area_id"]),
            f"{_reasons(r['reasons']['from'], lang)} → {_reasons(r['reasons']['to'], lang)}",
        ]
        for state in ("newly_isolated", "no_longer_isolated")
        for r in obj["isolated"][state]
    ]
    heads = [_t(k, lang) for k in ("h_change", "h_area", "h_reasons")]
    _part(doc, _t("ch_isolated", lang), heads, rows, [14, 16, 74], lang, title=cont)

    rows = []
    for r in obj["flows"]["areas"]:
        hidden = set(r.get("suppressed") or [])
        for side, (start, end) in zip(("from", "to"), ch.periods, strict=True):
            cells = [
                _count((r.get(k) or {}).get(side), k in hidden, lang)
                for k in ("referrals_out", "referrals_in", "accepted", "acceptance_rate")
            ]
            if (r.get("referrals_out") or {}).get(side) == 0:
                cells[3] = _count(None, False, lang)  # no referral out: no rate (never hidden)
            where = names.get(r["area_id"], r["area_id"])
            rows.append([where, _t("period", lang, a=start, b=end), *cells])
    keys = ("h_area", "h_period", "h_out", "h_in", "h_accepted", "h_rate")
    _part(doc, _t("ch_flows", lang), [_t(k, lang) for k in keys], rows, [14, 22, 14, 14, 10, 10],
          lang, numeric=[False, False] + [True] * 4, title=cont)  # fmt: skip


def _plan_section(doc: _Doc, plan: SheetPlan, needs: Mapping[str, str], lang: str) -> None:
    obj, p = plan.scenario, plan.scenario.get("params", {})
    names: Mapping[str, str] = obj.get("names", {})
    title = _t("plan", lang, name=p.get("scenario", ""))
    cont = title + _t("cont", lang)
    doc.section(title, first_rows=0.8)
    name, at, ref = p.get("scenario", ""), p.get("at", ""), p.get("reference_date", "")
    doc.paragraph(_t("plan_intro", lang, name=name, at=at, ref=ref))

    rows: list[list[Any]] = [
        [
            _t("pl_" + r["state"], lang),
            _t(r["category"], lang) if r["category"] in _CATEGORY else r["category"],
            r["name"],
            r["kind"],
            r["areas"],
            r["date"] or _t("res_none", lang),
        ]
        for r in plan.planned
    ]
    keys = ("h_plan", "h_category", "h_name", "h_kind_of", "h_areas", "h_date")
    _part(doc, _t("pl_records", lang), [_t(k, lang) for k in keys], rows,
          [7, 11, 40, 18, 18, 12], lang, title=cont)  # fmt: skip

    rows = _tie_rows(obj["ties"], names, lang, {"added": "pl_added", "ended": "pl_ended"})
    heads = [_t(k, lang) for k in ("h_plan", "h_tie", "h_name")]
    _part(doc, _t("pl_ties", lang), heads, rows, [8, 18, 78], lang, title=cont)

    rows = [
        [
            names.get(g["area_id"], g["area_id"]),
            _need(g["need"], needs, lang),
            _count(g.get("demand"), "demand" in (g.get("suppressed") or []), lang),
            _count(g.get("supply"), "supply" in (g.get("suppressed") or []), lang),
        ]
        for g in obj["gaps_closed"]
    ]
    heads = [_t(k, lang) for k in ("h_area", "h_need", "h_residents", "h_resources")]
    _part(doc, _t("pl_gaps", lang), heads, rows, [20, 20, 12, 12], lang,
          numeric=[False, False, True, True], title=cont)  # fmt: skip

    rows = [
        [names.get(a["area_id"], a["area_id"]), _reasons(a.get("reasons"), lang)]
        for a in obj["no_longer_isolated"]
    ]
    heads = [_t("h_area", lang), _t("h_reasons_now", lang)]
    _part(doc, _t("pl_isolated", lang), heads, rows, [20, 60], lang, title=cont)


def _content(
    doc: _Doc,
    view: nx.MultiDiGraph,
    tables: Sequence[Table],
    opts: SheetOptions,
    data: SheetData | None,
) -> None:
    lang = opts.lang
    many = view.graph.get("area_level") in ("city", "ward")
    doc.new_page()
    doc.section(_t("summary", lang))
    doc.cards(_summary(view, tables, lang))
    needs: Mapping[str, str] = view.graph.get("needs") or {}
    if data is not None and data.change is not None:
        _change_section(doc, data.change, needs, lang)
    if data is not None and data.plan is not None:
        _plan_section(doc, data.plan, needs, lang)

    _gap_section(doc, tables, data, lang, many)

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
        [11, 8, 20, 10, 11, 13, 7, 14, 16],
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

    day = _sheet_day(view)
    _bridge_section(doc, tables, data, opts, _verified(view, tables), day)
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
    _fresh_section(doc, view, tables, lang, day)
    _appendix(doc, view, tables, data, opts)


#: How far outside the picture's rim nodes without a position go (view units).
RIM_GAP = 110.0


def rim_positions(view: nx.MultiDiGraph, positions: Mapping[str, Pos]) -> dict[str, Pos]:
    """``positions`` plus a place for every view node without one (the ward's and the
    city's organisations added for the sheet): on a ring just outside the picture, in
    the direction of the nodes it is tied to, spread apart so none overlap.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("w", "a")
    >>> pos = rim_positions(g, {"a": (100.0, 0.0), "b": (-100.0, 0.0)})
    >>> pos["w"][0] > 100
    True
    """
    import math

    pos = dict(positions)
    missing = sorted(n for n in view.nodes if n not in pos)
    if not missing or not pos:
        return pos
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (min(xs) + max(xs)) / 2.0, (min(ys) + max(ys)) / 2.0
    radius = max(math.hypot(x - cx, y - cy) for x, y in pos.values()) + RIM_GAP
    wanted: list[tuple[float, str]] = []
    for n in missing:
        peers = [pos[m] for m in nx.all_neighbors(view, n) if m in pos]
        if peers:
            dx = sum(p[0] for p in peers) / len(peers) - cx
            dy = sum(p[1] for p in peers) / len(peers) - cy
            angle = math.atan2(dy, dx) if math.hypot(dx, dy) > 1e-6 else 0.0
        else:
            angle = -math.pi / 2
        wanted.append((angle, n))
    # keep neighbours on the ring about two symbol widths apart
    step = min(2.0 * math.pi / len(wanted), 160.0 / radius)
    wanted.sort()
    placed: list[float] = []
    for angle, n in wanted:
        if placed and angle - placed[-1] < step:
            angle = placed[-1] + step
        placed.append(angle)
        pos[n] = (round(cx + radius * math.cos(angle), 2), round(cy + radius * math.sin(angle), 2))
    return pos


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
    data: SheetData | None = None,
) -> bytes:
    """The district sheet of a published view and its analysis tables, as PDF bytes
    (``data``: the published gap rows and bridges, see :class:`SheetData`)."""
    from matplotlib.backends.backend_pdf import PdfPages

    opts = options or SheetOptions()
    threshold = require_published(view)
    lang = opts.lang
    area = str(view.graph.get("area_name") or "")
    title = opts.title or _t("title", lang, area=area)
    created = opts.created or dt.date.today()
    w, h = page_size_inches(opts.paper, "landscape")
    meta = _t("meta", lang, as_of=view.graph.get("as_of") or "-", created=created.isoformat())
    # footers: the sources with web addresses shortened (the appendix lists them in full)
    src = source_line(view, lang, short=True)
    foot = privacy_notice(threshold, lang, period=view_period(view))
    if positions is not None:
        positions = rim_positions(view, positions)
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
                source=src,
                # the period's referral links too: they show who the area works with
                layers=default_layers(view) | {"flow"},
            ),
        )
        doc = _Doc(w, h, header=title, meta=meta, small=opts.paper == "A4", foot=[src, foot])
        _content(doc, view, tables, opts, data)
        pages = [dia.figure, *doc.pages]
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
                doc.footer(fig)
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
