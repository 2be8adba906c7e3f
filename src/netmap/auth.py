"""API tokens: roles, area scope, stored hashed in a small SQLite file.

A token is shown once, when it is created; the store keeps only the SHA-256 of it. The
file (``tokens.sqlite3`` in ``NETMAP_DATA_DIR``) is separate from the graph, so both stores
share it and wiping the graph keeps the tokens.

Roles, from least to most:

* ``viewer``: maps, exports, reports and aggregate analyses with small counts suppressed;
* ``analyst``: exact analyses and entity lists;
* ``admin``: everything, plus import, delete and token management.

A token with an ``area_id`` sees only that area and its sub-areas.

>>> import tempfile, pathlib
>>> tokens = TokenStore(pathlib.Path(tempfile.mkdtemp()) / "tokens.sqlite3")
>>> info, secret = tokens.create(Role.VIEWER, area_id="W01", name="ward office")
>>> tokens.verify(secret) == info
True
>>> tokens.verify("netmap_wrong") is None
True
>>> _ = tokens.revoke(info.id)
>>> tokens.verify(secret) is None
True
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from netmap.config import Settings
from netmap.errors import NetmapError, NotFound, StoreUnavailable

__all__ = [
    "TOKEN_FILE",
    "TOKEN_PREFIX",
    "Role",
    "TokenInfo",
    "TokenStore",
    "hash_token",
    "token_store",
]

TOKEN_FILE = "tokens.sqlite3"
TOKEN_PREFIX = "netmap_"


class Role(StrEnum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def allows(self, needed: Role) -> bool:
        """True when this role may do what ``needed`` may.

        >>> Role.ADMIN.allows(Role.ANALYST), Role.VIEWER.allows(Role.ANALYST)
        (True, False)
        """
        return self.rank >= needed.rank


_RANK = {Role.VIEWER: 0, Role.ANALYST: 1, Role.ADMIN: 2}

_SCHEMA = """
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


@dataclass(frozen=True)
class TokenInfo:
    """What is known about a token (never the token itself)."""

    id: str
    role: Role
    area_id: str | None
    name: str
    created: str
    revoked: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked is None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["role"] = str(self.role)
        d["active"] = self.active
        return d


def hash_token(secret: str) -> str:
    """SHA-256 (hex) of a token: what the store keeps."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _info(row: tuple[Any, ...]) -> TokenInfo:
    tid, role, area_id, name, created, revoked = row
    return TokenInfo(
        id=tid, role=Role(role), area_id=area_id, name=name, created=created, revoked=revoked
    )


_COLUMNS = "id, role, area_id, name, created, revoked"


class TokenStore:
    """Create, list, revoke and verify tokens in one SQLite file.

    Each call opens its own short connection, so the store is safe across threads and
    processes (the CLI may revoke a token while the server runs: it takes effect at once).
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._ready = False

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        try:
            if not self._ready:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"the token file {self.path} cannot be opened: {exc}") from exc
        try:
            if not self._ready:
                conn.executescript(_SCHEMA)
                self._ready = True
            yield conn
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"the token file {self.path} fails: {exc}") from exc
        finally:
            conn.close()

    def create(
        self, role: Role | str, *, area_id: str | None = None, name: str = ""
    ) -> tuple[TokenInfo, str]:
        """A new token: its info and the secret (shown once; only its hash is kept)."""
        try:
            role = Role(role)
        except ValueError:
            raise NetmapError(
                f"unknown role {role!r}: use one of {', '.join(r.value for r in Role)}"
            ) from None
        area_id = (area_id or "").strip() or None
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        info = TokenInfo(
            id=secrets.token_hex(4), role=role, area_id=area_id, name=name.strip(), created=_now()
        )
        with self._conn() as conn:
            conn.execute(
                "INSERT INTO tokens(id, hash, role, area_id, name, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (info.id, hash_token(secret), str(role), area_id, info.name, info.created),
            )
        return info, secret

    def list(self, *, include_revoked: bool = True) -> list[TokenInfo]:
        """Every token, oldest first."""
        sql = f"SELECT {_COLUMNS} FROM tokens"
        if not include_revoked:
            sql += " WHERE revoked IS NULL"
        with self._conn() as conn:
            rows = conn.execute(sql + " ORDER BY created, id").fetchall()
        return [_info(r) for r in rows]

    def get(self, token_id: str) -> TokenInfo:
        with self._conn() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM tokens WHERE id = ?", (token_id,)
            ).fetchone()
        if row is None:
            raise NotFound(f"no token with id {token_id!r}")
        return _info(row)

    def revoke(self, token_id: str) -> TokenInfo:
        """Revoke a token (idempotent); it stops working at once."""
        with self._conn() as conn:
            conn.execute(
                "UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL",
                (_now(), token_id),
            )
        return self.get(token_id)

    def verify(self, secret: str) -> TokenInfo | None:
        """The active token with this secret, or ``None``."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        with self._conn() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM tokens WHERE hash = ? AND revoked IS NULL",
                (hash_token(secret),),
            ).fetchone()
        return None if row is None else _info(row)


def token_store(settings: Settings) -> TokenStore:
    """The token store of a configuration (``<data_dir>/tokens.sqlite3``)."""
    return TokenStore(Path(settings.data_dir) / TOKEN_FILE)
