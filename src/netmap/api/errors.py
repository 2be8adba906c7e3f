"""Errors as JSON a client can act on; never a stack trace.

Every error body is ``{"ok": false, "error": <message>, ...details}``: an import rejected
with ``problems`` (the CLI's report), parameter errors with FastAPI's ``detail`` list.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from netmap.errors import (
    ConfigError,
    ImportValidationError,
    NetmapError,
    NotFound,
    StoreUnavailable,
    StoreWriteError,
    UsageError,
)
from netmap.logs import event

log = logging.getLogger("netmap.api")


class ProblemOut(BaseModel):
    """One problem found in an uploaded file."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: str


class ErrorBody(BaseModel):
    """What every error response carries."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"examples": [{"ok": False, "error": "the token is unknown or revoked"}]},
    )

    ok: bool = False
    error: str
    problems: list[ProblemOut] | None = None


def _body(message: str, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "error": message, **extra}


def _json(code: int, content: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return JSONResponse(jsonable_encoder(content), status_code=code, headers=headers)


def netmap_error_status(exc: NetmapError) -> int:
    if isinstance(exc, StoreUnavailable | StoreWriteError):
        return status.HTTP_503_SERVICE_UNAVAILABLE
    if isinstance(exc, ImportValidationError | UsageError):
        return status.HTTP_422_UNPROCESSABLE_CONTENT
    if isinstance(exc, NotFound):
        return status.HTTP_404_NOT_FOUND
    if isinstance(exc, ConfigError):
        return status.HTTP_500_INTERNAL_SERVER_ERROR
    return status.HTTP_400_BAD_REQUEST


def install_error_handlers(app: FastAPI) -> None:
    async def on_netmap_error(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, NetmapError)
        code = netmap_error_status(exc)
        headers = None
        if code == status.HTTP_503_SERVICE_UNAVAILABLE:
            event(log, "api.store_unavailable", logging.WARNING, path=request.url.path)
            ctx = getattr(request.app.state, "netmap", None)
            if ctx is not None:
                ctx.stores.reset()
            headers = {"Retry-After": "5"}
            message = f"the data store is unavailable; try again shortly ({exc.message})"
            return _json(code, _body(message), headers)
        if code == status.HTTP_500_INTERNAL_SERVER_ERROR:
            event(log, "api.config_error", logging.ERROR, error=exc.message)
        return _json(code, _body(exc.message, **exc.details))

    async def on_http_error(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == status.HTTP_400_BAD_REQUEST:
            # an undecodable JSON, form or multipart body is bad input like any other: 422
            message = f"invalid parameters: the request body cannot be read ({exc.detail})"
            return _json(status.HTTP_422_UNPROCESSABLE_CONTENT, _body(message))
        return _json(exc.status_code, _body(str(exc.detail)), getattr(exc, "headers", None))

    async def on_validation_error(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, RequestValidationError)
        errors = [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in exc.errors()]
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"invalid parameters: {where}: {first.get('msg', '')}".strip()
        return _json(status.HTTP_422_UNPROCESSABLE_CONTENT, _body(message, detail=errors))

    async def on_unexpected(request: Request, exc: Exception) -> Any:
        log.exception(
            "api.unexpected_error",
            extra={"netmap_fields": {"method": request.method, "path": request.url.path}},
        )
        return _json(
            status.HTTP_500_INTERNAL_SERVER_ERROR,
            _body("internal error: the server log has the details"),
        )

    app.add_exception_handler(NetmapError, on_netmap_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected)


def _resp(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


#: Error responses documented on every authenticated route.
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _resp("No token, or an unknown, revoked or expired one"),
    403: _resp("The token's role or area scope does not allow this"),
    422: _resp("Invalid parameters"),
    503: _resp("The data store is unavailable (retry later)"),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _resp("No such area or record")}
