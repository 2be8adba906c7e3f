"""What a district sheet is made with: its options and the published data beyond the
tables (the gap rows and bridges of the release, the 変化 and 計画案 sections)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from netmap.model.options import Lang, Paper

__all__ = ["SheetChange", "SheetData", "SheetOptions", "SheetPlan"]


@dataclass(frozen=True)
class SheetOptions:
    """``title``: default "<area name> 地区シート"; ``top_bridges``/``top_missing``: how many
    bridges and missing bridges the sheet lists."""

    paper: Paper = Paper.A4
    lang: Lang = Lang.JA
    title: str | None = None
    created: dt.date | None = None
    top_bridges: int = 8
    top_missing: int = 8


@dataclass(frozen=True)
class SheetData:
    """What the sheet shows beyond the tables, published from the same release (no count
    in it): ``gaps``, the published gap rows (:func:`netmap.disclosure.publish.published_gaps`,
    with ``candidates`` and ``wide_area_resources``); ``bridges``, the published bridges
    (:func:`~netmap.disclosure.publish.published_bridges`, with their measures);
    ``areas``, area id -> (level, name) (the release's areas). Without it the sheet falls
    back on the tables' columns (resources ungrouped, no brokerage roles)."""

    gaps: Sequence[Mapping[str, Any]] = ()
    bridges: Sequence[Mapping[str, Any]] = ()
    areas: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    change: SheetChange | None = None
    plan: SheetPlan | None = None


@dataclass(frozen=True)
class SheetChange:
    """The 変化 section (``netmap report --compare-to``): ``compare``, the comparison of two
    releases (:func:`netmap.service.compare.compare_json` with ``releases``: every count
    one of the two releases shows, a hidden one ``null``); ``asked``, the date asked for;
    ``periods``, the referral period (first day, reference date) of each release."""

    compare: Mapping[str, Any]
    asked: str
    periods: tuple[tuple[str, str], tuple[str, str]]


@dataclass(frozen=True)
class SheetPlan:
    """The 計画案 section (``netmap report --scenario``): ``scenario``, what a meeting may
    see of the plan (:func:`netmap.service.scenarios.published_scenario`: the release's gap
    rows it closes, the isolated areas it ends); ``planned``, one row per planned record
    (``state`` added/ended, ``category``, ``name``, ``kind`` and ``areas`` as texts,
    ``date``)."""

    scenario: Mapping[str, Any]
    planned: Sequence[Mapping[str, str]] = ()
