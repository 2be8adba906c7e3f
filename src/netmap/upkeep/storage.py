"""Review links, review sessions and change proposals, in ``upkeep.sqlite3``.

The file sits in ``NETMAP_DATA_DIR`` beside ``tokens.sqlite3`` (never in the graph, so
both stores share it and wiping the graph keeps it), 0600 in a 0700 directory
(:mod:`netmap.private_files`), in SQLite's WAL mode: several API processes and the CLI
use it at once, each call on a short connection of its own.

* A **review link** grants one organisation's own record until it expires (default 30
  days) or is revoked. Like a token, its secret is shown once and only its SHA-256 is
  kept (:func:`netmap.auth.hash_token`); who created it and when is kept with it.
* A **session** is what the link's secret is exchanged for when the link is first
  opened: a short-lived secret (:data:`SESSION_TTL`, never past the link's expiry), kept
  hashed too, carried in an HttpOnly cookie; :func:`csrf_token` binds the form's
  CSRF token to it.
* A **proposal** is what an organisation submitted: items added, changed or ended, each
  with its before and after values and its own decision (pending, approved or rejected
  with a reason, who decided and when).

>>> import tempfile, pathlib
>>> from datetime import timedelta
>>> st = UpkeepStore(pathlib.Path(tempfile.mkdtemp()) / UPKEEP_FILE)
>>> link, secret = st.create_link("org-a", "A会", expires=st.now() + timedelta(days=30),
...                               actor="user:clerk")
>>> session, opened, _ = st.open_session(secret)
>>> opened.id == link.id, st.session_link(session).organisation_id
(True, 'org-a')
>>> _ = st.revoke_link(link.id, actor="user:clerk")
>>> st.session_link(session) is None, st.open_session(secret)
(True, None)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from netmap import activity
from netmap.auth import hash_token
from netmap.config import Settings
from netmap.errors import NotFound, StoreUnavailable, UsageError
from netmap.private_files import private_sqlite

__all__ = [
    "DEFAULT_LINK_DAYS",
    "LINK_PREFIX",
    "SESSION_TTL",
    "UPKEEP_FILE",
    "ItemStatus",
    "LinkInfo",
    "Proposal",
    "ProposalItem",
    "UpkeepStore",
    "csrf_token",
    "upkeep_store",
]

UPKEEP_FILE = "upkeep.sqlite3"
#: how a review link's secret starts (never a token's ``netmap_``)
LINK_PREFIX = "review_"
#: how long a review link works unless told otherwise
DEFAULT_LINK_DAYS = 30
#: how long the session a link is exchanged for lasts (never past the link's expiry)
SESSION_TTL = timedelta(hours=2)


class ItemStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


_SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    id                TEXT PRIMARY KEY,
    hash              TEXT NOT NULL UNIQUE,
    organisation_id   TEXT NOT NULL,
    organisation_name TEXT NOT NULL DEFAULT '',
    created           TEXT NOT NULL,
    created_by        TEXT NOT NULL DEFAULT '',
    expires           TEXT NOT NULL,
    revoked           TEXT,
    revoked_by        TEXT,
    last_used         TEXT
);
CREATE INDEX IF NOT EXISTS links_organisation ON links(organisation_id);
CREATE TABLE IF NOT EXISTS sessions (
    hash    TEXT PRIMARY KEY,
    link_id TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS proposals (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    link_id           TEXT NOT NULL,
    organisation_id   TEXT NOT NULL,
    organisation_name TEXT NOT NULL DEFAULT '',
    submitted         TEXT NOT NULL,
    submitted_by      TEXT NOT NULL DEFAULT '',
    note              TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS proposal_items (
    proposal_id INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    before      TEXT NOT NULL DEFAULT '{}',
    after       TEXT NOT NULL DEFAULT '{}',
    status      TEXT NOT NULL DEFAULT 'pending',
    reason      TEXT,
    decided_by  TEXT,
    decided_at  TEXT,
    PRIMARY KEY (proposal_id, n)
);
"""


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def _iso(value: datetime) -> str:
    return _utc(value).isoformat()


def _system_clock() -> datetime:
    return datetime.now(UTC)


def csrf_token(session_secret: str) -> str:
    """The CSRF token of a review session: bound to it (an HMAC keyed with the session's
    secret), so a page of another site, which cannot read the cookie, cannot make one."""
    mac = hmac.new(session_secret.encode("utf-8"), b"netmap-review-csrf", hashlib.sha256)
    return mac.hexdigest()


@dataclass(frozen=True)
class LinkInfo:
    """What is known about a review link (never its secret). Times are UTC ISO 8601."""

    id: str
    organisation_id: str
    organisation_name: str
    created: str
    created_by: str
    expires: str
    revoked: str | None = None
    revoked_by: str | None = None
    last_used: str | None = field(default=None, compare=False)

    def expired_at(self, now: datetime) -> bool:
        return datetime.fromisoformat(self.expires) <= _utc(now)

    def active_at(self, now: datetime) -> bool:
        return self.revoked is None and not self.expired_at(now)

    def as_dict(self, now: datetime | None = None) -> dict[str, Any]:
        d = asdict(self)
        moment = now or _system_clock()
        d["expired"] = self.expired_at(moment)
        d["active"] = self.active_at(moment)
        return d


@dataclass(frozen=True)
class ProposalItem:
    """One change an organisation proposed: ``kind`` (organisation, activity, membership,
    partnership), ``action`` (changed, added, ended, confirmed), the record it concerns
    (``target``: an activity, network or partner id; ``label``: its name) and the values
    before and after (only the fields that change)."""

    n: int
    kind: str
    action: str
    target: str
    label: str
    before: dict[str, Any]
    after: dict[str, Any]
    status: str = ItemStatus.PENDING
    reason: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Proposal:
    """A submitted review: its organisation, the link it came through, when and by whom
    (the name the person typed), and its items."""

    id: int
    link_id: str
    organisation_id: str
    organisation_name: str
    submitted: str
    submitted_by: str
    note: str
    items: tuple[ProposalItem, ...]

    @property
    def status(self) -> str:
        """``pending`` while an item is; then ``approved``, ``rejected`` or
        ``partly_approved``."""
        states = {i.status for i in self.items}
        if ItemStatus.PENDING in states:
            return "pending"
        if states == {ItemStatus.APPROVED}:
            return "approved"
        if states == {ItemStatus.REJECTED}:
            return "rejected"
        return "partly_approved"

    def item(self, n: int) -> ProposalItem:
        for i in self.items:
            if i.n == n:
                return i
        raise NotFound(
            f"提案 {self.id} に項目 {n} はありません / proposal {self.id} has no item {n}"
        )

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["items"] = [i.as_dict() for i in self.items]
        d["status"] = self.status
        d["pending"] = sum(i.status == ItemStatus.PENDING for i in self.items)
        return d


_LINK_COLUMNS = (
    "id, organisation_id, organisation_name, created, created_by, expires, revoked, "
    "revoked_by, last_used"
)
_ITEM_COLUMNS = (
    "n, kind, action, target, label, before, after, status, reason, decided_by, decided_at"
)


def _link(row: Sequence[Any]) -> LinkInfo:
    return LinkInfo(*row)


def _item(row: Sequence[Any]) -> ProposalItem:
    n, kind, action, target, label, before, after, status, reason, by, at = row
    return ProposalItem(
        n,
        kind,
        action,
        target,
        label,
        json.loads(before),
        json.loads(after),
        status,
        reason,
        by,
        at,
    )


def _proposal(row: Sequence[Any], items: tuple[ProposalItem, ...]) -> Proposal:
    pid, link_id, org_id, org_name, submitted, submitted_by, note = row
    return Proposal(int(pid), link_id, org_id, org_name, submitted, submitted_by, note, items)


def _dumps(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class UpkeepStore:
    """Links, sessions and proposals in one SQLite file (see the module). Each call opens
    its own short connection: safe across threads and processes. ``clock`` (tests) gives
    the current time."""

    def __init__(self, path: Path | str, *, clock: Callable[[], datetime] = _system_clock) -> None:
        self.path = Path(path)
        self._clock = clock
        self._ready = False

    def now(self) -> datetime:
        return _utc(self._clock())

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        try:
            if not self._ready:
                private_sqlite(self.path)  # 0600 in 0700 before SQLite creates it
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"the review file {self.path} cannot be opened: {exc}") from exc
        try:
            if not self._ready:
                conn.execute("PRAGMA journal_mode=WAL")  # kept by the file once set
                conn.executescript(_SCHEMA)
                self._ready = True
            yield conn
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"the review file {self.path} fails: {exc}") from exc
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (taken at once, so two processes never interleave)."""
        with self._conn() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # ------------------------------------------------------------------ links
    def create_link(
        self,
        organisation_id: str,
        organisation_name: str,
        *,
        expires: datetime,
        actor: str | None = None,
    ) -> tuple[LinkInfo, str]:
        """A new review link of one organisation: its info and its secret (shown once).
        Recorded in the activity log (``upkeep.invite``)."""
        now = self.now()
        if _utc(expires) <= now:
            raise UsageError(f"invalid expiry: {_iso(expires)} is not in the future")
        who = actor or activity.cli_actor()
        secret = LINK_PREFIX + secrets.token_urlsafe(32)
        info = LinkInfo(
            id=secrets.token_hex(4),
            organisation_id=organisation_id,
            organisation_name=organisation_name,
            created=_iso(now),
            created_by=who,
            expires=_iso(expires),
        )
        with self._write() as conn:
            conn.execute(
                "INSERT INTO links(id, hash, organisation_id, organisation_name, created, "
                "created_by, expires) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    info.id,
                    hash_token(secret),
                    organisation_id,
                    organisation_name,
                    info.created,
                    who,
                    info.expires,
                ),
            )
        activity.record(
            self.path.parent,
            "upkeep.invite",
            actor=who,
            organisation=organisation_id,
            link_id=info.id,
            expires=info.expires,
        )
        return info, secret

    def links(self, *, organisation_id: str | None = None) -> list[LinkInfo]:
        """Every link (revoked and expired ones too), oldest first."""
        sql = f"SELECT {_LINK_COLUMNS} FROM links"
        args: tuple[str, ...] = ()
        if organisation_id is not None:
            sql += " WHERE organisation_id = ?"
            args = (organisation_id,)
        with self._conn() as conn:
            rows = conn.execute(sql + " ORDER BY created, id", args).fetchall()
        return [_link(r) for r in rows]

    def link(self, link_id: str) -> LinkInfo:
        with self._conn() as conn:
            row = conn.execute(
                f"SELECT {_LINK_COLUMNS} FROM links WHERE id = ?", (link_id,)
            ).fetchone()
        if row is None:
            raise NotFound(f"確認用リンク {link_id!r} はありません / no review link {link_id!r}")
        return _link(row)

    def revoke_link(self, link_id: str, *, actor: str | None = None) -> LinkInfo:
        """Revoke a link (idempotent): it and its sessions stop working at once. A
        revocation that changed something is recorded (``upkeep.revoke``)."""
        who = actor or activity.cli_actor()
        with self._write() as conn:
            changed = conn.execute(
                "UPDATE links SET revoked = ?, revoked_by = ? WHERE id = ? AND revoked IS NULL",
                (_iso(self.now()), who, link_id),
            ).rowcount
            conn.execute("DELETE FROM sessions WHERE link_id = ?", (link_id,))
        info = self.link(link_id)
        if changed:
            activity.record(
                self.path.parent,
                "upkeep.revoke",
                actor=who,
                organisation=info.organisation_id,
                link_id=info.id,
            )
        return info

    def _active_link(self, conn: sqlite3.Connection, where: str, arg: str) -> LinkInfo | None:
        row = conn.execute(
            f"SELECT {_LINK_COLUMNS} FROM links WHERE {where} = ? AND revoked IS NULL", (arg,)
        ).fetchone()
        if row is None:
            return None
        info = _link(row)
        return info if info.active_at(self.now()) else None

    # ------------------------------------------------------------------ sessions
    def open_session(self, secret: str) -> tuple[str, LinkInfo, str] | None:
        """Exchange an active link's secret for a new session: ``(session secret, link,
        session expiry)``, or ``None`` for an unknown, revoked or expired link."""
        if not secret.startswith(LINK_PREFIX) or len(secret) > 200:
            return None
        digest = hash_token(secret)
        now = self.now()
        with self._write() as conn:
            conn.execute("DELETE FROM sessions WHERE expires <= ?", (_iso(now),))
            row = conn.execute("SELECT hash FROM links WHERE hash = ?", (digest,)).fetchone()
            if row is None or not hmac.compare_digest(str(row[0]), digest):
                return None
            link = self._active_link(conn, "hash", digest)
            if link is None:
                return None
            session = secrets.token_urlsafe(32)
            until = min(now + SESSION_TTL, datetime.fromisoformat(link.expires))
            conn.execute(
                "INSERT INTO sessions(hash, link_id, created, expires) VALUES (?, ?, ?, ?)",
                (hash_token(session), link.id, _iso(now), _iso(until)),
            )
            conn.execute("UPDATE links SET last_used = ? WHERE id = ?", (_iso(now), link.id))
        return session, link, _iso(until)

    def session_link(self, session: str) -> LinkInfo | None:
        """The active link of an unexpired session, or ``None``."""
        if not session or len(session) > 200:
            return None
        digest = hash_token(session)
        with self._conn() as conn:
            row = conn.execute(
                "SELECT hash, link_id, expires FROM sessions WHERE hash = ?", (digest,)
            ).fetchone()
            if row is None or not hmac.compare_digest(str(row[0]), digest):
                return None
            if datetime.fromisoformat(str(row[2])) <= self.now():
                return None
            return self._active_link(conn, "id", str(row[1]))

    # ------------------------------------------------------------------ proposals
    def add_proposal(
        self,
        link: LinkInfo,
        *,
        organisation_name: str,
        submitted_by: str,
        note: str,
        items: Sequence[ProposalItem],
    ) -> Proposal:
        """Keep a submitted proposal (its items pending); returns it with its id."""
        now = _iso(self.now())
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO proposals(link_id, organisation_id, organisation_name, submitted, "
                "submitted_by, note) VALUES (?, ?, ?, ?, ?, ?)",
                (link.id, link.organisation_id, organisation_name, now, submitted_by, note),
            )
            pid = int(cur.lastrowid or 0)
            conn.executemany(
                f"INSERT INTO proposal_items(proposal_id, {_ITEM_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, NULL)",
                [
                    (
                        pid,
                        i.n,
                        i.kind,
                        i.action,
                        i.target,
                        i.label,
                        _dumps(i.before),
                        _dumps(i.after),
                    )
                    for i in items
                ],
            )
        return self.proposal(pid)

    def _items(self, conn: sqlite3.Connection, pid: int) -> tuple[ProposalItem, ...]:
        rows = conn.execute(
            f"SELECT {_ITEM_COLUMNS} FROM proposal_items WHERE proposal_id = ? ORDER BY n",
            (pid,),
        ).fetchall()
        return tuple(_item(r) for r in rows)

    def proposal(self, proposal_id: int) -> Proposal:
        with self._conn() as conn:
            row = conn.execute(
                "SELECT id, link_id, organisation_id, organisation_name, submitted, "
                "submitted_by, note FROM proposals WHERE id = ?",
                (proposal_id,),
            ).fetchone()
            if row is None:
                raise NotFound(f"提案 {proposal_id} はありません / no proposal {proposal_id}")
            return _proposal(row, self._items(conn, int(row[0])))

    def proposals(
        self, *, status: str | None = None, organisation_id: str | None = None
    ) -> list[Proposal]:
        """The proposals, oldest first; ``status`` ``pending`` (an item is), ``decided``
        (none is) or a :attr:`Proposal.status`."""
        sql = (
            "SELECT id, link_id, organisation_id, organisation_name, submitted, submitted_by, "
            "note FROM proposals"
        )
        args: tuple[str, ...] = ()
        if organisation_id is not None:
            sql += " WHERE organisation_id = ?"
            args = (organisation_id,)
        with self._conn() as conn:
            rows = conn.execute(sql + " ORDER BY id", args).fetchall()
            found = [_proposal(r, self._items(conn, int(r[0]))) for r in rows]
        if status is None:
            return found
        if status == "decided":
            return [p for p in found if p.status != "pending"]
        return [p for p in found if p.status == status]

    def decide(
        self,
        proposal_id: int,
        numbers: Sequence[int] | None,
        status: ItemStatus,
        *,
        reason: str | None,
        actor: str,
    ) -> tuple[Proposal, list[int]]:
        """Mark items pending so far as approved or rejected (``numbers`` ``None``: every
        pending item), in one transaction: a second admin deciding the same items at the
        same time gets a :class:`UsageError`. Returns the proposal and the items decided."""
        now = _iso(self.now())
        with self._write() as conn:
            items = {i.n: i for i in self._items(conn, proposal_id)}
            if not items:
                raise NotFound(f"提案 {proposal_id} はありません / no proposal {proposal_id}")
            wanted = sorted(set(numbers)) if numbers is not None else sorted(items)
            unknown = [n for n in wanted if n not in items]
            if unknown:
                raise UsageError(
                    f"提案 {proposal_id} に項目 {', '.join(map(str, unknown))} はありません / "
                    f"proposal {proposal_id} has no item {', '.join(map(str, unknown))}"
                )
            if numbers is None:
                wanted = [n for n in wanted if items[n].status == ItemStatus.PENDING]
            done = [n for n in wanted if items[n].status != ItemStatus.PENDING]
            if done:
                raise UsageError(
                    f"提案 {proposal_id} の項目 {', '.join(map(str, done))} は決定済みです / "
                    f"items {', '.join(map(str, done))} of proposal {proposal_id} are "
                    "already decided"
                )
            if not wanted:
                raise UsageError(
                    f"提案 {proposal_id} に未決定の項目はありません / proposal {proposal_id} "
                    "has no pending item"
                )
            conn.executemany(
                "UPDATE proposal_items SET status = ?, reason = ?, decided_by = ?, "
                "decided_at = ? WHERE proposal_id = ? AND n = ? AND status = 'pending'",
                [(str(status), reason, actor, now, proposal_id, n) for n in wanted],
            )
        return self.proposal(proposal_id), wanted

    def undecide(self, proposal_id: int, numbers: Sequence[int]) -> None:
        """Put items back to pending (an approval whose write failed)."""
        with self._write() as conn:
            conn.executemany(
                "UPDATE proposal_items SET status = 'pending', reason = NULL, decided_by = NULL, "
                "decided_at = NULL WHERE proposal_id = ? AND n = ?",
                [(proposal_id, n) for n in numbers],
            )


def upkeep_store(settings: Settings) -> UpkeepStore:
    """The review file of a configuration (``<data_dir>/upkeep.sqlite3``)."""
    return UpkeepStore(Path(settings.data_dir) / UPKEEP_FILE)
