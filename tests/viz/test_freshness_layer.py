"""The 情報の新しさ (freshness) layer of the interactive map (issue 16 item 4), on the demo
(the shared imported store, a private copy) and its release of 2026-11-30.

What a planner checks: each organisation's and activity's tooltip reads its last
verification and band counted from the map's reference date (「最終確認 2025-07-15（1〜2年前）」,
「未確認」 when never), with the band boundaries a year and two years before that date; areas
and networks carry no band; the layer has a switch, off by default, a legend group with the
four bands (badges, not the change layer's rings) and a count of what needs a review; the
normal map draws every node as before; the English map says the same in English.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from netmap.config import Settings
from netmap.demo import REFERENCE_DATE
from netmap.disclosure.release import Release
from netmap.service.freshness import BANDS
from netmap.service.maps import map_view
from netmap.service.releases import graph_source, release_for
from netmap.store.embedded import EmbeddedStore
from netmap.viz.interactive import map_payload, render_html
from netmap.viz.styles import CHANGE_STYLE, FRESHNESS_STYLE

AREA = "hodogaya-iwama"
TODAY = dt.date(2026, 12, 7)  # the week after the demo's as_of
#: A year and two years before the reference date (2026-11-30): verified on or after
#: the first is within a year, on or after the second one to two years ago.
YEAR_AGO, TWO_YEARS_AGO = "2025-11-30", "2024-11-30"
#: verification dates given to six organisations of the district, and what the map says
PINNED = (
    ("2026-07-15", "recent", "2026-07-15（1年以内）"),
    ("2025-11-30", "recent", "2025-11-30（1年以内）"),  # exactly a year before
    ("2025-11-29", "aging", "2025-11-29（1〜2年前）"),
    ("2025-07-15", "aging", "2025-07-15（1〜2年前）"),
    ("2023-01-10", "old", "2023-01-10（2年より前）"),
    ("", "never", "未確認"),
)


@dataclass
class Demo:
    settings: Settings
    graph: nx.MultiDiGraph  # the demo, six organisations of AREA with PINNED dates
    release: Release
    pinned: dict[str, tuple[str, str, str]]  # organisation id -> PINNED row


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, demo_settings: Callable[[Path], Settings]
) -> Demo:
    settings = demo_settings(tmp_path_factory.mktemp("fresh-map") / "data")
    store = EmbeddedStore(settings.embedded_path)
    try:
        G = store.export_graph()
        release = release_for(settings, graph_source(store, G), REFERENCE_DATE, today=TODAY)
    finally:
        store.close()
    G = G.copy()
    view, _ = map_view(G, release=release, area=AREA, settings=settings, remember_layout=False)
    local = sorted(
        n
        for n, d in view.nodes(data=True)
        if d["category"] == "Organisation" and not d.get("outside")
    )
    assert len(local) >= len(PINNED)
    pinned = dict(zip(local, PINNED, strict=False))
    for org, (day, _, _) in pinned.items():
        G.nodes[org]["verified_on"] = day
    return Demo(settings, G, release, pinned)


def payload(d: Demo, lang: str = "ja", graph: nx.MultiDiGraph | None = None) -> dict[str, Any]:
    view, pos = map_view(
        d.graph if graph is None else graph,
        release=d.release,
        area=AREA,
        settings=d.settings,
        remember_layout=False,
    )
    return map_payload(view, pos, lang=lang)


def page(d: Demo, lang: str = "ja") -> tuple[str, dict[str, Any]]:
    view, pos = map_view(d.graph, release=d.release, area=AREA, settings=d.settings)
    html = render_html(view, pos, lang=lang)
    m = re.search(r'<script type="application/json" id="netmap-data">(.*?)</script>', html, re.S)
    assert m
    return html, json.loads(m.group(1))


def lines(node: dict[str, Any]) -> dict[str, str]:
    return dict(node["nm"]["lines"])


def expected_band(verified: str) -> str:
    if not verified:
        return "never"
    return "recent" if verified >= YEAR_AGO else "aging" if verified >= TWO_YEARS_AGO else "old"


def test_pinned_organisations_read_their_date_and_band_at_the_maps_date(demo: Demo) -> None:
    data = payload(demo)
    assert data["as_of"] == REFERENCE_DATE
    by_id = {n["id"]: n for n in data["nodes"]}
    for org, (_, band, text) in demo.pinned.items():
        assert by_id[org]["nm"]["fresh"] == band, org
        assert lines(by_id[org])["最終確認"] == text, org
    never = next(o for o, row in demo.pinned.items() if row[1] == "never")
    assert lines(by_id[never])["最終確認"] == "未確認"


def test_every_organisation_and_activity_of_the_demo_lands_in_its_band(demo: Demo) -> None:
    data = payload(demo)
    records = [n for n in data["nodes"] if n["nm"]["cat"] in ("Organisation", "Activity")]
    assert any(n["nm"]["cat"] == "Activity" for n in records)
    for n in records:
        verified = str(demo.graph.nodes[n["id"]].get("verified_on") or "")[:10]
        band = expected_band(verified)
        assert n["nm"]["fresh"] == band, (n["id"], verified)
        text = lines(n)["最終確認"]
        if band == "never":
            assert text == "未確認", n["id"]
        else:
            assert text.startswith(f"{verified}（"), text
    # the demo's own dates fall in more than one band
    assert len({n["nm"]["fresh"] for n in records}) >= 3
    for n in data["nodes"]:
        if n["nm"]["cat"] in ("Area", "Network"):
            assert n["nm"]["fresh"] is None, n["id"]  # no badge on areas and networks


def test_the_layer_is_off_by_default_with_its_switch_legend_and_count(demo: Demo) -> None:
    html, data = page(demo)
    assert data["layers"]["fresh"] is False and data["layers_present"]["fresh"] is True
    assert data["layers"]["gap"] is True  # the usual layers stay as they were
    stale = sum(
        1
        for n in data["nodes"]
        if n["nm"]["cat"] in ("Organisation", "Activity") and n["nm"]["fresh"] != "recent"
    )
    assert stale >= 4  # the pinned aging, old and never ones at least
    assert (
        f'<label><input type="checkbox" id="layer-fresh"> 情報の新しさ（最終確認）'
        f"<small>（1年より前・未確認 {stale}件）</small></label>"
    ) in html
    legend = html[html.index('<ul class="legend">') :]
    assert '<li class="cat">情報の新しさ（最終確認）</li>' in legend
    for band, (ja, _) in BANDS.items():
        assert f"<span>{ja}</span>" in legend, band
    assert "基準日 2026-11-30 時点" in legend
    # each band its own badge: fill and mark differ, not only the colour; none is a ring
    styles = data["style"]["fresh"]
    assert set(styles) == set(BANDS)
    assert len({(s["fill"], s["mark"]) for s in styles.values()}) == len(BANDS)
    assert {s["color"] for s in styles.values()}.isdisjoint(
        {cs.color for cs in CHANGE_STYLE.values()}
    )
    assert styles["never"] == {"color": "#222222", "fill": 1.0, "mark": "?"}
    assert styles["recent"]["color"] == FRESHNESS_STYLE["recent"].color


def test_the_normal_map_draws_every_node_as_before(demo: Demo) -> None:
    """The dates change only the tooltips and the (off) layer, never a node's drawing."""
    other = demo.graph.copy()
    for org in demo.pinned:
        other.nodes[org]["verified_on"] = "2026-11-01"
    drawn = ("shape", "size", "color", "borderWidth", "label", "x", "y")

    def drawing(data: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
        return {n["id"]: tuple(json.dumps(n.get(k)) for k in drawn) for n in data["nodes"]}

    assert drawing(payload(demo)) == drawing(payload(demo, graph=other))


def test_the_english_map_says_the_same(demo: Demo) -> None:
    html, data = page(demo, "en")
    by_id = {n["id"]: n for n in data["nodes"]}
    en = {
        "recent": "within a year",
        "aging": "1-2 years ago",
        "old": "over 2 years ago",
    }
    for org, (day, band, _) in demo.pinned.items():
        text = lines(by_id[org])["Last verified"]
        assert text == ("never verified" if band == "never" else f"{day} ({en[band]})"), org
    assert 'id="layer-fresh"> Freshness (last verified)<small> (' in html
    for _, label in BANDS.values():
        assert f"<span>{label}</span>" in html
