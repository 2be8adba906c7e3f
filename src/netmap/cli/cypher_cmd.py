"""``netmap cypher list`` and ``netmap cypher run NAME --param key=value``: the analyst
library of parameterised Cypher queries in ``cypher/analysis/`` (Neo4j store only)."""

from __future__ import annotations

import io
import json
import sys
from typing import Annotated, Any

import typer

from netmap.cli.common import OutputFormat, console, err_console, print_json, user_errors


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list | dict):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def list_cmd(
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table or json.")
    ] = OutputFormat.table,
) -> None:
    """The library's queries, what each answers, and their parameters."""
    from netmap.service.analyses import cypher_library

    lib = cypher_library()
    if fmt is OutputFormat.json:
        print_json({"queries": lib})
        return
    from rich.table import Table

    table = Table(title="Cypher analyst library (netmap cypher run NAME --param k=v)")
    table.add_column("name")
    table.add_column("answers")
    table.add_column("parameters (default)")
    for q in lib:
        table.add_row(
            q["name"],
            q["summary"],
            "\n".join(f"{p['name']} ({p['default']})" for p in q["params"]),
        )
    console.print(table)


def run_cmd(
    name: Annotated[str, typer.Argument(help="Query name (see `netmap cypher list`).")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="key=value (repeatable); 'null' for none."),
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """Run one library query on the Neo4j store and print its rows."""
    from netmap.service.analyses import run_cypher
    from netmap.store import open_store

    given: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            err_console.print(f"[bold red]error:[/] --param expects key=value, not {item!r}")
            raise typer.Exit(2)
        given[key.strip()] = value.strip()
    json_out = fmt is OutputFormat.json
    with user_errors(json_output=json_out):
        store = open_store()
        try:
            result = run_cypher(store, name, given)
        finally:
            store.close()
    rows: list[dict[str, Any]] = result["rows"]
    if json_out:
        print_json(result)
    elif fmt is OutputFormat.csv:
        buf = io.StringIO()
        if rows:
            from netmap.spreadsheet import csv_text

            buf.write(
                csv_text(
                    [list(rows[0]), *([_cell(v) for v in r.values()] for r in rows)],
                    lineterminator="\n",
                )
            )
        sys.stdout.buffer.write(buf.getvalue().encode("utf-8"))
        sys.stdout.flush()
    else:
        from rich.table import Table

        table = Table(title=f"{name} ({len(rows)} rows)")
        for col in rows[0] if rows else []:
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(*(_cell(v) for v in r.values()))
        console.print(table)


def register(app: typer.Typer) -> None:
    cypher_app = typer.Typer(
        help="The Cypher analyst library (cypher/analysis/): list and run its queries "
        "on the Neo4j store.",
        no_args_is_help=True,
    )
    app.add_typer(cypher_app, name="cypher")
    cypher_app.command("list")(list_cmd)
    cypher_app.command("run")(run_cmd)
