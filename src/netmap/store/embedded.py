"""The embedded default store: one SQLite file under ``NETMAP_DATA_DIR``, no server.

Nodes and relationships are rows with JSON properties. Every write is one transaction, so
a failed import leaves the file as it was. The export goes through
:func:`netmap.model.graph.build_graph`, exactly as the Neo4j store's does.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.collector import gc_paused
from netmap.errors import StoreUnavailable, StoreWriteError
from netmap.model.batch import GraphBatch
from netmap.model.graph import build_graph, subgraph_for_area
from netmap.model.schema import NODE_LABELS, OWNED_RELS, REL_TYPES
from netmap.private_files import private_sqlite
from netmap.store.base import Counts, Progress, WriteSummary
from netmap.store.changes import StoredState, concerned, plan_changes

if TYPE_CHECKING:
    import networkx as nx

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    id    TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    props TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label);
CREATE TABLE IF NOT EXISTS rels (
    type   TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    key    TEXT NOT NULL,
    props  TEXT NOT NULL,
    PRIMARY KEY (source, key, target)
);
CREATE INDEX IF NOT EXISTS rels_source_type ON rels(source, type);
CREATE INDEX IF NOT EXISTS rels_type_target ON rels(type, target);
CREATE INDEX IF NOT EXISTS rels_target ON rels(target);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""

_CHUNK = 5000  # rows per executemany step (progress granularity)
_IN_CHUNK = 500  # ids per IN (...) query


def _dumps(props: dict[str, Any]) -> str:
    return json.dumps(props, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _chunks(seq: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


class EmbeddedStore:
    """SQLite-backed :class:`~netmap.store.base.GraphStore`."""

    name = "embedded"

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    # -- connection -------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                private_sqlite(self.path)
                conn = sqlite3.connect(
                    self.path, check_same_thread=False, isolation_level=None, timeout=30
                )
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.executescript(_SCHEMA)
            except (OSError, sqlite3.Error) as exc:
                raise StoreUnavailable(
                    f"the embedded store {self.path} cannot be opened: {exc}"
                ) from exc
            self._conn = conn
        return self._conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connect()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _bump_version(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO meta(k, v) VALUES ('version', '1') "
            "ON CONFLICT(k) DO UPDATE SET v = CAST(CAST(v AS INTEGER) + 1 AS TEXT)"
        )

    # -- GraphStore -------------------------------------------------------------------
    def init(self) -> None:
        self._connect()

    def ping(self) -> None:
        with self._lock:
            try:
                self._connect().execute("SELECT 1").fetchone()
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"the embedded store {self.path} fails: {exc}") from exc

    def upsert(
        self, batch: GraphBatch, *, sync: bool = False, progress: Progress | None = None
    ) -> WriteSummary:
        summary = WriteSummary()
        node_rows = [(n.id, n.label, _dumps(n.props)) for n in batch.nodes]
        rels = [r.canonical() for r in batch.rels]
        rel_rows = [(r.type, r.source, r.target, r.key, _dumps(r.props)) for r in rels]
        owned_src: list[tuple[str, str]] = []
        owned_tgt: list[tuple[str, str]] = []
        for n in batch.nodes:
            for t in OWNED_RELS[n.label]:
                (owned_src if REL_TYPES[t].owner == "source" else owned_tgt).append((t, n.id))
        total = len(node_rows) + len(rel_rows)
        done = 0
        try:
            with self._tx() as conn:
                summary.changes = plan_changes(batch, self._state(conn, batch, sync), sync=sync)
                for chunk in _chunks(node_rows, _CHUNK):
                    conn.executemany(
                        "INSERT INTO nodes(id, label, props) VALUES (?, ?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET label = excluded.label, "
                        "props = excluded.props",
                        chunk,
                    )
                    done += len(chunk)
                    if progress:
                        progress(done, total)
                # unary + keeps SQLite from picking an index on ``type`` alone
                conn.executemany("DELETE FROM rels WHERE +type = ? AND source = ?", owned_src)
                conn.executemany("DELETE FROM rels WHERE type = ? AND target = ?", owned_tgt)
                for chunk in _chunks(rel_rows, _CHUNK):
                    conn.executemany(
                        "INSERT INTO rels(type, source, target, key, props) "
                        "VALUES (?, ?, ?, ?, ?) "
                        "ON CONFLICT(source, key, target) DO UPDATE SET props = excluded.props",
                        chunk,
                    )
                    done += len(chunk)
                    if progress:
                        progress(done, total)
                summary.nodes_written = len(node_rows)
                summary.relationships_written = len(rel_rows)
                if sync:
                    self._sync(conn, batch, rels, summary)
                self._bump_version(conn)
        except sqlite3.Error as exc:
            raise StoreWriteError(
                f"writing to the embedded store {self.path} failed ({exc}); nothing was "
                "written: re-run the same import"
            ) from exc
        return summary

    def _state(self, conn: sqlite3.Connection, batch: GraphBatch, sync: bool) -> StoredState:
        """What the store holds of the labels and types the batch concerns."""
        labels, types = concerned(batch, sync=sync)
        state = StoredState()
        if labels:
            marks = ",".join("?" * len(labels))
            for nid, label, props in conn.execute(
                f"SELECT id, label, props FROM nodes WHERE label IN ({marks})", labels
            ):
                state.nodes[nid] = (label, json.loads(props))
        if types:
            marks = ",".join("?" * len(types))
            state.rels = [
                (t, s, d, {} if p == "{}" else json.loads(p))
                for t, s, d, p in conn.execute(
                    f"SELECT type, source, target, props FROM rels WHERE type IN ({marks})", types
                )
            ]
        return state

    def preview(self, batch: GraphBatch, *, sync: bool = False) -> WriteSummary:
        with self._lock:
            try:
                state = self._state(self._connect(), batch, sync)
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"reading the embedded store failed: {exc}") from exc
        return WriteSummary(changes=plan_changes(batch, state, sync=sync))

    def _sync(
        self,
        conn: sqlite3.Connection,
        batch: GraphBatch,
        rels: list[Any],
        summary: WriteSummary,
    ) -> None:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS keep_nodes (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM keep_nodes")
        conn.executemany(
            "INSERT OR IGNORE INTO keep_nodes(id) VALUES (?)", [(n.id,) for n in batch.nodes]
        )
        for label in sorted(batch.sync_labels()):
            gone = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM nodes WHERE label = ? "
                    "AND id NOT IN (SELECT id FROM keep_nodes)",
                    (label,),
                )
            ]
            for chunk in _chunks(gone, _IN_CHUNK):
                marks = ",".join("?" * len(chunk))
                cur = conn.execute(
                    f"DELETE FROM rels WHERE source IN ({marks}) OR target IN ({marks})",
                    [*chunk, *chunk],
                )
                summary.relationships_removed += cur.rowcount
                cur = conn.execute(f"DELETE FROM nodes WHERE id IN ({marks})", list(chunk))
                summary.nodes_removed += cur.rowcount
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS keep_rels "
            "(source TEXT, key TEXT, target TEXT, PRIMARY KEY (source, key, target))"
        )
        for rel_type in sorted(batch.pair_rel_types):
            conn.execute("DELETE FROM keep_rels")
            conn.executemany(
                "INSERT OR IGNORE INTO keep_rels VALUES (?, ?, ?)",
                [(r.source, r.key, r.target) for r in rels if r.type == rel_type],
            )
            cur = conn.execute(
                "DELETE FROM rels WHERE type = ? AND NOT EXISTS (SELECT 1 FROM keep_rels k "
                "WHERE k.source = rels.source AND k.key = rels.key AND k.target = rels.target)",
                (rel_type,),
            )
            summary.relationships_removed += cur.rowcount

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._connect().execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"reading the embedded store failed: {exc}") from exc

    def export_graph(self) -> nx.MultiDiGraph:
        nodes = (
            (label, json.loads(props))
            for label, props in self._rows("SELECT label, props FROM nodes")
        )
        rels = (
            (t, s, d, json.loads(p))
            for t, s, d, p in self._rows("SELECT type, source, target, props FROM rels")
        )
        with gc_paused():
            return build_graph(nodes, rels)

    def export_subgraph(self, area_id: str) -> nx.MultiDiGraph:
        return subgraph_for_area(self.export_graph(), area_id)

    def counts(self) -> Counts:
        nodes = dict.fromkeys(NODE_LABELS, 0)
        nodes.update(dict(self._rows("SELECT label, COUNT(*) FROM nodes GROUP BY label")))
        rels = dict.fromkeys(REL_TYPES, 0)
        rels.update(dict(self._rows("SELECT type, COUNT(*) FROM rels GROUP BY type")))
        return Counts(nodes=nodes, relationships=rels)

    def existing_ids(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(ids))
        found: dict[str, str] = {}
        for chunk in _chunks(wanted, _IN_CHUNK):
            marks = ",".join("?" * len(chunk))
            found.update(
                dict(self._rows(f"SELECT id, label FROM nodes WHERE id IN ({marks})", chunk))
            )
        return found

    def verified_on(self, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        wanted = sorted(set(ids))
        found: dict[str, tuple[str, str | None]] = {}
        for chunk in _chunks(wanted, _IN_CHUNK):
            marks = ",".join("?" * len(chunk))
            for nid, raw in self._rows(
                f"SELECT id, props FROM nodes WHERE id IN ({marks}) "
                "AND label IN ('Organisation', 'Activity')",
                chunk,
            ):
                props = json.loads(raw)
                day = str(props.get("verified_on") or "")[:10]
                if day:
                    found[str(nid)] = (day, props.get("source"))
        return found

    def data_version(self) -> str:
        rows = self._rows("SELECT v FROM meta WHERE k = 'version'")
        return f"embedded:{rows[0][0] if rows else 0}"

    def wipe(self) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM rels")
            conn.execute("DELETE FROM nodes")
            self._bump_version(conn)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
