"""``netmap log``: the activity log (操作ログ) of the data directory."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from netmap.cli.common import (
    OutputFormat,
    console,
    print_csv,
    print_json,
    user_errors,
)

_FIXED = ("at", "action", "actor")


def _details(entry: dict[str, Any], *, short: bool = False) -> str:
    parts = []
    for k, v in entry.items():
        if k in _FIXED:
            continue
        if isinstance(v, dict):
            if short:  # files: {name: rows} -> how many files and rows
                v = f"{len(v)} ({sum(x for x in v.values() if isinstance(x, int))} rows)"
            else:
                v = ", ".join(f"{a} {b}" for a, b in v.items())
        parts.append(f"{k}={v}")
    return " ".join(parts)


def register(app: typer.Typer) -> None:
    @app.command("log")
    def show_log(
        since: Annotated[
            str | None,
            typer.Option("--since", help="Only entries on or after this date (YYYY-MM-DD, UTC)."),
        ] = None,
        action: Annotated[
            str | None,
            typer.Option(
                "--action",
                help="Only this action (import, sync.remove, wipe, release.build, "
                "release.replace, token.create, token.revoke, upkeep.invite, upkeep.revoke, "
                "upkeep.submit, upkeep.approve, upkeep.reject; 'token', 'release' or "
                "'upkeep' for all of one kind).",
            ),
        ] = None,
        fmt: Annotated[
            OutputFormat, typer.Option("--format", "-f", help="table, json or csv.")
        ] = OutputFormat.table,
    ) -> None:
        """Show the activity log (操作ログ): imports, records removed by a sync, wipes,
        release builds and replacements, tokens created and revoked — with time (UTC),
        who (token name or OS user) and counts. Never holds a resident id."""
        from netmap import activity
        from netmap.analysis.projections import resolve_as_of
        from netmap.config import get_settings
        from netmap.errors import UsageError

        json_out = fmt == OutputFormat.json
        with user_errors(json_out):
            day = resolve_as_of(since) if since else None
            known = {a.split(".")[0] for a in activity.ACTIONS} | set(activity.ACTIONS)
            if action and action not in known:
                raise UsageError(
                    f"unknown action {action!r}: use one of {', '.join(sorted(known))}"
                )
            entries = activity.read(get_settings(), since=day, action=action)
        if json_out:
            print_json({"entries": entries})
            return
        if fmt == OutputFormat.csv:
            rows = [["at", "action", "actor", "details"]]
            rows += [[str(e.get(k, "")) for k in _FIXED] + [_details(e)] for e in entries]
            print_csv(rows)
            return
        from rich.table import Table

        table = Table(title=f"操作ログ / activity log ({len(entries)})")
        for col in ("日時 at (UTC)", "操作 action", "実行者 actor", "内容 details"):
            table.add_column(col)
        for e in entries:
            label = activity.ACTIONS.get(str(e.get("action")), "")
            table.add_row(
                str(e.get("at", ""))[:19].replace("T", " "),
                f"{label} {e.get('action', '')}",
                str(e.get("actor", "")),
                _details(e, short=True),
            )
        console.print(table)
