"""The district sheet's 変化 and 計画案 sections (issue 15, item 4), on the session's demo
(``demo_data``, tests/conftest.py, as the sheet tests in tests/service):

* ``netmap report --compare-to 2024-04-01`` compares the release on or before the plan's
  start (2024-03-31) with the sheet's (2026-11-30) and lists the changes planted in the
  district (``changes`` in src/netmap/demo/planted.json): the resource that ended in 岩間,
  the children's cafeteria that closed 上倉田's gap, the salon that ended 桂台's isolation;
  empty parts say 「なし」; hidden counts (岩間's referrals of November) print as the one
  mark;
* ``--scenario PLAN`` lists the planned 子ども食堂, the published gap it closes (the release's
  count) and stores nothing; a bad plan is rejected with every problem, and neither the
  store nor a sheet is written.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DEMO_KEY
from tests.export_data import AS_OF, Data, release_of
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import get_settings
from netmap.demo import PLAN_START, planted
from netmap.disclosure.publish import MARK
from netmap.service.compare import compare_json
from netmap.service.exports import report_bytes
from netmap.store.embedded import EmbeddedStore

PLAN_ORG = "id,name,kind,area_id,provides,valid_from\n"
PLAN_ACT = "id,name,kind,organisation_id,area_id,needs,target_groups,valid_from\n"


@pytest.fixture
def cli_env(demo_data: Data, monkeypatch: pytest.MonkeyPatch) -> Iterator[Data]:
    """The CLI on the demo's data dir."""
    monkeypatch.setenv("NETMAP_DATA_DIR", str(demo_data.settings.data_dir))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", DEMO_KEY)
    monkeypatch.setenv("NETMAP_SUPPRESSION_THRESHOLD", "10")
    get_settings.cache_clear()
    yield demo_data
    get_settings.cache_clear()


def _state(demo: Data) -> tuple[str, dict[str, int]]:
    store = EmbeddedStore(demo.settings.embedded_path)
    try:
        return store.data_version(), store.counts().as_dict()
    finally:
        store.close()


def _text(pdf: bytes | Path, tmp: Path) -> str:
    """The sheet's text, every run of blanks removed (rows read as one string)."""
    path = pdf if isinstance(pdf, Path) else tmp / "sheet.pdf"
    if not isinstance(pdf, Path):
        path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", "", out)


def _row(*cells: str) -> str:
    return re.sub(r"\s+", "", "".join(cells))


def _change(kind: str) -> dict[str, Any]:
    (found,) = [c for c in planted()["changes"]["planted"] if c["change"] == kind]
    return found


def _name(demo: Data, node: str) -> str:
    return str(demo.G.nodes[node]["name"])


def _iwama_plan(root: Path) -> Path:
    """A children's cafeteria planned in 岩間 (whose food gap opened when its cafeteria
    closed), as in docs/compare.md."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "organisations.csv").write_text(
        PLAN_ORG + "org-plan-iwama,岩間こども食堂の会,npo,hodogaya-iwama,food,2026-04-01\n",
        encoding="utf-8",
    )
    (root / "activities.csv").write_text(
        PLAN_ACT + "act-plan-iwama,岩間こども食堂,food_support,org-plan-iwama,"
        "hodogaya-iwama,food,children,2026-04-01\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def iwama(demo_data: Data, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, tuple[Any, ...]]:
    """岩間地区's sheet made by the command with --compare-to and --scenario, and the store's
    state before and after."""
    tmp = tmp_path_factory.mktemp("iwama-sheet")
    plan = _iwama_plan(tmp / "plan")
    mp = pytest.MonkeyPatch()
    for k, v in {
        "NETMAP_DATA_DIR": str(demo_data.settings.data_dir),
        "NETMAP_STORE": "embedded",
        "NETMAP_PSEUDONYM_KEY": DEMO_KEY,
        "NETMAP_SUPPRESSION_THRESHOLD": "10",
    }.items():
        mp.setenv(k, v)
    get_settings.cache_clear()
    try:
        before = _state(demo_data)
        out = tmp / "sheet-iwama.pdf"
        r = CliRunner().invoke(
            app,
            ["report", "--area", "岩間地区", "--as-of", AS_OF, "--compare-to", PLAN_START,
             "--scenario", str(plan), "--at", AS_OF, "--output", str(out)],
        )  # fmt: skip
        assert r.exit_code == 0, r.output
        after = _state(demo_data)
    finally:
        mp.undo()
        get_settings.cache_clear()
    return _text(out, tmp), (before, after)


# --------------------------------------------------------------------------- 変化


def test_the_change_section_says_which_releases_it_compares(
    iwama: tuple[str, Any], demo_data: Data
) -> None:
    text, _ = iwama
    assert "変化（2024-03-31→2026-11-30）" in text
    assert "基準日2024-03-31と2026-11-30（このシートの基準日）の公表用集計を比べた" in text
    # the date asked for is answered with the release on or before it, and says so
    assert "指定の2024-04-01には、その日以前で最新の基準日2024-03-31の集計で答えています" in text
    # the section comes before the sheet's own gaps (after the summary)
    assert text.index("変化（") < text.index("空白・不足（ニーズと資源）")


def test_a_resource_that_ended_in_the_district(iwama: tuple[str, Any], demo_data: Data) -> None:
    text, _ = iwama
    c = _change("resource_ended")
    assert c["gap"]["area_id"] == "hodogaya-iwama"
    org, act = c["organisation_id"], c["activity_id"]
    assert _row("終了", "団体・機関", c["valid_to"], c["name"]) in text
    assert _row("終了", "活動", c["valid_to"], _name(demo_data, act)) in text
    (m,) = c["memberships_ended"]
    tie = _row(_name(demo_data, org), "→", _name(demo_data, m["network_id"]))
    assert _row("終了", "ネットワークへの参加", tie) in text
    # the gap it opened: demand as the releases publish it (19 → 19, shown), supply 2 → 0
    dem, sup = c["gap"]["demand"], c["gap"]["supply"]
    gap_row = _row("発生", "岩間地区", "食", "なし→空白（資源なし）", f"{dem['from']}→{dem['to']}")
    assert gap_row + _row(f"{sup['from']}→{sup['to']}") in text
    # nothing else changed in 岩間's isolation: the part says so rather than vanishing
    assert "孤立のおそれの変化なし" in text


def test_hidden_counts_print_as_the_mark_and_never_the_exact_value(
    iwama: tuple[str, Any], demo_data: Data
) -> None:
    """岩間's referrals of November (3 out, 1 in, 1 accepted) are hidden in the release of
    2026-11-30: the sheet prints the mark, never the exact counts compare gives analysts."""
    text, _ = iwama
    rels = (release_of(demo_data, PLAN_START), release_of(demo_data, AS_OF))
    published = compare_json(
        demo_data.G, from_date=PLAN_START, to_date=AS_OF, area="hodogaya-iwama", releases=rels
    )
    (flows,) = published["flows"]["areas"]
    counts = ("referrals_out", "referrals_in", "accepted", "acceptance_rate")
    assert set(counts) <= set(flows["suppressed"])
    assert all(flows[k]["to"] is None for k in counts)
    exact = compare_json(demo_data.G, from_date=PLAN_START, to_date=AS_OF, area="hodogaya-iwama")
    (raw,) = exact["flows"]["areas"]
    exact_counts = [raw[k]["to"] for k in counts[:3]]
    assert exact_counts == [3, 1, 1]  # out, in, accepted
    november = ("岩間地区", "2026-11-01〜2026-11-30")
    shown = _row(*november, MARK, MARK, MARK, MARK)
    exact_row = _row(*november, *map(str, exact_counts))
    assert shown in text and exact_row not in text
    # referrals of both periods, as published (the period before the plan had none)
    assert _row("岩間地区", "2024-03-01〜2024-03-31", "0", "0", "0", "－") in text
    assert "2026-11-01〜2026-11-30" in text


@pytest.mark.parametrize(
    ("kind", "area", "lang"),
    [("gap_closed", "totsuka-kamikurata", "en"), ("no_longer_isolated", "sakae-katsuradai", "ja")],
)
def test_the_other_planted_changes_of_a_district(
    demo_data: Data, tmp_path: Path, kind: str, area: str, lang: str
) -> None:
    c = _change(kind)
    text = _text(
        report_bytes(
            demo_data.G,
            area=area,
            as_of=AS_OF,
            lang=lang,
            settings=demo_data.settings,
            release=release_of(demo_data),
            compare_to=PLAN_START,
            compare_release=release_of(demo_data, PLAN_START),
        ),
        tmp_path,
    )
    if kind == "gap_closed":  # the English sheet
        assert "Changes(2024-03-31to2026-11-30)" in text
        assert _row("added", "Organisation", c["valid_from"], c["name"]) in text
        (act,) = c["activity_ids"]
        assert _row("added", "Activity", c["valid_from"], _name(demo_data, act)) in text
        sup = c["gap"]["supply"]
        assert _row("closed", "上倉田地区", "Food", "gap(noresource)→none") in text
        assert _row(f"{sup['from']}→{sup['to']}") in text
        assert "RiskofisolationNone" in text  # no change: said, not left out
    else:
        assert _row("新規", "活動", c["valid_from"], c["name"]) in text
        assert _row("解消", "桂台地区", "活動なし→なし") in text
        # no resource ended and no gap changed in 桂台: said, not left out
        assert "空白・不足の変化なし" in text


def test_compare_to_must_be_an_earlier_release_and_at_needs_a_plan(cli_env: Data) -> None:
    runner = CliRunner()
    same = runner.invoke(
        app, ["report", "--area", "hodogaya-iwama", "--as-of", AS_OF, "--compare-to", AS_OF,
              "--output", "x.pdf"],
    )  # fmt: skip
    assert same.exit_code == 2 and "--compare-to" in same.output
    at = runner.invoke(app, ["report", "--area", "hodogaya-iwama", "--at", AS_OF])
    assert at.exit_code == 2 and "--scenario" in at.output


# --------------------------------------------------------------------------- 計画案


def test_the_plan_section_lists_the_planned_cafeteria_and_the_gap_it_closes(
    iwama: tuple[str, Any],
) -> None:
    text, (before, after) = iwama
    assert "計画案：plan" in text
    assert "計画案「plan」を2026-11-30時点のネットワークに重ねた見込みです。" in text
    assert "計画案は保存していません" in text and "基準日2026-11-30の公表用集計の値" in text
    area, day = "岩間地区", "2026-04-01"
    assert _row("新設", "団体・機関", "岩間こども食堂の会", "NPO法人", area, day) in text
    assert _row("新設", "活動", "岩間こども食堂", "食支援・子ども食堂", area, day) in text
    # the release's gap row: its demand (shown: 19 residents), no resource now
    demand = _change("resource_ended")["gap"]["demand"]["to"]
    heads = "地域ニーズ住民（人）資源（いま）"
    assert _row("計画で解消する空白", heads, area, "食", str(demand), "0") in text
    assert "孤立のおそれが解消する地域なし" in text
    assert before == after  # nothing stored


def test_a_bad_plan_is_rejected_with_every_problem_and_nothing_written(
    cli_env: Data, tmp_path: Path
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "activities.csv").write_text(
        PLAN_ACT
        + "act-x,X,food_support,org-missing,hodogaya-iwama,food,,2026-04-01\n"
        + "act-y,Y,food_support,org-plan-iwama,no-such-area,food,,2026-04-01\n",
        encoding="utf-8",
    )
    before = _state(cli_env)
    out = tmp_path / "sheet.pdf"
    r = CliRunner().invoke(
        app,
        ["report", "--area", "hodogaya-iwama", "--compare-to", PLAN_START, "--scenario", str(bad),
         "--output", str(out)],
    )  # fmt: skip
    assert r.exit_code == 1, r.output
    assert "nothing was written" in r.output
    assert "row 2, column 'organisation_id'" in r.output
    assert "row 3, column 'area_id'" in r.output
    assert "row 3, column 'organisation_id'" in r.output
    assert not out.exists()
    assert _state(cli_env) == before
