"""DESIGN.md's import rules, enforced by walking the package's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "netmap"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules() -> list[tuple[str, set[str]]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        out.append((".".join(rel.parts), _imports(path)))
    return out


def _uses(imports: set[str], prefix: str) -> bool:
    return any(i == prefix or i.startswith(prefix + ".") for i in imports)


FORBIDDEN = {
    # module prefix: packages it must not import
    "netmap.analysis": [
        "netmap.store",
        "netmap.ingest",
        "netmap.viz",
        "netmap.api",
        "neo4j",
        "netmap.service",
        "netmap.cli",
    ],
    "netmap.model": [
        "netmap.store",
        "netmap.ingest",
        "netmap.analysis",
        "netmap.viz",
        "netmap.api",
        "netmap.service",
        "netmap.cli",
        "neo4j",
    ],
    "netmap.ingest": ["netmap.api", "netmap.cli", "netmap.viz", "neo4j"],
    "netmap.viz": ["netmap.api", "netmap.cli", "netmap.ingest", "neo4j"],
    "netmap.store": [
        "netmap.api",
        "netmap.cli",
        "netmap.analysis",
        "netmap.viz",
        "netmap.ingest",
        "netmap.service",
    ],
    "netmap.service": ["netmap.api", "netmap.cli"],
}


@pytest.mark.parametrize(("prefix", "banned"), sorted(FORBIDDEN.items()))
def test_layering(prefix: str, banned: list[str]) -> None:
    bad = [
        (mod, b)
        for mod, imports in _modules()
        if mod == prefix or mod.startswith(prefix + ".")
        for b in banned
        if _uses(imports, b)
    ]
    assert bad == []


@pytest.mark.parametrize(
    ("library", "allowed"),
    [("neo4j", {"netmap.store.neo4j"}), ("pyvis", {"netmap.viz.interactive"})],
)
def test_only_one_module_imports(library: str, allowed: set[str]) -> None:
    users = {mod for mod, imports in _modules() if _uses(imports, library)}
    assert users <= allowed


def test_cli_and_api_go_through_service() -> None:
    """The CLI and the API do not reach into stores' internals or Cypher directly."""
    bad = [
        mod
        for mod, imports in _modules()
        if mod.startswith(("netmap.cli", "netmap.api"))
        and (_uses(imports, "netmap.cypher") and not mod.endswith("cypher_cmd"))
    ]
    assert bad == []
