"""Security headers on every response, and the two HTML pages that carry a per-request nonce.

Every response gets ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``,
``X-Frame-Options: DENY`` and a Content-Security-Policy with ``frame-ancestors 'none'``
(no page of the API may be framed by another site); API answers also
``Cache-Control: no-store`` (they are token-protected).

* The web app (``/``): :func:`app_csp`. Scripts only from the server itself or with the
  page's nonce: the map is pyvis HTML with inline scripts, shown in a sandboxed iframe
  through ``srcdoc``, and a ``srcdoc`` document inherits the policy of the page around it,
  so the web app stamps the page's nonce on the map's ``<script>`` tags (``app.js``) instead
  of allowing ``'unsafe-inline'`` scripts next to the token. Inline styles are allowed (the
  map and vis-network use them), images also from ``data:``/``blob:``.
* The API docs (``/docs``, only with ``NETMAP_API_DOCS=true``): Swagger UI from the
  package's own copy (``static/vendor/swagger-ui``, :data:`SWAGGER_UI_VERSION`), its
  start-up script with the nonce; nothing from another host.
* Everything else (JSON, files, the map HTML the web app fetches, static assets):
  :data:`API_CSP`, nothing may load.
"""

from __future__ import annotations

import inspect
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

__all__ = [
    "API_CSP",
    "SWAGGER_UI_PATH",
    "SWAGGER_UI_VERSION",
    "SecurityHeadersMiddleware",
    "app_csp",
    "app_page",
    "docs_csp",
    "docs_page",
    "new_nonce",
    "secure_handler",
]

#: The vendored Swagger UI (``swagger-ui-dist`` on npm); see its README.md to update it.
SWAGGER_UI_VERSION = "5.36.0"
SWAGGER_UI_PATH = "/static/vendor/swagger-ui"

#: Where index.html wants the page's nonce.
NONCE_PLACEHOLDER = "__CSP_NONCE__"

#: Responses that are not pages: nothing may load, nobody may frame them.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

_COMMON = (
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "style-src 'self' 'unsafe-inline'",
)


def new_nonce() -> str:
    """A fresh CSP nonce (one per page response)."""
    return secrets.token_urlsafe(18)


def app_csp(nonce: str) -> str:
    """The web app's policy. The map's iframe (``srcdoc``) inherits it: its inline scripts
    run with the nonce app.js stamps on them, its styles inline, its images from data:."""
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            *_COMMON,
        )
    )


def docs_csp(nonce: str) -> str:
    """The API docs' policy: Swagger UI from this server, its start-up script by nonce."""
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "img-src 'self' data:",
            "connect-src 'self'",
            *_COMMON,
        )
    )


def _page(html: str, csp: str) -> HTMLResponse:
    return HTMLResponse(
        html,
        headers={"Content-Security-Policy": csp, "Cache-Control": "no-store"},
    )


def app_page(index_html: Path) -> HTMLResponse:
    """The web app's page with a fresh nonce (app.js reads it to let the map's scripts run)."""
    nonce = new_nonce()
    html = index_html.read_text(encoding="utf-8").replace(NONCE_PLACEHOLDER, nonce)
    return _page(html, app_csp(nonce))


def docs_page(openapi_url: str, title: str) -> HTMLResponse:
    """Swagger UI from the package's own files, with a nonce on its start-up script."""
    nonce = new_nonce()
    page = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=title,
        swagger_js_url=f"{SWAGGER_UI_PATH}/swagger-ui-bundle.js?v={SWAGGER_UI_VERSION}",
        swagger_css_url=f"{SWAGGER_UI_PATH}/swagger-ui.css?v={SWAGGER_UI_VERSION}",
        swagger_favicon_url=f"{SWAGGER_UI_PATH}/favicon-32x32.png",
        oauth2_redirect_url=None,
        # no badge from the public validator (Swagger UI would send it the schema URL)
        swagger_ui_parameters={"validatorUrl": None, "persistAuthorization": False},
    )
    html = bytes(page.body).decode("utf-8").replace("<script", f'<script nonce="{nonce}"')
    return _page(html, docs_csp(nonce))


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _extra_headers(api: bool) -> list[tuple[str, str]]:
    extra = [
        ("Content-Security-Policy", API_CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
    ]
    if api:
        extra.append(("Cache-Control", "no-store"))
    return extra


class SecurityHeadersMiddleware:
    """The headers above on every response; a header the route set itself (the pages'
    policies, a cached file's ``Cache-Control``) is kept."""

    def __init__(self, app: ASGIApp, api_prefix: str = "/api/") -> None:
        self.app = app
        self.api_prefix = api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = str(scope.get("path", "")).startswith(self.api_prefix)
        extra = [(k.lower().encode(), v.encode()) for k, v in _extra_headers(api)]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                message["headers"] = headers + [(k, v) for k, v in extra if k not in names]
            await send(message)

        await self.app(scope, receive, with_headers)


Handler = Callable[[Request, Any], Response | Awaitable[Response]]


def secure_handler(handler: Handler, api_prefix: str = "/api/") -> Handler:
    """``handler`` (the app's last-resort 500 handler) with the headers above: Starlette
    calls it outside every middleware, so the middleware never sees that response."""

    async def with_headers(request: Request, exc: Any) -> Response:
        response = handler(request, exc)
        if inspect.isawaitable(response):
            response = await response
        assert isinstance(response, Response)
        api = request.url.path.startswith(api_prefix)
        for name, value in _extra_headers(api):
            if name not in response.headers:
                response.headers[name] = value
        return response

    return with_headers
