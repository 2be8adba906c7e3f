"""The changes part of the planted manifest (:mod:`netmap.demo.findings`): what changed
between the plan's start and the reference date (``changes``: the planted changes and
every gap, isolation and record change, as ``netmap compare`` reports them), the effect
of the plan to try (``scenario``, as ``netmap compare --scenario`` reports it), and the
checks that both are what :mod:`netmap.demo.plan` planted.
"""

from __future__ import annotations

from typing import Any

from netmap.demo import PLAN_START, REFERENCE_DATE, plan
from netmap.demo.builder import Builder
from netmap.demo.reckon import (
    Reckoning,
    activities_per_district,
    reckon,
    residents_per_district,
    valid_on,
)
from netmap.demo.records import Dataset
from netmap.demo.scenario import with_plan

__all__ = ["change_problems", "changes_since_start", "scenario_effect", "scenario_problems"]

Entry = dict[str, Any]


CHANGES_DESCRIPTION = (
    "What changed between the plan's start (from) and the reference date (to), as "
    "`netmap compare --from FROM --to TO` reports it at district level with default "
    "parameters: the planted changes with the values compare reports; gaps and isolated "
    "are exhaustive (every (area, need) that became or stopped being a gap or "
    "under-supplied, every district whose isolation changed); totals count every "
    "record and tie added or ended (a tie lives while it and both its ends are valid)."
)


def changes_since_start(b: Builder, rk: Reckoning) -> dict[str, Any]:
    """The changes between the plan's start and the reference date (``netmap compare``).

    ``rk`` is reckoned at AS_OF, which sees what the reference date sees (nothing is
    dated between them)."""
    ds = b.ds
    start = reckon(ds, PLAN_START)
    gaps = _gap_changes(start, rk)
    isolated = _isolation_changes(ds, start, rk)
    totals = _record_totals(ds, PLAN_START, REFERENCE_DATE)
    return {
        "description": CHANGES_DESCRIPTION,
        "from": PLAN_START,
        "to": REFERENCE_DATE,
        "level": "district",
        "top": plan.BRIDGE_TOP,
        "planted": _planted_changes(b, start, rk, gaps, isolated),
        "gaps": gaps,
        "isolated": isolated,
        "totals": totals,
    }


def _gap_rows(rk: Reckoning) -> dict[tuple[str, str], Entry]:
    rows: dict[tuple[str, str], Entry] = {
        (a, n): {"kind": "gap", "demand": d, "supply": 0} for a, n, d in rk.gaps()
    }
    for a, n, d, s in rk.undersupplied():
        rows[(a, n)] = {"kind": "undersupplied", "demand": d, "supply": s}
    return rows


def _gap_changes(start: Reckoning, end: Reckoning) -> dict[str, list[Entry]]:
    """Gaps and under-supplied pairs opened and closed (exhaustive), with demand and
    supply at both dates."""
    was, now = _gap_rows(start), _gap_rows(end)
    out: dict[str, list[Entry]] = {"opened": [], "closed": []}
    for key in sorted(was.keys() ^ now.keys()):
        a, need = key
        state = "opened" if key in now else "closed"
        out[state].append(
            {
                "area_id": a,
                "need": need,
                "kind": {
                    "from": was[key]["kind"] if key in was else None,
                    "to": now[key]["kind"] if key in now else None,
                },
                "demand": {"from": start.demand.get(key, 0), "to": end.demand.get(key, 0)},
                "supply": {"from": start.supply.get(key, 0), "to": end.supply.get(key, 0)},
            }
        )
    return out


def _isolation_changes(
    ds: Dataset, start: Reckoning, end: Reckoning, ds_end: Dataset | None = None
) -> dict[str, list[Entry]]:
    """Districts that became or stopped being isolated (exhaustive); ``ds_end``: the
    records ``end`` was reckoned on when they are not ``ds`` (a plan)."""
    acts_s = activities_per_district(ds, start)
    acts_e = activities_per_district(ds if ds_end is None else ds_end, end)
    res = residents_per_district(ds, end)  # residents carry no dates
    was, now = start.isolation(acts_s, res), end.isolation(acts_e, res)
    out: dict[str, list[Entry]] = {"newly_isolated": [], "no_longer_isolated": []}
    for a in sorted(was.keys() ^ now.keys()):
        out["newly_isolated" if a in now else "no_longer_isolated"].append(
            {
                "area_id": a,
                "reasons": {"from": was.get(a, []), "to": now.get(a, [])},
                "activities": {"from": acts_s.get(a, 0), "to": acts_e.get(a, 0)},
            }
        )
    return out


def _span(*records: Any) -> tuple[str | None, str | None]:
    """The validity of a tie: the latest start and the earliest end of its records."""
    starts = [r.valid_from for r in records if r.valid_from]
    ends = [r.valid_to for r in records if r.valid_to]
    return (max(starts) if starts else None, min(ends) if ends else None)


def _state(span: tuple[str | None, str | None], before: str, after: str) -> str | None:
    was, now = valid_on(*span, before), valid_on(*span, after)
    return "added" if now and not was else "ended" if was and not now else None


def _record_totals(ds: Dataset, before: str, after: str) -> dict[str, dict[str, int]]:
    """Records and ties added (valid only at ``after``) or ended (only at ``before``)."""
    orgs = {o.id: o for o in ds.orgs}
    nets = {n.id: n for n in ds.networks}
    spans: dict[str, list[tuple[str | None, str | None]]] = {
        "organisations": [_span(o) for o in ds.orgs],
        "activities": [_span(a) for a in ds.activities],
        "networks": [_span(n) for n in ds.networks],
        "memberships": [
            _span(m, orgs[m.organisation_id], nets[m.network_id]) for m in ds.memberships
        ],
        "partnerships": [_span(p, orgs[p.source_id], orgs[p.target_id]) for p in ds.partnerships],
    }
    totals: dict[str, dict[str, int]] = {}
    for key, items in spans.items():
        states = [_state(sp, before, after) for sp in items]
        totals[key] = {"added": states.count("added"), "ended": states.count("ended")}
    return totals


def _planted_changes(
    b: Builder,
    start: Reckoning,
    end: Reckoning,
    gaps: dict[str, list[Entry]],
    isolated: dict[str, list[Entry]],
) -> list[Entry]:
    """The planted changes, each with the ids and the values compare reports."""
    return [
        _network_formed(b),
        _resource_ended(b, gaps),
        _gap_closed(b, gaps),
        _no_longer_isolated(b, isolated),
        _bridge_entered(b, start, end),
    ]


def _members(ds: Dataset, org: str | None = None, net: str | None = None) -> list[Entry]:
    """The memberships of ``org`` or of ``net`` (the planted ones are all dated)."""
    keys = sorted(
        (m.organisation_id, m.network_id)
        for m in ds.memberships
        if m.organisation_id == org or m.network_id == net
    )
    return [{"organisation_id": o, "network_id": n} for o, n in keys]


def _gap(gaps: dict[str, list[Entry]], state: str, key: tuple[str, str]) -> Entry | None:
    """The gap change ``key`` among the ``state`` ones (opened or closed), if any."""
    return next((g for g in gaps[state] if (g["area_id"], g["need"]) == key), None)


def _network_formed(b: Builder) -> Entry:
    net = b.net[plan.FOOD_NETWORK]
    return {
        "change": "network_formed",
        "network_id": net.id,
        "name": net.name,
        "valid_from": net.valid_from,
        "memberships_added": _members(b.ds, net=net.id),
        "note": plan.CHANGE_NOTES["network_formed"],
    }


def _resource_ended(b: Builder, gaps: dict[str, list[Entry]]) -> Entry:
    closed_org = b.org[sorted(b.closed)[0]]
    closed_act = b.act[plan.CLOSED_ACTIVITY]
    return {
        "change": "resource_ended",
        "organisation_id": closed_org.id,
        "activity_id": closed_act.id,
        "name": closed_org.name,
        "valid_to": closed_org.valid_to,
        "memberships_ended": _members(b.ds, org=closed_org.id),
        "gap": _gap(gaps, "opened", ("hodogaya-iwama", "food")),
        "note": plan.CHANGE_NOTES["resource_ended"],
    }


def _gap_closed(b: Builder, gaps: dict[str, list[Entry]]) -> Entry:
    shokudo = b.org[plan.NEW_SHOKUDO_ORG]
    venues = sorted(a.id for a in b.ds.activities if a.organisation_id == shokudo.id)
    return {
        "change": "gap_closed",
        "organisation_id": shokudo.id,
        "activity_ids": venues,
        "name": shokudo.name,
        "valid_from": shokudo.valid_from,
        "memberships_added": _members(b.ds, org=shokudo.id),
        "gap": _gap(gaps, "closed", plan.LATE_GAPS[0]),
        "note": plan.CHANGE_NOTES["gap_closed"],
    }


def _no_longer_isolated(b: Builder, isolated: dict[str, list[Entry]]) -> Entry:
    late = b.act[plan.LATE_ACTIVITY]
    no_longer = {i["area_id"]: i for i in isolated["no_longer_isolated"]}
    return {
        "change": "no_longer_isolated",
        "activity_id": late.id,
        "name": late.name,
        "valid_from": late.valid_from,
        **no_longer.get(plan.LATE_ACTIVITY_DISTRICT, {}),
        "note": plan.CHANGE_NOTES["no_longer_isolated"],
    }


def _bridge_entered(b: Builder, start: Reckoning, end: Reckoning) -> Entry:
    bridge = b.org[plan.NEW_BRIDGE]
    return {
        "change": "bridge_entered",
        "organisation_id": bridge.id,
        "name": bridge.name,
        "valid_from": bridge.valid_from,
        "networks": {
            "from": sorted(start.memberships_of.get(bridge.id, set())),
            "to": sorted(end.memberships_of.get(bridge.id, set())),
        },
        "memberships_added": _members(b.ds, org=bridge.id),
        "partnerships_added": sorted(
            [p.source_id, p.target_id]
            for p in b.ds.partnerships
            if bridge.id in (p.source_id, p.target_id)
        ),
        "rank": {"from": None, "to_at_most": plan.BRIDGE_TOP},
        "note": plan.CHANGE_NOTES["bridge_entered"],
    }


SCENARIO_DESCRIPTION = (
    "A plan to try (計画案), written by `netmap demo` into the folder `folder` beside the "
    "data in the import format: what `netmap compare --scenario FOLDER --at AT` reports "
    "at district level with default parameters. records and ties are every planned "
    "record (all added, none ended); gaps and isolated are exhaustive (every (area, need) "
    "that stops or starts being a gap or under-supplied, every district whose isolation "
    "changes)."
)


def scenario_effect(b: Builder, planned: Dataset) -> dict[str, Any]:
    """The plan's records and their effect at its date, reckoned on the data with and
    without them."""
    day = plan.SCENARIO_FROM
    combined = with_plan(b.ds, planned)
    now, after = reckon(b.ds, day), reckon(combined, day)
    files = {
        "organisations.csv": len(planned.orgs),
        "networks.csv": len(planned.networks),
        "memberships.csv": len(planned.memberships),
        "partnerships.csv": len(planned.partnerships),
        "activities.csv": len(planned.activities),
    }
    return {
        "description": SCENARIO_DESCRIPTION,
        "folder": plan.SCENARIO_DIR,
        "at": day,
        "level": "district",
        "files": {k: v for k, v in files.items() if v},
        "records": {
            "organisations": sorted(o.id for o in planned.orgs),
            "activities": sorted(a.id for a in planned.activities),
            "networks": sorted(n.id for n in planned.networks),
        },
        "ties": {
            "memberships": [
                {"organisation_id": o, "network_id": n}
                for o, n in sorted((m.organisation_id, m.network_id) for m in planned.memberships)
            ],
            "partnerships": [
                {"source_id": x, "target_id": y, "kind": k}
                for x, y, k in sorted(
                    (p.source_id, p.target_id, p.kind) for p in planned.partnerships
                )
            ],
        },
        "gaps": _gap_changes(now, after),
        "isolated": _isolation_changes(b.ds, now, after, combined),
        "note": plan.SCENARIO_NOTE,
    }


def change_problems(changes: dict[str, Any]) -> list[str]:
    """The changes since the plan's start are the planted ones and no others."""
    problems = []
    gaps = {s: [(g["area_id"], g["need"]) for g in v] for s, v in changes["gaps"].items()}
    # 岩間's food: a gap opened at the demo scale; under-supplied at the start at larger
    # scales, where its demand outgrows the closed cafeteria's supply
    if gaps["closed"] != list(plan.LATE_GAPS) or gaps["opened"] not in (
        [],
        [("hodogaya-iwama", "food")],
    ):
        problems.append(f"gaps changed {gaps}")
    iso = {s: [i["area_id"] for i in v] for s, v in changes["isolated"].items()}
    if iso != {"newly_isolated": [], "no_longer_isolated": [plan.LATE_ACTIVITY_DISTRICT]}:
        problems.append(f"isolation changed {iso}")
    bridge = next(c for c in changes["planted"] if c["change"] == "bridge_entered")
    if bridge["networks"]["from"] or len(bridge["networks"]["to"]) < 2:
        problems.append("the new bridge does not link networks")
    return problems


def scenario_problems(scenario: dict[str, Any]) -> list[str]:
    """The plan closes only the gaps it is for (at larger scales than the demo's a gap it
    supplies may stay under-supplied; tests/demo/test_demo_scenario.py checks that it
    closes all of them at the demo scale) and ends exactly the isolation it is for."""
    problems = []
    gaps = {s: [(g["area_id"], g["need"]) for g in v] for s, v in scenario["gaps"].items()}
    if gaps["opened"] or not set(gaps["closed"]) <= set(plan.SCENARIO_CLOSES):
        problems.append(f"the plan changes gaps {gaps}")
    iso = {s: [i["area_id"] for i in v] for s, v in scenario["isolated"].items()}
    if iso != {"newly_isolated": [], "no_longer_isolated": sorted(plan.SCENARIO_ENDS_ISOLATION)}:
        problems.append(f"the plan changes isolation {iso}")
    return problems
