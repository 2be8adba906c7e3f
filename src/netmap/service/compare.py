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
they hold no resident data. Referral links (pairs of organisations with referrals in a
period) are listed for exact comparisons only.

The JSON contract is documented in docs/compare.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import networkx as nx

from netmap.analysis.projections import GraphIndex, area_scope, resolve_as_of, valid_on_iso
from netmap.analysis.results import AnalysisParameterError
from netmap.model.schema import Label, Rel

__all__ = ["compare_analyses", "compare_json", "compare_rows", "name_records", "record_changes"]

Analyses = Mapping[str, Mapping[str, Any]]

#: records and ties compared, with the label or relationship that holds them
RECORDS: dict[str, str] = {
    "organisations": Label.ORGANISATION,
    "activities": Label.ACTIVITY,
    "networks": Label.NETWORK,
}
TIES: dict[str, str] = {"memberships": Rel.MEMBER_OF, "partnerships": Rel.PARTNERS_WITH}
FLOW_FIELDS = ("referrals_out", "referrals_in", "accepted", "acceptance_rate")


# --------------------------------------------------------------------------- records


def _in_scope(G: nx.MultiDiGraph, node: str, scope: set[str] | None) -> bool:
    if scope is None:
        return True
    return any(
        typ in (Rel.LOCATED_IN, Rel.HELD_IN, Rel.COVERS) and t in scope
        for _, t, typ in G.out_edges(node, data="type")
    )


def _valid(props: Mapping[str, Any] | None, iso: str) -> bool:
    return props is not None and valid_on_iso(dict(props), iso)


def _change(was: bool, now: bool) -> str | None:
    return "added" if now and not was else "ended" if was and not now else None


def record_changes(
    G: nx.MultiDiGraph,
    before: dt.date,
    after: dt.date,
    *,
    area: str | None = None,
    referral_links: bool = False,
    G_after: nx.MultiDiGraph | None = None,
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Organisations, activities and networks, memberships and partnerships added or ended
    between ``before`` and ``after`` (valid on one date and not the other), in ``area``
    (records located, held or covering there; ties with an organisation there); with
    ``referral_links``, the pairs of organisations with referrals in the period ending
    at each date that appear or disappear (exact comparisons only). ``G_after``: the
    graph of the later state when it is another graph (a scenario: ``G`` with planned
    records), else ``G`` at both dates."""
    H = G if G_after is None else G_after
    b, a = before.isoformat(), after.isoformat()
    scope = area_scope(H, area)

    def here(n: str) -> bool:
        return (n in G and _in_scope(G, n, scope)) or (n in H and _in_scope(H, n, scope))

    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    labels_b = _by_label(G, set(RECORDS.values()))
    labels_a = labels_b if H is G else _by_label(H, set(RECORDS.values()))
    for key, label in RECORDS.items():
        changes: dict[str, list[dict[str, Any]]] = {"added": [], "ended": []}
        for n in labels_b[label] | labels_a[label]:
            d_b, d_a = G.nodes.get(n), H.nodes.get(n)
            state = _change(_valid(d_b, b), _valid(d_a, a))
            if state and here(n):
                d = d_a if d_a is not None else d_b or {}
                changes[state].append(
                    {
                        "id": n,
                        "name": d.get("name", n),
                        "valid_from": d.get("valid_from"),
                        "valid_to": d.get("valid_to"),
                    }
                )
        out[key] = {k: sorted(v, key=lambda r: r["id"]) for k, v in changes.items()}
    ties_b = _ties(G, set(TIES.values()))
    ties_a = ties_b if H is G else _ties(H, set(TIES.values()))
    for key, rel in TIES.items():
        out[key] = _tie_changes(G, H, ties_b[rel], ties_a[rel], b, a, here)
    if referral_links:
        out["referral_links"] = _referral_link_changes(G, before, after, scope)
    return out


def name_records(
    records: Mapping[str, Mapping[str, list[dict[str, Any]]]],
    G: nx.MultiDiGraph,
    names: Mapping[str, str],
) -> dict[str, str]:
    """``names`` with the name of every record and tie end in ``records`` added (from
    ``G``)."""
    out = dict(names)
    for changes in records.values():
        for items in changes.values():
            for item in items:
                for k in ("id", "source", "target"):
                    if k in item and item[k] in G:
                        out.setdefault(item[k], str(G.nodes[item[k]].get("name", item[k])))
    return out


def _by_label(G: nx.MultiDiGraph, labels: set[str]) -> dict[str, set[str]]:
    """The ids of the nodes of each of ``labels`` (one pass over the nodes)."""
    out: dict[str, set[str]] = {lb: set() for lb in labels}
    for n, lb in G.nodes(data="label"):
        if lb in out:
            out[lb].add(n)
    return out


TieMap = dict[tuple[str, str, str], dict[str, Any]]


def _ties(G: nx.MultiDiGraph, rels: set[str]) -> dict[str, TieMap]:
    """The relationships of each of ``rels`` by (source, target, key) (one pass over the
    edges)."""
    out: dict[str, TieMap] = {rel: {} for rel in rels}
    for s, t, k, d in G.edges(keys=True, data=True):
        typ = d.get("type")
        if typ in out:
            out[typ][(s, t, k)] = d
    return out


def _tie_changes(
    G: nx.MultiDiGraph,
    H: nx.MultiDiGraph,
    was: TieMap,
    now: TieMap,
    b: str,
    a: str,
    here: Callable[[str], bool],
) -> dict[str, list[dict[str, Any]]]:
    """Ties of one type (``was`` in ``G``, ``now`` in ``H``) added or ended: a tie lives
    while its record and both ends are valid."""
    ties: dict[str, list[dict[str, Any]]] = {"added": [], "ended": []}
    for key in was.keys() | now.keys():
        s, t, _ = key
        if not (here(s) or here(t)):
            continue
        alive_b = key in was and _valid(_span(was[key], G.nodes[s], G.nodes[t]), b)
        alive_a = key in now and _valid(_span(now[key], H.nodes[s], H.nodes[t]), a)
        state = _change(alive_b, alive_a)
        if state:
            d = now.get(key) or was[key]
            ties[state].append(
                {"source": s, "target": t, **({"kind": d["kind"]} if "kind" in d else {})}
            )
    return {
        k: sorted(v, key=lambda r: (r["source"], r["target"], r.get("kind", "")))
        for k, v in ties.items()
    }


def _span(*records: Mapping[str, Any]) -> dict[str, Any]:
    """The validity of a tie: the latest start and earliest end of its records."""
    starts = [str(r["valid_from"])[:10] for r in records if r.get("valid_from")]
    ends = [str(r["valid_to"])[:10] for r in records if r.get("valid_to")]
    return {"valid_from": max(starts) if starts else None, "valid_to": min(ends) if ends else None}


def _referral_pairs(
    G: nx.MultiDiGraph, start: dt.date, end: dt.date, scope: set[str] | None
) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    s_iso, e_iso = start.isoformat(), end.isoformat()
    for n, d in G.nodes(data=True):
        if d.get("label") != Label.REFERRAL:
            continue
        day = str(d.get("date") or "")[:10]
        if not (s_iso <= day <= e_iso):
            continue
        src = [t for _, t, typ in G.out_edges(n, data="type") if typ == Rel.FROM]
        dst = [t for _, t, typ in G.out_edges(n, data="type") if typ == Rel.TO]
        for o in src:
            for t in dst:
                if scope is None or _in_scope(G, o, scope) or _in_scope(G, t, scope):
                    pairs.add((o, t))
    return pairs


def _referral_link_changes(
    G: nx.MultiDiGraph, before: dt.date, after: dt.date, scope: set[str] | None
) -> dict[str, list[dict[str, Any]]]:
    from netmap.config import get_settings

    period = get_settings().release_period
    was = _referral_pairs(G, _period_start(before, period), before, scope)
    now = _referral_pairs(G, _period_start(after, period), after, scope)
    return {
        "added": [{"source": s, "target": t} for s, t in sorted(now - was)],
        "ended": [{"source": s, "target": t} for s, t in sorted(was - now)],
    }


def _period_start(day: dt.date, period: str) -> dt.date:
    """The first day of the release period (month or quarter) that holds ``day``."""
    from netmap.disclosure.calendar import Period, period_end, period_start

    p: Period = "quarter" if period == "quarter" else "month"
    return period_start(period_end(day, p), p)


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
    start = _period_start(day, period).isoformat()
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
    before, after = resolve_as_of(from_date), resolve_as_of(to_date)
    if before > after:
        raise AnalysisParameterError(
            f"--from {before} is after --to {after}: give the earlier date first",
            details={"from": before.isoformat(), "to": after.isoformat()},
        )
    if top < 1:
        raise AnalysisParameterError("top must be at least 1", details={"top": top})
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
        from netmap.ingest.pipeline import gc_paused

        H = G if after_graph is None else after_graph
        # The analyses of both sides allocate millions of small acyclic objects over a
        # heap holding the whole graph (two with a scenario): the cyclic collector would
        # rescan it again and again (a third of the time at scale 1). Reference counting
        # frees them as usual.
        with gc_paused():
            sides = [
                _exact(g, d, level=level, area=area, top=top, period=period)
                for g, d in ((G, before), (H, after))
            ]
        params["counts"] = "exact"
        dates = (before, after)
    else:
        from netmap.disclosure.publish import published_analysis

        sides = []
        for rel in releases:
            sides.append(
                {
                    "gaps": published_analysis(rel, "gaps", level=level, area=area),
                    "demand": published_analysis(rel, "gaps", level=level, area=area, ratio=0.0),
                    "isolated": published_analysis(rel, "isolated", level=level, area=area),
                    "bridges": published_analysis(rel, "bridges", top=top, area=area),
                    "flows": published_analysis(rel, "flows", level=level, area=area),
                }
            )
        dates = (releases[0].reference_date, releases[1].reference_date)
        params.update(
            counts="published",
            threshold=releases[1].threshold,
            releases=[r.id for r in releases],
            answered_with={"from": dates[0].isoformat(), "to": dates[1].isoformat()},
        )
    result = compare_analyses(sides[0], sides[1])
    records = record_changes(
        G,
        dates[0],
        dates[1],
        area=area,
        referral_links=releases is None and after_graph is None,
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
