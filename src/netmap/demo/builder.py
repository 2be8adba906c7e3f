"""The state the stages of the demo generator share.

One :class:`Builder` holds the random generator, the :class:`~netmap.demo.records.Dataset`
being built, the indexes the stages look records up by and the planted constraints
(:mod:`netmap.demo.plan`) every stage respects. The stages (:mod:`netmap.demo.areas`,
:mod:`netmap.demo.organisations`, ...) are functions of a builder; they run in a fixed
order (:func:`netmap.demo.generator.build`) and every random draw goes through
``builder.rng``, so the order of the draws, and so the output, is fixed by the seed.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from netmap.demo.places import KANJI_NUM
from netmap.demo.records import Activity, Area, Dataset, Network, Org, Resident

T = TypeVar("T")


def _by_key() -> defaultdict[Any, list[Any]]:
    return defaultdict(list)


@dataclass(eq=False)
class Builder:
    scale: float
    seed: int
    rng: random.Random = field(init=False)
    ds: Dataset = field(default_factory=Dataset)
    # areas
    area: dict[str, Area] = field(default_factory=dict)
    ward_ids: list[str] = field(default_factory=list)
    ward_key: dict[str, str] = field(default_factory=dict)
    districts_of_ward: dict[str, list[str]] = field(default_factory=_by_key)
    hoods_of_district: dict[str, list[str]] = field(default_factory=_by_key)
    district_of: dict[str, str | None] = field(default_factory=dict)
    ward_of: dict[str, str | None] = field(default_factory=dict)
    # organisations
    org: dict[str, Org] = field(default_factory=dict)
    orgs_in_district: dict[str, list[str]] = field(default_factory=_by_key)
    orgs_in_ward: dict[str, list[str]] = field(default_factory=_by_key)  # incl. districts
    kind_in_ward: dict[tuple[str, str], list[str]] = field(default_factory=_by_key)
    npo_theme: dict[str, str] = field(default_factory=dict)
    welfare: dict[str, str] = field(default_factory=dict)  # ward → welfare office
    council: dict[str, str] = field(default_factory=dict)  # ward → welfare council
    plaza_of: dict[str, str] = field(default_factory=dict)  # district → plaza
    houkatsu_of: dict[str, str] = field(default_factory=dict)
    plaza_districts: dict[str, list[str]] = field(default_factory=dict)
    minsei: dict[str, str] = field(default_factory=dict)  # district → commissioners
    rengo: dict[str, str] = field(default_factory=dict)  # district → association
    used_names: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # constraints (planted structure)
    no_tie: set[str] = field(default_factory=set)  # no tie at all (isolated district)
    island_bridge: dict[str, str] = field(default_factory=dict)  # member → only contact
    apart: dict[str, str] = field(default_factory=dict)  # org → side of the missing bridge
    out_only: set[str] = field(default_factory=set)
    in_only: set[str] = field(default_factory=set)
    closed: set[str] = field(default_factory=set)
    no_member: set[str] = field(default_factory=set)  # never in a network
    blocked: set[tuple[str, str]] = field(default_factory=set)  # (district, need): no supply
    no_activity_districts: set[str] = field(default_factory=set)
    no_fill_districts: set[str] = field(default_factory=set)
    planted_supply_ok: set[str] = field(default_factory=set)  # may supply blocked pairs
    # networks
    net: dict[str, Network] = field(default_factory=dict)
    member_keys: set[tuple[str, str]] = field(default_factory=set)
    partner_keys: set[tuple[str, str, str]] = field(default_factory=set)
    # activities, residents
    act: dict[str, Activity] = field(default_factory=dict)
    acts_in_district: dict[str, list[str]] = field(default_factory=_by_key)
    acts_in_ward: dict[str, list[str]] = field(default_factory=_by_key)
    residents_in_district: dict[str, list[Resident]] = field(default_factory=_by_key)
    residents_in_ward: dict[str, list[Resident]] = field(default_factory=_by_key)
    entrances: dict[str, list[str]] = field(default_factory=dict)
    need_tables: dict[tuple[str, tuple[str, ...] | None], tuple[list[str], list[float]]] = field(
        default_factory=dict
    )
    notes: dict[str, Any] = field(default_factory=dict)
    repairs: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        if not (self.scale > 0 and math.isfinite(self.scale)):
            raise ValueError(f"scale must be a positive number, got {self.scale!r}")
        self.rng = random.Random(self.seed)

    # -- random draws --------------------------------------------------------------------

    def pick(self, seq: Sequence[T]) -> T:
        return seq[self.rng.randrange(len(seq))]

    def sample(self, seq: Sequence[T], k: int) -> list[T]:
        return self.rng.sample(list(seq), min(k, len(seq)))

    def day(self, start: dt.date, end: dt.date) -> str:
        return (start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))).isoformat()

    def verified(self) -> str:
        if self.rng.random() < 0.03:  # stale records: last confirmed long ago
            return self.day(dt.date(2022, 4, 1), dt.date(2023, 9, 30))
        return self.day(dt.date(2025, 4, 1), dt.date(2026, 11, 30))

    # -- names and ids -------------------------------------------------------------------

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

    # -- areas ---------------------------------------------------------------------------

    def wk(self, ward: str) -> str:
        return self.ward_key[ward]

    def dname(self, area_id: str) -> str:
        return self.area[area_id].name

    def all_districts(self) -> list[str]:
        return [d for w in self.ward_ids for d in self.districts_of_ward[w]]

    def spot(self, district: str, p_hood: float = 0.5) -> str:
        """The district, or one of its neighbourhoods (a finer location)."""
        hoods = self.hoods_of_district.get(district)
        if hoods and self.rng.random() < p_hood:
            return self.pick(hoods)
        return district

    # -- organisations -------------------------------------------------------------------

    def org_ref(self, ref: str) -> str:
        """The organisation a :mod:`netmap.demo.plan` reference names: an id, or
        ``role:key`` (``npo:<district>`` draws one of the district's NPOs)."""
        role, sep, key = ref.partition(":")
        if not sep:
            return ref
        if role == "npo":
            ward = self.ward_of[key]
            assert ward is not None
            npos = [o for o in self.orgs_in_district[key] if self.org[o].kind == "npo"]
            return self.pick(npos or [self.council[ward]])
        offices = {
            "welfare": self.welfare,
            "council": self.council,
            "plaza": self.plaza_of,
            "rengo": self.rengo,
        }
        return offices[role][key]

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
