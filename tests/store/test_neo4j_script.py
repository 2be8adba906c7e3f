"""scripts/neo4j-local itself: concurrent starts run one server, the PID file names it,
``status`` tells a foreign listener apart, ``dump``/``load`` round-trip the database, and
the home is private.

These run their OWN server (a home in a temporary folder, a free Bolt port, a small heap),
never the suite's shared one on 7687; the jars cache is the shared one. One server for the
module: each start takes 20-40 s here.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.neo4j

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "neo4j-local"
ENTRY_CLASS = "org.neo4j.server.CommunityEntryPoint"
PASSWORD = os.environ.get("NETMAP_NEO4J_PASSWORD", "netmap-local")
EXIT_STOPPED, EXIT_FOREIGN = 3, 4


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def _env(home: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NETMAP_NEO4J_HOME=str(home),
        NETMAP_NEO4J_BOLT_PORT=str(port),
        NETMAP_NEO4J_PASSWORD=PASSWORD,
        NETMAP_NEO4J_HEAP="512m",
        NETMAP_NEO4J_PAGECACHE="64m",
        NETMAP_NEO4J_START_TIMEOUT="300",
    )
    return env


def _run(env: dict[str, str], *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _jvms(home: Path) -> list[int]:
    """PIDs of the Neo4j JVMs running with this home."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if ENTRY_CLASS.encode() in args and f"--home-dir={home}".encode() in args:
            found.append(int(proc.name))
    return found


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _needs_java() -> None:
    """Skip (fail in CI) when this machine cannot run the script's server at all."""
    missing = [tool for tool in ("java", "flock") if shutil.which(tool) is None]
    if missing:
        msg = f"scripts/neo4j-local needs {' and '.join(missing)}"
        if os.environ.get("NETMAP_REQUIRE_NEO4J") == "1":
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A home and port of its own (not started here: the first test starts it); stopped at
    the end, whatever happened."""
    _needs_java()
    home = tmp_path_factory.mktemp("neo4j-script") / "home"
    env = _env(home, _free_port())
    yield home, env
    _run(env, "stop")
    for pid in _jvms(home):  # a server this module started and `stop` missed
        os.kill(pid, 9)


def _started(server: tuple[Path, dict[str, str]]) -> int:
    """Start the module's server if it is not running; its PID."""
    home, env = server
    res = _run(env, "start")
    assert res.returncode == 0, res.stderr
    (pid,) = _jvms(home)
    return pid


def _query(env: dict[str, str], cypher: str, **params: str) -> list[dict[str, object]]:
    from neo4j import GraphDatabase

    uri = f"bolt://127.0.0.1:{env['NETMAP_NEO4J_BOLT_PORT']}"
    with GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        records = driver.execute_query(cypher, params, database_="neo4j").records
    return [r.data() for r in records]


@pytest.mark.slow
def test_two_starts_at_once_run_one_server(server: tuple[Path, dict[str, str]]) -> None:
    home, env = server
    procs = [
        subprocess.Popen(
            [str(SCRIPT), "start"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    logs = "\n".join(err for _, err in outputs)
    assert [p.returncode for p in procs] == [0, 0], logs
    # one of them started the server, the other waited for it and found it running
    assert logs.count("starting Neo4j") == 1, logs
    assert "already running" in logs, logs

    (pid,) = _jvms(home)  # exactly one JVM for this home
    assert (home / "run" / "neo4j.pid").read_text().strip() == str(pid)
    status = _run(env, "status", timeout=60)
    assert status.returncode == 0, status
    assert f"running (pid {pid}," in status.stdout

    # everything in the home is private, whatever the umask of the caller
    for path in [home, *home.rglob("*")]:
        try:
            st = path.lstat()
        except FileNotFoundError:  # the server removed it meanwhile
            continue
        if not stat.S_ISLNK(st.st_mode):
            assert stat.S_IMODE(st.st_mode) & 0o077 == 0, f"{path} has mode {st.st_mode:o}"


@pytest.mark.slow
def test_dump_then_load_restores_the_database(
    server: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    home, env = server
    pid = _started(server)
    marker = f"probe-{uuid.uuid4().hex}"
    _query(env, "CREATE (:ScriptProbe {id: $id})", id=marker)
    count = "MATCH (n:ScriptProbe {id: $id}) RETURN count(n) AS n"

    (tmp_path / "backup").mkdir()
    dump = tmp_path / "backup" / "netmap.dump"
    res = _run(env, "dump", str(dump))
    assert res.returncode == 0, res.stderr
    assert dump.is_file() and dump.stat().st_size > 0
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    assert not list(dump.parent.glob(".neo4j-dump.*"))  # its temporary folder is gone
    # the server was stopped for the dump and runs again
    (pid_after_dump,) = _jvms(home)
    assert pid_after_dump != pid
    assert (home / "run" / "neo4j.pid").read_text().strip() == str(pid_after_dump)

    _query(env, "MATCH (n:ScriptProbe {id: $id}) DELETE n", id=marker)
    assert _query(env, count, id=marker) == [{"n": 0}]

    # a missing file or a file that is no dump: clear errors, and the server is not touched
    missing = _run(env, "load", str(tmp_path / "backup" / "missing.dump"))
    assert missing.returncode == 1
    assert "no such file" in missing.stderr
    not_a_dump = tmp_path / "backup" / "not-a.dump"
    not_a_dump.write_text("not a dump\n")
    bad = _run(env, "load", str(not_a_dump))
    assert bad.returncode == 1
    assert "is not a Neo4j database dump" in bad.stderr
    assert _jvms(home) == [pid_after_dump]

    res = _run(env, "load", str(dump))
    assert res.returncode == 0, res.stderr
    (pid_after_load,) = _jvms(home)
    assert pid_after_load != pid_after_dump
    assert _query(env, count, id=marker) == [{"n": 1}]
    assert _run(env, "status", timeout=60).returncode == 0


@pytest.mark.slow
def test_stop_stops_the_server_and_frees_the_port(server: tuple[Path, dict[str, str]]) -> None:
    home, env = server
    _started(server)
    res = _run(env, "stop")
    assert res.returncode == 0, res.stderr
    assert _jvms(home) == []
    assert not _port_open(int(env["NETMAP_NEO4J_BOLT_PORT"]))
    assert not (home / "run" / "neo4j.pid").exists()
    status = _run(env, "status", timeout=60)
    assert (status.returncode, status.stdout.strip()) == (EXIT_STOPPED, "stopped")


def test_a_foreign_process_on_the_port_is_reported_and_not_replaced(tmp_path: Path) -> None:
    _needs_java()
    home = tmp_path / "home"
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        env = _env(home, port)

        status = _run(env, "status", timeout=60)
        assert status.returncode == EXIT_FOREIGN, status
        assert f"port {port} is in use by another process" in status.stdout
        if "(pid " in status.stdout:  # when ss may show the owner
            assert f"(pid {os.getpid()}," in status.stdout

        start = _run(env, "start", timeout=120)
        assert start.returncode == EXIT_FOREIGN, start
        assert "another process" in start.stderr and "not starting" in start.stderr
        assert _jvms(home) == []
        assert not (home / "run" / "neo4j.pid").exists()

        stop = _run(env, "stop", timeout=60)
        assert stop.returncode == 0
        assert "not running" in stop.stderr
