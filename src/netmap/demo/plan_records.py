"""The records the plan names (:mod:`netmap.demo.plan`), as data: the organisations
(:data:`NAMED_ORGS`) and activities (:data:`NAMED_ACTIVITIES`) of Yokohama's named examples
and of the planted findings, and the ids and dates of the planted records that the stages
refer to (all re-exported by :mod:`netmap.demo.plan`).

Organisation references (an activity's ``runner``) are an organisation id, or ``role:key``
for an office the stages create (see :mod:`netmap.demo.plan`).
"""

from __future__ import annotations

from dataclasses import dataclass

# ----------------------------------------------------------------------------------------
# Ids and dates of planted records
# ----------------------------------------------------------------------------------------

#: The children's cafeteria of 岩間 (``plan.CLOSED``) ran from CLOSED_SINCE to CLOSED_ON.
CLOSED_ON = "2025-09-30"
CLOSED_ACTIVITY = "act-hodogaya-iwama-shokudo"
CLOSED_SINCE = "2019-06-01"
#: 鶴見区: the food bank of the food theme network started in 2025.
FOOD_BANK = "org-tsurumi-foodbank"

#: 戸塚区 上倉田: no food support at the plan's start (a gap); a children's cafeteria opens
#: in 2025 and closes it. The pair is blocked: the cafeteria's supply is all there is.
NEW_SHOKUDO_DISTRICT = "totsuka-kamikurata"
NEW_SHOKUDO_ORG = "org-totsuka-kamikurata-shokudo"
NEW_SHOKUDO_ACTIVITY = "act-totsuka-kamikurata-shokudo"
NEW_SHOKUDO_FROM = "2025-02-01"
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
