"""The change layer of a map: two published views of one area drawn as one.

``netmap map --compare-to DATE`` draws the map of a release with what changed since an
earlier release; ``netmap map --scenario PLAN`` draws the map with a plan's records laid
over it. Both are the union of two published views of the same area
(:func:`netmap.viz.view.build_view`): ``before`` (the earlier release's view, or the
network now) and ``after`` (the later release's view, or the network with the plan),
marked for renderers:

* a record (organisation, activity, network) or tie (membership, partnership) added since
  ``before`` is drawn from ``after`` with ``change="added"`` (``"planned"`` for a plan),
  with ``change_date`` (its ``valid_from``); so are the "runs" links of an added record;
* one that ended is drawn from ``before`` (its place in the picture, its name and the
  earlier release's counts) with ``change="ended"`` and ``change_date`` (its
  ``valid_to``), with its ties to the other nodes of the union; so is anything else that
  left the map (a record still valid elsewhere), noted ``left_map``;
* an area carries ``change_notes``: gaps closed or opened, isolation ended or begun (a
  plan: the gaps it closes and the isolation it ends); an organisation, whether it
  entered or left the bridge ranking.

Nothing here counts anything: the records and ties come from the graph (directory data),
the notes from the rows of the two releases (:func:`netmap.service.compare.compare_json`
with releases, :func:`netmap.service.scenarios.published_scenario`), and every count drawn
is one of the two views', so one of the two releases'. A planned record carries no count
(it has no participants yet). The graph attribute ``change`` says what is compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from netmap.disclosure.guard import check_view
from netmap.model.vocab import need_label
from netmap.viz.texts import t

__all__ = [
    "change_tag",
    "change_text",
    "change_title",
    "change_view",
    "compare_notes",
    "scenario_notes",
]

Notes = dict[str, list[dict[str, Any]]]
#: Edges that tie a record to the others on a map (drawn with an ended record, and marked
#: with an added one); referral links and suggested links are not the records' own.
_RECORD_EDGES = ("member_of", "runs", "partners_with")
#: The view's edge key of each tie type compared.
_TIE_KEYS = {"memberships": "member_of", "partnerships": "partners_with"}
_COUNT_KEYS = ("counts", "counts_text", "suppressed")


def _note(notes: Notes, node: str, note: str, **extra: Any) -> None:
    item = {"note": note, **extra}
    if item not in notes.setdefault(node, []):
        notes[node].append(item)


def compare_notes(cmp: Mapping[str, Any]) -> Notes:
    """Node id → notes, from a comparison (:func:`netmap.service.compare.compare_json`):
    an area's gaps closed and opened (a need with no resource that got one, or lost its
    last), its isolation ended or begun; an organisation entering or leaving the bridge
    ranking."""
    notes: Notes = {}
    for rows in cmp.get("gaps", {}).values():
        for g in rows:
            was, now = g["kind"]["from"] == "gap", g["kind"]["to"] == "gap"
            if was != now:
                _note(notes, g["area_id"], "gap_opened" if now else "gap_closed", need=g["need"])
    for state, rows in cmp.get("isolated", {}).items():
        for a in rows:
            _note(notes, a["area_id"], state)
    top = cmp.get("params", {}).get("top", 10)
    for state in ("entered", "left"):
        for b in cmp.get("bridges", {}).get(state, []):
            _note(notes, b["organisation_id"], f"bridge_{state}", top=top)
    return notes


def scenario_notes(sc: Mapping[str, Any]) -> Notes:
    """Node id → notes, from a published scenario
    (:func:`netmap.service.scenarios.published_scenario`): the release's gaps the plan
    closes and the isolation it ends."""
    notes: Notes = {}
    for g in sc.get("gaps_closed", []):
        _note(notes, g["area_id"], "plan_closes_gap", need=g["need"])
    for a in sc.get("no_longer_isolated", []):
        _note(notes, a["area_id"], "plan_ends_isolation")
    return notes


def _copy_node(V: nx.MultiDiGraph, src: nx.MultiDiGraph, n: str, **marks: Any) -> None:
    V.add_node(n, **{**dict(src.nodes[n]), **marks})


def _mark_edges(
    V: nx.MultiDiGraph, node: str, state: str, keys: Iterable[str] = _RECORD_EDGES
) -> None:
    for s, t2, k, e in [
        *V.in_edges(node, keys=True, data=True),
        *V.out_edges(node, keys=True, data=True),
    ]:
        if k in keys and "change" not in e:
            V.edges[s, t2, k]["change"] = state


def change_view(
    before: nx.MultiDiGraph,
    after: nx.MultiDiGraph,
    *,
    records: Mapping[str, Mapping[str, list[dict[str, Any]]]],
    ties: Mapping[str, Mapping[str, list[dict[str, Any]]]],
    notes: Notes | None = None,
    added: str = "added",
    meta: Mapping[str, Any] | None = None,
) -> nx.MultiDiGraph:
    """``after`` with what changed since ``before`` (see the module docstring).
    ``records``/``ties``: the ``added``/``ended`` lists of a comparison or a published
    scenario; ``added``: the state of an added record (``"added"``, or ``"planned"`` for
    a plan); ``meta``: what is compared (the graph attribute ``change``)."""
    V = after.copy()
    ended_nodes: list[str] = []
    for changes in records.values():
        for r in changes.get("added", []):
            n = r["id"]
            if n in V and V.nodes[n].get("category") != "Area":
                V.nodes[n].update(change=added, change_date=r.get("valid_from"))
                if added == "planned":  # no participants yet: no count
                    for k in _COUNT_KEYS:
                        V.nodes[n].pop(k, None)
        for r in changes.get("ended", []):
            n = r["id"]
            if n not in V and n in before and before.nodes[n].get("category") != "Area":
                _copy_node(V, before, n, change="ended", change_date=r.get("valid_to"))
                if V.nodes[n].get("bridge"):  # the bridges layer ranks the later state
                    V.nodes[n]["bridge"] = {**V.nodes[n]["bridge"], "rank": None}
                ended_nodes.append(n)
    # what else left this map (a record still valid elsewhere: one that moved, a network
    # whose members here left): drawn as gone too, so the map is the union of both views
    for n, d in before.nodes(data=True):
        if n not in V and d.get("category") != "Area":
            _copy_node(V, before, n, change="ended", change_notes=[{"note": "left_map"}])
            if V.nodes[n].get("bridge"):
                V.nodes[n]["bridge"] = {**V.nodes[n]["bridge"], "rank": None}
            ended_nodes.append(n)
    # an ended record's ties to the nodes of the union, as the earlier view drew them
    for n in ended_nodes:
        for s, t2, k, e in [
            *before.in_edges(n, keys=True, data=True),
            *before.out_edges(n, keys=True, data=True),
        ]:
            if k in _RECORD_EDGES and s in V and t2 in V and not V.has_edge(s, t2, k):
                V.add_edge(s, t2, key=k, **{**e, "change": "ended"})
    # ties: drawn as new or ended when the line itself appears or disappears (two
    # organisations can be tied by more than one record)
    for key, edge_key in _TIE_KEYS.items():
        for tie in ties.get(key, {}).get("added", []):
            for s, t2 in ((tie["source"], tie["target"]), (tie["target"], tie["source"])):
                if V.has_edge(s, t2, edge_key) and not before.has_edge(s, t2, edge_key):
                    V.edges[s, t2, edge_key]["change"] = added
        for tie in ties.get(key, {}).get("ended", []):
            for s, t2 in ((tie["source"], tie["target"]), (tie["target"], tie["source"])):
                if (
                    s in V
                    and t2 in V
                    and before.has_edge(s, t2, edge_key)
                    and not V.has_edge(s, t2, edge_key)
                ):
                    e = dict(before.edges[s, t2, edge_key])
                    V.add_edge(s, t2, key=edge_key, **{**e, "change": "ended"})
    # the links of an added record are new with it ("runs": who runs a new activity)
    for n, d in list(V.nodes(data=True)):
        if d.get("change") == added:
            _mark_edges(V, n, added)
    for n, items in (notes or {}).items():
        if n in V and items:
            V.nodes[n]["change_notes"] = [*V.nodes[n].get("change_notes", []), *items]
    V.graph["change"] = dict(meta or {})
    check_view(V)
    return V


# ----------------------------------------------------------------------------- words


def _need(need: str, needs: Mapping[str, str], lang: str) -> str:
    return needs.get(need) or need_label(need, lang)


def _note_text(item: Mapping[str, Any], lang: str, needs: Mapping[str, str]) -> str:
    note = str(item["note"])
    kw: dict[str, Any] = {}
    if "need" in item:
        kw["x"] = _need(str(item["need"]), needs, lang)
    if "top" in item:
        kw["n"] = item["top"]
    return t(f"change.{note}", lang, **kw)


def change_text(
    d: Mapping[str, Any], lang: str = "ja", needs: Mapping[str, str] | None = None
) -> str | None:
    """The value of a node's or edge's 変化 (Change) line in ``lang``: its state and date
    (「新規（2025-02-01 から）」), then its notes (「空白が解消：食料」); ``None`` when
    nothing changed. ``needs``: need id → name in ``lang``.

    >>> change_text({"change": "ended", "change_date": "2025-09-30"})
    '終了（2025-09-30 まで）'
    >>> note = {"note": "gap_closed", "need": "food"}
    >>> change_text({"change_notes": [note]}, "en", {"food": "Food"})
    'gap closed: Food'
    """
    needs = needs or {}
    parts: list[str] = []
    state = d.get("change")
    notes = list(d.get("change_notes") or [])
    if state and not any(i["note"] == "left_map" for i in notes):
        word = t(f"change.{state}", lang)
        day = d.get("change_date")
        if day:
            key = "change.until" if state == "ended" else "change.since"
            word = t(key, lang, state=word, d=str(day)[:10])
        parts.append(word)
    parts.extend(_note_text(i, lang, needs) for i in notes)
    return t("list_sep", lang).join(parts) if parts else None


def change_tag(
    d: Mapping[str, Any], lang: str = "ja", needs: Mapping[str, str] | None = None
) -> str | None:
    """The short tag a map writes under a changed node's name: its state (「新規」), or an
    area's notes (「空白が解消：食料」); ``None`` when it has none."""
    state = d.get("change")
    if state:
        left = any(i["note"] == "left_map" for i in d.get("change_notes") or [])
        return t("change.left_map" if left else f"change.{state}", lang)
    if d.get("category") == "Area" and d.get("change_notes"):
        return " / ".join(_note_text(i, lang, needs or {}) for i in d["change_notes"])
    return None


def change_title(meta: Mapping[str, Any], lang: str = "ja") -> str | None:
    """What a change map compares, for its title: 「2024-04-30 → 2026-11-30 の変化（公表用集計
    の基準日）」 or 「計画案 plan.xlsx（2026-11-30）」."""
    mode = meta.get("mode")
    if mode == "compare":
        return t("change_title", lang, a=meta["from"], b=meta["to"])
    if mode == "scenario":
        return t("scenario_title", lang, name=meta["scenario"], d=meta["at"])
    return None
