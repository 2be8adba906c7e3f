"""``netmap release list|build|show`` and ``netmap audit disclosure``: the protected
releases every viewer product is made from (docs/privacy.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from netmap.activity import cli_actor
from netmap.cli.common import OutputFormat, console, err_console, print_json, user_errors
from netmap.errors import UsageError

FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="table or json.")]
ReleaseOpt = Annotated[
    str | None,
    typer.Option("--release", "-r", help="Release id (e.g. month-2026-11-30); default the latest."),
]


def _summary_table(rows: list[dict[str, Any]], title: str) -> None:
    from rich.table import Table

    table = Table(title=title)
    for col in ("release", "period", "data version", "built", "cells", "hidden", "audit", "seen"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["id"],
            f"{r['period_start']} – {r['reference_date']}",
            r["data_version"],
            r["built_at"] + (" (replaced)" if r["replaced"] else ""),
            str(r["cells"]),
            str(r["hidden"]),
            "passed" if r["audit"].get("passed") else "FAILED",
            {True: "yes", False: "no", None: "-"}[r["served"]],
        )
    console.print(table)


def list_cmd(fmt: FormatOpt = OutputFormat.table) -> None:
    """The releases built in this data dir, oldest first."""
    from netmap.config import get_settings
    from netmap.service.releases import list_releases

    with user_errors(json_output=fmt is OutputFormat.json):
        rows = list_releases(get_settings())
    if fmt is OutputFormat.json:
        print_json({"releases": rows})
    elif not rows:
        console.print("no release yet: netmap release build")
    else:
        _summary_table(rows, "releases (公表用集計)")


def build_cmd(
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Reference date (a month end, or quarter end with "
            "NETMAP_RELEASE_PERIOD=quarter) before today; default the latest one.",
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Emergencies only: rebuild a release viewers may have seen. Recorded in "
            "the activity log (netmap log); anyone who saw both versions can subtract "
            "them.",
        ),
    ] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Build the release of a reference date (if it does not exist), audit it and
    store it in the data dir. Without --replace an existing release that a viewer
    product has read is kept as it is (frozen)."""
    from netmap.config import get_settings
    from netmap.disclosure.calendar import reference_for
    from netmap.service.releases import build_current_release, graph_source, release_summary
    from netmap.store import open_store

    settings = get_settings()
    ref: dt.date | None = None
    with user_errors(json_output=fmt is OutputFormat.json):
        if date is not None:
            try:
                ref = dt.date.fromisoformat(date)
            except ValueError:
                raise UsageError(f"--date must be YYYY-MM-DD, not {date!r}") from None
            today = dt.date.today()
            if reference_for(ref, settings.release_period, today=today) != ref:
                raise UsageError(
                    f"{ref} is not a {settings.release_period} end before today; the "
                    f"latest is {reference_for(today, settings.release_period)}",
                    details={"date": date},
                )
        store = open_store(settings)
        try:
            with console.status("building the release…"):
                rel = build_current_release(
                    settings,
                    graph_source(store),
                    replace=replace,
                    actor=cli_actor(),
                    reference=ref,
                )
        finally:
            store.close()
    summary = release_summary(rel)
    if fmt is OutputFormat.json:
        print_json(summary)
    else:
        _summary_table([summary], "release")


def show_cmd(release: ReleaseOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """A release's period, data version, cells and hidden cells per table, and its
    audit summary (never a hidden value)."""
    from netmap.config import get_settings
    from netmap.service.releases import find_release, release_store, release_summary

    settings = get_settings()
    with user_errors(json_output=fmt is OutputFormat.json):
        rel = find_release(settings, release)
    summary = release_summary(rel, served=release_store(settings).served(rel))
    if fmt is OutputFormat.json:
        print_json(summary)
        return
    _summary_table([summary], f"release {rel.id}")
    from rich.table import Table

    table = Table(title="cells per table")
    for col in ("table", "cells", "hidden"):
        table.add_column(col)
    for name, t in summary["tables"].items():
        table.add_row(name, str(t["cells"]), str(t["hidden"]))
    console.print(table)


def audit_cmd(release: ReleaseOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """Audit a release as an attacker would: from every published cell and the declared
    relations (area hierarchy, parts of totals, residents = isolated + reached), bound
    each hidden cell by linear programming (HiGHS) and confirm near the threshold with
    an integer program. A hidden cell passes when it could be the threshold or more and
    is not pinned to one value. Exit 1 naming every failing cell and its interval."""
    from netmap.config import get_settings
    from netmap.service.releases import find_release

    json_out = fmt is OutputFormat.json
    with user_errors(json_output=json_out):
        rel = find_release(get_settings(), release)
        report = rel.run_audit()
    if json_out:
        print_json({"release": rel.id, **report.to_json()})
    else:
        verdict = "passed" if report.passed else "FAILED"
        console.print(
            f"release {rel.id}: {report.cells} cells, {report.hidden} hidden, "
            f"{report.blocks} blocks (largest {report.largest_block}), {report.lps} LPs, "
            f"{report.milps} integer programs, {report.seconds:.1f} s: {verdict}",
            highlight=False,
        )
        for f in report.failures:
            upper = "∞" if f.upper == float("inf") else f"{f.upper:g}"
            err_console.print(f"  {f.cell}: [{f.lower:g}, {upper}] {f.reason}", highlight=False)
    if not report.passed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    release_app = typer.Typer(
        help="Releases (公表用集計): every count viewers and meetings see, protected and "
        "audited once per reference date (month ends; NETMAP_RELEASE_PERIOD=quarter for "
        "quarter ends), frozen once seen.",
        no_args_is_help=True,
    )
    app.add_typer(release_app, name="release")
    audit_app = typer.Typer(help="Audits of what netmap publishes.", no_args_is_help=True)
    app.add_typer(audit_app, name="audit")
    release_app.command("list")(list_cmd)
    release_app.command("build")(build_cmd)
    release_app.command("show")(show_cmd)
    audit_app.command("disclosure")(audit_cmd)
