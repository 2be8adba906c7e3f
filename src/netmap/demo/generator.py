"""Deterministic synthetic demo data modelled on Yokohama's plan for supporting people in
financial hardship (お互いに支え合える地域づくり).

:func:`generate` writes a CSV folder in the DATA_MODEL.md import format (UTF-8, ``;`` lists)
and returns a :class:`DemoManifest` whose ``planted`` part lists what an analyst should
find: gaps, under-supplied pairs, isolated districts, bridge organisations, missing
bridges and one-way organisations. Every row is synthetic (``source`` says so); the ward
names are real, district names are real-sounding or invented, organisation names are
invented (some plausible) and no row describes a real person, organisation or case.

Same arguments → byte-identical files: one ``random.Random(seed)``, no set iteration
without sorting, no clock.

Command line (for benchmarks)::

    python -m netmap.demo.generator --scale 1 --output /tmp/demo1
    python -m netmap.demo.generator --write-planted     # refresh planted.json (demo scale)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import math
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from netmap.demo import AS_OF, DEMO_SCALE, DEMO_SEED, places
from netmap.demo.reckon import (
    Reckoning,
    activities_per_district,
    reckon,
    residents_per_district,
)
from netmap.demo.records import (
    FILE_COLUMNS,
    SOURCE,
    Activity,
    Area,
    Dataset,
    Membership,
    Network,
    Org,
    Participation,
    Partnership,
    Referral,
    Resident,
    row_cells,
)
from netmap.model.vocab import NEEDS

__all__ = ["AS_OF", "DEMO_SCALE", "DEMO_SEED", "DemoManifest", "generate", "main"]

#: Referral dates span the plan's period.
REFERRAL_START = dt.date(2024, 4, 1)
REFERRAL_END = dt.date(2026, 11, 30)
CLOSED_ON = "2025-09-30"
NEW_NETWORK_FROM = "2025-06-01"
#: Dates for the ``as_of`` checks: before the closure / network start, and the reference.
BEFORE_CLOSURE = "2025-06-01"
BEFORE_NEW_NETWORK = "2025-01-01"

PLANTED_PATH = Path(__file__).with_name("planted.json")
FILES = (
    "areas.csv",
    "organisations.csv",
    "networks.csv",
    "memberships.csv",
    "partnerships.csv",
    "activities.csv",
    "residents.csv",
    "participations.csv",
    "referrals.csv",
    "needs.csv",
)

T = TypeVar("T")

# ----------------------------------------------------------------------------------------
# Vocabulary-shaped tables
# ----------------------------------------------------------------------------------------

ALL_NEEDS: tuple[str, ...] = tuple(NEEDS)

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

NPO_THEMES: dict[str, tuple[str, list[str], tuple[str, ...]]] = {
    # theme: (name word, sectors, provides)
    "child": ("こども", ["子ども・子育て", "教育"], ("learning", "food", "childcare")),
    "work": ("しごと", ["就労", "福祉"], ("employment", "isolation", "household_finance")),
    "disability": ("ともいき", ["障害", "就労"], ("disability", "employment")),
    "elder": ("いきいき", ["高齢", "地域"], ("elder_care", "isolation", "shopping")),
    "housing": ("すまい", ["住まい", "福祉"], ("housing", "debt", "household_finance")),
    "food": ("フード", ["食", "地域"], ("food", "isolation")),
}

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

AGE_BANDS: tuple[tuple[str, float], ...] = (
    ("0-14", 0.12),
    ("15-24", 0.10),
    ("25-39", 0.14),
    ("40-64", 0.32),
    ("65-74", 0.14),
    ("75+", 0.18),
)

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
    names: tuple[str, ...]  # {p} place name, {w} pool word
    needs: tuple[tuple[str, ...], ...]  # alternatives: each a needs list
    targets: tuple[tuple[str, ...], ...]
    runners: tuple[str, ...]
    capacity: tuple[int, int] | None


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

#: The ward employment office that serves each ward (others: ハローワーク横浜).
HELLO_WORK: dict[str, str] = {
    "kohoku": "org-hw-kohoku",
    "tsuzuki": "org-hw-kohoku",
    "aoba": "org-hw-kohoku",
    "midori": "org-hw-kohoku",
    "totsuka": "org-hw-totsuka",
    "sakae": "org-hw-totsuka",
    "izumi": "org-hw-totsuka",
    "seya": "org-hw-totsuka",
}

KANJI_NUM = ("", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九")


# ----------------------------------------------------------------------------------------
# The manifest
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoManifest:
    """What :func:`generate` wrote and what it planted.

    ``planted`` is the JSON object stored as ``planted.json`` for the demo scale and seed.
    """

    output_dir: Path
    scale: float
    seed: int
    files: dict[str, int]  # file name → data rows
    planted: dict[str, Any] = field(repr=False)

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.planted["counts"])


# ----------------------------------------------------------------------------------------
# The builder
# ----------------------------------------------------------------------------------------


def _d(day: dt.date) -> str:
    return day.isoformat()


class _Builder:
    def __init__(self, scale: float, seed: int) -> None:
        if not (scale > 0 and math.isfinite(scale)):
            raise ValueError(f"scale must be a positive number, got {scale!r}")
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.ds = Dataset()
        # areas
        self.area: dict[str, Area] = {}
        self.ward_ids: list[str] = []
        self.ward_key: dict[str, str] = {}
        self.districts_of_ward: dict[str, list[str]] = defaultdict(list)
        self.hoods_of_district: dict[str, list[str]] = defaultdict(list)
        self.district_of: dict[str, str | None] = {}
        self.ward_of: dict[str, str | None] = {}
        # organisations
        self.org: dict[str, Org] = {}
        self.orgs_in_district: dict[str, list[str]] = defaultdict(list)
        self.orgs_in_ward: dict[str, list[str]] = defaultdict(list)  # incl. districts
        self.kind_in_ward: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.npo_theme: dict[str, str] = {}
        self.welfare: dict[str, str] = {}
        self.council: dict[str, str] = {}
        self.plaza_of: dict[str, str] = {}  # district → plaza
        self.houkatsu_of: dict[str, str] = {}
        self.plaza_districts: dict[str, list[str]] = {}
        self.minsei: dict[str, str] = {}
        self.rengo: dict[str, str] = {}
        self.used_names: set[str] = set()
        self.counters: dict[str, int] = defaultdict(int)
        # constraints (planted structure)
        self.no_tie: set[str] = set()  # organisations with no tie at all (isolated district)
        self.island_bridge: dict[str, str] = {}  # island member → its only outside contact
        self.apart: dict[str, str] = {}  # org → side ("D"/"K") of the missing bridge
        self.out_only: set[str] = set()
        self.in_only: set[str] = set()
        self.closed: set[str] = set()
        self.no_member: set[str] = set()  # never in a network
        self.blocked: set[tuple[str, str]] = set()  # (district, need) with no supply
        self.no_activity_districts: set[str] = set()
        self.no_fill_districts: set[str] = set()
        self.planted_supply_ok: set[str] = set()  # records allowed to supply blocked pairs
        # networks
        self.net: dict[str, Network] = {}
        self.member_keys: set[tuple[str, str]] = set()
        self.partner_keys: set[tuple[str, str, str]] = set()
        # activities, residents
        self.act: dict[str, Activity] = {}
        self.acts_in_district: dict[str, list[str]] = defaultdict(list)
        self.acts_in_ward: dict[str, list[str]] = defaultdict(list)
        self.residents_in_district: dict[str, list[Resident]] = defaultdict(list)
        self.residents_in_ward: dict[str, list[Resident]] = defaultdict(list)
        self.entrances: dict[str, list[str]] = {}
        self.need_tables: dict[
            tuple[str, tuple[str, ...] | None], tuple[list[str], list[float]]
        ] = {}
        self.notes: dict[str, Any] = {}
        self.repairs: dict[str, int] = defaultdict(int)

    # -- small helpers -------------------------------------------------------------------

    def pick(self, seq: Sequence[T]) -> T:
        return seq[self.rng.randrange(len(seq))]

    def sample(self, seq: Sequence[T], k: int) -> list[T]:
        return self.rng.sample(list(seq), min(k, len(seq)))

    def day(self, start: dt.date, end: dt.date) -> str:
        return _d(start + dt.timedelta(days=self.rng.randrange((end - start).days + 1)))

    def verified(self) -> str:
        if self.rng.random() < 0.03:  # stale records: last confirmed long ago
            return self.day(dt.date(2022, 4, 1), dt.date(2023, 9, 30))
        return self.day(dt.date(2025, 4, 1), dt.date(2026, 11, 30))

    def unique_name(self, name: str) -> str:
        if name not in self.used_names:
            self.used_names.add(name)
            return name
        i = 1
        while True:  # terminates: each round tries a new suffix
            cand = f"{name}（{KANJI_NUM[i] if i < len(KANJI_NUM) else str(i + 1)}）"
            if cand not in self.used_names:
                self.used_names.add(cand)
                return cand
            i += 1

    def first_free(self, names: Sequence[str]) -> str:
        """The first name not used yet (the last one, made unique, when all are)."""
        for n in names:
            if n not in self.used_names:
                return n
        return names[-1]

    def next_id(self, prefix: str) -> str:
        self.counters[prefix] += 1
        return f"{prefix}-{self.counters[prefix]:03d}"

    def wk(self, ward: str) -> str:
        return self.ward_key[ward]

    def dname(self, area_id: str) -> str:
        return self.area[area_id].name

    def district_id(self, ward_key: str, district_key: str) -> str:
        return f"{ward_key}-{district_key}"

    # -- areas ---------------------------------------------------------------------------

    def build_areas(self) -> None:
        rng = self.rng
        total_pop = sum(w.population for w in places.WARDS)
        city = Area(places.CITY_ID, places.CITY_NAME, "city", None, total_pop, self.verified())
        self._add_area(city)
        frac = min(1.0, math.sqrt(self.scale))
        for spec in places.WARDS:
            ward = Area(spec.key, spec.name, "ward", city.id, spec.population, self.verified())
            self._add_area(ward)
            self.ward_ids.append(ward.id)
            self.ward_key[ward.id] = spec.key
            n = max(3, spec.always, round(len(spec.districts) * frac))
            chosen = spec.districts[:n]
            weights = [
                rng.uniform(0.6, 1.4) * (0.35 if dkey == "wakabadai" else 1.0) for dkey, _ in chosen
            ]
            wsum = sum(weights)
            for (dkey, dja), wt in zip(chosen, weights, strict=True):
                pop = int(spec.population * wt / wsum)
                did = self.district_id(spec.key, dkey)
                self._add_area(Area(did, f"{dja}地区", "district", ward.id, pop, self.verified()))
                self.districts_of_ward[ward.id].append(did)
                n_hoods = 0
                if self.scale >= 1:
                    n_hoods = rng.randint(2, 4)
                elif did in ("tsurumi-ushioda", "midori-tokaichiba"):
                    n_hoods = 3 if did == "tsurumi-ushioda" else 2
                if n_hoods:
                    suffixes = places.NEIGHBOURHOOD_SUFFIXES[:n_hoods]
                    hw = [rng.uniform(0.5, 1.5) for _ in suffixes]
                    hsum = sum(hw)
                    for i, (suf, h) in enumerate(zip(suffixes, hw, strict=True), start=1):
                        hid = f"{did}-n{i}"
                        self._add_area(
                            Area(hid, f"{dja}{suf}", "neighbourhood", did, int(pop * h / hsum))
                        )
                        self.area[hid].verified_on = self.verified()
                        self.hoods_of_district[did].append(hid)

    def _add_area(self, a: Area) -> None:
        self.ds.areas.append(a)
        self.area[a.id] = a
        if a.level == "city":
            self.district_of[a.id] = None
            self.ward_of[a.id] = None
        elif a.level == "ward":
            self.district_of[a.id] = None
            self.ward_of[a.id] = a.id
        elif a.level == "district":
            self.district_of[a.id] = a.id
            self.ward_of[a.id] = a.parent_id
        else:
            assert a.parent_id is not None
            self.district_of[a.id] = a.parent_id
            self.ward_of[a.id] = self.ward_of[a.parent_id]

    def all_districts(self) -> list[str]:
        return [d for w in self.ward_ids for d in self.districts_of_ward[w]]

    def spot(self, district: str, p_hood: float = 0.5) -> str:
        """The district, or one of its neighbourhoods (a finer location)."""
        hoods = self.hoods_of_district.get(district)
        if hoods and self.rng.random() < p_hood:
            return self.pick(hoods)
        return district

    # -- organisations -------------------------------------------------------------------

    def add_org(
        self,
        oid: str,
        name: str,
        kind: str,
        area_id: str,
        *,
        provides: Iterable[str] | None = None,
        sectors: list[str] | None = None,
        valid_from: str | None = None,
        valid_to: str | None = None,
        exact_name: bool = False,
    ) -> str:
        if oid in self.org:
            raise RuntimeError(f"duplicate organisation id {oid}")
        if provides is None:
            always, sometimes = KIND_PROVIDES.get(kind, ((), ()))
            provides = list(always) + [n for n in sometimes if self.rng.random() < 0.5]
        district = self.district_of[area_id]
        prov = [
            n
            for n in dict.fromkeys(provides)
            if district is None
            or (district, n) not in self.blocked
            or oid in self.planted_supply_ok
        ]
        org = Org(
            id=oid,
            name=name if exact_name else self.unique_name(name),
            kind=kind,
            area_id=area_id,
            sectors=list(sectors if sectors is not None else SECTORS.get(kind, ["その他"])),
            provides=prov,
            valid_from=valid_from,
            valid_to=valid_to,
            verified_on=self.verified(),
        )
        if exact_name:
            self.used_names.add(name)
        self.ds.orgs.append(org)
        self.org[oid] = org
        ward = self.ward_of[area_id]
        if district is not None:
            self.orgs_in_district[district].append(oid)
        if ward is not None:
            self.orgs_in_ward[ward].append(oid)
            self.kind_in_ward[(ward, kind)].append(oid)
        return oid

    def plant_constraints(self) -> None:
        """Which (district, need) pairs may have no supply, which districts no activity."""
        for d, need in (
            ("konan-noba", "learning"),
            ("minami-mutsukawa", "food"),
            ("hodogaya-iwama", "food"),
            ("tsurumi-ushioda", "household_finance"),
            ("kohoku-nippa", "employment"),
        ):
            self.blocked.add((d, need))
        for need in ALL_NEEDS:
            self.blocked.add(("asahi-wakabadai", need))
        self.no_activity_districts = {"asahi-wakabadai", "kohoku-tarumachi"}
        self.no_fill_districts = {"asahi-wakabadai"}

    def build_orgs(self) -> None:
        rng = self.rng
        total_pop = sum(self.area[w].population or 0 for w in self.ward_ids)
        # city level: the employment office that only receives (planted one-way)
        self.add_org(
            "org-hw-yokohama",
            "ハローワーク横浜",
            "employment_office",
            places.CITY_ID,
            provides=["employment"],
            exact_name=True,
        )
        self.in_only.add("org-hw-yokohama")
        self.add_org(
            "org-yokohama-shakyo",
            "横浜市社会福祉協議会",
            "social_welfare_council",
            places.CITY_ID,
            provides=["household_finance", "debt"],
            exact_name=True,
        )
        for ward in self.ward_ids:
            wk = self.wk(ward)
            wja = self.area[ward].name
            self.welfare[ward] = self.add_org(
                f"org-{wk}-welfare", f"{wja}生活支援課", "welfare_office", ward
            )
            self.council[ward] = self.add_org(
                f"org-{wk}-shakyo", f"{wja}社会福祉協議会", "social_welfare_council", ward
            )
            if wk in ("kohoku", "totsuka"):
                self.add_org(
                    f"org-hw-{wk}",
                    f"ハローワーク{wja.removesuffix('区')}",
                    "employment_office",
                    ward,
                    provides=["employment"],
                )
            districts = self.districts_of_ward[ward]
            for d in districts:
                dja = self.dname(d).removesuffix("地区")
                dk = d.split("-", 1)[1]
                self.minsei[d] = self.add_org(
                    f"org-{wk}-minsei-{dk}",
                    f"{dja}地区民生委員児童委員協議会",
                    "welfare_commissioner",
                    d,
                )
                self.rengo[d] = self.add_org(
                    f"org-{wk}-rengo-{dk}", f"{dja}地区連合自治会", "neighbourhood_association", d
                )
                for h in self.hoods_of_district.get(d, []):
                    self.add_org(
                        f"org-{wk}-jichikai-{h.split('-', 1)[1]}",
                        f"{self.dname(h)}自治会",
                        "neighbourhood_association",
                        h,
                    )
            self._build_plazas(ward)
            # one-per-ward facilities
            eligible = [
                d for d in districts if d not in ("asahi-wakabadai", "naka-mugita")
            ]  # not in the isolated districts
            n_homes = 2 if self.scale >= 0.5 or wk in ("kanazawa", "seya") else 1
            for i in range(n_homes):
                word = self.pick(places.POOL)
                self.add_org(
                    f"org-{wk}-ahome-{i + 1}",
                    f"{wja}地域活動ホーム「{word}」",
                    "community_activity_home",
                    self.pick(eligible),
                )
            self.add_org(
                f"org-{wk}-lsc",
                f"{wja}生活支援センター",
                "life_support_center",
                self.pick(eligible),
            )
            self.add_org(
                f"org-{wk}-kosodate",
                f"{wja}地域子育て支援拠点「{self.pick(places.POOL)}」",
                "childcare_support_base",
                self.pick(eligible),
            )
            # freely scaling kinds
            share = (self.area[ward].population or 0) / total_pop
            flex_districts = [d for d in districts if d != "asahi-wakabadai"]
            dweights = [self.area[d].population or 1 for d in flex_districts]
            for kind, base in FLEX_KINDS.items():
                n = max(1, round(base * self.scale * share))
                for _ in range(n):
                    d = rng.choices(flex_districts, weights=dweights)[0]
                    self._add_flex(ward, kind, d)
        self._add_named_orgs()

    def _build_plazas(self, ward: str) -> None:
        wk = self.wk(ward)
        districts = self.districts_of_ward[ward]
        cannot_host = {"asahi-wakabadai", "naka-mugita"}
        groups: list[list[str]] = []
        i = 0
        while i < len(districts):
            if wk != "midori" and i + 1 < len(districts) and self.rng.random() < 0.5:
                groups.append(districts[i : i + 2])
                i += 2
            else:
                groups.append([districts[i]])
                i += 1
        merged: list[list[str]] = []
        for g in groups:
            if all(d in cannot_host for d in g) and merged:
                merged[-1].extend(g)
                continue
            merged.append(g)
        if all(d in cannot_host for d in merged[0]) and len(merged) > 1:
            merged[1] = merged[0] + merged[1]
            merged.pop(0)
        for g in merged:
            host = next(d for d in g if d not in cannot_host)
            dja = self.dname(host).removesuffix("地区")
            dk = host.split("-", 1)[1]
            plaza = self.add_org(
                f"org-{wk}-plaza-{dk}", f"{dja}地域ケアプラザ", "community_care_plaza", host
            )
            houkatsu = self.add_org(
                f"org-{wk}-houkatsu-{dk}",
                f"{dja}地域包括支援センター",
                "community_support_center",
                host,
            )
            self.plaza_districts[plaza] = list(g)
            for d in g:
                self.plaza_of[d] = plaza
                self.houkatsu_of[d] = houkatsu

    def _add_flex(self, ward: str, kind: str, district: str) -> str:
        rng = self.rng
        wk = self.wk(ward)
        dja = self.dname(district).removesuffix("地区")
        where = self.spot(district, 0.5)
        oid = self.next_id(f"org-{wk}-{kind.replace('_', '')}")
        word = self.pick(places.POOL)
        if kind == "school":
            level = "小学校" if rng.random() < 0.65 else "中学校"
            names = [f"横浜市立{dja}{m}{level}" for m in ("", "東", "西", "南", "北", "台", "第二")]
            return self.add_org(oid, self.first_free(names), kind, where)
        if kind == "nursery":
            return self.add_org(oid, f"{word}保育園", kind, where)
        if kind == "care_facility":
            form = self.pick(("特別養護老人ホーム ", "デイサービス ", "グループホーム "))
            return self.add_org(oid, f"{form}{dja}{word}苑", kind, where)
        if kind == "medical":
            return self.add_org(oid, f"{dja}{word}{self.pick(places.MEDICAL_WORDS)}", kind, where)
        if kind == "company":
            cw = self.pick(places.COMPANY_WORDS)
            names = [f"株式会社{word}{cw}", f"{dja}{cw}株式会社", f"株式会社{dja}{word}{cw}"]
            return self.add_org(oid, self.first_free(names), kind, where)
        if kind == "npo":
            theme = self.pick(tuple(NPO_THEMES))
            tword, sectors, prov = NPO_THEMES[theme]
            provides = [n for n in prov if rng.random() < 0.75] or [prov[0]]
            name = f"NPO法人{word}{tword}{self.pick(places.NPO_SUFFIXES)}"
            self.npo_theme[oid] = theme
            return self.add_org(oid, name, kind, where, provides=provides, sectors=list(sectors))
        if kind == "volunteer_group":
            vword = self.pick(tuple(VOLUNTEER_THEMES))
            name = f"{dja}{vword}ボランティア{self.pick(('の会', 'グループ', 'ネット'))}"
            sectors = ["地域", "福祉"]
            return self.add_org(
                oid, name, kind, where, provides=list(VOLUNTEER_THEMES[vword]), sectors=sectors
            )
        if kind == "public_facility":
            form = self.pick(("地区センター", "コミュニティハウス", "スポーツセンター"))
            return self.add_org(oid, f"{dja}{form}", kind, where)
        return self.add_org(oid, f"{dja}{word}", kind, where)

    def _add_named_orgs(self) -> None:
        # 磯子区: social-participation placements at companies and a care facility
        self.add_org(
            "org-isogo-placement-logistics",
            "株式会社いそご物流センター",
            "company",
            "isogo-sugita",
            provides=["employment"],
        )
        self.in_only.add("org-isogo-placement-logistics")
        self.add_org(
            "org-isogo-placement-farm",
            "磯子グリーン農園株式会社",
            "company",
            "isogo-isogo",
            provides=["employment"],
        )
        self.add_org(
            "org-isogo-placement-care",
            "特別養護老人ホーム 磯子やまびこ苑",
            "care_facility",
            "isogo-isogo",
            provides=["elder_care", "employment"],
        )
        # 神奈川区: 羽沢プロジェクト
        self.add_org(
            "org-kanagawa-hazawa-project",
            "羽沢プロジェクト実行委員会",
            "volunteer_group",
            "kanagawa-hazawa",
            provides=["food", "isolation", "learning"],
            sectors=["地域", "子ども・子育て"],
        )
        # 港南区: the learning NPO next door to the learning gap
        self.add_org(
            "org-konan-learning-npo",
            "NPO法人こうなん学びサポート",
            "npo",
            "konan-konandai",
            provides=["learning"],
            sectors=["教育", "子ども・子育て"],
        )
        # 保土ケ谷区: a children's cafeteria that closed in 2025 (as_of matters)
        self.planted_supply_ok.add("org-hodogaya-iwama-shokudo")
        self.add_org(
            "org-hodogaya-iwama-shokudo",
            "NPO法人いわま子ども食堂の会",
            "npo",
            "hodogaya-iwama",
            provides=["food"],
            sectors=["食", "子ども・子育て"],
            valid_from="2019-06-01",
            valid_to=CLOSED_ON,
        )
        self.closed.add("org-hodogaya-iwama-shokudo")
        self.add_org(
            "org-hodogaya-hoshikawa-pantry",
            "NPO法人ほしかわフードパントリー",
            "npo",
            "hodogaya-hoshikawa",
            provides=["food"],
            sectors=["食", "地域"],
        )
        # 港北区 新羽: the only local employer providing employment (under-supplied)
        self.planted_supply_ok.add("org-kohoku-nippa-factory")
        self.add_org(
            "org-kohoku-nippa-factory",
            "新羽精密工業株式会社",
            "company",
            "kohoku-nippa",
            provides=["employment"],
        )
        # 青葉区: a hospital's social-work office that refers out and never receives
        self.add_org(
            "org-aoba-hospital",
            "あおば総合病院 医療福祉相談室",
            "medical",
            "aoba-aobadai",
            provides=["health"],
        )
        self.out_only.update({"org-aoba-hospital", "org-asahi-minsei-futamatagawa"})
        # the missing bridge (瀬谷区) and the island networks (泉区, 金沢区) get a named NPO
        self.add_org(
            "org-seya-disability-npo",
            "NPO法人せや障害者支援ネット",
            "npo",
            "seya-seya",
            provides=["disability", "employment"],
            sectors=["障害", "就労"],
        )
        self.npo_theme["org-seya-disability-npo"] = "disability"
        self.add_org(
            "org-seya-child-npo",
            "NPO法人せや子育てひろば",
            "npo",
            self.districts_of_ward["seya"][1],
            provides=["childcare"],
            sectors=["子ども・子育て"],
        )
        self.npo_theme["org-seya-child-npo"] = "child"
        self.add_org(
            "org-izumi-child-npo",
            "NPO法人いずみ子育てネット",
            "npo",
            self.districts_of_ward["izumi"][0],
            provides=["childcare", "learning"],
            sectors=["子ども・子育て"],
        )
        self.npo_theme["org-izumi-child-npo"] = "child"
        self.add_org(
            "org-kanazawa-disability-npo",
            "NPO法人かなざわ障害者自立支援ネット",
            "npo",
            "kanazawa-mutsuura",
            provides=["disability", "employment"],
            sectors=["障害", "就労"],
        )
        self.npo_theme["org-kanazawa-disability-npo"] = "disability"
        # 鶴見区: a food bank NPO for the theme network that started in 2025
        self.add_org(
            "org-tsurumi-foodbank",
            "NPO法人つるみフードバンク",
            "npo",
            "tsurumi-tsurumichuo",
            provides=["food"],
            sectors=["食", "地域"],
            valid_from="2025-04-01",
        )
        self.npo_theme["org-tsurumi-foodbank"] = "food"
        # 栄区: a new NPO opened in 2025 (as_of matters)
        self.add_org(
            "org-sakae-new-npo",
            "NPO法人さかえ暮らしサポート",
            "npo",
            "sakae-kosugaya",
            provides=["household_finance", "debt"],
            sectors=["福祉", "住まい"],
            valid_from="2025-10-01",
        )
        self.npo_theme["org-sakae-new-npo"] = "housing"
        # every organisation located in the fully isolated district has no tie at all
        self.no_tie = set(self.orgs_in_district["asahi-wakabadai"])
        for o in self.no_tie:
            self.org[o].provides = []
        self.no_member = self.no_tie | set(self.orgs_in_district["naka-mugita"]) | self.closed

    # -- tie rules -----------------------------------------------------------------------

    def allowed(self, a: str, b: str) -> bool:
        """May ``a`` and ``b`` be tied (partnership, referral, or shared network)?"""
        if a == b or a in self.no_tie or b in self.no_tie:
            return False
        if a in self.closed or b in self.closed:
            return False
        ia, ib = self.island_bridge.get(a), self.island_bridge.get(b)
        if ia is not None and not (ib == ia or b == ia):
            return False
        if ib is not None and not (ia == ib or a == ib):
            return False
        sa, sb = self.apart.get(a), self.apart.get(b)
        return not (sa is not None and sb is not None and sa != sb)

    # -- networks ------------------------------------------------------------------------

    def add_network(
        self,
        nid: str,
        name: str,
        kind: str,
        covers: list[str],
        members: list[tuple[str, str]],
        *,
        valid_from: str | None = None,
    ) -> str:
        net = Network(nid, name, kind, covers, valid_from=valid_from, verified_on=self.verified())
        self.ds.networks.append(net)
        self.net[nid] = net
        for oid, role in members:
            self.add_member(oid, nid, role, valid_from=valid_from)
        return nid

    def add_member(
        self,
        oid: str,
        nid: str,
        role: str,
        *,
        valid_from: str | None = None,
        valid_to: str | None = None,
    ) -> None:
        if (oid, nid) in self.member_keys:
            return
        self.member_keys.add((oid, nid))
        self.ds.memberships.append(
            Membership(oid, nid, role, valid_from, valid_to, verified_on=self.verified())
        )

    def kinds(self, ward: str, kind: str, *, exclude: set[str] | None = None) -> list[str]:
        ex = exclude or set()
        return [
            o
            for o in self.kind_in_ward[(ward, kind)]
            if o not in ex
            and o not in self.no_member
            and o not in self.island_bridge
            and o not in self.apart
        ]

    def build_networks(self) -> None:
        # the planted special sets first, so every other network can avoid them
        izumi, kanazawa, seya = "izumi", "kanazawa", "seya"
        izumi_island = (
            self.kind_in_ward[(izumi, "childcare_support_base")][:1]
            + self.kind_in_ward[(izumi, "nursery")][:3]
            + ["org-izumi-child-npo"]
        )
        for o in izumi_island:
            self.island_bridge[o] = self.council[izumi]
        tomioka_plaza = self.plaza_of["kanazawa-tomioka"]
        kanazawa_island = (
            self.kind_in_ward[(kanazawa, "community_activity_home")]
            + self.kind_in_ward[(kanazawa, "life_support_center")]
            + ["org-kanazawa-disability-npo"]
        )
        for o in kanazawa_island:
            self.island_bridge[o] = tomioka_plaza
        seya_d = (
            self.kind_in_ward[(seya, "community_activity_home")]
            + self.kind_in_ward[(seya, "life_support_center")]
            + ["org-seya-disability-npo"]
        )
        seya_k = (
            self.kind_in_ward[(seya, "childcare_support_base")]
            + self.kind_in_ward[(seya, "nursery")][:3]
            + ["org-seya-child-npo"]
        )
        for o in seya_d:
            self.apart[o] = "D"
        for o in seya_k:
            self.apart[o] = "K"
        self.notes["izumi_island"] = izumi_island
        self.notes["kanazawa_island"] = kanazawa_island
        self.notes["seya_d"] = seya_d
        self.notes["seya_k"] = seya_k

        for ward in self.ward_ids:
            wk = self.wk(ward)
            wja = self.area[ward].name
            wo, sc = self.welfare[ward], self.council[ward]
            plazas = sorted(set(self.plaza_of[d] for d in self.districts_of_ward[ward]))
            plazas = [p for p in plazas if p not in self.no_member]
            houkatsu = sorted(set(self.houkatsu_of[d] for d in self.districts_of_ward[ward]))
            houkatsu = [h for h in houkatsu if h not in self.no_member]
            # 地域ケア会議
            care = [(wo, "chair"), (sc, "secretariat")]
            care += [(p, "member") for p in plazas + houkatsu]
            care += [(o, "member") for o in self.sample(self.kinds(ward, "medical"), 3)]
            care += [(o, "member") for o in self.sample(self.kinds(ward, "care_facility"), 3)]
            minsei = [self.minsei[d] for d in self.districts_of_ward[ward]]
            minsei = [m for m in minsei if m not in self.no_member and m not in self.out_only]
            care += [(o, "member") for o in self.sample(minsei, 3)]
            self.add_network(f"net-{wk}-care", f"{wja}地域ケア会議", "field", [ward], care)
            # 障害者地域自立支援協議会
            if ward == kanazawa:
                jiritsu = [(o, "member") for o in kanazawa_island]
                jiritsu[0] = (jiritsu[0][0], "chair")
                jiritsu.append((tomioka_plaza, "secretariat"))
            elif ward == seya:
                jiritsu = [(o, "member") for o in seya_d]
                jiritsu[0] = (jiritsu[0][0], "chair")
            else:
                jiritsu = [(wo, "chair"), (sc, "member")]
                homes = self.kinds(ward, "community_activity_home")
                jiritsu += [(o, "secretariat" if i == 0 else "member") for i, o in enumerate(homes)]
                jiritsu += [(o, "member") for o in self.kinds(ward, "life_support_center")]
                dnpos = [
                    o for o in self.kinds(ward, "npo") if self.npo_theme.get(o) == "disability"
                ]
                jiritsu += [(o, "member") for o in dnpos]
                jiritsu += [
                    (o, "member") for o in self.sample(self.kinds(ward, "care_facility"), 2)
                ]
                jiritsu += [(o, "member") for o in self.sample(self.kinds(ward, "company"), 2)]
            self.add_network(
                f"net-{wk}-jiritsu", f"{wja}障害者地域自立支援協議会", "field", [ward], jiritsu
            )
            # 子育て支援ネットワーク
            if ward == izumi:
                kosodate = [(sc, "chair")] + [(o, "member") for o in izumi_island]
                kosodate[1] = (kosodate[1][0], "secretariat")
            elif ward == seya:
                kosodate = [(o, "member") for o in seya_k]
                kosodate[0] = (kosodate[0][0], "chair")
            else:
                kosodate = [(wo, "chair"), (sc, "member")]
                kosodate += [(o, "secretariat") for o in self.kinds(ward, "childcare_support_base")]
                kosodate += [(o, "member") for o in self.sample(self.kinds(ward, "nursery"), 4)]
                kosodate += [(o, "member") for o in self.sample(self.kinds(ward, "school"), 3)]
                cnpos = [o for o in self.kinds(ward, "npo") if self.npo_theme.get(o) == "child"]
                kosodate += [(o, "member") for o in cnpos]
                kosodate += [(o, "member") for o in self.sample(minsei, 2)]
            self.add_network(
                f"net-{wk}-kosodate", f"{wja}子育て支援ネットワーク", "field", [ward], kosodate
            )
            # 防災 (theme)
            bousai = [(wo, "chair"), (sc, "secretariat")]
            rengo = [self.rengo[d] for d in self.districts_of_ward[ward]]
            bousai += [(o, "member") for o in rengo if o not in self.no_member]
            bousai += [(o, "member") for o in self.kinds(ward, "public_facility")]
            bousai += [(o, "member") for o in self.sample(plazas, 2)]
            if ward == kanazawa and (tomioka_plaza, "member") not in bousai:
                bousai.append((tomioka_plaza, "member"))
            bousai += [(o, "member") for o in self.sample(self.kinds(ward, "company"), 2)]
            self.add_network(f"net-{wk}-bousai", f"{wja}防災ネットワーク", "theme", [ward], bousai)
            # 地区別支援チーム, one per district federation
            for d in self.districts_of_ward[ward]:
                if d in self.no_fill_districts:  # the fully isolated district has none
                    continue
                team: list[tuple[str, str]] = []
                m = self.minsei[d]
                if m not in self.no_member:
                    team.append((m, "chair"))
                r = self.rengo[d]
                if r not in self.no_member:
                    team.append((r, "member"))
                wo_role = "member" if team else "chair"
                team += [(self.plaza_of[d], "member"), (self.houkatsu_of[d], "member")]
                team += [(sc, "secretariat"), (wo, wo_role)]
                schools = [
                    o
                    for o in self.orgs_in_district[d]
                    if self.org[o].kind == "school" and o not in self.no_member
                ]
                team += [(o, "member") for o in schools[:1]]
                dja = self.dname(d).removesuffix("地区")
                self.add_network(
                    f"net-{wk}-team-{d.split('-', 1)[1]}",
                    f"{dja}地区別支援チーム",
                    "area",
                    [d],
                    team,
                )
        # the closed cafeteria sat on 岩間's team until it closed
        self.add_member(
            "org-hodogaya-iwama-shokudo",
            "net-hodogaya-team-iwama",
            "member",
            valid_from="2019-06-01",
            valid_to=CLOSED_ON,
        )
        # 鶴見区: a food theme network started in 2025
        ts = "tsurumi"
        food_members = [(self.council[ts], "secretariat"), (self.welfare[ts], "member")]
        food_members.append(("org-tsurumi-foodbank", "chair"))
        food_members += [
            (o, "member")
            for o in self.kinds(ts, "npo")
            if self.npo_theme.get(o) in ("food", "child") and o != "org-tsurumi-foodbank"
        ][:3]
        food_members += [
            (o, "member")
            for o in self.kinds(ts, "volunteer_group")
            if "food" in self.org[o].provides
        ][:2]
        self.add_network(
            "net-tsurumi-foodbank",
            "鶴見区フードバンク連絡会",
            "theme",
            [ts],
            food_members,
            valid_from=NEW_NETWORK_FROM,
        )

    # -- activities ----------------------------------------------------------------------

    def add_activity(
        self,
        aid: str,
        name: str,
        kind: str,
        org: str,
        area_id: str,
        needs: list[str],
        targets: list[str],
        capacity: int | None,
        *,
        valid_from: str | None = None,
        valid_to: str | None = None,
        planted: bool = False,
    ) -> str:
        district = self.district_of[area_id]
        if district is None:
            raise RuntimeError(f"activity {aid} must be held in a district")
        if not planted:
            if district in self.no_activity_districts:
                raise RuntimeError(f"activity {aid} in a district planted without activities")
            if any((district, n) in self.blocked for n in needs):
                raise RuntimeError(f"activity {aid} supplies a planted gap")
        act = Activity(
            aid,
            self.unique_name(name),
            kind,
            org,
            area_id,
            list(dict.fromkeys(needs)),
            targets,
            capacity,
            valid_from,
            valid_to,
            verified_on=self.verified(),
        )
        self.ds.activities.append(act)
        self.act[aid] = act
        self.acts_in_district[district].append(aid)
        ward = self.ward_of[area_id]
        assert ward is not None
        self.acts_in_ward[ward].append(aid)
        return aid

    def build_named_activities(self) -> None:
        midori = [
            (
                "tokaichiba",
                "ibasho",
                "十日市場こどもの居場所「とおかいちばひろば」",
                "place_to_be",
                ["learning", "food"],
                ["children"],
                20,
            ),
            (
                "nakayama",
                "kakei",
                "中山 くらしと家計の講座",
                "course",
                ["household_finance", "debt"],
                ["working_age"],
                30,
            ),
            (
                "kirigaoka",
                "shokudo",
                "霧が丘 多世代食堂",
                "food_support",
                ["food", "isolation"],
                ["all"],
                60,
            ),
            (
                "nagatsuta",
                "shigoto",
                "長津田 しごと体験プログラム",
                "employment_training",
                ["employment", "isolation"],
                ["youth"],
                8,
            ),
            (
                "kamoi",
                "mimamori",
                "鴨居 見守りあいネット",
                "watching",
                ["isolation", "fraud"],
                ["elderly"],
                80,
            ),
            (
                "higashihongo",
                "kaimono",
                "東本郷 移動販売と買い物サロン",
                "shopping_support",
                ["shopping", "isolation"],
                ["elderly"],
                40,
            ),
            (
                "niiharu",
                "satoyama",
                "新治 里山の居場所",
                "social_participation",
                ["isolation", "disability"],
                ["working_age", "disabled"],
                12,
            ),
        ]
        midori_ids = []
        for dk, slug, name, kind, needs, targets, cap in midori:
            d = f"midori-{dk}"
            midori_ids.append(
                self.add_activity(
                    f"act-midori-{dk}-{slug}", name, kind, self.plaza_of[d], d, needs, targets, cap
                )
            )
        self.notes["midori_care_plaza_initiatives"] = midori_ids
        # 磯子区 placements
        isogo_ids = [
            self.add_activity(
                "act-isogo-placement-logistics",
                "いそご物流センター 職場実習",
                "employment_training",
                "org-isogo-placement-logistics",
                "isogo-sugita",
                ["employment"],
                ["working_age", "youth"],
                6,
            ),
            self.add_activity(
                "act-isogo-placement-farm",
                "グリーン農園 社会参加プログラム",
                "social_participation",
                "org-isogo-placement-farm",
                "isogo-isogo",
                ["isolation", "employment"],
                ["working_age", "disabled"],
                10,
            ),
            self.add_activity(
                "act-isogo-placement-care",
                "やまびこ苑 ボランティア体験（社会参加）",
                "social_participation",
                "org-isogo-placement-care",
                "isogo-isogo",
                ["isolation", "employment"],
                ["working_age"],
                5,
            ),
        ]
        self.notes["isogo_placements"] = isogo_ids
        # 神奈川区 羽沢プロジェクト
        self.notes["hazawa_project"] = [
            "org-kanagawa-hazawa-project",
            self.add_activity(
                "act-kanagawa-hazawa-project",
                "羽沢プロジェクト みんなの居場所・食堂",
                "place_to_be",
                "org-kanagawa-hazawa-project",
                "kanagawa-hazawa",
                ["food", "isolation", "learning"],
                ["all", "children"],
                40,
            ),
        ]
        # 栄区 cooking skills
        self.notes["sakae_cooking"] = [
            self.add_activity(
                "act-sakae-cooking",
                "ひとり暮らしのための料理教室（栄区）",
                "course",
                self.welfare["sakae"],
                "sakae-hongodai",
                ["food", "household_finance"],
                ["working_age", "youth"],
                16,
            )
        ]
        # planted gaps and their candidates
        self.add_activity(
            "act-konan-konandai-gakushu",
            "港南台学習支援教室",
            "learning_support",
            "org-konan-learning-npo",
            "konan-konandai",
            ["learning"],
            ["children", "youth"],
            15,
        )
        self.add_activity(
            "act-konan-noba-ibasho",
            "野庭みんなの居場所",
            "place_to_be",
            self.plaza_of["konan-noba"],
            "konan-noba",
            ["isolation", "childcare"],
            ["children", "all"],
            20,
        )
        self.add_activity(
            "act-minami-mutsukawa-salon",
            "六ツ川いきいきサロン",
            "salon",
            self.rengo["minami-mutsukawa"],
            "minami-mutsukawa",
            ["isolation", "health"],
            ["elderly"],
            25,
        )
        maita_runner = self.pick(
            [o for o in self.orgs_in_district["minami-maita"] if self.org[o].kind == "npo"]
            or [self.council["minami"]]
        )
        self.add_activity(
            "act-minami-maita-shokudo",
            "蒔田こども食堂「ひまわり」",
            "food_support",
            maita_runner,
            "minami-maita",
            ["food", "childcare"],
            ["children", "families"],
            50,
        )
        self.add_activity(
            "act-hodogaya-iwama-shokudo",
            "いわま子ども食堂",
            "food_support",
            "org-hodogaya-iwama-shokudo",
            "hodogaya-iwama",
            ["food", "isolation"],
            ["children", "families"],
            40,
            valid_from="2019-06-01",
            valid_to=CLOSED_ON,
            planted=True,
        )
        self.add_activity(
            "act-hodogaya-hoshikawa-pantry",
            "星川フードパントリー",
            "food_support",
            "org-hodogaya-hoshikawa-pantry",
            "hodogaya-hoshikawa",
            ["food"],
            ["families", "all"],
            60,
        )
        self.add_activity(
            "act-tsurumi-ushioda-kakei",
            "潮田 シニアの家計講座",
            "course",
            self.plaza_of["tsurumi-ushioda"],
            self.hoods_of_district["tsurumi-ushioda"][0],
            ["household_finance"],
            ["elderly"],
            20,
            planted=True,
        )
        self.add_activity(
            "act-kohoku-nippa-seminar",
            "新羽 若者の就職準備セミナー",
            "course",
            self.welfare["kohoku"],
            "kohoku-nippa",
            ["employment"],
            ["youth"],
            20,
            planted=True,
        )
        self.add_activity(
            "act-naka-mugita-salon",
            "麦田ふれあいサロン",
            "salon",
            self.plaza_of["naka-mugita"],
            "naka-mugita",
            ["isolation", "health"],
            ["elderly"],
            20,
        )
        self.add_activity(
            "act-tsurumi-foodbank-pantry",
            "つるみフードバンク 食品配布会",
            "food_support",
            "org-tsurumi-foodbank",
            "tsurumi-tsurumichuo",
            ["food", "household_finance"],
            ["families", "all"],
            100,
            valid_from="2025-06-01",
        )

    def runner_ok(self, o: str) -> bool:
        return (
            o not in self.no_tie
            and o not in self.closed
            and o not in self.out_only
            and o not in self.in_only
            and o not in self.island_bridge
            and o not in self.apart
            and self.org[o].valid_from is None
        )

    def build_background_activities(self) -> None:
        rng = self.rng
        target = round(1500 * self.scale)
        districts = [d for d in self.all_districts() if d not in self.no_activity_districts]
        todo: list[str] = list(districts)  # at least one per district
        extra = max(0, target - len(self.act) - len(todo))
        weights = [self.area[d].population or 1 for d in districts]
        todo += rng.choices(districts, weights=weights, k=extra)
        kinds = list(ACTIVITY_KIND_WEIGHTS)
        kweights = list(ACTIVITY_KIND_WEIGHTS.values())
        # every kind appears at least once, whatever the scale
        forced = list(kinds)
        for d in todo:
            ward = self.ward_of[d]
            assert ward is not None
            for attempt in range(20):
                use_forced = bool(forced) and attempt == 0
                kind = forced[-1] if use_forced else rng.choices(kinds, weights=kweights)[0]
                tpl = TEMPLATES[kind]
                needs = [n for n in self.pick(tpl.needs) if (d, n) not in self.blocked]
                if not needs:
                    continue
                runner = self._pick_runner(d, ward, tpl.runners)
                if runner is None:
                    continue
                p = self.dname(d).removesuffix("地区")
                name = self.pick(tpl.names).format(
                    p=p, w=self.pick(places.POOL), o=self.org[runner].name
                )
                cap = None if tpl.capacity is None else rng.randint(*tpl.capacity)
                valid_from = None
                if rng.random() < 0.04:
                    valid_from = self.day(dt.date(2024, 6, 1), dt.date(2025, 9, 30))
                self.add_activity(
                    self.next_id(f"act-{self.wk(ward)}"),
                    name,
                    kind,
                    runner,
                    self.spot(d, 0.3),
                    needs,
                    list(self.pick(tpl.targets)),
                    cap,
                    valid_from=valid_from,
                )
                if use_forced:
                    forced.pop()
                break
        if forced:
            raise RuntimeError(f"activity kinds never placed: {forced}")

    def _pick_runner(self, district: str, ward: str, kinds: Sequence[str]) -> str | None:
        local = [o for o in self.orgs_in_district[district] if self.runner_ok(o)]
        preferred = [o for o in local if self.org[o].kind in kinds]
        if preferred:
            return self.pick(preferred)
        plaza = self.plaza_of[district]
        if "community_care_plaza" in kinds and self.runner_ok(plaza):
            return plaza
        wide = [o for k in kinds for o in self.kind_in_ward[(ward, k)] if self.runner_ok(o)]
        if wide:
            return self.pick(wide)
        if local:
            return self.pick(local)
        return self.council[ward] if self.runner_ok(self.council[ward]) else None

    # -- residents -----------------------------------------------------------------------

    def add_resident(self, area_id: str, age: str, needs: list[str]) -> Resident:
        self.counters["res"] += 1
        r = Resident(
            f"res-{self.counters['res']:06d}",
            area_id,
            list(dict.fromkeys(needs)),
            age,
            verified_on=self.verified(),
        )
        self.ds.residents.append(r)
        d = self.district_of[area_id]
        if d is not None:
            self.residents_in_district[d].append(r)
        w = self.ward_of[area_id]
        assert w is not None
        self.residents_in_ward[w].append(r)
        return r

    def draw_needs(self, age: str, allowed: Sequence[str] | None = None) -> list[str]:
        key = (age, tuple(allowed) if allowed is not None else None)
        table = self.need_tables.get(key)
        if table is None:
            prof = NEED_PROFILE[age]
            names = [n for n in prof if allowed is None or n in allowed]
            table = (names, list(itertools.accumulate(prof[n] for n in names)))
            self.need_tables[key] = table
        names, cum = table
        k = self.rng.choices((1, 2, 3), cum_weights=(0.45, 0.8, 1.0))[0]
        out: list[str] = []
        for _ in range(k * 3):
            n = self.rng.choices(names, cum_weights=cum)[0]
            if n not in out:
                out.append(n)
            if len(out) == k:
                break
        return out

    def build_residents(self) -> None:
        rng = self.rng
        n = round(30000 * self.scale)
        districts = self.all_districts()
        cum = list(itertools.accumulate(self.area[d].population or 1 for d in districts))
        ages = [a for a, _ in AGE_BANDS]
        acum = list(itertools.accumulate(w for _, w in AGE_BANDS))
        elderly_isolated = ("elder_care", "isolation", "shopping", "health")
        for _ in range(n):
            if rng.random() < 0.005:  # recorded only at ward level (unallocated)
                area = self.pick(self.ward_ids)
            else:
                area = rng.choices(districts, cum_weights=cum)[0]
            if area == "asahi-wakabadai":
                age = self.pick(("65-74", "75+"))
                needs = self.draw_needs(age, elderly_isolated)
            else:
                age = rng.choices(ages, cum_weights=acum)[0]
                needs = self.draw_needs(age)
            self.add_resident(area, age, needs)
        # planted demand (fixed counts, whatever the scale)
        for _ in range(max(0, 10 - len(self.residents_in_district["asahi-wakabadai"]))):
            age = self.pick(("65-74", "75+"))
            self.add_resident("asahi-wakabadai", age, self.draw_needs(age, elderly_isolated))
        for _ in range(6):
            self.add_resident("konan-noba", "0-14", ["learning", *self._maybe(["food"])])
        for _ in range(5):
            self.add_resident("minami-mutsukawa", self.pick(("0-14", "75+")), ["food"])
        for _ in range(4):
            self.add_resident("hodogaya-iwama", "0-14", ["food", *self._maybe(["learning"])])
        for _ in range(25):
            age = self.pick(("25-39", "40-64", "65-74"))
            self.add_resident(
                "tsurumi-ushioda", age, ["household_finance", *self._maybe(["debt", "employment"])]
            )
        for _ in range(30):
            age = self.pick(("15-24", "25-39", "40-64"))
            self.add_resident(
                "kohoku-nippa", age, ["employment", *self._maybe(["household_finance", "housing"])]
            )

    def _maybe(self, needs: list[str]) -> list[str]:
        return [n for n in needs if self.rng.random() < 0.4]

    # -- participations ------------------------------------------------------------------

    def build_participations(self) -> None:
        rng = self.rng
        keys: set[tuple[str, str]] = set()
        closed_act = "act-hodogaya-iwama-shokudo"
        for r in self.ds.residents:
            if rng.random() >= 0.35:
                continue
            d = self.district_of[r.area_id]
            w = self.ward_of[r.area_id]
            assert w is not None
            pool = self.acts_in_district.get(d, []) if d is not None else []
            if not pool or rng.random() < 0.3:
                pool = self.acts_in_ward[w]
            pool = [a for a in pool if a != closed_act]
            if not pool:
                continue
            matching = [a for a in pool if set(self.act[a].needs) & set(r.needs)]
            for _ in range(rng.choice((1, 1, 2))):
                a = self.pick(matching or pool)
                if (r.id, a) in keys:
                    continue
                keys.add((r.id, a))
                act = self.act[a]
                start = act.valid_from or "2020-04-01"
                since = self.day(dt.date.fromisoformat(start), dt.date(2026, 10, 31))
                valid_to = None
                if rng.random() < 0.08:
                    valid_to = self.day(
                        dt.date.fromisoformat(since) + dt.timedelta(days=30), dt.date(2026, 11, 30)
                    )
                    valid_to = min(valid_to, "2026-11-30")
                verified = max(self.verified(), since)
                self.ds.participations.append(
                    Participation(r.id, a, since, valid_to=valid_to, verified_on=verified)
                )
        # children of 岩間 who went to the cafeteria until it closed
        for r in self.residents_in_district["hodogaya-iwama"][:6]:
            if (r.id, closed_act) not in keys:
                keys.add((r.id, closed_act))
                self.ds.participations.append(
                    Participation(
                        r.id,
                        closed_act,
                        "2023-04-01",
                        valid_to=CLOSED_ON,
                        verified_on=self.verified(),
                    )
                )

    # -- partnerships --------------------------------------------------------------------

    def add_partnership(self, a: str, b: str, kind: str, *, valid_to: str | None = None) -> bool:
        if not self.allowed(a, b):
            return False
        key = (min(a, b), max(a, b), kind)
        if key in self.partner_keys:
            return False
        self.partner_keys.add(key)
        since = self.day(dt.date(2010, 4, 1), dt.date(2026, 6, 30))
        if valid_to is not None and valid_to < since:
            since = self.day(dt.date(2010, 4, 1), dt.date.fromisoformat(valid_to))
        verified = max(self.verified(), since)
        self.ds.partnerships.append(
            Partnership(a, b, kind, since, valid_to=valid_to, verified_on=verified)
        )
        return True

    def build_partnerships(self) -> None:
        rng = self.rng
        for ward in self.ward_ids:
            wo, sc = self.welfare[ward], self.council[ward]
            plazas = sorted(set(self.plaza_of[d] for d in self.districts_of_ward[ward]))
            for p in plazas:
                self.add_partnership(wo, p, "referral")
                for d in self.plaza_districts[p]:
                    self.add_partnership(p, self.rengo[d], "joint_activity")
            for hw in self.kind_in_ward[(ward, "employment_office")]:
                self.add_partnership(wo, hw, "referral")
            vols = self.kind_in_ward[(ward, "volunteer_group")]
            for v in self.sample(vols, 3):
                self.add_partnership(sc, v, "joint_activity")
            learning = [
                o for o in self.kind_in_ward[(ward, "npo")] if "learning" in self.org[o].provides
            ]
            for s in self.sample(self.kind_in_ward[(ward, "school")], 2):
                if learning:
                    self.add_partnership(s, self.pick(learning), "joint_activity")
            employers = [
                o
                for o in self.kind_in_ward[(ward, "company")]
                if "employment" in self.org[o].provides
            ]
            for c in self.sample(employers, 2):
                self.add_partnership(wo, c, "placement")
        self.add_partnership("org-hw-yokohama", self.welfare["naka"], "referral")
        # city-wide ties: the city council works with every ward council; the two ward
        # employment offices serve their neighbouring wards too
        for ward in self.ward_ids:
            self.add_partnership("org-yokohama-shakyo", self.council[ward], "information_sharing")
            serving = HELLO_WORK.get(self.wk(ward))
            if serving is not None:
                self.add_partnership(self.welfare[ward], serving, "referral")
        for o in ("org-isogo-placement-logistics", "org-isogo-placement-farm"):
            self.add_partnership(self.welfare["isogo"], o, "placement")
        self.add_partnership(self.welfare["isogo"], "org-isogo-placement-care", "placement")
        hz = "kanagawa-hazawa"
        for o in (self.rengo[hz], self.plaza_of[hz], self.council["kanagawa"]):
            self.add_partnership("org-kanagawa-hazawa-project", o, "joint_activity")
        self.add_partnership(
            self.welfare["sakae"], self.plaza_of["sakae-hongodai"], "joint_activity"
        )
        for o in self.notes["seya_d"] + self.notes["seya_k"]:
            self.add_partnership(self.welfare["seya"], o, "referral")
        # ended partnerships (valid_to in the past) and random extra ties within a ward
        all_orgs = [o.id for o in self.ds.orgs]
        n_extra = round(0.3 * len(all_orgs))
        for _ in range(n_extra):
            a = self.pick(all_orgs)
            w = self.ward_of[self.org[a].area_id]
            if w is None:
                continue
            b = self.pick(self.orgs_in_ward[w])
            valid_to = None
            if rng.random() < 0.05:
                valid_to = self.day(dt.date(2024, 4, 1), dt.date(2026, 3, 31))
            self.add_partnership(a, b, self.pick(PARTNERSHIP_KINDS), valid_to=valid_to)

    # -- referrals -----------------------------------------------------------------------

    def build_referrals(self) -> None:
        rng = self.rng
        n = round(60000 * self.scale)
        span = (REFERRAL_END - REFERRAL_START).days
        # referral targets per (ward, need)
        act_targets: dict[tuple[str, str], list[str]] = defaultdict(list)
        act_targets_d: dict[tuple[str, str], list[str]] = defaultdict(list)
        for a in self.ds.activities:
            if a.valid_to or a.valid_from or a.organisation_id in self.out_only:
                continue
            w = self.ward_of[a.area_id]
            d = self.district_of[a.area_id]
            assert w is not None and d is not None
            for need in a.needs:
                act_targets[(w, need)].append(a.id)
                act_targets_d[(d, need)].append(a.id)
        org_targets: dict[tuple[str, str], list[str]] = defaultdict(list)
        for o in self.ds.orgs:
            w = self.ward_of[o.area_id]
            if (
                w is None
                or o.id in self.no_tie
                or o.id in self.out_only
                or o.id in self.closed
                or o.valid_from is not None
            ):
                continue
            for need in o.provides:
                org_targets[(w, need)].append(o.id)
        residents = self.ds.residents
        districts = self.all_districts()
        dcum = list(itertools.accumulate(self.area[d].population or 1 for d in districts))
        need_ids = list(ALL_NEEDS)
        generic = [0.12, 0.14, 0.07, 0.08, 0.06, 0.06, 0.09, 0.05, 0.1, 0.1, 0.04, 0.03, 0.06]
        gcum = list(itertools.accumulate(generic))
        made: list[Referral] = []
        for _ in range(n):
            date = _d(REFERRAL_START + dt.timedelta(days=rng.randrange(span + 1)))
            resident: Resident | None = None
            if rng.random() < 0.72:
                resident = self.pick(residents)
                area = resident.area_id
                strict = self.district_of[area] == "asahi-wakabadai"
                need = (
                    self.pick(resident.needs)
                    if strict or rng.random() < 0.92
                    else rng.choices(need_ids, cum_weights=gcum)[0]
                )
            else:
                area = rng.choices(districts, cum_weights=dcum)[0]
                need = rng.choices(need_ids, cum_weights=gcum)[0]
            src = self._pick_from(area, unnamed=resident is None)
            if src is None:
                continue
            dst = self._pick_to(src, area, need, act_targets, act_targets_d, org_targets)
            if dst is None:
                continue
            made.append(
                Referral(
                    "",
                    date,
                    src,
                    dst,
                    need,
                    self._status(date),
                    resident.id if resident else None,
                )
            )
        made += self._planted_referrals()
        self._finish_referrals(made)

    def _status(self, date: str) -> str:
        age = (REFERRAL_END - dt.date.fromisoformat(date)).days
        if age < 45:
            weights = (0.55, 0.3, 0.05, 0.1)
        elif age < 180:
            weights = (0.2, 0.4, 0.1, 0.3)
        else:
            weights = (0.04, 0.3, 0.12, 0.54)
        return self.rng.choices(("open", "accepted", "declined", "closed"), weights=weights)[0]

    def _from_ok(self, o: str) -> bool:
        return (
            o not in self.no_tie
            and o not in self.in_only
            and o not in self.closed
            and self.org[o].valid_from is None
        )

    def _pick_from(self, area: str, *, unnamed: bool) -> str | None:
        rng = self.rng
        d = self.district_of[area]
        w = self.ward_of[area]
        assert w is not None
        x = rng.random()
        if d is not None and x < (0.6 if unnamed else 0.45):
            local = self.entrances.get(d)
            if local is None:
                local = [
                    o
                    for o in self.orgs_in_district[d]
                    if self.org[o].kind in ENTRANCE_KINDS and self._from_ok(o)
                ]
                self.entrances[d] = local
            if local:
                return self.pick(local)
        if x < 0.8 or d is None:
            return self.welfare[w] if rng.random() < 0.6 else self.council[w]
        plaza = self.plaza_of[d]
        if self._from_ok(plaza):
            return plaza
        return self.welfare[w]

    def _pick_to(
        self,
        src: str,
        area: str,
        need: str,
        act_targets: dict[tuple[str, str], list[str]],
        act_targets_d: dict[tuple[str, str], list[str]],
        org_targets: dict[tuple[str, str], list[str]],
    ) -> str | None:
        rng = self.rng
        w = self.ward_of[area]
        d = self.district_of[area]
        assert w is not None
        if rng.random() < 0.04:  # now and then the resource is in another ward
            w = self.pick(self.ward_ids)
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
                    cand = [HELLO_WORK.get(self.wk(w), "org-hw-yokohama")]
            if not cand:
                cand = [self.welfare[w], self.council[w]]
            dst = self.pick(cand)
            owner = self.act[dst].organisation_id if dst in self.act else dst
            if owner == src or dst in self.out_only or owner in self.out_only:
                continue
            if not self.allowed(src, owner):
                continue
            return dst
        return None

    def _planted_referrals(self) -> list[Referral]:
        out: list[Referral] = []
        rng = self.rng
        span = (REFERRAL_END - REFERRAL_START).days

        def date() -> str:
            return _d(REFERRAL_START + dt.timedelta(days=rng.randrange(span + 1)))

        def resident_in(district: str) -> Resident:
            pool = (
                self.residents_in_district[district]
                or self.residents_in_ward[self.ward_of[district] or ""]
            )
            return self.pick(pool)

        # the out-only welfare commissioners of 二俣川 notice and refer, nobody refers back
        m = "org-asahi-minsei-futamatagawa"
        for _ in range(max(6, round(40 * self.scale))):
            r = resident_in("asahi-futamatagawa")
            dst = self.pick(
                [self.welfare["asahi"], self.council["asahi"], self.plaza_of["asahi-futamatagawa"]]
            )
            d = date()
            out.append(Referral("", d, m, dst, self.pick(r.needs), self._status(d), r.id))
        # the hospital social-work office refers patients out
        for _ in range(max(6, round(40 * self.scale))):
            r = resident_in("aoba-aobadai")
            d = date()
            dst = self.pick([self.welfare["aoba"], self.council["aoba"]])
            out.append(
                Referral("", d, "org-aoba-hospital", dst, self.pick(r.needs), self._status(d), r.id)
            )
        # 磯子区: placements (the logistics host only ever receives)
        for _ in range(max(8, round(60 * self.scale))):
            r = self.pick(self.residents_in_ward["isogo"])
            d = date()
            dst = self.pick(
                [
                    "act-isogo-placement-logistics",
                    "org-isogo-placement-logistics",
                    "act-isogo-placement-farm",
                    "act-isogo-placement-care",
                ]
            )
            out.append(
                Referral("", d, self.welfare["isogo"], dst, "employment", self._status(d), r.id)
            )
        # every ward's welfare office refers to ハローワーク横浜 now and then
        for ward in self.ward_ids:
            pool = [r for r in self.residents_in_ward[ward] if "employment" in r.needs]
            for r in self.sample(pool, 2):
                d = date()
                out.append(
                    Referral(
                        "",
                        d,
                        self.welfare[ward],
                        "org-hw-yokohama",
                        "employment",
                        self._status(d),
                        r.id,
                    )
                )
        # 樽町 (no activity) and 麦田 (no network member) still refer out to the ward
        for district in ("kohoku-tarumachi", "naka-mugita"):
            w = self.ward_of[district]
            assert w is not None
            for _ in range(3):
                r = resident_in(district)
                d = date()
                out.append(
                    Referral(
                        "",
                        d,
                        self.minsei[district],
                        self.welfare[w],
                        self.pick(r.needs),
                        self._status(d),
                        r.id,
                    )
                )
        return out

    def _finish_referrals(self, made: list[Referral]) -> None:
        made.sort(key=lambda r: (r.date, r.from_id, r.to_id, r.need, r.resident_id or ""))
        for i, r in enumerate(made, start=1):
            r.id = f"ref-{i:06d}"
            r.verified_on = min(
                _d(dt.date.fromisoformat(r.date) + dt.timedelta(days=self.rng.randrange(0, 60))),
                "2026-11-30",
            )
        self.ds.referrals = made

    # -- repairs -------------------------------------------------------------------------

    def hub_for(self, o: str, *, as_target: bool) -> str | None:
        """A partner for a balancing referral: the organisation's usual counterpart."""
        bridge = self.island_bridge.get(o)
        w = self.ward_of[self.org[o].area_id]
        cands: list[str] = []
        if bridge is not None:
            cands.append(bridge)
        if w is not None:
            cands += [self.welfare[w], self.council[w]]
        else:
            cands += [self.welfare[x] for x in self.ward_ids]
        for c in cands:
            if c == o or not self.allowed(o, c):
                continue
            if as_target and c in self.out_only:
                continue
            if not as_target and c in self.in_only:
                continue
            return c
        return None

    def repair_one_way(self) -> None:
        """Every organisation that refers also receives, and vice versa, except the planted
        one-way organisations (checked again by the reckoning)."""
        rk = reckon(self.ds, AS_OF)
        planted = self.out_only | self.in_only
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
                hub = self.hub_for(o, as_target=False)
                if hub is None:
                    raise RuntimeError(f"no partner to refer to {o}")
                extra.append(self._balancing(hub, o))
                self.repairs["referral_in"] += 1
            if not sent:
                hub = self.hub_for(o, as_target=True)
                if hub is None:
                    raise RuntimeError(f"no partner for {o} to refer to")
                extra.append(self._balancing(o, hub))
                self.repairs["referral_out"] += 1
        if extra:
            self._finish_referrals(self.ds.referrals + extra)

    def _balancing(self, src: str, dst: str) -> Referral:
        area = (
            self.org[src].area_id if self.ward_of[self.org[src].area_id] else self.org[dst].area_id
        )
        w = self.ward_of[area]
        assert w is not None
        r = self.pick(self.residents_in_ward[w])
        d = self.day(REFERRAL_START, REFERRAL_END)
        return Referral(
            "", d, src, dst, self.pick(r.needs), self.pick(("accepted", "closed")), r.id
        )

    def repair_external_ties(self, rk: Reckoning) -> None:
        """Every district that is not planted as isolated keeps a working tie outside."""
        for d in self.all_districts():
            if d in ("asahi-wakabadai",) or rk.working_external_tie(d):
                continue
            w = self.ward_of[d]
            assert w is not None
            for o in rk.orgs_in(d):
                if self.add_partnership(o, self.council[w], "joint_activity"):
                    self.repairs["partnership"] += 1
                    break

    def fill_supply(self, rk: Reckoning) -> None:
        """Give every (district, need) with demand enough supply (demand / supply <= 10),
        except the planted gaps and under-supplied pairs (partnerships added since ``rk``
        was reckoned do not change demand or supply)."""
        planted_pairs = self.blocked
        for (d, need), demand in sorted(rk.demand.items()):
            if (d, need) in planted_pairs or d in self.no_fill_districts:
                continue
            supply = rk.supply.get((d, need), 0)
            wanted = max(1, math.ceil(demand / 10))
            if supply >= wanted:
                continue
            cands = [
                o
                for o in self.orgs_in_district[d]
                if need not in self.org[o].provides
                and self.org[o].valid_from is None
                and self.org[o].valid_to is None
            ]
            order = FILL_KINDS.get(need, ()) + FILL_FALLBACK
            cands.sort(
                key=lambda o: (
                    order.index(self.org[o].kind) if self.org[o].kind in order else len(order),
                    o,
                )
            )
            for o in cands[: wanted - supply]:
                self.org[o].provides.append(need)
                self.repairs["provides"] += 1
                supply += 1
            if supply < wanted:
                raise RuntimeError(f"cannot supply {need} in {d}: {supply} < {wanted}")

    # -- the whole run -------------------------------------------------------------------

    def build(self) -> Dataset:
        self.plant_constraints()
        self.build_areas()
        self.build_orgs()
        self.build_networks()
        self.build_named_activities()
        self.build_background_activities()
        self.build_residents()
        self.build_participations()
        self.build_partnerships()
        self.build_referrals()
        self.repair_one_way()
        rk = reckon(self.ds, AS_OF)
        self.repair_external_ties(rk)
        self.fill_supply(rk)
        return self.ds


# ----------------------------------------------------------------------------------------
# The planted manifest
# ----------------------------------------------------------------------------------------


def _planted(b: _Builder, rk: Reckoning) -> dict[str, Any]:
    ds = b.ds
    names = rk.names
    covers = {n.id: n.covers for n in ds.networks}
    acts = activities_per_district(ds, rk)
    res = residents_per_district(ds, rk)

    def area_entry(a: str) -> dict[str, Any]:
        return {"area_id": a, "area_name": names[a]}

    # --- gaps (exhaustive at district level, default parameters)
    gap_notes = {
        ("konan-noba", "learning"): "children who need learning support; no learning "
        "activity or provider in the district (a learning class next door, a 居場所 to extend)",
        ("minami-mutsukawa", "food"): "food need, no food support; the seniors' salon "
        "could be opened to it",
        ("hodogaya-iwama", "food"): "the children's cafeteria closed on 2025-09-30 "
        "(not a gap as of 2025-06-01)",
    }
    gap_candidates: dict[tuple[str, str], list[dict[str, str]]] = {
        ("konan-noba", "learning"): [
            {"activity_id": "act-konan-konandai-gakushu", "reason": "same_ward"},
            {"activity_id": "act-konan-noba-ibasho", "reason": "extend_activity"},
        ],
        ("minami-mutsukawa", "food"): [
            {"activity_id": "act-minami-maita-shokudo", "reason": "same_ward"},
            {"activity_id": "act-minami-mutsukawa-salon", "reason": "extend_activity"},
        ],
        ("hodogaya-iwama", "food"): [
            {"activity_id": "act-hodogaya-hoshikawa-pantry", "reason": "same_ward"},
        ],
    }
    gaps = []
    for a, need, demand in rk.gaps():
        note = gap_notes.get((a, need))
        if note is None and a == "asahi-wakabadai":
            note = "isolated district with no local resource at all"
        gaps.append(
            {
                **area_entry(a),
                "need": need,
                "demand": demand,
                "supply": 0,
                "note": note or "",
                "candidates_include": gap_candidates.get((a, need), []),
            }
        )
    under_notes = {
        ("tsurumi-ushioda", "household_finance"): "one seniors' household-finance course "
        "(held in a neighbourhood: roll-up) for many working-age households",
        ("kohoku-nippa", "employment"): "one employer and one seminar for many job seekers",
    }
    under_candidates = {
        ("tsurumi-ushioda", "household_finance"): [
            {"activity_id": "act-tsurumi-ushioda-kakei", "reason": "widen_target_group"}
        ],
        ("kohoku-nippa", "employment"): [
            {"activity_id": "act-kohoku-nippa-seminar", "reason": "widen_target_group"}
        ],
    }
    under = [
        {
            **area_entry(a),
            "need": need,
            "demand": demand,
            "supply": supply,
            "ratio": round(demand / supply, 9),
            "note": under_notes.get((a, need), ""),
            "candidates_include": under_candidates.get((a, need), []),
        }
        for a, need, demand, supply in rk.undersupplied()
    ]
    # --- isolated districts
    iso_notes = {
        "asahi-wakabadai": "residents with needs; its organisations sit on no network, have "
        "no tie outside and no activity is held there",
        "kohoku-tarumachi": "organisations in networks and tied outside, but no activity",
        "naka-mugita": "activities and outside ties, but no local organisation on any network "
        "(the district team covering it has only outside members)",
    }
    iso = [
        {
            **area_entry(a),
            "reasons": reasons,
            "score": round(len(reasons) / 3, 9),
            "residents_with_needs": res.get(a, 0),
            "activities": acts.get(a, 0),
            "note": iso_notes.get(a, ""),
        }
        for a, reasons in rk.isolation(acts, res).items()
    ]
    iso.sort(key=lambda e: (-e["score"], e["area_id"]))
    # --- bridges (planted; not exhaustive)
    bridges = []
    for org, links, island in (
        (b.council["izumi"], ["net-izumi-care", "net-izumi-kosodate"], b.notes["izumi_island"]),
        (
            b.plaza_of["kanazawa-tomioka"],
            ["net-kanazawa-care", "net-kanazawa-jiritsu"],
            b.notes["kanazawa_island"],
        ),
    ):
        a_members = rk.members[links[0]]
        b_members = rk.members[links[1]]
        common = sorted(a_members & b_members)
        reach = rk.reachable_without(island, org)
        separated = not (reach & (a_members - {org}))
        bridges.append(
            {
                "organisation_id": org,
                "name": names[org],
                "networks": sorted(rk.memberships_of.get(org, set())),
                "links": links,
                "sole_common_member": common == [org],
                "articulation_point": separated,
                "separated_organisations": sorted(island),
                "note": f"the only link between {names[links[0]]} and {names[links[1]]}",
            }
        )
    articulation = rk.network_articulation_points()
    # --- missing bridges (exhaustive)
    missing: list[dict[str, Any]] = []
    for a, bnet, ward in rk.missing_bridges(covers):
        ma, mb = rk.members[a], rk.members[bnet]
        cands = sorted(
            o
            for o in rk.valid_orgs
            if rk.ward_of.get(rk.org_area[o]) == ward
            and rk.tied([o], ma)
            and rk.tied([o], mb)
            and o not in ma
            and o not in mb
        )
        missing.append(
            {
                "network_ids": [a, bnet],
                "ward_id": ward,
                "members": len(ma) + len(mb),
                "candidates_include": [c for c in cands if c in (b.welfare[ward], b.council[ward])],
                "note": f"{names[a]} and {names[bnet]} share no member and no tie",
            }
        )
    missing.sort(key=lambda e: (-e["members"], e["network_ids"]))
    # --- one-way organisations (exhaustive)
    one_way = [
        {
            "organisation_id": o,
            "name": names[o],
            "direction": direction,
            "sent": rk.sent.get(o, 0),
            "received": rk.received_direct.get(o, 0) + rk.received_via_activity.get(o, 0),
        }
        for o, direction in rk.one_way()
    ]
    # --- unallocated residents
    unalloc: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unalloc_n: dict[str, int] = defaultdict(int)
    for r in ds.residents:
        if rk.level[r.area_id] == "ward":
            unalloc_n[r.area_id] += 1
            for need in r.needs:
                unalloc[r.area_id][need] += 1
    unallocated = [
        {"area_id": w, "residents": unalloc_n[w], "by_need": dict(sorted(unalloc[w].items()))}
        for w in sorted(unalloc_n)
    ]
    # --- as_of checks
    before = reckon(ds, BEFORE_CLOSURE)
    before_net = reckon(ds, BEFORE_NEW_NETWORK)
    iwama = ("hodogaya-iwama", "food")
    sc_tsurumi = b.council["tsurumi"]
    as_of_checks = [
        {
            "as_of": BEFORE_CLOSURE,
            "area_id": iwama[0],
            "need": iwama[1],
            "supply": before.supply.get(iwama, 0),
            "gap": before.supply.get(iwama, 0) == 0,
        },
        {
            "as_of": AS_OF,
            "area_id": iwama[0],
            "need": iwama[1],
            "supply": rk.supply.get(iwama, 0),
            "gap": rk.supply.get(iwama, 0) == 0,
        },
        {
            "as_of": BEFORE_NEW_NETWORK,
            "organisation_id": sc_tsurumi,
            "networks": sorted(before_net.memberships_of.get(sc_tsurumi, set())),
        },
        {
            "as_of": AS_OF,
            "organisation_id": sc_tsurumi,
            "networks": sorted(rk.memberships_of.get(sc_tsurumi, set())),
        },
    ]
    named = {
        "midori_care_plaza_initiatives": b.notes["midori_care_plaza_initiatives"],
        "kanazawa_district_teams": sorted(
            n.id for n in ds.networks if n.id.startswith("net-kanazawa-team-")
        ),
        "isogo_placements": b.notes["isogo_placements"],
        "hazawa_project": b.notes["hazawa_project"],
        "sakae_cooking": b.notes["sakae_cooking"],
        "closed_organisation": sorted(b.closed),
        "network_started_2025": ["net-tsurumi-foodbank"],
    }
    counts = {
        "areas": len(ds.areas),
        "wards": sum(1 for a in ds.areas if a.level == "ward"),
        "districts": sum(1 for a in ds.areas if a.level == "district"),
        "neighbourhoods": sum(1 for a in ds.areas if a.level == "neighbourhood"),
        "organisations": len(ds.orgs),
        "networks": len(ds.networks),
        "memberships": len(ds.memberships),
        "partnerships": len(ds.partnerships),
        "activities": len(ds.activities),
        "residents": len(ds.residents),
        "participations": len(ds.participations),
        "referrals": len(ds.referrals),
    }
    return {
        "description": "Findings planted in the synthetic demo data (合成データ). Lists marked "
        "exhaustive are everything the DATA_MODEL.md definitions yield at district level "
        "with default parameters (min_demand=1, ratio=10) for any as_of on or after as_of; "
        "candidates_include lists candidates that must be among those reported.",
        "scale": b.scale,
        "seed": b.seed,
        "as_of": AS_OF,
        "level": "district",
        "exhaustive": [
            "gaps",
            "undersupplied",
            "isolated",
            "articulation_points",
            "missing_bridges",
            "one_way",
        ],
        "counts": counts,
        "gaps": gaps,
        "undersupplied": under,
        "isolated": iso,
        "bridges": bridges,
        "articulation_points": articulation,
        "missing_bridges": missing,
        "one_way": one_way,
        "unallocated": unallocated,
        "as_of_checks": as_of_checks,
        "named_examples": named,
        "generator_repairs": dict(sorted(b.repairs.items())),
    }


def _verify(b: _Builder, planted: dict[str, Any]) -> None:
    """The planted structure holds (a generator bug otherwise)."""
    problems: list[str] = []
    gap_pairs = {(g["area_id"], g["need"]) for g in planted["gaps"]}
    for pair in [
        ("konan-noba", "learning"),
        ("minami-mutsukawa", "food"),
        ("hodogaya-iwama", "food"),
    ]:
        if pair not in gap_pairs:
            problems.append(f"planted gap {pair} missing")
    extra = {p for p in gap_pairs if p not in b.blocked}
    if extra:
        problems.append(f"unplanted gaps {sorted(extra)}")
    under = {(u["area_id"], u["need"]) for u in planted["undersupplied"]}
    if under != {("tsurumi-ushioda", "household_finance"), ("kohoku-nippa", "employment")}:
        problems.append(f"under-supplied pairs {sorted(under)}")
    iso = {i["area_id"]: i["reasons"] for i in planted["isolated"]}
    want = {
        "asahi-wakabadai": ["no_network_member", "no_external_tie", "no_activity"],
        "kohoku-tarumachi": ["no_activity"],
        "naka-mugita": ["no_network_member"],
    }
    if iso != want:
        problems.append(f"isolated districts {iso}")
    for br in planted["bridges"]:
        if not (br["sole_common_member"] and br["articulation_point"]):
            problems.append(f"bridge {br['organisation_id']} is not the only link")
    if planted["articulation_points"] != sorted(br["organisation_id"] for br in planted["bridges"]):
        problems.append(f"articulation points {planted['articulation_points']}")
    mb = [tuple(m["network_ids"]) for m in planted["missing_bridges"]]
    if mb != [("net-seya-jiritsu", "net-seya-kosodate")]:
        problems.append(f"missing bridges {mb}")
    ow = {(o["organisation_id"], o["direction"]) for o in planted["one_way"]}
    want_ow = {(o, "out_only") for o in b.out_only} | {(o, "in_only") for o in b.in_only}
    if ow != want_ow:
        problems.append(f"one-way organisations {sorted(ow ^ want_ow)}")
    checks = planted["as_of_checks"]
    if checks[0]["gap"] or not checks[1]["gap"]:
        problems.append("the closed cafeteria does not change the 岩間 food gap")
    if (
        "net-tsurumi-foodbank" in checks[2]["networks"]
        or "net-tsurumi-foodbank" not in checks[3]["networks"]
    ):
        problems.append("the 2025 network does not depend on as_of")
    if problems:
        raise RuntimeError("demo generator: planted structure broken: " + "; ".join(problems))


# ----------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------


def _write_csv(path: Path, columns: tuple[str, ...], records: Iterable[object]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for rec in records:
            w.writerow(row_cells(rec, columns))
            n += 1
    return n


@dataclass(frozen=True)
class _NeedRow:
    id: str
    name_ja: str
    name_en: str


def _write(ds: Dataset, out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    plan: dict[str, Iterable[object]] = {
        "areas.csv": ds.areas,
        "organisations.csv": ds.orgs,
        "networks.csv": ds.networks,
        "memberships.csv": ds.memberships,
        "partnerships.csv": ds.partnerships,
        "activities.csv": ds.activities,
        "residents.csv": ds.residents,
        "participations.csv": ds.participations,
        "referrals.csv": ds.referrals,
        "needs.csv": [_NeedRow(k, ja, en) for k, (ja, en) in NEEDS.items()],
    }
    return {name: _write_csv(out / name, FILE_COLUMNS[name], rows) for name, rows in plan.items()}


def planted_json(planted: dict[str, Any]) -> str:
    """The exact text of ``planted.json`` for a manifest."""
    return json.dumps(planted, ensure_ascii=False, indent=2) + "\n"


def generate(
    output_dir: str | Path, *, scale: float = DEMO_SCALE, seed: int = DEMO_SEED
) -> DemoManifest:
    """Write the synthetic demo CSV folder and return what was written and planted.

    ``scale`` 1 is a city (≈5k organisations, 1.5k activities, 30k residents, 60k
    referrals); the demo uses :data:`DEMO_SCALE`. Same arguments → byte-identical files.
    """
    b = _Builder(scale, seed)
    ds = b.build()
    rk = reckon(ds, AS_OF)
    planted = _planted(b, rk)
    _verify(b, planted)
    files = _write(ds, Path(output_dir))
    return DemoManifest(Path(output_dir), scale, seed, files, planted)


def write_planted(path: Path = PLANTED_PATH) -> dict[str, Any]:
    """Regenerate ``planted.json`` at the demo scale and seed (into a temporary folder)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        manifest = generate(tmp, scale=DEMO_SCALE, seed=DEMO_SEED)
    path.write_text(planted_json(manifest.planted), encoding="utf-8")
    return manifest.planted


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m netmap.demo.generator",
        description="Write the synthetic Yokohama demo data (合成データ) as a CSV folder.",
    )
    parser.add_argument("--scale", type=float, default=DEMO_SCALE, help="1 = a city (default 0.1)")
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    parser.add_argument("--output", type=Path, help="folder to write the CSV files into")
    parser.add_argument(
        "--write-planted",
        action="store_true",
        help="regenerate src/netmap/demo/planted.json (demo scale and seed)",
    )
    args = parser.parse_args(argv)
    if args.write_planted:
        planted = write_planted()
        print(f"wrote {PLANTED_PATH} ({planted['counts']['organisations']} organisations)")
        if args.output is None:
            return 0
    if args.output is None:
        parser.error("--output is required (or use --write-planted)")
    t0 = time.perf_counter()
    manifest = generate(args.output, scale=args.scale, seed=args.seed)
    elapsed = time.perf_counter() - t0
    summary = {
        "output": str(args.output),
        "scale": args.scale,
        "seed": args.seed,
        "seconds": round(elapsed, 2),
        "files": manifest.files,
        "counts": manifest.counts,
        "source": SOURCE,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
