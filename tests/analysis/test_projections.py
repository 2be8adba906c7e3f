"""Projections: the as-of view, level roll-up, the organisation graph and working ties."""

from __future__ import annotations

from typing import Any

import networkx as nx

from netmap.analysis import area_rollup, as_of_view, organisation_graph, working_ties
from netmap.analysis.projections import area_ancestors, round9


def test_as_of_view_nodes_edges_and_referrals(gb: Any) -> None:
    gb.city_ward()
    gb.org("old", "w", valid_to="2023-03-31")
    gb.org("new", "w", valid_from="2024-04-01")
    gb.org("always", "w")
    gb.net("n", valid_from="2022-01-01", valid_to="2022-12-31")
    gb.member("always", "n")
    gb.member("new", "n", valid_to="2024-04-30")
    gb.partner("always", "new", valid_from="2024-05-01")
    gb.ref("f", "always", "new", "food", date="2024-04-15")
    G = gb.graph()
    v = as_of_view(G, "2024-04-15")
    assert {n for n, d in v.nodes(data=True) if d["label"] in ("Organisation", "Network")} == {
        "new",
        "always",
    }
    assert "f" in v
    assert not any(d["type"] == "PARTNERS_WITH" for _, _, d in v.edges(data=True))
    v2 = as_of_view(G, "2024-04-14")
    assert "f" not in v2 and "new" in v2
    assert "new" not in as_of_view(G, "2024-03-31")
    v3 = as_of_view(G, "2022-06-01")
    assert {"old", "always", "n"} <= set(v3)
    assert ("always", "n") in {
        (s, t) for s, t, d in v3.edges(data=True) if d["type"] == "MEMBER_OF"
    }
    # the input graph is untouched
    assert G.number_of_nodes() == len(gb.nodes)


def test_as_of_view_returns_input_when_nothing_changes(gb: Any) -> None:
    gb.city_ward()
    G = gb.graph()
    assert as_of_view(G, "2024-01-01") is G


def test_rollup_levels_and_orphans(gb: Any) -> None:
    gb.city_ward()
    gb.area("d", "district", "w")
    gb.area("n", "neighbourhood", "d")
    gb.area("orphan", "neighbourhood")  # no parent
    G = gb.graph()
    assert area_rollup(G, "district") == {"c": None, "w": None, "d": "d", "n": "d", "orphan": None}
    assert area_rollup(G, "ward") == {"c": None, "w": "w", "d": "w", "n": "w", "orphan": None}
    assert area_rollup(G, "city")["n"] == "c"
    assert area_ancestors(G, "n") == ["d", "w", "c"]


def test_organisation_graph_tie_kinds(gb: Any) -> None:
    gb.city_ward()
    gb.net("n")
    gb.org("a", "w", networks=["n"])
    gb.org("b", "w", networks=["n"])
    gb.org("c", "w")
    gb.org("d", "w")
    gb.partner("a", "b")
    gb.act("act", "c", "w")
    gb.ref("f1", "d", "act", "food")  # to an activity: tie to its runner
    gb.ref("f2", "a", "a", "food")  # to itself: no tie
    gb.ref("f3", "c", "a", "food")
    OG = organisation_graph(gb.graph())
    assert {(tuple(sorted(e)), frozenset(d["kinds"])) for *e, d in OG.edges(data=True)} == {
        (("a", "b"), frozenset({"network", "partnership"})),
        (("c", "d"), frozenset({"referral"})),
        (("a", "c"), frozenset({"referral"})),
    }
    assert isinstance(OG, nx.Graph) and not OG.is_directed()
    D = working_ties(gb.graph())
    assert set(D.edges) == {("a", "b"), ("b", "a"), ("d", "c"), ("c", "a")}


def test_round9() -> None:
    assert round9(2 / 3) == 0.666666667
    assert str(round9(-1e-12)) == "0.0"
