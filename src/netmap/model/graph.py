"""Build and cut the canonical networkx graph (see :mod:`netmap.model.batch`).

Both stores build their export through :func:`build_graph`, so their output is identical
by construction; :func:`subgraph_for_area` is the one definition of an area's scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from netmap.model.batch import GraphBatch
from netmap.model.schema import OWNED_RELS, REL_TYPES, Label, Rel, rel_key


def build_graph(
    nodes: Iterable[tuple[str, dict[str, Any]]],
    rels: Iterable[tuple[str, str, str, dict[str, Any]]],
) -> nx.MultiDiGraph:
    """``nodes``: (label, props incl. id); ``rels``: (type, source id, target id, props).

    Nodes are added in id order and edges in (source, target, key) order so two stores
    holding the same data export graphs that compare equal, attribute for attribute.
    """
    G = nx.MultiDiGraph()
    for label, props in sorted(nodes, key=lambda n: str(n[1]["id"])):
        G.add_node(props["id"], label=label, **{k: v for k, v in props.items() if k != "id"})
    edges = sorted(
        ((s, t, rel_key(typ, p), typ, p) for typ, s, t, p in rels),
        key=lambda e: (e[0], e[1], e[2]),
    )
    for s, t, key, typ, p in edges:
        G.add_edge(s, t, key=key, type=typ, **p)
    return G


def apply_batch(G: nx.MultiDiGraph, batch: GraphBatch) -> nx.MultiDiGraph:
    """A new graph: ``G`` with ``batch`` written over it as a store's ``upsert`` writes it
    (without ``sync``): a node row replaces the node's properties and the relationships it
    owns (schema ``OWNED_RELS``); a relationship replaces the one with the same endpoints
    and key. ``G`` is not modified. Scenarios (planned records, never stored) use it.

    The result holds what a store would export after the write, attribute for attribute;
    only the records the batch adds come last in the iteration order (a copy of ``G``
    edited, not a graph rebuilt: a plan is small, the graph is not).
    """
    H: nx.MultiDiGraph = G.copy()
    owned: set[tuple[str, str, str]] = set()  # (type, end, node): rels the batch's rows own
    for rec in batch.nodes:
        if rec.id in H:
            attrs = H.nodes[rec.id]
            attrs.clear()
        else:
            H.add_node(rec.id)
            attrs = H.nodes[rec.id]
        attrs.update(label=rec.label, **{k: v for k, v in rec.props.items() if k != "id"})
        for typ in OWNED_RELS[rec.label]:
            owned.add((typ, REL_TYPES[typ].owner, rec.id))
    stale: set[tuple[str, str, str]] = set()
    for typ, end, node in owned:
        edges = (
            H.out_edges(node, keys=True, data="type")
            if end == "source"
            else H.in_edges(node, keys=True, data="type")
        )
        stale.update((s, t, k) for s, t, k, edge_type in edges if edge_type == typ)
    H.remove_edges_from(sorted(stale))
    for r in batch.rels:
        c = r.canonical()
        if H.has_edge(c.source, c.target, c.key):
            H.remove_edge(c.source, c.target, c.key)
        H.add_edge(c.source, c.target, key=c.key, type=c.type, **c.props)
    return H


def nodes_with_label(G: nx.MultiDiGraph, label: str) -> list[str]:
    """Ids of the nodes with a label, sorted."""
    return sorted(n for n, d in G.nodes(data=True) if d.get("label") == label)


def out_targets(G: nx.MultiDiGraph, node: str, rel_type: str) -> list[str]:
    """Targets of a node's outgoing relationships of one type, sorted."""
    return sorted({t for _, t, d in G.out_edges(node, data=True) if d.get("type") == rel_type})


def in_sources(G: nx.MultiDiGraph, node: str, rel_type: str) -> list[str]:
    """Sources of a node's incoming relationships of one type, sorted."""
    return sorted({s for s, _, d in G.in_edges(node, data=True) if d.get("type") == rel_type})


def area_descendants(G: nx.MultiDiGraph, area_id: str) -> set[str]:
    """The area and every area below it (via ``PART_OF``)."""
    seen = {area_id}
    frontier = [area_id]
    while frontier:
        a = frontier.pop()
        for child in in_sources(G, a, Rel.PART_OF):
            if child not in seen:
                seen.add(child)
                frontier.append(child)
    return seen


def subgraph_for_area(G: nx.MultiDiGraph, area_id: str) -> nx.MultiDiGraph:
    """The part of ``G`` that belongs to an area and its sub-areas.

    Kept: those areas; organisations located, activities held and residents living there;
    networks covering them or with a member there; every need; referrals from or to a kept
    organisation or activity (and their residents). Relationships between kept nodes only.
    Analyses never run on this cut (borders would look like isolation): it is for lists,
    maps and exports.
    """
    areas = area_descendants(G, area_id) if area_id in G else set()
    keep: set[str] = set(areas)
    placed = {Rel.LOCATED_IN, Rel.HELD_IN, Rel.LIVES_IN}
    for a in areas:
        for s, _, d in G.in_edges(a, data=True):
            if d.get("type") in placed:
                keep.add(s)
    for n, d in G.nodes(data=True):
        label = d.get("label")
        if label == Label.NEED:
            keep.add(n)
        elif label == Label.NETWORK:
            covered = set(out_targets(G, n, Rel.COVERS)) & areas
            members = set(in_sources(G, n, Rel.MEMBER_OF)) & keep
            if covered or members:
                keep.add(n)
    for n, d in G.nodes(data=True):
        if d.get("label") != Label.REFERRAL:
            continue
        ends = set(out_targets(G, n, Rel.FROM)) | set(out_targets(G, n, Rel.TO))
        if ends & keep:
            keep.add(n)
            keep.update(out_targets(G, n, Rel.CONCERNS))
    return G.subgraph(keep).copy()
