"""Deterministic, stable node positions for maps and diagrams (computed in Python).

How positions are made (so the same data gives the same picture, and monthly maps stay
comparable):

1. **Derived from the data, no randomness.** Every view-graph node has a layout ``group``
   (the sub-area it belongs to; ``""`` = the hub in the middle: the view's own area, its
   networks, organisations working area-wide) and optionally an ``anchor`` (an activity
   sits beside the organisation that runs it). Groups are discs on a ring around the hub,
   in id order; inside a disc, nodes take the slots of a sunflower (Vogel) spiral, the
   group's own area node in the centre, then by category, number of ties (hubs inward)
   and id; anchored nodes orbit their anchor. Everything is O(n log n); there is no force
   simulation, so thousands of nodes take milliseconds.
2. **Reused from the previous map.** Pass ``previous`` (the positions of last month's map;
   :mod:`netmap.service.maps` keeps them in a ``*.layout.json`` next to the HTML and reads
   them back) and every node that existed keeps its position exactly. A new node goes
   where step 1 puts it, translated into the old picture's frame (by the shift of its
   group's surviving members) and nudged along a spiral until it overlaps no one.

``seed`` only rotates the ring of groups (a reproducible alternative picture); the same
``seed`` and data always give the same positions.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", group="d1", category="Area", group_centre=True)
>>> g.add_node("o", group="d1", category="Organisation")
>>> compute_layout(g) == compute_layout(g)
True
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

__all__ = ["compute_layout", "group_extents", "layout_key"]

Pos = tuple[float, float]

#: Distance between neighbouring primary nodes in a group (pixels of vis-network's canvas).
UNIT = 70.0
#: Radius of the orbit of anchored nodes (activities around their organisation).
ORBIT = 40.0
#: Gap between neighbouring group discs on the ring.
GROUP_GAP = 90.0
_GOLDEN = math.pi * (3.0 - math.sqrt(5.0))
_CATEGORY_RANK = {"Area": 0, "Network": 1, "Organisation": 2, "Activity": 3}


def layout_key(node_id: str) -> float:
    """A stable number in [0, 1) from an id (SHA-256; not Python's salted ``hash``)."""
    digest = hashlib.sha256(node_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def _sunflower(k: int, spacing: float, k0: float = 0.0) -> Pos:
    """Slot ``k`` of a sunflower spiral (slot 0 in the middle unless ``k0`` > 0 keeps the
    middle free for a centre node)."""
    if k == 0 and k0 == 0:
        return (0.0, 0.0)
    r = spacing * math.sqrt(k + k0) * 0.62
    t = k * _GOLDEN
    return (r * math.cos(t), r * math.sin(t))


def _round(p: Pos) -> Pos:
    return (round(p[0], 2), round(p[1], 2))


class _Group:
    def __init__(self, gid: str) -> None:
        self.id = gid
        self.primaries: list[str] = []
        self.satellites: dict[str, list[str]] = defaultdict(list)
        self.local: dict[str, Pos] = {}
        self.radius = 0.0


def _attr(view: nx.MultiDiGraph, n: str, key: str) -> Any:
    return view.nodes[n].get(key)


def _place_group(view: nx.MultiDiGraph, g: _Group, degree: Mapping[str, int]) -> None:
    """Local positions of a group's nodes around (0, 0) and the group radius."""

    def order(n: str) -> tuple[int, int, int, str]:
        is_centre = 0 if _attr(view, n, "group_centre") else 1
        cat = _CATEGORY_RANK.get(str(_attr(view, n, "category")), 9)
        return (is_centre, cat, -degree.get(n, 0), n)

    prim = sorted(g.primaries, key=order)
    max_sat = max((len(v) for v in g.satellites.values()), default=0)
    # more satellites need a wider orbit, and primaries further apart
    orbit = ORBIT * max(1.0, math.sqrt(max_sat / 6.0)) if max_sat else 0.0
    spacing = max(UNIT, 2.0 * orbit + 30.0)
    # long labels (areas, networks) need more room
    cats = [_attr(view, n, "category") for n in prim]
    wide = sum(1 for c in cats if c in ("Area", "Network"))
    if prim and wide * 2 >= len(prim):
        spacing *= 1.6
    elif wide:
        spacing *= 1.15
    has_centre = bool(prim) and bool(_attr(view, prim[0], "group_centre"))
    radius = 0.0
    for i, n in enumerate(prim):
        if has_centre:
            # the centre node in the middle, the others on a spiral that leaves it room
            # (the hub's centre, the map's own area, has the widest label)
            p = (0.0, 0.0) if i == 0 else _sunflower(i - 1, spacing, 1.6 if g.id else 2.6)
        else:
            p = _sunflower(i, spacing)
        g.local[n] = p
        radius = max(radius, math.hypot(*p))
        sats = sorted(g.satellites.get(n, []))
        if not sats:
            continue
        # satellites fan out above their anchor (labels are drawn below nodes): a few on
        # an arc over it, many on a full ring
        base = -math.pi / 2
        m = len(sats)
        r_orb = ORBIT * max(1.0, math.sqrt(m / 5.0))
        span = 0.0 if m == 1 else min(2.0 * math.pi * (1.0 - 1.0 / m), 0.75 * (m - 1))
        for j, s in enumerate(sats):
            t = base if m == 1 else base - span / 2.0 + span * j / (m - 1)
            q = (p[0] + r_orb * math.cos(t), p[1] + r_orb * math.sin(t))
            g.local[s] = q
            radius = max(radius, math.hypot(*q))
    g.radius = radius + 0.5 * spacing
    if has_centre and len(prim) > 1 and g.id:
        # the group's own area sits on top of its disc, like a name tab, leaving the
        # middle to its members
        g.local[prim[0]] = (0.0, -g.radius)


def _derive(view: nx.MultiDiGraph, seed: int) -> dict[str, Pos]:
    groups: dict[str, _Group] = {}
    nodes = sorted(view.nodes)
    members: dict[str, str] = {n: str(_attr(view, n, "group") or "") for n in nodes}
    for n in nodes:
        gid = members[n]
        grp = groups.setdefault(gid, _Group(gid))
        anchor = _attr(view, n, "anchor")
        if anchor and anchor in view and members.get(anchor) == gid and anchor != n:
            grp.satellites[str(anchor)].append(n)
        else:
            grp.primaries.append(n)
    # an anchor that is itself anchored elsewhere: its satellites become primaries
    for grp in groups.values():
        prim = set(grp.primaries)
        for a in [a for a in grp.satellites if a not in prim]:
            grp.primaries.extend(grp.satellites.pop(a))
    undirected_degree: dict[str, int] = {n: 0 for n in nodes}
    for u, v in view.edges():
        if u != v:
            undirected_degree[u] += 1
            undirected_degree[v] += 1
    for grp in groups.values():
        _place_group(view, grp, undirected_degree)

    pos: dict[str, Pos] = {}
    hub = groups.pop("", None)
    ring = sorted(groups.values(), key=lambda g: g.id)
    if hub is not None and len(hub.local) <= 1 and len(ring) > 1:
        _grid(ring, hub, pos, seed)
    else:
        _ring(ring, hub, pos, seed)
    return {n: _round(p) for n, p in pos.items()}


def _ring(ring: list[_Group], hub: _Group | None, pos: dict[str, Pos], seed: int) -> None:
    """Groups on a ring around the hub (the hub's nodes link to all of them)."""
    hub_r = hub.radius if hub else 0.0
    if hub:
        pos.update(hub.local)
    if not ring:
        return
    arcs = [2.0 * g.radius + GROUP_GAP for g in ring]
    circumference = sum(arcs)
    inner = hub_r + GROUP_GAP + max(g.radius for g in ring)
    ring_r = max(circumference / (2.0 * math.pi), inner)
    # with one group and no hub, the group sits in the middle
    if len(ring) == 1 and not hub:
        ring_r = 0.0
    angle = -math.pi / 2 + 2.0 * math.pi * layout_key(f"seed:{seed}") * (1 if seed else 0)
    for g, arc in zip(ring, arcs, strict=True):
        share = arc / circumference * 2.0 * math.pi
        centre_t = angle + share / 2.0
        cx, cy = ring_r * math.cos(centre_t), ring_r * math.sin(centre_t)
        for n, (x, y) in g.local.items():
            pos[n] = (cx + x, cy + y)
        angle += share


#: Width / height of the grid of groups (a landscape screen or sheet).
ASPECT = 1.6


def _grid(ring: list[_Group], hub: _Group, pos: dict[str, Pos], seed: int) -> None:
    """Groups in rows (in id order, rotated by ``seed``) when the hub is a single node (the
    city): a compact landscape picture; the hub node goes above the rows as a title tab."""
    if seed:
        k = int(layout_key(f"seed:{seed}") * len(ring))
        ring = ring[k:] + ring[:k]
    cols = max(1, round(math.sqrt(len(ring) * ASPECT)))
    rows = [ring[i : i + cols] for i in range(0, len(ring), cols)]
    y = 0.0
    top = None
    for row in rows:
        height = max(2.0 * g.radius for g in row) + GROUP_GAP
        width = sum(2.0 * g.radius + GROUP_GAP for g in row) - GROUP_GAP
        x = -width / 2.0
        cy = y + height / 2.0
        for g in row:
            cx = x + g.radius
            for n, (lx, ly) in g.local.items():
                pos[n] = (cx + lx, cy + ly)
            x += 2.0 * g.radius + GROUP_GAP
        if top is None:
            top = min(cy - g.radius for g in row)
        y += height
    # centre vertically on 0 and put the hub node above
    shift = y / 2.0
    for n in pos:
        pos[n] = (pos[n][0], pos[n][1] - shift)
    for n in hub.local:
        pos[n] = (0.0, (top or 0.0) - shift - GROUP_GAP * 1.5)


def _nudge_free(p: Pos, taken: _Grid, min_dist: float) -> Pos:
    """The first point of a spiral around ``p`` at least ``min_dist`` from every taken one."""
    for k in range(0, 4000):
        q = p if k == 0 else (p[0] + _sunflower(k, min_dist)[0], p[1] + _sunflower(k, min_dist)[1])
        if not taken.near(q, min_dist):
            return q
    return p


class _Grid:
    """A spatial hash of taken points (O(1) neighbour checks)."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Pos]] = defaultdict(list)

    def add(self, p: Pos) -> None:
        self.cells[(int(p[0] // self.cell), int(p[1] // self.cell))].append(p)

    def near(self, p: Pos, d: float) -> bool:
        cx, cy = int(p[0] // self.cell), int(p[1] // self.cell)
        for i in (-1, 0, 1):
            for j in (-1, 0, 1):
                for q in self.cells.get((cx + i, cy + j), ()):
                    if (q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2 < d * d:
                        return True
        return False


def compute_layout(
    view_graph: nx.MultiDiGraph,
    *,
    previous: Mapping[str, Iterable[float]] | None = None,
    seed: int = 0,
) -> dict[str, tuple[float, float]]:
    """Positions ``{node id: (x, y)}`` for every node of a view graph (y grows downwards,
    as on a canvas). See the module docstring for how they are made.

    Node attributes read: ``group`` (layout group; ``""``/absent = hub), ``anchor`` (a node
    to orbit), ``group_centre`` (true for the node in the middle of its group),
    ``category`` (``Area``/``Network``/``Organisation``/``Activity``).

    ``previous``: positions of an earlier map; nodes present in it keep them exactly.
    """
    derived = _derive(view_graph, seed)
    if not previous:
        return derived
    prev: dict[str, Pos] = {}
    for n, xy in previous.items():
        x, y = tuple(xy)
        prev[str(n)] = (float(x), float(y))
    kept = {n: prev[n] for n in derived if n in prev}
    if not kept:
        return derived
    # per-group shift between the derived picture and the old one
    shift_sum: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for n, p in kept.items():
        gid = str(view_graph.nodes[n].get("group") or "")
        d = derived[n]
        acc = shift_sum[gid]
        acc[0] += p[0] - d[0]
        acc[1] += p[1] - d[1]
        acc[2] += 1
    all_n = sum(v[2] for v in shift_sum.values())
    global_shift = (
        sum(v[0] for v in shift_sum.values()) / all_n,
        sum(v[1] for v in shift_sum.values()) / all_n,
    )
    grid = _Grid(UNIT)
    for p in kept.values():
        grid.add(p)
    out: dict[str, Pos] = dict(kept)
    min_dist = ORBIT * 0.8
    for n in sorted(derived):
        if n in out:
            continue
        gid = str(view_graph.nodes[n].get("group") or "")
        if gid in shift_sum:
            acc = shift_sum[gid]
            sx, sy = acc[0] / acc[2], acc[1] / acc[2]
        else:
            sx, sy = global_shift
        d = derived[n]
        p = _nudge_free((d[0] + sx, d[1] + sy), grid, min_dist)
        p = _round(p)
        grid.add(p)
        out[n] = p
    return out


def group_extents(
    view_graph: nx.MultiDiGraph, positions: Mapping[str, Pos], *, pad: float = 30.0
) -> dict[str, tuple[float, float, float]]:
    """The disc each non-hub group occupies in a picture: centred on the mean of its members
    (the group's own area node, drawn on the rim as a name tab, excluded), radius reaching
    its farthest member plus ``pad``. Renderers draw these as the sub-areas' territories."""
    members: dict[str, list[str]] = defaultdict(list)
    centre: dict[str, str] = {}
    for n, d in view_graph.nodes(data=True):
        gid = str(d.get("group") or "")
        if not gid or n not in positions:
            continue
        members[gid].append(n)
        if d.get("group_centre"):
            centre[gid] = n
    out: dict[str, tuple[float, float, float]] = {}
    for gid in sorted(members):
        rest = [positions[n] for n in members[gid] if centre.get(gid) != n]
        pts = rest or [positions[n] for n in members[gid]]
        cx = sum(p[0] for p in pts) / len(pts)
        cy = sum(p[1] for p in pts) / len(pts)
        if gid in centre and rest:
            # the centre node marks the top of the disc: centre the disc below it
            tx, ty = positions[centre[gid]]
            r_members = max(math.hypot(p[0] - cx, p[1] - cy) for p in rest) + pad
            r = max(r_members, math.hypot(tx - cx, ty - cy))
        else:
            r = max(math.hypot(p[0] - cx, p[1] - cy) for p in pts) + pad
        out[gid] = (round(cx, 2), round(cy, 2), round(r, 2))
    return out
