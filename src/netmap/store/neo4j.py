"""The Neo4j production store (the official driver, Cypher from ``cypher/``).

Writes follow DATA_MODEL.md's re-import semantics in three phases, each a series of
``UNWIND $rows`` batches in managed transactions (retried on transient errors):

1. nodes of every label (``MERGE`` on ``id``, then ``SET n = props``);
2. the relationships the batch's node rows own are deleted (``cypher/write/owned_*``);
3. the batch's relationships are written (``MERGE``; partnerships by endpoints and kind).

Every batch is idempotent, so re-running an import after a crash completes it. With
``sync``, records of the imported labels and pair types that the batch lacks are removed
afterwards. Labels and relationship types are fixed in the Cypher text (one file per
label or type), never taken from input; those files are generated from the schema by
:mod:`netmap.store.cypher_gen` (``python -m netmap.store.cypher_gen``).

The constructor never touches the database; the driver is created on first use.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as nx_err

from netmap.collector import gc_paused
from netmap.cypher import list_cypher, load_cypher, split_statements
from netmap.errors import NetmapError, StoreUnavailable, StoreWriteError
from netmap.model.batch import GraphBatch, RelRecord
from netmap.model.graph import build_graph, subgraph_for_area
from netmap.model.schema import NODE_LABELS, OWNED_RELS, PAIR_RELS, REL_TYPES
from netmap.store.base import Counts, Progress, WriteSummary
from netmap.store.changes import StoredState, concerned, plan_changes

if TYPE_CHECKING:
    import networkx as nx

    from netmap.config import Settings

__all__ = ["Neo4jStore"]

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Rows per ``UNWIND`` batch (one transaction each).
DEFAULT_BATCH_SIZE = 5000
#: Ids per ``read/existing_ids`` query (a read: fewer round trips than write batches).
EXISTING_IDS_CHUNK = 20000

_START_HINT = "start it with scripts/neo4j-local start (or docker compose up neo4j)"


def _chunks(seq: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def _node_props(node_id: str, props: dict[str, Any]) -> dict[str, Any]:
    """Neo4j stores no nulls: absent means absent. The id is always a property."""
    out = {k: v for k, v in props.items() if v is not None}
    out["id"] = node_id
    return out


def _key_value(rel: RelRecord) -> str:
    """The value of a relationship type's key property ('' when none or absent)."""
    kp = REL_TYPES[rel.type].key_property
    return str(rel.props.get(kp) or "") if kp else ""


def _dedupe_rels(rels: Iterable[RelRecord]) -> dict[str, list[RelRecord]]:
    """Canonical relationships per type, one per (source, key, target); the last row wins
    (as a second row for the same relationship would update the first)."""
    seen: dict[tuple[str, str, str, str], RelRecord] = {}
    for r in rels:
        c = r.canonical()
        seen[(c.type, c.source, c.key, c.target)] = c
    out: dict[str, list[RelRecord]] = {}
    for (typ, _, _, _), rel in seen.items():
        out.setdefault(typ, []).append(rel)
    return out


def _split_targets(rel_type: str) -> tuple[str, ...]:
    """The target labels of a relationship type written with one file per target label
    (``write/rels_<TYPE>_<Label>``, a plain ``MATCH`` instead of the ``UNION`` over the
    labels in ``write/rels_<TYPE>``); ``()`` when the type is written with one file."""
    targets = REL_TYPES[rel_type].targets
    if len(targets) < 2:
        return ()
    write = set(list_cypher("write"))
    if all(f"rels_{rel_type}_{label}" in write for label in targets):
        return tuple(targets)
    return ()


def _rel_row(r: RelRecord) -> dict[str, Any]:
    return {
        "source": r.source,
        "target": r.target,
        "key": _key_value(r),
        "props": {k: v for k, v in r.props.items() if v is not None},
    }


class Neo4jStore:
    """:class:`~netmap.store.base.GraphStore` on a Neo4j 5 server.

    Parameters
    ----------
    uri, user, password, database
        Where the server is (``bolt://`` or ``neo4j://``) and how to log in.
    driver
        An existing :class:`neo4j.Driver` to use instead of creating one; the caller keeps
        ownership (``close()`` does not close it).
    batch_size
        Rows per ``UNWIND`` transaction.
    max_retry_time
        Seconds the driver keeps retrying a transaction on transient errors (including the
        server going away) before the store gives up with an error.
    """

    name = "neo4j"

    def __init__(
        self,
        uri: str = "bolt://127.0.0.1:7687",
        *,
        user: str = "neo4j",
        password: str = "netmap-local",
        database: str = "neo4j",
        driver: neo4j.Driver | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_retry_time: float = 30.0,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be positive")
        self.uri = uri
        self.user = user
        self._password = password
        self.database = database
        self.batch_size = batch_size
        self.max_retry_time = max_retry_time
        self._driver = driver
        self._owns_driver = driver is None
        self._initialised = False
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        return cls(
            settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
            max_retry_time=settings.neo4j_retry_seconds,
        )

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r}, database={self.database!r})"

    # -- driver and error mapping ------------------------------------------------------
    def _get_driver(self) -> neo4j.Driver:
        with self._lock:
            if self._driver is None:
                try:
                    self._driver = GraphDatabase.driver(
                        self.uri,
                        auth=(self.user, self._password),
                        max_transaction_retry_time=self.max_retry_time,
                        connection_timeout=10.0,
                        connection_acquisition_timeout=60.0,
                        # Counting an absent relationship type is normal here, not a warning.
                        notifications_min_severity="OFF",
                    )
                except (nx_err.ConfigurationError, ValueError) as exc:
                    raise StoreUnavailable(
                        f"cannot use the Neo4j address {self.uri!r}: {exc}",
                        details={"uri": self.uri},
                    ) from exc
            return self._driver

    @contextmanager
    def _errors(self, action: str, *, writing: bool = False) -> Iterator[None]:
        """Turn driver errors into netmap errors with a message a user can act on."""
        details = {"uri": self.uri, "database": self.database, "action": action}
        try:
            yield
        except NetmapError:
            raise
        except nx_err.AuthError as exc:
            raise StoreUnavailable(
                f"Neo4j at {self.uri} rejected the credentials of user {self.user!r}: "
                "check NETMAP_NEO4J_USER / NETMAP_NEO4J_PASSWORD",
                details=details,
            ) from exc
        except (
            nx_err.ServiceUnavailable,
            nx_err.SessionExpired,
            nx_err.ConnectionAcquisitionTimeoutError,
            nx_err.IncompleteCommit,
            nx_err.DatabaseUnavailable,
            OSError,
        ) as exc:
            msg = f"Neo4j at {self.uri} is not reachable ({action}): {_START_HINT}"
            if writing:
                raise StoreWriteError(
                    f"{msg}. The write stopped part-way; once the server is back, re-run the "
                    "same import (or command) to complete it",
                    details=details,
                ) from exc
            raise StoreUnavailable(msg, details=details) from exc
        except nx_err.Neo4jError as exc:
            text = f"Neo4j at {self.uri} refused to {action}: {exc.code}: {exc.message}"
            if writing:
                raise StoreWriteError(
                    f"{text}; re-run the same import after fixing the cause", details=details
                ) from exc
            raise StoreUnavailable(text, details=details) from exc
        except nx_err.DriverError as exc:
            cls = StoreWriteError if writing else StoreUnavailable
            raise cls(
                f"the Neo4j driver failed to {action} at {self.uri}: {exc}", details=details
            ) from exc

    def _run(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
    ) -> neo4j.EagerResult:
        """One query from ``cypher/<name>.cypher`` in a managed transaction."""
        driver = self._get_driver()
        result: neo4j.EagerResult = driver.execute_query(
            load_cypher(name),
            params or {},
            routing_=RoutingControl.WRITE if write else RoutingControl.READ,
            database_=self.database,
        )
        return result

    def _read(self, name: str, params: dict[str, Any] | None = None) -> list[neo4j.Record]:
        with self._errors(f"read ({name})"):
            return list(self._run(name, params).records)

    def run_query(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a read-only query from ``cypher/<name>.cypher`` (e.g. the analyst
        library ``analysis/gaps``), run in a read transaction with ``$params``."""
        with self._errors(f"read ({name})"):
            return [r.data() for r in self._run(name, params).records]

    # -- GraphStore --------------------------------------------------------------------
    def ping(self) -> None:
        with self._errors("connect"):
            driver = self._get_driver()
            driver.verify_connectivity()
            self._run("read/ping")

    def init(self) -> None:
        """Constraints and indexes from ``cypher/schema/`` (all ``IF NOT EXISTS``)."""
        with self._errors("create the schema"):
            driver = self._get_driver()
            for name in list_cypher("schema"):
                for statement in split_statements(load_cypher(f"schema/{name}")):
                    driver.execute_query(statement, database_=self.database)
        self._initialised = True

    def _ensure_init(self) -> None:
        if not self._initialised:
            self.init()

    def _bump_version(self) -> None:
        self._run("write/bump_version", write=True)

    def upsert(
        self, batch: GraphBatch, *, sync: bool = False, progress: Progress | None = None
    ) -> WriteSummary:
        self._ensure_init()
        summary = WriteSummary()
        by_label = batch.nodes_by_label()
        rels_by_type = _dedupe_rels(batch.rels)
        total = len(batch.nodes) + sum(len(v) for v in rels_by_type.values())
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if n and progress is not None:
                progress(done, total)

        # What the write changes, from what the store holds before it (read first).
        summary.changes = plan_changes(batch, self._state(batch, sync), sync=sync)
        with self._errors("write the import", writing=True):
            # Before any write, so a write that stops part-way still changes the version.
            self._bump_version()
            # 1. nodes, every label
            for label in NODE_LABELS:
                latest = {n.id: n for n in by_label[label]}  # a repeated id: last row wins
                rows = [{"id": i, "props": _node_props(i, n.props)} for i, n in latest.items()]
                for chunk in _chunks(rows, self.batch_size):
                    self._run(f"write/nodes_{label}", {"rows": list(chunk)}, write=True)
                    summary.nodes_written += len(chunk)
                    advance(len(chunk))
                advance(len(by_label[label]) - len(rows))
            # 2. relationships owned by the rows just written
            for label in NODE_LABELS:
                if not OWNED_RELS[label]:
                    continue
                ids = sorted({n.id for n in by_label[label]})
                for id_chunk in _chunks(ids, self.batch_size):
                    self._run(f"write/owned_{label}", {"ids": list(id_chunk)}, write=True)
            # 3. relationships
            node_labels: dict[str, str] | None = None
            for rel_type in REL_TYPES:
                rels = rels_by_type.get(rel_type, [])
                # (query, rows): a type with several target labels is split by the label
                # the batch gives each target (written in phase 1); the rest, targets only
                # in the store, go through the file that tries every target label.
                groups: list[tuple[str, list[dict[str, Any]]]] = []
                split = _split_targets(rel_type) if rels else ()
                if split:
                    if node_labels is None:
                        node_labels = {n.id: n.label for n in batch.nodes}
                    by_target: dict[str, list[dict[str, Any]]] = {t: [] for t in split}
                    other: list[dict[str, Any]] = []
                    for r in rels:
                        by_target.get(node_labels.get(r.target, ""), other).append(_rel_row(r))
                    groups = [(f"write/rels_{rel_type}_{t}", rows) for t, rows in by_target.items()]
                    groups.append((f"write/rels_{rel_type}", other))
                else:
                    groups = [(f"write/rels_{rel_type}", [_rel_row(r) for r in rels])]
                for query, rows in groups:
                    for chunk in _chunks(rows, self.batch_size):
                        res = self._run(query, {"rows": list(chunk)}, write=True)
                        written = int(res.records[0]["written"]) if res.records else 0
                        if written < len(chunk):
                            log.warning(
                                "%d %s relationship(s) skipped: an endpoint id is not in the store",
                                len(chunk) - written,
                                rel_type,
                            )
                        summary.relationships_written += written
                        advance(len(chunk))
            if sync:
                self._sync(batch, rels_by_type, summary)
            self._bump_version()
        return summary

    def _state(self, batch: GraphBatch, sync: bool) -> StoredState:
        """What the store holds of the labels and types the batch concerns (the export
        queries, limited to them)."""
        labels, types = concerned(batch, sync=sync)
        state = StoredState()
        if labels:
            for rec in self._read("read/nodes", {"labels": labels}):
                props = dict(rec["props"])
                state.nodes[str(props.get("id"))] = (str(rec["label"]), props)
        if types:
            state.rels = [
                (str(rec["type"]), str(rec["source"]), str(rec["target"]), dict(rec["props"]))
                for rec in self._read("read/rels", {"types": types})
            ]
        return state

    def preview(self, batch: GraphBatch, *, sync: bool = False) -> WriteSummary:
        return WriteSummary(changes=plan_changes(batch, self._state(batch, sync), sync=sync))

    def _sync(
        self,
        batch: GraphBatch,
        rels_by_type: dict[str, list[RelRecord]],
        summary: WriteSummary,
    ) -> None:
        keep_ids = {n.id for n in batch.nodes}
        for label in NODE_LABELS:
            if label not in batch.sync_labels():
                continue
            stored = {str(rec["id"]) for rec in self._run(f"read/ids_{label}").records}
            gone = sorted(stored - keep_ids)
            for id_chunk in _chunks(gone, self.batch_size):
                res = self._run(f"write/remove_nodes_{label}", {"ids": list(id_chunk)}, write=True)
                summary.nodes_removed += res.summary.counters.nodes_deleted
                summary.relationships_removed += res.summary.counters.relationships_deleted
        for rel_type in PAIR_RELS:
            if rel_type not in batch.pair_rel_types:
                continue
            keep = {(r.source, r.target, _key_value(r)) for r in rels_by_type.get(rel_type, [])}
            stored_pairs = {
                (str(rec["source"]), str(rec["target"]), str(rec["key"]))
                for rec in self._run(f"read/pairs_{rel_type}").records
            }
            rows = [{"source": s, "target": t, "key": k} for s, t, k in sorted(stored_pairs - keep)]
            for chunk in _chunks(rows, self.batch_size):
                res = self._run(f"write/remove_rels_{rel_type}", {"rows": list(chunk)}, write=True)
                summary.relationships_removed += res.summary.counters.relationships_deleted

    def export_graph(self) -> nx.MultiDiGraph:
        with gc_paused():
            nodes = [
                (str(rec["label"]), dict(rec["props"]))
                for rec in self._read("read/nodes", {"labels": list(NODE_LABELS)})
            ]
            rels = [
                (str(rec["type"]), str(rec["source"]), str(rec["target"]), dict(rec["props"]))
                for rec in self._read("read/rels", {"types": list(REL_TYPES)})
            ]
            return build_graph(nodes, rels)

    def export_subgraph(self, area_id: str) -> nx.MultiDiGraph:
        return subgraph_for_area(self.export_graph(), area_id)

    def counts(self) -> Counts:
        nodes = dict.fromkeys(NODE_LABELS, 0)
        rels = dict.fromkeys(REL_TYPES, 0)
        for rec in self._read("read/counts"):
            target = nodes if rec["kind"] == "node" else rels
            target[str(rec["name"])] = int(rec["count"])
        return Counts(nodes=nodes, relationships=rels)

    def existing_ids(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(ids))
        found: dict[str, str] = {}
        # A store without nodes holds none of them: the count store says so in one query,
        # instead of an index lookup per id and label (the first import of a new store).
        if not wanted or not any(self.counts().nodes.values()):
            return found
        for chunk in _chunks(wanted, EXISTING_IDS_CHUNK):
            for rec in self._read("read/existing_ids", {"ids": list(chunk)}):
                found[str(rec["id"])] = str(rec["label"])
        return found

    def verified_on(self, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        wanted = sorted(set(ids))
        found: dict[str, tuple[str, str | None]] = {}
        if not wanted:
            return found
        for chunk in _chunks(wanted, EXISTING_IDS_CHUNK):
            for rec in self._read("read/verified_on", {"ids": list(chunk)}):
                src = rec["source"]
                found[str(rec["id"])] = (
                    str(rec["verified_on"])[:10],
                    None if src is None else str(src),
                )
        return found

    def data_version(self) -> str:
        recs = self._read("read/data_version")
        version = recs[0]["version"] if recs else None
        return f"neo4j:{version or 0}"

    def wipe(self) -> None:
        """Delete every node and relationship (the schema stays)."""
        with self._errors("wipe the database", writing=True):
            driver = self._get_driver()
            # CALL {} IN TRANSACTIONS needs an auto-commit transaction.
            with driver.session(database=self.database) as session:
                session.run(load_cypher("write/wipe")).consume()
            self._bump_version()

    def close(self) -> None:
        with self._lock:
            if self._driver is not None and self._owns_driver:
                self._driver.close()
                self._driver = None
            self._initialised = False

    # -- conveniences ------------------------------------------------------------------
    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
