"""``netmap upkeep``: review links for organisations, and the review queue (更新の確認):
``invite``, ``links``, ``revoke``, ``list``, ``show``, ``approve``, ``reject``
(docs/upkeep.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from netmap.cli.common import OutputFormat, console, err_console, print_json, user_errors

FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="table or json.")]
ItemsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--items",
        help="Item numbers (see show): 1,2 or repeat the option; default every pending item.",
    ),
]

#: a proposal's and an item's status in Japanese
STATUS_JA = {
    "pending": "未決定",
    "approved": "承認",
    "rejected": "却下",
    "partly_approved": "一部承認",
}
ACTION_JA = {"changed": "変更", "added": "追加", "ended": "終了", "confirmed": "確認のみ"}
KIND_JA = {
    "organisation": "団体",
    "activity": "活動",
    "membership": "ネットワーク",
    "partnership": "連携",
}


def _numbers(values: list[str] | None) -> list[int] | None:
    from netmap.errors import UsageError

    if not values:
        return None
    out = []
    for v in values:
        for part in v.split(","):
            if part.strip():
                try:
                    out.append(int(part))
                except ValueError:
                    raise UsageError(f"--items: {part.strip()!r} is not an item number") from None
    return out


def _graph_or_none() -> Any:
    """The stored graph, to name areas and networks (``None`` when the store is away)."""
    from netmap.errors import NetmapError
    from netmap.store import open_store

    try:
        store = open_store()
        try:
            return store.export_graph()
        finally:
            store.close()
    except NetmapError:
        return None


def _print_proposal(view: dict[str, Any]) -> None:
    """A proposal side by side (:func:`netmap.service.upkeep.proposal_view`)."""
    from rich.table import Table

    who = f" {view['submitted_by']}" if view["submitted_by"] else ""
    console.print(
        f"提案 / proposal {view['id']}: {view['organisation_name']} "
        f"({view['organisation_id']}) — {STATUS_JA.get(view['status'], view['status'])}; "
        f"提出 {view['submitted'][:16].replace('T', ' ')}{who}",
        highlight=False,
        markup=False,
    )
    if view["note"]:
        console.print(f"  メモ / note: {view['note']}", highlight=False, markup=False)
    table = Table()
    columns = ("#", "種類 kind", "対象 record", "項目 field", "変更前 before", "変更後 after")
    for col in (*columns, "状態 status"):
        table.add_column(col)
    for item in view["items"]:
        status = STATUS_JA.get(item["status"], item["status"])
        if item["reason"]:
            status += f"（{item['reason']}）"
        what = f"{KIND_JA.get(item['kind'], item['kind'])}・{ACTION_JA.get(item['action'], '')}"
        rows = item["fields"] or [{"label": "", "before": "", "after": ""}]
        for k, row in enumerate(rows):
            first = k == 0
            table.add_row(
                str(item["n"]) if first else "",
                what if first else "",
                item["label"] if first else "",
                row["label"],
                row["before"],
                row["after"],
                status if first else "",
            )
    console.print(table)


def invite_cmd(
    area: Annotated[
        str | None,
        typer.Option("--area", help="Every organisation of this area (id or name)."),
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option("--organisation", help="One organisation (id or name)."),
    ] = None,
    expires: Annotated[
        str, typer.Option("--expires", help="Days or weeks (30d, 6w) or an ISO date.")
    ] = "30d",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the links to this CSV file (0600)."),
    ] = None,
    base_url: Annotated[
        str,
        typer.Option("--base-url", help="The address the API and web app are reached at."),
    ] = "http://127.0.0.1:8000",
) -> None:
    """Create a review link per organisation (one, or every one of an area). The links
    are secrets (shown once, stored hashed): send each to its organisation only."""
    from netmap.auth import parse_expiry
    from netmap.config import get_settings
    from netmap.private_files import write_private
    from netmap.service.upkeep import invite
    from netmap.spreadsheet import csv_text
    from netmap.store import open_store

    with user_errors():
        until = parse_expiry(expires)
        settings = get_settings()
        store = open_store(settings)
        try:
            graph = store.export_graph()
        finally:
            store.close()
        made = invite(settings, graph, organisation=organisation, area=area, expires=until)
        rows: list[list[Any]] = [
            ["organisation_id", "organisation_name", "link_id", "expires", "url"]
        ]
        rows += [
            [
                m.link.organisation_id,
                m.link.organisation_name,
                m.link.id,
                m.link.expires,
                m.url(base_url),
            ]
            for m in made
        ]
        text = csv_text(rows, lineterminator="\n")
        if output is None:
            typer.echo(text, nl=False)
        else:
            write_private(output, ("\ufeff" + text).encode("utf-8"))  # BOM: Excel
            err_console.print(
                f"{len(made)} 件の確認用リンクを {output} に書きました（0600）/ wrote "
                f"{len(made)} review links to {output}",
                highlight=False,
            )


def links_cmd(fmt: FormatOpt = OutputFormat.table) -> None:
    """Every review link (never the secrets): organisation, expiry, revoked, last used."""
    from netmap.config import get_settings
    from netmap.upkeep.storage import upkeep_store

    with user_errors(fmt is OutputFormat.json):
        links = upkeep_store(get_settings()).links()
    if fmt is OutputFormat.json:
        print_json({"links": [link.as_dict() for link in links]})
        return
    from rich.table import Table

    table = Table(title=f"確認用リンク / review links ({len(links)})")
    for col in ("id", "団体 organisation", "期限 expires", "状態 state", "作成 created by"):
        table.add_column(col)
    for link in links:
        d = link.as_dict()
        state = "失効" if link.revoked else "期限切れ" if d["expired"] else "有効"
        table.add_row(
            link.id,
            f"{link.organisation_name} ({link.organisation_id})",
            link.expires[:16].replace("T", " "),
            state,
            link.created_by,
        )
    console.print(table)


def revoke_cmd(
    link_ids: Annotated[
        list[str] | None, typer.Argument(help="Link ids (see netmap upkeep links).")
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option("--organisation", help="Revoke every link of this organisation (id)."),
    ] = None,
) -> None:
    """Revoke review links: they, and the forms opened with them, stop working at once."""
    from netmap.config import get_settings
    from netmap.errors import UsageError
    from netmap.upkeep.storage import upkeep_store

    with user_errors():
        store = upkeep_store(get_settings())
        ids = list(link_ids or [])
        if organisation is not None:
            ids += [
                link.id
                for link in store.links(organisation_id=organisation)
                if link.revoked is None
            ]
        if not ids:
            raise UsageError("give link ids or --organisation ID")
        for link_id in ids:
            info = store.revoke_link(link_id)
            err_console.print(
                f"失効しました / revoked {info.id} ({info.organisation_name})",
                highlight=False,
            )


def list_cmd(
    status: Annotated[
        str,
        typer.Option(
            "--status",
            help="pending (default), decided, approved, rejected, partly_approved or all.",
        ),
    ] = "pending",
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """The proposals organisations sent (default: those with an item not decided yet)."""
    from netmap.config import get_settings
    from netmap.service.upkeep import proposals

    with user_errors(fmt is OutputFormat.json):
        found = proposals(get_settings(), status=None if status == "all" else status)
    if fmt is OutputFormat.json:
        print_json({"proposals": [p.as_dict() for p in found]})
        return
    from rich.table import Table

    table = Table(title=f"更新の提案 / proposals ({len(found)})")
    for col in ("id", "団体 organisation", "提出 submitted", "項目 items", "状態 status"):
        table.add_column(col)
    for p in found:
        pending = sum(i.status == "pending" for i in p.items)
        table.add_row(
            str(p.id),
            f"{p.organisation_name} ({p.organisation_id})",
            p.submitted[:16].replace("T", " "),
            f"{len(p.items)}（未決定 {pending}）",
            STATUS_JA.get(p.status, p.status),
        )
    console.print(table)


def show_cmd(
    proposal_id: Annotated[int, typer.Argument(help="The proposal's id (see list).")],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """One proposal, side by side: each item's values before and after."""
    from netmap.config import get_settings
    from netmap.service.upkeep import proposal, proposal_view

    with user_errors(fmt is OutputFormat.json):
        found = proposal(get_settings(), proposal_id)
    view = proposal_view(found, _graph_or_none())
    if fmt is OutputFormat.json:
        print_json(view)
        return
    _print_proposal(view)


def approve_cmd(
    proposal_id: Annotated[int, typer.Argument(help="The proposal's id (see list).")],
    items: ItemsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Approve items and write them to the store (checked as an import; one
    transaction); the records written get today's verified_on and source 本人確認."""
    from netmap.config import get_settings
    from netmap.service.upkeep import approve
    from netmap.store import open_store

    json_out = fmt is OutputFormat.json
    with user_errors(json_out):
        settings = get_settings()
        store = open_store(settings)
        try:
            done = approve(settings, store, proposal_id, _numbers(items))
        finally:
            store.close()
    if json_out:
        print_json(done.as_dict())
        return
    listed = ", ".join(map(str, done.approved))
    console.print(
        f"提案 {proposal_id} の項目 {listed} を承認し、書き込みました / approved and wrote "
        f"items {listed} of proposal {proposal_id}",
        highlight=False,
    )


def reject_cmd(
    proposal_id: Annotated[int, typer.Argument(help="The proposal's id (see list).")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept with the items).")],
    items: ItemsOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Reject items with a reason; nothing is written to the store."""
    from netmap.config import get_settings
    from netmap.service.upkeep import reject

    json_out = fmt is OutputFormat.json
    with user_errors(json_out):
        found = reject(get_settings(), proposal_id, _numbers(items), reason=reason)
    if json_out:
        print_json(found.as_dict())
        return
    console.print(
        f"提案 {proposal_id}: {STATUS_JA.get(found.status, found.status)} / {found.status}",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    upkeep_app = typer.Typer(
        help="Review links (確認用リンク) for organisations to review their own records, and "
        "the review queue (更新の確認): list, show, approve, reject.",
        no_args_is_help=True,
    )
    app.add_typer(upkeep_app, name="upkeep")
    upkeep_app.command("invite")(invite_cmd)
    upkeep_app.command("links")(links_cmd)
    upkeep_app.command("revoke")(revoke_cmd)
    upkeep_app.command("list")(list_cmd)
    upkeep_app.command("show")(show_cmd)
    upkeep_app.command("approve")(approve_cmd)
    upkeep_app.command("reject")(reject_cmd)
