"""Which areas a view covers, and the attributes every node of a view shares.

* :class:`CityScope`: the city view's areas: the root (the city, if one), its top areas
  (wards) and which shown area each area (at any depth) rolls up to: a ward's districts
  are shown; finer areas roll up to their district.
* :class:`AreaScope`: an area view's areas: the area and every area below it, each in the
  group of the sub-area it lies in (the area itself in none).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from netmap.model.schema import Label

if TYPE_CHECKING:
    from netmap.viz.view import ViewContext

__all__ = ["AreaScope", "CityScope", "place", "provenance"]


def provenance(d: dict[str, Any]) -> dict[str, Any]:
    """A record's ``source`` and ``verified_on``, where it has them."""
    return {k: d[k] for k in ("source", "verified_on") if d.get(k) not in (None, "")}


def place(ctx: ViewContext, a: str | None, ward: str | None = None) -> dict[str, Any]:
    """Where a node is (for the map's filters): its area, the area's name, the ward and
    district containing it (``ward``: the ward to name when the area lies in none)."""
    return {
        "area_id": a,
        "area_name": ctx.name(a) if a else "",
        "ward_id": ctx.ancestor_at(a, "ward") or ward,
        "district_id": ctx.ancestor_at(a, "district"),
    }


@dataclass
class CityScope:
    """The areas of a city view (see the module docstring)."""

    root: str | None
    tops: list[str]
    shown: dict[str, str]  # area (any depth) -> the shown area it rolls up to
    group_of: dict[str, str]  # area -> its top area
    subtree: dict[str, list[str]]  # shown area -> the areas rolling up to it

    @classmethod
    def of(cls, ctx: ViewContext, area: str | None) -> CityScope:
        """The city view of ``area`` (a city), or of the whole data (``None``: its one
        city, or every top area when there is not exactly one city)."""
        areas = ctx.ix.nodes(Label.AREA)
        if area is None:
            roots = [a for a in areas if ctx.parents.get(a) is None]
            cities = [a for a in roots if ctx.level(a) == "city"]
            root = cities[0] if len(cities) == 1 else None
        else:
            root = area
        if root is not None:
            tops = ctx.children.get(root, [])
        else:
            tops = [a for a in areas if ctx.parents.get(a) is None]
        shown: dict[str, str] = {}
        group_of: dict[str, str] = {}
        if root is not None:
            shown[root] = root
        for top in tops:
            for a in sorted(ctx.ix.descendants(top)):
                if a == top or ctx.parents.get(a) == top:
                    shown[a] = a
                else:
                    cur: str | None = a
                    while cur is not None and ctx.parents.get(cur) != top:
                        cur = ctx.parents.get(cur)
                    shown[a] = cur if cur is not None else top
                group_of[a] = top
        subtree: dict[str, list[str]] = defaultdict(list)
        for a, s in shown.items():
            subtree[s].append(a)
        return cls(root, tops, shown, group_of, subtree)

    def shown_areas(self) -> list[str]:
        """The shown areas below the root, sorted."""
        return sorted(set(self.shown.values()) - ({self.root} if self.root else set()))

    def areas_under(self, ctx: ViewContext, s: str) -> set[str]:
        """The areas whose records a shown area counts."""
        return set(ctx.ix.descendants(s)) if s in self.tops else set(self.subtree[s])

    def shown_of(self, ctx: ViewContext, node: str) -> str | None:
        """The shown area a record (located somewhere) rolls up to."""
        a = ctx.ix.location.get(node)
        return self.shown.get(a) if a is not None else None

    def pair(self, sa: str | None, sb: str | None) -> tuple[str, str] | None:
        """Endpoints on the city map: districts within a ward, wards across wards."""
        if not sa or not sb or sa == sb:
            return None
        ga, gb = self.group_of.get(sa), self.group_of.get(sb)
        if ga and gb and ga != gb:
            return (ga, gb)
        return (sa, sb)


@dataclass
class AreaScope:
    """The areas of an area view (see the module docstring)."""

    ctx: ViewContext
    area: str
    areas: set[str]  # the area and every area below it
    children: list[str]
    group_of: dict[str, str]  # area -> the sub-area it lies in ("" for the area itself)
    ward: str | None

    @classmethod
    def of(cls, ctx: ViewContext, area: str) -> AreaScope:
        children = ctx.children.get(area, [])
        group_of: dict[str, str] = {area: ""}
        for c in children:
            for a in ctx.ix.descendants(c):
                group_of[a] = c
        return cls(
            ctx,
            area,
            ctx.ix.descendants(area),
            children,
            group_of,
            ctx.ancestor_at(area, "ward"),
        )

    def place(self, a: str | None) -> dict[str, Any]:
        """:func:`place` in this view (the view's ward where an area lies in none)."""
        return place(self.ctx, a, self.ward)
