"""Neo4j-specific behaviour: the Cypher library covers the schema, errors are netmap errors,
values keep their Neo4j types, and the built wheel carries ``cypher/``."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from netmap.cypher import cypher_dir, list_cypher, load_cypher, split_statements
from netmap.errors import StoreUnavailable, StoreWriteError
from netmap.model.batch import GraphBatch, NodeRecord
from netmap.model.schema import NODE_LABELS, OWNED_RELS, PAIR_RELS, REL_TYPES
from netmap.store.base import GraphStore
from netmap.store.neo4j import Neo4jStore

ROOT = Path(__file__).resolve().parents[2]

# -- the Cypher library matches the schema --------------------------------------------


def test_every_label_has_its_write_read_and_sync_files() -> None:
    write, read = set(list_cypher("write")), set(list_cypher("read"))
    for label in NODE_LABELS:
        assert f"nodes_{label}" in write
        assert f"remove_nodes_{label}" in write
        assert f"ids_{label}" in read
        text = load_cypher(f"write/nodes_{label}")
        assert f"MERGE (n:{label} {{id: row.id}})" in text
        assert "SET n = row.props" in text
        assert f"(n:{label} {{id: id}})" in load_cypher(f"write/remove_nodes_{label}")
        assert f"(n:{label})" in load_cypher(f"read/ids_{label}")


def test_every_owning_label_deletes_exactly_what_it_owns() -> None:
    write = set(list_cypher("write"))
    for label in NODE_LABELS:
        if not OWNED_RELS[label]:
            assert f"owned_{label}" not in write
            continue
        text = load_cypher(f"write/owned_{label}")
        assert f"(n:{label} {{id: id}})" in text
        outgoing = re.findall(r"\(n\)-\[r:([A-Z_|]+)\]->", text)
        incoming = re.findall(r"\(n\)<-\[r:([A-Z_|]+)\]-", text)
        deleted_out = {t for group in outgoing for t in group.split("|")}
        deleted_in = {t for group in incoming for t in group.split("|")}
        assert deleted_out == {t for t in OWNED_RELS[label] if REL_TYPES[t].owner == "source"}
        assert deleted_in == {t for t in OWNED_RELS[label] if REL_TYPES[t].owner == "target"}


def test_every_relationship_type_has_its_file_with_the_schema_endpoints() -> None:
    write, read = set(list_cypher("write")), set(list_cypher("read"))
    for rel_type, spec in REL_TYPES.items():
        assert f"rels_{rel_type}" in write
        text = load_cypher(f"write/rels_{rel_type}")
        assert f"[r:{rel_type}]" in text
        assert set(re.findall(r"\(s:(\w+) \{id: row\.source\}\)", text)) == set(spec.sources)
        assert set(re.findall(r"\(t:(\w+) \{id: row\.target\}\)", text)) == set(spec.targets)
        if spec.key_property:
            assert f"coalesce(old.{spec.key_property}, '') = row.key" in text
        if spec.owner == "pair":
            assert f"remove_rels_{rel_type}" in write
            assert f"pairs_{rel_type}" in read
    counts = load_cypher("read/counts")
    assert {f"'{label}' AS name" for label in NODE_LABELS} <= set(
        re.findall(r"'\w+' AS name", counts)
    )
    assert all(f"[r:{t}]" in counts for t in REL_TYPES)
    existing = load_cypher("read/existing_ids")
    assert all(f"MATCH (n:{label} {{id: id}})" in existing for label in NODE_LABELS)
    assert set(PAIR_RELS) <= set(REL_TYPES)


def test_schema_has_a_unique_id_constraint_per_label() -> None:
    statements = [
        s for name in list_cypher("schema") for s in split_statements(load_cypher(f"schema/{name}"))
    ]
    for label in NODE_LABELS:
        assert any(
            f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in s and "IF NOT EXISTS" in s
            for s in statements
        ), label
    assert all("IF NOT EXISTS" in s for s in statements if s.startswith("CREATE"))


# -- errors -------------------------------------------------------------------------------


def test_constructor_does_not_touch_the_database_and_errors_name_the_fix() -> None:
    store = Neo4jStore("bolt://127.0.0.1:1", password="whatever", max_retry_time=0.5)
    try:
        with pytest.raises(StoreUnavailable, match="scripts/neo4j-local start"):
            store.ping()
        with pytest.raises(StoreUnavailable, match=r"bolt://127\.0\.0\.1:1 is not reachable"):
            store.counts()
        with pytest.raises(StoreUnavailable):
            store.upsert(GraphBatch(nodes=[NodeRecord("Need", "food", {"id": "food"})]))
    finally:
        store.close()


def test_a_bad_address_is_a_store_error() -> None:
    store = Neo4jStore("ftp://127.0.0.1:7687")
    with pytest.raises(StoreUnavailable, match="cannot use the Neo4j address"):
        store.ping()
    store.close()


@pytest.mark.neo4j
def test_wrong_credentials_are_reported_as_such(neo4j_session_store: GraphStore) -> None:
    # an unknown user, so no lock-out of the real user after failed attempts
    assert isinstance(neo4j_session_store, Neo4jStore)
    bad = Neo4jStore(neo4j_session_store.uri, user="nobody", password="wrong-password")
    try:
        with pytest.raises(StoreUnavailable, match="rejected the credentials"):
            bad.ping()
    finally:
        bad.close()


def test_unstorable_values_are_a_write_error(neo4j_store: GraphStore) -> None:
    batch = GraphBatch(nodes=[NodeRecord("Need", "food", {"id": "food", "bad": {"a": 1}})])
    with pytest.raises(StoreWriteError, match="re-run the same import"):
        neo4j_store.upsert(batch)


# -- types and schema in the database -------------------------------------------------------


def test_values_keep_their_neo4j_types(neo4j_store: GraphStore) -> None:
    assert isinstance(neo4j_store, Neo4jStore)
    neo4j_store.upsert(
        GraphBatch(
            nodes=[
                NodeRecord(
                    "Organisation",
                    "o-1",
                    {"id": "o-1", "name": "社協", "sectors": ["福祉", "子ども"], "rating": 4.5},
                ),
                NodeRecord("Area", "a-1", {"id": "a-1", "population": 21000, "note": None}),
            ]
        )
    )
    driver = neo4j_store._get_driver()
    records, _, _ = driver.execute_query(
        "MATCH (o:Organisation {id: 'o-1'}), (a:Area {id: 'a-1'}) "
        "RETURN valueType(o.sectors) AS sectors, valueType(o.rating) AS rating, "
        "valueType(a.population) AS population, a.note IS NULL AS no_note",
        database_=neo4j_store.database,
    )
    row = records[0]
    assert row["sectors"].startswith("LIST<STRING")
    assert row["rating"].startswith("FLOAT")
    assert row["population"].startswith("INTEGER")
    assert row["no_note"] is True


def test_init_is_idempotent_and_creates_the_constraints(neo4j_store: GraphStore) -> None:
    assert isinstance(neo4j_store, Neo4jStore)
    neo4j_store.init()
    neo4j_store.init()
    records, _, _ = neo4j_store._get_driver().execute_query(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties AS props",
        database_=neo4j_store.database,
    )
    constrained = {(r["label"], tuple(r["props"])) for r in records}
    assert {(label, ("id",)) for label in NODE_LABELS} <= constrained


# -- packaging ------------------------------------------------------------------------------


def test_cypher_dir_is_the_checkout_in_development() -> None:
    assert (cypher_dir() / "write").is_dir()


@pytest.mark.slow
def test_built_wheel_carries_the_cypher_library(tmp_path: Path) -> None:
    out = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = out.glob("netmap-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    for folder in ("schema", "write", "read", "analysis"):
        for name in list_cypher(folder):
            assert f"netmap/_cypher/{folder}/{name}.cypher" in names
    # data files the package reads at run time
    assert "netmap/demo/planted.json" in names
    assert "netmap/py.typed" in names
    # the installed package finds its own copy, not the checkout
    code = (
        "import netmap.cypher as c; print(c.cypher_dir()); "
        "print(len(c.load_cypher('write/nodes_Area')) > 0)"
    )
    res = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    where, ok = res.stdout.split()
    assert Path(where) == tmp_path / "site" / "netmap" / "_cypher"
    assert ok == "True"
