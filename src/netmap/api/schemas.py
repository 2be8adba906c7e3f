"""Response models: exactly the fields a client may see (never internal properties,
never residents)."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from netmap.auth import MAX_EXPIRY_DAYS

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
    expires: str | None = Field(
        default=None, description="When this token expires (UTC, ISO 8601); null: never"
    )


class TokenOut(_Out):
    """A token (never the secret)."""

    id: str
    role: str
    area_id: str | None
    name: str
    created: str
    revoked: str | None
    expires: str | None = Field(
        default=None, description="When the token expires (UTC, ISO 8601); null: never"
    )
    last_used: str | None = Field(
        default=None,
        description="Its last successful use (UTC, ISO 8601; recorded at most once a minute)",
    )
    expired: bool = Field(default=False, description="True once the expiry has passed")
    active: bool = Field(description="Neither revoked nor expired")


class TokenCreate(BaseModel):
    """A new token: a role, optionally an area scope, a name and an expiry."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"role": "viewer", "area_id": "W-midori", "name": "緑区", "expires_in_days": 90}
            ]
        },
    )

    role: Literal["viewer", "analyst", "admin"]
    area_id: str | None = Field(
        default=None,
        max_length=200,
        description="Limit the token to this area and its sub-areas: an imported area's id "
        "(422 for an unknown or blank one). Leave it out for a token that sees every area.",
    )
    name: str = Field(default="", max_length=200)
    expires_in_days: int | None = Field(
        default=None,
        ge=1,
        le=MAX_EXPIRY_DAYS,
        description="The token expires this many days from now (then it is refused with "
        "401); leave it out for a token that does not expire.",
    )


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


# -- imports (POST /import) ----------------------------------------------------------------


class ImportFileOut(BaseModel):
    """One imported file (or workbook sheet) and its data rows."""

    name: str
    encoding: str
    rows: int


class ImportChangeOut(BaseModel):
    """What an import changed of one kind of record (with ``dry_run``: would change)."""

    kind: str = Field(description="The file or sheet name: organisations, memberships, …")
    label: str = Field(description="The node label or relationship type: Organisation, …")
    added: int
    updated: int
    removed: int
    unchanged: int


class ImportProblemOut(BaseModel):
    """A warning (or problem) about an input file: where, the value, why (the reason in
    the configured language, ``NETMAP_LANG``)."""

    file: str
    row: int | None = Field(description="The row as Excel shows it (the header is row 1)")
    column: str | None
    value: str | None
    reason: str


class ImportReportOut(BaseModel):
    """The same report as ``netmap import --format json``."""

    ok: bool
    source: str
    store: str
    sync: bool
    dry_run: bool = Field(default=False, description="Checked only: nothing was written")
    files: list[ImportFileOut]
    changes: list[ImportChangeOut] = Field(
        default_factory=list,
        description="Per kind of record: added, updated, removed, unchanged",
    )
    nodes_written: int
    relationships_written: int
    nodes_removed: int
    relationships_removed: int
    warnings: list[ImportProblemOut]
