"""The ``netmap`` command line (Typer). Thin over :mod:`netmap.service`.

Each command group lives in its own module with a ``register(app)`` function; heavy
imports stay inside the commands so ``netmap --help`` starts fast.
"""

from __future__ import annotations

import typer

from netmap.cli import (
    activity,
    analysis,
    compare,
    cypher_cmd,
    data,
    demo,
    directory,
    exports,
    maps,
    releases,
    server,
    templates,
    upkeep,
)

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


# Command modules, imported explicitly above (a missing or broken one fails at import)
# and registered in this order: the order of `netmap --help`.
data.register(app)  # import, stats, db init / wipe
directory.register(app)  # areas, needs, organisations, networks, stale
demo.register(app)  # demo
analysis.register(app)  # gaps, isolated, bridges, flows
compare.register(app)  # compare
maps.register(app)  # map
exports.register(app)  # export, report
releases.register(app)  # release list / build / show, audit disclosure
server.register(app)  # serve, token
templates.register(app)  # template
cypher_cmd.register(app)  # cypher list / run
activity.register(app)  # log
upkeep.register(app)  # upkeep invite / links / revoke / list / show / approve / reject


def main() -> None:
    app()
