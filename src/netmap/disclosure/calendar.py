"""The release calendar: which reference dates viewers get (DATA_MODEL.md "Disclosure
control: releases").

Viewers see releases only at reference dates on a fixed calendar: month ends by default,
quarter ends with ``NETMAP_RELEASE_PERIOD=quarter``. A release covers one *period*: the
days after the previous reference date up to and including its own. A release is built
only for a reference date that has passed (before today), so nothing it counts can still
change that day; an ``as_of`` between two reference dates is answered from the latest
reference date on or before it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from netmap.errors import UsageError

__all__ = [
    "Period",
    "period_end",
    "period_start",
    "previous_reference",
    "reference_for",
]

Period = Literal["month", "quarter"]

_MONTHS: dict[str, int] = {"month": 1, "quarter": 3}


def _month_end(year: int, month: int) -> dt.date:
    """The last day of a month; a month outside the calendar (before year 1 or after year
    9999) is a usage error, never an overflow.

    >>> _month_end(0, 12)
    Traceback (most recent call last):
    ...
    netmap.errors.UsageError: no release period ends in 0000-12: the calendar starts in year 1
    """
    if not 1 <= year <= 9999 or (year == 9999 and month == 12):
        raise UsageError(
            f"no release period ends in {year:04d}-{month:02d}: the calendar starts in year 1",
            details={"year": year, "month": month},
        )
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _is_reference(day: dt.date, period: Period) -> bool:
    return day == _month_end(day.year, day.month) and day.month % _MONTHS[period] == 0


def reference_for(
    as_of: dt.date, period: Period = "month", *, today: dt.date | None = None
) -> dt.date:
    """The reference date of the release that answers ``as_of``: the latest period end on
    or before ``as_of`` and before ``today`` (a period that has not ended is never
    published).

    >>> reference_for(dt.date(2026, 12, 7), today=dt.date(2026, 12, 7))
    datetime.date(2026, 11, 30)
    >>> reference_for(dt.date(2026, 11, 30), today=dt.date(2026, 11, 30))
    datetime.date(2026, 10, 31)
    >>> reference_for(dt.date(2026, 12, 7), "quarter", today=dt.date(2026, 12, 7))
    datetime.date(2026, 9, 30)
    """
    today = today or dt.date.today()
    day = min(as_of, today - dt.timedelta(days=1))
    step = _MONTHS[period]
    year, month = day.year, day.month
    month -= (month % step) if month % step else 0
    if month == 0:
        year, month = year - 1, 12
    end = _month_end(year, month)
    if end > day:
        month -= step
        if month <= 0:
            year, month = year - 1, month + 12
        end = _month_end(year, month)
    return end


def period_end(day: dt.date, period: Period = "month") -> dt.date:
    """The reference date of the period containing ``day``.

    >>> period_end(dt.date(2026, 11, 7)), period_end(dt.date(2026, 11, 7), "quarter")
    (datetime.date(2026, 11, 30), datetime.date(2026, 12, 31))
    """
    step = _MONTHS[period]
    return _month_end(day.year, ((day.month - 1) // step + 1) * step)


def previous_reference(reference: dt.date, period: Period = "month") -> dt.date:
    """The reference date before ``reference`` (the end of the previous period).

    >>> previous_reference(dt.date(2026, 3, 31), "quarter")
    datetime.date(2025, 12, 31)
    """
    if not _is_reference(reference, period):
        raise ValueError(f"{reference} is not a {period} end")
    return reference_for(reference - dt.timedelta(days=1), period, today=reference)


def period_start(reference: dt.date, period: Period = "month") -> dt.date:
    """The first day of the period ending on ``reference``.

    >>> period_start(dt.date(2026, 11, 30))
    datetime.date(2026, 11, 1)
    """
    return previous_reference(reference, period) + dt.timedelta(days=1)
