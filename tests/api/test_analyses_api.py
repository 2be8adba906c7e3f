"""Analyses over HTTP: the CLI's JSON, scope filtering after a whole-graph computation,
viewer suppression, parameter errors, and the cache."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from netmap.service.analyses import run_analysis
from netmap.store.embedded import EmbeddedStore

IN_SCOPE = "kohoku-hiyoshi"
IN_SCOPE_AREAS = {"kohoku-hiyoshi", "kohoku-hiyoshi-honcho"}
OUT_OF_SCOPE = "kohoku-tsunashima"
ANALYSES = ("gaps", "isolated", "bridges", "flows")
AS_OF = "2024-08-01"


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
    want = run_analysis(name, _graph(api), as_of=AS_OF, settings=api.settings)
    assert got == want


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
        settings=api.settings,
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


@pytest.mark.parametrize("scope", [None, IN_SCOPE])
@pytest.mark.parametrize("name", ANALYSES)
def test_viewer_sees_no_small_count(api: Any, name: str, scope: str | None) -> None:
    body = _get(api, f"/api/v1/analyses/{name}", "viewer", scope, as_of=AS_OF)
    assert _small_counts(body, RESIDENT_COUNT_FIELDS, 10) == []
    assert body["params"]["suppression_threshold"] == 10


def test_viewer_suppression_shape(api: Any) -> None:
    exact = _get(api, "/api/v1/analyses/gaps", "analyst", as_of=AS_OF)
    viewer = _get(api, "/api/v1/analyses/gaps", "viewer", as_of=AS_OF)
    assert len(exact["gaps"]) == len(viewer["gaps"]) > 0
    for e, v in zip(exact["gaps"], viewer["gaps"], strict=True):
        assert (e["area_id"], e["need"], e["supply"]) == (v["area_id"], v["need"], v["supply"])
        assert 1 <= e["demand"] < 10  # the sample is small: every demand is hidden
        assert v["demand"] is None
        assert "demand" in v["suppressed"]
        assert "suppressed" not in e


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
