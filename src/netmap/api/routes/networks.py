"""Networks (analyst and admin), within the token's scope."""

from __future__ import annotations

from fastapi import APIRouter

from netmap.api.deps import AnalystUser, ScopeDep
from netmap.api.errors import AUTH_RESPONSES, NOT_FOUND
from netmap.api.lists import list_networks
from netmap.api.routes._common import (
    AreaQuery,
    AsOfQuery,
    Limit,
    Offset,
    SearchQuery,
    cached_list,
    iso,
    page,
)
from netmap.api.schemas import NetworkOut, Page
from netmap.model.vocab import NetworkKind

router = APIRouter(prefix="/networks", tags=["networks"], responses={**AUTH_RESPONSES, **NOT_FOUND})


@router.get("", summary="Networks covering an area or with a member located there")
def get_networks(
    user: AnalystUser,
    scope: ScopeDep,
    area: AreaQuery = None,
    kind: NetworkKind | None = None,
    q: SearchQuery = None,
    as_of: AsOfQuery = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[NetworkOut]:
    items = cached_list(
        scope,
        "networks",
        area,
        list_networks,
        kind=None if kind is None else kind.value,
        q=q,
        as_of=iso(as_of),
    )
    return Page[NetworkOut].model_validate(page(items, limit, offset))
