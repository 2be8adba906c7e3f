"""Shared parts of the download routes (exports, reports)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Path as PathParam
from fastapi import Query

from netmap.dates import FORMS_HELP, AsOfDate
from netmap.model.options import Lang, Orientation, Paper

__all__ = ["AreaPath", "AsOf", "Lang", "Orientation", "Paper", "Title", "attachment"]

AreaPath = Annotated[
    str, PathParam(min_length=1, max_length=200, description="Area id or Japanese name")
]
AsOf = Annotated[
    AsOfDate | None,
    Query(
        description="The release of the latest month end on or before this date "
        f"({FORMS_HELP}; default today)"
    ),
]
Title = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Title instead of the default")
]


def attachment(filename: str) -> dict[str, str]:
    """A Content-Disposition header that also carries non-ASCII names (RFC 6266)."""
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return {
        "Content-Disposition": (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
        )
    }
