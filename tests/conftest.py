"""Fixtures shared by several test folders: the two stores; the demo, generated and
imported once per session (``demo_csv``, ``demo_sqlite``, ``demo_settings``, ``demo_data``);
hand-built graphs (``gb``); the synthetic city of the map tests (``city``,
``city_settings``, ``city_store``); the default language (``japanese``). A folder's own
fixtures are in its conftest.py; helpers shared by folders are plain modules
(tests/graph_builder.py, tests/export_data.py, tests/viz/synth.py,
tests/upkeep/upkeep_sample.py), imported as ``tests.<module>``.

``neo4j_store`` is the real Neo4j server started by ``scripts/neo4j-local start`` (settings
from ``NETMAP_NEO4J_*``), wiped before each test that uses it. When it cannot be reached the
test is skipped with instructions, or fails when ``NETMAP_REQUIRE_NEO4J=1`` (CI). Tests that
use it are marked ``neo4j`` automatically (``pytest -m "not neo4j"`` runs without a server).

Community Neo4j has one database, so two pytest runs using it at once would wipe each other's
data: a run holds an exclusive lock file per server (in the temp dir) while it uses Neo4j,
and a second run waits for it (up to ``NETMAP_NEO4J_LOCK_TIMEOUT`` seconds, default 900).
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from netmap.config import Settings, get_settings
from netmap.errors import StoreUnavailable
from netmap.store.base import GraphStore
from netmap.store.embedded import EmbeddedStore

if TYPE_CHECKING:
    import networkx as nx
    from tests.export_data import Data
    from tests.graph_builder import GraphBuilder

    from netmap.model.batch import GraphBatch

NEO4J_FIXTURES = {"neo4j_store", "neo4j_session_store"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that use Neo4j: ``scripts/test-all`` runs them (``-m neo4j``) in one
    process beside the others (Community Neo4j has one database, and some of these tests
    stop or restart the server)."""
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


def _lock_server(uri: str) -> int:
    """Take the per-server lock (see the module docstring); returns the open descriptor."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", uri).strip("-")
    path = Path(tempfile.gettempdir()) / f"netmap-tests-{name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    timeout = float(os.environ.get("NETMAP_NEO4J_LOCK_TIMEOUT", "900"))
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                pytest.fail(
                    f"another test run has used Neo4j at {uri} for over {timeout:.0f}s "
                    f"(lock {path}); wait for it or raise NETMAP_NEO4J_LOCK_TIMEOUT",
                    pytrace=False,
                )
            time.sleep(1)


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
    except StoreUnavailable as exc:
        store.close()
        _neo4j_missing(str(exc))
    lock = _lock_server(store.uri)
    try:
        store.init()
        yield store
    finally:
        store.close()
        fcntl.flock(lock, fcntl.LOCK_UN)
        os.close(lock)


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


# --------------------------------------------------------------------------- the demo

#: the pseudonym key of the shared demo store (tests that import the demo again with
#: another key get other resident ids)
DEMO_KEY = "netmap-tests-demo-key"


@pytest.fixture(scope="session")
def demo_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's CSV folder (``netmap.demo.generate`` at the demo's scale and seed),
    generated once per test session (per xdist worker). Read-only: copy it to change it."""
    from netmap.demo import DEMO_SCALE, DEMO_SEED, generate

    out = tmp_path_factory.mktemp("shared-demo") / "csv"
    generate(out, scale=DEMO_SCALE, seed=DEMO_SEED)
    return out


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory: pytest.TempPathFactory, demo_csv: Path) -> Path:
    """The demo imported into an embedded store once per session (key :data:`DEMO_KEY`):
    the SQLite file. Read-only: use :func:`demo_settings` for a store of one's own."""
    from pydantic import SecretStr

    from netmap.ingest.pipeline import run_import

    data = tmp_path_factory.mktemp("shared-demo-store")
    settings = Settings(data_dir=data, store="embedded", pseudonym_key=SecretStr(DEMO_KEY))
    store = EmbeddedStore(settings.embedded_path)
    store.init()
    try:
        run_import(demo_csv, store, settings=settings)
    finally:
        store.close()
    return settings.embedded_path


@pytest.fixture(scope="session")
def demo_settings(demo_sqlite: Path) -> Callable[[Path], Settings]:
    """``demo_settings(data_dir)``: settings on a private copy of the imported demo store
    in ``data_dir`` (its own releases, layouts and tokens)."""
    import shutil

    from pydantic import SecretStr

    def make(data_dir: Path) -> Settings:
        settings = Settings(data_dir=data_dir, store="embedded", pseudonym_key=SecretStr(DEMO_KEY))
        data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(demo_sqlite, settings.embedded_path)
        return settings

    return make


@pytest.fixture(scope="session")
def demo_data(
    tmp_path_factory: pytest.TempPathFactory,
    demo_csv: Path,
    demo_settings: Callable[[Path], Settings],
) -> Data:
    """The demo as the export tests read it (:class:`tests.export_data.Data`): its CSV
    folder, settings on a private copy of the imported store in a data dir of its own (the
    releases exports read are built there on first use, then frozen) and its graph. Once per
    session; read-only (use :func:`demo_settings` for a store to change)."""
    from tests.export_data import Data

    settings = demo_settings(tmp_path_factory.mktemp("demo-data") / "data")
    store = EmbeddedStore(settings.embedded_path)
    try:
        G = store.export_graph()
    finally:
        store.close()
    return Data(demo_csv, settings, G)


# --------------------------------------------------------------------------- small graphs


@pytest.fixture
def gb() -> GraphBuilder:
    """A fresh :class:`tests.graph_builder.GraphBuilder` (a hand-built canonical graph)."""
    from tests.graph_builder import GraphBuilder

    return GraphBuilder()


# --------------------------------------------------------------------------- the synthetic city


@pytest.fixture(scope="session")
def city() -> tuple[nx.MultiDiGraph, list[str]]:
    """The synthetic city of the map tests (tests/viz/synth.py), 2 wards x 3 districts:
    (graph, resident ids); districts with 1..25 residents, so some counts are small."""
    from tests.viz.synth import synthetic_graph

    return synthetic_graph(wards=2, districts=3, residents_per_district=(1, 25))


@pytest.fixture
def city_settings(tmp_path: Path) -> Settings:
    """Settings in a temporary data dir (threshold 10) for maps of :func:`city`."""
    from pydantic import SecretStr

    return Settings(
        data_dir=tmp_path / "data", suppression_threshold=10, pseudonym_key=SecretStr("k" * 32)
    )


def graph_to_batch(G: nx.MultiDiGraph) -> GraphBatch:
    """A canonical graph as the batch a store writes."""
    from netmap.model.batch import GraphBatch, NodeRecord, RelRecord

    nodes = [
        NodeRecord(
            str(d["label"]), str(n), {"id": n, **{k: v for k, v in d.items() if k != "label"}}
        )
        for n, d in G.nodes(data=True)
    ]
    rels = [
        RelRecord(str(d["type"]), str(s), str(t), {k: v for k, v in d.items() if k != "type"})
        for s, t, d in G.edges(data=True)
    ]
    return GraphBatch(nodes=nodes, rels=rels)


@pytest.fixture
def city_store(
    city_settings: Settings, city: tuple[nx.MultiDiGraph, list[str]]
) -> Iterator[EmbeddedStore]:
    """An embedded store holding :func:`city`, in :func:`city_settings`' data dir."""
    s = EmbeddedStore(city_settings.embedded_path)
    s.init()
    s.upsert(graph_to_batch(city[0]))
    yield s
    s.close()


# --------------------------------------------------------------------------- language


@pytest.fixture
def japanese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The default language, Japanese (``NETMAP_LANG`` unset; a test asks for English
    itself). The upkeep tests use it: ``pytestmark = pytest.mark.usefixtures("japanese")``."""
    monkeypatch.delenv("NETMAP_LANG", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
