"""Release benchmark: build, first viewer requests, and the disclosure audit.

    python bench/release.py [--scale 1] [--data-dir DIR] [--json FILE]

1. generates the synthetic demo at ``--scale`` (1 = a city) and imports it into a fresh
   embedded store (``--data-dir`` reuses a store that already holds it);
2. **build**: in a child process, builds the release of 2026-11-30 (the demo's last month)
   from the store, and prints the seconds and the child's peak RSS;
3. **first viewer requests**: in a fresh child process, starts the API (TestClient) on
   that data dir, runs the start-up warm-up that ``netmap serve`` runs in the background
   (graph export and index, current release loaded; timed on its own) and times the first
   viewer request after the build of each of: the ward map, gaps, the ward export as JSON
   (server time = the request's wall time, each the first of its kind in that process);
4. **audit**: in a fresh child process, ``Release.run_audit()`` of the stored release.

Targets (issue 11, at scale 1): build <= 30 s and <= 1 GB peak RSS; each first viewer
request <= 1 s; audit of a scale-1 release <= 10 minutes (of the demo release <= 60 s).
Each figure is measured in its own process. Nothing here is a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REFERENCE = "2026-11-30"


def _child(code: str, data_dir: Path) -> dict[str, Any]:
    env = {**os.environ, "NETMAP_DATA_DIR": str(data_dir), "NETMAP_STORE": "embedded"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


BUILD = f"""
import datetime as dt, json, resource, time
from netmap.config import get_settings
from netmap.service.releases import build_current_release, graph_source
from netmap.store import open_store
s = get_settings(); store = open_store(s)
t = time.perf_counter()
src = graph_source(store)
G = src.graph()
t_export = time.perf_counter() - t
t = time.perf_counter()
from netmap.disclosure.storage import GraphSource
rel = build_current_release(s, GraphSource(version=src.version, graph=lambda: G),
                            reference=dt.date.fromisoformat("{REFERENCE}"), replace=True)
build = time.perf_counter() - t
print(json.dumps({{"export_s": t_export, "build_s": build,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "cells": len(rel.cells), "hidden": rel.hidden_count,
                  "audit": {{k: rel.audit[k] for k in ("seconds", "lps", "milps", "blocks",
                            "largest_block", "primary", "secondary", "rounds")}}}}))
"""

FIRST = f"""
import json, time
from fastapi.testclient import TestClient
from netmap.api import create_app
from netmap.auth import Role, token_store
from netmap.config import get_settings
s = get_settings()
token = token_store(s).create(Role.VIEWER, name="bench")[1]
h = {{"Authorization": "Bearer " + token}}
import threading
app = create_app(s, warm=True)  # as netmap serve makes it: its warm-up timed on its own
out = {{}}
t = time.perf_counter()
with TestClient(app) as c:
    for th in threading.enumerate():
        if th.name == "netmap-warm":
            th.join()
    out["warm_graph_s"] = time.perf_counter() - t  # netmap serve: in the background at start
    r = c.get("/api/v1/areas", headers=h, params={{"level": "ward"}})
    ward = sorted(a["id"] for a in r.json()["items"] if a["level"] == "ward")[0]
    for name, path in (("ward_map", f"/api/v1/maps/{{ward}}"),
                       ("gaps", "/api/v1/analyses/gaps"),
                       ("ward_export_json", f"/api/v1/exports/{{ward}}.json")):
        t = time.perf_counter()
        r = c.get(path, headers=h, params={{"as_of": "{REFERENCE}"}})
        assert r.status_code == 200, r.text
        out[name + "_s"] = time.perf_counter() - t
        out[name + "_bytes"] = len(r.content)
print(json.dumps(out))
"""

AUDIT = f"""
import datetime as dt, json, time
from netmap.config import get_settings
from netmap.service.releases import release_store
rel = release_store(get_settings()).get(dt.date.fromisoformat("{REFERENCE}"))
t = time.perf_counter(); rep = rel.run_audit(); s = time.perf_counter() - t
print(json.dumps({{"audit_s": s, "passed": rep.passed, "hidden": rep.hidden,
                  "blocks": rep.blocks, "largest_block": rep.largest_block,
                  "lps": rep.lps, "milps": rep.milps}}))
"""


def prepare(root: Path, scale: float) -> Path:
    from netmap.config import Settings
    from netmap.demo import generate
    from netmap.ingest.pipeline import run_import
    from netmap.store.embedded import EmbeddedStore

    csv_dir = root / "csv"
    generate(csv_dir, scale=scale)
    settings = Settings(data_dir=root / "store", store="embedded")
    store = EmbeddedStore(settings.embedded_path)
    try:
        run_import(csv_dir, store, settings=settings)
    finally:
        store.close()
    return settings.data_dir


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="netmap-bench-release-") as tmp:
        data_dir = args.data_dir
        if data_dir is None:
            t = time.perf_counter()
            data_dir = prepare(Path(tmp), args.scale)
            print(f"generated and imported scale {args.scale} in {time.perf_counter() - t:.0f} s")
        build = _child(BUILD, data_dir)
        first = _child(FIRST, data_dir)
        audit = _child(AUDIT, data_dir)
    r = {
        "scale": args.scale,
        "reference": REFERENCE,
        "build": build,
        "first": first,
        "audit": audit,
    }
    print(
        f"\n== release {REFERENCE}, scale {args.scale}: {build['cells']:,} cells, "
        f"{build['hidden']:,} hidden"
    )
    print(
        f"build  {build['build_s']:6.1f} s (target <= 30 s; {build['build_s'] / 30:.2f} of it), "
        f"peak RSS {build['peak_rss_mb']:.0f} MB (target <= 1024 MB; "
        f"{build['peak_rss_mb'] / 1024:.2f} of it; graph export {build['export_s']:.1f} s)"
    )
    print(f"        audit inside the build: {build['audit']}")
    print(f"first viewer requests (after the start-up warm-up, {first['warm_graph_s']:.1f} s):")
    for name in ("ward_map", "gaps", "ward_export_json"):
        s = first[name + "_s"]
        print(
            f"  {name:18s} {s:6.2f} s (target <= 1 s; {s:.2f}x), {first[name + '_bytes']:,} bytes"
        )
    print(
        f"audit  {audit['audit_s']:6.1f} s (target <= 600 s at scale 1), passed={audit['passed']}, "
        f"{audit['hidden']:,} hidden in {audit['blocks']} blocks (largest "
        f"{audit['largest_block']}), {audit['lps']} LPs, {audit['milps']} MILPs"
    )
    if args.json:
        args.json.write_text(json.dumps(r, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
