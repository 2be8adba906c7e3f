"""Layout: deterministic, stable after an import adds records, every node placed."""

from __future__ import annotations

import math

import networkx as nx
from synth import synthetic_release

from netmap.config import Settings
from netmap.disclosure.release import Release
from netmap.viz.layout import compute_layout, group_extents
from netmap.viz.view import build_view


def _view(G: nx.MultiDiGraph, area: str | None, rel: Release | None = None) -> nx.MultiDiGraph:
    """The published view of ``area`` (from ``rel``, or a release of ``G`` built here)."""
    return build_view(G, release=rel or synthetic_release(G), area=area)


def _shuffled_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same data inserted in a different order (as another store might export it)."""
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    for n in reversed(list(G.nodes)):
        H.add_node(n, **G.nodes[n])
    for s, t, k, d in reversed(list(G.edges(keys=True, data=True))):
        H.add_edge(s, t, key=k, **d)
    return H


def test_same_data_same_positions(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    G, _ = city
    S = _shuffled_copy(G)
    shuffled = synthetic_release(S)
    for area in (None, "w00", "w00d01"):
        V = _view(G, area, city_release)
        first = compute_layout(V)
        assert compute_layout(V) == first
        assert compute_layout(_view(S, area, shuffled)) == first
        assert set(first) == set(V.nodes)
        assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())


def test_no_two_nodes_on_the_same_spot(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    G, _ = city
    pos = compute_layout(_view(G, "w00", city_release))
    assert len(set(pos.values())) == len(pos)


def test_existing_nodes_keep_positions_after_additions(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    G, _ = city
    before = compute_layout(_view(G, "w00", city_release))
    G2 = G.copy()
    # an import adds an organisation with an activity in a district, and a new district
    G2.add_node("new-org", label="Organisation", name="NPO法人あたらしい風", kind="npo")
    G2.add_edge("new-org", "w00d01", key="LOCATED_IN", type="LOCATED_IN")
    G2.add_node("new-act", label="Activity", name="新しいサロン", kind="salon")
    G2.add_edge("new-org", "new-act", key="RUNS", type="RUNS")
    G2.add_edge("new-act", "w00d01", key="HELD_IN", type="HELD_IN")
    G2.add_node("w00d99", label="Area", name="新設地区", level="district")
    G2.add_edge("w00d99", "w00", key="PART_OF", type="PART_OF")
    V2 = _view(G2, "w00")
    after = compute_layout(V2, previous=before)
    assert {n: after[n] for n in before} == before
    new = set(after) - set(before)
    assert new == {"new-org", "new-act", "w00d99"}
    for n in new:  # new nodes do not sit on old ones
        assert min(math.dist(after[n], p) for p in before.values()) > 10
    # the new organisation lands near its district's other members
    d01 = [before[n] for n, d in V2.nodes(data=True) if d.get("group") == "w00d01" and n in before]
    cx = sum(p[0] for p in d01) / len(d01)
    cy = sum(p[1] for p in d01) / len(d01)
    spread = max(math.dist((cx, cy), p) for p in d01)
    assert math.dist((cx, cy), after["new-org"]) < spread * 2


def test_previous_positions_of_removed_nodes_are_ignored(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    G, _ = city
    V = _view(G, "w01", city_release)
    prev = {**compute_layout(V), "gone": (1.0, 2.0)}
    assert "gone" not in compute_layout(V, previous=prev)


def test_groups_are_discs_that_do_not_overlap(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    G, _ = city
    for area in (None, "w00"):
        V = _view(G, area, city_release)
        ext = group_extents(V, compute_layout(V))
        discs = list(ext.values())
        assert len(discs) >= 2
        for i, a in enumerate(discs):
            for b in discs[i + 1 :]:
                assert math.dist(a[:2], b[:2]) >= (a[2] + b[2]) * 0.9


def test_layout_of_a_large_view_is_computed(city_settings: Settings) -> None:
    """Thousands of nodes: no force simulation, just placement (no timing asserted)."""
    from synth import synthetic_graph

    G, _ = synthetic_graph(
        wards=1, districts=40, orgs_per_district=(30, 40), residents_per_district=(0, 2)
    )
    V = _view(G, "w00")
    assert V.number_of_nodes() > 1500
    pos = compute_layout(V)
    assert len(pos) == V.number_of_nodes()
    assert len(set(pos.values())) == len(pos)
