"""The review form and the review queue over HTTP (FastAPI TestClient, embedded store):
the link's secret exchanged for a short session cookie and out of the URL, the page's
policy, CSRF, one organisation only, partner search, rate limits, and the admin routes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.upkeep.upkeep_sample import (
    OTHER_ACTIVITY,
    PLAZA,
    SALON,
    SAMPLE,
    make_settings,
    plaza_form,
)

from netmap.api import create_app
from netmap.auth import Role, token_store
from netmap.config import Settings
from netmap.ingest.pipeline import run_import
from netmap.store.embedded import EmbeddedStore

pytestmark = pytest.mark.usefixtures("japanese")  # the default language

STATIC = Path(__file__).resolve().parents[2] / "src" / "netmap" / "api" / "static"


class Review:
    """A client with the sample loaded and an admin token."""

    def __init__(self, client: TestClient, settings: Settings, admin: str, scoped: str) -> None:
        self.client = client
        self.settings = settings
        self.admin = {"Authorization": f"Bearer {admin}"}
        self.scoped = {"Authorization": f"Bearer {scoped}"}

    def invite(self, org: str = PLAZA) -> str:
        r = self.client.post(
            "/api/v1/upkeep/links", json={"organisation_id": org}, headers=self.admin
        )
        assert r.status_code == 201, r.text
        url: str = r.json()["links"][0]["url"]
        return url.removeprefix(str(self.client.base_url))

    def open(self, org: str = PLAZA) -> str:
        """Open the organisation's link; the session's CSRF token."""
        r = self.client.get(self.invite(org), follow_redirects=False)
        assert r.status_code == 303, r.text
        form = self.client.get("/api/v1/review/form")
        assert form.status_code == 200, form.text
        csrf: str = form.json()["csrf"]
        return csrf

    def send(self, body: dict[str, Any], csrf: str, **params: str) -> Any:
        return self.client.post(
            "/api/v1/review/proposals",
            json=body,
            headers={"X-CSRF-Token": csrf},
            params=params,
        )


def _review(tmp_path: Path, base_url: str = "http://testserver", **kw: Any) -> Iterator[Review]:
    settings = make_settings(tmp_path / "data", **kw)
    store = EmbeddedStore(settings.embedded_path)
    run_import(SAMPLE, store, settings=settings)
    store.close()
    tokens = token_store(settings)
    admin = tokens.create(Role.ADMIN, name="区役所")[1]
    scoped = tokens.create(Role.ADMIN, area_id="kohoku-hiyoshi", name="地区")[1]
    app = create_app(settings)
    with TestClient(app, base_url=base_url, raise_server_exceptions=False) as client:
        yield Review(client, settings, admin, scoped)


@pytest.fixture
def review(tmp_path: Path) -> Iterator[Review]:
    yield from _review(tmp_path)


def test_the_secret_is_exchanged_for_a_short_cookie_and_leaves_the_url(review: Review) -> None:
    path = review.invite()
    r = review.client.get(path, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/review"  # no secret in the address it goes to
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["cache-control"] == "no-store"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("netmap_review=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http (loopback)
    max_age = int(re.search(r"Max-Age=(\d+)", cookie)[1])  # type: ignore[index]
    assert 0 < max_age <= 2 * 3600
    secret = path.rsplit("/", 1)[1]
    assert secret not in cookie
    # the link can be opened again (a new session), until it is revoked or expires
    assert review.client.get(path, follow_redirects=False).status_code == 303


def test_over_https_the_cookie_is_secure(tmp_path: Path) -> None:
    for review in _review(tmp_path, base_url="https://testserver"):
        r = review.client.get(review.invite(), follow_redirects=False)
        assert "Secure" in r.headers["set-cookie"]


def test_a_wrong_link_is_a_page_without_script(review: Review) -> None:
    r = review.client.get("/review/review_wrong")
    assert r.status_code == 404 and "<script" not in r.text and "無効" in r.text
    assert "set-cookie" not in r.headers


def test_the_form_page_has_the_web_apps_policy_and_no_inline_script(review: Review) -> None:
    r = review.client.get("/review")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)[1]  # type: ignore[index]
    assert "script-src 'self' 'nonce-" in csp and "'unsafe-inline'" not in csp.split("style")[0]
    assert f'<script src="/static/review.js" nonce="{nonce}" defer>' in r.text
    assert r.text.count("<script") == 1
    assert r.headers["referrer-policy"] == "no-referrer"
    js = (STATIC / "review.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in js.splitlines() if not line.lstrip().startswith("//"))
    assert "innerHTML" not in code and "textContent" in code  # every value escaped


def test_the_form_needs_a_session_and_shows_only_the_own_record(review: Review) -> None:
    assert review.client.get("/api/v1/review/form").status_code == 401
    # an API token, even an admin's, does not open the form
    assert review.client.get("/api/v1/review/form", headers=review.admin).status_code == 401
    review.open()
    body = review.client.get("/api/v1/review/form").json()
    assert body["record"]["organisation"]["id"] == PLAZA
    assert [a["id"] for a in body["record"]["activities"]] == [SALON]
    for word in ("Resident", "Referral", "residents", "referrals"):
        assert word not in str(body)


def test_partner_search_returns_directory_data_only(review: Review) -> None:
    review.open()
    r = review.client.get("/api/v1/review/partners", params={"q": "港北"})
    assert r.status_code == 200
    items = r.json()["items"]
    assert {i["id"] for i in items} >= {"org-kohoku-shakyo", "org-kohoku-welfare"}
    assert all(
        set(i) == {"id", "name", "kind", "kind_label", "area_id", "area_name"} for i in items
    )


def test_sending_needs_the_csrf_token_of_the_session(review: Review) -> None:
    csrf = review.open()
    assert review.send(plaza_form(), "").status_code == 403
    assert review.send(plaza_form(), "0" * 64).status_code == 403
    r = review.send(plaza_form(), csrf)
    assert r.status_code == 201, r.text
    assert [i["action"] for i in r.json()["items"]] == ["ended", "added", "added"]


def test_another_organisations_ids_are_refused(review: Review) -> None:
    csrf = review.open()
    r = review.send({"activities": [{"id": OTHER_ACTIVITY, "ended_on": "2026-01-31"}]}, csrf)
    assert r.status_code == 403 and "ほかの団体" in r.json()["error"]
    r = review.send({"organisation": {"id": "org-npo-kodomo", "name": "乗っ取り"}}, csrf)
    assert r.status_code == 403
    queue = review.client.get("/api/v1/upkeep/proposals", headers=review.admin).json()
    assert queue["proposals"] == []


def test_problems_come_back_with_the_imports_messages(review: Review) -> None:
    csrf = review.open()
    bad = {"activities": [{"name": "", "kind": "salon", "area_id": "kohoku-hiyoshi"}]}
    r = review.send(bad, csrf)
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert {p["reason"] for p in problems} == {"必須の値が空欄です"}
    assert {p["field"] for p in problems} == {"名称", "対応するニーズ"}
    r = review.send(bad, csrf, lang="en")
    assert {p["reason"] for p in r.json()["problems"]} == {"required value is empty"}


def test_a_revoked_link_closes_its_form(review: Review) -> None:
    review.open()
    links = review.client.get("/api/v1/upkeep/links", headers=review.admin).json()["links"]
    r = review.client.delete(f"/api/v1/upkeep/links/{links[0]['id']}", headers=review.admin)
    assert r.status_code == 200 and r.json()["active"] is False
    assert review.client.get("/api/v1/review/form").status_code == 401


def test_the_form_is_rate_limited_per_link(tmp_path: Path) -> None:
    for review in _review(tmp_path, api_rate_per_minute=3):
        csrf = review.open()  # the form: one request
        codes = [review.client.get("/api/v1/review/form").status_code for _ in range(3)]
        assert codes[:2] == [200, 200] and codes[2] == 429
        r = review.send(plaza_form(), csrf)
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1


def test_the_review_queue_over_the_api(review: Review) -> None:
    csrf = review.open()
    pid = review.send(plaza_form(), csrf).json()["proposal_id"]
    queue = review.client.get("/api/v1/upkeep/proposals", headers=review.admin).json()
    [p] = queue["proposals"]
    assert p["id"] == pid and p["pending"] == 3 and queue["names"][PLAZA] == "日吉地域ケアプラザ"
    added = p["items"][1]["fields"]
    assert {
        "field": "needs",
        "label": "対応するニーズ",
        "before": "–",
        "after": "孤立・社会参加",
    } in added
    # a scoped admin may not decide (approval writes to the store, as an import)
    assert review.client.get("/api/v1/upkeep/proposals", headers=review.scoped).status_code == 403
    r = review.client.post(
        f"/api/v1/upkeep/proposals/{pid}/approve", json={"items": [1, 2]}, headers=review.admin
    )
    assert r.status_code == 200, r.text
    assert r.json()["approved"] == [1, 2]
    r = review.client.post(
        f"/api/v1/upkeep/proposals/{pid}/reject", json={"items": [3]}, headers=review.admin
    )
    assert r.status_code == 422  # a reason is required
    r = review.client.post(
        f"/api/v1/upkeep/proposals/{pid}/reject",
        json={"items": [3], "reason": "連携先に確認します"},
        headers=review.admin,
    )
    assert r.status_code == 200 and r.json()["status"] == "partly_approved"
    shown = review.client.get(f"/api/v1/upkeep/proposals/{pid}", headers=review.admin).json()
    assert [i["status"] for i in shown["items"]] == ["approved", "approved", "rejected"]
    assert shown["items"][2]["reason"] == "連携先に確認します"
    # the approval is what the API reads at once (its caches were dropped)
    acts = review.client.get("/api/v1/activities?area=kohoku-hiyoshi", headers=review.admin)
    names = {a["name"] for a in acts.json()["items"]}
    assert "日吉ほっとカフェ" in names
