"""Read the import files: a folder, a ``.zip`` or a single ``.csv`` (``.xlsx`` via a hook).

Each CSV file is decoded on its own: UTF-8 (with or without BOM), else CP932 (Shift_JIS as
Excel writes it). The choice is confirmed against the header, which must contain known
ASCII column names. Bytes that neither encoding can decode are reported as a
:class:`~netmap.errors.Problem` naming the file and row; so is a row with more or fewer
cells than the header. Empty lines are skipped (they keep their row number). Rows are
numbered as a spreadsheet shows them: the header is row 1, the first data row row 2 (a
CSV record is one row, even when a quoted cell holds a line break, as in Excel).

Column names are matched as people write them: case, full-width letters, spaces or ``-``
for ``_`` and the American ``organization`` do not matter (``Area ID`` is ``area_id``).
A file name close to a netmap file's (``organisation.csv``) is a problem with a "did you
mean", not a file silently ignored.

Files are read as streams, never whole, through :mod:`netmap.ingest.limits` (the caps on
expanded size and rows, damaged archives): a first pass over the bytes settles the
encoding, a second one parses the rows as they are asked for. With ``stream=True`` the
tables hand out their rows lazily (:meth:`Table.iter_rows`, what the validator uses),
so a file that is clearly garbage is abandoned after its first problems instead of being
held in memory whole.

Nothing here knows what the columns mean; :mod:`netmap.ingest.validate` does.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import importlib
import io
import re
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Protocol

from netmap.errors import ImportValidationError, NetmapError, Problem
from netmap.ingest.columns import FILE_SPECS
from netmap.ingest.limits import (
    CHUNK_BYTES,
    MAX_LINE_BYTES,
    MIB,
    BoundedReader,
    Budget,
    Limits,
    looks_like_garbage,
    open_file,
    open_member,
    open_zip,
    rejected,
)
from netmap.ingest.messages import did_you_mean, t
from netmap.spreadsheet import restore

__all__ = [
    "Report",
    "Row",
    "Source",
    "Table",
    "TableReader",
    "column_key",
    "decode_bytes",
    "known_files",
    "name_suggestion",
    "open_csv",
    "read_csv_bytes",
    "read_folder",
    "read_tables",
    "read_zip",
    "table_from_records",
    "table_from_rows",
]

#: Where a reader sends the problems it finds while rows are read.
Report = Callable[[Problem], None]


class TableReader(Protocol):
    """What a reader is: tables by file name (``"areas.csv"``)."""

    def __call__(
        self,
        path: Path,
        *,
        limits: Limits | None = None,
        budget: Budget | None = None,
        stream: bool = False,
        keep_empty: bool = False,
    ) -> dict[str, Table]: ...


#: Readers for other container types, as ``"module:function"`` (imported on use, so heavy
#: libraries load only when needed). The XLSX reader (one sheet per file name) plugs in here.
EXTRA_READERS: dict[str, str] = {
    ".xlsx": "netmap.ingest.xlsx:read_xlsx",
    ".xlsm": "netmap.ingest.xlsx:read_xlsx",
}

ENCODING_UTF8 = "utf-8"
ENCODING_UTF8_BOM = "utf-8-sig"
ENCODING_CP932 = "cp932"
_BOM = b"\xef\xbb\xbf"
#: More lines than this that neither encoding decodes: the file is not CSV text.
MAX_UNDECODABLE_LINES = 10_000
_NEWLINE = re.compile(rb"\r\n|\r|\n")


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


def name_suggestion(name: str, known: Iterable[str]) -> str | None:
    """The netmap file (or sheet) name a misspelt one most likely means, if any.

    >>> name_suggestion("organisation", ["organisations", "areas"])
    'organisations'
    >>> name_suggestion("memo", ["organisations", "areas"]) is None
    True
    """
    key = column_key(name)
    stems = list(known)
    matches = difflib.get_close_matches(key, stems, n=1, cutoff=0.75)
    return matches[0] if matches else None


@dataclass(frozen=True)
class Row:
    """One data row: its number as a spreadsheet shows it (the header is row 1, the first
    data row row 2) and its cells by column."""

    number: int
    cells: dict[str, str]


class _Relay:
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
    _relay: _Relay | None = field(default=None, repr=False, compare=False)

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


@dataclass(frozen=True)
class Source:
    """One input file: its name (``"areas.csv"``) and how to open it, from the start, as a
    bounded byte stream: ``open(budget, cap)`` (bytes charged to ``budget``; at most
    ``cap`` bytes)."""

    name: str
    open: Callable[[Budget | None, int | None], BoundedReader]


# --------------------------------------------------------------------------- decoding


def _known_in_header(text: str, known: frozenset[str]) -> bool:
    cells = next(csv.reader([text]), [])
    return any(column_key(c) in known for c in cells)


def decode_bytes(name: str, data: bytes) -> tuple[str, str, set[int]]:
    """Decode one file's bytes: ``(text, encoding, undecodable line numbers)``.

    UTF-8 (BOM or not) is tried first, then CP932; an encoding is accepted when the whole
    file decodes and its header names a known column. When neither decodes the whole file,
    the encoding that decodes more lines is used, undecodable characters are replaced (so
    the rest of the file can still be checked) and the 1-based numbers of the lines that
    did not decode are returned. (The readers make the same choice on a stream, see
    :func:`open_csv`; this is it for bytes at hand.)

    >>> decode_bytes("areas.csv", "id,name,level\\nA,港北区,ward\\n".encode("cp932"))[1:]
    ('cp932', set())
    >>> decode_bytes("areas.csv", "\\ufeffid,name\\n".encode("utf-8"))[1]
    'utf-8-sig'
    """
    scan = _scan(_bytes_source(name, data), None)
    return data.decode(scan.encoding, errors="replace"), scan.encoding, scan.bad_lines


# --------------------------------------------------------------------------- parsing


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
    relay: _Relay | None = None,
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
    relay = relay or _Relay()
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
    known = known_files().get(name)
    if known is not None and not any(h in known for h in header):
        expected = ", ".join(sorted(known)[:4])
        table.problems.append(
            Problem(
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
        )
        # Nothing in the rows can be checked against such a header: they are not read.
        table.complete = False
        _close(records)
        return table
    seen: set[str] = set()
    for h in header:
        if not h:
            table.problems.append(
                Problem(name, head, None, None, t("名前のない列があります", "a column has no name"))
            )
        elif h in seen:
            table.problems.append(
                Problem(name, head, h, None, t("同じ列が 2 回あります", "the column appears twice"))
            )
        seen.add(h)
    width = len(header)
    listed = lim.listed_problems

    def rows() -> Iterator[Row]:
        bad = run = 0
        try:
            for number, cells in records:
                if number - head > lim.rows_per_file:
                    cap = lim.rows_per_file
                    raise rejected(
                        label or name,
                        t(
                            f"ファイルの行数が上限の {cap:,} 行を超えています（設定 "
                            "NETMAP_MAX_ROWS_PER_FILE）: 小さなファイルに分けてください",
                            f"the file has more than {cap:,} rows (the limit, "
                            "setting NETMAP_MAX_ROWS_PER_FILE): split it into smaller files",
                        ),
                    )
                values = list(cells)
                if not any(v.strip() for v in values):
                    continue  # empty line (or a row of empty cells)
                if width < len(values) <= width + trailing_blank and not any(
                    v.strip() for v in values[width:]
                ):
                    values = values[:width]  # the empty cells after the last named column
                if len(values) != width:
                    relay(
                        Problem(
                            name,
                            number,
                            None,
                            None,
                            t(
                                f"この行のセル数は {len(values)} 個で、列名の行は {width} 個です"
                                "（名前の中の , などでずれていませんか？）",
                                f"the row has {len(values)} cells but the header has {width}",
                            ),
                        )
                    )
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

    table._pending = rows()
    table._relay = relay
    return table


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


# --------------------------------------------------------------------------- streaming CSV


@dataclass
class _Scan:
    """What the first pass over a file's bytes found."""

    encoding: str
    bad_lines: set[int]
    size: int
    problem: str | None = None  # the file is not CSV text: why (nothing else is read)


def _first_break(chunk: bytes) -> int:
    positions = [i for i in (chunk.find(b"\n"), chunk.find(b"\r")) if i >= 0]
    return min(positions)


def _header_known(header: bytes, encoding: str, known: frozenset[str]) -> bool:
    try:
        return _known_in_header(header.decode(encoding, errors="replace"), known)
    except csv.Error:
        return False


def _scan(source: Source, budget: Budget | None) -> _Scan:
    """Pass 1 over the bytes (streamed): the encoding, the lines neither encoding decodes,
    the size (charged to ``budget``), or why the file is not CSV text at all (NUL bytes,
    a line longer than :data:`~netmap.ingest.limits.MAX_LINE_BYTES`)."""
    name = source.name
    files = known_files()
    known = files.get(name) or frozenset().union(*files.values())
    head = bytearray()
    head_done = False
    utf8 = codecs.getincrementaldecoder(ENCODING_UTF8)()
    utf8_ok = True
    size = run = 0
    with source.open(budget, None) as f:
        while chunk := f.read(CHUNK_BYTES):
            size += len(chunk)
            if b"\x00" in chunk:
                return _Scan(
                    ENCODING_UTF8,
                    set(),
                    size,
                    t(
                        "ファイルに NUL バイトがあり、CSV のテキストではありません（「Unicode "
                        "テキスト」など別の形式で保存していませんか？）: "
                        "CSV UTF-8 で保存してください",
                        "the file contains NUL bytes: it is not CSV text (was it saved as "
                        "'Unicode text' or in another format?); save it as CSV UTF-8",
                    ),
                )
            last = max(chunk.rfind(b"\n"), chunk.rfind(b"\r"))
            if last < 0:
                run += len(chunk)
            else:
                run += _first_break(chunk)
                if run <= MAX_LINE_BYTES:
                    run = len(chunk) - last - 1
            if run > MAX_LINE_BYTES:
                mb = MAX_LINE_BYTES // MIB
                return _Scan(
                    ENCODING_UTF8,
                    set(),
                    size,
                    t(
                        f"{mb} MB を超える行があり、netmap の CSV ファイルではありません"
                        "（CSV UTF-8 で保存してください）",
                        f"a line is longer than {mb} MB: this is not a CSV "
                        "file of netmap (save it as CSV UTF-8)",
                    ),
                )
            if not head_done:
                cut = [i for i in (chunk.find(b"\n"), chunk.find(b"\r")) if i >= 0]
                head += chunk[: min(cut)] if cut else chunk
                head_done = bool(cut)
            if utf8_ok:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    utf8_ok = False
        if utf8_ok:
            try:
                utf8.decode(b"", True)
            except UnicodeDecodeError:
                utf8_ok = False
    header = bytes(head)
    utf8_name = ENCODING_UTF8_BOM if header.startswith(_BOM) else ENCODING_UTF8
    # Prefer an encoding that decodes everything and yields a header with known columns.
    if utf8_ok and _header_known(header, utf8_name, known):
        return _Scan(utf8_name, set(), size)
    cp932_ok = _decodes_whole(source, ENCODING_CP932, size)
    if cp932_ok and _header_known(header, ENCODING_CP932, known):
        return _Scan(ENCODING_CP932, set(), size)
    if utf8_ok:  # decodes, but the header is not ours: the header check reports it
        return _Scan(utf8_name, set(), size)
    if cp932_ok:
        return _Scan(ENCODING_CP932, set(), size)
    return _undecodable_lines(source, (utf8_name, ENCODING_CP932), size)


def _decodes_whole(source: Source, encoding: str, size: int) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with source.open(None, size) as f:
        try:
            while chunk := f.read(CHUNK_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", True)
        except UnicodeDecodeError:
            return False
    return True


def _undecodable_lines(source: Source, candidates: tuple[str, str], size: int) -> _Scan:
    """Neither encoding decodes the whole file: the one that decodes more lines, and the
    (1-based) lines it does not decode (their rows are reported)."""
    good = dict.fromkeys(candidates, 0)
    bad: dict[str, set[int] | None] = {enc: set() for enc in candidates}
    number = 0

    def check(line: bytes) -> None:
        nonlocal number
        number += 1
        for enc in candidates:
            try:
                line.decode(enc)
            except UnicodeDecodeError:
                lines = bad[enc]
                if lines is not None:
                    lines.add(number)
                    if len(lines) > MAX_UNDECODABLE_LINES:
                        bad[enc] = None  # too many to be a few damaged rows
            else:
                good[enc] += 1

    # Lines end as the CSV reader's do (\n, \r or \r\n), so the numbers match its line_num;
    # no line is longer than MAX_LINE_BYTES (the first pass checked), so ``carry`` is bounded.
    carry = b""
    after_cr = False
    with source.open(None, size) as f:
        while chunk := f.read(CHUNK_BYTES):
            if after_cr and chunk.startswith(b"\n"):
                chunk = chunk[1:]  # the \n of a \r\n cut between two reads
            data = carry + chunk
            after_cr = data.endswith(b"\r")
            lines = _NEWLINE.split(data)
            carry = lines.pop()
            for line in lines:
                check(line)
            if all(v is None for v in bad.values()):
                break
    if any(v is not None for v in bad.values()):
        check(carry)
    best = max(candidates, key=lambda enc: good[enc])
    bad_lines = bad[best]
    if bad_lines is None:
        n = MAX_UNDECODABLE_LINES
        return _Scan(
            best,
            set(),
            size,
            t(
                f"UTF-8 でも CP932（Shift_JIS）でもない行が {n:,} 行を超え、CSV のテキストでは"
                "ありません: CSV（UTF-8）か CSV（Shift_JIS）で保存してください",
                f"more than {n:,} lines are neither UTF-8 nor CP932 (Shift_JIS): this is "
                "not CSV text; save the file as CSV (UTF-8) or CSV (Shift_JIS)",
            ),
        )
    return _Scan(best, bad_lines, size)


def _csv_records(source: Source, scan: _Scan, report: Report) -> Iterator[tuple[int, list[str]]]:
    """Pass 2: the CSV records, streamed, numbered as rows from 1 (the header)."""
    name = source.name
    bad_lines = scan.bad_lines
    with (
        source.open(None, scan.size) as raw,
        io.TextIOWrapper(
            io.BufferedReader(raw, CHUNK_BYTES),
            encoding=scan.encoding,
            errors="replace",
            newline="",
        ) as text,
    ):
        reader = csv.reader(text)
        number = 1
        last_line = 0
        try:
            for cells in reader:
                first_line, last_line = last_line + 1, reader.line_num
                if bad_lines and not bad_lines.isdisjoint(range(first_line, last_line + 1)):
                    report(
                        Problem(
                            name,
                            number,
                            None,
                            None,
                            t(
                                "読めない文字: この行は UTF-8 でも CP932（Shift_JIS）でも"
                                "ありません。CSV（UTF-8）か CSV（Shift_JIS）で保存し直して"
                                "ください",
                                "undecodable bytes: this row is neither UTF-8 nor CP932 "
                                "(Shift_JIS); save the file as CSV (UTF-8) or CSV (Shift_JIS)",
                            ),
                        )
                    )
                if number == 1 and cells:
                    cells[0] = cells[0].removeprefix("\ufeff")
                # a cell netmap wrote as '=... (kept from running in Excel) reads back as =...
                yield number, [restore(c) for c in cells]
                number += 1
        except csv.Error as exc:
            report(
                Problem(
                    name,
                    number,
                    None,
                    None,
                    t(
                        f"CSV として読めません: {exc}",
                        f"the file cannot be read as CSV: {exc}",
                    ),
                )
            )


def open_csv(
    source: Source, *, limits: Limits | None = None, budget: Budget | None = None
) -> Table:
    """One CSV file as a :class:`Table` whose rows are read as they are asked for (call
    :meth:`Table.read_all` to read them all). Its bytes are read once here (encoding, size
    charged to ``budget``), then again as the rows are read."""
    scan = _scan(source, budget)
    if scan.problem is not None:
        table = Table(
            name=source.name,
            encoding=scan.encoding,
            header=[],
            problems=[Problem(source.name, None, None, None, scan.problem)],
        )
        table.complete = False
        return table
    relay = _Relay()
    return table_from_records(
        source.name, scan.encoding, _csv_records(source, scan, relay), relay=relay, limits=limits
    )


def _bytes_source(name: str, data: bytes) -> Source:
    def opener(budget: Budget | None, cap: int | None) -> BoundedReader:
        return BoundedReader(io.BytesIO(data), file=name, budget=budget, cap=cap)

    return Source(name, opener)


def read_csv_bytes(name: str, data: bytes, *, limits: Limits | None = None) -> Table:
    """Decode and parse one CSV file (``name`` is its file name, e.g. ``"areas.csv"``)."""
    return open_csv(_bytes_source(name, data), limits=limits).read_all()


# --------------------------------------------------------------------------- containers


def unknown_name(
    name: str, shown: str, known: Iterable[str], what: tuple[str, str]
) -> tuple[Problem, bool]:
    """The note on an input whose name is not a netmap file's (or sheet's): a problem
    with a "did you mean" when the name is close to one (``True``), else a warning that
    it is ignored (``False``). ``shown``: how the report names it; ``what``: ``("ファイル
    名", "file name")``."""
    stems = sorted(known)
    guess = name_suggestion(name.removesuffix(".csv").removesuffix(".CSV"), stems)
    if guess is not None:
        return (
            Problem(
                shown,
                None,
                None,
                None,
                t(
                    f"netmap の{what[0]}ではありません: {did_you_mean([guess])}"
                    f"（{what[0]}を直してください。このままでは取り込まれません）",
                    f"not a netmap {what[1]}: {did_you_mean([guess])} (rename it: as it is, "
                    "it would not be imported)",
                ),
            ),
            True,
        )
    return (
        Problem(
            shown,
            None,
            None,
            None,
            t(
                f"netmap の{what[0]}ではないので無視しました（{', '.join(stems)} のいずれか）",
                f"not a netmap {what[1]} (expected one of {', '.join(stems)}); ignored",
            ),
        ),
        False,
    )


def _check_name(
    name: str, tables: dict[str, Table], warnings: list[Problem], errors: list[Problem]
) -> str | None:
    key = column_key(name)
    if key not in known_files():
        stems = [n.removesuffix(".csv") for n in known_files()]
        note, is_error = unknown_name(name, name, stems, ("ファイル名", "file name"))
        (errors if is_error else warnings).append(note)
        return None
    if key in tables:
        raise NetmapError(
            t(f"取り込みに {key} が 2 つあります", f"the import contains {key} twice")
        )
    return key


def _with_warnings(
    tables: dict[str, Table], warnings: list[Problem], errors: list[Problem] | None = None
) -> dict[str, Table]:
    """File-name warnings (and problems) travel with the first table; with no table at
    all, the problems reject the import, or nothing was found."""
    if not tables:
        if errors:
            raise ImportValidationError(errors)
        names = ", ".join(sorted(known_files()))
        raise NetmapError(
            t(
                f"netmap の CSV ファイルがありません（{names} のいずれかが必要です）",
                f"no netmap CSV files found (expected some of {names})",
            ),
            details={"warnings": [w.as_dict() for w in warnings]},
        )
    first = tables[sorted(tables)[0]]
    first.warnings[:0] = warnings
    first.problems[:0] = errors or []
    return tables


def _finish(tables: dict[str, Table], stream: bool) -> dict[str, Table]:
    if not stream:
        for table in tables.values():
            table.read_all()
    return tables


def read_folder(
    path: Path, *, limits: Limits | None = None, budget: Budget | None = None, stream: bool = False
) -> dict[str, Table]:
    """Every ``*.csv`` file directly in a folder."""
    lim = limits or Limits()
    budget = budget or Budget(lim.expanded_bytes)
    tables: dict[str, Table] = {}
    warnings: list[Problem] = []
    errors: list[Problem] = []
    for file in sorted(p for p in path.iterdir() if p.is_file()):
        if file.suffix.lower() != ".csv" or file.name.startswith("."):
            continue
        key = _check_name(file.name, tables, warnings, errors)
        if key is not None:
            tables[key] = open_csv(_file_source(key, file), limits=lim, budget=budget)
    return _finish(_with_warnings(tables, warnings, errors), stream)


def _file_source(name: str, path: Path) -> Source:
    def opener(budget: Budget | None, cap: int | None) -> BoundedReader:
        return open_file(path, file=path.name, budget=budget, cap=cap)

    return Source(name, opener)


def _member_source(name: str, archive: Path, member: str) -> Source:
    def opener(budget: Budget | None, cap: int | None) -> BoundedReader:
        return open_member(archive, member, budget=budget, cap=cap)

    return Source(name, opener)


def read_zip(
    path: Path, *, limits: Limits | None = None, budget: Budget | None = None, stream: bool = False
) -> dict[str, Table]:
    """Every ``*.csv`` in a zip archive, at its top or in one folder inside it.

    The archive is checked first (:func:`~netmap.ingest.limits.open_zip`); each member is
    decompressed through a :class:`~netmap.ingest.limits.BoundedReader`, so the bytes it
    really holds are counted (not the sizes it declares) and a damaged member rejects the
    import with the archive's name and the reason."""
    lim = limits or Limits()
    budget = budget or Budget(lim.expanded_bytes)
    tables: dict[str, Table] = {}
    warnings: list[Problem] = []
    errors: list[Problem] = []
    with open_zip(path) as zf:
        infos = sorted(zf.infolist(), key=lambda i: i.filename)
    for info in infos:
        member = PurePosixPath(info.filename)
        if info.is_dir() or member.suffix.lower() != ".csv":
            continue
        if member.name.startswith(".") or "__MACOSX" in member.parts:
            continue
        key = _check_name(member.name, tables, warnings, errors)
        if key is not None:
            source = _member_source(key, path, info.filename)
            tables[key] = open_csv(source, limits=lim, budget=budget)
    return _finish(_with_warnings(tables, warnings, errors), stream)


def read_single_csv(
    path: Path, *, limits: Limits | None = None, budget: Budget | None = None, stream: bool = False
) -> dict[str, Table]:
    lim = limits or Limits()
    budget = budget or Budget(lim.expanded_bytes)
    tables: dict[str, Table] = {}
    warnings: list[Problem] = []
    errors: list[Problem] = []
    key = _check_name(path.name, tables, warnings, errors)
    if key is not None:
        tables[key] = open_csv(_file_source(key, path), limits=lim, budget=budget)
    return _finish(_with_warnings(tables, warnings, errors), stream)


def _extra_reader(suffix: str) -> TableReader:
    target = EXTRA_READERS[suffix]
    module_name, func_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        raise NetmapError(
            t(
                f"このバージョンでは {suffix} ファイルを読めません",
                f"reading {suffix} files is not available in this version",
            )
        ) from None
    reader: TableReader = getattr(module, func_name)
    return reader


def read_tables(
    path: str | Path,
    *,
    limits: Limits | None = None,
    stream: bool = False,
    keep_empty: bool = False,
) -> dict[str, Table]:
    """Read an import: a folder, a ``.zip``, a single ``.csv`` or (hook) an ``.xlsx``.

    Returns the tables by file name (lower case, e.g. ``"areas.csv"``); unknown file names
    become warnings on the first table. Raises :class:`~netmap.errors.NetmapError` when
    the path does not exist or holds no netmap file, and
    :class:`~netmap.errors.ImportValidationError` when a cap of ``limits`` is passed (the
    files hold more than ``expanded_bytes``, a file more than ``rows_per_file`` rows) or
    an archive is damaged. With ``stream``, rows are read only as
    :meth:`Table.iter_rows` asks for them (the caps then apply as they are read). A
    workbook's sheets without data rows are left out unless ``keep_empty`` (CSV files
    are always read: the import decides what an empty one means, see ``--allow-empty``).
    """
    p = Path(path)
    if not p.exists():
        raise NetmapError(t(f"ファイルもフォルダもありません: {p}", f"no such file or folder: {p}"))
    lim = limits or Limits()
    budget = Budget(lim.expanded_bytes)
    if p.is_dir():
        return read_folder(p, limits=lim, budget=budget, stream=stream)
    suffix = p.suffix.lower()
    if suffix == ".zip":
        return read_zip(p, limits=lim, budget=budget, stream=stream)
    if suffix == ".csv":
        return read_single_csv(p, limits=lim, budget=budget, stream=stream)
    if suffix in EXTRA_READERS:
        reader = _extra_reader(suffix)
        if keep_empty:
            return reader(p, limits=lim, budget=budget, stream=stream, keep_empty=True)
        return reader(p, limits=lim, budget=budget, stream=stream)
    raise NetmapError(
        t(
            f"{p.name} は取り込めません: フォルダ、.zip、.csv、.xlsx のいずれかを指定してください",
            f"cannot import {p.name}: expected a folder, a .zip or a .csv file",
        )
    )
