"""Data use-cases: import, stats, init and wipe (shared by the CLI, the API, notebooks).

Each function takes an open ``store`` or opens the configured one (and closes it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from netmap.config import Settings
from netmap.errors import NetmapError
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


log = logging.getLogger(__name__)


def import_path(
    path: str | Path,
    *,
    settings: Settings,
    store: GraphStore | None = None,
    sync: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate and import a folder, ``.zip`` or ``.csv`` (see :func:`run_import`)."""
    with _opened(settings, store) as st:
        report = run_import(path, st, settings=settings, sync=sync, progress=progress)
        refresh_release(settings, st)
        return report


def refresh_release(settings: Settings, store: GraphStore) -> None:
    """After a write: build the release of the latest reference date if it is missing, or
    rebuild it if no viewer product has read it yet (a release once read is frozen;
    docs/privacy.md)."""
    from netmap.service.releases import build_current_release, graph_source

    try:
        build_current_release(settings, graph_source(store))
    except NetmapError as exc:  # the import stands; the release is built on first use
        log.warning("release not built after the import: %s", exc.message)


def stats(*, settings: Settings, store: GraphStore | None = None) -> dict[str, dict[str, int]]:
    """``{"nodes": {label: count}, "relationships": {type: count}}`` (zeros included)."""
    with _opened(settings, store) as st:
        return st.counts().as_dict()


def init_db(*, settings: Settings, store: GraphStore | None = None) -> str:
    """Create the store's schema (idempotent); returns the store's name."""
    with _opened(settings, store) as st:
        st.init()
        return st.name


def wipe_db(*, settings: Settings, store: GraphStore | None = None) -> str:
    """Delete every node and relationship; returns the store's name."""
    with _opened(settings, store) as st:
        st.wipe()
        return st.name
