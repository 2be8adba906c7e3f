"""Data use-cases: import, stats, init and wipe (shared by the CLI, the API, notebooks).

Each function takes an open ``store`` or opens the configured one (and closes it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from netmap.config import Settings, get_settings
from netmap.ingest.pipeline import ImportReport, run_import
from netmap.store import open_store
from netmap.store.base import GraphStore, Progress

__all__ = ["import_path", "init_db", "stats", "wipe_db"]


@contextmanager
def _opened(settings: Settings, store: GraphStore | None) -> Iterator[GraphStore]:
    if store is not None:
        yield store
        return
    s = open_store(settings)
    try:
        yield s
    finally:
        s.close()


def import_path(
    path: str | Path,
    *,
    settings: Settings | None = None,
    store: GraphStore | None = None,
    sync: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate and import a folder, ``.zip`` or ``.csv`` (see :func:`run_import`)."""
    s = settings or get_settings()
    with _opened(s, store) as st:
        return run_import(path, st, settings=s, sync=sync, progress=progress)


def stats(
    *, settings: Settings | None = None, store: GraphStore | None = None
) -> dict[str, dict[str, int]]:
    """``{"nodes": {label: count}, "relationships": {type: count}}`` (zeros included)."""
    with _opened(settings or get_settings(), store) as st:
        return st.counts().as_dict()


def init_db(*, settings: Settings | None = None, store: GraphStore | None = None) -> str:
    """Create the store's schema (idempotent); returns the store's name."""
    with _opened(settings or get_settings(), store) as st:
        st.init()
        return st.name


def wipe_db(*, settings: Settings | None = None, store: GraphStore | None = None) -> str:
    """Delete every node and relationship; returns the store's name."""
    with _opened(settings or get_settings(), store) as st:
        st.wipe()
        return st.name
