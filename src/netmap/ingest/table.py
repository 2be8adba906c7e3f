"""One input file as a table of rows (:class:`Table`), whatever it was read from.

A reader (:mod:`netmap.ingest.csvfile` for CSV, :mod:`netmap.ingest.xlsx` for a workbook
sheet) hands :func:`table_from_records` the file's records, the header first; the header is
checked here (known columns present, no duplicate or blank names over data) and the rows
that follow as they are read: fully empty rows are dropped (they keep their row number),
a row with more or fewer cells than the header is a :class:`~netmap.errors.Problem`. Rows
are numbered as a spreadsheet shows them: the header is row 1, the first data row row 2
(a CSV record is one row, even when a quoted cell holds a line break, as in Excel).

Column names are matched as people write them: case, full-width letters, spaces or ``-``
for ``_`` and the American ``organization`` do not matter (``Area ID`` is ``area_id``).

A table read with ``stream=True`` hands out its rows lazily (:meth:`Table.iter_rows`, what
the validator uses), so a file that is clearly garbage is abandoned after its first
problems instead of being held in memory whole.

Nothing here knows what the columns mean; :mod:`netmap.ingest.validate` does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from netmap.errors import ImportValidationError, Problem
from netmap.ingest.columns import FILE_SPECS
from netmap.ingest.limits import Limits, looks_like_garbage, rejected
from netmap.ingest.messages import t

__all__ = [
    "Relay",
    "Report",
    "Row",
    "Table",
    "column_key",
    "known_files",
    "table_from_records",
    "table_from_rows",
]

#: Where a reader sends the problems it finds while rows are read.
Report = Callable[[Problem], None]


def known_files() -> dict[str, frozenset[str]]:
    """File name → every column name netmap declares for it."""
    return {name: frozenset(spec.column_names()) for name, spec in FILE_SPECS.items()}


def column_key(text: str) -> str:
    """A column (or file) name as written, compared with netmap's: NFKC, lower case,
    spaces and ``-`` as ``_``, ``organization`` as ``organisation``.

    >>> column_key(" Area ID "), column_key("ｏｒｇａｎｉｚａｔｉｏｎ-id")
    ('area_id', 'organisation_id')
    """
    folded = unicodedata.normalize("NFKC", text).replace("\ufeff", "").casefold().strip()
    return re.sub(r"[\s\-]+", "_", folded).replace("organization", "organisation")


@dataclass(frozen=True)
class Row:
    """One data row: its number as a spreadsheet shows it (the header is row 1, the first
    data row row 2) and its cells by column."""

    number: int
    cells: dict[str, str]


class Relay:
    """Forwards the problems a row stream finds to whoever reads the rows at the time."""

    def __init__(self) -> None:
        self.target: Report | None = None

    def __call__(self, problem: Problem) -> None:
        assert self.target is not None
        self.target(problem)


@dataclass
class Table:
    """One input file, decoded and split into rows.

    ``header`` holds the column names as written (stripped; a known column name is matched
    case-insensitively and stored in its canonical lower-case form). ``problems`` are the
    file's reading problems (undecodable bytes, wrong cell counts, a bad header);
    ``warnings`` are notes that do not stop the import. ``label``: how reports name the
    input when it is not the file itself (``"organisations (sheet)"`` for a workbook sheet).
    ``complete`` is False when reading stopped early (a file that is clearly not what it
    should be): its problems are then the first ones, not all. ``header_row``: the row
    number of the header (1, unless a sheet has blank rows above it).

    A table read with ``stream=True`` has rows still to read: :meth:`iter_rows` reads them
    (once), :meth:`read_all` keeps them in ``rows``.
    """

    name: str
    encoding: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    label: str | None = None
    complete: bool = True
    header_row: int = 1
    _pending: Iterator[Row] | None = field(default=None, repr=False, compare=False)
    _relay: Relay | None = field(default=None, repr=False, compare=False)

    def iter_rows(self, report: Report | None = None) -> Generator[Row, None, None]:
        """Every data row: those in ``rows``, then those not read yet (read now, once).

        With ``report``, the table's problems are passed to it first, then every problem
        found while the remaining rows are read; without, those are added to ``problems``.
        """
        if report is not None:
            for p in self.problems:
                report(p)
        yield from self.rows
        pending, self._pending = self._pending, None
        if pending is None:
            return
        if self._relay is not None:
            self._relay.target = report or self.problems.append
        try:
            yield from pending
        finally:
            _close(pending)

    def has_rows(self) -> bool:
        """Whether the table has a data row (reads up to the first one)."""
        if self.rows:
            return True
        if self._pending is None:
            return False
        if self._relay is not None:
            self._relay.target = self.problems.append
        first = next(self._pending, None)
        if first is None:
            _close(self._pending)
            self._pending = None
            return False
        self.rows.append(first)
        return True

    @property
    def pending(self) -> bool:
        """Whether rows are still to be read."""
        return self._pending is not None

    def close(self) -> None:
        """Stop reading: the rows not read yet are dropped (their file closed)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            _close(pending)

    def read_all(self) -> Table:
        """Read the remaining rows into ``rows`` (their problems into ``problems``)."""
        if self._pending is not None:
            self.rows = list(self.iter_rows())
        return self


def _close(it: Iterator[object]) -> None:
    close = getattr(it, "close", None)
    if close is not None:
        close()


def _canonical_header(name: str, raw: Sequence[str]) -> list[str]:
    known = known_files().get(name, frozenset())
    out = []
    for cell in raw:
        c = cell.strip().lstrip("\ufeff").strip()
        key = column_key(c)
        out.append(key if key in known else c)
    return out


def _stopped(name: str, number: int, limits: Limits) -> Problem:
    n = limits.listed_problems
    return Problem(
        name,
        number,
        None,
        None,
        t(
            f"この行で読み取りを中止しました: {n:,} 件を超える問題が 2 行に 1 行以上の割合で"
            "あります（正しいファイルを CSV で保存しましたか？）。残りの行は検査していません",
            f"stopped reading the file at this row: more than {n:,} "
            "problems, in at least every second row (is it the right file, saved as CSV?); "
            "the rest of the file was not checked",
        ),
    )


def table_from_records(
    name: str,
    encoding: str,
    records: Iterator[tuple[int, Sequence[str]]],
    *,
    problems: Iterable[Problem] = (),
    relay: Relay | None = None,
    limits: Limits | None = None,
    label: str | None = None,
) -> Table:
    """A :class:`Table` whose rows are read from ``records`` as they are asked for.

    ``records`` yields ``(row number, cells)``, the header first (row 1); it is read here
    (header checks: known columns present, no duplicate or blank names over data). The
    rows that follow are checked as they are read: fully empty rows are dropped, rows with
    more or fewer cells than the header reported. ``relay`` passes on the problems the
    records' own reader finds. Limits: more than ``limits.rows_per_file`` rows below the
    header's first line reject the import; reading stops once the file looks like garbage
    (:func:`~netmap.ingest.limits.looks_like_garbage`, or more than
    ``limits.listed_problems`` bad rows in a row), and a header that names none of the
    file's columns is not read further (the table is then not ``complete``).
    """
    lim = limits or Limits()
    relay = relay or Relay()
    table = Table(name=name, encoding=encoding, header=[], problems=list(problems), label=label)
    relay.target = table.problems.append
    first = next(records, None)
    if first is None:
        table.problems.append(
            Problem(
                name,
                None,
                None,
                None,
                t("ファイルが空です（列名の行がありません）", "the file is empty (no header row)"),
            )
        )
        _close(records)
        return table
    table.header_row = head = first[0]
    raw_header = list(first[1])
    # Spreadsheets often leave empty cells after the last column: drop them from the
    # header, and allow the same number of empty trailing cells on each row.
    while raw_header and not raw_header[-1].strip():
        raw_header.pop()
    trailing_blank = len(first[1]) - len(raw_header)
    header = _canonical_header(name, raw_header)
    table.header = header
    foreign = _foreign_header(name, head, header)
    if foreign is not None:
        table.problems.append(foreign)
        # Nothing in the rows can be checked against such a header: they are not read.
        table.complete = False
        _close(records)
        return table
    table.problems.extend(_header_names(name, head, header))
    table._pending = _rows(
        table,
        records,
        relay,
        lim,
        name=name,
        label=label,
        header=header,
        head=head,
        trailing_blank=trailing_blank,
    )
    table._relay = relay
    return table


def _foreign_header(name: str, head: int, header: list[str]) -> Problem | None:
    """The problem of a header that names none of the file's columns (``None``: it names
    some, or the file is not netmap's)."""
    known = known_files().get(name)
    if known is None or any(h in known for h in header):
        return None
    expected = ", ".join(sorted(known)[:4])
    return Problem(
        name,
        head,
        None,
        None,
        t(
            f"列名の行にこのファイルの列がひとつもありません: {expected} などの列名が"
            "必要です。正しいファイルを CSV（UTF-8 か Shift_JIS）で保存しましたか？",
            "the header row names none of this file's columns "
            f"(expected e.g. {expected}); "
            "is it the right file, saved as CSV in UTF-8 or Shift_JIS?",
        ),
    )


def _header_names(name: str, head: int, header: list[str]) -> list[Problem]:
    """The header's blank and repeated column names."""
    out: list[Problem] = []
    seen: set[str] = set()
    for h in header:
        if not h:
            out.append(
                Problem(name, head, None, None, t("名前のない列があります", "a column has no name"))
            )
        elif h in seen:
            out.append(
                Problem(name, head, h, None, t("同じ列が 2 回あります", "the column appears twice"))
            )
        seen.add(h)
    return out


def _too_many_rows(name: str, cap: int) -> ImportValidationError:
    return rejected(
        name,
        t(
            f"ファイルの行数が上限の {cap:,} 行を超えています（設定 "
            "NETMAP_MAX_ROWS_PER_FILE）: 小さなファイルに分けてください",
            f"the file has more than {cap:,} rows (the limit, "
            "setting NETMAP_MAX_ROWS_PER_FILE): split it into smaller files",
        ),
    )


def _cell_count(name: str, number: int, cells: int, width: int) -> Problem:
    return Problem(
        name,
        number,
        None,
        None,
        t(
            f"この行のセル数は {cells} 個で、列名の行は {width} 個です"
            "（名前の中の , などでずれていませんか？）",
            f"the row has {cells} cells but the header has {width}",
        ),
    )


def _rows(
    table: Table,
    records: Iterator[tuple[int, Sequence[str]]],
    relay: Relay,
    lim: Limits,
    *,
    name: str,
    label: str | None,
    header: list[str],
    head: int,
    trailing_blank: int,
) -> Iterator[Row]:
    """The data rows below the header (see :func:`table_from_records`), read as they are
    asked for; ``records`` is closed once they are read or reading stops."""
    width = len(header)
    listed = lim.listed_problems
    bad = run = 0
    try:
        for number, cells in records:
            if number - head > lim.rows_per_file:
                raise _too_many_rows(label or name, lim.rows_per_file)
            values = list(cells)
            if not any(v.strip() for v in values):
                continue  # empty line (or a row of empty cells)
            if width < len(values) <= width + trailing_blank and not any(
                v.strip() for v in values[width:]
            ):
                values = values[:width]  # the empty cells after the last named column
            if len(values) != width:
                relay(_cell_count(name, number, len(values), width))
                bad += 1
                run += 1
                if run > listed or looks_like_garbage(bad, number - head, listed):
                    relay(_stopped(name, number, lim))
                    table.complete = False
                    return
                continue
            run = 0
            yield Row(number, dict(zip(header, values, strict=True)))
    finally:
        _close(records)


def table_from_rows(
    name: str,
    encoding: str,
    records: Iterable[tuple[int, Sequence[str]]],
    *,
    problems: Iterable[Problem] = (),
    limits: Limits | None = None,
) -> Table:
    """Build a :class:`Table` from ``(row number, cells)`` records, the header first (row 1),
    every row read (:func:`table_from_records`, then :meth:`Table.read_all`)."""
    table = table_from_records(name, encoding, iter(records), problems=problems, limits=limits)
    return table.read_all()
