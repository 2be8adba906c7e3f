"""Validation: every problem at once, with file, row (as Excel shows it: the header is row
1) and column; warnings; pseudonyms. (English messages: see conftest.py; the Japanese ones
and the mistakes clerks make are in test_japanese.py.)"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from netmap.errors import Problem
from netmap.ingest.sources import read_tables
from netmap.ingest.validate import validate_tables
from netmap.ingest.validation import AreaInfo, Validation
from netmap.privacy import pseudonymise

from .conftest import AREAS, BAD, ORGS, SAMPLE, TEST_KEY, WriteCsv

KEY = TEST_KEY.encode()


def _validate(
    path: Path,
    existing: Mapping[str, str] | None = None,
    store_areas: Mapping[str, AreaInfo] | None = None,
) -> Validation:
    stored = dict(existing or {})
    return validate_tables(
        read_tables(path),
        key=KEY,
        existing_ids=lambda ids: {i: stored[i] for i in ids if i in stored},
        store_areas=(lambda: store_areas) if store_areas is not None else None,
    )


def _where(problems: list[Problem]) -> set[tuple[str, int | None, str | None]]:
    return {(p.file, p.row, p.column) for p in problems}


def test_sample_is_valid_without_warnings() -> None:
    v = _validate(SAMPLE)
    assert v.problems == []
    assert v.warnings == []  # food_bank is a kind the sample's kinds.csv adds
    assert v.kinds == {"organisation_kind": {"food_bank": ("フードバンク", "Food bank")}}
    row = v.files["organisations.csv"].rows[10]
    assert (row.number, row.values["kind"]) == (12, "food_bank")


def test_bad_folder_reports_every_problem_with_its_place() -> None:
    v = _validate(BAD)
    assert _where(v.problems) == {
        ("areas.csv", 5, "level"),  # bad level "town"
        ("areas.csv", 6, "parent_id"),  # cycle loop-a → loop-b → loop-a
        ("areas.csv", 7, "parent_id"),
        ("organisations.csv", 1, "kind"),  # missing required column (the header row)
        ("organisations.csv", 4, "id"),  # duplicate id within the file
        ("networks.csv", 3, "id"),  # id already used by an area
        ("activities.csv", 2, "organisation_id"),  # dangling reference
        ("referrals.csv", 2, "date"),  # bad date
        ("referrals.csv", 3, None),  # more cells than the header
    }
    by_place = {(p.file, p.row, p.column): p for p in v.problems}
    assert by_place[("areas.csv", 5, "level")].value == "town"
    assert "cycle: loop-a → loop-b → loop-a" in by_place[("areas.csv", 6, "parent_id")].reason
    assert by_place[("organisations.csv", 1, "kind")].reason == "required column is missing"
    assert "already used in this file row 2" in by_place[("organisations.csv", 4, "id")].reason
    assert "already used in areas.csv row 3" in by_place[("networks.csv", 3, "id")].reason
    dangling = by_place[("activities.csv", 2, "organisation_id")]
    assert (dangling.value, dangling.reason) == (
        "org-missing",
        "no Organisation with this id in the files or the store",
    )
    assert by_place[("referrals.csv", 2, "date")].value == "2024-13-01"
    assert "3 cells" not in by_place[("referrals.csv", 3, None)].reason
    assert "7 cells but the header has 6" in by_place[("referrals.csv", 3, None)].reason


def test_empty_required_cells_and_bad_values(write_csv: WriteCsv) -> None:
    folder = write_csv(
        {
            "areas.csv": AREAS + "x,,district,kohoku\n",
            "organisations.csv": ORGS + "org-c,,npo,\n",
            "activities.csv": (
                "id,name,kind,organisation_id,area_id,needs,target_groups,capacity\n"
                "act-1,サロン,salon,org-a,hiyoshi,,elderly;aliens,many\n"
                "act-2,教室,course,org-b,hiyoshi,learning;astrology,all,1.5\n"
            ),
            "networks.csv": "id,name,kind\nnet-1,会議,committee\n",
            "memberships.csv": "organisation_id,network_id,role\norg-a,net-1,boss\n",
            "referrals.csv": (
                "id,date,from_id,to_id,need,status\n"
                "ref-1,2024/4/1,org-a,act-1,food,lost\n"
                "ref-2,yesterday,org-a,hiyoshi,food,open\n"
            ),
        }
    )
    v = _validate(folder)
    assert _where(v.problems) == {
        ("areas.csv", 6, "name"),
        ("organisations.csv", 4, "name"),
        ("organisations.csv", 4, "area_id"),
        ("activities.csv", 2, "needs"),  # empty required list
        ("activities.csv", 2, "target_groups"),  # aliens
        ("activities.csv", 2, "capacity"),  # many
        ("activities.csv", 3, "needs"),  # astrology: unknown need
        ("activities.csv", 3, "capacity"),  # 1.5
        ("networks.csv", 2, "kind"),
        ("memberships.csv", 2, "role"),
        ("referrals.csv", 2, "status"),
        ("referrals.csv", 3, "date"),
        ("referrals.csv", 3, "to_id"),  # an area, not an organisation or activity
    }
    reasons = {(p.file, p.row, p.column): p.reason for p in v.problems}
    assert reasons[("areas.csv", 6, "name")] == "required value is empty"
    assert reasons[("activities.csv", 3, "needs")] == (
        "unknown need (not in the vocabulary, needs.csv or the store)"
    )
    assert reasons[("referrals.csv", 3, "to_id")] == (
        "this id names an Area, expected Organisation or Activity"
    )
    assert "expected one of field, area, theme" in reasons[("networks.csv", 2, "kind")]


def test_store_ids_count_as_references_and_conflict_by_label(write_csv: WriteCsv) -> None:
    folder = write_csv(
        {
            "organisations.csv": (
                "id,name,kind,area_id,provides\n"
                "org-new,新しい団体,npo,hiyoshi,digital\n"
                "net-old,名前の衝突,npo,hiyoshi,\n"
                "org-x,どこか,npo,nowhere,\n"
            ),
        }
    )
    stored = {"hiyoshi": "Area", "net-old": "Network", "digital": "Need"}
    v = _validate(folder, stored)
    assert _where(v.problems) == {
        ("organisations.csv", 3, "id"),
        ("organisations.csv", 4, "area_id"),
    }
    assert "the store already has a Network with this id" in v.problems[0].reason


def test_needs_csv_adds_a_need(write_csv: WriteCsv) -> None:
    folder = write_csv(
        {
            "areas.csv": AREAS,
            "needs.csv": "id,name_ja,name_en\ndigital,デジタル活用,Digital skills\n",
            "residents.csv": "id,area_id,needs\nA-1,hiyoshi,digital;food\n",
        }
    )
    assert _validate(folder).problems == []


def test_need_ids_match_the_vocabulary_case_insensitively(write_csv: WriteCsv) -> None:
    folder = write_csv(
        {"areas.csv": AREAS, "residents.csv": "id,area_id,needs\nA-1,hiyoshi,Food\n"}
    )
    v = _validate(folder)
    assert v.problems == []
    assert v.files["residents.csv"].rows[0].values["needs"] == ["food"]


def test_resident_ids_are_pseudonymised_and_never_shown(write_csv: WriteCsv) -> None:
    folder = write_csv(
        {
            "areas.csv": AREAS,
            "residents.csv": (
                "id,area_id,needs,name,address,age_band\n"
                "山田-0001,hiyoshi,food,山田太郎,日吉1-2-3,40-49\n"
                "山田-0001,hiyoshi,food,山田太郎,日吉1-2-3,40-49\n"
            ),
            "participations.csv": "resident_id,activity_id\n佐藤-0002,act-none\n",
            "referrals.csv": (
                "id,date,from_id,to_id,need,resident_id\n"
                "ref-1,2024-04-01,org-a,org-a,food,鈴木-0003\n"
            ),
            "organisations.csv": ORGS,
        }
    )
    v = _validate(folder)
    assert _where(v.problems) == {
        ("residents.csv", 3, "id"),  # duplicate resident
        ("participations.csv", 2, "resident_id"),  # unknown resident
        ("participations.csv", 2, "activity_id"),
        ("referrals.csv", 2, "resident_id"),
    }
    text = repr(v.problems) + repr(v.warnings) + repr(v.files)
    for raw in ("山田-0001", "佐藤-0002", "鈴木-0003", "山田太郎", "日吉1-2-3"):
        assert raw not in text
    hidden = [p for p in v.problems if p.column in ("id", "resident_id")]
    assert all(p.value is None and "value hidden" in p.reason for p in hidden)
    row = v.files["residents.csv"].rows[0]
    assert row.values["id"] == pseudonymise("山田-0001", KEY)
    assert row.extra == {}
    assert [(w.file, w.row) for w in v.warnings] == [("residents.csv", 1)]
    assert "columns dropped" in v.warnings[0].reason
    assert "name, address" in v.warnings[0].reason


def test_periods_dates_and_provenance(write_csv: WriteCsv) -> None:
    folder = write_csv(
        {
            "areas.csv": AREAS,
            "organisations.csv": (
                "id,name,kind,area_id,valid_from,valid_to,source,verified_on\n"
                "org-a,甲,npo,hiyoshi,2024-04-01,2023-03-31,調査,2024-05-01\n"
                "org-b,乙,npo,hiyoshi,2020/4/1,,調査,2024-02-30\n"
            ),
        }
    )
    v = _validate(folder)
    assert _where(v.problems) == {
        ("organisations.csv", 2, "valid_to"),
        ("organisations.csv", 3, "verified_on"),
    }
    values = v.files["organisations.csv"].rows[1].values
    assert values["valid_from"] == "2020-04-01"  # Excel's YYYY/M/D normalised


def test_unknown_columns_kept_reserved_rejected(write_csv: WriteCsv) -> None:
    areas = (
        "id,name,level,parent_id,備考,label\n"
        "yokohama,横浜市,city,,,\n"
        "kohoku,港北区,ward,yokohama,区役所あり,x\n"
    )
    v = _validate(write_csv({"areas.csv": areas}))
    assert _where(v.problems) == {("areas.csv", 1, "label")}
    assert [r.extra for r in v.files["areas.csv"].rows] == [{}, {"備考": "区役所あり"}]


def test_pairs_duplicates_and_self_partnership(write_csv: WriteCsv) -> None:
    folder = write_csv(
        {
            "areas.csv": AREAS,
            "organisations.csv": ORGS,
            "networks.csv": "id,name,kind\nnet-1,会議,field\n",
            "memberships.csv": (
                "organisation_id,network_id,role\norg-a,net-1,chair\norg-a,net-1,member\n"
            ),
            "partnerships.csv": (
                "source_id,target_id,kind\n"
                "org-a,org-b,referral\n"
                "org-b,org-a,referral\n"
                "org-b,org-a,training\n"
                "org-a,org-a,referral\n"
            ),
        }
    )
    v = _validate(folder)
    assert _where(v.problems) == {
        ("memberships.csv", 3, None),
        ("partnerships.csv", 3, None),
        ("partnerships.csv", 5, "target_id"),
    }


def test_hierarchy_levels_and_cycles_through_the_store(write_csv: WriteCsv) -> None:
    folder = write_csv(
        {
            "areas.csv": (
                "id,name,level,parent_id\n"
                "ward-x,某区,ward,dist-y\n"  # cycle through the store: dist-y → ward-x
                "n-1,町内,neighbourhood,hiyoshi\n"
                "big,大きな地区,ward,n-1\n"  # a ward inside a neighbourhood
            ),
            "residents.csv": "id,area_id,needs\nA-1,n-1,food\n",  # too fine for a resident
        }
    )
    stored = {"dist-y": "Area", "hiyoshi": "Area"}
    store_areas = {
        "dist-y": AreaInfo("district", "ward-x"),
        "hiyoshi": AreaInfo("district", "kohoku"),
    }
    v = _validate(folder, stored, store_areas)
    assert _where(v.problems) == {
        ("areas.csv", 2, "parent_id"),
        ("areas.csv", 4, "parent_id"),
        ("residents.csv", 2, "area_id"),
    }
    reasons = {(p.file, p.row): p.reason for p in v.problems}
    assert "cycle: ward-x → dist-y → ward-x" in reasons[("areas.csv", 2)]
    assert "a ward cannot be part of a neighbourhood" in reasons[("areas.csv", 4)]


def test_referral_to_an_activity_and_unknown_kinds_are_problems(write_csv: WriteCsv) -> None:
    files = {
        "areas.csv": AREAS,
        "organisations.csv": ORGS + "org-c,謎の団体,guild,hiyoshi\norg-d,謎2,guild,hiyoshi\n",
        "activities.csv": (
            "id,name,kind,organisation_id,area_id,needs\n"
            "act-1,謎の活動,ritual,org-c,hiyoshi,isolation\n"
        ),
        "referrals.csv": "id,date,from_id,to_id,need\nref-1,2024-04-01,org-a,act-1,isolation\n",
    }
    v = _validate(write_csv(files))
    assert {(p.file, p.row, p.column, p.value) for p in v.problems} == {
        ("organisations.csv", 4, "kind", "guild"),
        ("organisations.csv", 5, "kind", "guild"),
        ("activities.csv", 2, "kind", "ritual"),
    }
    assert all("add a new kind on kinds.csv" in p.reason for p in v.problems)
    # the kinds file adds them: then the referral to an activity is all there is
    files["kinds.csv"] = (
        "vocabulary,code,label_ja,label_en\n"
        "organisation_kind,guild,組合,Guild\n"
        "活動の種別,Ritual,儀式,\n"
    )
    v = _validate(write_csv(files, "with-kinds"))
    assert v.problems == [] and v.warnings == []
    assert v.kinds == {
        "organisation_kind": {"guild": ("組合", "Guild")},
        "activity_kind": {"ritual": ("儀式", "ritual")},
    }
    assert v.files["activities.csv"].rows[0].values["kind"] == "ritual"
