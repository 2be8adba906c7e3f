"""Downloads of an area (every role; residents only as suppressed counts, as in every
export): diagrams (PNG, SVG, PDF), network files (GraphML, GEXF, JSON) and the analysis
tables (XLSX, CSV). Cached per data version, area and options."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from netmap.api.deps import ScopeDep, ViewerUser
from netmap.api.errors import AUTH_RESPONSES, NOT_FOUND
from netmap.api.ratelimit import render_guard
from netmap.api.responses import cached_response
from netmap.api.routes._files import (
    AreaPath,
    AsOf,
    Lang,
    Orientation,
    Paper,
    Title,
    attachment,
)
from netmap.errors import ExportError
from netmap.model.options import DPI_DEFAULT, DPI_MAX, DPI_MIN, ExportFormat, TableName

router = APIRouter(prefix="/exports", tags=["exports"], responses={**AUTH_RESPONSES, **NOT_FOUND})


_CONTENT: dict[str, Any] = {
    m: {"schema": {"type": "string", "format": "binary"}}
    for m in sorted({f.media_type.split(";")[0] for f in ExportFormat})
}


@router.get(
    "/{area_id}.{fmt}",
    summary="Download a diagram, network file or analysis table of an area",
    response_class=Response,
    responses={200: {"content": _CONTENT, "description": "The file (as an attachment)"}},
)
def get_export(
    request: Request,
    area_id: AreaPath,
    fmt: ExportFormat,
    user: ViewerUser,
    scope: ScopeDep,
    as_of: AsOf = None,
    paper: Paper = Paper.A4,
    orientation: Orientation = Orientation.LANDSCAPE,
    title: Title = None,
    lang: Lang = Lang.JA,
    table: Annotated[TableName | None, Query(description="CSV: which table (default gaps)")] = None,
    dpi: Annotated[
        int,
        Query(
            ge=DPI_MIN,
            le=DPI_MAX,
            description=f"PNG resolution ({DPI_MIN}-{DPI_MAX}; the server caps it at "
            "NETMAP_API_MAX_DPI, default 300, as it bounds the cost of a render)",
        ),
    ] = DPI_DEFAULT,
) -> Response:
    area_id = scope.require_area(area_id)  # an id or a name: the id
    snap = scope.snapshot()
    ctx = scope.ctx
    if dpi > ctx.settings.api_max_dpi:
        raise ExportError(
            f"dpi must be at most {ctx.settings.api_max_dpi} on this server",
            details={"dpi": dpi, "max": ctx.settings.api_max_dpi},
        )
    options = {
        "paper": paper.value,
        "orientation": orientation.value,
        "title": title,
        "lang": lang.value,
        "table": None if table is None else table.value,
        "dpi": dpi,
    }
    rel = scope.release(as_of)
    key = (
        snap.version,
        "export",
        area_id,
        fmt.value,
        rel.id,
        rel.built_at,
        tuple(sorted((k, str(v)) for k, v in options.items())),
    )

    def compute() -> bytes:
        from netmap.service.exports import export_area_bytes

        data, _ = export_area_bytes(
            snap.graph,
            fmt=fmt.value,
            area=area_id,
            settings=ctx.settings,
            release=rel,
            context=ctx.view_context(snap, rel),
            **options,  # type: ignore[arg-type]
        )
        return data

    from netmap.service.exports import export_filename

    return cached_response(
        request,
        ctx,
        key,
        # diagrams take one of the few render slots (429); files and tables are cheap
        render_guard(request, compute) if fmt.is_diagram else compute,
        fmt.media_type,
        compress=fmt.is_text,
        large=True,
        headers=attachment(export_filename(area_id, fmt.value)),
    )
