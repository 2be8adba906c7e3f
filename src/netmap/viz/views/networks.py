"""Network nodes of an area view: the networks covering one of the view's areas or with a
member shown; a network working in one sub-area only (a district team) sits in that
sub-area's group, the others in the middle."""

from __future__ import annotations

import networkx as nx

from netmap.model.schema import Label
from netmap.viz.views.scope import AreaScope, provenance

__all__ = ["add_networks"]


def add_networks(V: nx.MultiDiGraph, scope: AreaScope, in_view_orgs: set[str]) -> None:
    """The network nodes, in the index's order (``in_view_orgs``: the organisations
    shown)."""
    ctx, ix = scope.ctx, scope.ctx.ix
    for net in ix.nodes(Label.NETWORK):
        members = ix.members.get(net, set())
        covered = ix.covers.get(net, set())
        if not (covered & scope.areas or members & in_view_orgs):
            continue
        d = dict(ctx.G.nodes[net])
        home, home_area = _home(V, scope, covered, members & in_view_orgs)
        V.add_node(
            net,
            category="Network",
            name=str(d.get("name", net)),
            kind=d.get("kind"),
            group=home,
            **scope.place(home_area),
            stats={
                "members": len(members),
                "members_here": len(members & in_view_orgs),
            },
            covers=sorted(covered),
            **provenance(d),
        )


def _home(
    V: nx.MultiDiGraph, scope: AreaScope, covered: set[str], members_here: set[str]
) -> tuple[str, str]:
    """A network's group (``""``: the middle) and the area it is placed in: the groups of
    the areas it covers (the middle as well if it covers an area outside the view), or
    else of its members shown; one group only, or the middle."""
    if covered:
        homes = {scope.group_of.get(a, "") for a in covered if a in scope.areas}
        if any(a not in scope.areas for a in covered):
            homes.add("")
    else:
        homes = {str(V.nodes[m]["group"]) for m in members_here}
    home = next(iter(homes)) if len(homes) == 1 else ""
    home_area = home or scope.area
    if covered and home:
        home_area = sorted(a for a in covered if a in scope.areas)[0]
    return home, home_area
