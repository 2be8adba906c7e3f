"""``netmap upkeep``: invite (CSV of links), links, revoke, list, show, approve, reject,
through Typer's runner on the sample in an embedded store."""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.upkeep.upkeep_sample import KEY, PLAZA, SALON, SAMPLE, plaza_form
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import get_settings
from netmap.service import upkeep as svc
from netmap.store import open_store

pytestmark = pytest.mark.usefixtures("japanese")  # the default language

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "data"
    monkeypatch.setenv("NETMAP_DATA_DIR", str(data))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", KEY)
    monkeypatch.setenv("COLUMNS", "1000")
    get_settings.cache_clear()
    _run("import", str(SAMPLE))
    yield data
    get_settings.cache_clear()


def _run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout


def _submitted() -> int:
    """A proposal of the care plaza, as its form would send it."""
    settings = get_settings()
    store = open_store(settings)
    try:
        link = svc.invite(settings, store.export_graph(), organisation=PLAZA)[0].link
        return svc.submit(settings, store, link, plaza_form()).id
    finally:
        store.close()


def test_invite_an_area_writes_a_private_csv_of_links(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "links.csv"
    base = "https://netmap.example.jp"
    _run(
        "upkeep",
        "invite",
        "--area",
        "日吉地区",
        "--expires",
        "14d",
        "-o",
        str(out),
        "--base-url",
        base,
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert sorted(r["organisation_id"] for r in rows) == ["org-jichikai-hiyoshi", PLAZA]
    assert all(r["url"].startswith("https://netmap.example.jp/review/review_") for r in rows)
    printed = _run("upkeep", "invite", "--organisation", PLAZA)
    assert "http://127.0.0.1:8000/review/review_" in printed
    links = json.loads(_run("upkeep", "links", "--format", "json"))["links"]
    assert len(links) == 3 and "url" not in links[0] and all(link["active"] for link in links)
    _run("upkeep", "revoke", "--organisation", PLAZA)
    links = json.loads(_run("upkeep", "links", "--format", "json"))["links"]
    assert sorted(link["active"] for link in links) == [False, False, True]
    _run("upkeep", "invite", code=2)  # neither --area nor --organisation
    _run("upkeep", "invite", "--area", "kohoku-hiyoshi", "--expires", "soon", code=2)


def test_list_show_approve_reject(data_dir: Path) -> None:
    pid = _submitted()
    listed = json.loads(_run("upkeep", "list", "--format", "json"))["proposals"]
    assert [p["id"] for p in listed] == [pid]
    shown = json.loads(_run("upkeep", "show", str(pid), "--format", "json"))
    assert shown["organisation_id"] == PLAZA
    ended = shown["items"][0]
    assert ended["fields"] == [
        {"field": "valid_to", "label": "終了日", "before": "–", "after": "2026-02-28"}
    ]
    assert shown["items"][1]["label"] == "日吉ほっとカフェ"
    assert {
        "field": "needs",
        "label": "対応するニーズ",
        "before": "–",
        "after": "孤立・社会参加",
    } in (shown["items"][1]["fields"])
    table = _run("upkeep", "show", str(pid))  # the table (its width is the terminal's)
    assert "変更後" in table and "未決定" in table
    done = json.loads(_run("upkeep", "approve", str(pid), "--items", "1,2", "--format", "json"))
    assert done["approved"] == [1, 2]
    _run("upkeep", "reject", str(pid), "--items", "3", code=2)  # --reason is required
    _run("upkeep", "reject", str(pid), "--items", "3", "--reason", "   ", code=2)
    out = _run("upkeep", "reject", str(pid), "--items", "3", "--reason", "連携先に確認します")
    assert "一部承認" in out
    assert json.loads(_run("upkeep", "list", "--format", "json"))["proposals"] == []
    decided: list[dict[str, Any]] = json.loads(
        _run("upkeep", "list", "--status", "all", "--format", "json")
    )["proposals"]
    assert decided[0]["status"] == "partly_approved"
    _run("upkeep", "approve", str(pid), code=2)  # nothing pending
    _run("upkeep", "show", "999", code=1)
    store = open_store()
    try:
        assert store.export_graph().nodes[SALON]["valid_to"] == "2026-02-28"
    finally:
        store.close()
    log = json.loads(_run("log", "--action", "upkeep", "--format", "json"))["entries"]
    assert [e["action"] for e in log][-2:] == ["upkeep.approve", "upkeep.reject"]
