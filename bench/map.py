"""Interactive map benchmark: HTML size and time to a stable picture in headless Chromium,
netmap's map against pyvis defaults on the same graph, in the same run.

    python bench/map.py [--scale 1] [--data-dir DIR] [--cap 120] [--json FILE]

1. generates the synthetic demo at ``--scale`` (1 = a city: ~5k organisations, 1.5k
   activities) and imports it into a fresh embedded store (``--data-dir`` reuses a store
   that already holds it);
2. builds the map views of the scale-``--scale`` city and of its largest ward (most nodes);
3. writes each twice: netmap's page (layout computed in Python, physics off) and pyvis
   defaults (``Network()`` + ``add_node``/``add_edge`` + its template with vis-network
   inlined so it can load offline; physics on, no positions);
4. opens each in Debian's headless Chromium (network blocked) and measures the time from
   navigation start to a *stable picture*: the first moment node positions stop changing
   (sampled every 100 ms in the page; max movement < 0.5 px over two samples). A page that
   is not stable within ``--cap`` seconds is reported as ">cap s".

Targets (issue 4): >= 10x faster to a stable picture than pyvis defaults; a ward map <= 5 MB.
Nothing here is a test: it prints figures (``--json FILE`` writes them).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]

#: Injected before any page script: finds the vis Network (netmap's or pyvis's global) and
#: records when the node positions stop moving.
PROBE = """
(() => {
  const INTERVAL = 100, EPS = 0.5;
  let last = null, stillSince = null;
  window.__stableAt = null;
  function net() {
    if (window.netmap && window.netmap.network) return window.netmap.network;
    try {
      if (typeof network !== 'undefined' && network && network.getPositions) return network;
    } catch (e) {}
    return null;
  }
  let hooked = false;
  window.__iterDoneAt = null;
  function tick() {
    const n = net();
    if (n && !hooked) {
      hooked = true;
      n.once('stabilizationIterationsDone', () => { window.__iterDoneAt = performance.now(); });
    }
    if (n && document.querySelector('canvas')) {
      const pos = n.getPositions();
      const ids = Object.keys(pos);
      const now = performance.now();
      if (last && ids.length) {
        let moved = 0;
        for (const id of ids) {
          const a = pos[id], b = last[id];
          if (!b) { moved = Infinity; break; }
          moved = Math.max(moved, Math.abs(a.x - b.x), Math.abs(a.y - b.y));
        }
        if (moved < EPS) {
          if (stillSince === null) stillSince = now - INTERVAL;
          if (now - stillSince >= 2 * INTERVAL) { window.__stableAt = stillSince; return; }
        } else { stillSince = null; }
      }
      last = pos;
    }
    setTimeout(tick, INTERVAL);
  }
  setTimeout(tick, 0);
})();
"""


def _load_store(scale: float, data_dir: Path | None) -> Any:
    from netmap.config import Settings
    from netmap.store.embedded import EmbeddedStore

    if data_dir is not None:
        settings = Settings(data_dir=data_dir, pseudonym_key="bench" * 8)
        return EmbeddedStore(settings.embedded_path), settings
    from netmap.demo import generate
    from netmap.ingest.pipeline import run_import

    tmp = Path(tempfile.mkdtemp(prefix="netmap-bench-map-"))
    settings = Settings(data_dir=tmp / "store", pseudonym_key="bench" * 8)
    t = time.perf_counter()
    generate(tmp / "csv", scale=scale)
    store = EmbeddedStore(settings.embedded_path)
    store.init()
    run_import(tmp / "csv", store, settings=settings)
    print(f"demo scale {scale}: generated and imported in {time.perf_counter() - t:.1f} s")
    return store, settings


def _measure(ctx: Any, path: Path, cap: float) -> dict[str, Any]:
    page = ctx.new_page()
    blocked: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.add_init_script(PROBE)
    t0 = time.perf_counter()
    page.goto(path.as_uri(), timeout=int(cap * 1000))
    stable: float | None
    try:
        page.wait_for_function(
            "window.__stableAt !== null",
            timeout=int(max(1.0, cap - (time.perf_counter() - t0)) * 1000),
        )
        stable = float(page.evaluate("window.__stableAt")) / 1000.0
    except Exception:
        stable = None
    wall = time.perf_counter() - t0
    iter_done = page.evaluate("window.__iterDoneAt")
    nodes = page.evaluate(
        "(() => { try { return (window.netmap ? window.netmap.nodes : nodes).length }"
        " catch (e) { return null } })()"
    )
    page.close()
    return {
        "iterations_done": None if iter_done is None else float(iter_done) / 1000.0,
        "seconds": stable,
        "wall": wall,
        "nodes": nodes,
        "blocked": len(blocked),
        "errors": errors,
    }


def _fmt_s(x: float | None, cap: float) -> str:
    return f">{cap:.0f} s" if x is None else f"{x:.2f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument(
        "--data-dir", type=Path, default=None, help="reuse an embedded store holding the demo"
    )
    ap.add_argument("--cap", type=float, default=120.0, help="seconds before giving up on a page")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=None, help="keep the HTML files here")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from netmap.service.maps import compute_map_analyses, map_view
    from netmap.viz.interactive import render_pyvis_default_html, write_html
    from netmap.viz.view import ViewContext

    store, settings = _load_store(args.scale, args.data_dir)
    G = store.export_graph()
    store.close()
    t = time.perf_counter()
    ctx = ViewContext(G)
    an = compute_map_analyses(ctx.G, as_of=ctx.day)
    print(f"analyses on the whole graph: {time.perf_counter() - t:.1f} s")

    wards = sorted(
        n
        for n, d in ctx.G.nodes(data=True)
        if d.get("label") == "Area" and d.get("level") == "ward"
    )
    views: dict[str, Any] = {}
    best = None
    for w in wards:
        v, p = map_view(
            G,
            area=w,
            as_of=ctx.day,
            settings=settings,
            analyses=an,
            context=ctx,
            reuse_layout=False,
            remember_layout=False,
        )
        if best is None or v.number_of_nodes() > best[1].number_of_nodes():
            best = (w, v, p)
    assert best is not None
    t = time.perf_counter()
    cv, cp = map_view(
        G,
        as_of=ctx.day,
        settings=settings,
        analyses=an,
        context=ctx,
        reuse_layout=False,
        remember_layout=False,
    )
    views[f"city (scale {args.scale:g})"] = (cv, cp, time.perf_counter() - t)
    t = time.perf_counter()
    w, v, p = best
    v, p = map_view(
        G,
        area=w,
        as_of=ctx.day,
        settings=settings,
        analyses=an,
        context=ctx,
        reuse_layout=False,
        remember_layout=False,
    )
    views[f"largest ward {w} ({v.graph['area_name']})"] = (v, p, time.perf_counter() - t)

    out = args.out or Path(tempfile.mkdtemp(prefix="netmap-bench-html-"))
    out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    with (
        sync_playwright() as pw,
        tempfile.TemporaryDirectory(prefix="netmap-bench-chromium-") as prof,
    ):
        bctx = pw.chromium.launch_persistent_context(
            prof,
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport={"width": 1400, "height": 900},
        )
        for i, (name, (v, p, build_s)) in enumerate(views.items()):
            t = time.perf_counter()
            ours = write_html(v, out / f"view{i}-netmap.html", p)
            render_s = time.perf_counter() - t
            base = out / f"view{i}-pyvis-default.html"
            base.write_text(render_pyvis_default_html(v), encoding="utf-8")
            m_ours = _measure(bctx, ours, args.cap)
            m_base = _measure(bctx, base, args.cap)
            row = {
                "view": name,
                "nodes": v.number_of_nodes(),
                "edges": v.number_of_edges(),
                "python_build_s": round(build_s + render_s, 2),
                "netmap_bytes": ours.stat().st_size,
                "pyvis_bytes": base.stat().st_size,
                "netmap_stable_s": m_ours["seconds"],
                "pyvis_stable_s": m_base["seconds"],
                "netmap_requests_blocked": m_ours["blocked"],
                "pyvis_requests_blocked": m_base["blocked"],
                "netmap_errors": m_ours["errors"],
                "pyvis_errors": m_base["errors"],
            }
            rows.append(row)
            ratio = (
                f">{args.cap / m_ours['seconds']:.0f}x"
                if m_base["seconds"] is None and m_ours["seconds"]
                else f"{m_base['seconds'] / m_ours['seconds']:.1f}x"
                if m_ours["seconds"] and m_base["seconds"]
                else "n/a"
            )
            row["speedup"] = ratio
            print(
                f"\n{name}: {row['nodes']} nodes, {row['edges']} edges "
                f"(Python build + HTML {row['python_build_s']} s)"
            )
            print(
                f"  HTML size     netmap {row['netmap_bytes'] / 1e6:6.2f} MB   "
                f"pyvis defaults {row['pyvis_bytes'] / 1e6:6.2f} MB"
            )
            print(
                f"  stable after  netmap {_fmt_s(m_ours['seconds'], args.cap):>9}   "
                f"pyvis defaults {_fmt_s(m_base['seconds'], args.cap):>9}   speed-up {ratio}"
            )
            if m_base["iterations_done"] is not None:
                row["pyvis_stabilization_iterations_done_s"] = m_base["iterations_done"]
                print(
                    f"  (pyvis: its stabilisation pass ended after "
                    f"{m_base['iterations_done']:.1f} s; nodes kept moving after that)"
                    if m_base["seconds"] is None
                    else f"  (pyvis: its stabilisation pass ended after "
                    f"{m_base['iterations_done']:.1f} s)"
                )
            print(
                f"  requests outside the file: netmap {m_ours['blocked']}, "
                f"pyvis defaults {m_base['blocked']}"
                f" (blocked); page errors: netmap {len(m_ours['errors'])}, "
                f"pyvis {len(m_base['errors'])}"
            )
        bctx.close()
    print(f"\nHTML files in {out}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
