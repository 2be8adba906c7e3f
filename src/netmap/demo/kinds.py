"""What each kind of record looks like in the synthetic demo: the sectors and needs of each
organisation kind, how many of the freely scaling kinds a city has, how activities of each
kind are named and run, which needs residents of each age band have, and how referrals
are spread over needs and statuses.

Pure data; the stages (:mod:`netmap.demo.organisations`, :mod:`netmap.demo.activities`,
:mod:`netmap.demo.residents`, :mod:`netmap.demo.referrals`) draw from these tables. The
order of every table is part of the output: the generator draws from them in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from netmap.model.vocab import NEEDS

#: Every need, in the vocabulary's order.
ALL_NEEDS: tuple[str, ...] = tuple(NEEDS)

# ----------------------------------------------------------------------------------------
# Organisations
# ----------------------------------------------------------------------------------------

#: The sectors an organisation of each kind is listed under.
SECTORS: dict[str, list[str]] = {
    "welfare_office": ["行政", "福祉", "就労"],
    "social_welfare_council": ["福祉", "地域"],
    "community_care_plaza": ["高齢", "福祉", "地域"],
    "community_support_center": ["高齢", "医療"],
    "community_activity_home": ["障害", "福祉"],
    "life_support_center": ["障害", "就労"],
    "childcare_support_base": ["子ども・子育て"],
    "employment_office": ["就労", "行政"],
    "school": ["教育", "子ども・子育て"],
    "nursery": ["子ども・子育て"],
    "care_facility": ["高齢", "医療"],
    "medical": ["医療"],
    "company": ["企業", "就労"],
    "volunteer_group": ["地域"],
    "neighbourhood_association": ["地域", "防災"],
    "welfare_commissioner": ["地域", "福祉"],
    "public_facility": ["地域", "健康"],
    "other": ["その他"],
}

#: (needs always provided, needs sometimes provided) per organisation kind.
KIND_PROVIDES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "welfare_office": (("household_finance", "employment", "housing", "debt"), ("food",)),
    "social_welfare_council": (("household_finance", "isolation"), ("debt", "food")),
    "community_care_plaza": (("elder_care",), ("isolation", "health", "childcare", "fraud")),
    "community_support_center": (("elder_care",), ("health", "fraud")),
    "community_activity_home": (("disability",), ("isolation",)),
    "life_support_center": (("disability",), ("employment", "isolation")),
    "childcare_support_base": (("childcare",), ("isolation",)),
    "employment_office": (("employment",), ()),
    "school": ((), ("learning",)),
    "nursery": (("childcare",), ()),
    "care_facility": (("elder_care",), ("health", "disability")),
    "medical": (("health",), ()),
    "company": ((), ("employment",)),
    "neighbourhood_association": ((), ("isolation",)),
    "welfare_commissioner": ((), ("isolation", "elder_care", "childcare")),
    "public_facility": ((), ("health", "isolation")),
    "other": ((), ()),
}

#: What an NPO of each theme is called, listed under and may provide.
NPO_THEMES: dict[str, tuple[str, list[str], tuple[str, ...]]] = {
    # theme: (name word, sectors, provides)
    "child": ("こども", ["子ども・子育て", "教育"], ("learning", "food", "childcare")),
    "work": ("しごと", ["就労", "福祉"], ("employment", "isolation", "household_finance")),
    "disability": ("ともいき", ["障害", "就労"], ("disability", "employment")),
    "elder": ("いきいき", ["高齢", "地域"], ("elder_care", "isolation", "shopping")),
    "housing": ("すまい", ["住まい", "福祉"], ("housing", "debt", "household_finance")),
    "food": ("フード", ["食", "地域"], ("food", "isolation")),
}

#: A volunteer group's name word → the needs it provides.
VOLUNTEER_THEMES: dict[str, tuple[str, ...]] = {
    "配食": ("food", "isolation"),
    "見守り": ("isolation", "fraud"),
    "学習": ("learning",),
    "傾聴": ("isolation",),
    "買い物": ("shopping",),
    "移送": ("shopping", "elder_care"),
    "子育て": ("childcare",),
}

#: Plausible providers of each need, used when background supply has to be filled in.
FILL_KINDS: dict[str, tuple[str, ...]] = {
    "employment": ("company", "npo", "life_support_center", "community_care_plaza"),
    "household_finance": ("npo", "community_care_plaza", "welfare_commissioner"),
    "housing": ("npo", "community_care_plaza", "welfare_commissioner"),
    "food": ("npo", "volunteer_group", "neighbourhood_association", "community_care_plaza"),
    "learning": ("school", "npo", "volunteer_group", "childcare_support_base"),
    "childcare": ("nursery", "childcare_support_base", "npo", "welfare_commissioner"),
    "elder_care": ("care_facility", "community_support_center", "community_care_plaza"),
    "disability": ("community_activity_home", "life_support_center", "care_facility", "npo"),
    "health": ("medical", "community_care_plaza", "community_support_center"),
    "isolation": ("volunteer_group", "neighbourhood_association", "welfare_commissioner"),
    "shopping": ("volunteer_group", "company", "neighbourhood_association"),
    "fraud": ("welfare_commissioner", "community_support_center", "neighbourhood_association"),
    "debt": ("npo", "community_care_plaza", "welfare_commissioner"),
}
FILL_FALLBACK = ("welfare_commissioner", "community_care_plaza", "npo", "neighbourhood_association")

#: City-wide organisation counts at scale 1 for the kinds that scale freely.
FLEX_KINDS: dict[str, int] = {
    "school": 500,
    "nursery": 600,
    "care_facility": 400,
    "medical": 550,
    "company": 850,
    "npo": 330,
    "volunteer_group": 300,
    "public_facility": 40,
}

# ----------------------------------------------------------------------------------------
# Activities
# ----------------------------------------------------------------------------------------

#: How often background activities are of each kind.
ACTIVITY_KIND_WEIGHTS: dict[str, float] = {
    "salon": 0.16,
    "place_to_be": 0.10,
    "learning_support": 0.08,
    "food_support": 0.10,
    "watching": 0.10,
    "employment_training": 0.06,
    "social_participation": 0.07,
    "shopping_support": 0.05,
    "course": 0.12,
    "event": 0.08,
    "outreach": 0.05,
    "other": 0.03,
}


@dataclass(frozen=True)
class Template:
    """How a background activity of one kind is named, what it is for and who runs it."""

    names: tuple[str, ...]  # {p} place name, {w} pool word, {o} the runner's name
    needs: tuple[tuple[str, ...], ...]  # alternatives: each a needs list
    targets: tuple[tuple[str, ...], ...]
    runners: tuple[str, ...]
    capacity: tuple[int, int] | None


#: Activity kind → its template.
TEMPLATES: dict[str, Template] = {
    "salon": Template(
        ("{p}ふれあいサロン", "{p}いきいきサロン", "{p}ほっとサロン「{w}」", "{p}{w}カフェ"),
        (
            ("isolation", "health"),
            ("isolation", "elder_care"),
            ("isolation",),
            ("isolation", "fraud"),
        ),
        (("elderly",), ("elderly", "all")),
        ("volunteer_group", "neighbourhood_association", "community_care_plaza", "npo"),
        (10, 30),
    ),
    "place_to_be": Template(
        ("{p}こどもの居場所「{w}」", "{p}みんなの居場所", "{p}若者の居場所「{w}」"),
        (
            ("isolation", "learning"),
            ("isolation", "food"),
            ("isolation", "childcare"),
            ("isolation",),
        ),
        (("children",), ("youth",), ("all",), ("children", "families")),
        ("npo", "volunteer_group", "community_care_plaza", "childcare_support_base"),
        (10, 25),
    ),
    "learning_support": Template(
        ("{p}学習支援教室", "{p}寺子屋「{w}」", "{p}学びの広場"),
        (("learning",), ("learning", "isolation")),
        (("children",), ("children", "youth")),
        ("npo", "volunteer_group", "school"),
        (8, 20),
    ),
    "food_support": Template(
        ("{p}こども食堂「{w}」", "{p}フードパントリー", "{p}みんな食堂"),
        (("food", "isolation"), ("food", "childcare"), ("food", "household_finance"), ("food",)),
        (("children", "families"), ("all",), ("families",)),
        ("npo", "volunteer_group", "company"),
        (20, 80),
    ),
    "watching": Template(
        ("{p}見守り活動", "{p}安否確認ネットワーク", "{p}声かけ運動"),
        (("isolation", "elder_care"), ("isolation", "fraud"), ("isolation",)),
        (("elderly",),),
        ("neighbourhood_association", "welfare_commissioner", "volunteer_group"),
        (30, 100),
    ),
    "employment_training": Template(
        ("{o} 職場体験", "{o} 就労体験", "{o} 職場実習"),
        (("employment",), ("employment", "isolation"), ("employment", "disability")),
        (("working_age", "youth"), ("disabled",), ("youth",)),
        ("company", "care_facility", "life_support_center", "npo"),
        (3, 10),
    ),
    "social_participation": Template(
        ("{p}社会参加プログラム", "{o} ボランティア体験", "{p}農作業ボランティア"),
        (("isolation", "employment"), ("isolation", "disability"), ("isolation",)),
        (("working_age", "disabled"), ("youth",), ("working_age",)),
        ("care_facility", "company", "npo", "community_activity_home"),
        (5, 15),
    ),
    "shopping_support": Template(
        ("{p}移動販売", "{p}買い物送迎", "{p}買い物サポート"),
        (("shopping",), ("shopping", "elder_care"), ("shopping", "isolation")),
        (("elderly",),),
        ("company", "volunteer_group", "neighbourhood_association"),
        (20, 60),
    ),
    "course": Template(
        (
            "{p}家計講座",
            "{p}消費者被害防止講座",
            "{p}健康講座",
            "{p}介護予防教室",
            "{p}就職準備講座",
        ),
        (
            ("household_finance", "debt"),
            ("fraud",),
            ("health",),
            ("elder_care", "health"),
            ("employment",),
        ),
        (("all",), ("elderly",), ("working_age",)),
        ("community_care_plaza", "community_support_center", "medical", "npo"),
        (15, 40),
    ),
    "event": Template(
        ("{p}夏まつり", "{p}多世代交流会", "{p}子育てひろば"),
        (("isolation",), ("isolation", "childcare"), ("childcare",)),
        (("all",), ("families",)),
        ("neighbourhood_association", "community_care_plaza", "childcare_support_base"),
        (50, 300),
    ),
    "outreach": Template(
        ("{p}出張相談会", "{p}暮らしの困りごと相談", "{p}なんでも相談会"),
        (("household_finance", "debt"), ("housing", "household_finance"), ("debt",)),
        (("all",),),
        ("npo", "community_care_plaza", "welfare_commissioner"),
        None,
    ),
    "other": Template(
        ("{p}防災訓練", "{p}地域清掃活動", "{p}花壇づくり"),
        (("isolation",),),
        (("all",),),
        ("neighbourhood_association", "volunteer_group"),
        None,
    ),
}

# ----------------------------------------------------------------------------------------
# Residents
# ----------------------------------------------------------------------------------------

#: Age bands and their share of residents.
AGE_BANDS: tuple[tuple[str, float], ...] = (
    ("0-14", 0.12),
    ("15-24", 0.10),
    ("25-39", 0.14),
    ("40-64", 0.32),
    ("65-74", 0.14),
    ("75+", 0.18),
)

#: Age band → how often residents of that age have each need.
NEED_PROFILE: dict[str, dict[str, float]] = {
    "0-14": {
        "learning": 0.35,
        "food": 0.2,
        "childcare": 0.2,
        "health": 0.1,
        "isolation": 0.1,
        "disability": 0.05,
    },
    "15-24": {
        "employment": 0.25,
        "learning": 0.15,
        "isolation": 0.2,
        "household_finance": 0.1,
        "health": 0.1,
        "disability": 0.1,
        "housing": 0.05,
        "debt": 0.05,
    },
    "25-39": {
        "employment": 0.2,
        "household_finance": 0.2,
        "childcare": 0.15,
        "debt": 0.1,
        "housing": 0.1,
        "health": 0.1,
        "food": 0.1,
        "isolation": 0.05,
    },
    "40-64": {
        "employment": 0.2,
        "household_finance": 0.2,
        "debt": 0.15,
        "housing": 0.1,
        "health": 0.15,
        "isolation": 0.1,
        "food": 0.05,
        "disability": 0.05,
    },
    "65-74": {
        "health": 0.2,
        "household_finance": 0.15,
        "isolation": 0.2,
        "elder_care": 0.15,
        "shopping": 0.1,
        "fraud": 0.1,
        "food": 0.05,
        "housing": 0.05,
    },
    "75+": {
        "elder_care": 0.25,
        "isolation": 0.2,
        "shopping": 0.15,
        "health": 0.15,
        "fraud": 0.1,
        "food": 0.1,
        "household_finance": 0.05,
    },
}

# ----------------------------------------------------------------------------------------
# Ties: partnerships and referrals
# ----------------------------------------------------------------------------------------

#: Kinds of local organisation a referral may start from (where residents turn up first).
ENTRANCE_KINDS = frozenset(
    {
        "welfare_commissioner",
        "neighbourhood_association",
        "community_care_plaza",
        "community_support_center",
        "school",
        "nursery",
        "medical",
        "npo",
        "volunteer_group",
        "care_facility",
    }
)

PARTNERSHIP_KINDS = ("referral", "joint_activity", "placement", "information_sharing")

#: How often a referral without a known resident is about each need (NEEDS order).
REFERRAL_NEED_WEIGHTS: dict[str, float] = {
    "employment": 0.12,
    "household_finance": 0.14,
    "housing": 0.07,
    "food": 0.08,
    "learning": 0.06,
    "childcare": 0.06,
    "elder_care": 0.09,
    "disability": 0.05,
    "health": 0.1,
    "isolation": 0.1,
    "shopping": 0.04,
    "fraud": 0.03,
    "debt": 0.06,
}

REFERRAL_STATUSES = ("open", "accepted", "declined", "closed")
#: Status weights (``REFERRAL_STATUSES`` order) of a referral younger than so many days
#: at the end of the period; older ones use ``OLD_REFERRAL_STATUS_WEIGHTS``.
REFERRAL_STATUS_WEIGHTS: tuple[tuple[int, tuple[float, ...]], ...] = (
    (45, (0.55, 0.3, 0.05, 0.1)),
    (180, (0.2, 0.4, 0.1, 0.3)),
)
OLD_REFERRAL_STATUS_WEIGHTS: tuple[float, ...] = (0.04, 0.3, 0.12, 0.54)
