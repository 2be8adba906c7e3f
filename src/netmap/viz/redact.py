"""The one redaction step for everything meant for a meeting (DATA_MODEL.md "Privacy").

Maps, diagrams, reports and exports take a view graph (:mod:`netmap.viz.view`) only after
:func:`redact_view`:

* no node is a resident (a view that has one is refused), and no attribute value looks
  like a resident pseudonym (``R-`` + 24 hex digits);
* resident counts (``counts`` on areas and activities, gap ``demand``, isolation
  ``residents_with_needs``/``isolated_residents``, referral ``count`` on flow edges) from 1
  to below the threshold become ``None`` with their field listed in ``suppressed`` and a
  text ``"<10"`` in ``*_text``; a ratio derived from a suppressed count is suppressed with it;
* secondary suppression: an area whose children are shown with their counts is treated as
  a total of its parts (children + residents living in the area itself), so a shown total
  never reveals a single hidden part (:func:`netmap.privacy.suppress_counts`).

Renderers call :func:`require_redacted`.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from typing import Any

import networkx as nx

from netmap.errors import NetmapError
from netmap.privacy import PSEUDONYM_PREFIX, format_count, is_small, suppress_counts

__all__ = [
    "PSEUDONYM_RE",
    "RedactionError",
    "hierarchy_suppression",
    "redact_view",
    "require_redacted",
]

#: What a resident pseudonym looks like (see :func:`netmap.privacy.pseudonymise`).
PSEUDONYM_RE = re.compile(re.escape(PSEUDONYM_PREFIX) + r"[0-9a-f]{24}")

_RESIDENT_COUNT_EDGE_TYPES = {"referral"}


class RedactionError(NetmapError):
    """A view would show personal data (a resident node or pseudonym), or a renderer got
    a view that did not pass the redaction step."""


def _scan(value: Any, where: str) -> None:
    if isinstance(value, str):
        if PSEUDONYM_RE.search(value):
            raise RedactionError(f"a resident pseudonym would be shown ({where})")
    elif isinstance(value, dict):
        for k, v in value.items():
            _scan(k, where)
            _scan(v, f"{where}.{k}")
    elif isinstance(value, list | tuple | set):
        for v in value:
            _scan(v, where)


def _text(n: int | None, raw: int | None, threshold: int) -> str:
    if n is None and raw is not None and raw > 0:
        return f"<{threshold}" if is_small(raw, threshold) else "非表示"
    return format_count(n, threshold)


def redact_view(view: nx.MultiDiGraph, *, threshold: int) -> nx.MultiDiGraph:
    """A redacted copy of a view graph (see the module docstring).

    >>> import networkx as nx
    >>> v = nx.MultiDiGraph()
    >>> v.add_node("d1", category="Area", counts={"residents_with_needs": 3})
    >>> r = redact_view(v, threshold=10)
    >>> r.nodes["d1"]["counts"], r.nodes["d1"]["counts_text"], r.nodes["d1"]["suppressed"]
    ({'residents_with_needs': None}, {'residents_with_needs': '<10'}, ['residents_with_needs'])
    """
    for n, d in view.nodes(data=True):
        if d.get("category") == "Resident" or d.get("label") == "Resident":
            raise RedactionError("a view must not contain resident nodes", details={"node": n})
        _scan(n, "node id")
        _scan(d, f"node {n}")
    for s, t, d in view.edges(data=True):
        _scan(d, f"edge {s}->{t}")
    _scan(view.graph, "graph")

    V = copy.deepcopy(view)
    raw_res: dict[str, int] = {}
    hidden: dict[str, set[str]] = defaultdict(set)  # node -> hidden count fields
    for n, d in V.nodes(data=True):
        counts: dict[str, int] = dict(d.get("counts") or {})
        for k, v in counts.items():
            if is_small(v, threshold):
                hidden[n].add(k)
        if "residents_with_needs" in counts:
            raw_res[n] = counts["residents_with_needs"]

    # secondary suppression decided once over the whole area hierarchy, so that no two
    # maps or exports of the same data can be subtracted from each other
    area_totals = V.graph.pop("area_totals", None)
    if area_totals is not None:
        for a in hierarchy_suppression(area_totals, threshold):
            if a in V:
                hidden[a].add("residents_with_needs")
    # and over the area hierarchy shown in the view
    children: dict[str, list[str]] = defaultdict(list)
    for n, d in V.nodes(data=True):
        if d.get("category") != "Area" or n not in raw_res:
            continue
        parent = _shown_parent(V, n)
        if parent is not None and parent in raw_res:
            children[parent].append(n)
    for parent, kids in sorted(children.items()):
        parts = {k: raw_res[k] for k in kids}
        parts["\x00own"] = max(0, raw_res[parent] - sum(parts.values()))
        res = suppress_counts(parts, threshold, total_field="\x00total")
        for k in res.suppressed:
            if k == "\x00total":
                hidden[parent].add("residents_with_needs")
            elif not k.startswith("\x00"):
                hidden[k].add("residents_with_needs")

    for n, d in V.nodes(data=True):
        counts = dict(d.get("counts") or {})
        shown: dict[str, int | None] = {}
        texts: dict[str, str] = {}
        for k, v in counts.items():
            shown[k] = None if k in hidden[n] else v
            texts[k] = _text(shown[k], v, threshold)
        suppressed = sorted(k for k in counts if shown[k] is None and counts[k])
        if counts:
            d["counts"] = shown
            d["counts_text"] = texts
        if d.get("gaps"):
            d["gaps"] = [_redact_gap(g, threshold) for g in d["gaps"]]
            if "residents_with_needs" in hidden[n]:
                # a need's demand can equal the hidden total (every resident with that
                # need): hidden with it, or the shown total minus shown parts reveals it
                d["gaps"] = [_hide_with_total(g, "demand", threshold) for g in d["gaps"]]
        iso = d.get("isolation")
        if iso:
            d["isolation"] = _redact_fields(
                iso, ("residents_with_needs", "isolated_residents"), threshold
            )
            if "residents_with_needs" in hidden[n] and iso.get("residents_with_needs"):
                d["isolation"]["residents_with_needs"] = None
                d["isolation"]["residents_with_needs_text"] = _text(
                    None, iso["residents_with_needs"], threshold
                )
                d["isolation"]["suppressed"] = sorted(
                    set(d["isolation"]["suppressed"]) | {"residents_with_needs"}
                )
                # likewise the residents not reached (they can be all of them)
                d["isolation"] = _hide_with_total(d["isolation"], "isolated_residents", threshold)
        d["suppressed"] = suppressed
    for _s, _t, d in V.edges(data=True):
        if d.get("type") in _RESIDENT_COUNT_EDGE_TYPES and "count" in d:
            raw = d["count"]
            small = is_small(raw, threshold)
            d["count"] = None if small else raw
            d["count_text"] = format_count(raw, threshold)
            d["suppressed"] = ["count"] if small else []
            if d.get("statuses"):
                st = d["statuses"]
                d["statuses"] = {k: (None if is_small(v, threshold) else v) for k, v in st.items()}
                d["statuses_text"] = {k: format_count(v, threshold) for k, v in st.items()}
                if small:
                    d["statuses"] = {k: None for k in st}
                    d["statuses_text"] = {k: "-" for k in st}
    V.graph["redacted"] = True
    V.graph["threshold"] = threshold
    return V


def hierarchy_suppression(
    area_totals: dict[str, tuple[str | None, int]], threshold: int
) -> set[str]:
    """Areas whose resident total must be hidden everywhere.

    ``area_totals`` maps every area to (parent, total). An area is hidden when its total
    is small; and wherever a shown total has exactly one hidden part (its sub-areas plus
    the residents recorded at its own level), the next-smallest positive part is hidden
    too, repeated until nothing changes (a hidden area can make its parent's check fail).

    >>> t = {"w": (None, 43), "a": ("w", 8), "b": ("w", 20), "c": ("w", 15)}
    >>> sorted(hierarchy_suppression(t, 10))
    ['a', 'c']
    """
    kids: dict[str, list[str]] = defaultdict(list)
    for a, (parent, _n) in area_totals.items():
        if parent is not None and parent in area_totals:
            kids[parent].append(a)
    hidden = {a for a, (_p, n) in area_totals.items() if is_small(n, threshold)}
    changed = True
    while changed:
        changed = False
        for parent in sorted(kids):
            if parent in hidden:
                continue
            total = area_totals[parent][1]
            parts = {k: area_totals[k][1] for k in kids[parent]}
            own = max(0, total - sum(parts.values()))
            n_hidden = sum(1 for k in parts if k in hidden) + (1 if is_small(own, threshold) else 0)
            if n_hidden != 1:
                continue
            rest = sorted((n, k) for k, n in parts.items() if k not in hidden and n > 0)
            if rest:
                hidden.add(rest[0][1])
            else:
                hidden.add(parent)
            changed = True
    return hidden


def _shown_parent(V: nx.MultiDiGraph, n: str) -> str | None:
    """The area node in the view that area ``n`` is a direct part of (``parent_area``)."""
    p = V.nodes[n].get("parent_area")
    return str(p) if p is not None and p in V else None


def _redact_fields(obj: dict[str, Any], fields: tuple[str, ...], threshold: int) -> dict[str, Any]:
    out = dict(obj)
    sup: list[str] = []
    for f in fields:
        v = obj.get(f)
        if isinstance(v, int) and is_small(v, threshold):
            out[f] = None
            sup.append(f)
        out[f + "_text"] = format_count(v if isinstance(v, int) else None, threshold)
    out["suppressed"] = sup
    return out


def _redact_gap(g: dict[str, Any], threshold: int) -> dict[str, Any]:
    out = _redact_fields(g, ("demand",), threshold)
    if out["demand"] is None and out.get("ratio") is not None:
        out["ratio"] = None  # demand / supply would reveal the demand
        out["suppressed"] = [*out["suppressed"], "ratio"]
    return out


def _hide_with_total(obj: dict[str, Any], field: str, threshold: int) -> dict[str, Any]:
    """Hide a part of an area's hidden total (secondary suppression); a ratio derived from
    it goes with it."""
    raw = obj.get(field)
    if not raw:  # already hidden, or 0 (which reveals nothing)
        return obj
    out = dict(obj)
    out[field] = None
    out[f"{field}_text"] = _text(None, raw, threshold)
    hidden = {field}
    if out.get("ratio") is not None:
        out["ratio"] = None
        hidden.add("ratio")
    out["suppressed"] = sorted(set(out.get("suppressed") or []) | hidden)
    return out


def require_redacted(view: nx.MultiDiGraph) -> int:
    """Refuse a view that did not pass :func:`redact_view`; return its threshold."""
    if not view.graph.get("redacted"):
        raise RedactionError("render only views that passed netmap.viz.redact.redact_view")
    return int(view.graph["threshold"])
