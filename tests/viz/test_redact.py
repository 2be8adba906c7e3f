"""The one redaction step: no residents, small counts suppressed (with secondary
suppression), derived figures suppressed with them."""

from __future__ import annotations

import networkx as nx
import pytest

from netmap.viz.redact import RedactionError, redact_view, require_redacted
from netmap.viz.view import build_view

from .conftest import AS_OF


def _areas() -> nx.MultiDiGraph:
    """A ward shown with its three districts (12, 25, 3 residents with needs) and 2 living
    in the ward itself."""
    V = nx.MultiDiGraph()
    V.add_node("w", category="Area", counts={"residents_with_needs": 42})
    for d, n in (("d1", 12), ("d2", 25), ("d3", 3)):
        V.add_node(d, category="Area", parent_area="w", counts={"residents_with_needs": n})
    return V


def test_small_counts_become_null_and_text() -> None:
    R = redact_view(_areas(), threshold=10)
    d3 = R.nodes["d3"]
    assert d3["counts"] == {"residents_with_needs": None}
    assert d3["counts_text"] == {"residents_with_needs": "<10"}
    assert d3["suppressed"] == ["residents_with_needs"]
    assert R.graph["redacted"] is True and require_redacted(R) == 10


def test_secondary_suppression_hides_the_next_smallest_part() -> None:
    """42 shown with d1=12, d2=25 and the ward's own 2 hidden would give d3 by
    subtraction only if d3 were the single hidden part; here the ward's own 2 is hidden
    too, so nothing more is needed. Make the ward's own count 0: then d1 must go."""
    V = _areas()
    V.nodes["w"]["counts"] = {"residents_with_needs": 40}
    R = redact_view(V, threshold=10)
    shown = {n: R.nodes[n]["counts"]["residents_with_needs"] for n in R}
    assert shown == {"w": 40, "d1": None, "d2": 25, "d3": None}
    V.nodes["w"]["counts"] = {"residents_with_needs": 42}
    R = redact_view(V, threshold=10)
    assert {n: R.nodes[n]["counts"]["residents_with_needs"] for n in R} == {
        "w": 42,
        "d1": 12,
        "d2": 25,
        "d3": None,
    }


def test_gap_demand_and_ratio_are_suppressed_together() -> None:
    V = nx.MultiDiGraph()
    gaps = [
        {"need": "food", "need_label": "食", "demand": 4, "supply": 1, "ratio": 4.0, "kind": "x"},
        {
            "need": "debt",
            "need_label": "債務",
            "demand": 30,
            "supply": 2,
            "ratio": 15.0,
            "kind": "x",
        },
    ]
    V.add_node("d", category="Area", gaps=gaps)
    g = redact_view(V, threshold=10).nodes["d"]["gaps"]
    assert (g[0]["demand"], g[0]["ratio"], g[0]["demand_text"]) == (None, None, "<10")
    assert sorted(g[0]["suppressed"]) == ["demand", "ratio"]
    assert (g[1]["demand"], g[1]["ratio"], g[1]["demand_text"]) == (30, 15.0, "30")


def test_referral_counts_are_suppressed() -> None:
    V = nx.MultiDiGraph()
    V.add_node("a", category="Organisation")
    V.add_node("b", category="Organisation")
    V.add_edge("a", "b", type="referral", count=3, statuses={"open": 2, "accepted": 1})
    V.add_edge("b", "a", type="referral", count=14, statuses={"open": 12, "closed": 2})
    R = redact_view(V, threshold=10)
    e1, e2 = R.edges["a", "b", 0], R.edges["b", "a", 0]
    assert (e1["count"], e1["count_text"], e1["statuses"]) == (
        None,
        "<10",
        {"open": None, "accepted": None},
    )
    assert (e2["count"], e2["statuses"]) == (14, {"open": 12, "closed": None})


def test_residents_and_pseudonyms_are_refused() -> None:
    V = nx.MultiDiGraph()
    V.add_node("R-" + "ab" * 12, category="Resident")
    with pytest.raises(RedactionError):
        redact_view(V, threshold=10)
    V = nx.MultiDiGraph()
    V.add_node("o", category="Organisation", note="contact R-" + "0f" * 12)
    with pytest.raises(RedactionError):
        redact_view(V, threshold=10)
    with pytest.raises(RedactionError):
        require_redacted(nx.MultiDiGraph())


def test_real_views_have_no_exact_small_resident_counts(
    city: tuple[nx.MultiDiGraph, list[str]],
) -> None:
    G, _ = city
    for area in (None, "w00", "w00d00"):
        R = redact_view(build_view(G, area=area, as_of=AS_OF), threshold=10)
        for _, d in R.nodes(data=True):
            for k, v in (d.get("counts") or {}).items():
                assert v is None or v == 0 or v >= 10, (k, v)
            for gap in d.get("gaps") or []:
                assert gap["demand"] is None or gap["demand"] >= 10
            iso = d.get("isolation") or {}
            for k in ("residents_with_needs", "isolated_residents"):
                if k in iso:
                    assert iso[k] is None or iso[k] == 0 or iso[k] >= 10
        for _, _, e in R.edges(data=True):
            if e.get("type") == "referral":
                assert e["count"] is None or e["count"] >= 10


def test_secondary_suppression_is_decided_over_the_whole_hierarchy() -> None:
    """A district map must hide a total that the ward map hid to protect a sibling:
    otherwise ward total - shown districts - this district's own map reveals the sibling."""
    import networkx as nx

    from netmap.viz.redact import redact_view

    totals = {
        "ward": (None, 43),
        "a": ("ward", 8),
        "b": ("ward", 20),
        "c": ("ward", 15),
    }
    # the map of district c alone: on its own, 15 is not small
    v = nx.MultiDiGraph(area_totals=dict(totals))
    v.add_node("c", category="Area", counts={"residents_with_needs": 15})
    r = redact_view(v, threshold=10)
    assert r.nodes["c"]["counts"]["residents_with_needs"] is None
    assert "area_totals" not in r.graph  # exact totals never leave the redaction step
    # district b stays shown
    v2 = nx.MultiDiGraph(area_totals=dict(totals))
    v2.add_node("b", category="Area", counts={"residents_with_needs": 20})
    assert redact_view(v2, threshold=10).nodes["b"]["counts"]["residents_with_needs"] == 20
