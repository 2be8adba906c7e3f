"""Logging in one structured form: ``time level logger event key=value ...``.

* :func:`configure` sets it up once for the CLI (``-v/--verbose``) and the server, at the
  level of ``NETMAP_LOG_LEVEL`` (default ``WARNING``; ``-v`` is ``INFO``, ``-vv``
  ``DEBUG``), on stderr;
* :func:`event` logs one event with its fields: imports, release builds, exports and API
  errors use it. A field value that is a resident id or looks like a pseudonym is refused
  (replaced by ``[withheld]``): logs never hold personal data.

>>> import logging
>>> rec = logging.LogRecord("netmap.x", logging.INFO, "", 0, "", None, None)
>>> rec.netmap_fields = {"release": "month-2026-11-30", "cells": 12}
>>> rec.msg = "release.built"
>>> StructuredFormatter().format(rec).split(" ", 2)[2]
'netmap.x release.built release=month-2026-11-30 cells=12'
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

__all__ = ["StructuredFormatter", "configure", "event", "withheld"]

_PSEUDONYM = re.compile(r"R-[0-9a-f]{24}")


class _Stderr(logging.Handler):
    """Writes to whatever ``sys.stderr`` is when a record is emitted."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:  # a closed stream must never break the work being logged
            self.handleError(record)


_handler: _Stderr | None = None


class StructuredFormatter(logging.Formatter):
    """``2026-12-07T15:00:00 INFO netmap.disclosure release.built id=... cells=...``"""

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = getattr(record, "netmap_fields", {}) or {}
        parts = [
            self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            record.levelname,
            record.name,
            record.getMessage(),
        ]
        parts += [f"{k}={_value(v)}" for k, v in fields.items()]
        text = " ".join(parts)
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def withheld(text: str) -> str:
    """``text``, or ``[withheld]`` if it holds something that looks like a pseudonym
    (logs and the activity log never hold personal data).

    >>> withheld("month-2026-11-30"), withheld("R-" + "ab" * 12)
    ('month-2026-11-30', '[withheld]')
    """
    return "[withheld]" if _PSEUDONYM.search(text) else text


def _value(v: Any) -> str:
    s = withheld(str(v))
    return s if s and " " not in s else repr(s)


def configure(level: str | int | None = None, *, verbose: int = 0) -> None:
    """Log to stderr in the structured form. ``level``: a name or number (default
    ``NETMAP_LOG_LEVEL``, else WARNING); each ``verbose`` step lowers it (INFO, DEBUG)."""
    global _handler
    if level is None:
        from netmap.config import get_settings

        level = get_settings().log_level
    numeric = logging.getLevelName(level.upper()) if isinstance(level, str) else level
    if not isinstance(numeric, int):
        numeric = logging.WARNING
    if verbose:
        numeric = min(numeric, logging.INFO if verbose == 1 else logging.DEBUG)
    root = logging.getLogger("netmap")
    root.setLevel(numeric)
    if _handler is None:
        _handler = _Stderr()
        _handler.setFormatter(StructuredFormatter())
        root.addHandler(_handler)


def event(logger: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one event (``import.done``, ``release.built``, ``export.written``, ...) with
    its fields; never pass a resident id or pseudonym (they would be withheld)."""
    logger.log(level, name, extra={"netmap_fields": fields})
