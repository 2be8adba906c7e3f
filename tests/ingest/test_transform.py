"""Rows → GraphBatch: typed properties, relationships per DATA_MODEL.md, pseudonyms."""

from __future__ import annotations

from netmap.ingest.sources import read_tables
from netmap.ingest.transform import transform
from netmap.ingest.validate import validate_tables
from netmap.model.batch import GraphBatch
from netmap.model.schema import Label, Rel
from netmap.model.vocab import NEEDS
from netmap.privacy import pseudonymise

from .conftest import SAMPLE, TEST_KEY

KEY = TEST_KEY.encode()


def _batch() -> GraphBatch:
    v = validate_tables(read_tables(SAMPLE), key=KEY)
    assert v.problems == []
    return transform(v)


def _rels(batch: GraphBatch, rel_type: str) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in batch.rels if r.type == rel_type}


def _r(raw: str) -> str:
    return pseudonymise(raw, KEY)


def test_nodes_and_typed_properties() -> None:
    batch = _batch()
    nodes = {n.id: n for n in batch.nodes}
    assert nodes["kohoku"].props == {
        "id": "kohoku",
        "name": "港北区",
        "level": "ward",
        "population": 360000,
        "source": "統計書",
        "verified_on": "2024-04-01",
    }
    assert nodes["kohoku-nippa"].props == {
        "id": "kohoku-nippa",
        "name": "新羽地区",
        "level": "district",
        "population": 31000,
    }
    welfare = nodes["org-kohoku-welfare"]
    assert (welfare.label, welfare.props["sectors"], welfare.props["website"]) == (
        Label.ORGANISATION,
        ["行政", "福祉"],
        "https://example.org/kohoku",
    )
    assert "area_id" not in welfare.props and "provides" not in welfare.props
    assert nodes["org-old-center"].props["valid_to"] == "2023-03-31"
    assert nodes["act-shokudo-tsunashima"].props == {
        "id": "act-shokudo-tsunashima",
        "name": "つなしまこども食堂",
        "kind": "food_support",
        "target_groups": ["children", "families"],
        "capacity": 40,
        "valid_from": "2019-06-01",
    }
    assert nodes["ref-0005"].props == {
        "id": "ref-0005",
        "date": "2024-06-01",
        "status": "declined",
    }


def test_every_vocabulary_need_plus_needs_csv() -> None:
    batch = _batch()
    needs = {n.id: n.props for n in batch.nodes if n.label == Label.NEED}
    assert set(needs) == set(NEEDS) | {"transport"}
    assert needs["food"] == {"id": "food", "name_ja": "食", "name_en": "Food"}
    assert needs["transport"]["name_ja"] == "移動・外出"
    assert batch.file_labels == {
        Label.AREA,
        Label.ORGANISATION,
        Label.NETWORK,
        Label.ACTIVITY,
        Label.RESIDENT,
        Label.NEED,
        Label.REFERRAL,
    }
    assert batch.pair_rel_types == {Rel.MEMBER_OF, Rel.PARTNERS_WITH, Rel.PARTICIPATES_IN}


def test_relationships_follow_the_schema() -> None:
    batch = _batch()
    assert _rels(batch, Rel.PART_OF) == {
        ("kohoku", "yokohama"),
        ("kohoku-hiyoshi", "kohoku"),
        ("kohoku-tsunashima", "kohoku"),
        ("kohoku-nippa", "kohoku"),
        ("kohoku-hiyoshi-honcho", "kohoku-hiyoshi"),
    }
    assert ("org-jichikai-hiyoshi", "kohoku-hiyoshi-honcho") in _rels(batch, Rel.LOCATED_IN)
    assert {t for s, t in _rels(batch, Rel.PROVIDES) if s == "org-kohoku-welfare"} == {
        "employment",
        "household_finance",
        "debt",
        "housing",
    }
    assert _rels(batch, Rel.COVERS) == {
        ("net-care-meeting", "kohoku"),
        ("net-nippa-team", "kohoku-nippa"),
        ("net-bousai", "kohoku-hiyoshi"),
        ("net-bousai", "kohoku-tsunashima"),
    }
    # RUNS goes from the organisation to the activity the row describes
    assert ("org-npo-kodomo", "act-gakushu-tsunashima") in _rels(batch, Rel.RUNS)
    assert ("act-ibasho-nippa", "kohoku-nippa") in _rels(batch, Rel.HELD_IN)
    assert {t for s, t in _rels(batch, Rel.ADDRESSES) if s == "act-salon-hiyoshi"} == {
        "isolation",
        "health",
    }
    assert (_r("A-0010"), "transport") in _rels(batch, Rel.HAS_NEED)
    assert (_r("A-0013"), "kohoku") in _rels(batch, Rel.LIVES_IN)
    # a referral to an activity; CONCERNS only when a resident is named
    assert ("ref-0002", "act-shokudo-tsunashima") in _rels(batch, Rel.TO)
    assert ("ref-0002", _r("A-0004")) in _rels(batch, Rel.CONCERNS)
    assert not any(s == "ref-0005" for s, _ in _rels(batch, Rel.CONCERNS))
    assert ("ref-0005", "childcare") in _rels(batch, Rel.ABOUT)
    assert ("ref-0005", "org-school-nippa") in _rels(batch, Rel.FROM)


def test_pair_relationships_carry_their_properties() -> None:
    batch = _batch()
    member = {(r.source, r.target): r.props for r in batch.rels if r.type == Rel.MEMBER_OF}
    assert member[("org-kohoku-welfare", "net-care-meeting")] == {
        "role": "secretariat",
        "verified_on": "2024-05-10",
    }
    assert member[("org-old-center", "net-care-meeting")] == {
        "role": "member",
        "valid_from": "2015-04-01",
        "valid_to": "2023-03-31",
    }
    partners = {
        (r.source, r.target, r.key): r.props for r in batch.rels if r.type == Rel.PARTNERS_WITH
    }
    # undirected: stored with sorted endpoints
    assert partners[("org-foodbank", "org-npo-kodomo", "PARTNERS_WITH:food_supply")] == {
        "kind": "food_supply",
        "since": "2020-06-01",
    }
    part = {(r.source, r.target): r.props for r in batch.rels if r.type == Rel.PARTICIPATES_IN}
    assert part[(_r("A-0006"), "act-shokuba-taiken")] == {
        "since": "2024-03-01",
        "valid_to": "2024-03-31",
    }


def test_raw_resident_ids_never_reach_the_batch() -> None:
    batch = _batch()
    text = repr(batch)
    assert "A-00" not in text
    residents = {n.id for n in batch.nodes if n.label == Label.RESIDENT}
    assert residents == {_r(f"A-{i:04d}") for i in range(1, 16)}
