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
from pathlib import Path
from typing import Any

from netmap.config import Settings
from netmap.errors import ImportValidationError, Problem
from netmap.model.batch import GraphBatch
from netmap.model.schema import Label, Rel
from netmap.store.base import GraphStore

__all__ = ["PLAN_LABELS", "evaluate_scenario", "plan_date"]

#: what a plan may hold
PLAN_LABELS = frozenset({Label.ORGANISATION, Label.ACTIVITY, Label.NETWORK, Label.NEED, Label.AREA})
_REFUSED_RELS = frozenset({Rel.PARTICIPATES_IN})
_REFUSED_FILES = {
    Label.RESIDENT: "residents",
    Label.REFERRAL: "referrals",
}


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
    from netmap.analysis.projections import resolve_as_of
    from netmap.ingest.pipeline import prepare_import
    from netmap.model.graph import apply_batch
    from netmap.service.compare import compare_json

    batch, report = prepare_import(plan, store, settings=settings)
    _refuse_personal(batch)
    day = resolve_as_of(at) if at is not None else plan_date(batch)
    G = store.export_graph()
    with_plan = apply_batch(G, batch)
    obj = compare_json(
        G,
        from_date=day,
        to_date=day,
        level=level,
        area=area,
        top=top,
        period=settings.release_period,
        after_graph=with_plan,
    )
    obj["params"].update(
        analysis="scenario",
        at=day.isoformat(),
        scenario=Path(str(plan)).name,
        planned={
            "files": {f.name: f.rows for f in report.files},
            "records": len(batch.nodes),
            "relationships": len(batch.rels),
        },
    )
    return obj
