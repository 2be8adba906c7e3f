"""The HTML map file: self-contained, UTF-8, no personal data, the planner's controls."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from synth import synthetic_release

from netmap.config import Settings
from netmap.disclosure.guard import RedactionError
from netmap.disclosure.release import Release
from netmap.service.maps import map_view
from netmap.viz.interactive import render_html, write_html
from netmap.viz.styles import REFERRAL_EDGE_WIDTH, legend_entries
from netmap.viz.view import build_view


def _payload(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="netmap-data">(.*?)</script>', html, re.S)
    assert m
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def _lines(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Node id -> tooltip lines (label -> text) of a page's payload."""
    return {n["id"]: {label: text for label, text in n["nm"]["lines"]} for n in data["nodes"]}


@pytest.fixture
def ward_html(
    city: tuple[nx.MultiDiGraph, list[str]],
    city_release: Release,
    city_settings: Settings,
    tmp_path: Path,
) -> Path:
    view, pos = map_view(city[0], release=city_release, area="w00", settings=city_settings)
    return write_html(view, tmp_path / "w00.html", pos)


def test_file_is_self_contained_utf8(ward_html: Path) -> None:
    raw = ward_html.read_bytes()
    html = raw.decode("utf-8")  # strict: valid UTF-8
    assert '<meta charset="utf-8">' in html[:300]
    assert html.startswith("<!DOCTYPE html>")
    # nothing is loaded from anywhere: no external script, stylesheet, image or font
    assert not re.search(r"<script[^>]*\bsrc=", html, re.I)
    assert not re.search(r"<link[^>]*\bhref=", html, re.I)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?(?:https?:)?//""", html, re.I)
    assert not re.search(r"@import", html)
    assert "sourceMappingURL" not in html
    # Japanese is written as UTF-8 text, not escaped
    assert "鶴見区" in html and "支援ネットワークマップ" in html
    assert "vis-network" in html  # the inlined library


def test_no_resident_ids_or_small_counts_in_the_page(
    city: tuple[nx.MultiDiGraph, list[str]],
    city_release: Release,
    city_settings: Settings,
    tmp_path: Path,
) -> None:
    G, residents = city
    for area in (None, "w00", "w01d02"):
        view, pos = map_view(G, release=city_release, area=area, settings=city_settings)
        html = write_html(view, tmp_path / f"{area}.html", pos).read_text(encoding="utf-8")
        assert not [r for r in residents if r in html]
        assert not re.search(r"R-[0-9a-f]{24}", html)
        data = _payload(html)
        for n in data["nodes"]:
            for label, text in n["nm"]["lines"]:
                # any number of people shown is "x" (hidden), 0, or at least 10
                assert "<10" not in text and "非表示" not in text, (label, text)
                for m in re.finditer(r"(\d+)人", text):
                    assert int(m.group(1)) == 0 or int(m.group(1)) >= 10, (label, text)
        # the privacy notice names the mark, the threshold and the release's period
        assert "「x」（秘匿）" in html and "10人未満" in html
        assert "2024-05-01〜2024-05-31" in html
        assert "基準日 2024-05-31" in html


def test_referral_links_say_only_that_referrals_ran(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release, city_settings: Settings
) -> None:
    for area in (None, "w00"):
        view, pos = map_view(city[0], release=city_release, area=area, settings=city_settings)
        data = _payload(render_html(view, pos))
        flows = [e for e in data["edges"] if e["nm"]["type"] == "referral"]
        n_links = sum(1 for _, _, e in view.edges(data=True) if e["type"] == "referral")
        assert flows and len(flows) == n_links
        for e in flows:
            assert e["nm"]["layer"] == "flow"
            assert e["nm"]["lines"] == [["紹介（つなぎ）", "期間内に紹介あり"]]
            assert e["width"] == REFERRAL_EDGE_WIDTH  # the same for every link
            assert "count" not in e and "count" not in e["nm"]


def test_hidden_counts_read_x(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release, city_settings: Settings
) -> None:
    G, _ = city
    view, pos = map_view(G, release=city_release, area="w01", settings=city_settings)
    lines = _lines(_payload(render_html(view, pos)))
    # w01 (49) = w01d00 (9, hidden) + w01d01 (24) + w01d02 (16): 16 is hidden too, so 9
    # cannot be recovered by subtraction
    assert {
        a: lines[a]["ニーズが把握された住民"] for a in ("w01", "w01d00", "w01d01", "w01d02")
    } == {
        "w01": "49人",
        "w01d00": "x",
        "w01d01": "24人",
        "w01d02": "x",
    }
    # every area's line is the release's published value
    for a in ("w01", "w01d00", "w01d01", "w01d02"):
        v = city_release.shown(("res", a))
        assert lines[a]["ニーズが把握された住民"] == ("x" if v is None else f"{v}人")
    # small participant counts and gap demands read "x" too
    acts = [n for n, d in view.nodes(data=True) if d["category"] == "Activity"]
    hidden = [x for x in acts if city_release.shown(("part", x)) is None]
    assert hidden and all(lines[x]["参加者（登録）"] == "x" for x in hidden)
    gaps = lines["w01d00"]["対応する資源がないニーズ（空白）"]
    assert "（ニーズ x）" in gaps and not re.search(r"ニーズ \d", gaps)
    iso = view.nodes["w01d01"]["isolation"]
    assert iso["isolated_residents_text"] == str(city_release.shown(("iso", "w01d01")))


def test_legend_does_not_say_link_width_is_a_count(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release, city_settings: Settings
) -> None:
    """The legend must not promise what the map does not show: every referral link has
    the same width, so a width cannot stand for a number of referrals."""
    view, pos = map_view(city[0], release=city_release, area="w00", settings=city_settings)
    html = render_html(view, pos)
    legend = html[html.index('<ul class="legend">') :]
    legend = legend[: legend.index("</ul>")]
    ja = legend_entries({}, layers=["flow"])[-1].label
    en = legend_entries({}, lang="en", layers=["flow"])[-1].label
    assert ja in legend  # the flow layer has its line in the map's legend
    assert "件数" not in ja and "count" not in en


def test_page_has_layers_filters_search_legend_and_positions(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release, city_settings: Settings
) -> None:
    view, pos = map_view(city[0], release=city_release, area="w00", settings=city_settings)
    html = render_html(view, pos)
    for control in ("layer-gap", "layer-isolated", "layer-bridge", "layer-flow", "filter-area",
                    "filter-need", "filter-network", "filter-kind", 'id="search"'):  # fmt: skip
        assert control in html
    assert "凡例" in html and "地域ケアプラザ" in html
    data = _payload(html)
    assert {n["id"]: (n["x"], n["y"]) for n in data["nodes"]} == {
        k: tuple(v) for k, v in pos.items()
    }
    assert all(e["nm"]["layer"] in ("base", "flow", "missing_bridge") for e in data["edges"])
    # the map never runs physics: positions are used as given
    assert "physics: { enabled: false }" in html


def test_names_cannot_inject_markup(
    city: tuple[nx.MultiDiGraph, list[str]], city_settings: Settings
) -> None:
    G = city[0].copy()
    evil = "</script><script>alert(1)</script>"
    G.nodes["w00d00-plaza"]["name"] = evil
    rel = synthetic_release(G)
    view, pos = map_view(G, release=rel, area="w00", settings=city_settings, reuse_layout=False)
    html = render_html(view, pos)
    assert "<script>alert(1)" not in html
    data = _payload(html)  # the JSON block still parses
    assert {n["id"]: n["nm"]["name"] for n in data["nodes"]}["w00d00-plaza"] == evil


def test_city_map_links_to_ward_maps(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release, city_settings: Settings
) -> None:
    view, pos = map_view(city[0], release=city_release, settings=city_settings)
    html = render_html(view, pos, links={"w00": "wards/w00.html", "w01": "wards/w01.html"})
    assert 'href="wards/w00.html"' in html
    data = _payload(html)
    assert {n["id"]: n["nm"]["link"] for n in data["nodes"] if n["nm"]["link"]} == {
        "w00": "wards/w00.html",
        "w01": "wards/w01.html",
    }


def test_only_published_views_are_rendered(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release, tmp_path: Path
) -> None:
    V = nx.MultiDiGraph(view="area", area_id="w00", area_name="鶴見区", title="地図")
    V.add_node(
        "w00", category="Area", name="鶴見区", kind="ward", counts={"residents_with_needs": 3}
    )
    with pytest.raises(RedactionError):
        render_html(V, {"w00": (0.0, 0.0)})
    with pytest.raises(RedactionError):
        write_html(V, tmp_path / "hand-made.html", {"w00": (0.0, 0.0)})
    assert not (tmp_path / "hand-made.html").exists()
    # a published view with a resident added afterwards is refused as well
    W = build_view(city[0], release=city_release, area="w00")
    W.add_node(city[1][0], category="Resident")
    with pytest.raises(RedactionError):
        render_html(W)
