"""``netmap serve`` (the API and web app) and ``netmap token create|list|revoke``."""

from __future__ import annotations

from typing import Annotated

import typer

from netmap.cli.common import OutputFormat, console, err_console, print_json, user_errors

token_app = typer.Typer(
    name="token",
    help="API tokens: create (shown once, stored hashed), list, revoke.",
    no_args_is_help=True,
)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on")] = 8000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "info",
) -> None:
    """Run the REST API and the web app on the configured store."""
    import uvicorn

    from netmap.api import create_app
    from netmap.config import get_settings

    with user_errors():
        settings = get_settings()
        app = create_app(settings)
        err_console.print(
            f"netmap: serving on http://{host}:{port}/ (store: {settings.store}, "
            f"data dir: {settings.data_dir}); API docs at /docs",
            highlight=False,
        )
        uvicorn.run(app, host=host, port=port, log_level=log_level)


@token_app.command("create")
def token_create(
    role: Annotated[
        str, typer.Option(help="viewer | analyst | admin", case_sensitive=False)
    ] = "viewer",
    area: Annotated[
        str | None, typer.Option("--area", help="Limit the token to this area and its sub-areas")
    ] = None,
    name: Annotated[str, typer.Option(help="Who or what the token is for")] = "",
) -> None:
    """Create a token. The token is printed alone on the last line: keep it, it is not
    shown again."""
    from netmap.auth import Role, token_store
    from netmap.config import get_settings

    with user_errors():
        if role.lower() not in {r.value for r in Role}:
            err_console.print(
                f"[bold red]error:[/] unknown role {role!r}: use viewer, analyst or admin",
                highlight=False,
            )
            raise typer.Exit(2)
        settings = get_settings()
        if area:
            _warn_unknown_area(area)
        info, secret = token_store(settings).create(Role(role.lower()), area_id=area, name=name)
        scope = f"area {info.area_id}" if info.area_id else "all areas"
        err_console.print(
            f"created token {info.id} ({info.role.value}, {scope}); it is shown once:",
            highlight=False,
        )
        typer.echo(secret)


def _warn_unknown_area(area: str) -> None:
    """Warn (do not fail) when the area is not in the store (it may be imported later)."""
    from netmap.errors import NetmapError
    from netmap.store import open_store

    try:
        store = open_store()
        try:
            found = store.existing_ids([area])
        finally:
            store.close()
    except NetmapError:
        return
    if found.get(area) != "Area":
        err_console.print(
            f"[yellow]warning:[/] no area with id {area!r} in the store yet", highlight=False
        )


@token_app.command("list")
def token_list(
    format: Annotated[OutputFormat, typer.Option("--format", help="table | json | csv")] = (
        OutputFormat.table
    ),
) -> None:
    """List tokens (never the tokens themselves)."""
    from netmap.auth import token_store
    from netmap.config import get_settings

    with user_errors(format == OutputFormat.json):
        tokens = token_store(get_settings()).list()
        rows = [t.as_dict() for t in tokens]
        if format == OutputFormat.json:
            print_json({"tokens": rows})
            return
        cols = ["id", "role", "area_id", "name", "created", "revoked"]
        if format == OutputFormat.csv:
            import sys

            from netmap.spreadsheet import csv_text

            body = [cols, *([r[c] for c in cols] for r in rows)]
            sys.stdout.write(csv_text(body, lineterminator="\n"))
            return
        from rich.table import Table

        table = Table(title="netmap tokens")
        for c in cols:
            table.add_column(c)
        for r in rows:
            table.add_row(*("" if r[c] is None else str(r[c]) for c in cols))
        console.print(table)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(help="The token id (see list)")]) -> None:
    """Revoke a token: it stops working at once, also in a running server."""
    from netmap.auth import token_store
    from netmap.config import get_settings

    with user_errors():
        info = token_store(get_settings()).revoke(token_id)
        err_console.print(f"revoked token {info.id} ({info.revoked})", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(token_app, name="token")
