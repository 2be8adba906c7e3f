"""The one loader of Cypher text from ``cypher/`` (installed as ``netmap/_cypher``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from netmap.errors import NetmapError


def cypher_dir() -> Path:
    """Where the Cypher library is: inside the installed package, else the checkout."""
    packaged = Path(__file__).parent / "_cypher"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "cypher"
    if checkout.is_dir():
        return checkout
    raise NetmapError("the Cypher library (cypher/) is missing from this installation")


@cache
def load_cypher(name: str) -> str:
    """Text of ``cypher/<name>.cypher`` (``name`` like ``"write/areas"``)."""
    if ".." in name or name.startswith("/"):
        raise NetmapError(f"invalid Cypher file name {name!r}")
    path = cypher_dir() / f"{name}.cypher"
    if not path.is_file():
        raise NetmapError(f"no Cypher file {name!r} in {cypher_dir()}")
    return path.read_text(encoding="utf-8")


def list_cypher(folder: str) -> list[str]:
    """Names (without extension) of the Cypher files in one folder, sorted."""
    return sorted(p.stem for p in (cypher_dir() / folder).glob("*.cypher"))


def split_statements(text: str) -> list[str]:
    """Split a file of several statements separated by ``;`` at line ends (comments kept
    out)."""
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";\n") if s.strip().rstrip(";").strip()]
