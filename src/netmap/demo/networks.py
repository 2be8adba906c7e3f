"""Stage 3: the networks and their members. Per ward a care council (地域ケア会議), a
disability council (障害者地域自立支援協議会), a childcare network (子育て支援ネットワーク) and a
disaster-preparedness network (防災); per district a support team (地区別支援チーム);
鶴見区's food-bank network, started in 2025; and the memberships of the planted changes
since the plan's start (:func:`plant_new_members`).

The planted bridges and the missing bridge are set up first
(:func:`plant_bridge_sets`): their organisations stay out of every other network.
"""

from __future__ import annotations

from netmap.demo import plan
from netmap.demo.builder import Builder
from netmap.demo.records import Membership, Network

Members = list[tuple[str, str]]  # (organisation, role)


def add_network(
    b: Builder,
    nid: str,
    name: str,
    kind: str,
    covers: list[str],
    members: Members,
    *,
    valid_from: str | None = None,
) -> str:
    net = Network(nid, name, kind, covers, valid_from=valid_from, verified_on=b.verified())
    b.ds.networks.append(net)
    b.net[nid] = net
    for oid, role in members:
        add_member(b, oid, nid, role, valid_from=valid_from)
    return nid


def add_member(
    b: Builder,
    oid: str,
    nid: str,
    role: str,
    *,
    valid_from: str | None = None,
    valid_to: str | None = None,
) -> None:
    if (oid, nid) in b.member_keys:
        return
    b.member_keys.add((oid, nid))
    b.ds.memberships.append(
        Membership(oid, nid, role, valid_from, valid_to, verified_on=b.verified())
    )


def eligible(b: Builder, ward: str, kind: str) -> list[str]:
    """The ward's organisations of ``kind`` that may join an ordinary network."""
    return [
        o
        for o in b.kind_in_ward[(ward, kind)]
        if o not in b.no_member and o not in b.island_bridge and o not in b.apart
    ]


def plant_bridge_sets(b: Builder) -> None:
    """The organisations behind the planted bridges (each tied to the rest only through
    its bridge) and the two sides of the missing bridge (never tied to each other)."""
    izumi = plan.BRIDGE_COUNCIL_WARD
    izumi_island = (
        b.kind_in_ward[(izumi, "childcare_support_base")][:1]
        + b.kind_in_ward[(izumi, "nursery")][:3]
        + ["org-izumi-child-npo"]
    )
    for o in izumi_island:
        b.island_bridge[o] = b.council[izumi]
    kanazawa = plan.BRIDGE_PLAZA_WARD
    kanazawa_island = (
        b.kind_in_ward[(kanazawa, "community_activity_home")]
        + b.kind_in_ward[(kanazawa, "life_support_center")]
        + ["org-kanazawa-disability-npo"]
    )
    for o in kanazawa_island:
        b.island_bridge[o] = b.plaza_of[plan.BRIDGE_PLAZA_DISTRICT]
    seya = plan.MISSING_BRIDGE_WARD
    seya_d = (
        b.kind_in_ward[(seya, "community_activity_home")]
        + b.kind_in_ward[(seya, "life_support_center")]
        + ["org-seya-disability-npo"]
    )
    seya_k = (
        b.kind_in_ward[(seya, "childcare_support_base")]
        + b.kind_in_ward[(seya, "nursery")][:3]
        + ["org-seya-child-npo"]
    )
    for o in seya_d:
        b.apart[o] = "D"
    for o in seya_k:
        b.apart[o] = "K"
    b.notes["izumi_island"] = izumi_island
    b.notes["kanazawa_island"] = kanazawa_island
    b.notes["seya_d"] = seya_d
    b.notes["seya_k"] = seya_k


def build_networks(b: Builder) -> None:
    plant_bridge_sets(b)
    for ward in b.ward_ids:
        _care_council(b, ward)
        _disability_council(b, ward)
        _childcare_network(b, ward)
        _disaster_network(b, ward)
        for d in b.districts_of_ward[ward]:
            if d not in b.no_fill_districts:  # the fully isolated district has none
                _district_team(b, ward, d)
    # the closed cafeteria sat on 岩間's team until it closed
    add_member(
        b,
        "org-hodogaya-iwama-shokudo",
        plan.CLOSED_TEAM,
        "member",
        valid_from=plan.CLOSED_SINCE,
        valid_to=plan.CLOSED_ON,
    )
    _food_network(b)
    plant_new_members(b)


def plant_new_members(b: Builder) -> None:
    """The children's cafeteria of 2025 joins its district team; the cafeterias' support
    centre joins the wards' childcare networks, one a month from its founding."""
    add_member(
        b, plan.NEW_SHOKUDO_ORG, plan.NEW_SHOKUDO_TEAM, "member", valid_from=plan.NEW_SHOKUDO_FROM
    )
    wards = [w for w in b.ward_ids if w not in plan.NEW_BRIDGE_SKIPS]
    for i, ward in enumerate(wards):
        since = plan.month_after(plan.NEW_BRIDGE_FROM, i)
        add_member(b, plan.NEW_BRIDGE, f"net-{b.wk(ward)}-kosodate", "member", valid_from=since)


def _plazas(b: Builder, ward: str) -> list[str]:
    plazas = sorted(set(b.plaza_of[d] for d in b.districts_of_ward[ward]))
    return [p for p in plazas if p not in b.no_member]


def _commissioners(b: Builder, ward: str) -> list[str]:
    minsei = [b.minsei[d] for d in b.districts_of_ward[ward]]
    return [m for m in minsei if m not in b.no_member and m not in b.out_only]


def _care_council(b: Builder, ward: str) -> None:
    """地域ケア会議: the ward offices, its care plazas and some clinics, care facilities and
    welfare commissioners."""
    houkatsu = sorted(set(b.houkatsu_of[d] for d in b.districts_of_ward[ward]))
    houkatsu = [h for h in houkatsu if h not in b.no_member]
    care = [(b.welfare[ward], "chair"), (b.council[ward], "secretariat")]
    care += [(p, "member") for p in _plazas(b, ward) + houkatsu]
    care += [(o, "member") for o in b.sample(eligible(b, ward, "medical"), 3)]
    care += [(o, "member") for o in b.sample(eligible(b, ward, "care_facility"), 3)]
    care += [(o, "member") for o in b.sample(_commissioners(b, ward), 3)]
    add_network(b, f"net-{b.wk(ward)}-care", f"{b.dname(ward)}地域ケア会議", "field", [ward], care)


def _disability_council(b: Builder, ward: str) -> None:
    """障害者地域自立支援協議会 (only the island, or one side of the missing bridge, where
    those are planted)."""
    if ward == plan.BRIDGE_PLAZA_WARD:
        jiritsu = [(o, "member") for o in b.notes["kanazawa_island"]]
        jiritsu[0] = (jiritsu[0][0], "chair")
        jiritsu.append((b.plaza_of[plan.BRIDGE_PLAZA_DISTRICT], "secretariat"))
    elif ward == plan.MISSING_BRIDGE_WARD:
        jiritsu = [(o, "member") for o in b.notes["seya_d"]]
        jiritsu[0] = (jiritsu[0][0], "chair")
    else:
        jiritsu = [(b.welfare[ward], "chair"), (b.council[ward], "member")]
        homes = eligible(b, ward, "community_activity_home")
        jiritsu += [(o, "secretariat" if i == 0 else "member") for i, o in enumerate(homes)]
        jiritsu += [(o, "member") for o in eligible(b, ward, "life_support_center")]
        npos = [o for o in eligible(b, ward, "npo") if b.npo_theme.get(o) == "disability"]
        jiritsu += [(o, "member") for o in npos]
        jiritsu += [(o, "member") for o in b.sample(eligible(b, ward, "care_facility"), 2)]
        jiritsu += [(o, "member") for o in b.sample(eligible(b, ward, "company"), 2)]
    name = f"{b.dname(ward)}障害者地域自立支援協議会"
    add_network(b, f"net-{b.wk(ward)}-jiritsu", name, "field", [ward], jiritsu)


def _childcare_network(b: Builder, ward: str) -> None:
    """子育て支援ネットワーク (only the island, or the other side of the missing bridge,
    where those are planted)."""
    if ward == plan.BRIDGE_COUNCIL_WARD:
        kosodate = [(b.council[ward], "chair")] + [(o, "member") for o in b.notes["izumi_island"]]
        kosodate[1] = (kosodate[1][0], "secretariat")
    elif ward == plan.MISSING_BRIDGE_WARD:
        kosodate = [(o, "member") for o in b.notes["seya_k"]]
        kosodate[0] = (kosodate[0][0], "chair")
    else:
        kosodate = [(b.welfare[ward], "chair"), (b.council[ward], "member")]
        kosodate += [(o, "secretariat") for o in eligible(b, ward, "childcare_support_base")]
        kosodate += [(o, "member") for o in b.sample(eligible(b, ward, "nursery"), 4)]
        kosodate += [(o, "member") for o in b.sample(eligible(b, ward, "school"), 3)]
        npos = [o for o in eligible(b, ward, "npo") if b.npo_theme.get(o) == "child"]
        kosodate += [(o, "member") for o in npos]
        kosodate += [(o, "member") for o in b.sample(_commissioners(b, ward), 2)]
    name = f"{b.dname(ward)}子育て支援ネットワーク"
    add_network(b, f"net-{b.wk(ward)}-kosodate", name, "field", [ward], kosodate)


def _disaster_network(b: Builder, ward: str) -> None:
    """防災 (a theme network): the ward offices, the district associations, public
    facilities and some care plazas and employers."""
    bousai = [(b.welfare[ward], "chair"), (b.council[ward], "secretariat")]
    rengo = [b.rengo[d] for d in b.districts_of_ward[ward]]
    bousai += [(o, "member") for o in rengo if o not in b.no_member]
    bousai += [(o, "member") for o in eligible(b, ward, "public_facility")]
    bousai += [(o, "member") for o in b.sample(_plazas(b, ward), 2)]
    if ward == plan.BRIDGE_PLAZA_WARD:
        bridge = (b.plaza_of[plan.BRIDGE_PLAZA_DISTRICT], "member")
        if bridge not in bousai:
            bousai.append(bridge)
    bousai += [(o, "member") for o in b.sample(eligible(b, ward, "company"), 2)]
    name = f"{b.dname(ward)}防災ネットワーク"
    add_network(b, f"net-{b.wk(ward)}-bousai", name, "theme", [ward], bousai)


def _district_team(b: Builder, ward: str, d: str) -> None:
    """地区別支援チーム: the district's commissioners and association, its care plaza, the
    ward offices and a school."""
    team: Members = []
    if b.minsei[d] not in b.no_member:
        team.append((b.minsei[d], "chair"))
    if b.rengo[d] not in b.no_member:
        team.append((b.rengo[d], "member"))
    wo_role = "member" if team else "chair"
    team += [(b.plaza_of[d], "member"), (b.houkatsu_of[d], "member")]
    team += [(b.council[ward], "secretariat"), (b.welfare[ward], wo_role)]
    schools = [
        o for o in b.orgs_in_district[d] if b.org[o].kind == "school" and o not in b.no_member
    ]
    team += [(o, "member") for o in schools[:1]]
    dja = b.dname(d).removesuffix("地区")
    nid = f"net-{b.wk(ward)}-team-{d.split('-', 1)[1]}"
    add_network(b, nid, f"{dja}地区別支援チーム", "area", [d], team)


def _food_network(b: Builder) -> None:
    """鶴見区フードバンク連絡会, started in 2025 (``as_of`` matters)."""
    ts = plan.FOOD_NETWORK_WARD
    food = [(b.council[ts], "secretariat"), (b.welfare[ts], "member")]
    food.append((plan.FOOD_BANK, "chair"))
    food += [
        (o, "member")
        for o in eligible(b, ts, "npo")
        if b.npo_theme.get(o) in ("food", "child") and o != plan.FOOD_BANK
    ][:3]
    food += [
        (o, "member") for o in eligible(b, ts, "volunteer_group") if "food" in b.org[o].provides
    ][:2]
    name = "鶴見区フードバンク連絡会"
    add_network(b, plan.FOOD_NETWORK, name, "theme", [ts], food, valid_from=plan.NEW_NETWORK_FROM)
