"""The review form (確認フォーム): an organisation opens its review link, without a netmap
account, and proposes changes to its own record.

* ``GET /review/{secret}`` exchanges the link's secret for a short-lived session cookie
  (HttpOnly, SameSite=Strict, Secure over https) and redirects to ``/review``: the
  secret does not stay in the address bar, the history or a Referer
  (``Referrer-Policy: no-referrer`` on every answer);
* ``GET /review`` is the form page (static, the web app's policy with a fresh nonce);
  it reads and sends its data through the JSON routes below, which need the session;
* ``GET /api/v1/review/form``: the organisation's own record, the pickers' choices and
  the CSRF token bound to the session; ``GET /api/v1/review/partners?q=``: organisations
  by name (names, kinds and areas only); ``POST /api/v1/review/proposals``: the form,
  with the CSRF token in ``X-CSRF-Token``, kept as a proposal (nothing reaches the store
  before an admin approves it).

Requests are rate limited like the API's (per link; the exchange per client address). A
session sees and changes only its link's organisation: another organisation's ids are
refused (403).
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import (
    APIRouter,
    Depends,
    Header,
    HTTPException,
    Path,
    Query,
    Request,
    Security,
    status,
)
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import APIKeyCookie
from starlette.concurrency import run_in_threadpool

from netmap.api.deps import ContextDep, StoreDep
from netmap.api.errors import ErrorBody
from netmap.api.ratelimit import RATE_LIMITED, too_many
from netmap.api.schemas_upkeep import (
    PartnersOut,
    ReviewFormOut,
    ReviewSubmission,
    ReviewSubmitted,
)
from netmap.api.security import app_csp, app_page, new_nonce
from netmap.logs import event
from netmap.model.options import Lang
from netmap.upkeep.storage import LinkInfo, Proposal, csrf_token

log = logging.getLogger("netmap.api")

#: the session cookie
COOKIE = "netmap_review"
#: the header the form sends its CSRF token in
CSRF_HEADER = "X-CSRF-Token"
STATIC_DIR = FilePath(__file__).resolve().parents[1] / "static"

_NO_SESSION = (
    "確認用リンクの有効期限が切れたか、無効になっています。受け取ったリンクをもう一度"
    "開いてください / the review session expired or its link was revoked: open the link "
    "you received again"
)
_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "No review session (open the review link)"},
    403: {"model": ErrorBody, "description": "Another organisation's record, or no CSRF token"},
    422: {"model": ErrorBody, "description": "Invalid parameters, or problems in the form"},
    503: {"model": ErrorBody, "description": "The data store is unavailable (retry later)"},
    **RATE_LIMITED,
}


@dataclass(frozen=True)
class ReviewSession:
    """The session of a request: its secret (from the cookie) and its link."""

    secret: str
    link: LinkInfo


def _limit(request: Request, key: str) -> None:
    limiter = getattr(request.app.state, "rate_limiter", None)
    if limiter is None:
        return
    wait = limiter.take(key)
    if wait > 0:
        event(log, "api.rate_limited", logging.INFO, token=key, path=request.url.path)
        raise too_many(
            f"too many requests for this review link ({limiter.per_minute} a minute)", wait
        )


#: the session cookie as an OpenAPI security scheme (the API's documents say how to sign in)
_COOKIE_SCHEME = APIKeyCookie(
    name=COOKIE,
    auto_error=False,
    scheme_name="ReviewSession",
    description="The session a review link (`GET /review/{secret}`) is exchanged for",
)


def get_review_session(
    request: Request,
    ctx: ContextDep,
    cookie: Annotated[str | None, Security(_COOKIE_SCHEME)] = None,
) -> ReviewSession:
    """The review session of the request's cookie (401 without an active one); counted
    against the link's rate."""
    secret = cookie or ""
    link = ctx.upkeep.session_link(secret) if secret else None
    if link is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, _NO_SESSION)
    _limit(request, f"review:{link.id}")
    return ReviewSession(secret, link)


SessionDep = Annotated[ReviewSession, Depends(get_review_session)]
LangQuery = Annotated[Lang | None, Query(description="Language of the messages (default ja)")]

router = APIRouter(prefix="/review", tags=["review"], responses=_RESPONSES)
pages = APIRouter(include_in_schema=False)


@router.get("/form", summary="The organisation's own record, the choices, the CSRF token")
def review_form(session: SessionDep, ctx: ContextDep, store: StoreDep) -> ReviewFormOut:
    from netmap.service.upkeep import review_form as form

    body = form(ctx.snapshot(store).graph, session.link)
    return ReviewFormOut.model_validate({**body, "csrf": csrf_token(session.secret)})


@router.get("/partners", summary="Organisations by a part of their name (directory data only)")
def partners(
    session: SessionDep,
    ctx: ContextDep,
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=100, description="Part of the name")],
) -> PartnersOut:
    from netmap.service.upkeep import partner_search

    found = partner_search(ctx.snapshot(store).graph, session.link, q)
    return PartnersOut.model_validate({"items": found})


@router.post(
    "/proposals",
    status_code=status.HTTP_201_CREATED,
    summary="Send the form: kept as a proposal for an admin to approve",
    description="Checked with the import's rules (the same messages, Japanese first; "
    "`lang=en` for English): 422 lists every problem with the items it concerns. "
    "Needs the session's CSRF token in `X-CSRF-Token`.",
)
async def submit(
    body: ReviewSubmission,
    session: SessionDep,
    ctx: ContextDep,
    store: StoreDep,
    csrf: Annotated[str | None, Header(alias=CSRF_HEADER, max_length=200)] = None,
    lang: LangQuery = None,
) -> ReviewSubmitted:
    from netmap.errors import OtherOrganisation
    from netmap.service.upkeep import submit as keep

    if not csrf or not hmac.compare_digest(csrf, csrf_token(session.secret)):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "フォームの確認用トークンがありません。ページを開き直してください / the form's CSRF "
            "token is missing or wrong: reload the page",
        )
    settings = ctx.settings
    if lang is not None:
        settings = settings.model_copy(update={"lang": lang.value})
    form = body.model_dump(exclude_none=True)

    def kept() -> Proposal:  # blocking (the graph, the validation): in a worker thread
        return keep(settings, store, session.link, form, graph=ctx.snapshot(store).graph)

    try:
        proposal = await run_in_threadpool(kept)
    except OtherOrganisation as exc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, exc.message) from None
    return ReviewSubmitted.model_validate(
        {"proposal_id": proposal.id, "items": [i.as_dict() for i in proposal.items]}
    )


def _message_page(title: str, text: str, code: int) -> HTMLResponse:
    """A small page without script (the link is wrong or expired)."""
    from html import escape

    html = (
        '<!doctype html><html lang="ja"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(title)}</title><link rel="stylesheet" href="/static/app.css">'
        f'</head><body><main><section class="card narrow"><h1>{escape(title)}</h1>'
        f"<p>{escape(text)}</p></section></main></body></html>"
    )
    headers = {"Cache-Control": "no-store", "Content-Security-Policy": app_csp(new_nonce())}
    return HTMLResponse(html, status_code=code, headers=headers)


@pages.get("/review/{secret}")
async def open_link(
    request: Request,
    ctx: ContextDep,
    secret: Annotated[str, Path(max_length=200)],
) -> Response:
    """Exchange a review link's secret for a session cookie, then go to the form."""
    client = request.client.host if request.client else "unknown"
    _limit(request, f"review-open:{client}")
    opened = await run_in_threadpool(ctx.upkeep.open_session, secret)
    if opened is None:
        return _message_page(
            "確認用リンクが無効です / invalid review link",
            "このリンクは無効か、期限が切れているか、取り消されています。区役所の担当者に新しい"
            "リンクを依頼してください。/ This link is unknown, expired or revoked: ask the "
            "ward office for a new one.",
            status.HTTP_404_NOT_FOUND,
        )
    session, _link, until = opened
    response = RedirectResponse("/review", status_code=status.HTTP_303_SEE_OTHER)
    seconds = int((datetime.fromisoformat(until) - datetime.now(UTC)).total_seconds())
    response.set_cookie(
        COOKIE,
        session,
        max_age=max(1, seconds),
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@pages.get("/review")
def review_page() -> HTMLResponse:
    """The form page (static; its data comes from the JSON routes with the session)."""
    return app_page(STATIC_DIR / "review.html")
