"""Fixtures for the map tests: a small synthetic city (2 wards x 3 districts), its release
for the month of its referrals, and an embedded store holding it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from pydantic import SecretStr

from netmap.config import Settings
from netmap.disclosure.release import Release
from netmap.model.batch import GraphBatch, NodeRecord, RelRecord
from netmap.store.embedded import EmbeddedStore

sys.path.insert(0, str(Path(__file__).parent))
from synth import REFERENCE, synthetic_graph, synthetic_release


@pytest.fixture(scope="session")
def city() -> tuple[nx.MultiDiGraph, list[str]]:
    """(graph, resident ids): districts with 1..25 residents, so some counts are small."""
    return synthetic_graph(wards=2, districts=3, residents_per_district=(1, 25))


@pytest.fixture(scope="session")
def city_release(city: tuple[nx.MultiDiGraph, list[str]]) -> Release:
    """The city's release of 2024-05-31 (threshold 10, period May 2024)."""
    rel = synthetic_release(city[0])
    assert rel.reference_date == REFERENCE and rel.links  # the month has referrals
    return rel


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data", suppression_threshold=10, pseudonym_key=SecretStr("k" * 32)
    )


def graph_to_batch(G: nx.MultiDiGraph) -> GraphBatch:
    nodes = [
        NodeRecord(
            str(d["label"]), str(n), {"id": n, **{k: v for k, v in d.items() if k != "label"}}
        )
        for n, d in G.nodes(data=True)
    ]
    rels = [
        RelRecord(str(d["type"]), str(s), str(t), {k: v for k, v in d.items() if k != "type"})
        for s, t, d in G.edges(data=True)
    ]
    return GraphBatch(nodes=nodes, rels=rels)


@pytest.fixture
def store(settings: Settings, city: tuple[nx.MultiDiGraph, list[str]]) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(settings.embedded_path)
    s.init()
    s.upsert(graph_to_batch(city[0]))
    yield s
    s.close()
