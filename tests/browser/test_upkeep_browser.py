"""Keeping the map true, in headless Chromium: the ward office invites the organisations of
日吉地区; the care plaza opens its review link, ends one activity, adds one, adds a partner
and sends the form; the admin approves two items and rejects one in the web app's 更新の
確認 tab; the store holds the change with the new verification date.

The browser set-up (Debian's chromium, loopback only, no JavaScript error) is the web-app
test's (one definition); no Content-Security-Policy violation is allowed either.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_webapp_browser import (  # one definition of the browser set-up
    Served,
    _artifacts,
    _sign_in,
    page,  # noqa: F401 (a fixture)
    served,  # noqa: F401 (a fixture)
)

pytestmark = pytest.mark.browser

PLAZA = "org-plaza-hiyoshi"
SALON = "act-salon-hiyoshi"


def _invite(server: Served) -> dict[str, str]:
    """Review links for every organisation of 日吉地区, as the admin creates them."""
    request = urllib.request.Request(
        server.url + "/api/v1/upkeep/links",
        data=json.dumps({"area_id": "日吉地区"}).encode(),
        headers={
            "Authorization": f"Bearer {server.tokens['admin']}",
            "Content-Type": "application/json",
        },
        method="POST",
    )
    with urllib.request.urlopen(request) as r:
        links = json.loads(r.read())["links"]
    return {link["organisation_id"]: link["url"] for link in links}


def test_a_care_plaza_reviews_its_record_and_the_admin_decides(
    page: Any,  # noqa: F811
    served: Served,  # noqa: F811
    tmp_path: Path,
) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    links = _invite(served)
    assert set(links) == {PLAZA, "org-jichikai-hiyoshi"}

    # the care plaza opens its link: the secret is swapped for a cookie, out of the URL
    page.goto(links[PLAZA])
    page.wait_for_selector("#review-form:not([hidden])")
    assert page.url == served.url + "/review"
    assert page.input_value("#org-name") == "日吉地域ケアプラザ"
    assert page.locator(".activity").count() == 1  # only its own activity
    # it ends its salon (the last day: yesterday, the default)
    salon = page.locator(f'.activity[data-id="{SALON}"]')
    salon.locator(".act-end").check()
    # adds a café
    page.click("#add-activity")
    cafe = page.locator(".activity.new")
    cafe.locator(".act-name").fill("日吉ほっとカフェ")
    cafe.locator(".act-kind").select_option("place_to_be")
    cafe.locator(".act-area").select_option("kohoku-hiyoshi")
    cafe.locator('.act-needs input[value="isolation"]').check()
    cafe.locator('.act-targets input[value="elderly"]').check()
    cafe.locator(".act-schedule").fill("毎週水曜 10時〜12時")
    # and a partner, found by name (names, kinds and areas only)
    page.fill("#partner-q", "社会福祉協議会")
    page.click("#partner-find")
    page.locator("#partner-results .partner-add").first.click()
    page.locator(".partner.new .partner-kind").fill("サロン運営")
    page.fill("#submitted-by", "日吉 花子")
    page.screenshot(path=str(_artifacts(tmp_path) / "upkeep-form.png"), full_page=True)
    page.click("#submit")
    page.wait_for_selector("#done-view:not([hidden])")
    assert "受付番号" in page.inner_text("#done-text")
    assert page.locator("#done-items li").count() == 3

    # the admin decides in the web app: approve the end and the café, reject the partner
    _sign_in(page, served, "admin")
    page.click("#upkeep-tab")
    page.wait_for_selector(".proposal")
    proposal = page.locator(".proposal").first
    assert "日吉地域ケアプラザ" in proposal.inner_text()
    assert "日吉ほっとカフェ" in proposal.inner_text()
    for n in (1, 2):
        proposal = page.locator(".proposal").first
        proposal.locator(f'tr[data-item="{n}"] .approve-item').click()
        page.wait_for_selector(f'.proposal tr[data-item="{n}"] .decided.approved')
    row = page.locator('.proposal tr[data-item="3"]')
    row.locator(".reject-item").click()  # without a reason: refused in the page
    assert page.locator("#upkeep-status.error").count() == 1
    row.locator(".reject-reason").fill("連携先に確認します")
    page.screenshot(path=str(_artifacts(tmp_path) / "upkeep-queue.png"), full_page=True)
    row.locator(".reject-item").click()
    # every item decided: the proposal leaves the queue
    page.wait_for_function("() => !document.querySelector('.proposal')")
    assert "却下" in page.inner_text("#upkeep-status")
    assert violations == []

    # the store shows the change and the new verification date
    from netmap.config import Settings
    from netmap.store.embedded import EmbeddedStore

    store = EmbeddedStore(Settings(data_dir=served.data_dir).embedded_path)
    try:
        G = store.export_graph()
    finally:
        store.close()
    today = dt.date.today()
    assert G.nodes[SALON]["valid_to"] == (today - dt.timedelta(days=1)).isoformat()
    [cafe_id] = [n for n, d in G.nodes(data=True) if d.get("name") == "日吉ほっとカフェ"]
    for nid in (PLAZA, SALON, cafe_id):
        assert G.nodes[nid]["verified_on"] == today.isoformat()
        assert G.nodes[nid]["source"] == "本人確認"
    assert G.nodes[cafe_id]["schedule"] == "毎週水曜 10時〜12時"
    assert not G.has_edge(PLAZA, "org-kohoku-shakyo") and not G.has_edge(
        "org-kohoku-shakyo", PLAZA
    )  # rejected: not written
