"""Stage 5: residents with needs, and the activities they take part in.

About 30,000 residents at scale 1, placed by district population (a few recorded at ward
level only), with needs drawn from their age band's profile (:data:`kinds.NEED_PROFILE`);
then the planted demand (:data:`plan.PLANTED_DEMAND`), whatever the scale. About a third
take part in one or two activities nearby, preferably ones that meet a need of theirs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from netmap.demo import plan
from netmap.demo.builder import Builder
from netmap.demo.kinds import AGE_BANDS, NEED_PROFILE
from netmap.demo.records import Participation, Resident


def add_resident(b: Builder, area_id: str, age: str, needs: list[str]) -> Resident:
    b.counters["res"] += 1
    r = Resident(
        f"res-{b.counters['res']:06d}",
        area_id,
        list(dict.fromkeys(needs)),
        age,
        verified_on=b.verified(),
    )
    b.ds.residents.append(r)
    d = b.district_of[area_id]
    if d is not None:
        b.residents_in_district[d].append(r)
    w = b.ward_of[area_id]
    assert w is not None
    b.residents_in_ward[w].append(r)
    return r


def draw_needs(b: Builder, age: str, allowed: Sequence[str] | None = None) -> list[str]:
    """One to three needs from the age band's profile (only ``allowed`` ones, if given)."""
    key = (age, tuple(allowed) if allowed is not None else None)
    table = b.need_tables.get(key)
    if table is None:
        prof = NEED_PROFILE[age]
        names = [n for n in prof if allowed is None or n in allowed]
        table = (names, list(itertools.accumulate(prof[n] for n in names)))
        b.need_tables[key] = table
    names, cum = table
    k = b.rng.choices((1, 2, 3), cum_weights=(0.45, 0.8, 1.0))[0]
    out: list[str] = []
    for _ in range(k * 3):
        n = b.rng.choices(names, cum_weights=cum)[0]
        if n not in out:
            out.append(n)
        if len(out) == k:
            break
    return out


def build_residents(b: Builder) -> None:
    _add_background_residents(b)
    _add_planted_demand(b)


def _add_background_residents(b: Builder) -> None:
    rng = b.rng
    districts = b.all_districts()
    cum = list(itertools.accumulate(b.area[d].population or 1 for d in districts))
    ages = [a for a, _ in AGE_BANDS]
    acum = list(itertools.accumulate(w for _, w in AGE_BANDS))
    for _ in range(round(30000 * b.scale)):
        if rng.random() < 0.005:  # recorded only at ward level (unallocated)
            area = b.pick(b.ward_ids)
        else:
            area = rng.choices(districts, cum_weights=cum)[0]
        if area == plan.ISOLATED_DISTRICT:
            age = b.pick(plan.ISOLATED_DISTRICT_AGES)
            needs = draw_needs(b, age, plan.ISOLATED_DISTRICT_NEEDS)
        else:
            age = rng.choices(ages, cum_weights=acum)[0]
            needs = draw_needs(b, age)
        add_resident(b, area, age, needs)


def _add_planted_demand(b: Builder) -> None:
    isolated = plan.ISOLATED_DISTRICT
    missing = plan.ISOLATED_DISTRICT_MIN_RESIDENTS - len(b.residents_in_district[isolated])
    for _ in range(max(0, missing)):
        age = b.pick(plan.ISOLATED_DISTRICT_AGES)
        add_resident(b, isolated, age, draw_needs(b, age, plan.ISOLATED_DISTRICT_NEEDS))
    for demand in plan.PLANTED_DEMAND:
        for _ in range(demand.count):
            age = demand.ages[0] if len(demand.ages) == 1 else b.pick(demand.ages)
            maybe = [n for n in demand.maybe if b.rng.random() < 0.4]
            add_resident(b, demand.district, age, [*demand.needs, *maybe])


def build_participations(b: Builder) -> None:
    keys: set[tuple[str, str]] = set()
    for r in b.ds.residents:
        if b.rng.random() >= 0.35:
            continue
        _join_activities(b, r, keys)
    # children of 岩間 who went to the cafeteria until it closed
    closed = plan.CLOSED_ACTIVITY
    for r in b.residents_in_district["hodogaya-iwama"][: plan.CLOSED_PARTICIPANTS]:
        if (r.id, closed) not in keys:
            keys.add((r.id, closed))
            b.ds.participations.append(
                Participation(
                    r.id, closed, "2023-04-01", valid_to=plan.CLOSED_ON, verified_on=b.verified()
                )
            )


def _join_activities(b: Builder, r: Resident, keys: set[tuple[str, str]]) -> None:
    """One or two activities of the resident's district (or ward), matching a need if any."""
    rng = b.rng
    d = b.district_of[r.area_id]
    w = b.ward_of[r.area_id]
    assert w is not None
    pool = b.acts_in_district.get(d, []) if d is not None else []
    if not pool or rng.random() < 0.3:
        pool = b.acts_in_ward[w]
    pool = [a for a in pool if a != plan.CLOSED_ACTIVITY]
    if not pool:
        return
    matching = [a for a in pool if set(b.act[a].needs) & set(r.needs)]
    for _ in range(rng.choice((1, 1, 2))):
        a = b.pick(matching or pool)
        if (r.id, a) in keys:
            continue
        keys.add((r.id, a))
        start = b.act[a].valid_from or "2020-04-01"
        since = b.day(dt.date.fromisoformat(start), dt.date(2026, 10, 31))
        valid_to = None
        if rng.random() < 0.08:
            valid_to = b.day(
                dt.date.fromisoformat(since) + dt.timedelta(days=30), dt.date(2026, 11, 30)
            )
            valid_to = min(valid_to, "2026-11-30")
        verified = max(b.verified(), since)
        b.ds.participations.append(
            Participation(r.id, a, since, valid_to=valid_to, verified_on=verified)
        )
