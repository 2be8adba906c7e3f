"""A deterministic synthetic city for map tests and the map benchmark (no randomness
outside a seeded ``random.Random``). Residents carry pseudonym-shaped ids so tests can scan
rendered maps for them. Every referral is dated :data:`REFERRAL_DATE`, so the release of
:data:`REFERENCE` (that month's end) draws referral links and the next month's none."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import networkx as nx

from netmap.disclosure.release import Release, build_release
from netmap.model.graph import build_graph
from netmap.model.vocab import NEEDS

#: The date of every synthetic referral.
REFERRAL_DATE = "2024-05-01"
#: The month end whose release (period 2024-05-01..2024-05-31) counts those referrals.
REFERENCE = dt.date(2024, 5, 31)
#: The suppression threshold of the test releases (counts 1..9 are hidden).
THRESHOLD = 10
#: A date the services answer from the release of :data:`REFERENCE` (the latest month end
#: on or before it).
AS_OF = "2024-06-15"

WARD_NAMES = [
    "鶴見区", "神奈川区", "西区", "中区", "南区", "港南区", "保土ケ谷区", "旭区", "磯子区",
    "金沢区", "港北区", "緑区", "青葉区", "都筑区", "戸塚区", "栄区", "泉区", "瀬谷区",
]  # fmt: skip
DISTRICT_STEMS = [
    "潮田", "生麦", "寺尾", "馬場", "末吉", "矢向", "市場", "岸谷", "白幡", "菅田", "片倉",
    "六角橋", "浦島", "子安", "大口", "戸部", "藤棚", "本牧", "根岸", "山元", "中村", "井土ケ谷",
]  # fmt: skip
NPO_NAMES = ["ひだまり", "こもれび", "つばさ", "なかよし", "わかば", "ほっと", "みらい", "あおぞら"]
SALONS = [
    "いきいきサロン",
    "ふれあいサロン",
    "子ども食堂",
    "学習支援教室",
    "見守り隊",
    "居場所カフェ",
]


def pseudonym(i: int) -> str:
    return f"R-{i:024x}"


def synthetic_graph(
    *,
    wards: int = 2,
    districts: int = 3,
    seed: int = 7,
    residents_per_district: tuple[int, int] = (0, 30),
    orgs_per_district: tuple[int, int] = (6, 12),
) -> tuple[nx.MultiDiGraph, list[str]]:
    """(graph, resident ids). Ids: ``w{i}``, ``w{i}d{j}``, ``o…``, ``a…``, ``n…``."""
    rnd = random.Random(seed)
    nodes: list[tuple[str, dict[str, Any]]] = []
    rels: list[tuple[str, str, str, dict[str, Any]]] = []
    need_ids = list(NEEDS)
    for nid in need_ids:
        nodes.append(("Need", {"id": nid, "name_ja": NEEDS[nid][0], "name_en": NEEDS[nid][1]}))
    nodes.append(("Area", {"id": "city", "name": "横浜市", "level": "city"}))
    resident_ids: list[str] = []
    r_i = 0
    ref_i = 0
    for w in range(wards):
        wid = f"w{w:02d}"
        wname = WARD_NAMES[w % len(WARD_NAMES)]
        nodes.append(("Area", {"id": wid, "name": wname, "level": "ward"}))
        rels.append(("PART_OF", wid, "city", {}))
        ward_orgs: list[str] = []
        office, council = f"{wid}-office", f"{wid}-council"
        nodes.append(
            ("Organisation", {"id": office, "name": f"{wname}生活支援課", "kind": "welfare_office"})
        )
        nodes.append(
            (
                "Organisation",
                {"id": council, "name": f"{wname}社会福祉協議会", "kind": "social_welfare_council"},
            )
        )
        for o in (office, council):
            rels.append(("LOCATED_IN", o, wid, {}))
        rels.append(("PROVIDES", office, "household_finance", {}))
        rels.append(("PROVIDES", office, "debt", {}))
        fields = [
            (f"{wid}-n-care", "地域ケア会議", "field"),
            (f"{wid}-n-dis", "障害者地域自立支援協議会", "field"),
            (f"{wid}-n-kids", "子育て支援ネットワーク", "field"),
            (f"{wid}-n-bosai", "防災ネットワーク", "theme"),
        ]
        for nid, name, kind in fields:
            nodes.append(("Network", {"id": nid, "name": f"{wname}{name}", "kind": kind}))
            rels.append(("COVERS", nid, wid, {}))
        rels.append(("MEMBER_OF", office, fields[0][0], {"role": "secretariat"}))
        rels.append(("MEMBER_OF", council, fields[0][0], {"role": "member"}))
        rels.append(("MEMBER_OF", council, fields[3][0], {"role": "chair"}))
        all_acts: list[str] = []
        for d in range(districts):
            did = f"{wid}d{d:02d}"
            dname = DISTRICT_STEMS[(w * 5 + d) % len(DISTRICT_STEMS)] + ("" if d < 20 else str(d))
            if d >= len(DISTRICT_STEMS):
                dname = f"{dname}{d}"
            nodes.append(("Area", {"id": did, "name": f"{dname}地区", "level": "district"}))
            rels.append(("PART_OF", did, wid, {}))
            team = f"{did}-team"
            nodes.append(
                ("Network", {"id": team, "name": f"{dname}地区支援チーム", "kind": "area"})
            )
            rels.append(("COVERS", team, did, {}))
            plaza = f"{did}-plaza"
            nodes.append(
                (
                    "Organisation",
                    {"id": plaza, "name": f"{dname}地域ケアプラザ", "kind": "community_care_plaza"},
                )
            )
            orgs = [plaza]
            kinds = [
                "neighbourhood_association", "welfare_commissioner", "npo", "school", "nursery",
                "care_facility", "medical", "company", "volunteer_group", "npo",
            ]  # fmt: skip
            n_orgs = rnd.randint(*orgs_per_district)
            for k in range(n_orgs):
                kind = kinds[k % len(kinds)]
                oid = f"{did}-o{k:02d}"
                label = {
                    "npo": f"NPO法人{rnd.choice(NPO_NAMES)}{dname}",
                    "school": f"{dname}小学校",
                    "nursery": f"{dname}保育園",
                    "care_facility": f"特別養護老人ホーム{dname}苑",
                    "medical": f"{dname}クリニック",
                    "company": f"{dname}商店会",
                    "volunteer_group": f"{dname}ボランティアの会",
                    "neighbourhood_association": f"{dname}第{k + 1}町内会",
                    "welfare_commissioner": f"{dname}地区民生委員児童委員協議会",
                }[kind]
                nodes.append(("Organisation", {"id": oid, "name": label, "kind": kind}))
                orgs.append(oid)
            for o in orgs:
                rels.append(("LOCATED_IN", o, did, {}))
                if rnd.random() < 0.7:
                    rels.append(("MEMBER_OF", o, team, {"role": "member"}))
                if rnd.random() < 0.25:
                    f = rnd.choice(fields[:3])[0]
                    rels.append(("MEMBER_OF", o, f, {"role": "member"}))
                if rnd.random() < 0.3:
                    rels.append(("PROVIDES", o, rnd.choice(need_ids), {}))
            rels.append(("MEMBER_OF", plaza, fields[0][0], {"role": "member"}))
            # activities
            for k, o in enumerate(orgs):
                for j in range(rnd.choice([0, 0, 1, 1, 2])):
                    aid = f"{o}-a{j}"
                    name = f"{rnd.choice(SALONS)}（{dname}）"
                    akind = rnd.choice(
                        ["salon", "place_to_be", "food_support", "learning_support", "watching"]
                    )
                    nodes.append(
                        (
                            "Activity",
                            {
                                "id": aid,
                                "name": name,
                                "kind": akind,
                                "target_groups": [rnd.choice(["children", "elderly", "all"])],
                            },
                        )
                    )
                    rels.append(("RUNS", o, aid, {}))
                    rels.append(("HELD_IN", aid, did, {}))
                    rels.append(("ADDRESSES", aid, rnd.choice(need_ids[:8]), {}))
                    all_acts.append(aid)
                _ = k
            for _ in range(rnd.randint(0, 3)):
                a, b = rnd.sample(orgs, 2)
                rels.append(("PARTNERS_WITH", min(a, b), max(a, b), {"kind": "joint"}))
            # residents
            for _ in range(rnd.randint(*residents_per_district)):
                rid = pseudonym(r_i)
                r_i += 1
                resident_ids.append(rid)
                nodes.append(("Resident", {"id": rid, "age_band": "40s"}))
                rels.append(("LIVES_IN", rid, did, {}))
                for nd in rnd.sample(need_ids, rnd.randint(1, 2)):
                    rels.append(("HAS_NEED", rid, nd, {}))
                if all_acts and rnd.random() < 0.3:
                    rels.append(("PARTICIPATES_IN", rid, rnd.choice(all_acts), {}))
            ward_orgs.extend(orgs)
        # partnerships across districts and referrals
        for _ in range(max(1, districts)):
            a, b = rnd.sample([*ward_orgs, office, council], 2)
            rels.append(("PARTNERS_WITH", min(a, b), max(a, b), {"kind": "referral"}))
        for _ in range(districts * 6):
            ref = f"ref{ref_i:05d}"
            ref_i += 1
            src = rnd.choice([office, council, *ward_orgs[:5]])
            dst = rnd.choice(all_acts + ward_orgs) if all_acts else rnd.choice(ward_orgs)
            status = rnd.choice(["open", "accepted", "accepted", "declined", "closed"])
            nodes.append(("Referral", {"id": ref, "date": REFERRAL_DATE, "status": status}))
            rels.append(("FROM", ref, src, {}))
            rels.append(("TO", ref, dst, {}))
            rels.append(("ABOUT", ref, rnd.choice(need_ids), {}))
            if resident_ids and rnd.random() < 0.5:
                rels.append(("CONCERNS", ref, rnd.choice(resident_ids), {}))
    return build_graph(nodes, rels), resident_ids


def synthetic_release(
    G: nx.MultiDiGraph, *, reference: dt.date = REFERENCE, threshold: int = THRESHOLD
) -> Release:
    """The monthly release of ``G`` for ``reference`` (default: the referrals' month)."""
    return build_release(
        G, reference=reference, period="month", threshold=threshold, data_version="t"
    )
