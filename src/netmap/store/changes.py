"""What a write changes, per kind of record: added, updated, removed, unchanged.

Both stores read what they hold of the labels and relationship types a batch concerns
(:func:`concerned`) and hand it to :func:`plan_changes`, so they give the same answers by
construction. A node row is *unchanged* when the store holds the same properties and the
same relationships the row owns (an organisation's area and needs: moving it is an
update); a pair relationship (membership, partnership, participation) when it holds the
same properties. With ``sync``, the stored records of the batch's sync labels and pair
types that the batch lacks are *removed*.

Values are compared as JSON (``1`` and ``1.0``, ``True`` and ``1`` differ), absent and
``None`` alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from netmap.model.batch import GraphBatch
from netmap.model.schema import NODE_LABELS, OWNED_RELS, PAIR_RELS, REL_TYPES, rel_key

__all__ = ["ChangeCounts", "StoredState", "concerned", "plan_changes"]


@dataclass
class ChangeCounts:
    """Records of one kind (a node label or a pair relationship type) a write adds,
    updates, removes or leaves unchanged."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
        }

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass
class StoredState:
    """What a store holds of the labels and types :func:`concerned` names: ``nodes``
    ``{id: (label, props)}`` and ``rels`` ``[(type, source, target, props)]``."""

    nodes: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    rels: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)


def concerned(batch: GraphBatch, *, sync: bool) -> tuple[list[str], list[str]]:
    """The node labels and relationship types whose stored records a write of ``batch``
    compares with (in schema order): the batch's labels (and sync labels), the types their
    rows own, the pair types it writes (or prunes)."""
    labels = batch.labels() | (batch.sync_labels() if sync else set())
    types: set[str] = {t for label in labels for t in OWNED_RELS[label]}
    types |= set(batch.pair_rel_types) | {r.type for r in batch.rels if r.type in PAIR_RELS}
    return [x for x in NODE_LABELS if x in labels], [x for x in REL_TYPES if x in types]


def _canon(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal properties, value types included (``1`` is not ``1.0``, ``True`` not ``1``)."""
    if a != b:
        return False
    return all(type(v) is type(b[k]) for k, v in a.items())


def _rel_props(props: dict[str, Any]) -> str:
    """A relationship's properties as one comparable string (most have none: ``""``)."""
    if not props:
        return ""
    clean = _clean(props)
    return _canon(clean) if clean else ""


def _rel_sets(
    rels: Iterable[tuple[str, str, str, dict[str, Any]]], owned: set[str], pair: set[str]
) -> tuple[dict[str, dict[tuple[str, str, str], str]], dict[str, dict[Any, str]]]:
    """``(by owner id: {(type, source, target): props}, by pair type: {key: props})`` of the
    relationships of the ``owned`` and ``pair`` types; a repeated one: the last."""
    by_owner: dict[str, dict[tuple[str, str, str], str]] = {}
    pairs: dict[str, dict[Any, str]] = {}
    for rel_type, source, target, props in rels:
        if rel_type in owned:
            # an owned type has no key property: its endpoints identify it
            owner = source if REL_TYPES[rel_type].owner == "source" else target
            slot = by_owner.get(owner)
            if slot is None:
                slot = by_owner[owner] = {}
            slot[(rel_type, source, target)] = _rel_props(props)
        elif rel_type in pair:
            if REL_TYPES[rel_type].undirected and target < source:
                source, target = target, source
            key = (source, rel_key(rel_type, props), target)
            pairs.setdefault(rel_type, {})[key] = _rel_props(props)
    return by_owner, pairs


def plan_changes(batch: GraphBatch, state: StoredState, *, sync: bool) -> dict[str, ChangeCounts]:
    """Per label and pair type (of :func:`concerned`): what writing ``batch`` into a store
    holding ``state`` changes."""
    labels, types = concerned(batch, sync=sync)
    owned = {t for t in types if REL_TYPES[t].owner != "pair"}
    pair = {t for t in types if REL_TYPES[t].owner == "pair"}
    out: dict[str, ChangeCounts] = {x: ChangeCounts() for x in labels}
    batch_owned, batch_pairs = _rel_sets(
        ((r.type, r.source, r.target, r.props) for r in batch.rels), owned, pair
    )
    stored_owned, stored_pairs = _rel_sets(state.rels, owned, pair)
    latest = {n.id: n for n in batch.nodes}  # a repeated id: the last row wins
    nothing: dict[tuple[str, str, str], str] = {}
    for node_id, n in latest.items():
        counts = out[n.label]
        stored = state.nodes.get(node_id)
        if stored is None or stored[0] != n.label:
            counts.added += 1
            continue
        mine, theirs = _clean(n.props), _clean(stored[1])
        mine["id"] = theirs["id"] = node_id
        if _same(mine, theirs) and batch_owned.get(node_id, nothing) == stored_owned.get(
            node_id, nothing
        ):
            counts.unchanged += 1
        else:
            counts.updated += 1
    if sync:
        for label in batch.sync_labels():
            counts = out.setdefault(label, ChangeCounts())
            counts.removed += sum(
                1 for i, (lab, _) in state.nodes.items() if lab == label and i not in latest
            )
    for rel_type in types:
        if REL_TYPES[rel_type].owner != "pair":
            continue
        counts = out.setdefault(rel_type, ChangeCounts())
        new, old = batch_pairs.get(rel_type, {}), stored_pairs.get(rel_type, {})
        for key, props in new.items():
            if key not in old:
                counts.added += 1
            elif old[key] == props:
                counts.unchanged += 1
            else:
                counts.updated += 1
        if sync and rel_type in batch.pair_rel_types:
            counts.removed += sum(1 for key in old if key not in new)
    return out
