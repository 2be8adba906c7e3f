"""Entrance and exit flows on a small planted graph."""

from __future__ import annotations

from typing import Any

from netmap.analysis import find_flows


def _graph(gb: Any) -> Any:
    gb.city_ward()
    gb.area("d1", "district", "w")
    gb.area("d2", "district", "w")
    gb.org("office", "w", kind="welfare_office")
    gb.org("school", "d1", kind="school")
    gb.org("commissioner", "d1", kind="welfare_commissioner")
    gb.org("plaza", "d2", kind="community_care_plaza")
    gb.act("salon", "plaza", "d2")
    gb.ref("f1", "school", "plaza", "food", status="accepted")
    gb.ref("f2", "school", "salon", "isolation", status="declined")
    gb.ref("f3", "commissioner", "office", "debt", status="closed")
    gb.ref("f4", "commissioner", "plaza", "food", status="open")
    gb.ref("f5", "office", "school", "learning", status="accepted", date="2025-01-01")
    return gb.graph()


def test_area_counts(gb: Any) -> None:
    rep = find_flows(_graph(gb), as_of="2024-12-31")
    rows = [
        (
            a.area_id,
            a.referrals_out,
            a.referrals_in,
            a.open,
            a.accepted,
            a.declined,
            a.closed,
            a.acceptance_rate,
        )
        for a in rep.areas
    ]
    assert rows == [
        ("d1", 4, 0, 1, 1, 1, 1, 0.666666667),
        ("d2", 0, 3, 0, 0, 0, 0, None),
    ]
    d1 = rep.areas[0]
    assert [
        (n.need, n.referrals_out, n.referrals_in, n.accepted, n.acceptance_rate) for n in d1.by_need
    ] == [
        ("debt", 1, 0, 0, 1.0),
        ("food", 2, 0, 1, 1.0),
        ("isolation", 1, 0, 0, 0.0),
    ]
    assert [(k.kind, k.referrals_out, k.acceptance_rate) for k in d1.by_org_kind] == [
        ("school", 2, 0.5),
        ("welfare_commissioner", 2, 1.0),
    ]
    assert [(n.need, n.referrals_in) for n in rep.areas[1].by_need] == [
        ("food", 2),
        ("isolation", 1),
    ]


def test_one_way_organisations_and_as_of(gb: Any) -> None:
    G = _graph(gb)
    rep = find_flows(G, as_of="2024-12-31")
    assert [
        (o.organisation_id, o.direction, o.referrals_out, o.referrals_in)
        for o in rep.one_way_organisations
    ] == [
        ("commissioner", "out_only", 2, 0),
        ("office", "in_only", 0, 1),
        ("plaza", "in_only", 0, 3),
        ("school", "out_only", 2, 0),
    ]
    later = find_flows(G, as_of="2025-01-01")
    assert {o.organisation_id for o in later.one_way_organisations} == {"commissioner", "plaza"}
    # the ward office is in no district: its referral is out of no district
    assert [(a.area_id, a.referrals_out, a.referrals_in) for a in later.areas] == [
        ("d1", 4, 1),
        ("d2", 0, 3),
    ]


def test_ward_level_and_area_filter(gb: Any) -> None:
    G = _graph(gb)
    (w,) = find_flows(G, level="ward", as_of="2025-06-01").areas
    assert (w.area_id, w.referrals_out, w.referrals_in) == ("w", 5, 5)
    rep = find_flows(G, area="d2", as_of="2024-12-31")
    assert [a.area_id for a in rep.areas] == ["d2"]
    assert [o.organisation_id for o in rep.one_way_organisations] == ["plaza"]
