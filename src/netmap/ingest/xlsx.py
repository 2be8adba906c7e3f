"""Read an Excel workbook (``.xlsx``/``.xlsm``): one sheet per import file.

A sheet is named like the CSV file without ``.csv`` (``areas``, ``organisations``, ...;
case does not matter, ``areas.csv`` works too); its first row is the header and the rows
below are data, exactly as in the CSV file. ``netmap template`` writes such a workbook.
Each sheet becomes the same :class:`~netmap.ingest.sources.Table` a CSV file becomes, so
validation, the problem report and the import are identical; the tables carry the label
``"<sheet> (sheet)"`` so that reports name the sheet (``organisations (sheet), row 3,
column 'kind'``). Row numbers follow the CSV rule: data row *n* is spreadsheet row *n + 1*
(the header is row 0).

Cells are turned into the text a CSV file would hold: numbers Excel stores as ``12000.0``
become ``12000``, dates become ``YYYY-MM-DD``, empty cells become empty text; formulas
give their last computed value (as Excel saved it).

Sheets that only have a header row (a template's unused sheets) are **not** imported, so
an empty sheet never removes records with ``--sync``; the template's own help sheets
(:data:`HELP_SHEETS`) are skipped silently and any other sheet name is a warning.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from netmap.errors import NetmapError, Problem
from netmap.ingest.sources import Table, known_files, table_from_rows

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
    return f"{sheet} (sheet)"


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


def _records(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells)`` with the header (the first non-empty row) numbered 0 when it
    is spreadsheet row 1: number = spreadsheet row - 1, as for CSV files."""
    header_seen = False
    for index, values in enumerate(rows):
        cells = [cell_text(v) for v in values]
        while cells and not cells[-1].strip():
            cells.pop()  # a spreadsheet row has no "cell count": drop trailing blanks
        if not header_seen:
            if not cells:
                continue  # blank rows above the header
            header_seen = True
        yield index, cells


def _pad(records: Iterable[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    """Pad data rows to the header's width (a row's empty last cells are not missing)."""
    width: int | None = None
    for number, cells in records:
        if width is None:
            width = len(cells)
            yield number, cells
            continue
        yield number, cells + [""] * (width - len(cells))


def _table(file_name: str, sheet: str, rows: Iterable[Sequence[Any]]) -> Table | None:
    """The sheet's table, or ``None`` for a sheet with no cell filled at all."""
    records = list(_pad(_records(rows)))
    if not records:
        return None
    table = table_from_rows(file_name, ENCODING_XLSX, records)
    table.label = sheet_label(sheet)
    return table


def read_xlsx(path: Path) -> dict[str, Table]:
    """Every netmap sheet of a workbook that has data rows, by file name (``"areas.csv"``).

    Sheets with a header and no data are skipped (noted as a warning). A workbook with no
    data at all yields no tables: importing it writes nothing. Raises
    :class:`~netmap.errors.NetmapError` when the file is not a readable workbook or names
    the same file in two sheets.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise NetmapError(
            f"{path.name} is not a readable Excel workbook (.xlsx): {exc}; "
            "save it from Excel as 'Excel Workbook (*.xlsx)'",
            details={"file": path.name},
        ) from None
    known = known_files()
    tables: dict[str, Table] = {}
    warnings: list[Problem] = []
    try:
        for ws in wb.worksheets:
            title = ws.title.strip()
            key = title.lower()
            if key in HELP_SHEETS:
                continue
            file_name = key if key.endswith(".csv") else f"{key}.csv"
            if file_name not in known:
                warnings.append(
                    Problem(
                        sheet_label(title),
                        None,
                        None,
                        None,
                        "not a netmap sheet name (expected one of "
                        f"{', '.join(sheet_name(n) for n in sorted(known))}); ignored",
                    )
                )
                continue
            if file_name in tables:
                raise NetmapError(
                    f"{path.name} has two sheets for {sheet_name(file_name)}",
                    details={"file": path.name, "sheet": title},
                )
            table = _table(file_name, title, ws.iter_rows(values_only=True))
            if table is None:
                continue  # a completely empty sheet
            if not table.rows and not table.problems:
                warnings.append(
                    Problem(
                        sheet_label(title),
                        None,
                        None,
                        None,
                        "no data rows; not imported (an empty sheet removes nothing, "
                        "even with --sync)",
                    )
                )
                continue
            tables[file_name] = table
    finally:
        wb.close()
    if tables:
        first = tables[sorted(tables)[0]]
        first.warnings[:0] = warnings
    return tables
