"""A release (公表用集計): every count a viewer or a meeting can see for one data version
and one reference date, protected and audited once, then frozen.

:func:`build_release` counts every cell in one pass (:mod:`netmap.disclosure.cells`),
suppresses them over all relations at once (:mod:`netmap.disclosure.suppress`, which
runs the audit and refuses a release that fails it), and keeps what the products need
besides counts (the gap rows' candidate resources, the isolation reasons, the bridge
ranking, the period's referral links as pairs): the *payload*, with no count in it.
Products read counts only through :meth:`Release.shown`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from netmap.analysis.projections import GraphIndex, chain_up, invert_parents, subtree
from netmap.disclosure.audit import AuditReport
from netmap.disclosure.calendar import Period, period_end, period_start
from netmap.disclosure.cells import PUBLISHED_LEVELS, Key, count_cells
from netmap.disclosure.guard import check_no_personal_data
from netmap.disclosure.suppress import audit_keyed, suppress

__all__ = ["FORMAT", "Release", "build_release", "referral_hash"]

FORMAT = "netmap-release/1"


def referral_hash(referral_id: str) -> str:
    """What a release keeps of a referral it counted (so no later release counts it
    again): a short SHA-256 of its id."""
    return hashlib.sha256(referral_id.encode("utf-8")).hexdigest()[:20]


@dataclass
class Release:
    """One protected release. ``cells`` maps a key to ``(exact, shown)``; ``shown`` is
    ``None`` for a hidden cell. Absent keys are zeros (always shown)."""

    id: str
    reference_date: dt.date
    period: Period
    period_start: dt.date
    data_version: str
    threshold: int
    built_at: str
    cells: dict[Key, tuple[int, int | None]]
    relations: list[tuple[Key, list[Key]]]
    #: every area on the reference date: id -> (parent, level, name)
    areas: dict[str, tuple[str | None, str, str]]
    links: list[tuple[str, str]]
    one_way: dict[str, tuple[str, str, str | None]]  # org -> (direction, name, area)
    referrals: list[str]
    payload: dict[str, Any]
    audit: dict[str, Any]
    replaced: dict[str, Any] | None = None
    _children: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _parent_map: dict[str, str | None] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ reading

    def shown(self, key: Key) -> int | None:
        """The published value of a cell: the count, ``None`` when hidden, 0 if absent."""
        cell = self.cells.get(key)
        return 0 if cell is None else cell[1]

    def hidden(self, key: Key) -> bool:
        cell = self.cells.get(key)
        return cell is not None and cell[1] is None

    @property
    def hidden_count(self) -> int:
        return sum(1 for _e, s in self.cells.values() if s is None)

    @property
    def published_areas(self) -> set[str]:
        """Areas of the published levels (those with resident counts)."""
        return {a for a, (_p, lv, _n) in self.areas.items() if lv in PUBLISHED_LEVELS}

    def level_areas(self, level: str) -> list[str]:
        return sorted(a for a, (_p, lv, _n) in self.areas.items() if lv == level)

    def area_name(self, area: str) -> str:
        a = self.areas.get(area)
        return a[2] if a else area

    def descendants(self, area: str) -> set[str]:
        """The area and every area below it (all levels)."""
        if not self._children:
            self._children = invert_parents(self._parents)
        return subtree(self._parents, area, children=self._children)

    def ancestors(self, area: str) -> list[str]:
        """The areas containing ``area``, nearest first."""
        return chain_up(self._parents, area)

    @property
    def _parents(self) -> dict[str, str | None]:
        if not self._parent_map:
            self._parent_map.update({a: p for a, (p, _lv, _n) in self.areas.items()})
        return self._parent_map

    def run_audit(self, *, intervals: bool = False) -> AuditReport:
        """Audit what this release publishes (its shown values and relations: exactly what
        an attacker knows), independently of how it was built."""
        published = {k: s for k, (_e, s) in self.cells.items()}
        return audit_keyed(published, self.relations, self.threshold, intervals=intervals)

    # ------------------------------------------------------------------ files

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "id": self.id,
            "reference_date": self.reference_date.isoformat(),
            "period": self.period,
            "period_start": self.period_start.isoformat(),
            "data_version": self.data_version,
            "threshold": self.threshold,
            "built_at": self.built_at,
            "replaced": self.replaced,
            "published_levels": list(PUBLISHED_LEVELS),
            "areas": {a: list(v) for a, v in sorted(self.areas.items())},
            "cells": [[list(k), e, s] for k, (e, s) in sorted(self.cells.items())],
            "relations": [[list(t), [list(p) for p in ps]] for t, ps in self.relations],
            "links": [list(p) for p in self.links],
            "one_way": {o: list(v) for o, v in sorted(self.one_way.items())},
            "referrals": self.referrals,
            "payload": self.payload,
            "audit": self.audit,
        }

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Release:
        if obj.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        return cls(
            id=str(obj["id"]),
            reference_date=dt.date.fromisoformat(obj["reference_date"]),
            period=obj["period"],
            period_start=dt.date.fromisoformat(obj["period_start"]),
            data_version=str(obj["data_version"]),
            threshold=int(obj["threshold"]),
            built_at=str(obj["built_at"]),
            replaced=obj.get("replaced"),
            areas={a: (v[0], v[1], v[2]) for a, v in obj["areas"].items()},
            cells={tuple(k): (int(e), None if s is None else int(s)) for k, e, s in obj["cells"]},
            relations=[(tuple(t), [tuple(p) for p in ps]) for t, ps in obj["relations"]],
            links=[(p[0], p[1]) for p in obj["links"]],
            one_way={o: (v[0], v[1], v[2]) for o, v in obj["one_way"].items()},
            referrals=list(obj["referrals"]),
            payload=dict(obj["payload"]),
            audit=dict(obj["audit"]),
        )


def release_id(period: Period, reference: dt.date) -> str:
    return f"{period}-{reference.isoformat()}"


def build_release(
    G: nx.MultiDiGraph,
    *,
    reference: dt.date,
    period: Period,
    threshold: int,
    data_version: str,
    published_before: Iterable[str] = (),
    released_periods: Iterable[dt.date] = (),
    progress: Callable[[str], None] | None = None,
) -> Release:
    """Build and audit the release of ``reference`` from the whole graph ``G``.

    ``published_before``: referral hashes earlier releases counted (never counted again);
    ``released_periods``: their reference dates (a referral dated in one of those periods
    that no release counted arrived late: it is counted in this period).
    """
    say = progress or (lambda _msg: None)
    start = period_start(reference, period)
    counted = _counted_filter(start, period, published_before, released_periods)

    say("counting")
    ix = GraphIndex.build(G, as_of=reference)
    counts = count_cells(ix, period_start=start, counted=counted)
    say("suppressing and auditing")
    sup = suppress(counts.values, counts.relations, threshold)
    cells = {k: (v, None if k in sup.hidden else v) for k, v in counts.values.items()}

    say("analyses")
    payload = _payload(G, ix, reference, counts.one_way)
    areas = {
        a: (ix.parents.get(a), str(G.nodes[a].get("level", "")), ix.name(a))
        for a in ix.nodes("Area")
    }
    one_way = {o: (d, ix.name(o), ix.location.get(o)) for o, d in sorted(counts.one_way.items())}
    rel = Release(
        id=release_id(period, reference),
        reference_date=reference,
        period=period,
        period_start=start,
        data_version=data_version,
        threshold=threshold,
        built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        cells=cells,
        relations=counts.relations,
        areas=areas,
        links=sorted(counts.links),
        one_way=one_way,
        referrals=sorted(referral_hash(r) for r in counts.referrals),
        payload=payload,
        audit={
            **sup.audit.to_json(),
            "primary": sup.primary,
            "secondary": sup.secondary,
            "rounds": sup.rounds,
        },
    )
    check_no_personal_data(G, rel.payload, where="release payload")
    check_no_personal_data(G, {"links": rel.links, "one_way": rel.one_way}, where="release")
    return rel


def _counted_filter(
    start: dt.date,
    period: Period,
    published_before: Iterable[str],
    released_periods: Iterable[dt.date],
) -> Callable[[str, dt.date], bool]:
    """Whether a release of the period beginning ``start`` counts a referral dated
    ``day``: not when an earlier release counted it, yes when dated in the period, and
    when dated in an earlier period only if that period was released (it arrived late)."""
    already = set(published_before)
    done = set(released_periods)

    def counted(r: str, day: dt.date) -> bool:
        if referral_hash(r) in already:
            return False
        if day >= start:
            return True
        return period_end(day, period) in done

    return counted


def _payload(
    G: nx.MultiDiGraph, ix: GraphIndex, reference: dt.date, one_way: Mapping[str, str]
) -> dict[str, Any]:
    """What the products need besides counts: the analyses with their counts removed,
    and the names and locations they show."""
    from netmap.analysis import find_gaps, find_isolated_areas, rank_bridges

    payload: dict[str, Any] = {"gaps": {}, "isolated": {}}
    for level in PUBLISHED_LEVELS:
        payload["gaps"][level] = [
            _without(g.model_dump(mode="json"), ("demand", "ratio"))
            for g in find_gaps(G, level=level, ratio=0.0, as_of=reference, index=ix)
        ]
        payload["isolated"][level] = [
            _without(a.model_dump(mode="json"), ("residents_with_needs", "isolated_residents"))
            for a in find_isolated_areas(G, level=level, as_of=reference, index=ix)
        ]
    bridges = rank_bridges(G, as_of=reference, index=ix)
    payload["bridges"] = bridges.model_dump(mode="json")
    payload["locations"] = {
        o: ix.location.get(o) for o in {b.organisation_id for b in bridges.bridges} | set(one_way)
    }
    payload["networks"] = {n: ix.name(n) for n in ix.nodes("Network")}
    payload["org_names"] = {
        c.organisation_id: ix.name(c.organisation_id)
        for m in bridges.missing_bridges
        for c in m.candidates
    }
    payload["needs"] = {n: str(G.nodes[n].get("name_ja") or n) for n in ix.nodes("Need") if n in G}
    return payload


def _without(obj: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in fields}
