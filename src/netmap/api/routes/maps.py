"""Interactive HTML maps (every role; residents only as suppressed counts, as in every map).

The page is self-contained (scripts and styles inline). The web app fetches it with the
token and shows it in a sandboxed iframe. Drawn from the release that answers ``as_of``
(docs/privacy.md); cached per data version, area and release.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi import Path as PathParam

from netmap.api.deps import ScopeDep, StoreDep, ViewerUser
from netmap.api.errors import AUTH_RESPONSES, NOT_FOUND
from netmap.api.ratelimit import render_guard
from netmap.api.responses import cached_response
from netmap.dates import FORMS_HELP, AsOfDate
from netmap.model.options import Lang

router = APIRouter(prefix="/maps", tags=["maps"], responses={**AUTH_RESPONSES, **NOT_FOUND})

AreaPath = Annotated[
    str,
    PathParam(
        min_length=1,
        max_length=200,
        description="Area id or Japanese name (the city's: the city view)",
    ),
]
AsOf = Annotated[
    AsOfDate | None,
    Query(
        description="The release of the latest month end on or before this date "
        f"({FORMS_HELP}; default today)"
    ),
]


@router.get(
    "/{area_id}",
    summary="The interactive map of an area (self-contained HTML)",
    response_class=Response,
    responses={200: {"content": {"text/html": {}}, "description": "The map page"}},
)
def get_map(
    request: Request,
    area_id: AreaPath,
    user: ViewerUser,
    scope: ScopeDep,
    store: StoreDep,
    as_of: AsOf = None,
    lang: Annotated[
        Lang, Query(description="Language of the map's own text (legend, layers, notes)")
    ] = Lang.JA,
) -> Response:
    from netmap.service.maps import render_map

    area_id = scope.require_area(area_id)  # an id or a name: the id
    snap = scope.snapshot()
    ctx = scope.ctx
    rel = scope.release(as_of)

    def compute() -> bytes:
        with tempfile.TemporaryDirectory(prefix="netmap-map-") as tmp:
            path = render_map(
                store,
                area=area_id,
                output=Path(tmp) / "map.html",
                settings=ctx.settings,
                graph=snap.graph,
                release=rel,
                context=ctx.view_context(snap, rel),
                lang=lang,
            )
            return path.read_bytes()

    key = (snap.version, "map", area_id, rel.id, rel.built_at, lang.value)
    render = render_guard(request, compute)  # a render takes one of the few slots (429)
    return cached_response(request, ctx, key, render, "text/html; charset=utf-8", large=True)
