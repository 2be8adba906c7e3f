"""The API on each store (the shared ``store`` fixture), and the same answers from both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from netmap.api import create_app
from netmap.auth import Role, token_store
from netmap.config import Settings
from netmap.disclosure.calendar import reference_for
from netmap.ingest.pipeline import run_import
from netmap.store.base import GraphStore

AS_OF = "2024-08-01"
SCOPE = "kohoku-hiyoshi"
PATHS = [
    "/api/v1/areas",
    "/api/v1/needs",
    "/api/v1/organisations",
    "/api/v1/networks",
    "/api/v1/activities",
    "/api/v1/stats",
    f"/api/v1/analyses/gaps?as_of={AS_OF}",
    f"/api/v1/analyses/gaps?as_of={AS_OF}&level=ward&ratio=2",
    f"/api/v1/analyses/isolated?as_of={AS_OF}",
    f"/api/v1/analyses/bridges?as_of={AS_OF}",
    f"/api/v1/analyses/flows?as_of={AS_OF}",
]


class _Shared:
    """A store the app may use but not close (the fixture owns it)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def close(self) -> None:
        pass


@contextmanager
def _client(store: GraphStore, data_dir: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings = Settings(data_dir=data_dir, store="embedded", pseudonym_key=SecretStr("both-stores"))
    tokens = token_store(settings)
    secrets = {
        f"{role}@{area or 'all'}": tokens.create(role, area_id=area)[1]
        for role in Role
        for area in (None, SCOPE)
    }
    app = create_app(settings, store_factory=lambda s: _Shared(store))  # type: ignore[arg-type,return-value]
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c, secrets


def _load(store: GraphStore, sample_dir: Path, data_dir: Path) -> None:
    settings = Settings(data_dir=data_dir, pseudonym_key=SecretStr("both-stores"))
    run_import(sample_dir, store, settings=settings)


def test_api_on_each_store(
    store: GraphStore, tmp_path: Path, sample_dir: Path, sample_zip: bytes
) -> None:
    with _client(store, tmp_path) as (c, tokens):
        admin = {"Authorization": f"Bearer {tokens['admin@all']}"}
        assert c.get("/api/v1/ready").json()["store"] == store.name
        r = c.post("/api/v1/import", files={"file": ("s.zip", sample_zip)}, headers=admin)
        assert r.status_code == 200, r.text
        assert r.json()["store"] == store.name
        orgs = c.get("/api/v1/organisations", headers=admin).json()
        assert orgs["total"] == 12
        viewer = {"Authorization": f"Bearer {tokens['viewer@' + SCOPE]}"}
        iso = c.get("/api/v1/analyses/isolated", headers=viewer).json()
        assert [a["area_id"] for a in iso["areas"]] == [SCOPE]
        # the import built today's release; the viewer reads it (hidden counts null)
        assert iso["params"]["release"] == f"month-{reference_for(dt.date.today())}"
        assert iso["areas"][0]["residents_with_needs"] is None
        assert c.get(f"/api/v1/maps/{SCOPE}", headers=viewer).status_code == 200
        r = c.get("/api/v1/maps/kohoku-nippa", headers=viewer)
        assert r.status_code == 403


@pytest.mark.neo4j
def test_both_stores_give_the_same_answers(
    embedded_store: GraphStore, neo4j_store: GraphStore, tmp_path: Path, sample_dir: Path
) -> None:
    _load(embedded_store, sample_dir, tmp_path / "e")
    _load(neo4j_store, sample_dir, tmp_path / "n")
    answers: list[dict[tuple[str, str], Any]] = []
    for store, d in ((embedded_store, tmp_path / "e"), (neo4j_store, tmp_path / "n")):
        got: dict[tuple[str, str], Any] = {}
        with _client(store, d) as (c, tokens):
            for who, secret in tokens.items():
                for path in PATHS:
                    r = c.get(path, headers={"Authorization": f"Bearer {secret}"})
                    got[(who, path)] = (r.status_code, r.json())
        answers.append(got)
    embedded, neo4j = answers
    assert embedded.keys() == neo4j.keys()
    different = [k for k in embedded if embedded[k] != neo4j[k]]
    assert different == []
    assert embedded[("analyst@all", "/api/v1/organisations")][1]["total"] == 12
