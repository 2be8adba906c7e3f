"""Every command the docs show runs (README.md and docs/*.md).

Each page runs in its own temporary folder (also ``$HOME``) holding ``netmap-demo/`` (what
``netmap demo --output netmap-demo`` wrote, made once per session) and a copy of
``tests/fixtures``, with ``NETMAP_DATA_DIR`` on the demo's embedded store. The conventions
(which blocks run, how a page marks a block that cannot run here) are in
:mod:`doc_blocks` and docs/README.md. Blocks marked ``neo4j`` run against the real Neo4j
server in a second test (marked ``neo4j``).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netmap.cli import app

sys.path.insert(0, str(Path(__file__).parent))
from doc_blocks import (
    NOT_RUNNABLE,
    RUN_LANGS,
    Block,
    OutputCheck,
    parse,
    runnable,
    script,
)

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
GUIDES = ["planner-guide", "data-preparation", "analyst-guide", "operations", "upkeep"]
VENV_BIN = Path(sys.executable).parent
HELPERS = Path(__file__).parent
NETMAP_LINE = re.compile(r"^(?:\$ )?(?:[A-Z_]+=\S* )*(?:\.venv/bin/)?netmap(?:\s|$)")


def _blocks() -> list[Block]:
    return [b for doc in DOCS for b in parse(doc)]


def _pages(neo4j: bool) -> list[Path]:
    return [d for d in DOCS if any(runnable(b, neo4j=neo4j) for b in parse(d))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETMAP_")}
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    env.update(
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        TMPDIR=str(home / "tmp"),
        NETMAP_STORE="embedded",
        NETMAP_DATA_DIR=str(home / "netmap-demo" / "store"),
        MPLBACKEND="Agg",
        NO_COLOR="1",
        COLUMNS="1000",  # no wrapping: printed lines compare with the page
        DOCTEST_HELPERS=str(HELPERS),
    )
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``netmap demo --output netmap-demo``, once (the README's first command)."""
    home = tmp_path_factory.mktemp("doc-demo")
    subprocess.run(
        ["netmap", "demo", "--output", "netmap-demo"],
        cwd=home,
        env=_env(home),
        check=True,
        capture_output=True,
        timeout=900,
    )
    return home / "netmap-demo"


@pytest.fixture
def workdir(tmp_path: Path, demo_output: Path) -> Iterator[Path]:
    shutil.copytree(demo_output, tmp_path / "netmap-demo")
    shutil.copytree(ROOT / "tests" / "fixtures", tmp_path / "tests" / "fixtures")
    yield tmp_path


def _fold(text: str) -> str:
    return " ".join(text.split())


def _unrunnable(doc: Path) -> list[str]:
    """Commands in blocks the tests run that cannot run here (a server that never stops,
    Docker, an install): each must go into a block marked skip."""
    return [
        f"{b.path.name}:{c.line}: {c.text}"
        for b in parse(doc)
        if runnable(b, neo4j=False) or runnable(b, neo4j=True)
        for c in b.commands
        if NOT_RUNNABLE.search(c.text)
    ]


def _run_page(doc: Path, workdir: Path, env: dict[str, str], *, neo4j: bool) -> None:
    bad = _unrunnable(doc)
    assert not bad, "put these in a block marked <!-- doc-test: skip REASON -->:\n" + "\n".join(bad)
    checks: list[OutputCheck] = []
    text = script(parse(doc), neo4j=neo4j, port=_free_port(), checks=checks)
    runner = workdir / ".doc-test.sh"
    runner.write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["bash", str(runner)],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    ran = [line for line in result.stderr.splitlines() if line.startswith("doc-test: ")]
    assert result.returncode == 0, (
        f"{doc.name}: a documented command failed\n"
        + "\n".join(result.stderr.splitlines()[-40:])
        + "\n--- stdout (end) ---\n"
        + "\n".join(result.stdout.splitlines()[-20:])
    )
    assert ran, f"{doc.name}: no command ran"
    for check in checks:
        printed = _fold((workdir / ".doc-test-out" / f"{check.index}.txt").read_text("utf-8"))
        for line in check.lines:
            assert _fold(line) in printed, (
                f"{check.where}: `{check.command}` does not print the line the page shows:\n"
                f"  {line.strip()}\n--- it printed ---\n{printed[:2000]}"
            )


@pytest.mark.slow
@pytest.mark.parametrize("doc", _pages(neo4j=False), ids=lambda p: p.name)
def test_documented_commands_run(doc: Path, workdir: Path) -> None:
    _run_page(doc, workdir, _env(workdir), neo4j=False)


@pytest.mark.neo4j
@pytest.mark.parametrize("doc", _pages(neo4j=True), ids=lambda p: p.name)
def test_documented_neo4j_commands_run(doc: Path, workdir: Path, neo4j_store: object) -> None:
    neo4j_env = {k: v for k, v in os.environ.items() if k.startswith("NETMAP_NEO4J_")}
    env = _env(workdir, NETMAP_STORE="neo4j", **neo4j_env)
    _run_page(doc, workdir, env, neo4j=True)


# --------------------------------------------------------------------------- conventions


def test_the_guides_exist_japanese_first() -> None:
    for name in GUIDES:
        text = (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
        title = text.splitlines()[0]
        assert title.startswith("# ") and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", title)
        first_ja = re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text)
        assert first_ja is not None
        assert "English" in text or "/ " in title


def test_every_netmap_command_shown_is_run_or_marked() -> None:
    for block in _blocks():
        shown = [line for line in block.body.splitlines() if NETMAP_LINE.match(line.strip())]
        if not shown or block.directive in ("skip", "neo4j", "file"):
            continue
        assert block.lang in RUN_LANGS, (
            f"{block.where}: a ```{block.lang or 'text'} block shows netmap commands; "
            "make it ```bash (run by the tests) or mark it <!-- doc-test: skip REASON -->"
        )


def test_blocks_that_run_hold_nothing_that_cannot_run_here() -> None:
    bad = [line for doc in DOCS for line in _unrunnable(doc)]
    assert not bad, (
        "these would hang or need Docker/an install; move them into a block marked "
        "<!-- doc-test: skip REASON -->:\n" + "\n".join(bad)
    )


def test_skipped_blocks_hold_only_what_cannot_run_here() -> None:
    skipped = [b for b in _blocks() if b.directive == "skip"]
    assert skipped
    for block in skipped:
        assert block.argument, f"{block.where}: say why the block is not run"
        assert any(NOT_RUNNABLE.search(c.text) for c in block.commands), (
            f"{block.where}: nothing in this block needs Docker, a server or an install; "
            "let the tests run it"
        )


def _netmap_argv(command: str) -> list[str] | None:
    try:
        words = shlex.split(command, comments=True)
    except ValueError:
        return None
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        words.pop(0)
    if not words or Path(words[0]).name != "netmap":
        return None
    return words[1:]


def test_every_documented_netmap_command_exists() -> None:
    """Also the skipped ones: each names a real command and only options it has."""
    runner = CliRunner()
    checked = 0
    for block in _blocks():
        for c in block.commands:
            for part in re.split(r"&&|\|\||;|\|", c.text):
                argv = _netmap_argv(part.strip())
                if not argv:
                    continue
                path = [w for w in argv if not w.startswith("-")][:2]
                result = runner.invoke(app, [*path[:1], "--help"])
                assert result.exit_code == 0, f"{block.where}: no command {path[0]!r}"
                if len(path) == 2 and "Commands" in result.output:
                    path_help = runner.invoke(app, [*path, "--help"])
                    assert path_help.exit_code == 0, f"{block.where}: {' '.join(path)}"
                    result = path_help
                for opt in (w.split("=")[0] for w in argv if w.startswith("--")):
                    assert opt in result.output, f"{block.where}: {c.text!r}: unknown {opt}"
                checked += 1
    assert checked > 30


def test_relative_links_in_the_docs_resolve() -> None:
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (doc.parent / target).exists(), f"{doc.name}: broken link {target}"


def test_docker_compose_has_the_documented_services() -> None:
    """Docker cannot run here: the compose file is checked as YAML instead."""
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = data["services"]
    assert {"neo4j", "api"} <= set(services)
    assert services["neo4j"]["image"] == "neo4j:5.26-community"
    ports = " ".join(services["neo4j"]["ports"] + services["api"]["ports"])
    for port in ("7687:7687", "7474:7474", "8000:8000"):
        assert port in ports, port
    assert services["api"]["environment"]["NETMAP_STORE"] == "neo4j"
    assert "neo4j" in services["api"]["depends_on"]
    assert {"neo4j-data", "netmap-data"} <= set(data["volumes"])
    ops = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for word in ("docker compose up -d", "neo4j-data", "netmap-data", "7474", "8000"):
        assert word in ops, word
