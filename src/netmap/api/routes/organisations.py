"""Organisations (analyst and admin), within the token's scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from netmap.api.deps import AnalystUser, ScopeDep
from netmap.api.errors import AUTH_RESPONSES, NOT_FOUND
from netmap.api.lists import list_organisations
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
from netmap.api.schemas import OrganisationOut, Page

router = APIRouter(
    prefix="/organisations", tags=["organisations"], responses={**AUTH_RESPONSES, **NOT_FOUND}
)


@router.get("", summary="Organisations located in an area (and its sub-areas)")
def get_organisations(
    user: AnalystUser,
    scope: ScopeDep,
    area: AreaQuery = None,
    kind: KindQuery = None,
    network: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Members of this network")
    ] = None,
    need: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Providing this need")
    ] = None,
    q: SearchQuery = None,
    as_of: AsOfQuery = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[OrganisationOut]:
    items = cached_list(
        scope,
        "organisations",
        area,
        list_organisations,
        kind=kind,
        network_id=network,
        need=need,
        q=q,
        as_of=iso(as_of),
    )
    return Page[OrganisationOut].model_validate(page(items, limit, offset))
