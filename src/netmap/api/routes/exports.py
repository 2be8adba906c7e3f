"""Downloads of an area (every role; residents only as suppressed counts, as in every
export): diagrams (PNG, SVG, PDF), network files (GraphML, GEXF, JSON) and the analysis
tables (XLSX, CSV). Cached per data version, area and options."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from netmap.api.deps import ScopeDep, ViewerUser
from netmap.api.errors import AUTH_RESPONSES, NOT_FOUND
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

router = APIRouter(prefix="/exports", tags=["exports"], responses={**AUTH_RESPONSES, **NOT_FOUND})


class ExportFormat(StrEnum):
    PNG = "png"
    SVG = "svg"
    PDF = "pdf"
    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    XLSX = "xlsx"
    CSV = "csv"


class TableName(StrEnum):
    GAPS = "gaps"
    ISOLATED = "isolated"
    BRIDGES = "bridges"
    MISSING_BRIDGES = "missing_bridges"
    FLOWS = "flows"
    ORGANISATIONS = "organisations"


#: Formats worth compressing on the wire (the others are compressed already).
_TEXT = {
    ExportFormat.SVG,
    ExportFormat.GRAPHML,
    ExportFormat.GEXF,
    ExportFormat.JSON,
    ExportFormat.CSV,
}

_MEDIA = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}

_CONTENT: dict[str, Any] = {
    m: {"schema": {"type": "string", "format": "binary"}} for m in sorted(set(_MEDIA.values()))
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
    dpi: Annotated[int, Query(ge=50, le=300, description="PNG resolution")] = 150,
) -> Response:
    scope.require_area(area_id)
    snap = scope.snapshot()
    ctx = scope.ctx
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

    media = _MEDIA[fmt.value]
    if fmt in (ExportFormat.CSV, ExportFormat.SVG, ExportFormat.JSON):
        media += "; charset=utf-8" if fmt != ExportFormat.JSON else ""
    return cached_response(
        request,
        ctx,
        key,
        compute,
        media,
        compress=fmt in _TEXT,
        large=True,
        headers=attachment(export_filename(area_id, fmt.value)),
    )
