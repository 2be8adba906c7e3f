"""Published results: the analyses' JSON for viewers and meetings, read from a release.

Same shapes as the exact results of :mod:`netmap.service.analyses` (the JSON contract in
docs/analyst-guide.md), with every resident count read from the release
(:meth:`Release.shown`): a hidden count is ``null`` and its field is listed in the
object's ``"suppressed"``; every text shows it as :data:`MARK` ("x", 秘匿). Rules:

* **filters never test a hidden value**: for ``min_demand`` and ``ratio`` a hidden demand
  counts as the threshold (the same for every hidden value: a band);
* **rows are ordered by published values only**: rows with a hidden count come after the
  rows with a shown one, then by id;
* referral counts are the release's period (``params.period_start`` to
  ``params.reference_date``), never running totals; statuses are published for the
  referrals out of an area, not per need or per kind of organisation (fewer linked
  dimensions keep more cells visible);
* levels: ``city``, ``ward``, ``district`` (neighbourhood counts are not published).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from netmap.analysis.flows import STATUSES
from netmap.analysis.projections import round9
from netmap.analysis.results import AnalysisParameterError, BridgeReport, gap_result_ids
from netmap.disclosure.cells import OWN, PUBLISHED_LEVELS
from netmap.disclosure.release import Release
from netmap.model.vocab import LEVEL_RANK, need_label

__all__ = [
    "MARK",
    "MARK_EN",
    "count_text",
    "privacy_notice",
    "published_analysis",
    "published_bridges",
    "published_flows",
    "published_gaps",
    "published_isolated",
    "view_period",
]

#: The one mark of a hidden cell (the Japanese statistical "x", 秘匿), in every product.
MARK = "x"
#: Its explanation, for legends and captions.
MARK_EN = "x = hidden (秘匿) to protect residents"


def count_text(value: int | None) -> str:
    """A published count as text: the number, or :data:`MARK` when hidden."""
    return MARK if value is None else str(value)


def _check_level(level: str) -> str:
    if level not in PUBLISHED_LEVELS:
        raise AnalysisParameterError(
            f"level {level!r} is not published for viewers: use "
            + ", ".join(PUBLISHED_LEVELS)
            + " (neighbourhood counts are too small to publish)",
            details={"level": level, "published": list(PUBLISHED_LEVELS)},
        )
    return level


def _params(rel: Release, name: str, **kw: Any) -> dict[str, Any]:
    return {
        "analysis": name,
        "as_of": rel.reference_date.isoformat(),
        **kw,
        "release": rel.id,
        "reference_date": rel.reference_date.isoformat(),
        "period": rel.period,
        "period_start": rel.period_start.isoformat(),
        "suppression_threshold": rel.threshold,
        "mark": MARK,
    }


def _scope(rel: Release, area: str | None) -> set[str] | None:
    return None if area is None else rel.descendants(area)


def _hide(obj: dict[str, Any], fields: Iterable[str]) -> None:
    hidden = [f for f in fields if obj.get(f) is None]
    obj["suppressed"] = sorted(set(obj.get("suppressed") or []) | set(hidden))


def _names(rel: Release, ids: Iterable[str]) -> dict[str, str]:
    needs: dict[str, str] = rel.payload.get("needs", {})
    out: dict[str, str] = {}
    for i in sorted(set(ids)):
        if not i:
            continue
        if i in rel.areas:
            out[i] = rel.area_name(i)
        elif i in needs:
            out[i] = needs[i]
        else:
            out[i] = need_label(i)
    return out


# --------------------------------------------------------------------------- gaps


def published_gaps(
    rel: Release,
    *,
    level: str = "district",
    min_demand: int = 1,
    ratio: float = 10.0,
    area: str | None = None,
    need: str | None = None,
) -> dict[str, Any]:
    """The gaps a viewer sees (see the module docstring for the band rule)."""
    _check_level(level)
    if min_demand < 1:
        raise AnalysisParameterError("min_demand must be at least 1", details={"min_demand": 1})
    if ratio < 0:
        raise AnalysisParameterError("ratio must not be negative", details={"ratio": ratio})
    scope = _scope(rel, area)
    rows: list[dict[str, Any]] = []
    for stored in rel.payload["gaps"][level]:
        a, n = stored["area_id"], stored["need"]
        if (scope is not None and a not in scope) or (need is not None and n != need):
            continue
        demand = rel.shown(("dem", a, n))
        decide = rel.threshold if demand is None else demand
        supply = int(stored["supply"])
        row = dict(stored)
        if supply == 0:
            if decide < min_demand:
                continue
            row.update(kind="gap", demand=demand, ratio=None)
            _hide(row, ["demand"])
        else:
            if not decide / supply > ratio:
                continue
            r = None if demand is None else round9(demand / supply)
            row.update(kind="undersupplied", demand=demand, ratio=r)
            _hide(row, ["demand", "ratio"])
        rows.append(row)
    rows.sort(
        key=lambda g: (
            g["demand"] is None,
            -(g["demand"] or 0),
            g["ratio"] is None,
            -(g["ratio"] or 0.0),
            g["area_id"],
            g["need"],
        )
    )
    unallocated = _unallocated(rel, level, scope, need)
    ids = gap_result_ids(rows, unallocated)
    return {
        "params": _params(
            rel, "gaps", level=level, min_demand=min_demand, ratio=ratio, area=area, need=need
        ),
        "gaps": rows,
        "unallocated": unallocated,
        "names": _names(rel, ids),
    }


def _unallocated(
    rel: Release, level: str, scope: set[str] | None, need: str | None
) -> list[dict[str, Any]]:
    """Demand recorded in an area coarser than ``level``: the own cells of those areas."""
    rank = LEVEL_RANK[level]
    out = []
    for key in rel.cells:
        if key[0] != "dem" or not key[1].endswith(OWN):
            continue
        a = key[1].removesuffix(OWN)
        lv = rel.areas.get(a, (None, "", ""))[1]
        if LEVEL_RANK.get(lv, 99) >= rank:
            continue
        if (scope is not None and a not in scope) or (need is not None and key[2] != need):
            continue
        row: dict[str, Any] = {
            "area_id": a,
            "area_name": rel.area_name(a),
            "level": lv,
            "need": key[2],
            "demand": rel.shown(key),
        }
        _hide(row, ["demand"])
        out.append(row)
    out.sort(key=lambda u: (u["demand"] is None, -(u["demand"] or 0), u["area_id"], u["need"]))
    return out


# --------------------------------------------------------------------------- isolated


def published_isolated(
    rel: Release, *, level: str = "district", area: str | None = None
) -> dict[str, Any]:
    """Isolated areas with their resident counts from the release."""
    _check_level(level)
    scope = _scope(rel, area)
    rows = []
    for stored in rel.payload["isolated"][level]:
        a = stored["area_id"]
        if scope is not None and a not in scope:
            continue
        row = dict(stored)
        row["residents_with_needs"] = rel.shown(("res", a))
        row["isolated_residents"] = rel.shown(("iso", a))
        _hide(row, ["residents_with_needs", "isolated_residents"])
        rows.append(row)
    return {
        "params": _params(rel, "isolated", level=level, area=area),
        "areas": rows,
        "names": _names(rel, (r["area_id"] for r in rows)),
    }


# --------------------------------------------------------------------------- flows


def _rate(obj: dict[str, Any]) -> float | None:
    parts = [obj.get(s) for s in ("accepted", "closed", "declined")]
    if any(p is None for p in parts):
        return None
    reached = int(obj["accepted"]) + int(obj["closed"])
    den = reached + int(obj["declined"])
    return round9(reached / den) if den else None


def published_flows(
    rel: Release, *, level: str = "district", area: str | None = None
) -> dict[str, Any]:
    """Referrals of the release's period per area (entrance and exit)."""
    _check_level(level)
    scope = _scope(rel, area)
    by_area: dict[str, dict[str, set[str]]] = {}
    for key in rel.cells:
        if key[0] in ("out", "in") and len(key) == 4 and key[2] in ("need", "kind"):
            by_area.setdefault(key[1], {"need": set(), "kind": set()})[key[2]].add(key[3])
    rows = []
    for a in rel.level_areas(level):
        if scope is not None and a not in scope:
            continue
        row: dict[str, Any] = {
            "area_id": a,
            "referrals_out": rel.shown(("out", a)),
            "referrals_in": rel.shown(("in", a)),
            **{s: rel.shown(("out", a, "status", s)) for s in STATUSES},
        }
        row["acceptance_rate"] = _rate(row)
        hidden_rate = any(row[s] is None for s in ("accepted", "closed", "declined"))
        _hide(row, ["referrals_out", "referrals_in", *STATUSES])
        if hidden_rate:
            row["suppressed"] = sorted({*row["suppressed"], "acceptance_rate"})
        dims = by_area.get(a, {"need": set(), "kind": set()})
        row["by_need"] = []
        for n in sorted(dims["need"]):
            item: dict[str, Any] = {
                "need": n,
                "referrals_out": rel.shown(("out", a, "need", n)),
                "referrals_in": rel.shown(("in", a, "need", n)),
                **dict.fromkeys(STATUSES),
                "acceptance_rate": None,
            }
            _hide(item, ["referrals_out", "referrals_in", *STATUSES, "acceptance_rate"])
            row["by_need"].append(item)
        row["by_org_kind"] = []
        for k in sorted(dims["kind"]):
            item = {
                "kind": k,
                "referrals_out": rel.shown(("out", a, "kind", k)),
                **dict.fromkeys(STATUSES),
                "acceptance_rate": None,
            }
            _hide(item, ["referrals_out", *STATUSES, "acceptance_rate"])
            row["by_org_kind"].append(item)
        rows.append(row)
    one_way = []
    for o, (direction, name, loc) in sorted(rel.one_way.items()):
        if scope is not None and loc not in scope:
            continue
        item = {
            "organisation_id": o,
            "name": name,
            "area_id": loc,
            "direction": direction,
            "referrals_out": None if direction == "out_only" else 0,
            "referrals_in": None if direction == "in_only" else 0,
        }
        _hide(item, ["referrals_out", "referrals_in"])
        one_way.append(item)
    ids = {r["area_id"] for r in rows} | {n["need"] for r in rows for n in r["by_need"]}
    ids |= {o["area_id"] or "" for o in one_way}
    names = _names(rel, ids)
    names.update({o["organisation_id"]: o["name"] for o in one_way})
    return {
        "params": _params(rel, "flows", level=level, area=area, counts="period"),
        "areas": rows,
        "one_way_organisations": one_way,
        "names": names,
    }


# --------------------------------------------------------------------------- bridges


def published_bridges(
    rel: Release, *, top: int | None = None, area: str | None = None
) -> dict[str, Any]:
    """Bridge organisations (no resident counts) as of the release's reference date."""
    from netmap.analysis.bridges import describe_method, scope_bridges

    if top is not None and top < 0:
        raise AnalysisParameterError("top must not be negative", details={"top": top})
    report = BridgeReport.model_validate(rel.payload["bridges"])
    scope = _scope(rel, area)
    around = scope | set(rel.ancestors(area)) if scope is not None and area is not None else None
    located: dict[str, str] = {k: v for k, v in rel.payload["locations"].items() if v}
    rep = scope_bridges(report, scope=scope, around=around, location=located, top=top)
    bridges = [b.model_dump(mode="json") for b in rep.bridges]
    missing = [m.model_dump(mode="json") for m in rep.missing_bridges]
    ids: set[str] = set()
    names: dict[str, str] = {}
    for b in bridges:
        ids |= set(b["networks"])
        names[b["organisation_id"]] = b["name"]
    for m in missing:
        ids.add(m["ward_id"])
    nets: dict[str, str] = rel.payload.get("networks", {})
    out_names = _names(rel, ids)
    out_names.update({i: nets[i] for i in ids if i in nets})
    out_names.update(names)
    for m in missing:
        for n in m["network_ids"]:
            out_names.setdefault(n, nets.get(n, n))
        for c in m["candidates"]:
            oid = c["organisation_id"]
            out_names.setdefault(oid, rel.payload.get("org_names", {}).get(oid, oid))
    return {
        "params": _params(
            rel,
            "bridges",
            top=top,
            area=area,
            **describe_method(rep.betweenness_method),
        ),
        "bridges": bridges,
        "missing_bridges": missing,
        "names": dict(sorted(out_names.items())),
    }


def published_analysis(rel: Release, name: str, **params: Any) -> dict[str, Any]:
    """One published analysis by name (``gaps``, ``isolated``, ``bridges``, ``flows``)."""
    funcs: dict[str, Callable[..., dict[str, Any]]] = {
        "gaps": published_gaps,
        "isolated": published_isolated,
        "bridges": published_bridges,
        "flows": published_flows,
    }
    if name not in funcs:
        raise ValueError(f"unknown analysis {name!r}")
    params.pop("as_of", None)
    result: dict[str, Any] = funcs[name](rel, **params)
    return result


def privacy_notice(
    threshold: int, lang: str = "ja", *, period: tuple[str, str] | None = None
) -> str:
    """The privacy notice every map, diagram, sheet and export carries (one text).

    >>> privacy_notice(10)[:20]
    '個人は表示していません。住民は地区・活動'
    """
    if lang == "ja":
        text = (
            f"個人は表示していません。住民は地区・活動ごとの人数だけを示し、{threshold}人未満の人数と、"
            f"差し引きでそれが分かってしまう人数は「{MARK}」（秘匿）としています。"
        )
        if period:
            text += f"紹介の件数は{period[0]}〜{period[1]}の期間の件数です。"
        return text
    text = (
        "No individuals are shown: residents appear only as counts per area or activity; "
        f"counts under {threshold}, and counts that would reveal one by subtraction, read "
        f'"{MARK}" (hidden).'
    )
    if period:
        text += f" Referral counts are for the period {period[0]} to {period[1]}."
    return text


def view_period(view: Any) -> tuple[str, str] | None:
    """The release period of a published view (``graph["period_start"]``, reference date)."""
    g = view.graph
    if g.get("period_start") and g.get("reference_date"):
        return (str(g["period_start"]), str(g["reference_date"]))
    return None
