"""Synthetic demo data (合成データ) modelled on Yokohama's plan for supporting people in
financial hardship, with planted findings for tests and for the ``netmap demo`` walk-through.

``generate(output_dir, scale=..., seed=...)`` writes the CSV folder (see
:mod:`netmap.demo.generator`); :func:`planted` returns what is planted at the demo scale
and seed (``planted.json``, shipped with the package).

>>> DEMO_SCALE, DEMO_SEED, AS_OF
(0.1, 42, '2026-12-01')
>>> PLAN_START, REFERENCE_DATE
('2024-04-01', '2026-11-30')
>>> planted()["scale"], planted()["seed"]
(0.1, 42)
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netmap.demo.generator import DemoManifest, generate

__all__ = [
    "AS_OF",
    "DEMO_SCALE",
    "DEMO_SEED",
    "PLAN_START",
    "REFERENCE_DATE",
    "DemoManifest",
    "generate",
    "planted",
]

#: The scale and seed of ``netmap demo`` and of ``planted.json``.
DEMO_SCALE = 0.1
DEMO_SEED = 42
#: The date the planted findings are stated for; they hold for any later date too (no
#: record of the demo starts, ends or is dated after 2026-11-30).
AS_OF = "2026-12-01"
#: The plan's start: its referrals begin that day. ``planted()["changes"]`` lists what
#: changed between it and :data:`REFERENCE_DATE` (``netmap compare``).
PLAN_START = "2024-04-01"
#: The reference date of the release that answers :data:`AS_OF` (the month end before it):
#: the "now" of the demo's comparisons.
REFERENCE_DATE = "2026-11-30"


def planted() -> dict[str, Any]:
    """The findings planted in the demo data at :data:`DEMO_SCALE` and :data:`DEMO_SEED`."""
    text = resources.files("netmap.demo").joinpath("planted.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def __getattr__(name: str) -> Any:
    # imported lazily so that `python -m netmap.demo.generator` runs without a warning
    if name in ("generate", "DemoManifest"):
        from netmap.demo import generator

        return getattr(generator, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
