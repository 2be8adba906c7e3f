"""The master workbook regenerated from the store (``netmap export --for-import``), and
imports that never silently undo a later check (an approved self-review) with an older
workbook's rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from netmap.config import Settings
from netmap.errors import ImportValidationError
from netmap.ingest import run_import
from netmap.ingest.master import MASTER_FILES
from netmap.service.master import write_master
from netmap.store.embedded import EmbeddedStore

from .conftest import SAMPLE, WriteCsv


def _unchanged(report_changes: list[object]) -> bool:
    return all(
        not (c.added or c.updated or c.removed)  # type: ignore[attr-defined]
        for c in report_changes
    )


@pytest.mark.parametrize("target", ["master.xlsx", "master"])
def test_the_master_reimports_without_a_change(
    store: EmbeddedStore, settings: Settings, tmp_path: Path, target: str
) -> None:
    run_import(SAMPLE, store, settings=settings)
    written = write_master(store.export_graph(), tmp_path / target)
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o600
    report = run_import(
        written[0].parent if target == "master" else written[0],
        store,
        settings=settings,
        dry_run=True,
    )
    assert report.changes and _unchanged(report.changes)
    kinds = {c.kind for c in report.changes}
    assert {"organisations", "activities", "networks", "memberships", "partnerships"} <= kinds
    assert sum(c.unchanged for c in report.changes) > 0


def test_the_master_holds_no_personal_data(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    run_import(SAMPLE, store, settings=settings)
    assert store.counts().nodes["Resident"] > 0 and store.counts().nodes["Referral"] > 0
    written = write_master(store.export_graph(), tmp_path / "csv")
    assert {p.name for p in written} == set(MASTER_FILES)
    assert not {"residents.csv", "referrals.csv", "participations.csv"} & {p.name for p in written}
    from openpyxl import load_workbook

    (book,) = write_master(store.export_graph(), tmp_path / "master.xlsx")
    sheets = set(load_workbook(book, read_only=True).sheetnames)
    assert {"organisations", "activities", "memberships"} <= sheets
    assert not {"residents", "participations", "referrals"} & sheets


def test_cli_export_for_import(
    store: EmbeddedStore, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from netmap.cli import app
    from netmap.config import get_settings

    run_import(SAMPLE, store, settings=settings)
    monkeypatch.setenv("NETMAP_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    runner = CliRunner()
    out = tmp_path / "台帳.xlsx"
    r = runner.invoke(app, ["export", "--output", str(out), "--for-import"])
    assert r.exit_code == 0, r.output
    assert f"wrote {out}" in r.output
    report = run_import(out, store, settings=settings, sync=True, dry_run=True)
    assert _unchanged(report.changes) and not report.warnings
    r = runner.invoke(app, ["export", "--output", str(out), "--for-import", "--area", "kohoku"])
    assert r.exit_code == 2
    assert "--area" in r.output


def test_master_rows_carry_references_back_as_the_files_have_them(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    run_import(SAMPLE, store, settings=settings)
    (path,) = [
        p for p in write_master(store.export_graph(), tmp_path / "m") if p.name == "activities.csv"
    ]
    rows = {r["id"]: r for r in csv.DictReader(path.read_text("utf-8-sig").splitlines())}
    with (SAMPLE / "activities.csv").open(encoding="utf-8-sig") as f:
        original = {r["id"]: r for r in csv.DictReader(f)}
    for aid, row in original.items():
        assert rows[aid]["organisation_id"] == row["organisation_id"]
        assert rows[aid]["area_id"] == row["area_id"]
        assert set(rows[aid]["needs"].split(";")) == set(row["needs"].split(";"))


def test_formula_like_names_round_trip_as_text(
    store: EmbeddedStore, settings: Settings, tmp_path: Path, write_csv: WriteCsv
) -> None:
    run_import(SAMPLE, store, settings=settings)
    evil = '=HYPERLINK("http://x","y")'
    extra = write_csv(
        {
            "organisations.csv": "id,name,kind,area_id\n"
            + 'org-evil,"=HYPERLINK(""http://x"",""y"")",npo,kohoku\n'
        },
        "evil",
    )
    run_import(extra, store, settings=settings)
    folder = tmp_path / "m"
    write_master(store.export_graph(), folder)
    text = (folder / "organisations.csv").read_text("utf-8-sig")
    assert "'=HYPERLINK" in text  # Excel shows it as text
    report = run_import(folder, store, settings=settings, dry_run=True)
    assert _unchanged(report.changes)
    assert store.export_graph().nodes["org-evil"]["name"] == evil


# --------------------------------------------------------------------------- older rows

REVIEWED = (
    "id,name,kind,area_id,source,verified_on\n"
    "org-plaza-hiyoshi,日吉地域ケアプラザ（本人確認済み）,community_care_plaza,kohoku-hiyoshi,"
    "本人確認,2026-10-01\n"
)


def test_an_older_row_keeps_the_reviewed_record_and_warns(
    store: EmbeddedStore, settings: Settings, write_csv: WriteCsv
) -> None:
    run_import(SAMPLE, store, settings=settings)
    run_import(write_csv({"organisations.csv": REVIEWED}, "reviewed"), store, settings=settings)
    report = run_import(SAMPLE, store, settings=settings)  # the old workbook again
    node = store.export_graph().nodes["org-plaza-hiyoshi"]
    assert node["name"] == "日吉地域ケアプラザ（本人確認済み）"
    assert node["verified_on"] == "2026-10-01"
    (warning,) = [w for w in report.warnings if w.column == "verified_on"]
    assert warning.file == "organisations.csv"
    assert warning.row == 4  # the sheet's row (header is row 1)
    assert "2026-10-01" in warning.reason and "--force-older" in warning.reason
    # the other rows of the old file were imported as usual
    assert store.export_graph().nodes["org-kohoku-welfare"]["name"] == "港北区生活支援課"


def test_sync_refuses_an_older_row_and_writes_nothing(
    store: EmbeddedStore, settings: Settings, write_csv: WriteCsv
) -> None:
    run_import(SAMPLE, store, settings=settings)
    run_import(write_csv({"organisations.csv": REVIEWED}, "reviewed"), store, settings=settings)
    before = store.data_version()
    with pytest.raises(ImportValidationError) as exc:
        run_import(SAMPLE, store, settings=settings, sync=True)
    (problem,) = exc.value.problems
    assert (problem.file, problem.row, problem.column) == ("organisations.csv", 4, "verified_on")
    assert problem.value is None  # the sample's row has no verified_on: never checked
    assert "--sync" in problem.reason and "export --for-import" in problem.reason
    assert store.data_version() == before


def test_force_older_overwrites(
    store: EmbeddedStore, settings: Settings, write_csv: WriteCsv
) -> None:
    run_import(SAMPLE, store, settings=settings)
    run_import(write_csv({"organisations.csv": REVIEWED}, "reviewed"), store, settings=settings)
    report = run_import(SAMPLE, store, settings=settings, sync=True, force_older=True)
    assert not [w for w in report.warnings if w.column == "verified_on"]
    node = store.export_graph().nodes["org-plaza-hiyoshi"]
    assert node["name"] == "日吉地域ケアプラザ"
    assert "verified_on" not in node


def test_a_regenerated_master_carries_the_review(
    store: EmbeddedStore, settings: Settings, write_csv: WriteCsv, tmp_path: Path
) -> None:
    run_import(SAMPLE, store, settings=settings)
    run_import(write_csv({"organisations.csv": REVIEWED}, "reviewed"), store, settings=settings)
    (path,) = write_master(store.export_graph(), tmp_path / "master.xlsx")
    report = run_import(path, store, settings=settings, sync=True, dry_run=True)
    assert _unchanged(report.changes)
    assert not [w for w in report.warnings if w.column == "verified_on"]
