"""``cypher/write/`` is what the generator renders from the schema (no Neo4j needed).

The committed files equal :mod:`netmap.store.cypher_gen`'s output, every label and
relationship type the store writes is written by exactly one file (plus one plain-MATCH
file per target label for a type with several), no file is unknown to the generator, and
the Neo4j store loads only files that exist (and every one of them).
"""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import netmap.store.neo4j as neo4j_store
from netmap.cypher import cypher_dir, list_cypher, load_cypher
from netmap.model.batch import GraphBatch, NodeRecord, RelRecord
from netmap.model.schema import NODE_LABELS, OWNED_RELS, PAIR_RELS, REL_TYPES
from netmap.store import cypher_gen
from netmap.store.cypher_gen import HAND_WRITTEN, HEADER, SchemaShapeError, render

WRITE = cypher_dir() / "write"
STORE_SOURCE = Path(neo4j_store.__file__)


def _files() -> dict[str, str]:
    return {name: load_cypher(f"write/{name}") for name in list_cypher("write")}


# -- the committed files are the generator's ----------------------------------------------


def test_committed_files_equal_the_generator_output() -> None:
    problems = cypher_gen.compare(WRITE)
    assert problems == {}, (
        "cypher/write/ differs from the schema's rendering; run "
        f"`python -m netmap.store.cypher_gen` (never edit a generated file): {problems}"
    )


def test_no_file_is_unknown_to_the_generator() -> None:
    generated, hand = set(render()), set(HAND_WRITTEN)
    assert generated.isdisjoint(hand)
    assert set(list_cypher("write")) == generated | hand
    assert all(reason.strip() for reason in HAND_WRITTEN.values())


def test_generated_files_say_so_on_their_first_line_and_hand_written_ones_do_not() -> None:
    for name, text in _files().items():
        first = text.partition("\n")[0]
        assert (first == HEADER) == (name not in HAND_WRITTEN), name
        assert text.endswith("\n") or name in HAND_WRITTEN, name
        # rows are described in the comments under the header
        assert name in HAND_WRITTEN or re.search(r"\$(rows|ids) = \[", text), name


# -- every label and type is written by exactly one file ------------------------------


def _body(text: str) -> str:
    """The Cypher without its comment lines."""
    return "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("//"))


def _node_labels_written(text: str) -> set[str]:
    return set(re.findall(r"(?:MERGE|CREATE) \(n:(\w+)\b", text))


def _rels_written(text: str) -> set[str]:
    return set(re.findall(r"(?:MERGE|CREATE) \(s\)-\[r:(\w+)\]->\(t\)", text))


def _targets(text: str) -> set[str]:
    return set(re.findall(r"\(t:(\w+) \{id: row\.target\}\)", text))


def _sources(text: str) -> set[str]:
    return set(re.findall(r"\(s:(\w+) \{id: row\.source\}\)", text))


def _by(files: dict[str, str], what: Any) -> dict[str, set[str]]:
    """For each label or type, the files whose Cypher ``what`` finds it in."""
    out: dict[str, set[str]] = {}
    for name, text in files.items():
        for found in what(text):
            out.setdefault(found, set()).add(name)
    return out


def test_every_label_is_written_by_exactly_one_file() -> None:
    writers = _by(_files(), _node_labels_written)
    assert set(writers) == set(NODE_LABELS)
    for label in NODE_LABELS:
        assert writers[label] == {f"nodes_{label}"}, label


def test_every_relationship_type_is_written_by_exactly_one_file_per_target_shape() -> None:
    files = _files()
    writers = _by(files, _rels_written)
    assert set(writers) == set(REL_TYPES)
    for rel_type, spec in REL_TYPES.items():
        several = len(spec.targets) > 1
        per_target = {f"rels_{rel_type}_{t}": t for t in spec.targets} if several else {}
        # rels_<TYPE> once (for several targets: the UNION over them), plus one plain-MATCH
        # file per target label only for a type with several
        assert writers[rel_type] == {f"rels_{rel_type}", *per_target}, rel_type
        assert _sources(files[f"rels_{rel_type}"]) == set(spec.sources), rel_type
        assert _targets(files[f"rels_{rel_type}"]) == set(spec.targets), rel_type
        assert ("UNION" in _body(files[f"rels_{rel_type}"])) == bool(per_target), rel_type
        for name, target in per_target.items():
            assert _targets(files[name]) == {target}, name
            assert "UNION" not in _body(files[name]), name
        keyed = f"coalesce(old.{spec.key_property}, '') = row.key"
        assert (keyed in files[f"rels_{rel_type}"]) == bool(spec.key_property), rel_type


def test_removals_and_owned_deletes_have_one_file_each_and_write_nothing() -> None:
    files = _files()
    for name, text in files.items():
        if name.startswith(("remove_", "owned_")):
            assert not _node_labels_written(text) and not _rels_written(text), name
            assert "MERGE" not in _body(text) and "CREATE" not in _body(text), name
    detach = _by(files, lambda t: re.findall(r"MATCH \(n:(\w+) \{id: id\}\)\nDETACH DELETE n", t))
    assert detach == {label: {f"remove_nodes_{label}"} for label in NODE_LABELS}
    removed = _by(
        {n: t for n, t in files.items() if n.startswith("remove_rels_")},
        lambda t: re.findall(r"-\[r:(\w+)\]->", t),
    )
    assert removed == {t: {f"remove_rels_{t}"} for t in PAIR_RELS}
    owners = {n.removeprefix("owned_") for n in files if n.startswith("owned_")}
    assert owners == {label for label in NODE_LABELS if OWNED_RELS[label]}


# -- the generator and its command ---------------------------------------------------------


def test_check_lists_what_differs_and_writing_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "write"
    shutil.copytree(WRITE, folder)
    assert cypher_gen.main(["--check", "--dir", str(folder)]) == 0

    edited = folder / "rels_RUNS.cypher"
    edited.write_text(edited.read_text("utf-8").replace("MERGE", "CREATE"), "utf-8")
    (folder / "nodes_Area.cypher").unlink()
    (folder / "rels_GONE.cypher").write_text(f"{HEADER}\nRETURN 1\n", "utf-8")
    (folder / "mine.cypher").write_text("RETURN 1\n", "utf-8")
    capsys.readouterr()
    assert cypher_gen.main(["--check", "--dir", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "rels_RUNS.cypher: differs" in err
    assert "nodes_Area.cypher: missing" in err
    assert "rels_GONE.cypher: stale" in err
    assert "mine.cypher: unknown" in err
    assert "python -m netmap.store.cypher_gen" in err

    # writing fixes all but the unknown file (which it reports and keeps)
    assert cypher_gen.main(["--dir", str(folder)]) == 1
    assert not (folder / "rels_GONE.cypher").exists()
    assert (folder / "mine.cypher").exists()
    (folder / "mine.cypher").unlink()
    assert cypher_gen.main(["--check", "--dir", str(folder)]) == 0
    for path in WRITE.glob("*.cypher"):
        assert (folder / path.name).read_bytes() == path.read_bytes(), path.name


def test_shapes_without_a_template_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = REL_TYPES["TO"]
    monkeypatch.setitem(
        REL_TYPES, "TO", type(spec)("TO", ("Referral", "Resident"), spec.targets, "source")
    )
    with pytest.raises(SchemaShapeError, match="several labels"):
        render()


# -- the store loads only files that exist, and every one ---------------------------------


def _literal_names(prefix: str) -> list[str]:
    """Patterns of the Cypher names the store's source spells (f-string fields: ``\\w+``)."""
    tree = ast.parse(STORE_SOURCE.read_text("utf-8"))
    in_fstrings = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            pattern = "".join(
                re.escape(str(v.value)) if isinstance(v, ast.Constant) else r"\w+"
                for v in node.values
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in in_fstrings or not re.fullmatch(r"[\w/]+", node.value):
                continue
            pattern = re.escape(node.value)
        else:
            continue
        if pattern.startswith(re.escape(prefix)):
            out.append(pattern)
    return out


def test_every_write_name_in_the_store_source_matches_a_file() -> None:
    names = [f"write/{n}" for n in list_cypher("write")]
    patterns = _literal_names("write/")
    assert patterns
    for pattern in patterns:
        assert any(re.fullmatch(pattern, n) for n in names), pattern


class _FakeDriver:
    """Answers the store's queries without a server, by the name of the file loaded."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names  # query text -> file name

    def execute_query(self, query: str, params: Any = None, **_: Any) -> Any:
        name = self.names.get(query, "")
        records: list[dict[str, Any]] = []
        if name.startswith("read/ids_"):
            records = [{"id": f"gone-{name.removeprefix('read/ids_')}"}]
        elif name.startswith("read/pairs_"):
            records = [{"source": "gone-s", "target": "gone-t", "key": ""}]
        elif name.startswith("write/rels_"):
            records = [{"written": len(params["rows"])}]
        counters = SimpleNamespace(nodes_deleted=0, relationships_deleted=0)
        return SimpleNamespace(records=records, summary=SimpleNamespace(counters=counters))

    def session(self, **_: Any) -> Any:
        driver = self

        class _Session:
            def __enter__(self) -> Any:
                return self

            def __exit__(self, *exc: object) -> None:
                return None

            def run(self, query: str) -> Any:
                driver.execute_query(query)
                return SimpleNamespace(consume=lambda: None)

        return _Session()


def _full_batch() -> GraphBatch:
    """A node of every label, a relationship of every type (with a target of every label a
    type allows), and a TO relationship whose target only the store holds."""
    nodes = [NodeRecord(label, f"{label}-1", {"id": f"{label}-1"}) for label in NODE_LABELS]
    rels = [
        RelRecord(rel_type, f"{spec.sources[0]}-1", f"{target}-1", {"kind": "referral"})
        for rel_type, spec in REL_TYPES.items()
        for target in spec.targets
    ]
    rels.append(RelRecord("TO", "Referral-1", "stored-only-organisation", {}))
    return GraphBatch(
        nodes=nodes, rels=rels, pair_rel_types=set(PAIR_RELS), file_labels=set(NODE_LABELS)
    )


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[set[str], _FakeDriver]]:
    names: set[str] = set()
    texts: dict[str, str] = {}

    def recording_load(name: str) -> str:
        text = load_cypher(name)  # raises NetmapError for a file that does not exist
        names.add(name)
        texts[text] = name
        return text

    monkeypatch.setattr(neo4j_store, "load_cypher", recording_load)
    yield names, _FakeDriver(texts)


def test_the_store_loads_every_write_file_and_only_those(
    loaded: tuple[set[str], _FakeDriver],
) -> None:
    names, driver = loaded
    store = neo4j_store.Neo4jStore(driver=driver)  # type: ignore[arg-type]
    summary = store.upsert(_full_batch(), sync=True)
    assert summary.nodes_written == len(NODE_LABELS)
    store.wipe()
    used = {n.removeprefix("write/") for n in names if n.startswith("write/")}
    assert used == set(list_cypher("write"))
