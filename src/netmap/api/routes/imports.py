"""Upload a zip of CSV files (admin without area scope): the CLI's import, over HTTP.

The token is checked before the body is read (the route takes the raw request; see
:mod:`netmap.api.uploads`), the body is capped (413) and streamed to a temporary file,
and what is in it is read with the import's caps (:mod:`netmap.ingest.limits`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from netmap.api.context import AppContext
from netmap.api.deps import ContextDep, GlobalAdmin, SettingsDep, StoreDep
from netmap.api.errors import AUTH_RESPONSES, ErrorBody
from netmap.api.schemas import ImportFileOut, ImportReportOut
from netmap.api.uploads import receive_upload, upload_openapi
from netmap.auth import TokenInfo
from netmap.config import Settings
from netmap.errors import (
    ImportValidationError,
    NetmapError,
    Problem,
    StoreUnavailable,
    StoreWriteError,
    UsageError,
)
from netmap.ingest.limits import MIB
from netmap.model.options import Lang
from netmap.store.base import GraphStore

router = APIRouter(tags=["imports"], responses=AUTH_RESPONSES)

#: What an upload may be (anything else is read as a zip, and rejected if it is not one).
UPLOAD_SUFFIXES = (".zip", ".csv", ".xlsx", ".xlsm")


#: Kept for importers of the old name.
FileOut = ImportFileOut

__all__ = ["FileOut", "ImportReportOut", "router"]


def _rejected(name: str, reason: str) -> ImportValidationError:
    return ImportValidationError(
        [Problem(file=name, row=None, column=None, value=None, reason=reason)]
    )


def _import(
    path: Path,
    *,
    source: str,
    user: TokenInfo,
    ctx: AppContext,
    settings: Settings,
    store: GraphStore,
    sync: bool,
    dry_run: bool = False,
    allow_empty: list[str] | None = None,
    force_older: bool = False,
) -> dict[str, Any]:
    """The import itself (blocking: run in a worker thread)."""
    from netmap.activity import token_actor
    from netmap.service.data import import_path

    with ctx.import_lock:  # one import at a time (a second one waits)
        try:
            report = import_path(
                path,
                settings=settings,
                store=store,
                sync=sync,
                actor=token_actor(user.name, user.id),
                source_name=source,
                dry_run=dry_run,
                allow_empty=allow_empty or (),
                force_older=force_older,
            )
        except (ImportValidationError, StoreUnavailable, StoreWriteError, UsageError):
            raise
        except NetmapError as exc:  # unreadable archive, no netmap file in it, ...
            raise _rejected(path.name, exc.message) from None
        finally:
            ctx.invalidate()
    body: dict[str, Any] = report.as_dict()
    body["source"] = source
    return body


@router.post(
    "/import",
    summary="Import a zip of the CSV files (all validated first; nothing written on error)",
    description=(
        "The body is `multipart/form-data` with the file in the field `file`: a `.zip` of "
        "the CSV files, one `.csv` or an Excel workbook (`.xlsx`). Limits (settings): the "
        "upload `NETMAP_MAX_UPLOAD_MB` (413 beyond), the data once unzipped "
        "`NETMAP_MAX_EXPANDED_MB`, the rows of a file `NETMAP_MAX_ROWS_PER_FILE` (422 "
        "beyond). A rejection lists the first 1,000 problems in full, `problem_count` "
        "counts them all and `problem_totals` per kind (`problem_count_exact` is false "
        "when a file that is clearly garbage was not read to its end). Reasons are in the "
        "configured language (`NETMAP_LANG`, Japanese by default); rows are numbered as Excel "
        "shows them (the header is row 1). The report's `changes` give, per kind of record, "
        "what was added, updated, removed and left unchanged; with `dry_run` nothing is "
        "written and they say what the import would change."
    ),
    responses={
        413: {"model": ErrorBody, "description": "The upload is larger than the limit"},
        422: {
            "model": ErrorBody,
            "description": "Rejected: the problems listed (file, row, column, value, reason; "
            "the first 1,000, then totals per kind); nothing was written",
        },
    },
    openapi_extra=upload_openapi("file", "A .zip of the CSV files (or one .csv, or an .xlsx)"),
)
async def import_upload(
    request: Request,
    user: GlobalAdmin,
    ctx: ContextDep,
    settings: SettingsDep,
    store: StoreDep,
    sync: Annotated[
        bool,
        Query(
            description="Also remove records of the imported files' labels that the "
            "files no longer contain (an empty file or sheet removes nothing unless "
            "`allow_empty` names its kind)"
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        Query(description="Check everything and report what would change; write nothing"),
    ] = False,
    allow_empty: Annotated[
        list[str] | None,
        Query(
            description="With sync: kinds (e.g. organisations) whose empty file or sheet "
            "removes every stored record of the kind. Repeatable."
        ),
    ] = None,
    force_older: Annotated[
        bool,
        Query(
            description="Overwrite organisations and activities verified more recently than "
            "the file's rows (`verified_on`); without it such rows are skipped with a "
            "warning, and `sync` rejects them"
        ),
    ] = False,
    lang: Annotated[
        Lang | None,
        Query(description="Language of the problems' reasons (default NETMAP_LANG, ja)"),
    ] = None,
) -> ImportReportOut:
    # The dependencies above (token, role) ran before any of the body was read.
    if lang is not None:  # the web app's language toggle
        settings = settings.model_copy(update={"lang": lang.value})
    async with receive_upload(
        request, max_bytes=settings.max_upload_mb * MIB, field="file", suffixes=UPLOAD_SUFFIXES
    ) as upload:
        body = await run_in_threadpool(
            _import,
            upload.path,
            source=upload.filename or upload.path.name,
            user=user,
            ctx=ctx,
            settings=settings,
            store=store,
            sync=sync,
            dry_run=dry_run,
            allow_empty=allow_empty,
            force_older=force_older,
        )
    return ImportReportOut.model_validate(body)
