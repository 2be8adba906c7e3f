"""Read the import files: a folder, a ``.zip`` or a single ``.csv`` (``.xlsx`` via a hook).

Each CSV file is decoded on its own: UTF-8 (with or without BOM), else CP932 (Shift_JIS as
Excel writes it). The choice is confirmed against the header, which must contain known
ASCII column names. Bytes that neither encoding can decode are reported as a
:class:`~netmap.errors.Problem` naming the file and row; so is a row with more or fewer
cells than the header. Empty lines are skipped (they keep their row number, so row numbers
match what a spreadsheet shows: data row ``n`` is spreadsheet line ``n + 1``).

Nothing here knows what the columns mean; :mod:`netmap.ingest.validate` does.
"""

from __future__ import annotations

import csv
import importlib
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from netmap.errors import NetmapError, Problem
from netmap.ingest.columns import FILE_SPECS
from netmap.spreadsheet import restore

__all__ = [
    "Row",
    "Table",
    "TableReader",
    "decode_bytes",
    "known_files",
    "read_csv_bytes",
    "read_folder",
    "read_tables",
    "read_zip",
    "table_from_rows",
]

#: What a reader returns: tables by file name (``"areas.csv"``).
TableReader = Callable[[Path], "dict[str, Table]"]

#: Readers for other container types, as ``"module:function"`` (imported on use, so heavy
#: libraries load only when needed). The XLSX reader (one sheet per file name) plugs in here.
EXTRA_READERS: dict[str, str] = {
    ".xlsx": "netmap.ingest.xlsx:read_xlsx",
    ".xlsm": "netmap.ingest.xlsx:read_xlsx",
}

ENCODING_UTF8 = "utf-8"
ENCODING_UTF8_BOM = "utf-8-sig"
ENCODING_CP932 = "cp932"


def known_files() -> dict[str, frozenset[str]]:
    """File name → every column name netmap declares for it."""
    return {name: frozenset(spec.column_names()) for name, spec in FILE_SPECS.items()}


@dataclass(frozen=True)
class Row:
    """One data row: its 1-based number (the header is row 0) and its cells by column."""

    number: int
    cells: dict[str, str]


@dataclass
class Table:
    """One input file, decoded and split into rows.

    ``header`` holds the column names as written (stripped; a known column name is matched
    case-insensitively and stored in its canonical lower-case form). ``problems`` are the
    file's reading problems (undecodable bytes, wrong cell counts, a bad header);
    ``warnings`` are notes that do not stop the import. ``label``: how reports name the
    input when it is not the file itself (``"organisations (sheet)"`` for a workbook sheet).
    """

    name: str
    encoding: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    label: str | None = None


# --------------------------------------------------------------------------- decoding


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _header_line(data: bytes) -> bytes:
    return data.split(b"\n", 1)[0].rstrip(b"\r")


def _known_in_header(text: str, known: frozenset[str]) -> bool:
    cells = next(csv.reader([text]), [])
    return any(c.strip().lower() in known for c in cells)


def decode_bytes(name: str, data: bytes) -> tuple[str, str, set[int]]:
    """Decode one file's bytes: ``(text, encoding, undecodable line numbers)``.

    UTF-8 (BOM or not) is tried first, then CP932; an encoding is accepted when the whole
    file decodes and its header names a known column. When neither decodes the whole file,
    the encoding that decodes more lines is used, undecodable characters are replaced (so
    the rest of the file can still be checked) and the 1-based numbers of the lines that
    did not decode are returned.

    >>> decode_bytes("areas.csv", "id,name,level\\nA,港北区,ward\\n".encode("cp932"))[1:]
    ('cp932', set())
    >>> decode_bytes("areas.csv", "\\ufeffid,name\\n".encode("utf-8"))[1]
    'utf-8-sig'
    """
    files = known_files()
    known = files.get(name) or frozenset().union(*files.values())
    utf8 = ENCODING_UTF8_BOM if data.startswith(b"\xef\xbb\xbf") else ENCODING_UTF8
    candidates = (utf8, ENCODING_CP932)
    header = _header_line(data)
    whole = [enc for enc in candidates if _decodes(data, enc)]
    # Prefer an encoding that decodes everything and yields a header with known columns.
    for enc in whole:
        if _known_in_header(header.decode(enc, errors="replace"), known):
            return data.decode(enc), enc, set()
    if whole:  # decodes, but the header is not ours: the header check reports it
        return data.decode(whole[0]), whole[0], set()
    lines = data.split(b"\n")
    best = max(candidates, key=lambda enc: sum(_decodes(line, enc) for line in lines))
    bad = {i + 1 for i, line in enumerate(lines) if not _decodes(line, best)}
    return data.decode(best, errors="replace"), best, bad


# --------------------------------------------------------------------------- parsing


def _canonical_header(name: str, raw: Sequence[str]) -> list[str]:
    known = known_files().get(name, frozenset())
    out = []
    for cell in raw:
        c = cell.strip().lstrip("\ufeff").strip()
        out.append(c.lower() if c.lower() in known else c)
    return out


def table_from_rows(
    name: str,
    encoding: str,
    records: Iterable[tuple[int, Sequence[str]]],
    *,
    problems: Iterable[Problem] = (),
) -> Table:
    """Build a :class:`Table` from ``(row number, cells)`` records, the header first (row 0).

    Shared by every reader (CSV here, XLSX in its own module): checks the header (known
    columns present, no duplicate or blank names over data), drops fully empty rows and
    reports rows with more or fewer cells than the header.
    """
    it = iter(records)
    table = Table(name=name, encoding=encoding, header=[], problems=list(problems))
    first = next(it, None)
    if first is None:
        table.problems.append(Problem(name, 0, None, None, "the file is empty (no header row)"))
        return table
    raw_header = list(first[1])
    # Spreadsheets often leave empty cells after the last column: drop them from the
    # header, and allow the same number of empty trailing cells on each row.
    while raw_header and not raw_header[-1].strip():
        raw_header.pop()
    trailing_blank = len(first[1]) - len(raw_header)
    header = _canonical_header(name, raw_header)
    table.header = header
    known = known_files().get(name)
    if known is not None and not any(h in known for h in header):
        table.problems.append(
            Problem(
                name,
                0,
                None,
                None,
                "the header row names none of this file's columns "
                f"(expected e.g. {', '.join(sorted(known)[:4])}); "
                "is it the right file, saved as CSV in UTF-8 or Shift_JIS?",
            )
        )
    seen: set[str] = set()
    for h in header:
        if not h:
            table.problems.append(Problem(name, 0, None, None, "a column has no name"))
        elif h in seen:
            table.problems.append(Problem(name, 0, h, None, "the column appears twice"))
        seen.add(h)
    width = len(header)
    for number, cells in it:
        values = list(cells)
        if not any(v.strip() for v in values):
            continue  # empty line (or a row of empty cells)
        if width < len(values) <= width + trailing_blank and not any(
            v.strip() for v in values[width:]
        ):
            values = values[:width]  # the empty cells after the last named column
        if len(values) != width:
            table.problems.append(
                Problem(
                    name,
                    number,
                    None,
                    None,
                    f"the row has {len(values)} cells but the header has {width}",
                )
            )
            continue
        table.rows.append(Row(number, dict(zip(header, values, strict=True))))
    return table


def read_csv_bytes(name: str, data: bytes) -> Table:
    """Decode and parse one CSV file (``name`` is its file name, e.g. ``"areas.csv"``)."""
    text, encoding, bad_lines = decode_bytes(name, data)
    text = text.removeprefix("\ufeff")
    problems: list[Problem] = []
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    last_line = 0
    try:
        for cells in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if bad_lines and not bad_lines.isdisjoint(range(first_line, last_line + 1)):
                problems.append(
                    Problem(
                        name,
                        number,
                        None,
                        None,
                        "undecodable bytes: this row is neither UTF-8 nor CP932 (Shift_JIS); "
                        "save the file as CSV (UTF-8) or CSV (Shift_JIS)",
                    )
                )
            # a cell netmap wrote as '=... (kept from running in Excel) reads back as =...
            records.append((number, [restore(c) for c in cells]))
            number += 1
    except csv.Error as exc:
        problems.append(Problem(name, number, None, None, f"the file cannot be read as CSV: {exc}"))
    return table_from_rows(name, encoding, records, problems=problems)


# --------------------------------------------------------------------------- containers


def _check_name(name: str, tables: dict[str, Table], warnings: list[Problem]) -> str | None:
    key = name.lower()
    if key not in known_files():
        warnings.append(
            Problem(
                name,
                None,
                None,
                None,
                "not a netmap file name (expected one of "
                f"{', '.join(sorted(known_files()))}); ignored",
            )
        )
        return None
    if key in tables:
        raise NetmapError(f"the import contains {key} twice")
    return key


def _with_warnings(tables: dict[str, Table], warnings: list[Problem]) -> dict[str, Table]:
    if not tables:
        raise NetmapError(
            f"no netmap CSV files found (expected some of {', '.join(sorted(known_files()))})",
            details={"warnings": [w.as_dict() for w in warnings]},
        )
    first = tables[sorted(tables)[0]]
    first.warnings[:0] = warnings  # file-name warnings travel with the first table
    return tables


def read_folder(path: Path) -> dict[str, Table]:
    """Every ``*.csv`` file directly in a folder."""
    tables: dict[str, Table] = {}
    warnings: list[Problem] = []
    for file in sorted(p for p in path.iterdir() if p.is_file()):
        if file.suffix.lower() != ".csv" or file.name.startswith("."):
            continue
        key = _check_name(file.name, tables, warnings)
        if key is not None:
            tables[key] = read_csv_bytes(key, file.read_bytes())
    return _with_warnings(tables, warnings)


def read_zip(path: Path) -> dict[str, Table]:
    """Every ``*.csv`` in a zip archive, at its top or in one folder inside it."""
    tables: dict[str, Table] = {}
    warnings: list[Problem] = []
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise NetmapError(f"{path.name} is not a readable zip file: {exc}") from None
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            member = PurePosixPath(info.filename)
            if info.is_dir() or member.suffix.lower() != ".csv":
                continue
            if member.name.startswith(".") or "__MACOSX" in member.parts:
                continue
            key = _check_name(member.name, tables, warnings)
            if key is not None:
                tables[key] = read_csv_bytes(key, zf.read(info))
    return _with_warnings(tables, warnings)


def read_single_csv(path: Path) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    warnings: list[Problem] = []
    key = _check_name(path.name, tables, warnings)
    if key is not None:
        tables[key] = read_csv_bytes(key, path.read_bytes())
    return _with_warnings(tables, warnings)


def _extra_reader(suffix: str) -> TableReader:
    target = EXTRA_READERS[suffix]
    module_name, func_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        raise NetmapError(f"reading {suffix} files is not available in this version") from None
    reader: TableReader = getattr(module, func_name)
    return reader


def read_tables(path: str | Path) -> dict[str, Table]:
    """Read an import: a folder, a ``.zip``, a single ``.csv`` or (hook) an ``.xlsx``.

    Returns the tables by file name (lower case, e.g. ``"areas.csv"``); unknown file names
    become warnings on the first table. Raises :class:`~netmap.errors.NetmapError` when
    the path does not exist or holds no netmap file.
    """
    p = Path(path)
    if not p.exists():
        raise NetmapError(f"no such file or folder: {p}")
    if p.is_dir():
        return read_folder(p)
    suffix = p.suffix.lower()
    if suffix == ".zip":
        return read_zip(p)
    if suffix == ".csv":
        return read_single_csv(p)
    if suffix in EXTRA_READERS:
        return _extra_reader(suffix)(p)
    raise NetmapError(f"cannot import {p.name}: expected a folder, a .zip or a .csv file")
