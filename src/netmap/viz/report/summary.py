"""The district sheet's summary: key figures, as the tables and the release show them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from netmap.viz.report.common import people, table_of
from netmap.viz.tables import Table
from netmap.viz.texts import sheet_t as _t

__all__ = ["summary_cards"]


def summary_cards(
    view: nx.MultiDiGraph, tables: Sequence[Table], lang: str
) -> list[tuple[str, str]]:
    """(label, value) of the summary's cards: organisations, activities, networks,
    residents with needs (the published count), gaps, under-supplied needs, isolation."""
    cats: dict[str, int] = {}
    for _, d in view.nodes(data=True):
        if d.get("category") == "Organisation" and d.get("outside"):
            continue
        c = str(d.get("category"))
        cats[c] = cats.get(c, 0) + 1
    hub = view.graph.get("area_id")
    hub_d: Mapping[str, Any] = view.nodes[hub] if hub in view else {}
    res = (hub_d.get("counts_text") or {}).get("residents_with_needs")
    if res is None and view.graph.get("view") == "city":
        res = "-"
    gaps = table_of(tables, "gaps").rows
    n_gap = sum(1 for r in gaps if r.get("kind", "").startswith(("空白", "gap")))
    iso_rows = table_of(tables, "isolated").rows
    yes = {"はい", "yes"}
    iso_n = sum(1 for r in iso_rows if r.get("isolated") in yes)
    if len(iso_rows) == 1:
        iso = _t("yes", lang) if iso_n else _t("no", lang)
    else:
        iso = _t("districts", lang, n=iso_n) if iso_n else _t("no", lang)
    items = [
        (_t("orgs", lang), str(cats.get("Organisation", 0))),
        (_t("acts", lang), str(cats.get("Activity", 0))),
        (_t("nets", lang), str(cats.get("Network", 0))),
        (_t("residents", lang), people(res, lang)),
        (_t("n_gaps", lang), _t("items", lang, n=n_gap)),
        (_t("n_under", lang), _t("items", lang, n=len(gaps) - n_gap)),
        (_t("iso", lang), iso),
    ]
    return items
