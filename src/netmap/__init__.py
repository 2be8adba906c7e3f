"""netmap: map local community-support networks and find where support is missing.

The public Python API, for notebooks and scripts (``import netmap`` stays fast: each name
is imported on first use)::

    import netmap

    settings = netmap.load_demo("/tmp/netmap-demo")   # or netmap.Settings(data_dir=...)
    store = netmap.open_store(settings)               # embedded (SQLite) or Neo4j
    G = store.export_graph()                          # the whole graph (networkx)
    gaps = netmap.find_gaps(G, level="district")      # list of Gap results
    df = netmap.to_frame(gaps)                        # a pandas table (extra "frames")
    netmap.render_map(store, output=Path("map.html"), settings=settings)
    store.close()

=====================  =====================================================================
``Settings``           configuration (fields as ``NETMAP_*`` variables); ``get_settings()``
``open_store``         open the configured store; the caller closes it
``run_import``         validate and import a folder, ``.zip``, ``.csv`` or ``.xlsx``
``load_demo``          generate the synthetic demo into a fresh embedded store
``find_gaps``          needs with no (or too little) local resource, with candidates
``find_isolated_areas``  areas whose residents in need meet no network, tie or activity
``rank_bridges``       bridge organisations and missing bridges between networks
``find_flows``         referrals out of and into each area (entrance and exit)
``organisation_graph`` the undirected organisation graph the bridge measures use
``as_of_view``         the graph as it was on a date (records valid then)
``compare``            what changed between two dates (the JSON of ``netmap compare``)
``evaluate_scenario``  a plan of new resources against the stored network (never stored)
``to_frame``           any analysis result (or its JSON) as a pandas DataFrame
``display_names``      id -> display name (areas, organisations, networks, activities, needs)
``render_map``         one self-contained interactive HTML map
``export_area``        a diagram (PNG/SVG/PDF), network file or analysis tables (XLSX/CSV)
``write_report``       the district sheet (PDF)
``japanese_font``      register the Japanese font with matplotlib; returns its family name
=====================  =====================================================================

Analyses take the graph first and options as keywords (``as_of``, ``level``, ``area``);
results are pydantic models (``.model_dump()`` gives the JSON shape of the CLI). Maps,
diagrams and sheets show residents only as suppressed counts.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name → (module, attribute), imported on first use.
_PUBLIC: dict[str, tuple[str, str]] = {
    "Settings": ("netmap.config", "Settings"),
    "get_settings": ("netmap.config", "get_settings"),
    "open_store": ("netmap.store", "open_store"),
    "run_import": ("netmap.ingest.pipeline", "run_import"),
    "load_demo": ("netmap.service.demo", "load_demo"),
    "find_gaps": ("netmap.analysis", "find_gaps"),
    "find_isolated_areas": ("netmap.analysis", "find_isolated_areas"),
    "rank_bridges": ("netmap.analysis", "rank_bridges"),
    "find_flows": ("netmap.analysis", "find_flows"),
    "organisation_graph": ("netmap.analysis", "organisation_graph"),
    "as_of_view": ("netmap.analysis", "as_of_view"),
    "compare": ("netmap.service.compare", "compare_json"),
    "evaluate_scenario": ("netmap.service.scenarios", "evaluate_scenario"),
    "to_frame": ("netmap.frames", "to_frame"),
    "display_names": ("netmap.frames", "display_names"),
    "render_map": ("netmap.service.maps", "render_map"),
    "export_area": ("netmap.service.exports", "export_area"),
    "write_report": ("netmap.service.exports", "write_report"),
    "japanese_font": ("netmap.viz.diagram.fonts", "cjk_font_family"),
}

__all__ = [
    "Settings",
    "__version__",
    "as_of_view",
    "compare",
    "display_names",
    "evaluate_scenario",
    "export_area",
    "find_flows",
    "find_gaps",
    "find_isolated_areas",
    "get_settings",
    "japanese_font",
    "load_demo",
    "open_store",
    "organisation_graph",
    "rank_bridges",
    "render_map",
    "run_import",
    "to_frame",
    "write_report",
]

if TYPE_CHECKING:
    from netmap.analysis import (
        as_of_view,
        find_flows,
        find_gaps,
        find_isolated_areas,
        organisation_graph,
        rank_bridges,
    )
    from netmap.config import Settings, get_settings
    from netmap.frames import display_names, to_frame
    from netmap.ingest.pipeline import run_import
    from netmap.service.compare import compare_json as compare
    from netmap.service.demo import load_demo
    from netmap.service.exports import export_area, write_report
    from netmap.service.maps import render_map
    from netmap.service.scenarios import evaluate_scenario
    from netmap.store import open_store
    from netmap.viz.diagram.fonts import cjk_font_family as japanese_font


def __getattr__(name: str) -> Any:
    target = _PUBLIC.get(name)
    if target is None:
        raise AttributeError(f"module 'netmap' has no attribute {name!r}")
    value = getattr(importlib.import_module(target[0]), target[1])
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
