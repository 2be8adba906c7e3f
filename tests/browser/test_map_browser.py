"""The interactive map in a real browser: Debian's headless Chromium driven by PyPI
playwright (never ``playwright install``).

The page must load with the network blocked and request nothing outside its file, draw the
nodes, filter, toggle layers, find a Japanese name and follow drill-down links. Screenshots
go to ``test-artifacts/`` (kept by CI). Without ``/usr/bin/chromium`` the tests skip, or
fail when ``NETMAP_REQUIRE_BROWSER=1`` (CI).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netmap.config import Settings
from netmap.service.maps import map_view
from netmap.viz.interactive import write_html

sys.path.insert(0, str(Path(__file__).parent.parent / "viz"))
from synth import synthetic_graph

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("NETMAP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AS_OF = "2024-07-01"
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
    """A city map linked to two ward maps, written like ``netmap map --wards``."""
    out = tmp_path_factory.mktemp("maps")
    G, _ = synthetic_graph(wards=2, districts=4, residents_per_district=(1, 25))
    settings = Settings(data_dir=out / "data", pseudonym_key="k" * 32)
    view, pos = map_view(G, as_of=AS_OF, settings=settings)
    city = write_html(
        view, out / "map.html", pos, links={"w00": "wards/w00.html", "w01": "wards/w01.html"}
    )
    paths = {"city": city}
    for w in ("w00", "w01"):
        view, pos = map_view(G, area=w, as_of=AS_OF, settings=settings)
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
    """A page with every non-file request blocked and recorded, and page errors kept."""

    def __init__(self, ctx: Any) -> None:
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page = ctx.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.netmapReady === true", timeout=30_000)
        return self.page

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def page(browser_context: Any) -> Iterator[Page]:
    p = Page(browser_context)
    yield p
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


def _shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def test_loads_offline_and_draws(page: Page, maps: dict[str, Path]) -> None:
    for name in ("w00", "city"):
        pg = page.open(maps[name])
        assert page.blocked == [], page.blocked  # the page asked for nothing outside its file
        assert page.errors == []
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
    assert page.errors == []


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
    assert page.errors == []


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
    assert page.errors == []


def test_city_map_drills_down_to_a_ward_map(page: Page, maps: dict[str, Path]) -> None:
    pg = page.open(maps["city"])
    pg.locator(".links a", has_text="鶴見区").click()
    pg.wait_for_function("window.netmapReady === true", timeout=30_000)
    assert pg.url.endswith("wards/w00.html")
    assert "鶴見区 支援ネットワークマップ" in pg.title()
    pg.locator("a.back").click()
    pg.wait_for_function("window.netmapReady === true", timeout=30_000)
    assert pg.url.endswith("map.html")
    assert page.blocked == [] and page.errors == []
