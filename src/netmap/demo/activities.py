"""Stage 4: the activities. First the plan's named activities
(:data:`plan.NAMED_ACTIVITIES`), then background activities drawn from the kind templates
(:data:`kinds.TEMPLATES`): at least one per district (except the districts planted
without, and 桂台, whose only activity starts after the plan's start), every kind at least
once, about 1,500 at scale 1; a few start later, never a district's first. No activity
supplies a planted gap unless the plan says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from netmap.demo import PLAN_START, places, plan
from netmap.demo.builder import Builder
from netmap.demo.kinds import ACTIVITY_KIND_WEIGHTS, TEMPLATES
from netmap.demo.reckon import valid_on
from netmap.demo.records import Activity


def add_activity(
    b: Builder,
    aid: str,
    name: str,
    kind: str,
    org: str,
    area_id: str,
    needs: Sequence[str],
    targets: Sequence[str],
    capacity: int | None,
    *,
    valid_from: str | None = None,
    valid_to: str | None = None,
    planted: bool = False,
) -> str:
    district = b.district_of[area_id]
    if district is None:
        raise RuntimeError(f"activity {aid} must be held in a district")
    if not planted:
        if district in b.no_activity_districts:
            raise RuntimeError(f"activity {aid} in a district planted without activities")
        if any((district, n) in b.blocked for n in needs):
            raise RuntimeError(f"activity {aid} supplies a planted gap")
    act = Activity(
        aid,
        b.unique_name(name),
        kind,
        org,
        area_id,
        list(dict.fromkeys(needs)),
        list(targets),
        capacity,
        valid_from,
        valid_to,
        verified_on=b.verified(),
    )
    b.ds.activities.append(act)
    b.act[aid] = act
    b.acts_in_district[district].append(aid)
    ward = b.ward_of[area_id]
    assert ward is not None
    b.acts_in_ward[ward].append(aid)
    return aid


def build_named_activities(b: Builder) -> None:
    for a in plan.NAMED_ACTIVITIES:
        add_activity(
            b,
            a.id,
            a.name,
            a.kind,
            b.org_ref(a.runner),
            a.area,
            a.needs,
            a.targets,
            a.capacity,
            valid_from=a.valid_from,
            valid_to=a.valid_to,
            planted=a.planted,
        )


def runner_ok(b: Builder, o: str) -> bool:
    """May ``o`` run a background activity (not one of the planted special cases)?"""
    return (
        o not in b.no_tie
        and o not in b.closed
        and o not in b.out_only
        and o not in b.in_only
        and o not in b.island_bridge
        and o not in b.apart
        and b.org[o].valid_from is None
    )


def build_background_activities(b: Builder) -> None:
    rng = b.rng
    target = round(1500 * b.scale)
    districts = [d for d in b.all_districts() if d not in b.no_activity_districts]
    todo: list[str] = list(districts)  # at least one per district
    extra = max(0, target - len(b.act) - len(todo))
    weights = [b.area[d].population or 1 for d in districts]
    todo += rng.choices(districts, weights=weights, k=extra)
    kinds = list(ACTIVITY_KIND_WEIGHTS)
    kweights = list(ACTIVITY_KIND_WEIGHTS.values())
    # every kind appears at least once, whatever the scale
    forced = list(kinds)
    for d in todo:
        for attempt in range(20):
            use_forced = bool(forced) and attempt == 0
            kind = forced[-1] if use_forced else rng.choices(kinds, weights=kweights)[0]
            if _try_activity(b, d, kind):
                if use_forced:
                    forced.pop()
                break
    if forced:
        raise RuntimeError(f"activity kinds never placed: {forced}")


def _try_activity(b: Builder, d: str, kind: str) -> bool:
    """Add an activity of ``kind`` in district ``d``, if it can have a need and a runner."""
    rng = b.rng
    ward = b.ward_of[d]
    assert ward is not None
    tpl = TEMPLATES[kind]
    needs = [n for n in b.pick(tpl.needs) if (d, n) not in b.blocked]
    if not needs:
        return False
    runner = _pick_runner(b, d, ward, tpl.runners)
    if runner is None:
        return False
    p = b.dname(d).removesuffix("地区")
    name = b.pick(tpl.names).format(p=p, w=b.pick(places.POOL), o=b.org[runner].name)
    cap = None if tpl.capacity is None else rng.randint(*tpl.capacity)
    valid_from = None
    if rng.random() < 0.04:
        valid_from = b.day(dt.date(2024, 6, 1), dt.date(2025, 9, 30))
        if not _held_at_start(b, d):
            valid_from = None  # a district's first activity is there at the plan's start
    add_activity(
        b,
        b.next_id(f"act-{b.wk(ward)}"),
        name,
        kind,
        runner,
        b.spot(d, 0.3),
        needs,
        list(b.pick(tpl.targets)),
        cap,
        valid_from=valid_from,
    )
    return True


def _held_at_start(b: Builder, district: str) -> bool:
    """Whether an activity is held in ``district`` on the plan's start."""
    return any(
        valid_on(b.act[a].valid_from, b.act[a].valid_to, PLAN_START)
        for a in b.acts_in_district.get(district, [])
    )


def _pick_runner(b: Builder, district: str, ward: str, kinds: Sequence[str]) -> str | None:
    local = [o for o in b.orgs_in_district[district] if runner_ok(b, o)]
    preferred = [o for o in local if b.org[o].kind in kinds]
    if preferred:
        return b.pick(preferred)
    plaza = b.plaza_of[district]
    if "community_care_plaza" in kinds and runner_ok(b, plaza):
        return plaza
    wide = [o for k in kinds for o in b.kind_in_ward[(ward, k)] if runner_ok(b, o)]
    if wide:
        return b.pick(wide)
    if local:
        return b.pick(local)
    return b.council[ward] if runner_ok(b, b.council[ward]) else None
