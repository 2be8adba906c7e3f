"""The Cypher analyst library (cypher/analysis/) returns the same rows as the Python
analyses on the same data in a real Neo4j: every column, in the same order (the queries
order their rows as the analyses do), floats rounded to 9 decimals.

Runs on the small sample fixture and on the demo data (scale 0.1), each imported once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from netmap.analysis import find_flows, find_gaps, find_isolated_areas, rank_bridges
from netmap.analysis.projections import GraphIndex, as_of_view
from netmap.config import Settings
from netmap.cypher import list_cypher, load_cypher
from netmap.model.vocab import NEED_ACTIVITY_KINDS
from netmap.service.analyses import parse_params
from netmap.store.base import GraphStore

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"

Row = tuple[Any, ...]


def _r(v: Any) -> Any:
    if isinstance(v, float):
        return round(v, 9)
    if isinstance(v, list):
        return tuple(v)
    return v


def _rows(rows: list[dict[str, Any]], cols: list[str]) -> list[Row]:
    return [tuple(_r(r[c]) for c in cols) for r in rows]


def _py(objs: list[Any], cols: list[str]) -> list[Row]:
    return [tuple(_r(getattr(o, c)) for c in cols) for o in objs]


def test_every_query_has_a_documented_header() -> None:
    names = list_cypher("analysis")
    assert {
        "gaps",
        "gap_candidates",
        "isolated_areas",
        "flows",
        "flows_by_need",
        "missing_bridges",
        "network_overlap",
        "one_way_organisations",
    } <= set(names)
    for name in names:
        text = load_cypher(f"analysis/{name}")
        assert text.startswith(f"// {name}:"), name
        assert "Columns:" in text
        declared = {p.name for p in parse_params(text)}
        body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("//"))
        assert set(re.findall(r"\$(\w+)", body)) == declared, name


def test_gap_candidates_uses_the_vocabulary_table() -> None:
    text = load_cypher("analysis/gap_candidates")
    table = dict(re.findall(r"^\s+(\w+): \[([^\]]*)\]", text, flags=re.M))
    assert {k: tuple(re.findall(r"'(\w+)'", v)) for k, v in table.items()} == NEED_ACTIVITY_KINDS


# --------------------------------------------------------------------------- checks


def _q(store: GraphStore, name: str, **params: Any) -> list[dict[str, Any]]:
    return store.run_query(f"analysis/{name}", params)  # type: ignore[attr-defined,no-any-return]


GAP_COLS = ["area_id", "area_name", "need", "demand", "supply", "ratio", "kind"]
ISO_COLS = [
    "area_id",
    "area_name",
    "isolated",
    "score",
    "reasons",
    "organisations",
    "network_memberships",
    "external_ties",
    "activities",
    "residents_with_needs",
    "isolated_residents",
]
FLOW_COLS = [
    "referrals_out",
    "referrals_in",
    "open",
    "accepted",
    "declined",
    "closed",
    "acceptance_rate",
]
ONE_WAY_COLS = ["organisation_id", "name", "area_id", "direction", "referrals_out", "referrals_in"]


def check_gaps(store: GraphStore, G: nx.MultiDiGraph, as_of: str, ward: str, district: str) -> None:
    for kw in (
        {"level": "district", "min_demand": 1, "ratio": 10.0, "area": None, "need": None},
        {"level": "district", "min_demand": 2, "ratio": 3.0, "area": None, "need": None},
        {"level": "ward", "min_demand": 1, "ratio": 1.0, "area": None, "need": None},
        {"level": "neighbourhood", "min_demand": 1, "ratio": 1.0, "area": None, "need": None},
        {"level": "district", "min_demand": 1, "ratio": 1.0, "area": ward, "need": None},
        {"level": "district", "min_demand": 1, "ratio": 1.0, "area": None, "need": "food"},
    ):
        py = find_gaps(G, as_of=as_of, **kw)  # type: ignore[arg-type]
        assert _rows(_q(store, "gaps", as_of=as_of, **kw), GAP_COLS) == _py(py, GAP_COLS), kw
        for g in py[:12]:
            cands = _q(
                store,
                "gap_candidates",
                as_of=as_of,
                level=kw["level"],
                area=g.area_id,
                need=g.need,
            )
            cols = ["activity_id", "name", "area_id", "reason"]
            assert _rows(cands, cols) == _py(g.candidates, cols), (g.area_id, g.need)


def check_isolated(store: GraphStore, G: nx.MultiDiGraph, as_of: str, ward: str, _: str) -> None:
    for level, area in (("district", None), ("ward", None), ("district", ward)):
        py = find_isolated_areas(G, level=level, as_of=as_of, area=area)
        cy = _q(store, "isolated_areas", level=level, as_of=as_of, area=area)
        assert _rows(cy, ISO_COLS) == _py(py, ISO_COLS), (level, area)


def check_flows(store: GraphStore, G: nx.MultiDiGraph, as_of: str, ward: str, dist: str) -> None:
    for level, area in (("district", None), ("ward", None), ("district", dist)):
        rep = find_flows(G, level=level, as_of=as_of, area=area)
        cy = _q(store, "flows", level=level, as_of=as_of, area=area)
        assert _rows(cy, ["area_id", "area_name", *FLOW_COLS]) == [
            (a.area_id, G.nodes[a.area_id]["name"], *(_r(getattr(a, c)) for c in FLOW_COLS))
            for a in rep.areas
        ], (level, area)
        by_need = _q(store, "flows_by_need", level=level, as_of=as_of, area=area)
        assert _rows(by_need, ["area_id", "need", *FLOW_COLS]) == [
            (a.area_id, n.need, *(_r(getattr(n, c)) for c in FLOW_COLS))
            for a in rep.areas
            for n in a.by_need
        ], (level, area)
        one_way = _q(store, "one_way_organisations", as_of=as_of, area=area)
        assert _rows(one_way, ONE_WAY_COLS) == _py(rep.one_way_organisations, ONE_WAY_COLS)


def check_networks(store: GraphStore, G: nx.MultiDiGraph, as_of: str, ward: str, dist: str) -> None:
    ix = GraphIndex.build(as_of_view(G, as_of))
    orgs = set(ix.nodes("Organisation"))
    members = {n: set(ix.members.get(n, ())) & orgs for n in ix.nodes("Network")}
    for area, top in ((None, None), (dist, None), (None, 1)):
        rep = rank_bridges(G, as_of=as_of, area=area, top=top)
        cy = _q(store, "missing_bridges", as_of=as_of, area=area, top=top)
        assert _rows(cy, ["network_a", "network_b", "ward_id", "members"]) == [
            (*m.network_ids, m.ward_id, sum(len(members[n]) for n in m.network_ids))
            for m in rep.missing_bridges
        ], (area, top)
    want = []
    for a in sorted(members):
        for b in sorted(members):
            shared = len(members[a] & members[b])
            if a < b and shared:
                union = len(members[a] | members[b])
                want.append(
                    (a, b, len(members[a]), len(members[b]), shared, round(shared / union, 9))
                )
    want.sort(key=lambda r: (-r[4], r[0], r[1]))
    cols = ["network_a", "network_b", "members_a", "members_b", "shared_members", "overlap"]
    assert _rows(_q(store, "network_overlap", as_of=as_of), cols) == want


CHECKS: list[Callable[[GraphStore, nx.MultiDiGraph, str, str, str], None]] = [
    check_gaps,
    check_isolated,
    check_flows,
    check_networks,
]


def _import(store: GraphStore, path: Path, tmp_path: Path) -> nx.MultiDiGraph:
    from netmap.ingest.pipeline import run_import

    settings = Settings(data_dir=tmp_path, pseudonym_key="k")  # type: ignore[arg-type]
    run_import(path, store, settings=settings)
    return store.export_graph()


def test_library_matches_python_on_the_sample(neo4j_store: GraphStore, tmp_path: Path) -> None:
    G = _import(neo4j_store, SAMPLE, tmp_path)
    for as_of in ("2024-12-31", "2023-01-01"):
        for check in CHECKS:
            check(neo4j_store, G, as_of, "kohoku", "kohoku-nippa")


@pytest.mark.slow
def test_library_matches_python_on_the_demo(
    neo4j_store: GraphStore, tmp_path: Path, demo_csv: Path
) -> None:
    from netmap.demo import AS_OF

    G = _import(neo4j_store, demo_csv, tmp_path)
    assert len(find_gaps(G, as_of=AS_OF)) > 5  # the planted gaps are there to compare
    for as_of in (AS_OF, "2025-06-01"):
        for check in CHECKS:
            check(neo4j_store, G, as_of, "tsurumi", "hodogaya-iwama")
