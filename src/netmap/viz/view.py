"""The view graph: what a map or a diagram shows, renderer-independent.

:func:`build_view` turns the canonical graph (:mod:`netmap.model.batch`) plus an area, a
date and the analysis results into a small ``networkx.MultiDiGraph``:

* **city view** (no area, or a city): the wards and their districts as nodes, each with
  its counts (organisations, activities, networks, residents with needs), aggregated ties
  and referral flows between areas (between districts of a ward, between wards across
  wards); ward nodes carry ``drilldown`` (the ward id) for links
  to ward maps;
* **area view** (a ward or a district): the area in the middle, its sub-areas, the
  organisations located there, the activities held there, the networks working there;
  memberships, partnerships, who runs what, referral flows (aggregated per pair) and
  missing bridges (suggested links between networks).

Residents are never nodes: they appear only as counts (``counts``) on areas and
activities, raw here, and every renderer takes the view only after
a release (the one redaction step) has suppressed them.

Node attributes: ``category`` (``Area``/``Organisation``/``Network``/``Activity``),
``name``, ``kind`` (organisation/activity/network kind; the level for an area), ``group``
and ``group_centre``/``anchor`` (for :func:`netmap.viz.layout.compute_layout`),
``parent_area`` (areas: the shown area it is part of), ``area_id``/``area_name``/
``ward_id``/``district_id`` (for filters), ``networks``,
``activities``, ``needs`` (ids), ``target_groups``, ``counts`` (raw resident counts),
``stats`` (non-resident counts), ``gaps``, ``isolation``, ``bridge``, ``source``,
``verified_on``. Edge attributes: ``type`` (``member_of``, ``partners_with``, ``runs``,
``referral``, ``tie``, ``missing_bridge``), ``count`` (referrals: a count of people, so
suppressed later), ``role``/``kind``/``statuses``/``candidates`` where they apply.
Graph attributes: ``view`` (``city``/``area``), ``area_id``, ``area_name``,
``area_level``, ``as_of``, ``title``, ``needs`` (id → label of the needs present).

This module is the view graph's public home; the nodes and edges of each category are
built by :mod:`netmap.viz.views` (one module per category), composed here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from netmap.analysis.projections import GraphIndex, resolve_as_of, valid_on_iso
from netmap.analysis.results import BridgeReport
from netmap.disclosure.guard import check_view
from netmap.disclosure.publish import published_gaps, published_isolated
from netmap.disclosure.release import Release
from netmap.errors import NotFound
from netmap.model.schema import Label
from netmap.model.vocab import LEVEL_RANK, need_label
from netmap.viz.views import activities, areas, links, networks, organisations, partners
from netmap.viz.views.scope import AreaScope, CityScope

__all__ = [
    "MapAnalyses",
    "ViewContext",
    "add_wide_referral_partners",
    "build_view",
    "top_bridge_ids",
]

#: How many of the highest-scoring bridges the bridges layer marks (the city view; an
#: area view marks its own best, :data:`netmap.viz.views.organisations.TOP_BRIDGES_IN_AREA`).
TOP_BRIDGES = 10


@dataclass
class MapAnalyses:
    """What a map shows of the analyses, published from a release (district level, the
    default ``min_demand`` and ``ratio``): gap and isolation rows as viewers get them
    (hidden counts ``None``), the bridge ranking, and the period's referral links."""

    gaps: list[dict[str, Any]] = field(default_factory=list)
    isolated: list[dict[str, Any]] = field(default_factory=list)
    bridges: BridgeReport | None = None
    links: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_release(cls, rel: Release) -> MapAnalyses:
        return cls(
            gaps=published_gaps(rel)["gaps"],
            isolated=published_isolated(rel)["areas"],
            bridges=BridgeReport.model_validate(rel.payload["bridges"]),
            links=rel.links,
        )


def top_bridge_ids(bridges: BridgeReport | None, limit: int = TOP_BRIDGES) -> list[str]:
    """Ids of the top bridging organisations (score > 0), best first."""
    if bridges is None:
        return []
    return [b.organisation_id for b in bridges.bridges if b.score > 0][:limit]


class ViewContext:
    """The graph as of a date, indexed once (no copy of the graph: ``G`` is the whole graph,
    for attributes; what is valid that day is what the index holds). Pass it to
    :func:`build_view` when drawing several maps of the same data."""

    def __init__(self, G: nx.MultiDiGraph, as_of: dt.date | str | None = None) -> None:
        self.source = G
        self.day = resolve_as_of(as_of)
        self.G = G
        self.ix = GraphIndex.build(G, as_of=self.day)
        self.parents = self.ix.parents
        self.children: dict[str, list[str]] = defaultdict(list)
        for a, p in self.parents.items():
            if p is not None:
                self.children[p].append(a)
        for v in self.children.values():
            v.sort()

    def level(self, a: str) -> str:
        return str(self.G.nodes[a].get("level", ""))

    def is_area(self, a: str) -> bool:
        """An area valid on the day."""
        return a in self.parents

    def edges(self, u: str, v: str, rel: str) -> list[dict[str, Any]]:
        """The ``rel`` relationships from ``u`` to ``v`` valid on the day."""
        iso = self.day.isoformat()
        return [
            e
            for e in self.G.get_edge_data(u, v, default={}).values()
            if e.get("type") == rel
            and (("valid_from" not in e and "valid_to" not in e) or valid_on_iso(e, iso))
        ]

    def name(self, n: str) -> str:
        return self.ix.name(n)

    def ancestor_at(self, a: str | None, level: str) -> str | None:
        """The area of ``level`` containing ``a`` (itself at that level)."""
        seen: set[str] = set()
        while a is not None and a not in seen:
            seen.add(a)
            if self.level(a) == level:
                return a
            a = self.parents.get(a)
        return None


def _context(G: nx.MultiDiGraph, day: dt.date, context: ViewContext | None) -> ViewContext:
    """``context`` if it indexes ``G`` on ``day``, else a new one."""
    if context is not None and context.day == day and context.source is G:
        return context
    return ViewContext(G, day)


def build_view(
    G: nx.MultiDiGraph,
    *,
    release: Release,
    area: str | None = None,
    analyses: MapAnalyses | None = None,
    context: ViewContext | None = None,
) -> nx.MultiDiGraph:
    """The view graph of a map (see the module docstring) on the release's reference date.
    ``G`` is the whole canonical graph (the view applies the date itself); every resident
    count comes from ``release`` (``analyses``: :meth:`MapAnalyses.from_release`, if
    already made). ``context`` (a :class:`ViewContext` of the same graph and date) saves
    re-indexing the graph when drawing many maps. Raises
    :class:`~netmap.errors.NotFound` for an unknown area.
    """
    day = release.reference_date
    ctx = _context(G, day, context)
    H = ctx.G
    if area is not None and not ctx.is_area(area):
        raise NotFound(f"unknown area {area!r}", details={"area": area})
    an = analyses or MapAnalyses.from_release(release)
    if area is None or ctx.level(area) == "city":
        V = _city_view(ctx, area, an, release)
    else:
        V = _area_view(ctx, area, an, release)
    V.graph["as_of"] = day.isoformat()
    V.graph["needs"] = {
        n: str(H.nodes[n].get("name_ja") or need_label(n)) for n in ctx.ix.nodes(Label.NEED)
    }
    V.graph.update(
        published=True,
        release=release.id,
        threshold=release.threshold,
        period_start=release.period_start.isoformat(),
        reference_date=release.reference_date.isoformat(),
    )
    check_view(V)
    return V


# ----------------------------------------------------------------------------- city view


def _city_view(
    ctx: ViewContext, area: str | None, an: MapAnalyses, rel: Release
) -> nx.MultiDiGraph:
    """The city view: its wards and districts with their figures, and the ties and
    referral links between them."""
    scope = CityScope.of(ctx, area)
    root = scope.root
    V = nx.MultiDiGraph()
    if root is not None:
        V.graph.update(
            view="city", area_id=root, area_name=ctx.name(root), area_level=ctx.level(root)
        )
    else:
        V.graph.update(view="city", area_id=None, area_name="全体", area_level="city")
    V.graph["title"] = f"{V.graph['area_name']} 支援ネットワークマップ"
    areas.add_city_areas(V, ctx, scope, an, rel, top_bridge_ids(an.bridges))
    # ties and referral flows between shown areas (the finest shown level)
    links.add_city_ties(V, ctx, scope)
    links.add_city_flows(V, ctx, scope, an.links)
    return V


# ----------------------------------------------------------------------------- area view


def _area_view(ctx: ViewContext, area: str, an: MapAnalyses, rel: Release) -> nx.MultiDiGraph:
    """An area view: the area and its sub-areas, the organisations, activities and
    networks working there, and the ties between them."""
    scope = AreaScope.of(ctx, area)
    V = nx.MultiDiGraph()
    V.graph.update(
        view="area",
        area_id=area,
        area_name=ctx.name(area),
        area_level=ctx.level(area),
        title=f"{ctx.name(area)} 支援ネットワークマップ",
    )
    areas.add_scope_areas(V, scope, an, rel)
    # organisations located in scope, and wide-area ones that run an activity here
    orgs = organisations.located_in(ctx.ix, scope)
    acts = activities.held_in(ctx.ix, scope)
    wide = organisations.wide_runners(ctx.ix, scope, acts)
    organisations.add_organisations(V, scope, orgs, wide, an)
    organisations.rank_bridges(V, an)
    activities.add_activities(V, scope, acts, rel)
    in_view_orgs = set(orgs) | set(wide)
    networks.add_networks(V, scope, in_view_orgs)
    # relationships between shown nodes
    links.add_organisation_ties(V, ctx, sorted(in_view_orgs))
    links.add_partnerships(V, ctx)
    links.add_referral_links(V, an.links)
    links.add_missing_bridges(V, ctx, an.bridges)
    return V


# ----------------------------------------------------------------------------- wide partners


def add_wide_referral_partners(
    V: nx.MultiDiGraph,
    G: nx.MultiDiGraph,
    *,
    release: Release,
    context: ViewContext | None = None,
) -> list[str]:
    """For the district sheet's diagram: add to an area view the organisations located in
    an area *containing* the view's area (its ward: 区全体; the city: 市全体) that the
    release's referral links join to an organisation or activity of the area, with those
    links, their memberships of shown networks and their partnerships with shown
    organisations. Marks them, and the wide-area organisations already shown (running an
    activity here), with ``wide_level`` (``"ward"``/``"city"``). Returns the added ids.

    Only the *links* of the release's period are used (that referrals ran, never how
    many): the sheet shows no count for them. A city view is left as it is.
    """
    if V.graph.get("view") != "area" or not V.graph.get("area_id"):
        return []
    ctx = _context(G, release.reference_date, context)
    up = partners.containing_areas(ctx, str(V.graph["area_id"]))
    added = partners.referral_partners(V, ctx, release.links, up)
    partners.add_partner_nodes(V, ctx, added, release)
    partners.mark_wide_levels(V, ctx, up)
    new = set(added)
    for o in added:
        links.add_memberships(V, ctx, o)
    links.add_partnerships(V, ctx, touching=new)
    links.add_referral_links(V, release.links, touching=new)
    check_view(V)
    return added


def view_level_rank(V: nx.MultiDiGraph) -> int:
    """Rank (0 = city) of the view's own area level."""
    return LEVEL_RANK.get(str(V.graph.get("area_level")), 0)
