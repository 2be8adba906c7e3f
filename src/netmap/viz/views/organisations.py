"""Organisation nodes of an area view.

The organisations located in the area, and the wide-area ones (located outside it) that
run an activity held here (``outside``); each with its sectors, networks, activities and
needs, and its bridge figures where the bridge analysis ranks it. The bridges layer marks
the best bridges *of this map* (``bridge.rank``; the city's top ten are rarely all in one
ward).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap.analysis.projections import GraphIndex
from netmap.analysis.results import Bridge
from netmap.model.schema import Label
from netmap.viz.views.scope import AreaScope, provenance

if TYPE_CHECKING:
    from netmap.viz.view import MapAnalyses

__all__ = [
    "TOP_BRIDGES_IN_AREA",
    "add_organisations",
    "located_in",
    "organisation_ties",
    "rank_bridges",
    "wide_runners",
]

#: How many of an area map's organisations the bridges layer marks (best scores first).
TOP_BRIDGES_IN_AREA = 5


def located_in(ix: GraphIndex, scope: AreaScope) -> list[str]:
    """The organisations located in the view's areas."""
    return [o for o in ix.nodes(Label.ORGANISATION) if ix.location.get(o) in scope.areas]


def wide_runners(ix: GraphIndex, scope: AreaScope, acts: list[str]) -> list[str]:
    """The organisations located outside the view's areas that run one of ``acts``."""
    return sorted(
        {o for x in acts for o in ix.runners.get(x, ()) if ix.location.get(o) not in scope.areas}
    )


def organisation_ties(ix: GraphIndex, o: str, d: dict[str, Any]) -> dict[str, Any]:
    """An organisation's sectors and the ids of its networks, activities and needs."""
    return {
        "sectors": list(d.get("sectors") or []),
        "networks": sorted(ix.memberships.get(o, ())),
        "activities": sorted(ix.runs.get(o, ())),
        "needs": sorted(ix.provides.get(o, ())),
    }


def _bridge_figures(b: Bridge, max_score: float) -> dict[str, Any]:
    return {
        "score": b.score,
        "relative": (b.score / max_score) if max_score > 0 else 0.0,
        "betweenness": b.betweenness,
        "constraint": b.constraint,
        "articulation_point": b.articulation_point,
        "why": b.why,
        "rank": None,
    }


def add_organisations(
    V: nx.MultiDiGraph,
    scope: AreaScope,
    orgs: list[str],
    wide: list[str],
    an: MapAnalyses,
) -> None:
    """The organisation nodes: ``orgs`` (located here), then ``wide`` (``outside``)."""
    ctx, ix = scope.ctx, scope.ctx.ix
    bridge_by_id = {b.organisation_id: b for b in (an.bridges.bridges if an.bridges else [])}
    max_score = max((b.score for b in bridge_by_id.values()), default=0.0)
    for o in orgs + wide:
        d = dict(ctx.G.nodes[o])
        loc = ix.location.get(o)
        b = bridge_by_id.get(o)
        attrs = {
            "category": "Organisation",
            "name": str(d.get("name", o)),
            "kind": d.get("kind"),
            "group": scope.group_of.get(loc, "") if loc in scope.areas else "",
            **scope.place(loc),
            "outside": o in wide,
            **organisation_ties(ix, o, d),
            **provenance(d),
        }
        if b is not None:
            attrs["bridge"] = _bridge_figures(b, max_score)
        V.add_node(o, **attrs)


def rank_bridges(V: nx.MultiDiGraph, an: MapAnalyses) -> None:
    """Rank the best bridges among the view's organisations (``bridge.rank`` 1 to
    :data:`TOP_BRIDGES_IN_AREA`)."""
    candidates = [b for b in (an.bridges.bridges if an.bridges else []) if b.score > 0]
    in_map = [b for b in candidates if b.organisation_id in V]
    for i, b in enumerate(sorted(in_map, key=lambda b: (-b.score, b.organisation_id))):
        if i >= TOP_BRIDGES_IN_AREA:
            break
        V.nodes[b.organisation_id]["bridge"]["rank"] = i + 1
