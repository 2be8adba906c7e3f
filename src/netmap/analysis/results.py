"""Result models of the analyses: the JSON contract of ``netmap gaps|isolated|bridges|flows``.

Every model dumps (``model_dump(mode="json")``) to exactly the object shape documented in
issue 3 and DATA_MODEL.md "Analyses". Floats are rounded to 9 decimals by the analyses;
``None`` (JSON ``null``) marks an undefined value (a ratio with no supply, the constraint of
an organisation with no ties); there is never NaN or Infinity.

Reason codes (stable ids; Japanese labels for tables are in ``*_JA``):

* candidate resources of a gap: ``same_ward`` (an activity in the same ward, outside the area,
  that addresses the need), ``extend_activity`` (an activity in the area whose kind commonly
  hosts the need, per :data:`netmap.model.vocab.NEED_ACTIVITY_KINDS`, that does not address it
  yet), ``widen_target_group`` (under-supplied only: an activity in the area that addresses
  the need for some target groups only);
* isolation: ``no_network_member``, ``no_external_tie``, ``no_activity``;
* missing-bridge candidates: ``tied_to_both`` (located in the ward and tied to members of both
  networks), ``high_betweenness`` (among the ward's organisations with the highest
  betweenness).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from netmap.errors import AnalysisParameterError

__all__ = [
    "CANDIDATE_REASON_JA",
    "ISOLATION_REASON_JA",
    "MISSING_BRIDGE_REASON_JA",
    "AnalysisParameterError",
    "AreaFlow",
    "Bridge",
    "BridgeReport",
    "Brokerage",
    "Candidate",
    "CandidateReason",
    "FlowReport",
    "Gap",
    "GapKind",
    "IsolatedArea",
    "IsolationReason",
    "MissingBridge",
    "MissingBridgeCandidate",
    "MissingBridgeReason",
    "NeedFlow",
    "OneWayOrganisation",
    "OrgKindFlow",
    "Unallocated",
    "WideAreaResource",
    "gap_result_ids",
]


CandidateReason = Literal["same_ward", "extend_activity", "widen_target_group"]
IsolationReason = Literal["no_network_member", "no_external_tie", "no_activity"]
MissingBridgeReason = Literal["tied_to_both", "high_betweenness"]
GapKind = Literal["gap", "undersupplied"]

CANDIDATE_REASON_JA: dict[str, str] = {
    "same_ward": "同じ区の他地区でこのニーズに対応",
    "extend_activity": "地区内の活動（この種類は対応しやすい）を拡充",
    "widen_target_group": "地区内の活動の対象を広げる",
}
ISOLATION_REASON_JA: dict[str, str] = {
    "no_network_member": "ネットワーク参加団体なし",
    "no_external_tie": "地区外とのつながりなし",
    "no_activity": "活動なし",
}
MISSING_BRIDGE_REASON_JA: dict[str, str] = {
    "tied_to_both": "両方のネットワークの参加団体とつながりあり",
    "high_betweenness": "区内で媒介中心性が高い",
}


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- gaps


class Candidate(_Result):
    """An activity that could close a gap, and why."""

    activity_id: str
    name: str
    area_id: str | None
    reason: CandidateReason


class WideAreaResource(_Result):
    """An activity held, or an organisation located, in an area coarser than the analysed
    level that contains the gap's area and serves the need: context, not local supply."""

    id: str
    label: Literal["Activity", "Organisation"]
    name: str
    area_id: str


class Gap(_Result):
    """A need with no local resource (``kind="gap"``, ``ratio`` null) or too few
    (``kind="undersupplied"``: ``demand / supply > ratio``) in one area."""

    area_id: str
    area_name: str
    need: str
    demand: int
    supply: int
    ratio: float | None
    kind: GapKind
    candidates: list[Candidate]
    wide_area_resources: list[WideAreaResource]


class Unallocated(_Result):
    """Residents recorded only at an area coarser than the analysed level (living in a ward,
    with no district): ``demand`` counts them per need; they belong to no area of the
    level, so they are reported here."""

    area_id: str
    area_name: str
    level: str
    need: str
    demand: int


# --------------------------------------------------------------------------- isolation


class IsolatedArea(_Result):
    """One area of the analysed level and why it may be cut off.

    ``isolated`` is true when the area has residents with needs and at least one reason;
    ``score`` = reasons present / 3 (0 when not isolated). Counts: ``organisations``
    located there, their ``network_memberships`` (organisation-network pairs),
    ``external_ties`` (distinct pairs of an organisation there and one outside, in the
    organisation graph), ``activities`` held there, ``residents_with_needs`` and
    ``isolated_residents`` (with needs, in no activity, with no accepted or closed referral).
    """

    area_id: str
    area_name: str
    isolated: bool
    score: float
    reasons: list[IsolationReason]
    organisations: int
    network_memberships: int
    external_ties: int
    activities: int
    residents_with_needs: int
    isolated_residents: int


# --------------------------------------------------------------------------- bridges


class Brokerage(_Result):
    """Gould–Fernandez brokerage counts of one organisation (see
    :func:`netmap.analysis.brokerage.brokerage_roles`)."""

    coordinator: int = 0
    gatekeeper: int = 0
    representative: int = 0
    itinerant: int = 0
    liaison: int = 0


class Bridge(_Result):
    """An organisation's position between existing networks."""

    organisation_id: str
    name: str
    networks: list[str]
    betweenness: float
    constraint: float | None
    brokerage: Brokerage
    articulation_point: bool
    score: float
    why: str
    why_en: str


class MissingBridgeCandidate(_Result):
    organisation_id: str
    reason: MissingBridgeReason


class MissingBridge(_Result):
    """Two networks working in the same ward with no common member and no tie between any
    of their members, and organisations that could connect them."""

    network_ids: list[str]
    ward_id: str
    candidates: list[MissingBridgeCandidate]


class BridgeReport(_Result):
    """Result of :func:`netmap.analysis.rank_bridges`. ``betweenness_method`` says how
    betweenness was computed (it goes into the JSON ``params``)."""

    bridges: list[Bridge]
    missing_bridges: list[MissingBridge]
    betweenness_method: str


# --------------------------------------------------------------------------- flows


class NeedFlow(_Result):
    """Referrals about one need: out of / into the area; statuses of the ones out."""

    need: str
    referrals_out: int
    referrals_in: int
    open: int
    accepted: int
    declined: int
    closed: int
    acceptance_rate: float | None


class OrgKindFlow(_Result):
    """Referrals made from the area by organisations of one kind, by status."""

    kind: str
    referrals_out: int
    open: int
    accepted: int
    declined: int
    closed: int
    acceptance_rate: float | None


class AreaFlow(_Result):
    """Entrance and exit of one area.

    ``referrals_out``: referrals made by organisations located there (the entrance: residents
    noticed there); ``referrals_in``: referrals received by organisations or activities
    there (the exit: somewhere to go). ``open``/``accepted``/``declined``/``closed`` count
    the referrals out by status (a referral with no status counts as open), so they sum to
    ``referrals_out``; ``acceptance_rate`` = (accepted + closed) / (accepted + closed +
    declined), null when that is 0.
    """

    area_id: str
    referrals_out: int
    referrals_in: int
    open: int
    accepted: int
    declined: int
    closed: int
    acceptance_rate: float | None
    by_need: list[NeedFlow]
    by_org_kind: list[OrgKindFlow]


class OneWayOrganisation(_Result):
    """An organisation that refers out but never receives (``out_only``), or the reverse
    (``in_only``). Receiving includes referrals to the activities it runs."""

    organisation_id: str
    name: str
    area_id: str | None
    direction: Literal["out_only", "in_only"]
    referrals_out: int
    referrals_in: int


class FlowReport(_Result):
    areas: list[AreaFlow]
    one_way_organisations: list[OneWayOrganisation]


def gap_result_ids(
    gaps: Iterable[Mapping[str, Any]], unallocated: Iterable[Mapping[str, Any]]
) -> set[str]:
    """Every area and need id a gaps result (JSON form) mentions, for its ``names``."""
    ids: set[str] = set()
    for g in gaps:
        ids |= {g["area_id"], g["need"]}
        ids |= {c["area_id"] for c in g["candidates"] if c["area_id"]}
        ids |= {w["area_id"] for w in g["wide_area_resources"]}
    for u in unallocated:
        ids |= {u["area_id"], u["need"]}
    return ids
