"""Security headers on every answer (pages, API, errors), the web app's CSP with its nonce,
and the API docs: off by default, and when on served from the package's own Swagger UI."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from netmap.api.deps import get_store
from netmap.api.security import API_CSP, SWAGGER_UI_VERSION
from netmap.config import Settings

VENDOR = Path(__file__).resolve().parents[2] / "src/netmap/api/static/vendor/swagger-ui"


def _directives(csp: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def _assert_common(response: Any) -> None:
    h = response.headers
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"
    assert h["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in h["content-security-policy"]


@pytest.fixture
def bare_api(tmp_path: Path, api_builder: Callable[..., Iterator[Any]]) -> Iterator[Any]:
    """No data loaded, uploads up to 1 MB."""
    gen = api_builder(tmp_path / "data", load=False, max_upload_mb=1)
    yield next(gen)
    gen.close()


@pytest.fixture(scope="module")
def docs_api(
    tmp_path_factory: pytest.TempPathFactory, api_builder: Callable[..., Iterator[Any]]
) -> Iterator[Any]:
    gen = api_builder(tmp_path_factory.mktemp("docs-on"), load=False, api_docs=True)
    yield next(gen)
    gen.close()


def test_the_defaults() -> None:
    fields = Settings.model_fields
    assert fields["api_docs"].default is False
    assert fields["api_rate_per_minute"].default == 120
    assert fields["api_max_concurrent_renders"].default == 2


# ---------------------------------------------------------------- the web app


def test_web_app_page_has_its_policy_with_a_fresh_nonce(api: Any) -> None:
    first = api.client.get("/")
    assert first.status_code == 200
    _assert_common(first)
    assert first.headers["cache-control"] == "no-store"
    csp = _directives(first.headers["content-security-policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    # scripts: only the server's own files and the page's nonce, never inline ones
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    nonces = [s for s in csp["script-src"] if s.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    assert f'<script src="/static/app.js" nonce="{nonce}" defer>' in first.text
    assert "__CSP_NONCE__" not in first.text
    # the map (pyvis HTML in a srcdoc iframe, which inherits this policy) needs these
    assert "'unsafe-inline'" in csp["style-src"]
    assert "data:" in csp["img-src"]
    second = api.client.get("/")
    assert second.headers["content-security-policy"] != first.headers["content-security-policy"]


def test_static_files_have_the_headers(api: Any) -> None:
    for path in ("/static/app.js", "/static/app.css"):
        r = api.client.get(path)
        assert r.status_code == 200, path
        _assert_common(r)
        assert r.headers["content-security-policy"] == API_CSP


def test_app_js_lets_only_the_maps_scripts_run_with_the_nonce() -> None:
    js = (VENDOR.parents[1] / "app.js").read_text(encoding="utf-8")
    assert "document.currentScript.nonce" in js
    assert "srcdoc = withNonce(html)" in js


# ---------------------------------------------------------------- API answers and errors


def test_api_answers_have_the_headers(api: Any) -> None:
    for path, headers in (
        ("/api/v1/health", {}),
        ("/api/v1/me", api.headers("viewer")),
        ("/api/v1/areas", api.headers("viewer")),
        ("/openapi.json", {}),
    ):
        r = api.client.get(path, headers=headers)
        assert r.status_code == 200, path
        _assert_common(r)
        assert r.headers["content-security-policy"] == API_CSP, path
        if path.startswith("/api/v1"):
            assert r.headers["cache-control"] == "no-store", path


def test_the_map_fetched_by_the_web_app_is_not_a_page_of_its_own(api: Any) -> None:
    r = api.client.get("/api/v1/maps/kohoku-hiyoshi", headers=api.headers("viewer"))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    _assert_common(r)
    # opened directly it would run nothing; the web app puts it in its own sandboxed frame
    assert r.headers["content-security-policy"] == API_CSP


@pytest.mark.parametrize(
    ("method", "path", "kw", "code"),
    [
        ("GET", "/api/v1/me", {}, 401),
        ("GET", "/api/v1/nowhere", {"auth": True}, 404),
        ("GET", "/nowhere", {}, 404),
        ("GET", "/api/v1/exports/kohoku-hiyoshi.png?dpi=1", {"auth": True}, 422),
        ("GET", "/api/v1/tokens", {"auth": True}, 403),
    ],
)
def test_error_answers_have_the_headers(
    api: Any, method: str, path: str, kw: dict[str, Any], code: int
) -> None:
    headers = api.headers("viewer") if kw.get("auth") else {}
    r = api.client.request(method, path, headers=headers)
    assert r.status_code == code
    assert r.json()["ok"] is False
    _assert_common(r)


def test_an_upload_over_the_limit_has_the_headers(bare_api: Any) -> None:
    big = b"x" * (1024 * 1024 + 1)
    r = bare_api.client.post(
        "/api/v1/import",
        headers=bare_api.headers("admin"),
        files={"file": ("data.zip", big, "application/zip")},
    )
    assert r.status_code == 413
    assert r.json()["ok"] is False
    _assert_common(r)


def test_an_unexpected_error_has_the_headers(bare_api: Any) -> None:
    def broken() -> Any:
        raise RuntimeError("boom")

    app = bare_api.client.app
    app.dependency_overrides[get_store] = broken
    try:
        r = bare_api.client.get("/api/v1/areas", headers=bare_api.headers("viewer"))
    finally:
        app.dependency_overrides.pop(get_store, None)
    assert r.status_code == 500
    assert r.json() == {"ok": False, "error": "internal error: the server log has the details"}
    _assert_common(r)
    assert r.headers["cache-control"] == "no-store"


# ---------------------------------------------------------------- API docs


def test_docs_are_off_by_default_but_the_schema_is_served(api: Any) -> None:
    for path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        r = api.client.get(path)
        assert r.status_code == 404, path
        _assert_common(r)
    r = api.client.get("/openapi.json")
    assert r.status_code == 200
    assert r.json()["info"]["title"] == "netmap API"


def test_docs_when_on_load_only_the_packages_own_assets(docs_api: Any) -> None:
    r = docs_api.client.get("/docs")
    assert r.status_code == 200
    _assert_common(r)
    html = r.text
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    assert "'validatorUrl': null" in html.replace('"', "'")
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith(f"swagger-ui-bundle.js?v={SWAGGER_UI_VERSION}") for a in assets)
    assert any(a.endswith(f"swagger-ui.css?v={SWAGGER_UI_VERSION}") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/vendor/swagger-ui/"), asset
        a = docs_api.client.get(asset)
        assert a.status_code == 200, asset
        assert a.content, asset
    # the start-up script runs by nonce; no inline script otherwise
    csp = _directives(r.headers["content-security-policy"])
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    (nonce,) = [s[len("'nonce-") : -1] for s in csp["script-src"] if s.startswith("'nonce-")]
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(f'nonce="{nonce}"' in s for s in scripts)
    assert docs_api.client.get("/redoc").status_code == 404
    assert docs_api.client.get("/openapi.json").status_code == 200


def test_the_vendored_swagger_ui_is_the_pinned_one() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    assert f"**{SWAGGER_UI_VERSION}**" in readme
    pinned = dict(re.findall(r"\| `([^`]+)` \| `([0-9a-f]{64})` \|", readme))
    assert set(pinned) == {"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"}
    for name, digest in pinned.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert "Apache License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert (VENDOR / "NOTICE").is_file()
    assert (VENDOR / "swagger-ui-bundle.js.LICENSE.txt").is_file()
