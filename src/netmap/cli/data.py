"""``netmap import``, ``netmap stats``, ``netmap db init`` and ``netmap db wipe``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netmap.cli.common import console, err_console, fail, print_json, progress_bar, user_errors
from netmap.config import get_settings

if TYPE_CHECKING:
    from netmap.ingest.pipeline import ImportReport

#: Inputs larger than this (bytes) show a progress bar while writing.
PROGRESS_MIN_BYTES = 1_000_000


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="Output format: table or json.")
]


def _input_bytes(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
        return path.stat().st_size
    except OSError:
        return 0


def _print_report(report: ImportReport) -> None:
    from rich.table import Table

    table = Table(title=f"imported {report.source} into the {report.store} store")
    table.add_column("file")
    table.add_column("encoding")
    table.add_column("rows", justify="right")
    for f in report.files:
        table.add_row(f.name, f.encoding, str(f.rows))
    console.print(table)
    console.print(
        f"written: {report.nodes_written} nodes, {report.relationships_written} relationships",
        highlight=False,
    )
    if report.sync:
        console.print(
            f"removed (--sync): {report.nodes_removed} nodes, "
            f"{report.relationships_removed} relationships",
            highlight=False,
        )
    if report.warnings:
        err_console.print(f"[yellow]{len(report.warnings)} warning(s):[/]")
        for w in report.warnings:
            err_console.print(f"  - {w}", highlight=False, markup=False)


def _print_counts(counts: dict[str, dict[str, int]]) -> None:
    from rich.table import Table

    for title, key in (("nodes", "nodes"), ("relationships", "relationships")):
        table = Table(title=title)
        table.add_column("label" if key == "nodes" else "type")
        table.add_column("count", justify="right")
        for name, n in counts[key].items():
            table.add_row(name, str(n))
        console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_cmd(
        path: Annotated[Path, typer.Argument(help="A folder, .zip or .csv of netmap CSV files.")],
        sync: Annotated[
            bool,
            typer.Option(
                "--sync",
                help="Also remove stored records of the imported files' kinds that the files "
                "no longer contain.",
            ),
        ] = False,
        fmt: FormatOption = ReportFormat.table,
    ) -> None:
        """Validate and import CSV files (UTF-8 or Shift_JIS), a zip of them, or an Excel
        workbook (.xlsx). A file with any problem is rejected whole: every problem is listed
        and nothing is written."""
        from netmap.service.data import import_path

        as_json = fmt is ReportFormat.json
        with user_errors(json_output=as_json):
            big = _input_bytes(path) >= PROGRESS_MIN_BYTES
            with progress_bar("writing", enabled=big) as progress:
                report = import_path(path, settings=get_settings(), sync=sync, progress=progress)
        if as_json:
            print_json(report.as_dict())
        else:
            _print_report(report)

    @app.command("stats")
    def stats_cmd(fmt: FormatOption = ReportFormat.table) -> None:
        """Count the stored nodes per label and relationships per type."""
        from netmap.service.data import stats

        as_json = fmt is ReportFormat.json
        with user_errors(json_output=as_json):
            counts = stats(settings=get_settings())
        if as_json:
            print_json(counts)
        else:
            _print_counts(counts)

    db = typer.Typer(help="Manage the store: create its schema or wipe it.", no_args_is_help=True)
    app.add_typer(db, name="db")

    @db.command("init")
    def db_init() -> None:
        """Create the store's schema (constraints, indexes, tables); safe to repeat."""
        from netmap.service.data import init_db

        with user_errors():
            name = init_db(settings=get_settings())
        console.print(f"the {name} store is ready", highlight=False)

    @db.command("wipe")
    def db_wipe(
        yes: Annotated[
            bool, typer.Option("--yes", help="Confirm: delete every stored record.")
        ] = False,
    ) -> None:
        """Delete every node and relationship in the store (asks for --yes)."""
        from netmap.service.data import wipe_db

        if not yes:
            fail("this deletes every record in the store; add --yes to confirm")
        with user_errors():
            name = wipe_db(settings=get_settings())
        console.print(f"the {name} store is empty", highlight=False)
