"""The per-token rate limit and the cap on concurrent renders: 429 with ``Retry-After`` and
the API's error body. Deterministic: the rate limiter's clock is frozen, and a render is
held open with threading events (no sleeps)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi import HTTPException

from netmap.api.ratelimit import RENDER_RETRY_AFTER, RateLimiter, RenderLimiter

HELD = "kohoku-hiyoshi"  # the area whose map render the tests hold open
OTHER = "kohoku-tsunashima"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def limited(tmp_path: Path, api_builder: Callable[..., Iterator[Any]]) -> Iterator[Any]:
    """An app allowing 3 requests a minute per token, on a frozen clock."""
    gen = api_builder(tmp_path / "data", load=False, api_rate_per_minute=3)
    api = next(gen)
    clock = Clock()
    api.client.app.state.rate_limiter.clock = clock
    api.clock = clock
    yield api
    gen.close()


def _assert_429(r: Any, retry_after: int | None = None) -> None:
    assert r.status_code == 429, r.text
    body = r.json()
    assert body["ok"] is False and "try again in" in body["error"]
    seconds = int(r.headers["retry-after"])
    assert seconds >= 1
    if retry_after is not None:
        assert seconds == retry_after
    # the security headers are there too
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_a_burst_over_the_rate_gets_429_with_retry_after(limited: Any) -> None:
    me = limited.headers("viewer")
    for _ in range(3):
        assert limited.client.get("/api/v1/me", headers=me).status_code == 200
    r = limited.client.get("/api/v1/me", headers=me)
    _assert_429(r, retry_after=20)  # 3 a minute: one every 20 s
    assert "3 a minute" in r.json()["error"]
    # every route that needs a token counts, not only /me
    _assert_429(limited.client.get("/api/v1/areas", headers=me))

    # another token is not affected; neither are the health routes (no token)
    other = limited.headers("analyst")
    assert limited.client.get("/api/v1/me", headers=other).status_code == 200
    assert limited.client.get("/api/v1/health").status_code == 200

    # 20 s later the token may make one more request
    limited.clock.now += 20
    assert limited.client.get("/api/v1/me", headers=me).status_code == 200
    _assert_429(limited.client.get("/api/v1/me", headers=me))


def test_requests_without_a_valid_token_are_refused_and_not_counted(limited: Any) -> None:
    for _ in range(5):
        assert limited.client.get("/api/v1/me").status_code == 401
        r = limited.client.get("/api/v1/me", headers={"Authorization": "Bearer netmap_nope"})
        assert r.status_code == 401
    for _ in range(3):
        assert limited.client.get("/api/v1/me", headers=limited.headers("admin")).status_code == 200


def test_the_429_is_documented(limited: Any) -> None:
    doc = limited.client.get("/openapi.json").json()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            documented = "429" in op["responses"]
            assert documented == (path not in {"/api/v1/health", "/api/v1/ready"}), (path, method)


def test_no_limit_with_zero(tmp_path: Path, api_builder: Callable[..., Iterator[Any]]) -> None:
    gen = api_builder(tmp_path / "data", load=False, api_rate_per_minute=0)
    api = next(gen)
    try:
        for _ in range(50):
            assert api.client.get("/api/v1/me", headers=api.headers("viewer")).status_code == 200
    finally:
        gen.close()


def test_the_bucket_refills_up_to_a_minutes_worth() -> None:
    clock = Clock()
    limiter = RateLimiter(60, clock=clock)
    assert all(limiter.take("t") == 0 for _ in range(60))
    assert limiter.take("t") == pytest.approx(1.0)
    clock.now += 3600  # an hour idle saves up one minute's worth, not more
    assert all(limiter.take("t") == 0 for _ in range(60))
    assert limiter.take("t") > 0


# ---------------------------------------------------------------- concurrent renders


@pytest.fixture
def one_render(
    tmp_path: Path, api_builder: Callable[..., Iterator[Any]], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """An app drawing one thing at a time, whose map render of ``HELD`` blocks until
    ``api.release`` is set (``api.started`` is set once it runs)."""
    import netmap.service.maps as maps

    real = maps.render_map
    started, release = threading.Event(), threading.Event()

    def held_render(*args: Any, **kw: Any) -> Path:
        if kw.get("area") == HELD:
            started.set()
            assert release.wait(timeout=60), "the test never released the render"
        return real(*args, **kw)  # type: ignore[no-any-return]

    monkeypatch.setattr(maps, "render_map", held_render)
    gen = api_builder(tmp_path / "data", api_max_concurrent_renders=1)
    api = next(gen)
    api.client.app.state.render_limiter.wait = 0  # refuse at once: nothing timed
    api.started, api.release = started, release
    try:
        yield api
    finally:
        release.set()
        gen.close()


def test_renders_over_the_cap_get_429(one_render: Any) -> None:
    api = one_render
    viewer = api.headers("viewer")
    with ThreadPoolExecutor(max_workers=1) as pool:
        held = pool.submit(api.client.get, f"/api/v1/maps/{HELD}", headers=viewer)
        assert api.started.wait(timeout=60), "the first render never started"

        # while it draws, every other render is refused: maps, diagrams, sheets
        for path in (
            f"/api/v1/maps/{OTHER}",
            f"/api/v1/exports/{OTHER}.png",
            f"/api/v1/exports/{OTHER}.svg",
            f"/api/v1/exports/{OTHER}.pdf",
            f"/api/v1/reports/{OTHER}.pdf",
        ):
            r = api.client.get(path, headers=api.headers("analyst"))
            _assert_429(r, retry_after=RENDER_RETRY_AFTER)
            assert "busy" in r.json()["error"], path
        # files and tables are not renders
        for path in (f"/api/v1/exports/{OTHER}.csv", f"/api/v1/exports/{OTHER}.graphml"):
            assert api.client.get(path, headers=viewer).status_code == 200, path

        api.release.set()
        first = held.result(timeout=60)
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/html")
    # the slot is free again; a cached answer takes no slot at all
    assert api.client.get(f"/api/v1/maps/{OTHER}", headers=viewer).status_code == 200
    assert api.client.get(f"/api/v1/exports/{OTHER}.png", headers=viewer).status_code == 200
    assert api.client.get(f"/api/v1/maps/{HELD}", headers=viewer).status_code == 200


def test_a_render_waits_briefly_for_a_slot() -> None:
    limiter = RenderLimiter(1, wait=60)
    got_slot = threading.Event()

    def second() -> None:
        with limiter.slot():
            got_slot.set()

    with limiter.slot():
        t = threading.Thread(target=second)
        t.start()
        assert not got_slot.is_set()
    t.join(timeout=60)
    assert got_slot.is_set()


def test_a_render_without_a_slot_is_refused_at_once() -> None:
    limiter = RenderLimiter(1, wait=0)
    with limiter.slot(), pytest.raises(HTTPException) as info, limiter.slot():
        pass
    assert info.value.status_code == 429
    with limiter.slot():  # released after the refusal
        pass
