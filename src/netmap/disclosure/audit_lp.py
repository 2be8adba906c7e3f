"""The LP audit of one block of hidden cells (for :func:`netmap.disclosure.audit.audit_cells`;
the method is described in :mod:`netmap.disclosure.audit`): covering LPs, LPs that push
cells to their local bounds or keep them low, per-cell LPs, and a MILP in the
``[T, T + 1)`` band, with ``scipy.optimize`` (HiGHS)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from netmap.disclosure.audit_report import SINGLE_VALUE, UPPER_BELOW, CellInterval

__all__ = ["Block", "Equation", "SolverCounts"]

_TOL = 1e-6  # LP values within this of an integer count as that integer
_MAX_COVER = 8  # covering LPs per block (while they make progress) before per-cell LPs

FloatArray = npt.NDArray[np.float64]


@dataclass
class Equation:
    """``sum(coef * x[cell] for cell, coef in terms) == rhs`` over hidden cells."""

    label: str
    terms: dict[str, int]
    rhs: int


@dataclass
class SolverCounts:
    """Linear and integer programs solved."""

    lps: int = 0
    milps: int = 0


def _floor(v: float) -> float:
    return v if math.isinf(v) else float(math.floor(v + _TOL))


def _ceil(v: float) -> float:
    return float(math.ceil(v - _TOL))


class Block:
    """LP audit of one block: ``A x = b``, ``x >= 1`` over its hidden cells."""

    def __init__(
        self, cells: list[str], equations: list[Equation], threshold: int, counts: SolverCounts
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
