"""The district sheet's appendix (付録): the bridges' measures (score, betweenness,
constraint, brokerage roles, cut point) with a short explanation of each, and the full
list of sources (the footers shorten their web addresses)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from netmap.viz.diagram.sources import latest_verified, view_sources
from netmap.viz.report.bridges import plain_why, top_bridges
from netmap.viz.report.common import number
from netmap.viz.report.data import SheetData, SheetOptions
from netmap.viz.report.doc import Doc
from netmap.viz.tables import Table
from netmap.viz.texts import BRIDGE_MEASURES, BROKERAGE_ROLES
from netmap.viz.texts import sheet_t as _t

__all__ = ["appendix"]

#: The columns of the measures table: widths, and which are numbers.
_WIDTHS = {"m_rank": 5, "m_name": 22, "m_score": 10, "m_betweenness": 17,
           "m_constraint": 8, "m_brokerage": 28, "m_cut": 7}  # fmt: skip
_NUMERIC = {"m_rank": True, "m_score": True, "m_betweenness": True, "m_constraint": True}


def _city_rank(b: Mapping[str, Any], row: Mapping[str, Any], lang: str) -> int | None:
    """The betweenness rank a bridge's sentence names (the published Japanese one, else
    the table's in ``lang``)."""
    if b.get("why"):
        return plain_why(str(b["why"]), "ja")[1]
    return plain_why(str(row.get("why") or ""), lang)[1]


def _roles(brokerage: Mapping[str, Any] | None, lang: str) -> str:
    """Brokerage counts in words: "門番 2・連絡役 6" (the roles with a count), else "－"."""
    if not brokerage:
        return ""
    bits = [
        f"{ja if lang == 'ja' else en} {int(brokerage.get(key) or 0)}"
        for key, ja, en in BROKERAGE_ROLES
        if int(brokerage.get(key) or 0) > 0
    ]
    return ("・" if lang == "ja" else ", ").join(bits) or _t("cut_no", lang)


def _measure_row(
    r: Mapping[str, Any], b: Mapping[str, Any], keys: Sequence[str], lang: str
) -> list[Any]:
    """A bridge's row of the measures table (``r``: its table row, ``b``: the published
    bridge or {})."""
    bet = b.get("betweenness", r.get("betweenness"))
    rank = _city_rank(b, r, lang)
    bet_text = number(bet, 4)
    if rank is not None:
        bet_text = _t("rank_in_city", lang, v=bet_text, r=rank)
    con = b.get("constraint", r.get("constraint"))
    art = b.get("articulation_point")
    if art is None:
        art = r.get("articulation_point") in ("はい", "yes")
    row = [
        r.get("rank", ""),
        r.get("name", ""),
        number(b.get("score", r.get("score"))),
        bet_text,
        number(con) if con not in (None, "") else _t("cut_no", lang),
    ]
    if "m_brokerage" in keys:
        row.append(_roles(b.get("brokerage"), lang))
    row.append(_t("cut_yes", lang) if art else _t("cut_no", lang))
    return row


def _measures(
    doc: Doc, top: Sequence[tuple[dict[str, Any], Mapping[str, Any]]], brokerage: bool, lang: str
) -> None:
    """Appendix 1: what each measure means, then the top bridges' measures
    (``brokerage``: with their brokerage roles, from the published bridges)."""
    doc.section(_t("measures", lang), first_rows=1.2)
    doc.paragraph(_t("measures_intro", lang), doc.body - 0.6, "#555555")
    doc.table(
        [_t("measure", lang), _t("meaning", lang)],
        [[ja, tja] if lang == "ja" else [en, ten] for ja, tja, en, ten in BRIDGE_MEASURES],
        [16, 108],
        title=_t("measures", lang) + _t("cont", lang),
    )
    keys = ["m_rank", "m_name", "m_score", "m_betweenness", "m_constraint"]
    keys += ["m_brokerage", "m_cut"] if brokerage else ["m_cut"]
    rows = [_measure_row(r, b, keys, lang) for r, b in top]
    doc.table(
        [_t(k, lang) for k in keys],
        rows,
        [_WIDTHS[k] for k in keys],
        numeric=[_NUMERIC.get(k, False) for k in keys],
        title=_t("measures", lang) + _t("cont", lang),
    )


def _sources(doc: Doc, view: nx.MultiDiGraph, lang: str) -> None:
    """Appendix 2: every source of the shown records, and the latest verification."""
    doc.section(_t("sources", lang), first_rows=0.5)
    sources = view_sources(view)
    if not sources:
        doc.paragraph(_t("sources_none", lang))
    else:
        doc.paragraph(_t("sources_intro", lang), doc.body - 0.6, "#555555")
        for i, src in enumerate(sources, start=1):
            doc.paragraph(f"{i}. {src}", doc.body - 0.4, "#222222")
    verified = latest_verified(view)
    if verified:
        doc.paragraph(_t("verified", lang, d=verified), doc.body - 0.6, "#555555")


def appendix(
    doc: Doc,
    view: nx.MultiDiGraph,
    tables: Sequence[Table],
    data: SheetData | None,
    opts: SheetOptions,
) -> None:
    """The appendix, on a new page: the measures (when there are bridges), the sources."""
    lang = opts.lang
    top = top_bridges(tables, data, opts.top_bridges)
    doc.new_page()
    if top:
        _measures(doc, top, data is not None and bool(data.bridges), lang)
    _sources(doc, view, lang)
