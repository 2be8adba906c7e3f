"""Stage 7: referrals, dated over the plan's period (about 60,000 at scale 1).

Most are about a known resident and one of their needs; each starts where residents
turn up (a local entrance, the ward offices or the care plaza) and goes to an activity or
organisation that meets the need, usually in the same ward. Then the planted referrals of
the one-way organisations and named examples. Ids are given in date order
(:func:`finish_referrals`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from netmap.demo import plan
from netmap.demo.builder import Builder
from netmap.demo.kinds import (
    ALL_NEEDS,
    ENTRANCE_KINDS,
    OLD_REFERRAL_STATUS_WEIGHTS,
    REFERRAL_NEED_WEIGHTS,
    REFERRAL_STATUS_WEIGHTS,
    REFERRAL_STATUSES,
)
from netmap.demo.places import HELLO_WORK
from netmap.demo.plan import REFERRAL_END, REFERRAL_START
from netmap.demo.records import Referral, Resident

Targets = dict[tuple[str, str], list[str]]  # (ward or district, need) → ids


def referral_date(b: Builder) -> str:
    span = (REFERRAL_END - REFERRAL_START).days
    return (REFERRAL_START + dt.timedelta(days=b.rng.randrange(span + 1))).isoformat()


def status(b: Builder, date: str) -> str:
    age = (REFERRAL_END - dt.date.fromisoformat(date)).days
    weights = OLD_REFERRAL_STATUS_WEIGHTS
    for younger_than, w in REFERRAL_STATUS_WEIGHTS:
        if age < younger_than:
            weights = w
            break
    return b.rng.choices(REFERRAL_STATUSES, weights=weights)[0]


def build_referrals(b: Builder) -> None:
    rng = b.rng
    act_targets, act_targets_d = _activity_targets(b)
    org_targets = _org_targets(b)
    residents = b.ds.residents
    districts = b.all_districts()
    dcum = list(itertools.accumulate(b.area[d].population or 1 for d in districts))
    need_ids = list(ALL_NEEDS)
    gcum = list(itertools.accumulate(REFERRAL_NEED_WEIGHTS[n] for n in need_ids))
    made: list[Referral] = []
    for _ in range(round(60000 * b.scale)):
        date = referral_date(b)
        resident: Resident | None = None
        if rng.random() < 0.72:
            resident = b.pick(residents)
            area = resident.area_id
            strict = b.district_of[area] == plan.ISOLATED_DISTRICT
            need = (
                b.pick(resident.needs)
                if strict or rng.random() < 0.92
                else rng.choices(need_ids, cum_weights=gcum)[0]
            )
        else:
            area = rng.choices(districts, cum_weights=dcum)[0]
            need = rng.choices(need_ids, cum_weights=gcum)[0]
        src = _pick_from(b, area, unnamed=resident is None)
        if src is None:
            continue
        dst = _pick_to(b, src, area, need, act_targets, act_targets_d, org_targets)
        if dst is None:
            continue
        rid = resident.id if resident else None
        made.append(Referral("", date, src, dst, need, status(b, date), rid))
    made += _planted_referrals(b)
    finish_referrals(b, made)


def _activity_targets(b: Builder) -> tuple[Targets, Targets]:
    """Ongoing activities per (ward, need) and per (district, need)."""
    by_ward: Targets = defaultdict(list)
    by_district: Targets = defaultdict(list)
    for a in b.ds.activities:
        if a.valid_to or a.valid_from or a.organisation_id in b.out_only:
            continue
        w = b.ward_of[a.area_id]
        d = b.district_of[a.area_id]
        assert w is not None and d is not None
        for need in a.needs:
            by_ward[(w, need)].append(a.id)
            by_district[(d, need)].append(a.id)
    return by_ward, by_district


def _org_targets(b: Builder) -> Targets:
    """Organisations that may receive referrals, per (ward, need) they provide."""
    out: Targets = defaultdict(list)
    for o in b.ds.orgs:
        w = b.ward_of[o.area_id]
        if (
            w is None
            or o.id in b.no_tie
            or o.id in b.out_only
            or o.id in b.closed
            or o.valid_from is not None
        ):
            continue
        for need in o.provides:
            out[(w, need)].append(o.id)
    return out


def _from_ok(b: Builder, o: str) -> bool:
    return (
        o not in b.no_tie
        and o not in b.in_only
        and o not in b.closed
        and b.org[o].valid_from is None
    )


def _pick_from(b: Builder, area: str, *, unnamed: bool) -> str | None:
    rng = b.rng
    d = b.district_of[area]
    w = b.ward_of[area]
    assert w is not None
    x = rng.random()
    if d is not None and x < (0.6 if unnamed else 0.45):
        local = b.entrances.get(d)
        if local is None:
            local = [
                o
                for o in b.orgs_in_district[d]
                if b.org[o].kind in ENTRANCE_KINDS and _from_ok(b, o)
            ]
            b.entrances[d] = local
        if local:
            return b.pick(local)
    if x < 0.8 or d is None:
        return b.welfare[w] if rng.random() < 0.6 else b.council[w]
    plaza = b.plaza_of[d]
    if _from_ok(b, plaza):
        return plaza
    return b.welfare[w]


def _pick_to(
    b: Builder,
    src: str,
    area: str,
    need: str,
    act_targets: Targets,
    act_targets_d: Targets,
    org_targets: Targets,
) -> str | None:
    rng = b.rng
    w = b.ward_of[area]
    d = b.district_of[area]
    assert w is not None
    if rng.random() < 0.04:  # now and then the resource is in another ward
        w = b.pick(b.ward_ids)
        d = None
    for _ in range(8):
        x = rng.random()
        cand: list[str] = []
        if x < 0.3:
            if d is not None and rng.random() < 0.5:
                cand = act_targets_d.get((d, need), [])
            if not cand:
                cand = act_targets.get((w, need), [])
        elif x < 0.8:
            cand = org_targets.get((w, need), [])
            if need == "employment" and rng.random() < 0.25:
                cand = [HELLO_WORK.get(b.wk(w), "org-hw-yokohama")]
        if not cand:
            cand = [b.welfare[w], b.council[w]]
        dst = b.pick(cand)
        owner = b.act[dst].organisation_id if dst in b.act else dst
        if owner == src or dst in b.out_only or owner in b.out_only:
            continue
        if not b.allowed(src, owner):
            continue
        return dst
    return None


# -- planted referrals -------------------------------------------------------------------


def _planted_referrals(b: Builder) -> list[Referral]:
    out: list[Referral] = []
    out += _commissioners_refer_out(b)
    out += _hospital_refers_out(b)
    out += _isogo_placements(b)
    out += _to_city_employment_office(b)
    out += _quiet_districts_refer_out(b)
    return out


def _resident_in(b: Builder, district: str) -> Resident:
    pool = b.residents_in_district[district] or b.residents_in_ward[b.ward_of[district] or ""]
    return b.pick(pool)


def _commissioners_refer_out(b: Builder) -> list[Referral]:
    """The out-only welfare commissioners of 二俣川 notice and refer; nobody refers back."""
    out = []
    src = "org-asahi-minsei-futamatagawa"
    for _ in range(max(6, round(40 * b.scale))):
        r = _resident_in(b, "asahi-futamatagawa")
        dst = b.pick([b.welfare["asahi"], b.council["asahi"], b.plaza_of["asahi-futamatagawa"]])
        d = referral_date(b)
        out.append(Referral("", d, src, dst, b.pick(r.needs), status(b, d), r.id))
    return out


def _hospital_refers_out(b: Builder) -> list[Referral]:
    """The hospital social-work office refers patients out."""
    out = []
    for _ in range(max(6, round(40 * b.scale))):
        r = _resident_in(b, "aoba-aobadai")
        d = referral_date(b)
        dst = b.pick([b.welfare["aoba"], b.council["aoba"]])
        src = "org-aoba-hospital"
        out.append(Referral("", d, src, dst, b.pick(r.needs), status(b, d), r.id))
    return out


_ISOGO_PLACEMENTS = (
    "act-isogo-placement-logistics",
    "org-isogo-placement-logistics",
    "act-isogo-placement-farm",
    "act-isogo-placement-care",
)


def _isogo_placements(b: Builder) -> list[Referral]:
    """磯子区: placements (the logistics host only ever receives)."""
    out = []
    for _ in range(max(8, round(60 * b.scale))):
        r = b.pick(b.residents_in_ward["isogo"])
        d = referral_date(b)
        dst = b.pick(_ISOGO_PLACEMENTS)
        out.append(Referral("", d, b.welfare["isogo"], dst, "employment", status(b, d), r.id))
    return out


def _to_city_employment_office(b: Builder) -> list[Referral]:
    """Every ward's welfare office refers to ハローワーク横浜 now and then."""
    out = []
    for ward in b.ward_ids:
        pool = [r for r in b.residents_in_ward[ward] if "employment" in r.needs]
        for r in b.sample(pool, 2):
            d = referral_date(b)
            src, dst = b.welfare[ward], "org-hw-yokohama"
            out.append(Referral("", d, src, dst, "employment", status(b, d), r.id))
    return out


def _quiet_districts_refer_out(b: Builder) -> list[Referral]:
    """樽町 (no activity) and 麦田 (no network member) still refer out to the ward."""
    out = []
    for district in (plan.NO_ACTIVITY_DISTRICT, plan.NO_MEMBER_DISTRICT):
        w = b.ward_of[district]
        assert w is not None
        for _ in range(3):
            r = _resident_in(b, district)
            d = referral_date(b)
            src, dst = b.minsei[district], b.welfare[w]
            out.append(Referral("", d, src, dst, b.pick(r.needs), status(b, d), r.id))
    return out


def finish_referrals(b: Builder, made: list[Referral]) -> None:
    """Number the referrals in date order and date their verification."""
    made.sort(key=lambda r: (r.date, r.from_id, r.to_id, r.need, r.resident_id or ""))
    for i, r in enumerate(made, start=1):
        r.id = f"ref-{i:06d}"
        checked = dt.date.fromisoformat(r.date) + dt.timedelta(days=b.rng.randrange(0, 60))
        r.verified_on = min(checked.isoformat(), "2026-11-30")
    b.ds.referrals = made
