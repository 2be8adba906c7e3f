"""What the export tests share (tests/service, tests/cli, tests/viz): an imported store as
they read it (:class:`Data`), the release an export reads (:func:`release_of`) and its dates.

Exports are made from a *release* (:mod:`netmap.disclosure`): the one of the latest month
end on or before ``as_of`` (and before today). Each :class:`Data` has its own data dir, so
its own releases (``<data dir>/releases``). ``AS_OF`` is a month end: the release of
November 2026, whose period (2026-11-01 to 2026-11-30) holds the referrals of the demo
(``demo_data`` in tests/conftest.py: the demo's run to 2026-11-30) and of the privacy
fixture (tests/service/conftest.py: dated in November, and one in October that the
November release must not count)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from netmap.config import Settings
from netmap.disclosure.release import Release

#: The exports' ``as_of``: a month end in the past (the release's reference date).
AS_OF = "2026-11-30"
REFERENCE = dt.date(2026, 11, 30)
#: The first day of the release's period.
PERIOD_START = dt.date(2026, 11, 1)


@dataclass
class Data:
    """An imported store: the CSV folder it was imported from, its settings (a data dir of
    its own) and its graph."""

    csv: Path
    settings: Settings
    G: nx.MultiDiGraph


def release_of(data: Data, as_of: str = AS_OF) -> Release:
    """The release an export of ``data.G`` for ``as_of`` reads (as
    :func:`netmap.service.exports.export_area_bytes` gets it: built in the data's data dir
    on first use, frozen from then on)."""
    from netmap.service.releases import GraphSource, release_for

    version = str(data.G.graph.get("data_version", "graph"))
    source = GraphSource(version=lambda: version, graph=lambda: data.G)
    return release_for(data.settings, source, as_of)
