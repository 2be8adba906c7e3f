"""The demo with a known answer: ``netmap compare`` between the plan's start and the
reference date reports every change planted in the demo (``changes`` in
src/netmap/demo/planted.json) with its details, and counts exactly the records the
generator adds or ends between the two dates; viewers, comparing the two releases, still
see the gap close and the district stop being isolated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from netmap.config import Settings
from netmap.demo import PLAN_START, REFERENCE_DATE, planted
from netmap.service.compare import compare_json
from netmap.service.releases import graph_source, release_for

TODAY = dt.date(2026, 12, 7)  # the week after the demo's as_of


@dataclass
class Demo:
    graph: nx.MultiDiGraph
    settings: Settings
    changes: dict[str, Any]
    exact: dict[str, Any]
    published: dict[str, Any]


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, demo_settings: Callable[[Path], Settings]
) -> Demo:
    from netmap.store.embedded import EmbeddedStore

    settings = demo_settings(tmp_path_factory.mktemp("demo-changes"))  # the session's demo, copied
    store = EmbeddedStore(settings.embedded_path)
    try:
        G = store.export_graph()
        src = graph_source(store, G)
        releases = (
            release_for(settings, src, PLAN_START, today=TODAY),
            release_for(settings, src, REFERENCE_DATE, today=TODAY),
        )
    finally:
        store.close()
    changes = planted()["changes"]
    exact = compare_json(G, from_date=PLAN_START, to_date=REFERENCE_DATE)
    published = compare_json(G, from_date=PLAN_START, to_date=REFERENCE_DATE, releases=releases)
    return Demo(G, settings, changes, exact, published)


def change(d: Demo, kind: str) -> dict[str, Any]:
    (found,) = [c for c in d.changes["planted"] if c["change"] == kind]
    return found


def record(obj: dict[str, Any], section: str, state: str, rid: str) -> dict[str, Any]:
    (found,) = [r for r in obj["records"][section][state] if r["id"] == rid]
    return found


def ties(obj: dict[str, Any], section: str, state: str) -> set[frozenset[str]]:
    return {frozenset((t["source"], t["target"])) for t in obj["ties"][section][state]}


def memberships(items: list[dict[str, str]]) -> set[frozenset[str]]:
    return {frozenset((m["organisation_id"], m["network_id"])) for m in items}


def gap_row(obj: dict[str, Any], state: str, area: str, need: str) -> dict[str, Any]:
    (found,) = [g for g in obj["gaps"][state] if (g["area_id"], g["need"]) == (area, need)]
    return found


def same_gap(row: dict[str, Any], planted_gap: dict[str, Any]) -> None:
    """compare's row for a gap carries the planted kind, demand and supply at both dates."""
    assert row["kind"] == planted_gap["kind"]
    for measure in ("demand", "supply"):
        want = planted_gap[measure]
        assert row[measure] == {
            "from": want["from"],
            "to": want["to"],
            "change": want["to"] - want["from"],
        }, measure


def test_the_manifest_compares_the_plans_start_with_the_reference_date(demo: Demo) -> None:
    c = demo.changes
    assert (c["from"], c["to"]) == ("2024-04-01", "2026-11-30")
    assert (c["level"], c["top"]) == ("district", 10)
    assert [x["change"] for x in c["planted"]] == [
        "network_formed",
        "resource_ended",
        "gap_closed",
        "no_longer_isolated",
        "bridge_entered",
    ]
    p = demo.exact["params"]
    assert (p["from"], p["to"], p["counts"], p["top"]) == (PLAN_START, REFERENCE_DATE, "exact", 10)


def test_a_network_formed(demo: Demo) -> None:
    c = change(demo, "network_formed")
    net = record(demo.exact, "networks", "added", c["network_id"])
    assert (net["name"], net["valid_from"]) == (c["name"], c["valid_from"])
    assert memberships(c["memberships_added"]) <= ties(demo.exact, "memberships", "added")
    assert demo.exact["names"][c["network_id"]] == c["name"]


def test_a_resource_ended(demo: Demo) -> None:
    c = change(demo, "resource_ended")
    org = record(demo.exact, "organisations", "ended", c["organisation_id"])
    assert (org["name"], org["valid_to"]) == (c["name"], c["valid_to"])
    act = record(demo.exact, "activities", "ended", c["activity_id"])
    assert act["valid_to"] == c["valid_to"]
    assert memberships(c["memberships_ended"]) <= ties(demo.exact, "memberships", "ended")
    g = c["gap"]
    same_gap(gap_row(demo.exact, "opened", g["area_id"], g["need"]), g)


def test_a_new_childrens_cafeteria_closes_a_gap(demo: Demo) -> None:
    c = change(demo, "gap_closed")
    org = record(demo.exact, "organisations", "added", c["organisation_id"])
    assert (org["name"], org["valid_from"]) == (c["name"], c["valid_from"])
    assert "子ども食堂" in org["name"]
    for aid in c["activity_ids"]:
        assert record(demo.exact, "activities", "added", aid)["valid_from"] == c["valid_from"]
    assert memberships(c["memberships_added"]) <= ties(demo.exact, "memberships", "added")
    g = c["gap"]
    assert (g["need"], g["kind"], g["supply"]["from"]) == ("food", {"from": "gap", "to": None}, 0)
    same_gap(gap_row(demo.exact, "closed", g["area_id"], g["need"]), g)


def test_a_district_stops_being_isolated(demo: Demo) -> None:
    c = change(demo, "no_longer_isolated")
    assert (
        record(demo.exact, "activities", "added", c["activity_id"])["valid_from"]
        == (c["valid_from"])
    )
    rows = demo.exact["isolated"]["no_longer_isolated"]
    (row,) = [a for a in rows if a["area_id"] == c["area_id"]]
    assert row["reasons"] == c["reasons"] == {"from": ["no_activity"], "to": []}
    want = c["activities"]
    assert row["activities"] == {
        "from": want["from"],
        "to": want["to"],
        "change": want["to"] - want["from"],
    }


def test_a_bridge_enters_the_top_10(demo: Demo) -> None:
    c = change(demo, "bridge_entered")
    org = record(demo.exact, "organisations", "added", c["organisation_id"])
    assert (org["name"], org["valid_from"]) == (c["name"], c["valid_from"])
    entered = demo.exact["bridges"]["entered"]
    (row,) = [b for b in entered if b["organisation_id"] == c["organisation_id"]]
    assert row["rank"]["from"] is c["rank"]["from"] is None
    assert 1 <= row["rank"]["to"] <= c["rank"]["to_at_most"] == demo.changes["top"]
    assert row["score"]["to"] > 0 and row["betweenness"]["to"] > 0
    assert c["networks"]["from"] == [] and len(c["networks"]["to"]) >= 2
    assert memberships(c["memberships_added"]) <= ties(demo.exact, "memberships", "added")
    assert {m["network_id"] for m in c["memberships_added"]} == set(c["networks"]["to"])
    partners = {frozenset(p) for p in c["partnerships_added"]}
    assert partners and partners <= ties(demo.exact, "partnerships", "added")


def test_gap_and_isolation_changes_are_exactly_the_planted_ones(demo: Demo) -> None:
    for state in ("opened", "closed"):
        got = {(g["area_id"], g["need"]) for g in demo.exact["gaps"][state]}
        want = {(g["area_id"], g["need"]) for g in demo.changes["gaps"][state]}
        assert got == want, state
        for g in demo.changes["gaps"][state]:
            same_gap(gap_row(demo.exact, state, g["area_id"], g["need"]), g)
    for state in ("newly_isolated", "no_longer_isolated"):
        got_iso = [(a["area_id"], a["reasons"]) for a in demo.exact["isolated"][state]]
        want_iso = [(a["area_id"], a["reasons"]) for a in demo.changes["isolated"][state]]
        assert got_iso == want_iso, state


def test_totals_are_every_record_added_or_ended(demo: Demo) -> None:
    """The background churn too: compare counts exactly what the generator dated between
    the two dates."""
    totals = demo.exact["totals"]
    assert {k: totals[k] for k in demo.changes["totals"]} == demo.changes["totals"]
    for section, counts in demo.changes["totals"].items():
        group = "records" if section in demo.exact["records"] else "ties"
        for state, n in counts.items():
            assert len(demo.exact[group][section][state]) == n, (section, state)
    assert totals["referral_links"]["added"] > 0  # analysts also see referral links


def test_viewers_see_the_gap_close_and_the_district_stop_being_isolated(demo: Demo) -> None:
    pub = demo.published
    p = pub["params"]
    assert p["counts"] == "published"
    # the releases that answer the dates: the month ends on or before them
    assert p["answered_with"] == {"from": "2024-03-31", "to": REFERENCE_DATE}
    assert "referral_links" not in pub["ties"]
    g = change(demo, "gap_closed")["gap"]
    row = gap_row(pub, "closed", g["area_id"], g["need"])
    assert row["kind"] == {"from": "gap", "to": None}
    assert row["supply"]["from"] == 0
    assert row["supply"]["to"] in (None, g["supply"]["to"])
    area = change(demo, "no_longer_isolated")["area_id"]
    (iso,) = [a for a in pub["isolated"]["no_longer_isolated"] if a["area_id"] == area]
    assert iso["reasons"] == {"from": ["no_activity"], "to": []}
    assert iso["activities"]["to"] in (None, 1)
    # records and ties are read from the graph, the same for viewers
    for section in ("organisations", "activities", "networks"):
        for state in ("added", "ended"):
            want = {r["id"] for r in demo.exact["records"][section][state]}
            assert {r["id"] for r in pub["records"][section][state]} == want
