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


@pytest.mark.neo4j
def test_both_stores_report_the_same_changes(
    neo4j_store: GraphStore, settings: Settings, tmp_path: Path
) -> None:
    """Added, updated, removed and unchanged per kind: the same from both stores, for a
    first import, a changed one with --sync (dry run, then for real) and a repeat."""
    import shutil

    changed = tmp_path / "changed"
    shutil.copytree(SAMPLE, changed)
    orgs = changed / "organisations.csv"
    lines = orgs.read_text(encoding="utf-8").splitlines()
    lines = [ln for ln in lines if not ln.startswith("org-old-center,")]
    lines = [ln.replace("ハローワーク港北", "ハローワーク港北（新）") for ln in lines]
    orgs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    members = changed / "memberships.csv"
    kept = [
        ln
        for ln in members.read_text(encoding="utf-8").splitlines()
        if not ln.startswith("org-old-center,")
    ]
    members.write_text("\n".join(kept) + "\n", encoding="utf-8")
    embedded = EmbeddedStore(tmp_path / "e.sqlite3")
    try:
        for source, sync, dry in (
            (SAMPLE, False, False),
            (changed, True, True),
            (changed, True, False),
            (changed, True, False),
        ):
            a = run_import(source, embedded, settings=settings, sync=sync, dry_run=dry)
            b = run_import(source, neo4j_store, settings=settings, sync=sync, dry_run=dry)
            assert a.changes == b.changes, (source.name, sync, dry)
        by_kind = {c.kind: c for c in a.changes}
        assert by_kind["organisations"].unchanged == 11
    finally:
        embedded.close()
