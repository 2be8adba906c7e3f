"""Plain-word descriptions of view-graph nodes and edges (tooltips, info panels, tables).

Works on a *published* view (built from a release): resident counts are taken from the
``*_text`` fields, so a hidden count reads "x" (秘匿).

>>> describe_node({"category": "Organisation", "name": "NPOひだまり", "kind": "npo",
...                "area_name": "港北第一"}, {})[:2]
[('種類', 'NPO法人'), ('地域', '港北第一')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from netmap.analysis.results import ISOLATION_REASON_JA
from netmap.model.vocab import TARGET_GROUP_JA, need_label
from netmap.service.freshness import BANDS, freshness_band
from netmap.viz.change import change_text
from netmap.viz.styles import category_label, kind_display
from netmap.viz.texts import t

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "FRESH_CATEGORIES",
    "describe_edge",
    "describe_node",
    "isolation_reasons_ja",
    "verified_text",
]

Line = tuple[str, str]
_SEP = "、"
#: The records whose last verification is shown with its freshness band (organisations
#: and activities: the records an organisation reviews; the map's freshness layer marks
#: them too; areas and networks are not marked).
FRESH_CATEGORIES = ("Organisation", "Activity")


def view_day(view: nx.MultiDiGraph) -> dt.date | None:
    """A view's reference date (its ``as_of``): the day freshness is counted from (the map's
    badges and the sheet's 最終確認 column alike)."""
    try:
        return dt.date.fromisoformat(str(view.graph.get("as_of") or "")[:10])
    except ValueError:
        return None


def isolation_reasons_ja(reasons: list[str]) -> list[str]:
    return [ISOLATION_REASON_JA.get(r, r) for r in reasons]


def _needs(ids: list[str], needs: Mapping[str, str]) -> str:
    return _SEP.join(needs.get(n) or need_label(n) for n in ids)


def _people(text: object) -> str:
    """A count of people as text: "12人"; a hidden count reads "x" (秘匿)."""
    t = str(text)
    return t + "人" if t[:1].isdigit() else t


def _fmt_float(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def verified_text(verified_on: Any, as_of: dt.date | None, lang: str = "ja") -> str:
    """When a record was last verified, with its freshness band on ``as_of`` (the map's
    reference date; :func:`netmap.service.freshness.freshness_band`): 「2025-07-15（1年以内）」,
    「未確認」 when never; just the date without ``as_of``.

    >>> day = dt.date(2026, 11, 30)
    >>> verified_text("2025-07-15", day), verified_text("", day), verified_text(None, day, "en")
    ('2025-07-15（1〜2年前）', '未確認', 'never verified')
    """
    if as_of is None:
        return str(verified_on or "")[:10] or BANDS["never"][0 if lang == "ja" else 1]
    band = freshness_band(verified_on, as_of)
    if band == "never":
        return BANDS["never"][0 if lang == "ja" else 1]
    return t("fresh.value", lang, d=str(verified_on)[:10], band=t(f"fresh.{band}", lang))


def describe_node(
    d: Mapping[str, Any],
    names: Mapping[str, str],
    needs: Mapping[str, str] | None = None,
    *,
    as_of: dt.date | None = None,
) -> list[Line]:
    """Lines (label, text) describing a node of a published view. ``names`` maps ids of
    other view nodes (networks, activities, organisations) to their names; ``as_of``: the
    view's reference date, for an organisation's or activity's 最終確認 line (its date and
    freshness band, or 未確認)."""
    needs = needs or {}
    cat = str(d.get("category", ""))
    out: list[Line] = []
    kind = d.get("kind")
    out.append(("種類", kind_display(cat, kind) or category_label(cat)))
    change = change_text(d, "ja", needs)
    if change:  # a map with --compare-to or --scenario (netmap.viz.change)
        out.append(("変化", change))
    if cat != "Area" and d.get("area_name"):
        where = str(d["area_name"])
        if d.get("outside"):
            where += "（区域外・広域で活動）"
        out.append(("地域", where))
    st = d.get("stats") or {}
    if cat == "Area":
        out += _area_lines(d)
    elif cat == "Organisation":
        out += _organisation_lines(d, names, needs)
    elif cat == "Activity":
        out += _activity_lines(d, names, needs)
    elif cat == "Network" and "members" in st:
        out.append(("参加団体", f"{st['members']}（この地図内 {st.get('members_here', 0)}）"))
    if d.get("source"):
        out.append(("情報源", str(d["source"])))
    if as_of is not None and cat in FRESH_CATEGORIES:
        out.append(("最終確認", verified_text(d.get("verified_on"), as_of)))
    elif d.get("verified_on"):
        out.append(("最終確認", str(d["verified_on"])[:10]))
    return out


def _area_lines(d: Mapping[str, Any]) -> list[Line]:
    """An area's figures, residents with needs, gaps, isolation and bridging organisations."""
    ct = d.get("counts_text") or {}
    st = d.get("stats") or {}
    out: list[Line] = []
    figures = []
    for key, label in (
        ("organisations", "団体・機関"),
        ("activities", "活動"),
        ("networks", "ネットワーク"),
    ):
        if key in st:
            figures.append(f"{label} {st[key]}")
    if figures:
        out.append(("数", _SEP.join(figures)))
    if "residents_with_needs" in ct:
        out.append(("ニーズが把握された住民", _people(ct["residents_with_needs"])))
    out += _gap_lines(d)
    if st.get("isolated_districts"):
        out.append(("孤立のおそれがある地区", f"{st['isolated_districts']}地区"))
    iso = d.get("isolation")
    if iso and iso.get("isolated"):
        out.append(("孤立のおそれ", _SEP.join(isolation_reasons_ja(iso.get("reasons", [])))))
        out.append(
            ("どこにもつながっていない住民", _people(iso.get("isolated_residents_text", "-")))
        )
    for b in d.get("bridges") or []:
        out.append(("橋渡し役の団体", str(b.get("name", ""))))
    return out


def _gap_lines(d: Mapping[str, Any]) -> list[Line]:
    """An area's gaps and undersupplied needs, and activities that could serve its gaps."""
    st = d.get("stats") or {}
    out: list[Line] = []
    gaps = [g for g in d.get("gaps") or [] if g.get("kind") == "gap"]
    under = [g for g in d.get("gaps") or [] if g.get("kind") == "undersupplied"]
    if gaps:
        out.append(
            (
                "対応する資源がないニーズ（空白）",
                _SEP.join(f"{g['need_label']}（ニーズ {_people(g['demand_text'])}）" for g in gaps),
            )
        )
    if under:
        out.append(
            (
                "資源が足りないニーズ",
                _SEP.join(
                    f"{g['need_label']}（ニーズ {_people(g['demand_text'])}・資源 {g['supply']}）"
                    for g in under
                ),
            )
        )
    cands = [c for g in gaps[:2] for c in g.get("candidates", [])[:2]]
    if cands:
        out.append(("活用できそうな活動", _SEP.join(dict.fromkeys(cands))))
    if st.get("gaps") and not gaps:
        out.append(("空白（ニーズと資源の組）", str(st["gaps"])))
    return out


def _organisation_lines(
    d: Mapping[str, Any], names: Mapping[str, str], needs: Mapping[str, str]
) -> list[Line]:
    """An organisation's networks, activities, needs and bridge role."""
    out: list[Line] = []
    nets = [names.get(n, n) for n in d.get("networks") or []]
    out.append(("参加ネットワーク", _SEP.join(nets) if nets else "なし"))
    acts = [names.get(a, a) for a in d.get("activities") or []]
    if acts:
        out.append(("運営する活動", _SEP.join(acts)))
    if d.get("needs"):
        out.append(("対応するニーズ", _needs(list(d["needs"]), needs)))
    b = d.get("bridge")
    if b:
        if b.get("rank"):
            out.append(("橋渡し", f"この地図の上位{b['rank']}位"))
        out.append(("つなぐ役割", str(b.get("why", ""))))
        out.append(
            (
                "指標",
                f"橋渡しスコア {_fmt_float(b.get('score'))}・媒介中心性 "
                f"{_fmt_float(b.get('betweenness'))}"
                + ("・抜けるとネットワークが分断" if b.get("articulation_point") else ""),
            )
        )
    return out


def _activity_lines(
    d: Mapping[str, Any], names: Mapping[str, str], needs: Mapping[str, str]
) -> list[Line]:
    """An activity's runners, needs, target groups, capacity and participants."""
    ct = d.get("counts_text") or {}
    st = d.get("stats") or {}
    out: list[Line] = []
    runners = [names.get(r, r) for r in d.get("runners") or []]
    if runners:
        out.append(("運営", _SEP.join(runners)))
    if d.get("needs"):
        out.append(("対応するニーズ", _needs(list(d["needs"]), needs)))
    if d.get("target_groups"):
        out.append(("対象", _SEP.join(TARGET_GROUP_JA.get(t, t) for t in d["target_groups"])))
    if "capacity" in st:
        out.append(("定員", f"{st['capacity']}人"))
    if "participants" in ct:
        out.append(("参加者（登録）", _people(ct["participants"])))
    return out


def describe_edge(e: Mapping[str, Any], names: Mapping[str, str]) -> list[Line]:
    """Lines describing an edge of a published view."""
    change = change_text(e, "ja")
    lines = _describe_edge(e, names)
    return [("変化", change), *lines] if change else lines


def _describe_edge(e: Mapping[str, Any], names: Mapping[str, str]) -> list[Line]:
    typ = e.get("type")
    if typ == "referral":
        # that referrals ran in the release's period, never how many (docs/privacy.md)
        return [("紹介（つなぎ）", "期間内に紹介あり")]
    if typ == "missing_bridge":
        cands = [str(c.get("name", "")) for c in e.get("candidates") or []]
        out = [("提案", "共通の参加団体もつながりもない2つのネットワーク")]
        if cands:
            out.append(("橋渡し候補", _SEP.join(cands)))
        return out
    if typ == "member_of":
        role = {"chair": "代表", "secretariat": "事務局"}.get(str(e.get("role")), "参加")
        return [("ネットワーク", role)]
    if typ == "partners_with":
        return [("協力関係", str(e.get("kind") or "提携"))]
    if typ == "runs":
        return [("運営", "")]
    if typ == "tie":
        return [("地域をまたぐ協力関係", f"{e.get('stat', 0)}件")]
    return []
