"""The import pipeline: read → validate → transform → load (cartography's shape).

:func:`run_import` validates every file before anything is written; on any problem it
raises :class:`~netmap.errors.ImportValidationError` listing all of them and the store is
untouched. Store failures surface as :class:`~netmap.errors.StoreUnavailable` or
:class:`~netmap.errors.StoreWriteError`; since every write is an idempotent upsert,
re-running the same import completes a write that failed part-way.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netmap.config import Settings
from netmap.errors import (
    ImportValidationError,
    NetmapError,
    Problem,
    StoreUnavailable,
    StoreWriteError,
)
from netmap.ingest.columns import FILE_SPECS
from netmap.ingest.limits import Limits
from netmap.ingest.sources import read_tables
from netmap.ingest.transform import transform
from netmap.ingest.validate import AreaInfo, validate_tables
from netmap.logs import event
from netmap.model.batch import GraphBatch
from netmap.model.schema import Label, Rel
from netmap.privacy import load_or_create_key
from netmap.store.base import GraphStore, Progress, WriteSummary

__all__ = ["FileReport", "ImportReport", "prepare_import", "run_import"]

log = logging.getLogger(__name__)

RERUN_HINT = "re-run the same import to complete it"


@dataclass
class FileReport:
    name: str
    encoding: str
    rows: int


@dataclass
class ImportReport:
    """What an import did (the CLI's table and ``--format json``)."""

    source: str
    store: str
    sync: bool
    files: list[FileReport] = field(default_factory=list)
    nodes_written: int = 0
    relationships_written: int = 0
    nodes_removed: int = 0
    relationships_removed: int = 0
    warnings: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "source": self.source,
            "store": self.store,
            "sync": self.sync,
            "files": [{"name": f.name, "encoding": f.encoding, "rows": f.rows} for f in self.files],
            "nodes_written": self.nodes_written,
            "relationships_written": self.relationships_written,
            "nodes_removed": self.nodes_removed,
            "relationships_removed": self.relationships_removed,
            "warnings": [w.as_dict() for w in self.warnings],
        }


def _uses_resident_ids(names: Iterable[str]) -> bool:
    return any(c.resident for n in names if n in FILE_SPECS for c in FILE_SPECS[n].columns)


def _store_call_error(store: GraphStore, what: str, exc: Exception) -> NetmapError:
    if isinstance(exc, NetmapError):
        return exc
    return StoreUnavailable(
        f"cannot {what} the {store.name} store ({type(exc).__name__}: {exc})",
        details={"store": store.name},
    )


def _store_areas(store: GraphStore) -> Mapping[str, AreaInfo]:
    try:
        G = store.export_graph()
    except Exception as exc:
        raise _store_call_error(store, "read areas from", exc) from None
    out: dict[str, AreaInfo] = {}
    for nid, data in G.nodes(data=True):
        if data.get("label") != Label.AREA:
            continue
        parents = [t for _, t, d in G.out_edges(nid, data=True) if d.get("type") == Rel.PART_OF]
        out[nid] = AreaInfo(level=data.get("level"), parent=parents[0] if parents else None)
    return out


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the import builds its rows.

    Reading, validating and transforming allocate hundreds of thousands of small, acyclic
    objects (rows, dicts, records); each allocation burst makes the collector rescan the
    ever-growing heap, which cost about half the time of these phases. Reference counting
    still frees everything as usual. The collector is re-enabled on the way out only when
    it was enabled on the way in (so overlapping imports leave it as they found it).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def prepare_import(
    path: str | Path, store: GraphStore, *, settings: Settings
) -> tuple[GraphBatch, ImportReport]:
    """Read, validate and transform; raise with every problem, write nothing."""
    with _gc_paused():
        return _prepare_import(path, store, settings=settings)


def _prepare_import(
    path: str | Path, store: GraphStore, *, settings: Settings
) -> tuple[GraphBatch, ImportReport]:
    limits = Limits.from_settings(settings)
    # streamed: each file's rows are read as the validator checks them (caps on the way)
    tables = read_tables(path, limits=limits, stream=True)
    key = load_or_create_key(settings) if _uses_resident_ids(tables) else b""

    def existing_ids(ids: Iterable[str]) -> Mapping[str, str]:
        try:
            return store.existing_ids(ids)
        except Exception as exc:
            raise _store_call_error(store, "read from", exc) from None

    try:
        validation = validate_tables(
            tables,
            key=key,
            existing_ids=existing_ids,
            store_areas=lambda: _store_areas(store),
            limits=limits,
        )
    finally:
        for table in tables.values():
            table.close()  # a file not read to its end (rejected early): close it now
    labels = {name: t.label for name, t in tables.items() if t.label}  # workbook sheets
    if validation.problems:
        event(
            log, "import.rejected", source=Path(str(path)).name, problems=validation.problem_count
        )
        raise ImportValidationError(
            _labelled(validation.problems, labels),
            total=validation.problem_count,
            exact=validation.problem_count_exact,
            totals=[
                {**t, "file": labels.get(t["file"], t["file"])} for t in validation.problem_totals
            ],
        )
    batch = transform(validation)
    report = ImportReport(
        source=str(path),
        store=store.name,
        sync=False,
        files=[
            FileReport(labels.get(vf.name, vf.name), vf.encoding, len(vf.rows))
            for vf in validation.files.values()
        ],
        warnings=_labelled(validation.warnings, labels),
    )
    return batch, report


def _labelled(problems: list[Problem], labels: Mapping[str, str]) -> list[Problem]:
    """Name each problem's input as the reader labelled it (a sheet rather than a file)."""
    if not labels:
        return problems
    return [dataclasses.replace(p, file=labels.get(p.file, p.file)) for p in problems]


def run_import(
    path: str | Path,
    store: GraphStore,
    *,
    settings: Settings,
    sync: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a folder, ``.zip`` or ``.csv`` into ``store``.

    Every file is validated first; with any problem, raises
    :class:`~netmap.errors.ImportValidationError` (every problem listed) and writes
    nothing. With ``sync``, records of the imported files' labels (and memberships,
    partnerships, participations when their file is imported) that the files no longer
    contain are removed.
    """
    batch, report = prepare_import(path, store, settings=settings)
    report.sync = sync
    try:
        summary: WriteSummary = store.upsert(batch, sync=sync, progress=progress)
    except StoreUnavailable as exc:
        raise StoreUnavailable(_with_hint(exc.message), details=exc.details) from None
    except StoreWriteError as exc:
        raise StoreWriteError(_with_hint(exc.message), details=exc.details) from None
    except NetmapError:
        raise
    except Exception as exc:
        raise StoreWriteError(
            _with_hint(f"writing to the {store.name} store failed ({type(exc).__name__}: {exc})"),
            details={"store": store.name},
        ) from None
    report.nodes_written = summary.nodes_written
    report.relationships_written = summary.relationships_written
    report.nodes_removed = summary.nodes_removed
    report.relationships_removed = summary.relationships_removed
    event(
        log,
        "import.done",
        source=Path(str(path)).name,
        store=store.name,
        sync=sync,
        nodes_written=summary.nodes_written,
        relationships_written=summary.relationships_written,
        nodes_removed=summary.nodes_removed,
        relationships_removed=summary.relationships_removed,
    )
    return report


def _with_hint(message: str) -> str:
    return message if RERUN_HINT in message else f"{message}; {RERUN_HINT}"
