"""The import as Japanese clerks use it (issue 14): Japanese labels in coded columns, the
mistakes people make and how they are reported — in Japanese by default, naming the sheet,
the row Excel shows, the column and the value, with "did you mean"."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from netmap.cli import app
from netmap.config import Settings, get_settings
from netmap.errors import ImportValidationError, Problem
from netmap.ingest import run_import
from netmap.ingest.messages import format_problem
from netmap.store.embedded import EmbeddedStore

from .conftest import AREAS, ORGS, TEST_KEY, WriteCsv

runner = CliRunner()


@pytest.fixture(autouse=True)
def japanese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The default language (the ingest conftest sets English for the other tests)."""
    monkeypatch.delenv("NETMAP_LANG")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def workbook(path: Path, sheets: dict[str, str]) -> Path:
    """An .xlsx with one sheet per CSV text (every cell as text)."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for title, text in sheets.items():
        ws = wb.create_sheet(title)
        for line in text.splitlines():
            ws.append(line.split(","))
    wb.save(path)
    return path


def rejected(path: Path, store: EmbeddedStore, settings: Settings) -> list[Problem]:
    with pytest.raises(ImportValidationError) as err:
        run_import(path, store, settings=settings)
    return err.value.problems


def by_place(problems: list[Problem]) -> dict[tuple[str, int | None, str | None], Problem]:
    return {(p.file, p.row, p.column): p for p in problems}


NETWORKS = "id,name,kind\nnet-care,地域ケア会議,分野別\n"


# --------------------------------------------------------------------------- labels


def test_japanese_labels_and_codes_in_any_width_or_case_are_stored_as_codes(
    write_csv: WriteCsv, store: EmbeddedStore, settings: Settings
) -> None:
    folder = write_csv(
        {
            "areas.csv": (
                "id,name,level,parent_id\n"
                "yokohama,横浜市,市,\n"
                "kohoku,港北区,ＷＡＲＤ,yokohama\n"
                "hiyoshi,日吉地区,地区,kohoku\n"
            ),
            "organisations.csv": (
                "id,name,kind,area_id,provides\n"
                "org-a,港北区生活支援課,区生活支援課,kohoku,就労;Household Finance\n"
                "org-b,日吉地域ケアプラザ,地域ケアプラザ,hiyoshi,介護；孤立\n"
                "org-c,NPO法人ひよし,ＮＰＯ法人,hiyoshi,\n"
                "org-d,ハローワーク港北,Employment Office,kohoku,\n"
            ),
            "networks.csv": NETWORKS,
            "memberships.csv": "organisation_id,network_id,role\norg-b,net-care,事務局\n",
            "activities.csv": (
                "id,name,kind,organisation_id,area_id,needs,target_groups\n"
                "act-1,ひよしこども食堂,子ども食堂,org-c,hiyoshi,食,子ども;子育て家庭\n"
            ),
            "referrals.csv": (
                "id,date,from_id,to_id,need,status\n"
                "ref-1,2024-07-01,org-a,act-1,食,受入\n"
                "ref-2,2024-07-02,org-a,org-b,FOOD,対応中\n"
            ),
        }
    )
    report = run_import(folder, store, settings=settings)
    assert report.warnings == []
    G = store.export_graph()
    assert [G.nodes[a]["level"] for a in ("yokohama", "kohoku", "hiyoshi")] == [
        "city",
        "ward",
        "district",
    ]
    assert [G.nodes[o]["kind"] for o in ("org-a", "org-b", "org-c", "org-d")] == [
        "welfare_office",
        "community_care_plaza",
        "npo",
        "employment_office",
    ]
    assert G.nodes["net-care"]["kind"] == "field"
    assert G.nodes["act-1"]["kind"] == "food_support"
    assert G.nodes["act-1"]["target_groups"] == ["children", "families"]
    assert (G.nodes["ref-1"]["status"], G.nodes["ref-2"]["status"]) == ("accepted", "open")
    provides = {(s, t) for s, t, d in G.edges(data=True) if d["type"] == "PROVIDES"}
    assert provides == {
        ("org-a", "employment"),
        ("org-a", "household_finance"),
        ("org-b", "elder_care"),
        ("org-b", "isolation"),
    }
    about = {(s, t) for s, t, d in G.edges(data=True) if d["type"] == "ABOUT"}
    assert about == {("ref-1", "food"), ("ref-2", "food")}
    role = [d["role"] for _, _, d in G.edges(data=True) if d["type"] == "MEMBER_OF"]
    assert role == ["secretariat"]


def test_a_typo_or_unknown_kind_is_an_error_with_suggestions(
    write_csv: WriteCsv, store: EmbeddedStore, settings: Settings
) -> None:
    folder = write_csv(
        {
            "areas.csv": AREAS,
            "organisations.csv": (
                ORGS + "org-c,謎,comunity_care_plaza,hiyoshi\norg-d,謎,地域ケアプラサ,hiyoshi\n"
            ),
            "networks.csv": "id,name,kind\nnet-1,会議,分野\n",
        }
    )
    places = by_place(rejected(folder, store, settings))
    typo = places[("organisations.csv", 4, "kind")]
    assert typo.value == "comunity_care_plaza"
    assert typo.reason.startswith("団体の種別が一覧にありません: ")
    assert "もしかして community_care_plaza（地域ケアプラザ）？" in typo.reason
    assert "kinds.csv で追加" in typo.reason
    label_typo = places[("organisations.csv", 5, "kind")]
    assert "community_care_plaza（地域ケアプラザ）" in label_typo.reason
    network = places[("networks.csv", 2, "kind")]
    assert network.reason.startswith("ネットワークの種類が一覧にありません: ")
    assert "field（分野別）" in network.reason


def test_the_kinds_sheet_adds_kinds_by_code_or_label(
    write_csv: WriteCsv, store: EmbeddedStore, settings: Settings
) -> None:
    kinds = (
        "vocabulary,code,label_ja,label_en\n"
        "organisation_kind,food_bank,フードバンク,Food bank\n"
        "活動の種別,Repair Cafe,修理カフェ,\n"
    )
    folder = write_csv(
        {
            "kinds.csv": kinds,
            "areas.csv": AREAS,
            "organisations.csv": ORGS + "org-c,フードバンク港北,フードバンク,kohoku\n",
            "activities.csv": (
                "id,name,kind,organisation_id,area_id,needs\n"
                "act-1,修理カフェ日吉,repair_cafe,org-c,hiyoshi,isolation\n"
            ),
        }
    )
    run_import(folder, store, settings=settings)
    G = store.export_graph()
    assert (G.nodes["org-c"]["kind"], G.nodes["act-1"]["kind"]) == ("food_bank", "repair_cafe")
    bad = write_csv(
        {
            "kinds.csv": (
                "vocabulary,code,label_ja\n"
                "organisation_kind,フードバンク,\n"
                "organisation_kind,plaza2,地域ケアプラザ\n"
                "activity_kinds,x,\n"
            ),
            "areas.csv": AREAS,
        },
        "bad",
    )
    places = by_place(rejected(bad, store, settings))
    assert set(places) == {
        ("kinds.csv", 2, "code"),  # not a code
        ("kinds.csv", 3, "label_ja"),  # the label of a built-in kind
        ("kinds.csv", 4, "vocabulary"),  # no such vocabulary (did you mean activity_kind?)
    }
    assert "activity_kind" in places[("kinds.csv", 4, "vocabulary")].reason


# --------------------------------------------------------------------------- ids


def test_unknown_ids_close_to_real_ones_get_did_you_mean(
    write_csv: WriteCsv, store: EmbeddedStore, settings: Settings
) -> None:
    folder = write_csv(
        {
            "areas.csv": AREAS,
            "organisations.csv": ORGS.replace("org-a,", "org-hellowork,"),
            "networks.csv": NETWORKS,
            "memberships.csv": (
                "organisation_id,network_id\n"
                "org-hellowork-seya,net-care\n"  # one word too many
                "ｏｒｇ-ｂ,net-care\n"  # full-width
                "ORG-HELLOWORK,net-care\n"  # upper case
                "org-nowhere-at-all,net-care\n"  # nothing close
            ),
        }
    )
    places = by_place(rejected(folder, store, settings))
    assert {k: p.value for k, p in places.items()} == {
        ("memberships.csv", 2, "organisation_id"): "org-hellowork-seya",
        ("memberships.csv", 3, "organisation_id"): "ｏｒｇ-ｂ",
        ("memberships.csv", 4, "organisation_id"): "ORG-HELLOWORK",
        ("memberships.csv", 5, "organisation_id"): "org-nowhere-at-all",
    }
    reasons = {k[1]: p.reason for k, p in places.items()}
    assert reasons[2].startswith("参照先がありません: ")
    assert "もしかして org-hellowork（港北区生活支援課）？" in reasons[2]
    assert "もしかして org-b（日吉地域ケアプラザ）？" in reasons[3]
    assert "もしかして org-hellowork（港北区生活支援課）？" in reasons[4]
    assert "もしかして" not in reasons[5]


def test_suggestions_come_from_the_store_too(
    write_csv: WriteCsv, store: EmbeddedStore, settings: Settings
) -> None:
    run_import(write_csv({"areas.csv": AREAS, "organisations.csv": ORGS}), store, settings=settings)
    folder = write_csv(
        {
            "networks.csv": NETWORKS,
            "memberships.csv": "organisation_id,network_id\norg-aa,net-care\n",
        },
        "later",
    )
    (problem,) = rejected(folder, store, settings)
    assert "もしかして org-a（港北区生活支援課）？" in problem.reason


def test_duplicate_id_names_the_sheet_and_the_excel_row(
    tmp_path: Path, store: EmbeddedStore, settings: Settings
) -> None:
    book = workbook(
        tmp_path / "dup.xlsx",
        {
            "areas": AREAS,
            "organisations": ORGS,
            "networks": "id,name,kind\nhiyoshi,日吉ネットワーク,地域別\n",
        },
    )
    (problem,) = rejected(book, store, settings)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "networks (sheet)",
        2,
        "id",
        "hiyoshi",
    )
    assert "areas シートの 4 行目で使われています" in problem.reason
    assert format_problem(problem).startswith("networks シート 2 行目 id 列: ID が重複しています")


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize("written", ["2024/6/30", "2024年6月30日", "令和6年6月30日", "R6.6.30"])
def test_dates_as_people_write_them(
    written: str, write_csv: WriteCsv, store: EmbeddedStore, settings: Settings
) -> None:
    folder = write_csv(
        {
            "areas.csv": AREAS,
            "organisations.csv": "id,name,kind,area_id,verified_on\n"
            f"org-a,港北区生活支援課,welfare_office,kohoku,{written}\n",
        }
    )
    run_import(folder, store, settings=settings)
    assert store.export_graph().nodes["org-a"]["verified_on"] == "2024-06-30"


def test_a_date_that_does_not_exist_is_reported_in_japanese(
    write_csv: WriteCsv, store: EmbeddedStore, settings: Settings
) -> None:
    folder = write_csv(
        {
            "areas.csv": AREAS,
            "organisations.csv": "id,name,kind,area_id,verified_on\n"
            "org-a,甲,npo,kohoku,平成31年5月1日\norg-b,乙,npo,kohoku,きのう\n",
        }
    )
    places = by_place(rejected(folder, store, settings))
    assert places[("organisations.csv", 2, "verified_on")].reason.startswith(
        "日付が正しくありません: 日付「平成31年5月1日」は平成の期間外です"
    )
    assert "令和6年6月30日" in places[("organisations.csv", 3, "verified_on")].reason


def test_numbers_with_commas_or_full_width_digits(
    write_csv: WriteCsv, store: EmbeddedStore, settings: Settings
) -> None:
    folder = write_csv(
        {
            "areas.csv": (
                "id,name,level,parent_id,population\n"
                'yokohama,横浜市,city,,"3,770,000"\n'
                'kohoku,港北区,ward,yokohama,"３５６，０００"\n'
                "hiyoshi,日吉地区,district,kohoku,２４０００\n"
                "nippa,新羽地区,district,kohoku,約2万\n"
            )
        }
    )
    (problem,) = rejected(folder, store, settings)
    assert (problem.row, problem.column, problem.value) == (5, "population", "約2万")
    assert problem.reason == "数値が正しくありません: 整数ではありません"
    fixed = write_csv(
        {"areas.csv": (folder / "areas.csv").read_text(encoding="utf-8").replace("約2万", "")},
        "fixed",
    )
    run_import(fixed, store, settings=settings)
    G = store.export_graph()
    assert [G.nodes[a]["population"] for a in ("yokohama", "kohoku", "hiyoshi")] == [
        3770000,
        356000,
        24000,
    ]


def test_an_empty_required_cell(
    write_csv: WriteCsv, store: EmbeddedStore, settings: Settings
) -> None:
    folder = write_csv({"areas.csv": AREAS + "nippa,,district,kohoku\n"})
    (problem,) = rejected(folder, store, settings)
    assert (problem.file, problem.row, problem.column) == ("areas.csv", 6, "name")
    assert problem.reason == "必須の値が空欄です"


# --------------------------------------------------------------------------- columns, sheets


def test_a_renamed_or_missing_required_column(
    write_csv: WriteCsv, store: EmbeddedStore, settings: Settings
) -> None:
    folder = write_csv(
        {
            "areas.csv": AREAS.replace("id,name,level", "id,名称,Level"),  # Level is fine
            "organisations.csv": (
                "id,name,kind,organization_id_typo,Area ID\norg-a,甲,npo,x,kohoku\n"
            ),
            "networks.csv": "id,name,knd\nnet-1,会議,field\n",
            "partnerships.csv": "source_id,target\norg-a,org-a\n",
        }
    )
    places = by_place(rejected(folder, store, settings))
    assert set(places) == {
        ("areas.csv", 1, "name"),
        ("networks.csv", 1, "kind"),
        ("partnerships.csv", 1, "target_id"),
    }
    assert places[("areas.csv", 1, "name")].reason == (
        "必須の列がありません: 列「名称」のことなら、列名を name にしてください"
    )
    assert "列「knd」" in places[("networks.csv", 1, "kind")].reason
    assert "列「target」" in places[("partnerships.csv", 1, "target_id")].reason


def test_a_misspelt_sheet_is_an_error_an_unknown_one_a_warning(
    tmp_path: Path, store: EmbeddedStore, settings: Settings
) -> None:
    book = workbook(
        tmp_path / "typo.xlsx",
        {"areas": AREAS, "organisation": ORGS, "メモ": "自分用のメモ\n"},
    )
    with pytest.raises(ImportValidationError) as err:
        run_import(book, store, settings=settings)
    (problem,) = err.value.problems
    assert (problem.file, problem.row) == ("organisation (sheet)", None)
    assert "netmap のシート名ではありません: もしかして organisations？" in problem.reason
    warnings = err.value.details["warnings"]
    assert [w["file"] for w in warnings] == ["メモ (sheet)"]
    assert warnings[0]["reason"].startswith("netmap のシート名ではないので無視しました")
    assert store.counts().nodes["Area"] == 0


def test_a_misspelt_csv_file_name_is_an_error(
    write_csv: WriteCsv, store: EmbeddedStore, settings: Settings
) -> None:
    folder = write_csv({"areas.csv": AREAS, "Organizations (1).csv": ORGS})
    (problem,) = rejected(folder, store, settings)
    assert problem.file == "Organizations (1).csv"
    assert "もしかして organisations？" in problem.reason


# --------------------------------------------------------------------------- the report


def test_workbook_and_csv_report_the_same_rows_and_the_sheet_by_name(
    write_csv: WriteCsv, tmp_path: Path, store: EmbeddedStore, settings: Settings
) -> None:
    files = {
        "areas.csv": AREAS,
        "residents.csv": "id,area_id,needs\nA-1,hiyoshi,食\nA-2,hiyoshi,食べ物\n",
    }
    from_csv = rejected(write_csv(files), store, settings)
    book = workbook(tmp_path / "b.xlsx", {k.removesuffix(".csv"): v for k, v in files.items()})
    from_xlsx = rejected(book, store, settings)
    assert [(p.row, p.column, p.value) for p in from_csv] == [(3, "needs", "食べ物")]
    assert [(p.row, p.column, p.value) for p in from_xlsx] == [(3, "needs", "食べ物")]
    assert (from_csv[0].file, from_xlsx[0].file) == ("residents.csv", "residents (sheet)")
    assert "needs.csv" in from_csv[0].reason
    assert "needs シート" in from_xlsx[0].reason and "needs.csv" not in from_xlsx[0].reason


def test_the_cli_speaks_japanese_by_default_and_english_on_request(
    write_csv: WriteCsv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", TEST_KEY)
    get_settings.cache_clear()
    folder = write_csv({"areas.csv": AREAS.replace(",district,", ",distrct,", 1)})
    result = runner.invoke(app, ["import", str(folder)])
    assert result.exit_code == 1
    out = " ".join(result.stderr.split())
    assert "取り込みを中止しました: 問題が 1 件あります。何も書き込んでいません" in out
    assert "areas.csv 4 行目 level 列: 地域の階層が一覧にありません: " in out
    assert "もしかして district（地区）？" in out
    assert "（値「distrct」）" in out
    monkeypatch.setenv("NETMAP_LANG", "en")
    get_settings.cache_clear()
    result = runner.invoke(app, ["import", str(folder)])
    out = " ".join(result.stderr.split())
    assert "import rejected: 1 problem; nothing was written" in out
    assert (
        "areas.csv, row 4, column 'level': bad level: expected one of city, ward, district, "
        "neighbourhood (did you mean district?) (value 'distrct')"
    ) in out


def test_json_problems_keep_their_structure(
    write_csv: WriteCsv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    folder = write_csv({"areas.csv": AREAS + "x,,district,kohoku\n"})
    result = runner.invoke(app, ["import", str(folder), "--format", "json"])
    assert result.exit_code == 1
    body: dict[str, Any] = json.loads(result.stdout)
    assert body["problems"] == [
        {
            "file": "areas.csv",
            "row": 6,
            "column": "name",
            "value": "",
            "reason": "必須の値が空欄です",
        }
    ]
