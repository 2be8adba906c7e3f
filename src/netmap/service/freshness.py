"""How fresh the map is: when each organisation's and activity's record was last verified
(``verified_on`` and ``source`` of the import format).

A map of social resources is only as good as its last update. :func:`freshness_band`
puts a verification date in one of four bands (verified within a year, one to two years,
older, never: an empty ``verified_on`` counts as never); :func:`stale_records` lists the
records open on a date that were not verified within a given age (``netmap stale``).
Directory data only: no resident data is read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import networkx as nx

from netmap.analysis.projections import area_scope, valid_on_iso
from netmap.errors import UsageError
from netmap.model.schema import Label, Rel

__all__ = ["BANDS", "freshness_band", "parse_age", "stale_records"]

#: band id -> (Japanese, English)
BANDS: dict[str, tuple[str, str]] = {
    "recent": ("1年以内に確認", "verified within a year"),
    "aging": ("1〜2年前に確認", "verified 1-2 years ago"),
    "old": ("2年より前に確認", "verified over 2 years ago"),
    "never": ("未確認", "never verified"),
}

_AGE = re.compile(r"^\s*(\d+)\s*([dwmy]|日|週|か月|ヶ月|ヵ月|カ月|月|年)\s*$")
_UNIT_DAYS = {"d": 1, "日": 1, "w": 7, "週": 7, "y": 365, "年": 365}


def parse_age(text: str) -> dt.timedelta | int:
    """``12m`` (months, returned as an ``int``), ``2y``, ``90d``, ``6w``; Japanese units
    too (``12か月``, ``1年``).

    >>> parse_age("12m"), parse_age("1年"), parse_age("90d")
    (12, datetime.timedelta(days=365), datetime.timedelta(days=90))
    """
    m = _AGE.match(text)
    if not m:
        raise UsageError(
            f"期間「{text}」を読み取れません（例: 12m, 18m, 2y, 90d）/ "
            f"cannot read the age {text!r}: use e.g. 12m, 18m, 2y or 90d"
        )
    n, unit = int(m[1]), m[2]
    if unit in ("m", "か月", "ヶ月", "ヵ月", "カ月", "月"):
        return n
    return dt.timedelta(days=n * _UNIT_DAYS[unit])


def _months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = m + 1
    last = (dt.date(y + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, month, min(day.day, last))


def _cutoff(today: dt.date, age: dt.timedelta | int) -> dt.date:
    return _months_before(today, age) if isinstance(age, int) else today - age


def freshness_band(verified_on: Any, today: dt.date) -> str:
    """``recent`` (within a year of ``today``), ``aging`` (1-2 years), ``old`` or ``never``.

    >>> d = dt.date(2026, 12, 7)
    >>> [freshness_band(v, d) for v in ("2026-01-10", "2025-06-30", "2020-04-01", "", None)]
    ['recent', 'aging', 'old', 'never', 'never']
    """
    text = str(verified_on or "")[:10]
    if not text:
        return "never"
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return "never"
    if day >= _months_before(today, 12):
        return "recent"
    if day >= _months_before(today, 24):
        return "aging"
    return "old"


def _location(G: nx.MultiDiGraph, node: str) -> str | None:
    for _, t, typ in G.out_edges(node, data="type"):
        if typ in (Rel.LOCATED_IN, Rel.HELD_IN):
            return str(t)
    return None


def stale_records(
    G: nx.MultiDiGraph,
    *,
    older_than: dt.timedelta | int,
    today: dt.date | None = None,
    area: str | None = None,
) -> list[dict[str, Any]]:
    """Organisations and activities open on ``today`` whose ``verified_on`` is before
    ``today - older_than`` (``int``: months) or empty, in ``area`` and below; never
    verified first, then the oldest; each with its band, last verification and source."""
    day = today or dt.date.today()
    cutoff = _cutoff(day, older_than).isoformat()
    scope = area_scope(G, area)
    rows = []
    for n, d in G.nodes(data=True):
        label = d.get("label")
        if label not in (Label.ORGANISATION, Label.ACTIVITY) or not valid_on_iso(
            d, day.isoformat()
        ):
            continue
        loc = _location(G, n)
        if scope is not None and loc not in scope:
            continue
        verified = str(d.get("verified_on") or "")[:10]
        if verified and verified >= cutoff:
            continue
        rows.append(
            {
                "id": n,
                "label": label,
                "name": d.get("name", n),
                "area_id": loc,
                "area_name": G.nodes[loc].get("name", loc) if loc in G else None,
                "verified_on": verified or None,
                "source": d.get("source"),
                "band": freshness_band(verified, day),
            }
        )
    rows.sort(key=lambda r: (r["verified_on"] is not None, r["verified_on"] or "", r["id"]))
    return rows
