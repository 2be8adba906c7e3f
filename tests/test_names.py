"""``netmap.names``: ids and names of areas, needs, networks and organisations."""

from __future__ import annotations

import pytest

from netmap.analysis.projections import GraphIndex, check_area, check_need
from netmap.errors import AnalysisParameterError, UsageError
from netmap.model.graph import build_graph
from netmap.names import (
    AmbiguousNameError,
    UnknownNameError,
    area_index,
    need_index,
    normalise,
    resolve_area,
    resolve_need,
    resolve_network,
    resolve_organisation,
)

AREAS = [
    ("yokohama", "横浜市", "city", None),
    ("seya", "瀬谷区", "ward", "yokohama"),
    ("seya-akuwa", "阿久和地区", "district", "seya"),
    ("seya-honcho", "本町", "neighbourhood", "seya-akuwa"),
    ("naka", "中区", "ward", "yokohama"),
    ("naka-honcho", "本町", "district", "naka"),
    ("kohoku", "港北区", "ward", "yokohama"),
    ("kohoku-hiyoshi", "日吉地区", "district", "kohoku"),
    ("kohoku-hiyoshi-honcho", "日吉本町", "neighbourhood", "kohoku-hiyoshi"),
    ("Kana", "ｶﾅｶﾞﾜ", "district", "kohoku"),  # half-width kana in the data
]


@pytest.fixture(scope="module")
def G():  # type: ignore[no-untyped-def]
    nodes = [("Area", {"id": i, "name": n, "level": lv}) for i, n, lv, _ in AREAS] + [
        ("Need", {"id": "food", "name_ja": "食", "name_en": "Food"}),
        ("Need", {"id": "transport", "name_ja": "移動・外出", "name_en": "Transport"}),
        ("Network", {"id": "net-care", "name": "港北区地域ケア会議", "kind": "field"}),
        ("Network", {"id": "net-bousai", "name": "防災連絡会", "kind": "theme"}),
        ("Organisation", {"id": "org-plaza", "name": "日吉地域ケアプラザ", "kind": "x"}),
        ("Organisation", {"id": "org-npo", "name": "NPO法人つなしま", "kind": "npo"}),
    ]
    rels = [("PART_OF", i, p, {}) for i, _, _, p in AREAS if p] + [
        ("LOCATED_IN", "org-plaza", "kohoku-hiyoshi", {}),
        ("LOCATED_IN", "org-npo", "kohoku", {}),
    ]
    return build_graph(nodes, rels)


def test_normalise() -> None:
    assert normalise("  ＫＯＨＯＫＵ\u3000 ") == "kohoku"
    assert normalise("日吉　地区") == "日吉 地区"
    assert normalise("ｶﾅｶﾞﾜ") == "カナガワ"
    assert normalise("NPO法人") == normalise("ＮＰＯ法人") == "npo法人"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kohoku-hiyoshi", "kohoku-hiyoshi"),  # exact id
        ("日吉地区", "kohoku-hiyoshi"),  # exact Japanese name
        ("  日吉地区 ", "kohoku-hiyoshi"),  # whitespace trimmed
        ("KOHOKU-HIYOSHI", "kohoku-hiyoshi"),  # case-folded id
        ("ｋｏｈｏｋｕ－ｈｉｙｏｓｈｉ", "kohoku-hiyoshi"),  # full-width id
        ("阿久和地区", "seya-akuwa"),
        ("カナガワ", "Kana"),  # full-width kana against half-width in the data
        ("kana", "Kana"),
        ("Kana", "Kana"),
    ],
)
def test_resolves_areas(G, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert resolve_area(G, text) == expected


def test_index_and_tree_sources_agree(G) -> None:  # type: ignore[no-untyped-def]
    """The graph, its GraphIndex and an area tree (the API's) give the same answers."""

    class Tree:
        def __init__(self) -> None:
            self.names = {i: n for i, n, _, _ in AREAS}
            self.parents = {i: p for i, _, _, p in AREAS}
            self.levels = {i: lv for i, _, lv, _ in AREAS}

    for source in (G, GraphIndex.build(G), Tree()):
        assert resolve_area(source, "日吉地区") == "kohoku-hiyoshi"
        with pytest.raises(AmbiguousNameError):
            resolve_area(source, "本町")


def test_an_ambiguous_name_lists_the_candidates(G) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AmbiguousNameError) as info:
        resolve_area(G, "本町")
    err = info.value
    assert isinstance(err, UsageError) and isinstance(err, AnalysisParameterError)
    assert [c.id for c in err.candidates] == ["naka-honcho", "seya-honcho"]
    assert err.message.startswith("地区「本町」は2件あります（IDで指定してください） / ")
    # id and name, with the level and parent that tell them apart
    assert "本町 (naka-honcho, 地区, 中区)" in err.message
    assert "本町 (seya-honcho, 町内, 阿久和地区)" in err.message
    assert err.details["candidates"] == [
        {"id": "naka-honcho", "name": "本町"},
        {"id": "seya-honcho", "name": "本町"},
    ]
    # the id is never ambiguous
    assert resolve_area(G, "naka-honcho") == "naka-honcho"


def test_an_unknown_name_suggests(G) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownNameError) as info:
        resolve_area(G, "阿久和")
    assert info.value.message == (
        "地区「阿久和」が見つかりません / unknown area '阿久和' — 候補 / did you mean: "
        "阿久和地区 (seya-akuwa)"
    )
    assert info.value.details == {
        "area": "阿久和",
        "suggestions": [{"id": "seya-akuwa", "name": "阿久和地区"}],
    }
    # a typo in an id, also full-width and in capitals
    for typo in ("kohoku-hiyosi", "ＫＯＨＯＫＵ－ＨＩＹＯＳＩ"):
        with pytest.raises(UnknownNameError) as info:
            resolve_area(G, typo)
        assert info.value.suggestions[0].id == "kohoku-hiyoshi"
    # nothing close: no suggestion, still Japanese first
    with pytest.raises(UnknownNameError) as info:
        resolve_area(G, "atlantis")
    assert info.value.message == "地区「atlantis」が見つかりません / unknown area 'atlantis'"
    assert info.value.suggestions == []


def test_within_limits_matches_and_suggestions(G) -> None:  # type: ignore[no-untyped-def]
    """A scope (an API token's) never names an area outside it."""
    scope = {"kohoku-hiyoshi", "kohoku-hiyoshi-honcho"}
    assert resolve_area(G, "日吉地区", within=scope) == "kohoku-hiyoshi"
    for outside in ("阿久和地区", "seya-akuwa", "阿久和"):
        with pytest.raises(UnknownNameError) as info:
            resolve_area(G, outside, within=scope)
        assert all(s.id in scope for s in info.value.suggestions)
        named = info.value.message.partition("did you mean")[2]
        assert "seya" not in named and "阿久和" not in named
    # a name shared with an area outside the scope is not ambiguous inside it
    assert resolve_area(G, "本町", within={"naka", "naka-honcho"}) == "naka-honcho"
    with pytest.raises(UnknownNameError) as info:
        resolve_area(G, "日吉", within=scope)
    assert {s.id for s in info.value.suggestions} == scope


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("food", "food"),
        ("食", "food"),
        ("Food", "food"),
        ("ＦＯＯＤ", "food"),
        ("household_finance", "household_finance"),  # vocabulary need, no node
        ("家計", "household_finance"),
        ("household finance", "household_finance"),
        ("移動・外出", "transport"),  # added by needs.csv
        ("transport", "transport"),
        ("孤立・社会参加", "isolation"),
    ],
)
def test_resolves_needs(G, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert resolve_need(G, text) == expected


def test_needs_without_a_graph_and_unknown_needs(G) -> None:  # type: ignore[no-untyped-def]
    assert resolve_need(None, "子育て") == "childcare"
    with pytest.raises(UnknownNameError, match="unknown need 'transport'"):
        resolve_need(None, "transport")  # only the graph adds it
    with pytest.raises(UnknownNameError) as info:
        resolve_need(G, "食べ物")
    assert info.value.message.startswith("ニーズ「食べ物」が見つかりません / unknown need")
    assert [s.id for s in info.value.suggestions][:1] == ["food"]
    # the graph's label wins over the vocabulary's
    assert need_index(G).entries["food"].name == "食"


def test_networks_and_organisations(G) -> None:  # type: ignore[no-untyped-def]
    assert resolve_network(G, "港北区地域ケア会議") == "net-care"
    assert resolve_network(G, "net-bousai") == "net-bousai"
    with pytest.raises(UnknownNameError, match=r"ネットワーク「ケア会議」.*net-care"):
        resolve_network(G, "ケア会議")
    assert resolve_organisation(G, "ＮＰＯ法人つなしま") == "org-npo"
    assert resolve_organisation(G, "日吉地域ケアプラザ", within={"org-plaza"}) == "org-plaza"
    with pytest.raises(UnknownNameError, match="団体「つなしま」") as info:
        resolve_organisation(G, "つなしま", within={"org-plaza"})
    assert info.value.suggestions == []


def test_the_analyses_report_unknown_ids_the_same_way(G) -> None:  # type: ignore[no-untyped-def]
    """check_area / check_need still take ids only, and say what was meant."""
    assert check_area(G, "kohoku-hiyoshi") == "kohoku-hiyoshi"
    with pytest.raises(AnalysisParameterError, match="unknown area '日吉'") as info:
        check_area(G, "日吉")
    assert "日吉地区 (kohoku-hiyoshi)" in info.value.message
    with pytest.raises(AnalysisParameterError, match="unknown need 'fod'") as info:
        check_need(G, "fod")
    assert "食 (food)" in info.value.message


def test_area_index_size(G) -> None:  # type: ignore[no-untyped-def]
    idx = area_index(G)
    assert len(idx) == len(AREAS)
    assert "kohoku" in idx and "food" not in idx
