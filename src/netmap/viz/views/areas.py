"""Area nodes of the view graph.

* the city view's: the root (the city) and the shown wards and districts, each with its
  figures (organisations, activities, networks, gaps), its published resident count, its
  gaps and isolation and the top bridging organisations located there; wards carry
  ``drilldown`` (their own map);
* an area view's: the area and every area below it, with their published gaps and
  isolation (resident counts only for the levels a release publishes).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap.analysis.results import Bridge
from netmap.disclosure.release import Release
from netmap.model.schema import Label
from netmap.viz.views.residents import gap_dicts, isolation_dict, published_counts
from netmap.viz.views.scope import AreaScope, CityScope, provenance

if TYPE_CHECKING:
    from netmap.viz.view import MapAnalyses, ViewContext

__all__ = ["add_city_areas", "add_scope_areas"]

#: How many of an area's published gap rows its node carries.
GAPS_PER_AREA = 8


@dataclass
class _CityFigures:
    """What the city view's area nodes count and mark, indexed once."""

    org_area: dict[str, str]
    act_area: dict[str, str]
    iso_by_area: dict[str, dict[str, Any]]
    bridge_by_id: dict[str, Bridge]
    top_bridges: list[str]

    @classmethod
    def of(cls, ctx: ViewContext, an: MapAnalyses, top_bridges: list[str]) -> _CityFigures:
        ix = ctx.ix
        return cls(
            org_area={o: ix.location[o] for o in ix.nodes(Label.ORGANISATION) if o in ix.location},
            act_area={a: ix.location[a] for a in ix.nodes(Label.ACTIVITY) if a in ix.location},
            iso_by_area={i["area_id"]: i for i in an.isolated},
            bridge_by_id={b.organisation_id: b for b in (an.bridges.bridges if an.bridges else [])},
            top_bridges=top_bridges,
        )


def add_city_areas(
    V: nx.MultiDiGraph,
    ctx: ViewContext,
    scope: CityScope,
    an: MapAnalyses,
    rel: Release,
    top_bridges: list[str],
) -> None:
    """The city view's area nodes: its root, then the shown areas in id order
    (``top_bridges``: the organisations the bridges layer marks, best first)."""
    root = scope.root
    if root is not None:
        V.add_node(
            root,
            category="Area",
            name=ctx.name(root),
            kind=ctx.level(root),
            group="",
            group_centre=True,
            area_id=root,
            area_name=ctx.name(root),
            **provenance(dict(ctx.G.nodes[root])),
        )
    figures = _CityFigures.of(ctx, an, top_bridges)
    for s in scope.shown_areas():
        V.add_node(s, **_city_area(ctx, scope, s, an, rel, figures))


def _city_area(
    ctx: ViewContext,
    scope: CityScope,
    s: str,
    an: MapAnalyses,
    rel: Release,
    fig: _CityFigures,
) -> dict[str, Any]:
    """The attributes of a shown area ``s`` of the city view."""
    sub = scope.areas_under(ctx, s)
    lvl = ctx.level(s)
    top = s in scope.tops
    gaps = [g for g in an.gaps if g["area_id"] in sub]  # in the published order
    bridges_here = [b for b in fig.top_bridges if fig.org_area.get(b) in sub]
    attrs: dict[str, Any] = {
        "category": "Area",
        "name": ctx.name(s),
        "kind": lvl,
        "group": scope.group_of.get(s, ""),
        "group_centre": top,
        "parent_area": scope.root if top else scope.group_of.get(s),
        "area_id": s,
        "area_name": ctx.name(s),
        "ward_id": ctx.ancestor_at(s, "ward"),
        "district_id": ctx.ancestor_at(s, "district"),
        **published_counts(rel, residents_with_needs=("res", s)),
        "stats": _city_stats(ctx, sub, gaps, fig),
        "gaps": gap_dicts(gaps[:GAPS_PER_AREA]) if lvl != "ward" or not top else [],
        "bridges": [
            {"id": b, "name": ctx.name(b), "why": fig.bridge_by_id[b].why} for b in bridges_here
        ],
        **provenance(dict(ctx.G.nodes[s])),
    }
    if s in fig.iso_by_area:
        attrs["isolation"] = isolation_dict(fig.iso_by_area[s])
    elif lvl == "ward":
        iso = fig.iso_by_area
        attrs["stats"]["isolated_districts"] = sum(
            1 for a in sub if a in iso and iso[a]["isolated"]
        )
    if lvl == "ward" and top:
        attrs["drilldown"] = s
    return attrs


def _city_stats(
    ctx: ViewContext, sub: set[str], gaps: list[dict[str, Any]], fig: _CityFigures
) -> dict[str, Any]:
    """The non-resident figures of a shown area: organisations, activities and networks
    there (networks: with a member there or covering it), and its gap rows by kind."""
    orgs = [o for o, a in fig.org_area.items() if a in sub]
    acts = [x for x, a in fig.act_area.items() if a in sub]
    nets = {n for o in orgs for n in ctx.ix.memberships.get(o, ())}
    nets |= {n for n, cov in ctx.ix.covers.items() if cov & sub}
    return {
        "organisations": len(orgs),
        "activities": len(acts),
        "networks": len(nets),
        "gaps": sum(1 for g in gaps if g["kind"] == "gap"),
        "undersupplied": sum(1 for g in gaps if g["kind"] == "undersupplied"),
    }


def add_scope_areas(V: nx.MultiDiGraph, scope: AreaScope, an: MapAnalyses, rel: Release) -> None:
    """An area view's area nodes: the area and every area below it, in id order."""
    ctx = scope.ctx
    gaps_by_area: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in an.gaps:
        gaps_by_area[g["area_id"]].append(g)
    iso_by_area = {i["area_id"]: i for i in an.isolated}
    for a in sorted(scope.areas):
        attrs: dict[str, Any] = {
            "category": "Area",
            "name": ctx.name(a),
            "kind": ctx.level(a),
            "group": scope.group_of.get(a, ""),
            "group_centre": a == scope.area or a in scope.children,
            "parent_area": ctx.parents.get(a) if a != scope.area else None,
            **scope.place(a),
            **(
                published_counts(rel, residents_with_needs=("res", a))
                if a in rel.published_areas
                else {}
            ),
            "gaps": gap_dicts(gaps_by_area.get(a, [])[:GAPS_PER_AREA]),
            **provenance(dict(ctx.G.nodes[a])),
        }
        if a in iso_by_area:
            attrs["isolation"] = isolation_dict(iso_by_area[a])
        V.add_node(a, **attrs)
