"""Stage 6: partnerships between organisations. Each ward's usual ties (the welfare office
with its care plazas and employment offices, plazas with their district associations,
the council with volunteer groups, schools with learning NPOs, placements at employers),
city-wide ties, the plan's named ties (:data:`plan.NAMED_PARTNERSHIPS`), the tie of the
2025 children's cafeteria to its support centre and random ties within a ward, a few of
them ended. No tie breaks a planted constraint
(:meth:`Builder.allowed <netmap.demo.builder.Builder.allowed>`).
"""

from __future__ import annotations

import datetime as dt

from netmap.demo import plan
from netmap.demo.builder import Builder
from netmap.demo.kinds import PARTNERSHIP_KINDS
from netmap.demo.places import HELLO_WORK
from netmap.demo.records import Partnership


def add_partnership(
    b: Builder,
    a: str,
    c: str,
    kind: str,
    *,
    valid_from: str | None = None,
    valid_to: str | None = None,
) -> bool:
    if not b.allowed(a, c):
        return False
    key = (min(a, c), max(a, c), kind)
    if key in b.partner_keys:
        return False
    b.partner_keys.add(key)
    if valid_from is not None:
        since = valid_from
    else:
        since = b.day(dt.date(2010, 4, 1), dt.date(2026, 6, 30))
    if valid_to is not None and valid_to < since:
        since = b.day(dt.date(2010, 4, 1), dt.date.fromisoformat(valid_to))
    verified = max(b.verified(), since)
    b.ds.partnerships.append(
        Partnership(a, c, kind, since, valid_from, valid_to, verified_on=verified)
    )
    return True


def build_partnerships(b: Builder) -> None:
    for ward in b.ward_ids:
        _ward_partnerships(b, ward)
    add_partnership(b, "org-hw-yokohama", b.welfare["naka"], "referral")
    # city-wide ties: the city council works with every ward council; the two ward
    # employment offices serve their neighbouring wards too
    for ward in b.ward_ids:
        add_partnership(b, "org-yokohama-shakyo", b.council[ward], "information_sharing")
        serving = HELLO_WORK.get(b.wk(ward))
        if serving is not None:
            add_partnership(b, b.welfare[ward], serving, "referral")
    for a, c, kind in plan.NAMED_PARTNERSHIPS:
        add_partnership(b, b.org_ref(a), b.org_ref(c), kind)
    # the support centre helped the 2025 children's cafeteria open
    add_partnership(
        b, plan.NEW_BRIDGE, plan.NEW_SHOKUDO_ORG, "joint_activity", valid_from=plan.NEW_SHOKUDO_FROM
    )
    seya = plan.MISSING_BRIDGE_WARD
    for o in b.notes["seya_d"] + b.notes["seya_k"]:
        add_partnership(b, b.welfare[seya], o, "referral")
    _random_partnerships(b)


def _ward_partnerships(b: Builder, ward: str) -> None:
    wo, sc = b.welfare[ward], b.council[ward]
    for p in sorted(set(b.plaza_of[d] for d in b.districts_of_ward[ward])):
        add_partnership(b, wo, p, "referral")
        for d in b.plaza_districts[p]:
            add_partnership(b, p, b.rengo[d], "joint_activity")
    for hw in b.kind_in_ward[(ward, "employment_office")]:
        add_partnership(b, wo, hw, "referral")
    for v in b.sample(b.kind_in_ward[(ward, "volunteer_group")], 3):
        add_partnership(b, sc, v, "joint_activity")
    learning = [o for o in b.kind_in_ward[(ward, "npo")] if "learning" in b.org[o].provides]
    for s in b.sample(b.kind_in_ward[(ward, "school")], 2):
        if learning:
            add_partnership(b, s, b.pick(learning), "joint_activity")
    employers = [o for o in b.kind_in_ward[(ward, "company")] if "employment" in b.org[o].provides]
    for c in b.sample(employers, 2):
        add_partnership(b, wo, c, "placement")


def _random_partnerships(b: Builder) -> None:
    """Random ties within a ward (about 0.3 per organisation), a few of them ended."""
    all_orgs = [o.id for o in b.ds.orgs]
    for _ in range(round(0.3 * len(all_orgs))):
        a = b.pick(all_orgs)
        w = b.ward_of[b.org[a].area_id]
        if w is None:
            continue
        c = b.pick(b.orgs_in_ward[w])
        valid_to = None
        if b.rng.random() < 0.05:
            valid_to = b.day(dt.date(2024, 4, 1), dt.date(2026, 3, 31))
        add_partnership(b, a, c, b.pick(PARTNERSHIP_KINDS), valid_to=valid_to)
