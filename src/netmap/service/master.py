"""``netmap export --output master.xlsx --for-import``: the master workbook (or a folder of
the import's CSV files) regenerated from the store, in the import template's format.

The rows come from :func:`netmap.ingest.master.master_tables`; the workbook is the import
template (:func:`netmap.service.templates.build_template_workbook`: notes, drop-down
lists, the 説明 sheet) with the rows filled in, so staff edit the file they know. Text
cells never run as formulas (:mod:`netmap.spreadsheet`). Directory data only: no resident,
participation or referral is ever written.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.errors import UsageError
from netmap.ingest.columns import FILE_ORDER
from netmap.ingest.master import MASTER_FILES, master_tables
from netmap.ingest.xlsx import sheet_name
from netmap.private_files import write_private
from netmap.spreadsheet import csv_text, xlsx_append

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["PERSONAL_FILES", "write_master"]

#: the import files of personal data (residents, participations, referrals)
PERSONAL_FILES = tuple(f for f in FILE_ORDER if f not in MASTER_FILES and f != "kinds.csv")


def _workbook_bytes(tables: dict[str, tuple[list[str], list[dict[str, Any]]]]) -> bytes:
    from netmap.service.templates import build_template_workbook

    wb = build_template_workbook()
    for name in PERSONAL_FILES:  # the master holds no sheet for them, not even empty
        if sheet_name(name) in wb.sheetnames:
            del wb[sheet_name(name)]
    for name, (columns, rows) in tables.items():
        title = sheet_name(name)
        ws = wb[title] if title in wb.sheetnames else wb.create_sheet(title)
        header = [str(c.value) for c in ws[1] if c.value is not None]
        for column in columns:  # undeclared properties: extra columns after the template's
            if column not in header:
                ws.cell(1, len(header) + 1, column)
                header.append(column)
        for row in rows:
            xlsx_append(ws, [row.get(str(h), "") for h in header])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_master(G: nx.MultiDiGraph, output: str | Path) -> list[Path]:
    """Write the master: an ``.xlsx`` path gets the workbook, any other path a folder of
    CSV files (UTF-8 with BOM, as the templates). Files are private (0600). Returns the
    paths written."""
    out = Path(output)
    tables = master_tables(G)
    if out.suffix.lower() == ".xlsx":
        write_private(out, _workbook_bytes(tables))
        return [out]
    if out.suffix:
        raise UsageError(
            f"--for-import writes an .xlsx workbook or a folder of CSV files, not {out.name}"
        )
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (columns, rows) in tables.items():
        text = csv_text([columns, *([r.get(c, "") for c in columns] for r in rows)])
        path = out / name
        write_private(path, ("\ufeff" + text).encode("utf-8"))
        written.append(path)
    return written
