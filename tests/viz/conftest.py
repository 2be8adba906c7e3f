"""Fixtures for the map tests: the release of the small synthetic city (``city``,
``city_settings`` and ``city_store`` are in tests/conftest.py: the service tests use them
too) for the month of its referrals."""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import pytest

from netmap.disclosure.release import Release

sys.path.insert(0, str(Path(__file__).parent))
from synth import REFERENCE, synthetic_release


@pytest.fixture(scope="session")
def city_release(city: tuple[nx.MultiDiGraph, list[str]]) -> Release:
    """The city's release of 2024-05-31 (threshold 10, period May 2024)."""
    rel = synthetic_release(city[0])
    assert rel.reference_date == REFERENCE and rel.links  # the month has referrals
    return rel
