"""Disclosure audit of secondary cell suppression, as tau-ARGUS and sdcTable audit a table.

A *release* is a set of count cells keyed by id, some published (a number) and some hidden
(``None``), plus additive relations ``total = sum(parts)`` among them. An attacker knows every
published value, every relation, that every value is a non-negative integer and that hidden
cells are at least 1 (zeros are always published). For each hidden cell the audit finds the
values it can take consistently with all that, and fails the cell when the largest is below
the threshold (the attacker learns "it is small") or when only one value is possible.

How (every published cell is a constant, so each relation is an equation over its hidden
cells with a constant right-hand side):

1. a relation left with one hidden cell pins it; the pinned value is substituted into the
   other relations, which may pin more cells in turn (what an attacker does by hand). A
   pinned cell fails as ``"single value"`` without an LP;
2. the remaining hidden cells split into independent blocks (cells linked through relations
   that still hold two or more of them). In each block a few LPs (``scipy.optimize.linprog``,
   HiGHS, sparse matrices) find feasible solutions that are evidence for many cells at once:
   solutions that put many cells at or above the threshold (maximise the sum of
   ``min(x_i, T + 1)``, then again over the cells still below); solutions that take cells to
   their *local bound* (in an equation whose hidden cells add up to a constant, a cell is at
   most that constant less 1 for each other cell), which is then their exact maximum; and
   one that keeps cells low (minimise their sum), where a cell at 1 has its exact minimum.
   A cell at or above the threshold in some solution (an all-integer one, or at ``T + 1`` in
   any) passes its upper test; a cell whose values across solutions span two integers is
   not single-valued. Only the cells left unproven get their own LPs (max and, when needed,
   min of ``x_i``), whose solutions serve as further evidence;
3. LP bounds relax integrality. Bounds are rounded to integers, and an LP upper bound in
   ``[T, T + 1)`` that no all-integer solution attains is settled with
   ``scipy.optimize.milp`` (the integer maximum of the cell over its block).

Reported bounds are integers (as floats): ``lower`` is the LP minimum rounded up, ``upper``
the LP maximum rounded down or the integer maximum where the MILP ran; ``math.inf`` when
nothing bounds the cell. Like tau-ARGUS, the upper test is on the LP relaxation except in the
``[T, T + 1)`` band; the single-value test is on the rounded LP interval.
"""

from __future__ import annotations

import math
import numbers
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

__all__ = ["SINGLE_VALUE", "UPPER_BELOW", "AuditReport", "CellInterval", "audit_cells"]

UPPER_BELOW = "upper below threshold"
SINGLE_VALUE = "single value"

_TOL = 1e-6  # LP values within this of an integer count as that integer
_MAX_COVER = 8  # covering LPs per block (while they make progress) before per-cell LPs

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class CellInterval:
    """The values a hidden cell can take given everything published.

    Attributes
    ----------
    cell : str
        Cell id.
    lower : float
        Smallest value (LP minimum rounded up; at least 1).
    upper : float
        Largest value (LP maximum rounded down, or the integer maximum where a MILP ran);
        ``math.inf`` when unbounded.
    reason : str
        ``""`` when the cell passes, else ``"upper below threshold"`` or ``"single value"``.
    """

    cell: str
    lower: float
    upper: float
    reason: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict; an infinite bound becomes ``None``."""
        return {
            "cell": self.cell,
            "lower": _json_bound(self.lower),
            "upper": _json_bound(self.upper),
            "reason": self.reason,
        }


@dataclass
class AuditReport:
    """Outcome of :func:`audit_cells`.

    Attributes
    ----------
    threshold : int
        Counts below this are small.
    cells, hidden : int
        Cells in the release; hidden ones.
    blocks, largest_block : int
        Independent blocks of hidden cells left after pinned cells are substituted (a hidden
        cell in no such relation is a block of one); size of the largest.
    lps, milps : int
        Linear and integer programs solved.
    seconds : float
        Wall time of the audit.
    failures : list of CellInterval
        Failing cells, by cell id.
    intervals : dict of str to CellInterval
        With ``intervals=True``: every hidden cell's bounds, by cell id; else empty.
    """

    threshold: int
    cells: int
    hidden: int
    blocks: int
    largest_block: int
    lps: int
    milps: int
    seconds: float
    failures: list[CellInterval]
    intervals: dict[str, CellInterval] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """True when no hidden cell fails."""
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict: failures (and intervals) as dicts, infinite bounds as ``None``."""
        return {
            "threshold": self.threshold,
            "passed": self.passed,
            "cells": self.cells,
            "hidden": self.hidden,
            "blocks": self.blocks,
            "largest_block": self.largest_block,
            "lps": self.lps,
            "milps": self.milps,
            "seconds": round(self.seconds, 3),
            "failures": [f.to_json() for f in self.failures],
            "intervals": {k: v.to_json() for k, v in self.intervals.items()},
        }


def _json_bound(v: float) -> float | None:
    return None if math.isinf(v) else v


@dataclass
class _Equation:
    """``sum(coef * x[cell] for cell, coef in terms) == rhs`` over hidden cells."""

    label: str
    terms: dict[str, int]
    rhs: int


@dataclass
class _Counts:
    lps: int = 0
    milps: int = 0


def _label(total: str, parts: Sequence[str]) -> str:
    shown = " + ".join(parts[:8]) + (" + ..." if len(parts) > 8 else "")
    return f"{total} = {shown or '0'}"


def _floor(v: float) -> float:
    return v if math.isinf(v) else float(math.floor(v + _TOL))


def _ceil(v: float) -> float:
    return float(math.ceil(v - _TOL))


def audit_cells(
    published: Mapping[str, int | None],
    relations: Sequence[tuple[str, Sequence[str]]],
    threshold: int,
    *,
    intervals: bool = False,
) -> AuditReport:
    """Audit a suppressed release: can an attacker narrow a hidden cell down too far?

    Parameters
    ----------
    published : Mapping of str to int or None
        Every cell of the release: its value, or ``None`` when hidden.
    relations : Sequence of (total, parts)
        ``value(total) == sum(value(p) for p in parts)``; cells may appear in several.
    threshold : int
        A hidden cell fails when it cannot reach this value (``"upper below threshold"``)
        or when only one value fits (``"single value"``).
    intervals : bool, default False
        Also compute every hidden cell's bounds into ``report.intervals`` (two LPs per
        cell); otherwise passing cells may be proven by shared LP solutions alone.

    Returns
    -------
    AuditReport
        Counts, LP/MILP effort and the failing cells (by cell id).

    Raises
    ------
    ValueError
        A relation names a cell missing from ``published``; a value is not a non-negative
        integer; or the release is inconsistent (a published relation does not add up, or
        no integers >= 1 for the hidden cells satisfy the relations).

    Examples
    --------
    Ward total 30 published; districts a = 3 and b = 4 hidden, c = 23 published: a + b = 7,
    so neither can be 10 or more.

    >>> r = audit_cells({"ward": 30, "a": None, "b": None, "c": 23},
    ...                 [("ward", ["a", "b", "c"])], 10)
    >>> r.passed, r.hidden, r.blocks
    (False, 2, 1)
    >>> [(f.cell, f.lower, f.upper, f.reason) for f in r.failures]  # doctest: +NORMALIZE_WHITESPACE
    [('a', 1.0, 6.0, 'upper below threshold'),
     ('b', 1.0, 6.0, 'upper below threshold')]
    >>> audit_cells({"ward": 30, "a": None, "b": None, "c": None},
    ...             [("ward", ["a", "b", "c"])], 10).passed
    True
    """
    start = time.perf_counter()
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")
    values = _check_values(published)
    equations = _equations(values, relations)
    pinned = _propagate(equations)
    counts = _Counts()
    found: dict[str, CellInterval] = {
        cell: CellInterval(cell, float(v), float(v), SINGLE_VALUE) for cell, v in pinned.items()
    }

    hidden = [c for c, v in values.items() if v is None]
    free = [c for c in hidden if c not in pinned]
    residual = [eq for eq in equations if len(eq.terms) >= 2]
    blocks = _blocks(free, residual)
    for cells, eqs in blocks:
        if not eqs:  # in no relation that bounds it: [1, inf)
            if intervals:
                found[cells[0]] = CellInterval(cells[0], 1.0, math.inf, "")
            continue
        block = _Block(cells, eqs, threshold, counts)
        found.update(block.audit(exact=intervals))

    ordered = {c: found[c] for c in sorted(found)}
    return AuditReport(
        threshold=threshold,
        cells=len(values),
        hidden=len(hidden),
        blocks=len(blocks),
        largest_block=max((len(c) for c, _ in blocks), default=0),
        lps=counts.lps,
        milps=counts.milps,
        seconds=time.perf_counter() - start,
        failures=[iv for iv in ordered.values() if iv.reason],
        intervals=ordered if intervals else {},
    )


def _check_values(published: Mapping[str, int | None]) -> dict[str, int | None]:
    values: dict[str, int | None] = {}
    for cell in sorted(published):
        v = published[cell]
        if v is not None:
            if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 0:
                raise ValueError(f"cell {cell!r}: {v!r} is not a non-negative integer")
            v = int(v)
        values[cell] = v
    return values


def _equations(
    values: Mapping[str, int | None], relations: Sequence[tuple[str, Sequence[str]]]
) -> list[_Equation]:
    """Each relation as an equation over its hidden cells; fully published ones are checked."""
    out: list[_Equation] = []
    for total, parts in relations:
        label = _label(total, parts)
        coefs: dict[str, int] = {}
        for name, sign in [(total, -1), *((p, 1) for p in parts)]:
            if name not in values:
                raise ValueError(f"cell {name!r} of relation {label!r} is not in the release")
            coefs[name] = coefs.get(name, 0) + sign
        rhs = 0
        terms: dict[str, int] = {}
        for name, coef in coefs.items():
            v = values[name]
            if coef == 0:
                continue
            if v is None:
                terms[name] = coef
            else:
                rhs -= coef * v
        if not terms:
            if rhs != 0:
                parts_sum = sum(values[p] or 0 for p in parts)
                raise ValueError(
                    f"published relation {label!r} does not add up: {total} is "
                    f"{values[total]}, the parts sum to {parts_sum}"
                )
            continue
        out.append(_Equation(label, terms, rhs))
    return out


def _propagate(equations: list[_Equation]) -> dict[str, int]:
    """Pin cells that are alone in an equation, substituting them until nothing changes."""
    by_cell: dict[str, list[int]] = {}
    for k, eq in enumerate(equations):
        for cell in eq.terms:
            by_cell.setdefault(cell, []).append(k)
    pinned: dict[str, int] = {}
    queue = deque(k for k, eq in enumerate(equations) if len(eq.terms) == 1)
    while queue:
        eq = equations[queue.popleft()]
        if len(eq.terms) != 1:  # already substituted away
            continue
        ((cell, coef),) = eq.terms.items()
        if eq.rhs % coef or eq.rhs // coef < 1:
            raise ValueError(
                f"release is inconsistent: relation {eq.label!r} makes hidden cell {cell!r} "
                f"{eq.rhs / coef:g}, not an integer >= 1"
            )
        value = eq.rhs // coef
        pinned[cell] = value
        for k in by_cell[cell]:
            other = equations[k]
            c = other.terms.pop(cell, None)
            if c is None:
                continue
            other.rhs -= c * value
            if not other.terms and other.rhs != 0:
                raise ValueError(
                    f"release is inconsistent: relation {other.label!r} does not add up "
                    "with the hidden values the other relations pin"
                )
            if len(other.terms) == 1:
                queue.append(k)
    return pinned


def _blocks(
    cells: list[str], equations: list[_Equation]
) -> list[tuple[list[str], list[_Equation]]]:
    """Connected components of hidden cells linked by equations (union-find), sorted."""
    parent = {c: c for c in cells}

    def find(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for eq in equations:
        first, *rest = eq.terms
        root = find(first)
        for other in rest:
            r = find(other)
            if r != root:
                if r < root:
                    root, r = r, root
                parent[r] = root
    members: dict[str, list[str]] = {}
    for c in cells:
        members.setdefault(find(c), []).append(c)
    eqs: dict[str, list[_Equation]] = {}
    for eq in equations:
        eqs.setdefault(find(next(iter(eq.terms))), []).append(eq)
    return [(sorted(members[r]), eqs.get(r, [])) for r in sorted(members)]


class _Block:
    """LP audit of one block: ``A x = b``, ``x >= 1`` over its hidden cells."""

    def __init__(
        self, cells: list[str], equations: list[_Equation], threshold: int, counts: _Counts
    ) -> None:
        self.cells = cells
        self.threshold = threshold
        self.counts = counts
        index = {c: i for i, c in enumerate(cells)}
        rows: list[int] = []
        cols: list[int] = []
        data: list[float] = []
        for r, eq in enumerate(equations):
            for cell, coef in sorted(eq.terms.items()):
                rows.append(r)
                cols.append(index[cell])
                data.append(float(coef))
        self.labels = [eq.label for eq in equations]
        # local bound: in an equation whose hidden cells all add up to a constant, a cell is
        # at most that constant less 1 for each other cell (rounded down); inf when none
        self.local = np.full(len(cells), np.inf)
        self.eqs_of: list[list[int]] = [[] for _ in cells]
        for r, eq in enumerate(equations):
            positive = all(c > 0 for c in eq.terms.values())
            rest = sum(eq.terms.values())
            for cell, coef in eq.terms.items():
                i = index[cell]
                self.eqs_of[i].append(r)
                if positive:
                    bound = float((eq.rhs - (rest - coef)) // coef)
                    self.local[i] = min(self.local[i], bound)
        n, m = len(cells), len(equations)
        self.n = n
        self.a = sp.csr_array((data, (rows, cols)), shape=(m, n))
        self.b = np.array([float(eq.rhs) for eq in equations])
        # evidence from feasible solutions seen so far
        self.lo = np.full(n, np.inf)  # smallest value of each cell
        self.hi = np.full(n, -np.inf)  # largest value
        self.hi_int = np.full(n, -np.inf)  # largest value in an all-integer solution

    # -- evidence ------------------------------------------------------------------------

    def _witness(self, x: FloatArray) -> None:
        np.minimum(self.lo, x, out=self.lo)
        np.maximum(self.hi, x, out=self.hi)
        if np.all(np.abs(x - np.round(x)) <= _TOL):
            np.maximum(self.hi_int, x, out=self.hi_int)

    def _upper_ok(self, cells: slice = slice(None)) -> npt.NDArray[np.bool_]:
        """Cells shown to reach the threshold (integer solution, or LP value >= T + 1)."""
        t = self.threshold
        return (self.hi_int[cells] >= t - _TOL) | (self.hi[cells] >= t + 1 - _TOL)

    def _not_single(self, cells: slice = slice(None)) -> npt.NDArray[np.bool_]:
        """Cells whose seen values span two integers."""
        return np.floor(self.hi[cells] + _TOL) - np.ceil(self.lo[cells] - _TOL) >= 1

    def _upper_ok_at(self, i: int) -> bool:
        return bool(self._upper_ok(slice(i, i + 1))[0])

    def _not_single_at(self, i: int) -> bool:
        return bool(self._not_single(slice(i, i + 1))[0])

    # -- solvers -------------------------------------------------------------------------

    def _infeasible(self) -> ValueError:
        shown = "; ".join(self.labels[:3]) + ("; ..." if len(self.labels) > 3 else "")
        return ValueError(
            f"release is inconsistent: no integers >= 1 for hidden cells "
            f"{', '.join(self.cells[:5])}{', ...' if self.n > 5 else ''} satisfy {shown}"
        )

    def _cover(self, targets: npt.NDArray[np.intp]) -> None:
        """Maximise ``sum(min(x_i, T + 1))`` over ``targets`` (``y_i <= x_i``, ``y_i <= T + 1``).

        Capped at ``T + 1`` rather than ``T``: a fractional solution at ``T + 1`` proves the
        upper test on its own, one at ``T`` only if the whole solution is integral.
        """
        n, k, m = self.n, len(targets), self.a.shape[0]
        c = np.concatenate([np.zeros(n), -np.ones(k)])
        a_eq = sp.hstack([self.a, sp.csr_array((m, k))], format="csr")
        pick = sp.csr_array((-np.ones(k), (np.arange(k), targets)), shape=(k, n))
        a_ub = sp.hstack([pick, sp.eye_array(k)], format="csr")
        bounds = np.array([[1.0, np.inf]] * n + [[0.0, float(self.threshold + 1)]] * k)
        self.counts.lps += 1
        res = linprog(
            c, A_ub=a_ub, b_ub=np.zeros(k), A_eq=a_eq, b_eq=self.b, bounds=bounds, method="highs"
        )
        if res.status == 0:
            self._witness(np.asarray(res.x[:n], dtype=np.float64))
        elif res.status == 2 or (res.status == 4 and "infeasible" in res.message):
            raise self._infeasible()
        else:
            raise RuntimeError(f"LP failed: {res.message}")

    def _lp(self, c: FloatArray) -> float | None:
        """Minimise ``c @ x``; the optimum, or None when unbounded (block known feasible)."""
        self.counts.lps += 1
        res = linprog(c, A_eq=self.a, b_eq=self.b, bounds=(1, None), method="highs")
        if res.status == 0:
            self._witness(np.asarray(res.x, dtype=np.float64))
            return float(res.fun)
        # the block is feasible (the covering LP found a solution), so HiGHS's "unbounded
        # or infeasible" verdict can only mean unbounded
        if res.status == 3 or (res.status == 4 and "unbounded" in res.message.lower()):
            return None
        raise RuntimeError(f"LP failed: {res.message}")

    def _max(self, i: int) -> float:
        c = np.zeros(self.n)
        c[i] = -1.0
        best = self._lp(c)
        return math.inf if best is None else -best

    def _min(self, i: int) -> float:
        c = np.zeros(self.n)
        c[i] = 1.0
        best = self._lp(c)
        if best is None:  # x_i >= 1 bounds it below
            raise RuntimeError("LP minimum reported unbounded")
        return best

    def _lower(self, i: int) -> float:
        """Integer lower bound of ``x_i``: 1 when a solution seen has it, else the LP min."""
        if self.lo[i] <= 1 + _TOL:
            return 1.0
        return _ceil(self._min(i))

    def _int_max(self, i: int) -> float:
        """Integer maximum of ``x_i`` over the block (MILP)."""
        c = np.zeros(self.n)
        c[i] = -1.0
        self.counts.milps += 1
        res = milp(
            c,
            constraints=LinearConstraint(self.a, self.b, self.b),
            integrality=np.ones(self.n),
            bounds=Bounds(1.0, np.inf),
        )
        if res.status == 0:
            x: FloatArray = np.asarray(res.x, dtype=np.float64).round()
            self._witness(x)
            return float(x[i])
        if res.status == 2:
            raise self._infeasible()
        raise RuntimeError(f"MILP failed: {res.message}")

    def _push_up(self, *, exact: bool) -> None:
        """Solutions that take cells to their local bounds, several cells per LP.

        The cells whose upper bound is still needed (below the threshold so far, or all
        with ``exact``) and not yet at their local bound are maximised together, at most
        one per equation so that they do not compete; a cell reaching its local bound has
        its exact upper bound. Repeated while it makes progress.
        """
        for _ in range(_MAX_COVER):
            need = np.ones(self.n, dtype=bool) if exact else ~self._upper_ok()
            open_ = np.flatnonzero(need & np.isfinite(self.local) & (self.hi < self.local - _TOL))
            if open_.size == 0:
                return
            used: set[int] = set()
            c = np.zeros(self.n)
            for i in open_:
                if used.isdisjoint(self.eqs_of[i]):
                    used.update(self.eqs_of[i])
                    c[i] = -1.0
            self._lp(c)
            if not np.any(self.hi[open_] >= self.local[open_] - _TOL):
                return

    def _upper(self, i: int) -> float:
        """Integer upper bound of ``x_i``: LP max rounded down, MILP in ``[T, T + 1)``.

        No LP when a solution seen attains the cell's local bound: that is the LP max then
        (rounded down).
        """
        attained = self.hi[i] >= self.local[i] - _TOL
        u = float(self.local[i]) if attained else _floor(self._max(i))
        if math.isinf(u) or self.hi_int[i] >= u - _TOL:  # an integer solution attains it
            return u
        if u == self.threshold:  # LP max in [T, T + 1): is x_i >= T integer-feasible?
            return self._int_max(i)
        return u

    # -- audit ---------------------------------------------------------------------------

    def audit(self, *, exact: bool) -> dict[str, CellInterval]:
        """Failing cells (and, when ``exact``, every cell) with their bounds."""
        t = self.threshold
        # cells whose local bound is below T cannot reach it: they are no target
        can_reach = self.local >= t
        self._cover(np.flatnonzero(can_reach))  # also shows the block is feasible
        for _ in range(0 if exact else _MAX_COVER - 1):  # again, over the cells not covered
            targets = np.flatnonzero(can_reach & ~self._upper_ok())
            if targets.size == 0:
                break
            self._cover(targets)
            if int(self._upper_ok()[targets].sum()) == 0:
                break
        self._push_up(exact=exact)
        # a low solution over the cells not shown to vary (all with exact: lower bounds of 1)
        low = np.ones(self.n, dtype=bool) if exact else ~self._not_single()
        if low.any():
            self._lp(low.astype(np.float64))

        out: dict[str, CellInterval] = {}
        for i, cell in enumerate(self.cells):
            upper: float | None = None
            lower: float | None = None
            if exact or not self._upper_ok_at(i):
                upper = self._upper(i)
            if exact or not self._not_single_at(i):
                lower = self._lower(i)
                if upper is None and not self._not_single_at(i):
                    upper = self._upper(i)
            if upper is None or lower is None:
                if upper is None or upper >= t:
                    continue  # proven to pass by the solutions seen
                lower = self._lower(i)
            if lower > upper:
                raise self._infeasible()
            reason = SINGLE_VALUE if lower == upper else UPPER_BELOW if upper < t else ""
            if reason or exact:
                out[cell] = CellInterval(cell, lower, upper, reason)
        return out
