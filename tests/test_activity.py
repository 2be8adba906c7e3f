"""The activity log (操作ログ) and private files: what staff did is recorded with who and
counts, by every process on the data dir, never with a resident id; every file netmap
keeps in the data dir is readable by its owner only, whatever the umask."""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netmap import activity
from netmap.cli import app
from netmap.config import Settings, get_settings
from netmap.privacy import pseudonymise
from netmap.private_files import private_sqlite

SAMPLE = Path(__file__).parent / "fixtures" / "sample"
KEY = "activity-test-key"
runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "data"
    monkeypatch.setenv("NETMAP_DATA_DIR", str(data))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", KEY)
    get_settings.cache_clear()
    old = os.umask(0o022)  # a lax umask: modes must not depend on it
    try:
        yield data
    finally:
        os.umask(old)
        get_settings.cache_clear()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _log() -> list[dict[str, object]]:
    entries: list[dict[str, object]] = json.loads(_run("log", "--format", "json"))["entries"]
    return entries


def test_import_sync_wipe_and_release_are_logged_with_who_and_counts(
    data_dir: Path, tmp_path: Path
) -> None:
    _run("import", str(SAMPLE))
    # the same data without one partnership, with --sync: one relationship removed
    smaller = tmp_path / "smaller"
    shutil.copytree(SAMPLE, smaller)
    lines = (smaller / "partnerships.csv").read_text(encoding="utf-8").splitlines()
    (smaller / "partnerships.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    _run("import", "--sync", str(smaller))
    _run("db", "wipe", "--yes")

    entries = _log()
    actions = [e["action"] for e in entries]
    assert actions.count("import") == 2
    assert "release.build" in actions
    assert actions[-1] == "wipe"
    first = next(e for e in entries if e["action"] == "import")
    assert first["nodes_written"] == 67 and first["relationships_written"] == 160
    assert first["files"] == {  # type: ignore[comparison-overlap]
        "needs.csv": 1,
        "areas.csv": 6,
        "organisations.csv": 12,
        "networks.csv": 3,
        "memberships.csv": 10,
        "partnerships.csv": 4,
        "activities.csv": 8,
        "residents.csv": 15,
        "participations.csv": 8,
        "referrals.csv": 9,
        "kinds.csv": 1,
    }
    removed = [e for e in entries if e["action"] == "sync.remove"]
    assert len(removed) == 1 and removed[0]["relationships_removed"] == 1
    assert removed[0]["source"] == "smaller"
    wipe = entries[-1]
    assert wipe["nodes_removed"] == 67
    assert all(str(e["actor"]).startswith(("user:", "uid:")) for e in entries)
    # filters
    only_imports = json.loads(_run("log", "--action", "import", "--format", "json"))
    assert [e["action"] for e in only_imports["entries"]] == ["import", "import"]
    assert json.loads(_run("log", "--since", "2999-01-01", "--format", "json")) == {"entries": []}
    table = _run("log")
    assert "取込" in table and "全データ削除" in table
    bad = runner.invoke(app, ["log", "--action", "delete"])
    assert bad.exit_code == 2 and "unknown action" in bad.output


def test_the_log_never_holds_a_resident_id_or_pseudonym(data_dir: Path) -> None:
    _run("import", str(SAMPLE))
    with (SAMPLE / "residents.csv").open(encoding="utf-8") as fh:
        raw = [row["id"] for row in csv.DictReader(fh)]
    key = KEY.encode()
    text = (data_dir / activity.LOG_FILE).read_text(encoding="utf-8")
    for rid in raw:
        assert rid not in text and pseudonymise(rid, key) not in text
    # a caller passing one by mistake gets it withheld, in values and in keys
    pseudonym = pseudonymise(raw[0], key)
    entry = activity.record(
        get_settings(), "import", source=f"file-{pseudonym}.csv", files={pseudonym: 1}
    )
    assert entry["source"] == "[withheld]" and entry["files"] == {"[withheld]": 1}
    assert pseudonym not in (data_dir / activity.LOG_FILE).read_text(encoding="utf-8")


def _append_many(data_dir: str, worker: int) -> None:
    for i in range(200):
        activity.record(Path(data_dir), "token.create", actor=f"user:w{worker}", token=f"t{i}")


def test_several_processes_append_without_losing_or_tearing_lines(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_append_many, args=(str(tmp_path), w)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    lines = (tmp_path / activity.LOG_FILE).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 800
    parsed = [json.loads(line) for line in lines]  # every line whole
    for w in range(4):
        mine = [e["token"] for e in parsed if e["actor"] == f"user:w{w}"]
        assert mine == [f"t{i}" for i in range(200)]  # each writer's order kept


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_data_dir_files_are_private_whatever_the_umask(data_dir: Path) -> None:
    _run("import", str(SAMPLE))
    _run("map", "--output", str(data_dir.parent / "map.html"))  # remembers a layout
    assert _mode(data_dir) == "0o700"
    dirs = [p for p in data_dir.rglob("*") if p.is_dir()]
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert {p.name for p in dirs} >= {"releases", "layouts"}
    names = {p.name for p in files}
    assert {"netmap.sqlite3", activity.LOG_FILE}.issubset(names)
    assert any(n.endswith(".json.gz") for n in names)
    assert {p.name: _mode(p) for p in dirs} == {p.name: "0o700" for p in dirs}
    assert {p.name: _mode(p) for p in files} == {p.name: "0o600" for p in files}


def test_an_old_lax_data_dir_is_made_private_when_opened(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o755)
    db = data_dir / "netmap.sqlite3"
    db.touch(mode=0o644)
    (data_dir / "netmap.sqlite3-wal").touch(mode=0o644)
    os.chmod(db, 0o644)
    private_sqlite(db)  # what the store does before SQLite opens the file
    assert _mode(data_dir / "netmap.sqlite3-wal") == "0o600"
    os.chmod(db, 0o644)
    os.chmod(data_dir, 0o755)
    _run("stats")
    assert _mode(data_dir) == "0o700"
    assert _mode(db) == "0o600"


def test_settings_or_a_directory_name_the_same_log(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    activity.record(s, "wipe", actor="token:区役所", nodes_removed=3)
    assert activity.read(tmp_path) == activity.read(s)
    assert activity.read(s)[0]["actor"] == "token:区役所"
    with pytest.raises(ValueError, match="unknown activity"):
        activity.record(s, "delete-everything")
