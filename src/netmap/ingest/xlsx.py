"""Read an Excel workbook (``.xlsx``/``.xlsm``): one sheet per import file.

A sheet is named like the CSV file without ``.csv`` (``areas``, ``organisations``, ...;
case does not matter, ``areas.csv`` works too); its first row is the header and the rows
below are data, exactly as in the CSV file. ``netmap template`` writes such a workbook.
Each sheet becomes the same :class:`~netmap.ingest.table.Table` a CSV file becomes, so
validation, the problem report and the import are identical; the tables carry the label
``"<sheet> (sheet)"`` so that reports name the sheet (``organisations (sheet), row 3,
column 'kind'``). Row numbers are the ones Excel shows (the header is row 1, the first
data row row 2), as for CSV files.

Cells are turned into the text a CSV file would hold: numbers Excel stores as ``12000.0``
become ``12000``, dates become ``YYYY-MM-DD``, empty cells become empty text; formulas
give their last computed value (as Excel saved it).

Sheets that only have a header row (a template's unused sheets) are left out (unless
``keep_empty``: the import then decides, and an empty sheet removes records with
``--sync`` only when ``--allow-empty`` names it); the template's own help sheets
(:data:`HELP_SHEETS`) are skipped silently. A sheet name close to a netmap sheet's
(``organisation``) is a problem with a "did you mean"; any other name is a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from netmap.errors import ImportValidationError, NetmapError, Problem
from netmap.ingest.limits import Budget, Limits, open_zip, rejected, verify_zip
from netmap.ingest.messages import SHEET_SUFFIX, t
from netmap.ingest.sources import unknown_name
from netmap.ingest.table import Table, column_key, known_files, table_from_records

__all__ = [
    "ENCODING_XLSX",
    "HELP_SHEETS",
    "NOTES_SHEET",
    "VOCABULARY_SHEET",
    "cell_text",
    "read_xlsx",
    "sheet_label",
    "sheet_name",
]

#: What the import report shows as a workbook table's "encoding".
ENCODING_XLSX = "xlsx"
#: The template's help sheets (skipped on import).
NOTES_SHEET = "説明"
VOCABULARY_SHEET = "vocabularies"
HELP_SHEETS: frozenset[str] = frozenset({NOTES_SHEET, VOCABULARY_SHEET, "notes", "readme"})


def sheet_name(file_name: str) -> str:
    """The sheet that holds an import file: ``"areas.csv"`` → ``"areas"``."""
    return file_name.removesuffix(".csv")


def sheet_label(sheet: str) -> str:
    """How reports name a sheet: ``"organisations (sheet)"``."""
    return f"{sheet}{SHEET_SUFFIX}"


def cell_text(value: Any) -> str:
    """The CSV text of a cell value as openpyxl reads it.

    >>> [cell_text(v) for v in (None, " 港北区 ", 12000, 12000.0, 0.5, True)]
    ['', ' 港北区 ', '12000', '12000', '0.5', 'TRUE']
    >>> cell_text(dt.datetime(2024, 4, 1)), cell_text(dt.date(2024, 4, 1))
    ('2024-04-01', '2024-04-01')
    >>> cell_text(dt.datetime(2024, 4, 1, 9, 30))
    '2024-04-01T09:30:00'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value)


def _records(
    rows: Iterable[Sequence[Any]], limits: Limits, label: str
) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells)``, numbered as Excel shows the rows (the header, the first
    non-empty row, is row 1 unless blank rows are above it), as for CSV files. A row
    beyond ``limits.rows_per_file`` (blank ones count: a workbook can claim a row a billion
    rows down) rejects the import."""
    header_seen = False
    for index, values in enumerate(rows):
        if index > limits.rows_per_file:
            cap = limits.rows_per_file
            raise rejected(
                label,
                t(
                    f"シートの行数が上限の {cap:,} 行を超えています（設定 "
                    "NETMAP_MAX_ROWS_PER_FILE）: シートかファイルを分けてください",
                    f"the sheet has more than {cap:,} rows (the limit, "
                    "setting NETMAP_MAX_ROWS_PER_FILE): split it into smaller sheets or files",
                ),
            )
        cells = [cell_text(v) for v in values]
        while cells and not cells[-1].strip():
            cells.pop()  # a spreadsheet row has no "cell count": drop trailing blanks
        if not header_seen:
            if not cells:
                continue  # blank rows above the header
            header_seen = True
        yield index + 1, cells


def _pad(records: Iterable[tuple[int, list[str]]]) -> Generator[tuple[int, list[str]], None, None]:
    """Pad data rows to the header's width (a row's empty last cells are not missing)."""
    width: int | None = None
    for number, cells in records:
        if width is None:
            width = len(cells)
            yield number, cells
            continue
        yield number, cells + [""] * (width - len(cells))


def _unreadable(path: Path, exc: BaseException, sheet: str | None = None) -> NetmapError:
    text = str(exc).strip() or type(exc).__name__
    where = f" (sheet {sheet!r})" if sheet else ""
    where_ja = f"（シート「{sheet}」）" if sheet else ""
    return rejected(
        path.name,
        t(
            f"Excel のブック（.xlsx）として読めません{where_ja}: {text[:200]}。"
            "Excel で「Excel ブック (*.xlsx)」として保存し直してください",
            f"not a readable Excel workbook (.xlsx){where}: {text[:200]}; "
            "save it from Excel as 'Excel Workbook (*.xlsx)'",
        ),
    )


def _sheet_rows(path: Path, ws: Any, book: _Book) -> Iterator[Sequence[Any]]:
    """A sheet's rows as openpyxl reads them; whatever the parser raises on a damaged
    sheet becomes a rejection naming the workbook and the sheet."""
    reset = getattr(ws, "reset_dimensions", None)
    if callable(reset):
        reset()  # the size a sheet declares is not trusted: rows end where their cells do
    try:
        yield from ws.iter_rows(values_only=True)
    except NetmapError:
        raise
    except Exception as exc:  # the parser of an untrusted file: anything it raises
        raise _unreadable(path, exc, ws.title) from None
    finally:
        book.release()


def _prepend(
    first: tuple[int, list[str]], rest: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    try:
        yield first
        yield from rest
    finally:
        close = getattr(rest, "close", None)
        if close is not None:
            close()


class _Book:
    """The open workbook, closed when the last sheet being read is done with it."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.users = 0
        self.closed = False

    def take(self) -> None:
        self.users += 1

    def release(self) -> None:
        self.users -= 1
        if self.users <= 0:
            self.close()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.wb.close()


def read_xlsx(
    path: Path,
    *,
    limits: Limits | None = None,
    budget: Budget | None = None,
    stream: bool = False,
    keep_empty: bool = False,
) -> dict[str, Table]:
    """Every netmap sheet of a workbook that has data rows, by file name (``"areas.csv"``).

    Sheets with a header and no data are left out (kept, with no rows, when
    ``keep_empty``). A workbook with no data at all yields no tables: importing it writes
    nothing. The workbook (a zip) is
    checked and decompressed once through :mod:`netmap.ingest.limits` before openpyxl
    reads it (real sizes counted against the expanded-size cap, CRCs checked), and rows
    are capped as in CSV files. Raises :class:`~netmap.errors.ImportValidationError` when
    the file is not a readable workbook (naming it and the reason) or passes a cap, and
    :class:`~netmap.errors.NetmapError` when it names the same file in two sheets. With
    ``stream``, the rows are read as the validator asks for them (the workbook stays open
    until then).
    """
    from openpyxl import load_workbook

    lim = limits or Limits()
    budget = budget or Budget(lim.expanded_bytes)
    with open_zip(path, what="Excel workbook (.xlsx)") as zf:
        verify_zip(zf, budget, file=path.name)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # the parser of an untrusted file: anything it raises
        raise _unreadable(path, exc) from None
    book = _Book(wb)
    book.take()  # held while the sheets are opened (a sheet read to its end releases its own)
    tables: dict[str, Table] = {}
    warnings: list[Problem] = []
    errors: list[Problem] = []
    try:
        _read_sheets(path, wb, book, lim, keep_empty, tables, warnings, errors)
        if not stream:
            for table in tables.values():
                table.read_all()
    except BaseException:
        for table in tables.values():
            table.close()
        book.close()
        raise
    book.release()  # closes the workbook unless a sheet is still to be read (stream)
    if tables:
        first = tables[sorted(tables)[0]]
        first.warnings[:0] = warnings
        first.problems[:0] = errors
    elif errors:
        raise ImportValidationError(errors)
    return tables


def _read_sheets(
    path: Path,
    wb: Any,
    book: _Book,
    lim: Limits,
    keep_empty: bool,
    tables: dict[str, Table],
    warnings: list[Problem],
    errors: list[Problem],
) -> None:
    """Open the table of every netmap sheet of ``wb`` into ``tables`` (help sheets skipped;
    an unknown sheet name a warning or an error, as :func:`unknown_name` decides)."""
    known = known_files()
    for ws in wb.worksheets:
        title = ws.title.strip()
        key = column_key(title)
        if key in HELP_SHEETS or title in HELP_SHEETS:
            continue
        file_name = key if key.endswith(".csv") else f"{key}.csv"
        if file_name not in known:
            stems = [sheet_name(n) for n in known]
            note, is_error = unknown_name(
                title, sheet_label(title), stems, ("シート名", "sheet name")
            )
            (errors if is_error else warnings).append(note)
            continue
        if file_name in tables:
            stem = sheet_name(file_name)
            raise NetmapError(
                t(
                    f"{path.name} に {stem} のシートが 2 枚あります",
                    f"{path.name} has two sheets for {stem}",
                ),
                details={"file": path.name, "sheet": title},
            )
        table = _table(path, file_name, title, ws, book, lim)
        if table is None:
            continue  # a completely empty sheet
        if not keep_empty and not table.has_rows() and not table.problems:
            table.close()
            continue  # a header only: left out (an empty sheet removes nothing)
        tables[file_name] = table


def _table(
    path: Path, file_name: str, sheet: str, ws: Any, book: _Book, limits: Limits
) -> Table | None:
    """The sheet's table (its rows read as asked for), or ``None`` for a sheet with no
    cell filled at all."""
    label = sheet_label(sheet)
    book.take()
    records = _pad(_records(_sheet_rows(path, ws, book), limits, label))
    first = next(records, None)
    if first is None:
        records.close()
        return None
    return table_from_records(
        file_name, ENCODING_XLSX, _prepend(first, records), limits=limits, label=label
    )
