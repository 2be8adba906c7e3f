"""File uploads: the request body read after the token is checked, bounded, onto disk.

An ``UploadFile`` or ``Form`` parameter makes FastAPI read (and parse) the whole body
before the route's dependencies run, so before the token is checked: a stranger could
make the server read 50 MB for a 401. An upload route therefore takes the raw
:class:`~fastapi.Request` next to its token dependency (``GlobalAdmin``, ...), documents
its body with ``openapi_extra=`` :func:`upload_openapi`, and only then calls
:func:`receive_upload`, which

* refuses a ``Content-Length`` above the limit (``NETMAP_MAX_UPLOAD_MB``) with 413 before
  reading anything, and stops with 413 as soon as a body sent without one passes it;
* accepts only ``multipart/form-data`` with one file field (422 otherwise);
* streams the file to a private temporary folder (never held in memory) and removes it
  when the route is done.

What is in the file is read with :mod:`netmap.ingest.limits` (expanded size, rows,
damaged archives). The import route uses this; scenario files and review forms will too.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, status
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.types import Message

__all__ = ["MULTIPART", "Upload", "receive_upload", "safe_name", "too_large", "upload_openapi"]

MULTIPART = "multipart/form-data"
_COPY_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Upload:
    """The uploaded file on disk (``path``, with a safe name) and the name the client gave
    it (``filename``; empty when none)."""

    path: Path
    filename: str


def too_large(max_bytes: int) -> HTTPException:
    """The 413 answer (the same words as the body-size middleware's)."""
    mb = max_bytes // (1024 * 1024)
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        f"the upload is larger than the limit ({mb} MB, setting NETMAP_MAX_UPLOAD_MB)",
    )


def safe_name(filename: str | None, suffixes: tuple[str, ...], default: str) -> str:
    """A file name safe to create in a temporary folder: the last path part, characters
    other than letters, digits, ``.``, ``-`` and ``_`` replaced, one of ``suffixes``
    (``default`` otherwise).

    >>> safe_name("../../etc/港北区 データ.zip", (".zip",), "upload.zip")
    '港北区_データ.zip'
    >>> safe_name("evil.sh", (".zip", ".csv"), "upload.zip")
    'upload.zip'
    """
    name = Path((filename or "").replace("\\", "/")).name
    name = re.sub(r"[^\w.\-]", "_", name)[:100]
    return name if name.lower().endswith(suffixes) and not name.startswith(".") else default


def upload_openapi(field: str, description: str) -> dict[str, Any]:
    """``openapi_extra`` for a route that reads its body with :func:`receive_upload`: a
    required ``multipart/form-data`` body with one file field."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                MULTIPART: {
                    "schema": {
                        "type": "object",
                        "title": "Upload",
                        "required": [field],
                        "properties": {
                            field: {
                                "type": "string",
                                "contentMediaType": "application/octet-stream",
                                "title": field.capitalize(),
                                "description": description,
                            }
                        },
                    }
                }
            },
        }
    }


def _declared_length(request: Request) -> int | None:
    value = request.headers.get("content-length")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


@asynccontextmanager
async def receive_upload(
    request: Request,
    *,
    max_bytes: int,
    field: str = "file",
    suffixes: tuple[str, ...] = (".zip", ".csv"),
    default_name: str = "upload.zip",
) -> AsyncIterator[Upload]:
    """Read the upload of ``request`` (call it after the token was checked) into a
    temporary file, at most ``max_bytes`` of body (413 beyond), and yield it; the file is
    removed afterwards. 422 when the body is not ``multipart/form-data`` with a file in
    ``field``."""
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith(MULTIPART):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"send the file as {MULTIPART}, in the field {field!r}",
        )
    declared = _declared_length(request)
    if declared is not None and declared > max_bytes:
        raise too_large(max_bytes)
    received = 0

    async def bounded_receive() -> Message:
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > max_bytes:
                raise too_large(max_bytes)
        return message

    bounded = Request(request.scope, bounded_receive)
    form = await bounded.form(max_files=1, max_fields=16)
    tmp = Path(tempfile.mkdtemp(prefix="netmap-upload-"))
    try:
        part = form.get(field)
        if not isinstance(part, UploadFile):
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                f"the request has no file in the field {field!r} ({MULTIPART})",
            )
        path = tmp / safe_name(part.filename, suffixes, default_name)
        await run_in_threadpool(_copy, part, path)
        yield Upload(path=path, filename=part.filename or "")
    finally:
        await form.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _copy(part: UploadFile, path: Path) -> None:
    part.file.seek(0)
    with path.open("wb") as out:
        shutil.copyfileobj(part.file, out, _COPY_CHUNK)
