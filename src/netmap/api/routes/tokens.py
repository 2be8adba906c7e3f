"""Who am I (every role), and token management (admin without area scope)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from netmap.api.deps import ContextDep, CurrentUser, GlobalAdmin
from netmap.api.errors import AUTH_RESPONSES, NOT_FOUND
from netmap.api.schemas import MeOut, TokenCreate, TokenCreated, TokenOut

router = APIRouter(tags=["tokens"], responses=AUTH_RESPONSES)

TokenId = Annotated[str, Path(min_length=1, max_length=64, description="Token id")]


@router.get("/me", summary="The signed-in token: role and area scope")
def me(user: CurrentUser, ctx: ContextDep) -> MeOut:
    area_name = None
    if user.area_id is not None:
        try:
            area_name = ctx.snapshot(ctx.stores.get()).areas.names.get(user.area_id)
        except Exception:  # the store being down must not block sign-in
            area_name = None
    return MeOut(
        id=user.id,
        role=user.role.value,
        area_id=user.area_id,
        area_name=area_name,
        name=user.name,
        exact_counts=user.role != "viewer",
        suppression_threshold=ctx.settings.suppression_threshold,
    )


@router.get("/tokens", summary="Every token (never the secrets)")
def list_tokens(user: GlobalAdmin, ctx: ContextDep) -> list[TokenOut]:
    return [TokenOut.model_validate(t.as_dict()) for t in ctx.tokens.list()]


@router.post(
    "/tokens",
    status_code=status.HTTP_201_CREATED,
    summary="Create a token (the secret is in the response, once)",
)
def create_token(body: TokenCreate, user: GlobalAdmin, ctx: ContextDep) -> TokenCreated:
    info, secret = ctx.tokens.create(body.role, area_id=body.area_id, name=body.name)
    return TokenCreated.model_validate({**info.as_dict(), "token": secret})


@router.delete("/tokens/{token_id}", summary="Revoke a token", responses=NOT_FOUND)
def revoke_token(token_id: TokenId, user: GlobalAdmin, ctx: ContextDep) -> TokenOut:
    return TokenOut.model_validate(ctx.tokens.revoke(token_id).as_dict())
