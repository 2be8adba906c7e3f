"""``netmap export`` and ``netmap report``: diagrams, network files, tables, district sheets."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netmap.cli.common import print_written, user_errors
from netmap.cli.refs import AREA_HELP, PlanAtOpt, ProductAreaOpt, ReleaseAsOfOpt
from netmap.model.options import DPI_DEFAULT, DPI_MAX, DPI_MIN, Lang, Orientation, Paper

if TYPE_CHECKING:
    from netmap.config import Settings

LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of titles, legend and headings.")]
PaperOpt = Annotated[Paper, typer.Option("--paper", help="Paper size of diagrams and sheets.")]
ExportOutputOpt = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        help="File to write; its extension picks the format: .png .svg .pdf "
        "(diagram), .graphml .gexf .json (network for Gephi/yEd/scripts), "
        ".xlsx .csv (analysis tables).",
    ),
]
TableOpt = Annotated[
    str | None,
    typer.Option(
        "--table",
        help="Which table a .csv holds: gaps (default), isolated, bridges, "
        "missing_bridges, flows, organisations.",
    ),
]
DynamicOpt = Annotated[
    bool,
    typer.Option(
        "--dynamic",
        help="With .gexf and --area: a dynamic graph for Gephi's timeline "
        "(organisations, activities, networks, memberships and partnerships with "
        "their start and end from valid_from/valid_to; referral links only for "
        "the release's period).",
    ),
]
ForImportOpt = Annotated[
    bool,
    typer.Option(
        "--for-import",
        help="Write the master instead: every stored organisation, activity, "
        "network, membership, partnership, area and need (ended ones too) in the "
        "import template's format (.xlsx, or a folder of CSV files), to edit and "
        "import again. Never residents or referrals.",
    ),
]


def export_cmd(
    output: ExportOutputOpt,
    area: ProductAreaOpt = None,
    as_of: ReleaseAsOfOpt = None,
    paper: PaperOpt = Paper.A4,
    orientation: Annotated[
        Orientation, typer.Option("--orientation", help="Diagram orientation.")
    ] = Orientation.LANDSCAPE,
    title: Annotated[
        str | None,
        typer.Option("--title", help="Diagram title (default: AREA 支援ネットワーク図)."),
    ] = None,
    lang: LangOpt = Lang.JA,
    table: TableOpt = None,
    dpi: Annotated[
        int,
        typer.Option("--dpi", min=DPI_MIN, max=DPI_MAX, help="PNG resolution (dots per inch)."),
    ] = DPI_DEFAULT,
    dynamic: DynamicOpt = False,
    for_import: ForImportOpt = False,
) -> None:
    """Export the network of the city, a ward or a district for a meeting or another
    tool: a printable diagram in Japanese (PNG/SVG/PDF, same picture as the interactive
    map), GraphML/GEXF/JSON for Gephi and yEd, or the analysis tables (XLSX with one
    sheet per analysis; CSV in UTF-8 with BOM for Excel). Everything comes from the
    release of the latest month end on or before --as-of (docs/privacy.md): residents
    only as counts, hidden ones as x."""
    from netmap.config import get_settings

    settings = get_settings()
    if for_import:
        _export_master(settings, output, area=area, as_of=as_of)
        return
    path = _export_file(
        settings,
        output,
        area=area,
        as_of=as_of,
        paper=paper,
        orientation=orientation,
        title=title,
        lang=lang,
        table=table,
        dpi=dpi,
        dynamic=dynamic,
    )
    print_written(path)


def _export_file(
    settings: Settings,
    output: Path,
    *,
    area: str | None,
    as_of: str | None,
    paper: Paper,
    orientation: Orientation,
    title: str | None,
    lang: Lang,
    table: str | None,
    dpi: int,
    dynamic: bool,
) -> Path:
    """``netmap export`` of a diagram, a network file or tables: the written path."""
    from netmap.cli import refs
    from netmap.service.exports import export_area
    from netmap.store import open_store

    with user_errors():
        day = refs.as_of_date(as_of)
        store = open_store(settings)
        try:
            source = refs.graph_once(store)  # names resolved on the graph rendered
            if area is not None:
                area = refs.area_id(source.export_graph(), area)
            path = export_area(
                source,
                output=output,
                area=area,
                as_of=day,
                paper=paper.value,
                orientation=orientation.value,
                title=title,
                lang=lang.value,
                table=table,
                dpi=dpi,
                settings=settings,
                dynamic=dynamic,
            )
        finally:
            store.close()
    return path


def _export_master(
    settings: Settings, output: Path, *, area: str | None, as_of: str | None
) -> None:
    from netmap.errors import UsageError
    from netmap.service.master import write_master
    from netmap.store import open_store

    with user_errors():
        if area is not None or as_of is not None:
            raise UsageError(
                "--for-import writes the whole master (every record, ended ones too): "
                "leave out --area and --as-of"
            )
        store = open_store(settings)
        try:
            written = write_master(store.export_graph(), output)
        finally:
            store.close()
    for path in written:
        print_written(path)


def report_cmd(
    area: Annotated[str, typer.Option("--area", "-a", help=f"A ward or district. {AREA_HELP}")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="PDF to write (default: sheet-AREA.pdf)."),
    ] = None,
    as_of: ReleaseAsOfOpt = None,
    paper: PaperOpt = Paper.A4,
    title: Annotated[
        str | None, typer.Option("--title", help="Sheet title (default: AREA 地区シート).")
    ] = None,
    lang: LangOpt = Lang.JA,
    compare_to: Annotated[
        str | None,
        typer.Option(
            "--compare-to",
            help="Add a 変化 section: what changed in the area from the release on or "
            "before this date (e.g. the plan's start) to the sheet's release.",
        ),
    ] = None,
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            help="Add a 計画案 section for a plan (folder, .zip or .xlsx in the import "
            "format, as for netmap compare --scenario): the planned resources, the "
            "published gaps it would close, the areas no longer isolated. Validated "
            "like an import, never stored.",
        ),
    ] = None,
    at: PlanAtOpt = None,
) -> None:
    """Write the district sheet (地区シート), a PDF handout of a few pages: the network
    diagram; gaps with candidate resources; isolation with reasons; referrals in and
    out; top bridging organisations with why, and missing bridges with candidates.
    Made from the release of the latest month end on or before --as-of: residents only
    as counts, hidden ones as x. --compare-to DATE and --scenario PLAN (together or
    alone) add the 変化 and 計画案 sections (docs/compare.md)."""
    from netmap.config import get_settings

    settings = get_settings()
    path = _write_sheet(
        settings,
        area,
        output=output,
        as_of=as_of,
        paper=paper,
        title=title,
        lang=lang,
        compare_to=compare_to,
        scenario=scenario,
        at=at,
    )
    print_written(path)


def _write_sheet(
    settings: Settings,
    area: str,
    *,
    output: Path | None,
    as_of: str | None,
    paper: Paper,
    title: str | None,
    lang: Lang,
    compare_to: str | None,
    scenario: Path | None,
    at: str | None,
) -> Path:
    """``netmap report``: check the options, load the plan, write the sheet; its path."""
    from netmap.cli import refs
    from netmap.errors import UsageError
    from netmap.service.exports import export_filename, write_report
    from netmap.store import open_store

    with user_errors():
        if at is not None and scenario is None:
            raise UsageError("--at is the date of a plan: give it with --scenario PLAN")
        day = refs.as_of_date(as_of)
        since = refs.as_of_date(compare_to)
        store = open_store(settings)
        try:
            source = refs.graph_once(store)  # names resolved on the graph rendered
            area_id = refs.area_id(source.export_graph(), area) or area
            target = output or Path(export_filename(area_id, "pdf", report=True))
            plan = None
            if scenario is not None:
                from netmap.service.scenarios import load_plan

                # every problem of the plan before anything is written
                plan = load_plan(
                    scenario, store, settings=settings, at=at, graph=source.export_graph()
                )
            path = write_report(
                source,
                area=area_id,
                output=target,
                as_of=day,
                paper=paper.value,
                title=title,
                lang=lang.value,
                settings=settings,
                compare_to=since,
                plan=plan,
            )
        finally:
            store.close()
    return path


def register(app: typer.Typer) -> None:
    app.command("export")(export_cmd)
    app.command("report")(report_cmd)
