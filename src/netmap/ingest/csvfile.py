"""Read one CSV file as a :class:`~netmap.ingest.table.Table` (:func:`open_csv`).

Each CSV file is decoded on its own: UTF-8 (with or without BOM), else CP932 (Shift_JIS as
Excel writes it). The choice is confirmed against the header, which must contain known
ASCII column names. Bytes that neither encoding can decode are reported as a
:class:`~netmap.errors.Problem` naming the file and row (the table reports rows with more
or fewer cells than the header, :func:`~netmap.ingest.table.table_from_records`).

Files are read as streams, never whole, through :mod:`netmap.ingest.limits` (the caps on
expanded size and rows): a first pass over the bytes settles the encoding, a second one
parses the rows as they are asked for.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from netmap.errors import Problem
from netmap.ingest.limits import CHUNK_BYTES, MAX_LINE_BYTES, MIB, BoundedReader, Budget, Limits
from netmap.ingest.messages import t
from netmap.ingest.table import (
    Relay,
    Report,
    Table,
    column_key,
    known_files,
    table_from_records,
)
from netmap.spreadsheet import restore

__all__ = [
    "ENCODING_CP932",
    "ENCODING_UTF8",
    "ENCODING_UTF8_BOM",
    "MAX_UNDECODABLE_LINES",
    "Source",
    "decode_bytes",
    "open_csv",
    "read_csv_bytes",
]

ENCODING_UTF8 = "utf-8"
ENCODING_UTF8_BOM = "utf-8-sig"
ENCODING_CP932 = "cp932"
_BOM = b"\xef\xbb\xbf"
#: More lines than this that neither encoding decodes: the file is not CSV text.
MAX_UNDECODABLE_LINES = 10_000
_NEWLINE = re.compile(rb"\r\n|\r|\n")


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
    relay = Relay()
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
