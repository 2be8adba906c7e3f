"""The district sheet a meeting can use (issue 14, item 7), from the session's demo
(``demo_data``, tests/conftest.py):

* each gap lists the resources that could help grouped by where they are: 地区内 /
  区内の他地区 / 区全体 / 市全体 (the ward's own organisations are not left out, so a
  district does not look self-contained);
* the diagram shows the ward's organisations that handled the district's referrals,
  marked 区全体 (links only, no count);
* the bridges section leads with the plain-language sentence; the measures are in an
  appendix, each explained in Japanese; no English in the Japanese sheet, English in the
  English one;
* footers never run off the page: a 300-character source is shortened (sheet, with the
  full list in the appendix) or wrapped (diagrams, PNG and PDF).

六ツ川地区 (minami-mutsukawa) has the planted food gap: two activities in the district to
extend, two in other districts of 南区, 南区社会福祉協議会 ward-wide, a city-wide support
centre; 南区社会福祉協議会 handled referrals of the district in the release's period.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from tests.export_data import AS_OF, REFERENCE, Data, release_of

from netmap.analysis.projections import GraphIndex
from netmap.disclosure.publish import published_bridges, published_gaps
from netmap.disclosure.release import Release
from netmap.model.schema import Label
from netmap.service.exports import export_area_bytes, report_bytes
from netmap.service.maps import map_view
from netmap.viz.diagram import (
    DiagramOptions,
    fit_lines,
    mpl_context,
    render_diagram,
    shorten_source,
    wrap_text,
)
from netmap.viz.view import add_wide_referral_partners

AREA, AREA_JA, WARD = "minami-mutsukawa", "六ツ川地区", "minami"
MM_PT = 72.0 / 25.4
#: A source of exactly 300 characters: a title and a long web address.
LONG_SOURCE = (
    "横浜市地域福祉保健計画 地区別計画の団体調査（令和6年度） "
    "https://www.city.yokohama.lg.jp/kurashi/fukushi-kaigo/fukushi/chiiki-fukushi/keikaku/"
    "chiku/dantai-chosa/R6/index.html?tab=list&ward=minami&page=" + "0123456789" * 30
)[:300]


# --------------------------------------------------------------------------- helpers


def _run(*args: str) -> str:
    return subprocess.run(list(args), check=True, capture_output=True, text=True).stdout


def _pdf_text(data: bytes, tmp: Path, name: str) -> str:
    path = tmp / name
    path.write_bytes(data)
    return _run("pdftotext", "-layout", str(path), "-")


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def _words(data: bytes, tmp: Path, name: str) -> list[tuple[float, float, list[tuple]]]:
    """Per page: (width, height, [(x0, y0, x1, y1, word)]) in points (pdftotext -bbox)."""
    path = tmp / name
    path.write_bytes(data)
    out = _run("pdftotext", "-bbox", str(path), "-")
    pages = []
    for w, h, body in _PAGE.findall(out):
        words = [
            (float(a), float(b), float(c), float(d), _unescape(t))
            for a, b, c, d, t in _WORD.findall(body)
        ]
        pages.append((float(w), float(h), words))
    return pages


def _unescape(s: str) -> str:
    return s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')


def _plain_why(why: str) -> str:
    return re.sub(r"媒介中心性は\d+位です。$", "", why)


def _with_sources(G: nx.MultiDiGraph, source: str) -> nx.MultiDiGraph:
    """A copy of the graph whose records all carry ``source`` (sources are not counts:
    the release is the same)."""
    H = G.copy()
    for _, d in H.nodes(data=True):
        if d.get("source"):
            d["source"] = source
    return H


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def rel(demo_data: Data) -> Release:
    return release_of(demo_data)


@pytest.fixture(scope="module")
def sheet(demo_data: Data, rel: Release) -> bytes:
    return report_bytes(
        demo_data.G, area=AREA, as_of=AS_OF, settings=demo_data.settings, release=rel
    )


@pytest.fixture(scope="module")
def text(sheet: bytes, tmp_path_factory: pytest.TempPathFactory) -> str:
    return _pdf_text(sheet, tmp_path_factory.mktemp("sheet"), "sheet.pdf")


@pytest.fixture(scope="module")
def gap(rel: Release) -> Mapping[str, Any]:
    """The planted food gap of 六ツ川地区, as published."""
    rows = published_gaps(rel, area=AREA)["gaps"]
    return next(g for g in rows if g["need"] == "food")


def _level(rel: Release, area: str) -> str:
    return rel.areas[area][1]


# --------------------------------------------------------------------------- gaps


def test_a_gap_lists_ward_and_city_wide_resources_grouped(
    gap: Mapping[str, Any],
    rel: Release,
    sheet: bytes,
    text: str,
    tmp_path: Path,
) -> None:
    ward = [w["name"] for w in gap["wide_area_resources"] if _level(rel, w["area_id"]) == "ward"]
    city = [w["name"] for w in gap["wide_area_resources"] if _level(rel, w["area_id"]) == "city"]
    local = [c["name"] for c in gap["candidates"] if c["reason"] != "same_ward"]
    other = [c["name"] for c in gap["candidates"] if c["reason"] == "same_ward"]
    assert "南区社会福祉協議会" in ward and city and local and other  # the planted resources
    for heading in ("地区内", "区内の他地区", "区全体", "市全体"):
        assert heading in text
    # each resource sits under its group's heading (the columns of the gap table)
    (_w, _h, words), *_ = [p for p in _words(sheet, tmp_path, "s.pdf") if _has(p, "区内の他地区")]
    heads = {
        t: x0
        for x0, _y0, _x1, _y1, t in words
        if t in ("地区内", "区内の他地区", "区全体", "市全体")
    }
    edges = [*sorted(heads.values()), 1e9]

    def column(name: str) -> str:
        x = next(x0 for x0, _y0, _x1, _y1, t in words if t.startswith(name.split()[0][:8]))
        i = max(k for k, e in enumerate(edges[:-1]) if x >= e - 1.0)
        return next(t for t, e in heads.items() if e == edges[i])

    for name in local:
        assert column(name) == "地区内", name
    for name in other:
        assert column(name) == "区内の他地区", name
    for name in ward:
        assert column(name) == "区全体", name
    for name in city:
        assert column(name) == "市全体", name


def _has(page: tuple[float, float, list[tuple]], word: str) -> bool:
    return any(t == word for *_, t in page[2])


def test_the_diagram_shows_the_wards_organisations_that_handled_referrals(
    demo_data: Data, rel: Release, sheet: bytes, tmp_path: Path
) -> None:
    ix = GraphIndex.build(demo_data.G, as_of=REFERENCE)
    scope = ix.descendants(AREA)
    here = {n for n, a in ix.location.items() if a in scope}
    orgs = set(ix.nodes(Label.ORGANISATION))
    expected = {
        o
        for s, t in rel.links
        for h, o in ((s, t), (t, s))
        if h in here and o in orgs and ix.location.get(o) == WARD
    }
    assert expected  # 南区社会福祉協議会
    view, _pos = map_view(demo_data.G, release=rel, area=AREA, settings=demo_data.settings)
    assert not expected & set(view.nodes)  # the map itself shows the area's own
    added = add_wide_referral_partners(view, demo_data.G, release=rel)
    assert set(added) == expected
    for o in added:
        d = view.nodes[o]
        assert d["wide_level"] == "ward" and d["outside"] is True
        links = [e for _s, _t, e in view.edges(o, data=True)] + [
            e for _s, _t, e in view.in_edges(o, data=True)
        ]
        assert any(e["type"] == "referral" for e in links)
        assert all("count" not in e for e in links)  # that referrals ran, never how many
    # page 1 of the sheet: their names, marked 区全体
    page1 = _run("pdftotext", "-f", "1", "-l", "1", "-layout", _save(sheet, tmp_path), "-")
    for o in expected:
        assert str(demo_data.G.nodes[o]["name"]) in page1
    assert "区全体" in page1


def _save(data: bytes, tmp: Path, name: str = "sheet.pdf") -> str:
    path = tmp / name
    path.write_bytes(data)
    return str(path)


# --------------------------------------------------------------------------- bridges


def test_bridges_lead_with_the_sentence_and_the_measures_are_in_an_appendix(
    rel: Release, text: str
) -> None:
    top = [b for b in published_bridges(rel, area=AREA)["bridges"] if b["score"] > 0]
    first = _plain_why(top[0]["why"])
    start = re.search(r"橋渡し役の団体（上位\d+）", text).start()  # type: ignore[union-attr]
    end = text.index("つながると良いネットワーク", start)
    section = text[start:end]
    assert _squash(first)[:20] in _squash(section)
    for jargon in ("媒介中心性", "制約", "関節点", "仲介の型", "スコア"):
        assert jargon not in section, jargon
    # the appendix: after the main text, each measure explained in Japanese
    appendix = text.index("付録1 橋渡し役の指標")
    assert appendix > end
    rest = text[appendix:]
    for measure in ("橋渡しスコア", "媒介中心性", "制約", "仲介の型", "関節点"):
        assert measure in rest, measure
    for role in ("調整役", "門番", "代表", "巡回役", "連絡役"):
        assert role in rest, role
    assert "0/0/0/0" not in text


def test_no_english_footnote_in_the_japanese_sheet(text: str) -> None:
    for english in ("Betweenness", "betweenness", "Score combines", "Appendix", "Source:",
                    "Constraint", "brokerage", "articulation"):  # fmt: skip
        assert english not in text, english
    # no English sentence at all (names and sources in the data may hold a word or two;
    # a netmap command to run, as the freshness section names one, is not a sentence)
    prose = re.sub(r"netmap [a-z]+(?: --[a-z-]+(?: [\w-]+)?)*", "", text)
    assert not re.search(r"[A-Za-z]{2,}(?:[ ,.;:'\"()-]+[A-Za-z]{2,}){3,}", prose)


def test_the_english_sheet_is_in_english(demo_data: Data, rel: Release, tmp_path: Path) -> None:
    data = report_bytes(
        demo_data.G, area=AREA, as_of=AS_OF, lang="en", settings=demo_data.settings, release=rel
    )
    text = _pdf_text(data, tmp_path, "en.pdf")
    for expected in ("district sheet", "Ward-wide", "City-wide", "Bridging organisations",
                     "Appendix 1: bridge measures", "Betweenness", "Brokerage roles",
                     "gatekeeper", "Cut point", "Appendix 2: sources"):  # fmt: skip
        assert expected in text, expected
    for japanese in ("付録", "区全体", "媒介中心性"):
        assert japanese not in text, japanese


# --------------------------------------------------------------------------- footers


def test_a_300_character_source_stays_on_the_sheet(
    demo_data: Data, rel: Release, tmp_path: Path
) -> None:
    assert len(LONG_SOURCE) == 300
    H = _with_sources(demo_data.G, LONG_SOURCE)
    data = report_bytes(H, area=AREA, as_of=AS_OF, settings=demo_data.settings, release=rel)
    pages = _words(data, tmp_path, "long.pdf")
    assert len(pages) >= 4
    for i, (width, _h, words) in enumerate(pages, start=1):
        right = max(x1 for _x0, _y0, x1, _y1, _t in words)
        assert right <= width - 5.0 * MM_PT, (i, right, width)
    text = _pdf_text(data, tmp_path, "long.pdf")
    # the footers shorten the address to its host; the appendix lists the source in full
    assert "www.city.yokohama.lg.jp…" in text
    assert "出典の一覧" in text
    assert _squash(LONG_SOURCE) in _squash(text)


def test_a_300_character_source_wraps_in_the_diagrams(
    demo_data: Data, rel: Release, tmp_path: Path
) -> None:
    H = _with_sources(demo_data.G, LONG_SOURCE)
    # PDF: no word beyond the page width, the source in two lines or more
    data, _ = export_area_bytes(H, fmt="pdf", area=AREA, as_of=AS_OF, settings=demo_data.settings)
    ((width, height, words),) = _words(data, tmp_path, "diagram.pdf")
    assert max(x1 for _x0, _y0, x1, _y1, _t in words) <= width - 5.0 * MM_PT
    foot = [w for w in words if w[1] > height - 30.0 * MM_PT]
    start = next(w for w in foot if w[4].startswith("出典"))
    notice = next(w for w in foot if w[4].startswith("個人は表示していません"))
    lines = {round(w[1]) for w in foot if start[1] - 1 <= w[1] < notice[1] - 1}
    assert len(lines) >= 2
    # PNG (the same drawing): every text inside the picture
    view, pos = map_view(H, release=rel, area=AREA, settings=demo_data.settings)
    with mpl_context():
        dia = render_diagram(view, pos, DiagramOptions(dpi=100))
        fig = dia.figure
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        px_w = fig.get_figwidth() * fig.dpi
        footer = [t for t in fig.texts if t.get_text().strip()]
        for t in footer:
            box = t.get_window_extent(renderer)
            assert box.x0 >= 0 and box.x1 <= px_w - 5.0 * MM_PT / 72.0 * fig.dpi, t.get_text()
    source_lines = [t.get_text() for t in fig.texts if "yokohama" in t.get_text()
                    or "0123456789" in t.get_text()]  # fmt: skip
    assert len(source_lines) >= 2


def test_shorten_and_wrap() -> None:
    assert shorten_source(LONG_SOURCE) == (
        "横浜市地域福祉保健計画 地区別計画の団体調査（令和6年度） www.city.yokohama.lg.jp…"
    )
    assert shorten_source("あ" * 300, limit=10) == "あ" * 9 + "…"
    lines = wrap_text(LONG_SOURCE, 40.0, lambda ch: 1.0 if ch.isascii() else 2.0)
    assert "".join(lines).replace(" ", "") == LONG_SOURCE.replace(" ", "")
    assert all(sum(1.0 if c.isascii() else 2.0 for c in ln) <= 40.0 for ln in lines)
    kept = fit_lines(LONG_SOURCE, 40.0, lambda ch: 1.0, 2)
    assert len(kept) == 2 and kept[-1].endswith("…")
