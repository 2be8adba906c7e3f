"""Residents in the view graph: never nodes, only counts read from a release.

Areas and activities carry ``counts`` (raw published values, ``None`` when hidden),
``counts_text`` (``"x"`` for a hidden count) and ``suppressed``; areas also carry their
published gap rows and isolation figures with the counts as text.
"""

from __future__ import annotations

from typing import Any

from netmap.disclosure.publish import count_text
from netmap.disclosure.release import Release
from netmap.model.vocab import need_label

__all__ = ["gap_dicts", "isolation_dict", "published_counts"]

_ISOLATION_KEYS = (
    "isolated",
    "score",
    "reasons",
    "organisations",
    "network_memberships",
    "external_ties",
    "activities",
    "residents_with_needs",
    "isolated_residents",
    "suppressed",
)


def published_counts(rel: Release, **cells: tuple[str, ...]) -> dict[str, Any]:
    """``counts``/``counts_text``/``suppressed`` of a node, read from the release."""
    counts = {name: rel.shown(key) for name, key in cells.items()}
    return {
        "counts": counts,
        "counts_text": {k: count_text(v) for k, v in counts.items()},
        "suppressed": sorted(k for k, v in counts.items() if v is None),
    }


def gap_dicts(gaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An area's published gap rows as the view carries them (demand as text, the first
    three candidate activities by name)."""
    out = []
    for g in gaps:
        d = {k: g[k] for k in ("need", "demand", "supply", "ratio", "kind", "suppressed")}
        d["need_label"] = need_label(g["need"])
        d["demand_text"] = count_text(g["demand"])
        d["candidates"] = [c["name"] for c in g["candidates"][:3]]
        out.append(d)
    return out


def isolation_dict(i: dict[str, Any]) -> dict[str, Any]:
    """An area's published isolation row, its resident counts also as text."""
    out = {k: i[k] for k in _ISOLATION_KEYS}
    for k in ("residents_with_needs", "isolated_residents"):
        out[f"{k}_text"] = count_text(i[k])
    return out
