"""Wide-area referral partners (the district sheet's diagram).

The organisations located in an area *containing* the view's area (its ward: 区全体; the
city: 市全体) that the release's referral links join to an organisation or activity of the
area. They join the view as ``outside`` organisations, and every wide-area organisation
shown is marked with ``wide_level`` (``"ward"``/``"city"``). Only the release's links are
used: that referrals ran, never how many.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap.disclosure.release import Release
from netmap.model.schema import Label
from netmap.viz.views.organisations import organisation_ties
from netmap.viz.views.scope import place, provenance

if TYPE_CHECKING:
    from netmap.viz.view import ViewContext

__all__ = ["add_partner_nodes", "containing_areas", "mark_wide_levels", "referral_partners"]


def containing_areas(ctx: ViewContext, area: str) -> dict[str, str]:
    """The areas containing ``area`` (nearest first) and their levels."""
    up: dict[str, str] = {}
    a = ctx.parents.get(area)
    while a is not None and a not in up:
        up[a] = ctx.level(a)
        a = ctx.parents.get(a)
    return up


def referral_partners(
    V: nx.MultiDiGraph, ctx: ViewContext, links: list[tuple[str, str]], up: dict[str, str]
) -> list[str]:
    """The organisations not shown, located in one of ``up``, that a referral link joins
    to an organisation or activity of the area (not one outside it), sorted."""
    ix = ctx.ix
    orgs = set(ix.nodes(Label.ORGANISATION))
    local = {
        n
        for n, d in V.nodes(data=True)
        if d.get("category") in ("Organisation", "Activity") and not d.get("outside")
    }
    wanted: set[str] = set()
    for s, t in links:
        for here, other in ((s, t), (t, s)):
            if here in local and other not in V and other in orgs and ix.location.get(other) in up:
                wanted.add(other)
    return sorted(wanted)


def _published_bridge(b: dict[str, Any] | None, max_score: float) -> dict[str, Any] | None:
    """A partner's bridge figures as the release publishes them (unranked on this map)."""
    if b is None:
        return None
    return {
        "score": b["score"],
        "relative": float(b["score"]) / max_score if max_score > 0 else 0.0,
        "betweenness": b.get("betweenness"),
        "constraint": b.get("constraint"),
        "articulation_point": b.get("articulation_point"),
        "why": b.get("why"),
        "rank": None,
    }


def add_partner_nodes(
    V: nx.MultiDiGraph, ctx: ViewContext, added: list[str], release: Release
) -> None:
    """The partners' organisation nodes (``outside``, in the middle group)."""
    ix = ctx.ix
    ranked = [b for b in release.payload.get("bridges", {}).get("bridges", []) if b.get("score")]
    max_score = max((float(b["score"]) for b in ranked), default=0.0)
    bridge_by_id = {str(b["organisation_id"]): b for b in ranked}
    for o in added:
        d = dict(ctx.G.nodes[o])
        loc = ix.location.get(o)
        bridge = _published_bridge(bridge_by_id.get(o), max_score)
        V.add_node(
            o,
            category="Organisation",
            name=str(d.get("name", o)),
            kind=d.get("kind"),
            group="",
            **place(ctx, loc),
            outside=True,
            **organisation_ties(ix, o, d),
            **({"bridge": bridge} if bridge is not None else {}),
            **provenance(d),
        )


def mark_wide_levels(V: nx.MultiDiGraph, ctx: ViewContext, up: dict[str, str]) -> None:
    """Mark each wide-area organisation shown located in the ward or the city containing
    the view's area with ``wide_level``."""
    for n, d in V.nodes(data=True):
        if d.get("category") == "Organisation" and d.get("outside"):
            level = up.get(str(ctx.ix.location.get(n)))
            if level in ("ward", "city"):
                d["wide_level"] = level
