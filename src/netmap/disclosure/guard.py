"""The guard that no resident node, id or pseudonym reaches an output.

Every product a viewer or a meeting sees passes here: a view graph with a resident node
is refused, and so is any value (node ids, attributes, payloads, keys) that looks like a
resident pseudonym (``R-`` + 24 hex digits) or is the id of a resident node of the data.
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from netmap.errors import RedactionError
from netmap.privacy import PSEUDONYM_PREFIX

__all__ = [
    "PSEUDONYM_RE",
    "RedactionError",
    "check_no_personal_data",
    "check_view",
    "require_published",
]

#: What a resident pseudonym looks like (see :func:`netmap.privacy.pseudonymise`).
PSEUDONYM_RE = re.compile(re.escape(PSEUDONYM_PREFIX) + r"[0-9a-f]{24}")


def _scan(value: Any, where: str, residents: frozenset[str]) -> None:
    if isinstance(value, str):
        if value in residents or PSEUDONYM_RE.search(value):
            raise RedactionError(f"a resident id or pseudonym would be shown ({where})")
    elif isinstance(value, dict):
        for k, v in value.items():
            _scan(k, where, residents)
            _scan(v, f"{where}.{k}", residents)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            _scan(v, where, residents)


def _resident_ids(G: nx.MultiDiGraph | None) -> frozenset[str]:
    if G is None:
        return frozenset()
    return frozenset(n for n, d in G.nodes(data=True) if d.get("label") == "Resident")


def check_no_personal_data(G: nx.MultiDiGraph | None, obj: Any, *, where: str) -> None:
    """Raise :class:`RedactionError` if ``obj`` holds a resident id of ``G`` or anything
    that looks like a pseudonym.

    >>> check_no_personal_data(None, {"a": ["R-" + "0" * 24]}, where="x")
    Traceback (most recent call last):
    ...
    netmap.errors.RedactionError: a resident id or pseudonym would be shown (x.a)
    """
    _scan(obj, where, _resident_ids(G))


def check_view(view: nx.MultiDiGraph) -> None:
    """Refuse a view graph with a resident node or a pseudonym anywhere."""
    for n, d in view.nodes(data=True):
        if d.get("category") == "Resident" or d.get("label") == "Resident":
            raise RedactionError("a view must not contain resident nodes", details={"node": n})
        _scan(n, "node id", frozenset())
        _scan(d, f"node {n}", frozenset())
    for s, t, d in view.edges(data=True):
        _scan(d, f"edge {s}->{t}", frozenset())
    _scan(view.graph, "graph", frozenset())


def require_published(view: nx.MultiDiGraph) -> int:
    """Refuse a view that was not built from a release (:func:`netmap.viz.view.build_view`);
    return the release's threshold (for legends)."""
    if not view.graph.get("published") or not view.graph.get("release"):
        raise RedactionError("render only views built from a release (netmap.viz.view)")
    check_view(view)
    return int(view.graph["threshold"])
