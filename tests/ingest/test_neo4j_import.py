"""The same import into the real Neo4j gives the same graph as the embedded store."""

from __future__ import annotations

from pathlib import Path

import pytest

from netmap.config import Settings
from netmap.errors import ImportValidationError
from netmap.ingest import run_import
from netmap.store.base import GraphStore
from netmap.store.embedded import EmbeddedStore

from .conftest import BAD, SAMPLE, SAMPLE_CP932


@pytest.mark.neo4j
def test_sample_into_neo4j_matches_embedded(
    neo4j_store: GraphStore, settings: Settings, tmp_path: Path
) -> None:
    embedded = EmbeddedStore(tmp_path / "e.sqlite3")
    try:
        run_import(SAMPLE, embedded, settings=settings)
        run_import(SAMPLE_CP932, neo4j_store, settings=settings)
        run_import(SAMPLE, neo4j_store, settings=settings)  # idempotent
        assert neo4j_store.counts() == embedded.counts()
        g_neo, g_emb = neo4j_store.export_graph(), embedded.export_graph()
        assert dict(g_neo.nodes(data=True)) == dict(g_emb.nodes(data=True))
        assert sorted(g_neo.edges(keys=True, data=True)) == sorted(
            g_emb.edges(keys=True, data=True)
        )
        before = neo4j_store.counts()
        with pytest.raises(ImportValidationError):
            run_import(BAD, neo4j_store, settings=settings)
        assert neo4j_store.counts() == before
    finally:
        embedded.close()
