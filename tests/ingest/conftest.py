"""Fixtures for the ingest tests: the sample folders, settings in a temporary data dir,
an embedded store, and a helper that writes CSV text into a folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from netmap.config import Settings, get_settings
from netmap.store.embedded import EmbeddedStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = FIXTURES / "sample"
SAMPLE_CP932 = FIXTURES / "sample_cp932"
BAD = FIXTURES / "bad"

TEST_KEY = "ingest-test-key"


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """These tests read the English messages (``NETMAP_LANG=en``); test_japanese.py checks
    the default, Japanese, and sets its own language."""
    monkeypatch.setenv("NETMAP_LANG", "en")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", pseudonym_key=SecretStr(TEST_KEY))


@pytest.fixture
def store(settings: Settings) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(settings.embedded_path)
    s.init()
    yield s
    s.close()


WriteCsv = Callable[..., Path]

AREAS = """id,name,level,parent_id
yokohama,横浜市,city,
kohoku,港北区,ward,yokohama
hiyoshi,日吉地区,district,kohoku
tsunashima,綱島地区,district,kohoku
"""
ORGS = """id,name,kind,area_id
org-a,港北区生活支援課,welfare_office,kohoku
org-b,日吉地域ケアプラザ,community_care_plaza,hiyoshi
"""


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """``write_csv({"areas.csv": text, ...}, name)`` → the folder (UTF-8 text, or bytes)."""

    def write(files: dict[str, str | bytes], name: str = "in") -> Path:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        for fname, content in files.items():
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (folder / fname).write_bytes(data)
        return folder

    return write
