"""The district sheet's bridges: the top bridging organisations, each with the
plain-language sentence of what it links and its last verification (最終確認), and the
missing bridges with the organisations that could connect them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from netmap.viz.describe import verified_text
from netmap.viz.report.common import headings_of, rows_of, table_of
from netmap.viz.report.data import SheetData, SheetOptions
from netmap.viz.report.doc import Doc
from netmap.viz.tables import Table
from netmap.viz.texts import sheet_t as _t

__all__ = ["bridge_section", "missing_section", "plain_why", "top_bridges"]

#: The last sentence of a bridge's ``why``: its betweenness rank (moved to the appendix).
_RANK_JA = re.compile(r"媒介中心性は(\d+)位です。\s*$")
_RANK_EN = re.compile(r"\s*Betweenness rank (\d+)\.\s*$")


def plain_why(why: str, lang: str) -> tuple[str, int | None]:
    """A bridge's sentence without its last one, the betweenness rank (which the appendix
    shows with the measures), and that rank."""
    m = (_RANK_JA if lang == "ja" else _RANK_EN).search(why or "")
    if m is None:
        return why or "", None
    return why[: m.start()].rstrip(), int(m.group(1))


def top_bridges(
    tables: Sequence[Table], data: SheetData | None, n: int
) -> list[tuple[dict[str, Any], Mapping[str, Any]]]:
    """The top ``n`` bridges with a score: (table row, published bridge or {})."""
    rows = table_of(tables, "bridges").rows
    top = [r for r in rows if isinstance(r.get("score"), int | float) and r["score"] > 0][:n]
    by_id = {str(b.get("organisation_id")): b for b in (data.bridges if data else ())}
    return [(r, by_id.get(str(r.get("organisation_id")), {})) for r in top]


def bridge_section(
    doc: Doc,
    tables: Sequence[Table],
    data: SheetData | None,
    opts: SheetOptions,
    verified: Mapping[str, Any],
    day: dt.date | None,
) -> None:
    """The top bridges (``verified``: organisation id → its ``verified_on``, counted from
    ``day``)."""
    lang = opts.lang
    bridges = table_of(tables, "bridges")
    top = top_bridges(tables, data, opts.top_bridges)
    doc.section(_t("bridges", lang, n=opts.top_bridges), first_rows=1.2 if top else 0.3)
    if not top:
        doc.paragraph(_t("bridges_none", lang))
        return
    doc.paragraph(_t("bridges_intro", lang), doc.body - 0.6, "#555555")
    rows = []
    for r, _b in top:
        oid = str(r.get("organisation_id"))
        last = verified_text(verified[oid], day, lang) if oid in verified else _t("res_none", lang)
        why = plain_why(str(r.get("why") or ""), lang)[0]
        rows.append([r.get("rank", ""), r.get("name", ""), why, last])
    doc.table(
        [*headings_of(bridges, ["rank", "name", "why"], lang), _t("h_verified", lang)],
        rows,
        [5, 22, 78, 19],
        numeric=[True, False, False, False],
        title=_t("bridges", lang, n=opts.top_bridges) + _t("cont", lang),
    )


def missing_section(doc: Doc, tables: Sequence[Table], opts: SheetOptions) -> None:
    """The missing bridges (the first ``opts.top_missing``) and who could connect them."""
    lang = opts.lang
    missing = table_of(tables, "missing_bridges")
    doc.section(_t("missing", lang), first_rows=0.8 if missing.rows else 0.3)
    keys = ["network_a", "network_b", "ward", "candidates"]
    if missing.rows:
        doc.table(
            headings_of(missing, keys, lang),
            rows_of(missing, keys, opts.top_missing),
            [24, 24, 8, 56],
            title=_t("missing", lang) + _t("cont", lang),
        )
    else:
        doc.paragraph(_t("missing_none", lang))
