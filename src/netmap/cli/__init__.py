"""The ``netmap`` command line (Typer). Thin over :mod:`netmap.service`.

Each command group lives in its own module with a ``register(app)`` function; heavy
imports stay inside the commands so ``netmap --help`` starts fast.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="netmap",
    help=(
        "netmap: map local community-support networks (organisations, activities, networks, "
        "areas, referrals) and find gaps, isolated areas and bridge organisations."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


@app.callback()
def _main(
    verbose: int = typer.Option(
        0,
        "--verbose",
        "-v",
        count=True,
        help="Log what netmap does on stderr (-v: INFO, -vv: DEBUG); or NETMAP_LOG_LEVEL.",
    ),
) -> None:
    from netmap.logs import configure

    configure(verbose=verbose)


#: Command modules, registered in this order (each has ``register(app)``).
COMMAND_MODULES: tuple[str, ...] = (
    "netmap.cli.data",  # import, stats, db init / wipe
    "netmap.cli.directory",  # areas, needs, organisations, networks
    "netmap.cli.demo",  # demo
    "netmap.cli.analysis",  # gaps, isolated, bridges, flows
    "netmap.cli.compare",  # compare
    "netmap.cli.maps",  # map
    "netmap.cli.exports",  # export, report
    "netmap.cli.releases",  # release list / build / show, audit disclosure
    "netmap.cli.server",  # serve, token
    "netmap.cli.templates",  # template
    "netmap.cli.cypher_cmd",  # cypher list / run
    "netmap.cli.activity",  # log
    "netmap.cli.upkeep",  # upkeep invite / links / revoke / list / show / approve / reject
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)  # a missing module fails loudly


def main() -> None:
    app()
