"""Counts (analyst, admin) and deleting all data (admin without area scope)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from netmap.api.deps import AnalystUser, ContextDep, GlobalAdmin, ScopeDep, StoreDep
from netmap.api.errors import AUTH_RESPONSES
from netmap.api.lists import scoped_counts
from netmap.api.schemas import StatsOut, WipeOut

router = APIRouter(tags=["data"], responses=AUTH_RESPONSES)


@router.get("/stats", summary="Node and relationship counts (within the token's scope)")
def stats(user: AnalystUser, scope: ScopeDep, store: StoreDep) -> StatsOut:
    if scope.area_id is None:
        return StatsOut.model_validate(store.counts().as_dict())
    from netmap.model.graph import subgraph_for_area

    snap = scope.snapshot()
    key = (snap.version, "stats", scope.area_id)
    counts = scope.ctx.cached(
        key, lambda: scoped_counts(subgraph_for_area(snap.graph, scope.area_id or ""))
    )
    return StatsOut.model_validate(counts)


@router.delete("/data", summary="Delete all data (tokens are kept)")
def wipe(
    user: GlobalAdmin,
    ctx: ContextDep,
    store: StoreDep,
    confirm: Annotated[bool, Query(description="Must be true: this deletes everything")] = False,
) -> WipeOut:
    if not confirm:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, "add confirm=true to delete all data"
        )
    from netmap.activity import token_actor
    from netmap.service.data import wipe_db

    try:
        wipe_db(settings=ctx.settings, store=store, actor=token_actor(user.name, user.id))
    finally:
        ctx.invalidate()
    return WipeOut.model_validate(store.counts().as_dict())
