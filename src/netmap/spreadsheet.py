"""Cells for spreadsheets: the one place that keeps text from running as a formula.

Ward staff open netmap's CSV and XLSX files in Excel, so a text cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return (an organisation named
``=HYPERLINK(...)``) must stay text:

* CSV (:func:`csv_text`): such a cell is written with a leading ``'`` (Excel shows the
  text, never runs it); the importer takes the ``'`` away again (:func:`restore`), so a
  file netmap wrote reads back as it was;
* XLSX (:func:`xlsx_append`): such a cell is stored with the string type, no prefix.

Numbers stay numbers (a negative count is ``-3``, not text). Every CSV netmap writes goes
through :func:`csv_text`.

>>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise(-3), neutralise("港北区")
('\\'=HYPERLINK("http://x")', -3, '港北区')
>>> restore(neutralise("+cmd|' /C calc'!A0")) == "+cmd|' /C calc'!A0"
True
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["FORMULA_START", "csv_text", "neutralise", "restore", "xlsx_append"]

#: What Excel (and LibreOffice) treat as the start of a formula in a text cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _risky(value: str) -> bool:
    return value.startswith(FORMULA_START)


def neutralise(value: Any) -> Any:
    """A CSV cell value that is safe to open in Excel (see the module docstring)."""
    if isinstance(value, str) and _risky(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """Undo :func:`neutralise` on a cell read from a CSV file."""
    if text.startswith("'") and _risky(text[1:]):
        return text[1:]
    return text


def csv_text(rows: Iterable[Sequence[Any]], *, lineterminator: str = "\r\n") -> str:
    """Rows (the first is the header) as CSV text; ``None`` is an empty cell."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator=lineterminator)
    for row in rows:
        w.writerow(["" if v is None else neutralise(v) for v in row])
    return buf.getvalue()


def xlsx_append(ws: Any, values: Sequence[Any]) -> None:
    """Append a row to an openpyxl worksheet, text that looks like a formula kept as text."""
    ws.append(["" if v is None else v for v in values])
    r = ws.max_row
    for i, v in enumerate(values, start=1):
        if isinstance(v, str) and _risky(v):
            cell = ws.cell(row=r, column=i)
            cell.value = v
            cell.data_type = "s"
