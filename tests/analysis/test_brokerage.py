"""Gould–Fernandez brokerage and the participation coefficient, on hand-counted graphs."""

from __future__ import annotations

import random
from itertools import permutations

import networkx as nx
import pytest

from netmap.analysis.brokerage import BROKERAGE_ROLES, brokerage_roles, participation_coefficient


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        ("AAA", "coordinator"),
        ("ABB", "gatekeeper"),
        ("AAB", "representative"),
        ("ABA", "itinerant"),
        ("ABC", "liaison"),
    ],
)
def test_each_role_on_a_two_step_path(groups: str, role: str) -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    r = brokerage_roles(G, dict(zip("abc", groups, strict=True)))
    assert r["b"] == {k: int(k == role) for k in BROKERAGE_ROLES}
    assert sum(r["a"].values()) == sum(r["c"].values()) == 0


def test_hand_counted_graph() -> None:
    # 1,2: A   3,4: B   5,6: C
    G = nx.DiGraph([(1, 2), (2, 3), (3, 4), (4, 5), (2, 5), (1, 3), (5, 6), (6, 2)])
    groups = {1: "A", 2: "A", 3: "B", 4: "B", 5: "C", 6: "C"}
    r = brokerage_roles(G, groups)
    # 2 brokers (1,5) rep; (6,3) liaison; (6,5) gatekeeper? 6->2->5: C,A,C itinerant
    #   (1,3) closed by 1->3; (6,3): C,A,B liaison
    assert r[2] == {
        "coordinator": 0,
        "gatekeeper": 0,
        "representative": 1,
        "itinerant": 1,
        "liaison": 1,
    }
    # 3 brokers (2,4) and (1,4): A,B,B gatekeeper twice
    assert r[3]["gatekeeper"] == 2 and sum(r[3].values()) == 2
    # 4 brokers (3,5): B,B,C representative
    assert r[4] == dict(r[4], representative=1) and sum(r[4].values()) == 1
    # 5 brokers (4,6): B,C,C gatekeeper; (2,6): A,C,C gatekeeper
    assert r[5]["gatekeeper"] == 2 and sum(r[5].values()) == 2
    # 6 brokers (5,2): C,C,A representative
    assert r[6]["representative"] == 1 and sum(r[6].values()) == 1
    assert sum(r[1].values()) == 0


def test_reciprocated_and_closed_pairs() -> None:
    """Only a missing a->c tie makes a brokered pair; c->a does not close it."""
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    r = brokerage_roles(G, {"a": 1, "b": 1, "c": 1})
    assert r["b"]["coordinator"] == 1
    G.add_edge("a", "c")
    assert brokerage_roles(G, {"a": 1, "b": 1, "c": 1})["b"]["coordinator"] == 0


def test_group_attribute_and_self_loops() -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("b", "b")])
    nx.set_node_attributes(G, {"a": "x", "b": "y", "c": "x"}, "sector")
    assert brokerage_roles(G, "sector")["b"]["itinerant"] == 1


def _brute(G: nx.DiGraph, groups: dict[int, str]) -> dict[int, dict[str, int]]:
    out = {n: dict.fromkeys(BROKERAGE_ROLES, 0) for n in G}
    for a, b, c in permutations(G.nodes, 3):
        if G.has_edge(a, b) and G.has_edge(b, c) and not G.has_edge(a, c):
            ga, gb, gc = groups[a], groups[b], groups[c]
            if ga == gb == gc:
                role = "coordinator"
            elif ga == gc:
                role = "itinerant"
            elif ga == gb:
                role = "representative"
            elif gb == gc:
                role = "gatekeeper"
            else:
                role = "liaison"
            out[b][role] += 1
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_matches_brute_force_on_random_graphs(seed: int) -> None:
    G = nx.gnp_random_graph(25, 0.15, seed=seed, directed=True)
    rng = random.Random(seed)
    groups = {n: rng.choice("ABC") for n in G}
    assert brokerage_roles(G, groups) == _brute(G, groups)


def test_participation_coefficient() -> None:
    G = nx.Graph([(0, 1), (0, 2), (0, 3), (0, 4), (1, 2), (5, 5)])
    groups = {0: "h", 1: "a", 2: "a", 3: "b", 4: "c", 5: "a"}
    pc = participation_coefficient(G, groups)
    # node 0: 2 ties to a, 1 to b, 1 to c -> 1 - (0.25 + 0.0625 + 0.0625)
    assert pc[0] == pytest.approx(0.625)
    assert pc[1] == pytest.approx(0.5)  # one tie to h, one to a
    assert pc[3] == 0.0 and pc[5] == 0.0  # one group; self-loop only


def test_participation_coefficient_karate_club() -> None:
    G = nx.karate_club_graph()
    pc = participation_coefficient(G, "club")
    for n in G:
        k = G.degree(n)
        same = sum(1 for m in G[n] if G.nodes[m]["club"] == "Mr. Hi")
        expected = 1 - (same / k) ** 2 - ((k - same) / k) ** 2
        assert pc[n] == pytest.approx(expected)
