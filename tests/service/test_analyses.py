"""The JSON contract: exact results (:mod:`netmap.service.analyses`, for analysts) and the
published results of a release (:mod:`netmap.disclosure.publish`, what viewers and meetings
see), CSV, and the CLI on an embedded store (``--suppress`` prints the published view)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from netmap.analysis._examples import tiny_graph
from netmap.analysis.results import AnalysisParameterError
from netmap.cli import app
from netmap.cli.common import console
from netmap.config import Settings, get_settings
from netmap.disclosure.publish import (
    published_analysis,
    published_flows,
    published_gaps,
    published_isolated,
)
from netmap.disclosure.release import Release, build_release
from netmap.service import analyses
from netmap.service.releases import release_store
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


#: Fields of a published object that hold a resident or referral count.
COUNT_FIELDS = {
    "demand",
    "residents_with_needs",
    "isolated_residents",
    "referrals_out",
    "referrals_in",
    "open",
    "accepted",
    "declined",
    "closed",
}
#: Fields derived from counts (hidden with them; ``null`` also when there is nothing).
DERIVED_FIELDS = {"ratio", "acceptance_rate"}
RELEASE_PARAMS = {
    "release",
    "reference_date",
    "period",
    "period_start",
    "suppression_threshold",
    "mark",
}
STATUS_KEYS = {"open", "accepted", "declined", "closed"}


def _objects(obj: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object inside ``obj`` (itself included)."""
    if isinstance(obj, dict):
        yield obj
        for v in obj.values():
            yield from _objects(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _objects(v)


def _check_published(obj: dict[str, Any]) -> None:
    """The release's fields are in ``params``; a hidden value is ``null`` and listed in its
    object's ``"suppressed"`` (and nothing else is listed there)."""
    p = obj["params"]
    assert set(p) >= RELEASE_PARAMS
    assert p["mark"] == "x"
    assert p["as_of"] == p["reference_date"]
    assert p["release"] == f"{p['period']}-{p['reference_date']}"
    assert p["period_start"] <= p["reference_date"]
    for o in _objects({k: v for k, v in obj.items() if k != "params"}):
        if "suppressed" not in o:
            assert not (COUNT_FIELDS & set(o)), o  # every object with counts says what is hidden
            continue
        hidden = set(o["suppressed"])
        assert o["suppressed"] == sorted(hidden)
        assert hidden <= COUNT_FIELDS | DERIVED_FIELDS
        assert all(o[f] is None for f in hidden), o
        assert {f for f in COUNT_FIELDS & set(o) if o[f] is None} <= hidden, o
        for f in COUNT_FIELDS & set(o):
            assert o[f] is None or (isinstance(o[f], int) and o[f] >= 0)


def _check_shapes(name: str, obj: dict[str, Any], *, published: bool = False) -> None:
    """The JSON contract (docs/analyst-guide.md); a published result has the same shapes
    plus ``"suppressed"`` in every object with counts."""
    assert obj["params"]["analysis"] == name and "as_of" in obj["params"]
    extra = {"suppressed"} if published else set()
    if published:
        _check_published(obj)
    else:
        assert not any("suppressed" in o for o in _objects(obj))
        assert not (RELEASE_PARAMS & set(obj["params"]))
    if name == "gaps":
        assert set(obj) == {"params", "gaps", "unallocated", "names"}
        for g in obj["gaps"]:
            assert set(g) == GAP_KEYS | extra
            for c in g["candidates"]:
                assert set(c) == {"activity_id", "name", "area_id", "reason"}
        for u in obj["unallocated"]:
            assert set(u) == {"area_id", "area_name", "level", "need", "demand"} | extra
    elif name == "isolated":
        assert set(obj) == {"params", "areas", "names"}
        for a in obj["areas"]:
            assert set(a) == AREA_KEYS | extra
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
        part = {"referrals_out", *STATUS_KEYS, "acceptance_rate"} | extra
        for a in obj["areas"]:
            assert set(a) == FLOW_KEYS | extra
            for n in a["by_need"]:
                assert set(n) == part | {"need", "referrals_in"}
            for k in a["by_org_kind"]:
                assert set(k) == part | {"kind"}
        for o in obj["one_way_organisations"]:
            assert (
                set(o)
                == {
                    "organisation_id",
                    "name",
                    "area_id",
                    "direction",
                    "referrals_out",
                    "referrals_in",
                }
                | extra
            )
            assert o["direction"] in ("out_only", "in_only")


@pytest.mark.parametrize("name", ["gaps", "isolated", "bridges", "flows"])
def test_json_shapes_on_the_tiny_graph(name: str) -> None:
    obj = analyses.run_analysis(name, tiny_graph(), as_of="2024-12-31")
    _check_shapes(name, obj)
    assert obj["params"]["as_of"] == "2024-12-31"
    json.dumps(obj, allow_nan=False)


# --------------------------------------------------------------------------- published


REF = dt.date(2024, 5, 31)


def _release(G: nx.MultiDiGraph) -> Release:
    """The release of May 2024 (threshold 10), built as viewers' products build it."""
    return build_release(G, reference=REF, period="month", threshold=10, data_version="test")


def _food_ward(gb: Any) -> nx.MultiDiGraph:
    """Ward w (港北区), every resident needing food: d 25 (no food activity: a gap),
    e 3 (a gap), f 14 and g 4 (one food activity each: under-supplied)."""
    gb.city_ward()
    for d in ("d", "e", "f", "g"):
        gb.area(d, "district", "w")
    for d, n in (("d", 25), ("e", 3), ("f", 14), ("g", 4)):
        for i in range(n):
            gb.res(f"r-{d}{i}", d, ["food"])
    for d in ("f", "g"):
        gb.org(f"o{d}", d)
        gb.act(f"a{d}", f"o{d}", d, ["food"])
    return gb.graph()


@pytest.mark.parametrize("name", ["gaps", "isolated", "bridges", "flows"])
def test_published_shapes_on_the_tiny_graph(name: str) -> None:
    rel = _release(tiny_graph())
    obj = published_analysis(rel, name)
    _check_shapes(name, obj, published=True)
    p = obj["params"]
    assert (p["release"], p["reference_date"], p["period_start"]) == (
        "month-2024-05-31",
        "2024-05-31",
        "2024-05-01",
    )
    assert p["suppression_threshold"] == 10
    json.dumps(obj, allow_nan=False)


def test_published_counts_are_the_release_counts(gb: Any) -> None:
    """Counts of 10 or more are shown as they are; 3 and 4 are hidden, and so is 14:
    otherwise the ward's 46 minus 25 and 14 would give 3 + 4 = 7."""
    G = _food_ward(gb)
    rel = _release(G)
    pub = published_gaps(rel, ratio=0)
    exact = analyses.gaps_json(G, ratio=0, as_of=REF)
    assert {g["area_id"]: g["demand"] for g in exact["gaps"]} == {"d": 25, "e": 3, "f": 14, "g": 4}
    assert {g["area_id"]: g["demand"] for g in pub["gaps"]} == {
        "d": 25,
        "e": None,
        "f": None,
        "g": None,
    }
    # the same rows, candidates and supplies as the exact result: only counts differ
    for g in pub["gaps"]:
        (e,) = (x for x in exact["gaps"] if x["area_id"] == g["area_id"])
        assert {k: v for k, v in g.items() if k not in ("demand", "ratio", "suppressed")} == {
            k: v for k, v in e.items() if k not in ("demand", "ratio")
        }
    f = next(g for g in pub["gaps"] if g["area_id"] == "f")
    assert (f["kind"], f["supply"], f["ratio"], f["suppressed"]) == (
        "undersupplied",
        1,
        None,
        ["demand", "ratio"],
    )
    ward = published_gaps(rel, level="ward", ratio=0)["gaps"]
    assert [(g["area_id"], g["demand"], g["supply"], g["ratio"]) for g in ward] == [
        ("w", 46, 2, 23.0)
    ]
    # what a reader can subtract: the hidden districts hold 46 - 25 = 21 together
    shown = sum(g["demand"] for g in pub["gaps"] if g["demand"] is not None)
    assert ward[0]["demand"] - shown == 21
    iso = {a["area_id"]: a for a in published_isolated(rel)["areas"]}
    assert (iso["d"]["residents_with_needs"], iso["d"]["isolated_residents"]) == (25, 25)
    assert iso["d"]["suppressed"] == []
    assert (iso["e"]["residents_with_needs"], iso["e"]["isolated_residents"]) == (None, None)
    assert iso["e"]["suppressed"] == ["isolated_residents", "residents_with_needs"]


def test_filters_treat_a_hidden_demand_as_the_threshold(gb: Any) -> None:
    """min_demand and ratio never test a hidden value: every hidden demand counts as the
    threshold (10), so a row is kept or dropped as a band, never at its own value."""
    G = _food_ward(gb)
    rel = _release(G)

    def published(**kw: Any) -> list[str]:
        return [g["area_id"] for g in published_gaps(rel, **kw)["gaps"]]

    def exact(**kw: Any) -> list[str]:
        return sorted(g["area_id"] for g in analyses.gaps_json(G, as_of=REF, **kw)["gaps"])

    # e (3) is listed at min_demand 5, as a hidden 9 would be; f (14, 14/1 > 10) is not
    assert exact(min_demand=5) == ["d", "f"]
    assert published(min_demand=5) == ["d", "e"]
    assert published(min_demand=10) == ["d", "e"]
    assert published(min_demand=11) == ["d"]
    # under-supplied: a hidden demand over a supply of 1 reads as 10 / 1
    assert exact(ratio=5) == ["d", "e", "f"]
    assert published(ratio=5) == ["d", "e", "f", "g"]
    assert published(ratio=9.99) == ["d", "e", "f", "g"]
    assert published(ratio=10) == ["d", "e"]


def test_rows_with_hidden_counts_come_after_shown_ones(gb: Any) -> None:
    G = _food_ward(gb)
    rel = _release(G)
    exact = [(g["area_id"], g["demand"]) for g in analyses.gaps_json(G, ratio=0, as_of=REF)["gaps"]]
    assert exact == [("d", 25), ("f", 14), ("g", 4), ("e", 3)]
    pub = [(g["area_id"], g["demand"]) for g in published_gaps(rel, ratio=0)["gaps"]]
    # hidden rows by id: their order tells nothing about their values
    assert pub == [("d", 25), ("e", None), ("f", None), ("g", None)]


def test_published_flows_count_the_period(gb: Any) -> None:
    """Referrals are the release's period (May), not running totals; statuses are
    published per area only."""
    gb.city_ward()
    gb.area("d", "district", "w")
    gb.area("e", "district", "w")
    gb.org("od", "d")
    gb.org("oe", "e", kind="community_care_plaza")
    for i in range(15):
        gb.ref(f"apr{i}", "od", "oe", "food", status="open", date=f"2024-04-{i + 1:02d}")
    for i in range(12):
        gb.ref(f"may{i}", "od", "oe", "food", status="accepted", date=f"2024-05-{i + 1:02d}")
    G = gb.graph()
    exact = {a["area_id"]: a for a in analyses.flows_json(G, as_of=REF)["areas"]}
    assert (exact["d"]["referrals_out"], exact["d"]["open"], exact["d"]["accepted"]) == (27, 15, 12)
    pub = published_flows(_release(G))
    assert pub["params"]["counts"] == "period"
    assert (pub["params"]["period_start"], pub["params"]["reference_date"]) == (
        "2024-05-01",
        "2024-05-31",
    )
    areas = {a["area_id"]: a for a in pub["areas"]}
    d, e = areas["d"], areas["e"]
    assert (d["referrals_out"], d["referrals_in"]) == (12, 0)
    assert (d["open"], d["accepted"], d["declined"], d["closed"]) == (0, 12, 0, 0)
    assert (d["acceptance_rate"], d["suppressed"]) == (1.0, [])
    assert (e["referrals_out"], e["referrals_in"], e["suppressed"]) == (0, 12, [])
    # per need and per kind of organisation: the count, never the statuses
    (food,) = d["by_need"]
    assert (food["need"], food["referrals_out"]) == ("food", 12)
    assert all(food[s] is None for s in STATUS_KEYS) and food["acceptance_rate"] is None
    assert food["suppressed"] == ["acceptance_rate", "accepted", "closed", "declined", "open"]
    (npo,) = d["by_org_kind"]
    assert (npo["kind"], npo["referrals_out"], npo["accepted"]) == ("npo", 12, None)
    # one-way organisations are named; a count per organisation is never published
    one_way = {o["organisation_id"]: o for o in pub["one_way_organisations"]}
    assert (one_way["od"]["direction"], one_way["od"]["referrals_out"]) == ("out_only", None)
    assert (one_way["oe"]["direction"], one_way["oe"]["referrals_in"]) == ("in_only", None)
    _check_published(pub)


@pytest.mark.parametrize("name", ["gaps", "isolated", "flows"])
def test_neighbourhood_counts_are_not_published(name: str) -> None:
    rel = _release(tiny_graph())
    with pytest.raises(AnalysisParameterError, match="neighbourhood"):
        published_analysis(rel, name, level="neighbourhood")
    for level in ("city", "ward", "district"):
        assert published_analysis(rel, name, level=level)["params"]["level"] == level
    # exact results keep every level
    assert analyses.run_analysis(name, tiny_graph(), level="neighbourhood")["params"]


def test_published_analysis_answers_from_the_release_date() -> None:
    rel = _release(tiny_graph())
    obj = published_analysis(rel, "gaps", as_of="2024-05-17")
    assert obj == published_gaps(rel)
    assert obj["params"]["as_of"] == "2024-05-31"
    with pytest.raises(ValueError, match="unknown analysis"):
        published_analysis(rel, "gossip")


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
    monkeypatch.setattr(console, "_width", 200)  # table rows on one line each
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


AS_OF = "2024-08-01"  # answered for viewers by the release of 2024-07-31
JULY = dt.date(2024, 7, 31)
CLI_PARAMS: dict[str, tuple[list[str], dict[str, Any]]] = {
    "gaps": (
        ["gaps", "--min-demand", "1", "--ratio", "5"],
        {"level": "district", "area": None, "need": None, "min_demand": 1, "ratio": 5.0},
    ),
    "isolated": (["isolated", "--level", "district"], {"level": "district", "area": None}),
    "bridges": (["bridges", "--top", "3"], {"top": 3, "area": None}),
    "flows": (["flows"], {"level": "district", "area": None}),
}


def _cells(stdout: str, *first: str) -> list[str]:
    """The cells of the first table row that starts with the cells ``first``."""
    for line in stdout.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if tuple(cells[: len(first)]) == first:
            return cells
    raise AssertionError(f"no row {first!r} in:\n{stdout}")


@pytest.mark.parametrize("name", sorted(CLI_PARAMS))
def test_cli_suppress_prints_the_published_release(cli_env: Settings, name: str) -> None:
    """``--suppress`` prints exactly what a viewer gets: the published analysis of the
    release of the latest month end on or before --as-of, read from the data dir."""
    args, params = CLI_PARAMS[name]
    res = _invoke(*args, "--format", "json", "--as-of", AS_OF, "--suppress")
    assert res.exit_code == 0, res.output
    obj = json.loads(res.stdout)
    _check_shapes(name, obj, published=True)
    assert (obj["params"]["release"], obj["params"]["as_of"]) == ("month-2024-07-31", "2024-07-31")
    assert obj["params"]["period_start"] == "2024-07-01"
    releases = release_store(cli_env)
    rel = releases.get(JULY)
    assert rel is not None and releases.served(rel)  # printed for a meeting: frozen
    assert (cli_env.data_dir / "releases" / "month-2024-07-31.json.gz").is_file()
    want = json.loads(json.dumps(published_analysis(rel, name, **params), ensure_ascii=False))
    assert obj == want


def test_cli_suppress_hides_the_sample_counts(cli_env: Settings) -> None:
    """The sample is small: every resident count is under 10, so all are hidden; the
    exact result (without --suppress) shows them."""
    exact = json.loads(_invoke("isolated", "-f", "json", "--as-of", AS_OF).stdout)
    assert {a["area_id"]: a["residents_with_needs"] for a in exact["areas"]} == {
        "kohoku-hiyoshi": 4,
        "kohoku-nippa": 5,
        "kohoku-tsunashima": 5,
    }
    pub = json.loads(_invoke("isolated", "-f", "json", "--as-of", AS_OF, "--suppress").stdout)
    assert [a["area_id"] for a in pub["areas"]] == [a["area_id"] for a in exact["areas"]]
    for a in pub["areas"]:
        assert (a["residents_with_needs"], a["isolated_residents"]) == (None, None)
        assert a["suppressed"] == ["isolated_residents", "residents_with_needs"]


def test_cli_suppress_table_marks_hidden_counts_x(cli_env: Settings) -> None:
    exact = _invoke("isolated", "--as-of", AS_OF)
    assert _cells(exact.stdout, "日吉地区")[-2:] == ["4", "1"]
    res = _invoke("isolated", "--as-of", AS_OF, "--suppress")
    assert res.exit_code == 0, res.output
    assert "基準日 2024-07-31" in res.stdout  # the release's date, not --as-of
    for district in ("日吉地区", "新羽地区", "綱島地区"):
        assert _cells(res.stdout, district)[-2:] == ["x", "x"]
    flows = _invoke("flows", "--as-of", AS_OF, "--suppress").stdout
    # July's referrals: one from 日吉 and one from 綱島 (hidden), none from 新羽 (0 is shown)
    assert _cells(flows, "日吉地区")[1:5] == ["x", "x", "0", "x"]
    assert _cells(flows, "新羽地区")[1:7] == ["0"] * 6
    gaps = _invoke("gaps", "--as-of", AS_OF, "--suppress").stdout
    assert _cells(gaps, "新羽地区")[3] == "x"
    for out in (res.stdout, flows, gaps):
        assert "<" not in out  # one mark for every hidden count, never "<10"


def test_cli_suppress_uses_the_configured_threshold(
    cli_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With NETMAP_SUPPRESSION_THRESHOLD=3, 新羽's and 綱島's 5 residents are shown; 日吉's 4
    is hidden too: otherwise the ward's 15 - 4 - 5 - 5 would give away the 1 resident
    recorded only at ward level."""
    monkeypatch.setenv("NETMAP_SUPPRESSION_THRESHOLD", "3")
    get_settings.cache_clear()
    obj = json.loads(_invoke("isolated", "-f", "json", "--as-of", AS_OF, "--suppress").stdout)
    assert obj["params"]["suppression_threshold"] == 3
    got = {a["area_id"]: (a["residents_with_needs"], a["isolated_residents"]) for a in obj["areas"]}
    assert got == {
        "kohoku-hiyoshi": (None, None),
        "kohoku-nippa": (5, None),
        "kohoku-tsunashima": (5, None),
    }
    table = _invoke("isolated", "--as-of", AS_OF, "--suppress").stdout
    assert _cells(table, "新羽地区")[-2:] == ["5", "x"]
    assert _cells(table, "日吉地区")[-2:] == ["x", "x"]


def test_cli_suppress_release_is_frozen_once_printed(cli_env: Settings, tmp_path: Path) -> None:
    """Data imported after a release was read reaches the exact results at once, never
    that release (two versions of one date could be subtracted)."""
    before = _invoke("isolated", "-f", "json", "--as-of", AS_OF, "--suppress").stdout
    folder = tmp_path / "more"
    shutil.copytree(SAMPLE, folder)
    with (folder / "residents.csv").open("a", encoding="utf-8") as fh:
        for i in range(20):
            fh.write(f"B-{i:04d},kohoku-nippa,food,30-39,,\n")
    res = _invoke("import", str(folder))
    assert res.exit_code == 0, res.output
    exact = json.loads(_invoke("isolated", "-f", "json", "--as-of", AS_OF).stdout)
    nippa = next(a for a in exact["areas"] if a["area_id"] == "kohoku-nippa")
    assert nippa["residents_with_needs"] == 25
    after = _invoke("isolated", "-f", "json", "--as-of", AS_OF, "--suppress").stdout
    assert after == before
    # the import built the current release (the latest month end before today)
    from netmap.disclosure.calendar import reference_for

    current = reference_for(dt.date.today())
    rel = release_store(cli_env).get(current)
    assert rel is not None and rel.reference_date == current
    assert rel.cells[("res", "kohoku-nippa")][0] == 25  # the exact count it protects


def test_cli_suppress_has_no_neighbourhood_level(cli_env: Settings) -> None:
    res = _invoke("gaps", "--level", "neighbourhood", "--suppress", "--as-of", AS_OF)
    assert res.exit_code == 2
    assert "neighbourhood" in res.output
    obj = json.loads(_invoke("gaps", "--level", "neighbourhood", "-f", "json").stdout)
    assert obj["params"]["level"] == "neighbourhood"  # exact results keep every level
    js = _invoke("gaps", "--level", "neighbourhood", "--suppress", "-f", "json")
    assert js.exit_code == 2
    assert json.loads(js.stdout)["ok"] is False


def test_cli_suppress_csv_marks_hidden_counts_x(cli_env: Settings) -> None:
    res = _invoke("isolated", "--format", "csv", "--as-of", AS_OF, "--suppress")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert {r["area_id"] for r in rows} == {"kohoku-hiyoshi", "kohoku-nippa", "kohoku-tsunashima"}
    for r in rows:
        assert (r["residents_with_needs"], r["isolated_residents"]) == ("x", "x")


def test_cli_suppress_table_marks_hidden_rates_x(cli_env: Settings) -> None:
    gaps = _invoke("gaps", "--as-of", AS_OF, "--suppress", "--ratio", "0.5").stdout
    food = _cells(gaps, "綱島地区", "食")
    assert (food[2], food[3], food[4]) == ("不足", "x", "2")
    assert food[5] == "x"  # demand / supply: hidden with its demand
    flows = _invoke("flows", "--as-of", AS_OF, "--suppress").stdout
    assert _cells(flows, "日吉地区")[-1] == "x"  # acceptance_rate is in "suppressed"
    assert _cells(flows, "新羽地区")[-1] == "-"  # no referral: no rate


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
