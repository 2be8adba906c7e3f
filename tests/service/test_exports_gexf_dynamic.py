"""``netmap export --output x.gexf --dynamic``: a dynamic GEXF for Gephi's timeline, from
the session's demo (``demo_data``). Organisations, activities, networks and their ties carry
``start``/``end`` from ``valid_from``/``valid_to``; referrals appear only as the release
publishes them (links of its period), never one by one."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from tests.conftest import DEMO_KEY
from tests.export_data import AS_OF, PERIOD_START, REFERENCE, Data, release_of
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import get_settings
from netmap.errors import ExportError
from netmap.service.exports import export_area
from netmap.service.maps import map_view

NS = "{http://www.gexf.net/1.2draft}"
CLOSED_ORG = "org-hodogaya-iwama-shokudo"  # 2019-06-01 to 2025-09-30
CLOSED_ACT = "act-hodogaya-iwama-shokudo"
CLOSED_TEAM = "net-hodogaya-team-iwama"


def _write(demo: Data, folder: Path, area: str | None, as_of: str = AS_OF) -> Path:
    return export_area(
        demo.G,
        area=area,
        as_of=as_of,
        output=folder / f"{area}.gexf",
        settings=demo.settings,
        dynamic=True,
    )


@pytest.fixture(scope="module")
def hodogaya(demo_data: Data, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(demo_data, tmp_path_factory.mktemp("gexf-dynamic"), "hodogaya")


def _graph_element(path: Path) -> ET.Element:
    graph = ET.parse(path).getroot().find(f"{NS}graph")
    assert graph is not None
    return graph


def _nodes(path: Path) -> dict[str, ET.Element]:
    return {n.get("id", ""): n for n in _graph_element(path).iter(f"{NS}node")}


def _edges(path: Path) -> list[ET.Element]:
    return list(_graph_element(path).iter(f"{NS}edge"))


def _relation(path: Path, edge: ET.Element) -> str:
    """The ``relation`` attribute value of an edge element."""
    graph = _graph_element(path)
    ids = {
        a.get("id"): a.get("title")
        for attrs in graph.findall(f"{NS}attributes")
        if attrs.get("class") == "edge"
        for a in attrs.findall(f"{NS}attribute")
    }
    for v in edge.iter(f"{NS}attvalue"):
        if ids.get(v.get("for")) == "relation":
            return str(v.get("value"))
    return ""


def test_the_file_is_a_dynamic_graph_with_dates(hodogaya: Path) -> None:
    graph = _graph_element(hodogaya)
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    G = nx.read_gexf(hodogaya)  # networkx reads it back
    assert G.graph["mode"] == "dynamic"
    assert G.number_of_nodes() > 20


def test_a_record_with_valid_from_and_valid_to_has_its_spell(
    hodogaya: Path, demo_data: Data
) -> None:
    """The children's cafeteria closed on 2025-09-30: it and its activity and team
    membership are in the file although the release's date (2026-11-30) is after it,
    each with the spell it held."""
    org = demo_data.G.nodes[CLOSED_ORG]
    assert (org["valid_from"], org["valid_to"]) == ("2019-06-01", "2025-09-30")
    nodes = _nodes(hodogaya)
    for n in (CLOSED_ORG, CLOSED_ACT):
        assert (nodes[n].get("start"), nodes[n].get("end")) == ("2019-06-01", "2025-09-30"), n
    G = nx.read_gexf(hodogaya)
    assert (G.nodes[CLOSED_ORG]["start"], G.nodes[CLOSED_ORG]["end"]) == (
        "2019-06-01",
        "2025-09-30",
    )
    ties = {d["relation"]: d for u, v, d in G.edges(data=True) if u == CLOSED_ORG}
    assert ties["member_of"]["start"] == "2019-06-01" and ties["member_of"]["end"] == "2025-09-30"
    assert ties["runs"]["end"] == "2025-09-30"
    # a record without dates has no spell (there all along)
    assert nodes[CLOSED_TEAM].get("start") is None and nodes[CLOSED_TEAM].get("end") is None
    assert nodes["org-hodogaya-welfare"].get("start") is None


def test_every_spell_is_the_records_validity(hodogaya: Path, demo_data: Data) -> None:
    G = nx.read_gexf(hodogaya)
    timed = 0
    for n, d in G.nodes(data=True):
        src = demo_data.G.nodes[n]
        if src.get("label") in ("Organisation", "Activity", "Network"):
            assert d.get("start") == src.get("valid_from"), n
            assert d.get("end") == src.get("valid_to"), n
            timed += "start" in d or "end" in d
        else:
            assert "start" not in d and "end" not in d, n
    assert timed >= 2


def test_the_static_map_is_the_dynamic_one_on_its_date(hodogaya: Path, demo_data: Data) -> None:
    """Everything the static map of the reference date shows is in the timeline, plus the
    records that ended before it."""
    view, _ = map_view(
        demo_data.G, release=release_of(demo_data), area="hodogaya", settings=demo_data.settings
    )
    G = nx.read_gexf(hodogaya)
    assert set(view.nodes) <= set(G.nodes)
    assert {CLOSED_ORG, CLOSED_ACT} <= set(G.nodes) - set(view.nodes)
    day = REFERENCE.isoformat()
    on_the_day = {
        n
        for n, d in G.nodes(data=True)
        if d.get("start", "") <= day and day <= d.get("end", "9999-12-31")
    }
    assert on_the_day == set(view.nodes)


def test_referrals_only_as_the_releases_links(hodogaya: Path, demo_data: Data) -> None:
    """No referral (nor resident) id anywhere; referral links span the release's period
    (its month), never a referral's own date."""
    text = hodogaya.read_text(encoding="utf-8")
    referrals = [n for n, d in demo_data.G.nodes(data=True) if d.get("label") == "Referral"]
    residents = [n for n, d in demo_data.G.nodes(data=True) if d.get("label") == "Resident"]
    assert referrals and residents
    ids = set(re.findall(r'"([^"]+)"', text))
    assert not ids & set(referrals)
    assert not ids & set(residents)
    assert "ref-" not in text
    links = [e for e in _edges(hodogaya) if _relation(hodogaya, e) == "referral"]
    assert links
    for e in links:
        assert (e.get("start"), e.get("end")) == (PERIOD_START.isoformat(), REFERENCE.isoformat())
    view, _ = map_view(
        demo_data.G, release=release_of(demo_data), area="hodogaya", settings=demo_data.settings
    )
    assert len(links) == sum(1 for *_, t in view.edges(data="type") if t == "referral")


def test_a_network_formed_in_2025_and_its_members(demo_data: Data, tmp_path: Path) -> None:
    path = _write(demo_data, tmp_path, "tsurumi")
    G = nx.read_gexf(path)
    assert G.nodes["net-tsurumi-foodbank"]["start"] == "2025-06-01"
    members = [d for u, v, d in G.edges(data=True) if v == "net-tsurumi-foodbank"]
    assert members and all(d["start"] >= "2025-06-01" for d in members)


def test_records_starting_after_the_release_are_left_out(demo_data: Data, tmp_path: Path) -> None:
    """A timeline up to the release of 2025-08-31: 栄区's NPO founded on 2025-10-01 is not
    in it, 桂台's salon opened on 2024-10-01 is."""
    path = _write(demo_data, tmp_path, "sakae", as_of="2025-09-15")
    nodes = _nodes(path)
    assert "org-sakae-new-npo" not in nodes
    assert nodes["act-sakae-katsuradai-salon"].get("start") == "2024-10-01"
    assert _graph_element(path).get("mode") == "dynamic"


def test_dynamic_is_for_gexf_of_an_area(demo_data: Data, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="gexf"):
        export_area(
            demo_data.G,
            area="hodogaya",
            as_of=AS_OF,
            output=tmp_path / "x.graphml",
            settings=demo_data.settings,
            dynamic=True,
        )
    with pytest.raises(ExportError, match="--area"):
        _write(demo_data, tmp_path, None)


def test_without_dynamic_the_gexf_stays_static(demo_data: Data, tmp_path: Path) -> None:
    path = export_area(
        demo_data.G,
        area="hodogaya",
        as_of=AS_OF,
        output=tmp_path / "s.gexf",
        settings=demo_data.settings,
    )
    assert _graph_element(path).get("mode") == "static"
    assert CLOSED_ORG not in _nodes(path)
    assert all(n.get("start") is None for n in _nodes(path).values())


@pytest.fixture
def env(demo_data: Data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data dir holding a copy of the demo store, as the CLI's settings."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(demo_data.settings.embedded_path, data / "netmap.sqlite3")
    monkeypatch.setenv("NETMAP_DATA_DIR", str(data))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", DEMO_KEY)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_the_cli_option(env: Path) -> None:
    runner = CliRunner()
    out = env / "hodogaya.gexf"
    res = runner.invoke(
        app,
        ["export", "--area", "hodogaya", "--as-of", AS_OF, "--output", str(out), "--dynamic"],
    )
    assert res.exit_code == 0, res.output
    assert f"wrote {out}" in res.output
    assert _graph_element(out).get("mode") == "dynamic"
    assert _nodes(out)[CLOSED_ORG].get("end") == "2025-09-30"
    res = runner.invoke(app, ["export", "--output", str(env / "city.gexf"), "--dynamic"])
    assert res.exit_code == 2 and "--area" in res.output
    res = runner.invoke(
        app, ["export", "--area", "hodogaya", "--output", str(env / "h.png"), "--dynamic"]
    )
    assert res.exit_code == 2 and "gexf" in res.output
