"""Isolated areas: each reason, the score, isolated residents, borders (DATA_MODEL.md)."""

from __future__ import annotations

from typing import Any

from netmap.analysis import find_isolated_areas


def _by_id(areas: list[Any]) -> dict[str, Any]:
    return {a.area_id: a for a in areas}


def _base(gb: Any) -> None:
    gb.city_ward()
    for d in ("d1", "d2", "d3", "d4"):
        gb.area(d, "district", "w")
    gb.net("n")


def test_each_reason(gb: Any) -> None:
    _base(gb)
    # d1: all well — a network member with a tie outside and an activity
    gb.org("o1", "d1", networks=["n"])
    gb.org("o2", "d2", networks=["n"])  # d2: member, tied to o1 via the network; no activity
    gb.act("a1", "o1", "d1")
    # d3: an organisation outside any network, tied to nobody; has an activity
    gb.org("o3", "d3")
    gb.act("a3", "o3", "d3")
    # d4: nothing at all
    for d in ("d1", "d2", "d3", "d4"):
        gb.res(f"r-{d}", d, ["food"])
    areas = find_isolated_areas(gb.graph())
    assert [(a.area_id, a.isolated, a.score, a.reasons) for a in areas] == [
        ("d4", True, 1.0, ["no_network_member", "no_external_tie", "no_activity"]),
        ("d3", True, 0.666666667, ["no_network_member", "no_external_tie"]),
        ("d2", True, 0.333333333, ["no_activity"]),
        ("d1", False, 0.0, []),
    ]
    d = _by_id(areas)
    assert (d["d1"].organisations, d["d1"].network_memberships, d["d1"].external_ties) == (1, 1, 1)
    assert (d["d3"].organisations, d["d3"].activities) == (1, 1)


def test_no_residents_with_needs_means_not_isolated(gb: Any) -> None:
    _base(gb)
    gb.res("r0", "d1")  # a resident with no recorded need
    d = _by_id(find_isolated_areas(gb.graph()))
    assert (d["d1"].isolated, d["d1"].score, len(d["d1"].reasons)) == (False, 0.0, 3)
    assert d["d1"].residents_with_needs == 0


def test_isolated_residents(gb: Any) -> None:
    _base(gb)
    gb.org("o1", "d1")
    gb.act("a1", "o1", "d1")
    gb.res("joins", "d1", ["isolation"], participates=["a1"])
    gb.res("accepted", "d1", ["food"])
    gb.res("closed", "d1", ["food"])
    gb.res("declined", "d1", ["food"])
    gb.res("open", "d1", ["food"])
    gb.res("alone", "d1", ["food"])
    for status in ("accepted", "closed", "declined", "open"):
        gb.ref(f"f-{status}", "o1", "o1", "food", status=status, resident=status)
    a = _by_id(find_isolated_areas(gb.graph()))["d1"]
    assert (a.residents_with_needs, a.isolated_residents) == (6, 3)


def test_participation_valid_as_of(gb: Any) -> None:
    _base(gb)
    gb.org("o1", "d1")
    gb.act("a1", "o1", "d1")
    gb.res("r1", "d1", ["food"])
    gb.rel("PARTICIPATES_IN", "r1", "a1", since="2020-01-01", valid_to="2023-12-31")
    G = gb.graph()
    assert _by_id(find_isolated_areas(G, as_of="2023-06-01"))["d1"].isolated_residents == 0
    assert _by_id(find_isolated_areas(G, as_of="2024-06-01"))["d1"].isolated_residents == 1


def test_tie_to_ward_level_organisation_is_external(gb: Any) -> None:
    """A ward office belongs to no district: a tie to it is an external tie."""
    _base(gb)
    gb.org("office", "w", kind="welfare_office")
    gb.org("o1", "d1")
    gb.org("o1b", "d1")
    gb.partner("o1", "office")
    gb.partner("o1", "o1b")  # internal: not counted
    gb.res("r", "d1", ["food"])
    a = _by_id(find_isolated_areas(gb.graph()))["d1"]
    assert (a.external_ties, "no_external_tie" in a.reasons) == (1, False)


def test_referral_to_activity_is_a_tie_to_its_runner(gb: Any) -> None:
    _base(gb)
    gb.org("o1", "d1")
    gb.org("o2", "d2")
    gb.act("a2", "o2", "d2")
    gb.ref("f", "o1", "a2", "food")
    d = _by_id(find_isolated_areas(gb.graph()))
    assert (d["d1"].external_ties, d["d2"].external_ties) == (1, 1)


def test_area_filter_keeps_border_ties(gb: Any) -> None:
    """Filtering to one area after computing keeps ties that cross its border."""
    _base(gb)
    gb.org("o1", "d1")
    gb.org("o2", "d2")
    gb.partner("o1", "o2")
    gb.res("r", "d1", ["food"])
    (a,) = find_isolated_areas(gb.graph(), area="d1")
    assert (a.area_id, a.external_ties) == ("d1", 1)
    assert {x.area_id for x in find_isolated_areas(gb.graph(), area="w")} == {
        "d1",
        "d2",
        "d3",
        "d4",
    }


def test_neighbourhoods_roll_up(gb: Any) -> None:
    _base(gb)
    gb.area("n1", "neighbourhood", "d1")
    gb.org("o1", "n1", networks=["n"])
    gb.act("a1", "o1", "n1")
    gb.res("r", "n1", ["food"])
    a = _by_id(find_isolated_areas(gb.graph()))["d1"]
    assert (a.organisations, a.activities, a.residents_with_needs) == (1, 1, 1)
    assert {x.area_id for x in find_isolated_areas(gb.graph(), level="neighbourhood")} == {"n1"}
