"""Who am I (every role), and token management (admin without area scope)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, status

from netmap.activity import token_actor
from netmap.api.deps import ContextDep, CurrentUser, GlobalAdmin
from netmap.api.errors import AUTH_RESPONSES, NOT_FOUND
from netmap.api.schemas import MeOut, TokenCreate, TokenCreated, TokenOut
from netmap.errors import UsageError

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
        expires=user.expires,
    )


@router.get("/tokens", summary="Every token (never the secrets)")
def list_tokens(user: GlobalAdmin, ctx: ContextDep) -> list[TokenOut]:
    return [TokenOut.model_validate(t.as_dict()) for t in ctx.tokens.list()]


@router.post(
    "/tokens",
    status_code=status.HTTP_201_CREATED,
    summary="Create a token (the secret is in the response, once)",
    description="An area scope must name an imported area; with `expires_in_days` the "
    "token stops working (401) that many days from now.",
)
def create_token(body: TokenCreate, user: GlobalAdmin, ctx: ContextDep) -> TokenCreated:
    area_id = body.area_id
    if area_id is not None and area_id.strip():  # a blank one is refused by the store
        area_id = area_id.strip()
        if area_id not in ctx.snapshot(ctx.stores.get()).areas:
            raise UsageError(
                f"no area with id {area_id!r}: a token's area must be an imported area "
                "(GET /api/v1/areas lists them)"
            )
    expires = None
    if body.expires_in_days is not None:
        expires = datetime.now(UTC) + timedelta(days=body.expires_in_days)
    info, secret = ctx.tokens.create(
        body.role,
        area_id=area_id,
        name=body.name,
        expires=expires,
        actor=token_actor(user.name, user.id),
    )
    return TokenCreated.model_validate({**info.as_dict(), "token": secret})


@router.delete("/tokens/{token_id}", summary="Revoke a token", responses=NOT_FOUND)
def revoke_token(token_id: TokenId, user: GlobalAdmin, ctx: ContextDep) -> TokenOut:
    info = ctx.tokens.revoke(token_id, actor=token_actor(user.name, user.id))
    return TokenOut.model_validate(info.as_dict())
