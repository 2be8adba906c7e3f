"""`netmap template` and the Excel import: the templates import back unchanged."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from openpyxl import load_workbook
from pydantic import SecretStr
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import Settings, get_settings
from netmap.errors import ImportValidationError
from netmap.ingest.columns import FILE_SPECS, ColumnType
from netmap.ingest.pipeline import run_import
from netmap.service.templates import (
    TEMPLATE_WORKBOOK,
    VOCABULARIES,
    column_note,
    column_vocabulary,
    template_sheet_order,
)
from netmap.store.embedded import EmbeddedStore

sys.path.insert(0, str(Path(__file__).parent))
from fill_workbook import fill_workbook

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
KEY = "template-test-key"
runner = CliRunner()


@pytest.fixture
def template_dir(tmp_path: Path) -> Path:
    out = tmp_path / "template"
    result = runner.invoke(app, ["template", "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, pseudonym_key=SecretStr(KEY))


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The CLI's configured store: an embedded store in tmp_path/cli-data."""
    data = tmp_path / "cli-data"
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_DATA_DIR", str(data))
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", KEY)
    get_settings.cache_clear()
    yield data
    get_settings.cache_clear()


def _stats(data_dir: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    stats: dict[str, Any] = json.loads(result.stdout)
    return stats


def _graph(settings: Settings) -> tuple[set[Any], set[Any]]:
    store = EmbeddedStore(settings.embedded_path)
    try:
        G: nx.MultiDiGraph = store.export_graph()
    finally:
        store.close()
    nodes = {(n, json.dumps(d, sort_keys=True, ensure_ascii=False)) for n, d in G.nodes(data=True)}
    edges = {
        (u, v, json.dumps(d, sort_keys=True, ensure_ascii=False)) for u, v, d in G.edges(data=True)
    }
    return nodes, edges


# --------------------------------------------------------------------------- the files


def test_template_writes_every_file_with_its_declared_header(template_dir: Path) -> None:
    names = {p.name for p in template_dir.iterdir()}
    assert names == {*FILE_SPECS, TEMPLATE_WORKBOOK}
    for name, spec in FILE_SPECS.items():
        data = (template_dir / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), name  # BOM: Excel opens Japanese
        assert data.decode("utf-8-sig") == ",".join(spec.column_names()) + "\r\n"


def test_workbook_has_a_sheet_per_file_with_notes_and_vocabularies(template_dir: Path) -> None:
    wb = load_workbook(template_dir / TEMPLATE_WORKBOOK)
    assert wb.sheetnames == [
        "説明",
        *(n.removesuffix(".csv") for n in template_sheet_order()),
        "vocabularies",
    ]
    vocab_ws = wb["vocabularies"]
    for name, spec in FILE_SPECS.items():
        ws = wb[name.removesuffix(".csv")]
        assert [c.value for c in ws[1]] == spec.column_names()
        assert ws.max_row == 1  # header only
        lists = {
            str(dv.sqref): dv for dv in ws.data_validations.dataValidation if dv.type == "list"
        }
        for i, col in enumerate(spec.columns, start=1):
            cell = ws.cell(1, i)
            assert cell.comment is not None, (name, col.name)
            assert ("【必須】" in cell.comment.text) == col.required, (name, col.name)
            vocab = column_vocabulary(col)
            letter = cell.column_letter
            if vocab is None:
                assert f"{letter}2:{letter}1048576" not in lists, (name, col.name)
                continue
            dv = lists[f"{letter}2:{letter}1048576"]
            # the drop-down's range on the vocabularies sheet holds exactly the vocabulary
            m = re.fullmatch(r"vocabularies!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", dv.formula1)
            assert m is not None, dv.formula1
            cells = vocab_ws[f"{m[1]}{m[2]}:{m[3]}{m[4]}"]
            assert [row[0].value for row in cells] == list(vocab.values)
            if col.choices:
                assert set(col.choices) == set(vocab.values)
            strict = not col.many and not col.soft and col.type is ColumnType.ENUM
            assert (dv.errorStyle in (None, "stop")) == strict, (name, col.name, dv.errorStyle)
    assert {v.name for v in VOCABULARIES} == {
        c.value for c in vocab_ws[1] if c.value and c.column % 3 == 1
    }


def test_every_declared_column_has_a_japanese_note() -> None:
    for name, spec in FILE_SPECS.items():
        for col in spec.columns:
            note, en, _example = column_note(name, col)
            described = note.removeprefix("【必須】").removeprefix("【任意】")
            assert en and "。" in described, (name, col.name, note)


def test_template_never_overwrites_a_filled_file(template_dir: Path) -> None:
    (template_dir / "areas.csv").write_text("id,name,level\nx,X,city\n", encoding="utf-8")
    result = runner.invoke(app, ["template", "--output", str(template_dir)])
    assert result.exit_code == 1
    assert "--force" in result.output
    assert "x,X,city" in (template_dir / "areas.csv").read_text(encoding="utf-8")
    result = runner.invoke(app, ["template", "-o", str(template_dir), "--force", "-f", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["written"]) == len(FILE_SPECS) + 1


def test_only_one_kind(tmp_path: Path) -> None:
    assert (
        runner.invoke(app, ["template", "-o", str(tmp_path / "x"), "--only", "xlsx"]).exit_code == 0
    )
    assert [p.name for p in (tmp_path / "x").iterdir()] == [TEMPLATE_WORKBOOK]
    assert (
        runner.invoke(app, ["template", "-o", str(tmp_path / "c"), "--only", "csv"]).exit_code == 0
    )
    assert {p.name for p in (tmp_path / "c").iterdir()} == set(FILE_SPECS)


# --------------------------------------------------------------------------- import back


def test_empty_templates_import_without_error_and_change_nothing(
    template_dir: Path, env: Path
) -> None:
    assert runner.invoke(app, ["import", str(SAMPLE)]).exit_code == 0
    before = _stats(env)
    for args in (
        [str(template_dir / TEMPLATE_WORKBOOK)],
        [str(template_dir / TEMPLATE_WORKBOOK), "--sync"],  # empty sheets remove nothing
    ):
        result = runner.invoke(app, ["import", *args, "--format", "json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert report["files"] == []
        assert (report["nodes_removed"], report["relationships_removed"]) == (0, 0)
        assert _stats(env) == before
    # the empty CSV files too (a header-only file is a file with no rows)
    result = runner.invoke(app, ["import", str(template_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {f["rows"] for f in json.loads(result.stdout)["files"]} == {0}
    assert _stats(env) == before


def test_filled_workbook_imports_like_the_csv_folder(template_dir: Path, tmp_path: Path) -> None:
    book = fill_workbook(template_dir / TEMPLATE_WORKBOOK, SAMPLE, tmp_path / "filled.xlsx")
    from_csv, from_xlsx = _settings(tmp_path / "csv"), _settings(tmp_path / "xlsx")
    reports = []
    for settings, source in ((from_csv, SAMPLE), (from_xlsx, book)):
        store = EmbeddedStore(settings.embedded_path)
        try:
            reports.append(run_import(source, store, settings=settings))
        finally:
            store.close()
    csv_report, xlsx_report = reports
    assert {(f.name.removesuffix(".csv"), f.rows) for f in csv_report.files} == {
        (f.name.removesuffix(" (sheet)"), f.rows) for f in xlsx_report.files
    }
    assert {f.encoding for f in xlsx_report.files} == {"xlsx"}
    assert [(w.row, w.column, w.value, w.reason) for w in csv_report.warnings] == [
        (w.row, w.column, w.value, w.reason) for w in xlsx_report.warnings
    ]
    assert _graph(from_csv) == _graph(from_xlsx)


def test_filled_workbook_gives_the_same_stats_from_the_cli(
    template_dir: Path, tmp_path: Path, env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = fill_workbook(template_dir / TEMPLATE_WORKBOOK, SAMPLE, tmp_path / "filled.xlsx")
    assert runner.invoke(app, ["import", str(SAMPLE)]).exit_code == 0
    csv_stats = _stats(env)
    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path / "other"))
    get_settings.cache_clear()
    result = runner.invoke(app, ["import", str(book)])
    assert result.exit_code == 0, result.output
    assert "organisations (sheet)" in result.stdout
    assert _stats(tmp_path / "other") == csv_stats


def test_a_bad_cell_is_reported_by_sheet_row_and_column(
    template_dir: Path, tmp_path: Path, env: Path
) -> None:
    book = fill_workbook(template_dir / TEMPLATE_WORKBOOK, SAMPLE, tmp_path / "filled.xlsx")
    wb = load_workbook(book)
    wb["areas"]["C4"] = "town"  # Excel row 4, column level: reported as row 4
    wb["organisations"]["B3"] = None  # a required name left empty
    wb.create_sheet("メモ")["A1"] = "notes for myself"
    wb.save(book)
    settings = _settings(tmp_path / "direct")
    store = EmbeddedStore(settings.embedded_path)
    try:
        with pytest.raises(ImportValidationError) as err:
            run_import(book, store, settings=settings)
        assert store.counts().as_dict()["nodes"]["Area"] == 0  # nothing written
    finally:
        store.close()
    assert {(p.file, p.row, p.column, p.value) for p in err.value.problems} == {
        ("areas (sheet)", 4, "level", "town"),
        ("organisations (sheet)", 3, "name", ""),
    }
    result = runner.invoke(app, ["import", str(book)])
    assert result.exit_code == 1
    assert "areas シート 4 行目 level 列" in result.output  # Japanese by default
    assert "何も書き込んでいません" in result.output
    result = runner.invoke(app, ["import", str(book), "--format", "json"])
    problems = json.loads(result.stdout)["problems"]
    assert {"file": "areas (sheet)", "row": 4, "column": "level"}.items() <= problems[0].items()


def test_unknown_sheets_warn_and_help_sheets_are_skipped(
    template_dir: Path, tmp_path: Path
) -> None:
    from netmap.ingest.xlsx import read_xlsx

    book = fill_workbook(template_dir / TEMPLATE_WORKBOOK, SAMPLE, tmp_path / "filled.xlsx")
    wb = load_workbook(book)
    wb.create_sheet("メモ")["A1"] = "notes"
    wb.save(book)
    tables = read_xlsx(book)
    assert set(tables) == {p.name for p in SAMPLE.glob("*.csv")}
    warnings = [w for t in tables.values() for w in t.warnings]
    assert [(w.file, w.row) for w in warnings] == [("メモ (sheet)", None)]


def test_not_a_workbook(tmp_path: Path, env: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 1
    assert "Excel のブック（.xlsx）として読めません" in result.output
