"""The last stage: write the dataset as the CSV folder that ``netmap import`` reads
(UTF-8, DATA_MODEL.md columns, ``;`` lists; see :mod:`netmap.demo.records`)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from netmap.demo.records import FILE_COLUMNS, Dataset, row_cells
from netmap.model.vocab import NEEDS

#: The files of the folder, in the order they are written.
FILES: tuple[str, ...] = tuple(FILE_COLUMNS)


@dataclass(frozen=True)
class _NeedRow:
    id: str
    name_ja: str
    name_en: str


def write_dataset(ds: Dataset, out: Path) -> dict[str, int]:
    """Write every file of :data:`FILES` into ``out``; file name → data rows."""
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, Iterable[object]] = {
        "areas.csv": ds.areas,
        "organisations.csv": ds.orgs,
        "networks.csv": ds.networks,
        "memberships.csv": ds.memberships,
        "partnerships.csv": ds.partnerships,
        "activities.csv": ds.activities,
        "residents.csv": ds.residents,
        "participations.csv": ds.participations,
        "referrals.csv": ds.referrals,
        "needs.csv": [_NeedRow(k, ja, en) for k, (ja, en) in NEEDS.items()],
    }
    return {name: write_csv(out / name, FILE_COLUMNS[name], rows[name]) for name in FILES}


def write_plan(planned: Dataset, out: Path) -> dict[str, int]:
    """Write a plan (:mod:`netmap.demo.scenario`: organisations, networks, memberships,
    partnerships, activities) into ``out``, a file for each kind it has records of (in the
    order of :data:`FILES`); file name → data rows."""
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[object]] = {
        "organisations.csv": list(planned.orgs),
        "networks.csv": list(planned.networks),
        "memberships.csv": list(planned.memberships),
        "partnerships.csv": list(planned.partnerships),
        "activities.csv": list(planned.activities),
    }
    return {
        name: write_csv(out / name, FILE_COLUMNS[name], rows[name])
        for name in FILES
        if rows.get(name)
    }


def write_csv(path: Path, columns: tuple[str, ...], records: Iterable[object]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for rec in records:
            w.writerow(row_cells(rec, columns))
            n += 1
    return n
