"""``netmap import``, ``netmap stats``, ``netmap db init`` and ``netmap db wipe``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netmap.cli.common import console, err_console, fail, print_json, progress_bar, user_errors
from netmap.config import get_settings

if TYPE_CHECKING:
    from netmap.errors import ImportValidationError, Problem
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
    """The report in the configured language (``NETMAP_LANG``): the files, what changed
    per kind of record, the warnings."""
    from rich.table import Table

    from netmap.ingest.columns import FILE_SPECS
    from netmap.ingest.messages import t

    if report.dry_run:
        title = t(
            f"{report.source} の試行（--dry-run）: "
            f"{report.store} のストアには何も書き込んでいません",
            f"dry run of {report.source}: nothing was written to the {report.store} store",
        )
    else:
        title = t(
            f"{report.source} を {report.store} のストアに取り込みました",
            f"imported {report.source} into the {report.store} store",
        )
    table = Table(title=title)
    table.add_column(t("ファイル・シート", "file"))
    table.add_column(t("文字コード", "encoding"))
    table.add_column(t("行数", "rows"), justify="right")
    for f in report.files:
        table.add_row(f.name, f.encoding, str(f.rows))
    console.print(table)
    titles = {spec.stem: spec.kind_ja for spec in FILE_SPECS.values()}
    changes = Table(title=t("種類ごとの変更", "changes per kind of record"))
    changes.add_column(t("種類", "kind"))
    for head in (("追加", "added"), ("更新", "updated"), ("削除", "removed")):
        changes.add_column(t(*head), justify="right")
    changes.add_column(t("変更なし", "unchanged"), justify="right")
    for c in report.changes:
        name = t(f"{c.kind}（{titles.get(c.kind, '')}）", c.kind)
        changes.add_row(name, str(c.added), str(c.updated), str(c.removed), str(c.unchanged))
    console.print(changes)
    total = report.totals()
    nothing = not total.changed
    if report.dry_run:
        line = t(
            f"取り込むと: 追加 {total.added}・更新 {total.updated}・削除 {total.removed}・"
            f"変更なし {total.unchanged}" + ("（変更はありません）" if nothing else ""),
            f"would be: {total.added} added, {total.updated} updated, {total.removed} removed, "
            f"{total.unchanged} unchanged" + (" (no change)" if nothing else ""),
        )
    else:
        line = t(
            f"合計: 追加 {total.added}・更新 {total.updated}・削除 {total.removed}・"
            f"変更なし {total.unchanged}" + ("（変更はありません）" if nothing else ""),
            f"total: {total.added} added, {total.updated} updated, {total.removed} removed, "
            f"{total.unchanged} unchanged" + (" (no change)" if nothing else ""),
        )
    console.print(line, highlight=False)
    if not report.dry_run:
        console.print(
            t(
                f"書き込み: ノード {report.nodes_written} 件、"
                f"関係 {report.relationships_written} 件",
                f"written: {report.nodes_written} nodes, "
                f"{report.relationships_written} relationships",
            ),
            highlight=False,
        )
        if report.sync:
            console.print(
                t(
                    f"削除（--sync）: ノード {report.nodes_removed} 件、"
                    f"関係 {report.relationships_removed} 件",
                    f"removed (--sync): {report.nodes_removed} nodes, "
                    f"{report.relationships_removed} relationships",
                ),
                highlight=False,
            )
    _print_warnings(report.warnings)


def _print_warnings(warnings: list[Problem]) -> None:
    from netmap.ingest.messages import format_problem, t

    if warnings:
        n = len(warnings)
        err_console.print(f"[yellow]{t(f'警告 {n} 件:', f'{n} warning(s):')}[/]")
        for w in warnings:
            err_console.print(f"  - {format_problem(w)}", highlight=False, markup=False)


def _print_rejection(exc: ImportValidationError) -> None:
    """A rejected import in the configured language: every problem listed, then the
    warnings."""
    from netmap.ingest.messages import current_lang, format_problem

    if current_lang() == "en":
        err_console.print(f"[bold red]{exc.message}[/]", highlight=False)
    else:
        n = f"{'少なくとも ' if not exc.exact else ''}{exc.total:,} 件"
        head = f"取り込みを中止しました: 問題が {n}あります。何も書き込んでいません"
        if len(exc.problems) < exc.total:
            top = "、".join(
                f"{tt['file']}"
                + (f" {tt['column']} 列" if tt["column"] else "")
                + f"「{tt['reason']}」{tt['count']:,} 件"
                for tt in exc.totals[:3]
            )
            head += f"（最初の {len(exc.problems):,} 件を表示。多いもの: {top}）"
        err_console.print(f"[bold red]{head}[/]", highlight=False, markup=True)
    for p in exc.problems:
        err_console.print(f"  - {format_problem(p)}", highlight=False, markup=False)
    warnings = getattr(exc, "warnings", None)
    if warnings:
        _print_warnings(warnings)


def _print_counts(counts: dict[str, dict[str, int]]) -> None:
    from rich.table import Table

    for title, key in (("nodes", "nodes"), ("relationships", "relationships")):
        table = Table(title=title)
        table.add_column("label" if key == "nodes" else "type")
        table.add_column("count", justify="right")
        for name, n in counts[key].items():
            table.add_row(name, str(n))
        console.print(table)


def import_cmd(
    path: Annotated[
        Path, typer.Argument(help="A folder, .zip or .csv of netmap CSV files, or an .xlsx.")
    ],
    sync: Annotated[
        bool,
        typer.Option(
            "--sync",
            help="Also remove stored records of the imported files' kinds that the files "
            "no longer contain (an empty file or sheet removes nothing: see --allow-empty).",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Check everything and show what the import would add, update, remove "
            "and leave unchanged per kind of record, without writing anything.",
        ),
    ] = False,
    allow_empty: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-empty",
            metavar="KIND",
            help="With --sync: let an empty file or sheet of this kind (e.g. "
            "organisations) remove every stored record of its kind. Repeatable.",
        ),
    ] = None,
    force_older: Annotated[
        bool,
        typer.Option(
            "--force-older",
            help="Overwrite organisations and activities verified more recently than "
            "the file's rows (verified_on); without it such rows are skipped with a "
            "warning, and --sync refuses.",
        ),
    ] = False,
    fmt: FormatOption = ReportFormat.table,
) -> None:
    """Validate and import CSV files (UTF-8 or Shift_JIS), a zip of them, or an Excel
    workbook (.xlsx). A file with any problem is rejected whole: every problem is listed
    and nothing is written. Every import reports what it added, updated, removed and
    left unchanged per kind of record. Messages are Japanese (NETMAP_LANG=en: English)."""
    from netmap.errors import ImportValidationError
    from netmap.ingest.messages import language, t
    from netmap.service.data import import_path

    as_json = fmt is ReportFormat.json
    settings = get_settings()
    with user_errors(json_output=as_json), language(settings.lang):
        big = not dry_run and _input_bytes(path) >= PROGRESS_MIN_BYTES
        try:
            with progress_bar(t("書き込み中", "writing"), enabled=big) as progress:
                report = import_path(
                    path,
                    settings=settings,
                    sync=sync,
                    progress=progress,
                    dry_run=dry_run,
                    allow_empty=allow_empty or (),
                    force_older=force_older,
                )
        except ImportValidationError as exc:
            if as_json:
                raise
            _print_rejection(exc)
            raise typer.Exit(1) from None
        if as_json:
            print_json(report.as_dict())
        else:
            _print_report(report)


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


def db_init() -> None:
    """Create the store's schema (constraints, indexes, tables); safe to repeat."""
    from netmap.service.data import init_db

    with user_errors():
        name = init_db(settings=get_settings())
    console.print(f"the {name} store is ready", highlight=False)


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


def register(app: typer.Typer) -> None:
    app.command("import")(import_cmd)
    app.command("stats")(stats_cmd)
    db = typer.Typer(help="Manage the store: create its schema or wipe it.", no_args_is_help=True)
    app.add_typer(db, name="db")
    db.command("init")(db_init)
    db.command("wipe")(db_wipe)
