"""The demo's plan to try (計画案, ``plan-example/`` beside the data): evaluated against the
demo, it closes exactly the gaps ``scenario`` in src/netmap/demo/planted.json lists, ends
exactly the isolation it lists, adds exactly the planned records and nothing else, and
writes nothing. On the demo imported once per session (``demo_settings``, a private copy
of its store)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import Settings, get_settings
from netmap.demo import REFERENCE_DATE, planted
from netmap.demo.plan import SCENARIO_CLOSES, SCENARIO_DIR, SCENARIO_ENDS_ISOLATION
from netmap.demo.scenario import build_plan
from netmap.demo.writer import write_plan
from netmap.service.scenarios import evaluate_scenario
from netmap.store.embedded import EmbeddedStore

RECORDS = ("organisations", "activities", "networks")
TIES = ("memberships", "partnerships")


@dataclass(frozen=True)
class Demo:
    settings: Settings  # a private copy of the session's demo store
    plan: Path  # the plan, as `netmap demo` writes it


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, demo_settings: Callable[[Path], Settings]
) -> Demo:
    root = tmp_path_factory.mktemp("demo-scenario")
    plan = root / SCENARIO_DIR
    write_plan(build_plan(), plan)  # what generate(..., plan_dir=...) writes
    return Demo(demo_settings(root / "data"), plan)


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    scenario: dict[str, Any] = planted()["scenario"]
    return scenario


def _state(settings: Settings) -> tuple[Any, ...]:
    store = EmbeddedStore(settings.embedded_path)
    try:
        return (store.data_version(), store.counts().as_dict())
    finally:
        store.close()


@pytest.fixture(scope="module")
def evaluated(demo: Demo, expected: dict[str, Any]) -> dict[str, Any]:
    """``evaluate_scenario`` of the plan, with the store's data version and counts before
    and after."""
    before = _state(demo.settings)
    store = EmbeddedStore(demo.settings.embedded_path)
    try:
        obj = evaluate_scenario(demo.plan, store, settings=demo.settings, at=expected["at"])
    finally:
        store.close()
    return {"obj": obj, "before": before, "after": _state(demo.settings)}


@pytest.fixture
def cli_env(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    settings = demo.settings
    assert settings.pseudonym_key is not None
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", settings.pseudonym_key.get_secret_value())
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _pairs(obj: dict[str, Any], state: str) -> list[tuple[str, str]]:
    return [(g["area_id"], g["need"]) for g in obj["gaps"][state]]


def _check(obj: dict[str, Any], expected: dict[str, Any]) -> None:
    """``obj`` (compare's JSON of the plan) is exactly the planted effect."""
    p = obj["params"]
    assert (p["analysis"], p["at"], p["from"], p["to"]) == ("scenario",) + (expected["at"],) * 3
    assert (p["scenario"], p["level"], p["counts"]) == (SCENARIO_DIR, "district", "exact")
    assert p["planned"]["files"] == expected["files"]
    # the gaps it closes, with demand and supply before and after; none opens
    assert _pairs(obj, "opened") == _pairs(expected, "opened") == []
    assert _pairs(obj, "closed") == _pairs(expected, "closed")
    for got, want in zip(obj["gaps"]["closed"], expected["gaps"]["closed"], strict=True):
        assert got["kind"] == want["kind"] == {"from": "gap", "to": None}
        for measure in ("demand", "supply"):
            w = want[measure]
            assert got[measure] == {"from": w["from"], "to": w["to"], "change": w["to"] - w["from"]}
    # the isolation it ends, with the reasons; none begins
    assert obj["isolated"]["newly_isolated"] == []
    got_iso = [(a["area_id"], a["reasons"]) for a in obj["isolated"]["no_longer_isolated"]]
    want_iso = [(a["area_id"], a["reasons"]) for a in expected["isolated"]["no_longer_isolated"]]
    assert got_iso == want_iso
    for got_a, want_a in zip(
        obj["isolated"]["no_longer_isolated"],
        expected["isolated"]["no_longer_isolated"],
        strict=True,
    ):
        w = want_a["activities"]
        change = w["to"] - w["from"]
        assert got_a["activities"] == {"from": w["from"], "to": w["to"], "change": change}
    # exactly the planned records and ties are added; nothing ends
    for section in RECORDS:
        changes = obj["records"][section]
        assert [r["id"] for r in changes["added"]] == expected["records"][section], section
        assert changes["ended"] == [], section
    ties = expected["ties"]
    memberships = {(m["organisation_id"], m["network_id"]) for m in ties["memberships"]}
    assert {(t["source"], t["target"]) for t in obj["ties"]["memberships"]["added"]} == memberships
    partners = {frozenset((p["source_id"], p["target_id"])) for p in ties["partnerships"]}
    added = obj["ties"]["partnerships"]["added"]
    assert {frozenset((t["source"], t["target"])) for t in added} == partners
    assert set(obj["ties"]) == set(TIES)  # no referral links: a plan holds no referrals
    for section in TIES:
        assert obj["ties"][section]["ended"] == [], section
    # referrals are not planned: the flows of both sides are the same
    for area in obj["flows"]["areas"]:
        assert all(v["change"] in (0, None) for k, v in area.items() if isinstance(v, dict)), area


def test_the_manifest_lists_the_plans_intended_effect(expected: dict[str, Any]) -> None:
    assert (expected["folder"], expected["level"]) == (SCENARIO_DIR, "district")
    assert expected["at"] > REFERENCE_DATE  # planned for after the demo's "now"
    assert _pairs(expected, "closed") == sorted(SCENARIO_CLOSES)
    assert [a["area_id"] for a in expected["isolated"]["no_longer_isolated"]] == sorted(
        SCENARIO_ENDS_ISOLATION
    )
    planned = sum(expected["files"].values())
    assert planned == 10
    assert planned == sum(len(v) for v in expected["records"].values()) + sum(
        len(v) for v in expected["ties"].values()
    )
    # the closed gaps are planted gaps of the demo, and the isolated districts planted ones
    gaps = {(g["area_id"], g["need"]) for g in planted()["gaps"]}
    assert set(SCENARIO_CLOSES) <= gaps
    isolated = {a["area_id"] for a in planted()["isolated"]}
    assert set(SCENARIO_ENDS_ISOLATION) <= isolated


def test_the_plan_is_in_the_import_format_without_personal_data(demo: Demo) -> None:
    files = sorted(p.name for p in demo.plan.iterdir())
    assert files == sorted(planted()["scenario"]["files"])
    assert not {"residents.csv", "referrals.csv", "participations.csv"} & set(files)


def test_the_plan_closes_exactly_the_planted_gaps_and_ends_the_planted_isolation(
    evaluated: dict[str, Any], expected: dict[str, Any]
) -> None:
    _check(evaluated["obj"], expected)


def test_evaluating_the_plan_writes_nothing(evaluated: dict[str, Any]) -> None:
    assert evaluated["after"] == evaluated["before"]


def test_the_cli_reports_the_same_effect(
    cli_env: None, demo: Demo, expected: dict[str, Any], evaluated: dict[str, Any]
) -> None:
    runner = CliRunner()
    before = _state(demo.settings)
    args = ["compare", "--scenario", str(demo.plan), "--at", expected["at"]]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    _check(obj, expected)
    assert obj == evaluated["obj"]
    # the table names the plan and lists the closed gaps
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "計画案" in table.stdout and "解消" in table.stdout
    assert _state(demo.settings) == before
