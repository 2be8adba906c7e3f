"""The district sheet (every role): a few printable PDF pages for a meeting, residents
only as suppressed counts. Cached per data version, area and options."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from netmap.api.deps import ScopeDep, ViewerUser
from netmap.api.errors import AUTH_RESPONSES, NOT_FOUND
from netmap.api.ratelimit import render_guard
from netmap.api.responses import cached_response
from netmap.api.routes._files import AreaPath, AsOf, Lang, Paper, Title, attachment

router = APIRouter(prefix="/reports", tags=["reports"], responses={**AUTH_RESPONSES, **NOT_FOUND})


@router.get(
    "/{area_id}.pdf",
    summary="The district sheet of a ward or district (PDF)",
    response_class=Response,
    responses={
        200: {
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            "description": "The sheet (as an attachment)",
        }
    },
)
def get_report(
    request: Request,
    area_id: AreaPath,
    user: ViewerUser,
    scope: ScopeDep,
    as_of: AsOf = None,
    paper: Paper = Paper.A4,
    title: Title = None,
    lang: Lang = Lang.JA,
) -> Response:
    area_id = scope.require_area(area_id)  # an id or a name: the id
    snap = scope.snapshot()
    ctx = scope.ctx
    rel = scope.release(as_of)
    key = (snap.version, "report", area_id, rel.id, rel.built_at, paper.value, title, lang.value)

    def compute() -> bytes:
        from netmap.service.exports import report_bytes

        return report_bytes(
            snap.graph,
            area=area_id,
            paper=paper.value,
            title=title,
            lang=lang.value,
            settings=ctx.settings,
            release=rel,
            context=ctx.view_context(snap, rel),
        )

    from netmap.service.exports import export_filename

    return cached_response(
        request,
        ctx,
        key,
        render_guard(request, compute),  # a render takes one of the few slots (429)
        "application/pdf",
        compress=False,
        large=True,
        headers=attachment(export_filename(area_id, "pdf", report=True)),
    )
