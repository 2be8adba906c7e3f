"""Areas (every role: the area picker), within the token's scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from netmap.api.deps import ScopeDep, ViewerUser
from netmap.api.errors import AUTH_RESPONSES, NOT_FOUND
from netmap.api.lists import list_areas
from netmap.api.routes._common import AreaQuery, Limit, Offset, SearchQuery, cached_list, page
from netmap.api.schemas import AreaOut, Page
from netmap.model.vocab import AreaLevel

router = APIRouter(prefix="/areas", tags=["areas"], responses={**AUTH_RESPONSES, **NOT_FOUND})


@router.get("", summary="Areas (city, wards, districts, neighbourhoods)")
def get_areas(
    user: ViewerUser,
    scope: ScopeDep,
    area: AreaQuery = None,
    level: Annotated[AreaLevel | None, Query(description="Only areas of this level")] = None,
    parent: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Only children of this area")
    ] = None,
    q: SearchQuery = None,
    limit: Limit = 1000,
    offset: Offset = 0,
) -> Page[AreaOut]:
    items = cached_list(
        scope,
        "areas",
        area,
        list_areas,
        level=None if level is None else level.value,
        parent_id=parent,
        q=q,
    )
    return Page[AreaOut].model_validate(page(items, limit, offset))
