"""``netmap import / stats / db`` through Typer's runner: exit codes, output shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.ingest.conftest import BAD, SAMPLE, SAMPLE_CP932, TEST_KEY
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "data"
    monkeypatch.setenv("NETMAP_DATA_DIR", str(data))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.setenv("NETMAP_LANG", "en")  # the English messages
    get_settings.cache_clear()
    yield data
    get_settings.cache_clear()


def _json(output: str) -> dict[str, object]:
    parsed: dict[str, object] = json.loads(output)
    return parsed


def _stats() -> dict[str, object]:
    result = runner.invoke(app, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    return _json(result.stdout)


def test_import_table_then_stats() -> None:
    result = runner.invoke(app, ["import", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "organisations.csv" in result.stdout
    assert "written: 67 nodes, 160 relationships" in result.stdout
    assert "total: 89 added, 0 updated, 0 removed, 0 unchanged" in result.stdout
    assert result.stderr == ""  # food_bank is a kind the kinds file adds: no warning
    stats = _stats()
    assert set(stats) == {"nodes", "relationships"}
    assert stats["nodes"] == {
        "Area": 6,
        "Organisation": 12,
        "Network": 3,
        "Activity": 8,
        "Resident": 15,
        "Need": 14,
        "Referral": 9,
    }
    table = runner.invoke(app, ["stats"])
    assert table.exit_code == 0 and "PARTICIPATES_IN" in table.stdout


def test_import_json_report() -> None:
    result = runner.invoke(app, ["import", str(SAMPLE_CP932), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = _json(result.stdout)
    assert report["ok"] is True
    assert report["store"] == "embedded"
    files = report["files"]
    assert isinstance(files, list)
    assert {"name": "areas.csv", "encoding": "cp932", "rows": 6} in files
    assert (report["nodes_written"], report["relationships_written"]) == (67, 160)
    assert report["warnings"] == [] and report["dry_run"] is False
    changes = report["changes"]
    assert isinstance(changes, list)
    assert {
        "kind": "organisations",
        "label": "Organisation",
        "added": 12,
        "updated": 0,
        "removed": 0,
        "unchanged": 0,
    } in changes


def test_bad_input_exit_1_every_problem_listed_nothing_written() -> None:
    assert runner.invoke(app, ["import", str(SAMPLE)]).exit_code == 0
    before = _stats()
    result = runner.invoke(app, ["import", str(BAD)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "import rejected: 9 problems; nothing was written" in result.stderr
    assert "areas.csv, row 5, column 'level'" in result.stderr  # Excel's row 5
    assert "referrals.csv, row 3: the row has 7 cells" in result.stderr
    as_json = runner.invoke(app, ["import", str(BAD), "--format", "json"])
    assert as_json.exit_code == 1
    body = _json(as_json.stdout)
    assert body["ok"] is False
    problems = body["problems"]
    assert isinstance(problems, list) and len(problems) == 9
    assert {"file": "activities.csv", "row": 2, "column": "organisation_id"}.items() <= problems[
        0
    ].items()
    assert _stats() == before


def test_sync_flag_and_missing_path(tmp_path: Path) -> None:
    assert runner.invoke(app, ["import", str(SAMPLE)]).exit_code == 0
    only_areas = tmp_path / "areas-only"
    only_areas.mkdir()
    (only_areas / "areas.csv").write_text(
        "id,name,level,parent_id\nyokohama,横浜市,city,\n", encoding="utf-8"
    )
    # the other areas are still referenced by organisations etc.: the sync is refused
    result = runner.invoke(app, ["import", str(only_areas), "--sync", "--format", "json"])
    assert result.exit_code == 1, result.output
    problems = _json(result.stdout)["problems"]
    assert isinstance(problems, list)
    assert {p["value"] for p in problems} == {
        "kohoku",
        "kohoku-hiyoshi",
        "kohoku-hiyoshi-honcho",
        "kohoku-nippa",
        "kohoku-tsunashima",
    }
    assert "Organisation org-jichikai-hiyoshi" in str(problems)  # both records named
    # the organisation nothing refers to any more goes
    smaller = tmp_path / "smaller"
    smaller.mkdir()
    for name in ("organisations.csv", "memberships.csv"):
        lines = (SAMPLE / name).read_text(encoding="utf-8").splitlines()
        kept = [ln for ln in lines if not ln.startswith("org-old-center,")]
        (smaller / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    (smaller / "kinds.csv").write_bytes((SAMPLE / "kinds.csv").read_bytes())
    result = runner.invoke(app, ["import", str(smaller), "--sync", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = _json(result.stdout)
    assert report["sync"] is True and report["nodes_removed"] == 1
    missing = runner.invoke(app, ["import", str(tmp_path / "nope")])
    assert missing.exit_code == 1
    assert "no such file or folder" in missing.stderr


def test_db_init_and_wipe() -> None:
    assert runner.invoke(app, ["db", "init"]).exit_code == 0
    assert runner.invoke(app, ["import", str(SAMPLE)]).exit_code == 0
    refused = runner.invoke(app, ["db", "wipe"])
    assert refused.exit_code == 1
    assert "--yes" in refused.stderr
    assert _stats()["nodes"] != {}
    wiped = runner.invoke(app, ["db", "wipe", "--yes"])
    assert wiped.exit_code == 0
    nodes = _stats()["nodes"]
    assert isinstance(nodes, dict) and set(nodes.values()) == {0}
