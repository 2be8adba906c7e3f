"""Directory records (organisations, activities, networks) and ties between organisations
(memberships, partnerships) added or ended between two dates, and referral links that
appear or disappear, for :mod:`netmap.service.compare` (read from the graph: they hold no
resident data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

from netmap.analysis.projections import area_scope, valid_on_iso
from netmap.model.schema import Label, Rel

__all__ = ["RECORDS", "TIES", "name_records", "record_changes", "release_period_start"]

#: records and ties compared, with the label or relationship that holds them
RECORDS: dict[str, str] = {
    "organisations": Label.ORGANISATION,
    "activities": Label.ACTIVITY,
    "networks": Label.NETWORK,
}
TIES: dict[str, str] = {"memberships": Rel.MEMBER_OF, "partnerships": Rel.PARTNERS_WITH}


def _in_scope(G: nx.MultiDiGraph, node: str, scope: set[str] | None) -> bool:
    if scope is None:
        return True
    return any(
        typ in (Rel.LOCATED_IN, Rel.HELD_IN, Rel.COVERS) and t in scope
        for _, t, typ in G.out_edges(node, data="type")
    )


def _valid(props: Mapping[str, Any] | None, iso: str) -> bool:
    return props is not None and valid_on_iso(dict(props), iso)


def _change(was: bool, now: bool) -> str | None:
    return "added" if now and not was else "ended" if was and not now else None


def record_changes(
    G: nx.MultiDiGraph,
    before: dt.date,
    after: dt.date,
    *,
    area: str | None = None,
    referral_links: bool = False,
    G_after: nx.MultiDiGraph | None = None,
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Organisations, activities and networks, memberships and partnerships added or ended
    between ``before`` and ``after`` (valid on one date and not the other), in ``area``
    (records located, held or covering there; ties with an organisation there); with
    ``referral_links``, the pairs of organisations with referrals in the period ending
    at each date that appear or disappear (exact comparisons only). ``G_after``: the
    graph of the later state when it is another graph (a scenario: ``G`` with planned
    records), else ``G`` at both dates."""
    H = G if G_after is None else G_after
    b, a = before.isoformat(), after.isoformat()
    scope = area_scope(H, area)

    def here(n: str) -> bool:
        return (n in G and _in_scope(G, n, scope)) or (n in H and _in_scope(H, n, scope))

    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    labels_b = _by_label(G, set(RECORDS.values()))
    labels_a = labels_b if H is G else _by_label(H, set(RECORDS.values()))
    for key, label in RECORDS.items():
        changes: dict[str, list[dict[str, Any]]] = {"added": [], "ended": []}
        for n in labels_b[label] | labels_a[label]:
            d_b, d_a = G.nodes.get(n), H.nodes.get(n)
            state = _change(_valid(d_b, b), _valid(d_a, a))
            if state and here(n):
                d = d_a if d_a is not None else d_b or {}
                changes[state].append(
                    {
                        "id": n,
                        "name": d.get("name", n),
                        "valid_from": d.get("valid_from"),
                        "valid_to": d.get("valid_to"),
                    }
                )
        out[key] = {k: sorted(v, key=lambda r: r["id"]) for k, v in changes.items()}
    ties_b = _ties(G, set(TIES.values()))
    ties_a = ties_b if H is G else _ties(H, set(TIES.values()))
    for key, rel in TIES.items():
        out[key] = _tie_changes(G, H, ties_b[rel], ties_a[rel], b, a, here)
    if referral_links:
        out["referral_links"] = _referral_link_changes(G, before, after, scope)
    return out


def name_records(
    records: Mapping[str, Mapping[str, list[dict[str, Any]]]],
    G: nx.MultiDiGraph,
    names: Mapping[str, str],
) -> dict[str, str]:
    """``names`` with the name of every record and tie end in ``records`` added (from
    ``G``)."""
    out = dict(names)
    for changes in records.values():
        for items in changes.values():
            for item in items:
                for k in ("id", "source", "target"):
                    if k in item and item[k] in G:
                        out.setdefault(item[k], str(G.nodes[item[k]].get("name", item[k])))
    return out


def _by_label(G: nx.MultiDiGraph, labels: set[str]) -> dict[str, set[str]]:
    """The ids of the nodes of each of ``labels`` (one pass over the nodes)."""
    out: dict[str, set[str]] = {lb: set() for lb in labels}
    for n, lb in G.nodes(data="label"):
        if lb in out:
            out[lb].add(n)
    return out


TieMap = dict[tuple[str, str, str], dict[str, Any]]


def _ties(G: nx.MultiDiGraph, rels: set[str]) -> dict[str, TieMap]:
    """The relationships of each of ``rels`` by (source, target, key) (one pass over the
    edges)."""
    out: dict[str, TieMap] = {rel: {} for rel in rels}
    for s, t, k, d in G.edges(keys=True, data=True):
        typ = d.get("type")
        if typ in out:
            out[typ][(s, t, k)] = d
    return out


def _tie_changes(
    G: nx.MultiDiGraph,
    H: nx.MultiDiGraph,
    was: TieMap,
    now: TieMap,
    b: str,
    a: str,
    here: Callable[[str], bool],
) -> dict[str, list[dict[str, Any]]]:
    """Ties of one type (``was`` in ``G``, ``now`` in ``H``) added or ended: a tie lives
    while its record and both ends are valid."""
    ties: dict[str, list[dict[str, Any]]] = {"added": [], "ended": []}
    for key in was.keys() | now.keys():
        s, t, _ = key
        if not (here(s) or here(t)):
            continue
        alive_b = key in was and _valid(_span(was[key], G.nodes[s], G.nodes[t]), b)
        alive_a = key in now and _valid(_span(now[key], H.nodes[s], H.nodes[t]), a)
        state = _change(alive_b, alive_a)
        if state:
            d = now.get(key) or was[key]
            ties[state].append(
                {"source": s, "target": t, **({"kind": d["kind"]} if "kind" in d else {})}
            )
    return {
        k: sorted(v, key=lambda r: (r["source"], r["target"], r.get("kind", "")))
        for k, v in ties.items()
    }


def _span(*records: Mapping[str, Any]) -> dict[str, Any]:
    """The validity of a tie: the latest start and earliest end of its records."""
    starts = [str(r["valid_from"])[:10] for r in records if r.get("valid_from")]
    ends = [str(r["valid_to"])[:10] for r in records if r.get("valid_to")]
    return {"valid_from": max(starts) if starts else None, "valid_to": min(ends) if ends else None}


def _referral_pairs(
    G: nx.MultiDiGraph, start: dt.date, end: dt.date, scope: set[str] | None
) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    s_iso, e_iso = start.isoformat(), end.isoformat()
    for n, d in G.nodes(data=True):
        if d.get("label") != Label.REFERRAL:
            continue
        day = str(d.get("date") or "")[:10]
        if not (s_iso <= day <= e_iso):
            continue
        src = [t for _, t, typ in G.out_edges(n, data="type") if typ == Rel.FROM]
        dst = [t for _, t, typ in G.out_edges(n, data="type") if typ == Rel.TO]
        for o in src:
            for t in dst:
                if scope is None or _in_scope(G, o, scope) or _in_scope(G, t, scope):
                    pairs.add((o, t))
    return pairs


def _referral_link_changes(
    G: nx.MultiDiGraph, before: dt.date, after: dt.date, scope: set[str] | None
) -> dict[str, list[dict[str, Any]]]:
    from netmap.config import get_settings

    period = get_settings().release_period
    was = _referral_pairs(G, release_period_start(before, period), before, scope)
    now = _referral_pairs(G, release_period_start(after, period), after, scope)
    return {
        "added": [{"source": s, "target": t} for s, t in sorted(now - was)],
        "ended": [{"source": s, "target": t} for s, t in sorted(was - now)],
    }


def release_period_start(day: dt.date, period: str) -> dt.date:
    """The first day of the release period (month or quarter) that holds ``day``."""
    from netmap.disclosure.calendar import Period, period_end, period_start

    p: Period = "quarter" if period == "quarter" else "month"
    return period_start(period_end(day, p), p)
