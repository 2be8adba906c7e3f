"""Entrance and exit: referrals out of and into each area (DATA_MODEL.md "Entrance and
exit")."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from netmap.analysis.projections import (
    GraphIndex,
    check_area,
    check_level,
    round9,
)
from netmap.analysis.results import (
    AreaFlow,
    FlowReport,
    NeedFlow,
    OneWayOrganisation,
    OrgKindFlow,
)
from netmap.model.schema import Label

__all__ = ["STATUSES", "acceptance_rate", "find_flows", "referral_status"]

STATUSES: tuple[str, ...] = ("open", "accepted", "declined", "closed")


def acceptance_rate(statuses: Counter[str]) -> float | None:
    """(accepted + closed) / (accepted + closed + declined), ``None`` when that is 0.

    >>> acceptance_rate(Counter(accepted=2, closed=1, declined=1, open=5))
    0.75
    >>> acceptance_rate(Counter(open=3)) is None
    True
    """
    reached = statuses["accepted"] + statuses["closed"]
    denominator = reached + statuses["declined"]
    return round9(reached / denominator) if denominator else None


def referral_status(H: nx.MultiDiGraph, r: str) -> str:
    s = H.nodes[r].get("status")
    return str(s) if s in STATUSES else "open"


def _counts(H: nx.MultiDiGraph, refs: Iterable[str]) -> Counter[str]:
    return Counter(referral_status(H, r) for r in refs)


def find_flows(
    G: nx.MultiDiGraph,
    *,
    level: str = "district",
    as_of: dt.date | str | None = None,
    area: str | None = None,
    index: GraphIndex | None = None,
) -> FlowReport:
    """Referrals out of (entrance) and into (exit) each area of ``level``.

    For each area: ``referrals_out`` (made by organisations located there),
    ``referrals_in`` (received by organisations located, or activities held, there), the
    referrals out by status (``open``, ``accepted``, ``declined``, ``closed``; a referral
    with no status counts as open), their ``acceptance_rate`` = (accepted + closed) /
    (accepted + closed + declined), null when the denominator is 0; the same per need
    (``by_need``, with the referrals in about that need too; ordered by need id) and per
    kind of referring organisation (``by_org_kind``; ordered by kind). A referral by an
    organisation located in a coarser area (a ward office when analysing districts) is
    out of no area of the level.

    ``one_way_organisations``: organisations that refer out but never receive
    (``out_only``) and the reverse (``in_only``); receiving counts referrals to the
    organisation and to the activities it runs. Ordered by organisation id.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The canonical graph.
    level : str
        ``city``, ``ward``, ``district`` (default) or ``neighbourhood``.
    as_of : date, ISO string or None
        Only referrals dated on or before it, and records valid then (default today).
    area : str or None
        Keep areas, and organisations located, in this area or below it.

    Returns
    -------
    FlowReport
        ``areas`` ordered by area id, and ``one_way_organisations``.

    Examples
    --------
    >>> from netmap.analysis._examples import tiny_graph
    >>> rep = find_flows(tiny_graph())
    >>> [(a.area_id, a.referrals_out, a.referrals_in, a.accepted, a.acceptance_rate)
    ...  for a in rep.areas]
    [('d1', 1, 1, 1, 1.0), ('d2', 0, 1, 0, None)]
    >>> [(o.organisation_id, o.direction) for o in rep.one_way_organisations]
    [('o2', 'in_only'), ('o3', 'out_only')]
    """
    level = check_level(level)
    area = check_area(G, area)

    ix = GraphIndex.reuse(G, index, as_of)
    tally = _tally_referrals(ix, level)
    scope = ix.scope(area)
    areas = [
        _area_flow(G, ix, u, tally.out_refs.get(u, []), tally.in_refs.get(u, []))
        for u in ix.level_areas(level)
        if scope is None or u in scope
    ]
    one_way = _one_way_organisations(ix, tally.org_out, tally.org_in, scope)
    return FlowReport(areas=areas, one_way_organisations=one_way)


@dataclass
class _ReferralTally:
    """Referrals out of and into each area, and referral counts per organisation."""

    out_refs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    in_refs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    org_out: Counter[str] = field(default_factory=Counter)
    org_in: Counter[str] = field(default_factory=Counter)


def _tally_referrals(ix: GraphIndex, level: str) -> _ReferralTally:
    """Group the referrals by the area of ``level`` of their source and target, and count
    each organisation's referrals out and in."""
    rollup = ix.rollup(level)

    def unit_of(node: str | None) -> str | None:
        loc = ix.location.get(node) if node is not None else None
        return rollup.get(loc) if loc is not None else None

    tally = _ReferralTally()
    for r in ix.nodes(Label.REFERRAL):
        src = ix.ref_from.get(r)
        if src is not None:
            tally.org_out[src] += 1
            u = unit_of(src)
            if u is not None:
                tally.out_refs[u].append(r)
        dst = ix.ref_to.get(r)
        if dst is not None:
            u = unit_of(dst)
            if u is not None:
                tally.in_refs[u].append(r)
            for o in ix.referral_target_orgs(r):
                tally.org_in[o] += 1
    return tally


def _area_flow(
    G: nx.MultiDiGraph, ix: GraphIndex, u: str, outs: list[str], ins: list[str]
) -> AreaFlow:
    """The flow of area ``u`` from its referrals out (``outs``) and in (``ins``)."""
    st = _counts(G, outs)
    return AreaFlow(
        area_id=u,
        referrals_out=len(outs),
        referrals_in=len(ins),
        **{s: st[s] for s in STATUSES},
        acceptance_rate=acceptance_rate(st),
        by_need=_need_flows(G, ix, outs, ins),
        by_org_kind=_org_kind_flows(G, ix, outs),
    )


def _need_flows(
    G: nx.MultiDiGraph, ix: GraphIndex, outs: list[str], ins: list[str]
) -> list[NeedFlow]:
    """Referrals out and in per need, ordered by need id."""
    need_out: dict[str, list[str]] = defaultdict(list)
    need_in: Counter[str] = Counter()
    for r in outs:
        need_out[ix.ref_about.get(r, "")].append(r)
    for r in ins:
        need_in[ix.ref_about.get(r, "")] += 1
    by_need = []
    for n in sorted(set(need_out) | set(need_in)):
        c = _counts(G, need_out.get(n, []))
        by_need.append(
            NeedFlow(
                need=n,
                referrals_out=len(need_out.get(n, [])),
                referrals_in=need_in.get(n, 0),
                **{s: c[s] for s in STATUSES},
                acceptance_rate=acceptance_rate(c),
            )
        )
    return by_need


def _org_kind_flows(G: nx.MultiDiGraph, ix: GraphIndex, outs: list[str]) -> list[OrgKindFlow]:
    """Referrals out per kind of referring organisation, ordered by kind."""
    kind_out: dict[str, list[str]] = defaultdict(list)
    for r in outs:
        src = ix.ref_from[r]
        kind_out[str(G.nodes[src].get("kind", ""))].append(r)
    by_kind = []
    for k in sorted(kind_out):
        c = _counts(G, kind_out[k])
        by_kind.append(
            OrgKindFlow(
                kind=k,
                referrals_out=len(kind_out[k]),
                **{s: c[s] for s in STATUSES},
                acceptance_rate=acceptance_rate(c),
            )
        )
    return by_kind


def _one_way_organisations(
    ix: GraphIndex, org_out: Counter[str], org_in: Counter[str], scope: set[str] | None
) -> list[OneWayOrganisation]:
    """Organisations in ``scope`` that only refer out or only receive, by id."""
    one_way: list[OneWayOrganisation] = []
    for o in ix.nodes(Label.ORGANISATION):
        n_out, n_in = org_out.get(o, 0), org_in.get(o, 0)
        if (n_out > 0) == (n_in > 0):
            continue
        loc = ix.location.get(o)
        if scope is not None and loc not in scope:
            continue
        one_way.append(
            OneWayOrganisation(
                organisation_id=o,
                name=ix.name(o),
                area_id=loc,
                direction="out_only" if n_out else "in_only",
                referrals_out=n_out,
                referrals_in=n_in,
            )
        )
    return one_way
