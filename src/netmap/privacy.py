"""Privacy: resident pseudonyms (docs/privacy.md).

Raw resident ids exist only inside ingest: :func:`pseudonymise` turns them into keyed
HMAC-SHA256 pseudonyms. What viewers and meetings see of residents is counts from a
protected release (:mod:`netmap.disclosure`).
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from netmap.config import Settings
from netmap.private_files import open_private

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
    key = secrets.token_hex(32)
    fd = open_private(path, os.O_WRONLY | os.O_EXCL)
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
