"""API tokens: roles, area scope, stored hashed in a small SQLite file.

A token is shown once, when it is created; the store keeps only the SHA-256 of it. The
file (``tokens.sqlite3`` in ``NETMAP_DATA_DIR``) is separate from the graph, so both stores
share it and wiping the graph keeps the tokens.

Roles, from least to most:

* ``viewer``: maps, exports, reports and aggregate analyses with small counts suppressed;
* ``analyst``: exact analyses and entity lists;
* ``admin``: everything, plus import, delete and token management.

A token with an ``area_id`` sees only that area and its sub-areas (a blank area is refused:
leave it out for a token that sees every area). A token may expire (``expires``, UTC); an
expired token is refused like a revoked one, but stays listed. ``last_used`` records the
last successful verification, written at most once a minute per token.

The file and its directory are private (0600 in 0700, :mod:`netmap.private_files`). A file
from before expiry and last use is migrated in place when opened: its tokens keep working
and never expire.

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
import hmac
import logging
import re
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from netmap import activity
from netmap.config import Settings
from netmap.errors import NotFound, StoreUnavailable, UsageError
from netmap.logs import event
from netmap.private_files import private_sqlite

__all__ = [
    "LAST_USED_INTERVAL",
    "MAX_EXPIRY_DAYS",
    "TOKEN_FILE",
    "TOKEN_PREFIX",
    "Role",
    "TokenInfo",
    "TokenStore",
    "hash_token",
    "parse_expiry",
    "token_store",
]

log = logging.getLogger("netmap.auth")

TOKEN_FILE = "tokens.sqlite3"
TOKEN_PREFIX = "netmap_"
#: the furthest a token's expiry may be (about ten years)
MAX_EXPIRY_DAYS = 3650
#: ``last_used`` is written at most this often per token (no write on every request)
LAST_USED_INTERVAL = timedelta(minutes=1)


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
    id        TEXT PRIMARY KEY,
    hash      TEXT NOT NULL UNIQUE,
    role      TEXT NOT NULL,
    area_id   TEXT,
    name      TEXT NOT NULL DEFAULT '',
    created   TEXT NOT NULL,
    revoked   TEXT,
    expires   TEXT,
    last_used TEXT
);
"""

#: columns added since the first schema: added with ALTER TABLE to an older file
_ADDED_COLUMNS = {"expires": "TEXT", "last_used": "TEXT"}


def _utc(value: datetime) -> datetime:
    """``value`` in UTC to the second (a naive value is taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def _iso(value: datetime) -> str:
    """UTC, ISO 8601 to the second: ``2030-01-15T12:00:00+00:00``."""
    return _utc(value).isoformat()


def _system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class TokenInfo:
    """What is known about a token (never the token itself).

    ``expires`` and ``last_used`` are UTC ISO timestamps to the second (or ``None``: never
    expires, never used). ``last_used`` is bookkeeping: it is not part of equality.
    """

    id: str
    role: Role
    area_id: str | None
    name: str
    created: str
    revoked: str | None = None
    expires: str | None = None
    last_used: str | None = field(default=None, compare=False)

    def expired_at(self, now: datetime) -> bool:
        """True when the token has an expiry and ``now`` is at or after it."""
        return self.expires is not None and datetime.fromisoformat(self.expires) <= _utc(now)

    @property
    def expired(self) -> bool:
        return self.expired_at(_system_clock())

    @property
    def active(self) -> bool:
        """Neither revoked nor expired."""
        return self.revoked is None and not self.expired

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["role"] = str(self.role)
        d["expired"] = self.expired
        d["active"] = self.active
        return d


def hash_token(secret: str) -> str:
    """SHA-256 (hex) of a token: what the store keeps."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


_RELATIVE = re.compile(r"(\d{1,7})\s*([dw])", re.IGNORECASE)


def parse_expiry(text: str, *, now: datetime | None = None) -> datetime:
    """When a token given ``--expires text`` expires (UTC): ``90d`` (days from now), ``12w``
    (weeks), an ISO date (``2030-03-31``: expires at 00:00 UTC that day) or an ISO date and
    time (no offset: UTC). It must be in the future and at most :data:`MAX_EXPIRY_DAYS` ahead.

    >>> now = datetime(2030, 1, 15, 12, tzinfo=UTC)
    >>> parse_expiry("90d", now=now).isoformat(), parse_expiry("2030-03-31", now=now).isoformat()
    ('2030-04-15T12:00:00+00:00', '2030-03-31T00:00:00+00:00')
    """
    now = _utc(now or _system_clock())
    value = text.strip()
    relative = _RELATIVE.fullmatch(value)
    if relative:
        n, unit = int(relative[1]), relative[2].lower()
        if n > MAX_EXPIRY_DAYS:  # also keeps timedelta far from overflowing
            raise UsageError(_too_far(text))
        at = now + (timedelta(weeks=n) if unit == "w" else timedelta(days=n))
    else:
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                at = datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
            else:
                at = _utc(datetime.fromisoformat(value))
        except ValueError:
            raise UsageError(
                f"invalid expiry {text!r}: use a number of days or weeks (90d, 12w) "
                "or an ISO date (2030-03-31)"
            ) from None
    return _check_expiry(at, now, text)


def _too_far(what: object) -> str:
    return f"invalid expiry {what!s}: a token may expire at most {MAX_EXPIRY_DAYS} days ahead"


def _check_expiry(at: datetime, now: datetime, what: object) -> datetime:
    at = _utc(at)
    if at <= now:
        raise UsageError(f"invalid expiry {what!s}: {_iso(at)} is not in the future")
    if at - now > timedelta(days=MAX_EXPIRY_DAYS):
        raise UsageError(_too_far(what))
    return at


def _info(row: tuple[Any, ...]) -> TokenInfo:
    tid, role, area_id, name, created, revoked, expires, last_used = row
    return TokenInfo(
        id=tid,
        role=Role(role),
        area_id=area_id,
        name=name,
        created=created,
        revoked=revoked,
        expires=expires,
        last_used=last_used,
    )


_COLUMNS = "id, role, area_id, name, created, revoked, expires, last_used"


class TokenStore:
    """Create, list, revoke and verify tokens in one SQLite file.

    Each call opens its own short connection, so the store is safe across threads and
    processes (the CLI may revoke a token while the server runs: it takes effect at once).
    ``clock`` (tests) gives the current time.
    """

    def __init__(self, path: Path | str, *, clock: Callable[[], datetime] = _system_clock) -> None:
        self.path = Path(path)
        self._clock = clock
        self._ready = False

    def _now(self) -> datetime:
        return _utc(self._clock())

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        try:
            if not self._ready:
                # 0600 in 0700 whatever the umask, before SQLite opens (or creates) it
                private_sqlite(self.path)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"the token file {self.path} cannot be opened: {exc}") from exc
        try:
            if not self._ready:
                conn.executescript(_SCHEMA)
                _migrate(conn)
                self._ready = True
            yield conn
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"the token file {self.path} fails: {exc}") from exc
        finally:
            conn.close()

    def create(
        self,
        role: Role | str,
        *,
        area_id: str | None = None,
        name: str = "",
        expires: datetime | None = None,
        actor: str | None = None,
    ) -> tuple[TokenInfo, str]:
        """A new token: its info and the secret (shown once; only its hash is kept).

        ``area_id`` ``None`` sees every area; a blank one is refused (:class:`UsageError`),
        as is an ``expires`` not in the future. Whether the area exists is the caller's
        check (the store does not know the graph). Recorded in the activity log of the
        store's directory (``actor``: who asked; default the OS user).
        """
        try:
            role = Role(role)
        except ValueError:
            raise UsageError(
                f"unknown role {role!r}: use one of {', '.join(r.value for r in Role)}"
            ) from None
        if area_id is not None:
            area_id = area_id.strip()
            if not area_id:
                raise UsageError(
                    "the area is blank: give an area id, or leave the area out for a token "
                    "that sees every area"
                )
        now = self._now()
        expires_at = None if expires is None else _iso(_check_expiry(expires, now, expires))
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        info = TokenInfo(
            id=secrets.token_hex(4),
            role=role,
            area_id=area_id,
            name=name.strip(),
            created=_iso(now),
            expires=expires_at,
        )
        with self._conn() as conn:
            conn.execute(
                "INSERT INTO tokens(id, hash, role, area_id, name, created, expires) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    info.id,
                    hash_token(secret),
                    str(role),
                    area_id,
                    info.name,
                    info.created,
                    expires_at,
                ),
            )
        activity.record(
            self.path.parent,
            "token.create",
            actor=actor,
            token=info.name or info.id,
            token_id=info.id,
            role=str(role),
            area=area_id,
            expires=expires_at,
        )
        return info, secret

    def list(self, *, include_revoked: bool = True) -> list[TokenInfo]:
        """Every token, oldest first (expired ones too)."""
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

    def revoke(self, token_id: str, *, actor: str | None = None) -> TokenInfo:
        """Revoke a token (idempotent); it stops working at once. A revocation that
        changed something is recorded in the activity log."""
        with self._conn() as conn:
            changed = conn.execute(
                "UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL",
                (_iso(self._now()), token_id),
            ).rowcount
        info = self.get(token_id)
        if changed:
            activity.record(
                self.path.parent,
                "token.revoke",
                actor=actor,
                token=info.name or info.id,
                token_id=info.id,
            )
        return info

    def find(self, secret: str) -> TokenInfo | None:
        """The unrevoked token with this secret, expired or not, or ``None``; no side effect.

        Looked up by its hash (the indexed, unique column), then the hashes are compared
        in constant time.
        """
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
            return None
        digest = hash_token(secret)
        with self._conn() as conn:
            row = conn.execute(
                f"SELECT hash, {_COLUMNS} FROM tokens WHERE hash = ? AND revoked IS NULL",
                (digest,),
            ).fetchone()
        if row is None or not hmac.compare_digest(str(row[0]), digest):
            return None
        return _info(row[1:])

    def is_expired(self, info: TokenInfo) -> bool:
        """True when ``info`` has expired by this store's clock."""
        return info.expired_at(self._now())

    def record_use(self, info: TokenInfo) -> TokenInfo:
        """Note that ``info`` was just used (at most one write a minute per token); ``info``
        with the ``last_used`` now stored. Best effort: a failed write is logged, not raised.
        """
        now = self._now()
        recent = info.last_used is not None and (
            now - datetime.fromisoformat(info.last_used) < LAST_USED_INTERVAL
        )
        if recent:
            return info
        stamp, before = _iso(now), _iso(now - LAST_USED_INTERVAL)
        try:
            with self._conn() as conn:
                # the condition also holds back a second process that just wrote it
                cur = conn.execute(
                    "UPDATE tokens SET last_used = ? WHERE id = ? "
                    "AND (last_used IS NULL OR last_used <= ?)",
                    (stamp, info.id, before),
                )
        except StoreUnavailable as exc:
            event(log, "token.last_used_not_recorded", logging.WARNING, error=exc.message)
            return info
        return replace(info, last_used=stamp) if cur.rowcount else info

    def verify(self, secret: str) -> TokenInfo | None:
        """The active (unrevoked, unexpired) token with this secret, or ``None``; records
        its use."""
        info = self.find(secret)
        if info is None or self.is_expired(info):
            return None
        return self.record_use(info)


def _migrate(conn: sqlite3.Connection) -> None:
    """Add the columns a file from an older netmap lacks (its tokens keep working, with no
    expiry). In one write transaction, so two processes opening it at once do not clash."""
    have = {str(r[1]) for r in conn.execute("PRAGMA table_info(tokens)")}
    if have >= _ADDED_COLUMNS.keys():
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        have = {str(r[1]) for r in conn.execute("PRAGMA table_info(tokens)")}
        for column, kind in _ADDED_COLUMNS.items():
            if column not in have:
                conn.execute(f"ALTER TABLE tokens ADD COLUMN {column} {kind}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def token_store(settings: Settings) -> TokenStore:
    """The token store of a configuration (``<data_dir>/tokens.sqlite3``)."""
    return TokenStore(Path(settings.data_dir) / TOKEN_FILE)
