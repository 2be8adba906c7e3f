"""Vocabularies of DATA_MODEL.md with their Japanese labels.

Ids are fixed by the data contract; Japanese labels are what maps, diagrams and tables show.
An unknown organisation or activity kind is kept on import, with a warning.
"""

from __future__ import annotations

from enum import StrEnum


class AreaLevel(StrEnum):
    CITY = "city"
    WARD = "ward"
    DISTRICT = "district"
    NEIGHBOURHOOD = "neighbourhood"


#: coarse → fine; a smaller rank is coarser.
LEVEL_RANK: dict[str, int] = {
    AreaLevel.CITY: 0,
    AreaLevel.WARD: 1,
    AreaLevel.DISTRICT: 2,
    AreaLevel.NEIGHBOURHOOD: 3,
}

LEVEL_JA: dict[str, str] = {"city": "市", "ward": "区", "district": "地区", "neighbourhood": "町内"}


class NetworkKind(StrEnum):
    FIELD = "field"
    AREA = "area"
    THEME = "theme"


NETWORK_KIND_JA: dict[str, str] = {"field": "分野別", "area": "地域別", "theme": "テーマ別"}


class MembershipRole(StrEnum):
    MEMBER = "member"
    SECRETARIAT = "secretariat"
    CHAIR = "chair"


ROLE_JA: dict[str, str] = {"member": "構成員", "secretariat": "事務局", "chair": "代表"}


class ReferralStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CLOSED = "closed"


REFERRAL_STATUS_JA: dict[str, str] = {
    "open": "対応中",
    "accepted": "受入",
    "declined": "不成立",
    "closed": "終結",
}


class TargetGroup(StrEnum):
    CHILDREN = "children"
    YOUTH = "youth"
    FAMILIES = "families"
    ELDERLY = "elderly"
    DISABLED = "disabled"
    WORKING_AGE = "working_age"
    ALL = "all"


TARGET_GROUP_JA: dict[str, str] = {
    "children": "子ども",
    "youth": "若者",
    "families": "子育て家庭",
    "elderly": "高齢者",
    "disabled": "障害のある人",
    "working_age": "働く世代",
    "all": "どなたでも",
}

#: Need ids are fixed; ``needs.csv`` may add needs and relabel them.
NEEDS: dict[str, tuple[str, str]] = {
    "employment": ("就労", "Employment"),
    "household_finance": ("家計", "Household finance"),
    "housing": ("住まい", "Housing"),
    "food": ("食", "Food"),
    "learning": ("学習", "Learning"),
    "childcare": ("子育て", "Childcare"),
    "elder_care": ("介護", "Elder care"),
    "disability": ("障害", "Disability"),
    "health": ("健康", "Health"),
    "isolation": ("孤立・社会参加", "Isolation and social participation"),
    "shopping": ("買い物", "Shopping"),
    "fraud": ("消費者被害・詐欺", "Consumer harm and fraud"),
    "debt": ("債務", "Debt"),
}

ORGANISATION_KINDS: dict[str, str] = {
    "welfare_office": "区生活支援課・自立相談支援機関",
    "social_welfare_council": "社会福祉協議会",
    "community_care_plaza": "地域ケアプラザ",
    "community_support_center": "地域包括支援センター",
    "community_activity_home": "地域活動ホーム",
    "life_support_center": "生活支援センター",
    "childcare_support_base": "地域子育て支援拠点",
    "employment_office": "ハローワーク",
    "school": "学校",
    "nursery": "保育所・幼稚園",
    "care_facility": "介護施設（特養・デイサービス）",
    "medical": "医療機関",
    "company": "企業",
    "npo": "NPO法人",
    "volunteer_group": "ボランティア団体",
    "neighbourhood_association": "自治会町内会",
    "welfare_commissioner": "民生委員・児童委員",
    "public_facility": "公共施設（スポーツセンター等）",
    "other": "その他",
}

ACTIVITY_KINDS: dict[str, str] = {
    "salon": "サロン",
    "place_to_be": "居場所",
    "learning_support": "学習支援",
    "food_support": "食支援・子ども食堂",
    "watching": "見守り",
    "employment_training": "就労体験・職場実習",
    "social_participation": "社会参加",
    "shopping_support": "買い物支援・移動販売",
    "course": "講座",
    "event": "イベント",
    "outreach": "周知・アウトリーチ",
    "other": "その他",
}

#: Which activity kinds commonly host a need: an activity of such a kind held in an area
#: with a gap, that does not yet address the need, is a candidate to extend
#: (a seniors' salon opened to children). Declared once; used by the gap analysis.
NEED_ACTIVITY_KINDS: dict[str, tuple[str, ...]] = {
    "employment": ("employment_training", "course", "social_participation"),
    "household_finance": ("course", "outreach"),
    "housing": ("outreach",),
    "food": ("food_support", "salon", "place_to_be"),
    "learning": ("learning_support", "place_to_be"),
    "childcare": ("place_to_be", "salon", "event", "food_support"),
    "elder_care": ("salon", "watching", "course"),
    "disability": ("place_to_be", "social_participation", "employment_training"),
    "health": ("salon", "course", "event"),
    "isolation": ("salon", "place_to_be", "social_participation", "watching"),
    "shopping": ("shopping_support", "watching"),
    "fraud": ("course", "salon", "outreach", "watching"),
    "debt": ("course", "outreach"),
}


def need_label(need_id: str, lang: str = "ja") -> str:
    """The label of a fixed need (the id itself for a need added by ``needs.csv``)."""
    ja_en = NEEDS.get(need_id)
    if ja_en is None:
        return need_id
    return ja_en[0] if lang == "ja" else ja_en[1]


def kind_label(kind: str | None, lang: str = "ja") -> str:
    """Japanese label of an organisation or activity kind; the id for English or unknown kinds."""
    if kind is None:
        return ""
    if lang != "ja":
        return kind.replace("_", " ")
    return ORGANISATION_KINDS.get(kind) or ACTIVITY_KINDS.get(kind) or kind
