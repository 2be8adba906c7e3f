"""The validator's shared state and helpers (:class:`Checker`), which each family of
checks builds on: reading a file (:mod:`netmap.ingest.check_file`), its values and codes
(:mod:`netmap.ingest.check_values`), ids and references (:mod:`netmap.ingest.check_refs`),
``--sync`` (:mod:`netmap.ingest.check_sync`) and the area hierarchy
(:mod:`netmap.ingest.check_areas`); :mod:`netmap.ingest.validate` runs them in order.

Problems go to a bounded :class:`~netmap.ingest.limits.ProblemLog`; warnings are grouped
by file, column, value and reason, listing the rows concerned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from typing import Any

from netmap.errors import Problem
from netmap.ingest.columns import Column, FileSpec
from netmap.ingest.limits import Limits, ProblemLog
from netmap.ingest.messages import input_name, t
from netmap.ingest.table import Table
from netmap.ingest.validation import (
    AreaInfo,
    ExistingIds,
    StoredLinks,
    StoredRecords,
    ValidatedFile,
)
from netmap.model.schema import Label
from netmap.model.vocab import NEEDS, VOCABULARIES, CodeIndex

__all__ = ["LABEL_JA", "Checker", "a_or_an", "or_labels", "or_labels_ja", "spaced"]

#: What each kind of record is called in Japanese messages.
LABEL_JA: dict[str, str] = {
    Label.AREA: "地域",
    Label.ORGANISATION: "団体",
    Label.NETWORK: "ネットワーク",
    Label.ACTIVITY: "活動",
    Label.RESIDENT: "住民",
    Label.NEED: "ニーズ",
    Label.REFERRAL: "つなぎ",
}


class _Warnings:
    """Warnings grouped by (file, column, value, reason), listing the rows concerned."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str | None, str | None, str], list[int]] = defaultdict(list)
        self.plain: list[Problem] = []

    def add(self, file: str, row: int, column: str | None, value: str | None, reason: str) -> None:
        self._rows[(file, column, value, reason)].append(row)

    def result(self) -> list[Problem]:
        out = list(self.plain)
        for (file, column, value, reason), rows in self._rows.items():
            shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
            if len(rows) == 1:
                where = t(f"（{shown} 行目）", f" (row: {shown})")
            else:
                where = t(f"（{len(rows)} 行: {shown}）", f" ({len(rows)} rows: {shown})")
            out.append(Problem(file, rows[0], column, value, f"{reason}{where}"))
        return sorted(out, key=lambda p: (p.file, p.row or 0, p.column or ""))


class Checker:
    """The state every family of checks shares: the tables, the store's answers, the
    problems and warnings found so far, the ids the files define, and the codes the
    ``kinds`` and ``needs`` files add."""

    def __init__(
        self,
        tables: Mapping[str, Table],
        key: bytes,
        existing_ids: ExistingIds | None,
        store_areas: Callable[[], Mapping[str, AreaInfo]] | None,
        limits: Limits | None = None,
        *,
        sync_files: Collection[str] | None = None,
        stored: StoredRecords | None = None,
        stored_links: StoredLinks | None = None,
    ) -> None:
        self.tables = tables
        self.key = key
        self.existing_ids = existing_ids
        self.store_areas = store_areas
        self.limits = limits or Limits()
        self.sync_files = set(sync_files) if sync_files is not None else None
        self.stored = stored
        self.stored_links = stored_links
        #: the input is a workbook: messages name sheets, not files
        self.sheets = any(tb.label for tb in tables.values())
        # bounded: the first problems in full, every one counted by kind
        self.problems = ProblemLog(self.limits.listed_problems)
        self.warnings = _Warnings()
        self.files: dict[str, ValidatedFile] = {}
        # id → (label, file, row); the need vocabulary is defined by netmap itself.
        self.defined: dict[str, tuple[str, str, int | None]] = {
            n: (Label.NEED, "", None) for n in NEEDS
        }
        self.names: dict[str, str] = {}  # id → name, of the records in the files
        self.existing: dict[str, str] = {}
        self.duplicate_rows: set[tuple[str, int]] = set()
        #: labels of the files not read to their end: references to them are not checked
        #: (they would name ids in the rows not read); the counts are then lower bounds
        self.unread_labels: set[str] = set()
        self.pseudonyms: dict[str, Any] = {}  # raw resident id → pseudonym (cell_parser)
        #: codes the kinds file adds: vocabulary → {code: (label_ja, label_en)}
        self.kinds: dict[str, dict[str, tuple[str, str]]] = {}
        self.needs_added: dict[str, tuple[str, str]] = {}
        self._indexes: dict[str, CodeIndex] = {}
        self._stored_cache: dict[str, Mapping[str, str | None]] = {}
        self._suggested: dict[tuple[str, ...], dict[str, list[str]]] = {}
        #: ids ``--sync`` removes: id → (label, file)
        self.removed: dict[str, tuple[str, str]] = {}

    # -- helpers
    def problem(
        self, spec: FileSpec, row: int | None, col: Column | str | None, value: str | None, why: str
    ) -> None:
        column = col.name if isinstance(col, Column) else col
        hidden = isinstance(col, Column) and col.resident
        if hidden:
            value = None
            why = f"{why}{t('（住民 ID のため値は表示しません）', ' (value hidden: resident id)')}"
        self.problems.append(Problem(spec.name, row, column, value, why))

    def name_of(self, file: str) -> str:
        """How a message names another input: ``organisations.csv`` or the sheet."""
        return input_name(file, self.sheets)

    def index(self, vocabulary: str) -> CodeIndex:
        idx = self._indexes.get(vocabulary)
        if idx is None:
            extra = self.needs_added if vocabulary == "need" else self.kinds.get(vocabulary, {})
            idx = self._indexes[vocabulary] = VOCABULARIES[vocabulary].index(extra)
        return idx

    def stored_records(self, label: str) -> Mapping[str, str | None]:
        if self.stored is None:
            return {}
        if label not in self._stored_cache:
            self._stored_cache[label] = self.stored(label)
        return self._stored_cache[label]


def spaced(name: str) -> str:
    """A file name before a Japanese particle: ``kinds.csv で``, ``kinds シートで``."""
    return f"{name} " if name[-1:].isascii() else name


def a_or_an(label: str) -> str:
    """``"an Area"``, ``"a Network"``."""
    return f"{'an' if label[:1] in 'AEIOU' else 'a'} {label}"


def or_labels(labels: tuple[str, ...]) -> str:
    return " or ".join(labels)


def or_labels_ja(labels: tuple[str, ...]) -> str:
    return "または".join(LABEL_JA.get(label, label) for label in labels)
