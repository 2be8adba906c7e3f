"""Change over time: what changed in the network between two dates (``netmap compare``,
``GET /api/v1/compare``).

One comparison, two sources of the analyses it compares:

* **exact** (analysts, admins): the analyses of :mod:`netmap.service.analyses` run at both
  dates; flows count the referrals of the period ending at each date (the release
  calendar's month or quarter), never running totals;
* **published** (viewers, meetings): the two releases that answer the dates
  (:func:`netmap.service.releases.release_for`) read through
  :mod:`netmap.disclosure.publish`. Every count is a count both releases already show;
  a change involving a hidden count is itself hidden (``null``, listed in
  ``suppressed``): the comparison publishes nothing the two releases do not.

Directory records (organisations, activities, networks) and ties between organisations
(memberships, partnerships) added or ended between the dates are read from the graph:
they hold no resident data (:mod:`netmap.service.compare_records`). Referral links (pairs
of organisations with referrals in a period) are listed for exact comparisons only.

The JSON contract is documented in docs/compare.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import networkx as nx

from netmap.analysis.projections import GraphIndex, resolve_as_of
from netmap.analysis.results import AnalysisParameterError
from netmap.service.compare_records import (
    RECORDS,
    name_records,
    record_changes,
    release_period_start,
)

__all__ = ["compare_analyses", "compare_json", "compare_rows"]

Analyses = Mapping[str, Mapping[str, Any]]

FLOW_FIELDS = ("referrals_out", "referrals_in", "accepted", "acceptance_rate")


# --------------------------------------------------------------------------- analyses


def _delta(a: Any, b: Any) -> Any:
    if isinstance(a, bool) or isinstance(b, bool):
        return None
    if isinstance(a, int | float) and isinstance(b, int | float):
        d = b - a
        return round(d, 9) if isinstance(d, float) else d
    return None


def _pair(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, fields: Iterable[str]
) -> dict[str, Any]:
    """``{field: {"from": v, "to": v, "change": to - from}}``; the change is ``None`` when
    either value is hidden or missing."""
    out: dict[str, Any] = {}
    for f in fields:
        a = before.get(f) if before else None
        b = after.get(f) if after else None
        out[f] = {"from": a, "to": b, "change": _delta(a, b)}
    return out


def _hidden(row: Mapping[str, Any] | None) -> set[str]:
    return set(row.get("suppressed", [])) if row else set()


def _keyed(
    rows: Iterable[Mapping[str, Any]], key: Callable[[Mapping[str, Any]], Any]
) -> dict[Any, Mapping[str, Any]]:
    return {key(r): r for r in rows}


def _gap_key(g: Mapping[str, Any]) -> tuple[str, str]:
    return (g["area_id"], g["need"])


def _gaps(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    demand_before: Mapping[str, Any],
    demand_after: Mapping[str, Any],
) -> dict[str, list[dict[str, Any]]]:
    """Gaps opened, closed and persisting; demand and supply at both dates come from the
    ``demand_*`` tables (the gaps analysis with ``ratio=0``: every area and need with
    demand), so a closed gap shows the supply that closed it."""
    was, now = _keyed(before["gaps"], _gap_key), _keyed(after["gaps"], _gap_key)
    dem_b = _keyed(demand_before["gaps"], _gap_key)
    dem_a = _keyed(demand_after["gaps"], _gap_key)
    out: dict[str, list[dict[str, Any]]] = {"opened": [], "closed": [], "persisting": []}
    for k in sorted(was.keys() | now.keys()):
        state = "persisting" if k in was and k in now else "opened" if k in now else "closed"
        b, a = was.get(k) or dem_b.get(k), now.get(k) or dem_a.get(k)
        item = {
            "area_id": k[0],
            "need": k[1],
            "kind": {
                "from": was[k]["kind"] if k in was else None,
                "to": now[k]["kind"] if k in now else None,
            },
            **_pair(b, a, ("demand", "supply")),
            **_pair(was.get(k), now.get(k), ("ratio",)),
        }
        hidden = (_hidden(b) | _hidden(a)) & {"demand", "supply", "ratio"}
        if hidden:
            item["suppressed"] = sorted(hidden)
        out[state].append(item)
    return out


def _isolated(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    was = {r["area_id"]: r for r in before["areas"]}
    now = {r["area_id"]: r for r in after["areas"]}
    out: dict[str, list[dict[str, Any]]] = {"newly_isolated": [], "no_longer_isolated": []}
    for k in sorted(was.keys() | now.keys()):
        b, a = was.get(k), now.get(k)
        iso_b, iso_a = bool(b and b["isolated"]), bool(a and a["isolated"])
        if iso_b == iso_a:
            continue
        item = {
            "area_id": k,
            "reasons": {"from": b["reasons"] if b else [], "to": a["reasons"] if a else []},
            **_pair(
                b,
                a,
                ("organisations", "network_memberships", "external_ties", "activities"),
            ),
            **_pair(b, a, ("residents_with_needs", "isolated_residents")),
        }
        hidden = _hidden(b) | _hidden(a)
        if hidden:
            item["suppressed"] = sorted(hidden)
        out["newly_isolated" if iso_a else "no_longer_isolated"].append(item)
    return out


def _bridges(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    rank_b = {b["organisation_id"]: (i + 1, b) for i, b in enumerate(before["bridges"])}
    rank_a = {b["organisation_id"]: (i + 1, b) for i, b in enumerate(after["bridges"])}
    ranking: dict[str, list[dict[str, Any]]] = {"entered": [], "left": [], "stayed": []}
    for o in sorted(rank_b.keys() | rank_a.keys()):
        rb, b = rank_b.get(o, (None, None))
        ra, a = rank_a.get(o, (None, None))
        state = "stayed" if b and a else "entered" if a else "left"
        ranking[state].append(
            {
                "organisation_id": o,
                "rank": {"from": rb, "to": ra, "change": _delta(rb, ra)},
                **_pair(b, a, ("score", "betweenness")),
            }
        )
    ranking["stayed"].sort(key=lambda r: r["rank"]["to"])

    def mkey(m: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
        return (m["ward_id"], tuple(sorted(m["network_ids"])))

    was = _keyed(before["missing_bridges"], mkey)
    now = _keyed(after["missing_bridges"], mkey)
    missing: dict[str, list[dict[str, Any]]] = {"appeared": [], "bridged": []}
    for k in sorted(was.keys() ^ now.keys()):
        item = {"ward_id": k[0], "network_ids": list(k[1])}
        missing["appeared" if k in now else "bridged"].append(item)
    return ranking, missing


def _flows(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    was = {r["area_id"]: r for r in before["areas"]}
    now = {r["area_id"]: r for r in after["areas"]}
    rows = []
    for k in sorted(was.keys() | now.keys()):
        b, a = was.get(k), now.get(k)
        item = {"area_id": k, **_pair(b, a, FLOW_FIELDS)}
        hidden = (_hidden(b) | _hidden(a)) & set(FLOW_FIELDS)
        if hidden:
            item["suppressed"] = sorted(hidden)
        rows.append(item)
    return rows


def compare_analyses(before: Analyses, after: Analyses) -> dict[str, Any]:
    """Compare the four analyses (JSON objects of :mod:`netmap.service.analyses` or of
    :mod:`netmap.disclosure.publish`, the same shapes) at two dates; ``demand`` is the
    gaps analysis with ``ratio=0`` (demand and supply of every area and need)."""
    ranking, missing = _bridges(before["bridges"], after["bridges"])
    names: dict[str, str] = {}
    for side in (before, after):
        for obj in side.values():
            names.update(obj.get("names", {}))
    return {
        "gaps": _gaps(before["gaps"], after["gaps"], before["demand"], after["demand"]),
        "isolated": _isolated(before["isolated"], after["isolated"]),
        "bridges": ranking,
        "missing_bridges": missing,
        "flows": {"areas": _flows(before["flows"], after["flows"])},
        "names": names,
    }


# --------------------------------------------------------------------------- the use-case


def _period_index(ix: GraphIndex, day: dt.date, period: str) -> GraphIndex:
    """``ix`` without the referrals dated before the period that holds ``day`` (or
    undated): the referrals of the period ending at ``day``."""
    start = release_period_start(day, period).isoformat()
    nodes = ix.G.nodes
    return ix.only_referrals(lambda r: str(nodes[r].get("date") or "")[:10] >= start)


def _exact(
    G: nx.MultiDiGraph, day: dt.date, *, level: str, area: str | None, top: int, period: str
) -> dict[str, Any]:
    """The analyses compared at one date, on one index of ``G`` (built once)."""
    from netmap.service.analyses import bridges_json, flows_json, gaps_json, isolated_json

    ix = GraphIndex.build(G, as_of=day)
    return {
        "gaps": gaps_json(G, level=level, as_of=day, area=area, index=ix),
        "demand": gaps_json(G, level=level, as_of=day, area=area, ratio=0.0, index=ix),
        "isolated": isolated_json(G, level=level, as_of=day, area=area, index=ix),
        "bridges": bridges_json(G, top=top, as_of=day, area=area, index=ix),
        "flows": flows_json(
            G, level=level, as_of=day, area=area, index=_period_index(ix, day, period)
        ),
    }


def compare_json(
    G: nx.MultiDiGraph,
    *,
    from_date: dt.date | str,
    to_date: dt.date | str,
    level: str = "district",
    area: str | None = None,
    top: int = 10,
    period: str = "month",
    releases: tuple[Any, Any] | None = None,
    after_graph: nx.MultiDiGraph | None = None,
) -> dict[str, Any]:
    """The comparison of ``from_date`` and ``to_date`` as one JSON object.

    ``releases``: the two releases (:class:`~netmap.disclosure.release.Release`) that
    answer the dates for a viewer: the analyses are then the published ones, and
    ``params`` names the releases' reference dates. Without it, exact analyses.
    ``after_graph``: the later state is another graph (a scenario: ``G`` with planned
    records, :mod:`netmap.service.scenarios`); exact only.
    """
    if after_graph is not None and releases is not None:
        raise ValueError("a scenario is compared with exact analyses only")
    before, after = _checked_dates(from_date, to_date, top)
    params: dict[str, Any] = {
        "analysis": "compare",
        "from": before.isoformat(),
        "to": after.isoformat(),
        "level": level,
        "area": area,
        "top": top,
        "flows": f"referrals of the {period} ending at each date",
    }
    if releases is None:
        H = G if after_graph is None else after_graph
        sides = _exact_sides(
            ((G, before), (H, after)), level=level, area=area, top=top, period=period
        )
        params["counts"] = "exact"
        dates = (before, after)
    else:
        sides = [_published_side(rel, level=level, area=area, top=top) for rel in releases]
        dates = (releases[0].reference_date, releases[1].reference_date)
        params.update(
            counts="published",
            threshold=releases[1].threshold,
            releases=[r.id for r in releases],
            answered_with={"from": dates[0].isoformat(), "to": dates[1].isoformat()},
        )
    return _comparison(
        G,
        params,
        sides,
        dates,
        area=area,
        referral_links=releases is None and after_graph is None,
        after_graph=after_graph,
    )


def _checked_dates(
    from_date: dt.date | str, to_date: dt.date | str, top: int
) -> tuple[dt.date, dt.date]:
    """The two dates, checked (the earlier first), once ``top`` is checked too."""
    before, after = resolve_as_of(from_date), resolve_as_of(to_date)
    if before > after:
        raise AnalysisParameterError(
            f"--from {before} is after --to {after}: give the earlier date first",
            details={"from": before.isoformat(), "to": after.isoformat()},
        )
    if top < 1:
        raise AnalysisParameterError("top must be at least 1", details={"top": top})
    return before, after


def _exact_sides(
    sides: Iterable[tuple[nx.MultiDiGraph, dt.date]],
    *,
    level: str,
    area: str | None,
    top: int,
    period: str,
) -> list[dict[str, Any]]:
    """The exact analyses of each (graph, date) side."""
    from netmap.collector import gc_paused

    # The analyses of both sides allocate millions of small acyclic objects over a
    # heap holding the whole graph (two with a scenario): the cyclic collector would
    # rescan it again and again (a third of the time at scale 1). Reference counting
    # frees them as usual.
    with gc_paused():
        return [_exact(g, d, level=level, area=area, top=top, period=period) for g, d in sides]


def _published_side(rel: Any, *, level: str, area: str | None, top: int) -> dict[str, Any]:
    """The published analyses of one release."""
    from netmap.disclosure.publish import published_analysis

    return {
        "gaps": published_analysis(rel, "gaps", level=level, area=area),
        "demand": published_analysis(rel, "gaps", level=level, area=area, ratio=0.0),
        "isolated": published_analysis(rel, "isolated", level=level, area=area),
        "bridges": published_analysis(rel, "bridges", top=top, area=area),
        "flows": published_analysis(rel, "flows", level=level, area=area),
    }


def _comparison(
    G: nx.MultiDiGraph,
    params: dict[str, Any],
    sides: list[dict[str, Any]],
    dates: tuple[dt.date, dt.date],
    *,
    area: str | None,
    referral_links: bool,
    after_graph: nx.MultiDiGraph | None,
) -> dict[str, Any]:
    """The comparison object: the analyses of both ``sides`` compared, and the records
    and ties changed between the ``dates``."""
    result = compare_analyses(sides[0], sides[1])
    records = record_changes(
        G,
        dates[0],
        dates[1],
        area=area,
        referral_links=referral_links,
        G_after=after_graph,
    )
    names = name_records(
        records, after_graph if after_graph is not None else G, result.pop("names")
    )
    totals = {
        key: {state: len(items) for state, items in changes.items()}
        for key, changes in records.items()
    }
    return {
        "params": params,
        "records": {k: records[k] for k in RECORDS},
        "ties": {k: v for k, v in records.items() if k not in RECORDS},
        "totals": totals,
        **result,
        "names": dict(sorted(names.items())),
    }


# --------------------------------------------------------------------------- flat rows

_ID_FIELDS = ("area_id", "need", "organisation_id", "ward_id", "id", "source", "target")


def compare_rows(obj: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The comparison as long rows for CSV: one row per changed item and measure
    (``section, change, ids..., name, measure, from, to, change_value``); numbers stay
    numbers, a hidden value is empty with ``hidden`` true."""
    names: Mapping[str, str] = obj.get("names", {})
    rows: list[dict[str, Any]] = []

    def emit(section: str, state: str, item: Mapping[str, Any]) -> None:
        ids = {k: item.get(k) for k in _ID_FIELDS}
        if "network_ids" in item:
            ids["id"] = "+".join(item["network_ids"])
        main = next((v for v in ids.values() if isinstance(v, str)), "")
        base = {
            "section": section,
            "change": state,
            **ids,
            "name": names.get(main, item.get("name", "")),
        }
        hidden = set(item.get("suppressed", []))
        measures = [(k, v) for k, v in item.items() if isinstance(v, dict) and "from" in v]
        if not measures:
            rows.append(
                {
                    **base,
                    "measure": "",
                    "from": None,
                    "to": None,
                    "change_value": None,
                    "hidden": False,
                }
            )
        for k, v in measures:
            rows.append(
                {
                    **base,
                    "measure": k,
                    "from": _flat(v.get("from")),
                    "to": _flat(v.get("to")),
                    "change_value": v.get("change"),
                    "hidden": k in hidden,
                }
            )

    for group in ("records", "ties"):
        for section, changes in obj.get(group, {}).items():
            for state, items in changes.items():
                for item in items:
                    emit(section, state, item)
    for section in ("gaps", "isolated", "bridges", "missing_bridges"):
        for state, items in obj.get(section, {}).items():
            for item in items:
                emit(section, state, item)
    for item in obj.get("flows", {}).get("areas", []):
        if any(v.get("change") for k, v in item.items() if isinstance(v, dict)):
            emit("flows", "changed", item)
    return rows


def _flat(v: Any) -> Any:
    return ";".join(map(str, v)) if isinstance(v, list) else v
