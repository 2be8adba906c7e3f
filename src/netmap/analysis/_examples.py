"""A tiny community-support graph for the doctests of :mod:`netmap.analysis`.

One city ``c`` with one ward ``w`` and two districts ``d1`` (港北第一) and ``d2``::

    o1 NPO (d1) ─ member of n1 ─ o2 care plaza (d2) ─ member of n2 ─ o4 school (d2)
    o3 ward office (w), no network; partners with o2
    a1 salon in d1 (run by o1, addresses isolation)
    a2 food support in d2 (run by o2, addresses food)
    residents r1, r2 in d1 need food; r3 in d2 needs food; r4 in w needs debt
    referral f1: o1 -> a2 about food for r1, accepted; f2: o3 -> o1 about food, open
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from netmap.model.graph import build_graph


def tiny_graph() -> nx.MultiDiGraph:
    nodes: list[tuple[str, dict[str, Any]]] = [
        ("Area", {"id": "c", "name": "横浜市", "level": "city"}),
        ("Area", {"id": "w", "name": "港北区", "level": "ward"}),
        ("Area", {"id": "d1", "name": "港北第一", "level": "district"}),
        ("Area", {"id": "d2", "name": "港北第二", "level": "district"}),
        ("Organisation", {"id": "o1", "name": "NPOひだまり", "kind": "npo"}),
        ("Organisation", {"id": "o2", "name": "第二ケアプラザ", "kind": "community_care_plaza"}),
        ("Organisation", {"id": "o3", "name": "港北区生活支援課", "kind": "welfare_office"}),
        ("Organisation", {"id": "o4", "name": "第二小学校", "kind": "school"}),
        ("Network", {"id": "n1", "name": "地域ケア会議", "kind": "field"}),
        ("Network", {"id": "n2", "name": "子育て支援ネットワーク", "kind": "field"}),
        (
            "Activity",
            {"id": "a1", "name": "いきいきサロン", "kind": "salon", "target_groups": ["elderly"]},
        ),
        (
            "Activity",
            {
                "id": "a2",
                "name": "こども食堂",
                "kind": "food_support",
                "target_groups": ["children"],
            },
        ),
        ("Need", {"id": "food", "name_ja": "食", "name_en": "Food"}),
        ("Need", {"id": "isolation", "name_ja": "孤立・社会参加", "name_en": "Isolation"}),
        ("Need", {"id": "debt", "name_ja": "債務", "name_en": "Debt"}),
        ("Resident", {"id": "r1"}),
        ("Resident", {"id": "r2"}),
        ("Resident", {"id": "r3"}),
        ("Resident", {"id": "r4"}),
        ("Referral", {"id": "f1", "date": "2024-05-01", "status": "accepted"}),
        ("Referral", {"id": "f2", "date": "2024-06-01", "status": "open"}),
    ]
    rels: list[tuple[str, str, str, dict[str, Any]]] = [
        ("PART_OF", "w", "c", {}),
        ("PART_OF", "d1", "w", {}),
        ("PART_OF", "d2", "w", {}),
        ("LOCATED_IN", "o1", "d1", {}),
        ("LOCATED_IN", "o2", "d2", {}),
        ("LOCATED_IN", "o3", "w", {}),
        ("LOCATED_IN", "o4", "d2", {}),
        ("MEMBER_OF", "o1", "n1", {"role": "member"}),
        ("MEMBER_OF", "o2", "n1", {"role": "chair"}),
        ("MEMBER_OF", "o2", "n2", {"role": "member"}),
        ("MEMBER_OF", "o4", "n2", {"role": "member"}),
        ("PARTNERS_WITH", "o2", "o3", {"kind": "referral"}),
        ("RUNS", "o1", "a1", {}),
        ("RUNS", "o2", "a2", {}),
        ("HELD_IN", "a1", "d1", {}),
        ("HELD_IN", "a2", "d2", {}),
        ("ADDRESSES", "a1", "isolation", {}),
        ("ADDRESSES", "a2", "food", {}),
        ("LIVES_IN", "r1", "d1", {}),
        ("LIVES_IN", "r2", "d1", {}),
        ("LIVES_IN", "r3", "d2", {}),
        ("LIVES_IN", "r4", "w", {}),
        ("HAS_NEED", "r1", "food", {}),
        ("HAS_NEED", "r2", "food", {}),
        ("HAS_NEED", "r3", "food", {}),
        ("HAS_NEED", "r4", "debt", {}),
        ("FROM", "f1", "o1", {}),
        ("TO", "f1", "a2", {}),
        ("ABOUT", "f1", "food", {}),
        ("CONCERNS", "f1", "r1", {}),
        ("FROM", "f2", "o3", {}),
        ("TO", "f2", "o1", {}),
        ("ABOUT", "f2", "food", {}),
    ]
    return build_graph(nodes, rels)
