"""What a meeting sees of the demo city: the release that answers the demo's as_of
(2026-12-01, so the month end 2026-11-30), built the way viewers' products build it, set
against what the generator planted (src/netmap/demo/planted.json)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from netmap.config import Settings
from netmap.demo import AS_OF, planted
from netmap.disclosure.publish import (
    published_flows,
    published_gaps,
    published_isolated,
)
from netmap.disclosure.release import Release
from netmap.service import analyses
from netmap.service.releases import graph_source, release_for, release_store

REFERENCE = dt.date(2026, 11, 30)


@dataclass
class Demo:
    graph: nx.MultiDiGraph
    release: Release
    settings: Settings
    planted: dict[str, Any]


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, demo_settings: Callable[[Path], Settings]
) -> Demo:
    from netmap.store.embedded import EmbeddedStore

    settings = demo_settings(tmp_path_factory.mktemp("demo-release"))  # the session's demo, copied
    store = EmbeddedStore(settings.embedded_path)
    try:
        G = store.export_graph()
        rel = release_for(settings, graph_source(store, G), AS_OF, today=dt.date(2026, 12, 7))
    finally:
        store.close()
    return Demo(graph=G, release=rel, settings=settings, planted=planted())


def test_the_demo_release_is_the_month_end_before_as_of(demo: Demo) -> None:
    rel = demo.release
    assert (rel.id, rel.reference_date, rel.period_start) == (
        "month-2026-11-30",
        REFERENCE,
        dt.date(2026, 11, 1),
    )
    assert rel.threshold == 10 and rel.audit["passed"] is True
    releases = release_store(demo.settings)
    assert releases.served(rel)
    assert (demo.settings.data_dir / "releases" / "month-2026-11-30.json.gz").is_file()


def test_a_meeting_sees_every_planted_gap(demo: Demo) -> None:
    """Every planted gap and under-supplied pair is listed; demands of 10 or more are
    shown as planted unless hidden to protect a smaller one; 若葉台's health demand (9) is
    hidden, and so is another part of every relation it is in (else the total minus the
    shown parts would give it)."""
    P = demo.planted
    pub = {(g["area_id"], g["need"]): g for g in published_gaps(demo.release)["gaps"]}
    planted_rows = {(g["area_id"], g["need"]): g for g in P["gaps"] + P["undersupplied"]}
    assert set(pub) == set(planted_rows)
    for key, g in planted_rows.items():
        row = pub[key]
        assert (row["supply"], row["kind"]) == (
            g["supply"],
            "gap" if g["supply"] == 0 else "undersupplied",
        )
        assert row["demand"] in (None, g["demand"])
        assert (row["demand"] is None) == ("demand" in row["suppressed"])
    assert pub[("asahi-wakabadai", "health")]["demand"] is None  # 9: primary
    cell = ("dem", "asahi-wakabadai", "health")
    cells = demo.release.cells
    relations = [(t, *ps) for t, ps in demo.release.relations if cell in (t, *ps)]
    assert relations
    for rel in relations:
        assert sum(cells[c][1] is None for c in rel if c in cells) >= 2, rel
    shown = {k: g["demand"] for k, g in pub.items() if g["demand"] is not None}
    for key in (("hodogaya-iwama", "food"), ("kohoku-nippa", "employment")):
        assert shown[key] == planted_rows[key]["demand"] >= 10
    assert len(shown) >= len(pub) // 2


def test_a_meeting_sees_the_planted_isolated_districts(demo: Demo) -> None:
    P = demo.planted
    iso = {a["area_id"]: a for a in published_isolated(demo.release)["areas"]}
    for a in P["isolated"]:
        row = iso[a["area_id"]]
        assert row["isolated"] is True, a["area_id"]
        assert row["residents_with_needs"] in (None, a["residents_with_needs"])
    tarumachi = next(a for a in P["isolated"] if a["area_id"] == "kohoku-tarumachi")
    assert iso["kohoku-tarumachi"]["residents_with_needs"] == tarumachi["residents_with_needs"]


def test_city_and_ward_resident_counts_are_shown(demo: Demo) -> None:
    """Large counts reach the meeting: the city's residents with needs as the analyst
    counts them on the reference date, and most wards'."""
    exact = analyses.isolated_json(demo.graph, level="city", as_of=REFERENCE)["areas"][0]
    (city,) = published_isolated(demo.release, level="city")["areas"]
    assert city["residents_with_needs"] == exact["residents_with_needs"] > 1000
    assert city["isolated_residents"] == exact["isolated_residents"]
    wards = published_isolated(demo.release, level="ward")["areas"]
    assert len(wards) == 18
    assert sum(w["residents_with_needs"] is not None for w in wards) >= 12


def test_referrals_are_the_months(demo: Demo) -> None:
    pub = published_flows(demo.release, level="city")
    assert (pub["params"]["period_start"], pub["params"]["reference_date"]) == (
        "2026-11-01",
        "2026-11-30",
    )
    assert pub["params"]["counts"] == "period"
    exact = analyses.flows_json(demo.graph, level="city", as_of=REFERENCE)["areas"][0]
    november = demo.release.cells[("out", "yokohama")][0]
    assert 0 < november < exact["referrals_out"]  # the month, not the running total


@pytest.mark.xfail(
    strict=True,
    reason="over-suppression in netmap.disclosure.suppress: the city's 194 referrals of "
    "2026-11 (out and in) are hidden although the audit passes with them shown",
)
def test_a_meeting_sees_the_citys_referral_total(demo: Demo) -> None:
    (city,) = published_flows(demo.release, level="city")["areas"]
    assert city["referrals_out"] == demo.release.cells[("out", "yokohama")][0]
