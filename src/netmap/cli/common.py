"""Shared CLI plumbing: error reporting, output formats, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any, TypeVar

import typer
from rich.console import Console

from netmap.errors import ImportValidationError, NetmapError, UsageError

T = TypeVar("T")


class _Console(Console):
    """A rich console that reads its size (``COLUMNS``, the terminal) each time it prints,
    not once when the module is imported (rich keeps ``COLUMNS`` from construction)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._width = None
        self._height = None


console = _Console()
err_console = _Console(stderr=True)


def print_written(path: object) -> None:
    """``wrote PATH`` on one line however narrow the terminal (a path stays whole to copy)."""
    console.print(f"wrote {path}", highlight=False, soft_wrap=True)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def print_json(obj: Any) -> None:
    """Exactly one JSON object on stdout, plain UTF-8 (Japanese unescaped), no NaN."""
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=2, default=str)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()


def print_csv(rows: list[list[Any]]) -> None:
    """Rows (the header first) as CSV on stdout: UTF-8, ``\n`` line ends, formulas
    neutralised (:func:`netmap.spreadsheet.csv_text`)."""
    from netmap.spreadsheet import csv_text

    sys.stdout.buffer.write(csv_text(rows, lineterminator="\n").encode("utf-8"))
    sys.stdout.flush()


def print_records(records: list[dict[str, Any]]) -> None:
    """Dicts as CSV on stdout, the first one's keys as the header."""
    header: list[Any] = list(records[0]) if records else []
    print_csv([header, *([r.get(k) for k in header] for r in records)] if records else [])


def fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def user_errors(json_output: bool = False) -> Iterator[None]:
    """Turn netmap errors into a clear message (or JSON), never a traceback: exit code 2
    for a :class:`~netmap.errors.UsageError`, 1 for any other error."""
    try:
        yield
    except ImportValidationError as exc:
        if json_output:
            # problems (the first 1,000) with their counts and totals per kind
            print_json({"ok": False, "error": exc.message, **exc.details})
        else:
            err_console.print(f"[bold red]{exc.message}[/]", highlight=False)
            for p in exc.problems:
                err_console.print(f"  - {p}", highlight=False, markup=False)
        raise typer.Exit(1) from None
    except NetmapError as exc:
        if json_output:
            print_json({"ok": False, "error": exc.message, **exc.details})
        else:
            err_console.print(f"[bold red]error:[/] {exc.message}", highlight=False)
        # a usage error (bad option or id) exits 2, everything else 1: decided here only
        raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from None


@contextmanager
def progress_bar(description: str, enabled: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar driven by ``update(done, total)`` callbacks (stderr)."""
    if not enabled:
        yield lambda done, total: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as prog:
        task = prog.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            prog.update(task, completed=done, total=total)

        yield update
