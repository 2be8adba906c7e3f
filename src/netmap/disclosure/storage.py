"""Releases on disk: ``NETMAP_DATA_DIR/releases/<period>-<reference date>.json.gz``.

One gzip-compressed JSON file per release (format ``netmap-release/1``, see
docs/privacy.md), written atomically (a temporary file, then a rename), mode 0600 in a
0700 folder. Several processes (``netmap serve`` workers, the CLI) share the folder: a
build holds an exclusive file lock (``releases/.build.lock``, ``fcntl.flock``) and looks
again for the file once it has the lock, so a release is built once.

**Frozen once seen.** A release that any viewer product has read (marked by a file
``<id>.served`` beside it) is never rebuilt: late data reaches the next period's release.
A release built after an import but not yet read by anyone is rebuilt when the data
changes again before it is first read (nobody can have seen the earlier version).
``replace=True`` (``netmap release build --replace``, admins only) is for emergencies: it
rebuilds the file and is recorded as ``release.replace`` in the activity log (a viewer who
saw both versions could subtract them: a disclosure risk). Every build is recorded there
(``release.build``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gzip
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from netmap.activity import record as record_activity
from netmap.collector import gc_paused
from netmap.disclosure.calendar import Period, reference_for
from netmap.disclosure.release import Release, build_release, release_id
from netmap.logs import event
from netmap.private_files import open_private, private_dir, write_private

log = logging.getLogger(__name__)

__all__ = ["GraphSource", "ReleaseInfo", "ReleaseStore"]

RELEASE_DIR = "releases"
_SUFFIX = ".json.gz"

#: Loaded releases, shared by the requests of one process: path -> (mtime_ns, release).
_LOADED: dict[str, tuple[int, Release]] = {}
_LOADED_MAX = 8
_MEMORY_LOCK = threading.Lock()


@dataclass(frozen=True)
class GraphSource:
    """Where a build gets its data: the store's data version (cheap, asked first) and its
    whole graph (exported only when a build is needed)."""

    version: Callable[[], str]
    graph: Callable[[], nx.MultiDiGraph]


@dataclass(frozen=True)
class ReleaseInfo:
    id: str
    reference_date: dt.date
    period: str
    path: Path


class ReleaseStore:
    """The releases of one data directory."""

    def __init__(self, data_dir: Path, *, period: Period, threshold: int) -> None:
        self.dir = Path(data_dir) / RELEASE_DIR
        self.period = period
        self.threshold = threshold

    # ------------------------------------------------------------------ reading

    def reference_for(self, as_of: dt.date | None, *, today: dt.date | None = None) -> dt.date:
        """The reference date whose release answers ``as_of`` (default today)."""
        today = today or dt.date.today()
        return reference_for(as_of or today, self.period, today=today)

    def path(self, reference: dt.date) -> Path:
        return self.dir / f"{release_id(self.period, reference)}{_SUFFIX}"

    def list(self) -> list[ReleaseInfo]:
        """Every release on disk (any period), oldest reference date first."""
        out: list[ReleaseInfo] = []
        if not self.dir.is_dir():
            return out
        for p in self.dir.glob(f"*{_SUFFIX}"):
            rid = p.name.removesuffix(_SUFFIX)
            period, _, day = rid.partition("-")
            try:
                ref = dt.date.fromisoformat(day)
            except ValueError:
                continue
            out.append(ReleaseInfo(rid, ref, period, p))
        return sorted(out, key=lambda i: (i.reference_date, i.period))

    def get(self, reference: dt.date) -> Release | None:
        """The release of ``reference`` if it was built, else ``None``."""
        return self._load(self.path(reference))

    def get_by_id(self, rid: str) -> Release | None:
        return self._load(self.dir / f"{rid}{_SUFFIX}")

    def _load(self, path: Path) -> Release | None:
        try:
            mtime = path.stat().st_mtime_ns
        except FileNotFoundError:
            return None
        key = str(path)
        with _MEMORY_LOCK:
            hit = _LOADED.get(key)
            if hit is not None and hit[0] == mtime:
                return hit[1]
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rel = Release.from_json(json.load(fh))
        with _MEMORY_LOCK:
            _LOADED[key] = (mtime, rel)
            while len(_LOADED) > _LOADED_MAX:
                _LOADED.pop(next(iter(_LOADED)))
        return rel

    # ------------------------------------------------------------------ building

    def served(self, rel: Release) -> bool:
        return (self.dir / f"{rel.id}.served").exists()

    def mark_served(self, rel: Release) -> None:
        """Record that a viewer product read ``rel``: from now on it is frozen."""
        marker = self.dir / f"{rel.id}.served"
        if not marker.exists():
            with contextlib.suppress(FileExistsError):
                os.close(open_private(marker, os.O_WRONLY | os.O_EXCL))

    def get_or_build(
        self,
        reference: dt.date,
        source: GraphSource,
        *,
        replace: bool = False,
        actor: str = "",
        progress: Callable[[str], None] | None = None,
    ) -> Release:
        """The release of ``reference``, built (under the lock) if it does not exist, or if
        it was never read by a viewer product and the data changed since (``replace``:
        rebuild even a served release, logged as a disclosure risk)."""
        if not replace:
            found = self.get(reference)
            if found is not None and (self.served(found) or found.data_version == source.version()):
                return found
        with self._lock():
            previous = self.get(reference)
            if (
                previous is not None
                and not replace
                and (self.served(previous) or previous.data_version == source.version())
            ):
                return previous
            G = source.graph()
            version = source.version()
            others = [
                i for i in self.list() if i.period == self.period and i.reference_date != reference
            ]
            hashes: set[str] = set()
            for info in others:
                rel = self._load(info.path)
                if rel is not None:
                    hashes.update(rel.referrals)
            with gc_paused():  # the build allocates much beside the whole graph
                rel = build_release(
                    G,
                    reference=reference,
                    period=self.period,
                    threshold=self.threshold,
                    data_version=version,
                    published_before=hashes,
                    released_periods=[i.reference_date for i in others],
                    progress=progress,
                )
            if previous is not None and self.served(previous):
                rel.replaced = {
                    "previous_built_at": previous.built_at,
                    "previous_data_version": previous.data_version,
                    "by": actor,
                }
            self._write(rel)
            record_activity(
                self.dir.parent,
                "release.replace" if rel.replaced else "release.build",
                actor=actor or None,
                release=rel.id,
                data_version=rel.data_version,
                cells=len(rel.cells),
                hidden=rel.hidden_count,
            )
            event(
                log,
                "release.built",
                release=rel.id,
                data_version=rel.data_version,
                cells=len(rel.cells),
                hidden=rel.hidden_count,
                audit_passed=rel.audit.get("passed"),
                audit_s=rel.audit.get("seconds"),
                replaced=rel.replaced is not None,
            )
            return rel

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        self._ensure_dir()
        fd = open_private(self.dir / ".build.lock", os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _ensure_dir(self) -> None:
        private_dir(self.dir)

    def _write(self, rel: Release) -> Path:
        data = json.dumps(rel.to_json(), ensure_ascii=False).encode("utf-8")
        return write_private(self.path(rel.reference_date), gzip.compress(data, mtime=0))
