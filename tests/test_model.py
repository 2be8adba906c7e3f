"""The schema and vocabularies match DATA_MODEL.md."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from netmap.model import vocab
from netmap.model.schema import NODE_LABELS, OWNED_RELS, PAIR_RELS, REL_TYPES, Label, Rel


def _find_data_model() -> Path:
    """The shared contract lives in ``shared/`` beside the checkout (as in CI)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "DATA_MODEL.md"
        if candidate.is_file():
            return candidate
    if os.environ.get("CI"):
        pytest.fail("shared/DATA_MODEL.md is missing beside the checkout")
    pytest.skip("shared/DATA_MODEL.md is not beside this checkout")


@pytest.fixture(scope="module")
def contract() -> str:
    return _find_data_model().read_text(encoding="utf-8")


def test_labels_and_types_are_those_of_the_contract(contract: str) -> None:
    text = contract
    labels = set(re.findall(r"^\| `(\w+)` \|", text, flags=re.M))
    assert set(NODE_LABELS) == labels
    rels = set(re.findall(r"\[:(\w+)", text))
    assert set(REL_TYPES) == rels


def test_ownership_follows_the_contract() -> None:
    assert set(OWNED_RELS[Label.ORGANISATION]) == {Rel.LOCATED_IN, Rel.PROVIDES}
    assert set(OWNED_RELS[Label.ACTIVITY]) == {Rel.RUNS, Rel.HELD_IN, Rel.ADDRESSES}
    assert set(OWNED_RELS[Label.RESIDENT]) == {Rel.LIVES_IN, Rel.HAS_NEED}
    assert set(OWNED_RELS[Label.REFERRAL]) == {Rel.FROM, Rel.TO, Rel.CONCERNS, Rel.ABOUT}
    assert set(OWNED_RELS[Label.NETWORK]) == {Rel.COVERS}
    assert set(OWNED_RELS[Label.AREA]) == {Rel.PART_OF}
    assert set(PAIR_RELS) == {Rel.MEMBER_OF, Rel.PARTNERS_WITH, Rel.PARTICIPATES_IN}


def test_vocabularies_are_those_of_the_contract(contract: str) -> None:
    text = contract
    need_line = text.split("## Need vocabulary")[1].split("##")[0]
    assert set(re.findall(r"`(\w+)`", need_line)) == set(vocab.NEEDS)
    for need_id, (ja, _en) in vocab.NEEDS.items():
        assert f"`{need_id}` {ja}" in need_line
    org_part = text.split("Organisation `kind`:")[1].split("Activity `kind`:")[0]
    assert set(re.findall(r"`(\w+)`", org_part)) == set(vocab.ORGANISATION_KINDS)
    act_part = text.split("Activity `kind`:")[1].split("Target groups:")[0]
    assert set(re.findall(r"`(\w+)`", act_part)) == set(vocab.ACTIVITY_KINDS)
    assert set(vocab.NEED_ACTIVITY_KINDS) == set(vocab.NEEDS)
    for kinds in vocab.NEED_ACTIVITY_KINDS.values():
        assert set(kinds) <= set(vocab.ACTIVITY_KINDS)
