"""What the importer hands a store: validated, pseudonymised nodes and relationships.

The canonical in-memory graph (what both stores export) is a ``networkx.MultiDiGraph``:

* node key = the node ``id``; attributes = ``{"label": <Label>, **properties}``;
* edge ``(source, target, key)`` with ``key = rel_key(type, props)`` and attributes
  ``{"type": <REL TYPE>, **properties}``.

Properties are JSON-like: ``str``, ``int``, ``float``, ``bool`` or ``list[str]``; dates are
ISO ``YYYY-MM-DD`` strings. ``None`` values are not stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from netmap.model.schema import NODE_LABELS, REL_TYPES, rel_key

PropValue = str | int | float | bool | list[str]
Props = dict[str, Any]


@dataclass(frozen=True)
class NodeRecord:
    label: str
    id: str
    props: Props  # includes "id"


@dataclass(frozen=True)
class RelRecord:
    type: str
    source: str
    target: str
    props: Props = field(default_factory=dict)

    @property
    def key(self) -> str:
        return rel_key(self.type, self.props)

    def canonical(self) -> RelRecord:
        """Undirected pairs (partnerships) are stored with sorted endpoints."""
        if REL_TYPES[self.type].undirected and self.target < self.source:
            return RelRecord(self.type, self.target, self.source, self.props)
        return self


@dataclass
class GraphBatch:
    """A validated set of records to write in one import.

    For every node row the store deletes the relationships that row owns (schema
    ``OWNED_RELS``) before writing the batch's relationships, so a re-import replaces them.
    For ``--sync``: ``file_labels`` are the node labels whose file was imported (``None``:
    the labels present in ``nodes``) and ``pair_rel_types`` the pair relationship types
    whose file was imported; records of those the batch lacks are removed.
    """

    nodes: list[NodeRecord] = field(default_factory=list)
    rels: list[RelRecord] = field(default_factory=list)
    pair_rel_types: set[str] = field(default_factory=set)
    file_labels: set[str] | None = None

    def nodes_by_label(self) -> dict[str, list[NodeRecord]]:
        out: dict[str, list[NodeRecord]] = {label: [] for label in NODE_LABELS}
        for n in self.nodes:
            out[n.label].append(n)
        return out

    def rels_by_type(self) -> dict[str, list[RelRecord]]:
        out: dict[str, list[RelRecord]] = {t: [] for t in REL_TYPES}
        for r in self.rels:
            out[r.type].append(r.canonical())
        return out

    def labels(self) -> set[str]:
        return {n.label for n in self.nodes}

    def sync_labels(self) -> set[str]:
        """Node labels whose stored records ``--sync`` may remove."""
        return set(self.file_labels) if self.file_labels is not None else self.labels()

    def __len__(self) -> int:
        return len(self.nodes) + len(self.rels)


def clean_props(props: dict[str, Any]) -> Props:
    """Drop ``None`` values (absent properties are not stored)."""
    return {k: v for k, v in props.items() if v is not None}


def batch_from_records(nodes: Iterable[NodeRecord], rels: Iterable[RelRecord]) -> GraphBatch:
    return GraphBatch(nodes=list(nodes), rels=list(rels))
