"""Isolated areas: where residents in need meet no network, no tie outside, no activity
(DATA_MODEL.md "Isolated areas")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import networkx as nx

from netmap.analysis.projections import (
    GraphIndex,
    check_area,
    check_level,
    organisation_graph,
    round9,
)
from netmap.analysis.results import IsolatedArea, IsolationReason
from netmap.model.schema import Label

__all__ = ["find_isolated_areas", "isolated_residents"]

#: Referral statuses that mean a resident found somewhere to go.
_REACHED = frozenset({"accepted", "closed"})


def isolated_residents(ix: GraphIndex) -> dict[str, bool]:
    """Every resident with at least one recorded need -> whether they are isolated: in no
    activity and with no accepted or closed referral concerning them (the one definition,
    used by :func:`find_isolated_areas` and by the disclosure releases)."""
    reached: set[str] = set()
    for r in ix.nodes(Label.REFERRAL):
        res = ix.ref_concerns.get(r)
        if res is not None and ix.G.nodes[r].get("status") in _REACHED:
            reached.add(res)
    return {
        res: not ix.participates.get(res) and res not in reached
        for res in ix.nodes(Label.RESIDENT)
        if ix.has_need.get(res)
    }


def find_isolated_areas(
    G: nx.MultiDiGraph,
    *,
    level: str = "district",
    as_of: dt.date | str | None = None,
    area: str | None = None,
    index: GraphIndex | None = None,
) -> list[IsolatedArea]:
    """Every area of ``level`` with the signs of isolation it shows.

    For each area: ``organisations`` located there, their ``network_memberships``
    (organisation–network pairs), ``external_ties`` (distinct pairs of an organisation
    there and an organisation outside it in the :func:`organisation_graph`; an
    organisation located in a coarser area, such as a ward office, is outside every
    district), ``activities`` held there, ``residents_with_needs`` (living there, with at
    least one recorded need) and ``isolated_residents`` (of those, in no activity and with
    no accepted or closed referral concerning them).

    Reasons: ``no_network_member`` (no organisation there is in any network),
    ``no_external_tie``, ``no_activity``. An area is ``isolated`` when it has residents
    with needs and at least one reason; ``score`` = reasons / 3 (0 when not isolated).
    Reasons are listed even when the area is not isolated.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The canonical graph.
    level : str
        ``city``, ``ward``, ``district`` (default) or ``neighbourhood``.
    as_of : date, ISO string or None
        Only records valid that day (default today).
    area : str or None
        Keep this area and the areas below it (computed on the whole graph first).

    Returns
    -------
    list of IsolatedArea
        Ordered by score descending, then area id.

    Examples
    --------
    >>> from netmap.analysis._examples import tiny_graph
    >>> [(a.area_id, a.isolated, a.score, a.reasons, a.isolated_residents)
    ...  for a in find_isolated_areas(tiny_graph(), as_of="2024-12-31")]
    [('d1', False, 0.0, [], 1), ('d2', False, 0.0, [], 1)]
    >>> [(a.area_id, a.isolated, a.score, a.reasons)
    ...  for a in find_isolated_areas(tiny_graph(), level="ward")]
    [('w', True, 0.333333333, ['no_external_tie'])]
    """
    level = check_level(level)
    area = check_area(G, area)
    ix = GraphIndex.reuse(G, index, as_of)
    rollup = ix.rollup(level)
    OG = organisation_graph(G, index=ix)
    counts = _AreaCounts(ix, rollup)
    scope = ix.scope(area)
    out = [
        _isolated_area(ix, OG, counts, u)
        for u in ix.level_areas(level)
        if scope is None or u in scope
    ]
    out.sort(key=lambda a: (-a.score, a.area_id))
    return out


class _AreaCounts:
    """Organisations, activities, residents with needs and isolated residents per area of
    the level (``rollup`` maps each location to its area of the level)."""

    def __init__(self, ix: GraphIndex, rollup: dict[str, str | None]) -> None:
        self.ix = ix
        self.rollup = rollup
        self.orgs: dict[str, list[str]] = defaultdict(list)
        for o in ix.nodes(Label.ORGANISATION):
            u = self.unit_of(o)
            if u is not None:
                self.orgs[u].append(o)
        self.activities: dict[str, int] = defaultdict(int)
        for a in ix.nodes(Label.ACTIVITY):
            u = self.unit_of(a)
            if u is not None:
                self.activities[u] += 1
        self.with_needs: dict[str, int] = defaultdict(int)
        self.isolated_res: dict[str, int] = defaultdict(int)
        for res, isolated in isolated_residents(ix).items():
            u = self.unit_of(res)
            if u is None:
                continue
            self.with_needs[u] += 1
            self.isolated_res[u] += isolated

    def unit_of(self, node: str) -> str | None:
        loc = self.ix.location.get(node)
        return self.rollup.get(loc) if loc is not None else None


def _isolated_area(ix: GraphIndex, OG: nx.Graph, counts: _AreaCounts, u: str) -> IsolatedArea:
    """The signs of isolation of area ``u`` (``OG``: the organisation graph)."""
    here = counts.orgs.get(u, [])
    memberships = sum(len(ix.memberships.get(o, ())) for o in here)
    external = sum(1 for o in here for p in OG[o] if counts.unit_of(p) != u)
    reasons: list[IsolationReason] = []
    if memberships == 0:
        reasons.append("no_network_member")
    if external == 0:
        reasons.append("no_external_tie")
    if counts.activities.get(u, 0) == 0:
        reasons.append("no_activity")
    isolated = counts.with_needs.get(u, 0) > 0 and bool(reasons)
    return IsolatedArea(
        area_id=u,
        area_name=ix.name(u),
        isolated=isolated,
        score=round9(len(reasons) / 3) if isolated else 0.0,
        reasons=reasons,
        organisations=len(here),
        network_memberships=memberships,
        external_ties=external,
        activities=counts.activities.get(u, 0),
        residents_with_needs=counts.with_needs.get(u, 0),
        isolated_residents=counts.isolated_res.get(u, 0),
    )
