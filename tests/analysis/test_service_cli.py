"""The JSON contract (service), viewer suppression, CSV, and the CLI on an embedded store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from netmap.analysis._examples import tiny_graph
from netmap.cli import app
from netmap.config import Settings, get_settings
from netmap.service import analyses
from netmap.store.base import GraphStore

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"

GAP_KEYS = {
    "area_id",
    "area_name",
    "need",
    "demand",
    "supply",
    "ratio",
    "kind",
    "candidates",
    "wide_area_resources",
}
AREA_KEYS = {
    "area_id",
    "area_name",
    "isolated",
    "score",
    "reasons",
    "organisations",
    "network_memberships",
    "external_ties",
    "activities",
    "residents_with_needs",
    "isolated_residents",
}
BRIDGE_KEYS = {
    "organisation_id",
    "name",
    "networks",
    "betweenness",
    "constraint",
    "brokerage",
    "articulation_point",
    "score",
    "why",
    "why_en",
}
FLOW_KEYS = {
    "area_id",
    "referrals_out",
    "referrals_in",
    "open",
    "accepted",
    "declined",
    "closed",
    "acceptance_rate",
    "by_need",
    "by_org_kind",
}


def _check_shapes(name: str, obj: dict[str, Any]) -> None:
    assert obj["params"]["analysis"] == name and "as_of" in obj["params"]
    if name == "gaps":
        assert set(obj) == {"params", "gaps", "unallocated", "names"}
        for g in obj["gaps"]:
            assert set(g) == GAP_KEYS
            for c in g["candidates"]:
                assert set(c) == {"activity_id", "name", "area_id", "reason"}
    elif name == "isolated":
        assert set(obj) == {"params", "areas", "names"}
        for a in obj["areas"]:
            assert set(a) == AREA_KEYS
            assert set(a["reasons"]) <= {"no_network_member", "no_external_tie", "no_activity"}
    elif name == "bridges":
        assert set(obj) == {"params", "bridges", "missing_bridges", "names"}
        assert obj["params"]["betweenness"].startswith("exact")
        for b in obj["bridges"]:
            assert set(b) == BRIDGE_KEYS
            assert set(b["brokerage"]) == {
                "coordinator",
                "gatekeeper",
                "representative",
                "itinerant",
                "liaison",
            }
        for m in obj["missing_bridges"]:
            assert set(m) == {"network_ids", "ward_id", "candidates"}
            assert len(m["network_ids"]) == 2
            for c in m["candidates"]:
                assert set(c) == {"organisation_id", "reason"}
    else:
        assert set(obj) == {"params", "areas", "one_way_organisations", "names"}
        for a in obj["areas"]:
            assert set(a) == FLOW_KEYS


@pytest.mark.parametrize("name", ["gaps", "isolated", "bridges", "flows"])
def test_json_shapes_on_the_tiny_graph(name: str) -> None:
    obj = analyses.run_analysis(name, tiny_graph(), as_of="2024-12-31")
    _check_shapes(name, obj)
    assert obj["params"]["as_of"] == "2024-12-31"
    json.dumps(obj, allow_nan=False)


def test_viewer_suppresses_resident_counts() -> None:
    t = Settings(suppression_threshold=10)
    gaps = analyses.gaps_json(tiny_graph(), viewer=True, settings=t)
    (g,) = gaps["gaps"]
    assert (g["demand"], g["suppressed"]) == (None, ["demand"])
    assert gaps["params"]["suppression_threshold"] == 10
    exact = analyses.gaps_json(tiny_graph(), settings=t)
    assert exact["gaps"][0]["demand"] == 2 and "suppressed" not in exact["gaps"][0]
    low = analyses.isolated_json(
        tiny_graph(), viewer=True, settings=Settings(suppression_threshold=2)
    )
    d1 = next(a for a in low["areas"] if a["area_id"] == "d1")
    # 2 with needs, 1 isolated, 1 reached: the isolated count is hidden; the reached part is
    # hidden too (never shown), so the total alone reveals neither
    assert d1["residents_with_needs"] == 2 and d1["isolated_residents"] is None
    assert d1["suppressed"] == ["isolated_residents"]


def test_viewer_flow_suppression_hides_derived_rate() -> None:
    flows = analyses.flows_json(
        tiny_graph(), viewer=True, settings=Settings(suppression_threshold=2)
    )
    d1 = next(a for a in flows["areas"] if a["area_id"] == "d1")
    assert d1["accepted"] is None and d1["acceptance_rate"] is None
    assert {"accepted", "acceptance_rate"} <= set(d1["suppressed"])


def test_undersupplied_ratio_suppressed_with_its_demand(gb: Any) -> None:
    gb.city_ward()
    gb.area("d", "district", "w")
    gb.org("o", "d")
    gb.act("a", "o", "d", ["food"])
    for i in range(3):
        gb.res(f"r{i}", "d", ["food"])
    obj = analyses.gaps_json(
        gb.graph(), ratio=1, viewer=True, settings=Settings(suppression_threshold=10)
    )
    (g,) = obj["gaps"]
    assert (g["demand"], g["ratio"], g["suppressed"]) == (None, None, ["demand", "ratio"])


def test_csv_tables() -> None:
    obj = analyses.bridges_json(tiny_graph())
    tables = analyses.csv_tables("bridges", obj)
    assert list(tables) == ["bridges", "missing_bridges"]
    assert tables["bridges"][0]["organisation_id"] == "o2"
    assert tables["bridges"][0]["networks"] == "n1;n2"
    rows = analyses.csv_rows("gaps", analyses.gaps_json(tiny_graph()))
    assert rows[0]["candidates"] == "a2:same_ward;a1:extend_activity"


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    from netmap.ingest.pipeline import run_import
    from netmap.store.embedded import EmbeddedStore

    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", "test-key")
    get_settings.cache_clear()
    settings = get_settings()
    store = EmbeddedStore(settings.embedded_path)
    store.init()
    run_import(SAMPLE, store, settings=settings)
    store.close()
    yield settings
    get_settings.cache_clear()


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("gaps", ["gaps", "--min-demand", "1", "--ratio", "5"]),
        ("isolated", ["isolated", "--level", "district"]),
        ("bridges", ["bridges", "--top", "3"]),
        ("flows", ["flows"]),
    ],
)
def test_cli_json(cli_env: Settings, name: str, args: list[str]) -> None:
    res = _invoke(*args, "--format", "json", "--as-of", "2024-12-31")
    assert res.exit_code == 0, res.output
    assert not res.stdout.startswith("\ufeff")
    obj = json.loads(res.stdout)
    _check_shapes(name, obj)
    assert obj["params"]["as_of"] == "2024-12-31"


def test_cli_values_on_the_sample(cli_env: Settings) -> None:
    obj = json.loads(_invoke("gaps", "-f", "json", "--as-of", "2024-12-31").stdout)
    assert obj["params"]["level"] == "district"
    assert all(g["area_name"].endswith("地区") for g in obj["gaps"])
    assert "新羽地区" in {g["area_name"] for g in obj["gaps"]}
    bridges = json.loads(_invoke("bridges", "-f", "json", "--top", "2").stdout)
    assert len(bridges["bridges"]) == 2
    assert bridges["bridges"][0]["score"] >= bridges["bridges"][1]["score"]


def test_cli_table_is_japanese(cli_env: Settings) -> None:
    res = _invoke("isolated")
    assert res.exit_code == 0, res.output
    assert "孤立している地域" in res.stdout and "日吉" in res.stdout
    res = _invoke("flows")
    assert "入口と出口" in res.stdout


def test_cli_csv(cli_env: Settings) -> None:
    res = _invoke("bridges", "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and {"organisation_id", "name", "betweenness", "why"} <= set(rows[0])


@pytest.mark.parametrize(
    "args",
    [
        ["gaps", "--level", "prefecture"],
        ["gaps", "--area", "atlantis"],
        ["gaps", "--need", "happiness"],
        ["isolated", "--as-of", "yesterday"],
        ["flows", "--level", "street"],
        ["bridges", "--area", "atlantis", "--format", "json"],
    ],
)
def test_cli_bad_parameters_exit_2(cli_env: Settings, args: list[str]) -> None:
    res = _invoke(*args)
    assert res.exit_code == 2
    assert "unknown" in res.output or "invalid" in res.output


def test_cli_suppress(cli_env: Settings) -> None:
    obj = json.loads(_invoke("isolated", "-f", "json", "--suppress").stdout)
    assert all("suppressed" in a for a in obj["areas"])
    assert all(a["residents_with_needs"] is None for a in obj["areas"])


# --------------------------------------------------------------------------- both stores


def test_same_json_from_both_stores(
    embedded_store: GraphStore, neo4j_store: GraphStore, tmp_path: Path
) -> None:
    from netmap.ingest.pipeline import run_import

    settings = Settings(data_dir=tmp_path, pseudonym_key="k")  # type: ignore[arg-type]
    for st in (embedded_store, neo4j_store):
        run_import(SAMPLE, st, settings=settings)
    for name in ("gaps", "isolated", "bridges", "flows"):
        a = analyses.run_analysis(name, embedded_store.export_graph(), as_of="2024-12-31")
        b = analyses.run_analysis(name, neo4j_store.export_graph(), as_of="2024-12-31")
        assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def test_write_analyses(tmp_path: Path) -> None:
    paths = analyses.write_analyses(tiny_graph(), tmp_path, as_of="2024-12-31")
    names = {p.name for p in paths}
    assert {"gaps.json", "gaps.csv", "bridges_missing_bridges.csv", "flows.json"} <= names
    raw = (tmp_path / "gaps.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "港北第一".encode() in raw
    js = (tmp_path / "gaps.json").read_bytes()
    assert not js.startswith(b"\xef\xbb\xbf") and "港北第一".encode() in js
    assert json.loads(js)["params"]["as_of"] == "2024-12-31"
