"""Request and response models of the review links, the review form and the review queue
(:mod:`netmap.api.routes.upkeep`, :mod:`netmap.api.routes.review`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from netmap.auth import MAX_EXPIRY_DAYS


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ------------------------------------------------------------------ links (admin)


class LinkOut(_Out):
    """A review link (never its secret)."""

    id: str
    organisation_id: str
    organisation_name: str
    created: str
    created_by: str
    expires: str = Field(description="When the link stops working (UTC, ISO 8601)")
    revoked: str | None = None
    revoked_by: str | None = None
    last_used: str | None = Field(default=None, description="When it was last opened")
    expired: bool = False
    active: bool = Field(description="Neither revoked nor expired")


class LinkCreated(LinkOut):
    url: str = Field(description="The link to send to the organisation (shown once)")


class LinksOut(_Out):
    links: list[LinkOut]


class LinksCreated(_Out):
    links: list[LinkCreated]


class LinkCreate(_In):
    """Review links for one organisation or every organisation of an area (give one)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"area_id": "kohoku-hiyoshi", "expires_in_days": 30}]},
    )

    organisation_id: str | None = Field(
        default=None, min_length=1, max_length=200, description="An organisation (id or name)"
    )
    area_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Every organisation located in this area and its sub-areas (id or name)",
    )
    expires_in_days: int = Field(default=30, ge=1, le=MAX_EXPIRY_DAYS)
    base_url: str | None = Field(
        default=None,
        max_length=500,
        pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$",
        description="The address the organisations reach the server at (default: this request's)",
    )


# ------------------------------------------------------------------ proposals (admin)


class FieldOut(_Out):
    """One field of an item, side by side, as people read it (labels, names)."""

    field: str
    label: str
    before: str
    after: str


class ProposalItemOut(_Out):
    """One proposed change with its values before and after (only the fields it changes)."""

    n: int
    kind: str = Field(description="organisation, activity, membership or partnership")
    action: str = Field(description="changed, added, ended or confirmed")
    target: str = Field(description="The record's id (activity, network, partner)")
    label: str
    before: dict[str, Any]
    after: dict[str, Any]
    status: str = Field(description="pending, approved or rejected")
    reason: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    fields: list[FieldOut] = Field(default_factory=list)


class ProposalOut(_Out):
    id: int
    link_id: str
    organisation_id: str
    organisation_name: str
    submitted: str
    submitted_by: str = Field(description="The name the person who sent it typed")
    note: str
    status: str = Field(description="pending, approved, rejected or partly_approved")
    pending: int
    items: list[ProposalItemOut]


class ProposalDetailOut(ProposalOut):
    names: dict[str, str] = Field(
        default_factory=dict, description="Names of the records the items mention, by id"
    )


class ProposalsOut(_Out):
    proposals: list[ProposalOut]
    names: dict[str, str] = Field(default_factory=dict)


class Decision(_In):
    """Which items (numbers; default every pending one)."""

    items: list[int] | None = Field(default=None, max_length=500)


class Rejection(Decision):
    reason: str = Field(min_length=1, max_length=1000, description="Why (kept with the items)")


class KindChangeOut(_Out):
    kind: str
    label: str
    added: int
    updated: int
    removed: int
    unchanged: int


class ApprovalOut(_Out):
    proposal: ProposalOut
    approved: list[int]
    changes: list[KindChangeOut]


# ------------------------------------------------------------------ the review form


class ReviewFormOut(_Out):
    """What a review link's form shows: the organisation's own record (never residents,
    referrals or counts) and the choices of its pickers."""

    record: dict[str, Any]
    choices: dict[str, Any]
    link: dict[str, Any]
    today: str
    csrf: str = Field(description="Send it back as the X-CSRF-Token header to submit")


class PartnerOut(_Out):
    """An organisation found by name: directory data only (never a count)."""

    id: str
    name: str
    kind: str
    kind_label: str
    area_id: str | None
    area_name: str


class PartnersOut(_Out):
    items: list[PartnerOut]


_TEXT = Field(default=None, max_length=500)
_LIST = Field(default=None, max_length=100)


class OrganisationForm(_In):
    id: str | None = Field(default=None, max_length=200)
    name: str | None = _TEXT
    kind: str | None = Field(default=None, max_length=200)
    area_id: str | None = Field(default=None, max_length=200)
    sectors: list[str] | None = _LIST
    provides: list[str] | None = _LIST


class ActivityForm(_In):
    id: str | None = Field(default=None, max_length=200, description="Empty: a new activity")
    name: str | None = _TEXT
    kind: str | None = Field(default=None, max_length=200)
    area_id: str | None = Field(default=None, max_length=200)
    needs: list[str] | None = _LIST
    target_groups: list[str] | None = _LIST
    schedule: str | None = _TEXT
    ended_on: str | None = Field(
        default=None, max_length=40, description="The last day it was held (it ended)"
    )


class MembershipForm(_In):
    network_id: str = Field(min_length=1, max_length=200)
    role: str | None = Field(default=None, max_length=200)
    ended_on: str | None = Field(default=None, max_length=40)


class PartnerForm(_In):
    partner_id: str = Field(min_length=1, max_length=200)
    kind: str | None = Field(default=None, max_length=200)
    ended_on: str | None = Field(default=None, max_length=40)


class ReviewSubmission(_In):
    """The form as sent: the organisation's fields, its activities (an id: one of its
    own; none: a new one), memberships and partners; who sent it and a note."""

    organisation: OrganisationForm = Field(default_factory=OrganisationForm)
    activities: list[ActivityForm] = Field(default_factory=list, max_length=200)
    memberships: list[MembershipForm] = Field(default_factory=list, max_length=100)
    partners: list[PartnerForm] = Field(default_factory=list, max_length=200)
    submitted_by: str = Field(default="", max_length=100)
    note: str = Field(default="", max_length=2000)


class ReviewSubmitted(_Out):
    proposal_id: int
    items: list[ProposalItemOut]
