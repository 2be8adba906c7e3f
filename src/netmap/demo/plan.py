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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netmap.demo import PLAN_START, REFERENCE_DATE

# ----------------------------------------------------------------------------------------
# Dates
# ----------------------------------------------------------------------------------------

#: Referral dates span the plan's period: its start (:data:`netmap.demo.PLAN_START`) to the
#: reference date (:data:`netmap.demo.REFERENCE_DATE`).
REFERRAL_START = dt.date.fromisoformat(PLAN_START)
REFERRAL_END = dt.date.fromisoformat(REFERENCE_DATE)
CLOSED_ON = "2025-09-30"
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
CLOSED_ACTIVITY = "act-hodogaya-iwama-shokudo"
CLOSED_TEAM = "net-hodogaya-team-iwama"
CLOSED_SINCE = "2019-06-01"
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
FOOD_BANK = "org-tsurumi-foodbank"

# ----------------------------------------------------------------------------------------
# Changes between the plan's start and the reference date (``netmap compare``)
# ----------------------------------------------------------------------------------------
# Besides the 2025 network and the closed cafeteria above, three changes are planted
# between PLAN_START and REFERENCE_DATE; ``planted.json`` lists them under ``changes``.

#: 戸塚区 上倉田: no food support at the plan's start (a gap); a children's cafeteria opens
#: in 2025 and closes it. The pair is blocked: the cafeteria's supply is all there is.
NEW_SHOKUDO_DISTRICT = "totsuka-kamikurata"
NEW_SHOKUDO_ORG = "org-totsuka-kamikurata-shokudo"
NEW_SHOKUDO_ACTIVITY = "act-totsuka-kamikurata-shokudo"
NEW_SHOKUDO_FROM = "2025-02-01"
NEW_SHOKUDO_TEAM = "net-totsuka-team-kamikurata"
#: (district, need) pairs whose only supply starts after the plan's start.
LATE_GAPS: tuple[tuple[str, str], ...] = ((NEW_SHOKUDO_DISTRICT, "food"),)
#: 栄区 桂台: no activity at the plan's start (isolated, ``no_activity``) until the care
#: plaza's salon opens; no background activity is held there.
LATE_ACTIVITY_DISTRICT = "sakae-katsuradai"
LATE_ACTIVITY = "act-sakae-katsuradai-salon"
LATE_ACTIVITY_FROM = "2024-10-01"
#: A city-wide support centre for children's cafeterias, founded in 2024, joins the wards'
#: childcare networks one a month (not 泉区's or 瀬谷区's, where the planted bridge and
#: missing bridge are): an organisation that enters the top 10 bridges.
NEW_BRIDGE = "org-yokohama-shokudo-center"
NEW_BRIDGE_FROM = "2024-10-01"
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


@dataclass(frozen=True)
class NamedOrg:
    id: str
    name: str
    kind: str
    area: str
    provides: tuple[str, ...]
    sectors: tuple[str, ...] | None = None  # None: the kind's sectors
    valid_from: str | None = None
    valid_to: str | None = None
    npo_theme: str | None = None


#: Organisations of the plan and of the planted findings, in the order they are created.
NAMED_ORGS: tuple[NamedOrg, ...] = (
    # 磯子区: social-participation placements at companies and a care facility
    NamedOrg(
        "org-isogo-placement-logistics",
        "株式会社いそご物流センター",
        "company",
        "isogo-sugita",
        ("employment",),
    ),
    NamedOrg(
        "org-isogo-placement-farm",
        "磯子グリーン農園株式会社",
        "company",
        "isogo-isogo",
        ("employment",),
    ),
    NamedOrg(
        "org-isogo-placement-care",
        "特別養護老人ホーム 磯子やまびこ苑",
        "care_facility",
        "isogo-isogo",
        ("elder_care", "employment"),
    ),
    # 神奈川区: 羽沢プロジェクト
    NamedOrg(
        "org-kanagawa-hazawa-project",
        "羽沢プロジェクト実行委員会",
        "volunteer_group",
        "kanagawa-hazawa",
        ("food", "isolation", "learning"),
        ("地域", "子ども・子育て"),
    ),
    # 港南区: the learning NPO next door to the learning gap
    NamedOrg(
        "org-konan-learning-npo",
        "NPO法人こうなん学びサポート",
        "npo",
        "konan-konandai",
        ("learning",),
        ("教育", "子ども・子育て"),
    ),
    # 保土ケ谷区: a children's cafeteria that closed in 2025 (as_of matters)
    NamedOrg(
        "org-hodogaya-iwama-shokudo",
        "NPO法人いわま子ども食堂の会",
        "npo",
        "hodogaya-iwama",
        ("food",),
        ("食", "子ども・子育て"),
        valid_from=CLOSED_SINCE,
        valid_to=CLOSED_ON,
    ),
    NamedOrg(
        "org-hodogaya-hoshikawa-pantry",
        "NPO法人ほしかわフードパントリー",
        "npo",
        "hodogaya-hoshikawa",
        ("food",),
        ("食", "地域"),
    ),
    # 港北区 新羽: the only local employer providing employment (under-supplied)
    NamedOrg(
        "org-kohoku-nippa-factory",
        "新羽精密工業株式会社",
        "company",
        "kohoku-nippa",
        ("employment",),
    ),
    # 青葉区: a hospital's social-work office that refers out and never receives
    NamedOrg(
        "org-aoba-hospital",
        "あおば総合病院 医療福祉相談室",
        "medical",
        "aoba-aobadai",
        ("health",),
    ),
    # the missing bridge (瀬谷区) and the island networks (泉区, 金沢区) get a named NPO
    NamedOrg(
        "org-seya-disability-npo",
        "NPO法人せや障害者支援ネット",
        "npo",
        "seya-seya",
        ("disability", "employment"),
        ("障害", "就労"),
        npo_theme="disability",
    ),
    NamedOrg(
        "org-seya-child-npo",
        "NPO法人せや子育てひろば",
        "npo",
        "seya-mitsukyo",  # the ward's second district
        ("childcare",),
        ("子ども・子育て",),
        npo_theme="child",
    ),
    NamedOrg(
        "org-izumi-child-npo",
        "NPO法人いずみ子育てネット",
        "npo",
        "izumi-tateba",  # the ward's first district
        ("childcare", "learning"),
        ("子ども・子育て",),
        npo_theme="child",
    ),
    NamedOrg(
        "org-kanazawa-disability-npo",
        "NPO法人かなざわ障害者自立支援ネット",
        "npo",
        "kanazawa-mutsuura",
        ("disability", "employment"),
        ("障害", "就労"),
        npo_theme="disability",
    ),
    # 鶴見区: a food bank NPO for the theme network that started in 2025
    NamedOrg(
        FOOD_BANK,
        "NPO法人つるみフードバンク",
        "npo",
        "tsurumi-tsurumichuo",
        ("food",),
        ("食", "地域"),
        valid_from="2025-04-01",
        npo_theme="food",
    ),
    # 栄区: a new NPO opened in 2025 (as_of matters)
    NamedOrg(
        "org-sakae-new-npo",
        "NPO法人さかえ暮らしサポート",
        "npo",
        "sakae-kosugaya",
        ("household_finance", "debt"),
        ("福祉", "住まい"),
        valid_from="2025-10-01",
        npo_theme="housing",
    ),
    # 戸塚区 上倉田: the children's cafeteria that opens in 2025 and closes the food gap
    NamedOrg(
        NEW_SHOKUDO_ORG,
        "NPO法人かみくらた子ども食堂の会",
        "npo",
        NEW_SHOKUDO_DISTRICT,
        ("food",),
        ("食", "子ども・子育て"),
        valid_from=NEW_SHOKUDO_FROM,
    ),
    # the city-wide support centre for children's cafeterias (a new bridge)
    NamedOrg(
        NEW_BRIDGE,
        "NPO法人はまっこ食堂サポートセンター",
        "npo",
        "yokohama",
        ("food", "childcare"),
        ("食", "子ども・子育て", "中間支援"),
        valid_from=NEW_BRIDGE_FROM,
    ),
)


@dataclass(frozen=True)
class NamedActivity:
    id: str
    name: str
    kind: str
    runner: str  # an organisation reference (see the module docstring)
    area: str
    needs: tuple[str, ...]
    targets: tuple[str, ...]
    capacity: int | None
    valid_from: str | None = None
    valid_to: str | None = None
    # may supply a planted pair, or be held where no other activity is (where the plan
    # needs it to)
    planted: bool = False
    example: str | None = None  # the named example of the plan it belongs to


MIDORI = "midori_care_plaza_initiatives"
ISOGO = "isogo_placements"
HAZAWA = "hazawa_project"
SAKAE = "sakae_cooking"

#: Activities of the plan and of the planted findings, in the order they are created.
NAMED_ACTIVITIES: tuple[NamedActivity, ...] = (
    # 緑区: the care plazas' seven initiatives
    NamedActivity(
        "act-midori-tokaichiba-ibasho",
        "十日市場こどもの居場所「とおかいちばひろば」",
        "place_to_be",
        "plaza:midori-tokaichiba",
        "midori-tokaichiba",
        ("learning", "food"),
        ("children",),
        20,
        example=MIDORI,
    ),
    NamedActivity(
        "act-midori-nakayama-kakei",
        "中山 くらしと家計の講座",
        "course",
        "plaza:midori-nakayama",
        "midori-nakayama",
        ("household_finance", "debt"),
        ("working_age",),
        30,
        example=MIDORI,
    ),
    NamedActivity(
        "act-midori-kirigaoka-shokudo",
        "霧が丘 多世代食堂",
        "food_support",
        "plaza:midori-kirigaoka",
        "midori-kirigaoka",
        ("food", "isolation"),
        ("all",),
        60,
        example=MIDORI,
    ),
    NamedActivity(
        "act-midori-nagatsuta-shigoto",
        "長津田 しごと体験プログラム",
        "employment_training",
        "plaza:midori-nagatsuta",
        "midori-nagatsuta",
        ("employment", "isolation"),
        ("youth",),
        8,
        example=MIDORI,
    ),
    NamedActivity(
        "act-midori-kamoi-mimamori",
        "鴨居 見守りあいネット",
        "watching",
        "plaza:midori-kamoi",
        "midori-kamoi",
        ("isolation", "fraud"),
        ("elderly",),
        80,
        example=MIDORI,
    ),
    NamedActivity(
        "act-midori-higashihongo-kaimono",
        "東本郷 移動販売と買い物サロン",
        "shopping_support",
        "plaza:midori-higashihongo",
        "midori-higashihongo",
        ("shopping", "isolation"),
        ("elderly",),
        40,
        example=MIDORI,
    ),
    NamedActivity(
        "act-midori-niiharu-satoyama",
        "新治 里山の居場所",
        "social_participation",
        "plaza:midori-niiharu",
        "midori-niiharu",
        ("isolation", "disability"),
        ("working_age", "disabled"),
        12,
        example=MIDORI,
    ),
    # 磯子区: placements
    NamedActivity(
        "act-isogo-placement-logistics",
        "いそご物流センター 職場実習",
        "employment_training",
        "org-isogo-placement-logistics",
        "isogo-sugita",
        ("employment",),
        ("working_age", "youth"),
        6,
        example=ISOGO,
    ),
    NamedActivity(
        "act-isogo-placement-farm",
        "グリーン農園 社会参加プログラム",
        "social_participation",
        "org-isogo-placement-farm",
        "isogo-isogo",
        ("isolation", "employment"),
        ("working_age", "disabled"),
        10,
        example=ISOGO,
    ),
    NamedActivity(
        "act-isogo-placement-care",
        "やまびこ苑 ボランティア体験（社会参加）",
        "social_participation",
        "org-isogo-placement-care",
        "isogo-isogo",
        ("isolation", "employment"),
        ("working_age",),
        5,
        example=ISOGO,
    ),
    # 神奈川区: 羽沢プロジェクト
    NamedActivity(
        "act-kanagawa-hazawa-project",
        "羽沢プロジェクト みんなの居場所・食堂",
        "place_to_be",
        "org-kanagawa-hazawa-project",
        "kanagawa-hazawa",
        ("food", "isolation", "learning"),
        ("all", "children"),
        40,
        example=HAZAWA,
    ),
    # 栄区: cooking skills
    NamedActivity(
        "act-sakae-cooking",
        "ひとり暮らしのための料理教室（栄区）",
        "course",
        "welfare:sakae",
        "sakae-hongodai",
        ("food", "household_finance"),
        ("working_age", "youth"),
        16,
        example=SAKAE,
    ),
    # planted gaps and their candidates
    NamedActivity(
        "act-konan-konandai-gakushu",
        "港南台学習支援教室",
        "learning_support",
        "org-konan-learning-npo",
        "konan-konandai",
        ("learning",),
        ("children", "youth"),
        15,
    ),
    NamedActivity(
        "act-konan-noba-ibasho",
        "野庭みんなの居場所",
        "place_to_be",
        "plaza:konan-noba",
        "konan-noba",
        ("isolation", "childcare"),
        ("children", "all"),
        20,
    ),
    NamedActivity(
        "act-minami-mutsukawa-salon",
        "六ツ川いきいきサロン",
        "salon",
        "rengo:minami-mutsukawa",
        "minami-mutsukawa",
        ("isolation", "health"),
        ("elderly",),
        25,
    ),
    NamedActivity(
        "act-minami-maita-shokudo",
        "蒔田こども食堂「ひまわり」",
        "food_support",
        "npo:minami-maita",
        "minami-maita",
        ("food", "childcare"),
        ("children", "families"),
        50,
    ),
    NamedActivity(
        CLOSED_ACTIVITY,
        "いわま子ども食堂",
        "food_support",
        "org-hodogaya-iwama-shokudo",
        "hodogaya-iwama",
        ("food", "isolation"),
        ("children", "families"),
        40,
        valid_from=CLOSED_SINCE,
        valid_to=CLOSED_ON,
        planted=True,
    ),
    NamedActivity(
        "act-hodogaya-hoshikawa-pantry",
        "星川フードパントリー",
        "food_support",
        "org-hodogaya-hoshikawa-pantry",
        "hodogaya-hoshikawa",
        ("food",),
        ("families", "all"),
        60,
    ),
    # planted under-supplied pairs
    NamedActivity(
        "act-tsurumi-ushioda-kakei",
        "潮田 シニアの家計講座",
        "course",
        "plaza:tsurumi-ushioda",
        "tsurumi-ushioda-n1",  # the district's first neighbourhood (a roll-up)
        ("household_finance",),
        ("elderly",),
        20,
        planted=True,
    ),
    NamedActivity(
        "act-kohoku-nippa-seminar",
        "新羽 若者の就職準備セミナー",
        "course",
        "welfare:kohoku",
        "kohoku-nippa",
        ("employment",),
        ("youth",),
        20,
        planted=True,
    ),
    # 麦田: activities but no network member
    NamedActivity(
        "act-naka-mugita-salon",
        "麦田ふれあいサロン",
        "salon",
        "plaza:naka-mugita",
        "naka-mugita",
        ("isolation", "health"),
        ("elderly",),
        20,
    ),
    NamedActivity(
        "act-tsurumi-foodbank-pantry",
        "つるみフードバンク 食品配布会",
        "food_support",
        FOOD_BANK,
        "tsurumi-tsurumichuo",
        ("food", "household_finance"),
        ("families", "all"),
        100,
        valid_from="2025-06-01",
    ),
    # changes since the plan's start: the new children's cafeteria, the late salon
    NamedActivity(
        NEW_SHOKUDO_ACTIVITY,
        "上倉田こども食堂「にじいろ」",
        "food_support",
        NEW_SHOKUDO_ORG,
        NEW_SHOKUDO_DISTRICT,
        ("food", "childcare"),
        ("children", "families"),
        40,
        valid_from=NEW_SHOKUDO_FROM,
        planted=True,
    ),
    NamedActivity(
        LATE_ACTIVITY,
        "桂台 多世代ふれあいサロン",
        "salon",
        "plaza:sakae-katsuradai",
        LATE_ACTIVITY_DISTRICT,
        ("isolation", "health"),
        ("elderly", "all"),
        25,
        valid_from=LATE_ACTIVITY_FROM,
        planted=True,
    ),
)

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
