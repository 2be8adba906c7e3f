"""Tokens: stored hashed, shown once, revocable (also from the CLI while the API runs)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from netmap.auth import TOKEN_FILE, Role, TokenStore, hash_token
from netmap.cli import app as cli_app
from netmap.config import get_settings


def test_token_store_keeps_only_hashes(tmp_path: Path) -> None:
    store = TokenStore(tmp_path / TOKEN_FILE)
    info, secret = store.create(Role.ANALYST, area_id="kohoku", name="港北区 分析")
    assert secret.startswith("netmap_") and len(secret) > 40
    raw = (tmp_path / TOKEN_FILE).read_bytes()
    assert secret.encode() not in raw
    with sqlite3.connect(tmp_path / TOKEN_FILE) as conn:
        stored = conn.execute("SELECT hash, role, area_id, name FROM tokens").fetchall()
    assert stored == [(hash_token(secret), "analyst", "kohoku", "港北区 分析")]
    assert store.verify(secret) == info
    assert [t.id for t in store.list()] == [info.id]
    store.revoke(info.id)
    assert store.verify(secret) is None
    assert store.list()[0].revoked is not None
    assert store.list(include_revoked=False) == []
    with pytest.raises(Exception, match="no token"):
        store.revoke("nope")


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_cli_token_create_list_revoke(cli_env: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(
        cli_app, ["token", "create", "--role", "viewer", "--area", "kohoku", "--name", "緑区"]
    )
    assert r.exit_code == 0, r.output
    token = r.stdout.strip().splitlines()[-1]
    assert r.stdout.strip() == token  # the token alone on stdout; the rest on stderr
    assert token.startswith("netmap_")
    info = TokenStore(cli_env / TOKEN_FILE).verify(token)
    assert info is not None
    assert (info.role, info.area_id, info.name) == (Role.VIEWER, "kohoku", "緑区")

    r = runner.invoke(cli_app, ["token", "list", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert token not in r.stdout
    assert '"role": "viewer"' in r.stdout and "緑区" in r.stdout

    r = runner.invoke(cli_app, ["token", "revoke", info.id])
    assert r.exit_code == 0, r.output
    assert TokenStore(cli_env / TOKEN_FILE).verify(token) is None

    r = runner.invoke(cli_app, ["token", "create", "--role", "superuser"])
    assert r.exit_code == 2
    r = runner.invoke(cli_app, ["token", "revoke", "missing"])
    assert r.exit_code == 1
    assert "Traceback" not in r.output


def test_serve_is_registered() -> None:
    r = CliRunner().invoke(cli_app, ["serve", "--help"])
    assert r.exit_code == 0
    assert "--port" in r.stdout and "--host" in r.stdout


def test_tokens_api(fresh_api: Any) -> None:
    api = fresh_api
    h = api.headers("admin")
    r = api.client.post(
        "/api/v1/tokens",
        json={"role": "viewer", "area_id": "kohoku-nippa", "name": "新羽"},
        headers=h,
    )
    assert r.status_code == 201, r.text
    created = r.json()
    new = {"Authorization": f"Bearer {created['token']}"}
    me = api.client.get("/api/v1/me", headers=new).json()
    assert (me["role"], me["area_id"], me["area_name"]) == ("viewer", "kohoku-nippa", "新羽地区")
    listed = api.client.get("/api/v1/tokens", headers=h).json()
    assert created["id"] in {t["id"] for t in listed}
    assert all("token" not in t and "hash" not in t for t in listed)
    r = api.client.delete(f"/api/v1/tokens/{created['id']}", headers=h)
    assert (r.status_code, r.json()["active"]) == (200, False)
    assert api.client.get("/api/v1/me", headers=new).status_code == 401
    assert api.client.delete("/api/v1/tokens/unknown", headers=h).status_code == 404
    r = api.client.post("/api/v1/tokens", json={"role": "root"}, headers=h)
    assert r.status_code == 422


def test_revoking_from_the_cli_takes_effect_in_a_running_api(fresh_api: Any) -> None:
    api = fresh_api
    store = TokenStore(Path(api.settings.data_dir) / TOKEN_FILE)
    info, secret = store.create(Role.ANALYST)
    h = {"Authorization": f"Bearer {secret}"}
    assert api.client.get("/api/v1/organisations", headers=h).status_code == 200
    store.revoke(info.id)
    assert api.client.get("/api/v1/organisations", headers=h).status_code == 401
