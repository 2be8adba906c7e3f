"""OpenAPI models of the analysis results (the CLI's ``--format json`` contract).

Resident counts may be ``null`` for viewers: the object then lists the hidden fields in
``suppressed`` (DATA_MODEL.md "Privacy"). Responses are served from a cache as ready JSON;
these models document them (and schemathesis checks responses against them).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Count = int | None


class _Doc(BaseModel):
    model_config = ConfigDict(extra="allow")


class Suppressible(_Doc):
    suppressed: list[str] | None = Field(
        default=None, description="Viewer responses: fields hidden as small counts (null)"
    )


class CandidateOut(_Doc):
    activity_id: str
    name: str
    area_id: str | None
    reason: Literal["same_ward", "extend_activity", "widen_target_group"]


class WideAreaResourceOut(_Doc):
    id: str
    label: Literal["Activity", "Organisation"]
    name: str
    area_id: str


class GapOut(Suppressible):
    area_id: str
    area_name: str
    need: str
    demand: Count
    supply: int
    ratio: float | None
    kind: Literal["gap", "undersupplied"]
    candidates: list[CandidateOut]
    wide_area_resources: list[WideAreaResourceOut]


class UnallocatedOut(Suppressible):
    area_id: str
    area_name: str
    level: str
    need: str
    demand: Count


class GapsResult(_Doc):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "params": {
                        "analysis": "gaps",
                        "as_of": "2024-08-01",
                        "level": "district",
                        "min_demand": 1,
                        "ratio": 10.0,
                        "area": "kohoku-nippa",
                        "need": None,
                        "suppression_threshold": 10,
                    },
                    "gaps": [
                        {
                            "area_id": "kohoku-nippa",
                            "area_name": "新羽地区",
                            "need": "food",
                            "demand": None,
                            "supply": 0,
                            "ratio": None,
                            "kind": "gap",
                            "candidates": [
                                {
                                    "activity_id": "act-shokudo-tsunashima",
                                    "name": "つなしまこども食堂",
                                    "area_id": "kohoku-tsunashima",
                                    "reason": "same_ward",
                                }
                            ],
                            "wide_area_resources": [],
                            "suppressed": ["demand"],
                        }
                    ],
                    "unallocated": [],
                    "names": {"kohoku-nippa": "新羽地区", "food": "食"},
                }
            ]
        }
    )

    params: dict[str, Any]
    gaps: list[GapOut]
    unallocated: list[UnallocatedOut]
    names: dict[str, str]


class IsolatedAreaOut(Suppressible):
    area_id: str
    area_name: str
    isolated: bool
    score: float
    reasons: list[Literal["no_network_member", "no_external_tie", "no_activity"]]
    organisations: int
    network_memberships: int
    external_ties: int
    activities: int
    residents_with_needs: Count
    isolated_residents: Count


class IsolatedResult(_Doc):
    params: dict[str, Any]
    areas: list[IsolatedAreaOut]
    names: dict[str, str]


class BrokerageOut(_Doc):
    coordinator: int
    gatekeeper: int
    representative: int
    itinerant: int
    liaison: int


class BridgeOut(_Doc):
    organisation_id: str
    name: str
    networks: list[str]
    betweenness: float
    constraint: float | None
    brokerage: BrokerageOut
    articulation_point: bool
    score: float
    why: str
    why_en: str


class MissingBridgeCandidateOut(_Doc):
    organisation_id: str
    reason: str


class MissingBridgeOut(_Doc):
    network_ids: list[str]
    ward_id: str
    candidates: list[MissingBridgeCandidateOut]


class BridgesResult(_Doc):
    params: dict[str, Any]
    bridges: list[BridgeOut]
    missing_bridges: list[MissingBridgeOut]
    names: dict[str, str]


class NeedFlowOut(Suppressible):
    need: str
    referrals_out: Count
    referrals_in: Count
    open: Count
    accepted: Count
    declined: Count
    closed: Count
    acceptance_rate: float | None


class OrgKindFlowOut(Suppressible):
    kind: str
    referrals_out: Count
    open: Count
    accepted: Count
    declined: Count
    closed: Count
    acceptance_rate: float | None


class AreaFlowOut(Suppressible):
    area_id: str
    referrals_out: Count
    referrals_in: Count
    open: Count
    accepted: Count
    declined: Count
    closed: Count
    acceptance_rate: float | None
    by_need: list[NeedFlowOut]
    by_org_kind: list[OrgKindFlowOut]


class OneWayOrganisationOut(Suppressible):
    organisation_id: str
    name: str
    area_id: str | None
    direction: Literal["out_only", "in_only"]
    referrals_out: Count
    referrals_in: Count


class FlowsResult(_Doc):
    params: dict[str, Any]
    areas: list[AreaFlowOut]
    one_way_organisations: list[OneWayOrganisationOut]
    names: dict[str, str]
