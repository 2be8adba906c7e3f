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

The LPs of steps 2 and 3 are solved in :mod:`netmap.disclosure.audit_lp`; the report is
modelled in :mod:`netmap.disclosure.audit_report` (re-exported here).
"""

from __future__ import annotations

import math
import numbers
import time
from collections import deque
from collections.abc import Mapping, Sequence

from netmap.disclosure.audit_lp import Block, Equation, SolverCounts
from netmap.disclosure.audit_report import SINGLE_VALUE, UPPER_BELOW, AuditReport, CellInterval

__all__ = ["SINGLE_VALUE", "UPPER_BELOW", "AuditReport", "CellInterval", "audit_cells"]


def _label(total: str, parts: Sequence[str]) -> str:
    shown = " + ".join(parts[:8]) + (" + ..." if len(parts) > 8 else "")
    return f"{total} = {shown or '0'}"


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
    counts = SolverCounts()
    hidden = [c for c, v in values.items() if v is None]
    free = [c for c in hidden if c not in pinned]
    residual = [eq for eq in equations if len(eq.terms) >= 2]
    blocks = _blocks(free, residual)
    found = _audit_blocks(pinned, blocks, threshold, counts, intervals=intervals)

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


def _audit_blocks(
    pinned: Mapping[str, int],
    blocks: list[tuple[list[str], list[Equation]]],
    threshold: int,
    counts: SolverCounts,
    *,
    intervals: bool,
) -> dict[str, CellInterval]:
    """The pinned cells (single values), then each block's failing cells (and, with
    ``intervals``, every cell) with their bounds."""
    found: dict[str, CellInterval] = {
        cell: CellInterval(cell, float(v), float(v), SINGLE_VALUE) for cell, v in pinned.items()
    }
    for cells, eqs in blocks:
        if not eqs:  # in no relation that bounds it: [1, inf)
            if intervals:
                found[cells[0]] = CellInterval(cells[0], 1.0, math.inf, "")
            continue
        block = Block(cells, eqs, threshold, counts)
        found.update(block.audit(exact=intervals))
    return found


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
) -> list[Equation]:
    """Each relation as an equation over its hidden cells; fully published ones are checked."""
    out: list[Equation] = []
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
        out.append(Equation(label, terms, rhs))
    return out


def _propagate(equations: list[Equation]) -> dict[str, int]:
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


def _blocks(cells: list[str], equations: list[Equation]) -> list[tuple[list[str], list[Equation]]]:
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
    eqs: dict[str, list[Equation]] = {}
    for eq in equations:
        eqs.setdefault(find(next(iter(eq.terms))), []).append(eq)
    return [(sorted(members[r]), eqs.get(r, [])) for r in sorted(members)]
