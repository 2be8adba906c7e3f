"""The review file (upkeep.sqlite3): links kept hashed with an expiry, revocable; sessions
short-lived; proposals and decisions shared safely by several processes; private files."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netmap import activity
from netmap.errors import UsageError
from netmap.upkeep.storage import (
    SESSION_TTL,
    UPKEEP_FILE,
    ItemStatus,
    ProposalItem,
    UpkeepStore,
    csrf_token,
)

pytestmark = pytest.mark.usefixtures("japanese")  # the default language

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def _store(tmp_path: Path, clock: Clock | None = None) -> UpkeepStore:
    return UpkeepStore(tmp_path / "data" / UPKEEP_FILE, clock=clock or Clock())


def _item(n: int) -> ProposalItem:
    ended = {"valid_to": "2026-02-28"}
    return ProposalItem(n, "activity", "ended", f"act-{n}", f"活動{n}", {"valid_to": ""}, ended)


def test_a_link_is_kept_hashed_and_stops_at_its_expiry(tmp_path: Path) -> None:
    clock = Clock()
    st = _store(tmp_path, clock)
    link, secret = st.create_link(
        "org-a", "A会", expires=NOW + timedelta(days=30), actor="user:clerk"
    )
    assert secret.startswith("review_") and len(secret) > 40
    raw = (tmp_path / "data" / UPKEEP_FILE).read_bytes()
    assert secret.encode() not in raw  # only its hash is kept
    assert link.created_by == "user:clerk" and link.expires == "2026-04-09T09:00:00+00:00"
    assert st.open_session(secret) is not None
    clock.now = NOW + timedelta(days=30)
    assert st.open_session(secret) is None
    assert st.link(link.id).as_dict(clock.now)["expired"] is True
    with pytest.raises(UsageError):
        st.create_link("org-a", "A会", expires=NOW)  # not in the future


def test_revoking_a_link_ends_its_sessions_at_once(tmp_path: Path) -> None:
    st = _store(tmp_path)
    link, secret = st.create_link("org-a", "A会", expires=NOW + timedelta(days=30))
    opened = st.open_session(secret)
    assert opened is not None
    session, _, _ = opened
    assert st.session_link(session) == link
    info = st.revoke_link(link.id, actor="user:clerk")
    assert info.revoked is not None and info.revoked_by == "user:clerk"
    assert st.session_link(session) is None
    assert st.open_session(secret) is None
    st.revoke_link(link.id)  # idempotent: logged once
    logged = [e for e in activity.read(tmp_path / "data") if e["action"] == "upkeep.revoke"]
    assert len(logged) == 1 and logged[0]["link_id"] == link.id


def test_a_session_is_short_and_never_outlives_its_link(tmp_path: Path) -> None:
    clock = Clock()
    st = _store(tmp_path, clock)
    _, secret = st.create_link("org-a", "A会", expires=NOW + timedelta(days=30))
    opened = st.open_session(secret)
    assert opened is not None
    session, _, until = opened
    assert datetime.fromisoformat(until) == NOW + SESSION_TTL
    clock.now = NOW + SESSION_TTL
    assert st.session_link(session) is None
    _, short = st.create_link("org-b", "B会", expires=NOW + SESSION_TTL + timedelta(minutes=10))
    opened = st.open_session(short)
    assert opened is not None
    assert datetime.fromisoformat(opened[2]) == NOW + SESSION_TTL + timedelta(minutes=10)
    assert st.session_link("") is None and st.session_link("x" * 500) is None
    assert st.open_session("netmap_token_like") is None  # a token is not a link


def test_the_csrf_token_is_bound_to_its_session() -> None:
    assert csrf_token("a") == csrf_token("a")
    assert csrf_token("a") != csrf_token("b")


def test_the_file_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a lax umask: the modes must not depend on it
    try:
        st = _store(tmp_path)
        st.create_link("org-a", "A会", expires=NOW + timedelta(days=1))
    finally:
        os.umask(old)
    path = tmp_path / "data" / UPKEEP_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _add_many(path: str, n: int) -> None:
    st = UpkeepStore(path)
    link = st.links()[0]
    for _ in range(n):
        st.add_proposal(link, organisation_name="A会", submitted_by="", note="", items=[_item(1)])


def test_several_processes_share_the_file(tmp_path: Path) -> None:
    st = _store(tmp_path)
    st.create_link("org-a", "A会", expires=datetime.now(UTC) + timedelta(days=1))
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_add_many, args=(str(st.path), 10)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    found = st.proposals()
    assert len(found) == 40
    assert sorted(p.id for p in found) == list(range(1, 41))


def test_each_item_is_decided_once(tmp_path: Path) -> None:
    st = _store(tmp_path)
    link, _ = st.create_link("org-a", "A会", expires=NOW + timedelta(days=1))
    p = st.add_proposal(
        link, organisation_name="A会", submitted_by="花子", note="", items=[_item(1), _item(2)]
    )
    assert p.status == "pending" and [i.status for i in p.items] == ["pending", "pending"]
    p, done = st.decide(p.id, [1], ItemStatus.APPROVED, reason=None, actor="token:admin")
    assert done == [1] and p.status == "pending"
    assert p.item(1).decided_by == "token:admin" and p.item(1).decided_at
    with pytest.raises(UsageError, match="決定済み"):
        st.decide(p.id, [1], ItemStatus.REJECTED, reason="x", actor="token:admin")
    with pytest.raises(UsageError):
        st.decide(p.id, [9], ItemStatus.REJECTED, reason="x", actor="token:admin")
    p, done = st.decide(p.id, None, ItemStatus.REJECTED, reason="確認中", actor="token:admin")
    assert done == [2] and p.status == "partly_approved" and p.item(2).reason == "確認中"
    st.undecide(p.id, [1])
    assert st.proposal(p.id).item(1).status == "pending"
    assert [q.id for q in st.proposals(status="pending")] == [p.id]
    assert st.proposals(status="decided") == []
