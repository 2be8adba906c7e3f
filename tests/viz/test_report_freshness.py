"""The district sheet's last verification dates (issue 16 item 4), on the demo (the shared
imported store, a private copy) and its release of 2026-11-30.

What a meeting reads: the bridges table has a 最終確認 column; the 情報の新しさ section lists
every organisation on the sheet with its date and band counted from the sheet's reference
date (「未確認」 when never), never verified first, then the oldest, under a line counting
the organisations not verified within a year and naming ``netmap stale --older-than 12m
--area ID``; the English sheet says the same in English.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest

from netmap.config import Settings
from netmap.demo import REFERENCE_DATE
from netmap.disclosure.release import Release
from netmap.service.exports import report_bytes
from netmap.service.releases import graph_source, release_for
from netmap.store.embedded import EmbeddedStore
from netmap.viz.view import build_view

AREA = "hodogaya-iwama"
TODAY = dt.date(2026, 12, 7)
YEAR_AGO = "2025-11-30"  # a year before the reference date
#: verification dates given to four organisations of the district, and what the sheet says
PINNED = (
    ("2026-07-15", "2026-07-15（1年以内）", "2026-07-15 (within a year)"),
    ("2025-07-15", "2025-07-15（1〜2年前）", "2025-07-15 (1-2 years ago)"),
    ("2023-01-10", "2023-01-10（2年より前）", "2023-01-10 (over 2 years ago)"),
    ("", "未確認", "never verified"),
)


@dataclass
class Sheet:
    graph: nx.MultiDiGraph
    release: Release
    names: dict[str, str]  # organisation id -> name, of the organisations on the sheet
    pinned: dict[str, tuple[str, str, str]]
    ja: str  # the sheet's text, blanks removed
    en: str


def flat(pdf: bytes, tmp: Path) -> str:
    path = tmp / "sheet.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", "", out)


@pytest.fixture(scope="module")
def sheet(
    tmp_path_factory: pytest.TempPathFactory, demo_settings: Callable[[Path], Settings]
) -> Sheet:
    tmp = tmp_path_factory.mktemp("fresh-sheet")
    settings = demo_settings(tmp / "data")
    store = EmbeddedStore(settings.embedded_path)
    try:
        G = store.export_graph()
        release = release_for(settings, graph_source(store, G), REFERENCE_DATE, today=TODAY)
    finally:
        store.close()
    G = G.copy()
    view = build_view(G, release=release, area=AREA)
    names = {
        str(n): str(d["name"]) for n, d in view.nodes(data=True) if d["category"] == "Organisation"
    }
    local = sorted(
        n
        for n, d in view.nodes(data=True)
        if d["category"] == "Organisation" and not d.get("outside")
    )
    pinned = dict(zip(local, PINNED, strict=False))
    for org, (day, _, _) in pinned.items():
        G.nodes[org]["verified_on"] = day
    texts = {
        lang: flat(report_bytes(G, area=AREA, settings=settings, release=release, lang=lang), tmp)
        for lang in ("ja", "en")
    }
    return Sheet(G, release, names, pinned, texts["ja"], texts["en"])


def section(text: str, title: str) -> str:
    """The sheet's text from a section's title on."""
    assert title in text, title
    return text[text.index(title) :]


def test_each_listed_organisation_shows_its_last_verification(sheet: Sheet) -> None:
    part = section(sheet.ja, "情報の新しさ（団体・機関の最終確認）")
    assert "団体・機関種類地域最終確認情報源" in part  # the heading row
    for org, (_, ja, _) in sheet.pinned.items():
        row = re.search(re.escape(sheet.names[org]) + r".{0,40}?岩間地区" + re.escape(ja), part)
        assert row, (org, ja)
    # every organisation on the sheet is listed, with its date or 未確認
    for org, name in sheet.names.items():
        verified = str(sheet.graph.nodes[org].get("verified_on") or "")[:10]
        assert name in part, name
        assert (verified or "未確認") in part, (name, verified)


def test_never_verified_first_then_the_oldest(sheet: Sheet) -> None:
    part = section(sheet.ja, "情報の新しさ（団体・機関の最終確認）")
    order = sorted(
        sheet.names,
        key=lambda o: (
            bool(sheet.graph.nodes[o].get("verified_on")),
            str(sheet.graph.nodes[o].get("verified_on") or ""),
            sheet.names[o],
        ),
    )
    at = [part.index(sheet.names[o]) for o in order]
    assert at == sorted(at)
    assert part.index("未確認", part.index("情報源")) < part.index("2023-01-10（2年より前）")


def test_a_line_counts_what_needs_a_review_and_names_netmap_stale(sheet: Sheet) -> None:
    n = len(sheet.names)
    verified = [str(sheet.graph.nodes[o].get("verified_on") or "") for o in sheet.names]
    stale = sum(1 for v in verified if not v or v[:10] < YEAR_AGO)
    never = sum(1 for v in verified if not v)
    assert stale >= 3 and never >= 1
    assert (
        f"この一覧の団体・機関{n}のうち{stale}は、最終確認から1年より前か未確認です"
        f"（うち未確認{never}）。確認が必要な団体・活動の一覧は"
        f"netmapstale--older-than12m--area{AREA}で出せます。"
    ) in sheet.ja
    assert "括弧内は基準日2026-11-30から数えた経過" in sheet.ja


def test_the_bridges_table_has_a_last_verified_column(sheet: Sheet) -> None:
    part = section(sheet.ja, "橋渡し役の団体（上位")
    assert "順位団体・機関つなぐ役割最終確認" in part
    bridges = part[: part.index("つながると良いネットワーク")]
    assert re.search(r"(\d{4}-\d{2}-\d{2}（(1年以内|1〜2年前|2年より前)）|未確認)", bridges)


def test_the_english_sheet_says_the_same(sheet: Sheet) -> None:
    part = section(sheet.en, "Freshness:wheneachorganisationwaslastverified")
    for org, (_, _, en) in sheet.pinned.items():
        assert sheet.names[org] in part
        assert re.sub(r"\s+", "", en) in part, en
    assert f"netmapstale--older-than12m--area{AREA}" in part
    assert "RankOrganisationWhyLastverified" in sheet.en
