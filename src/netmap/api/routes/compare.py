"""Change over time: ``GET /compare`` (the CLI's ``netmap compare``).

Analysts and admins compare any two dates with exact counts. Viewers compare the two
releases that answer the dates (the latest reference date on or before each; the
response's ``params.answered_with`` says which): every count comes from the releases and
a change involving a hidden count is hidden, so nothing new is published
(docs/privacy.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from netmap.api.deps import ScopeDep, ViewerUser
from netmap.api.errors import AUTH_RESPONSES
from netmap.api.responses import cached_response
from netmap.api.routes._common import AreaQuery
from netmap.api.routes.analyses import LevelQuery, _json
from netmap.model.vocab import AreaLevel

router = APIRouter(tags=["analyses"], responses=AUTH_RESPONSES)


@router.get(
    "/compare",
    summary="What changed between two dates (records, ties, gaps, isolation, bridges, flows)",
    response_model=None,
)
def compare(
    request: Request,
    user: ViewerUser,
    scope: ScopeDep,
    from_date: Annotated[dt.date, Query(alias="from", description="The earlier date")],
    to_date: Annotated[
        dt.date | None, Query(alias="to", description="The later date (default today)")
    ] = None,
    level: LevelQuery = AreaLevel.DISTRICT,
    area: AreaQuery = None,
    top: Annotated[int, Query(ge=1, le=1000, description="Size of the bridge ranking")] = 10,
) -> Response:
    from netmap.service.compare import compare_json

    effective = scope.effective_area(area)
    snap = scope.snapshot()
    to_day = to_date or dt.date.today()
    settings = scope.ctx.settings
    if scope.exact:
        key: tuple[object, ...] = (
            snap.version,
            "compare",
            from_date,
            to_day,
            level,
            effective,
            top,
        )

        def compute() -> bytes:
            return _json(
                compare_json(
                    snap.graph,
                    from_date=from_date,
                    to_date=to_day,
                    level=level.value,
                    area=effective,
                    top=top,
                    period=settings.release_period,
                )
            )

        return cached_response(request, scope.ctx, key, compute, "application/json")
    releases = (scope.release(from_date), scope.release(to_day))
    rkey = ("release", *(r.id for r in releases), "compare", level, effective, top, snap.version)

    def published() -> bytes:
        return _json(
            compare_json(
                snap.graph,
                from_date=from_date,
                to_date=to_day,
                level=level.value,
                area=effective,
                top=top,
                period=settings.release_period,
                releases=releases,
            )
        )

    return cached_response(request, scope.ctx, rkey, published, "application/json")
