"""Fixtures of the upkeep tests: the sample in an embedded store (never Neo4j) and settings
in a temporary data dir (upkeep_sample.py has the records they use)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from netmap.config import Settings, get_settings
from netmap.ingest.pipeline import run_import
from netmap.store.embedded import EmbeddedStore

sys.path.insert(0, str(Path(__file__).parent))
from upkeep_sample import SAMPLE, make_settings


@pytest.fixture(autouse=True)
def japanese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The default language (a test asks for English itself)."""
    monkeypatch.delenv("NETMAP_LANG", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture
def store(settings: Settings) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(settings.embedded_path)
    run_import(SAMPLE, s, settings=settings)
    try:
        yield s
    finally:
        s.close()
