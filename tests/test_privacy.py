from __future__ import annotations

import os
import stat
from pathlib import Path

from netmap.config import Settings
from netmap.privacy import format_count, load_or_create_key, pseudonymise, suppress_counts


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


def test_small_counts_are_hidden() -> None:
    assert [format_count(n, 10) for n in (0, 1, 9, 10, 11)] == ["0", "<10", "<10", "10", "11"]


def test_secondary_suppression_protects_a_single_hidden_part() -> None:
    s = suppress_counts({"a": 4, "b": 30, "c": 15}, 10, total_field="total")
    assert s.values == {"a": None, "b": 30, "c": None, "total": 49}
    assert s.suppressed == ["a", "c"]


def test_two_hidden_parts_need_no_secondary() -> None:
    s = suppress_counts({"a": 4, "b": 3, "c": 15}, 10, total_field="total")
    assert s.suppressed == ["a", "b"]
    assert s.values["c"] == 15


def test_small_total_is_hidden() -> None:
    s = suppress_counts({"a": 4, "b": 0}, 10, total_field="total")
    assert s.values == {"a": None, "b": 0, "total": None}


def test_zero_is_not_a_small_count() -> None:
    s = suppress_counts({"a": 0, "b": 0, "c": 25}, 10, total_field="total")
    assert s.values == {"a": 0, "b": 0, "c": 25, "total": 25}
    assert s.suppressed == []
