"""Analyses over HTTP: analysts get the CLI's exact JSON for any date; viewers get the
published results of the release that answers ``as_of`` (docs/privacy.md); scope filtering
after a whole-graph computation, parameter errors, and the cache."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from netmap.disclosure.calendar import reference_for
from netmap.disclosure.publish import published_analysis
from netmap.disclosure.release import Release
from netmap.service.analyses import run_analysis
from netmap.service.releases import release_store
from netmap.store.embedded import EmbeddedStore

IN_SCOPE = "kohoku-hiyoshi"
IN_SCOPE_AREAS = {"kohoku-hiyoshi", "kohoku-hiyoshi-honcho"}
OUT_OF_SCOPE = "kohoku-tsunashima"
ANALYSES = ("gaps", "isolated", "bridges", "flows")
AS_OF = "2024-08-01"
JULY = dt.date(2024, 7, 31)  # the release that answers AS_OF for viewers
#: The routes' defaults, as they reach published_analysis.
DEFAULTS: dict[str, dict[str, Any]] = {
    "gaps": {"level": "district", "need": None, "min_demand": 1, "ratio": 10.0},
    "isolated": {"level": "district"},
    "bridges": {"top": None},
    "flows": {"level": "district"},
}


def _get(api: Any, path: str, role: str, scope: str | None = None, **params: Any) -> Any:
    r = api.client.get(path, params=params, headers=api.headers(role, scope))
    assert r.status_code == 200, r.text
    return r.json()


def _graph(api: Any) -> Any:
    store = EmbeddedStore(api.settings.embedded_path)
    try:
        return store.export_graph()
    finally:
        store.close()


@pytest.mark.parametrize("name", ANALYSES)
def test_analyst_gets_the_cli_json(api: Any, name: str) -> None:
    got = _get(api, f"/api/v1/analyses/{name}", "analyst", as_of=AS_OF)
    want = run_analysis(name, _graph(api), as_of=AS_OF)
    assert got == want
    assert "release" not in got["params"] and got["params"]["as_of"] == AS_OF


def test_gaps_parameters_pass_through(api: Any) -> None:
    got = _get(
        api,
        "/api/v1/analyses/gaps",
        "admin",
        level="district",
        need="food",
        min_demand=1,
        ratio=1.5,
        area="kohoku",
        as_of=AS_OF,
    )
    want = run_analysis(
        "gaps",
        _graph(api),
        level="district",
        need="food",
        min_demand=1,
        ratio=1.5,
        area="kohoku",
        as_of=AS_OF,
    )
    assert got == want
    assert {g["need"] for g in got["gaps"]} <= {"food"}


def test_scoped_results_are_the_whole_city_results_filtered(api: Any) -> None:
    """Computed on the whole graph, then filtered: a district's row is the same as in the
    city-wide result (a cut-out subgraph would lose its external ties)."""
    city = _get(api, "/api/v1/analyses/isolated", "analyst", as_of=AS_OF)
    scoped = _get(api, "/api/v1/analyses/isolated", "analyst", IN_SCOPE, as_of=AS_OF)
    assert [a["area_id"] for a in scoped["areas"]] == [IN_SCOPE]
    assert scoped["areas"] == [a for a in city["areas"] if a["area_id"] == IN_SCOPE]
    assert scoped["areas"][0]["external_ties"] > 0
    city_b = _get(api, "/api/v1/analyses/bridges", "analyst", as_of=AS_OF)
    scoped_b = _get(api, "/api/v1/analyses/bridges", "analyst", IN_SCOPE, as_of=AS_OF)
    in_scope_orgs = {"org-plaza-hiyoshi", "org-jichikai-hiyoshi"}
    assert {b["organisation_id"] for b in scoped_b["bridges"]} == in_scope_orgs
    assert [b for b in city_b["bridges"] if b["organisation_id"] in in_scope_orgs] == scoped_b[
        "bridges"
    ]


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_scoped_results_never_leak_rows(api: Any, role: str) -> None:
    gaps = _get(api, "/api/v1/analyses/gaps", role, IN_SCOPE, as_of=AS_OF, min_demand=1)
    assert {g["area_id"] for g in gaps["gaps"]} <= IN_SCOPE_AREAS
    assert {u["area_id"] for u in gaps["unallocated"]} <= IN_SCOPE_AREAS
    iso = _get(api, "/api/v1/analyses/isolated", role, IN_SCOPE, as_of=AS_OF)
    assert {a["area_id"] for a in iso["areas"]} == {IN_SCOPE}
    flows = _get(api, "/api/v1/analyses/flows", role, IN_SCOPE, as_of=AS_OF)
    assert {a["area_id"] for a in flows["areas"]} <= IN_SCOPE_AREAS
    assert {o["area_id"] for o in flows["one_way_organisations"]} <= IN_SCOPE_AREAS
    # a coarser level than the scope yields no row (the ward is outside a district scope)
    ward = _get(api, "/api/v1/analyses/isolated", role, IN_SCOPE, level="ward", as_of=AS_OF)
    assert ward["areas"] == []
    for name in ANALYSES:
        r = api.client.get(
            f"/api/v1/analyses/{name}",
            params={"area": OUT_OF_SCOPE},
            headers=api.headers(role, IN_SCOPE),
        )
        assert r.status_code == 403, name


def _release(api: Any, day: dt.date = JULY) -> Release:
    """The release a viewer product read, from the data dir."""
    rel = release_store(api.settings).get(day)
    assert rel is not None, f"no release of {day}"
    return rel


def _small_counts(obj: Any, fields: set[str], threshold: int) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in fields and isinstance(v, int) and not isinstance(v, bool):
                if 1 <= v < threshold:
                    found.append((k, v))
            else:
                found.extend(_small_counts(v, fields, threshold))
    elif isinstance(obj, list):
        for v in obj:
            found.extend(_small_counts(v, fields, threshold))
    return found


RESIDENT_COUNT_FIELDS = {
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
STATUSES = ("open", "accepted", "declined", "closed")


@pytest.mark.parametrize("scope", [None, IN_SCOPE])
@pytest.mark.parametrize("name", ANALYSES)
def test_viewer_gets_the_published_release(api: Any, name: str, scope: str | None) -> None:
    """A viewer's analysis is the published analysis of the release of the latest month
    end on or before as_of (stored in the data dir, frozen once read)."""
    body = _get(api, f"/api/v1/analyses/{name}", "viewer", scope, as_of=AS_OF)
    p = body["params"]
    assert (p["release"], p["reference_date"], p["period_start"], p["as_of"]) == (
        "month-2024-07-31",
        "2024-07-31",
        "2024-07-01",
        "2024-07-31",
    )
    assert (p["suppression_threshold"], p["mark"]) == (10, "x")
    rel = _release(api)
    assert release_store(api.settings).served(rel)
    want = published_analysis(rel, name, area=scope, **DEFAULTS[name])
    assert body == json.loads(json.dumps(want, ensure_ascii=False))


@pytest.mark.parametrize("scope", [None, IN_SCOPE])
@pytest.mark.parametrize("name", ANALYSES)
def test_viewer_sees_no_small_count(api: Any, name: str, scope: str | None) -> None:
    body = _get(api, f"/api/v1/analyses/{name}", "viewer", scope, as_of=AS_OF)
    assert _small_counts(body, RESIDENT_COUNT_FIELDS, 10) == []
    assert body["params"]["suppression_threshold"] == 10


def test_viewer_sees_the_exact_rows_with_counts_hidden(api: Any) -> None:
    """The same gap rows, supplies and candidates as an analyst sees on the release's
    reference date; the sample is small, so every demand reads null ("x")."""
    exact = _get(api, "/api/v1/analyses/gaps", "analyst", as_of="2024-07-31")
    viewer = _get(api, "/api/v1/analyses/gaps", "viewer", as_of=AS_OF)
    by_key = {(e["area_id"], e["need"]): e for e in exact["gaps"]}
    assert sorted((v["area_id"], v["need"]) for v in viewer["gaps"]) == sorted(by_key)
    assert ("kohoku-nippa", "food") in by_key
    for v in viewer["gaps"]:
        e = by_key[(v["area_id"], v["need"])]
        assert (v["kind"], v["supply"], v["candidates"]) == (
            e["kind"],
            e["supply"],
            e["candidates"],
        )
        assert 1 <= e["demand"] < 10 and "suppressed" not in e
        assert (v["demand"], v["ratio"], v["suppressed"]) == (None, None, ["demand"])


def test_viewer_filters_treat_hidden_demand_as_the_threshold(api: Any) -> None:
    """Every hidden demand counts as 10 for min_demand: rows come and go as one band."""
    every = _get(api, "/api/v1/analyses/gaps", "viewer", as_of=AS_OF)["gaps"]
    five = _get(api, "/api/v1/analyses/gaps", "viewer", as_of=AS_OF, min_demand=5)["gaps"]
    eleven = _get(api, "/api/v1/analyses/gaps", "viewer", as_of=AS_OF, min_demand=11)["gaps"]
    assert five == every and len(every) > 0
    assert eleven == []
    exact = _get(api, "/api/v1/analyses/gaps", "analyst", as_of="2024-07-31", min_demand=5)
    assert exact["gaps"] == []  # no demand in the sample reaches 5


def test_viewer_as_of_picks_the_release(api: Any) -> None:
    """The latest month end on or before as_of and before today answers a viewer; an
    analyst gets the very date asked."""
    current = reference_for(dt.date.today()).isoformat()
    for as_of, reference in (
        ("2024-07-31", "2024-07-31"),
        ("2024-07-30", "2024-06-30"),
        ("2024-08-01", "2024-07-31"),
        ("2099-01-01", current),
        (None, current),
    ):
        params = {} if as_of is None else {"as_of": as_of}
        p = _get(api, "/api/v1/analyses/isolated", "viewer", **params)["params"]
        assert (p["reference_date"], p["release"]) == (reference, f"month-{reference}"), as_of
    assert release_store(api.settings).get(dt.date(2024, 6, 30)) is not None
    p = _get(api, "/api/v1/analyses/isolated", "analyst", as_of="2024-07-30")["params"]
    assert p["as_of"] == "2024-07-30" and "release" not in p


def test_viewer_flows_count_the_period(api: Any) -> None:
    """A viewer's referral counts are the period's (July 2024), an analyst's the running
    total; statuses per need or kind of organisation are never published."""
    viewer = _get(api, "/api/v1/analyses/flows", "viewer", as_of=AS_OF)
    analyst = _get(api, "/api/v1/analyses/flows", "analyst", as_of=AS_OF)
    assert viewer["params"]["counts"] == "period"
    v = {a["area_id"]: a for a in viewer["areas"]}
    e = {a["area_id"]: a for a in analyst["areas"]}
    # 新羽 referred twice, in May and June: nothing in July's period
    assert e["kohoku-nippa"]["referrals_out"] == 2
    assert (v["kohoku-nippa"]["referrals_out"], v["kohoku-nippa"]["referrals_in"]) == (0, 0)
    # 日吉 and 綱島 referred once each in July: hidden
    for d in ("kohoku-hiyoshi", "kohoku-tsunashima"):
        assert v[d]["referrals_out"] is None and "referrals_out" in v[d]["suppressed"]
        assert v[d]["acceptance_rate"] is None and "acceptance_rate" in v[d]["suppressed"]
    parts = [p for a in viewer["areas"] for p in a["by_need"] + a["by_org_kind"]]
    assert parts
    for part in parts:
        assert all(part[s] is None for s in STATUSES)
        assert {*STATUSES, "acceptance_rate"} <= set(part["suppressed"])


@pytest.mark.parametrize("name", ["gaps", "isolated", "flows"])
def test_viewer_has_no_neighbourhood_level(api: Any, name: str) -> None:
    path = f"/api/v1/analyses/{name}"
    params = {"level": "neighbourhood", "as_of": AS_OF}
    r = api.client.get(path, params=params, headers=api.headers("viewer"))
    assert r.status_code == 422, r.text
    assert r.json()["ok"] is False and "neighbourhood" in r.json()["error"]
    exact = _get(api, path, "analyst", **params)
    assert exact["params"]["level"] == "neighbourhood"


def test_bad_analysis_parameters_are_422(api: Any) -> None:
    h = api.headers("analyst")
    for path in (
        "/api/v1/analyses/gaps?level=galaxy",
        "/api/v1/analyses/gaps?min_demand=-1",
        "/api/v1/analyses/gaps?ratio=0",
        "/api/v1/analyses/gaps?ratio=abc",
        "/api/v1/analyses/gaps?need=unicorns",
        "/api/v1/analyses/gaps?area=nowhere",
        "/api/v1/analyses/bridges?top=0",
        "/api/v1/analyses/flows?as_of=2024-13-01",
    ):
        r = api.client.get(path, headers=h)
        assert r.status_code == 422, (path, r.text)
        assert r.json()["ok"] is False
    r = api.client.get("/api/v1/analyses/gaps?need=unicorns", headers=h)
    assert "unicorns" in r.json()["error"]


def test_results_are_cached_and_invalidated_by_writes(
    fresh_api: Any, sample_dir: Path, tmp_path: Path
) -> None:
    api = fresh_api
    ctx = api.client.app.state.netmap
    h = api.headers("analyst")
    first = api.client.get("/api/v1/analyses/gaps", params={"as_of": AS_OF}, headers=h).json()
    viewer_first = _get(api, "/api/v1/analyses/gaps", "viewer", as_of=AS_OF)
    hits = ctx.results.hits
    again = api.client.get("/api/v1/analyses/gaps", params={"as_of": AS_OF}, headers=h).json()
    assert again == first
    assert ctx.results.hits == hits + 1
    assert any((g["area_id"], g["need"]) == ("kohoku-nippa", "food") for g in first["gaps"])
    # a new food activity in 新羽 closes that gap: after the import the result changes
    folder = tmp_path / "more"
    shutil.copytree(sample_dir, folder)
    with (folder / "activities.csv").open("a", encoding="utf-8") as fh:
        fh.write(
            "act-new-food,新羽こども食堂,food_support,org-minsei-nippa,kohoku-nippa,food,children,,,,,\n"
        )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(folder.glob("*.csv")):
            zf.write(p, p.name)
    r = api.client.post(
        "/api/v1/import",
        files={"file": ("more.zip", buf.getvalue(), "application/zip")},
        headers=api.headers("admin"),
    )
    assert r.status_code == 200, r.text
    after = api.client.get("/api/v1/analyses/gaps", params={"as_of": AS_OF}, headers=h).json()
    assert not any((g["area_id"], g["need"]) == ("kohoku-nippa", "food") for g in after["gaps"])
    # a viewer read July's release before the import: it is frozen, the gap stays there
    viewer_after = _get(api, "/api/v1/analyses/gaps", "viewer", as_of=AS_OF)
    assert viewer_after == viewer_first
    assert any((g["area_id"], g["need"]) == ("kohoku-nippa", "food") for g in viewer_after["gaps"])
    # the import built the current release (nobody had read it) from the new data
    current = release_store(api.settings).get(reference_for(dt.date.today()))
    assert current is not None
    store = EmbeddedStore(api.settings.embedded_path)
    try:
        assert current.data_version == store.data_version()
    finally:
        store.close()
    now = _get(api, "/api/v1/analyses/gaps", "viewer")
    assert now["params"]["release"] == current.id
    assert not any((g["area_id"], g["need"]) == ("kohoku-nippa", "food") for g in now["gaps"])
