"""Tokens: stored hashed, shown once, revocable (also from the CLI while the API runs)."""

from __future__ import annotations

import hmac
import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from netmap.auth import TOKEN_FILE, Role, TokenStore, hash_token, parse_expiry
from netmap.cli import app as cli_app
from netmap.config import Settings, get_settings
from netmap.errors import UsageError


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
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_cli_token_create_list_revoke(cli_env: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(
        cli_app,
        # the store is empty: the area is not known yet
        [
            "token",
            "create",
            "--role",
            "viewer",
            "--area",
            "kohoku",
            "--name",
            "緑区",
            "--allow-unknown-area",
        ],
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
    # both are in the activity log, with the admin token that did it, never a secret
    from netmap import activity

    entries = activity.read(api.settings)
    made = [e for e in entries if e["action"] == "token.create" and e["token"] == "新羽"]
    gone = [e for e in entries if e["action"] == "token.revoke" and e["token"] == "新羽"]
    assert len(made) == 1 and len(gone) == 1
    assert made[0]["actor"].startswith("token:") and made[0]["area"] == "kohoku-nippa"
    assert made[0]["role"] == "viewer" and gone[0]["token_id"] == created["id"]
    assert created["token"] not in (api.settings.data_dir / activity.LOG_FILE).read_text("utf-8")


def test_revoking_from_the_cli_takes_effect_in_a_running_api(fresh_api: Any) -> None:
    api = fresh_api
    store = TokenStore(Path(api.settings.data_dir) / TOKEN_FILE)
    info, secret = store.create(Role.ANALYST)
    h = {"Authorization": f"Bearer {secret}"}
    assert api.client.get("/api/v1/organisations", headers=h).status_code == 200
    store.revoke(info.id)
    assert api.client.get("/api/v1/organisations", headers=h).status_code == 401


# --- issue 13 item 3: area scope, expiry, last use, lookup, migration, file modes ---

FIXED_NOW = datetime(2030, 1, 15, 12, 0, 0, tzinfo=UTC)


class Clock:
    """A settable clock for the token store."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.mark.parametrize("area", ["", "  ", "\t\n"])
def test_store_refuses_a_blank_area(tmp_path: Path, area: str) -> None:
    store = TokenStore(tmp_path / TOKEN_FILE)
    with pytest.raises(UsageError, match="blank"):
        store.create(Role.VIEWER, area_id=area)
    assert store.list() == []


def test_store_refuses_an_unknown_role_as_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown role"):
        TokenStore(tmp_path / TOKEN_FILE).create("root")


@pytest.mark.parametrize("area", ["", "  ", "\u3000"])
def test_api_refuses_a_blank_area(fresh_api: Any, area: str) -> None:
    api = fresh_api
    h = api.headers("admin")
    before = len(api.client.get("/api/v1/tokens", headers=h).json())
    r = api.client.post("/api/v1/tokens", json={"role": "viewer", "area_id": area}, headers=h)
    assert r.status_code == 422, r.text
    assert "blank" in r.json()["error"]
    assert len(api.client.get("/api/v1/tokens", headers=h).json()) == before


def test_api_refuses_an_unknown_area(fresh_api: Any) -> None:
    api = fresh_api
    h = api.headers("admin")
    before = len(api.client.get("/api/v1/tokens", headers=h).json())
    r = api.client.post("/api/v1/tokens", json={"role": "viewer", "area_id": "atlantis"}, headers=h)
    assert r.status_code == 422, r.text
    assert "'atlantis'" in r.json()["error"]
    assert len(api.client.get("/api/v1/tokens", headers=h).json()) == before
    # a known area, with spaces around it, is kept trimmed
    r = api.client.post(
        "/api/v1/tokens", json={"role": "viewer", "area_id": " kohoku-nippa "}, headers=h
    )
    assert r.status_code == 201, r.text
    assert r.json()["area_id"] == "kohoku-nippa"


@pytest.mark.parametrize("area", ["", "   "])
def test_cli_refuses_a_blank_area(cli_env: Path, area: str) -> None:
    r = CliRunner().invoke(cli_app, ["token", "create", "--role", "viewer", "--area", area])
    assert r.exit_code == 2, r.output
    assert "blank" in r.output
    assert "netmap_" not in r.stdout
    assert TokenStore(cli_env / TOKEN_FILE).list() == []


@pytest.fixture
def cli_loaded(cli_env: Path, sample_dir: Path) -> Path:
    """The CLI's data dir with the sample imported (so areas are known)."""
    from netmap.ingest.pipeline import run_import
    from netmap.store import open_store

    settings = Settings(
        data_dir=cli_env, store="embedded", pseudonym_key=SecretStr("cli-token-test-key")
    )
    store = open_store(settings)
    try:
        run_import(sample_dir, store, settings=settings)
    finally:
        store.close()
    return cli_env


def test_cli_refuses_an_unknown_area_unless_allowed(cli_loaded: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(cli_app, ["token", "create", "--role", "viewer", "--area", "atlantis"])
    assert r.exit_code == 2, r.output
    assert "'atlantis'" in r.output and "--allow-unknown-area" in r.output
    assert TokenStore(cli_loaded / TOKEN_FILE).list() == []

    r = runner.invoke(
        cli_app,
        ["token", "create", "--role", "viewer", "--area", "atlantis", "--allow-unknown-area"],
    )
    assert r.exit_code == 0, r.output
    assert "warning" in r.stderr and "'atlantis'" in r.stderr
    info = TokenStore(cli_loaded / TOKEN_FILE).verify(r.stdout.strip())
    assert info is not None and info.area_id == "atlantis"

    r = runner.invoke(cli_app, ["token", "create", "--role", "viewer", "--area", "kohoku"])
    assert r.exit_code == 0, r.output
    assert "warning" not in r.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90d", FIXED_NOW + timedelta(days=90)),
        ("1d", FIXED_NOW + timedelta(days=1)),
        (" 2W ", FIXED_NOW + timedelta(weeks=2)),
        ("2030-03-31", datetime(2030, 3, 31, tzinfo=UTC)),
        ("2030-03-31T09:00:00+09:00", datetime(2030, 3, 31, 0, 0, tzinfo=UTC)),
    ],
)
def test_parse_expiry(text: str, expected: datetime) -> None:
    assert parse_expiry(text, now=FIXED_NOW) == expected


@pytest.mark.parametrize(
    "text",
    ["", "soon", "0d", "-3d", "90", "3m", "2029-12-31", "2030-01-15", "99999d", "2050-01-01"],
)
def test_parse_expiry_refuses(text: str) -> None:
    with pytest.raises(UsageError, match="expir"):
        parse_expiry(text, now=FIXED_NOW)


def test_store_expiry_and_last_use(tmp_path: Path) -> None:
    clock = Clock()
    store = TokenStore(tmp_path / TOKEN_FILE, clock=clock)
    info, secret = store.create(Role.VIEWER, expires=FIXED_NOW + timedelta(days=1))
    assert info.expires == "2030-01-16T12:00:00+00:00"
    assert info.last_used is None

    clock.now = FIXED_NOW + timedelta(seconds=5)
    used = store.verify(secret)
    assert used is not None and used.last_used == "2030-01-15T12:00:05+00:00"
    assert store.get(info.id).last_used == "2030-01-15T12:00:05+00:00"

    # at most one write a minute per token
    clock.now = FIXED_NOW + timedelta(seconds=50)
    assert store.verify(secret) is not None
    assert store.get(info.id).last_used == "2030-01-15T12:00:05+00:00"
    clock.now = FIXED_NOW + timedelta(seconds=66)
    assert store.verify(secret) is not None
    assert store.get(info.id).last_used == "2030-01-15T12:01:06+00:00"

    # expired (by the store's clock): refused by verify, still found and listed
    clock.now = FIXED_NOW + timedelta(days=1)
    assert store.verify(secret) is None
    found = store.find(secret)
    assert found is not None and store.is_expired(found)
    assert store.get(info.id).last_used == "2030-01-15T12:01:06+00:00"  # not a use
    listed = store.list()[0].as_dict()
    assert listed["expires"] == "2030-01-16T12:00:00+00:00"
    assert listed["last_used"] == "2030-01-15T12:01:06+00:00"

    with pytest.raises(UsageError, match="expir"):
        store.create(Role.VIEWER, expires=FIXED_NOW)


def test_verify_compares_hashes_in_constant_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netmap.auth

    calls: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return real(a, b)

    store = TokenStore(tmp_path / TOKEN_FILE)
    _, secret = store.create(Role.VIEWER)
    monkeypatch.setattr(netmap.auth.hmac, "compare_digest", spy)
    assert store.verify(secret) is not None
    assert calls == [(hash_token(secret), hash_token(secret))]
    assert store.verify("netmap_" + "x" * 43) is None


#: the schema of tokens.sqlite3 before expiry and last use (netmap before issue 13)
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    id      TEXT PRIMARY KEY,
    hash    TEXT NOT NULL UNIQUE,
    role    TEXT NOT NULL,
    area_id TEXT,
    name    TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    revoked TEXT
);
"""


def test_an_old_token_store_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / TOKEN_FILE
    secret = "netmap_" + "old" * 15
    with sqlite3.connect(path) as conn:
        conn.executescript(OLD_SCHEMA)
        conn.execute(
            "INSERT INTO tokens(id, hash, role, area_id, name, created) VALUES (?,?,?,?,?,?)",
            (
                "0ld1d000",
                hash_token(secret),
                "analyst",
                "kohoku",
                "old",
                "2024-04-01T00:00:00+00:00",
            ),
        )
    conn.close()
    store = TokenStore(path)
    info = store.verify(secret)
    assert info is not None
    assert (info.id, info.role, info.area_id, info.expires) == (
        "0ld1d000",
        "analyst",
        "kohoku",
        None,
    )
    assert info.last_used is not None
    with sqlite3.connect(path) as conn:
        cols = {r[1] for r in conn.execute("PRAGMA table_info(tokens)")}
    conn.close()
    assert {"expires", "last_used"} <= cols
    # a second store on the same (migrated) file, and new tokens with an expiry
    again = TokenStore(path)
    assert again.verify(secret) is not None
    _, new = again.create(Role.VIEWER, expires=datetime.now(UTC) + timedelta(days=3))
    assert again.verify(new) is not None
    assert len(again.list()) == 2


def test_token_file_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        data = tmp_path / "data"
        store = TokenStore(data / TOKEN_FILE)
        store.create(Role.VIEWER)
        assert stat.S_IMODE((data / TOKEN_FILE).stat().st_mode) == 0o600
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        # an existing store left readable by others is tightened when opened
        os.chmod(data / TOKEN_FILE, 0o644)
        os.chmod(data, 0o755)
        assert len(TokenStore(data / TOKEN_FILE).list()) == 1
        assert stat.S_IMODE((data / TOKEN_FILE).stat().st_mode) == 0o600
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
    finally:
        os.umask(old)


def test_cli_expires_and_list_shows_expiry_and_last_use(cli_env: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(cli_app, ["token", "create", "--role", "analyst", "--expires", "90d"])
    assert r.exit_code == 0, r.output
    secret = r.stdout.strip()
    assert "expires" in r.stderr
    store = TokenStore(cli_env / TOKEN_FILE)
    info = store.verify(secret)
    assert info is not None and info.expires is not None
    expires = datetime.fromisoformat(info.expires)
    assert abs(expires - (datetime.now(UTC) + timedelta(days=90))) < timedelta(minutes=1)
    assert info.expires.endswith("+00:00") and "." not in info.expires

    r = runner.invoke(cli_app, ["token", "create", "--role", "viewer"])
    assert r.exit_code == 0, r.output

    r = runner.invoke(cli_app, ["token", "list", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = {t["id"]: t for t in json.loads(r.stdout)["tokens"]}
    assert rows[info.id]["expires"] == info.expires
    assert rows[info.id]["last_used"] == info.last_used  # set by the verify above
    assert datetime.fromisoformat(rows[info.id]["last_used"]).tzinfo is not None
    others = [t for t in rows.values() if t["id"] != info.id]
    assert [(t["expires"], t["last_used"]) for t in others] == [(None, None)]

    r = runner.invoke(cli_app, ["token", "list"], env={"COLUMNS": "250"})
    assert r.exit_code == 0, r.output
    assert "expires" in r.stdout and "last_used" in r.stdout
    assert info.expires[:10] in r.stdout

    for bad in ("soon", "0d", "2000-01-01"):
        r = runner.invoke(cli_app, ["token", "create", "--expires", bad])
        assert r.exit_code == 2, (bad, r.output)
        assert "expir" in r.output and "Traceback" not in r.output


def test_api_expiry(fresh_api: Any) -> None:
    api = fresh_api
    h = api.headers("admin")
    r = api.client.post("/api/v1/tokens", json={"role": "viewer", "expires_in_days": 30}, headers=h)
    assert r.status_code == 201, r.text
    created = r.json()
    expires = datetime.fromisoformat(created["expires"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=30))) < timedelta(minutes=1)
    assert created["last_used"] is None and created["expired"] is False

    new = {"Authorization": f"Bearer {created['token']}"}
    assert api.client.get("/api/v1/me", headers=new).status_code == 200
    listed = {t["id"]: t for t in api.client.get("/api/v1/tokens", headers=h).json()}
    assert listed[created["id"]]["last_used"] is not None

    for bad in (0, -1, 100000, "soon"):
        r = api.client.post(
            "/api/v1/tokens", json={"role": "viewer", "expires_in_days": bad}, headers=h
        )
        assert r.status_code == 422, (bad, r.text)

    # documented in the OpenAPI schema
    spec = api.client.get("/openapi.json").json()
    ref = spec["paths"]["/api/v1/tokens"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]["$ref"]
    body = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert "expires_in_days" in body["properties"]
    assert body["properties"]["expires_in_days"].get("description")

    # an expired token: 401 saying so (a revoked or unknown one keeps its own message)
    with sqlite3.connect(Path(api.settings.data_dir) / TOKEN_FILE) as conn:
        conn.execute(
            "UPDATE tokens SET expires = ? WHERE id = ?",
            ("2001-01-01T00:00:00+00:00", created["id"]),
        )
    conn.close()
    r = api.client.get("/api/v1/me", headers=new)
    assert r.status_code == 401
    assert "expired" in r.json()["error"] and "2001-01-01" in r.json()["error"]
    assert r.headers["www-authenticate"] == "Bearer"
    listed = {t["id"]: t for t in api.client.get("/api/v1/tokens", headers=h).json()}
    assert (listed[created["id"]]["expired"], listed[created["id"]]["active"]) == (True, False)
    r = api.client.get("/api/v1/me", headers={"Authorization": "Bearer netmap_nope"})
    assert r.status_code == 401 and "expired" not in r.json()["error"]
