"""Brokerage roles (Gould and Fernandez 1989) and the participation coefficient
(Guimerà and Amaral 2005), written in the style of networkx.

Neither measure is in networkx. Both take a graph whose nodes carry a group attribute
(here: an organisation's sector) and say how a node's ties run between groups.

References
----------
.. [1] R. V. Gould and R. M. Fernandez, "Structures of Mediation: A Formal Approach to
   Brokerage in Transaction Networks", Sociological Methodology 19 (1989) 89–126.
.. [2] R. Guimerà and L. A. N. Amaral, "Functional cartography of complex metabolic
   networks", Nature 433 (2005) 895–900.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import networkx as nx

__all__ = ["BROKERAGE_ROLES", "brokerage_roles", "participation_coefficient"]

#: The five Gould–Fernandez roles, in their usual order.
BROKERAGE_ROLES: tuple[str, ...] = (
    "coordinator",
    "gatekeeper",
    "representative",
    "itinerant",
    "liaison",
)


def _groups(G: nx.Graph, group: str | Mapping[Any, Hashable]) -> Mapping[Any, Hashable]:
    if isinstance(group, str):
        return {n: d.get(group) for n, d in G.nodes(data=True)}
    return group


def brokerage_roles(
    G: nx.DiGraph,
    group: str | Mapping[Any, Hashable] = "group",
    *,
    nodes: Iterable[Any] | None = None,
) -> dict[Any, dict[str, int]]:
    """Gould–Fernandez brokerage counts of each node of a directed graph.

    Node *b* brokers the ordered pair (*a*, *c*) when ``a -> b -> c`` and there is no
    edge ``a -> c`` (*a*, *b*, *c* distinct). Each brokered pair counts once, in one role
    given by the groups of *a*, *b* and *c*:

    ==============  ======================================================
    role            groups
    ==============  ======================================================
    coordinator     *a*, *b*, *c* all in the same group
    gatekeeper      *b* and *c* in one group, *a* in another (*b* admits)
    representative  *a* and *b* in one group, *c* in another (*b* speaks out)
    itinerant       *a* and *c* in one group, *b* in another (consultant)
    liaison         *a*, *b*, *c* in three different groups
    ==============  ======================================================

    Parameters
    ----------
    G : networkx.DiGraph
        Directed graph (self-loops are ignored).
    group : str or mapping
        Node attribute holding each node's group, or a mapping node -> group. Nodes with
        no group (``None``) form one group of their own.
    nodes : iterable, optional
        Compute only these nodes (default: all).

    Returns
    -------
    dict
        Node -> ``{"coordinator": int, "gatekeeper": int, "representative": int,
        "itinerant": int, "liaison": int}``.

    Examples
    --------
    A chain across groups: b receives from its own group and passes to another, so it
    represents; c receives from another group and passes on within its own, so it keeps
    the gate.

    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": "X", "b": "X", "c": "Y", "d": "Y"}, "group")
    >>> r = brokerage_roles(G)
    >>> r["b"]["representative"], r["c"]["gatekeeper"], sum(r["a"].values())
    (1, 1, 0)

    A closed triad brokers nothing:

    >>> T = nx.DiGraph([(0, 1), (1, 2), (0, 2)])
    >>> sum(brokerage_roles(T, {0: "x", 1: "y", 2: "z"})[1].values())
    0
    """
    groups = _groups(G, group)
    wanted = list(G.nodes) if nodes is None else list(nodes)
    succ = {n: set(nbrs) - {n} for n, nbrs in G.succ.items()}
    return {b: _roles(_brokered_pairs(G, succ, groups, b), groups.get(b)) for b in wanted}


def _brokered_pairs(
    G: nx.DiGraph, succ: Mapping[Any, set[Any]], groups: Mapping[Any, Hashable], b: Any
) -> Counter[tuple[Hashable, Hashable]]:
    """How many (a, c) pairs ``b`` brokers, per (group of a, group of c)."""
    # Count by group pairs: all (a, c) pairs, minus a == c (reciprocated ties), minus the
    # pairs closed by an a -> c tie (found by set intersection, not by a double loop).
    ins = [a for a in G.pred[b] if a != b]
    outs = succ[b]
    in_groups = Counter(groups.get(a) for a in ins)
    out_groups = Counter(groups.get(c) for c in outs)
    pairs: Counter[tuple[Hashable, Hashable]] = Counter()
    for ga, na in in_groups.items():
        for gc, nc in out_groups.items():
            pairs[(ga, gc)] = na * nc
    for a in ins:
        ga = groups.get(a)
        if a in outs:
            pairs[(ga, ga)] -= 1
        for c in succ[a] & outs:
            pairs[(ga, groups.get(c))] -= 1
    return pairs


def _roles(pairs: Counter[tuple[Hashable, Hashable]], gb: Hashable) -> dict[str, int]:
    """The brokered ``pairs`` of a node of group ``gb`` counted per role."""
    counts = dict.fromkeys(BROKERAGE_ROLES, 0)
    for (ga, gc), n in pairs.items():
        if ga == gb:
            counts["coordinator" if gb == gc else "representative"] += n
        elif gb == gc:
            counts["gatekeeper"] += n
        elif ga == gc:
            counts["itinerant"] += n
        else:
            counts["liaison"] += n
    return counts


def participation_coefficient(
    G: nx.Graph,
    group: str | Mapping[Any, Hashable] = "group",
    *,
    nodes: Iterable[Any] | None = None,
    weight: str | None = None,
) -> dict[Any, float]:
    """Participation coefficient of each node: how evenly its ties spread over groups.

    .. math:: P_i = 1 - \\sum_s \\left(\\frac{k_{is}}{k_i}\\right)^2

    where :math:`k_i` is the (weighted) degree of *i* and :math:`k_{is}` the part of it
    that goes to nodes of group *s*. 0 when all ties stay in one group (or the node has no
    ties); it approaches 1 as the ties spread over many groups. For a directed graph ties
    are counted in both directions.

    Parameters
    ----------
    G : networkx.Graph
        Graph (directed graphs are read as undirected).
    group : str or mapping
        Node attribute holding each node's group, or a mapping node -> group.
    nodes : iterable, optional
        Compute only these nodes (default: all).
    weight : str, optional
        Edge attribute used as weight (default: each tie counts 1).

    Returns
    -------
    dict
        Node -> participation coefficient in [0, 1).

    Examples
    --------
    A hub tied to two nodes of each of two groups:

    >>> G = nx.star_graph(4)
    >>> pc = participation_coefficient(G, {0: "h", 1: "a", 2: "a", 3: "b", 4: "b"})
    >>> pc[0], pc[1]
    (0.5, 0.0)
    """
    groups = _groups(G, group)
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    wanted = list(U.nodes) if nodes is None else list(nodes)
    out: dict[Any, float] = {}
    for i in wanted:
        per_group: dict[Hashable, float] = defaultdict(float)
        total = 0.0
        for j, data in U[i].items():
            if j == i:
                continue
            w = float(data.get(weight, 1)) if weight is not None else 1.0
            per_group[groups.get(j)] += w
            total += w
        if total == 0:
            out[i] = 0.0
            continue
        out[i] = 1.0 - sum((k / total) ** 2 for k in per_group.values())
    return out
