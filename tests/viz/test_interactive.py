"""The HTML map file: self-contained, UTF-8, no personal data, the planner's controls."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from netmap.config import Settings
from netmap.service.maps import map_view
from netmap.viz.interactive import render_html, write_html
from netmap.viz.redact import RedactionError
from netmap.viz.view import build_view

from .conftest import AS_OF


def _payload(html: str) -> dict:  # type: ignore[type-arg]
    m = re.search(r'<script type="application/json" id="netmap-data">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


@pytest.fixture
def ward_html(city: tuple[nx.MultiDiGraph, list[str]], settings: Settings, tmp_path: Path) -> Path:
    view, pos = map_view(city[0], area="w00", as_of=AS_OF, settings=settings)
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
    city: tuple[nx.MultiDiGraph, list[str]], settings: Settings, tmp_path: Path
) -> None:
    G, residents = city
    for area in (None, "w00", "w01d02"):
        view, pos = map_view(G, area=area, as_of=AS_OF, settings=settings)
        html = write_html(view, tmp_path / f"{area}.html", pos).read_text(encoding="utf-8")
        assert not [r for r in residents if r in html]
        assert not re.search(r"R-[0-9a-f]{24}", html)
        data = _payload(html)
        for n in data["nodes"]:
            for label, text in n["nm"]["lines"]:
                # any number of people shown is "<10" or at least 10
                for m in re.finditer(r"(<?\d+)人", text):
                    v = m.group(1)
                    assert v.startswith("<") or int(v) == 0 or int(v) >= 10, (label, text)
        for e in data["edges"]:
            for label, text in e["nm"]["lines"]:
                for m in re.finditer(r"(<?\d+)件", text):
                    v = m.group(1)
                    if label.startswith("紹介"):
                        assert v.startswith("<") or int(v) >= 10, (label, text)
        assert "10人未満" in html


def test_small_counts_read_as_less_than_threshold(
    city: tuple[nx.MultiDiGraph, list[str]], settings: Settings
) -> None:
    G, _ = city
    view, pos = map_view(G, area="w01", as_of=AS_OF, settings=settings)
    small = [
        n
        for n, d in build_view(G, area="w01", as_of=AS_OF).nodes(data=True)
        if d.get("category") == "Area" and 1 <= d["counts"]["residents_with_needs"] < 10
    ]
    assert small  # the fixture has districts with 1-9 residents in need
    data = _payload(render_html(view, pos))
    lines = {n["id"]: dict(map(tuple, n["nm"]["lines"])) for n in data["nodes"]}
    for n in small:
        assert lines[n]["ニーズが把握された住民"] == "<10人"
    # w01 (49) = w01d00 (9, hidden) + w01d01 (24) + w01d02 (16): 16 is hidden too, so 9
    # cannot be recovered by subtraction
    assert small == ["w01d00"]
    assert lines["w01d02"]["ニーズが把握された住民"] == "非表示"
    assert lines["w01"]["ニーズが把握された住民"] == "49人"


def test_page_has_layers_filters_search_legend_and_positions(
    city: tuple[nx.MultiDiGraph, list[str]], settings: Settings
) -> None:
    view, pos = map_view(city[0], area="w00", as_of=AS_OF, settings=settings)
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
    city: tuple[nx.MultiDiGraph, list[str]], settings: Settings
) -> None:
    G = city[0].copy()
    G.nodes["w00d00-plaza"]["name"] = "</script><script>alert(1)</script>"
    view, pos = map_view(G, area="w00", as_of=AS_OF, settings=settings, reuse_layout=False)
    html = render_html(view, pos)
    assert "<script>alert(1)" not in html
    assert _payload(html)  # the JSON block still parses


def test_city_map_links_to_ward_maps(
    city: tuple[nx.MultiDiGraph, list[str]], settings: Settings
) -> None:
    view, pos = map_view(city[0], as_of=AS_OF, settings=settings)
    html = render_html(view, pos, links={"w00": "wards/w00.html", "w01": "wards/w01.html"})
    assert 'href="wards/w00.html"' in html
    data = _payload(html)
    assert {n["id"]: n["nm"]["link"] for n in data["nodes"] if n["nm"]["link"]} == {
        "w00": "wards/w00.html",
        "w01": "wards/w01.html",
    }


def test_only_redacted_views_are_rendered(city: tuple[nx.MultiDiGraph, list[str]]) -> None:
    with pytest.raises(RedactionError):
        render_html(build_view(city[0], area="w00", as_of=AS_OF))
