"""The FastAPI application: :func:`create_app` builds one, with its own state.

Nothing is created at import time: the store is opened on the first request that needs it
(and reopened after a failure), tokens live in ``<data_dir>/tokens.sqlite3``.
"""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

import netmap
from netmap.api.context import AppContext, StoreFactory
from netmap.api.errors import install_error_handlers
from netmap.api.ratelimit import RATE_LIMITED, RateLimiter, RenderLimiter, check_rate
from netmap.api.security import SecurityHeadersMiddleware, app_page, docs_page, secure_handler
from netmap.config import Settings, get_settings

log = logging.getLogger("netmap.api")

API_PREFIX = "/api/v1"
STATIC_DIR = Path(__file__).parent / "static"

#: Routers, mounted in this order under ``/api/v1`` (a missing or broken one fails loudly).
ROUTE_MODULES: tuple[str, ...] = (
    "health",
    "tokens",
    "areas",
    "needs",
    "organisations",
    "networks",
    "activities",
    "data",
    "imports",
    "analyses",
    "compare",
    "scenarios",
    "maps",
    "exports",
    "reports",
    "upkeep",
    "review",
)

#: Routers whose routes need no token (and so have no per-token rate limit).
PUBLIC_ROUTE_MODULES = frozenset({"health"})
#: Routers whose routes need a review session instead of a token (rate limited per link,
#: :mod:`netmap.api.routes.review`); their ``pages`` router serves the form page.
REVIEW_ROUTE_MODULES = frozenset({"review"})

TAGS = [
    {"name": "health", "description": "Liveness and readiness; no token needed."},
    {"name": "tokens", "description": "The signed-in token; token management (admin)."},
    {"name": "areas", "description": "The area hierarchy (every role; for the area picker)."},
    {"name": "needs", "description": "The need vocabulary (every role)."},
    {"name": "organisations", "description": "Organisations (analyst, admin)."},
    {"name": "networks", "description": "Existing networks (analyst, admin)."},
    {"name": "activities", "description": "Activities and services (analyst, admin)."},
    {"name": "data", "description": "Counts (analyst, admin); delete everything (admin)."},
    {"name": "imports", "description": "Upload a zip of CSV files (admin)."},
    {
        "name": "analyses",
        "description": "Gaps, isolated areas, bridges, flows. Viewers get small counts "
        "suppressed (`null` plus `suppressed: [fields]`); analysts and admins exact ones.",
    },
    {"name": "maps", "description": "Interactive HTML maps (every role)."},
    {"name": "exports", "description": "Diagrams and tables to download (every role)."},
    {"name": "reports", "description": "The district sheet, PDF (every role)."},
    {
        "name": "upkeep",
        "description": "Review links for organisations and the review queue (更新の確認): "
        "list, show, approve, reject (admin without area scope).",
    },
    {
        "name": "review",
        "description": "The review form of one organisation: needs the session cookie a "
        "review link (`/review/{secret}`) is exchanged for, never a token.",
    },
]

DESCRIPTION = """
netmap maps local community-support networks (organisations, activities, networks, areas,
referrals) and finds gaps, isolated areas and bridge organisations.

Every route except `/health`, `/ready` and the web app needs `Authorization: Bearer <token>`
(create one with `netmap token create --role viewer|analyst|admin [--area ID]`).
A token with an area sees only that area and its sub-areas; results are computed on the
whole city and then filtered to it. Errors are `{"ok": false, "error": "..."}`.
"""


class _BodyTooLarge(BaseException):
    """Raised from ``receive`` when an upload passes the limit (a BaseException so the
    form parser cannot turn it into a 400)."""


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class UploadLimitMiddleware:
    """413 for request bodies above ``max_bytes`` (by Content-Length, or while reading)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _reject(self, send: Send) -> None:
        mb = self.max_bytes // (1024 * 1024)
        body = json.dumps(
            {"ok": False, "error": f"the upload is larger than the limit ({mb} MB)"},
            ensure_ascii=False,
        ).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = False
                if too_big:
                    await self._reject(send)
                    return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if started:
                raise
            await self._reject(send)


def create_app(
    settings: Settings | None = None,
    store_factory: StoreFactory | None = None,
    *,
    warm: bool = False,
) -> FastAPI:
    """A new API application.

    ``settings``: defaults to :func:`netmap.config.get_settings`; ``store_factory``: how the
    store is opened (defaults to :func:`netmap.store.open_store`), called lazily on the
    first request that needs it and again after the store failed. ``warm`` (``netmap
    serve``): at start-up and after every write, export and index the graph and load the
    current release in the background, so the first viewer request does not pay for it
    (:meth:`AppContext.warm`).
    """
    s = settings or get_settings()
    ctx = AppContext(s, store_factory)
    ctx.auto_warm = warm

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            ctx.warm_in_background()
        try:
            yield
        finally:
            ctx.close()

    app = FastAPI(
        title="netmap API",
        version=getattr(netmap, "__version__", "0"),
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,  # served below from the package's own Swagger UI, when turned on
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        openapi_url="/openapi.json",
    )
    app.state.netmap = ctx
    app.state.rate_limiter = RateLimiter(s.api_rate_per_minute)
    app.state.render_limiter = RenderLimiter(s.api_max_concurrent_renders)
    install_error_handlers(app)
    # the last-resort 500 answer is sent outside every middleware: give it the headers too
    app.exception_handlers[Exception] = secure_handler(
        app.exception_handlers[Exception], api_prefix=API_PREFIX
    )

    _include_routers(app)

    @app.get("/", include_in_schema=False)
    def web_app() -> HTMLResponse:
        return app_page(STATIC_DIR / "index.html")

    if s.api_docs:

        @app.get("/docs", include_in_schema=False)
        def api_docs() -> HTMLResponse:
            return docs_page(openapi_url=app.openapi_url or "/openapi.json", title=app.title)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_middleware(app, s)
    return app


def _include_routers(app: FastAPI) -> None:
    """Every module of :data:`ROUTE_MODULES` (a missing one fails); the rate limit on all
    but the public and review ones."""
    for name in ROUTE_MODULES:
        module = importlib.import_module(f"netmap.api.routes.{name}")
        if name in PUBLIC_ROUTE_MODULES | REVIEW_ROUTE_MODULES:
            app.include_router(module.router, prefix=API_PREFIX)
            if name in REVIEW_ROUTE_MODULES:
                app.include_router(module.pages)
        else:
            app.include_router(
                module.router,
                prefix=API_PREFIX,
                dependencies=[Depends(check_rate)],
                responses=RATE_LIMITED,
            )


def _add_middleware(app: FastAPI, s: Settings) -> None:
    """CORS (when configured), gzip, the upload cap and, outermost, the security headers
    on every answer."""
    if s.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(s.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    from fastapi.middleware.gzip import GZipMiddleware

    app.add_middleware(GZipMiddleware, minimum_size=4096)  # maps are large, compress well
    app.add_middleware(UploadLimitMiddleware, max_bytes=s.max_upload_mb * 1024 * 1024)
    app.add_middleware(SecurityHeadersMiddleware, api_prefix=API_PREFIX)
