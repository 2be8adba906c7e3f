"""Edges of the view graph: ties between shown nodes.

* area views: memberships (``member_of``, the role of the first one), who runs what
  (``runs``), partnerships (``partners_with``, their kinds), referral links of the
  release's period (``referral``: that referrals ran, never how many) and missing bridges
  (``missing_bridge``: suggested links between networks, with candidate organisations);
* city views: ties (``tie``, how many partnerships) and referral links between shown
  areas: districts within a ward, wards across wards.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx

from netmap.analysis.results import BridgeReport
from netmap.viz.views.scope import CityScope

if TYPE_CHECKING:
    from netmap.viz.view import ViewContext

__all__ = [
    "TOP_MISSING_BRIDGES",
    "add_city_flows",
    "add_city_ties",
    "add_memberships",
    "add_missing_bridges",
    "add_organisation_ties",
    "add_partnerships",
    "add_referral_links",
]

#: How many missing bridges (suggested links, in the analysis's order) an area view shows.
TOP_MISSING_BRIDGES = 8


def add_memberships(V: nx.MultiDiGraph, ctx: ViewContext, o: str) -> None:
    """An organisation's memberships of the networks shown."""
    for net in sorted(ctx.ix.memberships.get(o, ())):
        if net in V:
            for e in ctx.edges(o, net, "MEMBER_OF")[:1]:
                V.add_edge(o, net, key="member_of", type="member_of", role=e.get("role"))


def add_organisation_ties(V: nx.MultiDiGraph, ctx: ViewContext, orgs: Iterable[str]) -> None:
    """Each organisation's memberships, then the activities shown that it runs."""
    for o in orgs:
        add_memberships(V, ctx, o)
        for x in sorted(ctx.ix.runs.get(o, ())):
            if x in V:
                V.add_edge(o, x, key="runs", type="runs")


def add_partnerships(
    V: nx.MultiDiGraph, ctx: ViewContext, touching: set[str] | None = None
) -> None:
    """Partnerships between shown organisations (``touching``: only those of these)."""
    for a, b in ctx.ix.partners:
        if (touching is None or a in touching or b in touching) and a in V and b in V:
            kinds = sorted(str(e.get("kind") or "") for e in ctx.edges(a, b, "PARTNERS_WITH"))
            V.add_edge(a, b, key="partners_with", type="partners_with", kind=";".join(kinds))


def add_referral_links(
    V: nx.MultiDiGraph, links: list[tuple[str, str]], touching: set[str] | None = None
) -> None:
    """The release's referral links between shown nodes (``touching``: only those of
    these): that they exist, never how many."""
    for s, t in links:
        if (touching is None or s in touching or t in touching) and s in V and t in V and s != t:
            V.add_edge(s, t, key="referral", type="referral")


def add_missing_bridges(V: nx.MultiDiGraph, ctx: ViewContext, bridges: BridgeReport | None) -> None:
    """The first :data:`TOP_MISSING_BRIDGES` missing bridges between shown networks."""
    if bridges is None:
        return
    shown_missing = 0
    for mb in bridges.missing_bridges:
        if shown_missing >= TOP_MISSING_BRIDGES:
            break
        n1, n2 = [*mb.network_ids, "", ""][:2]
        if n1 in V and n2 in V:
            shown_missing += 1
            V.add_edge(
                n1,
                n2,
                key="missing_bridge",
                type="missing_bridge",
                ward_id=mb.ward_id,
                candidates=[
                    {"id": c.organisation_id, "name": ctx.name(c.organisation_id)}
                    for c in mb.candidates[:5]
                ],
            )


def add_city_ties(V: nx.MultiDiGraph, ctx: ViewContext, scope: CityScope) -> None:
    """Partnerships between organisations of different shown areas, counted per pair."""
    ties: dict[tuple[str, str], int] = defaultdict(int)
    for a, b in ctx.ix.partners:
        p = scope.pair(scope.shown_of(ctx, a), scope.shown_of(ctx, b))
        if p is not None:
            ties[(min(p), max(p))] += 1
    for (sa, sb), n in sorted(ties.items()):
        V.add_edge(sa, sb, key="tie", type="tie", stat=n)


def add_city_flows(
    V: nx.MultiDiGraph, ctx: ViewContext, scope: CityScope, links: list[tuple[str, str]]
) -> None:
    """The release's referral links between shown areas: that they exist, never how many."""
    flows = {scope.pair(scope.shown_of(ctx, s), scope.shown_of(ctx, t)) for s, t in links}
    for sa, sb in sorted(p for p in flows if p is not None):
        V.add_edge(sa, sb, key="referral", type="referral")
