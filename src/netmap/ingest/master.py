"""The master workbook regenerated from the store (``netmap export --for-import``).

The inverse of :mod:`netmap.ingest.transform`: every stored directory record (needs,
areas, organisations, networks, memberships, partnerships, activities; ended ones too,
with their ``valid_to``) as rows of the import files, read from the one declaration of the
files (:mod:`netmap.ingest.columns`): a column with a ``rel`` is read back from the
relationships it became. Residents, participations and referrals are never written: they
are pseudonymous in the store and come from the case systems, not from the master.
Organisation and activity kinds outside the vocabularies are declared in a ``kinds`` sheet
so the workbook imports as it is. Properties the files do not declare (kept by an import
as extra columns) come back as extra columns.

Importing the result into the same store changes nothing; it is how the ward office keeps
its master workbook in step with approved self-reviews (an older workbook's rows never
silently undo a later check: see :func:`netmap.ingest.pipeline.prepare_import`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from netmap.ingest.columns import FILE_ORDER, FILE_SPECS, FileSpec
from netmap.model.schema import REL_TYPES, Label

__all__ = ["MASTER_FILES", "master_tables"]

#: the import files the master holds, in import order
MASTER_FILES: tuple[str, ...] = tuple(
    name
    for name in FILE_ORDER
    if FILE_SPECS[name].label not in (Label.RESIDENT, Label.REFERRAL)
    and FILE_SPECS[name].stem != "participations"
)

Table = tuple[list[str], list[dict[str, Any]]]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _node_table(G: nx.MultiDiGraph, spec: FileSpec) -> Table:
    declared = spec.column_names()
    by_rel = {c.name: c.rel for c in spec.columns if c.rel is not None}
    extra: set[str] = set()
    rows: list[dict[str, Any]] = []
    for n, d in sorted(G.nodes(data=True), key=lambda x: str(x[0])):
        if d.get("label") != spec.label:
            continue
        row = {c: _cell(d.get(c)) for c in declared if c not in by_rel}
        row["id"] = n
        for col, rel in by_rel.items():
            assert rel is not None
            outgoing = REL_TYPES[rel].owner != "target"
            edges = G.out_edges(n, data=True) if outgoing else G.in_edges(n, data=True)
            ends = sorted(str(t if outgoing else s) for s, t, e in edges if e.get("type") == rel)
            column = spec.column(col)
            many = column is not None and column.many
            row[col] = ";".join(ends) if many else (ends[0] if ends else "")
        for k, v in d.items():
            if k not in declared and k not in ("label", "id") and v not in (None, ""):
                extra.add(k)
                row[k] = _cell(v)
        rows.append(row)
    return declared + sorted(extra), rows


def _rel_table(G: nx.MultiDiGraph, spec: FileSpec) -> Table:
    assert spec.endpoints is not None
    s_name, t_name = spec.endpoints
    declared = spec.column_names()
    extra: set[str] = set()
    rows: list[dict[str, Any]] = []
    for s, t, e in G.edges(data=True):
        if e.get("type") != spec.rel:
            continue
        row = {c: _cell(e.get(c)) for c in declared}
        row[s_name], row[t_name] = s, t
        for k, v in e.items():
            if k not in declared and k != "type" and v not in (None, ""):
                extra.add(k)
                row[k] = _cell(v)
        rows.append(row)
    rows.sort(key=lambda r: (str(r[s_name]), str(r[t_name])))
    return declared + sorted(extra), rows


def _kinds_table(tables: Mapping[str, Table]) -> Table:
    """The kinds sheet: codes of extensible vocabularies the data uses but the
    vocabularies lack (so that the workbook imports as it is)."""
    spec = FILE_SPECS["kinds.csv"]
    used: dict[str, set[str]] = defaultdict(set)
    for name, (_, rows) in tables.items():
        for col in FILE_SPECS[name].columns:
            if col.soft and col.vocabulary:
                for r in rows:
                    if r.get(col.name):
                        used[col.vocabulary].add(str(r[col.name]))
    rows_out = []
    for column in (c for f in tables for c in FILE_SPECS[f].columns if c.soft):
        vocab = column.vocabulary
        assert vocab is not None
        for code in sorted(used.pop(vocab, set()) - set(column.choices)):
            rows_out.append({"vocabulary": vocab, "code": code, "label_ja": code, "label_en": ""})
    return spec.column_names(), rows_out


def master_tables(G: nx.MultiDiGraph, files: Iterable[str] = MASTER_FILES) -> dict[str, Table]:
    """``{file name: (columns, rows)}`` of the stored directory records, in import order
    (``kinds.csv`` first when the data uses kinds the vocabularies lack)."""
    out: dict[str, Table] = {}
    for name in files:
        spec = FILE_SPECS[name]
        if spec.vocabulary_file:
            continue
        out[name] = _node_table(G, spec) if spec.label else _rel_table(G, spec)
    kinds = _kinds_table(out)
    return {"kinds.csv": kinds, **out} if kinds[1] else out
