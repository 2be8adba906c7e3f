"""Turn validated rows into a :class:`~netmap.model.batch.GraphBatch`.

Driven by :data:`netmap.ingest.columns.FILE_SPECS`: a node file's row becomes a node whose
properties are its declared non-reference columns plus its unknown columns; each reference
column with a ``rel`` becomes relationships in the direction the schema declares (the
activity row's ``organisation_id`` gives ``(Organisation)-[:RUNS]->(Activity)``). A
relationship file's row (memberships, partnerships, participations) becomes one
relationship whose properties are its other columns. Empty values are not stored.

The Need nodes of the fixed vocabulary are written in every batch (so every need a row
names exists); ``needs.csv`` rows override their labels in the same batch. For
``--sync``, ``file_labels`` holds only the labels whose file was imported (so the
vocabulary needs written in every batch do not make every import sync the needs).
"""

from __future__ import annotations

from typing import Any

from netmap.ingest.columns import FileSpec
from netmap.ingest.validate import ParsedRow, ValidatedFile, Validation
from netmap.model.batch import GraphBatch, NodeRecord, RelRecord, clean_props
from netmap.model.schema import REL_TYPES, Label
from netmap.model.vocab import NEEDS

__all__ = ["transform", "vocabulary_needs"]


def vocabulary_needs() -> list[NodeRecord]:
    """The Need nodes of the fixed vocabulary (DATA_MODEL.md "Need vocabulary")."""
    return [
        NodeRecord(Label.NEED, nid, {"id": nid, "name_ja": ja, "name_en": en})
        for nid, (ja, en) in NEEDS.items()
    ]


def _props(spec: FileSpec, row: ParsedRow, skip: set[str]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for col in spec.columns:
        if col.name in skip or col.rel is not None:
            continue
        value = row.values.get(col.name)
        if value is None or value == []:
            continue
        props[col.name] = value
    for k, v in row.extra.items():
        props.setdefault(k, v)
    return clean_props(props)


def _node_file(vf: ValidatedFile, batch: GraphBatch) -> None:
    spec = vf.spec
    assert spec.label is not None
    for row in vf.rows:
        nid = row.values["id"]
        props = {"id": nid, **_props(spec, row, {"id"})}
        if spec.label == Label.NEED and nid in NEEDS and "name_en" not in props:
            props["name_en"] = NEEDS[nid][1]
        batch.nodes.append(NodeRecord(spec.label, nid, props))
        for col in spec.columns:
            if col.rel is None:
                continue
            value = row.values.get(col.name)
            targets = value if isinstance(value, list) else [] if value is None else [value]
            owner_is_source = REL_TYPES[col.rel].owner != "target"
            for target in targets:
                if owner_is_source:
                    batch.rels.append(RelRecord(col.rel, nid, target))
                else:
                    batch.rels.append(RelRecord(col.rel, target, nid))


def _rel_file(vf: ValidatedFile, batch: GraphBatch) -> None:
    spec = vf.spec
    assert spec.rel is not None and spec.endpoints is not None
    s_name, t_name = spec.endpoints
    batch.pair_rel_types.add(spec.rel)
    for row in vf.rows:
        props = _props(spec, row, {s_name, t_name})
        batch.rels.append(
            RelRecord(spec.rel, row.values[s_name], row.values[t_name], props).canonical()
        )


def transform(validation: Validation) -> GraphBatch:
    """The batch to write for a validation without problems."""
    if validation.problems:
        raise ValueError("cannot transform input with problems")
    batch = GraphBatch(file_labels=set())
    overridden: set[str] = set()
    vf_needs = validation.files.get("needs.csv")
    if vf_needs is not None:
        overridden = {r.values["id"] for r in vf_needs.rows}
    batch.nodes.extend(n for n in vocabulary_needs() if n.id not in overridden)
    for vf in validation.files.values():
        if vf.spec.label is not None:
            assert batch.file_labels is not None
            batch.file_labels.add(vf.spec.label)
            _node_file(vf, batch)
        else:
            _rel_file(vf, batch)
    return batch
