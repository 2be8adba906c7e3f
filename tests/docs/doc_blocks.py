"""Find the commands in the Markdown docs and turn them into a bash script.

The conventions (also described in docs/README.md, "For writers of these pages"):

* every command in a ```` ```bash ```` block is run, in order, one bash process per page;
  comment lines are skipped, a line ending in ``\\`` continues on the next;
* in a ```` ```console ```` block the lines starting with ``$ `` are commands and the other
  lines are their output, which must appear in what the command prints (spaces folded; a
  ``...`` line stands for lines left out); ``$ echo $?`` followed by a number says the
  command before it exits with that number (and is not run itself);
* an HTML comment on the last non-blank line before a fence changes how the block is used:

  - ``<!-- doc-test: skip REASON -->``: not run here (Docker, a server that runs until
    stopped, installing packages, stopping Neo4j); REASON is required;
  - ``<!-- doc-test: neo4j -->``: run only against the real Neo4j server (tests marked
    ``neo4j``), not in the embedded run;
  - ``<!-- doc-test: server -->``: a ``netmap serve`` is started for the block (on a free
    port, which replaces ``127.0.0.1:8000`` in the block) and stopped after it;
  - ``<!-- doc-test: exit N -->``: every command of the block exits with N;
  - ``<!-- doc-test: file PATH -->``: the block is not a command but the content of the
    file PATH, written (UTF-8) when the page reaches it;

* a line ``<!-- doc-test: run COMMAND -->`` anywhere runs COMMAND at that point (set-up the
  reader has done by hand, e.g. filling in a spreadsheet); readers do not see it.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)")
DIRECTIVE = re.compile(r"^\s*<!--\s*doc-test:\s*(\w+)\s*(.*?)\s*-->\s*$")
RUN_LANGS = ("bash", "console")
#: What a skipped block may hold: things that cannot run in a test (no Docker engine, no
#: second Neo4j, no package installs, servers that run until stopped).
NOT_RUNNABLE = re.compile(
    r"\b(docker|scripts/neo4j-local|scripts/install|scripts/test-all|neo4j-admin|"
    r"AdminTool|apt-get|pip install|jupyter|netmap serve|systemctl|kill)\b"
)


@dataclass
class Command:
    text: str
    line: int
    expect: int = 0
    #: console blocks: the output lines shown under the command (checked, whitespace-folded;
    #: a line of ``...`` or ``…`` stands for lines left out)
    output: list[str] = field(default_factory=list)


@dataclass
class Block:
    path: Path
    line: int  # 1-based line of the opening fence (or of a run directive)
    lang: str
    body: str
    directive: str = ""
    argument: str = ""
    commands: list[Command] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"


def _bash_commands(body: str, first_line: int) -> list[Command]:
    out: list[Command] = []
    pending: list[str] = []
    start = first_line
    for i, raw in enumerate(body.splitlines()):
        line = raw.rstrip()
        if not pending:
            start = first_line + i
            if not line.strip() or line.lstrip().startswith("#"):
                continue
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        out.append(Command(" ".join(p.strip() for p in pending), start))
        pending = []
    if pending:
        out.append(Command(" ".join(p.strip() for p in pending), start))
    return out


def _console_commands(body: str, first_line: int) -> list[Command]:
    out: list[Command] = []
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("$ "):
            text = line[2:].strip()
            number = first_line + i
            while text.endswith("\\") and i + 1 < len(lines):
                i += 1
                text = text[:-1].strip() + " " + lines[i].lstrip("> ").strip()
            if text == "echo $?":
                if out and i + 1 < len(lines) and lines[i + 1].strip().isdigit():
                    out[-1].expect = int(lines[i + 1].strip())
                    i += 1
            else:
                out.append(Command(text, number))
        elif out and line.strip() and line.strip() not in ("...", "…"):
            out[-1].output.append(line)
        i += 1
    return out


def parse(path: Path) -> list[Block]:
    """Every fenced block and run directive of a Markdown file, in order."""
    blocks: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    last_directive: tuple[str, str] | None = None
    while i < len(lines):
        line = lines[i]
        m = DIRECTIVE.match(line)
        if m:
            if m[1] == "run":
                blocks.append(Block(path, i + 1, "bash", m[2], "run", m[2]))
                blocks[-1].commands = [Command(m[2], i + 1)]
                last_directive = None
            else:
                last_directive = (m[1], m[2])
            i += 1
            continue
        f = FENCE.match(line)
        if f:
            fence, lang = f[2], f[3].lower()
            body: list[str] = []
            start = i + 1
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                body.append(lines[i])
                i += 1
            directive, argument = last_directive or ("", "")
            block = Block(path, start, lang, "\n".join(body), directive, argument)
            if lang == "bash":
                block.commands = _bash_commands(block.body, start + 1)
            elif lang == "console":
                block.commands = _console_commands(block.body, start + 1)
            if directive == "exit":
                for c in block.commands:
                    c.expect = int(argument)
            blocks.append(block)
            last_directive = None
        elif line.strip():
            last_directive = None
        i += 1
    return blocks


def runnable(block: Block, *, neo4j: bool) -> bool:
    """Whether the embedded run (``neo4j=False``) or the Neo4j run runs this block."""
    if block.directive == "skip" or block.directive == "file":
        return False
    if block.lang not in RUN_LANGS and block.directive != "run":
        return False
    return (block.directive == "neo4j") == neo4j


HEADER = r"""
set -u
__doc_check() {
  if [ "$1" -ne "$2" ]; then
    echo "doc-test: FAILED at $3 (exit $1, expected $2): $4" >&2
    exit 97
  fi
}
__doc_server=""
__doc_stop_server() {
  if [ -n "$__doc_server" ]; then
    kill "$__doc_server" 2>/dev/null
    wait "$__doc_server" 2>/dev/null
  fi
  __doc_server=""
}
trap __doc_stop_server EXIT
"""

SERVER_START = r"""
netmap serve --host 127.0.0.1 --port {port} --log-level warning > .doc-test-serve.log 2>&1 &
__doc_server=$!
for __i in $(seq 1 150); do
  curl -sf http://127.0.0.1:{port}/api/v1/health > /dev/null && break
  sleep 0.2
done
"""


@dataclass
class OutputCheck:
    """A console command's shown output, to compare with ``.doc-test-out/<index>.txt``."""

    index: int
    where: str
    command: str
    lines: list[str]


def script(
    blocks: list[Block], *, neo4j: bool, port: int, checks: list[OutputCheck] | None = None
) -> str:
    """One bash script running the page's runnable blocks in order, checking each exit.

    The output of console commands that show output is saved for ``checks`` (appended)."""
    parts = [HEADER, "mkdir -p .doc-test-out\n"]
    for block in blocks:
        if block.directive == "file":
            target = shlex.quote(block.argument)
            parts.append(
                f'mkdir -p "$(dirname {target})"\n'
                f"cat > {target} <<'__NETMAP_DOC_EOF__'\n{block.body}\n__NETMAP_DOC_EOF__\n"
            )
            continue
        if block.directive == "run" and neo4j:
            pass  # set-up commands run in both
        elif not runnable(block, neo4j=neo4j):
            continue
        server = block.directive == "server"
        if server:
            parts.append(SERVER_START.format(port=port))
        for c in block.commands:
            text = c.text.replace("127.0.0.1:8000", f"127.0.0.1:{port}") if server else c.text
            where = f"{block.path.name}:{c.line}"
            run = f"{text}\n"
            if c.output and checks is not None:
                saved = f".doc-test-out/{len(checks)}.txt"
                checks.append(OutputCheck(len(checks), where, text, c.output))
                run = f"{text} > {saved} 2>&1\n__rc=$?\ncat {saved}\n(exit $__rc)\n"
            parts.append(
                f"echo {shlex.quote(f'doc-test: {where}: {text}')} >&2\n"
                f"{run}"
                f"__doc_check $? {c.expect} {shlex.quote(where)} {shlex.quote(text)}\n"
            )
        if server:
            parts.append("__doc_stop_server\n")
    return "\n".join(parts)
