"""Places on the sheet's diagram for the nodes the map has no position for."""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx

from netmap.viz.layout import Pos

__all__ = ["RIM_GAP", "rim_positions"]

#: How far outside the picture's rim nodes without a position go (view units).
RIM_GAP = 110.0


def rim_positions(view: nx.MultiDiGraph, positions: Mapping[str, Pos]) -> dict[str, Pos]:
    """``positions`` plus a place for every view node without one (the ward's and the
    city's organisations added for the sheet): on a ring just outside the picture, in
    the direction of the nodes it is tied to, spread apart so none overlap.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("w", "a")
    >>> pos = rim_positions(g, {"a": (100.0, 0.0), "b": (-100.0, 0.0)})
    >>> pos["w"][0] > 100
    True
    """
    pos = dict(positions)
    missing = sorted(n for n in view.nodes if n not in pos)
    if not missing or not pos:
        return pos
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (min(xs) + max(xs)) / 2.0, (min(ys) + max(ys)) / 2.0
    radius = max(math.hypot(x - cx, y - cy) for x, y in pos.values()) + RIM_GAP
    wanted: list[tuple[float, str]] = []
    for n in missing:
        peers = [pos[m] for m in nx.all_neighbors(view, n) if m in pos]
        if peers:
            dx = sum(p[0] for p in peers) / len(peers) - cx
            dy = sum(p[1] for p in peers) / len(peers) - cy
            angle = math.atan2(dy, dx) if math.hypot(dx, dy) > 1e-6 else 0.0
        else:
            angle = -math.pi / 2
        wanted.append((angle, n))
    # keep neighbours on the ring about two symbol widths apart
    step = min(2.0 * math.pi / len(wanted), 160.0 / radius)
    wanted.sort()
    placed: list[float] = []
    for angle, n in wanted:
        if placed and angle - placed[-1] < step:
            angle = placed[-1] + step
        placed.append(angle)
        pos[n] = (round(cx + radius * math.cos(angle), 2), round(cy + radius * math.sin(angle), 2))
    return pos
