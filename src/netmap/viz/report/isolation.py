"""The district sheet's isolation summary: each area's risk of isolation, with reasons."""

from __future__ import annotations

from collections.abc import Sequence

from netmap.viz.report.common import headings_of, rows_of, table_of
from netmap.viz.report.doc import Doc
from netmap.viz.tables import Table
from netmap.viz.texts import sheet_t as _t

__all__ = ["isolation_section"]

#: The columns of the isolation table, their widths and which are numbers.
_KEYS = (
    "area_name", "isolated", "reasons", "organisations", "network_memberships",
    "external_ties", "activities", "residents_with_needs", "isolated_residents",
)  # fmt: skip
_WIDTHS = (11, 8, 20, 10, 11, 13, 7, 14, 16)
_NUMERIC = (False, False, False, True, True, True, True, True, True)


def isolation_section(doc: Doc, tables: Sequence[Table], lang: str) -> None:
    iso = table_of(tables, "isolated")
    doc.section(_t("isolated", lang), first_rows=1.0)
    if iso.note(lang):
        doc.paragraph(iso.note(lang), doc.body - 0.6, "#555555")
    keys = list(_KEYS)
    doc.table(
        headings_of(iso, keys, lang),
        rows_of(iso, keys),
        list(_WIDTHS),
        numeric=list(_NUMERIC),
        title=_t("isolated", lang) + _t("cont", lang),
    )
