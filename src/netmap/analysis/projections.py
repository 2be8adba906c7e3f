"""Projections of the canonical graph that the analyses share.

* :func:`as_of_view`: the graph as it stood on a date (DATA_MODEL.md "Time");
* :func:`area_rollup`, :func:`area_ancestors`: the area of a record at an analysis level
  (DATA_MODEL.md "Levels and roll-up");
* :func:`organisation_graph`: the undirected organisation graph used by the bridge analysis;
* :func:`working_ties`: the directed working ties used by the brokerage counts.

All functions are pure: they never modify the graph they are given.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

import networkx as nx

from netmap.analysis.results import AnalysisParameterError
from netmap.model.schema import Label, Rel
from netmap.model.vocab import LEVEL_RANK

__all__ = [
    "GraphIndex",
    "area_ancestors",
    "area_parents",
    "area_rollup",
    "area_scope",
    "as_of_view",
    "check_area",
    "check_level",
    "check_need",
    "is_valid_on",
    "level_areas",
    "organisation_graph",
    "resolve_as_of",
    "round9",
    "valid_on_iso",
    "working_ties",
]

#: Tie kinds on the edges of :func:`organisation_graph`.
TIE_NETWORK = "network"
TIE_PARTNERSHIP = "partnership"
TIE_REFERRAL = "referral"


def round9(x: float) -> float:
    """Round a float to 9 decimals (the contract for every float in a result).

    >>> round9(1 / 3)
    0.333333333
    """
    r = round(float(x), 9)
    return 0.0 if r == 0 else r  # no -0.0


def resolve_as_of(as_of: dt.date | str | None) -> dt.date:
    """The analysis date: ``None`` means today; a string is read by
    :func:`netmap.dates.parse_date` (``2024-04-01``, ``2024/4/1``, ``令和6年4月1日``, ...).

    >>> resolve_as_of("2024-04-01"), resolve_as_of("令和6年4月1日")
    (datetime.date(2024, 4, 1), datetime.date(2024, 4, 1))
    """
    if as_of is None:
        return dt.date.today()
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    from netmap.dates import parse_date
    from netmap.errors import InvalidDateError

    try:
        return parse_date(str(as_of))
    except InvalidDateError as exc:
        raise AnalysisParameterError(
            f"基準日: {exc.ja} / invalid as_of date: {exc.en}", details={"as_of": str(as_of)}
        ) from None


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def is_valid_on(props: dict[str, Any], day: dt.date) -> bool:
    """True when a record with ``valid_from``/``valid_to`` held on ``day``.

    Both bounds are inclusive; an empty bound means "since always" / "still".

    >>> d = dt.date(2024, 4, 1)
    >>> is_valid_on({}, d), is_valid_on({"valid_to": "2024-03-31"}, d)
    (True, False)
    >>> is_valid_on({"valid_from": "2024-04-01", "valid_to": "2024-04-01"}, d)
    True
    """
    return valid_on_iso(props, day.isoformat())


def valid_on_iso(props: dict[str, Any], iso: str) -> bool:
    """:func:`is_valid_on` for an ISO date string (``YYYY-MM-DD``)."""
    start = _iso(props.get("valid_from"))
    end = _iso(props.get("valid_to"))
    return (start is None or start <= iso) and (end is None or iso <= end)


def _node_valid(d: dict[str, Any], iso: str) -> bool:
    """Whether a node belongs to the graph on ``iso`` (the rules of :func:`as_of_view`)."""
    if d.get("label") == Label.REFERRAL:
        date = _iso(d.get("date"))
        return date is None or date <= iso
    if "valid_from" in d or "valid_to" in d:
        return valid_on_iso(d, iso)
    return True


def as_of_view(G: nx.MultiDiGraph, as_of: dt.date | str | None = None) -> nx.MultiDiGraph:
    """The graph as it stood on ``as_of`` (default today).

    Nodes and relationships carrying ``valid_from``/``valid_to`` (organisations, networks,
    activities; memberships, partnerships, participations) are kept only when valid that
    day (both bounds inclusive), referrals only when dated on or before it. Dropping a
    node drops its relationships. The input graph is not modified; when nothing needs
    dropping the input graph itself is returned (treat the result as read-only).

    Examples
    --------
    >>> from netmap.model.graph import build_graph
    >>> G = build_graph(
    ...     [("Organisation", {"id": "o1", "name": "A", "kind": "npo"}),
    ...      ("Organisation", {"id": "o2", "name": "B", "kind": "npo",
    ...                        "valid_to": "2023-03-31"}),
    ...      ("Referral", {"id": "r1", "date": "2024-05-01", "status": "open"})],
    ...     [("FROM", "r1", "o1", {})],
    ... )
    >>> sorted(as_of_view(G, "2024-04-01"))
    ['o1']
    >>> sorted(as_of_view(G, "2024-06-01"))
    ['o1', 'r1']
    """
    day = resolve_as_of(as_of)
    iso = day.isoformat()
    drop_nodes = [n for n, d in G.nodes(data=True) if not _node_valid(d, iso)]
    drop_edges = [
        (s, t, k)
        for s, t, k, d in G.edges(keys=True, data=True)
        if ("valid_from" in d or "valid_to" in d) and not valid_on_iso(d, iso)
    ]
    if not drop_nodes and not drop_edges:
        return G
    H = G.copy()
    H.remove_edges_from(drop_edges)
    H.remove_nodes_from(drop_nodes)
    return H


def check_level(level: str) -> str:
    """Validate an analysis level (``city``, ``ward``, ``district``, ``neighbourhood``)."""
    if level not in LEVEL_RANK:
        raise AnalysisParameterError(
            f"unknown level {level!r}: use one of {', '.join(LEVEL_RANK)}",
            details={"level": level},
        )
    return str(level)


def check_area(G: nx.MultiDiGraph, area: str | None) -> str | None:
    """Validate an ``--area`` filter: it must be the id of an Area of the graph (names are
    resolved to ids before, by :mod:`netmap.names`; an unknown id is an error that
    suggests ids and names close to it)."""
    if area is None:
        return None
    if area not in G or G.nodes[area].get("label") != Label.AREA:
        from netmap.names import area_index

        raise area_index(G).unknown(area)  # "unknown area", with suggestions
    return area


def area_parents(G: nx.MultiDiGraph) -> dict[str, str | None]:
    """Each area's parent area (``PART_OF``; the smallest id if several), ``None`` at the top."""
    parents: dict[str, str | None] = {}
    for n, d in G.nodes(data=True):
        if d.get("label") != Label.AREA:
            continue
        ps = sorted(
            t for _, t, e in G.out_edges(n, data=True) if e.get("type") == Rel.PART_OF and t != n
        )
        parents[n] = ps[0] if ps else None
    return parents


def area_ancestors(
    G: nx.MultiDiGraph, area_id: str, *, parents: dict[str, str | None] | None = None
) -> list[str]:
    """The areas containing ``area_id`` (via ``PART_OF``), nearest first, excluding itself.

    ``parents`` (from :func:`area_parents`) saves recomputing the hierarchy in a loop.
    """
    return chain_up(area_parents(G) if parents is None else parents, area_id)


def chain_up(parents: Mapping[str, str | None], area_id: str) -> list[str]:
    """The ancestors of ``area_id`` in a parent map, nearest first (cycles stop it)."""
    out: list[str] = []
    a = parents.get(area_id)
    while a is not None and a not in out and a != area_id:
        out.append(a)
        a = parents.get(a)
    return out


def subtree(
    parents: Mapping[str, str | None], area_id: str, *, children: dict[str, list[str]] | None = None
) -> set[str]:
    """``area_id`` and every area below it in a parent map (``children``: the inverted map,
    if the caller keeps one)."""
    if children is None:
        children = invert_parents(parents)
    seen = {area_id}
    stack = [area_id]
    while stack:
        for c in children.get(stack.pop(), ()):
            if c not in seen:
                seen.add(c)
                stack.append(c)
    return seen


def invert_parents(parents: Mapping[str, str | None]) -> dict[str, list[str]]:
    """Parent map -> children map."""
    children: dict[str, list[str]] = defaultdict(list)
    for a, p in parents.items():
        if p is not None:
            children[p].append(a)
    return children


def area_rollup(G: nx.MultiDiGraph, level: str) -> dict[str, str | None]:
    """For every area, the area of ``level`` that contains it (itself at that level).

    An area coarser than ``level`` (a ward when analysing districts), or with no ancestor
    at that level, maps to ``None``: records there belong to no area of the level.

    >>> from netmap.model.graph import build_graph
    >>> G = build_graph(
    ...     [("Area", {"id": "c", "name": "市", "level": "city"}),
    ...      ("Area", {"id": "w", "name": "区", "level": "ward"}),
    ...      ("Area", {"id": "d", "name": "地区", "level": "district"}),
    ...      ("Area", {"id": "n", "name": "町", "level": "neighbourhood"})],
    ...     [("PART_OF", "w", "c", {}), ("PART_OF", "d", "w", {}), ("PART_OF", "n", "d", {})],
    ... )
    >>> area_rollup(G, "district")
    {'c': None, 'd': 'd', 'n': 'd', 'w': None}
    """
    check_level(level)
    levels = {n: d.get("level") for n, d in G.nodes(data=True) if d.get("label") == Label.AREA}
    return _rollup(area_parents(G), levels, level)


def _rollup(
    parents: dict[str, str | None], levels: dict[str, Any], level: str
) -> dict[str, str | None]:
    target = LEVEL_RANK[level]
    out: dict[str, str | None] = {}
    for a in sorted(parents):
        cur: str | None = a
        seen: set[str] = set()
        found: str | None = None
        while cur is not None and cur not in seen:
            seen.add(cur)
            rank = LEVEL_RANK.get(str(levels.get(cur)))
            if rank is None or rank < target:
                break
            if rank == target:
                found = cur
                break
            cur = parents.get(cur)
        out[a] = found
    return out


@dataclass
class GraphIndex:
    """One pass over a graph: nodes per label and the relationships the analyses read.

    Built once per analysis call so each analysis walks plain dicts instead of scanning
    edges repeatedly. Every list is sorted. ``build(G, as_of=day)`` skips the records not
    valid that day by the rules of :func:`as_of_view`, without copying the graph (``G``
    stays the full graph: read attributes from it, membership from the index).
    """

    G: nx.MultiDiGraph
    by_label: dict[str, list[str]] = field(default_factory=dict)
    #: node -> its area (LOCATED_IN / HELD_IN / LIVES_IN; the smallest id if several)
    location: dict[str, str] = field(default_factory=dict)
    provides: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    addresses: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    has_need: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    runs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # org -> acts
    runners: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # act -> orgs
    members: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # net -> orgs
    memberships: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    covers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    partners: list[tuple[str, str]] = field(default_factory=list)
    participates: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    ref_from: dict[str, str] = field(default_factory=dict)
    ref_to: dict[str, str] = field(default_factory=dict)
    ref_about: dict[str, str] = field(default_factory=dict)
    ref_concerns: dict[str, str] = field(default_factory=dict)
    #: area -> parent area (PART_OF; the smallest id if several), None at the top
    parents: dict[str, str | None] = field(default_factory=dict)
    #: the day the index was built for (``None``: every record)
    day: dt.date | None = None
    _rollups: dict[str, dict[str, str | None]] = field(default_factory=dict, repr=False)
    _children: dict[str, list[str]] | None = field(default=None, repr=False)
    _org_graph: nx.Graph | None = field(default=None, repr=False)

    @classmethod
    def reuse(
        cls, G: nx.MultiDiGraph, index: GraphIndex | None, as_of: dt.date | str | None
    ) -> GraphIndex:
        """``index`` when it was built on ``G`` for the same day, else a new index: lets a
        caller running several analyses on one graph and date build the index once."""
        day = resolve_as_of(as_of)
        if index is not None and index.G is G and index.day == day:
            return index
        return cls.build(G, as_of=day)

    @classmethod
    def build(cls, G: nx.MultiDiGraph, *, as_of: dt.date | str | None = None) -> GraphIndex:
        ix = cls(G)
        ix.day = resolve_as_of(as_of) if as_of is not None else None
        iso = ix.day.isoformat() if ix.day is not None else None
        labels: dict[str, list[str]] = defaultdict(list)
        dropped: set[str] = set()
        for n, d in G.nodes(data=True):
            if iso is not None and not _node_valid(d, iso):
                dropped.add(n)
                continue
            labels[str(d.get("label"))].append(n)
        ix.by_label = {k: sorted(v) for k, v in labels.items()}
        ix.parents = dict.fromkeys(ix.by_label.get(Label.AREA, []))
        placed = (Rel.LOCATED_IN, Rel.HELD_IN, Rel.LIVES_IN)
        single: dict[str, dict[str, str]] = {
            Rel.FROM: ix.ref_from,
            Rel.TO: ix.ref_to,
            Rel.ABOUT: ix.ref_about,
            Rel.CONCERNS: ix.ref_concerns,
        }
        for s, t, d in G.edges(data=True):
            if iso is not None and (
                s in dropped
                or t in dropped
                or (("valid_from" in d or "valid_to" in d) and not valid_on_iso(d, iso))
            ):
                continue
            typ = d.get("type")
            if typ == Rel.PART_OF:
                if s != t and s in ix.parents:
                    cur = ix.parents[s]
                    if cur is None or t < cur:
                        ix.parents[s] = t
            elif typ in placed:
                if s not in ix.location or t < ix.location[s]:
                    ix.location[s] = t
            elif typ == Rel.PROVIDES:
                ix.provides[s].add(t)
            elif typ == Rel.ADDRESSES:
                ix.addresses[s].add(t)
            elif typ == Rel.HAS_NEED:
                ix.has_need[s].add(t)
            elif typ == Rel.RUNS:
                ix.runs[s].add(t)
                ix.runners[t].add(s)
            elif typ == Rel.MEMBER_OF:
                ix.members[t].add(s)
                ix.memberships[s].add(t)
            elif typ == Rel.COVERS:
                ix.covers[s].add(t)
            elif typ == Rel.PARTNERS_WITH:
                if s != t:
                    ix.partners.append((s, t))
            elif typ == Rel.PARTICIPATES_IN:
                ix.participates[s].add(t)
            elif typ in single:
                m = single[typ]
                if s not in m or t < m[s]:
                    m[s] = t
        ix.partners.sort()
        return ix

    def only_referrals(self, keep: Callable[[str], bool]) -> GraphIndex:
        """This index as if the graph held only the referrals ``keep`` accepts (say, those
        of one period): the same as building it on a view of the graph without the others,
        without walking the graph again. Everything else is shared."""
        refs = [r for r in self.nodes(Label.REFERRAL) if keep(r)]
        kept = set(refs)

        def only(m: dict[str, str]) -> dict[str, str]:
            return {r: t for r, t in m.items() if r in kept}

        return replace(
            self,
            by_label={**self.by_label, Label.REFERRAL: refs},
            ref_from=only(self.ref_from),
            ref_to=only(self.ref_to),
            ref_about=only(self.ref_about),
            ref_concerns=only(self.ref_concerns),
            _org_graph=None,  # referrals tie organisations
        )

    def nodes(self, label: str) -> list[str]:
        return self.by_label.get(label, [])

    def rollup(self, level: str) -> dict[str, str | None]:
        """:func:`area_rollup` on the indexed areas (cached per level)."""
        if level not in self._rollups:
            check_level(level)
            levels = {a: self.G.nodes[a].get("level") for a in self.parents}
            self._rollups[level] = _rollup(self.parents, levels, level)
        return self._rollups[level]

    def level_areas(self, level: str) -> list[str]:
        """Ids of the indexed areas at ``level``, sorted."""
        return [a for a in self.nodes(Label.AREA) if self.G.nodes[a].get("level") == level]

    def ancestors(self, area: str) -> list[str]:
        """The areas containing ``area``, nearest first."""
        return area_ancestors(self.G, area, parents=self.parents)

    def descendants(self, area: str) -> set[str]:
        """The area and every area below it."""
        if self._children is None:
            self._children = invert_parents(self.parents)
        return subtree(self.parents, area, children=self._children)

    def scope(self, area: str | None) -> set[str] | None:
        """The ``--area`` filter: the area and the areas below it (``None``: no filter)."""
        return None if area is None else self.descendants(area)

    def name(self, node: str) -> str:
        return str(self.G.nodes[node].get("name", node)) if node in self.G else node

    def referral_target_orgs(self, referral: str) -> list[str]:
        """The organisations a referral goes to (the runners for an activity), sorted."""
        to = self.ref_to.get(referral)
        if to is None:
            return []
        label = self.G.nodes[to].get("label")
        if label == Label.ORGANISATION:
            return [to]
        if label == Label.ACTIVITY:
            return sorted(self.runners.get(to, ()))
        return []


def _org_pairs(G: nx.MultiDiGraph, ix: GraphIndex) -> Iterable[tuple[str, str, str]]:
    orgs = set(ix.nodes(Label.ORGANISATION))
    for net in sorted(ix.members):
        if net not in G:
            continue
        for a, b in combinations(sorted(ix.members[net] & orgs), 2):
            yield a, b, TIE_NETWORK
    for a, b in ix.partners:
        if a in orgs and b in orgs:
            yield a, b, TIE_PARTNERSHIP
    for r in ix.nodes(Label.REFERRAL):
        src = ix.ref_from.get(r)
        if src is None or src not in orgs:
            continue
        for dst in ix.referral_target_orgs(r):
            if dst != src and dst in orgs:
                yield src, dst, TIE_REFERRAL


def organisation_graph(G: nx.MultiDiGraph, *, index: GraphIndex | None = None) -> nx.Graph:
    """The undirected, simple organisation graph of DATA_MODEL.md "The organisation graph".

    Every organisation is a node (isolates included), with its ``name``, ``kind`` and
    ``sectors``. Two organisations are tied when they share a network, partner, or a
    referral runs between them in either direction (a referral to an activity ties to the
    organisation that runs it). Each edge keeps ``kinds``: the set of tie kinds among
    ``"network"``, ``"partnership"``, ``"referral"``.

    Examples
    --------
    >>> from netmap.model.graph import build_graph
    >>> G = build_graph(
    ...     [("Organisation", {"id": i, "name": i, "kind": "npo"}) for i in "abcd"]
    ...     + [("Network", {"id": "n", "name": "N", "kind": "field"}),
    ...        ("Activity", {"id": "act", "name": "Salon", "kind": "salon"}),
    ...        ("Referral", {"id": "r", "date": "2024-01-01", "status": "open"})],
    ...     [("MEMBER_OF", "a", "n", {}), ("MEMBER_OF", "b", "n", {}),
    ...      ("PARTNERS_WITH", "a", "b", {"kind": "joint"}),
    ...      ("RUNS", "c", "act", {}), ("FROM", "r", "b", {}), ("TO", "r", "act", {})],
    ... )
    >>> OG = organisation_graph(G)
    >>> sorted(OG.nodes), sorted(OG["a"]["b"]["kinds"]), sorted(OG["b"]["c"]["kinds"])
    (['a', 'b', 'c', 'd'], ['network', 'partnership'], ['referral'])
    """
    ix = index if index is not None else GraphIndex.build(G)
    if ix._org_graph is not None and ix.G is G:
        return ix._org_graph
    OG = nx.Graph()
    for o in ix.nodes(Label.ORGANISATION):
        d = G.nodes[o]
        OG.add_node(o, name=d.get("name", o), kind=d.get("kind"), sectors=d.get("sectors"))
    for a, b, kind in _org_pairs(G, ix):
        if OG.has_edge(a, b):
            OG[a][b]["kinds"].add(kind)
        else:
            OG.add_edge(a, b, kinds={kind})
    ix._org_graph = OG  # built once per index (the analyses treat it as read-only)
    return OG


def working_ties(G: nx.MultiDiGraph, *, index: GraphIndex | None = None) -> nx.DiGraph:
    """The directed working ties between organisations: referrals from → to (to the
    organisation running an activity for a referral to an activity) and partnerships in
    both directions. Simple (parallel ties merge; ``kinds`` keeps their kinds), no
    self-loops; every organisation is a node.

    >>> from netmap.model.graph import build_graph
    >>> G = build_graph(
    ...     [("Organisation", {"id": i, "name": i, "kind": "npo"}) for i in "abc"]
    ...     + [("Referral", {"id": "r", "date": "2024-01-01", "status": "open"})],
    ...     [("PARTNERS_WITH", "a", "b", {"kind": "x"}), ("FROM", "r", "b", {}),
    ...      ("TO", "r", "c", {})],
    ... )
    >>> sorted(working_ties(G).edges)
    [('a', 'b'), ('b', 'a'), ('b', 'c')]
    """
    ix = index if index is not None else GraphIndex.build(G)
    D = nx.DiGraph()
    for o in ix.nodes(Label.ORGANISATION):
        d = G.nodes[o]
        D.add_node(o, name=d.get("name", o), kind=d.get("kind"), sectors=d.get("sectors"))
    orgs = set(ix.nodes(Label.ORGANISATION))

    def add(a: str, b: str, kind: str) -> None:
        if D.has_edge(a, b):
            D[a][b]["kinds"].add(kind)
        else:
            D.add_edge(a, b, kinds={kind})

    for a, b in ix.partners:
        if a in orgs and b in orgs:
            add(a, b, TIE_PARTNERSHIP)
            add(b, a, TIE_PARTNERSHIP)
    for r in ix.nodes(Label.REFERRAL):
        src = ix.ref_from.get(r)
        if src is None or src not in orgs:
            continue
        for dst in ix.referral_target_orgs(r):
            if dst != src and dst in orgs:
                add(src, dst, TIE_REFERRAL)
    return D


def level_areas(G: nx.MultiDiGraph, level: str) -> list[str]:
    """Ids of the areas at ``level``, sorted."""
    return sorted(
        n for n, d in G.nodes(data=True) if d.get("label") == Label.AREA and d.get("level") == level
    )


def area_scope(G: nx.MultiDiGraph, area: str | None) -> set[str] | None:
    """The ``--area`` filter: the area and every area below it (``None``: no filter)."""
    if area is None:
        return None
    from netmap.model.graph import area_descendants

    return area_descendants(G, area)


def check_need(G: nx.MultiDiGraph, need: str | None) -> str | None:
    """Validate a ``--need`` filter: a Need of the graph or of the fixed vocabulary."""
    if need is None:
        return None
    from netmap.model.vocab import NEEDS

    if need in NEEDS or (need in G and G.nodes[need].get("label") == Label.NEED):
        return need
    from netmap.names import need_index

    raise need_index(G).unknown(need)  # "unknown need", with suggestions
