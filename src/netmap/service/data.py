"""Data use-cases: import, stats, init and wipe (shared by the CLI, the API, notebooks).

Each function takes an open ``store`` or opens the configured one (and closes it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from netmap import activity
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
    actor: str | None = None,
    source_name: str | None = None,
    dry_run: bool = False,
    allow_empty: Iterable[str] = (),
    force_older: bool = False,
) -> ImportReport:
    """Validate and import a folder, ``.zip``, ``.csv`` or ``.xlsx`` (see
    :func:`run_import`); the import (what it changed per kind, and what a sync removed) is
    recorded in the activity log under ``actor`` (default: the OS user) with
    ``source_name`` (default: the file's name). With ``dry_run`` nothing is written or
    recorded: the report says what the import would change."""
    with _opened(settings, store) as st:
        report = run_import(
            path,
            st,
            settings=settings,
            sync=sync,
            progress=progress,
            dry_run=dry_run,
            allow_empty=allow_empty,
            force_older=force_older,
        )
        if dry_run:
            return report
        common = {"actor": actor, "source": source_name or Path(path).name, "store": st.name}
        activity.record(
            settings,
            "import",
            **common,
            sync=sync,
            files={f.name: f.rows for f in report.files},
            nodes_written=report.nodes_written,
            relationships_written=report.relationships_written,
            changes={
                c.kind: {k: v for k, v in c.as_dict().items() if k not in ("kind", "label") and v}
                for c in report.changes
                if c.added or c.updated or c.removed
            },
        )
        if report.nodes_removed or report.relationships_removed:
            activity.record(
                settings,
                "sync.remove",
                **common,
                nodes_removed=report.nodes_removed,
                relationships_removed=report.relationships_removed,
            )
        refresh_release(settings, st, actor=actor)
        return report


def refresh_release(settings: Settings, store: GraphStore, *, actor: str | None = None) -> None:
    """After a write: build the release of the latest reference date if it is missing, or
    rebuild it if no viewer product has read it yet (a release once read is frozen;
    docs/privacy.md)."""
    from netmap.service.releases import build_current_release, graph_source

    try:
        build_current_release(settings, graph_source(store), actor=actor or "")
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


def wipe_db(
    *, settings: Settings, store: GraphStore | None = None, actor: str | None = None
) -> str:
    """Delete every node and relationship (recorded in the activity log with the counts
    deleted); returns the store's name."""
    with _opened(settings, store) as st:
        before = st.counts().as_dict()
        st.wipe()
        activity.record(
            settings,
            "wipe",
            actor=actor,
            store=st.name,
            nodes_removed=sum(before["nodes"].values()),
            relationships_removed=sum(before["relationships"].values()),
        )
        return st.name
