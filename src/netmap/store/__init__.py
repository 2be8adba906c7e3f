"""Stores: the embedded SQLite default and the Neo4j production store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netmap.store.base import Counts, GraphStore, Progress, WriteSummary
from netmap.store.changes import ChangeCounts

if TYPE_CHECKING:
    from netmap.config import Settings

__all__ = ["ChangeCounts", "Counts", "GraphStore", "Progress", "WriteSummary", "open_store"]


def open_store(settings: Settings | None = None) -> GraphStore:
    """Open the configured store (``NETMAP_STORE``); the caller closes it."""
    from netmap.config import get_settings

    s = settings or get_settings()
    if s.store == "neo4j":
        from netmap.store.neo4j import Neo4jStore

        return Neo4jStore.from_settings(s)
    from netmap.store.embedded import EmbeddedStore

    return EmbeddedStore(s.embedded_path)
