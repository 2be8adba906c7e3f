"""Fill the template workbook from a folder of CSV files, as a person typing into Excel
would: whole numbers as numbers, dates as dates, other cells as text.

Used by the template tests and, through a hidden ``doc-test: run`` line, by
docs/data-preparation.md (the filled example workbook)::

    python fill_workbook.py TEMPLATE.xlsx CSV_FOLDER OUTPUT.xlsx [--set SHEET!CELL=VALUE ...]

``--set`` overwrites one cell afterwards (to plant a mistake); an empty VALUE clears it.
CSV_FOLDER ``-`` adds no rows (only the ``--set`` cells change).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from netmap.ingest.columns import FILE_SPECS, ColumnType


def fill_workbook(
    template: Path, csv_folder: Path, output: Path, cells: dict[str, str] | None = None
) -> Path:
    wb = load_workbook(template)
    files = [] if str(csv_folder) == "-" else sorted(csv_folder.glob("*.csv"))
    for f in files:
        ws = wb[f.stem]
        header = [c.value for c in ws[1]]
        with f.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if not rows:
            continue
        for col in rows[0]:
            if col not in header:  # an extra column (kept as a property)
                header.append(col)
                ws.cell(1, len(header), col)
        spec = FILE_SPECS[f.name]
        for r in rows:
            values: list[Any] = []
            for h in header:
                v = r.get(str(h)) or ""
                column = spec.column(str(h))
                if v and column is not None and column.type is ColumnType.INT:
                    values.append(int(v))
                elif re.fullmatch(r"\d{4}-\d\d-\d\d", v):
                    values.append(dt.date.fromisoformat(v))
                else:
                    values.append(v or None)
            ws.append(values)
    for where, value in (cells or {}).items():
        sheet, cell = where.split("!")
        wb[sheet][cell] = value or None
    wb.save(output)
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template", type=Path)
    parser.add_argument("csv_folder", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--set", action="append", default=[], metavar="SHEET!CELL=VALUE")
    args = parser.parse_args()
    cells = dict(s.split("=", 1) for s in args.set)
    fill_workbook(args.template, args.csv_folder, args.output, cells)


if __name__ == "__main__":
    main()
