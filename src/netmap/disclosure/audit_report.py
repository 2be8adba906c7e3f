"""The outcome of a disclosure audit (:func:`netmap.disclosure.audit.audit_cells`): each
hidden cell's interval and the report."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["SINGLE_VALUE", "UPPER_BELOW", "AuditReport", "CellInterval"]

UPPER_BELOW = "upper below threshold"
SINGLE_VALUE = "single value"


@dataclass(frozen=True)
class CellInterval:
    """The values a hidden cell can take given everything published.

    Attributes
    ----------
    cell : str
        Cell id.
    lower : float
        Smallest value (LP minimum rounded up; at least 1).
    upper : float
        Largest value (LP maximum rounded down, or the integer maximum where a MILP ran);
        ``math.inf`` when unbounded.
    reason : str
        ``""`` when the cell passes, else ``"upper below threshold"`` or ``"single value"``.
    """

    cell: str
    lower: float
    upper: float
    reason: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict; an infinite bound becomes ``None``."""
        return {
            "cell": self.cell,
            "lower": _json_bound(self.lower),
            "upper": _json_bound(self.upper),
            "reason": self.reason,
        }


@dataclass
class AuditReport:
    """Outcome of :func:`~netmap.disclosure.audit.audit_cells`.

    Attributes
    ----------
    threshold : int
        Counts below this are small.
    cells, hidden : int
        Cells in the release; hidden ones.
    blocks, largest_block : int
        Independent blocks of hidden cells left after pinned cells are substituted (a hidden
        cell in no such relation is a block of one); size of the largest.
    lps, milps : int
        Linear and integer programs solved.
    seconds : float
        Wall time of the audit.
    failures : list of CellInterval
        Failing cells, by cell id.
    intervals : dict of str to CellInterval
        With ``intervals=True``: every hidden cell's bounds, by cell id; else empty.
    """

    threshold: int
    cells: int
    hidden: int
    blocks: int
    largest_block: int
    lps: int
    milps: int
    seconds: float
    failures: list[CellInterval]
    intervals: dict[str, CellInterval] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """True when no hidden cell fails."""
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict: failures (and intervals) as dicts, infinite bounds as ``None``."""
        return {
            "threshold": self.threshold,
            "passed": self.passed,
            "cells": self.cells,
            "hidden": self.hidden,
            "blocks": self.blocks,
            "largest_block": self.largest_block,
            "lps": self.lps,
            "milps": self.milps,
            "seconds": round(self.seconds, 3),
            "failures": [f.to_json() for f in self.failures],
            "intervals": {k: v.to_json() for k, v in self.intervals.items()},
        }


def _json_bound(v: float) -> float | None:
    return None if math.isinf(v) else v
