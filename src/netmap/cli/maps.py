"""``netmap map``: write an interactive HTML map (one self-contained file, opens offline)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netmap.cli.common import console, err_console, user_errors
from netmap.cli.refs import AREA_HELP, AS_OF_HELP
from netmap.model.options import Lang

if TYPE_CHECKING:
    import networkx as nx


def register(app: typer.Typer) -> None:
    @app.command("map")
    def map_cmd(
        area: Annotated[
            str | None,
            typer.Option(
                "--area", "-a", help=f"A ward or district; default: the city. {AREA_HELP}"
            ),
        ] = None,
        as_of: Annotated[
            str | None,
            typer.Option(
                "--as-of",
                help=f"{AS_OF_HELP}: the release of the latest month end on or before it "
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
        lang: Annotated[
            Lang,
            typer.Option(
                "--lang",
                help="Language of the map's own text (title, legend, layers, buttons, "
                "tooltips); names in the data stay as they are.",
            ),
        ] = Lang.JA,
    ) -> None:
        """Write an interactive network map (city view, or one ward/district) as one HTML
        file that opens in a browser with no network: layers for gaps, isolated areas,
        bridges and referral flows; filters; search in Japanese. Everything shown comes from
        the release of the latest month end on or before --as-of (docs/privacy.md):
        residents only as counts, hidden ones as x."""
        from netmap.cli import refs
        from netmap.config import get_settings
        from netmap.service.maps import render_map, render_map_set
        from netmap.store import open_store

        settings = get_settings()
        if wards and area is not None:
            err_console.print("[bold red]error:[/] --wards writes the city map set; drop --area")
            raise typer.Exit(2)
        with user_errors():
            day = refs.as_of_date(as_of)
            store = open_store(settings)
            try:
                if wards:
                    target = output or Path("map.html")
                    result = render_map_set(
                        store,
                        target.parent,
                        as_of=day,
                        settings=settings,
                        reuse_layout=not fresh_layout,
                        city_name=target.name,
                        lang=lang,
                    )
                    written = result.paths
                else:
                    G = store.export_graph()
                    area_id = _area_id(G, area)
                    target = output or Path(f"map-{area_id}.html" if area_id else "map.html")
                    written = [
                        render_map(
                            store,
                            area=area_id,
                            as_of=day,
                            output=target,
                            settings=settings,
                            reuse_layout=not fresh_layout,
                            graph=G,
                            lang=lang,
                        )
                    ]
            finally:
                store.close()
        for path in written:
            console.print(f"wrote {path}", highlight=False)


def _area_id(G: nx.MultiDiGraph, area: str | None) -> str | None:
    """``--area`` (an id or a name) as an id. An unknown area stays a
    :class:`~netmap.errors.NotFound` (exit code 1) as ``netmap map`` has always reported it,
    now with suggestions; an ambiguous name is a usage error (exit code 2)."""
    from netmap.cli import refs
    from netmap.errors import NotFound
    from netmap.names import UnknownNameError

    try:
        return refs.area_id(G, area)
    except UnknownNameError as exc:
        raise NotFound(exc.message, details=exc.details) from None
