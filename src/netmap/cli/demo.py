"""``netmap demo``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netmap.cli.common import console, progress_bar, user_errors


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        output: Annotated[
            Path, typer.Option("--output", "-o", help="Folder to write the demo products into.")
        ] = Path("netmap-demo"),
        data_dir: Annotated[
            Path | None,
            typer.Option(
                "--data-dir",
                help="Embedded store folder to load the demo into "
                "(default: OUTPUT/store, emptied first).",
            ),
        ] = None,
        scale: Annotated[
            float | None,
            typer.Option(help="Demo size (1 = a whole city; default: the small demo)."),
        ] = None,
    ) -> None:
        """Load the synthetic Yokohama demo into an embedded store (no server needed) and
        write everything netmap can produce into OUTPUT. All demo records are synthetic."""
        from netmap.config import get_settings
        from netmap.service.demo import run_demo
        from netmap.store.embedded import EmbeddedStore

        with user_errors():
            base = get_settings()
            ddir = data_dir or (output / "store")
            settings = base.model_copy(update={"store": "embedded", "data_dir": ddir})
            store = EmbeddedStore(settings.embedded_path)
            try:
                store.wipe()
                with progress_bar("demo import") as progress:
                    result = run_demo(store, settings, output, scale=scale, progress=progress)
            finally:
                store.close()
        console.print(f"[bold]netmap demo[/] (synthetic data) loaded into {ddir}")
        console.print("wrote:")
        for path in result.written:
            console.print(f"  {path}", highlight=False)
        console.print(
            f"explore it: NETMAP_DATA_DIR={ddir} netmap gaps   (or: netmap stats, netmap map)",
            highlight=False,
        )
        from netmap.demo.plan import SCENARIO_DIR, SCENARIO_FROM

        console.print(
            f"try the plan (計画案): NETMAP_DATA_DIR={ddir} netmap compare --scenario "
            f"{output / SCENARIO_DIR} --at {SCENARIO_FROM}",
            highlight=False,
        )
