"""``netmap export`` and ``netmap report``: diagrams, network files, tables, district sheets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netmap.cli.common import console, user_errors
from netmap.model.options import DPI_DEFAULT, DPI_MAX, DPI_MIN, Lang, Orientation, Paper

AreaOpt = Annotated[
    str | None,
    typer.Option("--area", "-a", help="Area id (a ward or district); default: the city."),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Date (YYYY-MM-DD): the release of the latest month end on or before it "
        "(default today).",
    ),
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of titles, legend and headings.")]
PaperOpt = Annotated[Paper, typer.Option("--paper", help="Paper size of diagrams and sheets.")]


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_cmd(
        output: Annotated[
            Path,
            typer.Option(
                "--output",
                "-o",
                help="File to write; its extension picks the format: .png .svg .pdf "
                "(diagram), .graphml .gexf .json (network for Gephi/yEd/scripts), "
                ".xlsx .csv (analysis tables).",
            ),
        ],
        area: AreaOpt = None,
        as_of: AsOfOpt = None,
        paper: PaperOpt = Paper.A4,
        orientation: Annotated[
            Orientation, typer.Option("--orientation", help="Diagram orientation.")
        ] = Orientation.LANDSCAPE,
        title: Annotated[
            str | None,
            typer.Option("--title", help="Diagram title (default: AREA 支援ネットワーク図)."),
        ] = None,
        lang: LangOpt = Lang.JA,
        table: Annotated[
            str | None,
            typer.Option(
                "--table",
                help="Which table a .csv holds: gaps (default), isolated, bridges, "
                "missing_bridges, flows, organisations.",
            ),
        ] = None,
        dpi: Annotated[
            int,
            typer.Option("--dpi", min=DPI_MIN, max=DPI_MAX, help="PNG resolution (dots per inch)."),
        ] = DPI_DEFAULT,
    ) -> None:
        """Export the network of the city, a ward or a district for a meeting or another
        tool: a printable diagram in Japanese (PNG/SVG/PDF, same picture as the interactive
        map), GraphML/GEXF/JSON for Gephi and yEd, or the analysis tables (XLSX with one
        sheet per analysis; CSV in UTF-8 with BOM for Excel). Everything comes from the
        release of the latest month end on or before --as-of (docs/privacy.md): residents
        only as counts, hidden ones as x."""
        from netmap.config import get_settings
        from netmap.service.exports import export_area
        from netmap.store import open_store

        settings = get_settings()
        with user_errors():
            store = open_store(settings)
            try:
                path = export_area(
                    store,
                    output=output,
                    area=area,
                    as_of=as_of,
                    paper=paper.value,
                    orientation=orientation.value,
                    title=title,
                    lang=lang.value,
                    table=table,
                    dpi=dpi,
                    settings=settings,
                )
            finally:
                store.close()
        console.print(f"wrote {path}", highlight=False)

    @app.command("report")
    def report_cmd(
        area: Annotated[str, typer.Option("--area", "-a", help="Area id of a ward or district.")],
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="PDF to write (default: sheet-AREA.pdf)."),
        ] = None,
        as_of: AsOfOpt = None,
        paper: PaperOpt = Paper.A4,
        title: Annotated[
            str | None, typer.Option("--title", help="Sheet title (default: AREA 地区シート).")
        ] = None,
        lang: LangOpt = Lang.JA,
    ) -> None:
        """Write the district sheet (地区シート), a PDF handout of a few pages: the network
        diagram; gaps with candidate resources; isolation with reasons; referrals in and
        out; top bridging organisations with why, and missing bridges with candidates.
        Made from the release of the latest month end on or before --as-of: residents only
        as counts, hidden ones as x."""
        from netmap.config import get_settings
        from netmap.service.exports import export_filename, write_report
        from netmap.store import open_store

        settings = get_settings()
        target = output or Path(export_filename(area, "pdf", report=True))
        with user_errors():
            store = open_store(settings)
            try:
                path = write_report(
                    store,
                    area=area,
                    output=target,
                    as_of=as_of,
                    paper=paper.value,
                    title=title,
                    lang=lang.value,
                    settings=settings,
                )
            finally:
                store.close()
        console.print(f"wrote {path}", highlight=False)
