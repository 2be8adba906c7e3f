"""The domain-level store interface both stores implement (no Cypher here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from netmap.model.batch import GraphBatch
from netmap.store.changes import ChangeCounts

if TYPE_CHECKING:
    import networkx as nx

#: ``progress(done, total)`` is called as a write advances (rows written so far).
Progress = Callable[[int, int], None]


@dataclass
class Counts:
    """Node counts per label and relationship counts per type (zeros included)."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"nodes": dict(self.nodes), "relationships": dict(self.relationships)}


@dataclass
class WriteSummary:
    """What a write did: rows written and records (relationships included) removed, and
    per node label and pair relationship type (``changes``) the records added, updated,
    removed and left unchanged (:mod:`netmap.store.changes`; both stores count alike)."""

    nodes_written: int = 0
    relationships_written: int = 0
    nodes_removed: int = 0
    relationships_removed: int = 0
    changes: dict[str, ChangeCounts] = field(default_factory=dict)

    def changes_dict(self) -> dict[str, dict[str, int]]:
        return {k: c.as_dict() for k, c in self.changes.items()}


@runtime_checkable
class GraphStore(Protocol):
    """Where netmap keeps its graph. Both implementations give the same answers."""

    name: str

    def init(self) -> None:
        """Create the schema (constraints, indexes, tables) idempotently."""

    def upsert(
        self, batch: GraphBatch, *, sync: bool = False, progress: Progress | None = None
    ) -> WriteSummary:
        """Write a validated batch (DATA_MODEL.md re-import semantics).

        With ``sync``, records of the batch's node labels and pair relationship types that
        the batch does not contain are removed. ``changes`` counts, per label and pair type,
        what the write added, updated, removed and left unchanged.
        """

    def preview(self, batch: GraphBatch, *, sync: bool = False) -> WriteSummary:
        """What :meth:`upsert` would change (``changes`` only), read-only: nothing is
        written (``import --dry-run``)."""

    def export_graph(self) -> nx.MultiDiGraph:
        """The whole graph in the canonical form (see :mod:`netmap.model.batch`)."""

    def export_subgraph(self, area_id: str) -> nx.MultiDiGraph:
        """The part of the graph that belongs to an area and its sub-areas."""

    def counts(self) -> Counts: ...

    def existing_ids(self, ids: Iterable[str]) -> dict[str, str]:
        """Of the given ids, those present in the store, mapped to their label."""

    def verified_on(self, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """Of the given ids, the stored organisations and activities with a verification
        date: ``{id: (verified_on as YYYY-MM-DD, source)}``."""

    def data_version(self) -> str:
        """Changes whenever the stored data changes (used to cache analyses)."""

    def ping(self) -> None:
        """Raise :class:`~netmap.errors.StoreUnavailable` when the store cannot be reached."""

    def wipe(self) -> None: ...

    def close(self) -> None: ...


@runtime_checkable
class CypherRunner(Protocol):
    """A store that can run the Cypher library (``cypher/<name>.cypher``) read-only: the
    Neo4j store only. The embedded store never sees Cypher."""

    def run_query(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a read-only library query, run with ``$params``."""
        ...
