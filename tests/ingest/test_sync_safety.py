"""Safe ``--sync`` and honest summaries (issue 14): a record still referring to one the sync
removes is a problem naming both; an empty file or sheet removes nothing unless
``--allow-empty``; every import says what it added, updated, removed and left unchanged
per kind; ``--dry-run`` says it without writing."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from pydantic import SecretStr
from typer.testing import CliRunner

from netmap.api import create_app
from netmap.auth import Role, token_store
from netmap.cli import app
from netmap.config import Settings, get_settings
from netmap.errors import ImportValidationError, UsageError
from netmap.ingest import run_import
from netmap.ingest.pipeline import ImportReport
from netmap.model.schema import Label
from netmap.store.embedded import EmbeddedStore

from .conftest import AREAS, ORGS, SAMPLE, TEST_KEY, WriteCsv

runner = CliRunner()

NETWORKS = "id,name,kind\nnet-care,地域ケア会議,field\n"
MEMBERS = "organisation_id,network_id,role\norg-a,net-care,chair\norg-b,net-care,member\n"


def kinds(report: ImportReport) -> dict[str, tuple[int, int, int, int]]:
    return {c.kind: (c.added, c.updated, c.removed, c.unchanged) for c in report.changes}


@pytest.fixture
def loaded(write_csv: WriteCsv, store: EmbeddedStore, settings: Settings) -> EmbeddedStore:
    files = {
        "areas.csv": AREAS,
        "organisations.csv": ORGS,
        "networks.csv": NETWORKS,
        "memberships.csv": MEMBERS,
    }
    run_import(write_csv(files, "first"), store, settings=settings)
    return store


# --------------------------------------------------------------------------- sync


def test_a_row_referring_to_what_the_sync_removes_is_a_problem_naming_both(
    loaded: EmbeddedStore, write_csv: WriteCsv, settings: Settings
) -> None:
    # org-b is gone from organisations.csv, but memberships.csv still lists it
    folder = write_csv(
        {"organisations.csv": ORGS.splitlines()[0] + "\n" + ORGS.splitlines()[1] + "\n"}
        | {"memberships.csv": MEMBERS},
        "smaller",
    )
    before = loaded.counts()
    with pytest.raises(ImportValidationError) as err:
        run_import(folder, loaded, settings=settings, sync=True)
    (problem,) = err.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "memberships.csv",
        3,
        "organisation_id",
        "org-b",
    )
    assert "refers to an Organisation that --sync removes" in problem.reason
    assert "organisations.csv" in problem.reason
    assert loaded.counts() == before
    # without --sync nothing is removed, so the membership stands
    run_import(folder, loaded, settings=settings)


def test_a_stored_record_referring_to_what_the_sync_removes_is_a_problem(
    loaded: EmbeddedStore, write_csv: WriteCsv, settings: Settings
) -> None:
    folder = write_csv({"organisations.csv": ORGS.replace("org-b,", "org-c,")}, "renamed")
    with pytest.raises(ImportValidationError) as err:
        run_import(folder, loaded, settings=settings, sync=True)
    (problem,) = err.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "organisations.csv",
        None,
        "id",
        "org-b",
    )
    assert "--sync would remove this organisation" in problem.reason
    assert "memberships" in problem.reason  # the stored membership that refers to it
    # importing the memberships without it too: the sync goes ahead
    both = write_csv(
        {
            "organisations.csv": ORGS.replace("org-b,", "org-c,"),
            "memberships.csv": MEMBERS.replace("org-b,", "org-c,"),
        },
        "both",
    )
    report = run_import(both, loaded, settings=settings, sync=True)
    assert kinds(report)["organisations"] == (1, 0, 1, 1)
    assert kinds(report)["memberships"] == (1, 0, 1, 1)
    assert loaded.existing_ids(["org-b", "org-c"]) == {"org-c": Label.ORGANISATION}


def test_residents_are_never_named_in_a_sync_problem(
    write_csv: WriteCsv, store: EmbeddedStore, settings: Settings
) -> None:
    run_import(
        write_csv({"areas.csv": AREAS, "residents.csv": "id,area_id,needs\n山田-1,hiyoshi,food\n"}),
        store,
        settings=settings,
    )
    fewer = AREAS.replace("hiyoshi,日吉地区,district,kohoku\n", "")
    with pytest.raises(ImportValidationError) as err:
        run_import(write_csv({"areas.csv": fewer}, "fewer"), store, settings=settings, sync=True)
    (problem,) = err.value.problems
    assert problem.value == "hiyoshi"
    assert "1 × Resident" in problem.reason
    assert "山田" not in repr(err.value.details)


@pytest.mark.parametrize("container", ["csv", "xlsx"])
def test_an_empty_file_or_sheet_removes_nothing_unless_allowed(
    container: str, loaded: EmbeddedStore, tmp_path: Path, settings: Settings
) -> None:
    header = "organisation_id,network_id,role"
    if container == "csv":
        source = tmp_path / "empty"
        source.mkdir()
        (source / "memberships.csv").write_text(header + "\n", encoding="utf-8")
        (source / "networks.csv").write_text(NETWORKS, encoding="utf-8")
    else:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "memberships"
        ws.append(header.split(","))
        nets = wb.create_sheet("networks")
        for line in NETWORKS.splitlines():
            nets.append(line.split(","))
        source = tmp_path / "empty.xlsx"
        wb.save(source)
    report = run_import(source, loaded, settings=settings, sync=True)
    assert loaded.counts().relationships["MEMBER_OF"] == 2
    assert "memberships" not in kinds(report)
    (note,) = report.warnings
    assert "--allow-empty memberships" in note.reason
    report = run_import(source, loaded, settings=settings, sync=True, allow_empty=["memberships"])
    assert loaded.counts().relationships["MEMBER_OF"] == 0
    assert kinds(report)["memberships"] == (0, 0, 2, 0)
    assert kinds(report)["networks"] == (0, 0, 0, 1)


def test_allow_empty_names_a_kind_and_goes_with_sync(
    loaded: EmbeddedStore, write_csv: WriteCsv, settings: Settings
) -> None:
    folder = write_csv({"networks.csv": NETWORKS}, "nets")
    with pytest.raises(UsageError, match=r"did you mean memberships"):
        run_import(folder, loaded, settings=settings, sync=True, allow_empty=["membership"])
    with pytest.raises(UsageError, match="--sync"):
        run_import(folder, loaded, settings=settings, allow_empty=["memberships"])


# --------------------------------------------------------------------------- summaries


def test_every_import_says_what_it_added_updated_removed_and_left(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    first = run_import(SAMPLE, store, settings=settings)
    assert kinds(first)["organisations"] == (12, 0, 0, 0)
    again = run_import(SAMPLE, store, settings=settings)
    assert all(
        added == updated == removed == 0 for added, updated, removed, _ in kinds(again).values()
    )
    assert kinds(again)["organisations"] == (0, 0, 0, 12)
    assert again.totals().unchanged == first.totals().added
    changed = tmp_path / "changed"
    shutil.copytree(SAMPLE, changed)
    orgs = changed / "organisations.csv"
    text = orgs.read_text(encoding="utf-8")
    text = text.replace(
        ",kohoku-tsunashima,福祉;介護,elder_care,", ",kohoku-nippa,福祉;介護,elder_care,"
    )
    text = text.replace("ハローワーク港北", "ハローワーク港北（新）")
    orgs.write_text(text, encoding="utf-8")
    report = run_import(changed, store, settings=settings)
    assert kinds(report)["organisations"] == (0, 2, 0, 10)  # one moved, one renamed
    assert kinds(report)["areas"] == (0, 0, 0, 6)


def test_dry_run_writes_nothing_and_tells_what_would_change(
    store: EmbeddedStore, settings: Settings
) -> None:
    version = store.data_version()
    preview = run_import(SAMPLE, store, settings=settings, dry_run=True)
    assert preview.dry_run is True
    assert store.data_version() == version
    assert sum(store.counts().nodes.values()) == 0
    assert (preview.nodes_written, preview.relationships_written) == (0, 0)
    real = run_import(SAMPLE, store, settings=settings)
    assert kinds(preview) == kinds(real)
    assert kinds(run_import(SAMPLE, store, settings=settings, dry_run=True))["areas"] == (
        0,
        0,
        0,
        6,
    )


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", TEST_KEY)
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def test_cli_dry_run_and_summary(cli_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dry = runner.invoke(app, ["import", str(SAMPLE), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    folded = " ".join(dry.stdout.split())  # the table's title wraps with a long path
    assert "dry run of" in folded and "nothing was written" in folded
    assert "would be: 89 added, 0 updated, 0 removed, 0 unchanged" in dry.stdout
    stats = json.loads(runner.invoke(app, ["stats", "--format", "json"]).stdout)
    assert set(stats["nodes"].values()) == {0}
    assert runner.invoke(app, ["import", str(SAMPLE)]).exit_code == 0
    again = runner.invoke(app, ["import", str(SAMPLE)])
    assert "total: 0 added, 0 updated, 0 removed, 89 unchanged (no change)" in again.stdout
    monkeypatch.delenv("NETMAP_LANG")
    get_settings.cache_clear()
    ja = runner.invoke(app, ["import", str(SAMPLE), "--format", "json", "--dry-run"])
    body = json.loads(ja.stdout)
    assert body["dry_run"] is True
    assert {"kind": "areas", "label": "Area", "added": 0, "updated": 0, "removed": 0} | {
        "unchanged": 6
    } in body["changes"]
    table = runner.invoke(app, ["import", str(SAMPLE)])
    assert "合計: 追加 0・更新 0・削除 0・変更なし 89（変更はありません）" in table.stdout
    assert "organisations（団体・機関）" in table.stdout


def test_cli_sync_options(cli_env: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["import", str(SAMPLE)]).exit_code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "partnerships.csv").write_text("source_id,target_id,kind\n", encoding="utf-8")
    kept = runner.invoke(app, ["import", str(empty), "--sync"])
    assert kept.exit_code == 0, kept.output
    assert "--allow-empty partnerships" in kept.stderr
    gone = runner.invoke(
        app,
        ["import", str(empty), "--sync", "--allow-empty", "partnerships", "--format", "json"],
    )
    assert gone.exit_code == 0, gone.output
    report = json.loads(gone.stdout)
    assert report["relationships_removed"] == 4
    assert report["changes"] == [
        {
            "kind": "partnerships",
            "label": "PARTNERS_WITH",
            "added": 0,
            "updated": 0,
            "removed": 4,
            "unchanged": 0,
        }
    ]
    bad = runner.invoke(app, ["import", str(empty), "--sync", "--allow-empty", "partner"])
    assert bad.exit_code == 2
    assert "partnerships" in bad.stderr


# --------------------------------------------------------------------------- the API


def _zip(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(folder.glob("*.csv")):
            zf.write(p, p.name)
    return buf.getvalue()


def test_the_api_report_carries_the_changes_and_dry_run(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "api", store="embedded", pseudonym_key=SecretStr(TEST_KEY)
    )
    token = token_store(settings).create(Role("admin"), name="admin")[1]
    headers = {"Authorization": f"Bearer {token}"}
    application = create_app(settings, store_factory=lambda s: EmbeddedStore(s.embedded_path))
    files = {"file": ("sample.zip", _zip(SAMPLE), "application/zip")}
    with TestClient(application, raise_server_exceptions=False) as client:
        dry = client.post("/api/v1/import?dry_run=true", files=files, headers=headers)
        assert dry.status_code == 200, dry.text
        body: dict[str, Any] = dry.json()
        assert body["dry_run"] is True and body["nodes_written"] == 0
        by_kind = {c["kind"]: c for c in body["changes"]}
        assert by_kind["organisations"]["added"] == 12
        done = client.post("/api/v1/import", files=files, headers=headers).json()
        assert done["dry_run"] is False and done["nodes_written"] == 67
        assert {c["kind"]: c["added"] for c in done["changes"]} == {
            c["kind"]: c["added"] for c in body["changes"]
        }
        again = client.post("/api/v1/import", files=files, headers=headers).json()
        assert {c["added"] + c["updated"] + c["removed"] for c in again["changes"]} == {0}
