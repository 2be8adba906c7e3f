"""``netmap template``: empty import files (CSV and an Excel workbook) to fill in; with
``--scenario``, the empty plan for ``netmap compare --scenario``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from netmap.cli.common import console, print_json, user_errors


class TemplateKind(StrEnum):
    both = "both"
    csv = "csv"
    xlsx = "xlsx"


class _Format(StrEnum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("template")
    def template(
        output: Annotated[
            Path | None,
            typer.Option(
                "--output",
                "-o",
                help="Folder to write the templates into (default netmap-template, or "
                "netmap-plan-template with --scenario).",
            ),
        ] = None,
        only: Annotated[
            TemplateKind,
            typer.Option(
                "--only", help="Write both (default), only the CSV files or only the workbook."
            ),
        ] = TemplateKind.both,
        force: Annotated[
            bool, typer.Option("--force", help="Overwrite template files already there.")
        ] = False,
        scenario: Annotated[
            bool,
            typer.Option(
                "--scenario",
                help="Write the empty plan instead (計画案): only organisations, activities, "
                "networks, memberships and partnerships (and needs, kinds), never residents "
                "or referrals; try it with `netmap compare --scenario`.",
            ),
        ] = False,
        fmt: Annotated[
            _Format, typer.Option("--format", "-f", help="Output format: table or json.")
        ] = _Format.table,
    ) -> None:
        """Write empty import files to fill in: one CSV file per kind of record (header row
        only, UTF-8 with BOM so Excel shows Japanese) and one Excel workbook
        (netmap-template.xlsx: a sheet per file, Japanese notes on every column, drop-down
        lists of the vocabularies). Import the filled files with `netmap import`.

        With --scenario: the same for a plan (netmap-plan-template.xlsx and the plan's CSV
        files), to try with `netmap compare --scenario` before creating anything."""
        from netmap.service.templates import SCENARIO_WORKBOOK, TEMPLATE_WORKBOOK, write_templates

        out = output or Path("netmap-plan-template" if scenario else "netmap-template")
        as_json = fmt is _Format.json
        with user_errors(json_output=as_json):
            written = write_templates(
                out,
                csv_files=only is not TemplateKind.xlsx,
                workbook=only is not TemplateKind.csv,
                overwrite=force,
                scenario=scenario,
            )
        if as_json:
            print_json({"ok": True, "written": [str(p) for p in written]})
            return
        console.print(f"wrote {len(written)} template file(s) into {out}:", highlight=False)
        for p in written:
            console.print(f"  {p}", highlight=False)
        target = out / (SCENARIO_WORKBOOK if scenario else TEMPLATE_WORKBOOK)
        then = "netmap compare --scenario" if scenario else "netmap import"
        console.print(
            f"fill them in (Excel: see the 説明 sheet), then: {then} "
            f"{target if only is not TemplateKind.csv else out}",
            highlight=False,
        )
