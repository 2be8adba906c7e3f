"""The district sheet's referrals: the entrance and exit of each area (referrals made and
received in the period, as the release publishes them)."""

from __future__ import annotations

from collections.abc import Sequence

from netmap.viz.report.common import headings_of, rows_of, table_of
from netmap.viz.report.doc import Doc
from netmap.viz.tables import Table
from netmap.viz.texts import sheet_t as _t

__all__ = ["referral_section"]

#: The columns of the referrals table.
_KEYS = (
    "area_name", "referrals_out", "referrals_in", "open", "accepted", "declined",
    "closed", "acceptance_rate",
)  # fmt: skip


def referral_section(doc: Doc, tables: Sequence[Table], lang: str) -> None:
    flows = table_of(tables, "flows")
    doc.section(_t("flows", lang), first_rows=0.8 if flows.rows else 0.3)
    keys = list(_KEYS)
    if flows.rows:
        if flows.note(lang):
            doc.paragraph(flows.note(lang), doc.body - 0.6, "#555555")
        doc.table(
            headings_of(flows, keys, lang),
            rows_of(flows, keys),
            [14, 12, 12, 8, 8, 8, 8, 8],
            numeric=[False] + [True] * 7,
            title=_t("flows", lang) + _t("cont", lang),
        )
    else:
        doc.paragraph(_t("flows_none", lang))
