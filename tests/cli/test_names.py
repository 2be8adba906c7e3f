"""Names wherever the CLI takes ids (``--area 日吉地区``, ``--need 食``), the date forms of
``--as-of``, ``netmap flows --need`` and the listing commands (``netmap areas``, ``needs``,
``organisations``, ``networks``), through Typer's runner on the sample data.

The sample (tests/fixtures/sample) is copied with three additions: two neighbourhoods both
named 本町 (an ambiguous name) and an organisation whose name looks like a spreadsheet
formula.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import get_settings

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"
KEY = "cli-names-test-key"
AS_OF = "2024-06-30"

runner = CliRunner()


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with two areas named 本町 and a formula-like name, imported once."""
    folder = tmp_path_factory.mktemp("sample") / "sample"
    shutil.copytree(SAMPLE, folder)
    with (folder / "areas.csv").open("a", encoding="utf-8") as f:
        f.write("kohoku-tsunashima-honcho,本町,neighbourhood,kohoku-tsunashima,,,\n")
        f.write("kohoku-nippa-honcho,本町,neighbourhood,kohoku-nippa,,,\n")
    with (folder / "organisations.csv").open("a", encoding="utf-8") as f:
        f.write('org-formula,"=1+2",npo,kohoku-nippa,,,,,,,\n')
    data_dir = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as mp:
        _env(mp, data_dir)
        res = runner.invoke(app, ["import", str(folder)])
        assert res.exit_code == 0, res.output
        # a release for viewers' products, so --suppress reads the same one every time
        res = runner.invoke(app, ["release", "build", "--date", AS_OF])
        assert res.exit_code == 0, res.output
    get_settings.cache_clear()
    return data_dir


def _env(mp: pytest.MonkeyPatch, data_dir: Path) -> None:
    mp.setenv("NETMAP_DATA_DIR", str(data_dir))
    mp.setenv("NETMAP_STORE", "embedded")
    mp.setenv("NETMAP_PSEUDONYM_KEY", KEY)
    mp.setenv("COLUMNS", "1000")  # error messages on one line
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def env(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the imported data dir per test (some tests write tokens or files)."""
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    _env(monkeypatch, copy)
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    get_settings.cache_clear()


def _ok(*args: str) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.stdout


def _json(*args: str) -> Any:
    return json.loads(_ok(*args, "--format", "json"))


def _fails(*args: str) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code == 2, res.output
    return " ".join(res.output.split())


# --------------------------------------------------------------------------- --area, --need


@pytest.mark.parametrize("analysis", ["gaps", "isolated", "bridges", "flows"])
@pytest.mark.parametrize("suppress", [[], ["--suppress"]])
def test_area_by_name_is_area_by_id(analysis: str, suppress: list[str]) -> None:
    by_id = _json(analysis, "--area", "kohoku-hiyoshi", "--as-of", AS_OF, *suppress)
    for name in ("日吉地区", " 日吉地区 ", "ＫＯＨＯＫＵ－ＨＩＹＯＳＨＩ"):
        assert _json(analysis, "--area", name, "--as-of", AS_OF, *suppress) == by_id
    assert by_id["params"]["area"] == "kohoku-hiyoshi"


def test_need_by_name_is_need_by_id() -> None:
    by_id = _json("gaps", "--need", "food", "--as-of", AS_OF, "--level", "ward")
    assert by_id["params"]["need"] == "food"
    for name in ("食", "Food", "ＦＯＯＤ"):
        assert _json("gaps", "--need", name, "--as-of", AS_OF, "--level", "ward") == by_id


def test_an_ambiguous_name_lists_the_candidates() -> None:
    out = _fails("gaps", "--area", "本町")
    assert "地区「本町」は2件あります（IDで指定してください）" in out
    assert "本町 (kohoku-nippa-honcho, 町内, 新羽地区)" in out
    assert "本町 (kohoku-tsunashima-honcho, 町内, 綱島地区)" in out
    # the id is never ambiguous
    assert _json("gaps", "--area", "kohoku-nippa-honcho", "--level", "neighbourhood")


def test_a_typo_suggests() -> None:
    out = _fails("isolated", "--area", "日吉")
    assert "地区「日吉」が見つかりません / unknown area '日吉'" in out
    assert "did you mean: 日吉地区 (kohoku-hiyoshi)" in out
    assert "netmap areas" in out
    out = _fails("bridges", "--area", "kohoku-hiyosi")
    assert "日吉地区 (kohoku-hiyoshi)" in out
    out = _fails("gaps", "--need", "食べ物")
    assert "ニーズ「食べ物」が見つかりません" in out and "食 (food)" in out
    assert "netmap needs" in out


def test_json_errors_carry_the_suggestions() -> None:
    res = runner.invoke(app, ["gaps", "--area", "日吉", "--format", "json"])
    assert res.exit_code == 2
    body = json.loads(res.stdout)
    assert body["ok"] is False and body["area"] == "日吉"
    assert {"id": "kohoku-hiyoshi", "name": "日吉地区"} in body["suggestions"]


# --------------------------------------------------------------------------- --as-of


@pytest.mark.parametrize(
    "form", ["令和6年6月30日", "R6.6.30", "2024/6/30", "2024年6月30日", "２０２４－０６－３０"]
)
def test_as_of_forms(form: str) -> None:
    assert _json("gaps", "--as-of", form) == _json("gaps", "--as-of", AS_OF)


def test_as_of_forms_with_suppress() -> None:
    a = _json("flows", "--as-of", "令和6年6月30日", "--suppress")
    assert a == _json("flows", "--as-of", AS_OF, "--suppress")
    assert a["params"]["reference_date"] == AS_OF


def test_bad_dates_exit_2() -> None:
    out = _fails("gaps", "--as-of", "平成31年5月1日")
    assert "平成の期間外" in out and "invalid as_of date" in out
    out = _fails("map", "--as-of", "2024-02-30")
    assert "存在しません" in out and not Path("map.html").exists()


# --------------------------------------------------------------------------- products


def test_map_export_and_report_take_names(env: Path) -> None:
    _ok("map", "--area", "日吉地区", "--as-of", "R6.6.30")
    assert (env / "map-kohoku-hiyoshi.html").is_file()
    out = env / "gaps.csv"
    _ok("export", "--area", "日吉地区", "--as-of", "令和6年6月30日", "--output", str(out))
    by_id = env / "gaps-id.csv"
    _ok("export", "--area", "kohoku-hiyoshi", "--as-of", AS_OF, "--output", str(by_id))
    assert out.read_bytes() == by_id.read_bytes()
    _ok("report", "--area", "日吉地区", "--as-of", AS_OF)
    assert (env / "sheet-kohoku-hiyoshi.pdf").is_file()
    out_text = _fails("report", "--area", "日吉")
    assert "did you mean: 日吉地区 (kohoku-hiyoshi)" in out_text


def test_token_create_takes_a_name(data: Path) -> None:
    from netmap.auth import token_store

    res = runner.invoke(app, ["token", "create", "--role", "viewer", "--area", "日吉地区"])
    assert res.exit_code == 0, res.output
    info = token_store(get_settings()).verify(res.stdout.strip().splitlines()[-1])
    assert info is not None and info.area_id == "kohoku-hiyoshi"
    out = _fails("token", "create", "--role", "viewer", "--area", "日吉")
    assert "日吉地区 (kohoku-hiyoshi)" in out and "--allow-unknown-area" in out


# --------------------------------------------------------------------------- flows --need


def _by_need(result: dict[str, Any], need: str) -> dict[str, dict[str, Any]]:
    return {a["area_id"]: n for a in result["areas"] for n in a["by_need"] if n["need"] == need}


@pytest.mark.parametrize("suppress", [[], ["--suppress"]])
def test_flows_need_selects_rows(suppress: list[str]) -> None:
    full = _json("flows", "--as-of", AS_OF, *suppress)
    cut = _json("flows", "--as-of", AS_OF, "--need", "食", *suppress)
    assert cut == _json("flows", "--as-of", AS_OF, "--need", "food", *suppress)
    assert cut["params"]["need"] == "food" and cut["names"]["food"] == "食"
    assert cut["one_way_organisations"] == []
    assert [a["area_id"] for a in cut["areas"]] == [a["area_id"] for a in full["areas"]]
    rows = _by_need(full, "food")
    keys = ("referrals_out", "referrals_in", "open", "accepted", "declined", "closed")
    for a in cut["areas"]:
        row = rows.get(a["area_id"])
        if row is None:  # no referral about food there: zeros
            assert (a["referrals_out"], a["referrals_in"]) == (0, 0)
        else:  # exactly the row the result already held: nothing is counted again
            assert {k: a[k] for k in keys} == {k: row[k] for k in keys}
            assert sorted(a.get("suppressed", [])) == sorted(row.get("suppressed", []))
    if suppress:
        # statuses are not published per need: hidden, as in the release's own rows
        assert all(a["open"] is None and "open" in a["suppressed"] for a in cut["areas"])


def test_flows_need_outputs() -> None:
    table = _ok("flows", "--as-of", AS_OF, "--need", "食", "--suppress")
    assert "入口と出口（紹介の流れ）：食" in table and "not shown with --need" in table
    text = _ok("flows", "--need", "食", "--format", "csv", "--suppress")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(r["open"] == "x" for r in rows)
    out = _fails("flows", "--need", "食べ物")
    assert "食 (food)" in out


# --------------------------------------------------------------------------- listings


def test_areas() -> None:
    body = _json("areas")
    assert body["total"] == len(body["areas"]) == 8
    hiyoshi = next(a for a in body["areas"] if a["id"] == "kohoku-hiyoshi")
    assert hiyoshi == {
        "id": "kohoku-hiyoshi",
        "name": "日吉地区",
        "level": "district",
        "level_label": "地区",
        "parent_id": "kohoku",
        "parent_name": "港北区",
    }
    districts = _json("areas", "--level", "district", "--under", "港北区")["areas"]
    assert [a["id"] for a in districts] == ["kohoku-hiyoshi", "kohoku-nippa", "kohoku-tsunashima"]
    under = _json("areas", "--under", "日吉地区")["areas"]
    assert [a["id"] for a in under] == ["kohoku-hiyoshi-honcho"]
    table = _ok("areas", "--level", "ward")
    assert "kohoku" in table and "港北区" in table and "横浜市" in table
    assert "日吉地区" not in table
    assert "unknown level" in _fails("areas", "--level", "town")
    assert "did you mean" in _fails("areas", "--under", "日吉")


def test_needs() -> None:
    needs = _json("needs")["needs"]
    assert needs[0] == {"id": "employment", "name_ja": "就労", "name_en": "Employment"}
    assert {"id": "food", "name_ja": "食", "name_en": "Food"} in needs
    assert needs[-1]["id"] == "transport"  # added by needs.csv, after the vocabulary
    rows = list(csv.DictReader(io.StringIO(_ok("needs", "--format", "csv"))))
    assert rows[0] == {"id": "employment", "name_ja": "就労", "name_en": "Employment"}


def test_organisations() -> None:
    orgs = _json("organisations", "--area", "日吉地区")["organisations"]
    assert [o["id"] for o in orgs] == ["org-jichikai-hiyoshi", "org-plaza-hiyoshi"]
    assert orgs[1]["area_name"] == "日吉地区" and orgs[1]["kind_label"] == "地域ケアプラザ"
    for kind in ("npo", "NPO法人"):
        assert {o["id"] for o in _json("organisations", "--kind", kind)["organisations"]} == {
            "org-npo-kodomo",
            "org-formula",
        }
    assert [o["id"] for o in _json("organisations", "--need", "食")["organisations"]] == [
        o["id"] for o in _json("organisations", "--need", "food")["organisations"]
    ]
    members = _json("organisations", "--network", "新羽地区別支援チーム")["organisations"]
    assert (
        members
        and members == _json("organisations", "--network", "net-nippa-team")["organisations"]
    )
    # closed organisations drop out on a date after they closed
    assert "org-old-center" in {o["id"] for o in _json("organisations")["organisations"]}
    later = _json("organisations", "--as-of", "令和6年6月30日")["organisations"]
    assert "org-old-center" not in {o["id"] for o in later}
    assert "netmap networks" in _fails("organisations", "--network", "ケア")


def test_csv_neutralises_formulas_and_lists_no_counts() -> None:
    text = _ok("organisations", "--area", "新羽地区", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    formula = next(r for r in rows if r["id"] == "org-formula")
    assert formula["name"] == "'=1+2"
    for args in (["areas"], ["needs"], ["organisations"], ["networks"]):
        header = _ok(*args, "--format", "csv").splitlines()[0]
        assert "population" not in header and "resident" not in header


def test_networks() -> None:
    nets = _json("networks", "--area", "新羽地区")["networks"]
    assert [n["id"] for n in nets] == ["net-nippa-team"]
    assert nets[0]["covers"] == ["kohoku-nippa"]
    assert "kohoku-nippa" in _ok("networks", "--format", "csv")
