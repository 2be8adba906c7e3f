"""``netmap.to_frame``: every analysis result as a pandas DataFrame, on the sample data.

Columns are named as in the JSON contract, numbers stay numbers (nullable ``Int64`` /
``Float64``), lists stay lists, and in published results (viewers, releases) a hidden count
("x") is ``pd.NA``, named in the row's ``suppressed`` and explained in ``df.attrs``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from pydantic import BaseModel, SecretStr

import netmap
from netmap.analysis import (
    find_flows,
    find_gaps,
    find_isolated_areas,
    find_unallocated,
    rank_bridges,
)
from netmap.config import Settings
from netmap.disclosure.publish import published_analysis
from netmap.disclosure.release import Release, build_release
from netmap.errors import NetmapError, UsageError
from netmap.frames import to_frame
from netmap.ingest.pipeline import run_import
from netmap.service.analyses import csv_tables, run_analysis
from netmap.store.embedded import EmbeddedStore

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"
AS_OF = "2024-06-30"
REFERENCE = dt.date(2024, 6, 30)

GAP_COLUMNS = [
    "area_id",
    "area_name",
    "need",
    "demand",
    "supply",
    "ratio",
    "kind",
    "candidates",
    "wide_area_resources",
]
ISOLATED_COLUMNS = [
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
]
BRIDGE_COLUMNS = [
    "organisation_id",
    "name",
    "networks",
    "betweenness",
    "constraint",
    "brokerage.coordinator",
    "brokerage.gatekeeper",
    "brokerage.representative",
    "brokerage.itinerant",
    "brokerage.liaison",
    "articulation_point",
    "score",
    "why",
    "why_en",
]
STATUSES = ["open", "accepted", "declined", "closed"]
FLOW_COLUMNS = [
    "area_id",
    "referrals_out",
    "referrals_in",
    *STATUSES,
    "acceptance_rate",
    "by_need",
    "by_org_kind",
]


@pytest.fixture(scope="module")
def G(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    """The sample folder imported into an embedded store, as the canonical graph."""
    root = tmp_path_factory.mktemp("frames")
    settings = Settings(data_dir=root, pseudonym_key=SecretStr("frames-test-key"))
    store = EmbeddedStore(settings.embedded_path)
    try:
        store.init()
        run_import(SAMPLE, store, settings=settings)
        graph: nx.MultiDiGraph = store.export_graph()
        return graph
    finally:
        store.close()


@pytest.fixture(scope="module")
def release(G: nx.MultiDiGraph) -> Release:
    """The month-end release of the sample (every resident count is under 10)."""
    return build_release(G, reference=REFERENCE, period="month", threshold=10, data_version="t")


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as plain Python values, ``pd.NA`` as ``None``."""
    out = []
    for row in df.astype(object).to_dict(orient="records"):
        out.append({k: None if v is pd.NA else v for k, v in row.items()})
    return out


def _flat(model: BaseModel) -> dict[str, Any]:
    """A result's JSON form with ``brokerage`` flattened as the frame's columns are."""
    row = model.model_dump(mode="json")
    for k, v in list(row.items()):
        if isinstance(v, dict):
            row.pop(k)
            row.update({f"{k}.{sub}": x for sub, x in v.items()})
    return row


def _assert_same(df: pd.DataFrame, results: list[Any]) -> None:
    assert len(df) == len(results)
    assert _records(df) == [_flat(r) for r in results]


# --------------------------------------------------------------------------- one type each


def test_gaps(G: nx.MultiDiGraph) -> None:
    gaps = find_gaps(G, as_of=AS_OF)
    df = to_frame(gaps)
    assert list(df.columns) == GAP_COLUMNS
    assert str(df["demand"].dtype) == "Int64" and str(df["supply"].dtype) == "Int64"
    assert str(df["ratio"].dtype) == "Float64"
    _assert_same(df, gaps)
    first = df.iloc[0]
    assert (first["area_id"], first["need"], first["demand"], first["supply"]) == (
        "kohoku-nippa",
        "debt",
        1,
        0,
    )
    assert first["kind"] == "gap" and first["ratio"] is pd.NA  # no supply: no ratio
    food = df[(df["area_id"] == "kohoku-nippa") & (df["need"] == "food")].iloc[0]
    assert [c["activity_id"] for c in food["candidates"]] == [
        "act-shokudo-tsunashima",
        "act-ibasho-nippa",
    ]
    assert [c["reason"] for c in food["candidates"]] == ["same_ward", "extend_activity"]
    assert [w["id"] for w in food["wide_area_resources"]] == ["act-food-drive", "org-foodbank"]
    assert df["demand"].sum() == sum(g.demand for g in gaps)  # numbers stay numbers
    assert df.attrs["result"] == "Gap" and df.attrs["published"] is False
    assert df.attrs["hidden_cells"] == {}


def test_undersupplied_gaps_have_a_ratio(G: nx.MultiDiGraph) -> None:
    gaps = find_gaps(G, as_of=AS_OF, ratio=0.5)
    df = to_frame(gaps)
    under = df[df["kind"] == "undersupplied"]
    assert len(under) > 0
    assert under["ratio"].notna().all()
    assert list(under["ratio"]) == [g.ratio for g in gaps if g.kind == "undersupplied"]


def test_candidates_and_wide_area_resources(G: nx.MultiDiGraph) -> None:
    food = next(g for g in find_gaps(G, as_of=AS_OF) if g.need == "food")
    candidates = to_frame(food.candidates)
    assert list(candidates.columns) == ["activity_id", "name", "area_id", "reason"]
    _assert_same(candidates, food.candidates)
    wide = to_frame(food.wide_area_resources)
    assert list(wide.columns) == ["id", "label", "name", "area_id"]
    assert list(wide["label"]) == ["Activity", "Organisation"]


def test_unallocated(G: nx.MultiDiGraph) -> None:
    unallocated = find_unallocated(G, as_of=AS_OF)
    df = to_frame(unallocated)
    assert list(df.columns) == ["area_id", "area_name", "level", "need", "demand"]
    _assert_same(df, unallocated)
    assert set(df["need"]) == {"employment", "household_finance"}
    assert list(df["demand"]) == [1, 1]
    from_json = to_frame(run_analysis("gaps", G, as_of=AS_OF), table="unallocated")
    pd.testing.assert_frame_equal(from_json, df)


def test_isolated_areas(G: nx.MultiDiGraph) -> None:
    areas = find_isolated_areas(G, as_of=AS_OF)
    df = to_frame(areas)
    assert list(df.columns) == ISOLATED_COLUMNS
    assert str(df["isolated"].dtype) == "boolean" and str(df["score"].dtype) == "Float64"
    _assert_same(df, areas)
    by_area = df.set_index("area_id")
    assert by_area.loc["kohoku-nippa", "residents_with_needs"] == 5
    assert by_area.loc["kohoku-nippa", "isolated_residents"] == 4
    assert by_area.loc["kohoku-hiyoshi", "external_ties"] == 4
    assert df.attrs["result"] == "IsolatedArea"


def test_bridges(G: nx.MultiDiGraph) -> None:
    report = rank_bridges(G, as_of=AS_OF)
    df = to_frame(report)
    assert list(df.columns) == BRIDGE_COLUMNS
    assert str(df["betweenness"].dtype) == "Float64"
    assert str(df["brokerage.liaison"].dtype) == "Int64"
    assert str(df["articulation_point"].dtype) == "boolean"
    _assert_same(df, report.bridges)
    top = df.iloc[0]
    assert top["organisation_id"] == "org-kohoku-welfare"
    assert math.isclose(top["betweenness"], 0.514814815)
    assert math.isclose(top["constraint"], 0.321311728)
    assert top["brokerage.liaison"] == 3 and top["score"] == 0.75
    assert top["networks"] == ["net-care-meeting"]
    assert df.attrs["analysis"] == "bridges" and df.attrs["table"] == "bridges"
    assert df.attrs["betweenness_method"] == report.betweenness_method
    pd.testing.assert_frame_equal(to_frame(report.bridges), df)


def test_missing_bridges(G: nx.MultiDiGraph) -> None:
    report = rank_bridges(G, as_of=AS_OF)
    df = to_frame(report, table="missing_bridges")
    assert list(df.columns) == ["network_ids", "ward_id", "candidates"]
    _assert_same(df, report.missing_bridges)
    assert df.loc[0, "network_ids"] == ["net-bousai", "net-nippa-team"]
    assert df.loc[0, "ward_id"] == "kohoku"
    candidates = to_frame(report.missing_bridges[0].candidates)
    assert list(candidates.columns) == ["organisation_id", "reason"]
    assert list(candidates["reason"]) == ["tied_to_both", *["high_betweenness"] * 3]


def test_flows(G: nx.MultiDiGraph) -> None:
    report = find_flows(G, as_of=AS_OF)
    df = to_frame(report)
    assert list(df.columns) == FLOW_COLUMNS
    assert all(str(df[s].dtype) == "Int64" for s in ["referrals_out", "referrals_in", *STATUSES])
    _assert_same(df, report.areas)
    nippa = df.set_index("area_id").loc["kohoku-nippa"]
    assert (nippa["referrals_out"], nippa["referrals_in"], nippa["declined"]) == (2, 1, 1)
    assert nippa["acceptance_rate"] == 0.0
    tsunashima = df.set_index("area_id").loc["kohoku-tsunashima"]
    assert tsunashima["acceptance_rate"] is pd.NA  # nothing decided: undefined
    assert (df[STATUSES].sum(axis=1) == df["referrals_out"]).all()


def test_flows_by_need_by_kind_and_one_way(G: nx.MultiDiGraph) -> None:
    report = find_flows(G, as_of=AS_OF)
    by_need = to_frame(report, table="by_need")
    assert list(by_need.columns) == [
        "area_id",
        "need",
        "referrals_out",
        "referrals_in",
        *STATUSES,
        "acceptance_rate",
    ]
    expected = [
        (a.area_id, n.need, n.referrals_out, n.referrals_in)
        for a in report.areas
        for n in a.by_need
    ]
    shown = by_need[["area_id", "need", "referrals_out", "referrals_in"]]
    assert list(shown.itertuples(index=False, name=None)) == expected
    assert ("kohoku-nippa", "childcare", 1, 1) in expected
    by_kind = to_frame(report.areas, table="by_org_kind")
    assert list(by_kind.columns)[:3] == ["area_id", "kind", "referrals_out"]
    assert set(by_kind["kind"]) == {"community_care_plaza", "school", "welfare_commissioner"}
    one_way = to_frame(report, table="one_way_organisations")
    assert list(one_way.columns) == [
        "organisation_id",
        "name",
        "area_id",
        "direction",
        "referrals_out",
        "referrals_in",
    ]
    _assert_same(one_way, report.one_way_organisations)
    direction = dict(zip(one_way["organisation_id"], one_way["direction"], strict=True))
    assert direction["org-school-nippa"] == "out_only"


# --------------------------------------------------------------------------- lists, JSON


def test_a_single_result_is_one_row(G: nx.MultiDiGraph) -> None:
    gap = find_gaps(G, as_of=AS_OF)[0]
    df = to_frame(gap)
    assert len(df) == 1 and list(df.columns) == GAP_COLUMNS
    pd.testing.assert_frame_equal(df, to_frame([gap]))


def test_lists_of_results_and_of_json_rows_agree(G: nx.MultiDiGraph) -> None:
    for name, results in [
        ("gaps", find_gaps(G, as_of=AS_OF)),
        ("isolated", find_isolated_areas(G, as_of=AS_OF)),
    ]:
        from_models = to_frame(results)
        from_rows = to_frame([r.model_dump(mode="json") for r in results])
        pd.testing.assert_frame_equal(from_rows, from_models)
        assert from_rows.attrs["result"] == from_models.attrs["result"], name


@pytest.mark.parametrize("name", ["gaps", "isolated", "bridges", "flows"])
def test_json_objects_give_the_same_frame_as_the_results(G: nx.MultiDiGraph, name: str) -> None:
    """The CLI's and the API's JSON (read back with json.loads) give the same table."""
    obj = json.loads(json.dumps(run_analysis(name, G, as_of=AS_OF), ensure_ascii=False))
    from_json = to_frame(obj)
    results: Any = {
        "gaps": lambda: find_gaps(G, as_of=AS_OF),
        "isolated": lambda: find_isolated_areas(G, as_of=AS_OF),
        "bridges": lambda: rank_bridges(G, as_of=AS_OF),
        "flows": lambda: find_flows(G, as_of=AS_OF),
    }[name]()
    pd.testing.assert_frame_equal(from_json, to_frame(results))
    assert from_json.attrs["analysis"] == name
    assert from_json.attrs["params"]["as_of"] == AS_OF
    assert from_json.attrs["names"] == obj["names"]
    assert from_json.attrs["published"] is False and from_json.attrs["hidden_cells"] == {}


def test_empty_results(G: nx.MultiDiGraph) -> None:
    none = find_gaps(G, as_of=AS_OF, need="shopping")
    assert none == []
    assert to_frame(none).empty
    obj = run_analysis("gaps", G, as_of=AS_OF, need="shopping")
    df = to_frame(obj)  # a JSON object knows its columns even with no row
    assert df.empty and list(df.columns) == GAP_COLUMNS
    assert str(df["demand"].dtype) == "Int64"


def test_what_is_not_a_result_is_refused(G: nx.MultiDiGraph) -> None:
    gaps = find_gaps(G, as_of=AS_OF)
    areas = find_isolated_areas(G, as_of=AS_OF)
    with pytest.raises(UsageError, match="one kind"):
        to_frame([gaps[0], areas[0]])
    with pytest.raises(UsageError, match="cannot read"):
        to_frame(42)
    with pytest.raises(UsageError, match="table="):
        to_frame(rank_bridges(G, as_of=AS_OF), table="no_such_table")
    with pytest.raises(UsageError, match="one whole result"):
        to_frame([run_analysis("gaps", G, as_of=AS_OF)])


# --------------------------------------------------------------------------- published


def _check_hidden(df: pd.DataFrame) -> int:
    """Every hidden cell is NA and named in ``suppressed``; returns how many there are."""
    hidden = 0
    for i, row in df.iterrows():
        for col in row["suppressed"]:
            assert row[col] is pd.NA, (i, col)
            hidden += 1
    assert df.attrs["mark"] == "x" and "x" in df.attrs["mark_note"]
    assert "privacy.md" in df.attrs["mark_note"]
    assert sum(df.attrs["hidden_cells"].values()) == hidden
    return hidden


def test_published_gaps_hide_small_demand(release: Release) -> None:
    obj = json.loads(json.dumps(published_analysis(release, "gaps")))
    df = to_frame(obj)
    assert list(df.columns) == [*GAP_COLUMNS, "suppressed"]
    assert df.attrs["published"] is True
    assert df.attrs["params"]["release"] == release.id
    assert df.attrs["params"]["mark"] == "x"
    assert df.attrs["suppression_threshold"] == 10
    assert _check_hidden(df) == len(df) > 0  # every demand of the sample is under 10
    assert str(df["demand"].dtype) == "Int64" and df["demand"].isna().all()
    assert list(df["supply"]) == [g["supply"] for g in obj["gaps"]]  # shown counts stay
    assert df.attrs["hidden_cells"] == {"demand": len(df)}
    unallocated = to_frame(obj, table="unallocated")
    assert unallocated["demand"].isna().all()
    assert unallocated.attrs["hidden_cells"] == {"demand": len(unallocated)}


def test_published_isolated_areas(release: Release) -> None:
    df = to_frame(published_analysis(release, "isolated"))
    assert list(df.columns) == [*ISOLATED_COLUMNS, "suppressed"]
    assert _check_hidden(df) == 2 * len(df)
    assert df["residents_with_needs"].isna().all() and df["isolated_residents"].isna().all()
    assert list(df["organisations"]) == [2, 2, 3]  # no resident count: shown
    assert str(df["organisations"].dtype) == "Int64"


def test_published_flows_tell_hidden_from_undefined(release: Release) -> None:
    obj = published_analysis(release, "flows")
    df = to_frame(obj)
    assert list(df.columns) == [*FLOW_COLUMNS, "suppressed"]
    hidden = _check_hidden(df)
    assert hidden > 0
    by_area = df.set_index("area_id")
    hiyoshi = by_area.loc["kohoku-hiyoshi"]
    # nothing decided in the period: the rate is undefined, not hidden
    assert hiyoshi["acceptance_rate"] is pd.NA and hiyoshi["suppressed"] == []
    assert by_area.loc["kohoku-nippa", "referrals_out"] is pd.NA
    assert "referrals_out" in by_area.loc["kohoku-nippa", "suppressed"]
    by_need = to_frame(obj, table="by_need")
    assert list(by_need.columns)[:2] == ["area_id", "need"]
    assert _check_hidden(by_need) > 0
    assert by_need[STATUSES].isna().all().all()  # statuses are not published per need
    one_way = to_frame(obj, table="one_way_organisations")
    assert _check_hidden(one_way) == len(one_way) > 0


def test_published_bridges_hide_nothing(release: Release) -> None:
    df = to_frame(published_analysis(release, "bridges"))
    assert list(df.columns) == BRIDGE_COLUMNS  # no resident counts: no "suppressed"
    assert df.attrs["published"] is True and df.attrs["hidden_cells"] == {}
    assert df.attrs["params"]["release"] == release.id


def test_the_mark_x_in_exported_rows_reads_as_hidden(release: Release) -> None:
    """Rows as the CSV export writes them: a hidden count is the text "x"."""
    published = published_analysis(release, "isolated")
    rows = csv_tables("isolated", published)["areas"]
    assert {r["residents_with_needs"] for r in rows} == {"x"}
    df = to_frame(rows)
    assert str(df["residents_with_needs"].dtype) == "Int64"
    assert df["residents_with_needs"].isna().all()
    assert df.attrs["hidden_cells"] == {
        "isolated_residents": len(rows),
        "residents_with_needs": len(rows),
    }
    assert list(df["suppressed"]) == [["isolated_residents", "residents_with_needs"]] * len(rows)
    assert list(df["organisations"]) == [2, 2, 3]
    flows = to_frame(csv_tables("flows", published_analysis(release, "flows"))["areas"])
    assert str(flows["referrals_out"].dtype) == "Int64"
    assert flows["acceptance_rate"].isna().all()  # "" (none) and "x" (hidden) alike
    hiyoshi = flows.set_index("area_id").loc["kohoku-hiyoshi"]
    assert "acceptance_rate" not in hiyoshi["suppressed"]  # "": undefined, not hidden


# --------------------------------------------------------------------------- the public API


def test_public_api(G: nx.MultiDiGraph) -> None:
    assert netmap.to_frame is to_frame
    names = netmap.display_names(G)
    assert names["kohoku-nippa"] == "新羽地区"
    assert names["food"] == "食" and names["transport"] == "移動・外出"  # needs.csv label
    assert names["org-kohoku-welfare"] == "港北区生活支援課"
    labels = nx.get_node_attributes(G, "label")
    assert not any(labels[n] in ("Resident", "Referral") for n in names)
    assert names == {
        **names,
        **run_analysis("gaps", G, as_of=AS_OF)["names"],
    }  # the JSON's names agree


def test_pandas_is_imported_only_when_used() -> None:
    code = "import sys, netmap, netmap.frames; print('pandas' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_a_missing_pandas_is_a_clear_error(
    G: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    with pytest.raises(NetmapError, match=r"pip install 'netmap\[frames\]'") as err:
        to_frame(find_gaps(G, as_of=AS_OF))
    assert err.value.details["missing"] == "pandas"
