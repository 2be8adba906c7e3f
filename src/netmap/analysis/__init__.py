"""Analyses of the community-support graph (DATA_MODEL.md "Analyses").

Pure functions over the canonical ``networkx.MultiDiGraph`` that either store exports
(:meth:`netmap.store.GraphStore.export_graph`): graph first, options keyword-only,
deterministic order, floats rounded to 9 decimals, ``None`` where a value is undefined.
Each takes ``as_of`` (a :class:`datetime.date`, an ISO string, or ``None`` for today: only
records valid that day count, see :func:`~netmap.analysis.projections.as_of_view`) and an
``area`` filter applied *after* computing on the whole graph. A bad level, area or need
raises :class:`~netmap.analysis.results.AnalysisParameterError`.

* :func:`find_gaps` -> ``list[Gap]``: needs with no local resource (``kind="gap"``) or too
  few (``"undersupplied"``), with candidate resources and wide-area resources;
  :func:`find_unallocated` lists demand recorded only above the analysed level.
* :func:`find_isolated_areas` -> ``list[IsolatedArea]``: areas with residents in need and no
  network member, no tie outside or no activity.
* :func:`rank_bridges` -> ``BridgeReport``: organisations holding networks together
  (betweenness, Burt's constraint, Gould–Fernandez brokerage, articulation points between
  networks, a combined score and a plain-language ``why``) and missing bridges.
* :func:`find_flows` -> ``FlowReport``: referrals out of and into each area (entrance and
  exit), by status, need and referring organisation kind; one-way organisations.

The JSON contract (``params`` + results) is assembled in :mod:`netmap.service.analyses`.
"""

from netmap.analysis.bridges import rank_bridges
from netmap.analysis.brokerage import brokerage_roles, participation_coefficient
from netmap.analysis.flows import find_flows
from netmap.analysis.gaps import find_gaps, find_unallocated
from netmap.analysis.isolation import find_isolated_areas
from netmap.analysis.projections import (
    area_rollup,
    as_of_view,
    organisation_graph,
    working_ties,
)
from netmap.analysis.results import (
    AnalysisParameterError,
    AreaFlow,
    Bridge,
    BridgeReport,
    Brokerage,
    Candidate,
    FlowReport,
    Gap,
    IsolatedArea,
    MissingBridge,
    MissingBridgeCandidate,
    NeedFlow,
    OneWayOrganisation,
    OrgKindFlow,
    Unallocated,
    WideAreaResource,
)

__all__ = [
    "AnalysisParameterError",
    "AreaFlow",
    "Bridge",
    "BridgeReport",
    "Brokerage",
    "Candidate",
    "FlowReport",
    "Gap",
    "IsolatedArea",
    "MissingBridge",
    "MissingBridgeCandidate",
    "NeedFlow",
    "OneWayOrganisation",
    "OrgKindFlow",
    "Unallocated",
    "WideAreaResource",
    "area_rollup",
    "as_of_view",
    "brokerage_roles",
    "find_flows",
    "find_gaps",
    "find_isolated_areas",
    "find_unallocated",
    "organisation_graph",
    "participation_coefficient",
    "rank_bridges",
    "working_ties",
]
