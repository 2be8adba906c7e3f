"""Response models: exactly the fields a client may see (never internal properties,
never residents)."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Page(_Out, Generic[T]):
    """One page of a list; ``total`` counts every match in scope."""

    items: list[T]
    total: int
    limit: int
    offset: int


_SOURCE = Field(default=None, description="Which office or survey")
_VERIFIED = Field(default=None, description="When someone last confirmed it (ISO date)")
_FROM = Field(default=None, description="Valid from (ISO date; empty: since always)")
_TO = Field(default=None, description="Valid until (ISO date; empty: still)")


class AreaOut(_Out):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "W-midori-D01",
                    "name": "十日市場地区",
                    "level": "district",
                    "level_label": "地区",
                    "parent_id": "W-midori",
                    "population": 23000,
                }
            ]
        }
    )

    id: str
    name: str
    level: str
    level_label: str = ""
    parent_id: str | None = None
    population: int | None = None
    source: str | None = _SOURCE
    verified_on: str | None = _VERIFIED


class OrganisationOut(_Out):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "O-0001",
                    "name": "十日市場地域ケアプラザ",
                    "kind": "community_care_plaza",
                    "kind_label": "地域ケアプラザ",
                    "area_id": "W-midori-D01",
                    "sectors": ["elderly", "children"],
                    "provides": ["elder_care"],
                    "networks": ["N-0003"],
                }
            ]
        }
    )

    id: str
    name: str
    kind: str
    kind_label: str = ""
    area_id: str | None = None
    sectors: list[str] = []
    provides: list[str] = []
    networks: list[str] = []
    valid_from: str | None = _FROM
    valid_to: str | None = _TO
    source: str | None = _SOURCE
    verified_on: str | None = _VERIFIED


class NetworkOut(_Out):
    id: str
    name: str
    kind: str
    kind_label: str = ""
    covers: list[str] = Field(default=[], description="Covered areas (within the token's scope)")
    member_count: int = Field(description="Member organisations (within the token's scope)")
    valid_from: str | None = _FROM
    valid_to: str | None = _TO
    source: str | None = _SOURCE
    verified_on: str | None = _VERIFIED


class ActivityOut(_Out):
    id: str
    name: str
    kind: str
    kind_label: str = ""
    organisation_id: str | None = None
    area_id: str | None = None
    needs: list[str] = []
    target_groups: list[str] = []
    capacity: int | None = None
    valid_from: str | None = _FROM
    valid_to: str | None = _TO
    source: str | None = _SOURCE
    verified_on: str | None = _VERIFIED


class StatsOut(_Out):
    nodes: dict[str, int]
    relationships: dict[str, int]


class HealthOut(_Out):
    status: Literal["ok"] = "ok"
    version: str


class ReadyOut(_Out):
    status: Literal["ready"] = "ready"
    store: str


class MeOut(_Out):
    id: str
    role: str
    area_id: str | None
    area_name: str | None = None
    name: str
    exact_counts: bool = Field(description="False for viewers: small counts are suppressed")
    suppression_threshold: int = Field(description="Counts from 1 to below this are hidden")


class TokenOut(_Out):
    id: str
    role: str
    area_id: str | None
    name: str
    created: str
    revoked: str | None
    active: bool


class TokenCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"role": "viewer", "area_id": "W-midori", "name": "緑区"}]},
    )

    role: Literal["viewer", "analyst", "admin"]
    area_id: str | None = Field(default=None, max_length=200)
    name: str = Field(default="", max_length=200)


class TokenCreated(TokenOut):
    token: str = Field(description="The token itself: shown once, only its hash is kept")


class WipeOut(_Out):
    ok: bool = True
    nodes: dict[str, int]
    relationships: dict[str, int]


class NeedOut(_Out):
    id: str
    name_ja: str
    name_en: str
