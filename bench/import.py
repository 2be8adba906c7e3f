"""Import benchmark: `netmap import` of the synthetic city against a one-transaction-per-row
baseline and against Neo4j's LOAD CSV, in the same run, for Neo4j and the embedded store.

    python bench/import.py [--scale 1] [--sample 5000] [--store neo4j|embedded|both]
                           [--json FILE] [--import-dir DIR]

1. generates the synthetic demo at ``--scale`` (1 = a city: ~5k organisations, 1.5k
   activities, 30k residents, 60k referrals) into a temporary folder (timed on its own);
2. cuts a consistent ``--sample``-row subset of it: the rows of the first wards (in
   ``areas.csv`` order) whose references all resolve inside the subset, the largest
   files (residents, participations, referrals) trimmed to their first rows to hit the
   size (dangling rows dropped again);
3. runs each measured mode in its own child process (a fresh interpreter, as a
   ``netmap import`` would be) and reports that process's peak RSS (``VmHWM``; the
   idle interpreter with netmap imported is ``base MB``). For the Neo4j modes the server's
   resident memory is sampled too (``/proc/<pid>/status`` every 0.25 s; the JVM's heap is
   fixed, so this is mostly its configured size):

   * ``neo4j import``: wipe (untimed), then :func:`netmap.ingest.pipeline.run_import` of the
     whole folder (the path of ``netmap import``: read, validate, transform, write);
   * ``neo4j per-row``: wipe, then the same ``prepare_import`` (read, validate, transform)
     of the sample and one transaction per CSV row (``session.execute_write``) running the
     same ``cypher/write/`` files with single-row lists: the node, its owned relationships
     deleted, its relationships written (one query per type); a membership, partnership
     or participation row writes its one relationship;
   * ``neo4j LOAD CSV``: wipe, copy the CSV files into the server's import directory
     (timed apart, not counted), then ``cypher/bench/load_csv.cypher`` (one auto-commit
     ``LOAD CSV ... CALL { } IN TRANSACTIONS OF 10000 ROWS`` per file, constraints in
     place); the resulting counts are checked against the importer's;
   * ``embedded import`` / ``embedded per-row``: the same on a fresh SQLite file; per-row
     is one ``EmbeddedStore.upsert`` (one transaction) per CSV row.

   rows/s is CSV data rows / wall seconds of the timed part (per-row: prepare + writes).
   The importer modes also report where the time went (read / validate / transform /
   write, and per Cypher query group for Neo4j).
4. prints the table and the ratios importer/per-row and importer/LOAD CSV against the
   targets of issue 2 (>= 30x, >= 0.5x) and writes the figures to
   ``bench/results/import.json`` (``--json``).

Neo4j (``NETMAP_NEO4J_*``, default bolt://127.0.0.1:7687) is wiped before each Neo4j mode
and at the end. Nothing here is a test: it prints figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netmap.config import Settings
    from netmap.model.batch import GraphBatch, NodeRecord, RelRecord

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JSON = ROOT / "bench" / "results" / "import.json"
TARGET_PER_ROW = 30.0  # importer rows/s >= 30x the one-transaction-per-row baseline
TARGET_LOAD_CSV = 0.5  # importer rows/s >= 0.5x LOAD CSV
PSEUDONYM_KEY = "netmap-bench-import"  # fixed, so no key file is written anywhere
MODES = ("neo4j_import", "neo4j_per_row", "neo4j_load_csv", "embedded_import", "embedded_per_row")
MODE_TITLES = {
    "neo4j_import": "neo4j import",
    "neo4j_per_row": "neo4j per-row",
    "neo4j_load_csv": "neo4j LOAD CSV",
    "embedded_import": "embedded import",
    "embedded_per_row": "embedded per-row",
}


def _peak_mb() -> float:
    """Peak resident memory of this process (``VmHWM``). Not ``ru_maxrss``: Linux carries
    that over from the parent across fork and exec, so a child started by a parent holding
    200 MB would report at least 200 MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


SERVER_PID: int | None = None  # the Neo4j JVM, for its CPU time (set in the child)


def _cpu() -> tuple[float, float]:
    """CPU seconds used so far by this process and by the Neo4j server (0 if unknown)."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    server = 0.0
    if SERVER_PID:
        try:
            fields = Path(f"/proc/{SERVER_PID}/stat").read_text().rsplit(")", 1)[1].split()
            server = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return ru.ru_utime + ru.ru_stime, server


def _cpu_since(start: tuple[float, float]) -> dict[str, float]:
    now = _cpu()
    out = {"client_cpu_s": round(now[0] - start[0], 2)}
    if SERVER_PID:
        out["server_cpu_s"] = round(now[1] - start[1], 2)
    return out


# ----------------------------------------------------------------------------------------
# The sample: a consistent subset of the CSV folder
# ----------------------------------------------------------------------------------------

Row = dict[str, str]


def _read_csv(path: Path) -> tuple[list[str], list[Row]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(path: Path, header: list[str], rows: list[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _ids(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()]


def _head(rows: list[Row], share: float) -> list[Row]:
    return rows[: math.ceil(len(rows) * share)]


def _subset(
    data: dict[str, tuple[list[str], list[Row]]], wards: set[str], share: float
) -> dict[str, list[Row]]:
    """The rows of ``wards`` (plus the city) whose references resolve inside the subset;
    residents, participations and referrals cut to their first ``share``."""

    def rows(name: str) -> list[Row]:
        return data[name][1] if name in data else []

    areas = rows("areas.csv")
    parent = {a["id"]: a.get("parent_id", "") for a in areas}
    level = {a["id"]: a["level"] for a in areas}

    def ward_of(aid: str) -> str:
        seen = 0
        while aid and level.get(aid) != "ward" and seen < 10:
            aid, seen = parent.get(aid, ""), seen + 1
        return aid if level.get(aid) == "ward" else ""

    keep_areas = {a for a in level if level[a] == "city" or ward_of(a) in wards}
    out: dict[str, list[Row]] = {"needs.csv": rows("needs.csv")}
    out["areas.csv"] = [
        a
        for a in areas
        if a["id"] in keep_areas and (not a.get("parent_id") or a["parent_id"] in keep_areas)
    ]
    orgs = [o for o in rows("organisations.csv") if o["area_id"] in keep_areas]
    org_ids = {o["id"] for o in orgs}
    nets = [n for n in rows("networks.csv") if set(_ids(n.get("covers", ""))) <= keep_areas]
    net_ids = {n["id"] for n in nets}
    acts = [
        a
        for a in rows("activities.csv")
        if a["organisation_id"] in org_ids and a["area_id"] in keep_areas
    ]
    act_ids = {a["id"] for a in acts}
    res = _head([r for r in rows("residents.csv") if r["area_id"] in keep_areas], share)
    res_ids = {r["id"] for r in res}
    out["organisations.csv"] = orgs
    out["networks.csv"] = nets
    out["memberships.csv"] = [
        m
        for m in rows("memberships.csv")
        if m["organisation_id"] in org_ids and m["network_id"] in net_ids
    ]
    out["partnerships.csv"] = [
        p
        for p in rows("partnerships.csv")
        if p["source_id"] in org_ids and p["target_id"] in org_ids
    ]
    out["activities.csv"] = acts
    out["residents.csv"] = res
    out["participations.csv"] = _head(
        [
            p
            for p in rows("participations.csv")
            if p["resident_id"] in res_ids and p["activity_id"] in act_ids
        ],
        share,
    )
    out["referrals.csv"] = _head(
        [
            r
            for r in rows("referrals.csv")
            if r["from_id"] in org_ids
            and (r["to_id"] in org_ids or r["to_id"] in act_ids)
            and (not r.get("resident_id") or r["resident_id"] in res_ids)
        ],
        share,
    )
    return {k: v for k, v in out.items() if k in data}


def make_sample(src: Path, dst: Path, target: int) -> dict[str, int]:
    """Write a consistent subset of about ``target`` data rows of ``src`` into ``dst``."""
    data = {p.name: _read_csv(p) for p in sorted(src.glob("*.csv"))}
    wards = [a["id"] for a in data["areas.csv"][1] if a["level"] == "ward"]

    def size(sub: dict[str, list[Row]]) -> int:
        return sum(len(v) for v in sub.values())

    chosen: set[str] = set()
    sub = _subset(data, chosen, 1.0)
    for w in wards:
        if size(sub) >= target:
            break
        chosen.add(w)
        sub = _subset(data, chosen, 1.0)
    if size(sub) > target:  # trim the big files to hit the target (size grows with share)
        lo, hi = 0.0, 1.0
        for _ in range(30):
            mid = (lo + hi) / 2
            if size(_subset(data, chosen, mid)) > target:
                hi = mid
            else:
                lo = mid
        sub = _subset(data, chosen, lo)
    dst.mkdir(parents=True, exist_ok=True)
    for name, rows in sub.items():
        _write_csv(dst / name, data[name][0], rows)
    return {name: len(rows) for name, rows in sub.items()}


# ----------------------------------------------------------------------------------------
# Child side: one measured mode per process
# ----------------------------------------------------------------------------------------


class Phases:
    """Wall time per named phase (wrapped functions; nested calls are counted in both)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, name: str | Callable[..., str], fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = name(*args, **kwargs) if callable(name) else name
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[key] += time.perf_counter() - t
                self.calls[key] += 1

        return wrapper

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {
            k: {"seconds": round(v, 3), "calls": self.calls[k]}
            for k, v in sorted(self.seconds.items(), key=lambda kv: -kv[1])
        }


def _settings(work: Path, store: str) -> Settings:
    from netmap.config import Settings

    return Settings(data_dir=work, store=store, pseudonym_key=PSEUDONYM_KEY)  # type: ignore[arg-type]


def _instrument_pipeline(phases: Phases) -> None:
    """Time read / validate / transform inside ``run_import`` (module attributes)."""
    from netmap.ingest import pipeline

    for attr, phase in (("read_tables", "read"), ("validate_tables", "validate")):
        setattr(pipeline, attr, phases.wrap(phase, getattr(pipeline, attr)))
    pipeline.transform = phases.wrap("transform", pipeline.transform)  # type: ignore[attr-defined]


def _query_group(_self: Any, name: str, *args: Any, **kwargs: Any) -> str:
    """``write/rels_TO`` -> ``cypher write/rels_TO`` (one bucket per Cypher file)."""
    return f"cypher {name}"


def _row_units(batch: GraphBatch) -> list[tuple[NodeRecord | None, list[RelRecord]]]:
    """The batch cut back into its CSV rows: a node with the relationships it owns, or one
    pair relationship (memberships, partnerships, participations)."""
    from netmap.model.schema import rel_owner_id

    owned: dict[str, list[RelRecord]] = defaultdict(list)
    pairs: list[RelRecord] = []
    for r in batch.rels:
        c = r.canonical()
        owner = rel_owner_id(c.type, c.source, c.target)
        if owner is None:
            pairs.append(c)
        else:
            owned[owner].append(c)
    units: list[tuple[NodeRecord | None, list[RelRecord]]] = [
        (n, owned.pop(n.id, [])) for n in batch.nodes
    ]
    units.extend((None, [r]) for r in pairs)
    if owned:
        raise RuntimeError(f"relationships without their row: {sorted(owned)[:5]}")
    return units


def _expected_counts(batch: GraphBatch) -> dict[str, dict[str, int]]:
    from netmap.model.schema import NODE_LABELS, REL_TYPES
    from netmap.store.neo4j import _dedupe_rels

    nodes = {label: len({n.id for n in batch.nodes if n.label == label}) for label in NODE_LABELS}
    by_type = _dedupe_rels(batch.rels)
    rels = {t: len(by_type.get(t, [])) for t in REL_TYPES}
    return {"nodes": nodes, "relationships": rels}


def _neo4j_store(work: Path) -> Any:
    from netmap.store.neo4j import Neo4jStore

    return Neo4jStore.from_settings(_settings(work, "neo4j"))


def _fresh_neo4j(work: Path) -> None:
    """Wipe the server (untimed), keeping the schema, with a store of its own."""
    store = _neo4j_store(work)
    try:
        store.init()
        store.wipe()
    finally:
        store.close()


def child_neo4j_import(csv_dir: Path, work: Path) -> dict[str, Any]:
    from netmap.ingest.pipeline import run_import
    from netmap.store.neo4j import Neo4jStore

    _fresh_neo4j(work)
    phases = Phases()
    _instrument_pipeline(phases)
    Neo4jStore._run = phases.wrap(_query_group, Neo4jStore._run)  # type: ignore[method-assign]
    Neo4jStore.init = phases.wrap("store init (schema)", Neo4jStore.init)  # type: ignore[method-assign]
    Neo4jStore.upsert = phases.wrap("write (store.upsert)", Neo4jStore.upsert)  # type: ignore[method-assign]
    settings = _settings(work, "neo4j")
    t, cpu = time.perf_counter(), _cpu()
    store = Neo4jStore.from_settings(settings)  # as open_store() does for NETMAP_STORE=neo4j
    try:
        report = run_import(csv_dir, store, settings=settings)
        seconds = time.perf_counter() - t
        used = _cpu_since(cpu)
        timed = phases.as_dict()  # before the (untimed) check below
        counts = store.counts().as_dict()
    finally:
        store.close()
    return {
        "seconds": seconds,
        "rows": sum(f.rows for f in report.files),
        "nodes_written": report.nodes_written,
        "relationships_written": report.relationships_written,
        "counts": counts,
        "phases": timed,
        **used,
    }


def child_neo4j_per_row(sample_dir: Path, work: Path) -> dict[str, Any]:
    from netmap.cypher import load_cypher
    from netmap.ingest.pipeline import prepare_import
    from netmap.model.schema import OWNED_RELS
    from netmap.store.neo4j import _key_value, _node_props

    _fresh_neo4j(work)
    settings = _settings(work, "neo4j")
    t0, cpu = time.perf_counter(), _cpu()
    store = _neo4j_store(work)
    try:
        store.init()
        batch, report = prepare_import(sample_dir, store, settings=settings)
        units = _row_units(batch)
        t1 = time.perf_counter()
        driver = store._get_driver()  # the store's own driver: only store/neo4j imports neo4j
        skipped = 0

        def write_row(tx: Any, node: NodeRecord | None, rels: list[RelRecord]) -> int:
            missing = 0
            if node is not None:
                row = {"id": node.id, "props": _node_props(node.id, node.props)}
                tx.run(load_cypher(f"write/nodes_{node.label}"), {"rows": [row]}).consume()
                if OWNED_RELS[node.label]:
                    tx.run(load_cypher(f"write/owned_{node.label}"), {"ids": [node.id]}).consume()
            by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for r in rels:
                by_type[r.type].append(
                    {
                        "source": r.source,
                        "target": r.target,
                        "key": _key_value(r),
                        "props": {k: v for k, v in r.props.items() if v is not None},
                    }
                )
            for rel_type, rows in by_type.items():
                rec = tx.run(load_cypher(f"write/rels_{rel_type}"), {"rows": rows}).single()
                missing += len(rows) - (int(rec["written"]) if rec else 0)
            return missing

        with driver.session(database=store.database) as session:
            for node, rels in units:
                skipped += session.execute_write(write_row, node, rels)
        t2 = time.perf_counter()
        used = _cpu_since(cpu)
        counts = store.counts().as_dict()
    finally:
        store.close()
    return {
        "seconds": t2 - t0,
        "prepare_seconds": t1 - t0,
        "write_seconds": t2 - t1,
        "rows": sum(f.rows for f in report.files),
        "transactions": len(units),
        "relationships_skipped": skipped,
        "counts": counts,
        "expected_counts": _expected_counts(batch),
        **used,
    }


def _server_import_dir(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    out = subprocess.run(
        [str(ROOT / "scripts" / "neo4j-local"), "status"], capture_output=True, text=True
    ).stdout
    if "home " in out:
        return Path(out.rsplit("home ", 1)[1].strip().rstrip(")")) / "import"
    raise SystemExit(f"cannot find the Neo4j import directory (status: {out.strip()!r})")


def child_neo4j_load_csv(csv_dir: Path, work: Path, import_dir: Path) -> dict[str, Any]:
    from netmap.cypher import load_cypher, split_statements

    _fresh_neo4j(work)  # also creates the constraints (cypher/schema/)
    folder = f"netmap-bench-{os.getpid()}"
    target = import_dir / folder
    t = time.perf_counter()
    shutil.copytree(csv_dir, target)
    copy_seconds = time.perf_counter() - t
    rows = 0
    for p in csv_dir.glob("*.csv"):
        with p.open(encoding="utf-8") as fh:
            rows += sum(1 for _ in fh) - 1
    store = _neo4j_store(work)
    per_statement: dict[str, float] = {}
    try:
        driver = store._get_driver()
        statements = split_statements(load_cypher("bench/load_csv"))
        t0, cpu = time.perf_counter(), _cpu()
        with driver.session(database=store.database) as session:
            for stmt in statements:
                ts = time.perf_counter()
                session.run(stmt, {"dir": f"file:///{folder}/"}).consume()
                file_name = stmt.split("'", 2)[1] if "'" in stmt else stmt[:30]
                per_statement[f"LOAD CSV {file_name}"] = round(time.perf_counter() - ts, 3)
        seconds = time.perf_counter() - t0
        used = _cpu_since(cpu)
        counts = store.counts().as_dict()
    finally:
        store.close()
        shutil.rmtree(target, ignore_errors=True)
    return {
        "seconds": seconds,
        "rows": rows,
        "copy_seconds": copy_seconds,
        "statements": len(statements),
        "counts": counts,
        "phases": {k: {"seconds": v, "calls": 1} for k, v in per_statement.items()},
        **used,
    }


def child_embedded_import(csv_dir: Path, work: Path) -> dict[str, Any]:
    from netmap.ingest.pipeline import run_import
    from netmap.store.embedded import EmbeddedStore

    phases = Phases()
    _instrument_pipeline(phases)
    EmbeddedStore.upsert = phases.wrap("write (store.upsert)", EmbeddedStore.upsert)  # type: ignore[method-assign]
    settings = _settings(work / "embedded-import", "embedded")
    t, cpu = time.perf_counter(), _cpu()
    store = EmbeddedStore(settings.embedded_path)
    try:
        report = run_import(csv_dir, store, settings=settings)
        seconds = time.perf_counter() - t
        used = _cpu_since(cpu)
        timed = phases.as_dict()  # before the (untimed) check below
        counts = store.counts().as_dict()
    finally:
        store.close()
    return {
        "seconds": seconds,
        "rows": sum(f.rows for f in report.files),
        "nodes_written": report.nodes_written,
        "relationships_written": report.relationships_written,
        "counts": counts,
        "phases": timed,
        **used,
    }


def child_embedded_per_row(sample_dir: Path, work: Path) -> dict[str, Any]:
    from netmap.ingest.pipeline import prepare_import
    from netmap.model.batch import GraphBatch
    from netmap.store.embedded import EmbeddedStore

    settings = _settings(work / "embedded-per-row", "embedded")
    t0, cpu = time.perf_counter(), _cpu()
    store = EmbeddedStore(settings.embedded_path)
    try:
        store.init()
        batch, report = prepare_import(sample_dir, store, settings=settings)
        units = _row_units(batch)
        t1 = time.perf_counter()
        for node, rels in units:
            store.upsert(GraphBatch(nodes=[node] if node else [], rels=rels, file_labels=set()))
        t2 = time.perf_counter()
        used = _cpu_since(cpu)
        counts = store.counts().as_dict()
    finally:
        store.close()
    return {
        "seconds": t2 - t0,
        "prepare_seconds": t1 - t0,
        "write_seconds": t2 - t1,
        "rows": sum(f.rows for f in report.files),
        "transactions": len(units),
        "counts": counts,
        "expected_counts": _expected_counts(batch),
        **used,
    }


def run_child(args: argparse.Namespace) -> int:
    import importlib

    for module in ("netmap.ingest.pipeline", "netmap.store.embedded", "netmap.store.neo4j"):
        importlib.import_module(module)  # the idle baseline (base MB) includes netmap

    global SERVER_PID
    SERVER_PID = args.server_pid
    base = _peak_mb()
    work = Path(args.work)
    mode = args.child
    if mode == "neo4j_import":
        out = child_neo4j_import(Path(args.csv), work)
    elif mode == "neo4j_per_row":
        out = child_neo4j_per_row(Path(args.sample_dir), work)
    elif mode == "neo4j_load_csv":
        out = child_neo4j_load_csv(Path(args.csv), work, Path(args.import_dir))
    elif mode == "embedded_import":
        out = child_embedded_import(Path(args.csv), work)
    elif mode == "embedded_per_row":
        out = child_embedded_per_row(Path(args.sample_dir), work)
    else:
        raise SystemExit(f"unknown mode {mode}")
    out["peak_mb"] = round(_peak_mb(), 1)
    out["base_mb"] = round(base, 1)
    print("RESULT " + json.dumps(out, ensure_ascii=False))
    return 0


# ----------------------------------------------------------------------------------------
# Parent side
# ----------------------------------------------------------------------------------------


def _neo4j_driver() -> dict[str, str]:
    """The Python driver's version and Bolt codec (``neo4j-rust-ext`` or pure Python)."""
    import importlib.metadata
    import importlib.util

    try:
        version = importlib.metadata.version("neo4j")
    except importlib.metadata.PackageNotFoundError:
        version = "absent"
    rust = importlib.util.find_spec("neo4j") is not None and (
        importlib.util.find_spec("neo4j._rust") is not None
    )
    return {"neo4j": version, "codec": "rust (neo4j-rust-ext)" if rust else "python"}


def _server_pid() -> int | None:
    home = os.environ.get("NETMAP_NEO4J_HOME")
    out = subprocess.run(
        [str(ROOT / "scripts" / "neo4j-local"), "status"], capture_output=True, text=True
    ).stdout
    if "pid " in out:
        try:
            return int(out.split("pid ", 1)[1].split(",", 1)[0])
        except ValueError:
            return None
    if home and (Path(home) / "run" / "neo4j.pid").is_file():
        return int((Path(home) / "run" / "neo4j.pid").read_text().strip())
    return None


@contextmanager
def _server_rss(pid: int | None) -> Iterator[dict[str, float]]:
    """Max resident memory (MB) of the Neo4j server while the block runs."""
    box = {"max_mb": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        box["max_mb"] = max(box["max_mb"], int(line.split()[1]) / 1024)
            except OSError:
                pass
            stop.wait(0.25)

    th = threading.Thread(target=sample, daemon=True)
    if pid:
        th.start()
    try:
        yield box
    finally:
        stop.set()
        if pid:
            th.join()


def _spawn(mode: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        mode,
        "--csv",
        str(tmp / "csv"),
        "--sample-dir",
        str(tmp / "sample"),
        "--work",
        str(tmp / "work"),
        "--import-dir",
        str(args.import_dir or ""),
    ]
    pid = _server_pid() if mode.startswith("neo4j") else None
    if pid:
        cmd += ["--server-pid", str(pid)]
    print(f"  running {MODE_TITLES[mode]} ...", flush=True)
    with _server_rss(pid) as rss:
        proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"mode {mode} failed (exit {proc.returncode})")
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")][-1]
    out: dict[str, Any] = json.loads(line[len("RESULT ") :])
    out["rows_per_s"] = out["rows"] / out["seconds"] if out["seconds"] else None
    if mode.startswith("neo4j") and rss["max_mb"]:
        out["server_rss_max_mb"] = round(rss["max_mb"], 1)
    return out


def _count_diff(a: dict[str, dict[str, int]], b: dict[str, dict[str, int]]) -> dict[str, Any]:
    diff: dict[str, Any] = {}
    for kind in ("nodes", "relationships"):
        for k in sorted(set(a[kind]) | set(b[kind])):
            if a[kind].get(k, 0) != b[kind].get(k, 0):
                diff[f"{kind}.{k}"] = [a[kind].get(k, 0), b[kind].get(k, 0)]
    return diff


def _ratio(a: dict[str, Any] | None, b: dict[str, Any] | None) -> float | None:
    if not a or not b or not a.get("rows_per_s") or not b.get("rows_per_s"):
        return None
    return float(a["rows_per_s"]) / float(b["rows_per_s"])


def _wipe_neo4j(work: Path) -> None:
    try:
        _fresh_neo4j(work)
    except Exception as exc:  # report, do not hide the figures
        print(f"warning: could not wipe Neo4j at the end: {exc}", file=sys.stderr)


def _print_table(results: dict[str, Any], modes: dict[str, dict[str, Any]]) -> None:
    head = f"{'mode':<18}{'rows':>9}{'seconds':>10}{'rows/s':>11}{'peak MB':>9}{'base MB':>9}"
    head += f"{'server MB':>11}{'cpu s':>8}{'srv cpu s':>11}"
    print()
    print(head)
    print("-" * len(head))
    for mode, r in modes.items():
        srv = r.get("server_rss_max_mb")
        srv_cpu = r.get("server_cpu_s")
        print(
            f"{MODE_TITLES[mode]:<18}{r['rows']:>9}{r['seconds']:>10.2f}"
            f"{r['rows_per_s']:>11.0f}{r['peak_mb']:>9.0f}{r['base_mb']:>9.0f}"
            f"{(f'{srv:.0f}' if srv else '-'):>11}{r.get('client_cpu_s', 0):>8.1f}"
            f"{(f'{srv_cpu:.1f}' if srv_cpu is not None else '-'):>11}"
        )
    print()
    for name, r in results["ratios"].items():
        if r["value"] is None:
            continue
        ok = "MET" if r["met"] else "MISSED"
        print(f"{name:<32} {r['value']:>8.1f}x   target >= {r['target']}x   {ok}")
    for mode, r in modes.items():
        if r.get("phases"):
            print(f"\n{MODE_TITLES[mode]}: where the time went (wall s, nested phases overlap)")
            for k, v in list(r["phases"].items())[:14]:
                print(f"  {k:<44}{v['seconds']:>9.2f}  ({v['calls']} calls)")
    for mode, r in modes.items():
        if "prepare_seconds" in r:
            print(
                f"\n{MODE_TITLES[mode]}: prepare {r['prepare_seconds']:.2f} s, "
                f"{r['transactions']} transactions in {r['write_seconds']:.2f} s "
                f"({r['transactions'] / r['write_seconds']:.0f} tx/s)"
            )
    for name, d in results["checks"].items():
        print(f"check {name}: {d or 'same'}")


def run_parent(args: argparse.Namespace) -> int:
    from netmap.demo import generate

    stores = ("neo4j", "embedded") if args.store == "both" else (args.store,)
    wanted = [m for m in MODES if m.split("_", 1)[0] in stores]
    if "neo4j" in stores and not args.import_dir:
        args.import_dir = str(_server_import_dir(None))
    load_before = os.getloadavg()
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "scale": args.scale,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_before": [round(x, 2) for x in load_before],
            "driver": _neo4j_driver(),
        },
        "memory": "peak_mb = VmHWM (peak RSS) of the child process running the mode (the client; "
        "base_mb = the same process idle with netmap imported); server_rss_max_mb = max "
        "VmRSS of the Neo4j JVM sampled every 0.25 s during the mode",
    }
    with tempfile.TemporaryDirectory(prefix="netmap-bench-import-") as tmp_name:
        tmp = Path(tmp_name)
        print(f"generating the scale-{args.scale:g} demo ...", flush=True)
        t = time.perf_counter()
        manifest = generate(tmp / "csv", scale=args.scale)
        results["generate_seconds"] = round(time.perf_counter() - t, 2)
        results["files"] = dict(manifest.files)
        results["rows"] = sum(manifest.files.values())
        sample = make_sample(tmp / "csv", tmp / "sample", args.sample)
        results["sample_files"] = sample
        results["sample_rows"] = sum(sample.values())
        print(
            f"  {results['rows']} rows in {results['generate_seconds']} s; "
            f"sample {results['sample_rows']} rows; Neo4j driver {results['machine']['driver']}",
            flush=True,
        )
        modes: dict[str, dict[str, Any]] = {}
        try:
            for mode in wanted:
                modes[mode] = _spawn(mode, args, tmp)
        finally:
            if "neo4j" in stores:
                _wipe_neo4j(tmp / "work")
    results["modes"] = modes
    results["machine"]["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    ratios: dict[str, Any] = {}
    for store in stores:
        v = _ratio(modes.get(f"{store}_import"), modes.get(f"{store}_per_row"))
        ratios[f"{store} importer / per-row"] = {
            "value": v,
            "target": TARGET_PER_ROW,
            "met": v is not None and v >= TARGET_PER_ROW,
        }
    if "neo4j" in stores:
        v = _ratio(modes.get("neo4j_import"), modes.get("neo4j_load_csv"))
        ratios["neo4j importer / LOAD CSV"] = {
            "value": v,
            "target": TARGET_LOAD_CSV,
            "met": v is not None and v >= TARGET_LOAD_CSV,
        }
    results["ratios"] = ratios
    checks: dict[str, Any] = {}
    for mode, r in modes.items():
        if "expected_counts" in r:
            checks[f"{mode} counts vs sample batch"] = _count_diff(
                r["counts"], r["expected_counts"]
            )
    if "neo4j_import" in modes and "neo4j_load_csv" in modes:
        checks["neo4j LOAD CSV counts vs importer"] = _count_diff(
            modes["neo4j_load_csv"]["counts"], modes["neo4j_import"]["counts"]
        )
    if "neo4j_import" in modes and "embedded_import" in modes:
        checks["embedded importer counts vs neo4j importer"] = _count_diff(
            modes["embedded_import"]["counts"], modes["neo4j_import"]["counts"]
        )
    results["checks"] = checks
    _print_table(results, modes)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(results, ensure_ascii=False, indent=2, default=float) + "\n", encoding="utf-8"
    )
    print(f"\nwrote {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--scale", type=float, default=1.0, help="demo scale (1 = a city)")
    p.add_argument("--sample", type=int, default=5000, help="rows of the per-row baseline")
    p.add_argument("--store", choices=("neo4j", "embedded", "both"), default="both")
    p.add_argument("--json", default=str(DEFAULT_JSON), help="where to write the figures")
    p.add_argument(
        "--import-dir", help="the Neo4j server's import directory (default: from neo4j-local)"
    )
    # internal: one measured mode in a child process
    p.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    p.add_argument("--csv", help=argparse.SUPPRESS)
    p.add_argument("--sample-dir", help=argparse.SUPPRESS)
    p.add_argument("--work", help=argparse.SUPPRESS)
    p.add_argument("--server-pid", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return run_child(args)
    return run_parent(args)


if __name__ == "__main__":
    sys.exit(main())
