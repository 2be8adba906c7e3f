"""Releases: cells agree with the analyses, suppression passes the audit, periods count
events once, files are frozen once seen and built once under a lock."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import networkx as nx
import pytest

from netmap import activity
from netmap.analysis import find_flows, find_gaps, find_isolated_areas
from netmap.analysis.projections import GraphIndex
from netmap.disclosure.cells import count_cells
from netmap.disclosure.release import Release, build_release
from netmap.disclosure.storage import GraphSource, ReleaseStore
from netmap.disclosure.suppress import DisclosureAuditError, suppress
from netmap.model.graph import build_graph

NOV = dt.date(2026, 11, 30)


def city(*, refs: list[tuple[str, str, str, str, str]] | None = None) -> nx.MultiDiGraph:
    """A city, two wards, five districts; residents and referrals as given."""
    nodes = [
        ("Area", {"id": "c", "name": "市", "level": "city"}),
        ("Area", {"id": "w1", "name": "一区", "level": "ward"}),
        ("Area", {"id": "w2", "name": "二区", "level": "ward"}),
        *[
            ("Area", {"id": d, "name": d, "level": "district"})
            for d in ("w1-a", "w1-b", "w1-c", "w2-a", "w2-b")
        ],
        ("Area", {"id": "w1-a-n", "name": "町", "level": "neighbourhood"}),
        ("Need", {"id": "food", "name_ja": "食"}),
        ("Organisation", {"id": "o1", "name": "一区役所", "kind": "welfare_office"}),
        ("Organisation", {"id": "o2", "name": "プラザ", "kind": "community_care_plaza"}),
        ("Organisation", {"id": "o3", "name": "NPO", "kind": "npo"}),
    ]
    edges = [
        ("PART_OF", "w1", "c", {}),
        ("PART_OF", "w2", "c", {}),
        ("PART_OF", "w1-a", "w1", {}),
        ("PART_OF", "w1-b", "w1", {}),
        ("PART_OF", "w1-c", "w1", {}),
        ("PART_OF", "w2-a", "w2", {}),
        ("PART_OF", "w2-b", "w2", {}),
        ("PART_OF", "w1-a-n", "w1-a", {}),
        ("LOCATED_IN", "o1", "w1", {}),
        ("LOCATED_IN", "o2", "w1-a-n", {}),
        ("LOCATED_IN", "o3", "w2-b", {}),
    ]
    counts = {"w1-a": 3, "w1-b": 4, "w1-c": 23, "w2-a": 15, "w2-b": 12, "w1": 2, "w1-a-n": 2}
    n = 0
    for area, k in counts.items():
        for _ in range(k):
            n += 1
            nodes.append(("Resident", {"id": f"R-{n:024x}"}))
            edges += [
                ("LIVES_IN", f"R-{n:024x}", area, {}),
                ("HAS_NEED", f"R-{n:024x}", "food", {}),
            ]
    for i, (day, src, dst, need, status) in enumerate(refs or []):
        r = f"ref{i}"
        nodes.append(("Referral", {"id": r, "date": day, "status": status}))
        edges += [("FROM", r, src, {}), ("TO", r, dst, {}), ("ABOUT", r, need, {})]
    return build_graph(nodes, edges)


def _refs(
    month: str, n: int, src: str = "o2", dst: str = "o3"
) -> list[tuple[str, str, str, str, str]]:
    return [(f"{month}-{i % 28 + 1:02d}", src, dst, "food", "accepted") for i in range(n)]


# --------------------------------------------------------------------------- cells


def test_cells_agree_with_the_analyses_at_every_level() -> None:
    G = city(refs=_refs("2026-11", 12) + _refs("2026-10", 5))
    ix = GraphIndex.build(G, as_of=NOV)
    cells = count_cells(ix, period_start=dt.date(2026, 11, 1)).values
    for level in ("city", "ward", "district"):
        for a in find_isolated_areas(G, level=level, as_of=NOV):
            assert cells.get(("res", a.area_id), 0) == a.residents_with_needs
            assert cells.get(("iso", a.area_id), 0) == a.isolated_residents
        for g in find_gaps(G, level=level, as_of=NOV, ratio=0):
            assert cells[("dem", g.area_id, g.need)] == g.demand
    # the neighbourhood's residents count for its district; residents recorded at the
    # ward itself are the ward's own cell
    assert cells[("res", "w1-a")] == 5 and cells[("res", "w1#own")] == 2
    assert cells[("res", "w1")] == 2 + 5 + 4 + 23 and cells[("res", "c")] == 34 + 27
    # referrals: only the period's (November), never October's
    assert cells[("out", "w1-a")] == 12 and cells[("in", "w2-b")] == 12
    exact = {a.area_id: a.referrals_out for a in find_flows(G, as_of=NOV).areas}
    assert exact["w1-a"] == 17  # analysts: every referral up to the date


def test_relations_hold_on_the_counted_cells() -> None:
    G = city(refs=_refs("2026-11", 12))
    counts = count_cells(GraphIndex.build(G, as_of=NOV), period_start=dt.date(2026, 11, 1))
    assert counts.relations
    for total, parts in counts.relations:
        assert counts.values[total] == sum(counts.values[p] for p in parts), (total, parts)
    of_w1 = [sorted(ps) for t, ps in counts.relations if t == ("res", "w1")]
    assert sorted(of_w1) == [
        [("iso", "w1")],  # nobody is reached: reach is 0 and drops out
        [
            ("res", "w1#own"),
            ("res", "w1-a"),
            ("res", "w1-b"),
            ("res", "w1-c"),
        ],
    ]


# --------------------------------------------------------------------------- suppression


def test_the_issue_case_is_protected() -> None:
    """{ward 30: 3, 4, 23}: hiding 3 and 4 alone caps both at 6; the 23 goes too."""
    values = {("w",): 30, ("a",): 3, ("b",): 4, ("c",): 23}
    sup = suppress(values, [(("w",), [("a",), ("b",), ("c",)])], 10)
    assert sup.hidden == {("a",), ("b",), ("c",)}
    assert (sup.primary, sup.secondary) == (2, 1)
    assert sup.audit.passed


def test_suppression_is_deterministic_and_prefers_small_cells() -> None:
    values = {("w",): 100, ("a",): 3, ("b",): 40, ("c",): 12, ("d",): 45}
    rel = [(("w",), [("a",), ("b",), ("c",), ("d",)])]
    first = suppress(values, rel, 10)
    assert first.hidden == {("a",), ("c",)}  # 3 + 12 = 15: each can reach 10 (15 - 1)
    assert all(
        suppress(dict(reversed(values.items())), rel, 10).hidden == first.hidden for _ in range(3)
    )


def test_a_release_that_fails_its_audit_is_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With secondary suppression broken (it never hides another cell), the audit catches
    the issue case and nothing is written."""
    import netmap.disclosure.suppress as sup

    monkeypatch.setattr(sup, "_local_victim", lambda *a, **k: None)
    monkeypatch.setattr(sup, "_propagation_failures", lambda *a, **k: [])
    monkeypatch.setattr(sup, "_widen", lambda *a, **k: None)
    values = {("w",): 30, ("a",): 3, ("b",): 4, ("c",): 23}
    with pytest.raises(DisclosureAuditError, match="cannot protect"):
        suppress(values, [(("w",), [("a",), ("b",), ("c",)])], 10)
    store = ReleaseStore(tmp_path, period="month", threshold=10)
    with pytest.raises(DisclosureAuditError):
        store.get_or_build(NOV, _source(city(), "v1"))
    assert store.get(NOV) is None and store.list() == []


def test_release_passes_its_own_audit_and_publishes_no_small_count() -> None:
    G = city(refs=_refs("2026-11", 12) + _refs("2026-11", 3, src="o1", dst="o2"))
    rel = build_release(G, reference=NOV, period="month", threshold=10, data_version="t")
    assert rel.audit["passed"] and rel.run_audit(intervals=True).passed
    shown = [s for _e, s in rel.cells.values() if s is not None]
    assert shown and all(s >= 10 for s in shown)
    assert rel.shown(("res", "w1-a")) is None and rel.shown(("res", "w1-c")) is None
    assert rel.shown(("dem", "w2-b", "learning")) == 0  # absent: a zero, shown
    # published values are the exact ones, never altered
    assert all(s == e for e, s in rel.cells.values() if s is not None)


def test_release_round_trips_through_json() -> None:
    G = city(refs=_refs("2026-11", 12))
    rel = build_release(G, reference=NOV, period="month", threshold=10, data_version="t")
    again = Release.from_json(rel.to_json())
    assert again.cells == rel.cells and again.relations == rel.relations
    assert again.payload == rel.payload and again.period_start == dt.date(2026, 11, 1)


# --------------------------------------------------------------------------- storage


def _source(G: nx.MultiDiGraph, version: str) -> GraphSource:
    return GraphSource(version=lambda: version, graph=lambda: G)


def test_a_release_once_seen_is_frozen(tmp_path: Path) -> None:
    store = ReleaseStore(tmp_path, period="month", threshold=10)
    g1 = city(refs=_refs("2026-11", 12))
    g2 = city(refs=_refs("2026-11", 40))
    r1 = store.get_or_build(NOV, _source(g1, "v1"))
    assert r1.cells[("out", "w1-a")][0] == 12
    # not seen yet: new data rebuilds it
    r2 = store.get_or_build(NOV, _source(g2, "v2"))
    assert r2.data_version == "v2" and r2.cells[("out", "w1-a")][0] == 40
    store.mark_served(r2)
    # seen: new data never changes it
    r3 = store.get_or_build(NOV, _source(g1, "v3"))
    assert r3.data_version == "v2" and r3.cells == r2.cells
    # an emergency replacement is logged
    r4 = store.get_or_build(NOV, _source(g1, "v4"), replace=True, actor="admin")
    assert r4.data_version == "v4" and r4.replaced is not None
    entries = activity.read(tmp_path)
    assert [e["action"] for e in entries] == ["release.build"] * 2 + ["release.replace"]
    assert entries[-1]["release"] == "month-2026-11-30" and entries[-1]["actor"] == "admin"
    assert oct(store.path(NOV).stat().st_mode & 0o777) == "0o600"
    assert oct(store.dir.stat().st_mode & 0o777) == "0o700"


def test_late_referrals_reach_the_next_period_once(tmp_path: Path) -> None:
    store = ReleaseStore(tmp_path, period="month", threshold=10)
    g_oct = city(refs=_refs("2026-10", 12))
    octo = store.get_or_build(dt.date(2026, 10, 31), _source(g_oct, "v1"))
    store.mark_served(octo)
    # five October referrals arrive late, with November's
    g = city(refs=_refs("2026-10", 12) + _refs("2026-10", 5, src="o1") + _refs("2026-11", 20))
    nov = store.get_or_build(NOV, _source(g, "v2"))
    assert octo.cells[("out", "w1-a")][0] == 12
    assert nov.cells[("out", "w1-a")][0] == 20  # November's own
    assert nov.cells[("out", "w1#own")][0] == 5  # the late ones, counted once, here
    assert not set(octo.referrals) & set(nov.referrals)


def _build_in_process(args: tuple[str, int]) -> str:
    path, n = args
    store = ReleaseStore(Path(path), period="month", threshold=10)
    rel = store.get_or_build(NOV, _source(city(refs=_refs("2026-11", n)), "v1"))
    return rel.built_at + "|" + str(rel.cells[("out", "w1-a")][0])


def test_concurrent_processes_build_one_release(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(3) as pool:
        results = pool.map(_build_in_process, [(str(tmp_path), 12)] * 3)
    assert len(set(results)) == 1  # the same file, built once (same built_at)
    assert not list((tmp_path / "releases").glob(".*.tmp"))
