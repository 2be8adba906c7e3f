"""``netmap flows --need``: a flows result cut to one need.

The cut only *selects*: each area's row becomes the row its result already holds for the
need (``by_need``), so a published result (viewers, meetings; docs/privacy.md) shows
exactly the cells its release published — hidden ones stay "x" — and nothing is counted
again (a filter must not become an oracle). An area with no row for the need had no
referral about it: 0 out and 0 in, which is what the release publishes for an absent
cell. Referrals per status are not published per need, so a published cut shows them
hidden, as the release does.

One-way organisations (those that only refer or only receive) are judged over all
needs, not per need: the cut leaves them out.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

__all__ = ["flows_for_need"]

STATUSES = ("open", "accepted", "declined", "closed")
_COUNTS = ("referrals_out", "referrals_in", *STATUSES, "acceptance_rate")


def _absent(need: str, published: bool) -> dict[str, Any]:
    item: dict[str, Any] = {"need": need, "referrals_out": 0, "referrals_in": 0}
    if published:
        item.update(dict.fromkeys(STATUSES), acceptance_rate=None)
        item["suppressed"] = sorted([*STATUSES, "acceptance_rate"])
    else:
        item.update(dict.fromkeys(STATUSES, 0), acceptance_rate=None)
    return item


def flows_for_need(
    result: Mapping[str, Any], need: str, need_name: str | None = None
) -> dict[str, Any]:
    """``result`` (a flows result, exact or published) cut to ``need``.

    >>> exact = {"params": {"analysis": "flows"}, "names": {}, "one_way_organisations": [],
    ...          "areas": [{"area_id": "d1", "referrals_out": 3, "referrals_in": 1,
    ...                     "open": 1, "accepted": 2, "declined": 0, "closed": 0,
    ...                     "acceptance_rate": 1.0, "by_org_kind": [],
    ...                     "by_need": [{"need": "food", "referrals_out": 2,
    ...                                  "referrals_in": 0, "open": 0, "accepted": 2,
    ...                                  "declined": 0, "closed": 0,
    ...                                  "acceptance_rate": 1.0}]}]}
    >>> cut = flows_for_need(exact, "food", "食")
    >>> [(a["area_id"], a["referrals_out"], a["accepted"]) for a in cut["areas"]]
    [('d1', 2, 2)]
    >>> cut["params"]["need"], cut["names"]["food"]
    ('food', '食')
    >>> flows_for_need(exact, "debt")["areas"][0]["referrals_out"]
    0
    """
    published = "release" in result.get("params", {})
    out = copy.deepcopy(dict(result))
    rows = []
    for area in out.get("areas", []):
        item = next((n for n in area.get("by_need", []) if n.get("need") == need), None)
        found = item is not None
        if item is None:
            item = _absent(need, published)
        row: dict[str, Any] = {"area_id": area["area_id"], "need": need}
        row.update({k: item.get(k) for k in _COUNTS})
        if "suppressed" in item or published:
            row["suppressed"] = sorted(item.get("suppressed") or [])
        row["by_need"] = [item] if found else []
        row["by_org_kind"] = []
        rows.append(row)
    out["areas"] = rows
    out["one_way_organisations"] = []
    out["params"] = {**out.get("params", {}), "need": need}
    names = dict(out.get("names", {}))
    if need_name:
        names[need] = need_name
    out["names"] = dict(sorted(names.items()))
    return out
