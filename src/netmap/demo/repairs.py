"""Stage 8: repairs, so that the data shows the planted findings and no others.

Random data finds things by accident: an organisation that only sends or only receives
referrals, a district without a working tie outside, a (district, need) pair with too
little supply. The repairs reckon the data (:mod:`netmap.demo.reckon`) and add what is
missing; ``generator_repairs`` in ``planted.json`` counts them.
"""

from __future__ import annotations

import math

from netmap.demo import AS_OF, plan
from netmap.demo.activities import add_activity
from netmap.demo.builder import Builder
from netmap.demo.kinds import FILL_FALLBACK, FILL_KINDS
from netmap.demo.partnerships import add_partnership
from netmap.demo.plan import REFERRAL_END, REFERRAL_START
from netmap.demo.reckon import Reckoning, reckon
from netmap.demo.records import Referral
from netmap.demo.referrals import finish_referrals


def hub_for(b: Builder, o: str, *, as_target: bool) -> str | None:
    """A partner for a balancing referral: the organisation's usual counterpart."""
    bridge = b.island_bridge.get(o)
    w = b.ward_of[b.org[o].area_id]
    cands: list[str] = []
    if bridge is not None:
        cands.append(bridge)
    if w is not None:
        cands += [b.welfare[w], b.council[w]]
    else:
        cands += [b.welfare[x] for x in b.ward_ids]
    for c in cands:
        if c == o or not b.allowed(o, c):
            continue
        if as_target and c in b.out_only:
            continue
        if not as_target and c in b.in_only:
            continue
        return c
    return None


def repair_one_way(b: Builder) -> None:
    """Every organisation that refers also receives, and vice versa, except the planted
    one-way organisations (checked again by the reckoning)."""
    rk = reckon(b.ds, AS_OF)
    planted = b.out_only | b.in_only
    extra: list[Referral] = []
    for o in sorted(rk.valid_orgs):
        if o in planted:
            continue
        sent = rk.sent.get(o, 0)
        direct = rk.received_direct.get(o, 0)
        via = rk.received_via_activity.get(o, 0)
        if not (sent or direct or via):
            continue
        # two-way whether or not referrals to its activities count as received
        if not direct:
            hub = hub_for(b, o, as_target=False)
            if hub is None:
                raise RuntimeError(f"no partner to refer to {o}")
            extra.append(_balancing(b, hub, o))
            b.repairs["referral_in"] += 1
        if not sent:
            hub = hub_for(b, o, as_target=True)
            if hub is None:
                raise RuntimeError(f"no partner for {o} to refer to")
            extra.append(_balancing(b, o, hub))
            b.repairs["referral_out"] += 1
    if extra:
        finish_referrals(b, b.ds.referrals + extra)


def _balancing(b: Builder, src: str, dst: str) -> Referral:
    area = b.org[src].area_id if b.ward_of[b.org[src].area_id] else b.org[dst].area_id
    w = b.ward_of[area]
    assert w is not None
    r = b.pick(b.residents_in_ward[w])
    d = b.day(REFERRAL_START, REFERRAL_END)
    return Referral("", d, src, dst, b.pick(r.needs), b.pick(("accepted", "closed")), r.id)


def repair_external_ties(b: Builder, rk: Reckoning) -> None:
    """Every district that is not planted as isolated keeps a working tie outside."""
    for d in b.all_districts():
        if d == plan.ISOLATED_DISTRICT or rk.working_external_tie(d):
            continue
        w = b.ward_of[d]
        assert w is not None
        for o in rk.orgs_in(d):
            if add_partnership(b, o, b.council[w], "joint_activity"):
                b.repairs["partnership"] += 1
                break


def _short(rk: Reckoning, d: str, need: str) -> int:
    """How much supply (district ``d``, ``need``) lacks for demand / supply <= 10."""
    demand = rk.demand.get((d, need), 0)
    if demand == 0:
        return 0
    return max(0, math.ceil(demand / 10) - rk.supply.get((d, need), 0))


def fill_supply(b: Builder, rk: Reckoning, rk_start: Reckoning) -> None:
    """Give every (district, need) with demand enough supply (demand / supply <= 10) on the
    reference date (``rk``) and at the plan's start (``rk_start``), except the planted gaps
    and under-supplied pairs; a pair whose supply starts late (:data:`plan.LATE_GAPS`)
    gets more of its late supply where the reference date needs it (partnerships added
    since ``rk`` was reckoned do not change demand or supply)."""
    for d, need in sorted(rk.demand.keys() | rk_start.demand.keys()):
        if d in b.no_fill_districts:
            continue
        if (d, need) in plan.LATE_GAPS:
            _more_venues(b, _short(rk, d, need))
            continue
        if (d, need) in b.blocked:
            continue
        short = max(_short(rk, d, need), _short(rk_start, d, need))
        if short == 0:
            continue
        cands = [
            o
            for o in b.orgs_in_district[d]
            if need not in b.org[o].provides
            and b.org[o].valid_from is None
            and b.org[o].valid_to is None
        ]
        order = FILL_KINDS.get(need, ()) + FILL_FALLBACK
        cands.sort(
            key=lambda o: (
                order.index(b.org[o].kind) if b.org[o].kind in order else len(order),
                o,
            )
        )
        for o in cands[:short]:
            b.org[o].provides.append(need)
            b.repairs["provides"] += 1
        if len(cands) < short:
            raise RuntimeError(f"cannot supply {need} in {d}: {len(cands)} < {short}")


def _more_venues(b: Builder, n: int) -> None:
    """``n`` more venues of the 2025 children's cafeteria (where the scale needs them)."""
    first = b.act[plan.NEW_SHOKUDO_ACTIVITY]
    for i in range(2, n + 2):
        add_activity(
            b,
            f"{first.id}-{i}",
            f"{first.name}（第{i}会場）",
            first.kind,
            first.organisation_id,
            b.spot(plan.NEW_SHOKUDO_DISTRICT),
            first.needs,
            first.target_groups,
            first.capacity,
            valid_from=first.valid_from,
            planted=True,
        )
        b.repairs["late_venues"] += 1
