"""Release use-cases: which release answers a viewer, building it when needed, listing.

* :func:`release_store`: the releases of the configured data dir;
* :func:`release_for`: the release that answers ``as_of`` for viewers and meetings (the
  latest reference date on or before it), built from the store's graph on first use;
* :func:`build_current_release`: after an import, the release of the latest reference
  date, if it does not exist yet (a release is frozen once built).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netmap.config import Settings
from netmap.disclosure.release import Release
from netmap.disclosure.storage import GraphSource, ReleaseStore

if TYPE_CHECKING:
    import networkx as nx

    from netmap.store.base import GraphStore

__all__ = [
    "GraphSource",
    "build_current_release",
    "find_release",
    "graph_source",
    "list_releases",
    "release_for",
    "release_store",
    "release_summary",
]


def release_store(settings: Settings) -> ReleaseStore:
    return ReleaseStore(
        settings.data_dir,
        period=settings.release_period,
        threshold=settings.suppression_threshold,
    )


def graph_source(store: GraphStore, graph: nx.MultiDiGraph | None = None) -> GraphSource:
    """A :class:`GraphSource` over a store (``graph``: its graph, if already exported)."""
    return GraphSource(
        version=store.data_version,
        graph=(lambda: graph) if graph is not None else store.export_graph,
    )


def release_for(
    settings: Settings,
    source: GraphSource,
    as_of: dt.date | str | None = None,
    *,
    today: dt.date | None = None,
) -> Release:
    """The release that answers ``as_of`` (default today) for a viewer product: the latest
    reference date on or before it and before today. Built on first use; frozen from then
    on (see :mod:`netmap.disclosure.storage`)."""
    from netmap.analysis.projections import resolve_as_of

    releases = release_store(settings)
    day = resolve_as_of(as_of) if as_of is not None else None
    rel = releases.get_or_build(releases.reference_for(day, today=today), source)
    releases.mark_served(rel)  # a product reads it: frozen from now on
    return rel


def build_current_release(
    settings: Settings,
    source: GraphSource,
    *,
    replace: bool = False,
    actor: str = "",
    reference: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> Release:
    """Build (if missing) the release of ``reference`` (default: the latest reference date
    before today). ``replace`` rebuilds an existing one (logged; see docs/privacy.md)."""
    releases = release_store(settings)
    ref = reference or releases.reference_for(None)
    return releases.get_or_build(ref, source, replace=replace, actor=actor, progress=progress)


def release_summary(rel: Release, *, served: bool | None = None) -> dict[str, Any]:
    """What ``netmap release list|show`` prints of a release (no cell values)."""
    tables: dict[str, list[int]] = {}
    for key, (_exact, shown) in rel.cells.items():
        t = tables.setdefault(key[0], [0, 0])
        t[0] += 1
        t[1] += shown is None
    return {
        "id": rel.id,
        "reference_date": rel.reference_date.isoformat(),
        "period": rel.period,
        "period_start": rel.period_start.isoformat(),
        "data_version": rel.data_version,
        "threshold": rel.threshold,
        "built_at": rel.built_at,
        "served": served,
        "replaced": rel.replaced,
        "cells": len(rel.cells),
        "hidden": rel.hidden_count,
        "tables": {k: {"cells": v[0], "hidden": v[1]} for k, v in sorted(tables.items())},
        "audit": {k: v for k, v in rel.audit.items() if k not in ("failures", "intervals")},
    }


def list_releases(settings: Settings) -> list[dict[str, Any]]:
    """Every release in the data dir, oldest first."""
    releases = release_store(settings)
    out = []
    for info in releases.list():
        rel = releases.get_by_id(info.id)
        if rel is not None:
            out.append(release_summary(rel, served=releases.served(rel)))
    return out


def find_release(settings: Settings, release_id: str | None) -> Release:
    """A release by id (``month-2026-11-30``), or the latest one; NotFound otherwise."""
    from netmap.errors import NotFound

    releases = release_store(settings)
    infos = releases.list()
    if release_id is None:
        if not infos:
            raise NotFound("no release has been built yet (netmap release build)")
        release_id = infos[-1].id
    rel = releases.get_by_id(release_id)
    if rel is None:
        known = ", ".join(i.id for i in infos) or "none"
        raise NotFound(
            f"no release {release_id!r} (built: {known})", details={"release": release_id}
        )
    return rel
