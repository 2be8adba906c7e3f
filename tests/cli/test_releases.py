"""``netmap release list|build|show`` and ``netmap audit disclosure``, through the CLI."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from tests.disclosure.test_release import NOV, _refs, city
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import get_settings
from netmap.disclosure.storage import GraphSource, ReleaseStore

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    get_settings.cache_clear()
    store = ReleaseStore(tmp_path, period="month", threshold=10)
    G = city(refs=_refs("2026-11", 12))
    store.get_or_build(NOV, GraphSource(version=lambda: "v1", graph=lambda: G))
    yield tmp_path
    get_settings.cache_clear()


def _read(path: Path) -> dict[str, Any]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        obj: dict[str, Any] = json.load(fh)
    return obj


def _tamper(path: Path, shown: dict[tuple[str, ...], int]) -> None:
    """Publish some hidden cells, as a broken suppression would."""
    obj = _read(path)
    for cell in obj["cells"]:
        if tuple(cell[0]) in shown:
            cell[2] = shown[tuple(cell[0])]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(obj, ensure_ascii=False))


def test_audit_passes_on_a_built_release(data_dir: Path) -> None:
    r = runner.invoke(app, ["audit", "disclosure", "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["release"] == "month-2026-11-30" and out["passed"] is True
    assert out["hidden"] > 0 and out["failures"] == []


def test_audit_fails_on_an_under_protected_table_naming_the_cell(data_dir: Path) -> None:
    """The issue's {ward 30: 3, 4, 23}: publish the 23 (and everything around it) and the
    5 and the 4 are capped at 8."""
    path = ReleaseStore(data_dir, period="month", threshold=10).path(NOV)
    obj = _read(path)
    exact = {tuple(k): e for k, e, _s in obj["cells"]}
    assert (exact[("res", "w1-a")], exact[("res", "w1-b")], exact[("res", "w1-c")]) == (5, 4, 23)
    # show every cell except those of the two small districts
    _tamper(path, {k: e for k, e in exact.items() if k[1] not in {"w1-a", "w1-b"}})
    r = runner.invoke(app, ["audit", "disclosure", "--release", "month-2026-11-30"])
    assert r.exit_code == 1
    assert "res|w1-a: [1, 8] upper below threshold" in r.output
    assert "res|w1-b: [1, 8] upper below threshold" in r.output
    assert "FAILED" in r.output


def test_release_list_show_and_build(data_dir: Path) -> None:
    r = runner.invoke(app, ["release", "list", "--format", "json"])
    assert r.exit_code == 0, r.output
    (rel,) = json.loads(r.stdout)["releases"]
    assert (rel["id"], rel["period_start"], rel["served"]) == (
        "month-2026-11-30",
        "2026-11-01",
        False,
    )
    assert rel["hidden"] > 0 and rel["audit"]["passed"] is True
    r = runner.invoke(app, ["release", "show", "--format", "json"])
    shown = json.loads(r.stdout)
    assert shown["tables"]["res"]["hidden"] >= 2 and "cells" in shown
    assert "exact" not in r.stdout  # a summary, never a hidden value
    r = runner.invoke(app, ["release", "show", "--release", "month-2020-01-31"])
    assert r.exit_code == 1 and "no release 'month-2020-01-31'" in r.output
    r = runner.invoke(app, ["release", "build", "--date", "2026-11-15"])
    assert r.exit_code == 2 and "is not a month end" in r.output
    tomorrow = dt.date.today() + dt.timedelta(days=40)
    r = runner.invoke(app, ["release", "build", "--date", tomorrow.isoformat()])
    assert r.exit_code == 2
