"""The interactive map in a real browser: Debian's headless Chromium driven by PyPI
playwright (never ``playwright install``).

The page must load with the network blocked and request nothing outside its file, draw the
nodes, filter, toggle layers, find a Japanese name and follow drill-down links. Every test
fails on any uncaught page error or ``console.error`` (collected from the moment the page
opens until the test ends, after the page's animations have settled), and one test drives
every layer, filter and control of a city map and a ward map of the generated demo.
Screenshots go to ``test-artifacts/`` (kept by CI). Without ``/usr/bin/chromium`` the tests
skip, or fail when ``NETMAP_REQUIRE_BROWSER=1`` (CI).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from netmap.config import Settings
from netmap.service.maps import map_view
from netmap.viz.interactive import write_html

sys.path.insert(0, str(Path(__file__).parent.parent / "viz"))
from synth import synthetic_graph, synthetic_release  # type: ignore[import-not-found, unused-ignore]

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("NETMAP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str) -> None:
    msg = f"headless Chromium is not available: {reason} (apt-get install chromium)"
    if os.environ.get("NETMAP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NETMAP_REQUIRE_BROWSER=1 and {msg}", pytrace=False)
    pytest.skip(msg)


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A city map linked to two ward maps, written like ``netmap map --wards``, from the
    release of 2024-05-31 (the month of the synthetic referrals)."""
    out = tmp_path_factory.mktemp("maps")
    G, _ = synthetic_graph(wards=2, districts=4, residents_per_district=(1, 25))
    rel = synthetic_release(G)
    settings = Settings(data_dir=out / "data", pseudonym_key=SecretStr("k" * 32))
    view, pos = map_view(G, release=rel, settings=settings)
    city = write_html(
        view, out / "map.html", pos, links={"w00": "wards/w00.html", "w01": "wards/w01.html"}
    )
    paths = {"city": city}
    for w in ("w00", "w01"):
        view, pos = map_view(G, release=rel, area=w, settings=settings)
        paths[w] = write_html(
            view, out / "wards" / f"{w}.html", pos, back=("../map.html", "市全体の地図へ戻る")
        )
    return paths


@pytest.fixture(scope="module")
def browser_context() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        _missing(f"{CHROMIUM} not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _missing(f"playwright cannot be imported ({exc})")
        raise
    exe = CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))
    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="netmap-chromium-") as profile:
        try:
            ctx = p.chromium.launch_persistent_context(
                profile,
                executable_path=exe,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1400, "height": 900},
            )
        except Exception as exc:  # pragma: no cover - depends on the machine
            _missing(f"Chromium did not start ({exc})")
            raise
        yield ctx
        ctx.close()


class Page:
    """A page with every non-file request blocked and recorded, and every uncaught page
    error and ``console.error`` kept (with its stack), from the moment the page opens."""

    def __init__(self, ctx: Any) -> None:
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page = ctx.new_page()
        self.page.on("pageerror", self._on_pageerror)
        self.page.on("console", self._on_console)
        self.page.route("**/*", self._route)

    def _on_pageerror(self, exc: Any) -> None:
        self.errors.append(f"page error: {exc}\n{getattr(exc, 'stack', '') or ''}".rstrip())

    def _on_console(self, msg: Any) -> None:
        if msg.type == "error":
            self.errors.append(f"console.error: {msg.text} at {msg.location}")

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, path: Path) -> Any:
        """Open a map and wait for its first complete frame (an error thrown while drawing
        means there never is one: then the test fails with that error, not a timeout)."""
        self.page.goto(path.as_uri())
        self.wait_ready()
        return self.page

    def wait_ready(self) -> None:
        try:
            self.page.wait_for_function("window.netmapReady === true", timeout=30_000)
        except Exception:
            assert self.errors == [], "the map never finished drawing:\n" + "\n\n".join(self.errors)
            raise

    def frames(self, n: int = 2) -> None:
        """Let the page draw ``n`` more frames (vis-network redraws on animation frames)."""
        self.page.evaluate(
            """n => new Promise(done => {
              const step = k => k ? requestAnimationFrame(() => step(k - 1)) : done();
              step(n);
            })""",
            n,
        )

    def settle(self) -> None:
        """Wait until view animations (zoom, focus: at most 350 ms) have ended and drawn."""
        if not self.page.evaluate("window.netmapReady === true"):
            return
        self.frames()
        self.page.wait_for_timeout(450)
        self.frames()

    def assert_clean(self) -> None:
        """No request left the file, and no error was thrown or logged, up to now."""
        if not self.page.is_closed():
            self.settle()
        assert self.blocked == [], self.blocked
        assert self.errors == [], "\n\n".join(self.errors)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def page(browser_context: Any) -> Iterator[Page]:
    """A fresh page; the test fails (at teardown at the latest) on any page error."""
    p = Page(browser_context)
    try:
        yield p
        p.assert_clean()
    finally:
        p.close()


def _painted_pixels(page: Any) -> int:
    """Canvas pixels that are not white (the map is drawn)."""
    return int(
        page.evaluate(
            """() => {
              const c = document.querySelector('#map canvas');
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let n = 0;
              for (let i = 0; i < d.length; i += 4) {
                if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
              }
              return n;
            }"""
        )
    )


def _items_with_undefined_options(page: Any) -> list[str]:
    """Ids of node/edge items holding a key whose value is undefined. vis-network copies such
    a key over its defaults: a node with ``scaling: undefined`` throws "Cannot read
    properties of undefined (reading 'label')" from drawExternalLabels on every frame."""
    return list(
        page.evaluate(
            """() => window.netmap.nodes.get().concat(window.netmap.edges.get())
                 .filter(it => Object.keys(it).some(k => it[k] === undefined))
                 .map(it => String(it.id))"""
        )
    )


def _shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def test_loads_offline_and_draws(page: Page, maps: dict[str, Path]) -> None:
    for name in ("w00", "city"):
        pg = page.open(maps[name])
        page.assert_clean()  # no error, and nothing asked for outside the file
        assert _items_with_undefined_options(pg) == []
        n_nodes = pg.evaluate("window.netmap.nodes.length")
        assert n_nodes > 10
        assert _painted_pixels(pg) > 5_000
        assert pg.title().endswith("支援ネットワークマップ")
        shot = _shot(pg, f"map-{name}.png")
        assert shot.stat().st_size > 20_000


def test_filter_changes_the_visible_set(page: Page, maps: dict[str, Path]) -> None:
    pg = page.open(maps["w00"])
    everything = set(pg.evaluate("window.netmap.visibleNodeIds()"))
    pg.select_option("#filter-area", "w00d01")
    in_district = set(pg.evaluate("window.netmap.visibleNodeIds()"))
    assert in_district and in_district < everything
    shown = pg.evaluate(
        "window.netmap.visibleNodeIds()"
        ".map(id => window.netmap.data.nodes.find(n => n.id === id).nm)"
        ".map(nm => [nm.cat, nm.areas])"
    )
    # everything shown is in the district, except networks its organisations belong to
    assert all("w00d01" in areas for cat, areas in shown if cat != "Network")
    assert {cat for cat, _ in shown} >= {"Area", "Organisation", "Network"}
    assert "w00d02-plaza" not in in_district and "w00d01-plaza" in in_district
    # a kind filter narrows further; reset brings everything back
    pg.select_option("#filter-kind", "Organisation:community_care_plaza")
    plazas = set(pg.evaluate("window.netmap.visibleNodeIds()"))
    assert "w00d01-plaza" in plazas and not {n for n in plazas if "-o" in n}
    assert "表示中" in pg.inner_text("#visible-count")
    pg.click("#filter-reset")
    assert set(pg.evaluate("window.netmap.visibleNodeIds()")) == everything
    page.assert_clean()


def test_search_finds_a_japanese_name_and_focuses_it(page: Page, maps: dict[str, Path]) -> None:
    pg = page.open(maps["w00"])
    # hiragana finds the katakana name (けあぷらざ -> ケアプラザ)
    pg.fill("#search", "けあぷらざ")
    first = pg.locator("#search-results li").first
    assert "ケアプラザ" in first.inner_text()
    pg.fill("#search", "潮田地域ケアプラザ")
    pg.press("#search", "Enter")
    assert pg.evaluate("window.netmap.network.getSelectedNodes()") == ["w00d00-plaza"]
    info = pg.inner_text("#info")
    assert "潮田地域ケアプラザ" in info and "参加ネットワーク" in info
    # the view moves to put the node in the middle (an animation: wait for it to end)
    pg.wait_for_function(
        """() => {
          const v = window.netmap.network.getViewPosition();
          const p = window.netmap.network.getPositions(['w00d00-plaza'])['w00d00-plaza'];
          return Math.abs(v.x - p.x) < 5 && Math.abs(v.y - p.y) < 5;
        }""",
        timeout=10_000,
    )
    _shot(pg, "map-search.png")
    page.assert_clean()


def test_layers_toggle(page: Page, maps: dict[str, Path]) -> None:
    pg = page.open(maps["w00"])
    flows = (
        "window.netmap.edges.get({filter: e => !e.hidden})"
        ".filter(e => window.netmap.data.edges.find(x => x.id === e.id).nm.layer === 'flow')"
        ".length"
    )
    assert pg.evaluate(flows) == 0  # flows start hidden
    pg.check("#layer-flow")
    assert pg.evaluate(flows) > 0
    gap_area = pg.evaluate("(window.netmap.data.nodes.find(n => n.nm.gaps.length) || {}).id")
    if gap_area:
        width_on = pg.evaluate(f"window.netmap.nodes.get('{gap_area}').borderWidth")
        pg.uncheck("#layer-gap")
        width_off = pg.evaluate(f"window.netmap.nodes.get('{gap_area}').borderWidth")
        assert width_on > width_off
    _shot(pg, "map-layers.png")
    page.assert_clean()


def test_city_map_drills_down_to_a_ward_map(page: Page, maps: dict[str, Path]) -> None:
    pg = page.open(maps["city"])
    pg.locator(".links a", has_text="鶴見区").click()
    page.wait_ready()
    assert pg.url.endswith("wards/w00.html")
    assert "鶴見区 支援ネットワークマップ" in pg.title()
    pg.locator("a.back").click()
    page.wait_ready()
    assert pg.url.endswith("map.html")
    page.assert_clean()


def _hover_point(pg: Any, kind: str, ids: list[str]) -> tuple[str, dict[str, float]]:
    """A point of the page where hovering hits exactly one of ``ids`` (``kind``: "node" or
    "edge") and nothing else on top of it: (id, page coordinates)."""
    box = pg.locator("#map").bounding_box()
    assert box
    found = pg.evaluate(
        """([kind, ids]) => {
          const net = window.netmap.network, data = window.netmap.data;
          const inside = p => p.x > 5 && p.y > 5 && p.x < net.body.container.clientWidth - 5
                           && p.y < net.body.container.clientHeight - 5;
          for (const id of ids) {
            let tries = [];
            if (kind === "node") {
              tries = [net.canvasToDOM(net.getPositions([id])[id])];
            } else {
              const e = data.edges.find(x => x.id === id);
              const pos = net.getPositions([e.from, e.to]);
              const a = pos[e.from], b = pos[e.to];
              const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
              const nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len;
              for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
                for (const off of [0, 0.04, 0.08, 0.12, -0.04, -0.08]) {
                  tries.push(net.canvasToDOM({x: a.x + (b.x - a.x) * t + nx * off * len,
                                              y: a.y + (b.y - a.y) * t + ny * off * len}));
                }
              }
            }
            for (const p of tries) {
              if (!inside(p)) continue;
              const node = net.getNodeAt(p), edge = net.getEdgeAt(p);
              if (kind === "node" ? node === id : (node === undefined && edge === id)) {
                return [id, p];
              }
            }
          }
          return null;
        }""",
        [kind, ids],
    )
    assert found, f"no {kind} of {ids[:5]} can be hovered alone"
    return found[0], {"x": box["x"] + found[1]["x"], "y": box["y"] + found[1]["y"]}


def _hover_tip(page: Page, pg: Any, at: dict[str, float]) -> str:
    """Move the mouse to ``at`` (from elsewhere) and return the tooltip's text."""
    pg.mouse.move(at["x"] - 60, at["y"] - 60)
    page.frames()
    pg.mouse.move(at["x"], at["y"], steps=4)
    tip = pg.locator("#tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    return str(tip.inner_text())


def test_notice_and_tooltips_show_x_and_links_without_counts(
    page: Page, maps: dict[str, Path]
) -> None:
    pg = page.open(maps["w00"])
    notice = pg.inner_text("#sidebar")
    # hidden counts read "x" (秘匿); referrals are of the release's period
    assert "「x」（秘匿）" in notice and "10人未満" in notice
    assert "2024-05-01〜2024-05-31" in notice and "基準日 2024-05-31" in notice
    assert "<10" not in notice and "非表示" not in notice
    pg.check("#layer-flow")
    pg.click("#zoom-fit")
    page.settle()
    # a referral link's tooltip says only that referrals ran in the period
    flows = pg.evaluate(
        "window.netmap.data.edges.filter(e => e.nm.type === 'referral').map(e => e.id)"
    )
    assert flows
    edge, at = _hover_point(pg, "edge", flows)
    text = _hover_tip(page, pg, at)
    assert "紹介（つなぎ）" in text and "期間内に紹介あり" in text, (edge, text)
    assert not re.search(r"\d+件", text)
    _shot(pg, "map-referral-tooltip.png")
    # an activity with a small participant count: its tooltip reads "x"
    hidden = pg.evaluate(
        """window.netmap.data.nodes
             .filter(n => n.nm.lines.some(l => l[0] === "参加者（登録）" && l[1] === "x"))
             .map(n => n.id)"""
    )
    assert hidden
    node, at = _hover_point(pg, "node", hidden)
    text = _hover_tip(page, pg, at)
    assert re.search(r"参加者（登録）\s*x", text), (node, text)
    page.assert_clean()


# ----------------------------------------------------------------------------- every control


def _payload(path: Path) -> dict[str, Any]:
    html = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="netmap-data">(.*?)</script>', html, re.S)
    assert m, path
    data: dict[str, Any] = json.loads(m.group(1))
    return data


@pytest.fixture(scope="module")
def demo_maps(
    tmp_path_factory: pytest.TempPathFactory, demo_settings: Callable[[Path], Settings]
) -> dict[str, Path]:
    """The city map and the ward map with the most layers, of the generated demo (written
    like ``netmap demo``: the demo imported once per session, ``render_map_set``)."""
    from netmap.demo import AS_OF as DEMO_AS_OF
    from netmap.service.maps import render_map_set
    from netmap.store.embedded import EmbeddedStore

    out = tmp_path_factory.mktemp("demo")
    settings = demo_settings(out / "data")
    store = EmbeddedStore(settings.embedded_path)
    try:
        made = render_map_set(
            store, out / "maps", as_of=DEMO_AS_OF, settings=settings, reuse_layout=False
        )
    finally:
        store.close()

    def richness(w: str) -> tuple[int, int, str]:
        data = _payload(made.wards[w])
        return (sum(map(bool, data["layers_present"].values())), len(data["nodes"]), w)

    ward = max(made.wards, key=richness)
    return {"city": made.city, "ward": made.wards[ward]}


def _visible_matches_count(pg: Any) -> None:
    shown = pg.evaluate("window.netmap.visibleNodeIds().length")
    total = pg.evaluate("window.netmap.data.nodes.length")
    assert pg.inner_text("#visible-count") == f"表示中: {shown} / {total}"


def _exercise_every_control(page: Page, pg: Any, expected_filters: set[str]) -> None:
    # every edge joins two nodes of the map
    assert pg.evaluate(
        """() => window.netmap.edges.get().every(
             e => window.netmap.nodes.get(e.from) && window.netmap.nodes.get(e.to))"""
    )
    layers = pg.eval_on_selector_all("input[id^=layer-]", "xs => xs.map(x => x.id)")
    assert layers, "no layer switches"
    # each layer on and off, alone
    for box in layers:
        for _ in range(2):
            pg.click(f"#{box}")
            page.frames()
    # every filter value, with every layer on (the busiest drawing)
    for box in layers:
        pg.check(f"#{box}")
    filters = pg.eval_on_selector_all("select[id^=filter-]", "xs => xs.map(x => x.id)")
    assert expected_filters <= set(filters)
    for sel in filters:
        values = pg.eval_on_selector_all(f"#{sel} option", "os => os.map(o => o.value)")
        assert len(values) > 1, sel
        for value in values:
            pg.select_option(f"#{sel}", value)
            page.frames(1)
            _visible_matches_count(pg)
        pg.select_option(f"#{sel}", "")
    # layers toggled while a filter is set
    area = pg.eval_on_selector_all("#filter-area option", "os => os.map(o => o.value)")[1]
    pg.select_option("#filter-area", area)
    for box in layers:
        pg.click(f"#{box}")
        page.frames(1)
        pg.click(f"#{box}")
    pg.click("#filter-reset")
    _visible_matches_count(pg)
    # search: focus (an animation) on a node hidden by a filter resets the filters
    name = pg.evaluate(
        """() => {
          const ns = window.netmap.data.nodes;
          return (ns.find(n => n.nm.cat === "Organisation") || ns[ns.length - 1]).nm.name;
        }"""
    )
    pg.select_option("#filter-area", area)
    pg.fill("#search", name)
    pg.press("#search", "Enter")
    page.settle()
    assert pg.evaluate("window.netmap.network.getSelectedNodes().length") == 1
    # hover and click nodes (hovered and selected nodes are drawn last, labels outside)
    box = pg.locator("#map").bounding_box()
    assert box
    pg.click("#zoom-fit")
    page.settle()
    points = pg.evaluate(
        """() => {
          const net = window.netmap.network, ids = window.netmap.visibleNodeIds();
          const pos = net.getPositions(ids);
          return ids.map(id => net.canvasToDOM(pos[id]));
        }"""
    )
    inside = [p for p in points if 5 < p["x"] < box["width"] - 5 and 5 < p["y"] < box["height"] - 5]
    assert inside
    for p in inside[:: max(1, len(inside) // 40)]:
        pg.mouse.move(box["x"] + p["x"], box["y"] + p["y"])
        page.frames(1)
    p = inside[len(inside) // 2]
    pg.mouse.click(box["x"] + p["x"], box["y"] + p["y"])
    page.frames()
    # zoom: buttons (animated) and the wheel (area names keep their size on screen)
    for button in ("#zoom-in", "#zoom-in", "#zoom-out", "#zoom-fit"):
        pg.click(button)
        page.settle()
    pg.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for dy in (-400, -400, -400, 400, 400, 400, 400):
        pg.mouse.wheel(0, dy)
        page.frames(1)
    page.settle()
    assert _items_with_undefined_options(pg) == []


@pytest.mark.parametrize("which", ["city", "ward"])
def test_every_layer_and_filter_runs_without_errors(
    page: Page, demo_maps: dict[str, Path], which: str
) -> None:
    pg = page.open(demo_maps[which])
    page.assert_clean()
    assert pg.evaluate("window.netmap.nodes.length") > 10
    expected = {"filter-area", "filter-need"}
    if which == "ward":
        expected |= {"filter-network", "filter-kind"}
    _exercise_every_control(page, pg, expected)
    _shot(pg, f"map-demo-{which}-exercised.png")
    page.assert_clean()
