"""Turn validated rows into a :class:`~netmap.model.batch.GraphBatch`.

Driven by :data:`netmap.ingest.columns.FILE_SPECS`: a node file's row becomes a node whose
properties are its declared non-reference columns plus its unknown columns; each reference
column with a ``rel`` becomes relationships in the direction the schema declares (the
activity row's ``organisation_id`` gives ``(Organisation)-[:RUNS]->(Activity)``). A
relationship file's row (memberships, partnerships, participations) becomes one
relationship whose properties are its other columns. Empty values are not stored.

Every need a row names exists after the write: the Need nodes of the fixed vocabulary
that the store does not hold yet are written with every batch, and all of them (except
those ``needs.csv`` relabels) whenever ``needs.csv`` is imported. So a label set by
``needs.csv`` stays until a later ``needs.csv`` changes it, and ``--sync`` of ``needs.csv``
keeps the vocabulary. ``file_labels`` holds only the labels whose file was imported, so
the vocabulary needs do not make every ``--sync`` import remove needs; a file the import
does not sync (an empty one without ``--allow-empty``, see
:attr:`~netmap.ingest.validation.Validation.synced`) adds no label or pair type either.
``kinds.csv`` holds no records: it only extended the vocabularies the validator used.
"""

from __future__ import annotations

from typing import Any

from netmap.ingest.columns import FileSpec
from netmap.ingest.validation import ParsedRow, ValidatedFile, Validation
from netmap.model.batch import GraphBatch, NodeRecord, Props, RelRecord
from netmap.model.schema import REL_TYPES, Label
from netmap.model.vocab import NEEDS

__all__ = ["transform", "vocabulary_needs"]


def vocabulary_needs() -> list[NodeRecord]:
    """The Need nodes of the fixed vocabulary (DATA_MODEL.md "Need vocabulary")."""
    return [
        NodeRecord(Label.NEED, nid, {"id": nid, "name_ja": ja, "name_en": en})
        for nid, (ja, en) in NEEDS.items()
    ]


def _prop_columns(spec: FileSpec, skip: set[str]) -> list[str]:
    """The declared columns stored as properties (not references, not ``skip``)."""
    return [c.name for c in spec.columns if c.name not in skip and c.rel is None]


def _props(row: ParsedRow, columns: list[str], props: dict[str, Any] | None = None) -> Props:
    """The row's properties, added to ``props`` (a new dict when ``None``): its non-empty
    declared ``columns``, then its unknown columns. No value is ``None`` (the validator
    keeps no empty cell as a value), so the dict needs no :func:`clean_props` copy."""
    if props is None:
        props = {}
    values = row.values
    for name in columns:
        value = values.get(name)
        if value is not None and value != []:
            props[name] = value
    if row.extra:
        for k, v in row.extra.items():
            if v is not None:
                props.setdefault(k, v)
    return props


def _node_file(vf: ValidatedFile, batch: GraphBatch) -> None:
    spec = vf.spec
    label = spec.label
    assert label is not None
    columns = _prop_columns(spec, {"id"})
    # (column, relationship type, True when the row's node is the relationship's source)
    rel_columns = [
        (c.name, c.rel, REL_TYPES[c.rel].owner != "target")
        for c in spec.columns
        if c.rel is not None
    ]
    nodes, rels = batch.nodes, batch.rels
    for row in vf.rows:
        nid = row.values["id"]
        props = _props(row, columns, {"id": nid})
        if label == Label.NEED and nid in NEEDS and "name_en" not in props:
            props["name_en"] = NEEDS[nid][1]
        nodes.append(NodeRecord(label, nid, props))
        for name, rel_type, row_is_source in rel_columns:
            value = row.values.get(name)
            if value is None:
                continue
            for target in value if isinstance(value, list) else (value,):
                if row_is_source:
                    rels.append(RelRecord(rel_type, nid, target))
                else:
                    rels.append(RelRecord(rel_type, target, nid))


def _rel_file(vf: ValidatedFile, batch: GraphBatch, *, prunes: bool = True) -> None:
    spec = vf.spec
    assert spec.rel is not None and spec.endpoints is not None
    s_name, t_name = spec.endpoints
    columns = _prop_columns(spec, {s_name, t_name})
    if prunes:
        batch.pair_rel_types.add(spec.rel)
    for row in vf.rows:
        props = _props(row, columns)
        batch.rels.append(
            RelRecord(spec.rel, row.values[s_name], row.values[t_name], props).canonical()
        )


def transform(validation: Validation) -> GraphBatch:
    """The batch to write for a validation without problems."""
    if validation.problems:
        raise ValueError("cannot transform input with problems")
    batch = GraphBatch(file_labels=set())
    vf_needs = validation.files.get("needs.csv")
    if vf_needs is not None:
        overridden = {r.values["id"] for r in vf_needs.rows}
        batch.nodes.extend(n for n in vocabulary_needs() if n.id not in overridden)
    else:
        stored = {i for i, label in validation.existing.items() if label == Label.NEED}
        batch.nodes.extend(n for n in vocabulary_needs() if n.id not in stored)
    synced = validation.synced
    for vf in validation.files.values():
        if vf.spec.vocabulary_file:
            continue
        prunes = synced is None or vf.name in synced
        if vf.spec.label is not None:
            assert batch.file_labels is not None
            if prunes:
                batch.file_labels.add(vf.spec.label)
            _node_file(vf, batch)
        else:
            _rel_file(vf, batch, prunes=prunes)
    return batch
