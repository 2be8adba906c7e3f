"""docker-compose.yml and the Dockerfile say what the docs promise (Docker is not run here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
    return data


def test_compose_runs_neo4j_526_with_a_real_health_check() -> None:
    neo4j = _compose()["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert neo4j["environment"]["NEO4J_AUTH"].startswith("neo4j/")
    assert neo4j["environment"]["NEO4J_AUTH"].endswith("netmap-local}")
    assert any(p.split("#")[0].strip().endswith("7687:7687") for p in neo4j["ports"])
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])


def test_compose_api_uses_neo4j_once_healthy() -> None:
    api = _compose()["services"]["api"]
    assert api["build"]["dockerfile"] == "Dockerfile"
    assert api["environment"]["NETMAP_STORE"] == "neo4j"
    assert api["environment"]["NETMAP_NEO4J_URI"] == "bolt://neo4j:7687"
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["command"][:4] == ["netmap", "serve", "--host", "0.0.0.0"]


def test_dockerfile_installs_the_package_with_its_cypher_library() -> None:
    text = (ROOT / "Dockerfile").read_text("utf-8")
    assert "\nFROM python:3.11-slim\n" in text
    assert "COPY cypher ./cypher" in text
    assert "pip install -c constraints.txt ." in text
    assert '"netmap", "serve", "--host", "0.0.0.0"' in text
