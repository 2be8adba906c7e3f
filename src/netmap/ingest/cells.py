"""The import's cell parsers: dates, whole and decimal numbers, ``;`` lists.

Each takes a cell's text and returns the value stored, or raises (:class:`ValueError` or
:class:`~netmap.errors.InvalidDateError`) with the reason in the configured language
(:mod:`netmap.ingest.messages`). :data:`BAD` marks a cell that failed to parse (and was
reported); a column :func:`is_as_written` keeps the cell as written (stripped).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from netmap.dates import parse_date as _parse_day
from netmap.ingest.columns import LIST_SEPARATORS, Column, ColumnType
from netmap.ingest.messages import t

__all__ = [
    "AS_WRITTEN",
    "BAD",
    "is_as_written",
    "parse_date",
    "parse_float",
    "parse_int",
    "split_list",
]

_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def parse_date(text: str) -> str:
    """An ISO date string from any form :func:`netmap.dates.parse_date` reads (a thin
    alias kept for callers of the old import parser).

    >>> parse_date("2024/4/1"), parse_date("2023-12-31"), parse_date("令和6年6月30日")
    ('2024-04-01', '2023-12-31', '2024-06-30')
    """
    return _parse_day(text).isoformat()


def _number_text(text: str) -> str:
    t_ = "".join(unicodedata.normalize("NFKC", text).split())
    return t_.replace(",", "") if _THOUSANDS_RE.match(t_) else t_


def parse_int(text: str) -> int:
    """A whole number (``1,234``, full-width digits and commas and ``12.0`` accepted).

    >>> parse_int("1,234"), parse_int("１２"), parse_int("１，２３４"), parse_int("12.0")
    (1234, 12, 1234, 12)
    """
    t_ = _number_text(text)
    try:
        return int(t_)
    except ValueError:
        pass
    try:
        f = float(t_)
    except ValueError:
        raise ValueError(t("整数ではありません", "not a whole number")) from None
    if not f.is_integer():
        raise ValueError(t("整数ではありません", "not a whole number"))
    return int(f)


def parse_float(text: str) -> float:
    try:
        f = float(_number_text(text))
    except ValueError:
        raise ValueError(t("数値ではありません", "not a number")) from None
    if f != f or f in (float("inf"), float("-inf")):
        raise ValueError(t("有限の数値ではありません", "not a finite number"))
    return f


def split_list(text: str) -> list[str]:
    """Items of a ``;`` list, stripped, empty items dropped, duplicates removed in order.

    >>> split_list(" food; housing;;food ；debt")
    ['food', 'housing', 'debt']
    """
    for sep in LIST_SEPARATORS[1:]:
        text = text.replace(sep, LIST_SEPARATORS[0])
    out: list[str] = []
    for item in text.split(LIST_SEPARATORS[0]):
        s = item.strip()
        if s and s not in out:
            out.append(s)
    return out


#: Column types whose value is the cell as written (stripped).
AS_WRITTEN = (ColumnType.STR, ColumnType.ID, ColumnType.REF)


def is_as_written(col: Column) -> bool:
    """A single-value column whose value is the stripped cell (see
    :meth:`~netmap.ingest.check_values.ValueChecks.parse_cell`)."""
    return col.type in AS_WRITTEN and not col.resident and not col.many


class _Bad:
    """Marker of a cell that failed to parse (already reported)."""


BAD: Any = _Bad()
