"""What the commands share to read ``--area``, ``--need``, ``--network`` (an id or a
name, :mod:`netmap.names`) and ``--as-of`` (:mod:`netmap.dates`).

Every helper raises a :class:`~netmap.errors.UsageError` (exit code 2 under
:func:`~netmap.cli.common.user_errors`); an unknown name also says which command lists
the ids and names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

if TYPE_CHECKING:
    import networkx as nx

    from netmap.names import NameIndex
    from netmap.store.base import GraphStore

#: Help texts of the options.
AREA_HELP = "An area id or its Japanese name (日吉地区); `netmap areas` lists them."
NEED_HELP = "A need id or its Japanese or English name (食, Food); `netmap needs` lists them."
NETWORK_HELP = "A network id or its name; `netmap networks` lists them."
AS_OF_HELP = "Date (2024-06-30, 2024/6/30, 2024年6月30日, 令和6年6月30日, R6.6.30)"
PLAN_AT_HELP = (
    "With --scenario: the date the plan is evaluated at (default today, "
    "or the latest valid_from in the plan if later)"
)

#: ``--area`` and ``--as-of`` of the products made from a release (map, export, sheet).
ProductAreaOpt = Annotated[
    str | None,
    typer.Option("--area", "-a", help=f"A ward or district; default: the city. {AREA_HELP}"),
]
ReleaseAsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help=f"{AS_OF_HELP}: the release of the latest month end on or before it (default today).",
    ),
]
#: ``--at`` of the commands that take ``--scenario``.
PlanAtOpt = Annotated[str | None, typer.Option("--at", help=f"{PLAN_AT_HELP}.")]

#: The command that lists each kind of record.
LISTS = {
    "area": "areas",
    "need": "needs",
    "network": "networks",
    "organisation": "organisations",
}


def as_of_date(text: str | None) -> dt.date | None:
    """``--as-of`` as a date (``None``: today, decided by the command)."""
    if text is None:
        return None
    from netmap.analysis.projections import resolve_as_of

    return resolve_as_of(text)


def _resolve(index: Callable[[], NameIndex], text: str | None) -> str | None:
    if text is None:
        return None
    from netmap.errors import UnknownNameError

    names = index()
    try:
        return names.resolve(text)
    except UnknownNameError as exc:
        if names.kind in LISTS:
            exc.message += f"（一覧 / list them: netmap {LISTS[names.kind]}）"
            exc.args = (exc.message,)
        raise


def area_id(G: nx.MultiDiGraph, text: str | None) -> str | None:
    """The id of the area ``--area`` names (``None`` when not given)."""
    from netmap.names import area_index

    return _resolve(lambda: area_index(G), text)


def need_id(G: nx.MultiDiGraph | None, text: str | None) -> str | None:
    """The id of the need ``--need`` names (``None`` when not given)."""
    from netmap.names import need_index

    return _resolve(lambda: need_index(G), text)


def network_id(G: nx.MultiDiGraph, text: str | None) -> str | None:
    """The id of the network ``--network`` names (``None`` when not given)."""
    from netmap.names import network_index

    return _resolve(lambda: network_index(G), text)


class _GraphOnce:
    """A store whose graph is exported once: the command resolves names on it, then the
    service renders from the same graph (everything else goes to the store)."""

    def __init__(self, store: GraphStore, graph: nx.MultiDiGraph | None = None) -> None:
        self._store = store
        self._graph = graph

    def export_graph(self) -> nx.MultiDiGraph:
        if self._graph is None:
            self._graph = self._store.export_graph()
        return self._graph

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def graph_once(store: GraphStore) -> GraphStore:
    """``store`` with its graph exported once (see :class:`_GraphOnce`)."""
    return cast("GraphStore", _GraphOnce(store))
