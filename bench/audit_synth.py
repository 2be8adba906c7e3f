"""Disclosure-audit benchmark on a synthetic suppressed release.

    python bench/audit_synth.py [--wards 18] [--districts 15] [--needs 13] [--periods 12]
                                [--threshold 10] [--seed 1] [--intervals] [--json FILE]

Builds a seeded synthetic release: areas city > wards > districts (each ward also has an
*own* cell, so ward = sum of its districts + own, city = sum of wards), crossed with needs
(plus an all-needs total) and, with ``--periods P > 0``, months (plus a year total). Every
total is a relation: the area hierarchy for each need and period, all-needs = sum of needs
for each area and period, year = sum of months for each area and need. Counts are Poisson
draws around gamma-distributed rates; counts from 1 to below the threshold are hidden
(primary), then a naive secondary suppression hides, in every relation left with exactly
one hidden cell, its smallest shown positive part (else the total), to a fixed point.

Then runs :func:`netmap.disclosure.audit.audit_cells` on it and prints cells, hidden,
blocks, largest block, LPs, MILPs, failures and seconds. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import deque
from pathlib import Path

import numpy as np

from netmap.disclosure.audit import audit_cells

Relation = tuple[str, list[str]]


def build(
    wards: int, districts: int, needs: int, periods: int, seed: int
) -> tuple[dict[str, int], list[Relation]]:
    """Values of every cell and the relations among them."""
    rng = np.random.default_rng(seed)
    ward_ids = [f"w{w:02d}" for w in range(wards)]
    leaves = {w: [f"{w}d{d:02d}" for d in range(districts)] + [f"{w}#own"] for w in ward_ids}
    need_ids = [f"n{n:02d}" for n in range(needs)]
    month_ids = [f"m{m:02d}" for m in range(periods)] or ["all"]
    year = "year" if periods else None

    def key(area: str, need: str, month: str) -> str:
        return f"{area}|{need}|{month}"

    values: dict[str, int] = {}
    for w in ward_ids:
        for leaf in leaves[w]:
            scale = 10.0 if leaf.endswith("#own") else 30.0
            rates = rng.gamma(2.0, scale, size=needs)
            for n, need in enumerate(need_ids):
                for month in month_ids:
                    values[key(leaf, need, month)] = int(rng.poisson(rates[n]))

    relations: list[Relation] = []
    areas = ["city", *ward_ids, *(c for w in ward_ids for c in leaves[w])]
    for need in need_ids:
        for month in month_ids:
            for w in ward_ids:
                parts = [key(c, need, month) for c in leaves[w]]
                values[key(w, need, month)] = sum(values[p] for p in parts)
                relations.append((key(w, need, month), parts))
            parts = [key(w, need, month) for w in ward_ids]
            values[key("city", need, month)] = sum(values[p] for p in parts)
            relations.append((key("city", need, month), parts))
    for area in areas:
        for month in month_ids:
            parts = [key(area, n, month) for n in need_ids]
            values[key(area, "all", month)] = sum(values[p] for p in parts)
            relations.append((key(area, "all", month), parts))
    if year is not None:
        for area in areas:
            for need in [*need_ids, "all"]:
                parts = [key(area, need, m) for m in month_ids]
                values[key(area, need, year)] = sum(values[p] for p in parts)
                relations.append((key(area, need, year), parts))
    return values, relations


def suppress_naive(values: dict[str, int], relations: list[Relation], threshold: int) -> set[str]:
    """Primary cells (1 .. threshold-1), then hide one more cell in every relation with a
    lone hidden cell, until none is left."""
    hidden = {c for c, v in values.items() if 1 <= v < threshold}
    of_cell: dict[str, list[int]] = {}
    for i, (total, parts) in enumerate(relations):
        for c in (total, *parts):
            of_cell.setdefault(c, []).append(i)
    queue = deque(range(len(relations)))
    while queue:
        total, parts = relations[queue.popleft()]
        cells = [total, *parts]
        if sum(c in hidden for c in cells) != 1:
            continue
        shown = sorted((values[p], p) for p in parts if p not in hidden and values[p] > 0)
        if shown:
            victim = shown[0][1]
        elif total not in hidden and values[total] > 0:
            victim = total
        else:
            continue
        hidden.add(victim)
        queue.extend(of_cell[victim])
    return hidden


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wards", type=int, default=18)
    ap.add_argument("--districts", type=int, default=15)
    ap.add_argument("--needs", type=int, default=13)
    ap.add_argument("--periods", type=int, default=12)
    ap.add_argument("--threshold", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--intervals", action="store_true", help="exact bounds for every cell")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    t = time.perf_counter()
    values, relations = build(args.wards, args.districts, args.needs, args.periods, args.seed)
    hidden = suppress_naive(values, relations, args.threshold)
    primary = sum(1 <= v < args.threshold for v in values.values())
    build_s = time.perf_counter() - t
    published = {c: (None if c in hidden else v) for c, v in values.items()}

    report = audit_cells(published, relations, args.threshold, intervals=args.intervals)
    figures = {
        "cells": report.cells,
        "relations": len(relations),
        "hidden": report.hidden,
        "primary": primary,
        "blocks": report.blocks,
        "largest_block": report.largest_block,
        "lps": report.lps,
        "milps": report.milps,
        "failures": len(report.failures),
        "build_seconds": round(build_s, 2),
        "seconds": round(report.seconds, 2),
    }
    for k, v in figures.items():
        print(f"{k:>14}: {v}")
    if args.json:
        args.json.write_text(json.dumps({"args": vars(args) | {"json": str(args.json)}, **figures}))


if __name__ == "__main__":
    main()
