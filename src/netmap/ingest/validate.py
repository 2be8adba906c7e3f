"""Validate the import tables against :data:`netmap.ingest.columns.FILE_SPECS`.

Every problem in every file is collected (never only the first): missing required
columns, empty required cells, bad levels / statuses / kinds of network / roles / target
groups, bad dates and numbers, duplicate ids (within a file, across files and labels, and
against the store), references to ids that exist neither in the files nor in the store
(or that name a node of the wrong label), unknown needs, cycles in the area hierarchy,
``valid_from`` after ``valid_to``. Unknown organisation and activity kinds are kept with a
warning; unknown columns are kept as properties (dropped, with a warning, on residents).

The report is bounded (:class:`~netmap.ingest.limits.ProblemLog`): the first 1,000
problems in full, every one counted per kind. A file that is clearly garbage (more than
1,000 rows with a problem or repeating an earlier row, at least every second row) is not
read to its end; references to its records are then not checked and the counts are lower
bounds.

Raw resident ids are pseudonymised here, as soon as a cell is read: the parsed rows, the
problems and the warnings never hold them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from netmap.errors import Problem
from netmap.ingest.columns import (
    FILE_ORDER,
    FILE_SPECS,
    LIST_SEPARATORS,
    Column,
    ColumnType,
    FileSpec,
)
from netmap.ingest.limits import Limits, ProblemLog, looks_like_garbage
from netmap.ingest.sources import Table
from netmap.model.schema import Label
from netmap.model.vocab import LEVEL_RANK, NEEDS, AreaLevel
from netmap.privacy import pseudonymise

__all__ = [
    "RESERVED_COLUMNS",
    "AreaInfo",
    "ParsedRow",
    "ValidatedFile",
    "Validation",
    "parse_date",
    "parse_int",
    "split_list",
    "validate_tables",
]

#: Column names netmap uses itself in the graph (node ``label``, edge ``type`` and ``key``).
RESERVED_COLUMNS = frozenset({"label", "type", "key"})

HIDDEN = "(value hidden: resident id)"

#: ``existing_ids(ids) -> {id: label}`` of the ids already in the store.
ExistingIds = Callable[[Iterable[str]], Mapping[str, str]]


@dataclass(frozen=True)
class AreaInfo:
    """What the validator needs to know of a stored area (for the hierarchy checks)."""

    level: str | None
    parent: str | None


@dataclass
class ParsedRow:
    """A row with typed values: ``values`` for declared columns (``None`` when empty; lists
    for ``;`` columns; resident ids already pseudonymised), ``extra`` for undeclared
    columns kept as string properties."""

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
    """

    files: dict[str, ValidatedFile]
    problems: list[Problem]
    warnings: list[Problem]
    defined: dict[str, str]
    existing: dict[str, str] = field(default_factory=dict)
    problem_count: int = 0
    problem_count_exact: bool = True
    problem_totals: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


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
            label = "row" if len(rows) == 1 else f"{len(rows)} rows"
            out.append(Problem(file, rows[0], column, value, f"{reason} ({label}: {shown})"))
        return sorted(out, key=lambda p: (p.file, p.row or 0, p.column or ""))


# --------------------------------------------------------------------------- cell parsers

_DATE_RE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def parse_date(text: str) -> str:
    """An ISO date string from ``YYYY-MM-DD`` (or ``YYYY/M/D`` as Excel writes it).

    >>> parse_date("2024/4/1"), parse_date("2023-12-31")
    ('2024-04-01', '2023-12-31')
    """
    m = _DATE_RE.match(text.strip())
    if not m:
        raise ValueError("not a date (expected YYYY-MM-DD)")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise ValueError("not a valid calendar date (expected YYYY-MM-DD)") from None


def _number_text(text: str) -> str:
    t = text.strip()
    return t.replace(",", "") if _THOUSANDS_RE.match(t) else t


def parse_int(text: str) -> int:
    """A whole number (``1,234``, full-width digits and ``12.0`` accepted).

    >>> parse_int("1,234"), parse_int("１２"), parse_int("12.0")
    (1234, 12, 12)
    """
    t = _number_text(text)
    try:
        return int(t)
    except ValueError:
        pass
    try:
        f = float(t)
    except ValueError:
        raise ValueError("not a whole number") from None
    if not f.is_integer():
        raise ValueError("not a whole number")
    return int(f)


def parse_float(text: str) -> float:
    try:
        f = float(_number_text(text))
    except ValueError:
        raise ValueError("not a number") from None
    if f != f or f in (float("inf"), float("-inf")):
        raise ValueError("not a finite number")
    return f


def split_list(text: str) -> list[str]:
    """Items of a ``;`` list, stripped, empty items dropped, duplicates removed in order.

    >>> split_list(" food; housing;;food ；debt")
    ['food', 'housing', 'debt']
    """
    for sep in LIST_SEPARATORS[1:]:
        text = text.replace(sep, LIST_SEPARATORS[0])
    out: list[str] = []
    for item in text.split(LIST_SEPARATORS[0]):
        s = item.strip()
        if s and s not in out:
            out.append(s)
    return out


# --------------------------------------------------------------------------- validator


class _Validator:
    def __init__(
        self,
        tables: Mapping[str, Table],
        key: bytes,
        existing_ids: ExistingIds | None,
        store_areas: Callable[[], Mapping[str, AreaInfo]] | None,
        limits: Limits | None = None,
    ) -> None:
        self.tables = tables
        self.key = key
        self.existing_ids = existing_ids
        self.store_areas = store_areas
        self.limits = limits or Limits()
        # bounded: the first problems in full, every one counted by kind
        self.problems = ProblemLog(self.limits.listed_problems)
        self.warnings = _Warnings()
        self.files: dict[str, ValidatedFile] = {}
        # id → (label, file, row); the need vocabulary is defined by netmap itself.
        self.defined: dict[str, tuple[str, str, int | None]] = {
            n: (Label.NEED, "the need vocabulary", None) for n in NEEDS
        }
        self.existing: dict[str, str] = {}
        self.duplicate_rows: set[tuple[str, int]] = set()
        #: labels of the files not read to their end: references to them are not checked
        #: (they would name ids in the rows not read); the counts are then lower bounds
        self.unread_labels: set[str] = set()
        self.pseudonyms: dict[str, Any] = {}  # raw resident id → pseudonym (cell_parser)

    # -- helpers
    def problem(
        self, spec: FileSpec, row: int | None, col: Column | str | None, value: str | None, why: str
    ) -> None:
        column = col.name if isinstance(col, Column) else col
        hidden = isinstance(col, Column) and col.resident
        if hidden:
            value, why = None, f"{why} {HIDDEN}"
        self.problems.append(Problem(spec.name, row, column, value, why))

    # -- phase 1: each file on its own
    def parse_cell(self, spec: FileSpec, row: int, col: Column, raw: str) -> Any:
        text = raw.strip()
        if not text:
            return None
        if col.many:
            items = split_list(text)
            if not items:
                return None
            parsed = [self.parse_item(spec, row, col, item) for item in items]
            if any(p is _BAD for p in parsed):
                return _BAD
            return parsed
        if col.type in _AS_WRITTEN and not col.resident:
            return text  # the common case, without the dispatch below
        return self.parse_item(spec, row, col, text)

    def parse_item(self, spec: FileSpec, row: int, col: Column, text: str) -> Any:
        t = col.type
        try:
            if t is ColumnType.ID or t is ColumnType.REF:
                return pseudonymise(text, self.key) if col.resident else text
            if t is ColumnType.STR:
                return text
            if t is ColumnType.NEED:
                return text.lower() if text.lower() in NEEDS else text
            if t is ColumnType.INT:
                n = parse_int(text)
                if col.minimum is not None and n < col.minimum:
                    raise ValueError(f"must be at least {col.minimum:g}")
                return n
            if t is ColumnType.FLOAT:
                f = parse_float(text)
                if col.minimum is not None and f < col.minimum:
                    raise ValueError(f"must be at least {col.minimum:g}")
                return f
            if t is ColumnType.DATE:
                return parse_date(text)
            if t is ColumnType.ENUM:
                value = text.lower().replace(" ", "_").replace("-", "_")
                if value in col.choices:
                    return value
                if col.soft:
                    self.warnings.add(
                        spec.name,
                        row,
                        col.name,
                        text,
                        f"unknown {(spec.label or '').lower()} {col.name} (not in the "
                        "vocabulary); kept as written",
                    )
                    return text
                raise ValueError(f"expected one of {', '.join(col.choices)}")
        except ValueError as exc:
            self.problem(spec, row, col, text, f"bad {_what(col)}: {exc}")
            return _BAD
        raise AssertionError(t)  # pragma: no cover

    def read_file(self, table: Table, spec: FileSpec) -> None:
        log = self.problems
        start = log.total
        listed = log.listed_max
        # the table's problems, then those found as its rows are read, go to the log
        table_rows = table.iter_rows(log.add)
        for w in table.warnings:
            self.warnings.plain.append(w)
        header = table.header
        declared = set(spec.column_names())
        for col in spec.columns:
            # (a file that could not be read at all has no header to miss columns from)
            if col.required and col.name not in header and (header or table.complete):
                self.problem(spec, 0, col.name, None, "required column is missing")
        undeclared = [h for h in header if h and h not in declared]
        if spec.strict_columns and undeclared:
            self.warnings.plain.append(
                Problem(
                    spec.name,
                    0,
                    None,
                    None,
                    "columns dropped (netmap stores no names, addresses or free text for "
                    f"residents): {', '.join(undeclared)}",
                )
            )
            undeclared = []
        for h in undeclared:
            if h in RESERVED_COLUMNS:
                self.problem(spec, 0, h, None, "column name is reserved by netmap; rename it")
        kept = [h for h in undeclared if h not in RESERVED_COLUMNS]
        present = [c for c in spec.columns if c.name in header]
        # One parser per column, chosen once (parse_cell's dispatch, not per cell).
        parsers = [
            (c.name, c, None if _as_written(c) else self.cell_parser(spec, c)) for c in present
        ]
        names = {c.name for c in present}
        periods = "valid_from" in names and "valid_to" in names
        problem = self.problem
        rows: list[ParsedRow] = []
        append = rows.append
        # Rows that repeat an earlier one (by hash; the first rows remembered) count with
        # the problems towards "clearly garbage": a real file never repeats its rows.
        remembered: set[int] = set()
        repeats = 0
        for r in table_rows:
            cells = r.cells
            number = r.number
            values: dict[str, Any] = {}
            for name, col, parse in parsers:
                raw = cells.get(name, "")
                # None: a column kept as written (parse_cell's common case), inlined.
                value = (raw.strip() or None) if parse is None else parse(number, raw)
                if value is None:
                    if col.required:
                        problem(spec, number, col, raw, "required value is empty")
                elif value is _BAD:
                    value = None
                values[name] = value
            if kept:
                extra = {h: cells[h].strip() for h in kept if cells.get(h, "").strip()}
                append(ParsedRow(number, values, extra))
            else:
                append(ParsedRow(number, values))
            if periods:
                self.check_period(spec, number, values)
            digest = hash(tuple(cells.values()))
            if digest in remembered:
                repeats += 1
            elif len(remembered) < _REMEMBERED_ROWS:
                remembered.add(digest)
            # clearly garbage (most rows wrong): stop, rather than hold it all in memory
            bad = log.total - start + repeats
            if bad > listed and looks_like_garbage(bad, number, listed):
                log.add(
                    Problem(
                        spec.name,
                        number,
                        None,
                        None,
                        f"stopped checking the file at this row: more than {listed:,} rows "
                        "with problems or repeating an earlier row, at least every second "
                        "row (is it the right file?); the rest of the file was not checked",
                    )
                )
                table_rows.close()
                table.complete = False
                break
        if not table.complete and spec.label is not None:
            self.unread_labels.add(spec.label)
        if not table.complete:
            self.problems.exact = False
        self.files[spec.name] = ValidatedFile(spec.name, table.encoding, spec, rows)

    def cell_parser(self, spec: FileSpec, col: Column) -> Callable[[int, str], Any]:
        """``parse(row, raw)`` for one column: what :meth:`parse_cell` returns, with the
        results of side-effect-free parses (no problem, no warning) cached by cell text."""
        item: Callable[[int, str], Any]
        if col.type in _AS_WRITTEN and not col.resident:
            if not col.many:

                def as_written(row: int, raw: str) -> Any:
                    return raw.strip() or None

                return as_written

            def item(row: int, text: str) -> Any:
                return text

        else:
            # Resident ids share one cache: the same raw id in any file, the same pseudonym.
            shared = col.resident and col.type in (ColumnType.ID, ColumnType.REF)
            cache: dict[str, Any] = self.pseudonyms if shared else {}
            choices = col.choices if col.type is ColumnType.ENUM else None
            parse_item = self.parse_item

            def item(row: int, text: str) -> Any:
                value = cache.get(text, _BAD)
                if value is _BAD:
                    value = parse_item(spec, row, col, text)
                    # A bad value was reported, a soft enum value warned: never cached.
                    if value is not _BAD and (choices is None or value in choices):
                        cache[text] = value
                return value

        if col.many:

            def many(row: int, raw: str) -> Any:
                text = raw.strip()
                if not text:
                    return None
                items = split_list(text)
                if not items:
                    return None
                parsed = [item(row, i) for i in items]
                if any(p is _BAD for p in parsed):
                    return _BAD
                return parsed

            return many

        def one(row: int, raw: str) -> Any:
            text = raw.strip()
            return item(row, text) if text else None

        return one

    def check_period(self, spec: FileSpec, row: int, values: dict[str, Any]) -> None:
        start, end = values.get("valid_from"), values.get("valid_to")
        if isinstance(start, str) and isinstance(end, str) and start > end:
            self.problem(spec, row, "valid_to", end, f"valid_to is before valid_from ({start})")

    # -- phase 2: across files and against the store
    def collect_ids(self) -> None:
        for vf in self.files.values():
            spec = vf.spec
            if spec.label is None:
                continue
            id_col = spec.column("id")
            assert id_col is not None
            for row in vf.rows:
                rid = row.values.get("id")
                if not isinstance(rid, str):
                    continue
                prior = self.defined.get(rid)
                if prior is None or (spec.label == Label.NEED and prior[2] is None):
                    self.defined[rid] = (spec.label, spec.name, row.number)
                    continue
                _, pfile, prow = prior
                self.duplicate_rows.add((spec.name, row.number))
                where = "this file" if pfile == spec.name else pfile
                self.problem(
                    spec,
                    row.number,
                    id_col,
                    rid,
                    f"duplicate id: already used in {where}"
                    + (f" row {prow}" if prow is not None else "")
                    + " (an id names exactly one record, across all files)",
                )

    def load_existing(self) -> None:
        wanted: set[str] = {i for i, (_, f, _r) in self.defined.items() if f in self.files}
        wanted.update(NEEDS)  # the transform writes only the vocabulary needs not yet stored
        defined = self.defined
        for vf in self.files.values():
            names = [c.name for c in vf.spec.columns if c.type in (ColumnType.REF, ColumnType.NEED)]
            if not names:
                continue
            for row in vf.rows:
                values = row.values
                for name in names:
                    value = values.get(name)
                    if isinstance(value, str):
                        if value not in defined:
                            wanted.add(value)
                    elif isinstance(value, list):
                        wanted.update(v for v in value if isinstance(v, str) and v not in defined)
        if self.existing_ids is not None and wanted:
            self.existing = dict(self.existing_ids(sorted(wanted)))

    def check_store_labels(self) -> None:
        for vf in self.files.values():
            spec = vf.spec
            if spec.label is None:
                continue
            id_col = spec.column("id")
            assert id_col is not None
            for row in vf.rows:
                rid = row.values.get("id")
                if not isinstance(rid, str):
                    continue
                stored = self.existing.get(rid)
                if (spec.name, row.number) in self.duplicate_rows:
                    continue  # already reported as a duplicate within the files
                if stored is not None and stored != spec.label:
                    self.problem(
                        spec,
                        row.number,
                        id_col,
                        rid,
                        f"duplicate id: the store already has {_a(stored)} with this id "
                        f"(ids are unique across all labels)",
                    )

    def label_of(self, ref: str) -> str | None:
        d = self.defined.get(ref)
        return d[0] if d is not None else self.existing.get(ref)

    def check_references(self) -> None:
        # label_of(ref) for every id, as one lookup: a defined id's label wins.
        labels = dict(self.existing)
        labels.update((i, d[0]) for i, d in self.defined.items())
        for vf in self.files.values():
            spec = vf.spec
            for col in spec.columns:
                if col.type is ColumnType.REF:
                    allowed = col.refs
                elif col.type is ColumnType.NEED:
                    allowed = (Label.NEED,)
                else:
                    continue
                if self.unread_labels.intersection(allowed):
                    continue  # the ids it may name were not all read
                name = col.name
                for row in vf.rows:
                    value = row.values.get(name)
                    if value is None:
                        continue
                    for ref in (value,) if isinstance(value, str) else _as_list(value):
                        label = labels.get(ref)
                        if label is None:
                            why = (
                                "unknown need (not in the vocabulary, needs.csv or the store)"
                                if col.type is ColumnType.NEED
                                else f"no {_labels(allowed)} with this id in the files or the store"
                            )
                            self.problem(spec, row.number, col, ref, why)
                        elif label not in allowed:
                            self.problem(
                                spec,
                                row.number,
                                col,
                                ref,
                                f"this id names {_a(label)}, expected {_labels(allowed)}",
                            )

    def check_pairs(self) -> None:
        for vf in self.files.values():
            spec = vf.spec
            if spec.endpoints is None:
                continue
            s_name, t_name = spec.endpoints
            s_col, t_col = spec.column(s_name), spec.column(t_name)
            assert s_col is not None and t_col is not None
            seen: dict[tuple[Any, ...], int] = {}
            for row in vf.rows:
                s, t = row.values.get(s_name), row.values.get(t_name)
                if not (isinstance(s, str) and isinstance(t, str)):
                    continue
                if spec.name == "partnerships.csv":
                    if s == t:
                        self.problem(
                            spec, row.number, t_col, t, "an organisation cannot partner itself"
                        )
                        continue
                    key: tuple[Any, ...] = (*sorted((s, t)), row.values.get("kind") or "")
                    what = "partnership (same pair of organisations and kind"
                else:
                    key = (s, t)
                    what = f"{spec.rel} record (same {s_name} and {t_name}"
                if key in seen:
                    self.problem(
                        spec, row.number, None, None, f"duplicate {what} as row {seen[key]})"
                    )
                else:
                    seen[key] = row.number

    def check_areas(self) -> None:
        vf = self.files.get("areas.csv")
        levels: dict[str, str | None] = {}
        parents: dict[str, str | None] = {}
        rows: dict[str, ParsedRow] = {}
        if vf is not None:
            for row in vf.rows:
                aid = row.values.get("id")
                if isinstance(aid, str) and aid not in rows:
                    rows[aid] = row
                    levels[aid] = row.values.get("level")
                    parents[aid] = row.values.get("parent_id")
        # Parents stored (not in the files) matter only when a file area hangs below one.
        needs_store = any(
            p is not None and p not in rows and self.existing.get(p) == Label.AREA
            for p in parents.values()
        )
        if needs_store and self.store_areas is not None:
            for aid, info in self.store_areas().items():
                if aid not in rows:
                    levels[aid], parents[aid] = info.level, info.parent
        if vf is not None:
            in_cycles = self.check_cycles(vf.spec, rows, parents)
            self.check_area_levels(vf.spec, rows, levels, skip=in_cycles)
        self.check_resident_levels(levels)

    def check_cycles(
        self, spec: FileSpec, rows: dict[str, ParsedRow], parents: dict[str, str | None]
    ) -> set[str]:
        col = spec.column("parent_id")
        in_cycles: set[str] = set()
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        for start in sorted(rows):
            path: list[str] = []
            node: str | None = start
            while node is not None and state.get(node) is None and node in parents:
                state[node] = 1
                path.append(node)
                node = parents[node]
            if node is not None and state.get(node) == 1:
                cycle = path[path.index(node) :]
                shown = " → ".join([*cycle, node])
                in_cycles.update(cycle)
                for aid in cycle:
                    if aid in rows:
                        self.problem(
                            spec,
                            rows[aid].number,
                            col,
                            parents[aid],
                            f"the area hierarchy has a cycle: {shown}",
                        )
            for n in path:
                state[n] = 2
        return in_cycles

    def check_area_levels(
        self,
        spec: FileSpec,
        rows: dict[str, ParsedRow],
        levels: dict[str, str | None],
        *,
        skip: set[str],
    ) -> None:
        for aid, row in rows.items():
            if aid in skip:
                continue
            parent = row.values.get("parent_id")
            if not isinstance(parent, str) or parent == aid:
                continue
            mine, theirs = levels.get(aid), levels.get(parent)
            if (
                mine in LEVEL_RANK
                and theirs in LEVEL_RANK
                and LEVEL_RANK[mine] <= LEVEL_RANK[theirs]
            ):
                self.problem(
                    spec,
                    row.number,
                    "parent_id",
                    parent,
                    f"a {mine} cannot be part of a {theirs}: the parent must be a coarser area",
                )

    def check_resident_levels(self, levels: dict[str, str | None]) -> None:
        vf = self.files.get("residents.csv")
        if vf is None:
            return
        for row in vf.rows:
            area = row.values.get("area_id")
            if isinstance(area, str) and levels.get(area) == AreaLevel.NEIGHBOURHOOD:
                self.problem(
                    vf.spec,
                    row.number,
                    "area_id",
                    area,
                    "residents are recorded at district level or coarser (privacy); "
                    "this area is a neighbourhood",
                )

    def run(self) -> Validation:
        for name in FILE_ORDER:
            table = self.tables.get(name)
            if table is not None:
                self.read_file(table, FILE_SPECS[name])
        for name in self.tables:
            if name not in FILE_SPECS:  # pragma: no cover - readers only return known files
                self.warnings.plain.append(Problem(name, None, None, None, "unknown file; ignored"))
        self.collect_ids()
        self.load_existing()
        self.check_store_labels()
        self.check_references()
        self.check_pairs()
        self.check_areas()
        return Validation(
            files=self.files,
            problems=self.problems.listed(),
            warnings=self.warnings.result(),
            defined={i: d[0] for i, d in self.defined.items()},
            existing=self.existing,
            problem_count=self.problems.total,
            problem_count_exact=self.problems.exact,
            problem_totals=self.problems.totals(),
        )


_AS_WRITTEN = (ColumnType.STR, ColumnType.ID, ColumnType.REF)
#: Rows of a file remembered (by hash) to notice repeated rows.
_REMEMBERED_ROWS = 100_000


def _as_written(col: Column) -> bool:
    """A single-value column whose value is the stripped cell (see ``parse_cell``)."""
    return col.type in _AS_WRITTEN and not col.resident and not col.many


class _Bad:
    """Marker of a cell that failed to parse (already reported)."""


_BAD: Any = _Bad()


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return [value] if isinstance(value, str) else []


def _what(col: Column) -> str:
    return {
        ColumnType.INT: "number",
        ColumnType.FLOAT: "number",
        ColumnType.DATE: "date",
    }.get(col.type, col.name)


def _a(label: str) -> str:
    """``"an Area"``, ``"a Network"``."""
    return f"{'an' if label[:1] in 'AEIOU' else 'a'} {label}"


def _labels(labels: tuple[str, ...]) -> str:
    return " or ".join(labels)


def validate_tables(
    tables: Mapping[str, Table],
    *,
    key: bytes,
    existing_ids: ExistingIds | None = None,
    store_areas: Callable[[], Mapping[str, AreaInfo]] | None = None,
    limits: Limits | None = None,
) -> Validation:
    """Validate every table; collect every problem (the first ``limits.listed_problems``
    in full, all of them counted; a file that is clearly garbage is not read to its end).

    Parameters
    ----------
    tables
        What :func:`netmap.ingest.sources.read_tables` returned.
    key
        The pseudonym key (:func:`netmap.privacy.load_or_create_key`).
    existing_ids
        ``store.existing_ids``: the ids already stored, with their labels (references may
        name them; ids in the files must not name a stored node of another label).
    store_areas
        Called only when an area in the files hangs below a stored area: the stored areas'
        levels and parents, to find cycles and level inversions through the store.
    limits
        The caps (:class:`~netmap.ingest.limits.Limits`; default: the settings' defaults).
    """
    return _Validator(tables, key, existing_ids, store_areas, limits).run()
