"""Fixtures of the API tests: the sample folder in an embedded store, an app, and tokens.

Scope used throughout: the sample's ward 港北区 (``kohoku``) has districts 日吉
(``kohoku-hiyoshi``, with the neighbourhood ``kohoku-hiyoshi-honcho``), 綱島
(``kohoku-tsunashima``) and 新羽 (``kohoku-nippa``). Scoped tokens are limited to 日吉.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from netmap.api import create_app
from netmap.auth import Role, token_store
from netmap.config import Settings
from netmap.ingest.pipeline import run_import
from netmap.store.base import GraphStore
from netmap.store.embedded import EmbeddedStore

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"
IN_SCOPE = "kohoku-hiyoshi"
IN_SCOPE_AREAS = {"kohoku-hiyoshi", "kohoku-hiyoshi-honcho"}
OUT_OF_SCOPE = "kohoku-tsunashima"


def make_settings(data_dir: Path, **kw: object) -> Settings:
    return Settings(
        data_dir=data_dir,
        store="embedded",
        pseudonym_key=SecretStr("api-test-key"),
        **kw,  # type: ignore[arg-type]
    )


def zip_folder(folder: Path, drop: set[str] | None = None) -> bytes:
    """The CSV files of a folder as zip bytes (optionally without some files)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.glob("*.csv")):
            if drop and p.name in drop:
                continue
            zf.write(p, p.name)
    return buf.getvalue()


@dataclass
class Api:
    """A test client with the sample loaded and a token per role and scope."""

    client: TestClient
    settings: Settings
    tokens: dict[tuple[str, str | None], str]

    def headers(self, role: str, area: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[(role, area)]}"}


def _embedded_factory(settings: Settings) -> GraphStore:
    return EmbeddedStore(settings.embedded_path)


def build_api(
    data_dir: Path,
    store_factory: Callable[[Settings], GraphStore] = _embedded_factory,
    load: bool = True,
    **settings_kw: object,
) -> Iterator[Api]:
    settings = make_settings(data_dir, **settings_kw)
    if load:
        store = store_factory(settings)
        try:
            run_import(SAMPLE, store, settings=settings)
        finally:
            store.close()
    tokens: dict[tuple[str, str | None], str] = {}
    ts = token_store(settings)
    for role in Role:
        for area in (None, IN_SCOPE):
            tokens[(role.value, area)] = ts.create(role, area_id=area, name=f"{role} {area}")[1]
    app = create_app(settings, store_factory=store_factory)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client=client, settings=settings, tokens=tokens)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """Shared by a module's read-only tests."""
    yield from build_api(tmp_path_factory.mktemp("api"))


@pytest.fixture
def fresh_api(tmp_path: Path) -> Iterator[Api]:
    """For tests that write."""
    yield from build_api(tmp_path / "data")


@pytest.fixture
def sample_zip() -> bytes:
    return zip_folder(SAMPLE)


@pytest.fixture
def zipper() -> Callable[..., bytes]:
    return zip_folder


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def api_builder() -> Callable[..., Iterator[Api]]:
    return build_api
