"""Upkeep use-cases: organisations review their own records, staff approve (shared by the
CLI ``netmap upkeep``, the API and the review form).

* :func:`invite`: review links for one organisation or every organisation of an area;
* :func:`review_form`: what a link's form shows (the organisation's own record and the
  pickers' choices); :func:`partner_search` (names, kinds and areas only);
* :func:`submit`: a form → a proposal, checked with the import's rules (nothing reaches
  the store);
* :func:`approve` / :func:`reject`: per item; an approval writes through the import's
  validation, transform and the store's ``upsert`` in one call, sets ``verified_on`` (the
  approval date) and ``source`` (本人確認) on the records it writes, and builds the
  current period's release again if no viewer read it yet (a release once read stays
  frozen, like after an import).

Every link, proposal and decision is recorded in the activity log. See docs/upkeep.md.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import networkx as nx

from netmap import activity
from netmap.config import Settings
from netmap.errors import ImportValidationError, UsageError
from netmap.ingest.messages import language, t
from netmap.ingest.pipeline import kind_changes, prepare_tables
from netmap.model.batch import GraphBatch
from netmap.model.graph import area_descendants, nodes_with_label, out_targets
from netmap.model.schema import Label, Rel
from netmap.store.base import GraphStore, WriteSummary
from netmap.upkeep.changes import (
    ProposalRejected,
    import_tables,
    plan_items,
    stale_items,
)
from netmap.upkeep.record import choices, read_record, search_partners
from netmap.upkeep.storage import (
    DEFAULT_LINK_DAYS,
    ItemStatus,
    LinkInfo,
    Proposal,
    ProposalItem,
    upkeep_store,
)

__all__ = [
    "Approval",
    "Invitation",
    "approve",
    "invite",
    "link_url",
    "organisation_of",
    "partner_search",
    "proposal",
    "proposal_names",
    "proposal_view",
    "proposals",
    "reject",
    "review_form",
    "submit",
]

log = logging.getLogger(__name__)

#: the path a review link opens (``<base URL>/review/<secret>``)
REVIEW_PATH = "/review/"


@dataclass(frozen=True)
class Invitation:
    """A new review link: its info and its secret (shown once)."""

    link: LinkInfo
    secret: str

    def url(self, base_url: str) -> str:
        return link_url(base_url, self.secret)


def link_url(base_url: str, secret: str) -> str:
    """The address a review link is sent as."""
    return base_url.rstrip("/") + REVIEW_PATH + secret


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def _open_organisations(G: nx.MultiDiGraph, areas: set[str], iso: str) -> list[str]:
    from netmap.analysis.projections import valid_on_iso

    out = []
    for o in nodes_with_label(G, Label.ORGANISATION):
        where = out_targets(G, o, Rel.LOCATED_IN)
        if where and where[0] in areas and valid_on_iso(G.nodes[o], iso):
            out.append(o)
    return out


def invite(
    settings: Settings,
    graph: nx.MultiDiGraph,
    *,
    organisation: str | None = None,
    area: str | None = None,
    expires: datetime | None = None,
    actor: str | None = None,
    today: dt.date | None = None,
) -> list[Invitation]:
    """Review links for one organisation (an id or a name) or for every organisation
    located in an area (an id or a name) and its sub-areas, open today. ``expires``:
    default :data:`~netmap.upkeep.storage.DEFAULT_LINK_DAYS` days from now."""
    from netmap.analysis.projections import valid_on_iso
    from netmap.names import resolve_area, resolve_organisation

    if (organisation is None) == (area is None):
        raise UsageError(
            "団体（--organisation）か地域（--area）のどちらか一つを指定してください / give "
            "either an organisation or an area"
        )
    iso = _today(today).isoformat()
    if organisation is not None:
        org = resolve_organisation(graph, organisation)
        if not valid_on_iso(graph.nodes[org], iso):
            raise UsageError(
                f"団体 {org} は {iso} には活動していません / organisation {org} is not "
                f"open on {iso}"
            )
        orgs = [org]
    else:
        assert area is not None
        area_id = resolve_area(graph, area)
        orgs = _open_organisations(graph, area_descendants(graph, area_id), iso)
        if not orgs:
            raise UsageError(
                f"地域 {area_id} には団体がありません / no organisation is located in {area_id}"
            )
    store = upkeep_store(settings)
    until = expires or store.now() + timedelta(days=DEFAULT_LINK_DAYS)
    out = []
    for o in orgs:
        name = str(graph.nodes[o].get("name", o))
        info, secret = store.create_link(o, name, expires=until, actor=actor)
        out.append(Invitation(info, secret))
    return out


def review_form(
    graph: nx.MultiDiGraph, link: LinkInfo, *, today: dt.date | None = None
) -> dict[str, Any]:
    """What a review link's form shows: the organisation's own record on ``today`` and
    the choices of its pickers."""
    day = _today(today)
    record = read_record(graph, link.organisation_id, day)
    return {
        "record": record,
        "choices": choices(graph, record, day),
        "link": {"id": link.id, "expires": link.expires},
        "today": day.isoformat(),
    }


def partner_search(
    graph: nx.MultiDiGraph, link: LinkInfo, text: str, *, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Organisations by a part of their name (not the link's own): names, kinds and
    areas only."""
    return search_partners(graph, text, exclude=link.organisation_id, today=_today(today))


def _check(
    settings: Settings,
    store: GraphStore,
    graph: nx.MultiDiGraph,
    org_id: str,
    items: Sequence[ProposalItem],
    *,
    today: dt.date,
    verified_on: str | None,
    source: str,
) -> GraphBatch:
    """The batch that writes ``items`` (the import's validation and transform), or
    :class:`ProposalRejected` with every problem."""
    tables, where = import_tables(graph, org_id, items, today=today, verified_on=verified_on)
    try:
        batch, _report = prepare_tables(tables, store, settings=settings, source=source)
    except ImportValidationError as exc:
        with language(settings.lang):
            raise ProposalRejected(exc.problems, where, approving=verified_on is not None) from None
    return batch


def submit(
    settings: Settings,
    store: GraphStore,
    link: LinkInfo,
    form: Mapping[str, Any],
    *,
    graph: nx.MultiDiGraph | None = None,
    today: dt.date | None = None,
) -> Proposal:
    """Keep what a review form proposes as a proposal (items pending), after checking it
    with the import's rules (:class:`~netmap.upkeep.changes.ProposalRejected` with every
    problem, in ``settings.lang``); nothing is written to the store."""
    day = _today(today)
    G = graph if graph is not None else store.export_graph()
    with language(settings.lang):
        items = plan_items(G, link.organisation_id, form, today=day)
    _check(
        settings,
        store,
        G,
        link.organisation_id,
        items,
        today=day,
        verified_on=None,
        source=f"review-{link.id}",
    )
    who = " ".join(str(form.get("submitted_by") or "").split())[:100]
    note = str(form.get("note") or "").strip()[:2000]
    proposal = upkeep_store(settings).add_proposal(
        link,
        organisation_name=str(G.nodes[link.organisation_id].get("name", link.organisation_id)),
        submitted_by=who,
        note=note,
        items=items,
    )
    activity.record(
        settings,
        "upkeep.submit",
        actor=f"review:{link.id}",
        organisation=link.organisation_id,
        proposal=proposal.id,
        items=_counts(items),
    )
    return proposal


def _counts(items: Sequence[ProposalItem]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in items:
        key = f"{i.kind}.{i.action}"
        out[key] = out.get(key, 0) + 1
    return out


def _chosen(proposal: Proposal, numbers: Sequence[int] | None) -> list[ProposalItem]:
    """The pending items ``numbers`` name (``None``: all pending); an unknown or decided
    one is a :class:`UsageError`."""
    if numbers is None:
        chosen = [i for i in proposal.items if i.status == ItemStatus.PENDING]
    else:
        chosen = [proposal.item(n) for n in sorted(set(numbers))]
        decided = [i.n for i in chosen if i.status != ItemStatus.PENDING]
        if decided:
            listed = ", ".join(map(str, decided))
            raise UsageError(
                f"提案 {proposal.id} の項目 {listed} は決定済みです / items {listed} of "
                f"proposal {proposal.id} are already decided"
            )
    if not chosen:
        raise UsageError(
            f"提案 {proposal.id} に未決定の項目はありません / proposal {proposal.id} has no "
            "pending item"
        )
    return chosen


@dataclass(frozen=True)
class Approval:
    """What an approval did: the proposal as now decided, the items approved, and what
    the write changed per kind of record (as an import reports it)."""

    proposal: Proposal
    approved: list[int]
    summary: WriteSummary

    def as_dict(self) -> dict[str, Any]:
        return {
            "proposal": self.proposal.as_dict(),
            "approved": self.approved,
            "changes": [c.as_dict() for c in kind_changes(self.summary.changes)],
        }


def approve(
    settings: Settings,
    store: GraphStore,
    proposal_id: int,
    numbers: Sequence[int] | None = None,
    *,
    actor: str | None = None,
    today: dt.date | None = None,
) -> Approval:
    """Approve items of a proposal (``None``: every pending one) and write them: the
    import's validation and transform, then one ``store.upsert`` (one transaction); the
    organisation's record and each record written get ``verified_on`` = ``today`` and
    ``source`` 本人確認. An item whose record changed since it was proposed is refused
    (reject it and invite again). Logged; the current release is rebuilt if unread."""
    from netmap.service.data import refresh_release

    day = _today(today)
    who = actor or activity.cli_actor()
    ups = upkeep_store(settings)
    proposal = ups.proposal(proposal_id)
    chosen = _chosen(proposal, numbers)
    G = store.export_graph()
    stale = stale_items(G, proposal.organisation_id, chosen, day)
    if stale:
        listed = ", ".join(str(i.n) for i in stale)
        raise UsageError(
            f"提案 {proposal.id} の項目 {listed} は、提出後に記録が変わっています。却下して、"
            f"もう一度確認を依頼してください / the records of items {listed} of proposal "
            f"{proposal.id} changed since it was sent: reject them and invite again",
            details={"stale": [i.n for i in stale]},
        )
    batch = _check(
        settings,
        store,
        G,
        proposal.organisation_id,
        chosen,
        today=day,
        verified_on=day.isoformat(),
        source=f"proposal-{proposal.id}",
    )
    numbers_done = [i.n for i in chosen]
    proposal, _ = ups.decide(proposal.id, numbers_done, ItemStatus.APPROVED, reason=None, actor=who)
    try:
        summary = store.upsert(batch)
    except BaseException:
        ups.undecide(proposal.id, numbers_done)  # nothing was written: pending again
        raise
    activity.record(
        settings,
        "upkeep.approve",
        actor=who,
        organisation=proposal.organisation_id,
        proposal=proposal.id,
        items=numbers_done,
        store=store.name,
        changes={
            c.kind: {k: v for k, v in c.as_dict().items() if k not in ("kind", "label") and v}
            for c in kind_changes(summary.changes)
            if c.added or c.updated or c.removed
        },
    )
    refresh_release(settings, store, actor=who)
    return Approval(proposal, numbers_done, summary)


def reject(
    settings: Settings,
    proposal_id: int,
    numbers: Sequence[int] | None = None,
    *,
    reason: str,
    actor: str | None = None,
) -> Proposal:
    """Reject items of a proposal (``None``: every pending one) with a reason (required);
    nothing is written to the store. Logged."""
    text = " ".join(reason.split())
    if not text:
        raise UsageError(
            t("却下の理由を書いてください", "give a reason for the rejection"),
        )
    who = actor or activity.cli_actor()
    ups = upkeep_store(settings)
    chosen = _chosen(ups.proposal(proposal_id), numbers)
    proposal, done = ups.decide(
        proposal_id, [i.n for i in chosen], ItemStatus.REJECTED, reason=text[:1000], actor=who
    )
    activity.record(
        settings,
        "upkeep.reject",
        actor=who,
        organisation=proposal.organisation_id,
        proposal=proposal.id,
        items=done,
    )
    return proposal


def proposals(settings: Settings, *, status: str | None = "pending") -> list[Proposal]:
    """The proposals (default: those with a pending item), oldest first."""
    if status not in (None, "pending", "decided", "approved", "rejected", "partly_approved"):
        raise UsageError(
            f"unknown status {status!r}: use pending, decided, approved, rejected, "
            "partly_approved or all"
        )
    return upkeep_store(settings).proposals(status=status)


def proposal(settings: Settings, proposal_id: int) -> Proposal:
    return upkeep_store(settings).proposal(proposal_id)


def proposal_names(graph: nx.MultiDiGraph, found: Sequence[Proposal]) -> dict[str, str]:
    """The names of the records the proposals mention (organisations, activities, areas,
    networks, needs), by id: for showing them side by side."""
    ids: set[str] = set()
    for p in found:
        ids.add(p.organisation_id)
        for i in p.items:
            ids.add(i.target)
            for values in (i.before, i.after):
                for v in values.values():
                    ids.update(str(x) for x in (v if isinstance(v, list) else [v]) if x)
    out: dict[str, str] = {}
    for nid in sorted(ids):
        if nid in graph:
            d = graph.nodes[nid]
            out[nid] = str(d.get("name") or d.get("name_ja") or nid)
    return out


def proposal_view(
    proposal: Proposal, graph: nx.MultiDiGraph | None, *, lang: str = "ja"
) -> dict[str, Any]:
    """A proposal as the review queue shows it: :meth:`Proposal.as_dict`, the names of
    the records it mentions (``names``) and, per item, its fields side by side
    (``fields``: ``{field, label, before, after}``, values as people read them)."""
    from netmap.upkeep.record import FIELD_LABELS, value_text

    names = proposal_names(graph, [proposal]) if graph is not None else {}
    out = proposal.as_dict()
    out["names"] = names
    for item, d in zip(proposal.items, out["items"], strict=True):
        fields = [f for f in (*item.before, *item.after) if f != "target_id"]
        rows = []
        for f in dict.fromkeys(fields):
            ja, en = FIELD_LABELS.get(f, (f, f))
            if item.kind == "partnership" and f == "kind":
                ja, en = "連携の内容", "kind of partnership"
            rows.append(
                {
                    "field": f,
                    "label": ja if lang == "ja" else en,
                    "before": value_text(f, item.before.get(f), names),
                    "after": value_text(f, item.after.get(f), names),
                }
            )
        d["fields"] = rows
    return out


def organisation_of(graph: nx.MultiDiGraph, org_id: str) -> str:
    """The name of an organisation (its id when unknown)."""
    if org_id in graph:
        return str(graph.nodes[org_id].get("name", org_id))
    return org_id
