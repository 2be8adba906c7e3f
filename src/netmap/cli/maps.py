"""``netmap map``: write an interactive HTML map (one self-contained file, opens offline)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netmap.cli.common import console, err_console, user_errors


def register(app: typer.Typer) -> None:
    @app.command("map")
    def map_cmd(
        area: Annotated[
            str | None,
            typer.Option("--area", "-a", help="Area id (a ward or district); default: the city."),
        ] = None,
        as_of: Annotated[
            str | None,
            typer.Option(
                "--as-of",
                help="Date (YYYY-MM-DD): the release of the latest month end on or before it "
                "(default today).",
            ),
        ] = None,
        output: Annotated[
            Path | None,
            typer.Option(
                "--output", "-o", help="HTML file to write (default: map.html or map-AREA.html)."
            ),
        ] = None,
        wards: Annotated[
            bool,
            typer.Option(
                "--wards",
                help="Also write one map per ward into OUTPUT's folder (wards/ID.html), "
                "linked from the city map.",
            ),
        ] = False,
        fresh_layout: Annotated[
            bool,
            typer.Option(
                "--fresh-layout",
                help="Ignore the remembered positions of earlier maps (they keep maps of "
                "different months comparable).",
            ),
        ] = False,
    ) -> None:
        """Write an interactive network map (city view, or one ward/district) as one HTML
        file that opens in a browser with no network: layers for gaps, isolated areas,
        bridges and referral flows; filters; search in Japanese. Everything shown comes from
        the release of the latest month end on or before --as-of (docs/privacy.md):
        residents only as counts, hidden ones as x."""
        from netmap.config import get_settings
        from netmap.service.maps import render_map, render_map_set
        from netmap.store import open_store

        settings = get_settings()
        target = output or Path(f"map-{area}.html" if area else "map.html")
        if wards and area is not None:
            err_console.print("[bold red]error:[/] --wards writes the city map set; drop --area")
            raise typer.Exit(2)
        with user_errors():
            store = open_store(settings)
            try:
                if wards:
                    result = render_map_set(
                        store,
                        target.parent,
                        as_of=as_of,
                        settings=settings,
                        reuse_layout=not fresh_layout,
                        city_name=target.name,
                    )
                    written = result.paths
                else:
                    written = [
                        render_map(
                            store,
                            area=area,
                            as_of=as_of,
                            output=target,
                            settings=settings,
                            reuse_layout=not fresh_layout,
                        )
                    ]
            finally:
                store.close()
        for path in written:
            console.print(f"wrote {path}", highlight=False)
