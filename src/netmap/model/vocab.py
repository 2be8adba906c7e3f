"""Vocabularies of DATA_MODEL.md with their Japanese labels.

Ids are fixed by the data contract; Japanese labels are what maps, diagrams and tables show.
Every vocabulary a column of the import draws on is a :class:`Vocabulary` in
:data:`VOCABULARIES` (the template's ``vocabularies`` sheet lists them); its
:class:`CodeIndex` reads what people type into such a column: the code or its Japanese
(or English) label, NFKC-normalised and case-folded (``地域ケアプラザ``, ``Community Care
Plaza`` and ``ｃｏｍｍｕｎｉｔｙ_ｃａｒｅ_ｐｌａｚａ`` all read as ``community_care_plaza``).
Organisation and activity kinds are the only vocabularies an import may extend (its
``kinds`` sheet); any other unknown value is an error.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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


# ----------------------------------------------------------------------------------------
# Vocabularies as the import reads them
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """An allowed-value list: its name (on the template's ``vocabularies`` sheet), what it
    is called, and each code's Japanese and English labels. ``extensible``: an import may
    add codes to it (its ``kinds`` sheet)."""

    name: str
    title_ja: str
    title_en: str
    labels: Mapping[str, tuple[str, str]]
    extensible: bool = False

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def index(self, extra: Mapping[str, tuple[str, str]] | None = None) -> CodeIndex:
        """The :class:`CodeIndex` of this vocabulary (and of ``extra`` codes)."""
        return CodeIndex(self, extra or {})


def _en(code: str) -> str:
    return code.replace("_", " ")


def _vocabulary(
    name: str,
    title_ja: str,
    title_en: str,
    ja: Mapping[str, str],
    en: Mapping[str, str] | None = None,
    *,
    extensible: bool = False,
) -> Vocabulary:
    labels = {c: (ja.get(c, c), (en or {}).get(c) or _en(c)) for c in ja}
    return Vocabulary(name, title_ja, title_en, labels, extensible)


#: Every vocabulary an import column draws on, in the order of the ``vocabularies`` sheet.
VOCABULARIES: dict[str, Vocabulary] = {
    v.name: v
    for v in (
        _vocabulary("level", "地域の階層", "level", LEVEL_JA),
        _vocabulary(
            "organisation_kind",
            "団体の種別",
            "organisation kind",
            ORGANISATION_KINDS,
            extensible=True,
        ),
        _vocabulary("network_kind", "ネットワークの種類", "network kind", NETWORK_KIND_JA),
        _vocabulary("role", "ネットワークでの役割", "role", ROLE_JA),
        _vocabulary(
            "activity_kind", "活動の種別", "activity kind", ACTIVITY_KINDS, extensible=True
        ),
        _vocabulary("target_group", "対象", "target group", TARGET_GROUP_JA),
        _vocabulary("status", "つなぎの状況", "status", REFERRAL_STATUS_JA),
        _vocabulary(
            "need",
            "ニーズ",
            "need",
            {k: v[0] for k, v in NEEDS.items()},
            {k: v[1] for k, v in NEEDS.items()},
        ),
        _vocabulary(
            "vocabulary",
            "追加する語彙",
            "vocabulary",
            {"organisation_kind": "団体の種別", "activity_kind": "活動の種別"},
            {"organisation_kind": "organisation kind", "activity_kind": "activity kind"},
        ),
    )
}

#: What a code added by an import (its ``kinds`` sheet) may look like, once normalised.
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")

_SEPARATORS = re.compile(r"[\s_\-]+")
_PARENTHETICAL = re.compile(r"[（(][^）)]*[）)]")


def code_key(text: str) -> str:
    """How a typed value is compared with codes and labels: NFKC, case-folded, without
    spaces, ``_`` and ``-``.

    >>> code_key(" Community-Care Plaza "), code_key("ｃｏｍｍｕｎｉｔｙ＿ｃａｒｅ＿ｐｌａｚａ")
    ('communitycareplaza', 'communitycareplaza')
    >>> code_key("地域 ケアプラザ")
    '地域ケアプラザ'
    """
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).casefold())


def as_code(text: str) -> str:
    """A code as an import may add it: NFKC, lower case, spaces and ``-`` as ``_``.

    >>> as_code(" Food Bank "), as_code("ｆｏｏｄ-ｂａｎｋ")
    ('food_bank', 'food_bank')
    """
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    return re.sub(r"[\s\-]+", "_", folded)


def label_forms(label: str) -> list[str]:
    """The ways a Japanese label may be written: whole, without its note in parentheses,
    and each part of a ``・`` list (``保育所・幼稚園`` → ``保育所``, ``幼稚園``).

    >>> label_forms("介護施設（特養・デイサービス）")
    ['介護施設（特養・デイサービス）', '介護施設']
    >>> label_forms("食支援・子ども食堂")
    ['食支援・子ども食堂', '食支援', '子ども食堂']
    """
    forms = [label]
    bare = _PARENTHETICAL.sub("", label).strip()
    if bare and bare != label:
        forms.append(bare)
    parts = [p.strip() for p in bare.split("・")] if "・" in bare else []
    forms.extend(p for p in parts if p and p not in forms)
    return forms


@dataclass
class CodeIndex:
    """Reads a vocabulary's codes as people type them (see the module docstring).

    A value is, after :func:`code_key`: a code, a Japanese or English label, or one of the
    :func:`label_forms` of a Japanese label that only one code has. ``extra`` holds codes
    an import added (``{code: (label_ja, label_en)}``).

    >>> idx = VOCABULARIES["organisation_kind"].index()
    >>> idx.resolve("地域ケアプラザ"), idx.resolve("ＮＰＯ法人"), idx.resolve("Employment Office")
    ('community_care_plaza', 'npo', 'employment_office')
    >>> idx.resolve("comunity_care_plaza") is None
    True
    >>> idx.suggest("comunity_care_plaza")
    ['community_care_plaza']
    >>> level, status = VOCABULARIES["level"].index(), VOCABULARIES["status"].index()
    >>> level.resolve("地区"), status.resolve("受入")
    ('district', 'accepted')
    """

    vocabulary: Vocabulary
    extra: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.labels: dict[str, tuple[str, str]] = {**self.vocabulary.labels, **self.extra}
        strong: dict[str, str] = {}
        weak: dict[str, set[str]] = {}
        # a relabelled code is read by its old label too (the vocabulary's come first)
        for code, (ja, en) in [*self.vocabulary.labels.items(), *self.extra.items()]:
            for text in (code, ja, en):
                if text:
                    strong.setdefault(code_key(text), code)
            for form in label_forms(ja)[1:]:
                weak.setdefault(code_key(form), set()).add(code)
        for key, codes in weak.items():
            if key not in strong and len(codes) == 1:
                strong[key] = next(iter(codes))
        self._keys = strong

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def resolve(self, text: str) -> str | None:
        """The code ``text`` names, or ``None``."""
        if text in self.labels:
            return text
        return self._keys.get(code_key(text))

    def suggest(self, text: str, n: int = 3, cutoff: float = 0.7) -> list[str]:
        """The codes closest to ``text`` (by code and label), best first."""
        key = code_key(text)
        if not key:
            return []
        out: list[str] = []
        for match in difflib.get_close_matches(key, list(self._keys), n=n * 3, cutoff=cutoff):
            code = self._keys[match]
            if code not in out:
                out.append(code)
        return out[:n]

    def describe(self, code: str, lang: str = "ja") -> str:
        """``community_care_plaza（地域ケアプラザ）`` (the code with its label)."""
        ja, en = self.labels.get(code, (code, code))
        label = ja if lang == "ja" else en
        if not label or label == code or label == _en(code):
            return code
        return f"{code}（{label}）" if lang == "ja" else f"{code} ({label})"

    def listing(self, lang: str = "ja", codes: Iterable[str] | None = None) -> str:
        """The codes with their labels, for a message."""
        sep = "、" if lang == "ja" else ", "
        return sep.join(self.describe(c, lang) for c in (codes or self.codes))
