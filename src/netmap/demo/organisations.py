"""Stage 2: the organisations. City-level offices, each ward's offices, each district's
welfare commissioners and neighbourhood associations, the care plazas (one per one or two
districts), the ward-wide facilities, the kinds that scale freely (schools, clinics,
employers, NPOs, ...) and the organisations the plan names (:data:`plan.NAMED_ORGS`).
"""

from __future__ import annotations

from collections.abc import Iterable

from netmap.demo import places, plan
from netmap.demo.builder import Builder
from netmap.demo.kinds import FLEX_KINDS, KIND_PROVIDES, NPO_THEMES, SECTORS, VOLUNTEER_THEMES
from netmap.demo.records import Org


def add_org(
    b: Builder,
    oid: str,
    name: str,
    kind: str,
    area_id: str,
    *,
    provides: Iterable[str] | None = None,
    sectors: Iterable[str] | None = None,
    valid_from: str | None = None,
    valid_to: str | None = None,
    exact_name: bool = False,
) -> str:
    if oid in b.org:
        raise RuntimeError(f"duplicate organisation id {oid}")
    if provides is None:
        always, sometimes = KIND_PROVIDES.get(kind, ((), ()))
        provides = list(always) + [n for n in sometimes if b.rng.random() < 0.5]
    district = b.district_of[area_id]
    prov = [
        n
        for n in dict.fromkeys(provides)
        if district is None or (district, n) not in b.blocked or oid in b.planted_supply_ok
    ]
    org = Org(
        id=oid,
        name=name if exact_name else b.unique_name(name),
        kind=kind,
        area_id=area_id,
        sectors=list(sectors if sectors is not None else SECTORS.get(kind, ["その他"])),
        provides=prov,
        valid_from=valid_from,
        valid_to=valid_to,
        verified_on=b.verified(),
    )
    if exact_name:
        b.used_names.add(name)
    b.ds.orgs.append(org)
    b.org[oid] = org
    ward = b.ward_of[area_id]
    if district is not None:
        b.orgs_in_district[district].append(oid)
    if ward is not None:
        b.orgs_in_ward[ward].append(oid)
        b.kind_in_ward[(ward, kind)].append(oid)
    return oid


def build_orgs(b: Builder) -> None:
    total_pop = sum(b.area[w].population or 0 for w in b.ward_ids)
    _add_city_offices(b)
    for ward in b.ward_ids:
        _add_ward_offices(b, ward)
        for d in b.districts_of_ward[ward]:
            _add_district_bodies(b, ward, d)
        _add_plazas(b, ward)
        _add_ward_facilities(b, ward)
        _add_flex_orgs(b, ward, (b.area[ward].population or 0) / total_pop)
    _add_named_orgs(b)


def _add_city_offices(b: Builder) -> None:
    # the city's employment office only receives (planted one-way)
    add_org(
        b,
        "org-hw-yokohama",
        "ハローワーク横浜",
        "employment_office",
        places.CITY_ID,
        provides=["employment"],
        exact_name=True,
    )
    add_org(
        b,
        "org-yokohama-shakyo",
        "横浜市社会福祉協議会",
        "social_welfare_council",
        places.CITY_ID,
        provides=["household_finance", "debt"],
        exact_name=True,
    )


def _add_ward_offices(b: Builder, ward: str) -> None:
    wk, wja = b.wk(ward), b.area[ward].name
    b.welfare[ward] = add_org(b, f"org-{wk}-welfare", f"{wja}生活支援課", "welfare_office", ward)
    b.council[ward] = add_org(
        b, f"org-{wk}-shakyo", f"{wja}社会福祉協議会", "social_welfare_council", ward
    )
    if wk in places.EMPLOYMENT_OFFICE_WARDS:
        add_org(
            b,
            f"org-hw-{wk}",
            f"ハローワーク{wja.removesuffix('区')}",
            "employment_office",
            ward,
            provides=["employment"],
        )


def _add_district_bodies(b: Builder, ward: str, d: str) -> None:
    """The district's welfare commissioners, its association and its neighbourhoods'."""
    wk = b.wk(ward)
    dja = b.dname(d).removesuffix("地区")
    dk = d.split("-", 1)[1]
    b.minsei[d] = add_org(
        b, f"org-{wk}-minsei-{dk}", f"{dja}地区民生委員児童委員協議会", "welfare_commissioner", d
    )
    b.rengo[d] = add_org(
        b, f"org-{wk}-rengo-{dk}", f"{dja}地区連合自治会", "neighbourhood_association", d
    )
    for h in b.hoods_of_district.get(d, []):
        add_org(
            b,
            f"org-{wk}-jichikai-{h.split('-', 1)[1]}",
            f"{b.dname(h)}自治会",
            "neighbourhood_association",
            h,
        )


def _plaza_groups(b: Builder, ward: str) -> list[list[str]]:
    """The ward's districts grouped by care plaza (one or two districts each; a district
    that cannot host one joins a neighbouring group)."""
    districts = b.districts_of_ward[ward]
    groups: list[list[str]] = []
    i = 0
    while i < len(districts):
        if b.wk(ward) != "midori" and i + 1 < len(districts) and b.rng.random() < 0.5:
            groups.append(districts[i : i + 2])
            i += 2
        else:
            groups.append([districts[i]])
            i += 1
    merged: list[list[str]] = []
    for g in groups:
        if all(d in plan.NO_HOST_DISTRICTS for d in g) and merged:
            merged[-1].extend(g)
            continue
        merged.append(g)
    if all(d in plan.NO_HOST_DISTRICTS for d in merged[0]) and len(merged) > 1:
        merged[1] = merged[0] + merged[1]
        merged.pop(0)
    return merged


def _add_plazas(b: Builder, ward: str) -> None:
    wk = b.wk(ward)
    for g in _plaza_groups(b, ward):
        host = next(d for d in g if d not in plan.NO_HOST_DISTRICTS)
        dja = b.dname(host).removesuffix("地区")
        dk = host.split("-", 1)[1]
        plaza = add_org(
            b, f"org-{wk}-plaza-{dk}", f"{dja}地域ケアプラザ", "community_care_plaza", host
        )
        houkatsu = add_org(
            b,
            f"org-{wk}-houkatsu-{dk}",
            f"{dja}地域包括支援センター",
            "community_support_center",
            host,
        )
        b.plaza_districts[plaza] = list(g)
        for d in g:
            b.plaza_of[d] = plaza
            b.houkatsu_of[d] = houkatsu


def _add_ward_facilities(b: Builder, ward: str) -> None:
    """One or two activity homes, a life-support centre and a childcare base per ward."""
    wk, wja = b.wk(ward), b.area[ward].name
    eligible = [d for d in b.districts_of_ward[ward] if d not in plan.NO_HOST_DISTRICTS]
    # two homes where a disability network is planted (the island and the missing bridge)
    two = b.scale >= 0.5 or wk in (plan.BRIDGE_PLAZA_WARD, plan.MISSING_BRIDGE_WARD)
    n_homes = 2 if two else 1
    for i in range(n_homes):
        word = b.pick(places.POOL)
        add_org(
            b,
            f"org-{wk}-ahome-{i + 1}",
            f"{wja}地域活動ホーム「{word}」",
            "community_activity_home",
            b.pick(eligible),
        )
    add_org(b, f"org-{wk}-lsc", f"{wja}生活支援センター", "life_support_center", b.pick(eligible))
    add_org(
        b,
        f"org-{wk}-kosodate",
        f"{wja}地域子育て支援拠点「{b.pick(places.POOL)}」",
        "childcare_support_base",
        b.pick(eligible),
    )


def _add_flex_orgs(b: Builder, ward: str, share: float) -> None:
    """The freely scaling kinds, in districts drawn by population."""
    districts = [d for d in b.districts_of_ward[ward] if d != plan.ISOLATED_DISTRICT]
    dweights = [b.area[d].population or 1 for d in districts]
    for kind, base in FLEX_KINDS.items():
        for _ in range(max(1, round(base * b.scale * share))):
            d = b.rng.choices(districts, weights=dweights)[0]
            _add_flex(b, ward, kind, d)


def _add_flex(b: Builder, ward: str, kind: str, district: str) -> str:
    rng = b.rng
    dja = b.dname(district).removesuffix("地区")
    where = b.spot(district, 0.5)
    oid = b.next_id(f"org-{b.wk(ward)}-{kind.replace('_', '')}")
    word = b.pick(places.POOL)
    if kind == "school":
        level = "小学校" if rng.random() < 0.65 else "中学校"
        names = [f"横浜市立{dja}{m}{level}" for m in places.SCHOOL_NAME_MARKS]
        return add_org(b, oid, b.first_free(names), kind, where)
    if kind == "nursery":
        return add_org(b, oid, f"{word}保育園", kind, where)
    if kind == "care_facility":
        form = b.pick(places.CARE_FACILITY_FORMS)
        return add_org(b, oid, f"{form}{dja}{word}苑", kind, where)
    if kind == "medical":
        return add_org(b, oid, f"{dja}{word}{b.pick(places.MEDICAL_WORDS)}", kind, where)
    if kind == "company":
        cw = b.pick(places.COMPANY_WORDS)
        names = [f"株式会社{word}{cw}", f"{dja}{cw}株式会社", f"株式会社{dja}{word}{cw}"]
        return add_org(b, oid, b.first_free(names), kind, where)
    if kind == "npo":
        theme = b.pick(tuple(NPO_THEMES))
        tword, sectors, prov = NPO_THEMES[theme]
        provides = [n for n in prov if rng.random() < 0.75] or [prov[0]]
        name = f"NPO法人{word}{tword}{b.pick(places.NPO_SUFFIXES)}"
        b.npo_theme[oid] = theme
        return add_org(b, oid, name, kind, where, provides=provides, sectors=sectors)
    if kind == "volunteer_group":
        vword = b.pick(tuple(VOLUNTEER_THEMES))
        name = f"{dja}{vword}ボランティア{b.pick(places.VOLUNTEER_GROUP_SUFFIXES)}"
        provides = list(VOLUNTEER_THEMES[vword])
        return add_org(b, oid, name, kind, where, provides=provides, sectors=["地域", "福祉"])
    if kind == "public_facility":
        form = b.pick(places.PUBLIC_FACILITY_FORMS)
        return add_org(b, oid, f"{dja}{form}", kind, where)
    return add_org(b, oid, f"{dja}{word}", kind, where)


def _add_named_orgs(b: Builder) -> None:
    for n in plan.NAMED_ORGS:
        add_org(
            b,
            n.id,
            n.name,
            n.kind,
            n.area,
            provides=n.provides,
            sectors=n.sectors,
            valid_from=n.valid_from,
            valid_to=n.valid_to,
        )
        if n.npo_theme is not None:
            b.npo_theme[n.id] = n.npo_theme
    # every organisation located in the fully isolated district has no tie at all
    b.no_tie = set(b.orgs_in_district[plan.ISOLATED_DISTRICT])
    for o in b.no_tie:
        b.org[o].provides = []
    b.no_member = b.no_tie | set(b.orgs_in_district[plan.NO_MEMBER_DISTRICT]) | b.closed
