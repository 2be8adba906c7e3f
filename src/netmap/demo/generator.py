"""Deterministic synthetic demo data modelled on Yokohama's plan for supporting people in
financial hardship (お互いに支え合える地域づくり).

:func:`generate` writes a CSV folder in the DATA_MODEL.md import format (UTF-8, ``;`` lists)
and returns a :class:`DemoManifest` whose ``planted`` part lists what an analyst should
find: gaps, under-supplied pairs, isolated districts, bridge organisations, missing
bridges and one-way organisations. Every row is synthetic (``source`` says so); the ward
names are real, district names are real-sounding or invented, organisation names are
invented (some plausible) and no row describes a real person, organisation or case.

Same arguments → byte-identical files: one ``random.Random(seed)``, no set iteration
without sorting, no clock. The stages run in the order of :func:`build`, each a module:
:mod:`~netmap.demo.areas`, :mod:`~netmap.demo.organisations`,
:mod:`~netmap.demo.networks`, :mod:`~netmap.demo.activities`,
:mod:`~netmap.demo.residents`, :mod:`~netmap.demo.partnerships`,
:mod:`~netmap.demo.referrals`, :mod:`~netmap.demo.repairs`; then
:mod:`~netmap.demo.findings` and :mod:`~netmap.demo.writer`. What is planted is data in
:mod:`~netmap.demo.plan`; the kinds of records in :mod:`~netmap.demo.kinds`; places and
name pools in :mod:`~netmap.demo.places`.

Command line (for benchmarks)::

    python -m netmap.demo.generator --scale 1 --output /tmp/demo1
    python -m netmap.demo.generator --write-planted     # refresh planted.json (demo scale)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netmap.demo import AS_OF, DEMO_SCALE, DEMO_SEED, PLAN_START, plan
from netmap.demo.activities import build_background_activities, build_named_activities
from netmap.demo.areas import build_areas
from netmap.demo.builder import Builder
from netmap.demo.findings import planted_findings, verify
from netmap.demo.kinds import ALL_NEEDS
from netmap.demo.networks import build_networks
from netmap.demo.organisations import build_orgs
from netmap.demo.partnerships import build_partnerships
from netmap.demo.reckon import reckon
from netmap.demo.records import SOURCE
from netmap.demo.referrals import build_referrals
from netmap.demo.repairs import fill_supply, repair_external_ties, repair_one_way
from netmap.demo.residents import build_participations, build_residents
from netmap.demo.scenario import build_plan, plan_problems
from netmap.demo.writer import FILES, write_dataset, write_plan

__all__ = ["AS_OF", "DEMO_SCALE", "DEMO_SEED", "FILES", "DemoManifest", "generate", "main"]

PLANTED_PATH = Path(__file__).with_name("planted.json")


@dataclass(frozen=True)
class DemoManifest:
    """What :func:`generate` wrote and what it planted.

    ``planted`` is the JSON object stored as ``planted.json`` for the demo scale and seed.
    """

    output_dir: Path
    scale: float
    seed: int
    files: dict[str, int]  # file name → data rows
    planted: dict[str, Any] = field(repr=False)
    plan_dir: Path | None = None  # the plan to try, when written
    plan_files: dict[str, int] = field(default_factory=dict)  # its file name → data rows

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.planted["counts"])


def plant_constraints(b: Builder) -> None:
    """Which (district, need) pairs may have no supply, which districts no activity (or no
    activity but the planted one), and which organisations are one-way or closed
    (:mod:`netmap.demo.plan`)."""
    b.blocked.update(plan.PLANTED_GAPS)
    b.blocked.update(plan.PLANTED_UNDERSUPPLIED)
    b.blocked.update(plan.LATE_GAPS)
    b.blocked.update((plan.ISOLATED_DISTRICT, need) for need in ALL_NEEDS)
    b.no_activity_districts = set(plan.NO_ACTIVITY_DISTRICTS) | {plan.LATE_ACTIVITY_DISTRICT}
    b.no_fill_districts = {plan.ISOLATED_DISTRICT}
    b.planted_supply_ok = set(plan.SUPPLIES_PLANTED_PAIR)
    b.out_only = set(plan.OUT_ONLY)
    b.in_only = set(plan.IN_ONLY)
    b.closed = set(plan.CLOSED)


def build(scale: float, seed: int) -> Builder:
    """Build the dataset (``.ds``) stage by stage; the order fixes every random draw."""
    b = Builder(scale, seed)
    plant_constraints(b)
    build_areas(b)
    build_orgs(b)
    build_networks(b)
    build_named_activities(b)
    build_background_activities(b)
    build_residents(b)
    build_participations(b)
    build_partnerships(b)
    build_referrals(b)
    repair_one_way(b)
    rk = reckon(b.ds, AS_OF)
    repair_external_ties(b, rk)
    fill_supply(b, rk, reckon(b.ds, PLAN_START))
    return b


def planted_json(planted: dict[str, Any]) -> str:
    """The exact text of ``planted.json`` for a manifest."""
    return json.dumps(planted, ensure_ascii=False, indent=2) + "\n"


def generate(
    output_dir: str | Path,
    *,
    scale: float = DEMO_SCALE,
    seed: int = DEMO_SEED,
    plan_dir: str | Path | None = None,
) -> DemoManifest:
    """Write the synthetic demo CSV folder and return what was written and planted.

    ``scale`` 1 is a city (≈5k organisations, 1.5k activities, 30k residents, 60k
    referrals); the demo uses :data:`DEMO_SCALE`. Same arguments → byte-identical files.
    ``plan_dir``: also write the plan to try (計画案, :mod:`netmap.demo.scenario`) there,
    in the import format (``netmap compare --scenario PLAN_DIR``; its effect is
    ``planted["scenario"]``).
    """
    b = build(scale, seed)
    planned = build_plan()
    problems = plan_problems(b, planned)
    if problems:
        raise RuntimeError("demo generator: the plan to try is broken: " + "; ".join(problems))
    rk = reckon(b.ds, AS_OF)
    planted = planted_findings(b, rk, planned)
    verify(b, planted)
    files = write_dataset(b.ds, Path(output_dir))
    plan_files = write_plan(planned, Path(plan_dir)) if plan_dir is not None else {}
    return DemoManifest(
        Path(output_dir),
        scale,
        seed,
        files,
        planted,
        Path(plan_dir) if plan_dir is not None else None,
        plan_files,
    )


def write_planted(path: Path = PLANTED_PATH) -> dict[str, Any]:
    """Regenerate ``planted.json`` at the demo scale and seed (into a temporary folder)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        manifest = generate(tmp, scale=DEMO_SCALE, seed=DEMO_SEED)
    path.write_text(planted_json(manifest.planted), encoding="utf-8")
    return manifest.planted


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m netmap.demo.generator",
        description="Write the synthetic Yokohama demo data (合成データ) as a CSV folder.",
    )
    parser.add_argument("--scale", type=float, default=DEMO_SCALE, help="1 = a city (default 0.1)")
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    parser.add_argument("--output", type=Path, help="folder to write the CSV files into")
    parser.add_argument(
        "--plan-output", type=Path, help="folder to write the plan to try (計画案) into"
    )
    parser.add_argument(
        "--write-planted",
        action="store_true",
        help="regenerate src/netmap/demo/planted.json (demo scale and seed)",
    )
    args = parser.parse_args(argv)
    if args.write_planted:
        planted = write_planted()
        print(f"wrote {PLANTED_PATH} ({planted['counts']['organisations']} organisations)")
        if args.output is None:
            return 0
    if args.output is None:
        parser.error("--output is required (or use --write-planted)")
    t0 = time.perf_counter()
    manifest = generate(args.output, scale=args.scale, seed=args.seed, plan_dir=args.plan_output)
    elapsed = time.perf_counter() - t0
    summary = {
        "output": str(args.output),
        "scale": args.scale,
        "seed": args.seed,
        "seconds": round(elapsed, 2),
        "files": manifest.files,
        "plan_files": manifest.plan_files,
        "counts": manifest.counts,
        "source": SOURCE,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
