"""``netmap demo``: load the synthetic Yokohama demo and write what netmap produces."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from netmap.config import Settings
from netmap.store.base import GraphStore, Progress

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class DemoResult:
    data_dir: Path
    csv_dir: Path
    written: list[Path] = field(default_factory=list)


def _write_json(path: Path, obj: object) -> Path:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def run_demo(
    store: GraphStore,
    settings: Settings,
    output: Path,
    *,
    scale: float | None = None,
    progress: Progress | None = None,
) -> DemoResult:
    """Generate the demo CSVs into ``output/data`` and the plan to try (計画案) into
    ``output/plan-example`` (``netmap compare --scenario``; not imported), import the data
    into ``store`` and write every product netmap has into ``output``: stats, analyses,
    maps, diagrams, a sheet."""
    from netmap.demo import DEMO_SCALE, DEMO_SEED, generate
    from netmap.demo.plan import SCENARIO_DIR
    from netmap.ingest.pipeline import run_import

    output.mkdir(parents=True, exist_ok=True)
    csv_dir = output / "data"
    manifest = generate(
        csv_dir,
        scale=DEMO_SCALE if scale is None else scale,
        seed=DEMO_SEED,
        plan_dir=output / SCENARIO_DIR,
    )
    run_import(csv_dir, store, settings=settings, progress=progress)
    written = [csv_dir] if manifest.plan_dir is None else [csv_dir, manifest.plan_dir]
    result = DemoResult(data_dir=settings.data_dir, csv_dir=csv_dir, written=written)
    result.written.append(_write_json(output / "stats.json", store.counts().as_dict()))
    G = store.export_graph()  # once: every product below reads this graph
    for producer in _PRODUCERS:
        result.written.extend(producer(store, settings, output, G))
    return result


def _analyses(
    store: GraphStore, settings: Settings, output: Path, G: nx.MultiDiGraph
) -> list[Path]:
    from netmap.demo import AS_OF
    from netmap.service.analyses import write_analyses

    return write_analyses(G, output / "analyses", as_of=AS_OF)


def _exports(store: GraphStore, settings: Settings, output: Path, G: nx.MultiDiGraph) -> list[Path]:
    from netmap.demo import AS_OF
    from netmap.service.exports import demo_exports

    return demo_exports(store, settings, output, as_of=AS_OF, graph=G)


def _maps(store: GraphStore, settings: Settings, output: Path, G: nx.MultiDiGraph) -> list[Path]:
    from netmap.demo import AS_OF
    from netmap.service.maps import render_map_set

    maps = render_map_set(store, output / "maps", settings=settings, as_of=AS_OF, graph=G)
    return [maps.city, *maps.wards.values()]


_PRODUCERS = [_analyses, _maps, _exports]


def load_demo(
    data_dir: str | Path, *, scale: float | None = None, settings: Settings | None = None
) -> Settings:
    """Generate the synthetic demo (合成データ) and import it into a fresh embedded store in
    ``data_dir`` (emptied first); the CSV files go to ``data_dir/demo-csv`` and the plan to
    try (計画案, not imported) to ``data_dir/plan-example``. Returns the settings of that
    store: open it with :func:`netmap.open_store`. For notebooks.
    """
    from netmap.config import get_settings
    from netmap.demo import DEMO_SCALE, DEMO_SEED, generate
    from netmap.demo.plan import SCENARIO_DIR
    from netmap.ingest.pipeline import run_import
    from netmap.store.embedded import EmbeddedStore

    ddir = Path(data_dir)
    base = settings or get_settings()
    s = base.model_copy(update={"store": "embedded", "data_dir": ddir})
    csv_dir = ddir / "demo-csv"
    generate(
        csv_dir,
        scale=DEMO_SCALE if scale is None else scale,
        seed=DEMO_SEED,
        plan_dir=ddir / SCENARIO_DIR,
    )
    store = EmbeddedStore(s.embedded_path)
    try:
        store.wipe()
        run_import(csv_dir, store, settings=s)
    finally:
        store.close()
    return s
