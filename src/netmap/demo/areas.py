"""Stage 1: the city, its wards, their districts (地区連合) and, where there are some, the
districts' neighbourhoods, with populations.

The number of districts per ward grows with the square root of the scale (never below
the ward's ``always`` or 3); every district has neighbourhoods at scale 1 and above.
"""

from __future__ import annotations

import math

from netmap.demo import places
from netmap.demo.builder import Builder
from netmap.demo.plan import PLANTED_NEIGHBOURHOODS, SMALL_DISTRICTS
from netmap.demo.records import Area


def add_area(b: Builder, a: Area) -> None:
    b.ds.areas.append(a)
    b.area[a.id] = a
    if a.level == "city":
        b.district_of[a.id] = None
        b.ward_of[a.id] = None
    elif a.level == "ward":
        b.district_of[a.id] = None
        b.ward_of[a.id] = a.id
    elif a.level == "district":
        b.district_of[a.id] = a.id
        b.ward_of[a.id] = a.parent_id
    else:
        assert a.parent_id is not None
        b.district_of[a.id] = a.parent_id
        b.ward_of[a.id] = b.ward_of[a.parent_id]


def build_areas(b: Builder) -> None:
    total_pop = sum(w.population for w in places.WARDS)
    city = Area(places.CITY_ID, places.CITY_NAME, "city", None, total_pop, b.verified())
    add_area(b, city)
    for spec in places.WARDS:
        ward = Area(spec.key, spec.name, "ward", city.id, spec.population, b.verified())
        add_area(b, ward)
        b.ward_ids.append(ward.id)
        b.ward_key[ward.id] = spec.key
        _add_districts(b, spec)


def _add_districts(b: Builder, spec: places.WardSpec) -> None:
    n = max(3, spec.always, round(len(spec.districts) * min(1.0, math.sqrt(b.scale))))
    chosen = spec.districts[:n]
    weights = [b.rng.uniform(0.6, 1.4) * SMALL_DISTRICTS.get(dkey, 1.0) for dkey, _ in chosen]
    wsum = sum(weights)
    for (dkey, dja), wt in zip(chosen, weights, strict=True):
        pop = int(spec.population * wt / wsum)
        did = f"{spec.key}-{dkey}"
        add_area(b, Area(did, f"{dja}地区", "district", spec.key, pop, b.verified()))
        b.districts_of_ward[spec.key].append(did)
        n_hoods = b.rng.randint(2, 4) if b.scale >= 1 else PLANTED_NEIGHBOURHOODS.get(did, 0)
        if n_hoods:
            _add_neighbourhoods(b, did, dja, pop, n_hoods)


def _add_neighbourhoods(b: Builder, did: str, dja: str, pop: int, n_hoods: int) -> None:
    suffixes = places.NEIGHBOURHOOD_SUFFIXES[:n_hoods]
    hw = [b.rng.uniform(0.5, 1.5) for _ in suffixes]
    hsum = sum(hw)
    for i, (suf, h) in enumerate(zip(suffixes, hw, strict=True), start=1):
        hid = f"{did}-n{i}"
        add_area(b, Area(hid, f"{dja}{suf}", "neighbourhood", did, int(pop * h / hsum)))
        b.area[hid].verified_on = b.verified()
        b.hoods_of_district[did].append(hid)
