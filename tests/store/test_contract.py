"""The store contract: both stores, given the same batches, hold and export the same graph.

Runs on the embedded store and on the real Neo4j server (``store`` fixture, see
tests/conftest.py). Expectations are written from DATA_MODEL.md's re-import semantics, never
from either implementation, and compared as sets of tuples.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import networkx as nx
import pytest

from netmap.model.batch import GraphBatch, NodeRecord, RelRecord
from netmap.model.schema import NODE_LABELS, REL_TYPES
from netmap.store.base import GraphStore

Frozen = tuple[tuple[str, str, Any], ...]
NodeSet = set[tuple[str, Frozen]]
EdgeSet = set[tuple[str, str, str, Frozen]]


def _freeze(attrs: dict[str, Any]) -> Frozen:
    """Attributes as a hashable, type-aware tuple (1 and 1.0 differ; lists keep order)."""
    return tuple(
        sorted(
            (k, type(v).__name__, tuple(v) if isinstance(v, list) else v) for k, v in attrs.items()
        )
    )


def graph_sets(G: nx.MultiDiGraph) -> tuple[NodeSet, EdgeSet]:
    nodes = {(str(n), _freeze(d)) for n, d in G.nodes(data=True)}
    edges = {(str(s), str(t), str(k), _freeze(d)) for s, t, k, d in G.edges(keys=True, data=True)}
    return nodes, edges


def expected_sets(batch: GraphBatch) -> tuple[NodeSet, EdgeSet]:
    """What a store holding exactly ``batch`` (last row wins) must export."""
    nodes: dict[str, dict[str, Any]] = {}
    for n in batch.nodes:
        nodes[n.id] = {"label": n.label, **{k: v for k, v in n.props.items() if k != "id"}}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in batch.rels:
        c = r.canonical()
        edges[(c.source, c.target, c.key)] = {"type": c.type, **c.props}
    return (
        {(i, _freeze(a)) for i, a in nodes.items()},
        {(s, t, k, _freeze(a)) for (s, t, k), a in edges.items()},
    )


def node(label: str, node_id: str, **props: Any) -> NodeRecord:
    return NodeRecord(label, node_id, {"id": node_id, **props})


def rel(rel_type: str, source: str, target: str, **props: Any) -> RelRecord:
    return RelRecord(rel_type, source, target, props)


def sample_batch() -> GraphBatch:
    """A small graph with every label and relationship type (Yokohama-like)."""
    nodes = [
        node("Area", "c-yokohama", name="横浜市", level="city", population=3770000),
        node("Area", "w-naka", name="中区", level="ward", population=151000),
        node("Area", "w-minami", name="南区", level="ward"),
        node("Area", "d-honmoku", name="本牧地区", level="district", population=21000),
        node("Area", "d-yamate", name="山手地区", level="district"),
        node("Area", "d-minami1", name="南第一地区", level="district"),
        node("Need", "food", name_ja="食", name_en="Food"),
        node("Need", "isolation", name_ja="孤立・社会参加", name_en="Isolation"),
        node("Need", "learning", name_ja="学習", name_en="Learning"),
        node("Need", "employment", name_ja="就労", name_en="Employment"),
        node(
            "Organisation",
            "o-office",
            name="中区生活支援課",
            kind="welfare_office",
            sectors=["行政", "福祉"],
            source="区役所",
            verified_on="2024-03-31",
        ),
        node(
            "Organisation",
            "o-plaza",
            name="本牧地域ケアプラザ",
            kind="community_care_plaza",
            sectors=["高齢"],
            rating=4.5,
        ),
        node(
            "Organisation",
            "o-npo",
            name="NPO法人こども未来",
            kind="npo",
            sectors=["子ども"],
            bilingual=True,
        ),
        node("Organisation", "o-school", name="南小学校", kind="school", sectors=[]),
        node("Network", "n-care", name="地域ケア会議", kind="field"),
        node("Network", "n-kids", name="子育て支援ネットワーク", kind="theme"),
        node(
            "Activity",
            "a-salon",
            name="本牧ふれあいサロン",
            kind="salon",
            target_groups=["elderly"],
            capacity=20,
        ),
        node(
            "Activity",
            "a-kitchen",
            name="山手こども食堂",
            kind="food_support",
            target_groups=["children", "families"],
            capacity=30,
            valid_from="2022-01-01",
        ),
        node("Resident", "r-7f3a", age_band="70s"),
        node("Resident", "r-91bc"),
        node("Referral", "ref-1", date="2024-01-10", status="accepted"),
        node("Referral", "ref-2", date="2024-02-01", status="open"),
    ]
    rels = [
        rel("PART_OF", "w-naka", "c-yokohama"),
        rel("PART_OF", "w-minami", "c-yokohama"),
        rel("PART_OF", "d-honmoku", "w-naka"),
        rel("PART_OF", "d-yamate", "w-naka"),
        rel("PART_OF", "d-minami1", "w-minami"),
        rel("LOCATED_IN", "o-office", "w-naka"),
        rel("LOCATED_IN", "o-plaza", "d-honmoku"),
        rel("LOCATED_IN", "o-npo", "d-yamate"),
        rel("LOCATED_IN", "o-school", "d-minami1"),
        rel("PROVIDES", "o-office", "employment"),
        rel("PROVIDES", "o-plaza", "isolation"),
        rel("MEMBER_OF", "o-plaza", "n-care", role="chair"),
        rel("MEMBER_OF", "o-office", "n-care", role="member"),
        rel("MEMBER_OF", "o-npo", "n-kids", role="secretariat", valid_from="2020-04-01"),
        rel("PARTNERS_WITH", "o-plaza", "o-npo", kind="referral", since="2021-04-01"),
        rel("PARTNERS_WITH", "o-school", "o-npo", kind="learning"),
        rel("RUNS", "o-plaza", "a-salon"),
        rel("RUNS", "o-npo", "a-kitchen"),
        rel("HELD_IN", "a-salon", "d-honmoku"),
        rel("HELD_IN", "a-kitchen", "d-yamate"),
        rel("ADDRESSES", "a-salon", "isolation"),
        rel("ADDRESSES", "a-kitchen", "food"),
        rel("ADDRESSES", "a-kitchen", "isolation"),
        rel("COVERS", "n-care", "w-naka"),
        rel("LIVES_IN", "r-7f3a", "d-honmoku"),
        rel("LIVES_IN", "r-91bc", "d-yamate"),
        rel("HAS_NEED", "r-7f3a", "food"),
        rel("HAS_NEED", "r-7f3a", "isolation"),
        rel("HAS_NEED", "r-91bc", "learning"),
        rel("PARTICIPATES_IN", "r-7f3a", "a-salon", since="2023-05-01"),
        rel("FROM", "ref-1", "o-office"),
        rel("TO", "ref-1", "o-plaza"),
        rel("ABOUT", "ref-1", "isolation"),
        rel("CONCERNS", "ref-1", "r-7f3a"),
        rel("FROM", "ref-2", "o-plaza"),
        rel("TO", "ref-2", "a-kitchen"),
        rel("ABOUT", "ref-2", "food"),
    ]
    return GraphBatch(nodes=nodes, rels=rels)


def sub_batch(batch: GraphBatch, ids: set[str]) -> GraphBatch:
    """The rows of ``batch`` for the given node ids and the relationships among them."""
    return GraphBatch(
        nodes=[n for n in batch.nodes if n.id in ids],
        rels=[r for r in batch.rels if r.source in ids and r.target in ids],
    )


def expected_counts(batch: GraphBatch) -> tuple[dict[str, int], dict[str, int]]:
    nodes_, edges = expected_sets(batch)
    labels = dict.fromkeys(NODE_LABELS, 0)
    for _, attrs in nodes_:
        labels[dict((k, v) for k, _, v in attrs)["label"]] += 1
    types = dict.fromkeys(REL_TYPES, 0)
    for _, _, _, attrs in edges:
        types[dict((k, v) for k, _, v in attrs)["type"]] += 1
    return labels, types


def assert_holds(store: GraphStore, batch: GraphBatch) -> None:
    """The store holds exactly ``batch``: counts and exported graph."""
    labels, types = expected_counts(batch)
    counts = store.counts()
    assert counts.nodes == labels
    assert counts.relationships == types
    assert graph_sets(store.export_graph()) == expected_sets(batch)


def edges_of(store: GraphStore, rel_type: str) -> set[tuple[str, str, Frozen]]:
    G = store.export_graph()
    return {
        (str(s), str(t), _freeze({k: v for k, v in d.items() if k != "type"}))
        for s, t, d in G.edges(data=True)
        if d["type"] == rel_type
    }


# -- the contract ------------------------------------------------------------------------


def test_empty_store(store: GraphStore) -> None:
    counts = store.counts()
    assert set(counts.nodes) == set(NODE_LABELS)
    assert set(counts.relationships) == set(REL_TYPES)
    assert sum(counts.nodes.values()) == sum(counts.relationships.values()) == 0
    assert store.export_graph().number_of_nodes() == 0
    assert store.existing_ids(["w-naka"]) == {}
    store.ping()


def test_upsert_stores_exactly_the_batch(store: GraphStore) -> None:
    batch = sample_batch()
    summary = store.upsert(batch)
    assert summary.nodes_written == len(batch.nodes)
    assert summary.relationships_written == len(batch.rels)
    assert_holds(store, batch)
    G = store.export_graph()
    # property types survive: lists of strings, ints, floats, bools, ISO date strings
    assert G.nodes["o-office"]["sectors"] == ["行政", "福祉"]
    assert G.nodes["o-school"]["sectors"] == []
    assert G.nodes["c-yokohama"]["population"] == 3770000
    assert G.nodes["o-plaza"]["rating"] == 4.5
    assert G.nodes["o-npo"]["bilingual"] is True
    assert G.nodes["a-kitchen"]["valid_from"] == "2022-01-01"
    assert "age_band" not in G.nodes["r-91bc"]


def test_progress_reaches_the_total(store: GraphStore) -> None:
    batch = sample_batch()
    calls: list[tuple[int, int]] = []
    store.upsert(batch, progress=lambda done, total: calls.append((done, total)))
    assert calls
    assert calls[-1] == (len(batch), len(batch))
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_upsert_twice_is_upsert_once(store: GraphStore) -> None:
    batch = sample_batch()
    store.upsert(batch)
    once = graph_sets(store.export_graph())
    store.upsert(sample_batch())
    assert graph_sets(store.export_graph()) == once
    assert_holds(store, batch)


def test_node_properties_are_replaced_by_the_row(store: GraphStore) -> None:
    store.upsert(sample_batch())
    store.upsert(GraphBatch(nodes=[node("Area", "d-honmoku", name="本牧", level="district")]))
    G = store.export_graph()
    assert dict(G.nodes["d-honmoku"]) == {"label": "Area", "name": "本牧", "level": "district"}
    # a node row alone also replaces what it owns: its PART_OF is gone, children stay
    assert ("d-honmoku", "w-naka") not in {(s, t) for s, t, _ in edges_of(store, "PART_OF")}
    assert store.counts().nodes["Area"] == 6


def test_reimported_row_replaces_the_relationships_it_owns(store: GraphStore) -> None:
    store.upsert(sample_batch())
    moved = GraphBatch(
        nodes=[
            node("Organisation", "o-npo", name="NPO法人こども未来", kind="npo", sectors=["子ども"]),
            node("Activity", "a-kitchen", name="山手こども食堂", kind="food_support", capacity=40),
        ],
        rels=[
            rel("LOCATED_IN", "o-npo", "d-minami1"),  # moved from d-yamate
            rel("PROVIDES", "o-npo", "learning"),
            rel("RUNS", "o-school", "a-kitchen"),  # RUNS is owned by the activity (target)
            rel("HELD_IN", "a-kitchen", "d-yamate"),
            rel("ADDRESSES", "a-kitchen", "food"),  # isolation dropped
        ],
    )
    store.upsert(moved)
    located = {(s, t) for s, t, _ in edges_of(store, "LOCATED_IN")}
    assert ("o-npo", "d-minami1") in located
    assert ("o-npo", "d-yamate") not in located
    assert {(s, t) for s, t, _ in edges_of(store, "PROVIDES")} == {
        ("o-office", "employment"),
        ("o-plaza", "isolation"),
        ("o-npo", "learning"),
    }
    assert {(s, t) for s, t, _ in edges_of(store, "RUNS")} == {
        ("o-plaza", "a-salon"),
        ("o-school", "a-kitchen"),
    }
    assert {(s, t) for s, t, _ in edges_of(store, "ADDRESSES")} == {
        ("a-salon", "isolation"),
        ("a-kitchen", "food"),
    }
    # relationships the rows do not own are untouched
    assert ("o-npo", "n-kids") in {(s, t) for s, t, _ in edges_of(store, "MEMBER_OF")}
    assert ("ref-2", "a-kitchen") in {(s, t) for s, t, _ in edges_of(store, "TO")}
    assert ("r-7f3a", "a-salon") in {(s, t) for s, t, _ in edges_of(store, "PARTICIPATES_IN")}
    assert store.export_graph().nodes["a-kitchen"]["capacity"] == 40


def test_pair_relationship_reimport_updates_its_properties(store: GraphStore) -> None:
    store.upsert(sample_batch())
    store.upsert(
        GraphBatch(
            rels=[
                rel("MEMBER_OF", "o-office", "n-care", role="secretariat"),
                rel("PARTICIPATES_IN", "r-7f3a", "a-salon", since="2024-01-01"),
            ],
            pair_rel_types={"MEMBER_OF", "PARTICIPATES_IN"},
        )
    )
    assert edges_of(store, "MEMBER_OF") == {
        ("o-plaza", "n-care", _freeze({"role": "chair"})),
        ("o-office", "n-care", _freeze({"role": "secretariat"})),
        ("o-npo", "n-kids", _freeze({"role": "secretariat", "valid_from": "2020-04-01"})),
    }
    assert edges_of(store, "PARTICIPATES_IN") == {
        ("r-7f3a", "a-salon", _freeze({"since": "2024-01-01"}))
    }
    assert store.counts().relationships["MEMBER_OF"] == 3


def test_partnership_is_one_per_unordered_pair_and_kind(store: GraphStore) -> None:
    store.upsert(sample_batch())
    store.upsert(
        GraphBatch(
            rels=[
                # the reverse direction of an existing partnership, same kind: an update
                rel("PARTNERS_WITH", "o-npo", "o-plaza", kind="referral", since="2022-10-01"),
                # both directions in one batch, same kind: one partnership
                rel("PARTNERS_WITH", "o-office", "o-school", kind="learning"),
                rel("PARTNERS_WITH", "o-school", "o-office", kind="learning"),
                # same pair, another kind: a second partnership
                rel("PARTNERS_WITH", "o-plaza", "o-npo", kind="food"),
            ]
        )
    )
    assert edges_of(store, "PARTNERS_WITH") == {
        ("o-npo", "o-plaza", _freeze({"kind": "referral", "since": "2022-10-01"})),
        ("o-npo", "o-plaza", _freeze({"kind": "food"})),
        ("o-npo", "o-school", _freeze({"kind": "learning"})),
        ("o-office", "o-school", _freeze({"kind": "learning"})),
    }
    assert store.counts().relationships["PARTNERS_WITH"] == 4


def test_partnership_without_kind_is_keyed_by_the_pair(store: GraphStore) -> None:
    store.upsert(sample_batch())
    store.upsert(GraphBatch(rels=[rel("PARTNERS_WITH", "o-school", "o-office")]))
    store.upsert(GraphBatch(rels=[rel("PARTNERS_WITH", "o-office", "o-school", since="2023")]))
    kindless = {e for e in edges_of(store, "PARTNERS_WITH") if e[:2] == ("o-office", "o-school")}
    assert kindless == {("o-office", "o-school", _freeze({"since": "2023"}))}


def test_sync_removes_what_the_files_no_longer_contain(store: GraphStore) -> None:
    full = sample_batch()
    store.upsert(full)
    # new organisations and memberships files: o-school and one membership are gone
    orgs = [n for n in full.nodes if n.label == "Organisation" and n.id != "o-school"]
    org_rels = [
        r for r in full.rels if r.type in {"LOCATED_IN", "PROVIDES"} and r.source != "o-school"
    ]
    memberships = [r for r in full.rels if r.type == "MEMBER_OF" and r.source != "o-office"]
    summary = store.upsert(
        GraphBatch(nodes=orgs, rels=org_rels + memberships, pair_rel_types={"MEMBER_OF"}),
        sync=True,
    )
    assert summary.nodes_removed == 1
    assert store.existing_ids(["o-school", "o-npo"]) == {"o-npo": "Organisation"}
    # o-school's relationships went with it (LOCATED_IN and its partnership)
    assert {(s, t) for s, t, _ in edges_of(store, "PARTNERS_WITH")} == {("o-npo", "o-plaza")}
    assert {(s, t) for s, t, _ in edges_of(store, "MEMBER_OF")} == {
        ("o-plaza", "n-care"),
        ("o-npo", "n-kids"),
    }
    # other labels and pair types were not imported, so they are untouched
    counts = store.counts()
    assert counts.nodes["Activity"] == 2
    assert counts.nodes["Area"] == 6
    assert counts.relationships["PARTICIPATES_IN"] == 1
    # and without sync nothing is removed
    store.upsert(GraphBatch(nodes=orgs[:1]))
    assert store.counts().nodes["Organisation"] == 3


def test_sync_of_an_empty_file_removes_every_record_of_its_label(store: GraphStore) -> None:
    store.upsert(sample_batch())
    store.upsert(GraphBatch(file_labels={"Referral"}, pair_rel_types={"PARTNERS_WITH"}), sync=True)
    counts = store.counts()
    assert counts.nodes["Referral"] == 0
    assert counts.relationships["FROM"] == counts.relationships["TO"] == 0
    assert counts.relationships["PARTNERS_WITH"] == 0
    assert counts.nodes["Organisation"] == 4


def test_sync_again_changes_nothing(store: GraphStore) -> None:
    batch = sample_batch()
    batch.pair_rel_types = {"MEMBER_OF", "PARTNERS_WITH", "PARTICIPATES_IN"}
    store.upsert(batch, sync=True)
    summary = store.upsert(batch, sync=True)
    assert (summary.nodes_removed, summary.relationships_removed) == (0, 0)
    assert_holds(store, batch)


def test_wipe_empties_the_store(store: GraphStore) -> None:
    store.upsert(sample_batch())
    before = store.data_version()
    store.wipe()
    counts = store.counts()
    assert sum(counts.nodes.values()) == sum(counts.relationships.values()) == 0
    assert store.export_graph().number_of_nodes() == 0
    assert store.data_version() != before
    # and the store still works after a wipe
    store.upsert(sample_batch())
    assert_holds(store, sample_batch())


def test_existing_ids_maps_present_ids_to_labels(store: GraphStore) -> None:
    store.upsert(sample_batch())
    asked = ["w-naka", "o-plaza", "a-salon", "r-7f3a", "ref-2", "food", "n-kids", "nope"]
    asked += [f"missing-{i}" for i in range(12000)]  # more than one query's worth
    assert store.existing_ids(asked) == {
        "w-naka": "Area",
        "o-plaza": "Organisation",
        "a-salon": "Activity",
        "r-7f3a": "Resident",
        "ref-2": "Referral",
        "food": "Need",
        "n-kids": "Network",
    }
    assert store.existing_ids([]) == {}


def test_data_version_changes_on_every_write_only(store: GraphStore) -> None:
    v0 = store.data_version()
    store.upsert(sample_batch())
    v1 = store.data_version()
    assert v1 != v0
    store.counts()
    store.export_graph()
    assert store.data_version() == v1
    store.upsert(sample_batch())  # even an identical re-import counts as a write
    assert store.data_version() != v1


def test_export_subgraph_of_a_ward(store: GraphStore) -> None:
    store.upsert(sample_batch())
    sub = store.export_subgraph("w-naka")
    assert set(sub.nodes) == {
        "w-naka",
        "d-honmoku",
        "d-yamate",
        "o-office",
        "o-plaza",
        "o-npo",
        "a-salon",
        "a-kitchen",
        "r-7f3a",
        "r-91bc",
        "n-care",
        "n-kids",
        "ref-1",
        "ref-2",
        "food",
        "isolation",
        "learning",
        "employment",
    }
    whole = graph_sets(store.export_graph())
    nodes, edges = graph_sets(sub)
    assert nodes <= whole[0]
    assert edges <= whole[1]
    assert ("d-honmoku", "w-naka", "PART_OF") in {(s, t, k) for s, t, k, _ in edges}
    # an unknown area keeps only the need vocabulary (model.graph.subgraph_for_area)
    assert set(store.export_subgraph("nowhere").nodes) == {
        "food",
        "isolation",
        "learning",
        "employment",
    }


def test_repeated_rows_last_one_wins(store: GraphStore) -> None:
    batch = sample_batch()
    batch.nodes.append(replace(batch.nodes[1], props={"id": "w-naka", "name": "中区(新)"}))
    batch.rels.append(rel("MEMBER_OF", "o-plaza", "n-care", role="member"))
    store.upsert(batch)
    assert_holds(store, batch)
    G = store.export_graph()
    assert G.nodes["w-naka"]["name"] == "中区(新)"
    assert store.counts().relationships["MEMBER_OF"] == 3


@pytest.mark.neo4j
def test_both_stores_export_identical_graphs(
    embedded_store: GraphStore, neo4j_store: GraphStore
) -> None:
    for s in (embedded_store, neo4j_store):
        s.upsert(sample_batch())
        s.upsert(
            GraphBatch(
                nodes=[node("Organisation", "o-npo", name="NPO", kind="npo", sectors=["a", "b"])],
                rels=[
                    rel("LOCATED_IN", "o-npo", "d-minami1"),
                    rel("PARTNERS_WITH", "o-npo", "o-office", kind="x", since="2020-01-01"),
                ],
            )
        )
    a, b = embedded_store.export_graph(), neo4j_store.export_graph()
    assert graph_sets(a) == graph_sets(b)
    assert list(a.nodes) == list(b.nodes)
    assert list(a.edges(keys=True)) == list(b.edges(keys=True))
    assert embedded_store.counts() == neo4j_store.counts()
    assert graph_sets(embedded_store.export_subgraph("w-naka")) == graph_sets(
        neo4j_store.export_subgraph("w-naka")
    )


# -- what a write changes, per kind (both stores count alike) ----------------------------


def changes(summary: Any) -> dict[str, tuple[int, int, int, int]]:
    """``{label or type: (added, updated, removed, unchanged)}`` of a write summary."""
    return {
        k: (c.added, c.updated, c.removed, c.unchanged)
        for k, c in summary.changes.items()
        if c.added or c.updated or c.removed or c.unchanged
    }


SAMPLE_KINDS = {
    "Area": 6,
    "Need": 4,
    "Organisation": 4,
    "Network": 2,
    "Activity": 2,
    "Resident": 2,
    "Referral": 2,
    "MEMBER_OF": 3,
    "PARTNERS_WITH": 2,
    "PARTICIPATES_IN": 1,
}


def test_upsert_reports_added_then_unchanged(store: GraphStore) -> None:
    first = store.upsert(sample_batch())
    assert changes(first) == {k: (n, 0, 0, 0) for k, n in SAMPLE_KINDS.items()}
    again = store.upsert(sample_batch())
    assert changes(again) == {k: (0, 0, 0, n) for k, n in SAMPLE_KINDS.items()}
    assert again.nodes_written == first.nodes_written  # still written (idempotent)


def test_upsert_reports_updates_of_properties_and_owned_relationships(store: GraphStore) -> None:
    store.upsert(sample_batch())
    batch = sample_batch()
    nodes = {n.id: n for n in batch.nodes}
    batch.nodes = [
        replace(nodes["d-honmoku"], props={**nodes["d-honmoku"].props, "population": 22000}),
        nodes["o-npo"],  # same properties, but moved to another district: an update
        nodes["o-school"],  # same properties and relationships: unchanged
        node("Area", "d-new", name="新しい地区", level="district"),
    ]
    batch.rels = [
        rel("PART_OF", "d-honmoku", "w-naka"),
        rel("PART_OF", "d-new", "w-naka"),
        rel("LOCATED_IN", "o-npo", "d-minami1"),
        rel("LOCATED_IN", "o-school", "d-minami1"),
        rel("MEMBER_OF", "o-plaza", "n-care", role="member"),  # was chair
        rel("MEMBER_OF", "o-office", "n-care", role="member"),  # as stored
        rel("MEMBER_OF", "o-school", "n-kids"),  # new
    ]
    summary = store.upsert(batch)
    assert changes(summary) == {
        "Area": (1, 1, 0, 0),
        "Organisation": (0, 1, 0, 1),
        "MEMBER_OF": (1, 1, 0, 1),
    }


def test_sync_reports_what_it_removes(store: GraphStore) -> None:
    full = sample_batch()
    store.upsert(full)
    orgs = [n for n in full.nodes if n.label == "Organisation" and n.id != "o-school"]
    org_rels = [
        r for r in full.rels if r.type in {"LOCATED_IN", "PROVIDES"} and r.source != "o-school"
    ]
    memberships = [r for r in full.rels if r.type == "MEMBER_OF" and r.source != "o-office"]
    batch = GraphBatch(nodes=orgs, rels=org_rels + memberships, pair_rel_types={"MEMBER_OF"})
    summary = store.upsert(batch, sync=True)
    assert changes(summary) == {"Organisation": (0, 0, 1, 3), "MEMBER_OF": (0, 0, 1, 2)}


def test_preview_tells_what_upsert_would_change_and_writes_nothing(store: GraphStore) -> None:
    store.upsert(sample_batch())
    version = store.data_version()
    before = graph_sets(store.export_graph())
    batch = sample_batch()
    batch.nodes = [n for n in batch.nodes if n.id != "ref-2"] + [
        node("Network", "n-new", name="新しい会議", kind="area")
    ]
    batch.rels = [r for r in batch.rels if r.source != "ref-2"]
    batch.pair_rel_types = {"PARTNERS_WITH"}
    preview = store.preview(batch, sync=True)
    assert (preview.nodes_written, preview.relationships_written) == (0, 0)
    assert store.data_version() == version
    assert graph_sets(store.export_graph()) == before
    assert changes(preview)["Referral"] == (0, 0, 1, 1)
    assert changes(preview)["Network"] == (1, 0, 0, 2)
    assert changes(store.upsert(batch, sync=True)) == changes(preview)


def test_verified_on_reads_the_check_dates_of_organisations_and_activities(
    store: GraphStore,
) -> None:
    batch = sample_batch()
    store.upsert(batch)
    store.upsert(
        GraphBatch(
            nodes=[
                node(
                    "Organisation", "o-npo", name="NPO", verified_on="2026-10-01", source="本人確認"
                ),
                node("Activity", "a-salon", name="サロン", verified_on="2025-04-01"),
            ]
        )
    )
    found = store.verified_on(["o-npo", "a-salon", "o-school", "missing", "n-care"])
    assert found == {"o-npo": ("2026-10-01", "本人確認"), "a-salon": ("2025-04-01", None)}
    assert store.verified_on([]) == {}
