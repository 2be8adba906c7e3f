"""Hostile uploads against a running API server: time to the answer and the server's memory.

    python bench/limits.py [--scale 1] [--json bench/results/limits.json]

1. generates the synthetic demo at ``--scale`` (1 = a city) and imports it into a fresh
   embedded store (the server then holds a realistic amount of data);
2. starts ``netmap serve`` in a separate process on a free loopback port and warms it (an
   analyst's gap query, so the graph is loaded as on a server in use);
3. builds the hostile zips of issue 13 in memory:

   * ``x-rows bomb``: ``areas.csv`` with the header ``id,name,level,parent_id`` and 10 MB of
     ``x,x,x,x`` rows (a ~15 KB zip; it used to take 112 s, 4.3 GB and answer with
     2,621,440 problems);
   * ``zeros bomb``: 300 MB of zero bytes (a ~300 KB zip; used to take 11 s and 2.6 GB);

   and, for the record, a zip whose central directory falsifies the size of its member
   (used to be a 500) and a 45 MB upload without a token (used to be read whole before
   the 401);
4. posts each as an admin (the last without a token) and prints the status code, the
   seconds to the answer, the server's resident memory before the request and its peak
   during it (``VmRSS`` sampled every 20 ms; ``VmHWM`` after), and whether it is within
   the targets: rejected (4xx) within 10 s, RSS grown by at most 300 MB;
5. writes the figures to ``bench/results/limits.json`` (``--json``).

Nothing here is a test: it prints figures (exit code 1 when a target is missed).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JSON = ROOT / "bench" / "results" / "limits.json"
MB = 1024 * 1024
TARGET_SECONDS = 10.0  # each hostile upload rejected within this
TARGET_RSS_GROWTH_MB = 300.0  # the server's resident memory grows by at most this


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _status_mb(pid: int, field: str) -> float:
    """``VmRSS`` / ``VmHWM`` of a process (Linux), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class RssSampler:
    """The highest ``VmRSS`` of ``pid`` while the ``with`` block runs (every 20 ms)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _status_mb(self.pid, "VmRSS"))
            self._stop.wait(0.02)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _status_mb(self.pid, "VmRSS"))


# --------------------------------------------------------------------------- hostile zips


def _zip(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(name, data)
    return buf.getvalue()


def x_rows_bomb() -> bytes:
    """10 MB of ``x,x,x,x`` rows under the header of areas.csv."""
    return _zip("areas.csv", b"id,name,level,parent_id\n" + b"x,x,x,x\n" * (10 * MB // 8))


def zeros_bomb() -> bytes:
    """300 MB of zero bytes as areas.csv."""
    return _zip("areas.csv", b"\x00" * (300 * MB))


def falsified_sizes() -> bytes:
    """A real areas.csv (50,000 rows) whose central directory claims 100 bytes."""
    data = b"id,name,level,parent_id\n" + b"".join(b"a%d,n,city,\n" % i for i in range(50_000))
    out = bytearray(_zip("areas.csv", data))
    i = out.find(b"PK\x01\x02")
    out[i + 24 : i + 28] = struct.pack("<I", 100)
    return bytes(out)


def unauthenticated_body(total: int) -> Iterator[bytes]:
    yield b'--bench\r\nContent-Disposition: form-data; name="file"; filename="big.zip"\r\n\r\n'
    sent = 0
    while sent < total:
        n = min(MB, total - sent)
        sent += n
        yield b"z" * n
    yield b"\r\n--bench--\r\n"


# --------------------------------------------------------------------------- the server


def prepare(data_dir: Path, scale: float) -> dict[str, Any]:
    from netmap.auth import Role, token_store
    from netmap.config import Settings
    from netmap.demo import generate
    from netmap.ingest.pipeline import run_import
    from netmap.store.embedded import EmbeddedStore

    settings = Settings(data_dir=data_dir, store="embedded")
    csv_dir = data_dir / "csv"
    t0 = time.perf_counter()
    generate(csv_dir, scale=scale)
    store = EmbeddedStore(settings.embedded_path)
    try:
        report = run_import(csv_dir, store, settings=settings)
        counts = store.counts().as_dict()
    finally:
        store.close()
    shutil.rmtree(csv_dir, ignore_errors=True)
    tokens = token_store(settings)
    return {
        "prepare_s": time.perf_counter() - t0,
        "rows": sum(f.rows for f in report.files),
        "nodes": sum(counts["nodes"].values()),
        "relationships": sum(counts["relationships"].values()),
        "settings": {
            "max_upload_mb": settings.max_upload_mb,
            "max_expanded_mb": settings.max_expanded_mb,
            "max_rows_per_file": settings.max_rows_per_file,
        },
        "admin": tokens.create(Role.ADMIN, name="bench-limits")[1],
    }


def start_server(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "NETMAP_DATA_DIR": str(data_dir),
        "NETMAP_STORE": "embedded",
        "NETMAP_API_RATE_PER_MINUTE": "0",
    }
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


def wait_ready(base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/ready", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not become ready")


def post_case(
    client: httpx.Client, pid: int, name: str, content: bytes, token: str | None
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    before = _status_mb(pid, "VmRSS")
    with RssSampler(pid) as rss:
        t = time.perf_counter()
        r = client.post(
            "/api/v1/import",
            files={"file": (f"{name}.zip", content, "application/zip")},
            headers=headers,
        )
        seconds = time.perf_counter() - t
    body = r.json()
    return {
        "upload_bytes": len(content),
        "status": r.status_code,
        "seconds": round(seconds, 3),
        "rss_before_mb": round(before, 1),
        "rss_peak_mb": round(rss.peak, 1),
        "rss_growth_mb": round(rss.peak - before, 1),
        "hwm_after_mb": round(_status_mb(pid, "VmHWM"), 1),
        "response_bytes": len(r.content),
        "problems_listed": len(body.get("problems") or []),
        "problem_count": body.get("problem_count"),
        "problem_count_exact": body.get("problem_count_exact"),
        "error": str(body.get("error", ""))[:300],
    }


def post_unauthenticated(client: httpx.Client, pid: int, total: int) -> dict[str, Any]:
    before = _status_mb(pid, "VmRSS")
    sent = 0

    def counted() -> Iterator[bytes]:
        nonlocal sent
        for chunk in unauthenticated_body(total):
            sent += len(chunk)
            yield chunk

    with RssSampler(pid) as rss:
        t = time.perf_counter()
        try:
            r = client.post(
                "/api/v1/import",
                content=counted(),
                headers={"Content-Type": "multipart/form-data; boundary=bench"},
            )
            status: int | str = r.status_code
        except httpx.HTTPError as exc:  # the server may close the connection after its 401
            status = f"{type(exc).__name__}"
        seconds = time.perf_counter() - t
    return {
        "upload_bytes": total,
        "status": status,
        "seconds": round(seconds, 3),
        "client_sent_bytes": sent,
        "rss_before_mb": round(before, 1),
        "rss_peak_mb": round(rss.peak, 1),
        "rss_growth_mb": round(rss.peak - before, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the figures")
    args = ap.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="netmap-bench-limits-"))
    server: subprocess.Popen[bytes] | None = None
    cases: dict[str, dict[str, Any]] = {}
    try:
        print(f"preparing the scale-{args.scale:g} demo in {data_dir} ...", flush=True)
        info = prepare(data_dir, args.scale)
        print(
            f"  {info['rows']} rows imported in {info['prepare_s']:.1f} s: {info['nodes']} "
            f"nodes, {info['relationships']} relationships",
            flush=True,
        )
        print("building the hostile zips ...", flush=True)
        hostile = {
            "x_rows_bomb": x_rows_bomb(),
            "zeros_bomb": zeros_bomb(),
            "falsified_sizes": falsified_sizes(),
        }
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(data_dir, port)
        wait_ready(base)
        headers = {"Authorization": f"Bearer {info['admin']}"}
        with httpx.Client(base_url=base, timeout=600) as client:
            warm = client.get("/api/v1/analyses/gaps", headers=headers)
            if warm.status_code != 200:
                raise SystemExit(f"warm-up failed: HTTP {warm.status_code}")
            idle = _status_mb(server.pid, "VmRSS")
            print(f"server warm: RSS {idle:.0f} MB", flush=True)
            for name, content in hostile.items():
                cases[name] = post_case(client, server.pid, name, content, info["admin"])
            cases["unauthenticated_45mb"] = post_unauthenticated(client, server.pid, 45 * MB)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)

    for name in ("x_rows_bomb", "zeros_bomb"):
        c = cases[name]
        c["within_target"] = (
            400 <= c["status"] < 500
            and c["seconds"] <= TARGET_SECONDS
            and c["rss_growth_mb"] <= TARGET_RSS_GROWTH_MB
        )
    print()
    print(
        f"{'case':22s} {'upload':>10s} {'status':>6s} {'seconds':>8s} {'RSS before':>11s} "
        f"{'RSS peak':>9s} {'growth':>7s}  target"
    )
    for name, c in cases.items():
        verdict = c.get("within_target")
        target = "-" if verdict is None else ("ok" if verdict else "MISSED")
        print(
            f"{name:22s} {c['upload_bytes'] / 1024:8.0f}KB {c['status']!s:>6s} "
            f"{c['seconds']:8.2f} {c['rss_before_mb']:9.0f}MB {c['rss_peak_mb']:7.0f}MB "
            f"{c['rss_growth_mb']:5.0f}MB  {target}"
        )
    for name, c in cases.items():
        if "error" in c:
            print(f"  {name}: {c['error']}")
    unauth = cases["unauthenticated_45mb"]
    print(f"  unauthenticated_45mb: client sent {unauth['client_sent_bytes'] / MB:.1f} MB")
    print(
        f"targets: rejected within {TARGET_SECONDS:g} s, RSS growth at most "
        f"{TARGET_RSS_GROWTH_MB:g} MB (the two bombs)"
    )

    figures = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "scale": args.scale,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "server": {
            "demo_rows": info["rows"],
            "nodes": info["nodes"],
            "relationships": info["relationships"],
            "warm_rss_mb": round(idle, 1),
            "settings": info["settings"],
        },
        "targets": {"seconds": TARGET_SECONDS, "rss_growth_mb": TARGET_RSS_GROWTH_MB},
        "memory": "rss_before_mb = VmRSS of the server just before the request; rss_peak_mb = "
        "highest VmRSS sampled every 20 ms during it; hwm_after_mb = VmHWM (the process's "
        "peak since start) after it",
        "cases": cases,
    }
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {args.json}")
    if not all(cases[n]["within_target"] for n in ("x_rows_bomb", "zeros_bomb")):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
