"""The four analyses, with the CLI's parameters and JSON shapes.

Results are computed on the whole graph, then filtered to the requested area or the
token's scope (``area`` and ``need`` take an id or a name; ``as_of`` the date forms of
:mod:`netmap.dates`). Analysts and admins get exact results for any date; viewers get the
published results of a release (the latest reference date on or before ``as_of``, counts
protected, referrals per period; docs/privacy.md). Each result is cached as ready JSON per
data version (or release), parameters and scope.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from netmap.api.deps import Scope, ScopeDep, ViewerUser
from netmap.api.errors import AUTH_RESPONSES
from netmap.api.responses import cached_response
from netmap.api.routes._common import AreaQuery
from netmap.api.schemas_analyses import BridgesResult, FlowsResult, GapsResult, IsolatedResult
from netmap.dates import FORMS_HELP, AsOfDate
from netmap.model.vocab import AreaLevel

router = APIRouter(prefix="/analyses", tags=["analyses"], responses=AUTH_RESPONSES)

LevelQuery = Annotated[AreaLevel, Query(description="Level of the areas analysed")]
AsOf = Annotated[
    AsOfDate | None,
    Query(description=f"Consider only records valid on this date ({FORMS_HELP}; default today)"),
]


def run_cached(
    request: Request,
    name: str,
    scope: Scope,
    area: str | None,
    as_of: dt.date | None,
    **params: Any,
) -> Response:
    """Run (or fetch from the cache) one analysis for this token and return its JSON:
    exact for analysts and admins, published from the release that answers ``as_of`` for
    viewers (docs/privacy.md)."""
    effective = scope.effective_area(area, strict=True)  # an unknown area: 422, suggestions
    snap = scope.snapshot()
    param_key = tuple(sorted((k, str(v)) for k, v in params.items()))
    if not scope.exact:
        rel = scope.release(as_of)

        def published() -> bytes:
            from netmap.disclosure.publish import published_analysis

            return _json(published_analysis(rel, name, area=effective, **params))

        rkey = ("release", rel.id, rel.built_at, "analysis", name, effective, param_key)
        return cached_response(request, scope.ctx, rkey, published, "application/json")

    day = as_of.isoformat() if as_of is not None else f"today:{dt.date.today().isoformat()}"
    key = (snap.version, "analysis", name, effective, day, param_key)

    def compute() -> bytes:
        from netmap.service.analyses import run_analysis

        return _json(run_analysis(name, snap.graph, area=effective, as_of=as_of, **params))

    return cached_response(request, scope.ctx, key, compute, "application/json")


def _json(obj: Any) -> bytes:
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8")


def _ok(model: type, description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model, "description": description}}


@router.get(
    "/gaps",
    summary="Needs with no local resource (gap) or too few (under-supplied)",
    response_model=None,
    responses=_ok(GapsResult, "Gaps in DATA_MODEL.md's order, with candidate resources"),
)
def gaps(
    request: Request,
    user: ViewerUser,
    scope: ScopeDep,
    level: LevelQuery = AreaLevel.DISTRICT,
    area: AreaQuery = None,
    need: Annotated[
        str | None,
        Query(min_length=1, max_length=100, description="Only this need (id or name: 食, Food)"),
    ] = None,
    min_demand: Annotated[
        int, Query(ge=1, le=1_000_000, description="Smallest demand reported as a gap")
    ] = 1,
    ratio: Annotated[
        float,
        Query(gt=0, le=1_000_000, description="Under-supplied when demand / supply > ratio"),
    ] = 10.0,
    as_of: AsOf = None,
) -> Response:
    return run_cached(
        request,
        "gaps",
        scope,
        area,
        as_of,
        level=level.value,
        need=scope.resolve_need(need),
        min_demand=min_demand,
        ratio=ratio,
    )


@router.get(
    "/isolated",
    summary="Areas with residents in need and no network member, tie outside or activity",
    response_model=None,
    responses=_ok(IsolatedResult, "Areas by score, highest first"),
)
def isolated(
    request: Request,
    user: ViewerUser,
    scope: ScopeDep,
    level: LevelQuery = AreaLevel.DISTRICT,
    area: AreaQuery = None,
    as_of: AsOf = None,
) -> Response:
    return run_cached(request, "isolated", scope, area, as_of, level=level.value)


@router.get(
    "/bridges",
    summary="Organisations holding networks together, and missing bridges",
    response_model=None,
    responses=_ok(BridgesResult, "Bridges by score, highest first; missing bridges"),
)
def bridges(
    request: Request,
    user: ViewerUser,
    scope: ScopeDep,
    top: Annotated[int | None, Query(ge=1, le=100_000, description="Keep the first N")] = None,
    area: AreaQuery = None,
    as_of: AsOf = None,
) -> Response:
    return run_cached(request, "bridges", scope, area, as_of, top=top)


@router.get(
    "/flows",
    summary="Entrance and exit: referrals out of and into each area",
    response_model=None,
    responses=_ok(FlowsResult, "Per-area referral flows and one-way organisations"),
)
def flows(
    request: Request,
    user: ViewerUser,
    scope: ScopeDep,
    level: LevelQuery = AreaLevel.DISTRICT,
    area: AreaQuery = None,
    as_of: AsOf = None,
) -> Response:
    return run_cached(request, "flows", scope, area, as_of, level=level.value)
