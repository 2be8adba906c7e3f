"""The review queue (更新の確認) and review links, for admins without area scope: the
CLI's ``netmap upkeep`` over HTTP (docs/upkeep.md).

An approval writes to the store (through the import's validation and the store's
``upsert``, one at a time with imports), so these routes need the same token as an
import: an admin without area scope.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, status

from netmap.activity import token_actor
from netmap.api.deps import ContextDep, GlobalAdmin, StoreDep
from netmap.api.errors import AUTH_RESPONSES, NOT_FOUND
from netmap.api.schemas_upkeep import (
    ApprovalOut,
    Decision,
    LinkCreate,
    LinkCreated,
    LinkOut,
    LinksCreated,
    LinksOut,
    ProposalDetailOut,
    ProposalOut,
    ProposalsOut,
    Rejection,
)
from netmap.errors import UsageError

router = APIRouter(prefix="/upkeep", tags=["upkeep"], responses=AUTH_RESPONSES)

ProposalId = Annotated[int, Path(ge=1, le=2**53, description="The proposal's number")]
LangQuery = Annotated[
    Literal["ja", "en"] | None, Query(description="Language of the field labels (default ja)")
]
LinkId = Annotated[str, Path(min_length=1, max_length=64, description="The link's id")]


@router.get("/proposals", summary="Proposals organisations sent (default: pending ones)")
def list_proposals(
    user: GlobalAdmin,
    ctx: ContextDep,
    store: StoreDep,
    status_: Annotated[
        Literal["pending", "decided", "approved", "rejected", "partly_approved", "all"],
        Query(alias="status", description="Which proposals (default: those with a pending item)"),
    ] = "pending",
    lang: LangQuery = None,
) -> ProposalsOut:
    from netmap.service.upkeep import proposal_names, proposal_view, proposals

    found = proposals(ctx.settings, status=None if status_ == "all" else status_)
    graph = ctx.snapshot(store).graph
    return ProposalsOut.model_validate(
        {
            "proposals": [proposal_view(p, graph, lang=lang or "ja") for p in found],
            "names": proposal_names(graph, found),
        }
    )


@router.get(
    "/proposals/{proposal_id}",
    summary="One proposal: each item's values before and after",
    responses=NOT_FOUND,
)
def show_proposal(
    proposal_id: ProposalId,
    user: GlobalAdmin,
    ctx: ContextDep,
    store: StoreDep,
    lang: LangQuery = None,
) -> ProposalDetailOut:
    from netmap.service.upkeep import proposal, proposal_view

    found = proposal(ctx.settings, proposal_id)
    view = proposal_view(found, ctx.snapshot(store).graph, lang=lang or "ja")
    return ProposalDetailOut.model_validate(view)


@router.post(
    "/proposals/{proposal_id}/approve",
    summary="Approve items and write them to the store",
    description="The items (default: every pending one) are checked like an import and "
    "written in one transaction; the records written get today's `verified_on` and "
    "`source` 本人確認. 422 with the problems when the records would not import, or when "
    "an item's record changed since it was sent.",
    responses=NOT_FOUND,
)
def approve_proposal(
    proposal_id: ProposalId,
    body: Decision,
    user: GlobalAdmin,
    ctx: ContextDep,
    store: StoreDep,
) -> ApprovalOut:
    from netmap.service.upkeep import approve

    with ctx.import_lock:  # one write at a time, as imports
        try:
            done = approve(
                ctx.settings,
                store,
                proposal_id,
                body.items,
                actor=token_actor(user.name, user.id),
            )
        finally:
            ctx.invalidate()
    return ApprovalOut.model_validate(done.as_dict())


@router.post(
    "/proposals/{proposal_id}/reject",
    summary="Reject items with a reason (nothing is written to the store)",
    responses=NOT_FOUND,
)
def reject_proposal(
    proposal_id: ProposalId, body: Rejection, user: GlobalAdmin, ctx: ContextDep
) -> ProposalOut:
    from netmap.service.upkeep import reject

    found = reject(
        ctx.settings,
        proposal_id,
        body.items,
        reason=body.reason,
        actor=token_actor(user.name, user.id),
    )
    return ProposalOut.model_validate(found.as_dict())


@router.get("/links", summary="Every review link (never the secrets)")
def list_links(user: GlobalAdmin, ctx: ContextDep) -> LinksOut:
    return LinksOut.model_validate({"links": [link.as_dict() for link in ctx.upkeep.links()]})


@router.post(
    "/links",
    status_code=status.HTTP_201_CREATED,
    summary="Create review links (the addresses are in the response, once)",
    description="For one organisation (`organisation_id`) or every organisation located "
    "in an area and its sub-areas (`area_id`), ids or names. Each link opens only its "
    "organisation's own record, until it expires (`expires_in_days`, default 30) or is "
    "revoked.",
)
def create_links(
    body: LinkCreate, request: Request, user: GlobalAdmin, ctx: ContextDep, store: StoreDep
) -> LinksCreated:
    from datetime import timedelta

    from netmap.service.upkeep import invite

    if (body.organisation_id is None) == (body.area_id is None):
        raise UsageError(
            "organisation_id か area_id のどちらか一つを指定してください / give either "
            "organisation_id or area_id"
        )
    made = invite(
        ctx.settings,
        ctx.snapshot(store).graph,
        organisation=body.organisation_id,
        area=body.area_id,
        expires=ctx.upkeep.now() + timedelta(days=body.expires_in_days),
        actor=token_actor(user.name, user.id),
    )
    base = body.base_url or str(request.base_url)
    out: list[dict[str, Any]] = [{**m.link.as_dict(), "url": m.url(base)} for m in made]
    return LinksCreated.model_validate({"links": out})


@router.delete("/links/{link_id}", summary="Revoke a review link", responses=NOT_FOUND)
def revoke_link(link_id: LinkId, user: GlobalAdmin, ctx: ContextDep) -> LinkOut:
    info = ctx.upkeep.revoke_link(link_id, actor=token_actor(user.name, user.id))
    return LinkOut.model_validate(info.as_dict())


__all__ = ["LinkCreated", "router"]
