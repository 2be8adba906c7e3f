"""The change layer of the interactive map (issue 15 item 3): ``netmap map --compare-to DATE``
and ``netmap map --scenario PLAN [--at DATE]`` on the demo, whose changes between the plan's
start and the reference date are planted (``changes`` in src/netmap/demo/planted.json).

What a planner checks: the planted closure drawn as ended (faded, from the earlier release),
the new children's cafeteria and the new network drawn as added, a planned 子ども食堂
drawn as planned, the areas noting the gap that closed or opened; a legend entry for each
state and a 変化 layer on by default; every node of both states placed by one layout; the
title saying what is compared; clear usage errors. And the map publishes nothing the two
releases do not.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from netmap.config import Settings, get_settings
from netmap.demo import REFERENCE_DATE, planted
from netmap.disclosure.guard import PSEUDONYM_RE, require_published
from netmap.disclosure.publish import count_text
from netmap.disclosure.release import Release
from netmap.service.maps import (
    compare_map_view,
    layout_memory_path,
    render_map,
    scenario_map_view,
)
from netmap.service.releases import graph_source, release_for
from netmap.service.scenarios import load_plan
from netmap.store.embedded import EmbeddedStore
from netmap.viz.interactive import map_payload, render_html
from netmap.viz.styles import CHANGE_STYLE, legend_entries
from netmap.viz.texts import t
from netmap.viz.view import build_view

TODAY = dt.date(2026, 12, 7)  # the week after the demo's as_of
SINCE = "2024-04-30"  # a month end after the plan's start, before every planted change


@dataclass
class Demo:
    settings: Settings
    graph: nx.MultiDiGraph
    earlier: Release  # the release of SINCE
    release: Release  # the release of the reference date
    changes: dict[str, Any]


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, demo_settings: Callable[[Path], Settings]
) -> Demo:

    settings = demo_settings(tmp_path_factory.mktemp("map-change"))  # the session's demo, copied
    store = EmbeddedStore(settings.embedded_path)
    try:
        G = store.export_graph()
        src = graph_source(store, G)
        earlier = release_for(settings, src, SINCE, today=TODAY)
        release = release_for(settings, src, REFERENCE_DATE, today=TODAY)
    finally:
        store.close()
    return Demo(settings, G, earlier, release, planted()["changes"])


@pytest.fixture
def store(demo: Demo) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(demo.settings.embedded_path)
    yield s
    s.close()


def planted_change(d: Demo, kind: str) -> dict[str, Any]:
    (found,) = [c for c in d.changes["planted"] if c["change"] == kind]
    return found


def change_payload(d: Demo, area: str | None, lang: str = "ja") -> dict[str, Any]:
    view, pos = compare_map_view(
        d.graph, release=d.release, earlier=d.earlier, area=area, settings=d.settings
    )
    return map_payload(view, pos, lang=lang)


def nodes(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in payload["nodes"]}


def lines(node: dict[str, Any]) -> dict[str, str]:
    return dict(node["nm"]["lines"])


def edge_changes(payload: dict[str, Any]) -> dict[tuple[str, str, str], str | None]:
    return {(e["from"], e["to"], e["nm"]["type"]): e["nm"].get("change") for e in payload["edges"]}


def plan_dir(root: Path, valid_from: str = "2026-04-01") -> Path:
    """A children's cafeteria planned in 岩間地区 (the demo's planted closure left a food
    gap there), as docs/compare.md writes it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "organisations.csv").write_text(
        "id,name,kind,area_id,provides,valid_from\n"
        f"org-plan-iwama,岩間こども食堂の会,npo,hodogaya-iwama,food,{valid_from}\n",
        encoding="utf-8",
    )
    (root / "activities.csv").write_text(
        "id,name,kind,organisation_id,area_id,needs,target_groups,valid_from\n"
        "act-plan-iwama,岩間こども食堂,food_support,org-plan-iwama,hodogaya-iwama,food,"
        f"children,{valid_from}\n",
        encoding="utf-8",
    )
    return root


def flat(text: str) -> str:
    """CLI output without the line breaks and spaces its console wraps messages with."""
    return re.sub(r"\s+", "", text)


# ----------------------------------------------------------------------------- compare


def test_the_closed_resource_is_drawn_ended_and_its_gap_noted(demo: Demo) -> None:
    c = planted_change(demo, "resource_ended")
    payload = change_payload(demo, c["gap"]["area_id"])
    by_id = nodes(payload)
    food = payload["needs"][c["gap"]["need"]]
    for rid in (c["organisation_id"], c["activity_id"]):
        nm = by_id[rid]["nm"]
        assert nm["change"] == "ended" and nm["changeTag"] == "終了"
        assert lines(by_id[rid])["変化"] == f"終了（{c['valid_to']} まで）"
    # drawn as the earlier release's map drew it: its ties too, ended
    changes = edge_changes(payload)
    for m in c["memberships_ended"]:
        assert changes[(m["organisation_id"], m["network_id"], "member_of")] == "ended"
    assert changes[(c["organisation_id"], c["activity_id"], "runs")] == "ended"
    area = by_id[c["gap"]["area_id"]]["nm"]
    assert area["changeTag"] == f"新たな空白：{food}"
    assert payload["title"] == (
        f"岩間地区 支援ネットワークマップ　{SINCE} → {REFERENCE_DATE} の変化（公表用集計の基準日）"
    )
    assert payload["change"]["releases"] == [demo.earlier.id, demo.release.id]
    assert payload["layers"]["change"] is True  # on by default


def test_the_new_childrens_cafeteria_is_drawn_added_and_closes_the_gap(demo: Demo) -> None:
    c = planted_change(demo, "gap_closed")
    payload = change_payload(demo, c["gap"]["area_id"])
    by_id = nodes(payload)
    for rid in (c["organisation_id"], *c["activity_ids"]):
        assert by_id[rid]["nm"]["change"] == "added"
        assert lines(by_id[rid])["変化"] == f"新規（{c['valid_from']} から）"
    changes = edge_changes(payload)
    for m in c["memberships_added"]:
        assert changes[(m["organisation_id"], m["network_id"], "member_of")] == "added"
    food = payload["needs"][c["gap"]["need"]]
    area = by_id[c["gap"]["area_id"]]
    assert area["nm"]["changeTag"] == f"空白が解消：{food}"
    assert lines(area)["変化"] == f"空白が解消：{food}"
    assert not area["nm"]["gaps"]  # the later release shows no food gap here
    # nothing else in the district changed
    assert {n for n, x in by_id.items() if x["nm"]["change"]} == {
        c["organisation_id"],
        *c["activity_ids"],
    }


def test_the_new_network_is_drawn_added_on_its_ward_map(demo: Demo) -> None:
    c = planted_change(demo, "network_formed")
    payload = change_payload(demo, "tsurumi")
    by_id = nodes(payload)
    net = by_id[c["network_id"]]
    assert net["nm"]["change"] == "added" and net["nm"]["name"] == c["name"]
    changes = edge_changes(payload)
    for m in c["memberships_added"]:
        assert changes[(m["organisation_id"], m["network_id"], "member_of")] == "added"
    # an unchanged record is drawn as usual
    assert not by_id["tsurumi"]["nm"]["change"]


def test_city_map_notes_the_districts_that_changed(demo: Demo) -> None:
    payload = change_payload(demo, None, lang="en")
    tags = {n["id"]: n["nm"]["changeTag"] for n in payload["nodes"] if n["nm"]["changeTag"]}
    food = payload["needs"]["food"]
    closed = planted_change(demo, "gap_closed")["gap"]["area_id"]
    opened = planted_change(demo, "resource_ended")["gap"]["area_id"]
    calmer = planted_change(demo, "no_longer_isolated")["area_id"]
    assert tags == {
        closed: f"gap closed: {food}",
        opened: f"new gap: {food}",
        calmer: "no longer at risk of isolation",
    }
    assert payload["title"].endswith(
        f" — changes {SINCE} → {REFERENCE_DATE} (release reference dates)"
    )


def test_one_layout_places_every_node_of_both_states(demo: Demo) -> None:
    area = "hodogaya"
    view, pos = compare_map_view(
        demo.graph, release=demo.release, earlier=demo.earlier, area=area, settings=demo.settings
    )
    before = build_view(demo.graph, release=demo.earlier, area=area)
    after = build_view(demo.graph, release=demo.release, area=area)
    assert set(before) | set(after) == set(view) == set(pos)
    assert {n for n, d in view.nodes(data=True) if d.get("change") == "ended"} == set(before) - set(
        after
    )
    # the positions are remembered like any map's (next month's map keeps them)
    memory = json.loads(layout_memory_path(demo.settings, area).read_text(encoding="utf-8"))
    assert set(pos) <= set(memory["positions"])


def test_legend_and_layer_of_a_change_map(demo: Demo) -> None:
    view, pos = compare_map_view(
        demo.graph,
        release=demo.release,
        earlier=demo.earlier,
        area="hodogaya-iwama",
        settings=demo.settings,
    )
    html = render_html(view, pos)
    legend = html[html.index('<ul class="legend">') :]
    for state in ("added", "ended"):
        (entry,) = legend_entries({}, layers=[state])
        assert entry.label in legend
        assert CHANGE_STYLE[state].color in legend
    assert 'stroke-dasharray="4 2"' in legend  # ended: dashed, not colour alone
    layers = html[html.index("<h2>表示する情報</h2>") : html.index("<h2>絞り込み</h2>")]
    assert layers.index('id="layer-change"') < layers.index('id="layer-gap"')  # first
    assert f"{t('layer.change', 'ja')}<small>" in layers
    # a map without --compare-to has no change layer
    plain = render_html(build_view(demo.graph, release=demo.release, area="hodogaya-iwama"))
    assert 'id="layer-change"' not in plain
    assert legend_entries({}, layers=["ended"])[0].label not in plain
    # English
    en = render_html(view, pos, lang="en")
    assert "Changes<small>" in en
    assert legend_entries({}, lang="en", layers=["added"])[0].label in en


# ----------------------------------------------------------------------------- scenario


def test_a_planned_childrens_cafeteria_is_drawn_planned(
    demo: Demo, store: EmbeddedStore, tmp_path: Path
) -> None:
    plan = load_plan(
        plan_dir(tmp_path / "plan"),
        store,
        settings=demo.settings,
        at=REFERENCE_DATE,
        graph=demo.graph,
    )
    view, pos = scenario_map_view(
        plan, release=demo.release, area="hodogaya-iwama", settings=demo.settings
    )
    payload = map_payload(view, pos)
    by_id = nodes(payload)
    for rid in ("org-plan-iwama", "act-plan-iwama"):
        assert by_id[rid]["nm"]["change"] == "planned" and by_id[rid]["nm"]["changeTag"] == "計画案"
        assert lines(by_id[rid])["変化"] == "計画案（2026-04-01 から）"
    assert "参加者（登録）" not in lines(by_id["act-plan-iwama"])  # no count for a plan
    assert edge_changes(payload)[("org-plan-iwama", "act-plan-iwama", "runs")] == "planned"
    food = payload["needs"]["food"]
    assert by_id["hodogaya-iwama"]["nm"]["changeTag"] == f"計画で空白が解消：{food}"
    assert payload["title"] == f"岩間地区 支援ネットワークマップ　計画案 plan（{REFERENCE_DATE}）"
    assert set(pos) == set(view)
    html = render_html(view, pos)
    (entry,) = legend_entries({}, layers=["planned"])
    assert entry.label in html and 'stroke-dasharray="1.6 1.6"' in html  # dotted
    # the plan is never stored, nor remembered in the layout memory
    memory = layout_memory_path(demo.settings, "hodogaya-iwama").read_text(encoding="utf-8")
    assert "org-plan-iwama" not in memory and "act-plan-iwama" not in memory
    assert "org-plan-iwama" not in store.export_graph()


# ----------------------------------------------------------------------------- privacy


def test_a_change_map_publishes_nothing_the_two_releases_do_not(
    demo: Demo, store: EmbeddedStore, tmp_path: Path
) -> None:
    """Every count on a change map is the published value of the release of its state:
    the later release for what exists now, the earlier one for what ended; a planned record
    has none. Notes carry no count, referral links none, and nothing personal."""
    early, late = demo.earlier, demo.release
    # a plan evaluated in 2027 is drawn over the latest release (2026-11-30)
    plan = load_plan(
        plan_dir(tmp_path / "plan", valid_from="2027-04-01"),
        store,
        settings=demo.settings,
        graph=demo.graph,
    )
    assert plan.day >= dt.date(2027, 4, 1)
    views = [
        compare_map_view(
            demo.graph,
            release=late,
            earlier=early,
            area=a,
            settings=demo.settings,
            remember_layout=False,
        )[0]
        for a in (None, "hodogaya", "totsuka-kamikurata")
    ]
    views.append(
        scenario_map_view(
            plan, release=late, area="hodogaya", settings=demo.settings, remember_layout=False
        )[0]
    )
    assert views[-1].nodes["act-plan-iwama"]["change"] == "planned"
    assert views[-1].graph["change"]["at"] == plan.day.isoformat()
    checked = 0
    for V in views:
        assert require_published(V) == late.threshold
        for n, d in V.nodes(data=True):
            rel = early if d.get("change") == "ended" else late
            counts = d.get("counts") or {}
            if d["category"] == "Area" and counts:
                cell: tuple[str, ...] = ("res", n)
            elif d["category"] == "Activity" and counts:
                cell = ("part", n)
            else:
                assert not counts, n  # organisations, networks, planned records: none
                continue
            (value,) = counts.values()
            assert value == rel.shown(cell), (n, d.get("change"))
            assert list(d["counts_text"].values()) == [count_text(value)]
            checked += 1
            for note in d.get("change_notes") or []:
                assert set(note) <= {"note", "need", "top"}, note
        for _, _, e in V.edges(data=True):
            assert "count" not in e and "statuses" not in e
        payload = map_payload(V)
        text = json.dumps(payload, ensure_ascii=False)
        assert not PSEUDONYM_RE.search(text)
        for node in payload["nodes"]:
            for _, value in node["nm"]["lines"]:
                for m in re.finditer(r"(\d+)人", value):
                    assert int(m.group(1)) == 0 or int(m.group(1)) >= late.threshold, value
    assert checked > 40
    # the ended activity shows the earlier release's count, never a new one
    act = planted_change(demo, "resource_ended")["activity_id"]
    iwama = views[1].nodes[act]
    assert iwama["change"] == "ended"
    assert iwama["counts"] == {"participants": early.shown(("part", act))}


# ----------------------------------------------------------------------------- the CLI


@pytest.fixture
def cli(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("NETMAP_DATA_DIR", str(demo.settings.data_dir))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", "map-change")
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_cli_change_map(cli: CliRunner, tmp_path: Path) -> None:
    from netmap.cli import app

    out = tmp_path / "iwama.html"
    res = cli.invoke(
        app,
        [
            "map",
            "-a",
            "hodogaya-iwama",
            "--as-of",
            REFERENCE_DATE,
            "--compare-to",
            SINCE,
            "-o",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert f"<title>岩間地区 支援ネットワークマップ　{SINCE} → {REFERENCE_DATE} の変化" in html
    assert 'id="layer-change"' in html
    plan = plan_dir(tmp_path / "plan.d")
    out = tmp_path / "plan.html"
    res = cli.invoke(
        app,
        [
            "map",
            "-a",
            "hodogaya-iwama",
            "--scenario",
            str(plan),
            "--at",
            REFERENCE_DATE,
            "--lang",
            "en",
            "-o",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    assert f"— plan plan.d ({REFERENCE_DATE})</title>" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--compare-to", SINCE, "--scenario", "plan"],
            "--compare-to と --scenario は同時に使えません",
        ),
        (
            ["--wards", "--compare-to", SINCE],
            "--wards は --compare-to・--scenario と一緒に使えません",
        ),
        (["--at", REFERENCE_DATE], "--at は --scenario と一緒に使います"),
        (
            ["--scenario", "plan", "--as-of", REFERENCE_DATE],
            "--scenario の日付は --at で指定します",
        ),
        (
            ["-a", "hodogaya-iwama", "--as-of", SINCE, "--compare-to", REFERENCE_DATE],
            "比較する日付は地図の基準日より前の公表用集計で答えられる日にしてください",
        ),
    ],
)
def test_cli_change_map_usage_errors(
    cli: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    from netmap.cli import app

    out = tmp_path / "x.html"
    res = cli.invoke(app, ["map", *args, "-o", str(out)])
    assert res.exit_code == 2, res.output
    assert flat(message) in flat(res.output)
    assert not out.exists()


def test_cli_bad_plan_lists_its_problems_and_draws_nothing(
    cli: CliRunner, demo: Demo, tmp_path: Path
) -> None:
    from netmap.cli import app

    plan = tmp_path / "bad"
    plan.mkdir()
    (plan / "activities.csv").write_text(
        "id,name,kind,organisation_id,area_id,needs,valid_from\n"
        "act-x,X,food_support,org-missing,hodogaya-iwama,food,2026-04-01\n"
        "act-y,Y,food_support,org-hodogaya-iwama-plaza,no-such-area,food,2026-04-01\n",
        encoding="utf-8",
    )
    out = tmp_path / "x.html"
    res = cli.invoke(app, ["map", "-a", "hodogaya-iwama", "--scenario", str(plan), "-o", str(out)])
    assert res.exit_code == 1, res.output
    assert "org-missing" in res.output and "no-such-area" in res.output
    assert not out.exists()


# ----------------------------------------------------------------------------- browser


@pytest.mark.browser
def test_change_layer_in_a_browser(demo: Demo, store: EmbeddedStore, tmp_path: Path) -> None:
    """The page draws the change layer with no error; turning it off hides what ended
    (the map of the later state), and search still finds an ended record."""
    import os
    import shutil
    import tempfile

    exe = os.environ.get("NETMAP_CHROMIUM", "/usr/bin/chromium")
    if not Path(exe).exists():
        exe = shutil.which("chromium") or ""
    if not exe:
        if os.environ.get("NETMAP_REQUIRE_BROWSER") == "1":
            pytest.fail("NETMAP_REQUIRE_BROWSER=1 and headless Chromium is not available")
        pytest.skip("headless Chromium is not available (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    c = planted_change(demo, "resource_ended")
    path = render_map(
        store,
        area="hodogaya-iwama",
        output=tmp_path / "iwama.html",
        settings=demo.settings,
        graph=demo.graph,
        release=demo.release,
        compare_to=SINCE,
    )
    errors: list[str] = []
    with sync_api.sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(
            profile,
            executable_path=exe,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu"],
            viewport={"width": 1400, "height": 900},
        )
        try:
            pg = ctx.new_page()
            pg.on("pageerror", lambda exc: errors.append(str(exc)))
            pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            pg.route(
                "**/*",
                lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
            )
            pg.goto(path.as_uri())
            pg.wait_for_function("window.netmapReady === true", timeout=30_000)
            total = pg.evaluate("window.netmap.data.nodes.length")
            visible = "window.netmap.visibleNodeIds()"
            assert pg.is_checked("#layer-change")
            assert c["organisation_id"] in pg.evaluate(visible)
            label = pg.evaluate(f"window.netmap.nodes.get({json.dumps(c['activity_id'])}).label")
            assert label.endswith("\n終了")
            pg.click("#layer-change")
            shown = pg.evaluate(visible)
            assert c["organisation_id"] not in shown and c["activity_id"] not in shown
            assert pg.inner_text("#visible-count") == f"表示中: {total - 2} / {total}"
            pg.fill("#search", "いわま子ども食堂")
            pg.press("#search", "Enter")
            assert pg.is_checked("#layer-change")  # found: the layer is back on
            assert c["organisation_id"] in pg.evaluate(visible)
            # filters keep working: the ended cafeteria is a food resource
            pg.select_option("#filter-need", c["gap"]["need"])
            shown = pg.evaluate(visible)
            assert c["activity_id"] in shown and len(shown) < total
            pg.wait_for_timeout(500)
        finally:
            ctx.close()
    assert errors == []
