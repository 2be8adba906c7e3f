"""``netmap compare``: what changed between two dates, on a hand-built ward where we know
every change (a food bank opens and closes a gap, a network forms, a partnership ends,
referrals differ per period), exact and as viewers see it (from two releases)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import networkx as nx
import pytest
from tests.graph_builder import GraphBuilder

from netmap.analysis.results import AnalysisParameterError
from netmap.disclosure.release import build_release
from netmap.service.compare import compare_json, compare_rows

BEFORE, AFTER = dt.date(2024, 4, 30), dt.date(2024, 6, 30)


@pytest.fixture
def ward() -> nx.MultiDiGraph:
    gb = GraphBuilder()
    _, w = gb.city_ward()
    gb.area("d1", "district", w, name="日吉地区")
    gb.area("d2", "district", w, name="綱島地区")
    gb.org("o-csw", w, kind="social_welfare_council", name="社協")
    gb.org("o-plaza", "d1", kind="community_care_plaza", name="日吉ケアプラザ")
    gb.org("o-food", "d2", kind="npo", name="綱島フードバンク", valid_from="2024-05-10")
    gb.org("o-old", "d1", kind="npo", name="閉じたサロン", valid_to="2024-05-31")
    # food needs in d2: a gap until the food bank's pantry opens in May
    gb.act("a-pantry", "o-food", "d2", ["food"], name="パントリー", valid_from="2024-05-10")
    for i in range(8):  # 8 per pantry is under the ratio 10: the pantry closes the gap
        gb.res(f"r{i}", "d2", ["food"])
    gb.net("n-care", covers=[w], name="地域ケア会議")
    gb.net("n-kids", covers=[w], name="子育てネット", valid_from="2024-06-01")
    gb.member("o-csw", "n-care")
    gb.member("o-plaza", "n-care")
    gb.member("o-plaza", "n-kids", valid_from="2024-06-01")
    gb.member("o-food", "n-kids", valid_from="2024-06-01")
    gb.partner("o-csw", "o-old", valid_from="2023-01-01")  # ends with o-old
    # referrals: 3 in April (a running total would carry them into June), 2 in June
    for i in range(3):
        gb.ref(f"ref-a{i}", "o-plaza", "o-csw", "food", date=f"2024-04-1{i}", status="accepted")
    gb.ref("ref-j0", "o-plaza", "o-food", "food", date="2024-06-05", status="accepted")
    gb.ref("ref-j1", "o-plaza", "o-food", "food", date="2024-06-06", status="declined")
    return gb.graph()


def _exact(G: nx.MultiDiGraph, **kw: Any) -> dict[str, Any]:
    return compare_json(G, from_date=BEFORE, to_date=AFTER, **kw)


def test_records_and_ties_added_and_ended(ward: nx.MultiDiGraph) -> None:
    obj = _exact(ward)
    rec, ties = obj["records"], obj["ties"]
    assert [r["id"] for r in rec["organisations"]["added"]] == ["o-food"]
    assert [r["id"] for r in rec["organisations"]["ended"]] == ["o-old"]
    assert [r["id"] for r in rec["activities"]["added"]] == ["a-pantry"]
    assert [r["id"] for r in rec["networks"]["added"]] == ["n-kids"]
    assert rec["networks"]["ended"] == []
    added = {(t["source"], t["target"]) for t in ties["memberships"]["added"]}
    assert added == {("o-plaza", "n-kids"), ("o-food", "n-kids")}
    assert [(t["source"], t["target"]) for t in ties["partnerships"]["ended"]] == [
        ("o-csw", "o-old")
    ]
    # referral links of the period ending at each date: April's plaza->csw, June's plaza->food
    assert ties["referral_links"] == {
        "added": [{"source": "o-plaza", "target": "o-food"}],
        "ended": [{"source": "o-plaza", "target": "o-csw"}],
    }
    assert obj["totals"]["organisations"] == {"added": 1, "ended": 1}
    assert obj["names"]["o-food"] == "綱島フードバンク"


def test_a_gap_closes_with_demand_and_supply_at_both_dates(ward: nx.MultiDiGraph) -> None:
    gaps = _exact(ward)["gaps"]
    assert gaps["opened"] == []
    # d1's food demand (its referrals about food) has no resource at either date
    assert {(g["area_id"], g["need"]) for g in gaps["persisting"]} == {("d1", "food")}
    (closed,) = gaps["closed"]
    assert (closed["area_id"], closed["need"]) == ("d2", "food")
    assert closed["kind"] == {"from": "gap", "to": None}
    assert closed["demand"] == {"from": 8, "to": 8, "change": 0}
    assert closed["supply"] == {"from": 0, "to": 1, "change": 1}


def test_flows_are_per_period_not_running_totals(ward: nx.MultiDiGraph) -> None:
    obj = _exact(ward)
    d1 = next(a for a in obj["flows"]["areas"] if a["area_id"] == "d1")
    assert d1["referrals_out"] == {"from": 3, "to": 2, "change": -1}
    assert d1["accepted"] == {"from": 3, "to": 1, "change": -2}
    assert d1["acceptance_rate"] == {"from": 1.0, "to": 0.5, "change": -0.5}
    assert "month" in obj["params"]["flows"]


def test_bridges_entering_the_ranking(ward: nx.MultiDiGraph) -> None:
    obj = _exact(ward, top=10)
    entered = {b["organisation_id"] for b in obj["bridges"]["entered"]}
    left = {b["organisation_id"] for b in obj["bridges"]["left"]}
    assert entered.isdisjoint(left)
    for b in obj["bridges"]["entered"]:
        assert b["rank"]["from"] is None and b["rank"]["to"] >= 1


def test_area_filter_and_bad_parameters(ward: nx.MultiDiGraph) -> None:
    d1 = _exact(ward, area="d1")
    assert [r["id"] for r in d1["records"]["organisations"]["ended"]] == ["o-old"]
    assert d1["records"]["organisations"]["added"] == []  # the food bank is in d2
    assert d1["gaps"]["closed"] == []
    with pytest.raises(AnalysisParameterError, match="after"):
        compare_json(ward, from_date=AFTER, to_date=BEFORE)
    with pytest.raises(AnalysisParameterError):
        _exact(ward, level="street")


def test_csv_rows_keep_numbers_numbers(ward: nx.MultiDiGraph) -> None:
    rows = compare_rows(_exact(ward))
    demand = next(r for r in rows if r["section"] == "gaps" and r["measure"] == "supply")
    assert (demand["from"], demand["to"], demand["change_value"]) == (0, 1, 1)
    flows = [r for r in rows if r["section"] == "flows" and r["measure"] == "referrals_out"]
    assert any(r["change_value"] == -1 for r in flows)  # a negative number, not text
    assert {r["section"] for r in rows} >= {"organisations", "memberships", "gaps", "flows"}


def _release(G: nx.MultiDiGraph, day: dt.date) -> Any:
    return build_release(G, reference=day, period="month", threshold=10, data_version="t")


def test_viewers_compare_two_releases_and_learn_nothing_new(ward: nx.MultiDiGraph) -> None:
    from netmap.disclosure.publish import published_analysis

    rels = (_release(ward, BEFORE), _release(ward, AFTER))
    obj = compare_json(ward, from_date=BEFORE, to_date=AFTER, releases=rels)
    assert obj["params"]["counts"] == "published"
    assert obj["params"]["releases"] == [r.id for r in rels]
    assert "referral_links" not in obj["ties"]  # events between two organisations: exact only
    text = json.dumps(obj, ensure_ascii=False)
    assert "ref-" not in text and '"r1"' not in text
    # every count shown is a count one of the two releases shows, at the same place
    for side, rel in zip(("from", "to"), rels, strict=True):
        flows = {a["area_id"]: a for a in published_analysis(rel, "flows")["areas"]}
        for row in obj["flows"]["areas"]:
            for field in ("referrals_out", "referrals_in", "accepted"):
                value = row[field][side]
                assert value == flows[row["area_id"]][field]
    # a change involving a hidden count is hidden
    for row in obj["flows"]["areas"]:
        for field in ("referrals_out", "referrals_in", "accepted"):
            cell = row[field]
            if cell["from"] is None or cell["to"] is None:
                assert cell["change"] is None and field in row["suppressed"]
    d1 = next(a for a in obj["flows"]["areas"] if a["area_id"] == "d1")
    assert d1["referrals_out"] == {"from": None, "to": None, "change": None}  # 3 and 2
    (closed,) = obj["gaps"]["closed"]
    # 8 is under the threshold
    assert closed["demand"] == {"from": None, "to": None, "change": None}
    assert "demand" in closed["suppressed"]
    assert closed["supply"] == {"from": 0, "to": 1, "change": 1}  # directory data
