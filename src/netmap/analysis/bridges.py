"""Bridge organisations and missing bridges (DATA_MODEL.md "Bridge organisations").

Measures on the :func:`~netmap.analysis.projections.organisation_graph` (undirected; ties:
shared network, partnership, referral either way):

* ``betweenness``: unweighted shortest-path betweenness, normalised over all organisations
  (networkx's definition, ``normalized=True``). Always exact: by a numba-compiled Brandes
  when numba is installed (as fast as python-igraph, ~80x networkx at city scale;
  deterministic to the bit), else rustworkx, else networkx; ``params`` says which. See
  :func:`betweenness`.
* ``constraint``: Burt's constraint, unweighted (networkx's :func:`~networkx.constraint`
  definition, computed in one pass; see :func:`burt_constraint`); ``None`` for an
  organisation with no ties.
* ``brokerage``: Gould–Fernandez counts on the directed working ties (referrals from → to,
  partnerships both ways), each organisation's group being its first listed sector, else
  its kind (:func:`~netmap.analysis.brokerage.brokerage_roles`).
* ``articulation_point``: removing the organisation separates organisations that are
  members of networks (two of the pieces left contain a network member); see
  :func:`network_articulation_points`.

**Score** (documented combination, in [0, 1]):

.. math:: score = \\tfrac12 \\cdot \\frac{L - 1}{L} + \\tfrac12 \\cdot \\frac{b}{b_{max}}

where *L* is the number of networks the organisation links (those it belongs to, plus
those of organisations it is tied to by a partnership or a referral), *b* its betweenness
and :math:`b_{max}` the highest betweenness of any organisation (the term is 0 when
:math:`b_{max} = 0`). Spanning more networks and higher betweenness raise it; an
organisation with no ties scores 0.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, Literal

import networkx as nx

from netmap.analysis.brokerage import brokerage_roles
from netmap.analysis.projections import (
    TIE_PARTNERSHIP,
    TIE_REFERRAL,
    GraphIndex,
    check_area,
    organisation_graph,
    round9,
    working_ties,
)
from netmap.analysis.results import (
    AnalysisParameterError,
    Bridge,
    BridgeReport,
    Brokerage,
    MissingBridge,
    MissingBridgeCandidate,
)
from netmap.model.schema import Label

__all__ = [
    "betweenness",
    "burt_constraint",
    "describe_method",
    "network_articulation_points",
    "rank_bridges",
    "scope_bridges",
]

BetweennessMethod = Literal["auto", "numba", "rustworkx", "networkx"]

#: Missing-bridge candidates: at most this many tied to both, then this many by betweenness.
MAX_TIED_CANDIDATES = 5
MAX_BETWEENNESS_CANDIDATES = 3


def betweenness(G: nx.Graph, *, method: BetweennessMethod = "auto") -> tuple[dict[Any, float], str]:
    """Exact unweighted betweenness, normalised as networkx does, and how it was computed.

    ``method="auto"`` takes the fastest exact route installed: numba (Brandes compiled, in
    parallel over a fixed split of the sources so every run gives the same bits; see
    :mod:`netmap.analysis._brandes`), else rustworkx (compiled, single-threaded so runs
    agree), else networkx. All give networkx's values to within 1e-15. Returns
    ``(values, description)``; the description goes into ``params``.

    >>> vals, how = betweenness(nx.path_graph(3))
    >>> [round(v, 9) for v in vals.values()], how.startswith("exact")
    ([0.0, 1.0, 0.0], True)
    """
    nodes = sorted(G.nodes, key=str)
    if method in ("auto", "numba"):
        from netmap.analysis import _brandes

        if _brandes.available():
            import numpy as np

            index = {n: i for i, n in enumerate(nodes)}
            nbrs = [sorted(index[m] for m in G[n] if m != n) for n in nodes]
            indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
            indptr[1:] = np.cumsum([len(x) for x in nbrs])
            flat = [i for x in nbrs for i in x]
            indices = np.asarray(flat, dtype=np.int64)
            vals = _brandes.betweenness_csr(indptr, indices)
            return {n: float(vals[i]) for n, i in index.items()}, "exact (numba Brandes)"
        if method == "numba":
            raise ImportError("numba is not installed")
    if method in ("auto", "rustworkx"):
        try:
            import rustworkx as rx
        except ImportError:
            if method == "rustworkx":
                raise
        else:
            index = {n: i for i, n in enumerate(nodes)}
            g = rx.PyGraph(multigraph=False)
            g.add_nodes_from(nodes)
            g.add_edges_from_no_data([(index[a], index[b]) for a, b in G.edges if a != b])
            res = rx.graph_betweenness_centrality(
                g, normalized=True, endpoints=False, parallel_threshold=1 << 30
            )
            return {n: float(res[index[n]]) for n in nodes}, "exact (rustworkx)"
    return dict(nx.betweenness_centrality(G, normalized=True)), "exact (networkx)"


def burt_constraint(G: nx.Graph) -> dict[Any, float | None]:
    """Burt's constraint of each node of an unweighted simple graph; ``None`` for isolates.

    Same definition as :func:`networkx.constraint` (with :math:`p_{ij} = 1/d_i`):

    .. math:: c_i = \\sum_{j \\in N(i)} \\Bigl(\\frac{1}{d_i} +
              \\sum_{q \\in N(i) \\cap N(j)} \\frac{1}{d_i d_q}\\Bigr)^2

    computed with set intersections, which is much faster on large graphs.

    >>> c = burt_constraint(nx.star_graph(3))
    >>> round(c[0], 9), c[1]
    (0.333333333, 1.0)
    """
    adj = {n: set(G[n]) - {n} for n in G}
    deg = {n: len(s) for n, s in adj.items()}
    out: dict[Any, float | None] = {}
    for i, nbrs in adj.items():
        di = deg[i]
        if di == 0:
            out[i] = None
            continue
        total = 0.0
        for j in nbrs:
            indirect = sum(1.0 / deg[q] for q in nbrs & adj[j])
            total += ((1.0 + indirect) / di) ** 2
        out[i] = total
    return out


def network_articulation_points(G: nx.Graph, is_member: Mapping[Any, bool]) -> set[Any]:
    """Cut points whose removal separates network members from each other.

    A node counts when, once removed, at least two of the pieces left of its component
    contain a node with ``is_member`` true (a cut point that only detaches a single
    non-member partner does not count). Computed on the block-cut tree in linear time.

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(network_articulation_points(G, {"a": True, "d": True}))
    ['b', 'c']
    >>> sorted(network_articulation_points(G, {"a": True, "b": True}))
    []
    """
    cuts = set(nx.articulation_points(G))
    if not cuts:
        return set()
    T = nx.Graph()
    weight: dict[Any, int] = {}
    for i, block in enumerate(nx.biconnected_components(G)):
        b = ("B", i)
        weight[b] = sum(1 for n in block if n not in cuts and is_member.get(n, False))
        T.add_node(b)
        for v in block & cuts:
            T.add_edge(b, ("C", v))
    for v in cuts:
        weight[("C", v)] = 1 if is_member.get(v, False) else 0
    found: set[Any] = set()
    for comp in nx.connected_components(T):
        root = min(comp, key=repr)
        total = sum(weight[x] for x in comp)
        parent: dict[Any, Any] = {root: None}
        order = []
        stack = [root]
        while stack:
            x = stack.pop()
            order.append(x)
            for y in T[x]:
                if y not in parent:
                    parent[y] = x
                    stack.append(y)
        sub = dict.fromkeys(comp, 0)
        for x in reversed(order):
            sub[x] += weight[x]
            if parent[x] is not None:
                sub[parent[x]] += sub[x]
        for x in comp:
            if x[0] != "C":
                continue
            pieces = [sub[y] for y in T[x] if parent.get(y) == x]
            if parent[x] is not None:
                pieces.append(total - sub[x])
            if sum(1 for p in pieces if p > 0) >= 2:
                found.add(x[1])
    return found


def _quote_list(names: list[str], *, lang: str, limit: int = 4) -> str:
    shown = names[:limit]
    rest = len(names) - len(shown)
    if lang == "ja":
        text = "・".join(f"「{n}」" for n in shown)
        return text + (f"ほか{rest}件" if rest else "")
    text = ", ".join(f'"{n}"' for n in shown)
    return text + (f" and {rest} more" if rest else "")


def _why(
    own: list[str],
    via: list[str],
    degree: int,
    articulation: bool,
    rank: int | None,
    names: Mapping[str, str],
) -> tuple[str, str]:
    if degree == 0:
        return ("他の団体とのつながりが記録されていません。", "No ties to other organisations.")
    ja: list[str] = []
    en: list[str] = []
    own_n = [names.get(n, n) for n in own]
    via_n = [names.get(n, n) for n in via]
    if len(own) >= 2:
        ja.append(
            f"{_quote_list(own_n, lang='ja')}に参加し、これらのネットワークをつないでいます。"
        )
        en.append(f"Member of {_quote_list(own_n, lang='en')}, linking these networks.")
    elif len(own) == 1:
        ja.append(f"{_quote_list(own_n, lang='ja')}に参加しています。")
        en.append(f"Member of {_quote_list(own_n, lang='en')}.")
    else:
        ja.append("どのネットワークにも参加していません。")
        en.append("Not a member of any network.")
    if via:
        ja.append(
            f"提携・紹介を通じて{_quote_list(via_n, lang='ja')}の参加団体ともつながっています。"
        )
        en.append(
            f"Through partnerships and referrals it also reaches members of "
            f"{_quote_list(via_n, lang='en')}."
        )
    if articulation:
        ja.append("この団体が抜けるとネットワークの参加団体どうしのつながりが途切れます。")
        en.append("Without it, members of different networks would be cut off from each other.")
    if rank is not None:
        ja.append(f"媒介中心性は{rank}位です。")
        en.append(f"Betweenness rank {rank}.")
    return "".join(ja), " ".join(en)


def rank_bridges(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date | str | None = None,
    area: str | None = None,
    top: int | None = None,
    method: BetweennessMethod = "auto",
    index: GraphIndex | None = None,
) -> BridgeReport:
    """Bridge organisations, ranked, and missing bridges between networks.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The canonical graph.
    as_of : date, ISO string or None
        Only records valid that day (default today).
    area : str or None
        Keep organisations located in this area or below it, and missing bridges in a ward
        inside or containing it (computed on the whole graph first).
    top : int or None
        Keep the first ``top`` bridges and the first ``top`` missing bridges.
    method : {"auto", "rustworkx", "networkx"}
        How betweenness is computed (all exact; see :func:`betweenness`).

    Returns
    -------
    BridgeReport
        ``bridges`` ordered by score descending, then organisation id (see the module
        docstring for the score); ``missing_bridges``: two networks sharing a ward (the
        wards of the areas a network covers, else of its members' locations) with no
        common member and no tie between their members, ordered by the pair's combined
        member count descending, then network ids, ward id. Candidates: organisations
        located in the ward tied to members of both (``tied_to_both``, up to 5, by
        betweenness), then the ward's highest-betweenness organisations
        (``high_betweenness``, up to 3, betweenness > 0).

    Examples
    --------
    >>> from netmap.analysis._examples import tiny_graph
    >>> rep = rank_bridges(tiny_graph())
    >>> [(b.organisation_id, b.networks, b.articulation_point) for b in rep.bridges]
    [('o2', ['n1', 'n2'], True), ('o1', ['n1'], False), ('o3', [], False), ('o4', ['n2'], False)]
    >>> rep.bridges[0].why
    '「地域ケア会議」・「子育て支援ネットワーク」に参加し、これらのネットワークをつないでいます。この団体が抜けるとネットワークの参加団体どうしのつながりが途切れます。媒介中心性は1位です。'
    """
    area = check_area(G, area)
    if top is not None and top < 0:
        raise AnalysisParameterError("top must not be negative", details={"top": top})
    ix = GraphIndex.reuse(G, index, as_of)
    OG = organisation_graph(G, index=ix)
    D = working_ties(G, index=ix)
    btw, how = betweenness(OG, method=method)
    btw = {n: round9(v) for n, v in btw.items()}
    bridges = _bridges(G, ix, OG, D, btw)

    missing = _missing_bridges(ix, OG, btw)
    report = BridgeReport(bridges=bridges, missing_bridges=missing, betweenness_method=how)
    scope = ix.scope(area)
    around = scope | set(ix.ancestors(area)) if scope is not None and area is not None else None
    return scope_bridges(report, scope=scope, around=around, location=ix.location, top=top)


def _broker_groups(G: nx.MultiDiGraph, orgs: list[str]) -> dict[str, Any]:
    """Each organisation's brokerage group: its first listed sector, else its kind."""
    groups = {}
    for o in orgs:
        sectors = G.nodes[o].get("sectors") or []
        if isinstance(sectors, str):
            sectors = [s for s in sectors.split(";") if s]
        groups[o] = sectors[0] if sectors else G.nodes[o].get("kind")
    return groups


def _networks_via(ix: GraphIndex, OG: nx.Graph, o: str, own: list[str]) -> list[str]:
    """Networks of the organisations ``o`` is tied to by a partnership or a referral, other
    than its own networks ``own``; sorted."""
    via_set: set[str] = set()
    for p, data in OG[o].items():
        if data["kinds"] & {TIE_PARTNERSHIP, TIE_REFERRAL}:
            via_set.update(ix.memberships.get(p, ()))
    return sorted(via_set - set(own))


def _bridge_score(degree: int, linked: int, b: float, max_b: float) -> float:
    """The score of the module docstring: 0 with no ties (``degree``), else half the span
    of the ``linked`` networks plus half the betweenness ``b`` relative to ``max_b``."""
    if degree == 0:
        return 0.0
    span = (linked - 1) / linked if linked else 0.0
    return round9(0.5 * span + (0.5 * b / max_b if max_b > 0 else 0.0))


def _bridges(
    G: nx.MultiDiGraph, ix: GraphIndex, OG: nx.Graph, D: nx.DiGraph, btw: dict[str, float]
) -> list[Bridge]:
    """Every organisation of ``OG`` as a bridge, by score descending, then id."""
    orgs = list(OG.nodes)
    cons = burt_constraint(OG)
    brok = brokerage_roles(D, _broker_groups(G, orgs))
    member_nets = {o: sorted(ix.memberships.get(o, ())) for o in orgs}
    arts = network_articulation_points(OG, {o: bool(member_nets[o]) for o in orgs})
    max_b = max(btw.values(), default=0.0)
    ranked_b = sorted((o for o in orgs if btw[o] > 0), key=lambda o: (-btw[o], o))
    b_rank = {o: i + 1 for i, o in enumerate(ranked_b)}
    net_names = {n: ix.name(n) for n in ix.nodes(Label.NETWORK)}

    bridges: list[Bridge] = []
    for o in orgs:
        own = member_nets[o]
        via = _networks_via(ix, OG, o, own)
        degree = OG.degree(o)
        c = cons[o]
        why, why_en = _why(own, via, degree, o in arts, b_rank.get(o), net_names)
        bridges.append(
            Bridge(
                organisation_id=o,
                name=ix.name(o),
                networks=own,
                betweenness=btw[o],
                constraint=None if c is None else round9(c),
                brokerage=Brokerage(**brok[o]),
                articulation_point=o in arts,
                score=_bridge_score(degree, len(own) + len(via), btw[o], max_b),
                why=why,
                why_en=why_en,
            )
        )
    bridges.sort(key=lambda b: (-b.score, b.organisation_id))
    return bridges


def describe_method(betweenness_method: str) -> dict[str, str]:
    """How a bridge report was computed, for a result's ``params``."""
    return {
        "betweenness": f"{betweenness_method}, unweighted, normalised over all organisations",
        "constraint": "Burt's constraint, unweighted (null for an organisation with no ties)",
        "brokerage": "Gould-Fernandez on directed working ties; group = first sector, else kind",
        "score": "0.5*(L-1)/L + 0.5*betweenness/max_betweenness; L = networks linked; 0 if no ties",
    }


def scope_bridges(
    report: BridgeReport,
    *,
    scope: set[str] | None,
    around: set[str] | None,
    location: Mapping[str, str],
    top: int | None = None,
) -> BridgeReport:
    """The ``area`` and ``top`` filters of :func:`rank_bridges` on a whole-graph report:
    organisations located in ``scope`` (the area and the areas below it), missing bridges
    in a ward of ``around`` (``scope`` plus the area's ancestors); ``None``: no filter."""
    bridges, missing = report.bridges, report.missing_bridges
    if scope is not None:
        bridges = [b for b in bridges if location.get(b.organisation_id) in scope]
    if around is not None:
        missing = [m for m in missing if m.ward_id in around]
    if top is not None:
        bridges = bridges[:top]
        missing = missing[:top]
    return BridgeReport(
        bridges=bridges, missing_bridges=missing, betweenness_method=report.betweenness_method
    )


def _missing_bridges(ix: GraphIndex, OG: nx.Graph, btw: Mapping[str, float]) -> list[MissingBridge]:
    ward_of = ix.rollup("ward")

    def wards_below(a: str) -> set[str]:
        return {x for x in ix.descendants(a) if ix.G.nodes[x].get("level") == "ward"}

    orgs = set(OG.nodes)
    members = {n: set(ix.members.get(n, ())) & orgs for n in ix.nodes(Label.NETWORK)}
    nets_in_ward: dict[str, set[str]] = defaultdict(set)
    for net, mem in members.items():
        if not mem:
            continue
        wards: set[str] = set()
        for a in ix.covers.get(net, ()):
            w = ward_of.get(a)
            wards |= {w} if w is not None else wards_below(a)
        if not ix.covers.get(net):
            for o in mem:
                loc = ix.location.get(o)
                w = ward_of.get(loc) if loc is not None else None
                if w is not None:
                    wards.add(w)
        for w in wards:
            nets_in_ward[w].add(net)
    reach = {net: set().union(*(set(OG[o]) for o in mem)) for net, mem in members.items() if mem}
    orgs_in_ward: dict[str, list[str]] = defaultdict(list)
    for o in sorted(orgs):
        loc = ix.location.get(o)
        w = ward_of.get(loc) if loc is not None else None
        if w is not None:
            orgs_in_ward[w].append(o)

    out: list[tuple[int, MissingBridge]] = []
    for w in sorted(nets_in_ward):
        nets = sorted(nets_in_ward[w])
        for i, a in enumerate(nets):
            for b in nets[i + 1 :]:
                if members[a] & members[b] or reach[a] & members[b]:
                    continue
                local = orgs_in_ward.get(w, [])
                tied = [o for o in local if set(OG[o]) & members[a] and set(OG[o]) & members[b]]
                tied.sort(key=lambda o: (-btw[o], o))
                tied = tied[:MAX_TIED_CANDIDATES]
                high = sorted(
                    (o for o in local if btw[o] > 0 and o not in tied), key=lambda o: (-btw[o], o)
                )[:MAX_BETWEENNESS_CANDIDATES]
                cands = [
                    MissingBridgeCandidate(organisation_id=o, reason="tied_to_both") for o in tied
                ] + [
                    MissingBridgeCandidate(organisation_id=o, reason="high_betweenness")
                    for o in high
                ]
                out.append(
                    (
                        len(members[a]) + len(members[b]),
                        MissingBridge(network_ids=[a, b], ward_id=w, candidates=cands),
                    )
                )
    out.sort(key=lambda x: (-x[0], x[1].network_ids, x[1].ward_id))
    return [m for _, m in out]
