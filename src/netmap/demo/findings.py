"""What an analyst should find in the demo data: the ``planted`` part of the manifest
(``planted.json`` at the demo scale and seed), reckoned on the finished dataset, and the
check that it is what :mod:`netmap.demo.plan` planted. The ``changes`` and ``scenario``
parts are reckoned in :mod:`netmap.demo.changes`.

Lists marked exhaustive are everything the DATA_MODEL.md definitions yield at district
level with default parameters; the others list what must be among the results.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from netmap.demo import AS_OF, plan
from netmap.demo.builder import Builder
from netmap.demo.changes import (
    change_problems,
    changes_since_start,
    scenario_effect,
    scenario_problems,
)
from netmap.demo.reckon import (
    Reckoning,
    activities_per_district,
    reckon,
    residents_per_district,
)
from netmap.demo.records import Dataset

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
        "changes": changes_since_start(b, rk),
        "scenario": scenario_effect(b, planned),
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
    problems += change_problems(planted["changes"])
    problems += scenario_problems(planted["scenario"])
    if problems:
        raise RuntimeError("demo generator: planted structure broken: " + "; ".join(problems))


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
