"""Privacy: resident pseudonyms and small-count suppression (DATA_MODEL.md "Privacy").

Raw resident ids exist only inside ingest: :func:`pseudonymise` turns them into keyed
HMAC-SHA256 pseudonyms. Anything meant for a meeting shows resident counts through
:func:`suppress_counts`: a count from 1 to below the threshold is hidden ("<10" in text,
``null`` plus a ``"suppressed"`` list in JSON), with secondary suppression so a hidden
count cannot be recovered by subtraction.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from netmap.config import Settings

PSEUDONYM_PREFIX = "R-"
KEY_FILE = "pseudonym.key"


def load_or_create_key(settings: Settings) -> bytes:
    """The pseudonym key: ``NETMAP_PSEUDONYM_KEY`` if set, else a key generated once into
    the data dir (mode 0600) and reused, so re-imports map ids to the same pseudonyms."""
    if settings.pseudonym_key is not None:
        return settings.pseudonym_key.get_secret_value().encode("utf-8")
    path = Path(settings.data_dir) / KEY_FILE
    if path.exists():
        return path.read_text("ascii").strip().encode("ascii")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key.encode("ascii")


def pseudonymise(raw_id: str, key: bytes) -> str:
    """Keyed pseudonym of a resident id: same key and id give the same pseudonym.

    >>> pseudonymise("A-001", b"k") == pseudonymise("A-001", b"k")
    True
    >>> pseudonymise("A-001", b"k").startswith("R-"), len(pseudonymise("A-001", b"k"))
    (True, 26)
    """
    # hmac.digest is the one-shot (C) form of hmac.new(...).digest(): same bytes, faster.
    digest = hmac.digest(key, raw_id.strip().encode("utf-8"), "sha256")
    return PSEUDONYM_PREFIX + digest[:12].hex()


def is_small(n: int | None, threshold: int) -> bool:
    """True for a count that must not be shown (1 <= n < threshold)."""
    return n is not None and 1 <= n < threshold


def format_count(n: int | None, threshold: int) -> str:
    """Text for a meeting: ``"<10"`` for a small count, the number otherwise.

    >>> format_count(3, 10), format_count(0, 10), format_count(12, 10)
    ('<10', '0', '12')
    """
    if n is None:
        return "-"
    return f"<{threshold}" if is_small(n, threshold) else str(n)


@dataclass
class Suppressed:
    """Counts after suppression: ``values`` has ``None`` where a count is hidden."""

    values: dict[str, int | None]
    suppressed: list[str] = field(default_factory=list)


def suppress_counts(
    parts: Mapping[str, int], threshold: int, *, total_field: str | None = None
) -> Suppressed:
    """Suppress small parts; with ``total_field`` (a shown total of the parts), apply
    secondary suppression: a total with exactly one hidden part would reveal it, so the
    next-smallest positive part is hidden too (or the total, when no part is left).

    >>> s = suppress_counts({"a": 3, "b": 12, "c": 40}, 10, total_field="total")
    >>> s.values, s.suppressed
    ({'a': None, 'b': None, 'c': 40, 'total': 55}, ['a', 'b'])
    >>> suppress_counts({"a": 0, "b": 25}, 10).values
    {'a': 0, 'b': 25}
    """
    values: dict[str, int | None] = dict(parts)
    hidden = [k for k, v in parts.items() if is_small(v, threshold)]
    if total_field is not None:
        total = sum(parts.values())
        values[total_field] = total
        if is_small(total, threshold):
            hidden.append(total_field)
        elif len(hidden) == 1:
            rest = sorted((v, k) for k, v in parts.items() if k not in hidden and v > 0)
            hidden.append(rest[0][1] if rest else total_field)
    for k in hidden:
        values[k] = None
    return Suppressed(values=values, suppressed=sorted(hidden))
