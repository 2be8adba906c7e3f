"""The import pipeline: read → validate → transform → load (cartography's shape).

:func:`run_import` validates every file before anything is written; on any problem it
raises :class:`~netmap.errors.ImportValidationError` listing all of them and the store is
untouched. Store failures surface as :class:`~netmap.errors.StoreUnavailable` or
:class:`~netmap.errors.StoreWriteError`; since every write is an idempotent upsert,
re-running the same import completes a write that failed part-way.

Every import reports, per kind of record, what it added, updated, removed and left
unchanged (the store counts it, :mod:`netmap.store.changes`); with ``dry_run`` it
validates and reports that without writing. With ``sync``, an empty file or sheet removes
nothing unless ``allow_empty`` names its kind, and a record that still refers to one the
sync would remove is a problem. Messages are in ``settings.lang``
(:mod:`netmap.ingest.messages`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netmap.collector import gc_paused
from netmap.config import Settings
from netmap.errors import (
    ImportRejected,
    NetmapError,
    Problem,
    StoreUnavailable,
    StoreWriteError,
    UsageError,
)
from netmap.ingest.columns import FILE_ORDER, FILE_SPECS
from netmap.ingest.limits import Limits
from netmap.ingest.messages import close_matches, did_you_mean, language, t
from netmap.ingest.sources import read_tables
from netmap.ingest.store_view import StoreView, store_call_error
from netmap.ingest.table import Table
from netmap.ingest.transform import transform
from netmap.ingest.validate import validate_tables
from netmap.ingest.validation import Validation
from netmap.logs import event
from netmap.model.batch import GraphBatch
from netmap.model.schema import Label
from netmap.privacy import load_or_create_key
from netmap.store.base import GraphStore, Progress, WriteSummary
from netmap.store.changes import ChangeCounts

__all__ = [
    "EMPTY_KINDS",
    "FileReport",
    "ImportReport",
    "KindChange",
    "prepare_import",
    "prepare_tables",
    "run_import",
]

log = logging.getLogger(__name__)

RERUN_HINT = "re-run the same import to complete it"

#: The kinds ``--allow-empty`` may name: the import files' (and sheets') names.
EMPTY_KINDS: tuple[str, ...] = tuple(
    FILE_SPECS[n].stem for n in FILE_ORDER if not FILE_SPECS[n].vocabulary_file
)


@dataclass
class FileReport:
    name: str
    encoding: str
    rows: int


@dataclass
class KindChange:
    """What an import changed of one kind of record (``kind``: its file or sheet name,
    ``label``: the node label or relationship type)."""

    kind: str
    label: str
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class ImportReport:
    """What an import did (the CLI's table and ``--format json``). ``changes``: per kind
    of record, what was added, updated, removed and left unchanged (with ``dry_run``:
    what would be; nothing was written)."""

    source: str
    store: str
    sync: bool
    files: list[FileReport] = field(default_factory=list)
    nodes_written: int = 0
    relationships_written: int = 0
    nodes_removed: int = 0
    relationships_removed: int = 0
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    changes: list[KindChange] = field(default_factory=list)

    def totals(self) -> ChangeCounts:
        total = ChangeCounts()
        for c in self.changes:
            total.added += c.added
            total.updated += c.updated
            total.removed += c.removed
            total.unchanged += c.unchanged
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "source": self.source,
            "store": self.store,
            "sync": self.sync,
            "dry_run": self.dry_run,
            "files": [{"name": f.name, "encoding": f.encoding, "rows": f.rows} for f in self.files],
            "changes": [c.as_dict() for c in self.changes],
            "nodes_written": self.nodes_written,
            "relationships_written": self.relationships_written,
            "nodes_removed": self.nodes_removed,
            "relationships_removed": self.relationships_removed,
            "warnings": [w.as_dict() for w in self.warnings],
        }


def _uses_resident_ids(names: Iterable[str]) -> bool:
    return any(c.resident for n in names if n in FILE_SPECS for c in FILE_SPECS[n].columns)


def allowed_empty(kinds: Iterable[str]) -> set[str]:
    """The file names ``--allow-empty`` names (``organisations`` → ``organisations.csv``;
    a sheet name, a file name or a label, any case). An unknown kind is a
    :class:`~netmap.errors.UsageError` with "did you mean"."""
    by_key: dict[str, str] = {}
    for name in FILE_ORDER:
        spec = FILE_SPECS[name]
        if spec.vocabulary_file:
            continue
        for alias in (spec.stem, name, spec.label or "", spec.rel or ""):
            if alias:
                by_key[alias.casefold()] = name
    out: set[str] = set()
    for kind in kinds:
        for part in kind.split(","):
            key = part.strip().casefold()
            if not key:
                continue
            if key not in by_key:
                hint = did_you_mean(close_matches(part.strip(), EMPTY_KINDS, n=2, cutoff=0.6))
                raise UsageError(
                    t(
                        f"--allow-empty の種類「{part.strip()}」はありません"
                        + (f": {hint}" if hint else "")
                        + f"（{', '.join(EMPTY_KINDS)} のいずれか）",
                        f"--allow-empty: unknown kind {part.strip()!r}"
                        + (f" ({hint})" if hint else "")
                        + f"; expected one of {', '.join(EMPTY_KINDS)}",
                    ),
                    details={"kind": part.strip()},
                )
            out.add(by_key[key])
    return out


def _empty(table: Table) -> bool:
    """A header and no data row (and nothing wrong with it)."""
    return not table.problems and table.complete and not table.has_rows()


def _sync_scope(
    tables: dict[str, Table], *, sync: bool, allow: set[str]
) -> tuple[set[str] | None, list[Problem]]:
    """Which tables ``--sync`` prunes the kinds of, and the warnings about the others.

    An empty table (a header only) never removes anything unless ``allow`` names it: an
    empty sheet is left out of the import, an empty CSV file is read (0 rows) but prunes
    nothing. The tables left out are closed and removed from ``tables``; their warnings
    (file names, unknown sheets) are returned with the others.
    """
    notes: list[Problem] = []
    scope: set[str] | None = set() if sync else None
    for name in list(tables):
        table = tables[name]
        if not _empty(table):
            if scope is not None:
                scope.add(name)
            continue
        if scope is not None and name in allow:
            scope.add(name)  # removes every record of its kind (asked for)
            continue
        stem = FILE_SPECS[name].stem if name in FILE_SPECS else name
        if table.label is not None:
            notes.extend(table.warnings)
            table.close()
            del tables[name]
        if scope is not None and not FILE_SPECS[name].vocabulary_file:
            notes.append(
                Problem(
                    table.label or name,
                    None,
                    None,
                    None,
                    t(
                        "データ行がありません: 空の"
                        + ("シート" if table.label else "ファイル")
                        + f"は --sync でも何も削除しません（{stem} をすべて削除するときは "
                        f"--allow-empty {stem} を付けます）",
                        f"no data rows: an empty {'sheet' if table.label else 'file'} removes "
                        f"nothing, even with --sync (to remove every {stem} record, add "
                        f"--allow-empty {stem})",
                    ),
                )
            )
    return scope, notes


def prepare_import(
    path: str | Path,
    store: GraphStore,
    *,
    settings: Settings,
    sync: bool = False,
    allow_empty: Iterable[str] = (),
    force_older: bool = False,
) -> tuple[GraphBatch, ImportReport]:
    """Read, validate and transform; raise with every problem, write nothing.

    A row of an organisation or activity whose ``verified_on`` is older than the stored
    record's (empty: never verified) would undo a later check (such as an approved
    self-review): without ``force_older`` the import keeps the stored record and warns,
    and ``sync`` refuses (a problem per row)."""
    with gc_paused(), language(settings.lang):
        return _prepare_import(
            path,
            store,
            settings=settings,
            sync=sync,
            allow_empty=allow_empty,
            force_older=force_older,
        )


def prepare_tables(
    tables: dict[str, Table],
    store: GraphStore,
    *,
    settings: Settings,
    source: str,
) -> tuple[GraphBatch, ImportReport]:
    """Validate and transform tables built in memory (``table_from_rows``: the rows a
    review form proposes) exactly as an import's files, against the store; raise
    :class:`~netmap.errors.ImportRejected` with every problem, write nothing. ``source``
    names them in the report and the logs."""
    with gc_paused(), language(settings.lang):
        return _prepare_tables(
            tables,
            store,
            settings=settings,
            source=source,
            sync=False,
            allow=set(),
            limits=Limits.from_settings(settings),
        )


def _prepare_import(
    path: str | Path,
    store: GraphStore,
    *,
    settings: Settings,
    sync: bool,
    allow_empty: Iterable[str],
    force_older: bool = False,
) -> tuple[GraphBatch, ImportReport]:
    allow = allowed_empty(allow_empty)
    if allow and not sync:
        raise UsageError(
            t(
                "--allow-empty は --sync と一緒に使います（空のファイルで記録を削除するため）",
                "--allow-empty goes with --sync (it lets an empty file remove records)",
            )
        )
    limits = Limits.from_settings(settings)
    # streamed: each file's rows are read as the validator checks them (caps on the way)
    tables = read_tables(path, limits=limits, stream=True, keep_empty=True)
    return _prepare_tables(
        tables,
        store,
        settings=settings,
        source=str(path),
        sync=sync,
        allow=allow,
        limits=limits,
        force_older=force_older,
    )


def _prepare_tables(
    tables: dict[str, Table],
    store: GraphStore,
    *,
    settings: Settings,
    source: str,
    sync: bool,
    allow: set[str],
    limits: Limits,
    force_older: bool = False,
) -> tuple[GraphBatch, ImportReport]:
    view = StoreView(store)

    def existing_ids(ids: Iterable[str]) -> Mapping[str, str]:
        try:
            return store.existing_ids(ids)
        except Exception as exc:
            raise store_call_error(store, "read from", exc) from None

    try:
        scope, notes = _sync_scope(tables, sync=sync, allow=allow)
        key = load_or_create_key(settings) if _uses_resident_ids(tables) else b""
        validation = validate_tables(
            tables,
            key=key,
            existing_ids=existing_ids,
            store_areas=view.areas,
            limits=limits,
            sync_files=scope,
            stored=view.records,
            stored_links=view.links,
        )
    finally:
        for table in tables.values():
            table.close()  # a file not read to its end (rejected early): close it now
    labels = {name: tb.label for name, tb in tables.items() if tb.label}  # workbook sheets
    warnings = _labelled(validation.warnings, labels) + notes
    if not validation.problems and not force_older:
        older = _older_rows(validation, store, sync=sync)
        if sync:
            validation.problems.extend(older)
            validation.problem_count += len(older)
        else:
            warnings += _labelled(older, labels)
    if validation.problems:
        event(log, "import.rejected", source=Path(source).name, problems=validation.problem_count)
        raise ImportRejected(
            _labelled(validation.problems, labels),
            warnings=warnings,
            total=validation.problem_count,
            exact=validation.problem_count_exact,
            totals=[
                {**tt, "file": labels.get(tt["file"], tt["file"])}
                for tt in validation.problem_totals
            ],
        )
    batch = transform(validation)
    report = ImportReport(
        source=source,
        store=store.name,
        sync=sync,
        files=[
            FileReport(labels.get(vf.name, vf.name), vf.encoding, len(vf.rows))
            for vf in validation.files.values()
        ],
        warnings=warnings,
    )
    return batch, report


#: the kinds of record that carry ``verified_on`` / ``source``
_VERIFIED_LABELS = (Label.ORGANISATION, Label.ACTIVITY)


def _older_rows(validation: Validation, store: GraphStore, *, sync: bool) -> list[Problem]:
    """The organisation and activity rows older than the stored record's verification,
    one problem each (file, row, ``verified_on``). Without ``sync`` the rows are taken
    out of ``validation`` (the stored record stays as it is)."""
    rows = {
        str(r.values["id"]): (vf, r)
        for vf in validation.files.values()
        if vf.spec.label in _VERIFIED_LABELS
        for r in vf.rows
    }
    if not rows:
        return []
    try:
        stored = store.verified_on(rows)
    except Exception as exc:
        raise store_call_error(store, "read from", exc) from None
    out: list[Problem] = []
    dropped: set[int] = set()
    for rid in sorted(stored):
        vf, row = rows[rid]
        day, source = stored[rid]
        mine = str(row.values.get("verified_on") or "")[:10]
        if mine >= day:
            continue
        by = f"（{source}）" if source else ""
        by_en = f" ({source})" if source else ""
        shown = mine or t("空欄", "empty")
        if sync:
            reason = t(
                f"保存済みの {rid} は {day} に確認済み{by}で、この行の確認日（{shown}）より新しい："
                "--sync で上書きすると確認済みの変更が失われます。台帳を "
                "`netmap export --for-import` で書き出し直すか、--force-older を付けてください",
                f"the stored {rid} was verified on {day}{by_en}, later than this row "
                f"({shown}): --sync would undo that check; export the master again with "
                "`netmap export --for-import`, or add --force-older",
            )
        else:
            reason = t(
                f"保存済みの {rid} は {day} に確認済み{by}で、この行の確認日（{shown}）"
                "より新しいため、この行は取り込まず保存済みの記録を残しました"
                "（上書きするときは --force-older）",
                f"the stored {rid} was verified on {day}{by_en}, later than this row "
                f"({shown}): the row was not imported and the stored record kept "
                "(--force-older overwrites it)",
            )
            dropped.add(id(row))
        out.append(Problem(vf.name, row.number, "verified_on", mine or None, reason))
    if dropped:
        for vf in validation.files.values():
            vf.rows = [r for r in vf.rows if id(r) not in dropped]
    return sorted(out, key=lambda p: (p.file, p.row or 0))


def _labelled(problems: list[Problem], labels: Mapping[str, str]) -> list[Problem]:
    """Name each problem's input as the reader labelled it (a sheet rather than a file)."""
    if not labels:
        return problems
    return [dataclasses.replace(p, file=labels.get(p.file, p.file)) for p in problems]


def kind_changes(changes: Mapping[str, ChangeCounts]) -> list[KindChange]:
    """The store's counts per label and pair type, as kinds of record in file order."""
    out: list[KindChange] = []
    for name in FILE_ORDER:
        spec = FILE_SPECS[name]
        label = spec.label or spec.rel
        if label is None or label not in changes:
            continue
        c = changes[label]
        out.append(KindChange(spec.stem, label, c.added, c.updated, c.removed, c.unchanged))
    return out


def run_import(
    path: str | Path,
    store: GraphStore,
    *,
    settings: Settings,
    sync: bool = False,
    progress: Progress | None = None,
    dry_run: bool = False,
    allow_empty: Iterable[str] = (),
    force_older: bool = False,
) -> ImportReport:
    """Import a folder, ``.zip``, ``.csv`` or ``.xlsx`` into ``store``.

    Every file is validated first; with any problem, raises
    :class:`~netmap.errors.ImportValidationError` (every problem listed) and writes
    nothing. With ``sync``, records of the imported files' labels (and memberships,
    partnerships, participations when their file is imported) that the files no longer
    contain are removed; an empty file removes nothing unless ``allow_empty`` names its
    kind (``"organisations"``). With ``dry_run``, nothing is written: the report says what
    the import would add, update, remove and leave unchanged. ``force_older``: see
    :func:`prepare_import`.
    """
    batch, report = prepare_import(
        path, store, settings=settings, sync=sync, allow_empty=allow_empty, force_older=force_older
    )
    report.dry_run = dry_run
    try:
        if dry_run:
            summary = store.preview(batch, sync=sync)
        else:
            summary = store.upsert(batch, sync=sync, progress=progress)
    except StoreUnavailable as exc:
        raise StoreUnavailable(_with_hint(exc.message, dry_run), details=exc.details) from None
    except StoreWriteError as exc:
        raise StoreWriteError(_with_hint(exc.message, dry_run), details=exc.details) from None
    except NetmapError:
        raise
    except Exception as exc:
        what = "reading" if dry_run else "writing to"
        failed = f"{what} the {store.name} store failed ({type(exc).__name__}: {exc})"
        raise StoreWriteError(
            _with_hint(failed, dry_run),
            details={"store": store.name},
        ) from None
    _fill(report, summary)
    event(
        log,
        "import.dry_run" if dry_run else "import.done",
        source=Path(str(path)).name,
        store=store.name,
        sync=sync,
        nodes_written=summary.nodes_written,
        relationships_written=summary.relationships_written,
        nodes_removed=summary.nodes_removed,
        relationships_removed=summary.relationships_removed,
    )
    return report


def _fill(report: ImportReport, summary: WriteSummary) -> None:
    report.nodes_written = summary.nodes_written
    report.relationships_written = summary.relationships_written
    report.nodes_removed = summary.nodes_removed
    report.relationships_removed = summary.relationships_removed
    report.changes = kind_changes(summary.changes)


def _with_hint(message: str, dry_run: bool = False) -> str:
    if dry_run or RERUN_HINT in message:
        return message
    return f"{message}; {RERUN_HINT}"
