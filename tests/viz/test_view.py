"""The view graph of a map: what is on the city map and on an area map."""

from __future__ import annotations

import networkx as nx
import pytest

from netmap.errors import NotFound
from netmap.service.maps import compute_map_analyses
from netmap.viz.view import build_view

from .conftest import AS_OF


def _cats(V: nx.MultiDiGraph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for n, d in V.nodes(data=True):
        out.setdefault(d["category"], set()).add(n)
    return out


def test_city_view_shows_wards_and_districts_only(city: tuple[nx.MultiDiGraph, list[str]]) -> None:
    G, residents = city
    V = build_view(G, as_of=AS_OF)
    cats = _cats(V)
    assert set(cats) == {"Area"}
    assert cats["Area"] == {"city", "w00", "w01"} | {
        f"w0{w}d0{d}" for w in (0, 1) for d in range(3)
    }
    assert V.graph["view"] == "city"
    assert {n for n, d in V.nodes(data=True) if d.get("drilldown")} == {"w00", "w01"}
    assert not set(residents) & set(V.nodes)
    # counts are raw here (redaction comes next) and add up per ward
    for w in ("w00", "w01"):
        parts = sum(V.nodes[f"{w}d0{d}"]["counts"]["residents_with_needs"] for d in range(3))
        assert V.nodes[w]["counts"]["residents_with_needs"] == parts
    assert V.nodes["w00d00"]["stats"]["organisations"] == sum(
        1 for s, t, d in G.edges(data=True) if d["type"] == "LOCATED_IN" and t == "w00d00"
    )


def test_area_view_shows_its_organisations_activities_networks(
    city: tuple[nx.MultiDiGraph, list[str]],
) -> None:
    G, residents = city
    V = build_view(G, area="w00", as_of=AS_OF)
    cats = _cats(V)
    located = {
        s for s, t, d in G.edges(data=True) if d["type"] == "LOCATED_IN" and t.startswith("w00")
    }
    assert cats["Organisation"] == located
    held = {s for s, t, d in G.edges(data=True) if d["type"] == "HELD_IN" and t.startswith("w00")}
    assert cats["Activity"] == held
    assert {n for n in cats["Network"]} == {
        n for n in G if n.startswith("w00") and G.nodes[n]["label"] == "Network"
    }
    assert "Resident" not in cats and "Referral" not in cats and "Need" not in cats
    # district teams sit in their district; ward-wide networks in the middle
    assert V.nodes["w00d01-team"]["group"] == "w00d01"
    assert V.nodes["w00-n-care"]["group"] == ""
    # activities orbit the organisation that runs them
    act = next(iter(cats["Activity"]))
    assert V.nodes[act]["anchor"] in cats["Organisation"]
    types = {d["type"] for _, _, d in V.edges(data=True)}
    assert {"member_of", "runs", "referral"} <= types
    assert not set(residents) & set(V.nodes)


def test_analysis_figures_reach_the_view(city: tuple[nx.MultiDiGraph, list[str]]) -> None:
    G, _ = city
    an = compute_map_analyses(G, as_of=AS_OF)
    V = build_view(G, area="w00", as_of=AS_OF, analyses=an)
    gap_areas = {g.area_id for g in an.gaps if g.area_id.startswith("w00")}
    assert {n for n, d in V.nodes(data=True) if d.get("gaps")} == gap_areas
    ranked = {
        n: d["bridge"]["rank"] for n, d in V.nodes(data=True) if (d.get("bridge") or {}).get("rank")
    }
    assert ranked and sorted(ranked.values())[0] >= 1
    # the layer marks the five best bridges of this map
    best = sorted(
        (
            b
            for b in (an.bridges.bridges if an.bridges else [])
            if b.score > 0 and b.organisation_id in V
        ),
        key=lambda b: (-b.score, b.organisation_id),
    )[:5]
    assert [o for o, _ in sorted(ranked.items(), key=lambda kv: kv[1])] == [
        b.organisation_id for b in best
    ]


def test_as_of_leaves_out_records_not_valid_then(city: tuple[nx.MultiDiGraph, list[str]]) -> None:
    G, _ = city
    H = G.copy()
    H.nodes["w00d00-o00"]["valid_to"] = "2024-03-31"
    assert "w00d00-o00" not in build_view(H, area="w00", as_of=AS_OF)
    assert "w00d00-o00" in build_view(H, area="w00", as_of="2024-03-01")


def test_unknown_area_is_not_found(city: tuple[nx.MultiDiGraph, list[str]]) -> None:
    with pytest.raises(NotFound):
        build_view(city[0], area="nowhere", as_of=AS_OF)
