"""Activity nodes of an area view: the activities held in the area, each with its
runners, needs and target groups, its published participant count and its capacity; an
activity is anchored to a runner in its own group (the layout places it there)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from netmap.analysis.projections import GraphIndex
from netmap.disclosure.release import Release
from netmap.model.schema import Label
from netmap.viz.views.residents import published_counts
from netmap.viz.views.scope import AreaScope, provenance

__all__ = ["add_activities", "held_in"]


def held_in(ix: GraphIndex, scope: AreaScope) -> list[str]:
    """The activities held in the view's areas."""
    return [x for x in ix.nodes(Label.ACTIVITY) if ix.location.get(x) in scope.areas]


def add_activities(V: nx.MultiDiGraph, scope: AreaScope, acts: list[str], rel: Release) -> None:
    """The activity nodes (after the organisations: an activity's anchor is one)."""
    for x in acts:
        V.add_node(x, **_activity(V, scope, x, rel))


def _activity(V: nx.MultiDiGraph, scope: AreaScope, x: str, rel: Release) -> dict[str, Any]:
    ix = scope.ctx.ix
    d = dict(scope.ctx.G.nodes[x])
    loc = ix.location.get(x)
    runners = sorted(ix.runners.get(x, ()))
    grp = scope.group_of.get(loc, "") if loc is not None else ""
    anchor = next((r for r in runners if r in V and V.nodes[r]["group"] == grp), None)
    attrs: dict[str, Any] = {
        "category": "Activity",
        "name": str(d.get("name", x)),
        "kind": d.get("kind"),
        "group": grp,
        "anchor": anchor,
        **scope.place(loc),
        "runners": runners,
        "needs": sorted(ix.addresses.get(x, ())),
        "target_groups": list(d.get("target_groups") or []),
        **published_counts(rel, participants=("part", x)),
        **provenance(d),
    }
    if d.get("capacity") is not None:
        attrs["stats"] = {"capacity": d.get("capacity")}
    return attrs
