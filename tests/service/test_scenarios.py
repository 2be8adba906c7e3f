"""What-if scenarios: a plan is validated like an import, laid over the stored graph in
memory exactly as the store would write it, compared with "now", and never stored."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import Settings, get_settings
from netmap.errors import ImportValidationError
from netmap.ingest.pipeline import prepare_import, run_import
from netmap.model.graph import apply_batch
from netmap.service.scenarios import evaluate_scenario, plan_date
from netmap.store.embedded import EmbeddedStore

SAMPLE = Path(__file__).parents[1] / "fixtures" / "sample"
AT = "2024-06-30"
ORG_HEADER = "id,name,kind,area_id,sectors,provides,valid_from,valid_to,source,verified_on\n"
ACT_HEADER = (
    "id,name,kind,organisation_id,area_id,needs,target_groups,capacity,"
    "valid_from,valid_to,source,verified_on\n"
)


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[tuple[EmbeddedStore, Settings]]:
    settings = Settings(data_dir=tmp_path / "data", pseudonym_key="scenario-test")
    store = EmbeddedStore(settings.embedded_path)
    run_import(SAMPLE, store, settings=settings)
    yield store, settings
    store.close()


def _plan(root: Path, **files: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / f"{name}.csv").write_text(text, encoding="utf-8")
    return root


def _nippa_food(root: Path) -> Path:
    """A food pantry run by an existing organisation in 新羽 (a food gap at the sample's date),
    joining an existing network."""
    return _plan(
        root,
        activities=ACT_HEADER
        + "act-plan-pantry,新羽フードパントリー,food_support,org-npo-kodomo,kohoku-nippa,"
        "food,families,30,2024-04-01,,計画案,2024-06-01\n",
    )


def _graph_data(G: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    nodes = sorted((n, sorted(d.items(), key=str)) for n, d in G.nodes(data=True))
    edges = sorted(
        (s, t, k, sorted(d.items(), key=str)) for s, t, k, d in G.edges(keys=True, data=True)
    )
    return nodes, edges


def test_apply_batch_is_what_the_store_would_write(
    stored: tuple[EmbeddedStore, Settings], tmp_path: Path
) -> None:
    store, settings = stored
    # a plan that also re-writes an existing organisation (its owned relationships change)
    plan = _nippa_food(tmp_path / "plan")
    shutil.copy(SAMPLE / "needs.csv", plan / "needs.csv")
    orgs = (SAMPLE / "organisations.csv").read_text(encoding="utf-8").splitlines()
    kodomo = next(line for line in orgs if line.startswith("org-npo-kodomo,"))
    (plan / "organisations.csv").write_text(
        orgs[0] + "\n" + kodomo.replace("kohoku-tsunashima", "kohoku-nippa") + "\n",
        encoding="utf-8",
    )
    batch, _ = prepare_import(plan, store, settings=settings)
    predicted = apply_batch(store.export_graph(), batch)
    store.upsert(batch)
    assert _graph_data(predicted) == _graph_data(store.export_graph())


def test_a_planned_pantry_closes_the_food_gap_and_nothing_is_stored(
    stored: tuple[EmbeddedStore, Settings], tmp_path: Path
) -> None:
    store, settings = stored
    before = (store.data_version(), store.counts().as_dict())
    obj = evaluate_scenario(_nippa_food(tmp_path / "plan"), store, settings=settings, at=AT)
    assert (store.data_version(), store.counts().as_dict()) == before  # never written
    p = obj["params"]
    assert (p["analysis"], p["at"], p["from"], p["to"]) == ("scenario", AT, AT, AT)
    assert p["planned"]["files"] == {"activities.csv": 1}
    closed = [(g["area_id"], g["need"]) for g in obj["gaps"]["closed"]]
    assert closed == [("kohoku-nippa", "food")]
    assert obj["gaps"]["opened"] == []
    (gap,) = obj["gaps"]["closed"]
    assert gap["supply"] == {"from": 0, "to": 1, "change": 1}
    assert [r["id"] for r in obj["records"]["activities"]["added"]] == ["act-plan-pantry"]
    assert obj["names"]["act-plan-pantry"] == "新羽フードパントリー"
    assert "referral_links" not in obj["ties"]


def test_a_bad_plan_lists_every_problem_and_writes_nothing(
    stored: tuple[EmbeddedStore, Settings], tmp_path: Path
) -> None:
    store, settings = stored
    version = store.data_version()
    plan = _plan(
        tmp_path / "bad",
        activities=ACT_HEADER
        + "act-x,X,food_support,org-missing,kohoku-nippa,food,,,2024-04-01,,,\n"
        + "act-y,Y,food_support,org-npo-kodomo,no-such-area,food,,,2024-04-01,,,\n",
    )
    with pytest.raises(ImportValidationError) as err:
        evaluate_scenario(plan, store, settings=settings, at=AT)
    where = {(p.file, p.row, p.column) for p in err.value.problems}
    # rows as Excel shows them: the header is row 1
    assert ("activities.csv", 2, "organisation_id") in where
    assert ("activities.csv", 3, "area_id") in where
    assert store.data_version() == version


def test_a_plan_with_residents_or_referrals_is_refused(
    stored: tuple[EmbeddedStore, Settings], tmp_path: Path
) -> None:
    store, settings = stored
    plan = _nippa_food(tmp_path / "plan")
    shutil.copy(SAMPLE / "residents.csv", plan / "residents.csv")
    shutil.copy(SAMPLE / "needs.csv", plan / "needs.csv")
    version = store.data_version()
    with pytest.raises(ImportValidationError) as err:
        evaluate_scenario(plan, store, settings=settings, at=AT)
    assert [p.file for p in err.value.problems] == ["residents.csv"]
    assert "住民" in err.value.problems[0].reason
    assert store.data_version() == version


def test_the_default_date_is_when_the_plan_opens(
    stored: tuple[EmbeddedStore, Settings], tmp_path: Path
) -> None:
    import datetime as dt

    store, settings = stored
    plan = _plan(
        tmp_path / "later",
        activities=ACT_HEADER
        + "act-later,後で,food_support,org-npo-kodomo,kohoku-nippa,food,,,2031-04-01,,,\n",
    )
    batch, _ = prepare_import(plan, store, settings=settings)
    assert plan_date(batch, today=dt.date(2026, 1, 1)) == dt.date(2031, 4, 1)
    assert plan_date(batch, today=dt.date(2032, 1, 1)) == dt.date(2032, 1, 1)


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", "scenario-test")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_cli_compare_scenario_and_its_usage_errors(cli_env: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(SAMPLE)]).exit_code == 0
    plan = _nippa_food(cli_env / "plan")
    r = runner.invoke(app, ["compare", "--scenario", str(plan), "--at", AT, "--format", "json"])
    assert r.exit_code == 0, r.output
    obj = json.loads(r.stdout)
    assert [(g["area_id"], g["need"]) for g in obj["gaps"]["closed"]] == [("kohoku-nippa", "food")]
    table = runner.invoke(app, ["compare", "--scenario", str(plan), "--at", AT])
    assert table.exit_code == 0 and "計画案" in table.stdout and "解消" in table.stdout
    both = runner.invoke(app, ["compare", "--scenario", str(plan), "--from", AT])
    assert both.exit_code == 2 and "--scenario" in both.output
    neither = runner.invoke(app, ["compare"])
    assert neither.exit_code == 2 and "--from" in neither.output
