"""The plan of the synthetic demo: what is planted where, as data.

Yokohama's plan (お互いに支え合える地域づくり) names examples that the demo turns into records
(:data:`NAMED_ORGS`, :data:`NAMED_ACTIVITIES`, :data:`NAMED_PARTNERSHIPS`); the findings an
analyst should make are planted around them: gaps and under-supplied pairs
(:data:`PLANTED_GAPS`, :data:`PLANTED_UNDERSUPPLIED`), isolated districts, bridge
organisations, a missing bridge and one-way organisations. The stages build these
records and respect these constraints; :mod:`netmap.demo.findings` writes what was
planted (``planted.json``) and checks it against :data:`EXPECTED_ISOLATED` and the rest.

Organisation references in the tables are an organisation id, or ``role:key`` for an
office the stages create: ``welfare:<ward>``, ``council:<ward>``, ``plaza:<district>``,
``rengo:<district>`` or ``npo:<district>`` (one of the district's NPOs, else the ward's
council); see :meth:`netmap.demo.builder.Builder.org_ref`.

The named organisations and activities are data tables of :mod:`netmap.demo.plan_records`
(with the ids and dates of the planted records), re-exported here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netmap.demo import PLAN_START, REFERENCE_DATE

# the named records, and the ids and dates of planted records, are data of their own module
from netmap.demo.plan_records import CLOSED_ACTIVITY as CLOSED_ACTIVITY
from netmap.demo.plan_records import CLOSED_ON as CLOSED_ON
from netmap.demo.plan_records import CLOSED_SINCE as CLOSED_SINCE
from netmap.demo.plan_records import FOOD_BANK as FOOD_BANK
from netmap.demo.plan_records import HAZAWA as HAZAWA
from netmap.demo.plan_records import ISOGO as ISOGO
from netmap.demo.plan_records import LATE_ACTIVITY as LATE_ACTIVITY
from netmap.demo.plan_records import LATE_ACTIVITY_DISTRICT as LATE_ACTIVITY_DISTRICT
from netmap.demo.plan_records import LATE_ACTIVITY_FROM as LATE_ACTIVITY_FROM
from netmap.demo.plan_records import MIDORI as MIDORI
from netmap.demo.plan_records import NAMED_ACTIVITIES as NAMED_ACTIVITIES
from netmap.demo.plan_records import NAMED_ORGS as NAMED_ORGS
from netmap.demo.plan_records import NEW_BRIDGE as NEW_BRIDGE
from netmap.demo.plan_records import NEW_BRIDGE_FROM as NEW_BRIDGE_FROM
from netmap.demo.plan_records import NEW_SHOKUDO_ACTIVITY as NEW_SHOKUDO_ACTIVITY
from netmap.demo.plan_records import NEW_SHOKUDO_DISTRICT as NEW_SHOKUDO_DISTRICT
from netmap.demo.plan_records import NEW_SHOKUDO_FROM as NEW_SHOKUDO_FROM
from netmap.demo.plan_records import NEW_SHOKUDO_ORG as NEW_SHOKUDO_ORG
from netmap.demo.plan_records import SAKAE as SAKAE
from netmap.demo.plan_records import NamedActivity as NamedActivity
from netmap.demo.plan_records import NamedOrg as NamedOrg

# ----------------------------------------------------------------------------------------
# Dates
# ----------------------------------------------------------------------------------------

#: Referral dates span the plan's period: its start (:data:`netmap.demo.PLAN_START`) to the
#: reference date (:data:`netmap.demo.REFERENCE_DATE`).
REFERRAL_START = dt.date.fromisoformat(PLAN_START)
REFERRAL_END = dt.date.fromisoformat(REFERENCE_DATE)
NEW_NETWORK_FROM = "2025-06-01"
#: Dates for the ``as_of`` checks: before the closure / network start, and the reference.
BEFORE_CLOSURE = "2025-06-01"
BEFORE_NEW_NETWORK = "2025-01-01"

# ----------------------------------------------------------------------------------------
# Planted structure
# ----------------------------------------------------------------------------------------

#: The fully isolated district: no network member, no tie outside, no activity, and no
#: supply of any need (its residents are elderly with elderly needs).
ISOLATED_DISTRICT = "asahi-wakabadai"
ISOLATED_DISTRICT_AGES = ("65-74", "75+")
ISOLATED_DISTRICT_NEEDS = ("elder_care", "isolation", "shopping", "health")
ISOLATED_DISTRICT_MIN_RESIDENTS = 10
#: A district with ties and network members but no activity.
NO_ACTIVITY_DISTRICT = "kohoku-tarumachi"
#: A district whose organisations sit on no network.
NO_MEMBER_DISTRICT = "naka-mugita"
NO_ACTIVITY_DISTRICTS = frozenset({ISOLATED_DISTRICT, NO_ACTIVITY_DISTRICT})
#: Districts that host no care plaza and no ward-wide facility.
NO_HOST_DISTRICTS = frozenset({ISOLATED_DISTRICT, NO_MEMBER_DISTRICT})
#: District key → population weight (the isolated district is small).
SMALL_DISTRICTS: dict[str, float] = {"wakabadai": 0.35}
#: Districts with neighbourhoods below scale 1 (at scale 1 every district has 2 to 4).
PLANTED_NEIGHBOURHOODS: dict[str, int] = {"tsurumi-ushioda": 3, "midori-tokaichiba": 2}

#: (district, need) pairs with demand and no supply.
PLANTED_GAPS: tuple[tuple[str, str], ...] = (
    ("konan-noba", "learning"),
    ("minami-mutsukawa", "food"),
    ("hodogaya-iwama", "food"),
)
#: (district, need) pairs with demand and too little supply.
PLANTED_UNDERSUPPLIED: tuple[tuple[str, str], ...] = (
    ("tsurumi-ushioda", "household_finance"),
    ("kohoku-nippa", "employment"),
)
#: Organisations allowed to supply a planted pair (the closed cafeteria, the only employer,
#: the cafeteria opened in 2025).
SUPPLIES_PLANTED_PAIR = frozenset(
    {"org-hodogaya-iwama-shokudo", "org-kohoku-nippa-factory", "org-totsuka-kamikurata-shokudo"}
)

#: One-way organisations: they only refer out, or only receive.
OUT_ONLY = frozenset({"org-aoba-hospital", "org-asahi-minsei-futamatagawa"})
IN_ONLY = frozenset({"org-hw-yokohama", "org-isogo-placement-logistics"})
#: The children's cafeteria of 岩間 closed on :data:`CLOSED_ON` (``as_of`` matters).
CLOSED = frozenset({"org-hodogaya-iwama-shokudo"})
CLOSED_TEAM = "net-hodogaya-team-iwama"
#: Children of 岩間 who went to the cafeteria until it closed.
CLOSED_PARTICIPANTS = 6

#: 泉区: the ward council is the only link from the care council to the childcare network.
BRIDGE_COUNCIL_WARD = "izumi"
#: 金沢区: 富岡's care plaza is the only link from the care council to the disability council.
BRIDGE_PLAZA_DISTRICT = "kanazawa-tomioka"
BRIDGE_PLAZA_WARD = "kanazawa"
#: 瀬谷区: the disability council and the childcare network share nobody (a missing bridge).
MISSING_BRIDGE_WARD = "seya"
#: 鶴見区: a food theme network started in 2025 (``as_of`` matters).
FOOD_NETWORK_WARD = "tsurumi"
FOOD_NETWORK = "net-tsurumi-foodbank"

# ----------------------------------------------------------------------------------------
# Changes between the plan's start and the reference date (``netmap compare``)
# ----------------------------------------------------------------------------------------
# Besides the 2025 network and the closed cafeteria above, three changes are planted
# between PLAN_START and REFERENCE_DATE; ``planted.json`` lists them under ``changes``.
# The ids and dates of the records they add (NEW_SHOKUDO_*, LATE_ACTIVITY*, NEW_BRIDGE*)
# are in :mod:`netmap.demo.plan_records`, with the records.

#: 上倉田's district team, which the new cafeteria joins.
NEW_SHOKUDO_TEAM = "net-totsuka-team-kamikurata"
#: (district, need) pairs whose only supply starts after the plan's start.
LATE_GAPS: tuple[tuple[str, str], ...] = ((NEW_SHOKUDO_DISTRICT, "food"),)
NEW_BRIDGE_SKIPS = frozenset({BRIDGE_COUNCIL_WARD, MISSING_BRIDGE_WARD})
#: The bridges ranking ``netmap compare`` compares (its default ``top``).
BRIDGE_TOP = 10


def month_after(day: str, months: int) -> str:
    """The first day of the month ``months`` after the month of ``day``."""
    d = dt.date.fromisoformat(day)
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, 1).isoformat()


# ----------------------------------------------------------------------------------------
# Named records
# ----------------------------------------------------------------------------------------

# NamedOrg, NamedActivity, NAMED_ORGS and NAMED_ACTIVITIES: see netmap.demo.plan_records.


#: Organisations that belong to a named example besides its activities.
NAMED_EXAMPLE_ORGS: dict[str, tuple[str, ...]] = {HAZAWA: ("org-kanagawa-hazawa-project",)}

#: Partnerships of the named examples: (organisation, organisation, kind), in order.
NAMED_PARTNERSHIPS: tuple[tuple[str, str, str], ...] = (
    ("welfare:isogo", "org-isogo-placement-logistics", "placement"),
    ("welfare:isogo", "org-isogo-placement-farm", "placement"),
    ("welfare:isogo", "org-isogo-placement-care", "placement"),
    ("org-kanagawa-hazawa-project", "rengo:kanagawa-hazawa", "joint_activity"),
    ("org-kanagawa-hazawa-project", "plaza:kanagawa-hazawa", "joint_activity"),
    ("org-kanagawa-hazawa-project", "council:kanagawa", "joint_activity"),
    ("welfare:sakae", "plaza:sakae-hongodai", "joint_activity"),
)


@dataclass(frozen=True)
class PlantedDemand:
    """``count`` residents of ``district`` with ``needs``, each of ``maybe`` at 40 %."""

    district: str
    count: int
    ages: tuple[str, ...]  # one age: no draw
    needs: tuple[str, ...]
    maybe: tuple[str, ...] = ()


#: Residents with the needs of the planted gaps and under-supplied pairs (fixed counts,
#: whatever the scale).
PLANTED_DEMAND: tuple[PlantedDemand, ...] = (
    PlantedDemand("konan-noba", 6, ("0-14",), ("learning",), ("food",)),
    PlantedDemand("minami-mutsukawa", 5, ("0-14", "75+"), ("food",)),
    PlantedDemand("hodogaya-iwama", 4, ("0-14",), ("food",), ("learning",)),
    PlantedDemand(
        "tsurumi-ushioda",
        25,
        ("25-39", "40-64", "65-74"),
        ("household_finance",),
        ("debt", "employment"),
    ),
    PlantedDemand(
        "kohoku-nippa",
        30,
        ("15-24", "25-39", "40-64"),
        ("employment",),
        ("household_finance", "housing"),
    ),
    PlantedDemand(NEW_SHOKUDO_DISTRICT, 4, ("0-14",), ("food",), ("learning",)),
)

# ----------------------------------------------------------------------------------------
# What is found (notes and checks of planted.json)
# ----------------------------------------------------------------------------------------

GAP_NOTES: dict[tuple[str, str], str] = {
    ("konan-noba", "learning"): "children who need learning support; no learning "
    "activity or provider in the district (a learning class next door, a 居場所 to extend)",
    ("minami-mutsukawa", "food"): "food need, no food support; the seniors' salon "
    "could be opened to it",
    ("hodogaya-iwama", "food"): "the children's cafeteria closed on 2025-09-30 "
    "(not a gap as of 2025-06-01)",
}
ISOLATED_GAP_NOTE = "isolated district with no local resource at all"
#: (district, need) → (activity id, reason) candidates that must be reported.
GAP_CANDIDATES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("konan-noba", "learning"): (
        ("act-konan-konandai-gakushu", "same_ward"),
        ("act-konan-noba-ibasho", "extend_activity"),
    ),
    ("minami-mutsukawa", "food"): (
        ("act-minami-maita-shokudo", "same_ward"),
        ("act-minami-mutsukawa-salon", "extend_activity"),
    ),
    ("hodogaya-iwama", "food"): (("act-hodogaya-hoshikawa-pantry", "same_ward"),),
}
UNDERSUPPLIED_NOTES: dict[tuple[str, str], str] = {
    ("tsurumi-ushioda", "household_finance"): "one seniors' household-finance course "
    "(held in a neighbourhood: roll-up) for many working-age households",
    ("kohoku-nippa", "employment"): "one employer and one seminar for many job seekers",
}
UNDERSUPPLIED_CANDIDATES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("tsurumi-ushioda", "household_finance"): (
        ("act-tsurumi-ushioda-kakei", "widen_target_group"),
    ),
    ("kohoku-nippa", "employment"): (("act-kohoku-nippa-seminar", "widen_target_group"),),
}
ISOLATED_NOTES: dict[str, str] = {
    ISOLATED_DISTRICT: "residents with needs; its organisations sit on no network, have "
    "no tie outside and no activity is held there",
    NO_ACTIVITY_DISTRICT: "organisations in networks and tied outside, but no activity",
    NO_MEMBER_DISTRICT: "activities and outside ties, but no local organisation on any "
    "network (the district team covering it has only outside members)",
}
EXPECTED_ISOLATED: dict[str, list[str]] = {
    ISOLATED_DISTRICT: ["no_network_member", "no_external_tie", "no_activity"],
    NO_ACTIVITY_DISTRICT: ["no_activity"],
    NO_MEMBER_DISTRICT: ["no_network_member"],
}
EXPECTED_MISSING_BRIDGES = [("net-seya-jiritsu", "net-seya-kosodate")]

#: What ``changes`` in ``planted.json`` says of each planted change.
CHANGE_NOTES: dict[str, str] = {
    "network_formed": "鶴見区フードバンク連絡会 started on 2025-06-01 with the food bank, the "
    "ward offices and local food groups",
    "resource_ended": "岩間's children's cafeteria closed on 2025-09-30: its organisation, "
    "activity and team membership ended and 岩間's food gap opened",
    "gap_closed": "上倉田 had no food support at the plan's start; a children's cafeteria "
    "opened on 2025-02-01 (organisation, activity, a place on the district team) and "
    "closed the gap",
    "no_longer_isolated": "桂台 had no activity at the plan's start; the care plaza's "
    "salon opened on 2024-10-01",
    "bridge_entered": "a city-wide support centre for children's cafeterias, founded on "
    "2024-10-01, joined the wards' childcare networks one a month and entered the top "
    "10 bridges",
}

# ----------------------------------------------------------------------------------------
# A plan to try (``netmap compare --scenario``)
# ----------------------------------------------------------------------------------------
# ``netmap demo`` writes this plan (計画案) beside its data, in the import format
# (:data:`SCENARIO_DIR`): ten planned records for the next fiscal year. It closes two
# planted gaps (a new children's cafeteria in 岩間, a learning class in 野庭: two local
# resources each, so that neither becomes under-supplied) and ends two districts' isolation
# (a salon in 樽町, which has no activity; 麦田's residents' association joins its district
# team, which has no local member), and nothing else; ``planted.json`` lists the effect
# under ``scenario``. The plan names stored records by id (no ``role:key`` references): it
# is data alone, written without generating the demo (the generator checks the ids exist).

#: The plan's folder, beside the demo's data.
SCENARIO_DIR = "plan-example"
#: Everything planned starts on the first day of the next fiscal year; the plan is
#: evaluated on that day (nothing stored is dated after the reference date, so the
#: network "now" is the network of the reference date).
SCENARIO_FROM = "2027-04-01"

SCENARIO_ORGS: tuple[NamedOrg, ...] = (
    NamedOrg(
        "org-plan-iwama-shokudo",
        "NPO法人いわまひまわり食堂",
        "npo",
        "hodogaya-iwama",
        ("food",),
        ("食", "子ども・子育て"),
        valid_from=SCENARIO_FROM,
    ),
    NamedOrg(
        "org-plan-noba-manabi",
        "野庭まなびサポートの会",
        "volunteer_group",
        "konan-noba",
        ("learning",),
        ("教育", "子ども・子育て"),
        valid_from=SCENARIO_FROM,
    ),
)
SCENARIO_ACTIVITIES: tuple[NamedActivity, ...] = (
    NamedActivity(
        "act-plan-iwama-shokudo",
        "岩間ひまわりこども食堂",
        "food_support",
        "org-plan-iwama-shokudo",
        "hodogaya-iwama",
        ("food",),
        ("children", "families"),
        40,
        valid_from=SCENARIO_FROM,
    ),
    NamedActivity(
        "act-plan-noba-manabi",
        "野庭 中学生の学習教室",
        "learning_support",
        "org-plan-noba-manabi",
        "konan-noba",
        ("learning",),
        ("children", "youth"),
        20,
        valid_from=SCENARIO_FROM,
    ),
    NamedActivity(
        "act-plan-tarumachi-salon",
        "樽町 ふれあいサロン",
        "salon",
        "org-kohoku-rengo-tarumachi",  # 樽町地区連合自治会
        NO_ACTIVITY_DISTRICT,
        ("isolation",),
        ("elderly", "all"),
        25,
        valid_from=SCENARIO_FROM,
    ),
)
#: (organisation id, network id, role)
SCENARIO_MEMBERSHIPS: tuple[tuple[str, str, str], ...] = (
    ("org-plan-iwama-shokudo", CLOSED_TEAM, "member"),
    ("org-plan-noba-manabi", "net-konan-team-noba", "member"),
    ("org-naka-rengo-mugita", "net-naka-team-mugita", "member"),  # 麦田地区連合自治会
)
#: (organisation id, organisation id, kind)
SCENARIO_PARTNERSHIPS: tuple[tuple[str, str, str], ...] = (
    ("org-plan-iwama-shokudo", "org-hodogaya-hoshikawa-pantry", "joint_activity"),
    ("org-plan-noba-manabi", "org-konan-learning-npo", "information_sharing"),
)
#: What the plan changes at :data:`SCENARIO_FROM` (the generator checks it).
SCENARIO_CLOSES: tuple[tuple[str, str], ...] = (
    ("hodogaya-iwama", "food"),
    ("konan-noba", "learning"),
)
SCENARIO_ENDS_ISOLATION: tuple[str, ...] = (NO_ACTIVITY_DISTRICT, NO_MEMBER_DISTRICT)
SCENARIO_NOTE = (
    "a plan for the next fiscal year: a children's cafeteria in 岩間 and a learning class "
    "in 野庭 (each an organisation providing the need and its activity) close their gaps; "
    "a salon in 樽町 and a place for 麦田's residents' association on its district team "
    "end those districts' isolation; nothing else changes"
)
