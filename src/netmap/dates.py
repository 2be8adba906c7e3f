"""Reading dates as people write them in Japan: one parser for the command line, the API
and (later) the import.

:func:`parse_date` accepts

* ``2024-06-30``, ``2024/6/30`` (as Excel writes it), ``2024.6.30``, ``20240630``;
* ``2024年6月30日``;
* Japanese era dates: ``令和6年6月30日``, ``令和元年5月1日``, ``平成31年4月30日``, ``R6.6.30``,
  ``H31/4/30``, ``r6.6.30`` (also 昭和/S and 大正/T);

with full-width digits and letters, full-width spaces and the one-character era signs
(㋿, ㍻) read as their plain forms (NFKC). A date that does not exist (``2024-02-30``) or
lies outside its era (``平成31年5月1日``: 平成 ended on 2019-04-30) is an
:class:`~netmap.errors.InvalidDateError`, a :class:`~netmap.errors.UsageError` (exit code 2
in the CLI, 422 in the API) that is also a :class:`ValueError`.

>>> parse_date("令和6年6月30日") == parse_date("2024/6/30") == parse_date("R6.6.30")
True
>>> parse_date("２０２４年６月３０日")
datetime.date(2024, 6, 30)
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator

from netmap.errors import InvalidDateError

__all__ = [
    "ERAS",
    "FORMS_HELP",
    "AsOfDate",
    "Era",
    "coerce_date",
    "parse_date",
]

#: The forms, as help texts and error messages list them.
FORMS_HELP = "YYYY-MM-DD, YYYY/M/D, 2024年6月30日, 令和6年6月30日 or R6.6.30"


@dataclass(frozen=True)
class Era:
    """A Japanese era: its name, Latin initial, first and last day."""

    name: str
    initial: str
    romaji: str
    start: dt.date
    end: dt.date | None  # None: the current era


#: The eras :func:`parse_date` reads, newest first.
ERAS: tuple[Era, ...] = (
    Era("令和", "r", "Reiwa", dt.date(2019, 5, 1), None),
    Era("平成", "h", "Heisei", dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    Era("昭和", "s", "Showa", dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    Era("大正", "t", "Taisho", dt.date(1912, 7, 30), dt.date(1926, 12, 25)),
)
_BY_KEY: dict[str, Era] = {e.name: e for e in ERAS} | {e.initial: e for e in ERAS}

_SEP = r"[-/.]"
_WESTERN = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_KANJI = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$")
_ERA = re.compile(
    r"^(令和|平成|昭和|大正|[rhst])(元|\d{1,2})"
    rf"(?:年(\d{{1,2}})月(\d{{1,2}})日?|{_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}}))$"
)


def _normalise(text: str) -> str:
    """NFKC (full-width digits, ㋿ → 令和), lower case, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _ja(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _day(text: str, y: int, m: int, d: int) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise InvalidDateError(
            text,
            f"日付「{text}」は存在しません",
            f"no such date {text!r} ({y:04d}-{m:02d}-{d:02d} is not in the calendar)",
        ) from None


def _era_date(text: str, era: Era, year: int, m: int, d: int) -> dt.date:
    if year < 1:
        raise InvalidDateError(
            text,
            f"日付「{text}」は存在しません（{era.name}0年はありません）",
            f"no such date {text!r} (there is no year 0 of {era.name})",
        )
    day = _day(text, era.start.year + year - 1, m, d)
    if day < era.start or (era.end is not None and day > era.end):
        until = _ja(era.end) if era.end else ""
        until_en = era.end.isoformat() if era.end else ""
        raise InvalidDateError(
            text,
            f"日付「{text}」は{era.name}の期間外です（{era.name}は{_ja(era.start)}〜{until}）",
            f"{text!r} is outside the {era.name} ({era.romaji}) era "
            f"({era.start.isoformat()} to {until_en or 'today'})",
        )
    return day


def parse_date(text: str) -> dt.date:
    """The date ``text`` names, in any of the forms of the module docstring.

    >>> parse_date("2024-06-30"), parse_date("2024/6/30"), parse_date(" 2024年6月30日 ")
    (datetime.date(2024, 6, 30), datetime.date(2024, 6, 30), datetime.date(2024, 6, 30))
    >>> parse_date("平成31年4月30日"), parse_date("令和元年5月1日"), parse_date("H31.4.30")
    (datetime.date(2019, 4, 30), datetime.date(2019, 5, 1), datetime.date(2019, 4, 30))
    >>> parse_date("平成31年5月1日")
    Traceback (most recent call last):
    ...
    netmap.errors.InvalidDateError: 日付「平成31年5月1日」は平成の期間外です（平成は1989年1月8日〜2019年4月30日） / '平成31年5月1日' is outside the 平成 (Heisei) era (1989-01-08 to 2019-04-30)
    >>> parse_date("2024-02-30")
    Traceback (most recent call last):
    ...
    netmap.errors.InvalidDateError: 日付「2024-02-30」は存在しません / no such date '2024-02-30' (2024-02-30 is not in the calendar)
    """  # noqa: E501
    raw = str(text).strip()
    t = _normalise(raw)
    m = _WESTERN.match(t) or _KANJI.match(t) or _COMPACT.match(t)
    if m:
        return _day(raw, int(m[1]), int(m[2]), int(m[3]))
    m = _ERA.match(t)
    if m:
        era = _BY_KEY[m[1]]
        year = 1 if m[2] == "元" else int(m[2])
        month, day = (m[3], m[4]) if m[3] is not None else (m[5], m[6])
        return _era_date(raw, era, year, int(month), int(day))
    raise InvalidDateError(
        raw,
        f"日付「{raw}」を読み取れません（{FORMS_HELP} の形で）",
        f"cannot read the date {raw!r}: use {FORMS_HELP}",
    )


def coerce_date(value: Any) -> Any:
    """For pydantic and FastAPI: a string becomes a :class:`datetime.date` by
    :func:`parse_date`; anything else passes through to the usual date validation."""
    if isinstance(value, str):
        return parse_date(value)
    return value


#: A date parameter (an API query parameter) read by :func:`parse_date`.
AsOfDate = Annotated[dt.date, BeforeValidator(coerce_date)]
