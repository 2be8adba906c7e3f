"""Hand-built graphs for the tests (the canonical form, via ``build_graph``): the ``gb``
fixture (tests/conftest.py) is a fresh :class:`GraphBuilder`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from netmap.model.graph import build_graph


class GraphBuilder:
    """Build a small canonical graph record by record (ids are free text)."""

    def __init__(self) -> None:
        self.nodes: list[tuple[str, dict[str, Any]]] = []
        self.rels: list[tuple[str, str, str, dict[str, Any]]] = []

    def _node(self, label: str, id: str, **props: Any) -> str:
        self.nodes.append((label, {"id": id, **{k: v for k, v in props.items() if v is not None}}))
        return id

    def rel(self, typ: str, s: str, t: str, **props: Any) -> None:
        self.rels.append((typ, s, t, {k: v for k, v in props.items() if v is not None}))

    def area(self, id: str, level: str, parent: str | None = None, name: str | None = None) -> str:
        self._node("Area", id, name=name or f"{id}地区", level=level)
        if parent:
            self.rel("PART_OF", id, parent)
        return id

    def city_ward(self, city: str = "c", ward: str = "w") -> tuple[str, str]:
        self.area(city, "city", name="横浜市")
        self.area(ward, "ward", city, name="港北区")
        return city, ward

    def need(self, id: str) -> str:
        if not any(label == "Need" and p["id"] == id for label, p in self.nodes):
            self._node("Need", id, name_ja=id, name_en=id)
        return id

    def org(
        self,
        id: str,
        area: str | None = None,
        *,
        kind: str = "npo",
        sectors: list[str] | None = None,
        provides: Iterable[str] = (),
        networks: Iterable[str] = (),
        name: str | None = None,
        **props: Any,
    ) -> str:
        self._node("Organisation", id, name=name or id, kind=kind, sectors=sectors, **props)
        if area:
            self.rel("LOCATED_IN", id, area)
        for n in provides:
            self.rel("PROVIDES", id, self.need(n))
        for net in networks:
            self.member(id, net)
        return id

    def net(self, id: str, *, covers: Iterable[str] = (), name: str | None = None, **p: Any) -> str:
        self._node("Network", id, name=name or id, kind=p.pop("kind", "field"), **p)
        for a in covers:
            self.rel("COVERS", id, a)
        return id

    def member(self, org: str, net: str, **props: Any) -> None:
        self.rel("MEMBER_OF", org, net, role=props.pop("role", "member"), **props)

    def partner(self, a: str, b: str, kind: str = "joint", **props: Any) -> None:
        s, t = sorted((a, b))
        self.rel("PARTNERS_WITH", s, t, kind=kind, **props)

    def act(
        self,
        id: str,
        org: str | None,
        area: str,
        needs: Iterable[str] = (),
        *,
        kind: str = "other",
        target_groups: list[str] | None = None,
        name: str | None = None,
        **props: Any,
    ) -> str:
        self._node("Activity", id, name=name or id, kind=kind, target_groups=target_groups, **props)
        if org:
            self.rel("RUNS", org, id)
        self.rel("HELD_IN", id, area)
        for n in needs:
            self.rel("ADDRESSES", id, self.need(n))
        return id

    def res(
        self, id: str, area: str, needs: Iterable[str] = (), participates: Iterable[str] = ()
    ) -> str:
        self._node("Resident", id)
        self.rel("LIVES_IN", id, area)
        for n in needs:
            self.rel("HAS_NEED", id, self.need(n))
        for a in participates:
            self.rel("PARTICIPATES_IN", id, a)
        return id

    def ref(
        self,
        id: str,
        src: str,
        dst: str,
        need: str,
        *,
        status: str = "open",
        resident: str | None = None,
        date: str = "2024-01-01",
    ) -> str:
        self._node("Referral", id, date=date, status=status)
        self.rel("FROM", id, src)
        self.rel("TO", id, dst)
        self.rel("ABOUT", id, self.need(need))
        if resident:
            self.rel("CONCERNS", id, resident)
        return id

    def graph(self) -> nx.MultiDiGraph:
        return build_graph(self.nodes, self.rels)
