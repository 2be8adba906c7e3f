"""Structured logs: one form, levels from -v or NETMAP_LOG_LEVEL, no pseudonyms."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netmap.cli import app
from netmap.logs import StructuredFormatter, event


def test_a_pseudonym_in_a_field_is_withheld(caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("netmap.test")
    with caplog.at_level(logging.INFO, logger="netmap.test"):
        event(log, "import.done", source="data.zip", resident="R-" + "ab" * 12, nodes=3)
    (rec,) = caplog.records
    text = StructuredFormatter().format(rec)
    assert " INFO netmap.test import.done source=data.zip resident=[withheld] nodes=3" in text
    assert "R-abab" not in text


def test_verbose_cli_logs_an_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from netmap.config import get_settings

    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    get_settings.cache_clear()
    sample = Path(__file__).parent / "fixtures" / "sample"
    try:
        res = CliRunner().invoke(app, ["-v", "import", str(sample)])
    finally:
        get_settings.cache_clear()
    assert res.exit_code == 0, res.output
    err = capfd.readouterr().err + res.output
    assert "import.done source=sample store=embedded sync=False nodes_written=" in err
    assert "R-" not in err.replace("INFO", "")
