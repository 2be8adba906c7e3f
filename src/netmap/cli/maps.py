"""``netmap map``: write an interactive HTML map (one self-contained file, opens offline)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netmap.cli.common import err_console, print_written, user_errors
from netmap.cli.refs import PLAN_AT_HELP, ProductAreaOpt, ReleaseAsOfOpt
from netmap.model.options import Lang

if TYPE_CHECKING:
    import networkx as nx

    from netmap.config import Settings
    from netmap.store.base import GraphStore

OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="HTML file to write (default: map.html or map-AREA.html)."),
]
WardsOpt = Annotated[
    bool,
    typer.Option(
        "--wards",
        help="Also write one map per ward into OUTPUT's folder (wards/ID.html), "
        "linked from the city map.",
    ),
]
FreshLayoutOpt = Annotated[
    bool,
    typer.Option(
        "--fresh-layout",
        help="Ignore the remembered positions of earlier maps (they keep maps of "
        "different months comparable).",
    ),
]
LangOpt = Annotated[
    Lang,
    typer.Option(
        "--lang",
        help="Language of the map's own text (title, legend, layers, buttons, "
        "tooltips); names in the data stay as they are.",
    ),
]
CompareToOpt = Annotated[
    str | None,
    typer.Option(
        "--compare-to",
        help="Draw what changed since this date (YYYY-MM-DD), in a 変化 (Changes) "
        "layer: organisations, activities, networks, memberships and partnerships "
        "added or ended, areas' gaps closed or opened, all read from the release "
        "on or before it and the map's release (docs/compare.md).",
    ),
]
ScenarioOpt = Annotated[
    Path | None,
    typer.Option(
        "--scenario",
        help="Draw a plan (folder, .zip or .xlsx in the import format) over the "
        "map: planned records marked, areas noting the gaps it closes and the "
        "isolation it ends. Validated like an import, never stored.",
    ),
]
AtOpt = Annotated[
    str | None,
    typer.Option("--at", help=f"{PLAN_AT_HELP}; the map reads the release on or before it."),
]


def map_cmd(
    area: ProductAreaOpt = None,
    as_of: ReleaseAsOfOpt = None,
    output: OutputOpt = None,
    wards: WardsOpt = False,
    fresh_layout: FreshLayoutOpt = False,
    lang: LangOpt = Lang.JA,
    compare_to: CompareToOpt = None,
    scenario: ScenarioOpt = None,
    at: AtOpt = None,
) -> None:
    """Write an interactive network map (city view, or one ward/district) as one HTML
    file that opens in a browser with no network: layers for gaps, isolated areas,
    bridges and referral flows; filters; search in Japanese. Everything shown comes from
    the release of the latest month end on or before --as-of (docs/privacy.md):
    residents only as counts, hidden ones as x.

    --compare-to DATE adds a 変化 (Changes) layer: what was added or ended since the
    release on or before DATE. --scenario PLAN draws a plan over the map instead."""
    from netmap.cli import refs
    from netmap.config import get_settings
    from netmap.store import open_store

    settings = get_settings()
    if wards and area is not None:
        err_console.print("[bold red]error:[/] --wards writes the city map set; drop --area")
        raise typer.Exit(2)
    with user_errors():
        _check_change_options(
            compare_to=compare_to, scenario=scenario, at=at, as_of=as_of, wards=wards
        )
        day = refs.as_of_date(as_of)
        store = open_store(settings)
        try:
            if wards:
                written = _write_map_set(
                    store, output, day, settings, reuse_layout=not fresh_layout, lang=lang
                )
            else:
                written = [
                    _write_map(
                        store,
                        output,
                        day,
                        settings,
                        area=area,
                        reuse_layout=not fresh_layout,
                        lang=lang,
                        compare_to=compare_to,
                        scenario=scenario,
                        at=at,
                    )
                ]
        finally:
            store.close()
    for path in written:
        print_written(path)


def _write_map_set(
    store: GraphStore,
    output: Path | None,
    day: dt.date | None,
    settings: Settings,
    *,
    reuse_layout: bool,
    lang: Lang,
) -> list[Path]:
    """``netmap map --wards``: the city map and one map per ward; the paths written."""
    from netmap.service.maps import render_map_set

    target = output or Path("map.html")
    result = render_map_set(
        store,
        target.parent,
        as_of=day,
        settings=settings,
        reuse_layout=reuse_layout,
        city_name=target.name,
        lang=lang,
    )
    return result.paths


def _write_map(
    store: GraphStore,
    output: Path | None,
    day: dt.date | None,
    settings: Settings,
    *,
    area: str | None,
    reuse_layout: bool,
    lang: Lang,
    compare_to: str | None,
    scenario: Path | None,
    at: str | None,
) -> Path:
    """``netmap map`` of the city or one area (a change map, a plan's map); the path."""
    from netmap.cli import refs
    from netmap.service.maps import render_map

    G = store.export_graph()
    area_id = _area_id(G, area)
    suffix = "-compare" if compare_to else "-scenario" if scenario else ""
    default = f"map-{area_id}{suffix}.html" if area_id else f"map{suffix}.html"
    target = output or Path(default)
    return render_map(
        store,
        area=area_id,
        as_of=day,
        output=target,
        settings=settings,
        reuse_layout=reuse_layout,
        graph=G,
        lang=lang,
        compare_to=refs.as_of_date(compare_to) if compare_to else None,
        scenario=scenario,
        at=refs.as_of_date(at) if at else None,
    )


def register(app: typer.Typer) -> None:
    app.command("map")(map_cmd)


def _check_change_options(
    *,
    compare_to: str | None,
    scenario: Path | None,
    at: str | None,
    as_of: str | None,
    wards: bool,
) -> None:
    """The change map's options go together only as documented (a usage error, exit 2)."""
    from netmap.errors import UsageError

    if compare_to is not None and scenario is not None:
        raise UsageError(
            "--compare-to と --scenario は同時に使えません。変化の地図か計画案の地図か、"
            "どちらか一つを指定してください / --compare-to and --scenario cannot be "
            "combined: draw the changes since a date, or a plan"
        )
    if wards and (compare_to is not None or scenario is not None):
        raise UsageError(
            "--wards は --compare-to・--scenario と一緒に使えません。--area で区・地区ごとに"
            "作ってください / --wards cannot be combined with --compare-to or --scenario: "
            "draw one map at a time with --area"
        )
    if at is not None and scenario is None:
        raise UsageError(
            "--at は --scenario と一緒に使います（地図の日付は --as-of）/ --at goes with "
            "--scenario (the map's date is --as-of)"
        )
    if scenario is not None and as_of is not None:
        raise UsageError(
            "--scenario の日付は --at で指定します（--as-of は使えません）/ with --scenario, "
            "give the plan's date with --at, not --as-of"
        )


def _area_id(G: nx.MultiDiGraph, area: str | None) -> str | None:
    """``--area`` (an id or a name) as an id. An unknown area stays a
    :class:`~netmap.errors.NotFound` (exit code 1) as ``netmap map`` has always reported it,
    now with suggestions; an ambiguous name is a usage error (exit code 2)."""
    from netmap.cli import refs
    from netmap.errors import NotFound, UnknownNameError

    try:
        return refs.area_id(G, area)
    except UnknownNameError as exc:
        raise NotFound(exc.message, details=exc.details) from None
