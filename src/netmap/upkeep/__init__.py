"""Keeping the map true: organisations review their own records, staff approve.

* :mod:`netmap.upkeep.storage`: review links (one organisation each, a hashed secret,
  an expiry, revocable), the short sessions a link's secret is exchanged for, and the
  change proposals with their items and decisions; in ``upkeep.sqlite3`` beside the
  tokens (never in the graph), shared by every process on the data directory.
* :mod:`netmap.upkeep.record`: an organisation's own record as a form (its name, kind,
  area, sectors, needs provided, activities, network memberships and partners), the
  choices the form offers and the partner search (names, kinds and areas only).
* :mod:`netmap.upkeep.changes`: what a submitted form changes (items added, changed and
  ended, with before and after values) and the import rows those items write, checked
  with the import's own validation (the same messages, Japanese first).

The use-cases (invite, submit, approve, reject) are in :mod:`netmap.service.upkeep`;
docs/upkeep.md is the guide.
"""

from __future__ import annotations

from netmap.upkeep.storage import (
    LinkInfo,
    Proposal,
    ProposalItem,
    UpkeepStore,
    upkeep_store,
)

__all__ = ["LinkInfo", "Proposal", "ProposalItem", "UpkeepStore", "upkeep_store"]
