"""Analysis use-cases: the single place that turns analysis results into the JSON contract.

Used by the CLI (``netmap gaps|isolated|bridges|flows``), the API and ``netmap demo``.
Each ``*_json(G, ...)`` takes the canonical graph and returns one JSON-ready object::

    {"params": {...what was used, incl. as_of...}, <results>, "names": {id: 日本語名}}

* gaps: ``"gaps"`` (the :class:`~netmap.analysis.results.Gap` list) and ``"unallocated"``
  (demand recorded only above the level);
* isolated: ``"areas"``;
* bridges: ``"bridges"``, ``"missing_bridges"``; ``params.betweenness`` says how
  betweenness was computed;
* flows: ``"areas"`` and ``"one_way_organisations"``.

``names`` maps every area, need, network and organisation id the result mentions to its
display name (Japanese), so tables and clients need not look them up.

These are the *exact* results, for analysts and admins. What viewers and meetings see is
published from a release with the same shapes (:mod:`netmap.disclosure.publish`).

:func:`csv_tables` flattens a result into CSV tables (``csv_rows`` for the main one).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from netmap.analysis import (
    find_flows,
    find_gaps,
    find_isolated_areas,
    find_unallocated,
    rank_bridges,
)
from netmap.analysis.bridges import describe_method
from netmap.analysis.projections import GraphIndex, resolve_as_of
from netmap.analysis.results import AnalysisParameterError, gap_result_ids
from netmap.errors import NetmapError
from netmap.model.schema import Label
from netmap.model.vocab import need_label
from netmap.store.base import CypherRunner, GraphStore

__all__ = [
    "ANALYSES",
    "CypherParam",
    "bridges_json",
    "csv_rows",
    "csv_tables",
    "cypher_library",
    "cypher_query_params",
    "flows_json",
    "gaps_json",
    "isolated_json",
    "parse_params",
    "run_analysis",
    "run_cypher",
    "write_analyses",
    "write_csv",
]

#: Analysis name -> the key of its main result list.
ANALYSES: dict[str, str] = {
    "gaps": "gaps",
    "isolated": "areas",
    "bridges": "bridges",
    "flows": "areas",
}

STATUSES = ("open", "accepted", "declined", "closed")


# --------------------------------------------------------------------------- helpers


def _params(name: str, as_of: dt.date | str | None, **kw: Any) -> dict[str, Any]:
    return {"analysis": name, "as_of": resolve_as_of(as_of).isoformat(), **kw}


def _name(G: nx.MultiDiGraph, node: str) -> str:
    if node not in G:
        return need_label(node)
    d = G.nodes[node]
    if d.get("label") == Label.NEED:
        return str(d.get("name_ja") or need_label(node))
    return str(d.get("name", node))


def _names(G: nx.MultiDiGraph, ids: set[str]) -> dict[str, str]:
    return {i: _name(G, i) for i in sorted(ids) if i}


# --------------------------------------------------------------------------- gaps


def gaps_json(
    G: nx.MultiDiGraph,
    *,
    level: str = "district",
    min_demand: int = 1,
    ratio: float = 10.0,
    as_of: dt.date | str | None = None,
    area: str | None = None,
    need: str | None = None,
    index: GraphIndex | None = None,
) -> dict[str, Any]:
    """``netmap gaps`` as a JSON object (see the module docstring). ``index``: a
    :class:`~netmap.analysis.projections.GraphIndex` of ``G`` already built for ``as_of``
    (several analyses of one graph and date share it)."""
    gaps = find_gaps(
        G,
        level=level,
        min_demand=min_demand,
        ratio=ratio,
        as_of=as_of,
        area=area,
        need=need,
        index=index,
    )
    unallocated = find_unallocated(G, level=level, as_of=as_of, area=area, need=need, index=index)
    gap_objs = [g.model_dump(mode="json") for g in gaps]
    un_objs = [u.model_dump(mode="json") for u in unallocated]
    params = _params(
        "gaps",
        as_of,
        level=level,
        min_demand=min_demand,
        ratio=ratio,
        area=area,
        need=need,
    )
    ids = gap_result_ids(gap_objs, un_objs)
    return {
        "params": params,
        "gaps": gap_objs,
        "unallocated": un_objs,
        "names": _names(G, ids),
    }


# --------------------------------------------------------------------------- isolation


def isolated_json(
    G: nx.MultiDiGraph,
    *,
    level: str = "district",
    as_of: dt.date | str | None = None,
    area: str | None = None,
    index: GraphIndex | None = None,
) -> dict[str, Any]:
    """``netmap isolated`` as a JSON object (``index``: as for :func:`gaps_json`)."""
    areas = [
        a.model_dump(mode="json")
        for a in find_isolated_areas(G, level=level, as_of=as_of, area=area, index=index)
    ]
    params = _params("isolated", as_of, level=level, area=area)
    return {
        "params": params,
        "areas": areas,
        "names": _names(G, {a["area_id"] for a in areas}),
    }


# --------------------------------------------------------------------------- bridges


def bridges_json(
    G: nx.MultiDiGraph,
    *,
    top: int | None = None,
    as_of: dt.date | str | None = None,
    area: str | None = None,
    index: GraphIndex | None = None,
) -> dict[str, Any]:
    """``netmap bridges`` as a JSON object (``index``: as for :func:`gaps_json`)."""
    rep = rank_bridges(G, as_of=as_of, area=area, top=top, index=index)
    bridges = [b.model_dump(mode="json") for b in rep.bridges]
    missing = [m.model_dump(mode="json") for m in rep.missing_bridges]
    params = _params(
        "bridges",
        as_of,
        top=top,
        area=area,
        **describe_method(rep.betweenness_method),
    )
    ids: set[str] = set()
    for b in bridges:
        ids |= {b["organisation_id"], *b["networks"]}
    for m in missing:
        ids |= {*m["network_ids"], m["ward_id"]}
        ids |= {c["organisation_id"] for c in m["candidates"]}
    return {
        "params": params,
        "bridges": bridges,
        "missing_bridges": missing,
        "names": _names(G, ids),
    }


# --------------------------------------------------------------------------- flows


def flows_json(
    G: nx.MultiDiGraph,
    *,
    level: str = "district",
    as_of: dt.date | str | None = None,
    area: str | None = None,
    index: GraphIndex | None = None,
) -> dict[str, Any]:
    """``netmap flows`` as a JSON object (``index``: as for :func:`gaps_json`)."""
    rep = find_flows(G, level=level, as_of=as_of, area=area, index=index)
    areas = [a.model_dump(mode="json") for a in rep.areas]
    one_way = [o.model_dump(mode="json") for o in rep.one_way_organisations]
    params = _params("flows", as_of, level=level, area=area)
    ids: set[str] = {a["area_id"] for a in areas}
    for a in areas:
        ids |= {n["need"] for n in a["by_need"]}
    for o in one_way:
        ids |= {o["organisation_id"], o["area_id"] or ""}
    return {
        "params": params,
        "areas": areas,
        "one_way_organisations": one_way,
        "names": _names(G, ids),
    }


# --------------------------------------------------------------------------- by name


_JSON: dict[str, Any] = {
    "gaps": gaps_json,
    "isolated": isolated_json,
    "bridges": bridges_json,
    "flows": flows_json,
}


def run_analysis(name: str, G: nx.MultiDiGraph, **params: Any) -> dict[str, Any]:
    """Run one analysis by name (``gaps``, ``isolated``, ``bridges``, ``flows``) on ``G``."""
    if name not in _JSON:
        raise ValueError(f"unknown analysis {name!r}")
    result: dict[str, Any] = _JSON[name](G, **params)
    return result


# --------------------------------------------------------------------------- CSV


def _join(values: list[str]) -> str:
    return ";".join(values)


def _num(obj: Mapping[str, Any], key: str) -> Any:
    """A count cell: the number, "x" when hidden (published results), "" when none."""
    from netmap.viz.tables import cell_text

    return cell_text(obj, key)


def csv_tables(name: str, obj: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Flatten a ``*_json`` object into CSV tables (table name -> rows of column -> value).

    The first table is the main one (what ``--format csv`` prints). Lists become
    ``;``-separated cells; ``null`` becomes an empty cell.
    """
    names: Mapping[str, str] = obj.get("names", {})
    if name == "gaps":
        return _gaps_tables(obj, names)
    if name == "isolated":
        return _isolated_tables(obj)
    if name == "bridges":
        return _bridges_tables(obj, names)
    if name == "flows":
        return _flows_tables(obj, names)
    raise ValueError(f"unknown analysis {name!r}")


Tables = dict[str, list[dict[str, Any]]]


def _gaps_tables(obj: Mapping[str, Any], names: Mapping[str, str]) -> Tables:
    return {
        "gaps": [
            {
                "area_id": g["area_id"],
                "area_name": g["area_name"],
                "need": g["need"],
                "need_name": names.get(g["need"], g["need"]),
                "kind": g["kind"],
                "demand": _num(g, "demand"),
                "supply": g["supply"],
                "ratio": _num(g, "ratio"),
                "candidates": _join([f"{c['activity_id']}:{c['reason']}" for c in g["candidates"]]),
                "candidate_names": _join([c["name"] for c in g["candidates"]]),
                "wide_area_resources": _join([w["id"] for w in g["wide_area_resources"]]),
            }
            for g in obj["gaps"]
        ],
        "unallocated": [
            {
                "area_id": u["area_id"],
                "area_name": u["area_name"],
                "level": u["level"],
                "need": u["need"],
                "need_name": names.get(u["need"], u["need"]),
                "demand": _num(u, "demand"),
            }
            for u in obj["unallocated"]
        ],
    }


def _isolated_tables(obj: Mapping[str, Any]) -> Tables:
    return {
        "areas": [
            {
                **{k: _num(a, k) for k in a if k not in ("reasons", "suppressed")},
                "reasons": _join(a["reasons"]),
            }
            for a in obj["areas"]
        ]
    }


def _bridges_tables(obj: Mapping[str, Any], names: Mapping[str, str]) -> Tables:
    return {
        "bridges": [
            {
                "organisation_id": b["organisation_id"],
                "name": b["name"],
                "networks": _join(b["networks"]),
                "network_names": _join([names.get(n, n) for n in b["networks"]]),
                "betweenness": b["betweenness"],
                "constraint": _num(b, "constraint"),
                **b["brokerage"],
                "articulation_point": b["articulation_point"],
                "score": b["score"],
                "why": b["why"],
            }
            for b in obj["bridges"]
        ],
        "missing_bridges": [
            {
                "network_a": m["network_ids"][0],
                "network_b": m["network_ids"][1],
                "network_a_name": names.get(m["network_ids"][0], ""),
                "network_b_name": names.get(m["network_ids"][1], ""),
                "ward_id": m["ward_id"],
                "candidates": _join(
                    [f"{c['organisation_id']}:{c['reason']}" for c in m["candidates"]]
                ),
            }
            for m in obj["missing_bridges"]
        ],
    }


def _flows_tables(obj: Mapping[str, Any], names: Mapping[str, str]) -> Tables:
    return {
        "areas": [
            {
                "area_id": a["area_id"],
                "area_name": names.get(a["area_id"], a["area_id"]),
                **{
                    k: _num(a, k)
                    for k in (
                        "referrals_out",
                        "referrals_in",
                        *STATUSES,
                        "acceptance_rate",
                    )
                },
            }
            for a in obj["areas"]
        ],
        "by_need": [
            {"area_id": a["area_id"], **{k: _num(n, k) for k in n if k != "suppressed"}}
            for a in obj["areas"]
            for n in a["by_need"]
        ],
        "one_way_organisations": [
            {k: _num(o, k) for k in o if k != "suppressed"} for o in obj["one_way_organisations"]
        ],
    }


def csv_rows(name: str, obj: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The main CSV table of a result (see :func:`csv_tables`)."""
    return next(iter(csv_tables(name, obj).values()))


# --------------------------------------------------------------------------- Cypher library


@dataclass(frozen=True)
class CypherParam:
    """A parameter declared in a library query's header: ``// @param name: type = default``."""

    name: str
    type: str  # str | int | float | date
    default: str  # "null", "today", "required" or a literal
    help: str = ""


_PARAM_LINE = re.compile(
    r"^//\s*@param\s+(?P<name>\w+)\s*:\s*(?P<type>\w+)\s*=\s*(?P<default>\S+)\s*(?:--\s*(?P<help>.*))?$"
)


def parse_params(text: str) -> list[CypherParam]:
    """The parameters a library query declares in its header, in order.

    >>> parse_params("// @param level: str = district   -- area level\\nRETURN 1")
    [CypherParam(name='level', type='str', default='district', help='area level')]
    """
    out = []
    for line in text.splitlines():
        m = _PARAM_LINE.match(line.strip())
        if m:
            out.append(CypherParam(m["name"], m["type"], m["default"], (m["help"] or "").strip()))
    return out


def cypher_library() -> list[dict[str, Any]]:
    """The analyst library (``cypher/analysis/``): name, what it answers, its parameters."""
    from netmap.cypher import list_cypher, load_cypher

    out = []
    for name in list_cypher("analysis"):
        text = load_cypher(f"analysis/{name}")
        first = text.splitlines()[0] if text else ""
        summary = first.removeprefix("//").strip().removeprefix(f"{name}:").strip()
        out.append(
            {
                "name": name,
                "summary": summary,
                "params": [
                    {"name": p.name, "type": p.type, "default": p.default, "help": p.help}
                    for p in parse_params(text)
                ],
            }
        )
    return out


def _coerce(p: CypherParam, raw: str) -> Any:
    if raw == "null":
        return None
    try:
        if p.type == "int":
            return int(raw)
        if p.type == "float":
            return float(raw)
        if p.type == "date":
            return resolve_as_of(None if raw == "today" else raw).isoformat()
    except ValueError:
        raise AnalysisParameterError(
            f"parameter {p.name!r} must be a {p.type}, not {raw!r}", details={"param": p.name}
        ) from None
    return raw


def cypher_query_params(name: str, given: Mapping[str, str]) -> dict[str, Any]:
    """Typed parameters for a library query: the given ``key=value`` strings over the
    header's defaults. An unknown query or parameter is an :class:`AnalysisParameterError`."""
    from netmap.cypher import list_cypher, load_cypher

    if name not in list_cypher("analysis"):
        raise AnalysisParameterError(
            f"no query {name!r} in the Cypher library (see `netmap cypher list`)",
            details={"query": name},
        )
    declared = {p.name: p for p in parse_params(load_cypher(f"analysis/{name}"))}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise AnalysisParameterError(
            f"unknown parameter(s) for {name}: {', '.join(unknown)} "
            f"(declared: {', '.join(declared)})",
            details={"params": unknown},
        )
    missing = sorted(k for k, p in declared.items() if p.default == "required" and k not in given)
    if missing:
        raise AnalysisParameterError(
            f"{name} needs --param {' --param '.join(f'{k}=...' for k in missing)}",
            details={"missing": missing},
        )
    return {k: _coerce(p, given.get(k, p.default)) for k, p in declared.items()}


def run_cypher(store: GraphStore, name: str, given: Mapping[str, str]) -> dict[str, Any]:
    """Run a library query on the Neo4j store: ``{"query", "params", "rows"}``."""
    params = cypher_query_params(name, given)
    if not isinstance(store, CypherRunner):
        raise NetmapError(
            "the Cypher library runs on the Neo4j store only (set NETMAP_STORE=neo4j)",
            details={"store": store.name},
        )
    rows = store.run_query(f"analysis/{name}", params)
    return {"query": name, "params": params, "rows": rows}


# --------------------------------------------------------------------------- files


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    """A CSV file for Excel: UTF-8 with BOM (so Japanese opens correctly), header row."""

    from netmap.spreadsheet import csv_text

    header = list(rows[0]) if rows else []
    text = csv_text([header, *([r.get(k) for k in header] for r in rows)]) if rows else ""
    path.write_text(text, encoding="utf-8-sig", newline="")
    return path


def write_analyses(
    G: nx.MultiDiGraph,
    out_dir: Path,
    *,
    as_of: dt.date | str | None = None,
) -> list[Path]:
    """Write the four analyses into ``out_dir``: ``<name>.json`` (plain UTF-8) and one CSV
    per table (``gaps.csv``, ``gaps_unallocated.csv``, ``bridges.csv``,
    ``bridges_missing_bridges.csv``, ...; UTF-8 with BOM for Excel). Returns the paths."""
    import json

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in ANALYSES:
        obj = run_analysis(name, G, as_of=as_of)
        path = out_dir / f"{name}.json"
        path.write_text(
            json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=2) + "\n",
            encoding="utf-8",
        )
        written.append(path)
        for i, (table, rows) in enumerate(csv_tables(name, obj).items()):
            stem = name if i == 0 else f"{name}_{table}"
            written.append(write_csv(out_dir / f"{stem}.csv", rows))
    return written
