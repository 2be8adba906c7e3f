"""Symbols of the maps and diagrams (issue 14, item 6): every kind of the vocabulary has its
own (colour, shape) pair from the Okabe–Ito palette, the legend shows them, and every
renderer reads them from :mod:`netmap.viz.styles` (their one home)."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from netmap.config import Settings
from netmap.disclosure.release import Release
from netmap.model.vocab import ACTIVITY_KINDS, NETWORK_KIND_JA, ORGANISATION_KINDS
from netmap.service.maps import map_view
from netmap.viz.diagram.looks import node_looks
from netmap.viz.interactive import map_payload, render_html
from netmap.viz.map_records import LABEL_PX
from netmap.viz.styles import (
    MPL_MARKERS,
    OKABE_ITO,
    PALETTE,
    colour_name,
    legend_entries,
    node_style,
    shape_name,
)

ROOT = Path(__file__).resolve().parents[2]
VIZ = ROOT / "src" / "netmap" / "viz"

#: every kind of the vocabulary, as (category, kind)
ALL_KINDS = (
    [("Organisation", k) for k in ORGANISATION_KINDS]
    + [("Activity", k) for k in ACTIVITY_KINDS]
    + [("Network", k) for k in NETWORK_KIND_JA]
)


def test_okabe_ito_is_the_eight_colours() -> None:
    assert OKABE_ITO == (
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#F0E442",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
        "#000000",
    )


def test_every_kind_has_its_own_symbol_from_the_palette() -> None:
    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    for cat, kind in ALL_KINDS:
        st = node_style(cat, kind)
        assert st.color in OKABE_ITO, (cat, kind, st.color)
        assert st.shape in MPL_MARKERS, (cat, kind, st.shape)
        key = (st.color, st.shape)
        assert key not in pairs, f"{cat}:{kind} and {pairs[key]} share {key}"
        pairs[key] = (cat, kind)
    # an unknown kind falls back to its category's "other" symbol: still from the palette
    for cat in ("Organisation", "Activity", "Network"):
        assert node_style(cat, "no-such-kind").color in OKABE_ITO


def test_kinds_planners_mixed_up_differ_in_colour_and_shape() -> None:
    for a, b in (
        ("community_care_plaza", "life_support_center"),  # were both orange circles
        ("community_support_center", "childcare_support_base"),  # were both orange diamonds
        ("community_care_plaza", "community_support_center"),
    ):
        sa, sb = node_style("Organisation", a), node_style("Organisation", b)
        assert sa.shape != sb.shape, (a, b)
        if {a, b} != {"community_care_plaza", "community_support_center"}:
            assert sa.color != sb.color, (a, b)


def test_organisations_activities_and_networks_keep_apart_by_shape() -> None:
    shapes = {
        cat: {node_style(c, k).shape for c, k in ALL_KINDS if c == cat}
        for cat in ("Organisation", "Activity", "Network")
    }
    assert shapes["Organisation"] == {"dot", "square", "diamond", "hexagon"}
    assert shapes["Activity"] == {"triangle", "triangleDown"}
    assert shapes["Network"] == {"star"}


def test_legend_lists_every_kind_with_its_symbol() -> None:
    entries = legend_entries(None)
    for cat, vocab in (("Organisation", ORGANISATION_KINDS), ("Activity", ACTIVITY_KINDS)):
        mine = [e for e in entries if e.category == cat]
        assert [e.kind for e in mine] == list(vocab)
        assert [e.label for e in mine] == list(vocab.values())
        for e in mine:
            st = node_style(cat, e.kind)
            assert (e.color, e.shape, e.border) == (st.color, st.shape, st.border)
        assert len({(e.color, e.shape) for e in mine}) == len(mine)


# ----------------------------------------------------------------------------- renderers


@pytest.fixture
def every_kind_view(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release, city_settings: Settings
) -> tuple[nx.MultiDiGraph, dict[str, tuple[float, float]]]:
    """A ward view whose organisations and activities take every kind of the vocabulary."""
    view, pos = map_view(city[0], release=city_release, area="w00", settings=city_settings)
    view = view.copy()
    for cat, vocab in (("Organisation", ORGANISATION_KINDS), ("Activity", ACTIVITY_KINDS)):
        ids = sorted(n for n, d in view.nodes(data=True) if d.get("category") == cat)
        assert len(ids) >= len(vocab)
        for i, n in enumerate(ids):
            view.nodes[n]["kind"] = list(vocab)[i % len(vocab)]
    return view, pos


def test_the_map_and_the_diagram_draw_the_styles(
    every_kind_view: tuple[nx.MultiDiGraph, dict[str, tuple[float, float]]],
) -> None:
    view, pos = every_kind_view
    nodes = {n["id"]: n for n in map_payload(view, pos)["nodes"]}
    looks = {lk.node: lk for lk in node_looks(view, pos, frozenset(), "ja")}
    seen: set[tuple[str, str]] = set()
    for n, d in view.nodes(data=True):
        cat = str(d["category"])
        if cat not in ("Organisation", "Activity", "Network"):
            continue
        st = node_style(cat, d.get("kind"))
        assert nodes[n]["shape"] == st.shape
        assert nodes[n]["color"]["background"] == st.color
        assert looks[n].fill == st.color
        assert looks[n].marker == MPL_MARKERS[st.shape]
        seen.add((cat, str(d.get("kind"))))
    assert {(c, k) for c, k in ALL_KINDS if c != "Network"} <= seen
    # the map's legend has a symbol of each kind in its own colour
    html = render_html(view, pos)
    legend = html[html.index('<ul class="legend">') :]
    legend = legend[: legend.index("</ul>")]
    for kind, label in ORGANISATION_KINDS.items():
        st = node_style("Organisation", kind)
        assert re.search(rf'fill="{st.color}"[^<]*/></svg><span>{re.escape(label)}</span>', legend)


def test_no_palette_colour_is_copied_outside_styles() -> None:
    """Renderers take kind and layer colours from styles.py, never from their own copies."""
    literals = {c.lower() for c in OKABE_ITO if c != PALETTE["black"]}
    renderers = sorted(p for p in VIZ.rglob("*.py") if p.name != "styles.py")
    for path in (*renderers, VIZ / "assets" / "map.js"):
        text = path.read_text(encoding="utf-8").lower()
        found = sorted(c for c in literals if c in text)
        assert found == [], f"{path.name} has its own copy of {found}"
        assert "204 / 255" not in text and "204,121,167" not in text


def test_planner_guide_lists_each_organisation_symbol() -> None:
    guide = (ROOT / "docs" / "planner-guide.md").read_text(encoding="utf-8")
    for kind, label in ORGANISATION_KINDS.items():
        st = node_style("Organisation", kind)
        row = (
            f"| {label} | {colour_name(st.color)}の{shape_name(st.shape)} / "
            f"{colour_name(st.color, 'en')} {shape_name(st.shape, 'en')} |"
        )
        assert row in guide, row


# ----------------------------------------------------------------------------- labels


def test_labels_are_big_enough_and_ranked(
    city: tuple[nx.MultiDiGraph, list[str]], city_release: Release, city_settings: Settings
) -> None:
    assert min(LABEL_PX.values()) >= 12
    for area in (None, "w00"):
        view, pos = map_view(city[0], release=city_release, area=area, settings=city_settings)
        nodes = map_payload(view, pos)["nodes"]
        for n in nodes:
            assert n["font"]["size"] >= 12, n["id"]
            assert n["nm"]["screenFont"] >= 12, n["id"]
            assert "vadjust" not in n["font"]  # placed by the page, at the zoom shown
        order = sorted(nodes, key=lambda n: n["nm"]["labelOrder"])
        assert [n["nm"]["labelOrder"] for n in order] == list(range(len(nodes)))
        rank = {n["id"]: i for i, n in enumerate(order)}
        boxes = [rank[n["id"]] for n in nodes if n["shape"] == "box"]
        others = [rank[n["id"]] for n in nodes if n["shape"] != "box"]
        assert max(boxes) < min(others, default=len(nodes))  # area names first
        if area is None:
            continue
        by_cat: dict[str, list[int]] = {}
        for n in nodes:
            by_cat.setdefault(n["nm"]["cat"], []).append(rank[n["id"]])
        bridges = [rank[n["id"]] for n in nodes if n["nm"]["bridgeRank"]]
        plain = [
            rank[n["id"]]
            for n in nodes
            if n["nm"]["cat"] == "Organisation" and not n["nm"]["bridgeRank"]
        ]
        assert bridges and max(bridges) < min(by_cat["Network"]) < min(plain)
        assert max(plain) < min(by_cat["Activity"])
        # an activity's name goes above it (its organisation's name is below the organisation)
        assert any(n["nm"]["above"] is not None for n in nodes if n["nm"]["cat"] == "Activity")
