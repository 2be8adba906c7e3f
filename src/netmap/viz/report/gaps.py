"""The district sheet's gaps: needs without (enough) resources, and the resources that
could help, grouped by where they are: in the district (地区内), other districts of the
ward (区内の他地区), ward-wide (区全体), city-wide (市全体)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from netmap.viz.report.common import headings_of, rows_of, table_of, with_note
from netmap.viz.report.data import SheetData
from netmap.viz.report.doc import Doc
from netmap.viz.tables import Table
from netmap.viz.texts import SHEET_TEXTS
from netmap.viz.texts import sheet_t as _t

__all__ = ["gap_section", "resource_groups"]


def resource_groups(
    gap: Mapping[str, Any], areas: Mapping[str, tuple[str, str]], lang: str
) -> tuple[list[str], list[str], list[str], list[str]]:
    """A published gap's resources by where they are: (in the district, other districts
    of the ward, ward-wide, city-wide), each a list of texts."""
    local: list[str] = []
    other: list[str] = []
    ward: list[str] = []
    city: list[str] = []
    for c in gap.get("candidates") or []:
        name = str(c.get("name") or c.get("activity_id") or "")
        reason = str(c.get("reason") or "")
        if reason == "same_ward":
            where = areas.get(str(c.get("area_id")), ("", ""))[1]
            other.append(with_note(name, where, lang))
        else:
            note = _t(reason, lang) if reason in SHEET_TEXTS else reason
            local.append(with_note(name, note, lang))
    for r in gap.get("wide_area_resources") or []:
        level = areas.get(str(r.get("area_id")), ("", ""))[0]
        (city if level == "city" else ward).append(str(r.get("name") or r.get("id") or ""))
    return local, other, ward, city


def gap_section(
    doc: Doc, tables: Sequence[Table], data: SheetData | None, lang: str, many: bool
) -> None:
    """The gaps (``many``: of several areas, with an area column) and their resources."""
    gaps = table_of(tables, "gaps")
    doc.section(_t("gaps", lang))
    if not gaps.rows:
        doc.paragraph(_t("gaps_none", lang))
        return
    if gaps.note(lang):
        doc.paragraph(gaps.note(lang), doc.body - 0.6, "#555555")
    lead = (["area_name"] if many else []) + ["need_name", "kind", "demand", "supply"]
    lead_w = ([10] if many else []) + [8, 10, 8, 7]
    lead_num = ([False] if many else []) + [False, False, True, True]
    title = _t("gaps", lang) + _t("cont", lang)
    if data is None or not data.gaps:
        # no published rows at hand: the tables' columns as they are
        keys = [*lead, "candidates", "wide_area"]
        doc.table(headings_of(gaps, keys, lang), rows_of(gaps, keys), [*lead_w, 40, 24],
                  numeric=[*lead_num, False, False], title=title)  # fmt: skip
        return
    doc.paragraph(_t("gaps_groups", lang), doc.body - 0.6, "#555555")
    by_key = {(str(g.get("area_id")), str(g.get("need"))): g for g in data.gaps}
    none = _t("res_none", lang)
    rows = []
    for r in gaps.rows:
        g = by_key.get((str(r.get("area_id")), str(r.get("need"))), {})
        groups = resource_groups(g, data.areas, lang)
        rows.append([r.get(k, "") for k in lead] + ["\n".join(x) or none for x in groups])
    heads = headings_of(gaps, lead, lang) + [
        _t(k, lang) for k in ("res_local", "res_ward_other", "res_ward", "res_city")
    ]
    doc.table(heads, rows, [*lead_w, 21, 18, 16, 16], numeric=[*lead_num] + [False] * 4,
              title=title)  # fmt: skip
