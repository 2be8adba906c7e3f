"""What an analyst should find in the demo data: the ``planted`` part of the manifest
(``planted.json`` at the demo scale and seed), reckoned on the finished dataset, and the
check that it is what :mod:`netmap.demo.plan` planted.

Lists marked exhaustive are everything the DATA_MODEL.md definitions yield at district
level with default parameters; the others list what must be among the results.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from netmap.demo import AS_OF, PLAN_START, REFERENCE_DATE, plan
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

DESCRIPTION = (
    "Findings planted in the synthetic demo data (合成データ). Lists marked "
    "exhaustive are everything the DATA_MODEL.md definitions yield at district level "
    "with default parameters (min_demand=1, ratio=10) for any as_of on or after as_of; "
    "candidates_include lists candidates that must be among those reported."
)
EXHAUSTIVE = [
    "gaps",
    "undersupplied",
    "isolated",
    "articulation_points",
    "missing_bridges",
    "one_way",
]

Entry = dict[str, Any]


def planted_findings(b: Builder, rk: Reckoning, planned: Dataset) -> dict[str, Any]:
    """The planted manifest of the finished data ``b.ds``, reckoned as ``rk`` at AS_OF;
    ``planned``: the plan to try (:mod:`netmap.demo.scenario`)."""
    ds = b.ds
    return {
        "description": DESCRIPTION,
        "scale": b.scale,
        "seed": b.seed,
        "as_of": AS_OF,
        "level": "district",
        "exhaustive": list(EXHAUSTIVE),
        "counts": _counts(ds),
        "gaps": _gaps(rk),
        "undersupplied": _undersupplied(rk),
        "isolated": _isolated(ds, rk),
        "bridges": _bridges(b, rk),
        "articulation_points": rk.network_articulation_points(),
        "missing_bridges": _missing_bridges(b, rk),
        "one_way": _one_way(rk),
        "unallocated": _unallocated(ds, rk),
        "as_of_checks": _as_of_checks(b, rk),
        "named_examples": _named_examples(b),
        "changes": _changes(b, rk),
        "scenario": _scenario(b, planned),
        "generator_repairs": dict(sorted(b.repairs.items())),
    }


def _candidates(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [{"activity_id": a, "reason": reason} for a, reason in pairs]


def _gaps(rk: Reckoning) -> list[Entry]:
    """Gaps (exhaustive at district level, default parameters)."""
    gaps = []
    for a, need, demand in rk.gaps():
        note = plan.GAP_NOTES.get((a, need))
        if note is None and a == plan.ISOLATED_DISTRICT:
            note = plan.ISOLATED_GAP_NOTE
        gaps.append(
            {
                "area_id": a,
                "area_name": rk.names[a],
                "need": need,
                "demand": demand,
                "supply": 0,
                "note": note or "",
                "candidates_include": _candidates(plan.GAP_CANDIDATES.get((a, need), ())),
            }
        )
    return gaps


def _undersupplied(rk: Reckoning) -> list[Entry]:
    return [
        {
            "area_id": a,
            "area_name": rk.names[a],
            "need": need,
            "demand": demand,
            "supply": supply,
            "ratio": round(demand / supply, 9),
            "note": plan.UNDERSUPPLIED_NOTES.get((a, need), ""),
            "candidates_include": _candidates(plan.UNDERSUPPLIED_CANDIDATES.get((a, need), ())),
        }
        for a, need, demand, supply in rk.undersupplied()
    ]


def _isolated(ds: Dataset, rk: Reckoning) -> list[Entry]:
    acts = activities_per_district(ds, rk)
    res = residents_per_district(ds, rk)
    iso: list[Entry] = [
        {
            "area_id": a,
            "area_name": rk.names[a],
            "reasons": reasons,
            "score": round(len(reasons) / 3, 9),
            "residents_with_needs": res.get(a, 0),
            "activities": acts.get(a, 0),
            "note": plan.ISOLATED_NOTES.get(a, ""),
        }
        for a, reasons in rk.isolation(acts, res).items()
    ]
    iso.sort(key=lambda e: (-e["score"], e["area_id"]))
    return iso


def _bridges(b: Builder, rk: Reckoning) -> list[Entry]:
    """The planted bridges (not exhaustive): each the only link between two networks."""
    council_ward, plaza_ward = plan.BRIDGE_COUNCIL_WARD, plan.BRIDGE_PLAZA_WARD
    planted = (
        (
            b.council[council_ward],
            [f"net-{council_ward}-care", f"net-{council_ward}-kosodate"],
            b.notes["izumi_island"],
        ),
        (
            b.plaza_of[plan.BRIDGE_PLAZA_DISTRICT],
            [f"net-{plaza_ward}-care", f"net-{plaza_ward}-jiritsu"],
            b.notes["kanazawa_island"],
        ),
    )
    names = rk.names
    bridges = []
    for org, links, island in planted:
        a_members = rk.members[links[0]]
        b_members = rk.members[links[1]]
        common = sorted(a_members & b_members)
        reach = rk.reachable_without(island, org)
        bridges.append(
            {
                "organisation_id": org,
                "name": names[org],
                "networks": sorted(rk.memberships_of.get(org, set())),
                "links": links,
                "sole_common_member": common == [org],
                "articulation_point": not (reach & (a_members - {org})),
                "separated_organisations": sorted(island),
                "note": f"the only link between {names[links[0]]} and {names[links[1]]}",
            }
        )
    return bridges


def _missing_bridges(b: Builder, rk: Reckoning) -> list[Entry]:
    """Missing bridges (exhaustive)."""
    covers = {n.id: n.covers for n in b.ds.networks}
    missing: list[Entry] = []
    for a, bnet, ward in rk.missing_bridges(covers):
        ma, mb = rk.members[a], rk.members[bnet]
        cands = sorted(
            o
            for o in rk.valid_orgs
            if rk.ward_of.get(rk.org_area[o]) == ward
            and rk.tied([o], ma)
            and rk.tied([o], mb)
            and o not in ma
            and o not in mb
        )
        missing.append(
            {
                "network_ids": [a, bnet],
                "ward_id": ward,
                "members": len(ma) + len(mb),
                "candidates_include": [c for c in cands if c in (b.welfare[ward], b.council[ward])],
                "note": f"{rk.names[a]} and {rk.names[bnet]} share no member and no tie",
            }
        )
    missing.sort(key=lambda e: (-e["members"], e["network_ids"]))
    return missing


def _one_way(rk: Reckoning) -> list[Entry]:
    """One-way organisations (exhaustive)."""
    return [
        {
            "organisation_id": o,
            "name": rk.names[o],
            "direction": direction,
            "sent": rk.sent.get(o, 0),
            "received": rk.received_direct.get(o, 0) + rk.received_via_activity.get(o, 0),
        }
        for o, direction in rk.one_way()
    ]


def _unallocated(ds: Dataset, rk: Reckoning) -> list[Entry]:
    """Residents recorded at ward level only, per ward and need."""
    unalloc: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unalloc_n: dict[str, int] = defaultdict(int)
    for r in ds.residents:
        if rk.level[r.area_id] == "ward":
            unalloc_n[r.area_id] += 1
            for need in r.needs:
                unalloc[r.area_id][need] += 1
    return [
        {"area_id": w, "residents": unalloc_n[w], "by_need": dict(sorted(unalloc[w].items()))}
        for w in sorted(unalloc_n)
    ]


def _as_of_checks(b: Builder, rk: Reckoning) -> list[Entry]:
    """The closed cafeteria and the 2025 network: findings that depend on ``as_of``."""
    before = reckon(b.ds, plan.BEFORE_CLOSURE)
    before_net = reckon(b.ds, plan.BEFORE_NEW_NETWORK)
    iwama = ("hodogaya-iwama", "food")
    council = b.council[plan.FOOD_NETWORK_WARD]
    return [
        {
            "as_of": plan.BEFORE_CLOSURE,
            "area_id": iwama[0],
            "need": iwama[1],
            "supply": before.supply.get(iwama, 0),
            "gap": before.supply.get(iwama, 0) == 0,
        },
        {
            "as_of": AS_OF,
            "area_id": iwama[0],
            "need": iwama[1],
            "supply": rk.supply.get(iwama, 0),
            "gap": rk.supply.get(iwama, 0) == 0,
        },
        {
            "as_of": plan.BEFORE_NEW_NETWORK,
            "organisation_id": council,
            "networks": sorted(before_net.memberships_of.get(council, set())),
        },
        {
            "as_of": AS_OF,
            "organisation_id": council,
            "networks": sorted(rk.memberships_of.get(council, set())),
        },
    ]


def _example(name: str) -> list[str]:
    orgs = plan.NAMED_EXAMPLE_ORGS.get(name, ())
    return [*orgs, *(a.id for a in plan.NAMED_ACTIVITIES if a.example == name)]


def _named_examples(b: Builder) -> dict[str, list[str]]:
    return {
        plan.MIDORI: _example(plan.MIDORI),
        "kanazawa_district_teams": sorted(
            n.id for n in b.ds.networks if n.id.startswith("net-kanazawa-team-")
        ),
        plan.ISOGO: _example(plan.ISOGO),
        plan.HAZAWA: _example(plan.HAZAWA),
        plan.SAKAE: _example(plan.SAKAE),
        "closed_organisation": sorted(b.closed),
        "network_started_2025": [plan.FOOD_NETWORK],
    }


CHANGES_DESCRIPTION = (
    "What changed between the plan's start (from) and the reference date (to), as "
    "`netmap compare --from FROM --to TO` reports it at district level with default "
    "parameters: the planted changes with the values compare reports; gaps and isolated "
    "are exhaustive (every (area, need) that became or stopped being a gap or "
    "under-supplied, every district whose isolation changed); totals count every "
    "record and tie added or ended (a tie lives while it and both its ends are valid)."
)


def _changes(b: Builder, rk: Reckoning) -> dict[str, Any]:
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
    ds = b.ds
    notes = plan.CHANGE_NOTES

    def members_since(org: str | None = None, net: str | None = None) -> list[Entry]:
        """The memberships of ``org`` or of ``net`` (the planted ones are all dated)."""
        keys = sorted(
            (m.organisation_id, m.network_id)
            for m in ds.memberships
            if m.organisation_id == org or m.network_id == net
        )
        return [{"organisation_id": o, "network_id": n} for o, n in keys]

    def gap(state: str, key: tuple[str, str]) -> Entry | None:
        return next((g for g in gaps[state] if (g["area_id"], g["need"]) == key), None)

    net = b.net[plan.FOOD_NETWORK]
    closed_org = b.org[sorted(b.closed)[0]]
    closed_act = b.act[plan.CLOSED_ACTIVITY]
    shokudo = b.org[plan.NEW_SHOKUDO_ORG]
    venues = sorted(a.id for a in ds.activities if a.organisation_id == shokudo.id)
    late = b.act[plan.LATE_ACTIVITY]
    bridge = b.org[plan.NEW_BRIDGE]
    no_longer = {i["area_id"]: i for i in isolated["no_longer_isolated"]}
    return [
        {
            "change": "network_formed",
            "network_id": net.id,
            "name": net.name,
            "valid_from": net.valid_from,
            "memberships_added": members_since(net=net.id),
            "note": notes["network_formed"],
        },
        {
            "change": "resource_ended",
            "organisation_id": closed_org.id,
            "activity_id": closed_act.id,
            "name": closed_org.name,
            "valid_to": closed_org.valid_to,
            "memberships_ended": members_since(org=closed_org.id),
            "gap": gap("opened", ("hodogaya-iwama", "food")),
            "note": notes["resource_ended"],
        },
        {
            "change": "gap_closed",
            "organisation_id": shokudo.id,
            "activity_ids": venues,
            "name": shokudo.name,
            "valid_from": shokudo.valid_from,
            "memberships_added": members_since(org=shokudo.id),
            "gap": gap("closed", plan.LATE_GAPS[0]),
            "note": notes["gap_closed"],
        },
        {
            "change": "no_longer_isolated",
            "activity_id": late.id,
            "name": late.name,
            "valid_from": late.valid_from,
            **no_longer.get(plan.LATE_ACTIVITY_DISTRICT, {}),
            "note": notes["no_longer_isolated"],
        },
        {
            "change": "bridge_entered",
            "organisation_id": bridge.id,
            "name": bridge.name,
            "valid_from": bridge.valid_from,
            "networks": {
                "from": sorted(start.memberships_of.get(bridge.id, set())),
                "to": sorted(end.memberships_of.get(bridge.id, set())),
            },
            "memberships_added": members_since(org=bridge.id),
            "partnerships_added": sorted(
                [p.source_id, p.target_id]
                for p in ds.partnerships
                if bridge.id in (p.source_id, p.target_id)
            ),
            "rank": {"from": None, "to_at_most": plan.BRIDGE_TOP},
            "note": notes["bridge_entered"],
        },
    ]


SCENARIO_DESCRIPTION = (
    "A plan to try (計画案), written by `netmap demo` into the folder `folder` beside the "
    "data in the import format: what `netmap compare --scenario FOLDER --at AT` reports "
    "at district level with default parameters. records and ties are every planned "
    "record (all added, none ended); gaps and isolated are exhaustive (every (area, need) "
    "that stops or starts being a gap or under-supplied, every district whose isolation "
    "changes)."
)


def _scenario(b: Builder, planned: Dataset) -> dict[str, Any]:
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


def _counts(ds: Dataset) -> dict[str, int]:
    return {
        "areas": len(ds.areas),
        "wards": sum(1 for a in ds.areas if a.level == "ward"),
        "districts": sum(1 for a in ds.areas if a.level == "district"),
        "neighbourhoods": sum(1 for a in ds.areas if a.level == "neighbourhood"),
        "organisations": len(ds.orgs),
        "networks": len(ds.networks),
        "memberships": len(ds.memberships),
        "partnerships": len(ds.partnerships),
        "activities": len(ds.activities),
        "residents": len(ds.residents),
        "participations": len(ds.participations),
        "referrals": len(ds.referrals),
    }


def verify(b: Builder, planted: dict[str, Any]) -> None:
    """The planted structure holds (a generator bug otherwise)."""
    problems = _structure_problems(b, planted)
    checks = planted["as_of_checks"]
    if checks[0]["gap"] or not checks[1]["gap"]:
        problems.append("the closed cafeteria does not change the 岩間 food gap")
    if plan.FOOD_NETWORK in checks[2]["networks"] or plan.FOOD_NETWORK not in checks[3]["networks"]:
        problems.append("the 2025 network does not depend on as_of")
    problems += _change_problems(planted["changes"])
    problems += _scenario_problems(planted["scenario"])
    if problems:
        raise RuntimeError("demo generator: planted structure broken: " + "; ".join(problems))


def _change_problems(changes: dict[str, Any]) -> list[str]:
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


def _scenario_problems(scenario: dict[str, Any]) -> list[str]:
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


def _structure_problems(b: Builder, planted: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    gap_pairs = {(g["area_id"], g["need"]) for g in planted["gaps"]}
    for pair in plan.PLANTED_GAPS:
        if pair not in gap_pairs:
            problems.append(f"planted gap {pair} missing")
    extra = {p for p in gap_pairs if p not in b.blocked}
    if extra:
        problems.append(f"unplanted gaps {sorted(extra)}")
    under = {(u["area_id"], u["need"]) for u in planted["undersupplied"]}
    if under != set(plan.PLANTED_UNDERSUPPLIED):
        problems.append(f"under-supplied pairs {sorted(under)}")
    iso = {i["area_id"]: i["reasons"] for i in planted["isolated"]}
    if iso != plan.EXPECTED_ISOLATED:
        problems.append(f"isolated districts {iso}")
    for br in planted["bridges"]:
        if not (br["sole_common_member"] and br["articulation_point"]):
            problems.append(f"bridge {br['organisation_id']} is not the only link")
    if planted["articulation_points"] != sorted(br["organisation_id"] for br in planted["bridges"]):
        problems.append(f"articulation points {planted['articulation_points']}")
    mb = [tuple(m["network_ids"]) for m in planted["missing_bridges"]]
    if mb != plan.EXPECTED_MISSING_BRIDGES:
        problems.append(f"missing bridges {mb}")
    ow = {(o["organisation_id"], o["direction"]) for o in planted["one_way"]}
    want_ow = {(o, "out_only") for o in b.out_only} | {(o, "in_only") for o in b.in_only}
    if ow != want_ow:
        problems.append(f"one-way organisations {sorted(ow ^ want_ow)}")
    return problems
