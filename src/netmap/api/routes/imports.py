"""Upload a zip of CSV files (admin without area scope): the CLI's import, over HTTP."""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile
from pydantic import BaseModel

from netmap.api.deps import ContextDep, GlobalAdmin, SettingsDep, StoreDep
from netmap.api.errors import AUTH_RESPONSES, ErrorBody, ProblemOut
from netmap.errors import (
    ImportValidationError,
    NetmapError,
    Problem,
    StoreUnavailable,
    StoreWriteError,
)

router = APIRouter(tags=["imports"], responses=AUTH_RESPONSES)

#: A zip may expand to at most this many times the upload limit (zip bombs).
MAX_EXPANSION = 20


class FileOut(BaseModel):
    name: str
    encoding: str
    rows: int


class ImportReportOut(BaseModel):
    """The same report as ``netmap import --format json``."""

    ok: bool
    source: str
    store: str
    sync: bool
    files: list[FileOut]
    nodes_written: int
    relationships_written: int
    nodes_removed: int
    relationships_removed: int
    warnings: list[ProblemOut]


def _safe_name(filename: str | None) -> str:
    name = Path((filename or "").replace("\\", "/")).name
    name = re.sub(r"[^\w.\-]", "_", name)[:100]
    return name if name.lower().endswith((".zip", ".csv")) else "upload.zip"


def _rejected(name: str, reason: str) -> ImportValidationError:
    return ImportValidationError(
        [Problem(file=name, row=None, column=None, value=None, reason=reason)]
    )


def _check_zip(path: Path, name: str, limit_bytes: int) -> None:
    if not zipfile.is_zipfile(path):
        raise _rejected(name, "not a zip file: upload a .zip of the CSV files")
    try:
        with zipfile.ZipFile(path) as zf:
            expanded = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise _rejected(name, f"the zip file cannot be read: {exc}") from None
    if expanded > limit_bytes * MAX_EXPANSION:
        raise _rejected(name, "the zip expands to too much data")


@router.post(
    "/import",
    summary="Import a zip of the CSV files (all validated first; nothing written on error)",
    responses={
        413: {"model": ErrorBody, "description": "The upload is larger than the limit"},
        422: {
            "model": ErrorBody,
            "description": "Rejected: every problem listed (file, row, column, value, reason); "
            "nothing was written",
        },
    },
)
def import_upload(
    user: GlobalAdmin,
    ctx: ContextDep,
    settings: SettingsDep,
    store: StoreDep,
    file: Annotated[UploadFile, File(description="A .zip of the CSV files (or one .csv)")],
    sync: Annotated[
        bool,
        Query(
            description="Also remove records of the imported files' labels that the "
            "files no longer contain"
        ),
    ] = False,
) -> ImportReportOut:
    from netmap.service.data import import_path

    name = _safe_name(file.filename)
    tmp = Path(tempfile.mkdtemp(prefix="netmap-upload-"))
    try:
        path = tmp / name
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out, 1024 * 1024)
        if name.lower().endswith(".zip"):
            _check_zip(path, name, settings.max_upload_mb * 1024 * 1024)
        with ctx.import_lock:  # one import at a time (a second one waits)
            try:
                report = import_path(path, settings=settings, store=store, sync=sync)
            except (ImportValidationError, StoreUnavailable, StoreWriteError):
                raise
            except NetmapError as exc:  # unreadable archive, no netmap file in it, ...
                raise _rejected(name, exc.message) from None
            finally:
                ctx.invalidate()
        body: dict[str, Any] = report.as_dict()
        body["source"] = file.filename or name
        return ImportReportOut.model_validate(body)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
