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
        app = create_app(settings, warm=True)  # first requests fast: graph and release loaded
        docs = "API docs at /docs" if settings.api_docs else "API docs off (NETMAP_API_DOCS)"
        err_console.print(
            f"netmap: serving on http://{host}:{port}/ (store: {settings.store}, "
            f"data dir: {settings.data_dir}); {docs}",
            highlight=False,
        )
        uvicorn.run(app, host=host, port=port, log_level=log_level)


@token_app.command("create")
def token_create(
    role: Annotated[
        str, typer.Option(help="viewer | analyst | admin", case_sensitive=False)
    ] = "viewer",
    area: Annotated[
        str | None,
        typer.Option(
            "--area",
            help="Limit the token to this area and its sub-areas: an area id or its Japanese "
            "name (日吉地区); `netmap areas` lists them",
        ),
    ] = None,
    name: Annotated[str, typer.Option(help="Who or what the token is for")] = "",
    expires: Annotated[
        str | None,
        typer.Option(
            "--expires",
            help="Expire after N days or weeks (90d, 12w) or on an ISO date (2030-03-31, "
            "00:00 UTC); default: never",
        ),
    ] = None,
    allow_unknown_area: Annotated[
        bool,
        typer.Option(
            "--allow-unknown-area",
            help="Create the token even if --area is not in the store (yet): warn only",
        ),
    ] = False,
) -> None:
    """Create a token. The token is printed alone on the last line: keep it, it is not
    shown again."""
    from netmap.auth import Role, parse_expiry, token_store
    from netmap.config import get_settings
    from netmap.errors import UsageError

    with user_errors():
        if role.lower() not in {r.value for r in Role}:
            raise UsageError(f"unknown role {role!r}: use viewer, analyst or admin")
        if area is not None:
            area = area.strip()
            if not area:
                raise UsageError(
                    "--area is blank: give an area id, or leave --area out for a token "
                    "that sees every area"
                )
        expires_at = None if expires is None else parse_expiry(expires)
        settings = get_settings()
        if area is not None:
            area = _check_area(area, allow_unknown=allow_unknown_area)
        info, secret = token_store(settings).create(
            Role(role.lower()), area_id=area, name=name, expires=expires_at
        )
        scope = f"area {info.area_id}" if info.area_id else "all areas"
        until = f"expires {info.expires}" if info.expires else "does not expire"
        err_console.print(
            f"created token {info.id} ({info.role.value}, {scope}, {until}); it is shown once:",
            highlight=False,
        )
        typer.echo(secret)


def _check_area(area: str, *, allow_unknown: bool) -> str:
    """The id of the area ``--area`` names (an id or a name, :mod:`netmap.names`). Refuse
    an area that is not in the store (exit 2); with ``allow_unknown`` (an area imported
    later), only warn and keep the text as the id. A store that cannot be read is an error
    unless allowed."""
    from netmap.errors import NetmapError, StoreUnavailable, UnknownNameError, UsageError
    from netmap.names import area_index
    from netmap.store import open_store

    hint = "; use --allow-unknown-area to create the token anyway"
    try:
        store = open_store()
        try:
            found = store.existing_ids([area])
            G = None if found.get(area) == "Area" else store.export_graph()
        finally:
            store.close()
    except NetmapError as exc:
        if not allow_unknown:
            raise StoreUnavailable(
                f"cannot check that area {area!r} exists: {exc.message}{hint}"
            ) from exc
        err_console.print(
            f"[yellow]warning:[/] cannot check that area {area!r} exists: {exc.message}",
            highlight=False,
            markup=True,
        )
        return area
    if G is None:
        return area
    try:
        return area_index(G).resolve(area)  # a name, or an error with suggestions
    except UnknownNameError as exc:
        if not allow_unknown:
            raise UsageError(f"{exc.message}{hint}", details=exc.details) from None
        err_console.print(
            f"[yellow]warning:[/] no area with id {area!r} in the store yet", highlight=False
        )
        return area


@token_app.command("list")
def token_list(
    format: Annotated[OutputFormat, typer.Option("--format", help="table | json | csv")] = (
        OutputFormat.table
    ),
) -> None:
    """List tokens (never the tokens themselves), with their expiry and last use (UTC)."""
    from netmap.auth import token_store
    from netmap.config import get_settings

    with user_errors(format == OutputFormat.json):
        tokens = token_store(get_settings()).list()
        rows = [t.as_dict() for t in tokens]
        if format == OutputFormat.json:
            print_json({"tokens": rows})
            return
        cols = ["id", "role", "area_id", "name", "created", "expires", "last_used", "revoked"]
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
            cells = ["" if r[c] is None else str(r[c]) for c in cols]
            if r["expired"]:
                cells[cols.index("expires")] += " (expired)"
            table.add_row(*cells)
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
