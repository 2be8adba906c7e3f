"""A store that cannot be reached gives 503 with a clear message, and the API recovers by
itself when it comes back. No stack trace ever reaches a client."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from netmap.api import create_app
from netmap.api.deps import get_store
from netmap.auth import Role, token_store
from netmap.config import Settings
from netmap.store.base import GraphStore
from netmap.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = Path("/dev/null/netmap/netmap.sqlite3")  # not creatable, even by root

DATA_ROUTES = [
    "/api/v1/areas",
    "/api/v1/organisations",
    "/api/v1/networks",
    "/api/v1/activities",
    "/api/v1/needs",
    "/api/v1/stats",
    "/api/v1/analyses/gaps",
    "/api/v1/analyses/isolated",
    "/api/v1/analyses/bridges",
    "/api/v1/analyses/flows",
]


def _wait_ready(c: TestClient, seconds: float = 10) -> int:
    """Poll /ready until 200 (a failed store is reopened at most once a second)."""
    deadline = time.monotonic() + seconds
    status = 0
    while time.monotonic() < deadline:
        status = c.get("/api/v1/ready").status_code
        if status == 200:
            break
        time.sleep(0.25)
    return status


def _assert_503(r: Any) -> None:
    assert r.status_code == 503, r.text
    body = r.json()
    assert body["ok"] is False
    assert "data store is unavailable" in body["error"]
    assert r.headers.get("retry-after") == "5"
    assert "Traceback" not in r.text


def test_embedded_store_unreachable_then_back(tmp_path: Path, api_builder: Any) -> None:
    # load the sample into a good file first (through the shared fixture builder)
    gen = api_builder(tmp_path / "data")
    api = next(gen)
    settings: Settings = api.settings
    gen.close()
    where = {"path": UNREACHABLE}

    def factory(s: Settings) -> GraphStore:
        return EmbeddedStore(where["path"])

    admin = {"Authorization": f"Bearer {api.tokens[('admin', None)]}"}
    with TestClient(
        create_app(settings, store_factory=factory), raise_server_exceptions=False
    ) as c:
        assert c.get("/api/v1/health").status_code == 200
        _assert_503(c.get("/api/v1/ready"))
        for path in DATA_ROUTES:
            _assert_503(c.get(path, headers=admin))
        # signing in still works (tokens live apart from the graph)
        assert c.get("/api/v1/me", headers=admin).status_code == 200
        # authentication comes first: no token is still 401, not 503
        assert c.get("/api/v1/areas").status_code == 401
        where["path"] = settings.embedded_path  # the store comes back
        assert _wait_ready(c) == 200
        for path in DATA_ROUTES:
            assert c.get(path, headers=admin).status_code == 200, path


def test_unusable_data_dir_is_503_not_500(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x", encoding="utf-8")
    settings = Settings(data_dir=not_a_dir / "data", store="embedded")
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        assert c.get("/api/v1/health").status_code == 200
        _assert_503(c.get("/api/v1/ready"))
        _assert_503(c.get("/api/v1/areas", headers={"Authorization": "Bearer netmap_x"}))


class _Exploding:
    name = "exploding"

    def __getattr__(self, item: str) -> Callable[..., Any]:
        def boom(*a: Any, **k: Any) -> Any:
            raise RuntimeError("secret internal detail /etc/passwd")

        return boom


def test_unexpected_errors_are_500_without_details(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, store="embedded")
    _, secret = token_store(settings).create(Role.ADMIN)
    app = create_app(settings)
    app.dependency_overrides[get_store] = lambda: _Exploding()
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/v1/areas", headers={"Authorization": f"Bearer {secret}"})
        assert r.status_code == 500
        assert r.json() == {"ok": False, "error": "internal error: the server log has the details"}
        assert "secret" not in r.text and "Traceback" not in r.text


# --------------------------------------------------------------------------- Neo4j


def _neo4j(cmd: str) -> None:
    subprocess.run([str(ROOT / "scripts" / "neo4j-local"), cmd], check=True, timeout=300)


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_down_is_503_and_the_api_recovers(
    neo4j_store: GraphStore, tmp_path: Path, sample_dir: Path
) -> None:
    """Stops the real Neo4j while the API runs, then restarts it (always, in ``finally``)."""
    from netmap.ingest.pipeline import run_import

    settings = Settings(data_dir=tmp_path, store="neo4j")
    run_import(sample_dir, neo4j_store, settings=settings)
    _, secret = token_store(settings).create(Role.ANALYST)
    h = {"Authorization": f"Bearer {secret}"}
    app = create_app(settings)  # the default factory: a Neo4jStore from the settings
    with TestClient(app, raise_server_exceptions=False) as c:
        assert c.get("/api/v1/ready").status_code == 200
        before = c.get("/api/v1/organisations", headers=h).json()
        assert before["total"] == 12
        try:
            _neo4j("stop")
            _assert_503(c.get("/api/v1/ready"))
            # a request answers 503 after NETMAP_API_NEO4J_RETRY_SECONDS (3), not after
            # the driver's 30 s of retrying (it took 30-56 s per request before)
            started = time.monotonic()
            # a new data version cannot be read: analyses and lists are unavailable too
            _assert_503(c.get("/api/v1/analyses/gaps", headers=h))
            _assert_503(c.get("/api/v1/organisations", headers=h))
            assert time.monotonic() - started < 25
        finally:
            _neo4j("start")
        assert _wait_ready(c, 60) == 200
        assert c.get("/api/v1/organisations", headers=h).json() == before
        assert c.get("/api/v1/analyses/gaps", headers=h).status_code == 200
