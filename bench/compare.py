"""Compare benchmark: `netmap compare` between two dates and a scenario, against one full
analysis, each cold.

    python bench/compare.py [--scale 1] [--data-dir DIR] [--repeat 1] [--json FILE]

1. generates the synthetic demo at ``--scale`` (1 = a city) with its plan to try
   (``plan-example``: 10 planned records) and imports the data into a fresh embedded store
   (``--data-dir`` reuses a folder this script prepared: ``DIR/store`` and
   ``DIR/plan-example``);
2. **cold** figures, each in a new process (nothing cached in memory: no graph snapshot,
   no analysis result; numba's compiled kernels come from its disk cache, which one
   untimed warm-up process fills first), each from opening the store to the JSON answer,
   as the commands run them:

   - **full analysis**: export the graph, then gaps, isolated, bridges and flows at the
     reference date (``netmap.service.analyses.run_analysis``, as ``netmap demo`` writes
     them);
   - **compare**: export the graph, then ``compare_json`` between the plan's start
     (2024-04-01) and the reference date (2026-11-30), exact (``netmap compare --from
     --to``);
   - **scenario**: ``evaluate_scenario`` of the 10-record plan (validated like an import,
     laid over the exported graph, compared at its date; ``netmap compare --scenario``);
   - **full analysis, collector paused**: the full analysis with Python's cyclic garbage
     collector paused, as compare and scenarios pause it around their analyses: the ratios
     against it show what sharing work saves, apart from the collector;

3. **warm** figures: the same calls again in the same processes (modules imported,
   kernels loaded; the graph exported again, no result reused);
4. prints each figure (wall clock, and the process's CPU time: steadier on a shared
   machine) with the export split out, and the ratios compare / full (target <= 2x) and
   scenario / full (target <= 1.5x), cold (the targets of issue 15) and warm.

``--repeat N`` runs each cold process N times and keeps the median; ``--src DIR`` times
the ``netmap`` of another checkout (``DIR/src``, e.g. the last commit, for before/after
figures) on the data prepared here. Nothing here is a test: it prints figures and writes
them to ``--json`` (default ``bench/results/compare.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PLAN_START = "2024-04-01"
REFERENCE = "2026-11-30"
RESULTS = Path(__file__).resolve().parent / "results" / "compare.json"

#: one child process: the figure ``what`` cold, then warm; prints one JSON line
CHILD = """
import json, sys, time
what, plan, at = sys.argv[1], sys.argv[2], sys.argv[3]
t0 = time.perf_counter()
from netmap.config import get_settings
from netmap.store import open_store
imports = time.perf_counter() - t0

def full(store, settings):
    from netmap.service.analyses import ANALYSES, run_analysis
    t = time.perf_counter(); G = store.export_graph(); export = time.perf_counter() - t
    out = {name: run_analysis(name, G, as_of="__REFERENCE__") for name in ANALYSES}
    return export, len(out)

def full_paused(store, settings):
    import gc
    gc.disable()
    try:
        return full(store, settings)
    finally:
        gc.enable()

def compare(store, settings):
    from netmap.service.compare import compare_json
    t = time.perf_counter(); G = store.export_graph(); export = time.perf_counter() - t
    obj = compare_json(G, from_date="__START__", to_date="__REFERENCE__",
                       period=settings.release_period)
    return export, sum(t["added"] + t["ended"] for t in obj["totals"].values())

def scenario(store, settings):
    from netmap.service.scenarios import evaluate_scenario
    obj = evaluate_scenario(plan, store, settings=settings, at=at)
    return None, len(obj["gaps"]["closed"])

run = {"full": full, "full_paused": full_paused, "compare": compare, "scenario": scenario}[what]
out = {"imports_s": imports}
for phase in ("cold", "warm"):
    settings = get_settings()
    t, c = time.perf_counter(), time.process_time()
    store = open_store(settings)
    try:
        export, size = run(store, settings)
    finally:
        store.close()
    out[phase] = {"total_s": time.perf_counter() - t, "cpu_s": time.process_time() - c,
                  "export_s": export, "size": size}
print(json.dumps(out))
""".replace("__REFERENCE__", REFERENCE).replace("__START__", PLAN_START)


def _child(what: str, data_dir: Path, plan: Path, src: Path | None = None) -> dict[str, Any]:
    from netmap.demo.plan import SCENARIO_FROM

    env = {
        **os.environ,
        "NETMAP_DATA_DIR": str(data_dir),
        "NETMAP_STORE": "embedded",
        "NETMAP_PSEUDONYM_KEY": "bench",
    }
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, what, str(plan), SCENARIO_FROM],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def prepare(root: Path, scale: float) -> tuple[Path, Path, dict[str, float]]:
    from netmap.config import Settings
    from netmap.demo import generate
    from netmap.demo.plan import SCENARIO_DIR
    from netmap.ingest.pipeline import run_import
    from netmap.store.embedded import EmbeddedStore

    figures: dict[str, float] = {}
    t = time.perf_counter()
    generate(root / "csv", scale=scale, plan_dir=root / SCENARIO_DIR)
    figures["generate_s"] = time.perf_counter() - t
    settings = Settings(data_dir=root / "store", store="embedded", pseudonym_key="bench")  # type: ignore[arg-type]
    store = EmbeddedStore(settings.embedded_path)
    store.init()
    try:
        t = time.perf_counter()
        run_import(root / "csv", store, settings=settings)
        figures["import_s"] = time.perf_counter() - t
    finally:
        store.close()
    return settings.data_dir, root / SCENARIO_DIR, figures


def _median(runs: list[dict[str, Any]], phase: str, key: str) -> float | None:
    values = [r[phase][key] for r in runs if r[phase][key] is not None]
    return statistics.median(values) if values else None


def measure(data_dir: Path, plan: Path, repeat: int, src: Path | None = None) -> dict[str, Any]:
    _child("full", data_dir, plan, src)  # warm-up: fills numba's disk cache; not timed
    out: dict[str, Any] = {}
    for what in ("full", "full_paused", "compare", "scenario"):
        runs = [_child(what, data_dir, plan, src) for _ in range(repeat)]
        out[what] = {
            phase: {
                "total_s": _median(runs, phase, "total_s"),
                "cpu_s": _median(runs, phase, "cpu_s"),
                "export_s": _median(runs, phase, "export_s"),
            }
            for phase in ("cold", "warm")
        }
        out[what]["imports_s"] = statistics.median(r["imports_s"] for r in runs)
        out[what]["size"] = runs[0]["cold"]["size"]
    for phase in ("cold", "warm"):
        for clock in ("total_s", "cpu_s"):
            full = out["full"][phase][clock]
            paused = out["full_paused"][phase][clock]
            out[f"ratios_{phase}" + ("_cpu" if clock == "cpu_s" else "")] = {
                "compare_over_full": out["compare"][phase][clock] / full,
                "scenario_over_full": out["scenario"][phase][clock] / full,
                "compare_over_full_gc_paused": out["compare"][phase][clock] / paused,
                "scenario_over_full_gc_paused": out["scenario"][phase][clock] / paused,
            }
    return out


def report(r: dict[str, Any]) -> None:
    p = print
    p(f"\n== compare and scenario, scale {r['scale']} (median of {r['repeat']} processes) ==")
    if "generate_s" in r:
        p(f"generate {r['generate_s']:.1f} s, import {r['import_s']:.1f} s")
    for what, label in (
        ("full", "full analysis (gaps+isolated+bridges+flows)"),
        ("full_paused", "  the same, garbage collector paused"),
        ("compare", f"compare {PLAN_START} -> {REFERENCE} (exact)"),
        ("scenario", "scenario (10 planned records)"),
    ):
        f = r[what]
        for phase in ("cold", "warm"):
            x = f[phase]
            export = f", graph export {x['export_s']:.2f} s" if x["export_s"] is not None else ""
            p(f"  {label:46s} {phase}: {x['total_s']:6.2f} s (CPU {x['cpu_s']:6.2f} s){export}")
    for phase in ("cold", "warm"):
        for suffix, clock in (("", "wall"), ("_cpu", "CPU")):
            ratios = r[f"ratios_{phase}{suffix}"]
            p(
                f"{phase} ({clock}): compare / full = {ratios['compare_over_full']:.2f}x "
                f"(target <= 2x), scenario / full = {ratios['scenario_over_full']:.2f}x "
                "(target <= 1.5x); against the full analysis with the collector paused too: "
                f"{ratios['compare_over_full_gc_paused']:.2f}x, "
                f"{ratios['scenario_over_full_gc_paused']:.2f}x"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--data-dir", type=Path, default=None, help="a folder prepared before")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", type=Path, default=RESULTS)
    ap.add_argument("--src", type=Path, default=None, help="time another checkout's src/")
    args = ap.parse_args(argv)
    r: dict[str, Any] = {"scale": args.scale, "repeat": args.repeat}
    if args.src is not None:
        r["src"] = str(args.src)
    with tempfile.TemporaryDirectory(prefix="netmap-bench-compare-") as tmp:
        if args.data_dir is None:
            data_dir, plan, prep = prepare(Path(tmp), args.scale)
            r.update(prep)
        else:
            from netmap.demo.plan import SCENARIO_DIR

            data_dir, plan = args.data_dir / "store", args.data_dir / SCENARIO_DIR
        r.update(measure(data_dir, plan, args.repeat, args.src))
    report(r)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(r, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
