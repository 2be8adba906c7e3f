"""When each record and tie of a view held: the spells of a dynamic GEXF (Gephi's timeline).

:func:`timeless_graph` makes a copy of the canonical graph in which every record and tie
valid at some time up to a date is valid always (a view built on it shows the whole
timeline); :func:`record_spells` reads from the original graph when each node and edge of
such a view held (``start``/``end``, ISO dates; open ends ``None``), which
:func:`netmap.viz.formats.gexf_bytes` writes (:func:`put_spell`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from netmap.disclosure.guard import require_published

__all__ = ["Spell", "Spells", "put_spell", "record_spells", "timeless_graph"]

Spell = tuple[str | None, str | None]  # (start, end), ISO dates, None: open


@dataclass(frozen=True)
class Spells:
    """When each node and edge of a view existed (GEXF ``start``/``end``): ``nodes`` by
    id, ``edges`` by ``(source, target, type)`` of the view's edges."""

    nodes: dict[str, Spell]
    edges: dict[tuple[str, str, str], Spell]


#: Records and ties with a validity (DATA_MODEL.md ``valid_from``/``valid_to``).
_TIMED_LABELS = ("Organisation", "Activity", "Network")
_TIMED_RELS = ("MEMBER_OF", "PARTNERS_WITH")


def _day(v: Any) -> str | None:
    return str(v)[:10] if v not in (None, "") else None


def _own_spell(d: Mapping[str, Any]) -> Spell:
    return (_day(d.get("valid_from")), _day(d.get("valid_to")))


def _within(*spells: Spell) -> Spell:
    """The time all of ``spells`` hold: the latest start, the earliest end."""
    starts = [s for s, _ in spells if s is not None]
    ends = [e for _, e in spells if e is not None]
    return (max(starts) if starts else None, min(ends) if ends else None)


def _any_of(spells: list[Spell]) -> Spell:
    """The time one of ``spells`` holds (from the first start to the last end)."""
    if not spells:
        return (None, None)
    starts = [s for s, _ in spells]
    ends = [e for _, e in spells]
    return (
        None if None in starts else min(s for s in starts if s is not None),
        None if None in ends else max(e for e in ends if e is not None),
    )


def timeless_graph(G: nx.MultiDiGraph, until: dt.date | str) -> nx.MultiDiGraph:
    """A copy of the canonical graph in which every organisation, activity and network,
    membership and partnership valid at some time up to ``until`` is valid always (its
    ``valid_from``/``valid_to`` removed) and those starting after ``until`` are left out:
    a view built on it on ``until`` shows every record of the timeline, and
    :func:`record_spells` (on the original graph) says when each held. Referrals,
    residents and participations are left as they are (a view never shows them)."""
    day = until.isoformat() if isinstance(until, dt.date) else str(until)[:10]
    H = G.copy()
    late = [
        n
        for n, d in H.nodes(data=True)
        if d.get("label") in _TIMED_LABELS and (_day(d.get("valid_from")) or "") > day
    ]
    H.remove_nodes_from(late)
    for _, d in H.nodes(data=True):
        if d.get("label") in _TIMED_LABELS:
            d.pop("valid_from", None)
            d.pop("valid_to", None)
    late_ties = []
    for s, t, k, d in H.edges(keys=True, data=True):
        if d.get("type") in _TIMED_RELS:
            if (_day(d.get("valid_from")) or "") > day:
                late_ties.append((s, t, k))
            d.pop("valid_from", None)
            d.pop("valid_to", None)
    H.remove_edges_from(late_ties)
    return H


def record_spells(G: nx.MultiDiGraph, view: nx.MultiDiGraph) -> Spells:
    """When each node and edge of ``view`` existed, read from the canonical graph ``G``:
    organisations, activities and networks their ``valid_from``/``valid_to``; memberships
    and partnerships the span of the tie(s) within their ends'; who runs what the span of
    both ends; referral links and suggested links the period of the view's release
    (``period_start`` to ``reference_date``), the only time a release states for them.
    Areas have no spell (always there)."""
    require_published(view)
    period: Spell = (
        _day(view.graph.get("period_start")),
        _day(view.graph.get("reference_date") or view.graph.get("as_of")),
    )
    nodes: dict[str, Spell] = {}
    for n, d in view.nodes(data=True):
        if d.get("category") in _TIMED_LABELS and n in G:
            nodes[str(n)] = _own_spell(G.nodes[n])

    def node(n: str) -> Spell:
        return nodes.get(str(n), (None, None))

    def ties(a: str, b: str, rel: str, *, both_ways: bool) -> list[Spell]:
        pairs = [(a, b), (b, a)] if both_ways else [(a, b)]
        return [
            _own_spell(e)
            for u, v in pairs
            for e in G.get_edge_data(u, v, default={}).values()
            if e.get("type") == rel
        ]

    edges: dict[tuple[str, str, str], Spell] = {}
    for s, t, d in view.edges(data=True):
        typ = str(d.get("type", ""))
        if typ == "member_of":
            spell = _within(_any_of(ties(s, t, "MEMBER_OF", both_ways=False)), node(s), node(t))
        elif typ == "partners_with":
            spell = _within(_any_of(ties(s, t, "PARTNERS_WITH", both_ways=True)), node(s), node(t))
        elif typ in ("referral", "missing_bridge"):
            spell = _within(period, node(s), node(t))
        else:  # runs; ties between areas (aggregated on the reference date: no spell)
            spell = _within(node(s), node(t))
        edges[(str(s), str(t), typ)] = spell
    return Spells(nodes=nodes, edges=edges)


def put_spell(attrs: dict[str, Any], spell: Spell | None) -> None:
    """Set ``start``/``end`` of a GEXF node or edge from its ``spell``."""
    if spell is None:
        return
    start, end = spell
    if start is not None:
        attrs["start"] = start
    if end is not None:
        attrs["end"] = end
