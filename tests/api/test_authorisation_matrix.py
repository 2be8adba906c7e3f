"""Every route x every role (and no token) x in / out of the token's area scope.

Roles: viewer = maps, exports, reports, areas, needs and aggregate analyses (published
from a release, docs/privacy.md); analyst = also exact analyses, entity lists and counts;
admin = everything, and an admin without area scope also imports, deletes, manages
tokens and review links and decides proposals. A scoped token asking for an area outside
its scope gets 403. Health, readiness, the web app and the review form's pages need no
token; the review form's data (``needs="review"``) needs a review session, which no token
of any role replaces (401).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

IN_SCOPE = "kohoku-hiyoshi"
OUT_OF_SCOPE = "kohoku-tsunashima"
ROLES = ("viewer", "analyst", "admin")
RANK = {"viewer": 0, "analyst": 1, "admin": 2}
EXPORT_FORMATS = ("png", "svg", "pdf", "graphml", "gexf", "json", "xlsx", "csv")


@dataclass(frozen=True)
class Route:
    """``path`` has ``{area}`` where an area goes (query or path); ``needs`` is the least
    role; ``global_only``: an admin without area scope; ``ok``: the status when allowed."""

    name: str
    method: str
    path: str
    needs: str | None  # None: public; "review": a review session (tokens never)
    area: str = "none"  # none | query | path
    global_only: bool = False
    ok: int = 200
    body: Callable[[Any], dict[str, Any]] | None = None
    template: str | None = None  # the OpenAPI path this route is (to skip routes not built)


def _import_body(api: Any) -> dict[str, Any]:
    return {"files": {"file": ("sample.zip", api.sample_zip, "application/zip")}}


def _plan_body(api: Any) -> dict[str, Any]:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "activities.csv",
            "id,name,kind,organisation_id,area_id,needs,valid_from\n"
            "act-plan,計画,food_support,org-npo-kodomo,kohoku-nippa,food,2024-04-01\n",
        )
    return {"files": {"file": ("plan.zip", buf.getvalue(), "application/zip")}}


def _new_token_id(api: Any) -> dict[str, Any]:
    return {}


ROUTES: list[Route] = [
    Route("health", "GET", "/api/v1/health", None),
    Route("ready", "GET", "/api/v1/ready", None),
    Route("webapp", "GET", "/", None, template="/"),
    Route("me", "GET", "/api/v1/me", "viewer"),
    Route("areas", "GET", "/api/v1/areas?area={area}", "viewer", "query"),
    Route("needs", "GET", "/api/v1/needs", "viewer"),
    Route("organisations", "GET", "/api/v1/organisations?area={area}", "analyst", "query"),
    Route("networks", "GET", "/api/v1/networks?area={area}", "analyst", "query"),
    Route("activities", "GET", "/api/v1/activities?area={area}", "analyst", "query"),
    Route("stats", "GET", "/api/v1/stats", "analyst"),
    Route("gaps", "GET", "/api/v1/analyses/gaps?area={area}", "viewer", "query"),
    Route("isolated", "GET", "/api/v1/analyses/isolated?area={area}", "viewer", "query"),
    Route("bridges", "GET", "/api/v1/analyses/bridges?area={area}", "viewer", "query"),
    Route("flows", "GET", "/api/v1/analyses/flows?area={area}", "viewer", "query"),
    Route("compare", "GET", "/api/v1/compare?from=2024-04-30&area={area}", "viewer", "query"),
    Route(
        "scenario",
        "POST",
        "/api/v1/scenarios/evaluate?at=2024-06-30&area={area}",
        "analyst",
        "query",
        body=_plan_body,
    ),
    Route("map", "GET", "/api/v1/maps/{area}", "viewer", "path", template="/api/v1/maps/{area_id}"),
    *[
        Route(
            f"export-{fmt}",
            "GET",
            f"/api/v1/exports/{{area}}.{fmt}",
            "viewer",
            "path",
            template="/api/v1/exports/{area_id}.{fmt}",
        )
        for fmt in EXPORT_FORMATS
    ],
    Route(
        "report",
        "GET",
        "/api/v1/reports/{area}.pdf",
        "viewer",
        "path",
        template="/api/v1/reports/{area_id}.pdf",
    ),
    Route("tokens-list", "GET", "/api/v1/tokens", "admin", global_only=True),
    Route(
        "tokens-create",
        "POST",
        "/api/v1/tokens",
        "admin",
        global_only=True,
        ok=201,
        body=lambda api: {"json": {"role": "viewer", "name": "matrix"}},
    ),
    Route(
        "tokens-revoke",
        "DELETE",
        "/api/v1/tokens/{token_id}",
        "admin",
        global_only=True,
        template="/api/v1/tokens/{token_id}",
    ),
    Route("import", "POST", "/api/v1/import", "admin", global_only=True, body=_import_body),
    # without confirm=true an allowed caller gets 422 (and nothing is deleted)
    Route("wipe", "DELETE", "/api/v1/data", "admin", global_only=True, ok=422),
    # the review queue and review links (docs/upkeep.md): an allowed caller asking for a
    # proposal that does not exist gets 404
    Route("upkeep-proposals", "GET", "/api/v1/upkeep/proposals", "admin", global_only=True),
    Route(
        "upkeep-proposal",
        "GET",
        "/api/v1/upkeep/proposals/999999",
        "admin",
        global_only=True,
        ok=404,
        template="/api/v1/upkeep/proposals/{proposal_id}",
    ),
    Route(
        "upkeep-approve",
        "POST",
        "/api/v1/upkeep/proposals/999999/approve",
        "admin",
        global_only=True,
        ok=404,
        body=lambda api: {"json": {}},
        template="/api/v1/upkeep/proposals/{proposal_id}/approve",
    ),
    Route(
        "upkeep-reject",
        "POST",
        "/api/v1/upkeep/proposals/999999/reject",
        "admin",
        global_only=True,
        ok=404,
        body=lambda api: {"json": {"reason": "matrix"}},
        template="/api/v1/upkeep/proposals/{proposal_id}/reject",
    ),
    Route("upkeep-links", "GET", "/api/v1/upkeep/links", "admin", global_only=True),
    Route(
        "upkeep-links-create",
        "POST",
        "/api/v1/upkeep/links",
        "admin",
        global_only=True,
        ok=201,
        body=lambda api: {"json": {"organisation_id": "org-plaza-hiyoshi"}},
    ),
    Route(
        "upkeep-links-revoke",
        "DELETE",
        "/api/v1/upkeep/links/{link_id}",
        "admin",
        global_only=True,
        template="/api/v1/upkeep/links/{link_id}",
    ),
    # the review form: its pages are public (a wrong link is 404), its data needs the
    # session a review link is exchanged for, which no token opens
    Route("review-page", "GET", "/review", None, template="/review"),
    Route("review-open", "GET", "/review/review_wrong", None, ok=404, template="/review/{secret}"),
    Route("review-form", "GET", "/api/v1/review/form", "review"),
    Route("review-partners", "GET", "/api/v1/review/partners?q=港北", "review"),
    Route(
        "review-submit",
        "POST",
        "/api/v1/review/proposals",
        "review",
        body=lambda api: {"json": {}},
    ),
]

CALLERS: list[tuple[str | None, str | None]] = [(None, None)] + [
    (role, area) for role in ROLES for area in (None, IN_SCOPE)
]


def _cases() -> list[Any]:
    out = []
    for route in ROUTES:
        targets: tuple[str | None, ...] = (
            (None, IN_SCOPE, OUT_OF_SCOPE)
            if route.area == "query"
            else (IN_SCOPE, OUT_OF_SCOPE)
            if route.area == "path"
            else (None,)
        )
        for role, scope in CALLERS:
            for target in targets:
                who = "anonymous" if role is None else f"{role}@{scope or 'all'}"
                out.append(
                    pytest.param(route, role, scope, target, id=f"{route.name}-{who}-{target}")
                )
    return out


def expected(route: Route, role: str | None, scope: str | None, target: str | None) -> int:
    if route.needs is None:
        return route.ok
    if role is None or route.needs == "review":
        return 401
    if RANK[role] < RANK[route.needs]:
        return 403
    if route.global_only and scope is not None:
        return 403
    if scope is not None and target is not None and target != IN_SCOPE:
        return 403
    return route.ok


def _in_a_month() -> Any:
    from datetime import UTC, datetime, timedelta

    return datetime.now(UTC) + timedelta(days=30)


@pytest.fixture(scope="module")
def matrix_api(api: Any, sample_dir: Any) -> Any:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(sample_dir.glob("*.csv")):
            zf.write(p, p.name)
    api.sample_zip = buf.getvalue()
    api.paths = {"/", "/review", "/review/{secret}", *api.client.app.openapi()["paths"]}
    return api


@pytest.mark.parametrize(("route", "role", "scope", "target"), _cases())
def test_authorisation_matrix(
    matrix_api: Any, route: Route, role: str | None, scope: str | None, target: str | None
) -> None:
    api = matrix_api
    template = route.template or route.path.split("?")[0]
    if template not in api.paths:
        pytest.skip(f"route {template} is not built yet")
    path = route.path
    if "{token_id}" in path:
        from netmap.auth import Role, token_store

        info, _ = token_store(api.settings).create(Role.VIEWER, name="to revoke")
        path = path.replace("{token_id}", info.id)
    if "{link_id}" in path:
        from netmap.upkeep.storage import upkeep_store

        link, _ = upkeep_store(api.settings).create_link(
            "org-plaza-hiyoshi", "日吉地域ケアプラザ", expires=_in_a_month()
        )
        path = path.replace("{link_id}", link.id)
    if "{area}" in path:
        path = path.replace("{area}", target or "")
        if target is None:
            path = path.replace("?area=", "").replace("&area=", "")
    headers = {} if role is None else api.headers(role, scope)
    kwargs = route.body(api) if route.body else {}
    r = api.client.request(route.method, path, headers=headers, **kwargs)
    want = expected(route, role, scope, target)
    assert r.status_code == want, r.text[:300]
    assert "Traceback" not in r.text
    if want >= 400 and route.path.startswith("/api/"):
        assert r.json()["ok"] is False


def test_every_api_route_is_in_the_matrix(matrix_api: Any) -> None:
    """A new route must be added to the matrix (and so get an authorisation decision)."""
    listed = {(r.method, r.template or r.path.split("?")[0]) for r in ROUTES}
    api_paths = {
        (method.upper(), path)
        for path, item in matrix_api.client.app.openapi()["paths"].items()
        for method in item
    }
    assert api_paths - listed == set()
