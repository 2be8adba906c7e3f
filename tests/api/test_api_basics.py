"""Health, sign-in, lists with filters and pagination, scope filtering, error shapes."""

from __future__ import annotations

from typing import Any

IN_SCOPE = "kohoku-hiyoshi"
IN_SCOPE_AREAS = {"kohoku-hiyoshi", "kohoku-hiyoshi-honcho"}
OUT_OF_SCOPE = "kohoku-tsunashima"


def test_health_and_ready_need_no_token(api: Any) -> None:
    r = api.client.get("/api/v1/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    r = api.client.get("/api/v1/ready")
    assert (r.status_code, r.json()) == (200, {"status": "ready", "store": "embedded"})


def test_web_app_needs_no_token(api: Any) -> None:
    r = api.client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")


def test_no_token_or_bad_token_is_401(api: Any) -> None:
    r = api.client.get("/api/v1/areas")
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json()["ok"] is False
    for bad in ("Bearer netmap_nope", "Bearer ", "Basic abc", "netmap_x"):
        r = api.client.get("/api/v1/areas", headers={"Authorization": bad})
        assert r.status_code == 401, bad


def test_me(api: Any) -> None:
    r = api.client.get("/api/v1/me", headers=api.headers("viewer", IN_SCOPE))
    body = r.json()
    assert (body["role"], body["area_id"], body["area_name"], body["exact_counts"]) == (
        "viewer",
        IN_SCOPE,
        "日吉地区",
        False,
    )
    body = api.client.get("/api/v1/me", headers=api.headers("analyst")).json()
    assert (body["role"], body["area_id"], body["exact_counts"]) == ("analyst", None, True)


def test_areas_unscoped_and_filters(api: Any) -> None:
    h = api.headers("viewer")
    items = api.client.get("/api/v1/areas", headers=h).json()["items"]
    assert {(a["id"], a["level"], a["parent_id"]) for a in items} == {
        ("yokohama", "city", None),
        ("kohoku", "ward", "yokohama"),
        ("kohoku-hiyoshi", "district", "kohoku"),
        ("kohoku-tsunashima", "district", "kohoku"),
        ("kohoku-nippa", "district", "kohoku"),
        ("kohoku-hiyoshi-honcho", "neighbourhood", "kohoku-hiyoshi"),
    }
    wards = api.client.get("/api/v1/areas?level=ward", headers=h).json()["items"]
    assert [(a["id"], a["name"], a["level_label"]) for a in wards] == [("kohoku", "港北区", "区")]
    kids = api.client.get("/api/v1/areas?parent=kohoku", headers=h).json()["items"]
    assert {a["id"] for a in kids} == {"kohoku-hiyoshi", "kohoku-tsunashima", "kohoku-nippa"}
    found = api.client.get("/api/v1/areas", params={"q": "綱島"}, headers=h).json()["items"]
    assert [a["id"] for a in found] == ["kohoku-tsunashima"]


def test_areas_scoped(api: Any) -> None:
    h = api.headers("viewer", IN_SCOPE)
    items = api.client.get("/api/v1/areas", headers=h).json()["items"]
    assert {a["id"] for a in items} == IN_SCOPE_AREAS
    r = api.client.get("/api/v1/areas", params={"area": OUT_OF_SCOPE}, headers=h)
    assert r.status_code == 403
    r = api.client.get("/api/v1/areas", params={"area": "kohoku"}, headers=h)
    assert r.status_code == 403  # the parent ward is outside a district scope too


def test_organisations_unscoped_filters_and_pages(api: Any) -> None:
    h = api.headers("analyst")
    body = api.client.get("/api/v1/organisations", headers=h).json()
    assert body["total"] == 12
    ids = [o["id"] for o in body["items"]]
    assert ids == sorted(ids)
    page = api.client.get("/api/v1/organisations?limit=5&offset=10", headers=h).json()
    assert (page["total"], page["limit"], page["offset"]) == (12, 5, 10)
    assert [o["id"] for o in page["items"]] == ids[10:]
    plazas = api.client.get(
        "/api/v1/organisations", params={"kind": "community_care_plaza"}, headers=h
    ).json()["items"]
    assert {(o["id"], o["area_id"], o["kind_label"]) for o in plazas} == {
        ("org-plaza-hiyoshi", "kohoku-hiyoshi", "地域ケアプラザ"),
        ("org-plaza-tsunashima", "kohoku-tsunashima", "地域ケアプラザ"),
    }
    hiyoshi = api.client.get("/api/v1/organisations", params={"area": IN_SCOPE}, headers=h).json()[
        "items"
    ]
    # the neighbourhood association sits in a sub-area of 日吉
    assert {o["id"] for o in hiyoshi} == {"org-plaza-hiyoshi", "org-jichikai-hiyoshi"}
    members = api.client.get(
        "/api/v1/organisations", params={"network": "net-nippa-team"}, headers=h
    ).json()["items"]
    assert {o["id"] for o in members} == {
        "org-minsei-nippa",
        "org-school-nippa",
        "org-kohoku-shakyo",
    }
    welfare = next(o for o in body["items"] if o["id"] == "org-kohoku-welfare")
    assert welfare["provides"] == ["debt", "employment", "household_finance", "housing"]
    assert welfare["networks"] == ["net-care-meeting"]
    assert (welfare["source"], welfare["verified_on"]) == ("港北区 資源調査", "2024-05-10")
    assert "website" not in welfare  # unknown columns stay internal


def test_organisations_as_of(api: Any) -> None:
    h = api.headers("analyst")
    old = api.client.get("/api/v1/organisations", params={"as_of": "2022-01-01"}, headers=h).json()[
        "items"
    ]
    now = api.client.get("/api/v1/organisations", params={"as_of": "2024-06-01"}, headers=h).json()[
        "items"
    ]
    assert "org-old-center" in {o["id"] for o in old}
    assert "org-old-center" not in {o["id"] for o in now}


def test_lists_scoped_never_leak(api: Any) -> None:
    h = api.headers("analyst", IN_SCOPE)
    orgs = api.client.get("/api/v1/organisations", headers=h).json()["items"]
    assert {o["id"] for o in orgs} == {"org-plaza-hiyoshi", "org-jichikai-hiyoshi"}
    acts = api.client.get("/api/v1/activities", headers=h).json()["items"]
    assert {(a["id"], a["area_id"]) for a in acts} == {
        ("act-salon-hiyoshi", "kohoku-hiyoshi"),
        ("act-mimamori-hiyoshi", "kohoku-hiyoshi"),
    }
    nets = api.client.get("/api/v1/networks", headers=h).json()["items"]
    assert {(n["id"], tuple(n["covers"]), n["member_count"]) for n in nets} == {
        ("net-care-meeting", (), 1),
        ("net-bousai", ("kohoku-hiyoshi",), 1),
    }
    for path in ("/api/v1/organisations", "/api/v1/activities", "/api/v1/networks"):
        r = api.client.get(path, params={"area": OUT_OF_SCOPE}, headers=h)
        assert r.status_code == 403, path


def test_activities_filters(api: Any) -> None:
    h = api.headers("admin")
    food = api.client.get("/api/v1/activities", params={"need": "food"}, headers=h).json()
    assert {a["id"] for a in food["items"]} == {"act-shokudo-tsunashima", "act-food-drive"}
    shokudo = next(a for a in food["items"] if a["id"] == "act-shokudo-tsunashima")
    assert shokudo == {
        "id": "act-shokudo-tsunashima",
        "name": "つなしまこども食堂",
        "kind": "food_support",
        "kind_label": "食支援・子ども食堂",
        "organisation_id": "org-npo-kodomo",
        "area_id": "kohoku-tsunashima",
        "needs": ["childcare", "food"],
        "target_groups": ["children", "families"],
        "capacity": 40,
        "valid_from": "2019-06-01",
        "valid_to": None,
        "source": None,
        "verified_on": None,
    }
    by_org = api.client.get(
        "/api/v1/activities", params={"organisation": "org-npo-kodomo"}, headers=h
    ).json()["items"]
    assert {a["id"] for a in by_org} == {"act-shokudo-tsunashima", "act-gakushu-tsunashima"}


def test_unknown_area_is_404_for_unscoped(api: Any) -> None:
    r = api.client.get(
        "/api/v1/organisations", params={"area": "nowhere"}, headers=api.headers("analyst")
    )
    assert r.status_code == 404
    assert r.json() == {"ok": False, "error": "no area with id 'nowhere'"}
    # a scoped token gets 403, not a hint that the area does not exist
    r = api.client.get(
        "/api/v1/organisations",
        params={"area": "nowhere"},
        headers=api.headers("analyst", IN_SCOPE),
    )
    assert r.status_code == 403


def test_bad_parameters_are_422(api: Any) -> None:
    h = api.headers("admin")
    for path in (
        "/api/v1/areas?level=galaxy",
        "/api/v1/organisations?limit=0",
        "/api/v1/organisations?limit=100000",
        "/api/v1/organisations?offset=-1",
        "/api/v1/organisations?as_of=yesterday",
        "/api/v1/networks?kind=secret",
    ):
        r = api.client.get(path, headers=h)
        assert r.status_code == 422, path
        body = r.json()
        assert body["ok"] is False and body["error"].startswith("invalid parameters"), body
        assert "Traceback" not in r.text


def test_stats(api: Any) -> None:
    body = api.client.get("/api/v1/stats", headers=api.headers("analyst")).json()
    assert body["nodes"]["Organisation"] == 12
    assert body["nodes"]["Resident"] == 15
    scoped = api.client.get("/api/v1/stats", headers=api.headers("analyst", IN_SCOPE)).json()
    assert scoped["nodes"]["Area"] == 2
    assert scoped["nodes"]["Organisation"] == 2
    assert scoped["nodes"]["Activity"] == 2


def test_security_headers_and_no_cors_by_default(api: Any) -> None:
    r = api.client.get(
        "/api/v1/areas", headers={**api.headers("viewer"), "Origin": "https://evil.example"}
    )
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "access-control-allow-origin" not in r.headers


def test_cors_when_configured(api_builder: Any, tmp_path: Any) -> None:
    gen = api_builder(tmp_path / "data", cors_origins=["https://city.example"])
    api = next(gen)
    try:
        h = {**api.headers("viewer"), "Origin": "https://city.example"}
        r = api.client.get("/api/v1/areas", headers=h)
        assert r.headers["access-control-allow-origin"] == "https://city.example"
        r = api.client.get(
            "/api/v1/areas", headers={**api.headers("viewer"), "Origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in r.headers
    finally:
        gen.close()


def test_no_import_time_state() -> None:
    """Two apps do not share state (no module-level singletons)."""
    import tempfile
    from pathlib import Path

    from netmap.api import create_app
    from netmap.config import Settings

    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        one = create_app(Settings(data_dir=Path(a)))
        two = create_app(Settings(data_dir=Path(b)))
        assert one.state.netmap is not two.state.netmap
        assert one.state.netmap.tokens.path != two.state.netmap.tokens.path


def _join_warm_ups() -> None:
    import threading

    for t in threading.enumerate():
        if t.name == "netmap-warm":
            t.join(timeout=120)


def test_serve_warms_graph_and_release_at_start_and_after_an_import(tmp_path: Any) -> None:
    """``netmap serve`` (``create_app(warm=True)``) exports and indexes the graph and loads
    the current release in the background at start-up, and again after an import, so the
    first viewer request does not pay for them. The warm-up never builds or serves a
    release."""
    from fastapi.testclient import TestClient
    from tests.api.conftest import SAMPLE, make_settings

    from netmap.api import create_app
    from netmap.disclosure import storage
    from netmap.service.data import import_path
    from netmap.service.releases import release_store

    settings = make_settings(tmp_path / "data")
    import_path(SAMPLE, settings=settings)  # builds the current release (nobody read it)
    releases = release_store(settings)
    current = releases.get(releases.reference_for(None))
    assert current is not None
    storage._LOADED.clear()

    import gc

    app = create_app(settings, warm=True)
    ctx = app.state.netmap
    frozen = gc.get_freeze_count()
    with TestClient(app):
        _join_warm_ups()
        assert ctx.graphs.misses == 1  # the graph of this version, exported once
        assert gc.get_freeze_count() > frozen  # out of the collector's reach
        ctx.snapshot(ctx.stores.get())
        assert (ctx.graphs.hits, ctx.graphs.misses) == (1, 1)  # a request finds it ready
        assert str(releases.path(current.reference_date)) in storage._LOADED
        assert not releases.served(current)  # loaded, not served: still not frozen
        ctx.invalidate()  # what an import through the API does
        _join_warm_ups()
        assert ctx.graphs.misses == 2  # warmed again
    gc.unfreeze()  # the rest of this test process collects as usual


def test_apps_do_not_warm_unless_asked(api: Any) -> None:
    """Tests and embedding apps get no background work: only ``netmap serve`` warms."""
    assert api.client.app.state.netmap.auto_warm is False
