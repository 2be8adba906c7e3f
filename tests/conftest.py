"""Shared fixtures: the two stores.

``neo4j_store`` is the real Neo4j server started by ``scripts/neo4j-local start`` (settings
from ``NETMAP_NEO4J_*``), wiped before each test that uses it. When it cannot be reached the
test is skipped with instructions, or fails when ``NETMAP_REQUIRE_NEO4J=1`` (CI). Tests that
use it are marked ``neo4j`` automatically (``pytest -m "not neo4j"`` runs without a server).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from netmap.config import Settings
from netmap.errors import StoreUnavailable
from netmap.store.base import GraphStore
from netmap.store.embedded import EmbeddedStore

NEO4J_FIXTURES = {"neo4j_store", "neo4j_session_store"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        # The parametrised `store` fixture marks its neo4j case itself; the embedded case
        # requests the neo4j fixtures by name only dynamically, so check the parameter.
        if callspec is not None and callspec.params.get("store") == "embedded":
            continue
        if names & NEO4J_FIXTURES and item.get_closest_marker("neo4j") is None:
            item.add_marker(pytest.mark.neo4j)


def _neo4j_missing(reason: str) -> None:
    msg = (
        f"Neo4j is not available: {reason}\n"
        "Start the local server with `scripts/neo4j-local start` (Java 17 + Maven, no Docker) "
        "or `docker compose up -d neo4j`; or deselect these tests with -m 'not neo4j'."
    )
    if os.environ.get("NETMAP_REQUIRE_NEO4J") == "1":
        pytest.fail(f"NETMAP_REQUIRE_NEO4J=1 and {msg}", pytrace=False)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def neo4j_session_store() -> Iterator[GraphStore]:
    """One Neo4jStore for the whole run (not wiped: use ``neo4j_store`` in tests)."""
    try:
        from netmap.store.neo4j import Neo4jStore
    except ImportError as exc:  # pragma: no cover - the driver is a dependency
        _neo4j_missing(f"the neo4j driver cannot be imported ({exc})")
        raise
    store = Neo4jStore.from_settings(Settings())
    try:
        store.ping()
        store.init()
    except StoreUnavailable as exc:
        store.close()
        _neo4j_missing(str(exc))
    yield store
    store.close()


@pytest.fixture
def neo4j_store(neo4j_session_store: GraphStore) -> GraphStore:
    """The real Neo4j store, emptied before the test."""
    neo4j_session_store.wipe()
    return neo4j_session_store


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[GraphStore]:
    """A fresh embedded (SQLite) store in a temporary directory."""
    store = EmbeddedStore(tmp_path / "netmap.sqlite3")
    store.init()
    yield store
    store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Each store in turn (the contract suite runs on both), empty."""
    name: str = request.param
    fixture = "embedded_store" if name == "embedded" else "neo4j_store"
    result: GraphStore = request.getfixturevalue(fixture)
    return result
