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
from netmap.disclosure.publish import count_text, published_gaps, published_isolated
from netmap.disclosure.release import Release
from netmap.errors import NotFound
from netmap.model.schema import Label
from netmap.model.vocab import LEVEL_RANK, need_label

__all__ = [
    "MapAnalyses",
    "ViewContext",
    "add_wide_referral_partners",
    "build_view",
    "top_bridge_ids",
]

#: How many of the highest-scoring bridges the bridges layer marks.
TOP_BRIDGES = 10
#: How many of an area map's organisations the bridges layer marks (best scores first).
TOP_BRIDGES_IN_AREA = 5
#: How many missing bridges (suggested links, in the analysis's order) an area view shows.
TOP_MISSING_BRIDGES = 8


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


def _common(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d[k] for k in ("source", "verified_on") if d.get(k) not in (None, "")}


def _gap_dicts(gaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for g in gaps:
        d = {k: g[k] for k in ("need", "demand", "supply", "ratio", "kind", "suppressed")}
        d["need_label"] = need_label(g["need"])
        d["demand_text"] = count_text(g["demand"])
        d["candidates"] = [c["name"] for c in g["candidates"][:3]]
        out.append(d)
    return out


_ISOLATION_KEYS = (
    "isolated",
    "score",
    "reasons",
    "organisations",
    "network_memberships",
    "external_ties",
    "activities",
    "residents_with_needs",
    "isolated_residents",
    "suppressed",
)


def _isolation_dict(i: dict[str, Any]) -> dict[str, Any]:
    out = {k: i[k] for k in _ISOLATION_KEYS}
    for k in ("residents_with_needs", "isolated_residents"):
        out[f"{k}_text"] = count_text(i[k])
    return out


def _counts(rel: Release, **cells: tuple[str, ...]) -> dict[str, Any]:
    """``counts``/``counts_text``/``suppressed`` of a node, read from the release."""
    counts = {name: rel.shown(key) for name, key in cells.items()}
    return {
        "counts": counts,
        "counts_text": {k: count_text(v) for k, v in counts.items()},
        "suppressed": sorted(k for k, v in counts.items() if v is None),
    }


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
    if context is not None and context.day == day and context.source is G:
        ctx = context
    else:
        ctx = ViewContext(G, day)
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
    H = ctx.G
    areas = ctx.ix.nodes(Label.AREA)
    if area is None:
        roots = [a for a in areas if ctx.parents.get(a) is None]
        cities = [a for a in roots if ctx.level(a) == "city"]
        root = cities[0] if len(cities) == 1 else None
    else:
        root = area
    V = nx.MultiDiGraph()
    if root is not None:
        tops = ctx.children.get(root, [])
        V.graph.update(
            view="city", area_id=root, area_name=ctx.name(root), area_level=ctx.level(root)
        )
    else:
        tops = [a for a in areas if ctx.parents.get(a) is None]
        V.graph.update(view="city", area_id=None, area_name="全体", area_level="city")
    V.graph["title"] = f"{V.graph['area_name']} 支援ネットワークマップ"

    iso_by_area = {i["area_id"]: i for i in an.isolated}
    top_bridges = top_bridge_ids(an.bridges)
    bridge_by_id = {b.organisation_id: b for b in (an.bridges.bridges if an.bridges else [])}

    # which shown area each record rolls up to (a ward's districts are shown; finer areas
    # roll up to their district)
    shown: dict[str, str] = {}  # area (any depth) -> shown area node
    group_of: dict[str, str] = {}
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
            **_common(dict(H.nodes[root])),
        )
        shown[root] = root
    for top in tops:
        for a in sorted(ctx.ix.descendants(top)):
            if a == top or ctx.parents.get(a) == top:
                shown[a] = a
            else:
                cur: str | None = a
                while cur is not None and ctx.parents.get(cur) != top:
                    cur = ctx.parents.get(cur)
                shown[a] = cur if cur is not None else top
            group_of[a] = top
    subtree: dict[str, list[str]] = defaultdict(list)
    for a, s in shown.items():
        subtree[s].append(a)
    if root is not None:
        subtree[root] = sorted(ctx.ix.descendants(root))

    org_area = {
        o: ctx.ix.location[o] for o in ctx.ix.nodes(Label.ORGANISATION) if o in ctx.ix.location
    }
    act_area = {a: ctx.ix.location[a] for a in ctx.ix.nodes(Label.ACTIVITY) if a in ctx.ix.location}
    for s in sorted(set(shown.values()) - ({root} if root else set())):
        sub = set(ctx.ix.descendants(s)) if s in tops else set(subtree[s])
        orgs = [o for o, a in org_area.items() if a in sub]
        acts = [x for x, a in act_area.items() if a in sub]
        nets = {n for o in orgs for n in ctx.ix.memberships.get(o, ())}
        nets |= {n for n, cov in ctx.ix.covers.items() if cov & sub}
        lvl = ctx.level(s)
        gaps = [g for g in an.gaps if g["area_id"] in sub]  # in the published order
        bridges_here = [b for b in top_bridges if org_area.get(b) in sub]
        attrs: dict[str, Any] = {
            "category": "Area",
            "name": ctx.name(s),
            "kind": lvl,
            "group": group_of.get(s, ""),
            "group_centre": s in tops,
            "parent_area": root if s in tops else group_of.get(s),
            "area_id": s,
            "area_name": ctx.name(s),
            "ward_id": ctx.ancestor_at(s, "ward"),
            "district_id": ctx.ancestor_at(s, "district"),
            **_counts(rel, residents_with_needs=("res", s)),
            "stats": {
                "organisations": len(orgs),
                "activities": len(acts),
                "networks": len(nets),
                "gaps": sum(1 for g in gaps if g["kind"] == "gap"),
                "undersupplied": sum(1 for g in gaps if g["kind"] == "undersupplied"),
            },
            "gaps": _gap_dicts(gaps[:8]) if lvl != "ward" or s not in tops else [],
            "bridges": [
                {"id": b, "name": ctx.name(b), "why": bridge_by_id[b].why} for b in bridges_here
            ],
            **_common(dict(H.nodes[s])),
        }
        if s in iso_by_area:
            attrs["isolation"] = _isolation_dict(iso_by_area[s])
        elif lvl == "ward":
            n_iso = sum(1 for a in sub if a in iso_by_area and iso_by_area[a]["isolated"])
            attrs["stats"]["isolated_districts"] = n_iso
        if lvl == "ward" and s in tops:
            attrs["drilldown"] = s
        V.add_node(s, **attrs)

    # ties and referral flows between shown areas (the finest shown level)
    def shown_of(node: str) -> str | None:
        a = ctx.ix.location.get(node)
        return shown.get(a) if a is not None else None

    def pair(sa: str | None, sb: str | None) -> tuple[str, str] | None:
        """Endpoints on the city map: districts within a ward, wards across wards."""
        if not sa or not sb or sa == sb:
            return None
        ga, gb = group_of.get(sa), group_of.get(sb)
        if ga and gb and ga != gb:
            return (ga, gb)
        return (sa, sb)

    ties: dict[tuple[str, str], int] = defaultdict(int)
    for a, b in ctx.ix.partners:
        p = pair(shown_of(a), shown_of(b))
        if p is not None:
            ties[(min(p), max(p))] += 1
    for (sa, sb), n in sorted(ties.items()):
        V.add_edge(sa, sb, key="tie", type="tie", stat=n)
    # referral links of the release's period: that they exist, never how many
    flows = {pair(shown_of(src), shown_of(dst)) for src, dst in an.links}
    for sa, sb in sorted(p for p in flows if p is not None):
        V.add_edge(sa, sb, key="referral", type="referral")
    return V


# ----------------------------------------------------------------------------- area view


def _area_view(ctx: ViewContext, area: str, an: MapAnalyses, rel: Release) -> nx.MultiDiGraph:
    H, ix = ctx.G, ctx.ix
    scope = ctx.ix.descendants(area)
    children = ctx.children.get(area, [])
    group_of: dict[str, str] = {area: ""}
    for c in children:
        for a in ctx.ix.descendants(c):
            group_of[a] = c
    V = nx.MultiDiGraph()
    V.graph.update(
        view="area",
        area_id=area,
        area_name=ctx.name(area),
        area_level=ctx.level(area),
        title=f"{ctx.name(area)} 支援ネットワークマップ",
    )
    ward = ctx.ancestor_at(area, "ward")
    gaps_by_area: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in an.gaps:
        gaps_by_area[g["area_id"]].append(g)
    iso_by_area = {i["area_id"]: i for i in an.isolated}
    bridge_by_id = {b.organisation_id: b for b in (an.bridges.bridges if an.bridges else [])}
    # the bridges layer marks the best bridges *of this map* (the city's top ten are
    # rarely all in one ward)
    candidates = [b for b in (an.bridges.bridges if an.bridges else []) if b.score > 0]
    max_score = max((b.score for b in bridge_by_id.values()), default=0.0)

    def place(a: str | None) -> dict[str, Any]:
        return {
            "area_id": a,
            "area_name": ctx.name(a) if a else "",
            "ward_id": ctx.ancestor_at(a, "ward") or ward,
            "district_id": ctx.ancestor_at(a, "district"),
        }

    # areas (resident counts only for the published levels)
    for a in sorted(scope):
        attrs: dict[str, Any] = {
            "category": "Area",
            "name": ctx.name(a),
            "kind": ctx.level(a),
            "group": group_of.get(a, ""),
            "group_centre": a == area or a in children,
            "parent_area": ctx.parents.get(a) if a != area else None,
            **place(a),
            **(_counts(rel, residents_with_needs=("res", a)) if a in rel.published_areas else {}),
            "gaps": _gap_dicts(gaps_by_area.get(a, [])[:8]),
            **_common(dict(H.nodes[a])),
        }
        if a in iso_by_area:
            attrs["isolation"] = _isolation_dict(iso_by_area[a])
        V.add_node(a, **attrs)

    # organisations located in scope, and wide-area ones that run an activity here
    orgs = [o for o in ix.nodes(Label.ORGANISATION) if ix.location.get(o) in scope]
    acts = [x for x in ix.nodes(Label.ACTIVITY) if ix.location.get(x) in scope]
    wide = sorted(
        {o for x in acts for o in ix.runners.get(x, ()) if ix.location.get(o) not in scope}
    )
    for o in orgs + wide:
        d = dict(H.nodes[o])
        loc = ix.location.get(o)
        b = bridge_by_id.get(o)
        attrs = {
            "category": "Organisation",
            "name": str(d.get("name", o)),
            "kind": d.get("kind"),
            "group": group_of.get(loc, "") if loc in scope else "",
            **place(loc),
            "outside": o in wide,
            "sectors": list(d.get("sectors") or []),
            "networks": sorted(ix.memberships.get(o, ())),
            "activities": sorted(ix.runs.get(o, ())),
            "needs": sorted(ix.provides.get(o, ())),
            **_common(d),
        }
        if b is not None:
            attrs["bridge"] = {
                "score": b.score,
                "relative": (b.score / max_score) if max_score > 0 else 0.0,
                "betweenness": b.betweenness,
                "constraint": b.constraint,
                "articulation_point": b.articulation_point,
                "why": b.why,
                "rank": None,
            }
        V.add_node(o, **attrs)

    in_map = [b for b in candidates if b.organisation_id in V]
    for i, b in enumerate(sorted(in_map, key=lambda b: (-b.score, b.organisation_id))):
        if i >= TOP_BRIDGES_IN_AREA:
            break
        V.nodes[b.organisation_id]["bridge"]["rank"] = i + 1

    for x in acts:
        d = dict(H.nodes[x])
        loc = ix.location.get(x)
        runners = sorted(ix.runners.get(x, ()))
        grp = group_of.get(loc, "") if loc is not None else ""
        anchor = next((r for r in runners if r in V and V.nodes[r]["group"] == grp), None)
        attrs = {
            "category": "Activity",
            "name": str(d.get("name", x)),
            "kind": d.get("kind"),
            "group": grp,
            "anchor": anchor,
            **place(loc),
            "runners": runners,
            "needs": sorted(ix.addresses.get(x, ())),
            "target_groups": list(d.get("target_groups") or []),
            **_counts(rel, participants=("part", x)),
            **_common(d),
        }
        if d.get("capacity") is not None:
            attrs["stats"] = {"capacity": d.get("capacity")}
        V.add_node(x, **attrs)

    # networks covering the scope or with a member here
    in_view_orgs = set(orgs) | set(wide)
    for net in ix.nodes(Label.NETWORK):
        members = ix.members.get(net, set())
        covered = ix.covers.get(net, set())
        if not (covered & scope or members & in_view_orgs):
            continue
        d = dict(H.nodes[net])
        # a network working in one sub-area only (a district team) sits in that sub-area
        if covered:
            homes = {group_of.get(a, "") for a in covered if a in scope}
            if any(a not in scope for a in covered):
                homes.add("")
        else:
            homes = {str(V.nodes[m]["group"]) for m in members & in_view_orgs}
        home = next(iter(homes)) if len(homes) == 1 else ""
        home_area = home or area
        if covered and home:
            home_area = sorted(a for a in covered if a in scope)[0]
        V.add_node(
            net,
            category="Network",
            name=str(d.get("name", net)),
            kind=d.get("kind"),
            group=home,
            **place(home_area),
            stats={
                "members": len(members),
                "members_here": len(members & in_view_orgs),
            },
            covers=sorted(covered),
            **_common(d),
        )

    # relationships between shown nodes
    for o in sorted(in_view_orgs):
        for net in sorted(ix.memberships.get(o, ())):
            if net in V:
                for e in ctx.edges(o, net, "MEMBER_OF")[:1]:
                    V.add_edge(o, net, key="member_of", type="member_of", role=e.get("role"))
        for x in sorted(ix.runs.get(o, ())):
            if x in V:
                V.add_edge(o, x, key="runs", type="runs")
    for a, b2 in ix.partners:
        if a in V and b2 in V:
            kinds = sorted(str(e.get("kind") or "") for e in ctx.edges(a, b2, "PARTNERS_WITH"))
            V.add_edge(a, b2, key="partners_with", type="partners_with", kind=";".join(kinds))
    # referral links of the release's period: that they exist, never how many
    for s, t in an.links:
        if s in V and t in V and s != t:
            V.add_edge(s, t, key="referral", type="referral")
    if an.bridges is not None:
        shown_missing = 0
        for mb in an.bridges.missing_bridges:
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
    day = release.reference_date
    if context is not None and context.day == day and context.source is G:
        ctx = context
    else:
        ctx = ViewContext(G, day)
    H, ix = ctx.G, ctx.ix
    area = str(V.graph["area_id"])
    up: dict[str, str] = {}
    a = ctx.parents.get(area)
    while a is not None and a not in up:
        up[a] = ctx.level(a)
        a = ctx.parents.get(a)
    orgs = set(ix.nodes(Label.ORGANISATION))
    local = {
        n
        for n, d in V.nodes(data=True)
        if d.get("category") in ("Organisation", "Activity") and not d.get("outside")
    }
    wanted: set[str] = set()
    for s, t in release.links:
        for here, other in ((s, t), (t, s)):
            if here in local and other not in V and other in orgs and ix.location.get(other) in up:
                wanted.add(other)
    added = sorted(wanted)
    ranked = [b for b in release.payload.get("bridges", {}).get("bridges", []) if b.get("score")]
    max_score = max((float(b["score"]) for b in ranked), default=0.0)
    bridge_by_id = {str(b["organisation_id"]): b for b in ranked}
    for o in added:
        d = dict(H.nodes[o])
        loc = ix.location.get(o)
        b = bridge_by_id.get(o)
        bridge = (
            {
                "score": b["score"],
                "relative": float(b["score"]) / max_score if max_score > 0 else 0.0,
                "betweenness": b.get("betweenness"),
                "constraint": b.get("constraint"),
                "articulation_point": b.get("articulation_point"),
                "why": b.get("why"),
                "rank": None,
            }
            if b is not None
            else None
        )
        V.add_node(
            o,
            category="Organisation",
            name=str(d.get("name", o)),
            kind=d.get("kind"),
            group="",
            area_id=loc,
            area_name=ctx.name(loc) if loc else "",
            ward_id=ctx.ancestor_at(loc, "ward"),
            district_id=ctx.ancestor_at(loc, "district"),
            outside=True,
            sectors=list(d.get("sectors") or []),
            networks=sorted(ix.memberships.get(o, ())),
            activities=sorted(ix.runs.get(o, ())),
            needs=sorted(ix.provides.get(o, ())),
            **({"bridge": bridge} if bridge is not None else {}),
            **_common(d),
        )
    for n, d in V.nodes(data=True):
        if d.get("category") == "Organisation" and d.get("outside"):
            level = up.get(str(ix.location.get(n)))
            if level in ("ward", "city"):
                d["wide_level"] = level
    new = set(added)
    for o in added:
        for net in sorted(ix.memberships.get(o, ())):
            if net in V:
                for e in ctx.edges(o, net, "MEMBER_OF")[:1]:
                    V.add_edge(o, net, key="member_of", type="member_of", role=e.get("role"))
    for a2, b2 in ix.partners:
        if (a2 in new or b2 in new) and a2 in V and b2 in V:
            kinds = sorted(str(e.get("kind") or "") for e in ctx.edges(a2, b2, "PARTNERS_WITH"))
            V.add_edge(a2, b2, key="partners_with", type="partners_with", kind=";".join(kinds))
    for s, t in release.links:
        if (s in new or t in new) and s in V and t in V and s != t:
            V.add_edge(s, t, key="referral", type="referral")
    check_view(V)
    return added


def view_level_rank(V: nx.MultiDiGraph) -> int:
    """Rank (0 = city) of the view's own area level."""
    return LEVEL_RANK.get(str(V.graph.get("area_level")), 0)
