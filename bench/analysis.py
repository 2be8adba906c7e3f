"""Analysis benchmark: the full analysis in its own process, reading an imported store.

    python bench/analysis.py [--scale 1] [--data-dir DIR] [--baseline REV]
                             [--betweenness] [--no-networkx] [--samples 100,500,1000]
                             [--json FILE]

Measurement protocol (each figure is named after what it measures):

1. **prepare** (this process): generates the synthetic demo at ``--scale`` (1 = a city:
   ~5k organisations, 99k nodes; 10 = ten cities) and imports it into an embedded store
   in ``--data-dir`` (kept: a later run with the same ``--data-dir`` reuses it and
   reports no generate/import figures): ``generate_s``, ``import_s``;
2. **analysis** (a new process per code version, nothing else in it): opens the store,
   exports the graph (``export_s``, and the process's RSS after it,
   ``rss_after_export_mb``), then runs the full analysis (gaps, isolated, bridges, flows,
   as ``netmap.service.analyses.run_analysis`` gives them to the CLI and the API) twice:
   ``cold_s`` (the first run in the process: imports, numba's cache load) and ``warm_s``
   (the second), per analysis and in all; ``peak_rss_mb`` is the process's peak, export
   included. It writes the results (canonical JSON) and their SHA-256 per analysis:
   equal hashes are equal results;
3. ``--baseline REV``: step 2 again with the code of git revision ``REV`` (a detached
   worktree in /tmp, its ``src`` first on ``PYTHONPATH``) on the same store in the same
   run, and the ratios current / baseline with whether the results are identical;
4. ``--betweenness`` (a new process): exact betweenness of the organisation graph the
   bridge analysis ranks on, by netmap's route (``netmap_exact_s``: numba's parallel
   Brandes when numba is installed), rustworkx (``rustworkx_s``), python-igraph (GPL,
   benchmark only; skipped when absent) and networkx (``--no-networkx`` skips it: hours
   at scale 10), their agreement, and networkx's k-sample approximation per
   ``--samples`` with its top-20 overlap (the route netmap does not take).

Targets (issue 17, scale 10): analysis process peak RSS <= 3 GB; full analysis time
<= 0.6x of the baseline's, same results; scale 20 completes within 6 GB. Nothing here is
a test: it prints figures (``--json FILE`` also writes them).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

AS_OF = "2026-12-01"
ROOT = Path(__file__).resolve().parents[1]

ANALYSIS = """
import hashlib, json, resource, sys, time
from pathlib import Path

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20

from netmap.config import Settings
from netmap.store.embedded import EmbeddedStore
from netmap.service import analyses

data_dir, as_of, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
settings = Settings(data_dir=data_dir, store="embedded", pseudonym_key="bench")
store = EmbeddedStore(settings.embedded_path)
t = time.perf_counter(); G = store.export_graph(); export_s = time.perf_counter() - t
store.close()
fig = {"export_s": export_s, "rss_after_export_mb": rss_mb(),
       "graph": {"nodes": G.number_of_nodes(), "relationships": G.number_of_edges()}}
results = {}
for run in ("cold", "warm"):
    times = {}
    for name in analyses.ANALYSES:
        t = time.perf_counter()
        results[name] = analyses.run_analysis(name, G, as_of=as_of)
        times[name] = time.perf_counter() - t
    times["full"] = sum(times.values())
    fig[run + "_s"] = times
sha = {}
for name, obj in results.items():
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    sha[name] = hashlib.sha256(text.encode()).hexdigest()
    Path(out_dir, name + ".json").write_text(text, encoding="utf-8")
fig["results_sha256"] = sha
fig["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(fig))
"""

BETWEENNESS = """
import json, sys, time
import networkx as nx
from netmap.analysis import organisation_graph
from netmap.analysis.bridges import betweenness
from netmap.analysis.projections import GraphIndex, resolve_as_of
from netmap.config import Settings
from netmap.store.embedded import EmbeddedStore

data_dir, as_of, with_nx, samples = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
store = EmbeddedStore(Settings(data_dir=data_dir, store="embedded").embedded_path)
G = store.export_graph(); store.close()
OG = organisation_graph(G, index=GraphIndex.build(G, as_of=resolve_as_of(as_of)))
del G
out = {"organisation_graph": {"nodes": OG.number_of_nodes(), "ties": OG.number_of_edges()}}
betweenness(OG)  # the first call of the numba route loads (or compiles) it
t = time.perf_counter(); exact, how = betweenness(OG)
out["netmap_exact_s"] = time.perf_counter() - t
out["method"] = how
t = time.perf_counter(); rx, _ = betweenness(OG, method="rustworkx")
out["rustworkx_s"] = time.perf_counter() - t
out["rustworkx_max_abs_diff"] = max(abs(rx[n] - exact[n]) for n in exact)
try:
    import igraph as ig
except ImportError:
    ig = None
if ig is not None:
    nodes = list(OG.nodes); index = {n: i for i, n in enumerate(nodes)}
    t = time.perf_counter()
    g = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in OG.edges])
    raw = g.betweenness(directed=False)
    out["igraph_s"] = time.perf_counter() - t
    n = len(nodes); scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    out["igraph_max_abs_diff"] = max(abs(raw[index[v]] * scale - exact[v]) for v in exact)

def top(values, k=20):
    return [n for n, _ in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]

if with_nx:
    t = time.perf_counter(); nxv = nx.betweenness_centrality(OG, normalized=True)
    out["networkx_s"] = time.perf_counter() - t
    out["networkx_max_abs_diff"] = max(abs(nxv[n] - exact[n]) for n in exact)
out["networkx_samples"] = []
for k in [int(k) for k in samples.split(",") if k.strip()]:
    if k >= OG.number_of_nodes():
        continue
    t = time.perf_counter(); approx = nx.betweenness_centrality(OG, k=k, normalized=True, seed=0)
    s = time.perf_counter() - t
    overlap = len(set(top(exact)) & set(top(approx))) / 20
    out["networkx_samples"].append({"k": k, "seconds": s, "top20_overlap": overlap})
print(json.dumps(out))
"""


def _child(code: str, args: list[str], pythonpath: Path | None = None) -> dict[str, Any]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = f"{pythonpath}{os.pathsep}{env.get('PYTHONPATH', '')}"
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def prepare(data_dir: Path, scale: float) -> dict[str, float]:
    """Generate and import the demo into ``data_dir`` unless it already holds a store."""
    from netmap.config import Settings
    from netmap.demo import generate
    from netmap.ingest.pipeline import run_import
    from netmap.store.embedded import EmbeddedStore

    settings = Settings(data_dir=data_dir, store="embedded", pseudonym_key="bench")  # type: ignore[arg-type]
    if settings.embedded_path.exists():
        return {}
    figures: dict[str, float] = {}
    t = time.perf_counter()
    generate(data_dir / "csv", scale=scale)
    figures["generate_s"] = time.perf_counter() - t
    store = EmbeddedStore(settings.embedded_path)
    store.init()
    t = time.perf_counter()
    run_import(data_dir / "csv", store, settings=settings)
    figures["import_s"] = time.perf_counter() - t
    store.close()
    return figures


def baseline_src(rev: str) -> Path:
    """The ``src`` folder of a detached worktree at ``rev`` (made once per revision)."""
    sha = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", rev],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    tree = Path(f"/tmp/netmap-baseline-{sha}")
    if not tree.exists():
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), sha],
            check=True,
            capture_output=True,
        )
        prime = (  # numba's disk cache of the new tree: a one-off, not a cold run's cost
            "import networkx as nx; from netmap.analysis.bridges import betweenness; "
            "betweenness(nx.relabel_nodes(nx.path_graph(5), str))"
        )
        subprocess.run(
            [sys.executable, "-c", prime],
            env={**os.environ, "PYTHONPATH": str(tree / "src")},
            check=True,
            capture_output=True,
        )
    return tree / "src"


def analysis(data_dir: Path, out_dir: Path, src: Path | None = None) -> dict[str, Any]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return _child(ANALYSIS, [str(data_dir), AS_OF, str(out_dir)], pythonpath=src)


def report(r: dict[str, Any]) -> None:
    p = print
    cur = r["current"]
    g = cur["graph"]
    p(f"\n== scale {r['scale']}: {g['nodes']:,} nodes, {g['relationships']:,} relationships ==")
    if "generate_s" in r:
        p(f"generate {r['generate_s']:.1f} s, import {r['import_s']:.1f} s (this run)")
    for label, fig in [
        ("current", cur),
        *([("baseline", r["baseline"])] if "baseline" in r else []),
    ]:
        c, w = fig["cold_s"], fig["warm_s"]
        p(
            f"{label:8s} export {fig['export_s']:.1f} s (RSS after {fig['rss_after_export_mb']:.0f}"
            f" MB); full analysis cold {c['full']:.1f} s, warm {w['full']:.1f} s "
            f"(warm: gaps {w['gaps']:.1f}, isolated {w['isolated']:.1f}, bridges "
            f"{w['bridges']:.1f}, flows {w['flows']:.1f}); peak RSS {fig['peak_rss_mb']:.0f} MB"
        )
    if "baseline" in r:
        b = r["baseline"]
        same = cur["results_sha256"] == b["results_sha256"]
        p(
            f"current / baseline ({r['baseline_rev']}): cold "
            f"{cur['cold_s']['full'] / b['cold_s']['full']:.2f}x, "
            f"warm {cur['warm_s']['full'] / b['warm_s']['full']:.2f}x (target <= 0.6x), "
            f"peak RSS {cur['peak_rss_mb'] / b['peak_rss_mb']:.2f}x; same results: {same}"
        )
    p(f"analysis process peak RSS {cur['peak_rss_mb']:.0f} MB (target at scale 10 <= 3072 MB)")
    if "betweenness" in r:
        b = r["betweenness"]
        og = b["organisation_graph"]
        p(f"organisation graph: {og['nodes']:,} organisations, {og['ties']:,} ties")
        p(
            f"exact betweenness: netmap {b['netmap_exact_s']:.2f} s ({b['method']}), rustworkx "
            f"{b['rustworkx_s']:.2f} s (max |diff| {b['rustworkx_max_abs_diff']:.1e})"
        )
        if "igraph_s" in b:
            p(
                f"  igraph {b['igraph_s']:.2f} s (max |diff| {b['igraph_max_abs_diff']:.1e}); "
                f"netmap / igraph = {b['netmap_exact_s'] / b['igraph_s']:.2f}x"
            )
        if "networkx_s" in b:
            p(
                f"  networkx {b['networkx_s']:.2f} s "
                f"(max |diff| {b['networkx_max_abs_diff']:.1e}); "
                f"networkx / netmap = {b['networkx_s'] / b['netmap_exact_s']:.1f}x"
            )
        for s in b["networkx_samples"]:
            p(
                f"  networkx k={s['k']} sample: {s['seconds']:.2f} s, "
                f"top-20 overlap {s['top20_overlap']:.2f}"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--data-dir", type=Path, default=None, help="store to make or reuse")
    ap.add_argument("--baseline", default=None, help="git revision to compare with")
    ap.add_argument("--betweenness", action="store_true", help="compare betweenness routes")
    ap.add_argument("--samples", default="100,500,1000", help="networkx k values ('' for none)")
    ap.add_argument("--no-networkx", action="store_true", help="skip exact networkx")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    data_dir = args.data_dir or Path(f"/tmp/netmap-bench-analysis-{args.scale:g}")
    r: dict[str, Any] = {"scale": args.scale, "as_of": AS_OF}
    r.update(prepare(data_dir, args.scale))
    results = data_dir.parent / f"{data_dir.name}-results"
    r["current"] = analysis(data_dir, results / "current")
    if args.baseline:
        r["baseline_rev"] = args.baseline
        r["baseline"] = analysis(data_dir, results / "baseline", baseline_src(args.baseline))
        r["same_results"] = r["current"]["results_sha256"] == r["baseline"]["results_sha256"]
    if args.betweenness:
        flag = "0" if args.no_networkx else "1"
        r["betweenness"] = _child(BETWEENNESS, [str(data_dir), AS_OF, flag, args.samples])
    report(r)
    print(f"results (canonical JSON per analysis) in {results}")
    if args.json:
        args.json.write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
