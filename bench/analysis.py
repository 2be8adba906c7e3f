"""Analysis benchmark: time and peak memory of the four analyses on the synthetic city, and
how bridge betweenness compares with exact networkx and python-igraph on the same graph.

    python bench/analysis.py [--scale 1] [--repeat 3] [--samples 100,500,1000]
                             [--no-networkx] [--json FILE]

1. generates the synthetic demo at ``--scale`` (1 = a city: ~5k organisations, 30k
   residents, 60k referrals; 10 = ten cities) and imports it into a fresh embedded store,
   then exports the graph (each step timed);
2. runs each analysis as the CLI/API do (``netmap.service.analyses``, JSON contract) on the
   whole graph ``--repeat`` times and prints the median, and the full analysis (all four);
3. builds the organisation graph of the bridge analysis and times exact betweenness on it:
   netmap's route (numba-compiled Brandes when numba is installed, else rustworkx),
   rustworkx, python-igraph (GPL, installed for the benchmark only; skipped when absent)
   and networkx (skipped with ``--no-networkx``; hours at scale 10), checking that they
   agree to 1e-9 (the first call of the numba route compiles it: warmed up before timing);
4. times networkx's k-sample approximation for each ``--samples`` k and its top-20 overlap
   with the exact top 20 (the route netmap does *not* take, for comparison);
5. prints the top-20 overlap of the bridge ranking against the ranking computed with exact
   networkx betweenness, ratios against the targets of issue 3, and peak RSS.

Nothing here is a test: it prints figures (``--json FILE`` also writes them).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

AS_OF = "2026-12-01"


def _median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    result: Any = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _top(values: dict[str, float], n: int = 20) -> list[str]:
    return [k for k, _ in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _overlap(a: list[str], b: list[str]) -> float:
    return len(set(a) & set(b)) / max(len(a), 1)


def prepare(root: Path, scale: float) -> tuple[Any, dict[str, float]]:
    from netmap.config import Settings
    from netmap.demo import generate
    from netmap.ingest.pipeline import run_import
    from netmap.store.embedded import EmbeddedStore

    figures: dict[str, float] = {}
    t = time.perf_counter()
    generate(root / "csv", scale=scale)
    figures["generate_s"] = time.perf_counter() - t
    settings = Settings(data_dir=root, store="embedded", pseudonym_key="bench")  # type: ignore[arg-type]
    store = EmbeddedStore(settings.embedded_path)
    store.init()
    t = time.perf_counter()
    run_import(root / "csv", store, settings=settings)
    figures["import_s"] = time.perf_counter() - t
    t = time.perf_counter()
    G = store.export_graph()
    figures["export_s"] = time.perf_counter() - t
    store.close()
    return G, figures


def igraph_betweenness(OG: Any) -> dict[str, float] | None:
    try:
        import igraph as ig  # type: ignore[import-untyped]
    except ImportError:
        return None
    nodes = list(OG.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in OG.edges])
    raw = g.betweenness(directed=False)
    n = len(nodes)
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0  # networkx's normalisation
    return {v: raw[i] * scale for v, i in index.items()}


def run(
    scale: float, repeat: int, samples: list[int], with_nx: bool, with_rx: bool = True
) -> dict[str, Any]:
    import networkx as nx

    from netmap.analysis import organisation_graph
    from netmap.analysis.bridges import betweenness, rank_bridges
    from netmap.analysis.projections import GraphIndex, resolve_as_of
    from netmap.service import analyses

    out: dict[str, Any] = {"scale": scale, "repeat": repeat}
    with tempfile.TemporaryDirectory(prefix="netmap-bench-analysis-") as tmp:
        G, prep = prepare(Path(tmp), scale)
    out.update(prep)
    out["graph"] = {"nodes": G.number_of_nodes(), "relationships": G.number_of_edges()}

    times: dict[str, float] = {}

    def one(name: str) -> Callable[[], Any]:
        return lambda: analyses.run_analysis(name, G, as_of=AS_OF)

    for name in analyses.ANALYSES:
        times[name], _ = _median_time(one(name), repeat)
    times["full"] = sum(times[n] for n in analyses.ANALYSES)
    out["analysis_s"] = times

    ix = GraphIndex.build(G, as_of=resolve_as_of(AS_OF))
    OG = organisation_graph(G, index=ix)
    out["organisation_graph"] = {"nodes": OG.number_of_nodes(), "ties": OG.number_of_edges()}
    btw: dict[str, Any] = {}
    btw["rustworkx_s"], (exact, how) = _median_time(lambda: betweenness(OG), repeat)
    btw["method"] = how
    if with_rx:
        btw["rustworkx_only_s"], _ = _median_time(lambda: betweenness(OG, method="rustworkx"), 1)
    t = time.perf_counter()
    ig_vals = igraph_betweenness(OG)
    if ig_vals is not None:
        btw["igraph_s"] = time.perf_counter() - t
        btw["igraph_max_abs_diff"] = max(abs(ig_vals[n] - exact[n]) for n in exact)
    if with_nx:
        t = time.perf_counter()
        nx_vals = nx.betweenness_centrality(OG, normalized=True)
        btw["networkx_s"] = time.perf_counter() - t
        btw["networkx_max_abs_diff"] = max(abs(nx_vals[n] - exact[n]) for n in exact)
        t = time.perf_counter()
        rep_nx = rank_bridges(G, as_of=AS_OF, method="networkx")
        btw["rank_bridges_networkx_s"] = time.perf_counter() - t
    exact_top = _top(exact)
    sampled = []
    for k in samples:
        if k >= OG.number_of_nodes():
            continue
        t = time.perf_counter()
        approx = nx.betweenness_centrality(OG, k=k, normalized=True, seed=0)
        sampled.append(
            {
                "k": k,
                "seconds": time.perf_counter() - t,
                "top20_overlap": _overlap(exact_top, _top(approx)),
            }
        )
    btw["networkx_samples"] = sampled
    out["betweenness"] = btw

    out["rank_bridges_s"], rep = _median_time(lambda: rank_bridges(G, as_of=AS_OF), repeat)
    ours = [b.organisation_id for b in rep.bridges[:20]]
    if with_nx:
        out["bridge_top20_overlap_vs_networkx"] = _overlap(
            [b.organisation_id for b in rep_nx.bridges[:20]], ours
        )
    out["peak_rss_mb"] = _rss_mb()
    return out


def report(r: dict[str, Any]) -> None:
    p = print
    b = r["betweenness"]
    p(
        f"\n== scale {r['scale']}: {r['graph']['nodes']:,} nodes, "
        f"{r['graph']['relationships']:,} relationships =="
    )
    p(
        f"generate {r['generate_s']:.1f} s, import {r['import_s']:.1f} s, "
        f"export {r['export_s']:.1f} s"
    )
    a = r["analysis_s"]
    p(
        f"analyses (median of {r['repeat']}): gaps {a['gaps']:.2f} s, isolated "
        f"{a['isolated']:.2f} s, bridges {a['bridges']:.2f} s, flows {a['flows']:.2f} s; "
        f"full analysis {a['full']:.2f} s"
    )
    og = r["organisation_graph"]
    p(f"organisation graph: {og['nodes']:,} organisations, {og['ties']:,} ties")
    p(
        f"betweenness, exact: netmap {b['rustworkx_s']:.2f} s ({b['method']})"
        + (f"; rustworkx {b['rustworkx_only_s']:.2f} s" if "rustworkx_only_s" in b else "")
    )
    if "igraph_s" in b:
        p(
            f"                    igraph    {b['igraph_s']:.2f} s (max |diff| "
            f"{b['igraph_max_abs_diff']:.1e}); netmap / igraph = "
            f"{b['rustworkx_s'] / b['igraph_s']:.2f}x (target <= 1.2x)"
        )
        p(
            f"  whole bridge analysis (median) {r['rank_bridges_s']:.2f} s = "
            f"{r['rank_bridges_s'] / b['igraph_s']:.2f}x igraph's betweenness alone"
        )
    if "networkx_s" in b:
        p(
            f"                    networkx  {b['networkx_s']:.2f} s (max |diff| "
            f"{b['networkx_max_abs_diff']:.1e}); networkx / netmap = "
            f"{b['networkx_s'] / b['rustworkx_s']:.1f}x (target >= 10x)"
        )
        p(
            f"  bridge analysis: with networkx {b['rank_bridges_networkx_s']:.1f} s, netmap "
            f"{r['rank_bridges_s']:.1f} s = "
            f"{b['rank_bridges_networkx_s'] / r['rank_bridges_s']:.1f}x faster"
        )
        p(
            f"  bridge ranking top-20 overlap with the exact-networkx ranking: "
            f"{r['bridge_top20_overlap_vs_networkx']:.2f} (target >= 0.9)"
        )
    for s in b["networkx_samples"]:
        p(
            f"  networkx k={s['k']} sample: {s['seconds']:.2f} s, top-20 overlap "
            f"{s['top20_overlap']:.2f}"
        )
    p(f"peak RSS {r['peak_rss_mb']:.0f} MB (target at scale 10 <= 4096 MB)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--samples", default="100,500,1000", help="networkx k values ('' for none)")
    ap.add_argument("--no-networkx", action="store_true", help="skip exact networkx")
    ap.add_argument("--no-rustworkx", action="store_true", help="skip timing rustworkx")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    samples = [int(k) for k in args.samples.split(",") if k.strip()]
    r = run(args.scale, args.repeat, samples, not args.no_networkx, not args.no_rustworkx)
    report(r)
    if args.json:
        args.json.write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
