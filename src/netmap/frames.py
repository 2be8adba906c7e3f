"""Analysis results as pandas tables, for notebooks and scripts: :func:`to_frame`.

One function takes any analysis result and returns a :class:`pandas.DataFrame`, one row per
result:

* the results of :func:`netmap.find_gaps` (``Gap``), :func:`netmap.find_isolated_areas`
  (``IsolatedArea``), :func:`netmap.rank_bridges` (``BridgeReport``: its ``bridges`` or, with
  ``table="missing_bridges"``, its missing bridges) and :func:`netmap.find_flows`
  (``FlowReport``: its ``areas``, ``one_way_organisations``, ``by_need`` or ``by_org_kind``);
  a list of them, or one of them;
* the JSON objects of ``netmap gaps|isolated|bridges|flows --format json`` and of the API,
  read with :func:`json.load`: the exact ones (analysts) and the published ones (viewers,
  ``--suppress``), whose hidden counts are ``null`` and listed in ``"suppressed"``;
* rows of those objects (dicts), and the nested lists (``gap.candidates``, ...).

Columns are named as in the JSON contract (docs/definitions.md, docs/analyst-guide.md);
the one nested object, ``brokerage``, becomes ``brokerage.coordinator``, ... Numbers stay
numbers: counts are ``Int64``, measures and ratios ``Float64``, flags ``boolean`` (pandas'
nullable types, so a missing value is ``pd.NA`` and a count column stays integer); lists
(``networks``, ``reasons``, ``candidates``, ...) stay lists.

``pd.NA`` means one of two things, told apart by the row's ``suppressed`` column (present
for published results only): a **hidden** count (its column is listed there: tables, maps
and sheets show it as the mark "x", 秘匿, to protect residents; docs/privacy.md), or an
**undefined** value (a ratio with no supply, the constraint of an organisation with no
ties, an acceptance rate with nothing decided). A cell that reads "x" (a row copied from a
CSV or XLSX export) is read as hidden too. ``df.attrs`` explains: ``mark``, ``mark_note``,
``hidden_cells`` (column -> number of hidden cells), ``published``, and for a JSON object
its ``params``, ``names`` (id -> display name) and ``analysis``.

pandas is an optional extra (``pip install 'netmap[frames]'``): it is imported on the
first call, and a missing pandas is a :class:`~netmap.errors.NetmapError` that says how to
install it. :func:`display_names` gives the display name of every id of a graph, as the
``names`` of the JSON objects do.
"""

from __future__ import annotations

import importlib
import types
import typing
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from netmap.analysis import results as _r
from netmap.disclosure.publish import MARK
from netmap.errors import NetmapError, UsageError

if TYPE_CHECKING:
    import networkx as nx
    from pandas import DataFrame  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = ["MARK", "display_names", "to_frame"]

INSTALL_HINT = "pip install 'netmap[frames]'  (or: pip install 'pandas>=2')"

#: The result types one row can be, in the JSON contract's field order.
_ROW_MODELS: tuple[type[BaseModel], ...] = (
    _r.Gap,
    _r.Unallocated,
    _r.Candidate,
    _r.WideAreaResource,
    _r.IsolatedArea,
    _r.Bridge,
    _r.MissingBridge,
    _r.MissingBridgeCandidate,
    _r.Brokerage,
    _r.AreaFlow,
    _r.NeedFlow,
    _r.OrgKindFlow,
    _r.OneWayOrganisation,
)

#: Results made of several tables: the first one is what ``to_frame`` gives by default.
_REPORTS: dict[type[BaseModel], tuple[str, tuple[str, ...]]] = {
    _r.BridgeReport: ("bridges", ("bridges", "missing_bridges")),
    _r.FlowReport: ("flows", ("areas", "one_way_organisations")),
}

#: The main table of each analysis' JSON object (``params.analysis``).
_MAIN_TABLE = {"gaps": "gaps", "isolated": "areas", "bridges": "bridges", "flows": "areas"}

#: The row type of each table of each analysis (for typed columns even when it is empty).
_TABLE_MODELS: dict[tuple[str, str], type[BaseModel]] = {
    ("gaps", "gaps"): _r.Gap,
    ("gaps", "unallocated"): _r.Unallocated,
    ("isolated", "areas"): _r.IsolatedArea,
    ("bridges", "bridges"): _r.Bridge,
    ("bridges", "missing_bridges"): _r.MissingBridge,
    ("flows", "areas"): _r.AreaFlow,
    ("flows", "one_way_organisations"): _r.OneWayOrganisation,
}

#: Nested lists offered as tables of their own: field -> (row model, parent key columns).
_NESTED: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "by_need": (_r.NeedFlow, ("area_id",)),
    "by_org_kind": (_r.OrgKindFlow, ("area_id",)),
}

_DTYPES = {"int": "Int64", "float": "Float64", "bool": "boolean"}

_NOTE = (
    "<NA> in a column listed in the row's 'suppressed' is a hidden count: tables, maps and "
    'sheets show it as "x" (秘匿) to protect residents (counts under the threshold, and counts '
    "that would reveal one by subtraction; docs/privacy.md). Any other <NA> is an undefined "
    "value (a ratio with no supply, a constraint with no ties, a rate with nothing decided). "
    "x は秘匿（人数が小さい、または差し引きで小さい人数が分かる）を示す印です。"
)


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:
        raise NetmapError(
            f"netmap.to_frame needs pandas, which is not installed: {INSTALL_HINT}",
            details={"missing": "pandas", "install": INSTALL_HINT},
        ) from exc


# --------------------------------------------------------------------------- columns


def _kind(annotation: Any) -> Any:
    """``int``, ``float``, ``bool``, ``str``, ``list`` or a nested model class."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _kind(args[0]) if len(args) == 1 else "object"
    if origin is typing.Literal:
        return "str"
    if origin in (list, tuple, Sequence):
        return "list"
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return annotation
        for t in (bool, int, float, str):
            if issubclass(annotation, t):
                return t.__name__
    return "object"


def _columns(model: type[BaseModel], prefix: str = "") -> dict[str, str]:
    """Column -> kind for a result model, nested models flattened as ``field.sub``."""
    out: dict[str, str] = {}
    for name, info in model.model_fields.items():
        kind = _kind(info.annotation)
        if isinstance(kind, type):
            out.update(_columns(kind, f"{prefix}{name}."))
        else:
            out[f"{prefix}{name}"] = kind
    return out


_BY_KEYS: dict[frozenset[str], type[BaseModel]] = {
    frozenset(m.model_fields): m for m in _ROW_MODELS
}


def _known_columns() -> dict[str, str]:
    """Column -> kind over every result type, where they agree (for rows of no known type,
    such as the CSV export's, which add display names and join lists)."""
    seen: dict[str, set[str]] = {}
    for m in _ROW_MODELS:
        for col, kind in _columns(m).items():
            seen.setdefault(col, set()).add(kind)
    return {col: kinds.pop() for col, kinds in seen.items() if len(kinds) == 1}


_KNOWN = _known_columns()


def _model_of(row: Mapping[str, Any]) -> type[BaseModel] | None:
    """The result type of a JSON row (by its fields; ``suppressed`` aside)."""
    return _BY_KEYS.get(frozenset(k for k in row if k != "suppressed"))


def _flatten(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if isinstance(v, Mapping) and k != "suppressed":
            out.update(_flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


# --------------------------------------------------------------------------- inputs


class _Table:
    """What a result becomes before pandas: JSON rows, their type, the frame's attrs."""

    def __init__(
        self,
        rows: list[dict[str, Any]],
        model: type[BaseModel] | None,
        attrs: dict[str, Any] | None = None,
        parents: tuple[str, ...] = (),
    ) -> None:
        self.rows = rows
        self.model = model
        self.attrs = attrs or {}
        self.parents = parents


def _dump(obj: BaseModel) -> dict[str, Any]:
    return obj.model_dump(mode="json")


def _nested(rows: list[dict[str, Any]], table: str, attrs: dict[str, Any]) -> _Table:
    model, parents = _NESTED[table]
    out = [
        {**{p: row.get(p) for p in parents}, **item}
        for row in rows
        for item in row.get(table) or []
    ]
    return _Table(out, model, {**attrs, "table": table}, parents)


def _rows(items: Sequence[Any]) -> list[dict[str, Any]]:
    return [_dump(i) if isinstance(i, BaseModel) else dict(i) for i in items]


def _choose(
    tables: Mapping[str, Sequence[Any]],
    table: str | None,
    main: str,
    attrs: dict[str, Any],
    what: str,
) -> _Table:
    """One table of a result made of several (lists of rows); nested lists of the main
    table's rows (``by_need``, ``by_org_kind``) are tables too."""
    name = table or main
    if name in tables:
        model = _TABLE_MODELS.get((str(attrs.get("analysis")), name))
        return _Table(_rows(tables[name]), model, {**attrs, "table": name})
    rows = _rows(tables.get(main, []))
    nested = [n for n in _NESTED if rows and all(n in r for r in rows)]
    if name in nested:
        return _nested(rows, name, attrs)
    offered = [*tables, *nested]
    raise UsageError(
        f"{what} has no table {name!r}: use table=" + " or ".join(repr(t) for t in offered),
        details={"table": name, "tables": offered},
    )


def _read(result: Any, table: str | None) -> _Table:
    if isinstance(result, BaseModel):
        report = _REPORTS.get(type(result))
        if report is not None:
            analysis, lists = report
            attrs: dict[str, Any] = {"analysis": analysis, "published": False}
            if isinstance(result, _r.BridgeReport):
                attrs["betweenness_method"] = result.betweenness_method
            tables = {k: getattr(result, k) for k in lists}
            return _choose(tables, table, lists[0], attrs, f"a {type(result).__name__}")
        if table is not None:
            return _read([result], table)
        return _Table([_dump(result)], type(result), {"published": False})
    if isinstance(result, Mapping):
        if "params" in result and isinstance(result["params"], Mapping):
            return _read_json(result, table)
        if table is not None:
            return _read([result], table)
        return _Table([dict(result)], _model_of(result))
    if isinstance(result, Sequence) and not isinstance(result, str | bytes):
        items = list(result)
        if any(isinstance(i, Mapping) and "params" in i for i in items) or any(
            type(i) in _REPORTS for i in items
        ):
            raise UsageError(
                "to_frame takes one whole result at a time: call it on each and join the "
                "frames with pandas.concat",
                details={"items": len(items)},
            )
        models = {type(i) for i in items if isinstance(i, BaseModel)}
        if len(models) > 1:
            raise UsageError(
                "a list given to to_frame must hold results of one kind, not "
                + ", ".join(sorted(m.__name__ for m in models)),
                details={"kinds": sorted(m.__name__ for m in models)},
            )
        if not all(isinstance(i, BaseModel | Mapping) for i in items):
            raise UsageError(
                "to_frame takes analysis results (netmap.find_gaps, ...), their JSON objects "
                "or lists of them",
                details={"type": type(items[0]).__name__ if items else None},
            )
        rows = _rows(items)
        model = next(iter(models)) if models else (_model_of(rows[0]) if rows else None)
        attrs = {"published": False} if models else {}
        if table is not None:
            if table not in _NESTED:
                raise UsageError(
                    f"no table {table!r} in a list of results: use table="
                    + " or ".join(repr(t) for t in _NESTED)
                    + " (flows), or none",
                    details={"table": table},
                )
            return _nested(rows, table, attrs)
        return _Table(rows, model, attrs)
    raise UsageError(
        f"to_frame cannot read a {type(result).__name__}: give it an analysis result "
        "(netmap.find_gaps, ...), a JSON object of one, or a list of results",
        details={"type": type(result).__name__},
    )


def _read_json(obj: Mapping[str, Any], table: str | None) -> _Table:
    params = dict(obj["params"])
    analysis = params.get("analysis")
    published = "release" in params or "mark" in params
    attrs: dict[str, Any] = {
        "analysis": analysis,
        "params": params,
        "names": dict(obj.get("names") or {}),
        "published": published,
    }
    if published:
        attrs["suppression_threshold"] = params.get("suppression_threshold")
    tables = {k: v for k, v in obj.items() if isinstance(v, list)}
    main = _MAIN_TABLE.get(str(analysis), next(iter(tables), ""))
    return _choose(tables, table, main, attrs, f"the {analysis} result")


# --------------------------------------------------------------------------- frames


def _hide_marks(rows: list[dict[str, Any]], kinds: Mapping[str, str]) -> dict[str, int]:
    """Hidden cells -> ``None``, listed in the row's ``suppressed``: a ``null`` the row lists
    there, or the mark "x" in a number column (rows copied from a CSV or XLSX export, where
    an empty cell is a value that is not defined). Returns the hidden cells per column."""
    numeric = {
        col
        for col, kind in kinds.items()
        if kind in _DTYPES or (not kind and any(_is_number(r.get(col)) for r in rows))
    }
    hidden: dict[str, int] = {}
    for r in rows:
        listed = set(r.get("suppressed") or ())
        for col in kinds:
            v = r.get(col)
            if v in (MARK, "") and col in numeric:  # CSV/XLSX cells: "x" hidden, "" none
                r[col] = None
                if v == MARK:
                    listed.add(col)
            if r.get(col) is None and col in listed:
                hidden[col] = hidden.get(col, 0) + 1
        if listed or "suppressed" in r:
            r["suppressed"] = sorted(listed)
    return dict(sorted(hidden.items()))


def _undeclared_kind(values: list[Any]) -> str:
    """The kind of a column no result type declares: numbers or flags if all values are."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "bool"
    if present and all(_is_number(v) for v in present):
        return "int" if all(isinstance(v, int) for v in present) else "float"
    return "object" if any(isinstance(v, list | dict) for v in present) else ""


def _frame(pd: Any, t: _Table) -> DataFrame:
    rows = [_flatten(r) for r in t.rows]
    model = t.model or (_model_of(t.rows[0]) if t.rows else None)
    kinds: dict[str, str] = dict.fromkeys(t.parents, "str")
    if model is not None:
        kinds.update(_columns(model))
    for r in rows:
        for k in r:
            if k != "suppressed":
                kinds.setdefault(k, "" if model else _KNOWN.get(k, ""))
    hidden = _hide_marks(rows, kinds)
    if any("suppressed" in r for r in rows):
        kinds["suppressed"] = "list"
    data: dict[str, Any] = {}
    for col, declared in kinds.items():
        values = [r.get(col) for r in rows]
        if col == "suppressed":
            values = [list(v or []) for v in values]
        kind = declared or _undeclared_kind(values)
        if kind in _DTYPES:
            try:
                data[col] = pd.array(values, dtype=_DTYPES[kind])
            except (TypeError, ValueError):  # not numbers after all: keep the values
                data[col] = pd.Series(values, dtype=object)
        elif kind in ("list", "object") or not values:
            data[col] = pd.Series(values, dtype=object)
        else:
            data[col] = pd.Series(values)
    df = pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
    attrs: dict[str, Any] = {"result": model.__name__ if model else None, **t.attrs}
    published = bool(attrs.get("published")) or "suppressed" in kinds
    attrs.update(published=published, mark=MARK, mark_note=_NOTE, hidden_cells=hidden)
    df.attrs.update(attrs)
    return df


def to_frame(result: Any, *, table: str | None = None) -> DataFrame:
    """An analysis result as a :class:`pandas.DataFrame` (see the module docstring).

    ``result``: a result of ``netmap.find_gaps``, ``find_isolated_areas``, ``rank_bridges``
    or ``find_flows``, a list of results of one kind, one result, a JSON object of
    ``netmap <analysis> --format json`` or the API (exact or published), or rows of one.
    ``table`` picks another table of a result that has several: ``"missing_bridges"`` of
    a bridges result; ``"one_way_organisations"``, ``"by_need"`` or ``"by_org_kind"`` of a
    flows result (the last two with the area's ``area_id`` first); ``"unallocated"`` of a
    gaps JSON object. An empty list gives an empty frame.

    >>> from netmap.analysis import find_gaps
    >>> from netmap.analysis._examples import tiny_graph
    >>> df = to_frame(find_gaps(tiny_graph()))
    >>> df[["area_id", "need", "demand", "supply", "kind"]].to_dict("records")
    [{'area_id': 'd1', 'need': 'food', 'demand': 2, 'supply': 0, 'kind': 'gap'}]
    >>> str(df["demand"].dtype), bool(df["ratio"].isna().all())  # no supply: no ratio
    ('Int64', True)
    """
    pd = _pandas()
    return _frame(pd, _read(result, table))


def display_names(G: nx.MultiDiGraph) -> dict[str, str]:
    """The display name of every area, organisation, network, activity and need of ``G``
    (the ``names`` of the JSON results): ``name``, or a need's Japanese label. Residents
    and referrals have none.

    >>> from netmap.analysis._examples import tiny_graph
    >>> names = display_names(tiny_graph())
    >>> names["d1"], names["food"]
    ('港北第一', '食')
    """
    from netmap.model.schema import Label
    from netmap.model.vocab import need_label

    out: dict[str, str] = {}
    for node, d in G.nodes(data=True):
        label = d.get("label")
        if label in (Label.RESIDENT, Label.REFERRAL):
            continue
        if label == Label.NEED:
            out[node] = str(d.get("name_ja") or need_label(node))
        else:
            out[node] = str(d.get("name") or node)
    return out
