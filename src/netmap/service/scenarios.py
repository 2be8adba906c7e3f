"""What-if: evaluate planned resources before creating them (``netmap compare --scenario``,
``POST /api/v1/scenarios/evaluate``).

A scenario is a folder, ``.zip`` or workbook in the import format holding planned
organisations, activities, networks, memberships and partnerships (and the needs they
name). It is read and validated exactly like an import (every problem with its file or
sheet, row and column; the same size limits; references to stored records allowed), then
laid over the stored graph in memory (:func:`netmap.model.graph.apply_batch`) and never
written. The answer is the comparison of "now" and "with the plan" at one date
(:func:`netmap.service.compare.compare_json`): which gaps close, which areas stop being
isolated, how bridges change. Residents and referrals are refused: a plan holds no
personal data. Analysts and admins only (exact counts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap.config import Settings
from netmap.errors import ImportValidationError, Problem
from netmap.ingest.columns import FILE_SPECS
from netmap.model.batch import GraphBatch
from netmap.model.schema import Label, Rel
from netmap.store.base import GraphStore

if TYPE_CHECKING:
    from netmap.disclosure.release import Release

__all__ = [
    "PLAN_FILES",
    "PLAN_LABELS",
    "PlannedGraph",
    "evaluate_scenario",
    "load_plan",
    "plan_date",
    "published_scenario",
]

#: what a plan may hold
PLAN_LABELS = frozenset({Label.ORGANISATION, Label.ACTIVITY, Label.NETWORK, Label.NEED, Label.AREA})
_REFUSED_RELS = frozenset({Rel.PARTICIPATES_IN})
_REFUSED_FILES = {
    Label.RESIDENT: "residents",
    Label.REFERRAL: "referrals",
}
#: The import files a plan is written in (``netmap template --scenario``): planned
#: organisations, networks, memberships, partnerships and activities, and the needs and
#: kinds they use. (A plan may also hold areas, say a new neighbourhood, but the plan
#: template does not offer them.)
PLAN_FILES: tuple[str, ...] = tuple(
    name
    for name, spec in FILE_SPECS.items()
    if spec.vocabulary_file
    or (spec.label in PLAN_LABELS and spec.label != Label.AREA)
    or (spec.rel is not None and spec.rel not in _REFUSED_RELS)
)


def _refuse_personal(batch: GraphBatch) -> None:
    """A plan with residents, participations or referrals is rejected (nothing read)."""
    problems = [
        Problem(
            file=f"{_REFUSED_FILES.get(label, label.lower())}.csv",
            row=None,
            column=None,
            value=None,
            reason=f"a scenario holds planned resources only, never {label} records "
            "(計画案に住民・紹介の記録は入れられません)",
        )
        for label in sorted(batch.labels() - PLAN_LABELS)
    ]
    rel_types = {r.type for r in batch.rels} & _REFUSED_RELS
    if rel_types:
        problems.append(
            Problem(
                file="participations.csv",
                row=None,
                column=None,
                value=None,
                reason="a scenario holds planned resources only, never residents' "
                "participations (計画案に住民の参加は入れられません)",
            )
        )
    if problems:
        raise ImportValidationError(problems)


def plan_date(batch: GraphBatch, today: dt.date | None = None) -> dt.date:
    """The default date a plan is evaluated at: today, or the latest ``valid_from`` of a
    planned record if that is later (a resource planned to open in April is evaluated
    in April)."""
    day = today or dt.date.today()
    for rec in batch.nodes:
        start = rec.props.get("valid_from")
        if start:
            day = max(day, dt.date.fromisoformat(str(start)[:10]))
    return day


@dataclass(frozen=True)
class PlannedGraph:
    """A validated plan laid over the stored graph (nothing written)."""

    graph: nx.MultiDiGraph  # the stored graph
    with_plan: nx.MultiDiGraph  # the stored graph with the planned records
    day: dt.date  # the date the plan is evaluated at
    name: str  # the plan's file or folder name
    planned: dict[str, Any]  # rows per file, records and relationships planned


def load_plan(
    plan: str | Path,
    store: GraphStore,
    *,
    settings: Settings,
    at: dt.date | str | None = None,
    graph: nx.MultiDiGraph | None = None,
) -> PlannedGraph:
    """Read and validate ``plan`` like an import (every problem, as
    :class:`~netmap.errors.ImportValidationError`; residents and referrals refused) and lay
    it over the stored graph (``graph``, if already exported) at ``at`` (default
    :func:`plan_date`). Writes nothing."""
    from netmap.analysis.projections import resolve_as_of
    from netmap.collector import gc_paused
    from netmap.ingest.pipeline import prepare_import
    from netmap.model.graph import apply_batch

    batch, report = prepare_import(plan, store, settings=settings)
    _refuse_personal(batch)
    day = resolve_as_of(at) if at is not None else plan_date(batch)
    with gc_paused():  # two whole graphs: see compare_json
        G = graph if graph is not None else store.export_graph()
        H = apply_batch(G, batch)
    return PlannedGraph(
        graph=G,
        with_plan=H,
        day=day,
        name=Path(str(plan)).name,
        planned={
            "files": {f.name: f.rows for f in report.files},
            "records": len(batch.nodes),
            "relationships": len(batch.rels),
        },
    )


def evaluate_scenario(
    plan: str | Path,
    store: GraphStore,
    *,
    settings: Settings,
    at: dt.date | str | None = None,
    level: str = "district",
    area: str | None = None,
    top: int = 10,
) -> dict[str, Any]:
    """Compare the stored network with the network plus ``plan`` at ``at`` (default:
    :func:`plan_date`). Raises :class:`~netmap.errors.ImportValidationError` with every
    problem of the plan; writes nothing."""
    from netmap.service.compare import compare_json

    p = load_plan(plan, store, settings=settings, at=at)
    obj = compare_json(
        p.graph,
        from_date=p.day,
        to_date=p.day,
        level=level,
        area=area,
        top=top,
        period=settings.release_period,
        after_graph=p.with_plan,
    )
    obj["params"].update(
        analysis="scenario", at=p.day.isoformat(), scenario=p.name, planned=p.planned
    )
    return obj


def published_scenario(
    plan: PlannedGraph, release: Release, *, level: str = "district", area: str | None = None
) -> dict[str, Any]:
    """What a plan changes, as a meeting may see it (maps and district sheets with
    ``--scenario``): the planned records and ties (directory data), and which of the
    release's published gaps and isolated areas the plan would end at ``plan.day``.

    Nothing new is counted: a gap is listed with the release's row (its demand as the
    release shows it, ``x`` when hidden), and it "closes" when the need has no supply in
    the area at ``plan.day`` and the plan gives it some (supply is a count of
    organisations and activities, not of people); an isolated area is listed when the
    release shows it isolated and the plan gives it what it lacked. Whether a closed gap
    becomes under-supplied depends on the exact demand, so it is not said.
    """
    from netmap.disclosure.publish import published_analysis
    from netmap.service.analyses import gaps_json, isolated_json
    from netmap.service.compare_records import RECORDS, name_records, record_changes

    G, H, day = plan.graph, plan.with_plan, plan.day

    def supplied(graph: nx.MultiDiGraph) -> set[tuple[str, str]]:
        rows = gaps_json(graph, level=level, as_of=day, area=area, ratio=0.0)["gaps"]
        return {(r["area_id"], r["need"]) for r in rows if r.get("supply")}

    def isolated(graph: nx.MultiDiGraph) -> set[str]:
        rows = isolated_json(graph, level=level, as_of=day, area=area)["areas"]
        return {r["area_id"] for r in rows if r["isolated"]}

    closes = supplied(H) - supplied(G)
    ends = isolated(G) - isolated(H)
    gaps = published_analysis(release, "gaps", level=level, area=area)
    iso = published_analysis(release, "isolated", level=level, area=area)
    records = record_changes(G, day, day, area=area, G_after=H)
    names = name_records(records, H, {**gaps.get("names", {}), **iso.get("names", {})})
    return {
        "params": {
            "analysis": "scenario",
            "counts": "published",
            "at": day.isoformat(),
            "scenario": plan.name,
            "planned": plan.planned,
            "level": level,
            "area": area,
            "release": release.id,
            "reference_date": release.reference_date.isoformat(),
            "threshold": release.threshold,
        },
        "records": {k: records[k] for k in RECORDS},
        "ties": {k: v for k, v in records.items() if k not in RECORDS},
        "gaps_closed": [
            g
            for g in gaps["gaps"]
            if g.get("kind") == "gap" and (g["area_id"], g["need"]) in closes
        ],
        "no_longer_isolated": [
            a for a in iso["areas"] if a.get("isolated") and a["area_id"] in ends
        ],
        "names": dict(sorted(names.items())),
    }
