"""Gaps on small planted graphs: one rule per test (DATA_MODEL.md "Gaps")."""

from __future__ import annotations

from typing import Any

import pytest

from netmap.analysis import AnalysisParameterError, find_gaps, find_unallocated


def _rows(gaps: list[Any]) -> list[tuple[Any, ...]]:
    return [(g.area_id, g.need, g.demand, g.supply, g.ratio, g.kind) for g in gaps]


def _two_districts(gb: Any) -> None:
    gb.city_ward()
    gb.area("d1", "district", "w")
    gb.area("d2", "district", "w")


def test_gap_and_undersupplied(gb: Any) -> None:
    _two_districts(gb)
    gb.org("o1", "d2")
    gb.act("a1", "o1", "d2", ["food"])
    for i in range(3):
        gb.res(f"r{i}", "d1", ["food"])
    for i in range(12):
        gb.res(f"s{i}", "d2", ["food"])
    gaps = find_gaps(gb.graph())
    assert _rows(gaps) == [
        ("d2", "food", 12, 1, 12.0, "undersupplied"),
        ("d1", "food", 3, 0, None, "gap"),
    ]
    # ratio threshold: 12 / 1 is not above 12
    assert _rows(find_gaps(gb.graph(), ratio=12)) == [("d1", "food", 3, 0, None, "gap")]
    # min_demand applies to gaps
    assert _rows(find_gaps(gb.graph(), min_demand=4)) == [
        ("d2", "food", 12, 1, 12.0, "undersupplied")
    ]


def test_supply_counts_activities_and_providing_organisations(gb: Any) -> None:
    _two_districts(gb)
    gb.org("o1", "d1", provides=["debt"])
    gb.act("a1", "o1", "d1", ["debt"])
    for i in range(21):
        gb.res(f"r{i}", "d1", ["debt"])
    (g,) = find_gaps(gb.graph())
    assert (g.demand, g.supply, g.ratio, g.kind) == (21, 2, 10.5, "undersupplied")


def test_ratio_rounded_to_nine_decimals(gb: Any) -> None:
    _two_districts(gb)
    gb.org("o1", "d1")
    for a in ("a1", "a2", "a3"):
        gb.act(a, "o1", "d1", ["food"])
    for i in range(11):
        gb.res(f"r{i}", "d1", ["food"])
    (g,) = find_gaps(gb.graph(), ratio=3)
    assert g.ratio == 3.666666667


def test_resident_counted_once_per_need(gb: Any) -> None:
    """A resident who has the need and was also referred about it counts once."""
    _two_districts(gb)
    gb.org("o1", "d1")
    gb.res("r1", "d1", ["food"])
    gb.ref("f1", "o1", "o1", "food", resident="r1")
    gb.ref("f2", "o1", "o1", "food", resident="r1")
    (g,) = find_gaps(gb.graph())
    assert (g.area_id, g.need, g.demand) == ("d1", "food", 1)


def test_referred_resident_adds_need(gb: Any) -> None:
    """A resident referred about a need they have no record of counts for that need."""
    _two_districts(gb)
    gb.org("o1", "d2")
    gb.res("r1", "d1", ["food"])
    gb.ref("f1", "o1", "o1", "housing", resident="r1")
    assert {(g.area_id, g.need, g.demand) for g in find_gaps(gb.graph())} == {
        ("d1", "food", 1),
        ("d1", "housing", 1),  # counted where the resident lives, not where the referrer is
    }


def test_referral_only_demand(gb: Any) -> None:
    """Referrals naming no resident count once each, in the referring organisation's area."""
    _two_districts(gb)
    gb.org("o1", "d1")
    gb.org("o2", "d2")
    gb.ref("f1", "o1", "o2", "debt")
    gb.ref("f2", "o1", "o2", "debt")
    gb.ref("f3", "o2", "o1", "debt")
    assert _rows(find_gaps(gb.graph())) == [
        ("d1", "debt", 2, 0, None, "gap"),
        ("d2", "debt", 1, 0, None, "gap"),
    ]


def test_order_demand_then_ratio_null_last_then_ids(gb: Any) -> None:
    _two_districts(gb)
    gb.area("d3", "district", "w")
    gb.org("o", "d3")
    gb.act("a", "o", "d3", ["food"])
    for i in range(11):
        gb.res(f"x{i}", "d3", ["food"])  # undersupplied, demand 11, ratio 11
        gb.res(f"y{i}", "d2", ["debt", "food"])  # two gaps with demand 11
        gb.res(f"z{i}", "d1", ["food"])  # gap with demand 11
    gb.res("extra", "d1", ["housing"])
    assert [(g.area_id, g.need) for g in find_gaps(gb.graph())] == [
        ("d3", "food"),
        ("d1", "food"),
        ("d2", "debt"),
        ("d2", "food"),
        ("d1", "housing"),
    ]


def test_candidates_each_reason_and_order(gb: Any) -> None:
    gb.city_ward()
    gb.area("w2", "ward", "c")
    _ = gb.area("d1", "district", "w"), gb.area("d2", "district", "w")
    gb.area("d3", "district", "w2")
    gb.org("o", "d2")
    gb.act("far", "o", "d3", ["food"], name="よその区の食堂")  # other ward: not a candidate
    gb.act("b-near", "o", "d2", ["food"], name="B食堂")
    gb.act("a-near", "o", "d2", ["food"], name="A食堂")
    gb.act("salon", "o", "d1", ["isolation"], kind="salon", name="サロン")
    gb.act("course", "o", "d1", ["health"], kind="course", name="講座")  # hosts no food
    gb.res("r1", "d1", ["food"])
    (g,) = find_gaps(gb.graph())
    assert [(c.activity_id, c.area_id, c.reason) for c in g.candidates] == [
        ("a-near", "d2", "same_ward"),
        ("b-near", "d2", "same_ward"),
        ("salon", "d1", "extend_activity"),
    ]


def test_widen_target_group_only_when_undersupplied(gb: Any) -> None:
    _two_districts(gb)
    gb.org("o", "d1")
    gb.act("kids", "o", "d1", ["food"], kind="food_support", target_groups=["children"])
    gb.act("all", "o", "d1", ["food"], kind="food_support", target_groups=["all"])
    gb.act("cafe", "o", "d1", ["isolation"], kind="place_to_be")
    for i in range(25):
        gb.res(f"r{i}", "d1", ["food"])
    (g,) = find_gaps(gb.graph())
    assert g.kind == "undersupplied"
    assert [(c.activity_id, c.reason) for c in g.candidates] == [
        ("cafe", "extend_activity"),
        ("kids", "widen_target_group"),
    ]


def test_rollup_and_wide_area_resources(gb: Any) -> None:
    """Neighbourhood records count for their district; ward-level resources are not local
    supply but are listed as wide-area resources; ward-level residents are unallocated."""
    gb.city_ward()
    gb.area("d1", "district", "w")
    gb.area("n1", "neighbourhood", "d1")
    gb.org("office", "w", provides=["debt"], name="区役所")
    gb.act("ward-course", "office", "w", ["debt"], name="区の家計講座")
    gb.act("city-line", None, "c", ["debt"], name="市の相談ダイヤル")
    gb.res("r1", "n1", ["debt"])
    gb.res("r2", "d1", ["debt"])
    gb.res("r3", "w", ["debt"])
    gb.org("o-ward", "w")
    gb.ref("f1", "o-ward", "office", "debt")  # anonymous, from a ward-level organisation
    (g,) = find_gaps(gb.graph())
    assert (g.area_id, g.need, g.demand, g.supply, g.kind) == ("d1", "debt", 2, 0, "gap")
    assert [(w.label, w.id, w.area_id) for w in g.wide_area_resources] == [
        ("Activity", "ward-course", "w"),
        ("Organisation", "office", "w"),
        ("Activity", "city-line", "c"),
    ]
    # residents only: the anonymous referral from the ward organisation is in no area
    assert [(u.area_id, u.level, u.need, u.demand) for u in find_unallocated(gb.graph())] == [
        ("w", "ward", "debt", 1)
    ]
    # at neighbourhood level the district resident is unallocated too
    assert {(u.area_id, u.demand) for u in find_unallocated(gb.graph(), level="neighbourhood")} == {
        ("w", 1),
        ("d1", 1),
    }
    assert [(g.area_id, g.demand) for g in find_gaps(gb.graph(), level="neighbourhood")] == [
        ("n1", 1)
    ]
    # at ward level everything is local, and the ward organisations supply
    (wg,) = find_gaps(gb.graph(), level="ward", ratio=1)
    assert (wg.area_id, wg.demand, wg.supply, wg.ratio, wg.kind) == (
        "w",
        4,
        2,
        2.0,
        "undersupplied",
    )
    assert [w.id for w in wg.wide_area_resources] == ["city-line"]


def test_as_of_filters_records(gb: Any) -> None:
    _two_districts(gb)
    gb.org("o", "d1")
    gb.act("old", "o", "d1", ["food"], valid_to="2023-03-31")
    gb.act("new", "o", "d1", ["food"], valid_from="2025-04-01")
    gb.res("r1", "d1", ["food"])
    gb.org("o2", "d2")
    gb.ref("f1", "o2", "o", "debt", date="2024-06-01")
    G = gb.graph()
    assert _rows(find_gaps(G, as_of="2023-01-01")) == []
    assert _rows(find_gaps(G, as_of="2024-05-31")) == [("d1", "food", 1, 0, None, "gap")]
    assert _rows(find_gaps(G, as_of="2024-06-01")) == [
        ("d1", "food", 1, 0, None, "gap"),
        ("d2", "debt", 1, 0, None, "gap"),
    ]
    assert _rows(find_gaps(G, as_of="2025-04-01")) == [("d2", "debt", 1, 0, None, "gap")]


def test_area_and_need_filters_after_computing(gb: Any) -> None:
    _two_districts(gb)
    gb.org("o", "d2")
    gb.act("a", "o", "d2", ["food"])
    gb.res("r1", "d1", ["food", "debt"])
    gb.res("r2", "d2", ["debt"])
    G = gb.graph()
    gaps = find_gaps(G, area="d1")
    assert {(g.area_id, g.need) for g in gaps} == {("d1", "food"), ("d1", "debt")}
    # the candidate outside the filtered area is still found
    food = next(g for g in gaps if g.need == "food")
    assert [c.activity_id for c in food.candidates] == ["a"]
    assert {(g.area_id, g.need) for g in find_gaps(G, need="debt")} == {
        ("d1", "debt"),
        ("d2", "debt"),
    }
    assert {(g.area_id, g.need) for g in find_gaps(G, area="w")} == {
        ("d1", "food"),
        ("d1", "debt"),
        ("d2", "debt"),
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"level": "prefecture"}, "unknown level"),
        ({"area": "nowhere"}, "unknown area"),
        ({"need": "happiness"}, "unknown need"),
        ({"min_demand": 0}, "min_demand"),
        ({"as_of": "31/03/2024"}, "invalid as_of"),
    ],
)
def test_bad_parameters(gb: Any, kwargs: dict[str, Any], message: str) -> None:
    _two_districts(gb)
    with pytest.raises(AnalysisParameterError, match=message):
        find_gaps(gb.graph(), **kwargs)


def test_fixed_need_without_node_is_accepted(gb: Any) -> None:
    _two_districts(gb)
    assert find_gaps(gb.graph(), need="fraud") == []
