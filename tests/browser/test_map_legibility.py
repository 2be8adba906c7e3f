"""Legible maps in headless Chromium (issue 14, item 6): a ward map of the generated demo,
at a full window and at the size of the web app's frame, and the map in the web app itself.

Read from the page (the options vis-network actually draws with, and its own measure of
each label): every label shown is at least 12 px on screen, dark on a white outline, no two
labels overlap each other or another node's symbol, hidden labels come back on hover and
zoom, and after fitting (the first view, 全体, 絞り込みを解除) every area circle lies inside
the canvas. Screenshots go to ``NETMAP_TEST_ARTIFACTS`` (default: the test's temporary
directory). The browser fixtures and helpers are those of ``test_map_browser.py`` and
``test_webapp_browser.py`` (imported, not copied).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netmap.config import Settings

sys.path.insert(0, str(Path(__file__).parent))
import test_map_browser as map_tests
import test_webapp_browser as webapp_tests
from test_map_browser import Page, _hover_point
from test_webapp_browser import Served, _artifacts, _sign_in

# the fixtures of the map and web app tests: Chromium, a page failing on any page error, and
# the API serving the sample data
browser_context = map_tests.browser_context
page = map_tests.page
served = webapp_tests.served

pytestmark = pytest.mark.browser

#: Demo wards: the busiest (most organisations and circles), and one with the gap and
#: isolation layers (a labelled circle at the map's edge).
WARDS = ("midori", "asahi")
#: (name, viewport): a full window, and the web app's frame (72vh of a 1280x900 window).
SIZES = (("window", (1400, 900)), ("frame", (1180, 650)))
MIN_PX = 12.0

#: Every label vis-network draws in the canvas: font options and, from its own measure, the
#: box on screen (vis-network measures a label when it draws it, and draws only the nodes in
#: view: labels not wholly in the canvas are left out).
LABELS_JS = """() => {
  const net = window.netmap.network, s = net.getScale(), out = [];
  const W = net.body.container.clientWidth, H = net.body.container.clientHeight;
  for (const id of net.body.nodeIndices) {
    const n = net.body.nodes[id], o = n.options;
    if (o.hidden || typeof o.label !== "string" || o.label === "") continue;
    const L = n.labelModule.size, v = o.shape === "box" ? 0 : (o.font.vadjust || 0);
    // a label beside its node is aligned right or left in a wider label box
    const w = Math.max(...n.labelModule.lines.map(line => line.width));
    let left = L.left, right = L.left + L.width;
    if (o.font.align === "right") left = right - w;
    if (o.font.align === "left") right = left + w;
    const a = net.canvasToDOM({x: left, y: L.top + v});
    const b = net.canvasToDOM({x: right, y: L.top + v + L.height});
    if (a.x < 0 || a.y < 0 || b.x > W || b.y > H) continue;
    out.push({id: id, shape: o.shape, size: o.font.size, px: o.font.size * s, color: o.font.color,
              stroke: o.font.strokeWidth * s, strokeColor: o.font.strokeColor,
              l: a.x, t: a.y, r: b.x, b: b.y});
  }
  return out;
}"""
#: The symbol of every visible node (not the area boxes, whose label is the box), on screen.
SYMBOLS_JS = """() => {
  const net = window.netmap.network, s = net.getScale(), out = [];
  for (const id of net.body.nodeIndices) {
    const n = net.body.nodes[id], o = n.options;
    if (o.hidden || o.shape === "box") continue;
    const c = net.canvasToDOM({x: n.x, y: n.y}), r = o.size * s;
    out.push({id: id, l: c.x - r, t: c.y - r, r: c.x + r, b: c.y + r});
  }
  return out;
}"""
#: The area circles shown (drawn on the canvas before the nodes), on screen, and the canvas.
CIRCLES_JS = """() => {
  const net = window.netmap.network, c = net.body.container;
  return {w: c.clientWidth, h: c.clientHeight,
          circles: window.netmap.data.halos.filter(h => !h.hidden).map(h => {
            const a = net.canvasToDOM({x: h.x - h.r, y: h.y - h.r});
            const b = net.canvasToDOM({x: h.x + h.r, y: h.y + h.r});
            return {id: h.id, l: a.x, t: a.y, r: b.x, b: b.y};
          })};
}"""


def _still(page: Page) -> None:
    """Wait until the view stops moving (zoom animations are slow in headless Chromium)
    and the labels are sized for the scale shown."""
    page.settle()
    page.page.wait_for_function(
        """() => new Promise(done => {
          const net = window.netmap.network;
          let last = net.getScale();
          const check = () => {
            const now = net.getScale();
            if (now === last && window.netmap.labelsCurrent()) { done(true); return; }
            last = now;
            setTimeout(check, 250);
          };
          setTimeout(check, 250);
        })""",
        timeout=30_000,
    )
    page.frames()


#: The share of the nodes in view whose label is hidden.
HIDDEN_SHARE_JS = """() => {
  const net = window.netmap.network, W = net.body.container.clientWidth;
  const H = net.body.container.clientHeight, hidden = new Set(window.netmap.labelsHidden());
  const ids = window.netmap.visibleNodeIds(), pos = net.getPositions(ids);
  const inView = ids.filter(id => {
    const p = net.canvasToDOM(pos[id]);
    return p.x > 0 && p.y > 0 && p.x < W && p.y < H;
  });
  return inView.filter(id => hidden.has(id)).length / inView.length;
}"""


def _luminance(color: str) -> float:
    h = color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _overlap(a: dict[str, float], b: dict[str, float], tol: float = 1.0) -> bool:
    return (
        a["l"] + tol < b["r"]
        and b["l"] + tol < a["r"]
        and a["t"] + tol < b["b"]
        and b["t"] + tol < a["b"]
    )


def _assert_labels_legible(target: Any, *, min_shown: int) -> list[dict[str, Any]]:
    """Every drawn label: >= 12 px on screen (and in the font options), dark with a light
    outline, clear of the other labels and of the other nodes' symbols."""
    labels = target.evaluate(LABELS_JS)
    assert len(labels) >= min_shown, f"only {len(labels)} labels drawn"
    for lab in labels:
        assert lab["size"] >= MIN_PX, lab
        assert lab["px"] >= MIN_PX - 0.01, lab
        assert _luminance(lab["color"]) < 0.2, lab  # dark text
        assert lab["stroke"] >= 2.5, lab  # a visible outline...
        assert lab["strokeColor"].replace(" ", "").startswith(("#fff", "rgba(255,255,255")), lab
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not _overlap(a, b), (a["id"], b["id"])
    symbols = target.evaluate(SYMBOLS_JS)
    for lab in labels:
        for sym in symbols:
            if sym["id"] != lab["id"]:
                assert not _overlap(lab, sym), (lab["id"], "over the symbol of", sym["id"])
    return list(labels)


def _assert_circles_inside(target: Any) -> int:
    got = target.evaluate(CIRCLES_JS)
    assert got["circles"], "no area circle shown"
    for c in got["circles"]:
        assert c["l"] >= 0 and c["t"] >= 0, c
        assert c["r"] <= got["w"] and c["b"] <= got["h"], (c, got["w"], got["h"])
    return len(got["circles"])


@pytest.fixture(scope="module")
def demo_ward_maps(
    tmp_path_factory: pytest.TempPathFactory, demo_settings: Callable[[Path], Settings]
) -> dict[str, Path]:
    """Ward maps of the generated demo (the demo imported once per session, a ward drawn)."""
    from netmap.demo import AS_OF as DEMO_AS_OF
    from netmap.service.maps import render_map
    from netmap.store.embedded import EmbeddedStore

    out = tmp_path_factory.mktemp("legible")
    settings = demo_settings(out / "data")
    store = EmbeddedStore(settings.embedded_path)
    try:
        return {
            w: render_map(
                store,
                area=w,
                as_of=DEMO_AS_OF,
                output=out / f"{w}.html",
                settings=settings,
                reuse_layout=False,
            )
            for w in WARDS
        }
    finally:
        store.close()


@pytest.mark.parametrize("size", [s for s, _ in SIZES])
@pytest.mark.parametrize("ward", WARDS)
def test_ward_map_labels_are_legible_and_fit_shows_every_circle(
    page: Page, demo_ward_maps: dict[str, Path], ward: str, size: str, tmp_path: Path
) -> None:
    width, height = dict(SIZES)[size]
    page.page.set_viewport_size({"width": width, "height": height})
    pg = page.open(demo_ward_maps[ward])
    _still(page)
    n_nodes = pg.evaluate("window.netmap.nodes.length")
    assert n_nodes > 40
    # the first view: every circle inside, labels legible
    n_circles = _assert_circles_inside(pg)
    assert n_circles >= 3
    shown = _assert_labels_legible(pg, min_shown=12)
    # every area's name (a box) is among them
    boxes = pg.evaluate("window.netmap.data.nodes.filter(n => n.shape === 'box').map(n => n.id)")
    assert set(boxes) <= {lab["id"] for lab in shown}
    shot = _artifacts(tmp_path) / f"map-legibility-{ward}-{size}.png"
    pg.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000

    # a label hidden to avoid an overlap shows while its node is hovered
    hidden = pg.evaluate("window.netmap.labelsHidden()")
    assert hidden, "a map this busy hides some labels at the first view"
    hidden_share = pg.evaluate(HIDDEN_SHARE_JS)
    node, at = _hover_point(pg, "node", hidden)
    pg.mouse.move(at["x"] - 80, at["y"] - 80)
    page.frames()
    pg.mouse.move(at["x"], at["y"], steps=4)
    pg.wait_for_function(f"window.netmap.nodes.get({node!r}).label !== ''", timeout=5_000)
    # ...and hides again when the pointer leaves it (for a corner of the map: no node there)
    box = pg.locator("#map").bounding_box()
    assert box
    pg.mouse.move(box["x"] + 4, box["y"] + 4, steps=4)
    pg.wait_for_function(f"window.netmap.nodes.get({node!r}).label === ''", timeout=5_000)

    # zoomed in, a larger share of the nodes in view is named, legibly
    pg.click("#zoom-in")
    _still(page)
    pg.click("#zoom-in")
    _still(page)
    assert pg.evaluate(HIDDEN_SHARE_JS) < hidden_share
    _assert_labels_legible(pg, min_shown=12)
    # 全体 brings every circle back into view
    pg.click("#zoom-fit")
    _still(page)
    assert _assert_circles_inside(pg) == n_circles
    _assert_labels_legible(pg, min_shown=12)
    # a district alone, then 全体: its circle fits; reset: all of them again
    district = pg.eval_on_selector_all("#filter-area option", "os => os.map(o => o.value)")[1]
    pg.select_option("#filter-area", district)
    pg.click("#zoom-fit")
    _still(page)
    assert _assert_circles_inside(pg) >= 1
    _assert_labels_legible(pg, min_shown=3)
    pg.click("#filter-reset")
    _still(page)
    assert _assert_circles_inside(pg) == n_circles
    pg.screenshot(path=str(_artifacts(tmp_path) / f"map-legibility-{ward}-{size}-after.png"))
    page.assert_clean()


def test_map_in_the_web_app_shows_legible_labels(
    browser_context: Any, served: Served, tmp_path: Path
) -> None:
    """The map in the web app's frame: labels drawn at 12 px and up, circles in view.
    (The browser is the map tests' one: playwright runs one browser at a time.)"""
    webapp_page = browser_context.new_page()
    webapp_page.set_viewport_size({"width": 1280, "height": 900})
    errors: list[str] = []
    webapp_page.on("pageerror", lambda exc: errors.append(str(exc)))
    _sign_in(webapp_page, served, "viewer")
    webapp_page.wait_for_function(
        "() => document.querySelector('#map-status').classList.contains('ok')", timeout=120_000
    )
    handle = webapp_page.wait_for_selector("#map-frame")
    assert handle
    frame = handle.content_frame()
    assert frame
    frame.wait_for_function("window.netmapReady === true", timeout=60_000)
    frame.wait_for_timeout(500)
    _assert_circles_inside(frame)
    labels = _assert_labels_legible(frame, min_shown=4)
    assert any(lab["shape"] != "box" for lab in labels)  # not only the areas' names
    webapp_page.screenshot(path=str(_artifacts(tmp_path) / "webapp-map-legibility.png"))
    webapp_page.close()
    assert errors == []
