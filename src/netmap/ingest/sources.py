"""Read the import files: a folder, a ``.zip`` or a single ``.csv`` (``.xlsx`` via a hook).

:func:`read_tables` finds the netmap files in a container and opens each as a
:class:`~netmap.ingest.table.Table` (a CSV file through :func:`~netmap.ingest.csvfile.open_csv`,
a workbook through :data:`EXTRA_READERS`). A file name close to a netmap file's
(``organisation.csv``) is a problem with a "did you mean", not a file silently ignored.

Files are read as streams, never whole, through :mod:`netmap.ingest.limits` (the caps on
expanded size and rows, damaged archives). With ``stream=True`` the tables hand out their
rows lazily (:meth:`~netmap.ingest.table.Table.iter_rows`, what the validator uses), so a
file that is clearly garbage is abandoned after its first problems instead of being held
in memory whole.

Nothing here knows what the columns mean; :mod:`netmap.ingest.validate` does.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Protocol

from netmap.errors import ImportValidationError, NetmapError, Problem
from netmap.ingest.csvfile import Source, open_csv
from netmap.ingest.limits import (
    BoundedReader,
    Budget,
    Limits,
    open_file,
    open_member,
    open_zip,
)
from netmap.ingest.messages import did_you_mean, t
from netmap.ingest.table import Table, column_key, known_files

__all__ = [
    "EXTRA_READERS",
    "TableReader",
    "name_suggestion",
    "read_folder",
    "read_single_csv",
    "read_tables",
    "read_zip",
    "unknown_name",
]


class TableReader(Protocol):
    """What a reader is: tables by file name (``"areas.csv"``)."""

    def __call__(
        self,
        path: Path,
        *,
        limits: Limits | None = None,
        budget: Budget | None = None,
        stream: bool = False,
        keep_empty: bool = False,
    ) -> dict[str, Table]: ...


#: Readers for other container types, as ``"module:function"`` (imported on use, so heavy
#: libraries load only when needed). The XLSX reader (one sheet per file name) plugs in here.
EXTRA_READERS: dict[str, str] = {
    ".xlsx": "netmap.ingest.xlsx:read_xlsx",
    ".xlsm": "netmap.ingest.xlsx:read_xlsx",
}


def name_suggestion(name: str, known: Iterable[str]) -> str | None:
    """The netmap file (or sheet) name a misspelt one most likely means, if any.

    >>> name_suggestion("organisation", ["organisations", "areas"])
    'organisations'
    >>> name_suggestion("memo", ["organisations", "areas"]) is None
    True
    """
    key = column_key(name)
    stems = list(known)
    matches = difflib.get_close_matches(key, stems, n=1, cutoff=0.75)
    return matches[0] if matches else None


def unknown_name(
    name: str, shown: str, known: Iterable[str], what: tuple[str, str]
) -> tuple[Problem, bool]:
    """The note on an input whose name is not a netmap file's (or sheet's): a problem
    with a "did you mean" when the name is close to one (``True``), else a warning that
    it is ignored (``False``). ``shown``: how the report names it; ``what``: ``("ファイル
    名", "file name")``."""
    stems = sorted(known)
    guess = name_suggestion(name.removesuffix(".csv").removesuffix(".CSV"), stems)
    if guess is not None:
        return (
            Problem(
                shown,
                None,
                None,
                None,
                t(
                    f"netmap の{what[0]}ではありません: {did_you_mean([guess])}"
                    f"（{what[0]}を直してください。このままでは取り込まれません）",
                    f"not a netmap {what[1]}: {did_you_mean([guess])} (rename it: as it is, "
                    "it would not be imported)",
                ),
            ),
            True,
        )
    return (
        Problem(
            shown,
            None,
            None,
            None,
            t(
                f"netmap の{what[0]}ではないので無視しました（{', '.join(stems)} のいずれか）",
                f"not a netmap {what[1]} (expected one of {', '.join(stems)}); ignored",
            ),
        ),
        False,
    )


def _check_name(
    name: str, tables: dict[str, Table], warnings: list[Problem], errors: list[Problem]
) -> str | None:
    key = column_key(name)
    if key not in known_files():
        stems = [n.removesuffix(".csv") for n in known_files()]
        note, is_error = unknown_name(name, name, stems, ("ファイル名", "file name"))
        (errors if is_error else warnings).append(note)
        return None
    if key in tables:
        raise NetmapError(
            t(f"取り込みに {key} が 2 つあります", f"the import contains {key} twice")
        )
    return key


def _with_warnings(
    tables: dict[str, Table], warnings: list[Problem], errors: list[Problem] | None = None
) -> dict[str, Table]:
    """File-name warnings (and problems) travel with the first table; with no table at
    all, the problems reject the import, or nothing was found."""
    if not tables:
        if errors:
            raise ImportValidationError(errors)
        names = ", ".join(sorted(known_files()))
        raise NetmapError(
            t(
                f"netmap の CSV ファイルがありません（{names} のいずれかが必要です）",
                f"no netmap CSV files found (expected some of {names})",
            ),
            details={"warnings": [w.as_dict() for w in warnings]},
        )
    first = tables[sorted(tables)[0]]
    first.warnings[:0] = warnings
    first.problems[:0] = errors or []
    return tables


def _finish(tables: dict[str, Table], stream: bool) -> dict[str, Table]:
    if not stream:
        for table in tables.values():
            table.read_all()
    return tables


def read_folder(
    path: Path, *, limits: Limits | None = None, budget: Budget | None = None, stream: bool = False
) -> dict[str, Table]:
    """Every ``*.csv`` file directly in a folder."""
    lim = limits or Limits()
    budget = budget or Budget(lim.expanded_bytes)
    tables: dict[str, Table] = {}
    warnings: list[Problem] = []
    errors: list[Problem] = []
    for file in sorted(p for p in path.iterdir() if p.is_file()):
        if file.suffix.lower() != ".csv" or file.name.startswith("."):
            continue
        key = _check_name(file.name, tables, warnings, errors)
        if key is not None:
            tables[key] = open_csv(_file_source(key, file), limits=lim, budget=budget)
    return _finish(_with_warnings(tables, warnings, errors), stream)


def _file_source(name: str, path: Path) -> Source:
    def opener(budget: Budget | None, cap: int | None) -> BoundedReader:
        return open_file(path, file=path.name, budget=budget, cap=cap)

    return Source(name, opener)


def _member_source(name: str, archive: Path, member: str) -> Source:
    def opener(budget: Budget | None, cap: int | None) -> BoundedReader:
        return open_member(archive, member, budget=budget, cap=cap)

    return Source(name, opener)


def read_zip(
    path: Path, *, limits: Limits | None = None, budget: Budget | None = None, stream: bool = False
) -> dict[str, Table]:
    """Every ``*.csv`` in a zip archive, at its top or in one folder inside it.

    The archive is checked first (:func:`~netmap.ingest.limits.open_zip`); each member is
    decompressed through a :class:`~netmap.ingest.limits.BoundedReader`, so the bytes it
    really holds are counted (not the sizes it declares) and a damaged member rejects the
    import with the archive's name and the reason."""
    lim = limits or Limits()
    budget = budget or Budget(lim.expanded_bytes)
    tables: dict[str, Table] = {}
    warnings: list[Problem] = []
    errors: list[Problem] = []
    with open_zip(path) as zf:
        infos = sorted(zf.infolist(), key=lambda i: i.filename)
    for info in infos:
        member = PurePosixPath(info.filename)
        if info.is_dir() or member.suffix.lower() != ".csv":
            continue
        if member.name.startswith(".") or "__MACOSX" in member.parts:
            continue
        key = _check_name(member.name, tables, warnings, errors)
        if key is not None:
            source = _member_source(key, path, info.filename)
            tables[key] = open_csv(source, limits=lim, budget=budget)
    return _finish(_with_warnings(tables, warnings, errors), stream)


def read_single_csv(
    path: Path, *, limits: Limits | None = None, budget: Budget | None = None, stream: bool = False
) -> dict[str, Table]:
    lim = limits or Limits()
    budget = budget or Budget(lim.expanded_bytes)
    tables: dict[str, Table] = {}
    warnings: list[Problem] = []
    errors: list[Problem] = []
    key = _check_name(path.name, tables, warnings, errors)
    if key is not None:
        tables[key] = open_csv(_file_source(key, path), limits=lim, budget=budget)
    return _finish(_with_warnings(tables, warnings, errors), stream)


def _extra_reader(suffix: str) -> TableReader:
    target = EXTRA_READERS[suffix]
    module_name, func_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        raise NetmapError(
            t(
                f"このバージョンでは {suffix} ファイルを読めません",
                f"reading {suffix} files is not available in this version",
            )
        ) from None
    reader: TableReader = getattr(module, func_name)
    return reader


def read_tables(
    path: str | Path,
    *,
    limits: Limits | None = None,
    stream: bool = False,
    keep_empty: bool = False,
) -> dict[str, Table]:
    """Read an import: a folder, a ``.zip``, a single ``.csv`` or (hook) an ``.xlsx``.

    Returns the tables by file name (lower case, e.g. ``"areas.csv"``); unknown file names
    become warnings on the first table. Raises :class:`~netmap.errors.NetmapError` when
    the path does not exist or holds no netmap file, and
    :class:`~netmap.errors.ImportValidationError` when a cap of ``limits`` is passed (the
    files hold more than ``expanded_bytes``, a file more than ``rows_per_file`` rows) or
    an archive is damaged. With ``stream``, rows are read only as
    :meth:`Table.iter_rows` asks for them (the caps then apply as they are read). A
    workbook's sheets without data rows are left out unless ``keep_empty`` (CSV files
    are always read: the import decides what an empty one means, see ``--allow-empty``).
    """
    p = Path(path)
    if not p.exists():
        raise NetmapError(t(f"ファイルもフォルダもありません: {p}", f"no such file or folder: {p}"))
    lim = limits or Limits()
    budget = Budget(lim.expanded_bytes)
    if p.is_dir():
        return read_folder(p, limits=lim, budget=budget, stream=stream)
    suffix = p.suffix.lower()
    if suffix == ".zip":
        return read_zip(p, limits=lim, budget=budget, stream=stream)
    if suffix == ".csv":
        return read_single_csv(p, limits=lim, budget=budget, stream=stream)
    if suffix in EXTRA_READERS:
        reader = _extra_reader(suffix)
        if keep_empty:
            return reader(p, limits=lim, budget=budget, stream=stream, keep_empty=True)
        return reader(p, limits=lim, budget=budget, stream=stream)
    raise NetmapError(
        t(
            f"{p.name} は取り込めません: フォルダ、.zip、.csv、.xlsx のいずれかを指定してください",
            f"cannot import {p.name}: expected a folder, a .zip or a .csv file",
        )
    )
