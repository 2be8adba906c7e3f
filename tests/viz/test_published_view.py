"""Views are published from a release: every count on a map is the release's published
value (a hidden one reads "x"), referral links carry no count, and no resident or pseudonym
reaches a view. Renderers take only views built from a release."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import networkx as nx
import pytest
from synth import REFERENCE, REFERRAL_DATE, THRESHOLD, pseudonym, synthetic_release

from netmap.disclosure.cells import OWN, PUBLISHED_LEVELS
from netmap.disclosure.guard import PSEUDONYM_RE, RedactionError, check_view, require_published
from netmap.disclosure.publish import MARK, count_text, published_gaps
from netmap.disclosure.release import Release
from netmap.viz.view import build_view

AREAS = (None, "w00", "w01", "w00d00", "w01d02")


def _views(G: nx.MultiDiGraph, rel: Release) -> dict[str | None, nx.MultiDiGraph]:
    return {a: build_view(G, release=rel, area=a) for a in AREAS}


def _by_cat(V: nx.MultiDiGraph, cat: str) -> dict[str, dict[str, Any]]:
    return {n: d for n, d in V.nodes(data=True) if d["category"] == cat}


def _assert_shows_the_release(V: nx.MultiDiGraph, rel: Release) -> None:
    """Every resident count of ``V`` is the release's published value; hidden = None/"x"."""
    rows = published_gaps(rel)["gaps"]
    areas = _by_cat(V, "Area")
    published = {n for n, d in areas.items() if d["kind"] in PUBLISHED_LEVELS}
    with_counts = {n for n, d in areas.items() if "counts" in d}
    # every published-level area carries its count (the city map's own area is its title)
    assert published - {V.graph["area_id"] if V.graph["view"] == "city" else None} <= with_counts
    assert with_counts <= published  # finer areas never get a resident count
    for n in with_counts:
        d = areas[n]
        v = rel.shown(("res", n))
        assert d["counts"] == {"residents_with_needs": v}, n
        assert d["counts_text"] == {"residents_with_needs": MARK if v is None else str(v)}, n
        assert d["suppressed"] == ([] if v is not None else ["residents_with_needs"]), n
    for n, d in areas.items():
        for g in d.get("gaps") or []:
            dem = rel.shown(("dem", n, g["need"]))
            assert (g["demand"], g["demand_text"]) == (dem, count_text(dem)), (n, g)
            if dem is None:
                assert g["ratio"] is None and "demand" in g["suppressed"], (n, g)
        if d["kind"] == "district":  # gap rows in the published order, at most eight
            want = [r["need"] for r in rows if r["area_id"] == n][:8]
            assert [g["need"] for g in d["gaps"]] == want, n
        iso = d.get("isolation")
        if iso is not None:
            res, isolated = rel.shown(("res", n)), rel.shown(("iso", n))
            assert (iso["residents_with_needs"], iso["residents_with_needs_text"]) == (
                res,
                count_text(res),
            )
            assert (iso["isolated_residents"], iso["isolated_residents_text"]) == (
                isolated,
                count_text(isolated),
            )
    for x, d in _by_cat(V, "Activity").items():
        v = rel.shown(("part", x))
        assert d["counts"] == {"participants": v}, x
        assert d["counts_text"] == {"participants": count_text(v)}, x
    for cat in ("Organisation", "Network"):
        assert not [n for n, d in _by_cat(V, cat).items() if "counts" in d]
    for s, t, e in V.edges(data=True):
        if e["type"] == "referral":
            assert e == {"type": "referral"}, (s, t, e)  # no count, no statuses
    assert V.graph["published"] is True
    assert (V.graph["release"], V.graph["threshold"]) == (rel.id, rel.threshold)
    assert V.graph["period_start"] == rel.period_start.isoformat()
    assert V.graph["reference_date"] == V.graph["as_of"] == rel.reference_date.isoformat()


# ----------------------------------------------------------------------------- the city


def test_every_count_is_the_releases_published_value(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    G, _ = city
    for V in _views(G, city_release).values():
        _assert_shows_the_release(V, city_release)
        assert require_published(V) == THRESHOLD


def test_small_counts_read_x_and_no_total_gives_one_away(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    """w01 (49) = w01d00 (9, hidden) + w01d01 (24) + w01d02 (16): 16 is hidden too, so 9
    cannot be recovered by subtraction, on any map (city, ward or district)."""
    G, _ = city
    rel = city_release
    assert rel.cells[("res", "w01d00")][0] == 9  # the fixture has a small district
    views = _views(G, rel)
    for area in (None, "w01"):
        nodes = views[area].nodes
        shown = {n: nodes[n]["counts"]["residents_with_needs"] for n in ("w01", "w01d01")}
        assert shown == {"w01": 49, "w01d01": 24}
        for n in ("w01d00", "w01d02"):
            assert nodes[n]["counts"] == {"residents_with_needs": None}
            assert nodes[n]["counts_text"] == {"residents_with_needs": "x"}
            assert nodes[n]["suppressed"] == ["residents_with_needs"]
    own = views["w01d02"].nodes["w01d02"]
    assert own["counts_text"] == {"residents_with_needs": "x"}  # hidden on its own map too
    # every shown total on every map has none or at least two hidden parts
    for V in views.values():
        for p, d in V.nodes(data=True):
            if (d.get("counts") or {}).get("residents_with_needs") is None:
                continue
            parts = [
                n for n, c in V.nodes(data=True) if c.get("parent_area") == p and "counts" in c
            ]
            hidden = [n for n in parts if V.nodes[n]["counts"]["residents_with_needs"] is None]
            if rel.shown(("res", p + OWN)) is None:  # residents recorded at p itself
                hidden.append(p + OWN)
            assert len(hidden) != 1, (p, hidden)
    # activities: every participant count here is small, so every one reads "x"
    acts = _by_cat(views["w00"], "Activity")
    assert acts and {d["counts_text"]["participants"] for d in acts.values()} <= {"x", "0"}


def test_referral_links_are_the_periods_links_without_counts(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    G, _ = city
    rel = city_release
    assert rel.period_start == dt.date(2024, 5, 1) and rel.reference_date == REFERENCE
    V = build_view(G, release=rel, area="w00")
    links = {(s, t) for s, t, e in V.edges(data=True) if e["type"] == "referral"}
    assert links == {(s, t) for s, t in rel.links if s in V and t in V and s != t}
    assert links
    for V in _views(G, rel).values():
        for _, _, e in V.edges(data=True):
            assert "count" not in e and "statuses" not in e and "count_text" not in e
    city_links = [e for _, _, e in build_view(G, release=rel).edges(data=True)]
    assert {"referral", "tie"} <= {e["type"] for e in city_links}


def test_a_month_without_referrals_draws_no_referral_links(
    city: tuple[nx.MultiDiGraph, list[str]],
) -> None:
    G, _ = city
    june = synthetic_release(G, reference=dt.date(2024, 6, 30))
    assert june.links == []
    for area in (None, "w00"):
        V = build_view(G, release=june, area=area)
        assert V.graph["period_start"] == "2024-06-01"
        assert V.graph["as_of"] == "2024-06-30"
        types = {e["type"] for _, _, e in V.edges(data=True)}
        assert "referral" not in types and types  # the other links are still drawn


def test_a_referral_before_the_period_draws_no_link(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    G, _ = city
    V = build_view(G, release=city_release, area="w00")
    s, t = next((s, t) for s, t, e in V.edges(data=True) if e["type"] == "referral")
    H = G.copy()
    moved = [
        r
        for r, d in H.nodes(data=True)
        if d["label"] == "Referral"
        and any(x == s and e["type"] == "FROM" for _, x, e in H.out_edges(r, data=True))
        and any(x == t and e["type"] == "TO" for _, x, e in H.out_edges(r, data=True))
    ]
    assert moved and all(H.nodes[r]["date"] == REFERRAL_DATE for r in moved)
    for r in moved:
        H.nodes[r]["date"] = "2024-04-15"
    W = build_view(H, release=synthetic_release(H), area="w00")
    links = {(a, b) for a, b, e in W.edges(data=True) if e["type"] == "referral"}
    before = {(a, b) for a, b, e in V.edges(data=True) if e["type"] == "referral"}
    assert links == before - {(s, t)}


def test_no_resident_or_pseudonym_in_any_view(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    G, residents = city
    # the fixture's residents have pseudonym-shaped ids, and referrals concern some
    assert residents and all(PSEUDONYM_RE.fullmatch(r) for r in residents)
    assert any(d["type"] == "CONCERNS" for _, _, d in G.edges(data=True))
    for V in _views(G, city_release).values():
        check_view(V)
        assert not set(residents) & set(V.nodes)
        assert "Resident" not in {d["category"] for _, d in V.nodes(data=True)}
        text = json.dumps(
            [list(V.nodes(data=True)), list(V.edges(data=True)), V.graph],
            ensure_ascii=False,
            default=str,
        )
        assert not PSEUDONYM_RE.search(text)


# ----------------------------------------------------------------------------- crafted


@pytest.fixture(scope="module")
def crafted(city: tuple[nx.MultiDiGraph, list[str]]) -> tuple[nx.MultiDiGraph, Release]:
    """The city plus a neighbourhood under w00d00 and twelve residents with the need
    "shopping" in it and in every other district (so shopping demand is shown everywhere);
    the neighbourhood's twelve take part in one activity (17 participants in all)."""
    H = city[0].copy()
    H.add_node("w00d00-n1", label="Area", name="潮田一丁目", level="neighbourhood")
    H.add_edge("w00d00-n1", "w00d00", key="PART_OF", type="PART_OF")
    homes = ["w00d00-n1", "w00d01", "w00d02", "w01d00", "w01d01", "w01d02"]
    for i in range(12 * len(homes)):
        where, r = homes[i // 12], pseudonym(10_000 + i)
        H.add_node(r, label="Resident", age_band="70s")
        H.add_edge(r, where, key="LIVES_IN", type="LIVES_IN")
        H.add_edge(r, "shopping", key="HAS_NEED", type="HAS_NEED")
        if where == "w00d00-n1":
            H.add_edge(r, "w00d00-o02-a0", key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    return H, synthetic_release(H)


def _living_in(H: nx.MultiDiGraph, areas: set[str], need: str | None = None) -> int:
    """Residents with a need (``need``, if given) living in ``areas``, from the graph."""
    n = 0
    for r, d in H.nodes(data=True):
        if d["label"] != "Resident":
            continue
        out = [(x, e["type"]) for _, x, e in H.out_edges(r, data=True)]
        needs = {x for x, typ in out if typ == "HAS_NEED"}
        if any(x in areas and typ == "LIVES_IN" for x, typ in out) and needs:
            n += need is None or need in needs
    return n


def test_neighbourhoods_get_no_count_and_roll_up_to_their_district(
    crafted: tuple[nx.MultiDiGraph, Release],
) -> None:
    H, rel = crafted
    for area in ("w00d00", "w00"):
        V = build_view(H, release=rel, area=area)
        _assert_shows_the_release(V, rel)
        n1 = V.nodes["w00d00-n1"]
        assert n1["kind"] == "neighbourhood"
        assert not {"counts", "counts_text", "suppressed"} & set(n1)
        district = V.nodes["w00d00"]["counts"]["residents_with_needs"]
        assert district == _living_in(H, {"w00d00", "w00d00-n1"}) == 21 + 12
    assert not [k for k in rel.cells if "w00d00-n1" in k]


def test_shown_demand_and_participants_read_as_numbers(
    crafted: tuple[nx.MultiDiGraph, Release],
) -> None:
    H, rel = crafted
    for V in _views(H, rel).values():
        _assert_shows_the_release(V, rel)
    V = build_view(H, release=rel, area="w00d00")
    gap = next(g for g in V.nodes["w00d00"]["gaps"] if g["need"] == "shopping")
    want = _living_in(H, {"w00d00", "w00d00-n1"}, "shopping")
    assert want >= 12 and (gap["demand"], gap["demand_text"]) == (want, str(want))
    assert gap["suppressed"] == []
    act = V.nodes["w00d00-o02-a0"]
    joined = sum(
        1 for _, x, e in H.in_edges("w00d00-o02-a0", data=True) if e["type"] == "PARTICIPATES_IN"
    )
    assert joined == 17
    assert (act["counts"], act["counts_text"]) == ({"participants": 17}, {"participants": "17"})
    others = [d for n, d in _by_cat(V, "Activity").items() if n != "w00d00-o02-a0"]
    assert others and all(d["counts"]["participants"] in (None, 0) for d in others)


# ----------------------------------------------------------------------------- guards


def test_require_published_refuses_hand_made_views(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release
) -> None:
    V = nx.MultiDiGraph()
    V.add_node("w00", category="Area", counts={"residents_with_needs": 3})
    with pytest.raises(RedactionError):
        require_published(V)
    V.graph.update(published=True, threshold=10)  # claims to be published, names no release
    with pytest.raises(RedactionError):
        require_published(V)
    real = build_view(city[0], release=city_release, area="w00")
    assert require_published(real) == 10
    real.add_node(pseudonym(1), category="Resident")  # a resident slipped in afterwards
    with pytest.raises(RedactionError):
        require_published(real)


def test_check_view_refuses_residents_and_pseudonyms() -> None:
    def clean() -> nx.MultiDiGraph:
        V = nx.MultiDiGraph(title="地図")
        V.add_node("o", category="Organisation", name="NPO法人ひだまり")
        V.add_node("a", category="Activity", name="サロン")
        V.add_edge("o", "a", type="runs")
        return V

    check_view(clean())  # nothing to refuse
    V = clean()
    V.add_node("someone", category="Resident")
    with pytest.raises(RedactionError):
        check_view(V)
    V = clean()
    V.add_node("someone", label="Resident")
    with pytest.raises(RedactionError):
        check_view(V)
    V = clean()
    V.nodes["o"]["note"] = "contact R-" + "0f" * 12
    with pytest.raises(RedactionError):
        check_view(V)
    V = clean()
    V.nodes["a"]["members"] = [{"who": pseudonym(42)}]  # nested deep in an attribute
    with pytest.raises(RedactionError):
        check_view(V)
    V = clean()
    V.add_node(pseudonym(7), category="Organisation")  # as a node id
    with pytest.raises(RedactionError):
        check_view(V)
    V = clean()
    V.edges["o", "a", 0]["about"] = pseudonym(8)
    with pytest.raises(RedactionError):
        check_view(V)
    V = clean()
    V.graph["note"] = pseudonym(9)
    with pytest.raises(RedactionError):
        check_view(V)
