"""Per-application state: the store (opened lazily, reopened after a failure), the token
store and the caches. One :class:`AppContext` per :func:`~netmap.api.create_app` call;
nothing is created at import time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from netmap.auth import TokenStore, token_store
from netmap.config import Settings
from netmap.errors import NetmapError, StoreUnavailable
from netmap.model.graph import area_descendants
from netmap.model.schema import Label
from netmap.store.base import GraphStore
from netmap.upkeep.storage import UpkeepStore, upkeep_store

if TYPE_CHECKING:
    import networkx as nx

    from netmap.disclosure.release import Release
    from netmap.viz.view import ViewContext

T = TypeVar("T")

log = logging.getLogger(__name__)

StoreFactory = Callable[[Settings], GraphStore]


def default_store_factory(settings: Settings) -> GraphStore:
    """The configured store; a request waits for an absent Neo4j only
    ``api_neo4j_retry_seconds`` (then 503 with Retry-After), not a command's 30 s."""
    from netmap.store import open_store

    retry = min(settings.api_neo4j_retry_seconds, settings.neo4j_retry_seconds)
    return open_store(settings.model_copy(update={"neo4j_retry_seconds": retry}))


class StoreProvider:
    """Opens the store on first use and drops it after a failure, so the next request
    opens a fresh one: the API recovers by itself when the store comes back."""

    def __init__(self, factory: StoreFactory, settings: Settings) -> None:
        self._factory = factory
        self._settings = settings
        self._store: GraphStore | None = None
        self._lock = threading.Lock()
        self._last_reset = 0.0

    def get(self) -> GraphStore:
        store = self._store
        if store is not None:
            return store
        with self._lock:
            if self._store is None:
                try:
                    self._store = self._factory(self._settings)
                except NetmapError:
                    raise
                except Exception as exc:  # a driver error while connecting
                    raise StoreUnavailable(f"the store cannot be opened: {exc}") from exc
            return self._store

    def reset(self) -> None:
        """Forget the current store (after it failed). At most once a second, so a burst of
        failing requests does not churn connections."""
        with self._lock:
            now = time.monotonic()
            if self._store is None or now - self._last_reset < 1.0:
                return
            self._last_reset = now
            old, self._store = self._store, None
        with contextlib.suppress(Exception):  # closing a broken store may fail too
            old.close()

    def close(self) -> None:
        with self._lock:
            old, self._store = self._store, None
        if old is not None:
            old.close()


class SingleFlightCache:
    """A small LRU cache where concurrent requests for the same key compute it once."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]  # type: ignore[no-any-return]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._data:
                    self.hits += 1
                    return self._data[key]  # type: ignore[no-any-return]
            value = compute()
            with self._lock:
                self.misses += 1
                self._data[key] = value
                self._data.move_to_end(key)
                while len(self._data) > self.maxsize:
                    self._data.popitem(last=False)
                self._key_locks.pop(key, None)
            return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


@dataclass(frozen=True)
class AreaIndex:
    """The area hierarchy of one data version: enough to check scopes quickly."""

    names: dict[str, str]
    levels: dict[str, str]
    parents: dict[str, str | None]
    _descendants: dict[str, frozenset[str]] = field(default_factory=dict)

    def __contains__(self, area_id: object) -> bool:
        return area_id in self.names

    def descendants(self, G: nx.MultiDiGraph, area_id: str) -> frozenset[str]:
        found = self._descendants.get(area_id)
        if found is None:
            found = frozenset(area_descendants(G, area_id)) if area_id in self else frozenset()
            self._descendants[area_id] = found
        return found


def build_area_index(G: nx.MultiDiGraph) -> AreaIndex:
    from netmap.model.graph import out_targets
    from netmap.model.schema import Rel

    names: dict[str, str] = {}
    levels: dict[str, str] = {}
    parents: dict[str, str | None] = {}
    for n, d in G.nodes(data=True):
        if d.get("label") != Label.AREA:
            continue
        names[n] = str(d.get("name", n))
        levels[n] = str(d.get("level", ""))
        ups = out_targets(G, n, Rel.PART_OF)
        parents[n] = ups[0] if ups else None
    return AreaIndex(names=names, levels=levels, parents=parents)


@dataclass
class GraphSnapshot:
    """The whole graph at one data version, shared read-only by requests."""

    version: str
    graph: nx.MultiDiGraph
    areas: AreaIndex


class AppContext:
    """Everything a request needs besides its parameters."""

    def __init__(self, settings: Settings, store_factory: StoreFactory | None = None) -> None:
        self.settings = settings
        self.stores = StoreProvider(store_factory or default_store_factory, settings)
        self.tokens: TokenStore = token_store(settings)
        self.upkeep: UpkeepStore = upkeep_store(settings)  # review links and proposals
        self.graphs = SingleFlightCache(maxsize=2)
        self.results = SingleFlightCache(maxsize=256)  # analyses, lists: small JSON
        self.files = SingleFlightCache(maxsize=24)  # maps, exports, sheets: up to megabytes
        self.import_lock = threading.Lock()
        self.auto_warm = False  # warm again after every write (netmap serve)

    def snapshot(self, store: GraphStore) -> GraphSnapshot:
        """The whole graph of the store's current data version (exported once per version)."""
        version = store.data_version()

        def export() -> GraphSnapshot:
            if self.auto_warm:
                gc.unfreeze()  # an earlier version's graph may be collected again
            G = store.export_graph()
            snap = GraphSnapshot(version=version, graph=G, areas=build_area_index(G))
            self._warm(snap)
            if self.auto_warm:
                # netmap serve: millions of long-lived objects (the graph, its index) out of
                # the collector's reach, or every full collection scans them (0.6 s at
                # scale 1, in the middle of some request)
                gc.collect()
                gc.freeze()
            return snap

        return self.graphs.get_or_compute(("graph", version), export)

    def _warm(self, snap: GraphSnapshot) -> None:
        """Index the graph on the current release date with the snapshot (once per data
        version), so the first map, export or sheet of a viewer is fast."""
        from netmap.disclosure.calendar import reference_for
        from netmap.viz.view import ViewContext

        day = reference_for(dt.date.today(), self.settings.release_period)
        self.cached((snap.version, "view-context", day), lambda: ViewContext(snap.graph, day))

    def warm(self) -> None:
        """Make the first viewer requests fast (``netmap serve`` calls it in the background
        at start-up, and after an import through the API): export the graph of the current
        data version, index it on the current release date, load the current release if it
        is built, and import the map renderer. Never builds or marks a release. A failure
        (the store is away) is logged: the requests themselves report it."""
        from netmap.service.releases import release_store

        try:
            store = self.stores.get()
            self.snapshot(store)
            releases = release_store(self.settings)
            releases.get(releases.reference_for(None))
            from netmap.viz.interactive import preload

            preload()  # pyvis and vis-network's assets
        except Exception as exc:  # a warm-up must never take the server down
            log.warning("warm-up failed: %s", exc)

    def warm_in_background(self) -> threading.Thread:
        """:meth:`warm` in a daemon thread (requests arriving meanwhile wait for the same
        graph instead of exporting it again)."""
        thread = threading.Thread(target=self.warm, name="netmap-warm", daemon=True)
        thread.start()
        return thread

    def cached(self, key: Hashable, compute: Callable[[], T], *, large: bool = False) -> T:
        """A result cached per key (the key includes the data version); ``large`` for files
        (maps, exports), kept in a smaller cache."""
        return (self.files if large else self.results).get_or_compute(key, compute)

    def view_context(self, snap: GraphSnapshot, release: Release) -> ViewContext:
        """The graph on a release's reference date, indexed once per data version (shared
        by the maps, exports and sheets of that release)."""
        from netmap.viz.view import ViewContext

        day = release.reference_date
        return self.cached(
            (snap.version, "view-context", day), lambda: ViewContext(snap.graph, day)
        )

    def invalidate(self) -> None:
        """After a write: drop cached graphs and results."""
        self.graphs.clear()
        self.results.clear()
        self.files.clear()
        if self.auto_warm:
            self.warm_in_background()

    def close(self) -> None:
        self.stores.close()
