"""Golden outputs: what netmap prints and writes today, to compare after a refactor.

    python bench/golden.py OUT [--scale 0.05] [--work DIR]

Generates the synthetic demo at ``--scale``, imports it into an embedded store in
``--work`` (kept and reused when it already holds a store, so two runs compare the same
data and the same frozen release) and writes into ``OUT``, through the CLI with a fixed
date (``--as-of 2026-11-30``, ``SOURCE_DATE_EPOCH``):

* every analysis as JSON at every level, exact (analyst) and ``--suppress`` (viewer), and
  as a table (``COLUMNS=160``);
* every export format of one ward and of the city (diagrams as text: SVG as written, PDF
  as its text, PNG as the hash of its pixels; XLSX as its cell values);
* a district sheet (its text) and a map's data (the JSON the page is drawn from).

Then ``diff -r -x files BEFORE AFTER`` shows what changed (``files/`` holds the written
files themselves; XLSX files carry the moment they were written). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

AS_OF = "2026-11-30"
LEVELS = ("city", "ward", "district")
ANALYSES = ("gaps", "isolated", "bridges", "flows")
EXPORTS = ("json", "graphml", "gexf", "svg", "png", "pdf", "xlsx", "csv")


def _env(store: Path) -> dict[str, str]:
    return {
        **os.environ,
        "NETMAP_DATA_DIR": str(store),
        "NETMAP_STORE": "embedded",
        "SOURCE_DATE_EPOCH": "1796083200",  # 2026-12-01
        "COLUMNS": "160",
        "NETMAP_LANG": "ja",
    }


def _netmap(store: Path, *args: str) -> str:
    out = subprocess.run(
        [str(Path(sys.executable).with_name("netmap")), *args],
        env=_env(store),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"netmap {' '.join(args)} failed ({out.returncode}):\n{out.stderr}")
    return out.stdout


def prepare(work: Path, scale: float) -> tuple[Path, str, str]:
    """The demo store in ``work`` (made once) and its first ward and district."""
    store = work / "store"
    if not (store / "netmap.sqlite3").exists():
        from netmap.config import Settings
        from netmap.demo import generate
        from netmap.ingest.pipeline import run_import
        from netmap.store.embedded import EmbeddedStore

        generate(work / "csv", scale=scale)
        settings = Settings(data_dir=store, store="embedded")
        es = EmbeddedStore(settings.embedded_path)
        try:
            run_import(work / "csv", es, settings=settings)
        finally:
            es.close()
        _netmap(store, "release", "build", "--as-of", AS_OF)
    areas = json.loads(_netmap(store, "areas", "--format", "json"))
    items = areas["areas"] if isinstance(areas, dict) else areas
    ward = sorted(a["id"] for a in items if a["level"] == "ward")[0]
    district = sorted(
        a["id"] for a in items if a["level"] == "district" and a["parent_id"] == ward
    )[0]
    return store, ward, district


def _text_of(path: Path) -> str:
    """A written file as comparable text."""
    suffix = path.suffix
    if suffix == ".pdf":
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True)
        return out.stdout.decode("utf-8", "replace")
    if suffix == ".png":
        from PIL import Image

        with Image.open(path) as im:
            return f"{im.size} {hashlib.sha256(im.tobytes()).hexdigest()}\n"
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        return json.dumps(
            {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb},
            ensure_ascii=False,
            indent=0,
            default=str,
        )
    text = path.read_text(encoding="utf-8-sig")
    # the moment a file was written is not behaviour
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", "<time>", text)


def write_golden(out: Path, store: Path, ward: str, district: str) -> int:
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for name in ANALYSES:
        for level in LEVELS if name != "bridges" else ("city",):  # bridges: the whole city
            for mode in ("exact", "suppress"):
                extra = ["--suppress"] if mode == "suppress" else []
                if name != "bridges":
                    extra += ["--level", level]
                for fmt in ("json", "table"):
                    text = _netmap(store, name, "--as-of", AS_OF, "--format", fmt, *extra)
                    (out / f"{name}-{level}-{mode}.{fmt}").write_text(text, encoding="utf-8")
                    n += 1
    files = out / "files"
    files.mkdir(exist_ok=True)
    for area in ("city", ward):
        for fmt in EXPORTS:
            target = files / f"export-{area}.{fmt}"
            args = ["export", "--output", str(target), "--as-of", AS_OF]
            if area != "city":
                args += ["--area", area]
            _netmap(store, *args)
            (out / f"export-{area}.{fmt}.txt").write_text(_text_of(target), encoding="utf-8")
            n += 1
    sheet = files / f"sheet-{district}.pdf"
    _netmap(store, "report", "--area", district, "--output", str(sheet), "--as-of", AS_OF)
    (out / f"sheet-{district}.txt").write_text(_text_of(sheet), encoding="utf-8")
    page = files / f"map-{ward}.html"
    _netmap(store, "map", "--area", ward, "--output", str(page), "--as-of", AS_OF)
    html = page.read_text(encoding="utf-8")
    found = re.search(r'id="netmap-data">(.*?)</script>', html, re.S)
    data = found.group(1) if found else html
    (out / f"map-{ward}.json").write_text(data, encoding="utf-8")
    return n + 2


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--work", type=Path, default=Path("/tmp/netmap-golden-work"))
    args = ap.parse_args(argv)
    store, ward, district = prepare(args.work, args.scale)
    n = write_golden(args.out, store, ward, district)
    print(f"wrote {n} golden outputs to {args.out} (ward {ward}, district {district})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
