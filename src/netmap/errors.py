"""The one exception hierarchy of netmap.

Every error a user can cause or meet derives from :class:`NetmapError` and carries a
plain message; the CLI and the API turn them into a clear report, never a traceback.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any


class NetmapError(Exception):
    """Root of netmap's errors. ``details`` is structured, JSON-serialisable context."""

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in an input file: where it is and why it is wrong."""

    file: str
    row: int | None  # the row Excel shows (the header is row 1); None for file-level problems
    column: str | None
    value: str | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def kind(self) -> str:
        """The reason without its particulars (what follows ``:`` or `` (``, and numbers):
        problems of one kind are counted together when there are too many to list.

        >>> Problem("a.csv", 3, "level", "town", "bad level: expected one of city, ward").kind
        'bad level'
        >>> Problem("a.csv", 4, None, None, "the row has 5 cells but the header has 4").kind
        'the row has N cells but the header has N'
        """
        head = re.split(r": | \(", self.reason, maxsplit=1)[0]
        return re.sub(r"\d[\d,]*", "N", head).strip()

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        val = f" (value {self.value!r})" if self.value not in (None, "") else ""
        return f"{where}: {self.reason}{val}"


class ImportValidationError(NetmapError):
    """The input was rejected whole. ``problems`` lists the problems found: all of them, or
    the first ones (by file, row, column) when there are too many to list; ``total`` counts
    them all and ``totals`` by kind (file, column, :attr:`Problem.kind`), most frequent
    first. ``exact`` is False when reading stopped early (a file that is clearly not what it
    should be), so that the counts are lower bounds ("at least")."""

    def __init__(
        self,
        problems: list[Problem],
        *,
        total: int | None = None,
        totals: list[dict[str, Any]] | None = None,
        exact: bool = True,
    ) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))
        listed = len(self.problems)
        self.total = max(listed, total or 0)
        self.exact = exact
        self.totals = count_problems(self.problems) if totals is None else totals
        n = self.total
        count = f"{'' if exact else 'at least '}{n:,} problem{'s' if n != 1 else ''}"
        if listed < n:
            top = "; ".join(
                f"{t['count']:,} × {t['file']}"
                + (f" column {t['column']!r}" if t["column"] else "")
                + f": {t['reason']}"
                for t in self.totals[:3]
            )
            count += f" (the first {listed:,} are listed; most frequent: {top})"
        super().__init__(
            f"import rejected: {count}; nothing was written",
            details={
                "problems": [p.as_dict() for p in self.problems],
                "problem_count": n,
                "problem_count_exact": exact,
                "problem_totals": self.totals,
            },
        )


def count_problems(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    """Problems counted by kind: ``[{file, column, reason, count}]``, most frequent first
    (``reason`` is the :attr:`Problem.kind`)."""
    counts = Counter((p.file, p.column, p.kind) for p in problems)
    return totals_list(counts)


def totals_list(counts: Counter[tuple[str, str | None, str]]) -> list[dict[str, Any]]:
    """``{(file, column, kind): count}`` as the ``problem_totals`` list, most frequent first."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or "", kv[0][2]))
    return [
        {"file": file, "column": column, "reason": kind, "count": n}
        for (file, column, kind), n in ordered
    ]


class ImportRejected(ImportValidationError):
    """An :class:`ImportValidationError` that also carries the import's warnings
    (``details["warnings"]``), so a rejection shows them too."""

    def __init__(self, problems: list[Problem], *, warnings: list[Problem], **kwargs: Any):
        super().__init__(problems, **kwargs)
        self.warnings = warnings
        self.details["warnings"] = [w.as_dict() for w in warnings]


class OtherOrganisation(NetmapError):
    """A review form names a record of another organisation: a review link sees and
    changes only its own (the API answers 403)."""


class StoreUnavailable(NetmapError):
    """The store cannot be reached (Neo4j down, data dir not writable, ...)."""


class StoreWriteError(NetmapError):
    """A write failed part-way; re-running the same import completes it."""


class NotFound(NetmapError):
    """A requested id does not exist."""


class ConfigError(NetmapError):
    """The configuration is invalid."""


class UsageError(NetmapError):
    """A bad request by the user (an unknown level, area or need, a bad export option):
    the CLI exits with code 2 and the API answers 422, each decided once (``cli.common``,
    ``api.errors``)."""


class AnalysisParameterError(UsageError, ValueError):
    """A bad analysis parameter (unknown level, area or need; a negative threshold; a
    level that is not published for viewers)."""


class InvalidDateError(UsageError, ValueError):
    """A date that cannot be read or does not exist (:mod:`netmap.dates`). ``ja`` and
    ``en`` are the two halves of the message (the message is ``"<ja> / <en>"``)."""

    def __init__(self, text: str, ja: str, en: str) -> None:
        super().__init__(f"{ja} / {en}", details={"date": text})
        self.text = text
        self.ja = ja
        self.en = en


class UnknownNameError(AnalysisParameterError):
    """A reference that names no record (:mod:`netmap.names` words the message).
    ``suggestions``: the records it may have meant (only among those it was allowed to
    name)."""

    def __init__(
        self, message: str, *, kind: str, text: str, suggestions: list[Any], details: dict[str, Any]
    ) -> None:
        super().__init__(message, details=details)
        self.kind = kind
        self.text = text
        self.suggestions = suggestions


class AmbiguousNameError(AnalysisParameterError):
    """A name shared by several records (:mod:`netmap.names` words the message):
    ``candidates`` lists them; give an id."""

    def __init__(
        self, message: str, *, kind: str, text: str, candidates: list[Any], details: dict[str, Any]
    ) -> None:
        super().__init__(message, details=details)
        self.kind = kind
        self.text = text
        self.candidates = candidates


class ExportError(UsageError):
    """A bad export request (unknown format, paper, orientation, language or table)."""


class FontNotFoundError(NetmapError):
    """No font that can draw Japanese was found (diagrams would show tofu boxes)."""


class RedactionError(NetmapError):
    """An output would show personal data (a resident node, id or pseudonym), or a
    renderer got a view that was not published from a release."""


class DisclosureAuditError(NetmapError):
    """A release failed its disclosure audit: it is not published."""
