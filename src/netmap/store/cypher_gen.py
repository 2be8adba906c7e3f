"""Render the Neo4j store's write queries (``cypher/write/``) from the schema.

Every label and relationship type in :mod:`netmap.model.schema` is written by Cypher of a
few regular shapes, one template each below:

* ``nodes_<Label>``: upsert node rows (``MERGE`` on ``id``, ``SET n = row.props``);
* ``owned_<Label>``: delete the relationships a node row owns (``OWNED_RELS``), outgoing
  and incoming, before the batch's relationships are written;
* ``rels_<TYPE>``: write relationships between fixed endpoint labels (``MERGE``, or for a
  type keyed by a property: delete the one with the row's key, then ``CREATE``);
* ``rels_<TYPE>`` of a type whose target can be one of several labels: the target is found
  by a ``UNION`` over the labels, and ``rels_<TYPE>_<Label>`` per target label is the
  plain-``MATCH`` form the store uses for targets whose label the batch knows (faster than
  the ``UNION``);
* ``remove_nodes_<Label>`` and ``remove_rels_<TYPE>`` (pair types): ``import --sync``.

Files of no per-label or per-type shape stay hand-written (:data:`HAND_WRITTEN`).

Regenerate after changing the schema or a template, and check in CI::

    python -m netmap.store.cypher_gen          # (re)write cypher/write/
    python -m netmap.store.cypher_gen --check  # exit 1 listing the files that differ
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from netmap.cypher import cypher_dir
from netmap.model.schema import NODE_LABELS, OWNED_RELS, PAIR_RELS, REL_TYPES, RelType

__all__ = ["HAND_WRITTEN", "HEADER", "main", "render", "split_target_files"]

COMMAND = "python -m netmap.store.cypher_gen"

#: The first line of every generated file.
HEADER = f"// Generated from src/netmap/model/schema.py by `{COMMAND}`: do not edit by hand."

#: The files in ``cypher/write/`` that no template renders, and why.
HAND_WRITTEN: dict[str, str] = {
    "bump_version": "one statement for the whole store (the data version on the NetmapMeta "
    "node, changed before and after every write), not per label or relationship type",
    "wipe": "one statement for the whole store (delete everything in batches with "
    "CALL {} IN TRANSACTIONS, run in an auto-commit transaction), not per label or "
    "relationship type",
}

# -- templates (str.format: Cypher's own braces are doubled) -----------------------------

NODES = """\
// Upsert {label} rows: $rows = [{{id, props}}]; a row's properties replace the stored ones.
UNWIND $rows AS row
MERGE (n:{label} {{id: row.id}})
SET n = row.props
RETURN count(n) AS written
"""

OWNED = """\
// Delete the relationships {label} rows own ({owned}) before the batch's
// relationships are written, so a re-imported row replaces them. $ids = [id].
UNWIND $ids AS id
MATCH (n:{label} {{id: id}})
{deletes}"""

#: One ``CALL`` of :data:`OWNED` per direction: what the row owns as source, as target.
OWNED_OUTGOING = """\
CALL (n) {{
  MATCH (n)-[r:{types}]->()
  DELETE r
}}
"""
OWNED_INCOMING = """\
CALL (n) {{
  MATCH (n)<-[r:{types}]-()
  DELETE r
}}
"""

RELS = """\
// Write {type} relationships ({source})-[:{type}]->({target}).
{notes}// $rows = [{{source, target, key, props}}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:{source} {{id: row.source}})
MATCH (t:{target} {{id: row.target}})
{write}SET r = row.props
RETURN count(r) AS written
"""

RELS_ANY_TARGET = """\
// Write {type} relationships ({source})-[:{type}]->({targets}).
{notes}// $rows = [{{source, target, key, props}}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:{source} {{id: row.source}})
CALL (row) {{
{union}}}
{write}SET r = row.props
RETURN count(r) AS written
"""

#: One branch of the ``UNION`` in :data:`RELS_ANY_TARGET` per target label.
UNION_BRANCH = """\
  MATCH (t:{label} {{id: row.target}})
  RETURN t
"""

RELS_ONE_TARGET = """\
// Write {type} relationships ({source})-[:{type}]->({target}) whose target the batch holds \
as {a_target}.
// The store splits {type} rows by the target's label (rels_{type}.cypher, which tries {each} \
labels,
// takes the rows whose target is only in the store): one plain MATCH instead of a UNION.
{notes}// $rows = [{{source, target, key, props}}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:{source} {{id: row.source}})
MATCH (t:{target} {{id: row.target}})
{write}SET r = row.props
RETURN count(r) AS written
"""

#: How a relationship is written once both endpoints are matched (``{write}`` above).
WRITE_MERGE = """\
MERGE (s)-[r:{type}]->(t)
"""
WRITE_KEYED = """\
CALL (s, t, row) {{
  MATCH (s)-[old:{type}]->(t)
  WHERE coalesce(old.{key}, '') = row.key
  DELETE old
}}
CREATE (s)-[r:{type}]->(t)
"""

REMOVE_NODES = """\
// import --sync: remove {label} nodes the imported files no longer contain. $ids = [id].
UNWIND $ids AS id
MATCH (n:{label} {{id: id}})
DETACH DELETE n
"""

REMOVE_RELS = """\
// import --sync: remove {type} relationships the imported file no longer contains.
// $rows = [{{source, target, key}}].
UNWIND $rows AS row
MATCH (s:{source} {{id: row.source}})-[r:{type}]->(t:{target} {{id: row.target}})
{where}DELETE r
"""
REMOVE_KEYED_WHERE = """\
WHERE coalesce(r.{key}, '') = row.key
"""


class SchemaShapeError(ValueError):
    """The schema declares something no template can write (add a template, or a
    hand-written file listed in :data:`HAND_WRITTEN`)."""


# -- rendering ---------------------------------------------------------------------------


def _one(labels: tuple[str, ...], what: str) -> str:
    if len(labels) != 1:
        raise SchemaShapeError(f"no template writes {what} of several labels {labels}")
    return labels[0]


def _notes(spec: RelType) -> str:
    """Comment lines on how a relationship type is keyed (pair types, key properties)."""
    lines = []
    if spec.owner == "pair":
        by = f"its endpoints and {spec.key_property}" if spec.key_property else "its endpoints"
        lines.append(f"// Keyed by {by}: a re-import updates its properties.\n")
    elif spec.key_property:
        lines.append(f"// Keyed by its endpoints and {spec.key_property}.\n")
    if spec.undirected:
        lines.append("// Undirected: the store receives the endpoints in sorted order.\n")
    return "".join(lines)


def _write(spec: RelType) -> str:
    if spec.key_property:
        return WRITE_KEYED.format(type=spec.name, key=spec.key_property)
    return WRITE_MERGE.format(type=spec.name)


def _nodes(label: str) -> str:
    return NODES.format(label=label)


def _owned(label: str) -> str:
    owned = OWNED_RELS[label]
    outgoing = [t for t in owned if REL_TYPES[t].owner == "source"]
    incoming = [t for t in owned if REL_TYPES[t].owner == "target"]
    deletes = ""
    if outgoing:
        deletes += OWNED_OUTGOING.format(types="|".join(outgoing))
    if incoming:
        deletes += OWNED_INCOMING.format(types="|".join(incoming))
    return OWNED.format(label=label, owned=", ".join(owned), deletes=deletes)


def _rels(spec: RelType) -> str:
    source = _one(spec.sources, f"{spec.name} relationships from sources")
    common = {"type": spec.name, "source": source, "notes": _notes(spec), "write": _write(spec)}
    if len(spec.targets) == 1:
        return RELS.format(target=spec.targets[0], **common)
    union = "  UNION\n".join(UNION_BRANCH.format(label=label) for label in spec.targets)
    return RELS_ANY_TARGET.format(targets="|".join(spec.targets), union=union, **common)


def _rels_one_target(spec: RelType, target: str) -> str:
    return RELS_ONE_TARGET.format(
        type=spec.name,
        source=_one(spec.sources, f"{spec.name} relationships from sources"),
        target=target,
        a_target=f"{'an' if target[0] in 'AEIOU' else 'a'} {target}",
        each="both" if len(spec.targets) == 2 else "all its",
        notes=_notes(spec),
        write=_write(spec),
    )


def _remove_nodes(label: str) -> str:
    return REMOVE_NODES.format(label=label)


def _remove_rels(spec: RelType) -> str:
    where = REMOVE_KEYED_WHERE.format(key=spec.key_property) if spec.key_property else ""
    return REMOVE_RELS.format(
        type=spec.name,
        source=_one(spec.sources, f"the removal of {spec.name} relationships from sources"),
        target=_one(spec.targets, f"the removal of {spec.name} relationships to targets"),
        where=where,
    )


def split_target_files(rel_type: str) -> tuple[str, ...]:
    """The target labels a relationship type has a ``rels_<TYPE>_<Label>`` file for (every
    target label of a type with several; ``()`` for a type with one).

    >>> split_target_files("TO")
    ('Organisation', 'Activity')
    >>> split_target_files("RUNS")
    ()
    """
    targets = REL_TYPES[rel_type].targets
    return targets if len(targets) > 1 else ()


def render() -> dict[str, str]:
    """The text of every generated file, by name (without ``.cypher``), header first."""
    files: dict[str, str] = {}
    for label in NODE_LABELS:
        files[f"nodes_{label}"] = _nodes(label)
        if OWNED_RELS[label]:
            files[f"owned_{label}"] = _owned(label)
        files[f"remove_nodes_{label}"] = _remove_nodes(label)
    for rel_type, spec in REL_TYPES.items():
        files[f"rels_{rel_type}"] = _rels(spec)
        for target in split_target_files(rel_type):
            files[f"rels_{rel_type}_{target}"] = _rels_one_target(spec, target)
    for rel_type in PAIR_RELS:
        files[f"remove_rels_{rel_type}"] = _remove_rels(REL_TYPES[rel_type])
    clash = sorted(set(files) & set(HAND_WRITTEN))
    if clash:
        raise SchemaShapeError(f"generated and hand-written at once: {clash}")
    return {name: f"{HEADER}\n{text}" for name, text in sorted(files.items())}


# -- the command -------------------------------------------------------------------------


def compare(folder: Path) -> dict[str, str]:
    """What differs between ``folder`` and the generator, by file name: ``"differs"``,
    ``"missing"``, ``"stale"`` (a generated file no longer generated) or ``"unknown"``
    (neither generated nor hand-written); hand-written files that are absent are
    ``"missing"`` too."""
    expected = render()
    present = {p.stem: p for p in folder.glob("*.cypher")}
    problems: dict[str, str] = {}
    for name, text in expected.items():
        if name not in present:
            problems[name] = "missing"
        elif present[name].read_text(encoding="utf-8") != text:
            problems[name] = "differs"
    for name in HAND_WRITTEN:
        if name not in present:
            problems[name] = "missing"
    for name, path in present.items():
        if name in expected or name in HAND_WRITTEN:
            continue
        first = path.read_text(encoding="utf-8").partition("\n")[0]
        problems[name] = "stale" if first == HEADER else "unknown"
    return dict(sorted(problems.items()))


def write(folder: Path) -> dict[str, str]:
    """(Re)write the generated files in ``folder`` and delete stale ones; returns what it
    changed and what it cannot fix (missing hand-written and unknown files)."""
    expected = render()
    done: dict[str, str] = {}
    for name, problem in compare(folder).items():
        path = folder / f"{name}.cypher"
        if name in expected:
            path.write_bytes(expected[name].encode("utf-8"))
            done[name] = "written" if problem == "missing" else "rewritten"
        elif problem == "stale":
            path.unlink()
            done[name] = "deleted"
        else:
            done[name] = problem
    return done


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="Render cypher/write/ from src/netmap/model/schema.py.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 listing the files that differ from the generator",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="the folder of write queries (default: cypher/write of this checkout)",
    )
    args = parser.parse_args(argv)
    folder: Path = args.dir if args.dir is not None else cypher_dir() / "write"
    if args.check:
        problems = compare(folder)
        for name, problem in problems.items():
            print(f"{folder / name}.cypher: {problem}", file=sys.stderr)
        if problems:
            print(f"run `{COMMAND}` to regenerate", file=sys.stderr)
        return 1 if problems else 0
    done = write(folder)
    for name, what in done.items():
        print(f"{folder / name}.cypher: {what}")
    unfixed = {n: w for n, w in done.items() if w in ("missing", "unknown")}
    if not done:
        print(f"{folder}: up to date ({len(render())} generated, {len(HAND_WRITTEN)} hand-written)")
    return 1 if unfixed else 0


if __name__ == "__main__":
    sys.exit(main())
