"""``GET /reports/{area}.pdf?compare_to=``: the district sheet's 変化 section over HTTP,
by the viewers' rule for every role (a meeting product): the release on or before the date
against the sheet's release, both named in the sheet and in the ``X-Netmap-Compared-*``
headers; a date the sheet's own release answers, or one before the calendar, is a 422."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import IN_SCOPE

SHEET = f"/api/v1/reports/{IN_SCOPE}.pdf"


def _text(data: bytes, tmp: Path) -> str:
    path = tmp / "sheet.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", "", out)


def test_a_viewer_gets_the_change_section_and_which_releases_it_compares(
    api: Any, tmp_path: Path
) -> None:
    h = api.headers("viewer", IN_SCOPE)
    r = api.client.get(f"{SHEET}?as_of=2024-06-20&compare_to=2024-04-15", headers=h)
    assert r.status_code == 200, r.text[:300]
    assert r.content.startswith(b"%PDF")
    assert r.headers["x-netmap-compared-from"] == "2024-03-31"
    assert r.headers["x-netmap-compared-to"] == "2024-05-31"
    text = _text(r.content, tmp_path)
    assert "変化（2024-03-31→2024-05-31）" in text
    assert "指定の2024-04-15には、その日以前で最新の基準日2024-03-31の集計で答えています" in text
    # what a viewer's comparison of the two dates says of the area: nothing added or
    # ended, no gap or isolation change (each part says so), referrals of both periods
    seen = api.client.get(
        f"/api/v1/compare?from=2024-04-15&to=2024-06-20&area={IN_SCOPE}", headers=h
    ).json()
    assert seen["params"]["answered_with"] == {"from": "2024-03-31", "to": "2024-05-31"}
    assert not any(n for t in seen["totals"].values() for n in t.values())
    assert not seen["gaps"]["opened"] and not seen["gaps"]["closed"]
    for part in ("できた資源・終わった資源", "空白・不足の変化", "孤立のおそれの変化"):
        assert f"{part}なし" in text
    assert "2024-03-01〜2024-03-31" in text and "2024-05-01〜2024-05-31" in text
    # without compare_to: no change section, no headers
    plain = api.client.get(f"{SHEET}?as_of=2024-06-20", headers=h)
    assert plain.status_code == 200
    assert "x-netmap-compared-from" not in plain.headers
    assert "変化（" not in _text(plain.content, tmp_path)


@pytest.mark.parametrize("compare_to", ["2024-06-10", "0001-01-01"])
def test_a_date_answered_by_the_sheets_own_release_or_before_the_calendar_is_422(
    api: Any, compare_to: str
) -> None:
    r = api.client.get(
        f"{SHEET}?as_of=2024-06-20&compare_to={compare_to}", headers=api.headers("analyst")
    )
    assert r.status_code == 422, r.text[:300]
