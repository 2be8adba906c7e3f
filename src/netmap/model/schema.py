"""The graph schema, declared once (DATA_MODEL.md "Graph").

Both stores, the importer, the Cypher files and the API enums are checked against these
declarations by tests. Labels and relationship types reach Cypher only from here, never
from input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal


class Label:
    AREA = "Area"
    ORGANISATION = "Organisation"
    NETWORK = "Network"
    ACTIVITY = "Activity"
    RESIDENT = "Resident"
    NEED = "Need"
    REFERRAL = "Referral"


#: Every node label; each is keyed by a unique ``id`` (unique across all labels, too).
NODE_LABELS: tuple[str, ...] = (
    Label.AREA,
    Label.ORGANISATION,
    Label.NETWORK,
    Label.ACTIVITY,
    Label.RESIDENT,
    Label.NEED,
    Label.REFERRAL,
)
NODE_KEY = "id"


class Rel:
    PART_OF = "PART_OF"
    LOCATED_IN = "LOCATED_IN"
    PROVIDES = "PROVIDES"
    MEMBER_OF = "MEMBER_OF"
    PARTNERS_WITH = "PARTNERS_WITH"
    RUNS = "RUNS"
    HELD_IN = "HELD_IN"
    ADDRESSES = "ADDRESSES"
    COVERS = "COVERS"
    LIVES_IN = "LIVES_IN"
    HAS_NEED = "HAS_NEED"
    PARTICIPATES_IN = "PARTICIPATES_IN"
    FROM = "FROM"
    TO = "TO"
    CONCERNS = "CONCERNS"
    ABOUT = "ABOUT"


@dataclass(frozen=True)
class RelType:
    """A relationship type: allowed endpoints and who owns it on re-import.

    ``owner`` is ``"source"`` or ``"target"`` for relationships owned by a node row (the row
    replaces them on re-import), or ``"pair"`` for relationships keyed by their endpoints
    (memberships, partnerships, participations), whose properties a re-import updates.
    ``key_property`` adds a property to the key (partnerships: ``kind``); ``undirected``
    pairs are stored with their endpoints in sorted order.
    """

    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    owner: Literal["source", "target", "pair"]
    key_property: str | None = None
    undirected: bool = False


REL_TYPES: dict[str, RelType] = {
    r.name: r
    for r in (
        RelType(Rel.PART_OF, (Label.AREA,), (Label.AREA,), "source"),
        RelType(Rel.LOCATED_IN, (Label.ORGANISATION,), (Label.AREA,), "source"),
        RelType(Rel.PROVIDES, (Label.ORGANISATION,), (Label.NEED,), "source"),
        RelType(Rel.MEMBER_OF, (Label.ORGANISATION,), (Label.NETWORK,), "pair"),
        RelType(
            Rel.PARTNERS_WITH,
            (Label.ORGANISATION,),
            (Label.ORGANISATION,),
            "pair",
            key_property="kind",
            undirected=True,
        ),
        RelType(Rel.RUNS, (Label.ORGANISATION,), (Label.ACTIVITY,), "target"),
        RelType(Rel.HELD_IN, (Label.ACTIVITY,), (Label.AREA,), "source"),
        RelType(Rel.ADDRESSES, (Label.ACTIVITY,), (Label.NEED,), "source"),
        RelType(Rel.COVERS, (Label.NETWORK,), (Label.AREA,), "source"),
        RelType(Rel.LIVES_IN, (Label.RESIDENT,), (Label.AREA,), "source"),
        RelType(Rel.HAS_NEED, (Label.RESIDENT,), (Label.NEED,), "source"),
        RelType(Rel.PARTICIPATES_IN, (Label.RESIDENT,), (Label.ACTIVITY,), "pair"),
        RelType(Rel.FROM, (Label.REFERRAL,), (Label.ORGANISATION,), "source"),
        RelType(Rel.TO, (Label.REFERRAL,), (Label.ORGANISATION, Label.ACTIVITY), "source"),
        RelType(Rel.CONCERNS, (Label.REFERRAL,), (Label.RESIDENT,), "source"),
        RelType(Rel.ABOUT, (Label.REFERRAL,), (Label.NEED,), "source"),
    )
}

#: For each node label, the relationship types a row of that label owns (DATA_MODEL.md
#: "Writing the same data twice changes nothing").
OWNED_RELS: dict[str, tuple[str, ...]] = {
    label: tuple(
        r.name
        for r in REL_TYPES.values()
        if (r.owner == "source" and label in r.sources)
        or (r.owner == "target" and label in r.targets)
    )
    for label in NODE_LABELS
}

#: Relationship types stored from their own file, keyed by their endpoints.
PAIR_RELS: tuple[str, ...] = tuple(r.name for r in REL_TYPES.values() if r.owner == "pair")


def rel_key(rel_type: str, props: dict[str, Any]) -> str:
    """The key that makes one relationship unique between two nodes.

    >>> rel_key("MEMBER_OF", {"role": "chair"})
    'MEMBER_OF'
    >>> rel_key("PARTNERS_WITH", {"kind": "referral"})
    'PARTNERS_WITH:referral'
    """
    spec = REL_TYPES[rel_type]
    if spec.key_property is None:
        return rel_type
    return f"{rel_type}:{props.get(spec.key_property) or ''}"


def rel_owner_id(rel_type: str, source: str, target: str) -> str | None:
    """The id of the node row that owns a relationship (None for pair relationships)."""
    owner = REL_TYPES[rel_type].owner
    return source if owner == "source" else target if owner == "target" else None
