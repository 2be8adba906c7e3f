"""``netmap export`` and ``netmap report`` through the CLI (Typer's runner), and the demo
producer."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import DEMO_KEY
from tests.export_data import AS_OF, REFERENCE, Data
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import get_settings


@pytest.fixture
def env(demo_data: Data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data dir holding a copy of the demo store, as the CLI's settings."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(demo_data.settings.embedded_path, data / "netmap.sqlite3")
    monkeypatch.setenv("NETMAP_DATA_DIR", str(data))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", DEMO_KEY)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_export_png_and_xlsx(env: Path) -> None:
    runner = CliRunner()
    out = env / "konan.png"
    res = runner.invoke(
        app,
        ["export", "--area", "konan", "--as-of", AS_OF, "--output", str(out), "--paper", "A3",
         "--orientation", "portrait", "--dpi", "72"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert f"wrote {out}" in res.output
    from PIL import Image

    assert Image.open(out).size == (842, 1191)  # A3 portrait at 72 dpi
    # an as_of after a month end is answered by that month's release
    res = runner.invoke(
        app, ["export", "--area", "konan-noba", "--as-of", "2026-12-03", "-o", str(env / "t.xlsx")]
    )
    assert res.exit_code == 0, res.output
    assert (env / "t.xlsx").stat().st_size > 3000
    from openpyxl import load_workbook

    about = {r[0].value: r[1].value for r in load_workbook(env / "t.xlsx")["about"].iter_rows()}
    assert about["データ基準日"] == REFERENCE.isoformat()
    # the one release both exports read, built in the CLI's data dir and frozen
    releases = env / "data" / "releases"
    assert sorted(p.name for p in releases.glob("month-*")) == [
        "month-2026-11-30.json.gz",
        "month-2026-11-30.served",
    ]


def test_report(env: Path) -> None:
    out = env / "sheet.pdf"
    res = CliRunner().invoke(
        app, ["report", "--area", "konan-noba", "--as-of", AS_OF, "--output", str(out)]
    )
    assert res.exit_code == 0, res.output
    text = subprocess.run(
        ["pdftotext", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "野庭地区 地区シート" in text
    assert f"データ基準日 {REFERENCE.isoformat()}" in text


def test_usage_errors_exit_2(env: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["export", "--output", str(env / "x.docx")])
    assert res.exit_code == 2
    assert "cannot export" in res.output
    res = runner.invoke(app, ["report", "--area", "nowhere", "--output", str(env / "s.pdf")])
    assert res.exit_code == 2
    assert "unknown area" in res.output
    assert not (env / "s.pdf").exists()


def test_demo_producer_writes_a_diagram_and_a_sheet(demo_data: Data, tmp_path: Path) -> None:
    from netmap.service.exports import demo_exports
    from netmap.store.embedded import EmbeddedStore

    store = EmbeddedStore(demo_data.settings.embedded_path)
    try:
        written = demo_exports(store, demo_data.settings, tmp_path)
    finally:
        store.close()
    names = sorted(p.name for p in written)
    assert len(names) == 3
    assert [n.split("-")[0] for n in names] == ["diagram", "diagram", "sheet"]
    assert {p.suffix for p in written} == {".png", ".pdf"}
    assert all(p.stat().st_size > 10_000 for p in written)
