"""The cells of a release and their additive relations, counted in one pass.

A *cell* is one count a viewer or a meeting can see, keyed by a tuple whose first item
names its table (docs/privacy.md lists them):

===============================  ==========================================================
key                              count
===============================  ==========================================================
``("res", A)``                   residents with at least one need living in area *A*
``("iso", A)``                   of those, isolated (no activity, no accepted/closed
                                 referral)
``("reach", A)``                 of those, reached (``res = iso + reach``)
``("dem", A, need)``             demand for a need in *A* (DATA_MODEL.md "Gaps")
``("out", A)``                   referrals *made in the period* by organisations in *A*
``("out", A, "status", s)``      ... by status (``open``, ``accepted``, ``declined``,
                                 ``closed``)
``("out", A, "need", n)``        ... by need
``("out", A, "kind", k)``        ... by kind of referring organisation
``("in", A)``                    referrals received in the period by organisations or
                                 activities in *A*
``("in", A, "need", n)``         ... by need
``("part", activity)``           residents taking part in an activity
===============================  ==========================================================

Areas are those of the published levels (city, ward, district): a record located in a
neighbourhood counts for its district. An area with published sub-areas has an *own*
cell (area id + ``"#own"``) for the records located in it directly (a ward office's
referrals, residents recorded only at ward level), so every area cell is the sum of its
own cell and its sub-areas' cells: that is the *hierarchy* relation, declared for every
table. The other relations: ``res = iso + reach``; ``out`` = the sum of its parts by
status = by need = by kind; ``in`` = the sum by need. Participants per activity are in no
relation.

Referrals are *events*: a release counts those of its period (never a running total).
Residents and participants are *stocks*, counted on the reference date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from netmap.analysis.flows import referral_status
from netmap.analysis.gaps import Demand
from netmap.analysis.isolation import isolated_residents
from netmap.analysis.projections import GraphIndex
from netmap.model.schema import Label

__all__ = [
    "OWN",
    "PUBLISHED_LEVELS",
    "AreaTree",
    "CellCounts",
    "Key",
    "count_cells",
    "key_text",
]

#: Area levels a release publishes (neighbourhood counts roll up into their district).
PUBLISHED_LEVELS = ("city", "ward", "district")
#: Suffix of an area's own cell (records located in the area itself, not below it).
OWN = "#own"

Key = tuple[str, ...]


def key_text(key: Key) -> str:
    """A cell key as text (``dem|hodogaya-iwama|food``), for reports and files."""
    return "|".join(key)


@dataclass
class AreaTree:
    """The published areas: each with its nearest published parent."""

    parents: dict[str, str | None]
    levels: dict[str, str]
    names: dict[str, str]
    children: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, ix: GraphIndex) -> AreaTree:
        levels = {a: str(ix.G.nodes[a].get("level", "")) for a in ix.nodes(Label.AREA)}
        published = {a for a, lv in levels.items() if lv in PUBLISHED_LEVELS}
        parents: dict[str, str | None] = {}
        for a in sorted(published):
            p = ix.parents.get(a)
            seen = {a}
            while p is not None and p not in published and p not in seen:
                seen.add(p)
                p = ix.parents.get(p)
            parents[a] = p if p in published else None
        children: dict[str, list[str]] = defaultdict(list)
        for a, p in parents.items():
            if p is not None:
                children[p].append(a)
        return cls(
            parents=parents,
            levels={a: levels[a] for a in published},
            names={a: ix.name(a) for a in published},
            children={p: sorted(c) for p, c in children.items()},
        )

    def unit_map(self, ix: GraphIndex) -> dict[str, str | None]:
        """Every indexed area -> the published area its records count for (itself, or
        its nearest published ancestor)."""
        out: dict[str, str | None] = {}
        for a in ix.nodes(Label.AREA):
            cur: str | None = a
            seen: set[str] = set()
            while cur is not None and cur not in self.parents and cur not in seen:
                seen.add(cur)
                cur = ix.parents.get(cur)
            out[a] = cur if cur in self.parents else None
        return out

    def leaf_key(self, area: str) -> str:
        """The area whose cells hold records located in ``area`` itself: the area, or its
        own cell when it has published sub-areas."""
        return area + OWN if self.children.get(area) else area


@dataclass
class CellCounts:
    """Exact values of every non-zero cell, the relations, and what the period saw."""

    values: dict[Key, int]
    relations: list[tuple[Key, list[Key]]]
    #: (source, target) node pairs of the period's referrals (for maps: existence only)
    links: set[tuple[str, str]]
    #: organisations that referred out but received nothing in the period, and the reverse
    one_way: dict[str, str]
    #: ids of the referrals counted (hashed by the caller before they are stored)
    referrals: list[str]


def count_cells(
    ix: GraphIndex,
    *,
    period_start: dt.date,
    counted: Callable[[str, dt.date], bool] | None = None,
) -> CellCounts:
    """Count every cell of a release on ``ix`` (an index built for the reference date).

    ``period_start``: the first day of the period; a referral dated before it is counted
    only when ``counted(referral_id, date)`` says so (a late referral whose own period
    was already published), and ``counted`` may also refuse one dated in the period (one
    already published by another release).
    """
    tree = AreaTree.build(ix)
    unit = tree.unit_map(ix)
    leaf: dict[str, str] = {a: tree.leaf_key(a) for a in tree.parents}
    own: dict[Key, int] = defaultdict(int)  # cells of leaf keys (own or leaf areas)
    here = _locator(ix, unit, leaf)

    # residents (stocks)
    for res, isolated in isolated_residents(ix).items():
        a = here(res)
        if a is None:
            continue
        own[("res", a)] += 1
        own[("iso" if isolated else "reach", a)] += 1
    # demand (one definition: netmap.analysis.gaps.Demand)
    rollup = {loc: (leaf[u] if u is not None else None) for loc, u in unit.items()}
    demand = Demand(ix, rollup)
    for (a, need), who in demand.local.items():
        own[("dem", a, need)] += len(who)
    # referrals of the period (events)
    period = _PeriodReferrals()
    for r in ix.nodes(Label.REFERRAL):
        if _in_period(ix, r, period_start, counted):
            period.count(ix, r, here, own)
    one_way = {
        o: ("out_only" if period.org_out.get(o) else "in_only")
        for o in ix.nodes(Label.ORGANISATION)
        if bool(period.org_out.get(o)) != bool(period.org_in.get(o))
    }
    # participants (stocks)
    for acts in ix.participates.values():
        for act in acts:
            own[("part", act)] += 1

    values, relations = _roll_up(own, tree)
    return CellCounts(
        values=values,
        relations=relations,
        links=period.links,
        one_way=one_way,
        referrals=sorted(period.ids),
    )


def _locator(
    ix: GraphIndex, unit: dict[str, str | None], leaf: dict[str, str]
) -> Callable[[str | None], str | None]:
    """node -> the leaf key (published area or own cell) its records count for."""

    def here(node: str | None) -> str | None:
        loc = ix.location.get(node) if node is not None else None
        u = unit.get(loc) if loc is not None else None
        return leaf[u] if u is not None else None

    return here


def _in_period(
    ix: GraphIndex,
    r: str,
    period_start: dt.date,
    counted: Callable[[str, dt.date], bool] | None,
) -> bool:
    """Whether referral ``r`` is counted (see :func:`count_cells`); never when undated."""
    day = _date(ix.G.nodes[r].get("date"))
    if day is None:
        return False
    if counted is not None:
        return counted(r, day)
    return day >= period_start


@dataclass
class _PeriodReferrals:
    """What the period's referrals add besides cells: their links, the referrals out of
    and into each organisation, and their ids."""

    links: set[tuple[str, str]] = field(default_factory=set)
    org_out: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    org_in: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    ids: list[str] = field(default_factory=list)

    def count(
        self,
        ix: GraphIndex,
        r: str,
        here: Callable[[str | None], str | None],
        own: dict[Key, int],
    ) -> None:
        """Count referral ``r`` into the leaf cells ``own`` and into this record."""
        G = ix.G
        self.ids.append(r)
        src, dst = ix.ref_from.get(r), ix.ref_to.get(r)
        need = ix.ref_about.get(r, "")
        a = here(src)
        if a is not None and src is not None:
            own[("out", a)] += 1
            own[("out", a, "status", referral_status(G, r))] += 1
            own[("out", a, "need", need)] += 1
            own[("out", a, "kind", str(G.nodes[src].get("kind") or ""))] += 1
        b = here(dst)
        if b is not None:
            own[("in", b)] += 1
            own[("in", b, "need", need)] += 1
        if src is not None:
            self.org_out[src] += 1
            if dst is not None and dst != src:
                self.links.add((src, dst))
        for o in ix.referral_target_orgs(r):
            self.org_in[o] += 1


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _area_tables(values: Iterable[Key]) -> set[Key]:
    """The area-free part of each area cell key (``("dem", need)``, ``("out",)``...)."""
    return {(k[0], *k[2:]) for k in values if k[0] != "part"}


def _roll_up(
    own: dict[Key, int], tree: AreaTree
) -> tuple[dict[Key, int], list[tuple[Key, list[Key]]]]:
    """Area cells from the leaf cells, with the hierarchy and breakdown relations."""
    values: dict[Key, int] = {k: v for k, v in own.items() if v}
    shapes = sorted(_area_tables(values))
    relations: list[tuple[Key, list[Key]]] = []

    def cell(shape: Key, area: str) -> Key:
        return (shape[0], area, *shape[1:])

    order: list[str] = []  # areas, children before parents
    seen: set[str] = set()

    def visit(a: str) -> None:
        if a in seen:
            return
        seen.add(a)
        for c in tree.children.get(a, []):
            visit(c)
        order.append(a)

    for a in sorted(tree.parents):
        visit(a)
    for a in order:
        kids = tree.children.get(a, [])
        if not kids:
            continue
        for shape in shapes:
            parts = [cell(shape, a + OWN)] + [cell(shape, c) for c in kids]
            total = sum(values.get(p, 0) for p in parts)
            if total:
                values[cell(shape, a)] = total
                relations.append((cell(shape, a), [p for p in parts if values.get(p)]))
    # breakdowns of one area cell (the own cells and every area)
    breakdown: dict[tuple[str, str, str], list[Key]] = defaultdict(list)
    for k in sorted(values):
        if len(k) == 4:
            breakdown[(k[0], k[1], k[2])].append(k)
    for k in sorted(values):
        if len(k) != 2:
            continue
        table, a = k
        if table == "res":
            relations.append((k, [p for p in (("iso", a), ("reach", a)) if values.get(p)]))
        elif table in ("out", "in"):
            for dim in ("status", "need", "kind") if table == "out" else ("need",):
                relations.append((k, breakdown[(table, a, dim)]))
    return values, relations
