from __future__ import annotations

import os
import stat
from pathlib import Path

from netmap.config import Settings
from netmap.privacy import load_or_create_key, pseudonymise


def test_pseudonym_is_keyed_and_stable() -> None:
    a = pseudonymise("山田-001", b"key-one")
    assert a == pseudonymise("山田-001", b"key-one")
    assert a != pseudonymise("山田-001", b"key-two")
    assert a != pseudonymise("山田-002", b"key-one")
    assert "001" not in a


def test_generated_key_is_private_and_reused(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    k1 = load_or_create_key(s)
    k2 = load_or_create_key(s)
    assert k1 == k2 and len(k1) == 64
    mode = stat.S_IMODE(os.stat(tmp_path / "pseudonym.key").st_mode)
    assert mode == 0o600


def test_configured_key_wins(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path, pseudonym_key="secret-from-config")
    assert load_or_create_key(s) == b"secret-from-config"
    assert not (tmp_path / "pseudonym.key").exists()
