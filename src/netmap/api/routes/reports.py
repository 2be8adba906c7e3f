"""The district sheet (every role): a few printable PDF pages for a meeting, residents
only as suppressed counts. Cached per data version, area and options.

``compare_to`` adds the 変化 section, for every role from releases (a meeting product): the
release on or before the date against the sheet's; the sheet says which, and so do the
``X-Netmap-Compared`` headers. A plan (計画案) is not taken here: scenarios are for
analysts (``POST /scenarios/evaluate``), and ``netmap report --scenario`` prints one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from netmap.api.deps import ScopeDep, ViewerUser
from netmap.api.errors import AUTH_RESPONSES, NOT_FOUND
from netmap.api.ratelimit import render_guard
from netmap.api.responses import cached_response
from netmap.api.routes._files import AreaPath, AsOf, Lang, Paper, Title, attachment
from netmap.dates import FORMS_HELP, AsOfDate

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
    compare_to: Annotated[
        AsOfDate | None,
        Query(
            description="Add the 変化 section: what changed in the area from the release of "
            f"the latest month end on or before this date ({FORMS_HELP}) to the sheet's "
            "release (the X-Netmap-Compared headers name both reference dates)"
        ),
    ] = None,
) -> Response:
    from netmap.service.exports import export_filename

    area_id = scope.require_area(area_id)  # an id or a name: the id
    snap = scope.snapshot()
    ctx = scope.ctx
    rel = scope.release(as_of)
    rel_from = scope.release(compare_to) if compare_to is not None else None
    key: tuple[object, ...] = (
        snap.version,
        "report",
        area_id,
        rel.id,
        rel.built_at,
        paper.value,
        title,
        lang.value,
    )
    headers = attachment(export_filename(area_id, "pdf", report=True))
    if rel_from is not None:
        key += (compare_to, rel_from.id, rel_from.built_at)
        headers["X-Netmap-Compared-From"] = rel_from.reference_date.isoformat()
        headers["X-Netmap-Compared-To"] = rel.reference_date.isoformat()

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
            compare_to=compare_to,
            compare_release=rel_from,
        )

    return cached_response(
        request,
        ctx,
        key,
        render_guard(request, compute),  # a render takes one of the few slots (429)
        "application/pdf",
        compress=False,
        large=True,
        headers=headers,
    )
