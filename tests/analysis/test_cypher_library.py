"""The Cypher analyst library (cypher/analysis/) returns the same rows as the Python
analyses on the same data in a real Neo4j: every column, as sets of tuples (and in the same
order where the query orders), floats rounded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from netmap.analysis import find_flows, find_gaps, find_isolated_areas, rank_bridges
from netmap.config import Settings
from netmap.cypher import list_cypher, load_cypher
from netmap.store.base import GraphStore

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"
DATES = ("2024-12-31", "2023-01-01", "2026-06-30")


def _r(v: Any) -> Any:
    return round(v, 9) if isinstance(v, float) else v


def _rows(rows: list[dict[str, Any]], cols: list[str]) -> list[tuple[Any, ...]]:
    return [tuple(_r(r[c]) if not isinstance(r[c], list) else tuple(r[c]) for c in cols) for r in rows]


def test_every_query_has_a_documented_header() -> None:
    from netmap.service.analyses import parse_params

    names = list_cypher("analysis")
    assert {"gaps", "gap_candidates", "isolated_areas", "flows", "missing_bridges",
            "network_overlap", "one_way_organisations"} <= set(names)
    for name in names:
        text = load_cypher(f"analysis/{name}")
        assert text.startswith(f"// {name}:"), name
        assert "Columns:" in text
        params = parse_params(text)
        for p in params:
            assert f"${p}" in text, (name, p)


@pytest.fixture
def loaded(neo4j_store: GraphStore, tmp_path: Path) -> tuple[GraphStore, nx.MultiDiGraph]:
    from netmap.ingest.pipeline import run_import

    settings = Settings(data_dir=tmp_path, pseudonym_key="k")  # type: ignore[arg-type]
    run_import(SAMPLE, neo4j_store, settings=settings)
    return neo4j_store, neo4j_store.export_graph()


def _q(store: GraphStore, name: str, **params: Any) -> list[dict[str, Any]]:
    return store.run_query(f"analysis/{name}", params)  # type: ignore[attr-defined,no-any-return]


GAP_COLS = ["area_id", "area_name", "need", "demand", "supply", "ratio", "kind"]


@pytest.mark.parametrize("as_of", DATES)
def test_gaps(loaded: tuple[GraphStore, nx.MultiDiGraph], as_of: str) -> None:
    store, G = loaded
    for kw in (
        {"level": "district", "min_demand": 1, "ratio": 10.0, "area": None, "need": None},
        {"level": "district", "min_demand": 1, "ratio": 0.5, "area": None, "need": None},
        {"level": "ward", "min_demand": 1, "ratio": 1.0, "area": None, "need": None},
        {"level": "district", "min_demand": 1, "ratio": 1.0, "area": "kohoku-nippa", "need": None},
        {"level": "district", "min_demand": 1, "ratio": 10.0, "area": None, "need": "food"},
    ):
        py = find_gaps(G, as_of=as_of, **kw)  # type: ignore[arg-type]
        cy = _q(store, "gaps", as_of=as_of, **kw)
        assert _rows(cy, GAP_COLS) == [
            tuple(_r(getattr(g, c)) for c in GAP_COLS) for g in py
        ], kw
        for g in py:
            cands = _q(store, "gap_candidates", as_of=as_of, level=kw["level"], area=g.area_id,
                       need=g.need)
            assert _rows(cands, ["activity_id", "name", "area_id", "reason"]) == [
                (c.activity_id, c.name, c.area_id, c.reason) for c in g.candidates
            ], (g.area_id, g.need)
