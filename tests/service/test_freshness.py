"""``netmap stale``: which records need a review (never verified first, then the oldest),
only records open on the day, within an area."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.graph_builder import GraphBuilder
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import get_settings
from netmap.errors import UsageError
from netmap.service.freshness import freshness_band, parse_age, stale_records

TODAY = dt.date(2026, 12, 7)


def test_stale_records_order_scope_and_validity(gb: GraphBuilder) -> None:
    _, w = gb.city_ward()
    gb.area("d1", "district", w)
    gb.area("d2", "district", w)
    gb.org("o-new", "d1", verified_on="2026-10-01")
    gb.org("o-old", "d1", verified_on="2023-04-01", source="区の名簿")
    gb.org("o-never", "d1")
    gb.org("o-closed", "d1", valid_to="2025-03-31")  # not open today: not listed
    gb.org("o-other", "d2")
    gb.act("a-mid", "o-new", "d1", ["food"], verified_on="2025-06-30")
    G = gb.graph()
    rows = stale_records(G, older_than=12, today=TODAY, area="d1")
    assert [r["id"] for r in rows] == ["o-never", "o-old", "a-mid"]
    assert [r["band"] for r in rows] == ["never", "old", "aging"]
    assert rows[1]["source"] == "区の名簿" and rows[1]["verified_on"] == "2023-04-01"
    assert {r["id"] for r in stale_records(G, older_than=12, today=TODAY)} >= {"o-other"}
    # 24 months: only what is older than 2024-12-07
    assert [r["id"] for r in stale_records(G, older_than=24, today=TODAY, area="d1")] == [
        "o-never",
        "o-old",
    ]


def test_ages_and_bands() -> None:
    assert parse_age("18m") == 18 and parse_age("2y") == dt.timedelta(days=730)
    assert parse_age("12か月") == 12
    with pytest.raises(UsageError, match="12m"):
        parse_age("soon")
    assert freshness_band("2025-12-07", TODAY) == "recent"
    assert freshness_band("2025-12-06", TODAY) == "aging"
    assert freshness_band("not a date", TODAY) == "never"


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", "freshness-test")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_cli_stale(cli_env: Path) -> None:
    runner = CliRunner()
    sample = Path(__file__).parents[1] / "fixtures" / "sample"
    assert runner.invoke(app, ["import", str(sample)]).exit_code == 0
    r = runner.invoke(app, ["stale", "--older-than", "12m", "--format", "json"])
    assert r.exit_code == 0, r.output
    records = json.loads(r.stdout)["records"]
    assert records and all(x["band"] in ("never", "aging", "old") for x in records)
    assert runner.invoke(app, ["stale"]).exit_code == 0
    bad = runner.invoke(app, ["stale", "--older-than", "soon"])
    assert bad.exit_code == 2
