"""Responses served from the cache, compressed once.

A cached body is kept with its gzip form, so a warm request costs no compression (a map is
megabytes): the gzip form goes to clients that accept it (``Content-Encoding: gzip``; the
GZip middleware leaves such responses alone), the plain one to the others.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from fastapi import Request, Response

from netmap.api.context import AppContext

#: Bodies smaller than this are not worth compressing.
MIN_GZIP = 4096


@dataclass(frozen=True)
class Body:
    raw: bytes
    gz: bytes | None


def make_body(raw: bytes, compress: bool = True) -> Body:
    gz = gzip.compress(raw, compresslevel=6, mtime=0) if compress and len(raw) >= MIN_GZIP else None
    if gz is not None and len(gz) >= len(raw):
        gz = None
    return Body(raw=raw, gz=gz)


def accepts_gzip(request: Request) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "").lower()


def body_response(
    request: Request,
    body: Body,
    media_type: str,
    headers: dict[str, str] | None = None,
) -> Response:
    h = dict(headers or {})
    h["Vary"] = "Accept-Encoding"
    if body.gz is not None and accepts_gzip(request):
        h["Content-Encoding"] = "gzip"
        return Response(body.gz, media_type=media_type, headers=h)
    return Response(body.raw, media_type=media_type, headers=h)


def cached_response(
    request: Request,
    ctx: AppContext,
    key: Hashable,
    compute: Callable[[], bytes],
    media_type: str,
    *,
    compress: bool = True,
    large: bool = False,
    headers: dict[str, str] | None = None,
) -> Response:
    """The response for ``key``: computed (and compressed) once per key. ``large``: a file
    (map, export), kept in the smaller file cache."""
    body = ctx.cached(key, lambda: make_body(compute(), compress), large=large)
    return body_response(request, body, media_type, headers)
