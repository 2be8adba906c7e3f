"""The one exception hierarchy of netmap.

Every error a user can cause or meet derives from :class:`NetmapError` and carries a
plain message; the CLI and the API turn them into a clear report, never a traceback.
"""

from __future__ import annotations

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
    row: int | None  # 1-based data row (the header is row 0); None for file-level problems
    column: str | None
    value: str | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        val = f" (value {self.value!r})" if self.value not in (None, "") else ""
        return f"{where}: {self.reason}{val}"


class ImportValidationError(NetmapError):
    """The input was rejected whole; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))
        n = len(self.problems)
        super().__init__(
            f"import rejected: {n} problem{'s' if n != 1 else ''}; nothing was written",
            details={"problems": [p.as_dict() for p in self.problems]},
        )


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


class ExportError(UsageError):
    """A bad export request (unknown format, paper, orientation, language or table)."""


class FontNotFoundError(NetmapError):
    """No font that can draw Japanese was found (diagrams would show tofu boxes)."""


class RedactionError(NetmapError):
    """An output would show personal data (a resident node, id or pseudonym), or a
    renderer got a view that was not published from a release."""


class DisclosureAuditError(NetmapError):
    """A release failed its disclosure audit: it is not published."""
