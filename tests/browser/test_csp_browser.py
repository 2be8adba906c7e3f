"""The Content-Security-Policy in headless Chromium: the web app's map (pyvis HTML with inline
scripts, in a sandboxed srcdoc iframe that inherits the page's policy) still draws, and the
API docs (``NETMAP_API_DOCS=true``) run from the package's own Swagger UI, both without a
single CSP violation and without reaching any other host.

Violations are caught twice: a ``securitypolicyviolation`` listener in every frame (an init
script) and Chromium's own console messages ("Refused to ...").
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).parent))
from test_webapp_browser import (  # one definition of the browser set-up
    CHROMIUM,
    CHROMIUM_ARGS,
    DISTRICT,
    SAMPLE,
    _free_port,
    _require_browser,
)

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  (window.__cspViolations = window.__cspViolations || []).push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${document.URL}`);
});
"""


@dataclass
class Served:
    url: str
    viewer: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    _require_browser()
    import uvicorn

    from netmap.api import create_app
    from netmap.auth import Role, token_store
    from netmap.config import Settings
    from netmap.ingest.pipeline import run_import
    from netmap.store.embedded import EmbeddedStore

    data_dir = tmp_path_factory.mktemp("csp") / "data"
    settings = Settings(
        data_dir=data_dir, store="embedded", pseudonym_key=SecretStr("csp-test"), api_docs=True
    )
    store = EmbeddedStore(settings.embedded_path)
    run_import(SAMPLE, store, settings=settings)
    store.close()
    viewer = token_store(settings).create(Role.VIEWER, name="csp")[1]
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the API server did not start")
        time.sleep(0.05)
    try:
        yield Served(url=f"http://127.0.0.1:{port}", viewer=viewer)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Watched:
    page: Any
    outside: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def violations(self) -> list[str]:
        found = [m for m in self.console if "Content Security Policy" in m or "Refused" in m]
        for frame in self.page.frames:
            found += frame.evaluate("window.__cspViolations || []")
        return found


@pytest.fixture
def watched(served: Served, tmp_path: Path) -> Iterator[Watched]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            locale="ja-JP",
            viewport={"width": 1280, "height": 900},
        )
        context.add_init_script(RECORD_VIOLATIONS)
        pg = context.pages[0] if context.pages else context.new_page()
        pg.set_default_timeout(60_000)
        w = Watched(page=pg)

        def only_loopback(route: Any) -> None:
            url = route.request.url
            if url.startswith((served.url, "blob:", "data:", "about:")):
                route.continue_()
            else:
                w.outside.append(url)
                route.abort()

        context.route("**/*", only_loopback)
        pg.on("console", lambda msg: w.console.append(f"{msg.type}: {msg.text}"))
        try:
            yield w
        finally:
            context.close()
    assert w.outside == [], f"the page tried to reach {w.outside}"


def test_the_map_draws_under_the_policy(watched: Watched, served: Served) -> None:
    page = watched.page
    response = page.goto(served.url + "/")
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    page.fill("#token-input", served.viewer)
    page.click("#signin-button")
    page.wait_for_selector("#app-view:not([hidden])")
    page.select_option("#district-select", DISTRICT)
    page.wait_for_function(
        "() => document.querySelector('#map-status').classList.contains('ok')", timeout=120_000
    )
    frame = page.query_selector("#map-frame").content_frame()
    assert frame is not None
    # polled from here: wait_for_function would need 'unsafe-eval' in the map's frame
    deadline = time.monotonic() + 60
    while not frame.evaluate("window.netmapReady === true"):
        assert watched.violations() == [], "the map did not draw"
        assert time.monotonic() < deadline, "the map never finished drawing"
        page.wait_for_timeout(100)
    page.frame_locator("#map-frame").locator("canvas").first.wait_for(state="visible")
    # the map's scripts ran with the page's nonce; nothing else was let in
    assert frame.evaluate("document.querySelectorAll('script[nonce]').length") >= 1
    assert watched.violations() == []


def test_the_api_docs_run_from_the_package(watched: Watched, served: Served) -> None:
    page = watched.page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(served.url + "/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "netmap API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() > 10
    assert any("/static/vendor/swagger-ui/swagger-ui-bundle.js" in u for u in requested)
    assert all(u.startswith((served.url, "data:", "blob:")) for u in requested), requested
    assert watched.violations() == []
