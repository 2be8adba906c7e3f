"""docs/import-format.md documents every file and column the importer declares."""

from __future__ import annotations

from pathlib import Path

from netmap.ingest.columns import FILE_SPECS
from netmap.model.vocab import ACTIVITY_KINDS, NEEDS, ORGANISATION_KINDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"


def test_every_file_and_column_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    sections = text.split("\n### ")
    for name, spec in FILE_SPECS.items():
        section = next((s for s in sections if s.startswith(f"`{name}`")), None)
        assert section is not None, name
        for col in spec.columns:
            if col.name in ("valid_from", "valid_to", "source", "verified_on"):
                assert f"`{col.name}`" in text
                continue
            shown = f"**`{col.name}`**" if col.required else f"`{col.name}`"
            assert f"| {shown} |" in section, (name, col.name)
        for c in spec.columns:
            for choice in c.choices if not c.soft else ():
                assert f"`{choice}`" in section, (name, choice)


def test_vocabularies_are_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for value in (*NEEDS, *ORGANISATION_KINDS, *ACTIVITY_KINDS):
        assert f"`{value}`" in text, value
