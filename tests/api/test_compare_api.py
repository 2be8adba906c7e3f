"""``GET /compare`` over HTTP: exact for analysts, two releases for viewers (saying which),
and dates outside the calendar refused with 422, never a server error."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import IN_SCOPE


def test_analysts_compare_exact_and_viewers_compare_releases(api: Any) -> None:
    q = "/api/v1/compare?from=2024-04-15&to=2024-06-20"
    exact = api.client.get(q, headers=api.headers("analyst"))
    assert exact.status_code == 200, exact.text
    p = exact.json()["params"]
    assert (p["counts"], p["from"], p["to"]) == ("exact", "2024-04-15", "2024-06-20")
    assert "referral_links" in exact.json()["ties"]

    seen = api.client.get(q, headers=api.headers("viewer"))
    assert seen.status_code == 200, seen.text
    p = seen.json()["params"]
    assert p["counts"] == "published"
    # answered with the month ends on or before the dates, and the response says so
    assert p["answered_with"] == {"from": "2024-03-31", "to": "2024-05-31"}
    assert "referral_links" not in seen.json()["ties"]


def test_a_scoped_viewer_compares_only_its_area(api: Any) -> None:
    r = api.client.get(
        "/api/v1/compare?from=2024-04-15&to=2024-06-20", headers=api.headers("viewer", IN_SCOPE)
    )
    assert r.status_code == 200, r.text
    obj = r.json()
    assert obj["params"]["area"] == IN_SCOPE
    areas = {row["area_id"] for row in obj["flows"]["areas"]}
    assert areas <= {IN_SCOPE}


@pytest.mark.parametrize("role", ["viewer", "analyst"])
@pytest.mark.parametrize(
    "path",
    ["/api/v1/compare?from=0001-01-01", "/api/v1/analyses/flows?as_of=0001-01-01"],
)
def test_dates_before_the_calendar_are_a_usage_error(api: Any, role: str, path: str) -> None:
    r = api.client.get(path, headers=api.headers(role))
    if role == "analyst" and "analyses" in path:
        assert r.status_code == 200  # exact analyses of a date with no data: empty
    else:
        assert r.status_code == 422, r.text
