"""The district sheet's 変化 (``netmap report --compare-to``: what changed between two
releases) and 計画案 (``--scenario``: a plan laid over the network) sections.

Every part keeps its heading and reads 「なし」 when empty (an empty part never vanishes);
counts are the values the releases publish (a hidden one reads "x")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from netmap.disclosure.publish import count_text
from netmap.viz.diagram import MM
from netmap.viz.report.common import count_cell
from netmap.viz.report.data import SheetChange, SheetPlan
from netmap.viz.report.doc import Doc
from netmap.viz.texts import sheet_t as _t
from netmap.viz.texts import t as _text

__all__ = ["change_section", "plan_section"]

#: the records compared (their keys in the comparison are also their labels' keys)
_CATEGORY = ("organisations", "activities", "networks")


def _before_after(item: Mapping[str, Any], key: str, lang: str) -> str:
    """ "before → after" of a compared measure (``{"from", "to"}``)."""
    v = item.get(key) or {}
    hidden = key in (item.get("suppressed") or [])
    return f"{count_cell(v.get('from'), hidden, lang)} → {count_cell(v.get('to'), hidden, lang)}"


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
    sep = _text("list_sep", lang)
    return sep.join(labels.get(r, r) for r in reasons or ()) or _t("reasons_none", lang)


def _part(
    doc: Doc,
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


# --------------------------------------------------------------------------- 変化


def _changed_records(doc: Doc, obj: Mapping[str, Any], lang: str, cont: str) -> None:
    """Resources added and ended, then memberships and partnerships added and ended."""
    rows: list[list[Any]] = []
    for key in _CATEGORY:
        for state, when in (("added", "valid_from"), ("ended", "valid_to")):
            for r in obj["records"][key][state]:
                day = str(r.get(when) or _t("res_none", lang))[:10]
                rows.append([_t(state, lang), _t(key, lang), day, str(r.get("name") or r["id"])])
    heads = [_t(k, lang) for k in ("h_change", "h_category", "h_date", "h_name")]
    _part(doc, _t("ch_records", lang), heads, rows, [8, 12, 12, 72], lang, title=cont)

    names: Mapping[str, str] = obj.get("names", {})
    rows = _tie_rows(obj["ties"], names, lang, {"added": "added", "ended": "ended"})
    heads = [_t(k, lang) for k in ("h_change", "h_tie", "h_name")]
    _part(doc, _t("ch_ties", lang), heads, rows, [8, 18, 78], lang, title=cont)


def _changed_gaps(
    doc: Doc, obj: Mapping[str, Any], needs: Mapping[str, str], lang: str, cont: str
) -> None:
    """Gaps opened and closed (and how many persist), then isolation begun and ended."""
    names: Mapping[str, str] = obj.get("names", {})
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


def _changed_flows(doc: Doc, obj: Mapping[str, Any], ch: SheetChange, lang: str, cont: str) -> None:
    """Referrals of each area in the two periods."""
    names: Mapping[str, str] = obj.get("names", {})
    rows = []
    for r in obj["flows"]["areas"]:
        hidden = set(r.get("suppressed") or [])
        for side, (start, end) in zip(("from", "to"), ch.periods, strict=True):
            cells = [
                count_cell((r.get(k) or {}).get(side), k in hidden, lang)
                for k in ("referrals_out", "referrals_in", "accepted", "acceptance_rate")
            ]
            if (r.get("referrals_out") or {}).get(side) == 0:
                cells[3] = count_cell(None, False, lang)  # no referral out: no rate (never hidden)
            where = names.get(r["area_id"], r["area_id"])
            rows.append([where, _t("period", lang, a=start, b=end), *cells])
    keys = ("h_area", "h_period", "h_out", "h_in", "h_accepted", "h_rate")
    _part(doc, _t("ch_flows", lang), [_t(k, lang) for k in keys], rows, [14, 22, 14, 14, 10, 10],
          lang, numeric=[False, False] + [True] * 4, title=cont)  # fmt: skip


def change_section(doc: Doc, ch: SheetChange, needs: Mapping[str, str], lang: str) -> None:
    """変化: what changed here between the two releases compared."""
    obj, p = ch.compare, ch.compare.get("params", {})
    a, b = p["answered_with"]["from"], p["answered_with"]["to"]
    title = _t("change", lang, a=a, b=b)
    cont = title + _t("cont", lang)
    doc.section(title, first_rows=0.8)
    intro = _t("change_intro", lang, a=a, b=b)
    if ch.asked != a:
        intro += _t("change_asked", lang, asked=ch.asked, a=a)
    doc.paragraph(intro + _t("change_counts", lang, mark=count_text(None)))
    _changed_records(doc, obj, lang, cont)
    _changed_gaps(doc, obj, needs, lang, cont)
    _changed_flows(doc, obj, ch, lang, cont)


# --------------------------------------------------------------------------- 計画案


def plan_section(doc: Doc, plan: SheetPlan, needs: Mapping[str, str], lang: str) -> None:
    """計画案: the planned records and ties, the gaps the plan closes and the areas whose
    risk of isolation it ends."""
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
            count_cell(g.get("demand"), "demand" in (g.get("suppressed") or []), lang),
            count_cell(g.get("supply"), "supply" in (g.get("suppressed") or []), lang),
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
