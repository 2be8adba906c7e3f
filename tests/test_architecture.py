"""DESIGN.md's import rules, enforced by walking the package's imports.

Disclosure control (:mod:`netmap.disclosure`) sits between the analyses and the products:
it reads the graph and the analyses, and every product that shows counts (``netmap.viz``,
the services, the API, the CLI) reads it; it never reaches up into them or into a store.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "netmap"


def _imports(path: Path, module: str) -> set[str]:
    """Every module ``path`` (the module ``module``) imports, also inside functions and
    under ``TYPE_CHECKING``; ``from netmap import viz`` counts as ``netmap.viz`` and
    relative imports are resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            elif node.module:
                base = node.module
            else:
                continue
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names if a.name != "*")
    return found


def _modules() -> list[tuple[str, set[str]]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        mod = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        out.append((mod, _imports(path, mod)))
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
        "netmap.disclosure",
    ],
    "netmap.model": [
        "netmap.store",
        "netmap.ingest",
        "netmap.analysis",
        "netmap.viz",
        "netmap.api",
        "netmap.service",
        "netmap.cli",
        "netmap.disclosure",
        "neo4j",
    ],
    "netmap.disclosure": [
        "netmap.viz",
        "netmap.service",
        "netmap.api",
        "netmap.cli",
        "netmap.store",
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
        "netmap.disclosure",
    ],
    "netmap.service": ["netmap.api", "netmap.cli"],
    # review links and proposals: read the graph and the import's rules, never a product
    "netmap.upkeep": [
        "netmap.api",
        "netmap.cli",
        "netmap.service",
        "netmap.viz",
        "netmap.store",
        "neo4j",
    ],
}

ALLOWED = {
    # module prefix: the only netmap packages it may import (besides its own)
    "netmap.disclosure": [
        "netmap.analysis",
        "netmap.model",
        "netmap.config",
        "netmap.errors",
        "netmap.privacy",
        "netmap.logs",  # structured log events (a leaf: it imports only netmap.config)
        "netmap.private_files",  # 0600/0700 files (a leaf)
        "netmap.activity",  # the activity log (imports config, logs, private_files only)
        "netmap.collector",  # gc_paused (a leaf: imports nothing of netmap)
    ],
}

#: Imports the design relies on (never banned): products read published results.
MAY_IMPORT = [
    ("netmap.viz", "netmap.disclosure"),
    ("netmap.service", "netmap.disclosure"),
    ("netmap.disclosure", "netmap.analysis"),
    ("netmap.disclosure", "netmap.privacy"),
]


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


@pytest.mark.parametrize(("prefix", "allowed"), sorted(ALLOWED.items()))
def test_only_allowed_netmap_imports(prefix: str, allowed: list[str]) -> None:
    bad = sorted(
        (mod, i)
        for mod, imports in _modules()
        if mod == prefix or mod.startswith(prefix + ".")
        for i in imports
        if _uses({i}, "netmap") and not any(_uses({i}, a) for a in [prefix, *allowed])
    )
    assert bad == []


@pytest.mark.parametrize(("importer", "imported"), MAY_IMPORT)
def test_products_may_read_the_disclosure_layer(importer: str, imported: str) -> None:
    """The rules above allow these imports (a rule that banned one would be a mistake),
    and they form no cycle: the imported package never imports the importer."""
    assert imported not in FORBIDDEN.get(importer, [])
    if importer in ALLOWED:
        assert imported in ALLOWED[importer]
    back = [
        mod
        for mod, imports in _modules()
        if (mod == imported or mod.startswith(imported + ".")) and _uses(imports, importer)
    ]
    assert back == []


def test_viz_draws_published_counts() -> None:
    """Maps, diagrams, sheets and tables take their counts from the disclosure layer."""
    users = {
        mod
        for mod, imports in _modules()
        if mod.startswith("netmap.viz.") and _uses(imports, "netmap.disclosure")
    }
    assert {"netmap.viz.view", "netmap.viz.tables"} <= users


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
