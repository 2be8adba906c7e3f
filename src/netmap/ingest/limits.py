"""Bounded reading of everything a user hands netmap: the one place the caps live.

Every import file goes through here, whether it comes from the CLI (a folder, a ``.zip``,
a ``.csv``, an ``.xlsx``) or from an upload (the API stores the body in a temporary file
first, see :mod:`netmap.api.uploads`), and so will scenario files and review forms:

* :class:`Limits`: the caps, from the settings (``NETMAP_MAX_UPLOAD_MB``,
  ``NETMAP_MAX_EXPANDED_MB``, ``NETMAP_MAX_ROWS_PER_FILE``) and the data contract (the
  first :data:`LISTED_PROBLEMS` problems in full, then totals per kind);
* :class:`Budget`: the bytes one import may read once unzipped, shared by all its files;
* :class:`BoundedReader`: a byte stream that counts what it reads into a budget, and
  turns a damaged archive (bad CRC, falsified sizes, broken deflate data) into an
  :class:`~netmap.errors.ImportValidationError` naming the file and the reason. The sizes
  a zip declares are never trusted: the bytes actually decompressed are counted;
* :func:`open_zip` / :func:`open_member` / :func:`open_file` / :func:`verify_zip`: zip
  archives and plain files as bounded streams;
* :class:`ProblemLog`: the problems of an import, bounded in memory: the first ones in
  full, every one counted by kind (:attr:`netmap.errors.Problem.kind`);
* :func:`looks_like_garbage`: the rule that stops reading a file early once it is
  clearly not what it should be (the counts then become "at least").

A cap exceeded is a problem with the input, reported like any other: an
:class:`~netmap.errors.ImportValidationError` (the API answers 422, the CLI exits 1).
"""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from netmap.config import Settings
from netmap.errors import ImportValidationError, Problem, totals_list
from netmap.ingest.messages import t

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "ARCHIVE_ERRORS",
    "CHUNK_BYTES",
    "LISTED_PROBLEMS",
    "MAX_LINE_BYTES",
    "MAX_ZIP_DIRECTORY_BYTES",
    "MIB",
    "BoundedReader",
    "Budget",
    "Limits",
    "ProblemLog",
    "damaged",
    "looks_like_garbage",
    "open_file",
    "open_member",
    "open_zip",
    "rejected",
    "verify_zip",
]

MIB = 1024 * 1024
#: Problems listed in full in a rejection (the data contract: then totals per kind).
LISTED_PROBLEMS = 1000
#: Bytes read at a time (also the most a line can have before it must span two reads).
CHUNK_BYTES = 256 * 1024
#: A longer line is not CSV text: a cell holds at most ``csv.field_size_limit()`` (131,072)
#: characters, and no netmap file comes near that.
MAX_LINE_BYTES = 1 * MIB
#: A zip's central directory (its list of entries) may take at most this much: a netmap
#: zip or workbook has tens of entries, and each entry listed costs memory to open.
MAX_ZIP_DIRECTORY_BYTES = 4 * MIB

#: What reading an untrusted archive can raise (beyond ``BadZipFile``): a broken deflate,
#: bzip2 or lzma stream, a member cut short, an unsupported or encrypted entry, a header
#: that does not parse.
ARCHIVE_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    KeyError,
)


def _setting_default(name: str) -> int:
    value = Settings.model_fields[name].default
    assert isinstance(value, int)
    return value


@dataclass(frozen=True)
class Limits:
    """The caps on one import (defaults: the settings' defaults)."""

    #: the request body of an upload (``NETMAP_MAX_UPLOAD_MB``; the API answers 413)
    upload_bytes: int = _setting_default("max_upload_mb") * MIB
    #: all files of an import together, once unzipped (``NETMAP_MAX_EXPANDED_MB``)
    expanded_bytes: int = _setting_default("max_expanded_mb") * MIB
    #: rows of one file or sheet, blank ones included (``NETMAP_MAX_ROWS_PER_FILE``)
    rows_per_file: int = _setting_default("max_rows_per_file")
    #: problems listed in full; beyond them, only counted (per kind)
    listed_problems: int = LISTED_PROBLEMS

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            upload_bytes=settings.max_upload_mb * MIB,
            expanded_bytes=settings.max_expanded_mb * MIB,
            rows_per_file=settings.max_rows_per_file,
        )


def rejected(file: str, reason: str, row: int | None = None) -> ImportValidationError:
    """The import rejected for one problem with a whole file (or the upload)."""
    return ImportValidationError([Problem(file, row, None, None, reason)])


def _mb(n: int) -> str:
    return f"{n / MIB:,.0f} MB" if n >= MIB else f"{n:,} bytes"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def _what_ja(what: str) -> str:
    return {"zip file": "zip ファイル", "Excel workbook (.xlsx)": "Excel のブック（.xlsx）"}.get(
        what, what
    )


def damaged(file: str, exc: BaseException, *, member: str | None = None) -> ImportValidationError:
    """A damaged or altered archive (bad CRC, sizes that do not match, broken data)."""
    where = f" ({member})" if member else ""
    return rejected(
        file,
        t(
            f"ファイルが壊れているか書き換えられていて読めません{where}: {_reason(exc)}。"
            "zip を作り直すか、ブックを保存し直してください",
            f"the file is damaged or was altered and cannot be read{where}: {_reason(exc)}; "
            "create the zip (or save the workbook) again",
        ),
    )


class Budget:
    """The bytes one import may read once unzipped, shared by all its files."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def charge(self, n: int, file: str) -> None:
        self.used += n
        if self.used > self.limit:
            size = _mb(self.limit)
            raise rejected(
                file,
                t(
                    f"展開後のデータが上限の {size} を超えています（設定 "
                    "NETMAP_MAX_EXPANDED_MB）。そこで読み取りを止めました: "
                    "取り込みを小さく分けてください",
                    f"the import holds more than {size} of data once unzipped "
                    "(the limit, setting NETMAP_MAX_EXPANDED_MB); reading stopped there: "
                    "split the import into smaller ones",
                ),
            )


class BoundedReader(io.RawIOBase):
    """A readable byte stream over ``raw`` that counts the bytes it hands out.

    ``budget``: every byte is charged to it (an :class:`ImportValidationError` once it is
    spent); ``cap``: at most this many bytes are read (then end of file). Errors of a
    damaged archive become an :class:`ImportValidationError` naming ``file`` (and
    ``member``). Closing it closes ``raw`` and ``also_close``.
    """

    def __init__(
        self,
        raw: IO[bytes],
        *,
        file: str,
        member: str | None = None,
        budget: Budget | None = None,
        cap: int | None = None,
        also_close: tuple[Any, ...] = (),
    ) -> None:
        super().__init__()
        self._raw = raw
        self._file = file
        self._member = member
        self._budget = budget
        self._cap = cap
        self._also_close = also_close
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        want = len(view)
        if self._cap is not None:
            want = min(want, self._cap - self.count)
            if want <= 0:
                return 0
        try:
            data = self._raw.read(want)
        except ImportValidationError:
            raise
        except ARCHIVE_ERRORS as exc:
            raise damaged(self._file, exc, member=self._member) from None
        n = len(data)
        view[:n] = data
        self.count += n
        if self._budget is not None:
            self._budget.charge(n, self._file)
        return n

    def close(self) -> None:
        if not self.closed:
            try:
                self._raw.close()
                for other in self._also_close:
                    other.close()
            finally:
                super().close()


def _directory_size(path: Path) -> int | None:
    """The size a zip declares for its central directory (``None`` when not found)."""
    with path.open("rb") as f:
        size = f.seek(0, io.SEEK_END)
        tail_len = min(size, 0xFFFF + 22 + 20)
        f.seek(size - tail_len)
        tail = f.read(tail_len)
        i = tail.rfind(b"PK\x05\x06")
        if i < 0 or len(tail) - i < 22:
            return None
        (cd_size,) = struct.unpack("<I", tail[i + 12 : i + 16])
        if cd_size != 0xFFFFFFFF or i < 20 or tail[i - 20 : i - 16] != b"PK\x06\x07":
            return int(cd_size)
        (offset,) = struct.unpack("<Q", tail[i - 12 : i - 4])  # the zip64 end record
        if offset >= size:
            return None
        f.seek(offset)
        record = f.read(56)
        if len(record) < 56 or record[:4] != b"PK\x06\x06":
            return None
        (cd64,) = struct.unpack("<Q", record[40:48])
        return int(cd64)


def open_zip(path: Path, *, file: str | None = None, what: str = "zip file") -> zipfile.ZipFile:
    """A zip archive, checked before anything in it is read: an
    :class:`ImportValidationError` naming ``file`` (default: the file's name) when it is
    not a zip, is damaged or lists too many entries."""
    name = file or path.name
    try:
        if not zipfile.is_zipfile(path):
            raise zipfile.BadZipFile("File is not a zip file")
        directory = _directory_size(path)
        if directory is not None and directory > MAX_ZIP_DIRECTORY_BYTES:
            raise rejected(
                name,
                t(
                    f"{_what_ja(what)}の中身の一覧が大きすぎます（{_mb(directory)}。上限は "
                    f"{_mb(MAX_ZIP_DIRECTORY_BYTES)}）",
                    f"the {what} lists too many entries (a directory of {_mb(directory)}; "
                    f"at most {_mb(MAX_ZIP_DIRECTORY_BYTES)})",
                ),
            )
        return zipfile.ZipFile(path)
    except ImportValidationError:
        raise
    except ARCHIVE_ERRORS as exc:
        raise rejected(
            name,
            t(
                f"{_what_ja(what)}として読めません: {_reason(exc)}",
                f"not a readable {what}: {_reason(exc)}",
            ),
        ) from None


def open_member(
    path: Path,
    member: str,
    *,
    file: str | None = None,
    budget: Budget | None = None,
    cap: int | None = None,
) -> BoundedReader:
    """One member of a zip archive as a bounded stream (its own handle on the archive)."""
    name = file or path.name
    zf = open_zip(path, file=name)
    try:
        raw = zf.open(member)
    except ARCHIVE_ERRORS as exc:
        zf.close()
        raise damaged(name, exc, member=member) from None
    return BoundedReader(raw, file=name, member=member, budget=budget, cap=cap, also_close=(zf,))


def open_file(
    path: Path, *, file: str | None = None, budget: Budget | None = None, cap: int | None = None
) -> BoundedReader:
    """A file on disk as a bounded stream."""
    return BoundedReader(path.open("rb"), file=file or path.name, budget=budget, cap=cap)


def verify_zip(zf: zipfile.ZipFile, budget: Budget, *, file: str) -> None:
    """Decompress every member once, counting the bytes into ``budget`` and checking each
    CRC, before a library that trusts the archive (openpyxl) reads it."""
    for info in zf.infolist():
        if info.is_dir():
            continue
        try:
            raw = zf.open(info)
        except ARCHIVE_ERRORS as exc:
            raise damaged(file, exc, member=info.filename) from None
        with BoundedReader(raw, file=file, member=info.filename, budget=budget) as stream:
            while stream.read(CHUNK_BYTES):
                pass


def looks_like_garbage(problems: int, rows: int, listed: int = LISTED_PROBLEMS) -> bool:
    """Whether a file is clearly not what it should be: more problems than are listed, and
    at least one in every second row read. Reading it further would only count more."""
    return problems > listed and 2 * problems > rows


class ProblemLog:
    """The problems of one import, bounded in memory.

    Every problem is counted (``total``; per file, column and kind for :meth:`totals`);
    only the first ``listed`` in report order (file, row, column) are kept. ``exact`` is
    set to False when reading stopped early: the counts are then lower bounds.
    """

    def __init__(self, listed: int = LISTED_PROBLEMS) -> None:
        self.listed_max = listed
        self.total = 0
        self.exact = True
        self._kept: list[Problem] = []
        self._kinds: Counter[tuple[str, str | None, str]] = Counter()
        # the same problem found twice counts once (while there are few enough to remember)
        self._seen: set[Problem] | None = set()

    def add(self, problem: Problem) -> None:
        if self._seen is not None:
            if problem in self._seen:
                return
            self._seen.add(problem)
            if len(self._seen) > 10 * self.listed_max:
                self._seen = None
        self.total += 1
        self._kinds[(problem.file, problem.column, problem.kind)] += 1
        self._kept.append(problem)
        if len(self._kept) >= 2 * self.listed_max + 64:
            self._trim()

    append = add

    def extend(self, problems: list[Problem]) -> None:
        for p in problems:
            self.add(p)

    def _trim(self) -> None:
        self._kept = sorted(set(self._kept), key=_order)[: self.listed_max]

    def listed(self) -> list[Problem]:
        """The first problems (at most ``listed``), in report order."""
        self._trim()
        return list(self._kept)

    def totals(self) -> list[dict[str, Any]]:
        """``[{file, column, reason, count}]``: every problem counted by kind, most
        frequent first."""
        return totals_list(self._kinds)

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0


def _order(p: Problem) -> tuple[str, int, str, str, str]:
    return (p.file, p.row or 0, p.column or "", p.reason, p.value or "")
