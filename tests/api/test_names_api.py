"""Names wherever the API takes ids (``?area=日吉地区``, ``/maps/日吉地区``, ``?need=食``),
the date forms of ``as_of``, and scoped tokens: suggestions never name an area outside the
scope (and a scoped token cannot tell an area outside it from one that does not exist).

Scope used: the sample's 日吉地区 (``kohoku-hiyoshi``, with 日吉本町); 綱島地区 is outside.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

IN_SCOPE = "kohoku-hiyoshi"
AS_OF = "2024-06-30"


def _get(
    api: Any, path: str, role: str = "viewer", token_scope: str | None = None, **params: Any
) -> Any:
    return api.client.get(path, params=params, headers=api.headers(role, token_scope))


@pytest.mark.parametrize("analysis", ["gaps", "isolated", "bridges", "flows"])
@pytest.mark.parametrize(
    ("role", "scope"), [("viewer", None), ("analyst", None), ("viewer", IN_SCOPE)]
)
def test_area_by_name(api: Any, analysis: str, role: str, scope: str | None) -> None:
    path = f"/api/v1/analyses/{analysis}"
    by_id = _get(api, path, role, scope, area=IN_SCOPE, as_of=AS_OF)
    assert by_id.status_code == 200, by_id.text
    by_name = _get(api, path, role, scope, area="日吉地区", as_of=AS_OF)
    assert by_name.status_code == 200, by_name.text
    assert by_name.json() == by_id.json()
    assert by_name.json()["params"]["area"] == IN_SCOPE


def test_need_by_name(api: Any) -> None:
    by_id = _get(api, "/api/v1/analyses/gaps", need="food", level="ward").json()
    for name in ("食", "Food"):
        assert _get(api, "/api/v1/analyses/gaps", need=name, level="ward").json() == by_id
    r = _get(api, "/api/v1/analyses/gaps", need="食べ物")
    assert r.status_code == 422
    assert r.json()["error"].startswith("ニーズ「食べ物」が見つかりません / unknown need")
    assert {"id": "food", "name": "食"} in r.json()["suggestions"]


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_unknown_area_suggests_for_an_unscoped_token(api: Any, role: str) -> None:
    r = _get(api, "/api/v1/analyses/gaps", role, area="綱島")
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == (
        "地区「綱島」が見つかりません / unknown area '綱島' — 候補 / did you mean: "
        "綱島地区 (kohoku-tsunashima)"
    )
    assert body["suggestions"] == [{"id": "kohoku-tsunashima", "name": "綱島地区"}]


def test_a_scoped_token_gets_no_suggestion_outside_its_scope(api: Any) -> None:
    """綱島 is close to an area outside the scope: the answer is the same 403 as for a
    name that matches nothing, and suggests only areas inside the scope."""

    def answer(text: str) -> str:
        r = _get(api, "/api/v1/analyses/gaps", "viewer", IN_SCOPE, area=text)
        assert r.status_code == 403, text
        assert set(r.json()) == {"ok", "error"}  # no details
        error: str = r.json()["error"].replace(text, "T")
        assert "tsunashima" not in error and "綱島" not in error and "港北区" not in error
        return error

    # an area outside the scope, and a twin of it that names nothing: the same answer
    for outside, nothing in (
        ("綱島地区", "綱嶋地区"),
        ("綱島", "綱嶋"),
        ("kohoku-tsunashima", "kohoku-tsunashimo"),
        ("港北区", "港南区"),
    ):
        assert answer(outside) == answer(nothing), outside
    # a near miss inside the scope suggests inside the scope only
    r = _get(api, "/api/v1/analyses/gaps", "viewer", IN_SCOPE, area="日吉")
    assert r.status_code == 403
    assert (
        "did you mean: 日吉地区 (kohoku-hiyoshi), 日吉本町 (kohoku-hiyoshi-honcho)"
        in (r.json()["error"])
    )
    # lists, maps and downloads: the same rule
    for path in (
        "/api/v1/maps/綱島地区",
        f"/api/v1/maps/{quote('綱島')}",
        "/api/v1/exports/綱島地区.csv",
        "/api/v1/reports/綱島地区.pdf",
    ):
        r = _get(api, path, "viewer", IN_SCOPE)
        assert r.status_code == 403, path
        assert "綱島" not in r.json()["error"].partition("did you mean")[2]
    r = _get(api, "/api/v1/organisations", "analyst", IN_SCOPE, area="綱島")
    assert r.status_code == 403


def test_as_of_forms(api: Any) -> None:
    by_iso = _get(api, "/api/v1/analyses/flows", as_of=AS_OF).json()
    for form in ("令和6年6月30日", "R6.6.30", "2024/6/30", "２０２４年６月３０日"):
        assert _get(api, "/api/v1/analyses/flows", as_of=form).json() == by_iso
    exact = _get(api, "/api/v1/analyses/gaps", "analyst", as_of="令和6年6月30日").json()
    assert exact["params"]["as_of"] == AS_OF
    r = _get(api, "/api/v1/analyses/gaps", as_of="平成31年5月1日")
    assert r.status_code == 422
    assert "平成の期間外" in r.json()["error"]
    orgs = _get(api, "/api/v1/organisations", "analyst", as_of="R6.6.30").json()["items"]
    assert "org-old-center" not in {o["id"] for o in orgs}


def test_paths_take_names(api: Any) -> None:
    r = _get(api, "/api/v1/maps/日吉地区", as_of="R6.6.30")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    r = _get(api, "/api/v1/exports/日吉地区.csv", as_of="令和6年6月30日")
    assert r.status_code == 200
    assert "network-kohoku-hiyoshi.csv" in r.headers["content-disposition"]
    assert r.content == _get(api, "/api/v1/exports/kohoku-hiyoshi.csv", as_of=AS_OF).content
    r = _get(api, "/api/v1/maps/日吉")
    assert r.status_code == 404
    assert "did you mean: 日吉地区 (kohoku-hiyoshi)" in r.json()["error"]
    assert r.json()["suggestions"][0] == {"id": "kohoku-hiyoshi", "name": "日吉地区"}


def test_lists_take_names(api: Any) -> None:
    by_id = _get(api, "/api/v1/organisations", "analyst", area=IN_SCOPE).json()
    assert _get(api, "/api/v1/organisations", "analyst", area="日吉地区").json() == by_id
    assert by_id["total"] == 2
