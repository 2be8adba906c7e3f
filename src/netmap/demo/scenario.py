"""The plan to try (計画案): planned records in the import format, for
``netmap compare --scenario`` (:data:`netmap.demo.plan.SCENARIO_ORGS` and the rest).

:func:`build_plan` turns the plan's data into records; it needs no generated data (the
plan names the stored records it uses by id) and draws nothing from the random generator,
so the demo data are the same with or without it. :func:`plan_problems` checks the ids
against the generated data. ``netmap demo`` writes the records into ``plan-example/``
beside the data (:func:`netmap.demo.writer.write_plan`); :mod:`netmap.demo.findings`
reckons their effect (``scenario`` in ``planted.json``).
"""

from __future__ import annotations

from netmap.demo import plan
from netmap.demo.builder import Builder
from netmap.demo.records import Activity, Dataset, Membership, Org, Partnership


def build_plan() -> Dataset:
    """The planned organisations, activities, memberships and partnerships (no areas,
    residents or referrals: a plan holds none)."""
    day = plan.SCENARIO_FROM
    out = Dataset()
    for o in plan.SCENARIO_ORGS:
        out.orgs.append(
            Org(o.id, o.name, o.kind, o.area, list(o.sectors or ()), list(o.provides), day)
        )
    for a in plan.SCENARIO_ACTIVITIES:
        out.activities.append(
            Activity(
                a.id,
                a.name,
                a.kind,
                a.runner,
                a.area,
                list(a.needs),
                list(a.targets),
                a.capacity,
                day,
            )
        )
    for org, net, role in plan.SCENARIO_MEMBERSHIPS:
        out.memberships.append(Membership(org, net, role, day))
    for one, other, kind in plan.SCENARIO_PARTNERSHIPS:
        out.partnerships.append(Partnership(one, other, kind, day, day))
    return out


def plan_problems(b: Builder, planned: Dataset) -> list[str]:
    """The stored records the plan names that the generated data lack (none, unless the
    generator changed), and planned ids the data already use."""
    orgs = set(b.org) | {o.id for o in planned.orgs}
    refs = [a.organisation_id for a in planned.activities]
    refs += [m.organisation_id for m in planned.memberships]
    refs += [x for p in planned.partnerships for x in (p.source_id, p.target_id)]
    problems = [f"unknown organisation {o}" for o in refs if o not in orgs]
    problems += [
        f"unknown network {m.network_id}" for m in planned.memberships if m.network_id not in b.net
    ]
    areas = [o.area_id for o in planned.orgs] + [a.area_id for a in planned.activities]
    problems += [f"unknown area {a}" for a in areas if a not in b.area]
    ids = [o.id for o in planned.orgs] + [a.id for a in planned.activities]
    problems += [f"planned id {i} already used" for i in ids if i in b.org or i in b.act]
    return problems


def with_plan(ds: Dataset, planned: Dataset) -> Dataset:
    """The dataset as it would be with the planned records (for the reckoning)."""
    return Dataset(
        areas=ds.areas,
        orgs=ds.orgs + planned.orgs,
        networks=ds.networks + planned.networks,
        memberships=ds.memberships + planned.memberships,
        partnerships=ds.partnerships + planned.partnerships,
        activities=ds.activities + planned.activities,
        residents=ds.residents,
        participations=ds.participations,
        referrals=ds.referrals,
    )
