"""The view graph of a map: what is on the city map and on an area map."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from synth import synthetic_release

from netmap.disclosure.release import Release
from netmap.errors import NotFound
from netmap.viz.view import MapAnalyses, build_view


def _cats(V: nx.MultiDiGraph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for n, d in V.nodes(data=True):
        out.setdefault(d["category"], set()).add(n)
    return out


def _residents_with_needs(G: nx.MultiDiGraph, areas: set[str]) -> int:
    """Residents with at least one need living in ``areas``, counted on the graph."""
    return sum(
        1
        for r, d in G.nodes(data=True)
        if d["label"] == "Resident"
        and any(e["type"] == "LIVES_IN" and a in areas for _, a, e in G.out_edges(r, data=True))
        and any(e["type"] == "HAS_NEED" for _, _, e in G.out_edges(r, data=True))
    )


def test_city_view_shows_wards_and_districts_only(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    G, residents = city
    V = build_view(G, release=city_release)
    cats = _cats(V)
    assert set(cats) == {"Area"}
    assert cats["Area"] == {"city", "w00", "w01"} | {
        f"w0{w}d0{d}" for w in (0, 1) for d in range(3)
    }
    assert V.graph["view"] == "city"
    assert {n for n, d in V.nodes(data=True) if d.get("drilldown")} == {"w00", "w01"}
    assert not set(residents) & set(V.nodes)
    # a ward's count (shown: both are large) is every resident with needs living in it
    for w, n in (("w00", 51), ("w01", 49)):
        districts = {f"{w}d0{d}" for d in range(3)}
        assert V.nodes[w]["counts"]["residents_with_needs"] == n
        assert _residents_with_needs(G, {w} | districts) == n
    assert V.nodes["w00d00"]["counts"]["residents_with_needs"] == _residents_with_needs(
        G, {"w00d00"}
    )
    assert V.nodes["w00d00"]["stats"]["organisations"] == sum(
        1 for s, t, d in G.edges(data=True) if d["type"] == "LOCATED_IN" and t == "w00d00"
    )


def test_area_view_shows_its_organisations_activities_networks(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    G, residents = city
    V = build_view(G, release=city_release, area="w00")
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


def test_analysis_figures_reach_the_view(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    G, _ = city
    an = MapAnalyses.from_release(city_release)
    V = build_view(G, release=city_release, area="w00", analyses=an)
    gap_areas = {g["area_id"] for g in an.gaps if g["area_id"].startswith("w00")}
    assert gap_areas and {n for n, d in V.nodes(data=True) if d.get("gaps")} == gap_areas
    for n in gap_areas:  # the rows of the release, in its order
        rows = [g for g in an.gaps if g["area_id"] == n][:8]
        assert [(g["need"], g["demand"]) for g in V.nodes[n]["gaps"]] == [
            (g["need"], g["demand"]) for g in rows
        ]
    isolated = {i["area_id"]: i for i in an.isolated}
    with_iso = {n for n, d in V.nodes(data=True) if "isolation" in d}
    assert with_iso and with_iso == set(isolated) & set(V)
    # the same view without analyses passed reads them from the release itself
    W = build_view(G, release=city_release, area="w00")
    assert dict(W.nodes(data=True)) == dict(V.nodes(data=True))
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


def test_the_view_is_on_the_releases_reference_date(
    city: tuple[nx.MultiDiGraph, list[str]],
) -> None:
    G, _ = city
    H = G.copy()
    H.nodes["w00d00-o00"]["valid_to"] = "2024-03-31"
    may = build_view(H, release=synthetic_release(H), area="w00")
    assert "w00d00-o00" not in may
    assert (may.graph["as_of"], may.graph["period_start"]) == ("2024-05-31", "2024-05-01")
    february = synthetic_release(H, reference=dt.date(2024, 2, 29))
    feb = build_view(H, release=february, area="w00")
    assert "w00d00-o00" in feb
    assert (feb.graph["as_of"], feb.graph["period_start"]) == ("2024-02-29", "2024-02-01")
    assert feb.graph["release"] == "month-2024-02-29"


def test_unknown_area_is_not_found(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    with pytest.raises(NotFound):
        build_view(city[0], release=city_release, area="nowhere")
