"""Small helpers every section of the district sheet uses: reading the analysis tables,
and published counts and measures as the sheet writes them (a hidden count reads "x")."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from netmap.disclosure.publish import count_text
from netmap.viz.tables import Table
from netmap.viz.texts import sheet_t as _t

__all__ = ["count_cell", "headings_of", "number", "people", "rows_of", "table_of", "with_note"]


def table_of(tables: Sequence[Table], name: str) -> Table:
    """The table called ``name``."""
    return next(t for t in tables if t.name == name)


def headings_of(t: Table, keys: Sequence[str], lang: str) -> list[str]:
    """The headings of the columns ``keys`` of ``t`` in ``lang``."""
    by = {c.key: c for c in t.columns}
    return [by[k].heading(lang) for k in keys]


def rows_of(t: Table, keys: Sequence[str], limit: int | None = None) -> list[list[Any]]:
    """The cells of the columns ``keys`` of ``t``'s rows (the first ``limit``)."""
    rows = t.rows if limit is None else t.rows[:limit]
    return [[r.get(k, "") for k in keys] for r in rows]


def with_note(name: str, note: str, lang: str) -> str:
    """ "name（note）" (Japanese) or "name (note)"; just the name without a note."""
    if not note:
        return name
    return f"{name}（{note}）" if lang == "ja" else f"{name} ({note})"


def people(text: str | None, lang: str) -> str:
    """A published count of people for the summary: "12人"; a hidden one reads "x"."""
    if text is None:
        return "-"
    return _t("people", lang, x=text) if text[:1].isdigit() else text


def number(v: Any, digits: int = 3) -> str:
    """A measure for the appendix: ``digits`` decimals, more for a small non-zero value
    (two significant digits: 0.000042, never 0.0000).

    >>> number(0.4921), number(0.0000421, 4), number(0.0, 4), number(None)
    ('0.492', '0.000042', '0.0000', '')
    """
    if isinstance(v, bool) or not isinstance(v, int | float):
        return "" if v in (None, "") else str(v)
    x = float(v)
    if 0 < abs(x) < 10.0**-digits:
        digits = min(12, 1 - math.floor(math.log10(abs(x))))
    return f"{x:.{digits}f}"


def count_cell(v: Any, hidden: bool, lang: str) -> str:
    """A published count or rate: the number, the mark for a hidden one, "－" for none."""
    if v is None:
        return count_text(None) if hidden else _t("res_none", lang)
    if isinstance(v, float):
        return number(v)
    return count_text(int(v))
