"""What the import's validation works with and hands on.

The store's answers it asks for (:data:`ExistingIds`, :data:`StoredRecords`,
:data:`StoredLinks`, :class:`AreaInfo`), and its outcome: a :class:`Validation`, the files'
rows parsed (:class:`ValidatedFile`, :class:`ParsedRow`) with every problem and warning,
which :func:`netmap.ingest.transform.transform` turns into a batch.
:func:`netmap.ingest.validate.validate_tables` produces it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from netmap.errors import Problem
from netmap.ingest.columns import FileSpec

__all__ = [
    "AreaInfo",
    "ExistingIds",
    "ParsedRow",
    "StoredLink",
    "StoredLinks",
    "StoredRecords",
    "ValidatedFile",
    "Validation",
]

#: ``existing_ids(ids) -> {id: label}`` of the ids already in the store.
ExistingIds = Callable[[Iterable[str]], Mapping[str, str]]
#: ``stored(label) -> {id: name or None}``: every stored record of a label.
StoredRecords = Callable[[str], Mapping[str, str | None]]


@dataclass(frozen=True)
class AreaInfo:
    """What the validator needs to know of a stored area (for the hierarchy checks)."""

    level: str | None
    parent: str | None


@dataclass(frozen=True)
class StoredLink:
    """A stored relationship, with its endpoints' labels (the ``--sync`` checks)."""

    type: str
    source: str
    source_label: str
    target: str
    target_label: str


#: ``stored_links(ids) -> links``: the stored relationships touching any of ``ids``.
StoredLinks = Callable[[Collection[str]], Iterable[StoredLink]]


@dataclass
class ParsedRow:
    """A row with typed values: ``values`` for declared columns (``None`` when empty; lists
    for ``;`` columns; resident ids already pseudonymised), ``extra`` for undeclared
    columns kept as string properties. ``number``: the row as a spreadsheet shows it."""

    number: int
    values: dict[str, Any]
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class ValidatedFile:
    name: str
    encoding: str
    spec: FileSpec
    rows: list[ParsedRow]


@dataclass
class Validation:
    """The outcome: parsed files, the problems, every warning.

    ``problems`` lists every problem, or the first ``Limits.listed_problems`` (by file, row,
    column) when there are more: ``problem_count`` counts them all, ``problem_totals`` by
    kind (``[{file, column, reason, count}]``); ``problem_count_exact`` is False when a file
    was not read to its end (clearly garbage: the counts are then lower bounds).
    ``defined`` maps each id defined by the files (and the need vocabulary) to its label;
    ``existing`` the ids looked up in the store (defined or referenced) that it holds.
    ``synced``: the files whose kinds of record ``--sync`` prunes (``None``: no sync).
    ``kinds``: the codes the ``kinds`` file added, by vocabulary.
    """

    files: dict[str, ValidatedFile]
    problems: list[Problem]
    warnings: list[Problem]
    defined: dict[str, str]
    existing: dict[str, str] = field(default_factory=dict)
    problem_count: int = 0
    problem_count_exact: bool = True
    problem_totals: list[dict[str, Any]] = field(default_factory=list)
    synced: set[str] | None = None
    kinds: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems
