"""Reckon the DATA_MODEL.md "Analyses" quantities directly on the demo's records.

The generator uses this to fill background supply, repair accidental findings and write
the planted manifest; it is a small, literal reading of the definitions (district level,
one ``as_of`` date), not the product's analysis code (``netmap.analysis``), which the
planted manifest is there to check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from netmap.demo.records import Activity, Dataset


def valid_on(valid_from: str | None, valid_to: str | None, day: str) -> bool:
    """Both bounds inclusive; empty means "since always" / "still"."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


@dataclass
class Reckoning:
    """Everything the manifest needs, computed once for one ``as_of`` date."""

    as_of: str
    parent: dict[str, str | None]
    level: dict[str, str]
    names: dict[str, str]
    district_of: dict[str, str | None]
    ward_of: dict[str, str | None]
    org_area: dict[str, str]
    org_kind: dict[str, str]
    runner: dict[str, str]
    valid_orgs: set[str]
    valid_networks: set[str]
    members: dict[str, set[str]]  # network -> valid member orgs
    memberships_of: dict[str, set[str]]  # org -> valid networks
    adjacency: dict[str, dict[str, set[str]]]  # org -> neighbour -> tie kinds
    demand: dict[tuple[str, str], int]
    supply: dict[tuple[str, str], int]
    sent: dict[str, int] = field(default_factory=dict)
    received_direct: dict[str, int] = field(default_factory=dict)
    received_via_activity: dict[str, int] = field(default_factory=dict)
    _orgs_by_district: dict[str, list[str]] = field(default_factory=dict, repr=False)

    # -- gaps --------------------------------------------------------------------------

    def gaps(self, *, min_demand: int = 1) -> list[tuple[str, str, int]]:
        """(district, need, demand) with demand >= min_demand and supply == 0."""
        out = [
            (a, n, d)
            for (a, n), d in self.demand.items()
            if d >= min_demand and self.supply.get((a, n), 0) == 0
        ]
        return sorted(out, key=lambda t: (-t[2], t[0], t[1]))

    def undersupplied(self, *, ratio: float = 10.0) -> list[tuple[str, str, int, int]]:
        """(district, need, demand, supply) with supply > 0 and demand / supply > ratio."""
        out = []
        for (a, n), d in self.demand.items():
            s = self.supply.get((a, n), 0)
            if s > 0 and d / s > ratio:
                out.append((a, n, d, s))
        return sorted(out, key=lambda t: (-t[2], -t[2] / t[3], t[0], t[1]))

    # -- isolation ----------------------------------------------------------------------

    def districts(self) -> list[str]:
        return sorted(a for a, lv in self.level.items() if lv == "district")

    def orgs_in(self, district: str) -> list[str]:
        if not self._orgs_by_district:
            by: dict[str, list[str]] = defaultdict(list)
            for o in sorted(self.valid_orgs):
                d = self.district_of.get(self.org_area[o])
                if d is not None:
                    by[d].append(o)
            self._orgs_by_district = dict(by)
        return self._orgs_by_district.get(district, [])

    def isolation(
        self, activities_in: dict[str, int], residents_in: dict[str, int]
    ) -> dict[str, list[str]]:
        """District → reasons (only districts with residents with needs and a reason)."""
        out: dict[str, list[str]] = {}
        for d in self.districts():
            if residents_in.get(d, 0) == 0:
                continue
            orgs = self.orgs_in(d)
            inside = set(orgs)
            reasons = []
            if not any(self.memberships_of.get(o) for o in orgs):
                reasons.append("no_network_member")
            if not any(n not in inside for o in orgs for n in self.adjacency.get(o, {})):
                reasons.append("no_external_tie")
            if activities_in.get(d, 0) == 0:
                reasons.append("no_activity")
            if reasons:
                out[d] = reasons
        return out

    def working_external_tie(self, district: str) -> bool:
        """A partnership or referral tie from an organisation in ``district`` to one outside
        (the stricter reading of ``no_external_tie``, independent of shared networks)."""
        orgs = set(self.orgs_in(district))
        for o in orgs:
            for n, kinds in self.adjacency.get(o, {}).items():
                if n not in orgs and kinds & {"partnership", "referral"}:
                    return True
        return False

    # -- networks -----------------------------------------------------------------------

    def network_wards(self, covers: dict[str, list[str]]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for net in sorted(self.valid_networks):
            wards = {w for a in covers.get(net, []) if (w := self.ward_of.get(a)) is not None}
            if not wards:
                wards = {
                    w
                    for o in self.members.get(net, set())
                    if (w := self.ward_of.get(self.org_area[o])) is not None
                }
            out[net] = wards
        return out

    def tied(self, xs: Iterable[str], ys: set[str]) -> bool:
        return any(y in ys for x in xs for y in self.adjacency.get(x, {}))

    def missing_bridges(self, covers: dict[str, list[str]]) -> list[tuple[str, str, str]]:
        """(network a, network b, ward) pairs sharing a ward, no common member, no tie."""
        wards = self.network_wards(covers)
        by_ward: dict[str, list[str]] = defaultdict(list)
        for net, ws in wards.items():
            for w in ws:
                by_ward[w].append(net)
        found: dict[tuple[str, str], str] = {}
        for w in sorted(by_ward):
            nets = sorted(by_ward[w])
            for i, a in enumerate(nets):
                ma = self.members.get(a, set())
                for b in nets[i + 1 :]:
                    mb = self.members.get(b, set())
                    if not ma or not mb or ma & mb or self.tied(ma, mb):
                        continue
                    found.setdefault((a, b), w)
        return [(a, b, w) for (a, b), w in sorted(found.items())]

    def reachable_without(self, starts: Iterable[str], removed: str) -> set[str]:
        seen = {s for s in starts if s != removed}
        frontier = list(seen)
        while frontier:
            x = frontier.pop()
            for y in self.adjacency.get(x, {}):
                if y != removed and y not in seen:
                    seen.add(y)
                    frontier.append(y)
        return seen

    def network_articulation_points(self) -> list[str]:
        """Organisations whose removal separates members of different networks: cut
        points of the organisation graph with network members on at least two sides
        (a network's members are a clique, so two sides always hold different networks).

        Linear time, through the block-cut tree of the graph.
        """
        import networkx as nx

        G = nx.Graph()
        G.add_nodes_from(sorted(self.valid_orgs))
        for a in sorted(self.adjacency):
            for b in sorted(self.adjacency[a]):
                if a < b:
                    G.add_edge(a, b)
        cut = set(nx.articulation_points(G))

        def member(o: str) -> int:
            return 1 if self.memberships_of.get(o) else 0

        T = nx.Graph()
        weight: dict[Any, int] = {}
        for i, block in enumerate(nx.biconnected_components(G)):
            weight[("B", i)] = sum(member(o) for o in block if o not in cut)
            T.add_node(("B", i))
            for o in block:
                if o in cut:
                    T.add_edge(("B", i), ("A", o))
                    weight[("A", o)] = member(o)
        out: list[str] = []
        for comp in nx.connected_components(T):
            root = min(comp)
            parent: dict[Any, Any] = {root: None}
            order = [root]
            for x in order:
                for y in T[x]:
                    if y not in parent:
                        parent[y] = x
                        order.append(y)
            sub = dict.fromkeys(order, 0)
            for x in reversed(order):
                sub[x] += weight[x]
                if parent[x] is not None:
                    sub[parent[x]] += sub[x]
            total = sub[root]
            for x in order:
                if x[0] != "A":
                    continue
                pieces = [sub[y] for y in T[x] if parent.get(y) == x]
                if parent[x] is not None:
                    pieces.append(total - sub[x])
                if sum(1 for w in pieces if w > 0) >= 2:
                    out.append(x[1])
        return sorted(out)

    def one_way(self) -> list[tuple[str, str]]:
        """(organisation, "out_only"|"in_only"): refers out and never receives (directly or
        through an activity it runs), or receives and never refers out."""
        out = []
        for o in sorted(self.valid_orgs):
            s = self.sent.get(o, 0)
            r = self.received_direct.get(o, 0) + self.received_via_activity.get(o, 0)
            if s and not r:
                out.append((o, "out_only"))
            elif r and not s:
                out.append((o, "in_only"))
        return out


def reckon(ds: Dataset, as_of: str) -> Reckoning:
    parent = {a.id: a.parent_id for a in ds.areas}
    level = {a.id: a.level for a in ds.areas}
    names = {a.id: a.name for a in ds.areas}
    names.update({o.id: o.name for o in ds.orgs})
    names.update({n.id: n.name for n in ds.networks})
    names.update({a.id: a.name for a in ds.activities})
    district_of = {a: _up_to(parent, level, a, "district") for a in level}
    ward_of = {a: _up_to(parent, level, a, "ward") for a in level}

    valid_orgs = {o.id for o in ds.orgs if valid_on(o.valid_from, o.valid_to, as_of)}
    valid_acts = {
        a.id: a
        for a in ds.activities
        if valid_on(a.valid_from, a.valid_to, as_of) and a.organisation_id in valid_orgs
    }
    valid_networks = {n.id for n in ds.networks if valid_on(n.valid_from, n.valid_to, as_of)}
    members, memberships_of = _memberships(ds, as_of, valid_orgs, valid_networks)
    flows = _Flows(ds, as_of, valid_orgs, valid_acts, district_of)
    adjacency = _adjacency(ds, as_of, valid_orgs, members, flows.pairs)
    demand = flows.demand
    _add_resident_demand(ds, district_of, flows.referred_needs, demand)

    return Reckoning(
        as_of=as_of,
        parent=parent,
        level=level,
        names=names,
        district_of=district_of,
        ward_of=ward_of,
        org_area=flows.org_area,
        org_kind={o.id: o.kind for o in ds.orgs},
        runner=flows.runner,
        valid_orgs=valid_orgs,
        valid_networks=valid_networks,
        members=dict(members),
        memberships_of=dict(memberships_of),
        adjacency={k: dict(v) for k, v in adjacency.items()},
        demand=dict(demand),
        supply=dict(_supply(ds, valid_orgs, valid_acts, district_of)),
        sent=dict(flows.sent),
        received_direct=dict(flows.received_direct),
        received_via_activity=dict(flows.received_via_activity),
    )


def _up_to(parent: dict[str, str | None], level: dict[str, str], area: str, lv: str) -> str | None:
    a: str | None = area
    while a is not None:
        if level[a] == lv:
            return a
        a = parent[a]
    return None


def _memberships(
    ds: Dataset, as_of: str, valid_orgs: set[str], valid_networks: set[str]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Valid members per network, and valid networks per organisation."""
    members: dict[str, set[str]] = defaultdict(set)
    memberships_of: dict[str, set[str]] = defaultdict(set)
    for m in ds.memberships:
        if (
            m.network_id in valid_networks
            and m.organisation_id in valid_orgs
            and valid_on(m.valid_from, m.valid_to, as_of)
        ):
            members[m.network_id].add(m.organisation_id)
            memberships_of[m.organisation_id].add(m.network_id)
    return members, memberships_of


class _Flows:
    """The referrals up to ``as_of``: who sent and received how many, the organisation
    pairs they tie, the needs they name per resident and the demand of unnamed ones."""

    def __init__(
        self,
        ds: Dataset,
        as_of: str,
        valid_orgs: set[str],
        valid_acts: dict[str, Activity],
        district_of: dict[str, str | None],
    ) -> None:
        self.org_area = {o.id: o.area_id for o in ds.orgs}
        self.runner = {a.id: a.organisation_id for a in ds.activities}
        self.sent: dict[str, int] = defaultdict(int)
        self.received_direct: dict[str, int] = defaultdict(int)
        self.received_via_activity: dict[str, int] = defaultdict(int)
        self.referred_needs: dict[str, set[str]] = defaultdict(set)
        self.demand: dict[tuple[str, str], int] = defaultdict(int)
        self.pairs: set[tuple[str, str]] = set()
        for ref in ds.referrals:
            if ref.date > as_of:
                continue
            if ref.resident_id is not None:
                self.referred_needs[ref.resident_id].add(ref.need)
            if ref.from_id not in valid_orgs:
                continue
            self.sent[ref.from_id] += 1
            if ref.resident_id is None:
                d = district_of[self.org_area[ref.from_id]]
                if d is not None:
                    self.demand[(d, ref.need)] += 1
            if ref.to_id in valid_orgs:
                self.received_direct[ref.to_id] += 1
                self.pairs.add((ref.from_id, ref.to_id))
            elif ref.to_id in valid_acts:
                r = self.runner[ref.to_id]
                self.received_via_activity[r] += 1
                self.pairs.add((ref.from_id, r))


def _adjacency(
    ds: Dataset,
    as_of: str,
    valid_orgs: set[str],
    members: dict[str, set[str]],
    referral_pairs: set[tuple[str, str]],
) -> dict[str, dict[str, set[str]]]:
    """Organisation → neighbour → the kinds of tie between them."""
    adjacency: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def tie(a: str, b: str, kind: str) -> None:
        if a != b and a in valid_orgs and b in valid_orgs:
            adjacency[a][b].add(kind)
            adjacency[b][a].add(kind)

    for net in sorted(members):
        ms = sorted(members[net])  # members are valid organisations already
        for a in ms:
            row = adjacency[a]
            for b in ms:
                if a != b:
                    row[b].add("network")
    for p in ds.partnerships:
        if valid_on(p.valid_from, p.valid_to, as_of):
            tie(p.source_id, p.target_id, "partnership")
    for a, b in sorted(referral_pairs):
        tie(a, b, "referral")
    return adjacency


def _add_resident_demand(
    ds: Dataset,
    district_of: dict[str, str | None],
    referred_needs: dict[str, set[str]],
    demand: dict[tuple[str, str], int],
) -> None:
    """Each resident's needs, and the needs referrals name for them, count once."""
    for res in ds.residents:
        d = district_of[res.area_id]
        if d is None:
            continue
        for need in set(res.needs) | referred_needs.get(res.id, set()):
            demand[(d, need)] += 1


def _supply(
    ds: Dataset,
    valid_orgs: set[str],
    valid_acts: dict[str, Activity],
    district_of: dict[str, str | None],
) -> dict[tuple[str, str], int]:
    """Valid activities and organisations per (district, need) they meet."""
    supply: dict[tuple[str, str], int] = defaultdict(int)
    for act in valid_acts.values():
        d = district_of[act.area_id]
        if d is not None:
            for need in set(act.needs):
                supply[(d, need)] += 1
    for o in ds.orgs:
        if o.id in valid_orgs:
            d = district_of[o.area_id]
            if d is not None:
                for need in set(o.provides):
                    supply[(d, need)] += 1
    return supply


def activities_per_district(ds: Dataset, rk: Reckoning) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for a in ds.activities:
        if valid_on(a.valid_from, a.valid_to, rk.as_of) and a.organisation_id in rk.valid_orgs:
            d = rk.district_of[a.area_id]
            if d is not None:
                out[d] += 1
    return dict(out)


def residents_per_district(ds: Dataset, rk: Reckoning) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for r in ds.residents:
        d = rk.district_of[r.area_id]
        if d is not None and r.needs:
            out[d] += 1
    return dict(out)
