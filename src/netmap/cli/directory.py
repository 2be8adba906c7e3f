"""``netmap areas``, ``netmap needs``, ``netmap organisations``, ``netmap networks``: the
ids and names the other commands take (``--area``, ``--need``, ``--network``).

Directory data only — ids, Japanese names (English ones where they exist), level or kind,
parent or location — never a count of residents. The lists are the API's
(:mod:`netmap.api.lists`) over the store's graph; ``--format csv`` goes through
:func:`netmap.spreadsheet.csv_text`, which keeps a name that looks like a formula as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netmap.cli.common import (
    OutputFormat,
    console,
    print_csv,
    print_json,
    user_errors,
)
from netmap.cli.refs import AREA_HELP, AS_OF_HELP, NEED_HELP, NETWORK_HELP

if TYPE_CHECKING:
    import networkx as nx

FormatOpt = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format: table, json or csv.")
]

#: Columns of each list: (key, Japanese heading).
AREA_COLUMNS = (
    ("id", "ID"),
    ("name", "名前"),
    ("level", "階層ID"),
    ("level_label", "階層"),
    ("parent_id", "上位の地域ID"),
    ("parent_name", "上位の地域"),
)
NEED_COLUMNS = (("id", "ID"), ("name_ja", "名前"), ("name_en", "English"))
ORGANISATION_COLUMNS = (
    ("id", "ID"),
    ("name", "名前"),
    ("kind", "種別ID"),
    ("kind_label", "種別"),
    ("area_id", "所在地ID"),
    ("area_name", "所在地"),
    ("valid_from", "開始日"),
    ("valid_to", "終了日"),
)
NETWORK_COLUMNS = (
    ("id", "ID"),
    ("name", "名前"),
    ("kind", "種別ID"),
    ("kind_label", "種別"),
    ("covers", "対象地域ID"),
)
STALE_COLUMNS = (
    ("id", "ID"),
    ("label_ja", "種類"),
    ("name", "名前"),
    ("area_name", "所在地"),
    ("verified_on", "最終確認日"),
    ("band_label", "新しさ"),
    ("source", "出典"),
    ("label", "label"),
    ("area_id", "所在地ID"),
    ("band", "band"),
)
#: The columns a terminal table shows (JSON and CSV have all of them).
TABLE_COLUMNS = {"id", "name", "name_ja", "name_en", "level_label", "parent_name"}
TABLE_COLUMNS |= {"kind_label", "area_name", "valid_to", "covers"}
TABLE_COLUMNS |= {"label_ja", "verified_on", "band_label", "source"}


def _graph() -> nx.MultiDiGraph:
    from netmap.config import get_settings
    from netmap.store import open_store

    store = open_store(get_settings())
    try:
        return store.export_graph()
    finally:
        store.close()


def _area_name(G: nx.MultiDiGraph, area: str | None) -> str | None:
    if area is None:
        return None
    return str(G.nodes[area].get("name", area)) if area in G else area


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def _print(
    key: str,
    rows: list[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    fmt: OutputFormat,
    title: str,
) -> None:
    out = [{k: r.get(k) for k, _ in columns} for r in rows]
    if fmt is OutputFormat.json:
        print_json({key: out, "total": len(out)})
        return
    if fmt is OutputFormat.csv:
        print_csv([[k for k, _ in columns], *([_text(r[k]) for k, _ in columns] for r in out)])
        return
    from rich.table import Table

    table = Table(title=f"{title}（{len(out)}件）")
    shown = [(k, h) for k, h in columns if k in TABLE_COLUMNS]
    for k, heading in shown:
        # ids stay whole (they are what the other commands take); names fold
        table.add_column(heading, overflow="fold", no_wrap=k == "id")
    for r in out:
        table.add_row(*(_text(r[k]) for k, _ in shown))
    console.print(table)


def areas_cmd(
    level: Annotated[
        str | None,
        typer.Option(
            "--level", "-l", help="Only this level: city, ward, district or neighbourhood."
        ),
    ] = None,
    under: Annotated[
        str | None,
        typer.Option("--under", "-u", help=f"Only the areas below this area. {AREA_HELP}"),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List the areas (地域一覧): id, Japanese name, level and parent. What --area of
    the other commands takes: the id or the name."""
    from netmap.analysis.projections import check_level
    from netmap.api.lists import list_areas
    from netmap.cli import refs
    from netmap.model.graph import area_descendants

    with user_errors(fmt is OutputFormat.json):
        if level is not None:
            check_level(level)
        G = _graph()
        allowed = None
        if under is not None:
            top = refs.area_id(G, under)
            assert top is not None
            allowed = area_descendants(G, top) - {top}
        rows = list_areas(G, allowed, level=level)
        for r in rows:
            r["parent_name"] = _area_name(G, r["parent_id"])
    _print("areas", rows, AREA_COLUMNS, fmt, "地域一覧 / areas")


def needs_cmd(fmt: FormatOpt = OutputFormat.table) -> None:
    """List the needs (ニーズ一覧): the fixed vocabulary and those added by needs.csv,
    with Japanese and English names. What --need takes: the id or either name."""
    from netmap.model.vocab import NEEDS
    from netmap.names import need_index

    with user_errors(fmt is OutputFormat.json):
        entries = need_index(_graph()).entries
    order = [*(n for n in NEEDS if n in entries), *sorted(n for n in entries if n not in NEEDS)]
    rows = [
        {"id": n, "name_ja": entries[n].name, "name_en": next(iter(entries[n].aliases), "")}
        for n in order
    ]
    _print("needs", rows, NEED_COLUMNS, fmt, "ニーズ一覧 / needs")


def organisations_cmd(
    area: Annotated[
        str | None,
        typer.Option(
            "--area", "-a", help=f"Only organisations in this area and below. {AREA_HELP}"
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", "-k", help="Only this kind (an id such as npo, or its Japanese label)."
        ),
    ] = None,
    network: Annotated[
        str | None,
        typer.Option("--network", help=f"Only members of this network. {NETWORK_HELP}"),
    ] = None,
    need: Annotated[
        str | None,
        typer.Option("--need", "-n", help=f"Only those providing this need. {NEED_HELP}"),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help=f"Only those open on this date: {AS_OF_HELP}."),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List the organisations (団体一覧): id, name, kind and where they are located
    (every one, or those open on --as-of)."""
    from netmap.api.lists import list_organisations
    from netmap.cli import refs
    from netmap.model.graph import area_descendants

    with user_errors(fmt is OutputFormat.json):
        day = refs.as_of_date(as_of)
        G = _graph()
        top = refs.area_id(G, area)
        allowed = None if top is None else area_descendants(G, top)
        rows = list_organisations(
            G,
            allowed,
            kind=_kind_id(kind),
            network_id=refs.network_id(G, network),
            need=refs.need_id(G, need),
            as_of=None if day is None else day.isoformat(),
        )
        for r in rows:
            r["area_name"] = _area_name(G, r["area_id"])
    _print("organisations", rows, ORGANISATION_COLUMNS, fmt, "団体一覧 / organisations")


def networks_cmd(
    area: Annotated[
        str | None,
        typer.Option(
            "--area",
            "-a",
            help=f"Only networks covering this area (or below) or with a member there. {AREA_HELP}",
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List the networks (ネットワーク一覧): id, name, kind and the areas they cover."""
    from netmap.api.lists import list_networks
    from netmap.cli import refs
    from netmap.model.graph import area_descendants

    with user_errors(fmt is OutputFormat.json):
        G = _graph()
        top = refs.area_id(G, area)
        allowed = None if top is None else area_descendants(G, top)
        rows = list_networks(G, allowed)
    _print("networks", rows, NETWORK_COLUMNS, fmt, "ネットワーク一覧 / networks")


def stale_cmd(
    older_than: Annotated[
        str,
        typer.Option(
            "--older-than",
            help="Records not verified within this age: 12m (months), 2y, 90d, 1年.",
        ),
    ] = "12m",
    area: Annotated[
        str | None,
        typer.Option("--area", "-a", help=f"Only records in this area and below. {AREA_HELP}"),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List what needs a review (確認が必要な記録): organisations and activities open
    today whose verified_on is older than --older-than or empty (never verified),
    never verified first, then the oldest."""
    from netmap.cli import refs
    from netmap.service.freshness import BANDS, parse_age, stale_records

    with user_errors(fmt is OutputFormat.json):
        age = parse_age(older_than)
        G = _graph()
        rows = stale_records(G, older_than=age, area=refs.area_id(G, area))
    for r in rows:
        r["band_label"] = BANDS[r["band"]][0]
        r["label_ja"] = "団体" if r["label"] == "Organisation" else "活動"
    _print("records", rows, STALE_COLUMNS, fmt, f"確認が必要な記録（{older_than}より前・未確認）")


def register(app: typer.Typer) -> None:
    app.command("areas")(areas_cmd)
    app.command("needs")(needs_cmd)
    app.command("organisations")(organisations_cmd)
    app.command("networks")(networks_cmd)
    app.command("stale")(stale_cmd)


def _kind_id(kind: str | None) -> str | None:
    """An organisation kind given by id or by its Japanese label (``NPO法人`` → ``npo``).

    >>> _kind_id("NPO法人"), _kind_id("npo"), _kind_id("food_bank")
    ('npo', 'npo', 'food_bank')
    """
    if kind is None:
        return None
    from netmap.model.vocab import ORGANISATION_KINDS
    from netmap.names import normalise

    key = normalise(kind)
    for k, label in ORGANISATION_KINDS.items():
        if key in (normalise(k), normalise(label)):
            return k
    return kind.strip()
