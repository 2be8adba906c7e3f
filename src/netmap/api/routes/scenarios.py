"""What-if: ``POST /scenarios/evaluate`` (the CLI's ``netmap compare --scenario``).

The plan (a ``.zip`` of CSV files, one ``.csv`` or a workbook in the import format:
planned organisations, activities, networks, memberships, partnerships) is read with the
same bounded reader and validation as an import, laid over the stored graph in memory,
compared with "now", and discarded: nothing is written. Analysts and admins (exact
counts); an area-scoped token sees its area's part of the answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from netmap.api.deps import AnalystUser, ScopeDep, SettingsDep, StoreDep
from netmap.api.errors import AUTH_RESPONSES, ErrorBody
from netmap.api.routes._common import AreaQuery
from netmap.api.routes.analyses import LevelQuery
from netmap.api.uploads import receive_upload, upload_openapi
from netmap.model.vocab import AreaLevel

router = APIRouter(prefix="/scenarios", tags=["analyses"], responses=AUTH_RESPONSES)

MIB = 1024 * 1024
PLAN_SUFFIXES = (".zip", ".csv", ".xlsx", ".xlsm")


@router.post(
    "/evaluate",
    summary="Evaluate a plan of new resources against the current network (nothing stored)",
    description=(
        "The body is `multipart/form-data` with the plan in the field `file` (import "
        "format; residents and referrals are refused). The answer has the shape of "
        "`GET /compare` (`params.analysis` is `scenario`, `params.at` the date). The same "
        "upload limits as `POST /import`."
    ),
    response_model=None,
    responses={
        413: {"model": ErrorBody, "description": "The upload is larger than the limit"},
        422: {
            "model": ErrorBody,
            "description": "The plan was rejected: every problem listed (file, row, column)",
        },
    },
    openapi_extra=upload_openapi("file", "The plan: a .zip of CSV files, one .csv or an .xlsx"),
)
async def evaluate(
    request: Request,
    user: AnalystUser,
    scope: ScopeDep,
    settings: SettingsDep,
    store: StoreDep,
    at: Annotated[
        dt.date | None,
        Query(description="The date to evaluate at (default today, or when the plan opens)"),
    ] = None,
    level: LevelQuery = AreaLevel.DISTRICT,
    area: AreaQuery = None,
    top: Annotated[int, Query(ge=1, le=1000, description="Size of the bridge ranking")] = 10,
) -> JSONResponse:
    from netmap.service.scenarios import evaluate_scenario

    effective = scope.effective_area(area)
    # the dependencies above (token, role, scope) ran before any of the body was read
    async with receive_upload(
        request, max_bytes=settings.max_upload_mb * MIB, field="file", suffixes=PLAN_SUFFIXES
    ) as upload:
        obj: dict[str, Any] = await run_in_threadpool(
            evaluate_scenario,
            upload.path,
            store,
            settings=settings,
            at=at,
            level=level.value,
            area=effective,
            top=top,
        )
    obj["params"]["scenario"] = upload.filename or upload.path.name
    return JSONResponse(obj)
