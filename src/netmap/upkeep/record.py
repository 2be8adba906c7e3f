"""An organisation's own record as the review form shows it, read from the graph.

Only directory data of the organisation itself: its name, kind, area, sectors and the
needs it provides; the activities it runs (name, kind, area, needs, target groups,
schedule text); the networks it belongs to; its partners. Never residents, referrals or
counts. Only records that hold on the day of the review are shown (an activity that
ended last year is not on the form).

:func:`choices` lists what the form's pickers offer (codes with their Japanese labels);
:func:`search_partners` finds organisations by a part of their name and returns their
names, kinds and areas only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from netmap.analysis.projections import valid_on_iso
from netmap.errors import NotFound
from netmap.model.graph import nodes_with_label, out_targets
from netmap.model.schema import Label, Rel
from netmap.model.vocab import (
    ACTIVITY_KINDS,
    LEVEL_JA,
    NEEDS,
    ORGANISATION_KINDS,
    ROLE_JA,
    TARGET_GROUP_JA,
)
from netmap.names import normalise

__all__ = [
    "ACTIVITY_FIELDS",
    "FIELD_LABELS",
    "LIST_FIELDS",
    "ORGANISATION_FIELDS",
    "area_of",
    "choices",
    "memberships_of",
    "partnerships_of",
    "read_record",
    "search_partners",
]

#: the fields of the form, per kind of record
ORGANISATION_FIELDS = ("name", "kind", "area_id", "sectors", "provides")
ACTIVITY_FIELDS = ("name", "kind", "area_id", "needs", "target_groups", "schedule")
#: fields holding several values (a ``;`` list in the import format)
LIST_FIELDS = frozenset({"sectors", "provides", "needs", "target_groups"})
#: what each field is called on the form and in the review queue: (Japanese, English)
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("名称", "name"),
    "kind": ("種別", "kind"),
    "area_id": ("地域", "area"),
    "sectors": ("分野", "sectors"),
    "provides": ("提供している支援", "needs provided"),
    "needs": ("対応するニーズ", "needs"),
    "target_groups": ("対象", "target groups"),
    "schedule": ("日程", "schedule"),
    "role": ("役割", "role"),
    "valid_to": ("終了日", "last day"),
    "organisation_id": ("団体", "organisation"),
    "network_id": ("ネットワーク", "network"),
    "source_id": ("団体", "organisation"),
    "target_id": ("連携先", "partner"),
    "verified_on": ("最終確認日", "verified on"),
    "source": ("出典", "source"),
}

#: the free-text property an activity's schedule is kept in (an extra import column)
SCHEDULE = "schedule"


def _list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def area_of(G: nx.MultiDiGraph, node: str, rel: str) -> str | None:
    found = out_targets(G, node, rel)
    return found[0] if found else None


def _org_kind_label(kind: str) -> str:
    return ORGANISATION_KINDS.get(kind, kind)


def _area_name(G: nx.MultiDiGraph, area: str | None) -> str:
    if area is None or area not in G:
        return ""
    return str(G.nodes[area].get("name", area))


def _edge_open(d: dict[str, Any], iso: str) -> bool:
    return valid_on_iso(d, iso)


def _organisation(G: nx.MultiDiGraph, org_id: str, iso: str) -> dict[str, Any]:
    if org_id not in G or G.nodes[org_id].get("label") != Label.ORGANISATION:
        raise NotFound(f"団体 {org_id!r} はありません / no organisation {org_id!r}")
    d = G.nodes[org_id]
    if not valid_on_iso(d, iso):
        raise NotFound(
            f"団体 {org_id!r} は {iso} には活動していません / organisation {org_id!r} is "
            f"not open on {iso}"
        )
    return dict(G.nodes[org_id])


def activities_of(G: nx.MultiDiGraph, org_id: str, iso: str) -> list[str]:
    """The activities the organisation runs that hold on ``iso``, by id."""
    out = []
    for a in out_targets(G, org_id, Rel.RUNS):
        if G.nodes[a].get("label") == Label.ACTIVITY and valid_on_iso(G.nodes[a], iso):
            out.append(a)
    return sorted(out)


def memberships_of(G: nx.MultiDiGraph, org_id: str, iso: str) -> dict[str, dict[str, Any]]:
    """The organisation's memberships that hold on ``iso``: network id → the edge's
    properties."""
    out: dict[str, dict[str, Any]] = {}
    for _, net, d in G.out_edges(org_id, data=True):
        if d.get("type") == Rel.MEMBER_OF and _edge_open(d, iso):
            out[str(net)] = {k: v for k, v in d.items() if k != "type"}
    return out


def partnerships_of(
    G: nx.MultiDiGraph, org_id: str, iso: str
) -> dict[tuple[str, str], dict[str, Any]]:
    """The organisation's partnerships that hold on ``iso``: (partner id, kind of the
    partnership) → the edge's properties (stored with sorted ends, so both directions
    are read)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    edges = [(t, d) for _, t, d in G.out_edges(org_id, data=True)]
    edges += [(s, d) for s, _, d in G.in_edges(org_id, data=True)]
    for other, d in edges:
        if d.get("type") == Rel.PARTNERS_WITH and other != org_id and _edge_open(d, iso):
            out[(str(other), str(d.get("kind") or ""))] = {
                k: v for k, v in d.items() if k != "type"
            }
    return out


def _activity(G: nx.MultiDiGraph, a: str) -> dict[str, Any]:
    d = G.nodes[a]
    return {
        "id": a,
        "name": str(d.get("name", a)),
        "kind": str(d.get("kind") or ""),
        "area_id": area_of(G, a, Rel.HELD_IN) or "",
        "needs": out_targets(G, a, Rel.ADDRESSES),
        "target_groups": _list(d.get("target_groups")),
        "schedule": str(d.get(SCHEDULE) or ""),
        "verified_on": d.get("verified_on"),
        "source": d.get("source"),
    }


def read_record(G: nx.MultiDiGraph, org_id: str, today: dt.date) -> dict[str, Any]:
    """The organisation's own record on ``today``, as the form shows it (``NotFound`` for
    an organisation that is not in the graph or not open on that day)."""
    iso = today.isoformat()
    d = _organisation(G, org_id, iso)
    organisation = {
        "id": org_id,
        "name": str(d.get("name", org_id)),
        "kind": str(d.get("kind") or ""),
        "area_id": area_of(G, org_id, Rel.LOCATED_IN) or "",
        "sectors": _list(d.get("sectors")),
        "provides": out_targets(G, org_id, Rel.PROVIDES),
        "verified_on": d.get("verified_on"),
        "source": d.get("source"),
    }
    memberships = [
        {
            "network_id": net,
            "network_name": str(G.nodes[net].get("name", net)),
            "role": str(props.get("role") or ""),
        }
        for net, props in sorted(memberships_of(G, org_id, iso).items())
    ]
    partners = []
    for (other, kind), _props in sorted(partnerships_of(G, org_id, iso).items()):
        o = G.nodes[other]
        area = area_of(G, other, Rel.LOCATED_IN)
        partners.append(
            {
                "partner_id": other,
                "name": str(o.get("name", other)),
                "organisation_kind": str(o.get("kind") or ""),
                "area_id": area,
                "area_name": _area_name(G, area),
                "kind": kind,
            }
        )
    return {
        "organisation": organisation,
        "activities": [_activity(G, a) for a in activities_of(G, org_id, iso)],
        "memberships": memberships,
        "partners": partners,
    }


def _coded(labels: dict[str, str], extra: set[str]) -> list[dict[str, str]]:
    out = [{"code": c, "label": ja} for c, ja in labels.items()]
    out += [{"code": c, "label": c} for c in sorted(extra - set(labels))]
    return out


def choices(G: nx.MultiDiGraph, record: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """What the form's pickers offer: kinds (the vocabulary, and a kind the record uses
    that an import added), needs (the vocabulary and those the store holds), target
    groups, roles, areas and the networks open on ``today``."""
    iso = today.isoformat()
    org_kinds = {str(record["organisation"]["kind"])} - {""}
    act_kinds = {str(a["kind"]) for a in record["activities"]} - {""}
    needs = {n: ja for n, (ja, _en) in NEEDS.items()}
    for n in nodes_with_label(G, Label.NEED):
        needs.setdefault(n, str(G.nodes[n].get("name_ja") or n))
    areas = [
        {
            "id": a,
            "name": str(G.nodes[a].get("name", a)),
            "level": str(G.nodes[a].get("level") or ""),
            "level_label": LEVEL_JA.get(str(G.nodes[a].get("level") or ""), ""),
        }
        for a in nodes_with_label(G, Label.AREA)
    ]
    networks = [
        {"id": n, "name": str(G.nodes[n].get("name", n))}
        for n in nodes_with_label(G, Label.NETWORK)
        if valid_on_iso(G.nodes[n], iso)
    ]
    return {
        "organisation_kinds": _coded(ORGANISATION_KINDS, org_kinds),
        "activity_kinds": _coded(ACTIVITY_KINDS, act_kinds),
        "needs": [{"code": c, "label": ja} for c, ja in needs.items()],
        "target_groups": _coded(TARGET_GROUP_JA, set()),
        "roles": _coded(ROLE_JA, set()),
        "areas": areas,
        "networks": networks,
    }


def search_partners(
    G: nx.MultiDiGraph, text: str, *, exclude: str, today: dt.date, limit: int = 20
) -> list[dict[str, Any]]:
    """Organisations open on ``today`` whose name contains ``text`` (compared as
    :func:`netmap.names.normalise` compares names), without ``exclude``: their id, name,
    kind and area only (directory data, never a count)."""
    key = normalise(text)
    if not key:
        return []
    iso = today.isoformat()
    found = []
    for o in nodes_with_label(G, Label.ORGANISATION):
        d = G.nodes[o]
        if o == exclude or not valid_on_iso(d, iso):
            continue
        name = str(d.get("name", o))
        if key not in normalise(name):
            continue
        area = area_of(G, o, Rel.LOCATED_IN)
        kind = str(d.get("kind") or "")
        found.append(
            {
                "id": o,
                "name": name,
                "kind": kind,
                "kind_label": _org_kind_label(kind),
                "area_id": area,
                "area_name": _area_name(G, area),
            }
        )
    found.sort(key=lambda r: (not normalise(str(r["name"])).startswith(key), r["name"], r["id"]))
    return found[:limit]


def value_text(field: str, value: Any, names: dict[str, str] | None = None) -> str:
    """A field's value as people read it: codes by their Japanese labels, areas, networks
    and partners by name (``names``: id → name), lists with ``、``; empty as ``–``.

    >>> value_text("needs", ["isolation", "food"]), value_text("kind", "salon")
    ('孤立・社会参加、食', 'サロン')
    """
    vals = _list(value) if isinstance(value, list) else ([] if value in (None, "") else [value])
    if not vals:
        return "–"
    lookup: dict[str, str] = dict(names or {})
    if field in ("provides", "needs"):
        lookup = {**{k: ja for k, (ja, _en) in NEEDS.items()}, **lookup}
    elif field == "kind":
        lookup = {**ORGANISATION_KINDS, **ACTIVITY_KINDS}
    elif field == "target_groups":
        lookup = dict(TARGET_GROUP_JA)
    elif field == "role":
        lookup = dict(ROLE_JA)
    return "、".join(lookup.get(str(v), str(v)) for v in vals)
