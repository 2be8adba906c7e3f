"""Helpers shared by the list routes: scope → area set, cached filtering, pagination."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import HTTPException, Query, status

from netmap.api.deps import Scope
from netmap.dates import FORMS_HELP, AsOfDate

AreaQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=200,
        description="Only this area and its sub-areas: an id or a Japanese name (日吉地区); "
        "must be within the token's scope",
    ),
]
KindQuery = Annotated[str | None, Query(min_length=1, max_length=100, description="Kind id")]
SearchQuery = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Part of the name (Japanese ok)")
]
AsOfQuery = Annotated[
    AsOfDate | None,
    Query(description=f"Only records valid on this date ({FORMS_HELP}); default: all"),
]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip")]


def area_set(scope: Scope, requested: str | None) -> frozenset[str] | None:
    """The areas a list or result covers: the requested area's subtree (checked against the
    scope; 404 when unknown) or the scope's; ``None`` for the whole city."""
    area = scope.effective_area(requested)
    if area is None:
        return None
    snap = scope.snapshot()
    if area not in snap.areas:
        if requested is not None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no area with id {area!r}")
        return frozenset()  # a scope naming an area not (yet) in the data sees nothing
    return snap.areas.descendants(snap.graph, area)


def cached_list(
    scope: Scope,
    name: str,
    requested_area: str | None,
    lister: Callable[..., list[dict[str, Any]]],
    **filters: Any,
) -> list[dict[str, Any]]:
    """A filtered list, computed once per data version, scope and filters."""
    allowed = area_set(scope, requested_area)
    snap = scope.snapshot()
    key = (
        snap.version,
        "list",
        name,
        None if allowed is None else tuple(sorted(allowed)),
        tuple(sorted(filters.items())),
    )
    return scope.ctx.cached(key, lambda: lister(snap.graph, allowed, **filters))


def page(items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    return {
        "items": items[offset : offset + limit],
        "total": len(items),
        "limit": limit,
        "offset": offset,
    }


def iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()
