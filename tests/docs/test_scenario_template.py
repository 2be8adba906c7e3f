"""`netmap template --scenario`: the empty plan (計画案) holds only what a plan may hold,
with the import template's headers and notes, and a filled one passes `netmap compare
--scenario` without writing anything."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import get_settings
from netmap.ingest.columns import FILE_SPECS
from netmap.service.scenarios import PLAN_FILES
from netmap.service.templates import (
    SCENARIO_WORKBOOK,
    TEMPLATE_WORKBOOK,
    csv_template_bytes,
    template_sheet_order,
)

sys.path.insert(0, str(Path(__file__).parent))
from fill_workbook import fill_workbook

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
AT = "2026-04-01"
runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The CLI's store: an embedded store holding the sample."""
    data = tmp_path / "cli-data"
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_DATA_DIR", str(data))
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", "scenario-template-test")
    get_settings.cache_clear()
    result = runner.invoke(app, ["import", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    yield data
    get_settings.cache_clear()


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    out = tmp_path / "計画案"
    result = runner.invoke(app, ["template", "--scenario", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "netmap compare --scenario" in result.stdout
    return out


def _stats() -> dict[str, Any]:
    result = runner.invoke(app, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    stats: dict[str, Any] = json.loads(result.stdout)
    return stats


def _compare(plan: Path) -> dict[str, Any]:
    result = runner.invoke(
        app, ["compare", "--scenario", str(plan), "--at", AT, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    obj: dict[str, Any] = json.loads(result.stdout)
    return obj


def test_the_plan_template_holds_only_what_a_plan_may_hold(plan_dir: Path) -> None:
    assert set(PLAN_FILES) == {
        "organisations.csv",
        "activities.csv",
        "networks.csv",
        "memberships.csv",
        "partnerships.csv",
        "needs.csv",
        "kinds.csv",
    }
    assert {p.name for p in plan_dir.iterdir()} == {*PLAN_FILES, SCENARIO_WORKBOOK}
    for name in PLAN_FILES:  # the import template's header row, byte for byte
        assert (plan_dir / name).read_bytes() == csv_template_bytes(name), name


def test_the_plan_workbook_has_the_import_templates_sheets_for_a_plan(
    plan_dir: Path, tmp_path: Path
) -> None:
    made = runner.invoke(app, ["template", "-o", str(tmp_path / "t"), "--only", "xlsx"])
    assert made.exit_code == 0, made.output
    full = load_workbook(tmp_path / "t" / TEMPLATE_WORKBOOK)
    wb = load_workbook(plan_dir / SCENARIO_WORKBOOK)
    plan_sheets = [n.removesuffix(".csv") for n in template_sheet_order(scenario=True)]
    assert wb.sheetnames == ["説明", *plan_sheets, "vocabularies"]
    assert plan_sheets[0] == "organisations"
    for name in ("residents", "referrals", "participations", "areas"):
        assert name not in wb.sheetnames
    for sheet in plan_sheets:  # what users see and type: the same headers, notes, lists
        ws, ref = wb[sheet], full[sheet]
        assert [c.value for c in ws[1]] == FILE_SPECS[f"{sheet}.csv"].column_names()
        assert [c.value for c in ws[1]] == [c.value for c in ref[1]]
        assert [c.comment.text for c in ws[1] if c.comment] == [
            c.comment.text for c in ref[1] if c.comment
        ]
        assert [(str(d.sqref), d.formula1) for d in ws.data_validations.dataValidation] == [
            (str(d.sqref), d.formula1) for d in ref.data_validations.dataValidation
        ]
        assert ws.max_row == 1
    notes = "\n".join(str(c.value) for row in wb["説明"].iter_rows() for c in row if c.value)
    assert "計画案" in notes
    assert f"netmap compare --scenario {SCENARIO_WORKBOOK}" in notes
    assert "netmap import" not in notes
    described = {str(r[0].value) for r in wb["説明"].iter_rows() if r[0].value}
    assert {s for s in plan_sheets} <= described
    assert "residents" not in described


def test_the_plan_template_filled_with_one_row_passes_compare(env: Path, plan_dir: Path) -> None:
    before = _stats()
    with (plan_dir / "activities.csv").open("a", encoding="utf-8", newline="") as fh:
        fh.write(
            "act-plan-pantry,新羽フードパントリー,食支援・子ども食堂,org-npo-kodomo,kohoku-nippa,"
            "食,子育て家庭,30,2026-04-01,,計画案,\r\n"
        )
    obj = _compare(plan_dir)
    assert obj["params"]["analysis"] == "scenario"
    assert obj["params"]["planned"]["files"]["activities.csv"] == 1
    assert [r["id"] for r in obj["records"]["activities"]["added"]] == ["act-plan-pantry"]
    assert [(g["area_id"], g["need"]) for g in obj["gaps"]["closed"]] == [("kohoku-nippa", "food")]
    assert _stats() == before  # nothing written


def test_the_plan_workbook_filled_with_one_row_passes_compare(
    env: Path, plan_dir: Path, tmp_path: Path
) -> None:
    rows = tmp_path / "rows"
    rows.mkdir()
    (rows / "organisations.csv").write_text(
        "id,name,kind,area_id,sectors,provides,valid_from\n"
        "org-plan-nippa,新羽こども食堂の会,NPO法人,kohoku-nippa,食,食,2026-04-01\n",
        encoding="utf-8",
    )
    book = fill_workbook(plan_dir / SCENARIO_WORKBOOK, rows, tmp_path / "plan.xlsx")
    before = _stats()
    obj = _compare(book)
    assert obj["params"]["planned"]["files"] == {"organisations (sheet)": 1}
    assert [r["id"] for r in obj["records"]["organisations"]["added"]] == ["org-plan-nippa"]
    assert [(g["area_id"], g["need"]) for g in obj["gaps"]["closed"]] == [("kohoku-nippa", "food")]
    assert _stats() == before


def test_the_empty_plan_template_changes_nothing(env: Path, plan_dir: Path) -> None:
    for plan in (plan_dir, plan_dir / SCENARIO_WORKBOOK):
        obj = _compare(plan)
        assert obj["totals"] == {
            k: {"added": 0, "ended": 0}
            for k in ("organisations", "activities", "networks", "memberships", "partnerships")
        }
        assert (obj["gaps"]["opened"], obj["gaps"]["closed"]) == ([], [])


def test_the_import_template_is_unchanged_by_the_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", "-o", str(tmp_path / "t"), "-f", "json"])
    assert result.exit_code == 0, result.output
    written = {Path(p).name for p in json.loads(result.stdout)["written"]}
    assert written == {*FILE_SPECS, TEMPLATE_WORKBOOK}
