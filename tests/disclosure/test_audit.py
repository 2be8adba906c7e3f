"""Disclosure audit of secondary suppression (netmap.disclosure.audit)."""

from __future__ import annotations

import itertools
import json
import math
import random
from collections.abc import Sequence

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from netmap.disclosure.audit import (
    SINGLE_VALUE,
    UPPER_BELOW,
    AuditReport,
    CellInterval,
    audit_cells,
)

Relations = list[tuple[str, list[str]]]


def _bounds(report: AuditReport) -> dict[str, tuple[float, float, str]]:
    return {f.cell: (f.lower, f.upper, f.reason) for f in report.failures}


def _table(grid: list[list[int]]) -> tuple[dict[str, int], Relations]:
    """A 2-D table with row totals ``r{i}``, column totals ``c{j}`` and grand total ``g``."""
    values: dict[str, int] = {}
    relations: Relations = []
    rows, cols = len(grid), len(grid[0])
    for i, j in itertools.product(range(rows), range(cols)):
        values[f"x{i}{j}"] = grid[i][j]
    for i in range(rows):
        values[f"r{i}"] = sum(grid[i])
        relations.append((f"r{i}", [f"x{i}{j}" for j in range(cols)]))
    for j in range(cols):
        values[f"c{j}"] = sum(grid[i][j] for i in range(rows))
        relations.append((f"c{j}", [f"x{i}{j}" for i in range(rows)]))
    values["g"] = sum(map(sum, grid))
    relations.append(("g", [f"r{i}" for i in range(rows)]))
    relations.append(("g", [f"c{j}" for j in range(cols)]))
    return values, relations


def _hide(values: dict[str, int], hidden: set[str]) -> dict[str, int | None]:
    return {c: (None if c in hidden else v) for c, v in values.items()}


# -- the cases of the issue ----------------------------------------------------------------


def test_two_small_hidden_parts_of_a_published_total_fail() -> None:
    published = {"ward": 30, "a": None, "b": None, "c": 23}
    report = audit_cells(published, [("ward", ["a", "b", "c"])], 10)
    assert not report.passed
    # a + b = 7 and each is >= 1: each is at most 6, below 10
    assert _bounds(report) == {"a": (1.0, 6.0, UPPER_BELOW), "b": (1.0, 6.0, UPPER_BELOW)}
    assert [f.cell for f in report.failures] == ["a", "b"]
    assert (report.cells, report.hidden, report.blocks, report.largest_block) == (4, 2, 1, 2)
    assert report.lps >= 1


def test_three_hidden_parts_that_can_each_reach_the_threshold_pass() -> None:
    published = {"ward": 30, "a": None, "b": None, "c": None}
    report = audit_cells(published, [("ward", ["a", "b", "c"])], 10, intervals=True)
    assert report.passed and report.failures == []
    assert {c: (iv.lower, iv.upper) for c, iv in report.intervals.items()} == {
        "a": (1.0, 28.0),
        "b": (1.0, 28.0),
        "c": (1.0, 28.0),
    }


def test_a_lone_hidden_part_is_a_single_value() -> None:
    published = {"ward": 30, "a": None, "b": 4, "c": 23}
    report = audit_cells(published, [("ward", ["a", "b", "c"])], 10)
    assert _bounds(report) == {"a": (3.0, 3.0, SINGLE_VALUE)}
    assert report.lps == 0  # pinned without an LP
    assert report.blocks == 0


def test_a_large_lone_hidden_part_still_fails_as_single_value() -> None:
    report = audit_cells({"t": 100, "a": None, "b": 4}, [("t", ["a", "b"])], 10)
    assert _bounds(report) == {"a": (96.0, 96.0, SINGLE_VALUE)}


def test_threshold_is_the_first_safe_value() -> None:
    # a + b = 11: each can be 10 = the threshold, which is enough
    assert audit_cells({"t": 11, "a": None, "b": None}, [("t", ["a", "b"])], 10).passed
    report = audit_cells({"t": 10, "a": None, "b": None}, [("t", ["a", "b"])], 10)
    assert _bounds(report) == {"a": (1.0, 9.0, UPPER_BELOW), "b": (1.0, 9.0, UPPER_BELOW)}


# -- 2-D tables ----------------------------------------------------------------------------

GRID = [[3, 15, 20], [15, 3, 20], [12, 14, 30]]


def test_table_rectangle_of_hidden_cells_passes() -> None:
    values, relations = _table(GRID)
    hidden = {"x00", "x01", "x10", "x11"}
    report = audit_cells(_hide(values, hidden), relations, 10, intervals=True)
    assert report.passed
    assert (report.cells, report.hidden, report.blocks, report.largest_block) == (16, 4, 1, 4)
    # x00 = t, x01 = 18 - t, x10 = 18 - t, x11 = t, with every cell >= 1
    assert {c: (iv.lower, iv.upper, iv.reason) for c, iv in report.intervals.items()} == {
        c: (1.0, 17.0, "") for c in sorted(hidden)
    }


def test_table_rectangle_with_small_margins_fails_on_the_upper_bound() -> None:
    values, relations = _table([[3, 4, 20], [5, 2, 20], [12, 14, 30]])
    report = audit_cells(_hide(values, {"x00", "x01", "x10", "x11"}), relations, 10)
    # rows: x00 + x01 = 7, x10 + x11 = 7; columns: x00 + x10 = 8, x01 + x11 = 6. With
    # x00 = t: x01 = 7 - t, x10 = 8 - t, x11 = t - 1 >= 1, so t is 2 to 6
    assert _bounds(report) == {
        "x00": (2.0, 6.0, UPPER_BELOW),
        "x01": (1.0, 5.0, UPPER_BELOW),
        "x10": (2.0, 6.0, UPPER_BELOW),
        "x11": (1.0, 5.0, UPPER_BELOW),
    }


def test_table_cell_pinned_by_a_row_and_a_column() -> None:
    values, relations = _table(GRID)
    # row 0 hides x00 and x01, but x01 is alone in column 1 and x10 alone in row 1: column
    # 1 gives x01, then row 0 gives x00
    report = audit_cells(_hide(values, {"x00", "x01", "x10"}), relations, 10)
    assert _bounds(report) == {
        "x00": (3.0, 3.0, SINGLE_VALUE),
        "x01": (15.0, 15.0, SINGLE_VALUE),
        "x10": (15.0, 15.0, SINGLE_VALUE),
    }


def test_cells_pinned_only_by_combining_relations() -> None:
    # every relation holds two hidden cells, but together they fix all three
    published = {"s1": 15, "s2": 32, "s3": 23, "a": None, "b": None, "c": None}
    relations = [("s1", ["a", "b"]), ("s2", ["b", "c"]), ("s3", ["a", "c"])]
    report = audit_cells(published, relations, 10)
    assert _bounds(report) == {
        "a": (3.0, 3.0, SINGLE_VALUE),
        "b": (12.0, 12.0, SINGLE_VALUE),
        "c": (20.0, 20.0, SINGLE_VALUE),
    }
    assert report.lps >= 1 and report.blocks == 1


# -- unbounded and free cells --------------------------------------------------------------


def test_hidden_total_with_one_hidden_part_is_unbounded() -> None:
    report = audit_cells({"t": None, "a": None, "b": 5}, [("t", ["a", "b"])], 10, intervals=True)
    assert report.passed
    assert report.intervals == {
        "a": CellInterval("a", 1.0, math.inf, ""),
        "t": CellInterval("t", 6.0, math.inf, ""),
    }
    data = report.to_json()
    assert data["intervals"]["t"] == {"cell": "t", "lower": 6.0, "upper": None, "reason": ""}
    json.dumps(data)  # JSON-ready


def test_hidden_cell_in_no_relation_is_free() -> None:
    report = audit_cells({"a": None, "b": 3}, [], 10, intervals=True)
    assert report.passed and (report.blocks, report.largest_block, report.lps) == (1, 1, 0)
    assert report.intervals == {"a": CellInterval("a", 1.0, math.inf, "")}


def test_intervals_are_empty_unless_asked() -> None:
    report = audit_cells({"t": 30, "a": None, "b": None}, [("t", ["a", "b"])], 10)
    assert report.intervals == {}
    assert report.to_json()["intervals"] == {}


# -- integrality ---------------------------------------------------------------------------


def test_integer_program_settles_an_lp_upper_bound_just_above_the_threshold() -> None:
    # y = y2 (two breakdowns of t sharing z), x = y + y2, so x is even; x + w = 12, w >= 1.
    # The LP lets y = y2 = 5.5, x = 11 = T; no integer solution has x above 10.
    published = {"W": 12, "x": None, "w": None, "y": None, "y2": None, "z": None, "t": None}
    relations = [("t", ["y", "z"]), ("t", ["y2", "z"]), ("x", ["y", "y2"]), ("W", ["x", "w"])]
    for intervals in (False, True):
        report = audit_cells(published, relations, 11, intervals=intervals)
        assert report.milps >= 1
        assert _bounds(report) == {
            "w": (1.0, 10.0, UPPER_BELOW),
            "x": (2.0, 10.0, UPPER_BELOW),
            "y": (1.0, 5.0, UPPER_BELOW),
            "y2": (1.0, 5.0, UPPER_BELOW),
        }
    # with threshold 10 the integer solution x = 10 exists: x passes
    assert "x" not in _bounds(audit_cells(published, relations, 10))


def test_integer_program_confirms_a_half_integral_lp_upper_bound() -> None:
    # a + b = 15, b + c = 15, a + c + f = 22: a = c, 2a + f = 22, so the LP max of a is
    # 10.5 (f = 1) and the integer max is 10 (f = 2): a can reach T = 10
    published = {"P": 15, "Q": 15, "R": 22, "a": None, "b": None, "c": None, "f": None}
    relations = [("P", ["a", "b"]), ("Q", ["b", "c"]), ("R", ["a", "c", "f"])]
    report = audit_cells(published, relations, 10, intervals=True)
    assert report.passed and report.milps >= 1
    assert {c: (iv.lower, iv.upper) for c, iv in report.intervals.items()} == {
        "a": (1.0, 10.0),
        "b": (5.0, 14.0),
        "c": (1.0, 10.0),
        "f": (1.0, 20.0),
    }
    assert audit_cells(published, relations, 10).passed
    # at threshold 11 neither a nor c can make it
    assert set(_bounds(audit_cells(published, relations, 11))) == {"a", "c"}


# -- errors --------------------------------------------------------------------------------


def test_published_relation_that_does_not_add_up_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"ward = a \+ b.*does not add up"):
        audit_cells({"ward": 30, "a": 10, "b": 12}, [("ward", ["a", "b"])], 10)


def test_unknown_cell_is_an_error() -> None:
    with pytest.raises(ValueError, match="'nope'"):
        audit_cells({"t": 30, "a": None}, [("t", ["a", "nope"])], 10)


@pytest.mark.parametrize(
    ("published", "relations"),
    [
        # the lone hidden cell would be 0, but zeros are published
        ({"t": 10, "a": None, "b": 10}, [("t", ["a", "b"])]),
        # two relations pin a to different values
        ({"t": 10, "u": 11, "a": None, "b": 5}, [("t", ["a", "b"]), ("u", ["a", "b"])]),
        # two hidden cells >= 1 cannot sum to 1
        ({"t": 1, "a": None, "b": None}, [("t", ["a", "b"])]),
        # a = b = c = 5.5: no integer solution
        (
            {"s1": 11, "s2": 11, "s3": 11, "a": None, "b": None, "c": None},
            [("s1", ["a", "b"]), ("s2", ["b", "c"]), ("s3", ["a", "c"])],
        ),
    ],
    ids=["zero", "two-values", "infeasible", "fractional"],
)
def test_inconsistent_release_is_an_error(
    published: dict[str, int | None], relations: Relations
) -> None:
    with pytest.raises(ValueError, match="inconsistent"):
        audit_cells(published, relations, 10)


@pytest.mark.parametrize("bad", [-1, 2.5, "3"])
def test_values_must_be_non_negative_integers(bad: object) -> None:
    with pytest.raises(ValueError, match="non-negative integer"):
        audit_cells({"t": bad, "a": None}, [], 10)  # type: ignore[dict-item]


# -- report ---------------------------------------------------------------------------------


def test_report_json_and_determinism() -> None:
    values, relations = _table([[3, 4, 20], [5, 2, 20], [12, 14, 30]])
    published = _hide(values, {"x00", "x01", "x10", "x11", "x21"})
    first = audit_cells(published, relations, 10).to_json()
    # same release given in another order: same report
    shuffled = dict(reversed(list(published.items())))
    second = audit_cells(shuffled, list(reversed(relations)), 10).to_json()
    first.pop("seconds")
    second.pop("seconds")
    assert first == second
    assert first["passed"] is False
    assert first["failures"][0] == {
        "cell": "x00",
        "lower": 2.0,
        "upper": 6.0,
        "reason": UPPER_BELOW,
    }
    # x21 is alone in row 2
    assert first["failures"][-1] == {
        "cell": "x21",
        "lower": 14.0,
        "upper": 14.0,
        "reason": SINGLE_VALUE,
    }
    assert [f["cell"] for f in first["failures"]] == sorted(f["cell"] for f in first["failures"])
    json.dumps(first)


# -- against a plain reference: one LP per bound over the whole release --------------------


def _reference(
    published: dict[str, int | None], relations: Sequence[tuple[str, Sequence[str]]], t: int
) -> dict[str, tuple[float, float, str]]:
    """Every hidden cell's bounds from plain dense LPs (MILP for an LP max in [T, T+1))."""
    hidden = sorted(c for c, v in published.items() if v is None)
    index = {c: i for i, c in enumerate(hidden)}
    a = np.zeros((len(relations), len(hidden)))
    b = np.zeros(len(relations))
    for r, (total, parts) in enumerate(relations):
        for cell, sign in [(total, -1), *((p, 1) for p in parts)]:
            v = published[cell]
            if v is None:
                a[r, index[cell]] += sign
            else:
                b[r] -= sign * v
    out = {}
    for cell, i in index.items():
        c = np.zeros(len(hidden))
        c[i] = 1.0
        low = linprog(c, A_eq=a, b_eq=b, bounds=(1, None), method="highs")
        high = linprog(-c, A_eq=a, b_eq=b, bounds=(1, None), method="highs")
        assert low.status == 0 and high.status in (0, 3)
        lower = float(math.ceil(low.fun - 1e-6))
        upper = math.inf if high.status == 3 else float(math.floor(-high.fun + 1e-6))
        if upper == t:
            res = milp(
                -c,
                constraints=LinearConstraint(a, b, b),
                integrality=np.ones(len(hidden)),
                bounds=Bounds(1, np.inf),
            )
            upper = float(round(-res.fun))
        reason = SINGLE_VALUE if lower == upper else UPPER_BELOW if upper < t else ""
        out[cell] = (lower, upper, reason)
    return out


def _cube(seed: int) -> tuple[dict[str, int | None], Relations]:
    """A small 3-D release (area hierarchy x needs x months, with totals), randomly hidden."""
    rng = random.Random(seed)
    wards = {"w0": ["w0d0", "w0d1", "w0#own"], "w1": ["w1d0", "w1d1", "w1d2", "w1#own"]}
    needs, months = ["n0", "n1", "n2"], ["m0", "m1"]
    values: dict[str, int] = {}
    relations: Relations = []
    for leaf, n, m in itertools.product(itertools.chain(*wards.values()), needs, months):
        values[f"{leaf}|{n}|{m}"] = rng.choice([0, *range(1, 25)])
    areas = ["city", *wards, *itertools.chain(*wards.values())]
    for n, m in itertools.product(needs, months):
        for w, leaves in wards.items():
            relations.append((f"{w}|{n}|{m}", [f"{c}|{n}|{m}" for c in leaves]))
        relations.append((f"city|{n}|{m}", [f"{w}|{n}|{m}" for w in wards]))
    for area, m in itertools.product(areas, months):
        relations.append((f"{area}|all|{m}", [f"{area}|{n}|{m}" for n in needs]))
    for area, n in itertools.product(areas, [*needs, "all"]):
        relations.append((f"{area}|{n}|year", [f"{area}|{n}|{m}" for m in months]))
    for total, parts in relations:  # in order: parts are filled before their totals
        values[total] = sum(values[p] for p in parts)
    hidden = {c for c, v in values.items() if 1 <= v < 10 or (v > 0 and rng.random() < 0.05)}
    changed = True
    while changed:  # naive secondary suppression: no relation with a lone hidden cell
        changed = False
        for total, parts in relations:
            if sum(c in hidden for c in (total, *parts)) == 1:
                shown = sorted((values[p], p) for p in parts if p not in hidden and values[p])
                victim = shown[0][1] if shown else total
                if victim not in hidden and values[victim]:
                    hidden.add(victim)
                    changed = True
    return _hide(values, hidden), relations


@pytest.mark.parametrize("seed", range(6))
def test_agrees_with_plain_per_cell_lps(seed: int) -> None:
    published, relations = _cube(seed)
    expected = _reference(published, relations, 10)
    exact = audit_cells(published, relations, 10, intervals=True)
    assert {c: (iv.lower, iv.upper, iv.reason) for c, iv in exact.intervals.items()} == expected
    fast = audit_cells(published, relations, 10)
    assert _bounds(fast) == {c: v for c, v in expected.items() if v[2]}
    assert fast.failures == exact.failures
    assert fast.hidden == len(expected) > 20
    assert 0 < len(fast.failures) < fast.hidden  # a meaningful mix
