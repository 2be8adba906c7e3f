"""Bridge organisations: classic graphs against networkx, the articulation rule, the score,
missing bridges."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from netmap.analysis import organisation_graph, rank_bridges
from netmap.analysis.bridges import betweenness, burt_constraint, network_articulation_points


def _florentine(gb: Any) -> nx.MultiDiGraph:
    F = nx.florentine_families_graph()
    for fam in F:
        gb.org(fam, name=fam)
    gb.org("Pucci", name="Pucci")  # the classic isolate
    for a, b in F.edges:
        gb.partner(a, b, kind="marriage")
    return gb.graph()


def test_florentine_betweenness_and_constraint_match_networkx(gb: Any) -> None:
    G = _florentine(gb)
    F = nx.florentine_families_graph()
    F.add_node("Pucci")
    assert nx.utils.graphs_equal(nx.Graph(organisation_graph(G).edges), nx.Graph(F.edges))
    rep = rank_bridges(G)
    got = {b.organisation_id: b for b in rep.bridges}
    nx_b = nx.betweenness_centrality(F, normalized=True)
    nx_c = nx.constraint(F)
    for fam, b in got.items():
        assert b.betweenness == round(nx_b[fam], 9)
        if fam == "Pucci":
            assert b.constraint is None
        else:
            assert b.constraint == round(nx_c[fam], 9)
    medici = got["Medici"]
    assert medici.betweenness == max(b.betweenness for b in rep.bridges)
    assert medici.constraint == min(b.constraint for b in rep.bridges if b.constraint is not None)
    assert (got["Pucci"].score, got["Pucci"].betweenness) == (0.0, 0.0)
    assert rep.bridges[0].organisation_id == "Medici"


@pytest.mark.parametrize("method", ["numba", "rustworkx", "networkx"])
def test_betweenness_methods_agree(method: str) -> None:
    pytest.importorskip(method if method != "networkx" else "networkx")
    G = nx.karate_club_graph()
    vals, how = betweenness(G, method=method)  # type: ignore[arg-type]
    assert how.startswith(f"exact ({method}")
    ref = nx.betweenness_centrality(G, normalized=True)
    assert {n: round(v, 9) for n, v in vals.items()} == {n: round(v, 9) for n, v in ref.items()}


@pytest.mark.parametrize("seed", [0, 1])
def test_constraint_matches_networkx(seed: int) -> None:
    G = nx.gnp_random_graph(40, 0.12, seed=seed)
    G.add_node("lonely")
    ours = burt_constraint(G)
    ref = nx.constraint(G)
    for n in G:
        if G.degree(n) == 0:
            assert ours[n] is None
        else:
            assert ours[n] == pytest.approx(ref[n], abs=1e-12)


def _two_networks(gb: Any) -> None:
    gb.city_ward()
    gb.area("d1", "district", "w")
    gb.net("n1", name="地域ケア会議")
    gb.net("n2", name="子育て支援ネットワーク")
    for o in ("a", "b"):
        gb.org(o, "d1", networks=["n1"])
    for o in ("c", "d"):
        gb.org(o, "d1", networks=["n2"])


def test_articulation_only_between_network_members(gb: Any) -> None:
    _two_networks(gb)
    gb.org("x", "d1")  # not a member: bridges b (n1) and c (n2)
    gb.partner("x", "b")
    gb.partner("x", "c")
    gb.org("leaf", "d1")  # a single partner hanging off a
    gb.partner("a", "leaf")
    rep = rank_bridges(gb.graph())
    arts = {b.organisation_id for b in rep.bridges if b.articulation_point}
    # x, b and c separate n1 members from n2 members; a only detaches its partner "leaf"
    assert arts == {"b", "c", "x"}
    assert sorted(nx.articulation_points(organisation_graph(gb.graph()))) == ["a", "b", "c", "x"]


def test_network_articulation_points_on_a_chain() -> None:
    G = nx.path_graph(["m1", "p", "q", "m2", "r"])
    members = {"m1": True, "m2": True}
    assert network_articulation_points(G, members) == {"p", "q"}
    assert network_articulation_points(G, {"m1": True}) == set()


def test_score_why_and_order(gb: Any) -> None:
    _two_networks(gb)
    gb.org("both", "d1", networks=["n1", "n2"], name="ケアプラザ")
    gb.org("alone", "d1")
    rep = rank_bridges(gb.graph())
    order = [b.organisation_id for b in rep.bridges]
    # every other organisation scores 0 (one network each, or no ties): ordered by id
    assert order == ["both", "a", "alone", "b", "c", "d"]
    top = rep.bridges[0]
    assert top.networks == ["n1", "n2"]
    assert top.articulation_point is True
    # L = 2 networks, highest betweenness: 0.5 * 1/2 + 0.5 * 1
    assert top.score == 0.75
    assert "「地域ケア会議」" in top.why and "「子育て支援ネットワーク」" in top.why
    assert all(b.score == 0.0 for b in rep.bridges[1:])
    alone = rep.bridges[2]
    assert (alone.score, alone.constraint, alone.networks) == (0.0, None, [])
    assert "つながりが記録されていません" in alone.why
    assert rep.betweenness_method.startswith("exact")


def test_partner_reaching_another_network_raises_score(gb: Any) -> None:
    _two_networks(gb)
    gb.org("npo", "d1")
    gb.partner("npo", "a")
    gb.partner("npo", "c")
    rep = rank_bridges(gb.graph())
    npo = next(b for b in rep.bridges if b.organisation_id == "npo")
    assert npo.networks == []
    assert "「地域ケア会議」" in npo.why and "どのネットワークにも参加していません" in npo.why
    assert rep.bridges[0].organisation_id == "npo"


def test_brokerage_groups_are_first_sector_else_kind(gb: Any) -> None:
    gb.city_ward()
    gb.org("school", "w", kind="school", sectors=["教育", "福祉"])
    gb.org("plaza", "w", kind="community_care_plaza", sectors=["福祉"])
    gb.org("npo", "w", kind="npo")
    gb.ref("f1", "school", "plaza", "food")
    gb.ref("f2", "plaza", "npo", "food")
    (plaza,) = [b for b in rank_bridges(gb.graph()).bridges if b.organisation_id == "plaza"]
    # 教育 -> 福祉 -> npo: three groups
    assert plaza.brokerage.liaison == 1 and plaza.brokerage.gatekeeper == 0


def test_partnerships_are_ties_both_ways_for_brokerage(gb: Any) -> None:
    gb.city_ward()
    for o in ("a", "b", "c"):
        gb.org(o, "w", sectors=["福祉"])
    gb.partner("a", "b")
    gb.partner("b", "c")
    (b,) = [x for x in rank_bridges(gb.graph()).bridges if x.organisation_id == "b"]
    assert b.brokerage.coordinator == 2  # (a, c) and (c, a)


def test_as_of_drops_ended_ties(gb: Any) -> None:
    _two_networks(gb)
    gb.org("x", "d1")
    gb.partner("x", "b", valid_to="2023-12-31")
    gb.partner("x", "c")
    G = gb.graph()
    old = {b.organisation_id: b for b in rank_bridges(G, as_of="2023-06-01").bridges}
    new = {b.organisation_id: b for b in rank_bridges(G, as_of="2024-06-01").bridges}
    assert old["x"].articulation_point and not new["x"].articulation_point
    assert old["x"].betweenness > 0 and new["x"].betweenness == 0


def test_missing_bridges(gb: Any) -> None:
    c, w = gb.city_ward()
    gb.area("w2", "ward", c)
    gb.area("d1", "district", w)
    gb.area("d2", "district", "w2")
    gb.net("big", covers=[w])
    gb.net("small")
    gb.net("linked")
    gb.net("elsewhere", covers=["d2"])
    for i in range(3):
        gb.org(f"big{i}", "d1", networks=["big"])
    gb.org("small0", "d1", networks=["small"])
    gb.org("linked0", "d1", networks=["linked"])
    gb.partner("linked0", "big0")  # tie: "linked" is bridged to "big"
    gb.org("linked1", "d1", networks=["linked", "small"])  # common member with "small"
    gb.org("far0", "d2", networks=["elsewhere"])
    gb.org("hub", "d1")  # tied to members of big and small
    gb.partner("hub", "big1")
    gb.partner("hub", "small0")
    gb.org("office", w)  # ward level: in the ward, betweenness > 0
    gb.partner("office", "linked0")
    gb.partner("office", "far0")
    rep = rank_bridges(gb.graph())
    # big-small are tied through hub? hub is not a member: no member-member tie -> missing
    assert [(m.network_ids, m.ward_id) for m in rep.missing_bridges] == [(["big", "small"], "w")]
    (m,) = rep.missing_bridges
    # linked0 is tied to big0 and (through the "linked" network) to linked1, a small member
    tied = [c.organisation_id for c in m.candidates if c.reason == "tied_to_both"]
    assert sorted(tied) == ["hub", "linked0"]
    assert [c.reason for c in m.candidates] == ["tied_to_both"] * 2 + ["high_betweenness"] * (
        len(m.candidates) - 2
    )
    assert "office" in {c.organisation_id for c in m.candidates[2:]}
    assert rank_bridges(gb.graph(), top=0).missing_bridges == []
    assert rank_bridges(gb.graph(), area="w2").missing_bridges == []
    assert [x.ward_id for x in rank_bridges(gb.graph(), area="d1").missing_bridges] == ["w"]


def test_missing_bridge_order_by_member_count(gb: Any) -> None:
    gb.city_ward()
    gb.area("d1", "district", "w")
    sizes = {"n-a": 1, "n-b": 2, "n-c": 4}
    for net, k in sizes.items():
        gb.net(net)
        for i in range(k):
            gb.org(f"{net}-{i}", "d1", networks=[net])
    rep = rank_bridges(gb.graph())
    assert [m.network_ids for m in rep.missing_bridges] == [
        ["n-b", "n-c"],
        ["n-a", "n-c"],
        ["n-a", "n-b"],
    ]
    assert [m.network_ids for m in rank_bridges(gb.graph(), top=1).missing_bridges] == [
        ["n-b", "n-c"]
    ]


def test_area_filter_and_top(gb: Any) -> None:
    _two_networks(gb)
    gb.area("d2", "district", "w")
    gb.org("far", "d2", networks=["n1"])
    full = rank_bridges(gb.graph())
    only = rank_bridges(gb.graph(), area="d2")
    assert [b.organisation_id for b in only.bridges] == ["far"]
    # computed on the whole graph: the same values as in the full ranking
    assert only.bridges[0] == next(b for b in full.bridges if b.organisation_id == "far")
    assert len(rank_bridges(gb.graph(), top=2).bridges) == 2


def test_betweenness_from_concurrent_threads() -> None:
    """The API computes from a thread pool: concurrent calls give the same values."""
    from concurrent.futures import ThreadPoolExecutor

    G = nx.florentine_families_graph()
    ref = {n: round(v, 9) for n, v in nx.betweenness_centrality(G).items()}
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: betweenness(G)[0], range(8)))
    for vals in results:
        assert {n: round(v, 9) for n, v in vals.items()} == ref
