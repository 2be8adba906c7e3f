"""Bounded load on the API over loopback: requests/s, latency percentiles, errors, and the
cold vs warm cost of a gap query.

    python bench/api.py [--scale 1] [--clients 20] [--seconds 30] [--wards 3]

1. generates the synthetic demo at ``--scale`` (1 = a city: ~5k organisations, 30k
   residents, 60k referrals) and imports it into a fresh embedded store;
2. starts ``netmap serve`` in a separate process on a free loopback port;
3. measures a city-wide gap query cold (first request after start: graph export plus the
   analysis), cold on a loaded graph (new parameters), and warm (cached), and a ward map
   cold and warm;
4. runs ``--clients`` concurrent clients for ``--seconds`` seconds, each alternating a
   viewer's gap query and map for one of ``--wards`` wards (the issue's load: gaps and a
   map), and prints requests/s, p50/p95/p99 per endpoint and the error count (must be 0).

Nothing here is a test: it prints figures (and ``--json FILE`` writes them).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def _peak_rss_mb(pid: int) -> float:
    """The server process's peak resident memory (Linux), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def prepare(data_dir: Path, scale: float, csv_dir: Path | None) -> dict[str, Any]:
    from netmap.auth import Role, token_store
    from netmap.config import Settings
    from netmap.demo import generate
    from netmap.ingest.pipeline import run_import
    from netmap.store.embedded import EmbeddedStore

    settings = Settings(data_dir=data_dir, store="embedded")
    t0 = time.perf_counter()
    if csv_dir is None:
        csv_dir = data_dir / "csv"
        generate(csv_dir, scale=scale)
    t1 = time.perf_counter()
    store = EmbeddedStore(settings.embedded_path)
    try:
        run_import(csv_dir, store, settings=settings)
        counts = store.counts().as_dict()
        G = store.export_graph()
    finally:
        store.close()
    t2 = time.perf_counter()
    wards = sorted(
        n for n, d in G.nodes(data=True) if d.get("label") == "Area" and d.get("level") == "ward"
    )
    tokens = token_store(settings)
    return {
        "generate_s": t1 - t0,
        "import_s": t2 - t1,
        "counts": counts,
        "wards": wards,
        "viewer": tokens.create(Role.VIEWER, name="bench")[1],
        "analyst": tokens.create(Role.ANALYST, name="bench")[1],
    }


def start_server(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NETMAP_DATA_DIR": str(data_dir), "NETMAP_STORE": "embedded"}
    cmd = [
        sys.executable,
        "-c",
        "from netmap.cli import main; main()",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(cmd, env=env)


def wait_ready(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/ready", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not become ready")


def timed_get(client: httpx.Client, url: str, token: str, **params: Any) -> tuple[float, int]:
    t = time.perf_counter()
    r = client.get(url, params=params, headers={"Authorization": f"Bearer {token}"})
    r.read()
    return time.perf_counter() - t, r.status_code


def cold_warm(base: str, info: dict[str, Any], ward: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with httpx.Client(base_url=base, timeout=600) as c:
        out["gaps_cold_first_s"], s1 = timed_get(c, "/api/v1/analyses/gaps", info["analyst"])
        warm = [timed_get(c, "/api/v1/analyses/gaps", info["analyst"])[0] for _ in range(20)]
        out["gaps_warm_s"] = statistics.median(warm)
        out["gaps_cold_loaded_graph_s"], s2 = timed_get(
            c, "/api/v1/analyses/gaps", info["analyst"], ratio=9.5
        )
        out["gaps_cold_ratio"] = out["gaps_cold_first_s"] / out["gaps_warm_s"]
        out["gaps_cold_loaded_ratio"] = out["gaps_cold_loaded_graph_s"] / out["gaps_warm_s"]
        out["map_cold_s"], s3 = timed_get(c, f"/api/v1/maps/{ward}", info["viewer"])
        out["map_warm_s"] = statistics.median(
            timed_get(c, f"/api/v1/maps/{ward}", info["viewer"])[0] for _ in range(5)
        )
        r = c.get(f"/api/v1/maps/{ward}", headers={"Authorization": f"Bearer {info['viewer']}"})
        out["map_bytes"] = len(r.content)
        if {s1, s2, s3} != {200}:
            raise SystemExit(f"unexpected status in the cold/warm phase: {s1} {s2} {s3}")
    return out


async def load(
    base: str, info: dict[str, Any], wards: list[str], clients: int, seconds: float
) -> dict[str, Any]:
    lat: dict[str, list[float]] = {"gaps": [], "map": []}
    errors: list[str] = []
    headers = {"Authorization": f"Bearer {info['viewer']}"}
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def worker(i: int, client: httpx.AsyncClient) -> None:
        n = i
        while time.monotonic() < deadline:
            ward = wards[n % len(wards)]
            kind = "gaps" if n % 2 == 0 else "map"
            url = f"/api/v1/analyses/gaps?area={ward}" if kind == "gaps" else f"/api/v1/maps/{ward}"
            t = time.perf_counter()
            try:
                r = await client.get(url, headers=headers)
                await r.aread()
                if r.status_code != 200:
                    errors.append(f"{url}: HTTP {r.status_code}")
            except httpx.HTTPError as exc:
                errors.append(f"{url}: {type(exc).__name__}: {exc}")
            lat[kind].append(time.perf_counter() - t)
            n += 1

    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(i, client) for i in range(clients)))
        elapsed = time.perf_counter() - t0
    total = sum(len(v) for v in lat.values())
    return {
        "clients": clients,
        "seconds": elapsed,
        "requests": total,
        "requests_per_s": total / elapsed,
        "errors": len(errors),
        "error_samples": errors[:5],
        **{
            f"{k}_{name}_ms": 1000 * _pct(v, q)
            for k, v in lat.items()
            for name, q in (("p50", 50), ("p95", 95), ("p99", 99))
        },
        **{f"{k}_requests": len(v) for k, v in lat.items()},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--wards", type=int, default=3, help="wards the load spreads over")
    ap.add_argument("--csv", type=Path, help="an existing demo CSV folder (skip generating)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="netmap-bench-api-"))
    server: subprocess.Popen[bytes] | None = None
    try:
        print(f"preparing scale-{args.scale:g} demo data in {data_dir} ...", flush=True)
        info = prepare(data_dir, args.scale, args.csv)
        print(
            f"  generated in {info['generate_s']:.1f} s, imported in {info['import_s']:.1f} s; "
            f"{sum(info['counts']['nodes'].values())} nodes, "
            f"{sum(info['counts']['relationships'].values())} relationships",
            flush=True,
        )
        wards = info["wards"][: max(1, args.wards)]
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(data_dir, port)
        wait_ready(base)
        print("cold vs warm ...", flush=True)
        cw = cold_warm(base, info, wards[0])
        with httpx.Client(base_url=base, timeout=600) as c:  # warm what the load asks for
            for w in wards:
                timed_get(c, "/api/v1/analyses/gaps", info["viewer"], area=w)
                timed_get(c, f"/api/v1/maps/{w}", info["viewer"])
        print(f"load: {args.clients} clients for {args.seconds:g} s ...", flush=True)
        ld = asyncio.run(load(base, info, wards, args.clients, args.seconds))
        ld["server_peak_rss_mb"] = _peak_rss_mb(server.pid)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)

    figures = {"scale": args.scale, "wards": wards, **cw, **ld}
    print()
    print(
        f"gap query, city-wide (analyst): cold first {cw['gaps_cold_first_s'] * 1000:.0f} ms "
        f"(graph export + analysis), cold on a loaded graph "
        f"{cw['gaps_cold_loaded_graph_s'] * 1000:.0f} ms, warm {cw['gaps_warm_s'] * 1000:.1f} ms"
        f" -> cold/warm {cw['gaps_cold_ratio']:.0f}x (loaded graph: "
        f"{cw['gaps_cold_loaded_ratio']:.0f}x)"
    )
    print(
        f"ward map ({wards[0]}): cold {cw['map_cold_s'] * 1000:.0f} ms, warm "
        f"{cw['map_warm_s'] * 1000:.1f} ms, {cw['map_bytes'] / 1e6:.2f} MB"
    )
    print(
        f"load: {ld['requests']} requests in {ld['seconds']:.1f} s = "
        f"{ld['requests_per_s']:.0f} req/s with {ld['clients']} clients; errors {ld['errors']}"
    )
    for k in ("gaps", "map"):
        print(
            f"  {k:5s} n={ld[f'{k}_requests']:6d}  p50 {ld[f'{k}_p50_ms']:.1f} ms  "
            f"p95 {ld[f'{k}_p95_ms']:.1f} ms  p99 {ld[f'{k}_p99_ms']:.1f} ms"
        )
    print(f"server peak RSS: {ld['server_peak_rss_mb']:.0f} MB")
    if ld["errors"]:
        print("  error samples:", *ld["error_samples"], sep="\n    ")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    if ld["errors"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
