"""Gaps: needs with no local resource, or too few (DATA_MODEL.md "Gaps").

For area *A* (at the analysed level) and need *N*:

* ``demand`` = distinct residents living in *A* who have *N* or were referred about *N*,
  plus referrals about *N* that name no resident and come from an organisation located
  in *A* (each such referral counts once);
* ``supply`` = activities held in *A* that address *N*, plus organisations located in *A*
  that provide *N*.

A *gap* is ``demand >= min_demand`` with ``supply == 0`` (``ratio`` null); an
*under-supplied* pair has ``supply > 0`` and ``demand / supply > ratio`` (``min_demand``
applies to gaps only, as DATA_MODEL.md defines it). Records located in an area *coarser*
than the level belong to no area of the level: such resources are listed as
``wide_area_resources`` of the gaps below them, and such demand is reported by
:func:`find_unallocated`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import networkx as nx

from netmap.analysis.projections import (
    GraphIndex,
    check_area,
    check_level,
    check_need,
    round9,
)
from netmap.analysis.results import (
    AnalysisParameterError,
    Candidate,
    Gap,
    Unallocated,
    WideAreaResource,
)
from netmap.model.schema import Label
from netmap.model.vocab import NEED_ACTIVITY_KINDS

__all__ = ["Demand", "find_gaps", "find_unallocated"]

#: A target group meaning "everyone": an activity open to it has nothing to widen.
_OPEN_TO_ALL = "all"


class Demand:
    """Demand per (area, need): resident ids plus anonymous referral ids (the one
    definition of demand, used by :func:`find_gaps`, :func:`find_unallocated` and the
    disclosure releases). ``rollup`` maps each location to the area it counts for, or
    ``None`` when it is coarser than that (then the demand is ``unallocated``)."""

    def __init__(self, ix: GraphIndex, rollup: dict[str, str | None]) -> None:
        self.local: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.unallocated: dict[tuple[str, str], set[str]] = defaultdict(set)
        referred: dict[str, set[str]] = defaultdict(set)  # resident -> needs referred about
        for r in ix.nodes(Label.REFERRAL):
            need = ix.ref_about.get(r)
            if need is None:
                continue
            resident = ix.ref_concerns.get(r)
            if resident is not None:
                referred[resident].add(need)
                continue
            src = ix.ref_from.get(r)
            loc = ix.location.get(src) if src is not None else None
            if loc is not None and rollup.get(loc) is not None:
                # from an organisation in a coarser area: local demand of no area
                self._add(rollup, loc, need, r)
        for res in ix.nodes(Label.RESIDENT):
            loc = ix.location.get(res)
            if loc is None:
                continue
            for need in ix.has_need.get(res, set()) | referred.get(res, set()):
                self._add(rollup, loc, need, res)

    def _add(self, rollup: dict[str, str | None], loc: str, need: str, who: str) -> None:
        area = rollup.get(loc)
        if area is not None:
            self.local[(area, need)].add(who)
        else:
            self.unallocated[(loc, need)].add(who)


def _validate(
    G: nx.MultiDiGraph, level: str, area: str | None, need: str | None
) -> tuple[str, str | None, str | None]:
    return check_level(level), check_area(G, area), check_need(G, need)


def find_gaps(
    G: nx.MultiDiGraph,
    *,
    level: str = "district",
    min_demand: int = 1,
    ratio: float = 10.0,
    as_of: dt.date | str | None = None,
    area: str | None = None,
    need: str | None = None,
    index: GraphIndex | None = None,
) -> list[Gap]:
    """Needs with no resource (gaps) or too few (under-supplied) per area.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The canonical graph (:meth:`GraphStore.export_graph`).
    level : str
        Areas analysed: ``city``, ``ward``, ``district`` (default) or ``neighbourhood``.
    min_demand : int
        Smallest demand reported as a gap (>= 1).
    ratio : float
        An area-need pair with supply is under-supplied when ``demand / supply > ratio``.
    as_of : date, ISO string or None
        Only records valid that day (default today).
    area : str or None
        Keep the results of this area and the areas below it (computed on the whole graph).
    need : str or None
        Keep the results of this need only.

    Returns
    -------
    list of Gap
        Ordered by demand descending, then ratio descending (null last), area id, need id.
        Each carries candidate resources: ``same_ward`` activities (same ward, outside the
        area, addressing the need; by name), then ``extend_activity`` (activities in the
        area whose kind commonly hosts the need, per ``NEED_ACTIVITY_KINDS``, not yet
        addressing it; by name), then for under-supplied pairs ``widen_target_group``
        (activities in the area addressing the need for some target groups only; by name);
        and ``wide_area_resources``: activities held in, or organisations located in, an
        area containing the gap's area, serving the need (nearest area first, then
        activities before organisations, by name).

    Examples
    --------
    >>> from netmap.analysis._examples import tiny_graph
    >>> [(g.area_id, g.need, g.demand, g.supply, g.kind) for g in find_gaps(tiny_graph())]
    [('d1', 'food', 2, 0, 'gap')]
    >>> [(c.activity_id, c.reason) for c in find_gaps(tiny_graph())[0].candidates]
    [('a2', 'same_ward'), ('a1', 'extend_activity')]
    >>> find_gaps(tiny_graph(), ratio=0.5)[1].kind
    'undersupplied'
    """
    level, area, need = _validate(G, level, area, need)
    _check_thresholds(min_demand, ratio)
    ix = GraphIndex.reuse(G, index, as_of)
    rollup = ix.rollup(level)
    ward_of = ix.rollup("ward")
    demand = Demand(ix, rollup)
    sup = _Supply(ix, rollup, ward_of)

    scope = ix.scope(area)
    gaps: list[Gap] = []
    for (unit, n), who in demand.local.items():
        if (scope is not None and unit not in scope) or (need is not None and n != need):
            continue
        d = len(who)
        s = sup.supply.get((unit, n), 0)
        verdict = _verdict(d, s, min_demand, ratio)
        if verdict is not None:
            gaps.append(_gap(ix, unit, n, d, s, verdict, rollup, ward_of, sup))
    gaps.sort(key=_gap_order)
    return gaps


def _check_thresholds(min_demand: int, ratio: float) -> None:
    if min_demand < 1:
        raise AnalysisParameterError("min_demand must be at least 1", details={"min_demand": 1})
    if ratio < 0:
        raise AnalysisParameterError("ratio must not be negative", details={"ratio": ratio})


def _gap(
    ix: GraphIndex,
    unit: str,
    n: str,
    d: int,
    s: int,
    verdict: tuple[str, float | None],
    rollup: dict[str, str | None],
    ward_of: dict[str, str | None],
    sup: _Supply,
) -> Gap:
    """The gap or under-supplied pair (``verdict``) of area ``unit`` and need ``n``."""
    kind, r = verdict
    return Gap(
        area_id=unit,
        area_name=ix.name(unit),
        need=n,
        demand=d,
        supply=s,
        ratio=r,
        kind=kind,  # type: ignore[arg-type]
        candidates=_candidates(
            ix, unit, n, kind, rollup, ward_of, sup.acts_in, sup.acts_by_ward_need
        ),
        wide_area_resources=_wide_resources(ix, unit, n, sup.wide),
    )


def _gap_order(g: Gap) -> tuple[int, bool, float, str, str]:
    """Demand descending, then ratio descending (null last), area id, need id."""
    return (-g.demand, g.ratio is None, -(g.ratio or 0.0), g.area_id, g.need)


def _verdict(d: int, s: int, min_demand: int, ratio: float) -> tuple[str, float | None] | None:
    """``("gap", None)``, ``("undersupplied", demand / supply)`` or ``None`` (neither) for
    a demand ``d`` and supply ``s``."""
    if s == 0:
        if d < min_demand:
            return None
        return "gap", None
    r = round9(d / s)
    if not d / s > ratio:
        return None
    return "undersupplied", r


class _Supply:
    """Supply per (area, need) and the activities per area / per (ward, need); resources
    located in an area coarser than the level go to ``wide`` per (location, need)."""

    def __init__(
        self, ix: GraphIndex, rollup: dict[str, str | None], ward_of: dict[str, str | None]
    ) -> None:
        self.supply: dict[tuple[str, str], int] = defaultdict(int)
        self.acts_in: dict[str, list[str]] = defaultdict(list)  # area of level -> activities
        self.acts_by_ward_need: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.wide: dict[tuple[str, str], list[WideAreaResource]] = defaultdict(list)
        for a in ix.nodes(Label.ACTIVITY):
            loc = ix.location.get(a)
            if loc is not None:
                self._add_activity(ix, a, loc, rollup.get(loc), ward_of.get(loc))
        for o in ix.nodes(Label.ORGANISATION):
            loc = ix.location.get(o)
            if loc is None:
                continue
            unit = rollup.get(loc)
            for n in ix.provides.get(o, set()):
                if unit is not None:
                    self.supply[(unit, n)] += 1
                else:
                    self.wide[(loc, n)].append(
                        WideAreaResource(id=o, label="Organisation", name=ix.name(o), area_id=loc)
                    )

    def _add_activity(
        self, ix: GraphIndex, a: str, loc: str, unit: str | None, ward: str | None
    ) -> None:
        needs = ix.addresses.get(a, set())
        if unit is not None:
            self.acts_in[unit].append(a)
            for n in needs:
                self.supply[(unit, n)] += 1
            if ward is not None:
                for n in needs:
                    self.acts_by_ward_need[(ward, n)].append(a)
        else:
            for n in needs:
                self.wide[(loc, n)].append(
                    WideAreaResource(id=a, label="Activity", name=ix.name(a), area_id=loc)
                )


def _by_name(ix: GraphIndex, ids: list[str]) -> list[str]:
    return sorted(ids, key=lambda a: (ix.name(a), a))


def _candidates(
    ix: GraphIndex,
    unit: str,
    need: str,
    kind: str,
    rollup: dict[str, str | None],
    ward_of: dict[str, str | None],
    acts_in: dict[str, list[str]],
    acts_by_ward_need: dict[tuple[str, str], list[str]],
) -> list[Candidate]:
    out: list[Candidate] = []
    ward = ward_of.get(unit)
    if ward is not None:
        nearby = [
            a for a in acts_by_ward_need.get((ward, need), []) if rollup.get(ix.location[a]) != unit
        ]
        out += [
            Candidate(activity_id=a, name=ix.name(a), area_id=ix.location[a], reason="same_ward")
            for a in _by_name(ix, nearby)
        ]
    hosts = set(NEED_ACTIVITY_KINDS.get(need, ()))
    local = acts_in.get(unit, [])
    extend = [
        a
        for a in local
        if ix.G.nodes[a].get("kind") in hosts and need not in ix.addresses.get(a, set())
    ]
    out += [
        Candidate(activity_id=a, name=ix.name(a), area_id=ix.location[a], reason="extend_activity")
        for a in _by_name(ix, extend)
    ]
    if kind == "undersupplied":
        widen = []
        for a in local:
            if need not in ix.addresses.get(a, set()):
                continue
            groups = ix.G.nodes[a].get("target_groups") or []
            if isinstance(groups, str):
                groups = [g for g in groups.split(";") if g]
            if groups and _OPEN_TO_ALL not in groups:
                widen.append(a)
        out += [
            Candidate(
                activity_id=a,
                name=ix.name(a),
                area_id=ix.location[a],
                reason="widen_target_group",
            )
            for a in _by_name(ix, widen)
        ]
    return out


def _wide_resources(
    ix: GraphIndex,
    unit: str,
    need: str,
    wide: dict[tuple[str, str], list[WideAreaResource]],
) -> list[WideAreaResource]:
    found: list[WideAreaResource] = []
    for anc in ix.ancestors(unit):  # nearest area first
        found.extend(sorted(wide.get((anc, need), []), key=lambda w: (w.label, w.name, w.id)))
    return found


def find_unallocated(
    G: nx.MultiDiGraph,
    *,
    level: str = "district",
    as_of: dt.date | str | None = None,
    area: str | None = None,
    need: str | None = None,
    index: GraphIndex | None = None,
) -> list[Unallocated]:
    """Residents recorded only at an area coarser than ``level`` (DATA_MODEL.md: residents
    recorded only at a coarser level are ``unallocated`` for that coarser area).

    ``demand`` counts, per recorded area and need, the residents living there who have, or
    were referred about, the need (as in :func:`find_gaps`). Referrals naming no resident
    from an organisation in a coarser area are demand of no area and are not counted here.
    Ordered by demand descending, then area id, need.

    Examples
    --------
    >>> from netmap.analysis._examples import tiny_graph
    >>> [(u.area_id, u.level, u.need, u.demand) for u in find_unallocated(tiny_graph())]
    [('w', 'ward', 'debt', 1)]
    """
    level, area, need = _validate(G, level, area, need)
    ix = GraphIndex.reuse(G, index, as_of)
    demand = Demand(ix, ix.rollup(level))
    scope = ix.scope(area)
    out = [
        Unallocated(
            area_id=loc,
            area_name=ix.name(loc),
            level=str(G.nodes[loc].get("level", "")),
            need=n,
            demand=len(who),
        )
        for (loc, n), who in demand.unallocated.items()
        if (scope is None or loc in scope) and (need is None or n == need)
    ]
    out.sort(key=lambda u: (-u.demand, u.area_id, u.need))
    return out
