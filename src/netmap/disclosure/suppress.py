"""Primary and secondary cell suppression over every relation of a release at once.

1. **Primary**: a count from 1 to below the threshold is hidden.
2. **Secondary** (local rule, to a fixed point): in every relation ``total = sum(parts)``
   no hidden cell may be alone (it would be the total minus the shown parts), and where
   the total is shown the hidden parts must together leave each of them room to reach
   the threshold: ``total - shown parts - (hidden parts - 1) >= threshold`` (an attacker
   knows a hidden cell is at least 1, since zeros are always shown). A relation that
   breaks the rule hides its smallest shown positive part (else its total), which may
   break the relations of that cell in turn.
3. **Audit-driven**: relations interact (an area's total is a part of its parent's and
   the total of its breakdowns), so the release is then audited by linear programming
   (:mod:`netmap.disclosure.audit`); for each cell that fails, the smallest shown positive
   cell of its relations is hidden too, and the loop repeats until the audit passes.

Deterministic: cells and relations are visited in sorted order, ties broken by key.
Zeros are never hidden.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from netmap.disclosure.audit import AuditReport, audit_cells
from netmap.disclosure.cells import Key, key_text
from netmap.errors import DisclosureAuditError

__all__ = ["DisclosureAuditError", "Suppression", "audit_keyed", "suppress"]

Relation = tuple[Key, Sequence[Key]]

#: Audit-driven rounds before giving up (each hides at least one more cell).
MAX_ROUNDS = 50


@dataclass
class Suppression:
    hidden: set[Key]
    primary: int
    secondary: int
    rounds: int
    audit: AuditReport


def suppress(values: dict[Key, int], relations: Sequence[Relation], threshold: int) -> Suppression:
    """Hide cells of ``values`` (exact non-zero counts; absent keys are 0) until every
    hidden cell passes the audit. Raises :class:`DisclosureAuditError` if it cannot."""
    hidden = {k for k, v in values.items() if 1 <= v < threshold}
    primary = len(hidden)
    rels = [(t, list(ps)) for t, ps in relations]
    of_cell: dict[Key, list[int]] = defaultdict(list)
    for i, (t, ps) in enumerate(rels):
        for c in (t, *ps):
            of_cell[c].append(i)

    def fix(todo: Iterable[int]) -> None:
        queue = deque(sorted(set(todo)))
        queued = set(queue)
        while queue:
            i = queue.popleft()
            queued.discard(i)
            victim = _local_victim(rels[i], values, hidden, threshold)
            if victim is None:
                continue
            hidden.add(victim)
            for j in of_cell[victim]:
                if j not in queued:
                    queued.add(j)
                    queue.append(j)
            if i not in queued:  # the relation may need another cell
                queued.add(i)
                queue.append(i)

    fix(range(len(rels)))
    rounds = 0
    while True:
        # cheap first: interval propagation finds most cells an attacker could pin
        weak = _propagation_failures(values, rels, of_cell, hidden, threshold)
        report = None
        if not weak:
            report = _audit(values, rels, hidden, threshold)
            if report.passed:
                break
            by_text = {key_text(k): k for k in hidden}
            weak = [by_text[f.cell] for f in report.failures if f.cell in by_text]
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise DisclosureAuditError(
                f"secondary suppression did not converge after {MAX_ROUNDS} rounds",
                details={"failures": [key_text(k) for k in weak[:20]]},
            )
        touched: set[int] = set()
        for cell in sorted(weak):
            if cell not in hidden:
                continue
            victim = _widen(cell, rels, of_cell, values, hidden)
            if victim is not None:
                hidden.add(victim)
                touched |= set(of_cell[victim])
        if not touched:
            raise DisclosureAuditError(
                "secondary suppression cannot protect every hidden cell",
                details={"failures": [key_text(k) for k in weak[:20]]},
            )
        fix(touched)
    return Suppression(
        hidden=hidden,
        primary=primary,
        secondary=len(hidden) - primary,
        rounds=rounds,
        audit=report,
    )


def _local_victim(
    rel: tuple[Key, list[Key]], values: dict[Key, int], hidden: set[Key], threshold: int
) -> Key | None:
    """The cell to hide so that ``rel`` keeps the local rule, or ``None`` if it does."""
    total, parts = rel
    n_hidden = (total in hidden) + sum(1 for p in parts if p in hidden)
    if n_hidden == 0:
        return None
    if n_hidden >= 2:
        if total in hidden:
            return None
        slack = values.get(total, 0) - sum(values.get(p, 0) for p in parts if p not in hidden)
        if slack - (n_hidden - 1) >= threshold:
            return None
    shown = [(values.get(p, 0), p) for p in parts if p not in hidden and values.get(p, 0) > 0]
    if shown:
        return min(shown)[1]
    if total not in hidden and values.get(total, 0) > 0:
        return total
    return None


def _widen(
    cell: Key,
    rels: list[tuple[Key, list[Key]]],
    of_cell: dict[Key, list[int]],
    values: dict[Key, int],
    hidden: set[Key],
) -> Key | None:
    """The cell to hide for a hidden cell that an attacker could pin or cap: the smallest
    shown positive cell of its relations, else of the relations reached through hidden
    cells (breadth first: the nearest relation that holds a shown cell)."""
    seen_cells = {cell}
    seen_rels: set[int] = set()
    frontier = [cell]
    while frontier:
        options: list[tuple[int, Key]] = []
        nxt: list[Key] = []
        for c in frontier:
            for i in of_cell.get(c, []):
                if i in seen_rels:
                    continue
                seen_rels.add(i)
                for other in (rels[i][0], *rels[i][1]):
                    if other in seen_cells:
                        continue
                    seen_cells.add(other)
                    if other in hidden:
                        nxt.append(other)
                    elif values.get(other, 0) > 0:
                        options.append((values[other], other))
        if options:
            return min(options)[1]
        frontier = sorted(nxt)
    return None


def _propagation_failures(
    values: dict[Key, int],
    rels: list[tuple[Key, list[Key]]],
    of_cell: dict[Key, list[int]],
    hidden: set[Key],
    threshold: int,
    *,
    max_visits: int = 200_000,
) -> list[Key]:
    """Hidden cells whose interval, by propagating bounds through the relations, is a
    single value or stays below the threshold. Sound (an attacker can do at least this
    much), not complete: the LP audit decides in the end."""
    inf = float("inf")
    lo: dict[Key, float] = {}
    hi: dict[Key, float] = {}
    for c in hidden:
        lo[c], hi[c] = 1.0, inf

    def lower(c: Key) -> float:
        return lo[c] if c in hidden else float(values.get(c, 0))

    def upper(c: Key) -> float:
        return hi[c] if c in hidden else float(values.get(c, 0))

    queue = deque(
        i for i in range(len(rels)) if any(c in hidden for c in (rels[i][0], *rels[i][1]))
    )
    queued = set(queue)
    visits = 0
    while queue and visits < max_visits:
        i = queue.popleft()
        queued.discard(i)
        visits += 1
        total, parts = rels[i]
        changed: list[Key] = []
        sum_lo = sum(lower(p) for p in parts)
        sum_hi = sum(upper(p) for p in parts)
        if total in hidden:
            if sum_hi < hi[total]:
                hi[total] = sum_hi
                changed.append(total)
            if sum_lo > lo[total]:
                lo[total] = sum_lo
                changed.append(total)
        t_lo, t_hi = lower(total), upper(total)
        for p in parts:
            if p not in hidden:
                continue
            others_lo = sum_lo - lo[p]
            others_hi = sum_hi - hi[p]
            new_hi = t_hi - others_lo
            if new_hi < hi[p]:
                hi[p] = new_hi
                changed.append(p)
            if others_hi != inf and t_lo - others_hi > lo[p]:
                lo[p] = t_lo - others_hi
                changed.append(p)
        for c in changed:
            for j in of_cell[c]:
                if j != i and j not in queued:
                    queued.add(j)
                    queue.append(j)
    return sorted(c for c in hidden if hi[c] < threshold or lo[c] >= hi[c])


def _audit(
    values: dict[Key, int],
    rels: list[tuple[Key, list[Key]]],
    hidden: set[Key],
    threshold: int,
) -> AuditReport:
    published = {k: (None if k in hidden else v) for k, v in values.items()}
    return audit_keyed(published, rels, threshold)


def audit_keyed(
    published: Mapping[Key, int | None],
    relations: Sequence[Relation],
    threshold: int,
    *,
    intervals: bool = False,
) -> AuditReport:
    """:func:`~netmap.disclosure.audit.audit_cells` on cells keyed by tuples (reported by
    :func:`~netmap.disclosure.cells.key_text`)."""
    return audit_cells(
        {key_text(k): v for k, v in published.items()},
        [(key_text(t), [key_text(p) for p in ps]) for t, ps in relations],
        threshold,
        intervals=intervals,
    )
