"""The web app's analysis tabs in headless Chromium (issue 14, item 5): 孤立した地域, 橋渡し役,
紹介の流れ and 変化 show the sample data's rows (as a viewer, from the release: a hidden count
reads "x" with its note), a filled or broken Excel workbook is uploaded and its report read,
the English toggle reaches the embedded map, the page says 空白 (never ギャップ), and nothing
breaks the Content-Security-Policy.

The server, the browser page and the helpers are those of ``test_webapp_browser.py``
(imported, not copied); CSP violations are recorded with ``test_csp_browser.py``'s listener.
Screenshots go to ``NETMAP_TEST_ARTIFACTS`` (default: the test's temporary directory).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "docs"))
import test_webapp_browser as webapp_tests
from fill_workbook import fill_workbook
from test_csp_browser import RECORD_VIOLATIONS
from test_webapp_browser import DISTRICT, DISTRICT_NAME, SAMPLE, Served, _artifacts, _sign_in

# the web app tests' fixtures: the API serving the sample data on loopback, and a page in
# Chromium that fails the test on any JavaScript error or request to another host
page = webapp_tests.page
served = webapp_tests.served

pytestmark = pytest.mark.browser

HIDDEN_NOTE = "x は秘匿（少数のため非表示）"


class Watch:
    """CSP violations (the listener in every frame, and Chromium's console) and requests."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        self.requests: list[str] = []
        page.context.add_init_script(RECORD_VIOLATIONS)
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        page.on("request", lambda r: self.requests.append(r.url))

    def violations(self) -> list[str]:
        found = [m for m in self.console if "Content Security Policy" in m or "Refused" in m]
        for frame in self.page.frames:
            found += frame.evaluate("window.__cspViolations || []")
        return found


def _open_tab(page: Any, tab: str) -> None:
    page.click(f"button[data-tab={tab}]")
    page.wait_for_function(
        """t => { const s = document.querySelector(`#${t}-status`).textContent;
                  return s !== '' && !s.startsWith('読み込み中'); }""",
        arg=tab,
    )
    assert "エラー" not in page.inner_text(f"#{tab}-status")


def _rows(page: Any, selector: str) -> list[list[str]]:
    rows: list[list[str]] = page.eval_on_selector_all(
        f"{selector} tbody tr", "trs => trs.map(tr => [...tr.cells].map(td => td.innerText))"
    )
    return rows


def _headers(page: Any, selector: str) -> list[str]:
    heads: list[str] = page.eval_on_selector_all(
        f"{selector} thead th", "ths => ths.map(th => th.innerText)"
    )
    return heads


def _no_gap_word(page: Any) -> None:
    """The page (hidden tabs included) and the map in it never say ギャップ."""
    assert "ギャップ" not in page.evaluate("document.documentElement.textContent")
    for frame in page.frames:
        assert "ギャップ" not in frame.evaluate("document.documentElement.textContent")


def test_analysis_tabs_for_a_viewer(page: Any, served: Served, tmp_path: Path) -> None:
    watch = Watch(page)
    shots = _artifacts(tmp_path)
    _sign_in(page, served, "viewer")
    assert page.input_value("#ward-select") == "kohoku"  # the ward, its three districts
    tabs = page.eval_on_selector_all(".tabs button", "bs => bs.map(b => b.innerText)")
    assert tabs[:7] == [
        "地図", "空白・不足", "孤立した地域", "橋渡し役", "紹介の流れ", "変化", "ダウンロード"
    ]  # fmt: skip

    # 孤立した地域: every district of the ward, residents hidden (small counts) as "x"
    _open_tab(page, "isolated")
    assert _headers(page, "#isolated-out table")[:4] == ["地区", "孤立", "スコア", "理由"]
    rows = _rows(page, "#isolated-out table")
    assert [r[0] for r in rows] == ["日吉地区", "新羽地区", "綱島地区"]  # the API's order
    assert {r[8] for r in rows} == {"x"} and {r[9] for r in rows} == {"x"}
    assert HIDDEN_NOTE in page.inner_text("#isolated-out")
    assert "公表用集計（基準日 " in page.inner_text("#isolated-out")
    page.screenshot(path=str(shots / "webapp-isolated.png"), full_page=True)

    # 橋渡し役: the plain-language sentence right after the name, measures after it
    _open_tab(page, "bridges")
    heads = _headers(page, "#bridges-out table.bridges-table")
    assert heads[:4] == ["順位", "団体", "何をつないでいるか", "参加ネットワーク"]
    assert heads.index("媒介中心性") > heads.index("何をつないでいるか")
    rows = _rows(page, "#bridges-out table.bridges-table")
    assert rows[0][:2] == ["1", "港北区生活支援課"]
    assert rows[0][2].startswith("「港北区地域ケア会議」に参加しています。")
    assert "港北区地域ケア会議" in rows[0][3]  # network names, not ids
    missing = _rows(page, "#bridges-out table.missing-table")
    assert missing and missing[0][:3] == ["港北区", "日吉・綱島防災連絡会", "新羽地区別支援チーム"]
    assert "net-" not in page.inner_text("#bridges-out")
    page.screenshot(path=str(shots / "webapp-bridges.png"), full_page=True)

    # 紹介の流れ: the referrals of July 2024; 日吉's few referrals read "x"
    page.fill("#asof-input", "2024-07-31")
    page.dispatch_event("#asof-input", "change")
    _open_tab(page, "flows")
    page.wait_for_function(
        "() => document.querySelector('#flows-out').textContent.includes('2024-07-31')"
    )
    assert _headers(page, "#flows-out table.flows-table")[:3] == [
        "地区",
        "紹介した（入口）",
        "受けた（出口）",
    ]
    rows = {r[0]: r for r in _rows(page, "#flows-out table.flows-table")}
    assert set(rows) == {"日吉地区", "新羽地区", "綱島地区"}
    assert rows["日吉地区"][1:3] == ["x", "x"]
    text = page.inner_text("#flows-out")
    assert HIDDEN_NOTE in text
    assert "2024-07-01〜2024-07-31 の期間の件数" in text
    page.screenshot(path=str(shots / "webapp-flows.png"), full_page=True)
    page.fill("#asof-input", "")
    page.dispatch_event("#asof-input", "change")

    # 変化: two releases compared, and the page says which
    page.click("button[data-tab=compare]")
    page.fill("#compare-from", "2020-01-01")
    page.fill("#compare-to", "2026-11-30")
    page.click("#compare-button")
    page.wait_for_function(
        "() => document.querySelector('#compare-status').textContent.includes('比べました')"
    )
    assert "基準日 2019-12-31 と 2026-11-30" in page.inner_text("#compare-status")
    records = {r[0]: r for r in _rows(page, "#compare-out table.records-table")}
    assert records["ネットワーク"][1:3] == ["1", "0"]
    assert "新羽地区別支援チーム" in records["ネットワーク"][3]
    assert records["団体"][2] == "1" and "旧港北青少年センター" in records["団体"][3]
    iso = _rows(page, "#compare-out table.isolated-change-table")
    assert [r[:2] for r in iso] == [["孤立が解消", "新羽地区"]]
    assert iso[0][4] == "x → x"  # hidden in both releases
    bridges = {r[0]: r[1] for r in _rows(page, "#compare-out table.bridges-change-table")}
    assert bridges["上位に入った"] == "株式会社綱島製作所"
    assert HIDDEN_NOTE in page.inner_text("#compare-out")
    page.screenshot(path=str(shots / "webapp-compare.png"), full_page=True)

    # 空白・不足: the same words as the CLI and the sheet
    page.click("button[data-tab=gaps]")
    page.select_option("#district-select", "kohoku-nippa")
    page.wait_for_function("() => document.querySelectorAll('#gaps-table tbody tr').length > 0")
    rows = _rows(page, "#gaps-table")
    assert {r[4] for r in rows} <= {"空白", "不足"}
    assert _headers(page, "#gaps-table")[3] == "供給"
    assert HIDDEN_NOTE in page.inner_text("#gaps-after")
    page.screenshot(path=str(shots / "webapp-gaps.png"), full_page=True)
    _no_gap_word(page)
    assert watch.violations() == []


def test_english_reaches_the_map(page: Any, served: Served, tmp_path: Path) -> None:

    watch = Watch(page)
    _sign_in(page, served, "viewer")
    page.select_option("#district-select", DISTRICT)

    def map_drawn() -> Any:
        page.wait_for_function(
            "() => document.querySelector('#map-status').classList.contains('ok')",
            timeout=120_000,
        )
        frame = page.query_selector("#map-frame").content_frame()
        page.frame_locator("#map-frame").locator("canvas").first.wait_for(state="visible")
        return frame

    frame = map_drawn()
    ja_sidebar = frame.inner_text("#sidebar")
    assert "凡例" in ja_sidebar and DISTRICT_NAME in ja_sidebar
    assert any("/maps/kohoku-hiyoshi?lang=ja" in u for u in watch.requests)
    _no_gap_word(page)

    page.click("#lang-toggle")
    page.wait_for_function(
        "() => document.querySelector('#map-status').textContent.includes('Map shown')",
        timeout=120_000,
    )
    frame = map_drawn()
    assert any("/maps/kohoku-hiyoshi?lang=en" in u for u in watch.requests)
    page.screenshot(path=str(_artifacts(tmp_path) / "webapp-map-en.png"))
    # the web app's own text is English; the map's (its legend, layers and notes) too once
    # the map renderer draws in English
    en_sidebar = frame.inner_text("#sidebar")
    # the web app's tables are English too: the bridges' sentences are why_en
    page.click("button[data-tab=bridges]")
    page.wait_for_function(
        "() => document.querySelectorAll('#bridges-out table.bridges-table tbody tr').length > 0"
    )
    assert _headers(page, "#bridges-out table.bridges-table")[2] == "What it links"
    first = _rows(page, "#bridges-out table.bridges-table")[0]
    assert first[2].startswith('Member of "港北区地域ケア会議".')
    page.screenshot(path=str(_artifacts(tmp_path) / "webapp-bridges-en.png"), full_page=True)
    assert watch.violations() == []
    assert frame.evaluate("document.documentElement.lang") == "en"
    assert en_sidebar != ja_sidebar
    assert "凡例" not in en_sidebar


def _workbook(tmp_path: Path, cells: dict[str, str] | None = None) -> Path:
    from netmap.service.templates import TEMPLATE_WORKBOOK, xlsx_template_bytes

    template = tmp_path / TEMPLATE_WORKBOOK
    template.write_bytes(xlsx_template_bytes())
    name = "broken.xlsx" if cells else "filled.xlsx"
    return fill_workbook(template, SAMPLE, tmp_path / name, cells)


def test_a_workbook_upload_shows_the_report(page: Any, served: Served, tmp_path: Path) -> None:
    watch = Watch(page)
    _sign_in(page, served, "admin")
    page.click("#upload-tab")
    accept = page.get_attribute("#upload-file", "accept")
    assert ".xlsx" in accept.split(",")
    assert "Excel" in page.inner_text("#tab-upload .help")

    # a mistake in a sheet: rejected, nothing written, reported by sheet, row and column
    broken = _workbook(tmp_path, {"areas!C4": "town"})
    page.set_input_files("#upload-file", str(broken))
    page.click("#upload-button")
    page.wait_for_selector("#upload-problems:not([hidden])")
    assert _headers(page, "#upload-problems") == ["ファイル", "行", "列", "値", "理由"]
    rows = _rows(page, "#upload-problems")
    # the row as Excel shows it (cell C4), the sheet named as a sheet
    assert ["areas（シート）", "4", "level", "town"] in [r[:4] for r in rows], rows
    assert all(r[4] for r in rows)  # the reason, as the import gives it
    assert "何も書き込んでいません" in page.inner_text("#upload-status")
    page.screenshot(path=str(_artifacts(tmp_path) / "webapp-upload-xlsx-error.png"))

    # the filled workbook (the sample data) is imported
    page.set_input_files("#upload-file", str(_workbook(tmp_path)))
    page.click("#upload-button")
    page.wait_for_function(
        "() => document.querySelector('#upload-status').classList.contains('ok')",
        timeout=120_000,
    )
    assert page.inner_text("#upload-status").startswith("取り込みました。")
    page.screenshot(path=str(_artifacts(tmp_path) / "webapp-upload-xlsx-ok.png"))

    # an analyst's view says its counts are exact
    page.click("button[data-tab=isolated]")
    page.wait_for_function(
        "() => document.querySelector('#isolated-out').textContent.includes('正確な値')"
    )
    assert "x" not in {c for r in _rows(page, "#isolated-out table") for c in r[8:]}
    _no_gap_word(page)
    assert watch.violations() == []
