"""The district sheet's 情報の新しさ (freshness): every organisation on the sheet with its
last verification date and band on the sheet's reference date
(:func:`netmap.service.freshness.freshness_band`; 「未確認」 when never), never verified
first, then the oldest, after a line counting those not verified within a year and naming
``netmap stale`` for the full list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import networkx as nx

from netmap.service.freshness import freshness_band
from netmap.viz.describe import verified_text
from netmap.viz.report.common import headings_of, table_of
from netmap.viz.report.doc import Doc
from netmap.viz.tables import Table
from netmap.viz.texts import sheet_t as _t

__all__ = ["fresh_section", "verified_by_org"]


def verified_by_org(view: nx.MultiDiGraph, tables: Sequence[Table]) -> dict[str, Any]:
    """Organisation id -> its ``verified_on`` (empty: never verified), from the
    organisations table and the view (the ward's and city's organisations added for the
    diagram)."""
    out: dict[str, Any] = {
        str(r["id"]): r.get("verified_on") for r in table_of(tables, "organisations").rows
    }
    for n, d in view.nodes(data=True):
        if d.get("category") == "Organisation":
            out.setdefault(str(n), d.get("verified_on"))
    return out


def fresh_section(
    doc: Doc, view: nx.MultiDiGraph, tables: Sequence[Table], lang: str, day: dt.date | None
) -> None:
    """情報の新しさ: every organisation listed (the organisations table) with its last
    verification, never verified first, then the oldest; a line counting those not
    verified within a year of the sheet's date, naming ``netmap stale`` for the list."""
    orgs = table_of(tables, "organisations")
    doc.section(_t("fresh", lang), first_rows=1.0 if orgs.rows else 0.3)
    if not orgs.rows:
        doc.paragraph(_t("fresh_none", lang))
        return
    rows = sorted(
        orgs.rows,
        key=lambda r: (bool(r.get("verified_on")), str(r.get("verified_on") or ""), r["name"]),
    )
    bands = [freshness_band(r.get("verified_on"), day) if day else "never" for r in rows]
    n, never = len(rows), bands.count("never")
    stale = sum(1 for b in bands if b != "recent")
    d = day.isoformat() if day else "-"
    area = str(view.graph.get("area_id") or "")
    if stale:
        doc.paragraph(_t("fresh_stale", lang, n=n, k=stale, m=never, area=area))
    else:
        doc.paragraph(_t("fresh_ok", lang, n=n, d=d))
    doc.paragraph(_t("fresh_intro", lang, d=d), doc.body - 0.6, "#555555")
    keys = ["name", "kind", "area_name"]
    cells = [
        [
            *(r.get(k, "") for k in keys),
            verified_text(r.get("verified_on"), day, lang),
            r.get("source") or _t("res_none", lang),
        ]
        for r in rows
    ]
    doc.table(
        [*headings_of(orgs, keys, lang), _t("h_verified", lang), _t("h_source", lang)],
        cells,
        [30, 20, 14, 20, 24],
        title=_t("fresh", lang) + _t("cont", lang),
    )
