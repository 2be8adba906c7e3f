"""What a submitted review form changes, and the import rows those changes write.

:func:`plan_items` compares the form an organisation sent with its record
(:func:`netmap.upkeep.record.read_record`) and lists the changes as proposal items:
the organisation's own fields changed; activities added, changed or ended; network
memberships added, changed (role) or ended; partnerships added or ended. A form that
changes nothing is one ``confirmed`` item (the organisation confirmed its record). An
activity id that is not one of the organisation's own current activities is refused
(:class:`~netmap.errors.OtherOrganisation`): a review link sees and changes only its organisation.

:func:`import_tables` turns items into the rows of the import files (``organisations``,
``activities``, ``memberships``, ``partnerships``; ``kinds`` for a kind an import added)
built on the stored record (every stored property and relationship the row states is
kept, so writing the row changes only what the items change); the import's own
validation checks them (:func:`netmap.ingest.pipeline.prepare_tables`: the same rules
and messages, Japanese first) and its transform makes the batch a store writes. The
stored records are read as rows by :mod:`netmap.ingest.master` (the inverse of the
transform). An item
ended gets ``valid_to``. With ``verified_on`` every row written says when it was
verified and that the organisation itself did (:data:`SELF_REVIEW_SOURCE`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from netmap.errors import ImportValidationError, NetmapError, OtherOrganisation, Problem, UsageError
from netmap.ingest.cells import parse_date
from netmap.ingest.columns import FILE_SPECS
from netmap.ingest.master import master_tables
from netmap.ingest.messages import current_lang, t
from netmap.ingest.table import Table, table_from_rows
from netmap.upkeep.record import (
    ACTIVITY_FIELDS,
    FIELD_LABELS,
    LIST_FIELDS,
    ORGANISATION_FIELDS,
    read_record,
)
from netmap.upkeep.storage import ProposalItem

__all__ = [
    "SELF_REVIEW_SOURCE",
    "ProposalRejected",
    "import_tables",
    "plan_items",
    "stale_items",
]

#: the ``source`` of a record its organisation confirmed itself (self-review)
SELF_REVIEW_SOURCE = "本人確認"

ORGANISATION = "organisation"
ACTIVITY = "activity"
MEMBERSHIP = "membership"
PARTNERSHIP = "partnership"

#: how an item is named in messages: kind → (Japanese, English)
KIND_LABELS: dict[str, tuple[str, str]] = {
    ORGANISATION: ("団体", "organisation"),
    ACTIVITY: ("活動", "activity"),
    MEMBERSHIP: ("ネットワーク", "network"),
    PARTNERSHIP: ("連携", "partnership"),
}

_LIMIT = 500  # items a form may hold (activities, memberships, partners together)


class ProposalRejected(ImportValidationError):
    """The import's validation found problems in what a form proposes (or what an
    approval would write): every problem, in the import's words, each with the items it
    concerns (``details["problems"][i]["items"]``, ``["label"]``, ``["field"]``)."""

    def __init__(
        self,
        problems: list[Problem],
        where: Mapping[tuple[str, int], Sequence[ProposalItem]],
        *,
        approving: bool = False,
    ) -> None:
        super().__init__(problems)
        n = self.total
        if approving:
            msg = t(
                f"承認できません: 書き込む記録に問題が {n} 件あります。何も書き込んでいません",
                f"cannot approve: {n} problem{'s' if n != 1 else ''} in the records it "
                "would write; nothing was written",
            )
        else:
            msg = t(
                f"送信できません: 問題が {n} 件あります。直してからもう一度送信してください"
                "（何も保存していません）",
                f"not sent: {n} problem{'s' if n != 1 else ''}; correct them and send "
                "again (nothing was kept)",
            )
        self.message = msg
        self.args = (msg,)
        ja = current_lang() == "ja"
        out = []
        for p in self.problems:
            items = where.get((p.file, p.row or 0), ())
            field = FIELD_LABELS.get(p.column or "", (p.column or "", p.column or ""))
            out.append(
                {
                    **p.as_dict(),
                    "items": [i.n for i in items],
                    "label": "、".join(_describe(i) for i in items)
                    if ja
                    else ", ".join(_describe(i, "en") for i in items),
                    "field": field[0 if ja else 1],
                }
            )
        self.details["problems"] = out


def _describe(item: ProposalItem, lang: str = "ja") -> str:
    ja, en = KIND_LABELS.get(item.kind, (item.kind, item.kind))
    return f"{ja}「{item.label}」" if lang == "ja" else f"{en} {item.label!r}"


# ------------------------------------------------------------------ the form, compared


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _values(value: Any) -> list[str]:
    """A list field as the form sends it (a list, or ``;``-separated text): stripped,
    without empty or repeated values, in order."""
    if value is None:
        return []
    parts = value if isinstance(value, list) else str(value).replace("；", ";").split(";")
    out: list[str] = []
    for p in parts:
        text = _text(p)
        if text and text not in out:
            out.append(text)
    return out


def normalised(field: str, value: Any) -> Any:
    """A field's value as compared and kept in an item: a list (needs and target groups
    sorted: their order means nothing) or text."""
    if field in LIST_FIELDS:
        vals = _values(value)
        return vals if field == "sectors" else sorted(vals)
    return _text(value)


def _diff(
    fields: Iterable[str], current: Mapping[str, Any], sent: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for f in fields:
        if f not in sent:
            continue  # not on the form: unchanged
        old, new = normalised(f, current.get(f)), normalised(f, sent[f])
        if old != new:
            before[f], after[f] = old, new
    return before, after


def _day(text: Any) -> str:
    """A date as typed (any form the import reads), kept as ISO when it reads; left as
    typed otherwise (the validation then says what is wrong with it)."""
    raw = _text(text)
    try:
        return parse_date(raw)
    except ValueError:
        return raw


def _entries(submission: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = submission.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise UsageError(f"the form's {key!r} must be a list of objects")
    return value


def plan_items(
    G: nx.MultiDiGraph,
    org_id: str,
    submission: Mapping[str, Any],
    *,
    today: dt.date,
    new_id: Callable[[], str] | None = None,
) -> list[ProposalItem]:
    """The items of a submitted form (see the module): compared with the organisation's
    record on ``today``. ``new_id`` names an added activity (default: the organisation's
    id, ``-act-`` and random hex, not in the graph)."""
    record = read_record(G, org_id, today)
    items = _Items()
    org = _organisation_items(items, org_id, record, submission)
    _activity_items(items, record, submission, new_id or _new_id(G, org_id))
    _membership_items(items, G, record, submission)
    _partner_items(items, G, record, submission)
    if len(items.items) > _LIMIT:
        raise UsageError(f"the form changes more than {_LIMIT} records: send it in parts")
    if not items.items:
        items.add(ORGANISATION, "confirmed", org_id, org["name"], {}, {})
    return items.items


class _Items:
    """The items of a form, numbered in order."""

    def __init__(self) -> None:
        self.items: list[ProposalItem] = []

    def add(self, kind: str, action: str, target: str, label: str, before: Any, after: Any) -> None:
        self.items.append(
            ProposalItem(len(self.items) + 1, kind, action, target, label, before, after)
        )


def _organisation_items(
    items: _Items, org_id: str, record: Mapping[str, Any], submission: Mapping[str, Any]
) -> Mapping[str, Any]:
    """The organisation's own change (refused when the form names another organisation);
    returns its current record."""
    sent_org = submission.get("organisation") or {}
    if not isinstance(sent_org, Mapping):
        raise UsageError("the form's 'organisation' must be an object")
    if sent_org.get("id") not in (None, "", org_id):
        raise OtherOrganisation(
            "このリンクでは、ほかの団体の記録は見ることも変えることもできません / this "
            "review link opens only its own organisation's record"
        )
    org: Mapping[str, Any] = record["organisation"]
    before, after = _diff(ORGANISATION_FIELDS, org, sent_org)
    if after:
        items.add(ORGANISATION, "changed", org_id, org["name"], before, after)
    return org


def _activity_items(
    items: _Items,
    record: Mapping[str, Any],
    submission: Mapping[str, Any],
    make_id: Callable[[], str],
) -> None:
    """Activities added (named by ``make_id``), ended or changed; only the organisation's
    current activities may be ended or changed."""
    own = {a["id"]: a for a in record["activities"]}
    seen: set[str] = set()
    for entry in _entries(submission, "activities"):
        aid = _text(entry.get("id"))
        if not aid:
            fields = {f: normalised(f, entry.get(f)) for f in ACTIVITY_FIELDS}
            new = make_id()
            label = fields["name"] or t("（名称なし）", "(no name)")
            items.add(ACTIVITY, "added", new, label, {}, fields)
            continue
        if aid not in own:
            raise OtherOrganisation(
                f"活動 {aid!r} はこの団体の現在の活動ではありません。このリンクでは、ほかの団体の"
                f"記録は見ることも変えることもできません / activity {aid!r} is not one of this "
                "organisation's current activities: a review link opens only its own record"
            )
        if aid in seen:
            raise UsageError(f"活動 {aid!r} が 2 回あります / activity {aid!r} is sent twice")
        seen.add(aid)
        current = own[aid]
        if _text(entry.get("ended_on")):
            ended = {"valid_to": _day(entry["ended_on"])}
            items.add(ACTIVITY, "ended", aid, current["name"], {"valid_to": ""}, ended)
            continue
        before, after = _diff(ACTIVITY_FIELDS, current, entry)
        if after:
            items.add(ACTIVITY, "changed", aid, current["name"], before, after)


def _membership_items(
    items: _Items, G: nx.MultiDiGraph, record: Mapping[str, Any], submission: Mapping[str, Any]
) -> None:
    """Memberships added, ended or with a changed role (a network sent twice counts once)."""
    networks = {m["network_id"]: m for m in record["memberships"]}
    seen: set[str] = set()
    for entry in _entries(submission, "memberships"):
        net = _text(entry.get("network_id"))
        if not net or net in seen:
            continue
        seen.add(net)
        name = str(G.nodes[net].get("name", net)) if net in G else net
        role = _text(entry.get("role"))
        if net in networks:
            if _text(entry.get("ended_on")):
                ended = {"valid_to": _day(entry["ended_on"])}
                items.add(MEMBERSHIP, "ended", net, name, {"valid_to": ""}, ended)
            elif "role" in entry and role != networks[net]["role"]:
                was = {"role": networks[net]["role"]}
                items.add(MEMBERSHIP, "changed", net, name, was, {"role": role})
        elif not _text(entry.get("ended_on")):
            items.add(MEMBERSHIP, "added", net, name, {}, {"network_id": net, "role": role})


def _partner_items(
    items: _Items, G: nx.MultiDiGraph, record: Mapping[str, Any], submission: Mapping[str, Any]
) -> None:
    """Partnerships added or ended (a partner and kind sent twice count once)."""
    partners = {(p["partner_id"], p["kind"]): p for p in record["partners"]}
    seen_pairs: set[tuple[str, str]] = set()
    for entry in _entries(submission, "partners"):
        other = _text(entry.get("partner_id"))
        kind = _text(entry.get("kind"))
        if not other or (other, kind) in seen_pairs:
            continue
        seen_pairs.add((other, kind))
        name = str(G.nodes[other].get("name", other)) if other in G else other
        if (other, kind) in partners:
            if _text(entry.get("ended_on")):
                ended = {"kind": kind, "valid_to": _day(entry["ended_on"])}
                items.add(PARTNERSHIP, "ended", other, name, {"kind": kind, "valid_to": ""}, ended)
        elif not _text(entry.get("ended_on")):
            items.add(PARTNERSHIP, "added", other, name, {}, {"target_id": other, "kind": kind})


def _new_id(G: nx.MultiDiGraph, org_id: str) -> Callable[[], str]:
    def make() -> str:
        while True:
            candidate = f"{org_id}-act-{secrets.token_hex(3)}"
            if candidate not in G:
                return candidate

    return make


# ------------------------------------------------------------------ stale items


def stale_items(
    G: nx.MultiDiGraph, org_id: str, items: Sequence[ProposalItem], today: dt.date
) -> list[ProposalItem]:
    """The items whose record changed since they were proposed (a ``before`` that no
    longer holds, a record that ended or appeared meanwhile): approving them would undo
    someone else's change."""
    try:
        record = read_record(G, org_id, today)
    except NetmapError:
        return [i for i in items if i.action != "confirmed"]
    acts = {a["id"]: a for a in record["activities"]}
    nets = {m["network_id"]: m for m in record["memberships"]}
    pairs = {(p["partner_id"], p["kind"]) for p in record["partners"]}
    out = []
    for i in items:
        if i.kind == ORGANISATION and i.action == "changed":
            current: Mapping[str, Any] | None = record["organisation"]
        elif i.kind == ACTIVITY:
            if i.action == "added":
                if i.target in G:
                    out.append(i)
                continue
            current = acts.get(i.target)
        elif i.kind == MEMBERSHIP:
            if i.action == "added":
                if i.target in nets:
                    out.append(i)
                continue
            current = nets.get(i.target)
        elif i.kind == PARTNERSHIP:
            there = (i.target, str(i.after.get("kind") or "")) in pairs
            if there == (i.action == "added"):
                out.append(i)
            continue
        else:
            continue
        if current is None or any(
            f != "valid_to" and normalised(f, current.get(f)) != v for f, v in i.before.items()
        ):
            out.append(i)
    return out


# ------------------------------------------------------------------ import rows

#: the import files a review writes (and ``kinds``, for kinds an import added)
_FILES = ("organisations.csv", "activities.csv", "memberships.csv", "partnerships.csv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


class _Stored:
    """The stored records as import rows (:func:`netmap.ingest.master.master_tables`, the
    inverse of the import's transform): a row written back over its record changes
    nothing but what the items change."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        tables = master_tables(G, _FILES)
        rows = {name: table[1] for name, table in tables.items()}
        self.kinds = rows.get("kinds.csv", [])
        self.nodes = {(name, str(r["id"])): r for name in _FILES[:2] for r in rows.get(name, [])}
        self.members = {
            (str(r["organisation_id"]), str(r["network_id"])): r
            for r in rows.get("memberships.csv", [])
        }
        self.partners = {
            (frozenset((str(r["source_id"]), str(r["target_id"]))), str(r.get("kind") or "")): r
            for r in rows.get("partnerships.csv", [])
        }

    def node(self, file: str, nid: str) -> dict[str, str]:
        return {k: _cell(v) for k, v in self.nodes.get((file, nid), {}).items()}


def _apply(cells: dict[str, str], after: Mapping[str, Any]) -> dict[str, str]:
    for f, v in after.items():
        cells[f] = _cell(v)
    return cells


@dataclass
class _Rows:
    rows: dict[str, list[dict[str, str]]]
    items: dict[tuple[str, int], list[ProposalItem]]

    def add(self, file: str, cells: dict[str, str], items: Iterable[ProposalItem]) -> None:
        rows = self.rows.setdefault(file, [])
        rows.append(cells)
        self.items[(file, len(rows) + 1)] = list(items)  # row 1 is the header


def import_tables(
    G: nx.MultiDiGraph,
    org_id: str,
    items: Sequence[ProposalItem],
    *,
    today: dt.date,
    verified_on: str | None = None,
) -> tuple[dict[str, Table], dict[tuple[str, int], list[ProposalItem]]]:
    """The import tables that write ``items`` over the stored records, and which items
    each row (file, row number) comes from. With ``verified_on`` the organisation's row
    is written too (and, for a ``confirmed`` item, each of its current activities), and
    every row says ``verified_on`` and ``source`` :data:`SELF_REVIEW_SOURCE`."""
    from netmap.upkeep.record import activities_of

    stored = _Stored(G)
    out = _Rows({}, {})
    org_items = [i for i in items if i.kind == ORGANISATION]
    if org_items or verified_on is not None:
        cells = stored.node("organisations.csv", org_id)
        for i in org_items:
            _apply(cells, i.after)
        out.add("organisations.csv", cells, org_items or items)
    for i in (i for i in items if i.kind == ACTIVITY):
        if i.action == "added":
            cells = {"id": i.target, "organisation_id": org_id}
        else:
            cells = stored.node("activities.csv", i.target)
        out.add("activities.csv", _apply(cells, i.after), [i])
    if verified_on is not None and any(i.action == "confirmed" for i in org_items):
        listed = {i.target for i in items if i.kind == ACTIVITY}
        for a in activities_of(G, org_id, today.isoformat()):
            if a not in listed:
                out.add("activities.csv", stored.node("activities.csv", a), org_items)
    for i in (i for i in items if i.kind == MEMBERSHIP):
        row = stored.members.get((org_id, i.target), {})
        cells = {k: _cell(v) for k, v in row.items()}
        cells.update(organisation_id=org_id, network_id=i.target)
        out.add("memberships.csv", _apply(cells, i.after), [i])
    for i in (i for i in items if i.kind == PARTNERSHIP):
        kind = str(i.after.get("kind") or "")
        row = stored.partners.get((frozenset((org_id, i.target)), kind), {})
        cells = {k: _cell(v) for k, v in row.items()}
        cells.update(source_id=org_id, target_id=i.target)
        after = {k: v for k, v in i.after.items() if k != "target_id"}
        out.add("partnerships.csv", _apply(cells, after), [i])
    if verified_on is not None:
        for rows in out.rows.values():
            for cells in rows:
                cells["verified_on"] = verified_on
                cells["source"] = SELF_REVIEW_SOURCE
    if stored.kinds:  # kinds an import added: a row of such a kind needs them again
        out.rows["kinds.csv"] = [{k: _cell(v) for k, v in r.items()} for r in stored.kinds]
    tables = {name: _table(name, rows) for name, rows in out.rows.items()}
    return tables, out.items


def _table(name: str, rows: list[dict[str, str]]) -> Table:
    declared = [c.name for c in FILE_SPECS[name].columns]
    present = {k for r in rows for k, v in r.items() if v != "" or k in declared}
    header = [c for c in declared if c in present or c in FILE_SPECS[name].required()]
    header += sorted(present - set(declared))
    records: list[tuple[int, list[str]]] = [(1, header)]
    records += [(n, [r.get(h, "") for h in header]) for n, r in enumerate(rows, start=2)]
    return table_from_rows(name, "utf-8", records)
