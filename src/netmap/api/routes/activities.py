"""Activities (analyst and admin), within the token's scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from netmap.api.deps import AnalystUser, ScopeDep
from netmap.api.errors import AUTH_RESPONSES, NOT_FOUND
from netmap.api.lists import list_activities
from netmap.api.routes._common import (
    AreaQuery,
    AsOfQuery,
    KindQuery,
    Limit,
    Offset,
    SearchQuery,
    cached_list,
    iso,
    page,
)
from netmap.api.schemas import ActivityOut, Page

router = APIRouter(
    prefix="/activities", tags=["activities"], responses={**AUTH_RESPONSES, **NOT_FOUND}
)


@router.get("", summary="Activities held in an area (and its sub-areas)")
def get_activities(
    user: AnalystUser,
    scope: ScopeDep,
    area: AreaQuery = None,
    kind: KindQuery = None,
    need: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Addressing this need")
    ] = None,
    organisation: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Run by this organisation")
    ] = None,
    q: SearchQuery = None,
    as_of: AsOfQuery = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[ActivityOut]:
    items = cached_list(
        scope,
        "activities",
        area,
        list_activities,
        kind=kind,
        need=need,
        organisation_id=organisation,
        q=q,
        as_of=iso(as_of),
    )
    return Page[ActivityOut].model_validate(page(items, limit, offset))
