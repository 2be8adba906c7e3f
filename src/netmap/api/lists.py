"""Entity lists over the whole graph of one data version, filtered to an area set.

Only declared fields are returned (see :mod:`netmap.api.schemas`); residents and referrals
are never listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from netmap.analysis.projections import valid_on_iso
from netmap.model.graph import in_sources, nodes_with_label, out_targets
from netmap.model.schema import Label, Rel
from netmap.model.vocab import LEVEL_JA, NETWORK_KIND_JA, kind_label

if TYPE_CHECKING:
    import networkx as nx


def _str_list(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, list | tuple):
        return [str(x) for x in v]
    return [s.strip() for s in str(v).split(";") if s.strip()]


def _int(v: Any) -> int | None:
    if v is None or v == "":
        return None
    try:
        return int(v)
    except (TypeError, ValueError):
        try:
            return int(float(v))
        except (TypeError, ValueError):
            return None


def _opt(v: Any) -> str | None:
    return None if v is None or v == "" else str(v)


def _valid(d: dict[str, Any], as_of: str | None) -> bool:
    return as_of is None or valid_on_iso(d, as_of)


def _matches(name: str, q: str | None) -> bool:
    return q is None or q.casefold() in name.casefold()


def _first(xs: list[str]) -> str | None:
    return xs[0] if xs else None


def _provenance(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": _opt(d.get("source")),
        "verified_on": _opt(d.get("verified_on")),
        "valid_from": _opt(d.get("valid_from")),
        "valid_to": _opt(d.get("valid_to")),
    }


def list_areas(
    G: nx.MultiDiGraph,
    allowed: Iterable[str] | None,
    *,
    level: str | None = None,
    parent_id: str | None = None,
    q: str | None = None,
) -> list[dict[str, Any]]:
    allowed_set = None if allowed is None else set(allowed)
    out = []
    for n in nodes_with_label(G, Label.AREA):
        if allowed_set is not None and n not in allowed_set:
            continue
        d = G.nodes[n]
        parent = _first(out_targets(G, n, Rel.PART_OF))
        name = str(d.get("name", n))
        if level is not None and d.get("level") != level:
            continue
        if parent_id is not None and parent != parent_id:
            continue
        if not _matches(name, q):
            continue
        lvl = str(d.get("level", ""))
        out.append(
            {
                "id": n,
                "name": name,
                "level": lvl,
                "level_label": LEVEL_JA.get(lvl, lvl),
                "parent_id": parent,
                "population": _int(d.get("population")),
                "source": _opt(d.get("source")),
                "verified_on": _opt(d.get("verified_on")),
            }
        )
    return out


def list_organisations(
    G: nx.MultiDiGraph,
    allowed: Iterable[str] | None,
    *,
    kind: str | None = None,
    network_id: str | None = None,
    need: str | None = None,
    q: str | None = None,
    as_of: str | None = None,
) -> list[dict[str, Any]]:
    allowed_set = None if allowed is None else set(allowed)
    out = []
    for n in nodes_with_label(G, Label.ORGANISATION):
        d = G.nodes[n]
        area = _first(out_targets(G, n, Rel.LOCATED_IN))
        if allowed_set is not None and area not in allowed_set:
            continue
        name = str(d.get("name", n))
        if (kind is not None and d.get("kind") != kind) or not _matches(name, q):
            continue
        if not _valid(d, as_of):
            continue
        networks = out_targets(G, n, Rel.MEMBER_OF)
        provides = out_targets(G, n, Rel.PROVIDES)
        if network_id is not None and network_id not in networks:
            continue
        if need is not None and need not in provides:
            continue
        out.append(
            {
                "id": n,
                "name": name,
                "kind": str(d.get("kind", "")),
                "kind_label": kind_label(d.get("kind")),
                "area_id": area,
                "sectors": _str_list(d.get("sectors")),
                "provides": provides,
                "networks": networks,
                **_provenance(d),
            }
        )
    return out


def list_networks(
    G: nx.MultiDiGraph,
    allowed: Iterable[str] | None,
    *,
    kind: str | None = None,
    q: str | None = None,
    as_of: str | None = None,
) -> list[dict[str, Any]]:
    """Networks covering an allowed area or with a member located in one."""
    allowed_set = None if allowed is None else set(allowed)

    def located_ok(org: str) -> bool:
        if allowed_set is None:
            return True
        return any(a in allowed_set for a in out_targets(G, org, Rel.LOCATED_IN))

    out = []
    for n in nodes_with_label(G, Label.NETWORK):
        d = G.nodes[n]
        covers = out_targets(G, n, Rel.COVERS)
        members = [m for m in in_sources(G, n, Rel.MEMBER_OF) if located_ok(m)]
        if allowed_set is not None:
            covers = [a for a in covers if a in allowed_set]
            if not covers and not members:
                continue
        name = str(d.get("name", n))
        if (kind is not None and d.get("kind") != kind) or not _matches(name, q):
            continue
        if not _valid(d, as_of):
            continue
        k = str(d.get("kind", ""))
        out.append(
            {
                "id": n,
                "name": name,
                "kind": k,
                "kind_label": NETWORK_KIND_JA.get(k, k),
                "covers": covers,
                "member_count": len(members),
                **_provenance(d),
            }
        )
    return out


def list_activities(
    G: nx.MultiDiGraph,
    allowed: Iterable[str] | None,
    *,
    kind: str | None = None,
    need: str | None = None,
    organisation_id: str | None = None,
    q: str | None = None,
    as_of: str | None = None,
) -> list[dict[str, Any]]:
    allowed_set = None if allowed is None else set(allowed)
    out = []
    for n in nodes_with_label(G, Label.ACTIVITY):
        d = G.nodes[n]
        area = _first(out_targets(G, n, Rel.HELD_IN))
        if allowed_set is not None and area not in allowed_set:
            continue
        name = str(d.get("name", n))
        if (kind is not None and d.get("kind") != kind) or not _matches(name, q):
            continue
        if not _valid(d, as_of):
            continue
        needs = out_targets(G, n, Rel.ADDRESSES)
        org = _first(in_sources(G, n, Rel.RUNS))
        if need is not None and need not in needs:
            continue
        if organisation_id is not None and org != organisation_id:
            continue
        out.append(
            {
                "id": n,
                "name": name,
                "kind": str(d.get("kind", "")),
                "kind_label": kind_label(d.get("kind")),
                "organisation_id": org,
                "area_id": area,
                "needs": needs,
                "target_groups": _str_list(d.get("target_groups")),
                "capacity": _int(d.get("capacity")),
                **_provenance(d),
            }
        )
    return out


def scoped_counts(G: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Node counts per label and relationship counts per type of a (cut) graph."""
    from netmap.model.schema import NODE_LABELS, REL_TYPES

    nodes = dict.fromkeys(NODE_LABELS, 0)
    for _, d in G.nodes(data=True):
        label = d.get("label")
        if label in nodes:
            nodes[label] += 1
    rels = dict.fromkeys(REL_TYPES, 0)
    for _, _, d in G.edges(data=True):
        t = d.get("type")
        if t in rels:
            rels[t] += 1
    return {"nodes": nodes, "relationships": rels}


Lister = Callable[..., list[dict[str, Any]]]
