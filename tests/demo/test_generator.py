"""The synthetic demo data: format (DATA_MODEL.md import format), determinism, the plan's
named examples, and that it goes through the real importer."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from netmap.demo import AS_OF, DEMO_SCALE, DEMO_SEED, generate, planted
from netmap.demo.generator import FILES, planted_json
from netmap.demo.records import SOURCE
from netmap.demo.scenario import build_plan
from netmap.demo.writer import write_plan

#: DATA_MODEL.md "Import format": required columns per file.
REQUIRED: dict[str, tuple[str, ...]] = {
    "areas.csv": ("id", "name", "level"),
    "organisations.csv": ("id", "name", "kind", "area_id"),
    "networks.csv": ("id", "name", "kind"),
    "memberships.csv": ("organisation_id", "network_id"),
    "partnerships.csv": ("source_id", "target_id"),
    "activities.csv": ("id", "name", "kind", "organisation_id", "area_id", "needs"),
    "residents.csv": ("id", "area_id", "needs"),
    "participations.csv": ("resident_id", "activity_id"),
    "referrals.csv": ("id", "date", "from_id", "to_id", "need"),
    "needs.csv": ("id", "name_ja"),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    "areas.csv": ("parent_id", "population"),
    "organisations.csv": ("sectors", "provides"),
    "networks.csv": ("covers",),
    "memberships.csv": ("role",),
    "partnerships.csv": ("kind", "since"),
    "activities.csv": ("target_groups", "capacity"),
    "residents.csv": ("age_band",),
    "participations.csv": ("since",),
    "referrals.csv": ("status", "resident_id"),
    "needs.csv": ("name_en",),
}
TIMED = {
    "organisations.csv",
    "networks.csv",
    "memberships.csv",
    "partnerships.csv",
    "activities.csv",
    "participations.csv",
}
WARDS_JA = [
    "鶴見区",
    "神奈川区",
    "西区",
    "中区",
    "南区",
    "港南区",
    "保土ケ谷区",
    "旭区",
    "磯子区",
    "金沢区",
    "港北区",
    "緑区",
    "青葉区",
    "都筑区",
    "戸塚区",
    "栄区",
    "泉区",
    "瀬谷区",
]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def split(cell: str) -> list[str]:
    return [x for x in cell.split(";") if x]


@pytest.fixture(scope="module")
def tables(demo_csv: Path) -> dict[str, list[dict[str, str]]]:
    return {name: read(demo_csv, name) for name in FILES}


def test_same_arguments_give_byte_identical_files(demo_csv: Path, tmp_path: Path) -> None:
    again = generate(
        tmp_path / "again", scale=DEMO_SCALE, seed=DEMO_SEED, plan_dir=tmp_path / "plan"
    )
    assert sorted(p.name for p in demo_csv.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (demo_csv / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name
    assert again.files == {name: len(read(demo_csv, name)) for name in FILES}
    # the plan to try, written beside the data, is data alone: the same files every time
    assert again.plan_files == planted()["scenario"]["files"]
    assert write_plan(build_plan(), tmp_path / "plan-again") == again.plan_files
    for name in again.plan_files:
        assert (tmp_path / "plan" / name).read_bytes() == (
            tmp_path / "plan-again" / name
        ).read_bytes()


def test_another_seed_gives_other_data(demo_csv: Path, tmp_path: Path) -> None:
    generate(tmp_path, scale=DEMO_SCALE, seed=DEMO_SEED + 1)
    assert (demo_csv / "referrals.csv").read_bytes() != (tmp_path / "referrals.csv").read_bytes()


def test_files_are_plain_utf8_with_the_data_model_columns(demo_csv: Path) -> None:
    for name in FILES:
        raw = (demo_csv / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), name
        text = raw.decode("utf-8")  # strict
        header = next(csv.reader([text.splitlines()[0]]))
        assert header[: len(REQUIRED[name])] == list(REQUIRED[name]), name
        assert set(OPTIONAL[name]) <= set(header), name
        assert ("source" in header and "verified_on" in header) or name == "needs.csv"
        if name in TIMED:
            assert {"valid_from", "valid_to"} <= set(header), name
        rows = read(demo_csv, name)
        assert rows, name
        for i, row in enumerate(rows, start=1):
            assert None not in row, (name, i)  # no row with more cells than the header
            for col in REQUIRED[name]:
                assert row[col].strip(), (name, i, col)


def test_every_row_is_marked_synthetic_and_dated(tables: dict[str, list[dict[str, str]]]) -> None:
    assert SOURCE == "合成データ(synthetic demo)"
    for name, rows in tables.items():
        for row in rows:
            assert row["source"] == SOURCE, name
            if "verified_on" in row:
                assert ISO_DATE.match(row["verified_on"]), (name, row)
            for col in ("valid_from", "valid_to", "since", "date"):
                if row.get(col):
                    assert ISO_DATE.match(row[col]), (name, col, row)
                    assert row[col] <= "2026-11-30" < AS_OF, (name, col, row)


def test_vocabularies_and_lists(tables: dict[str, list[dict[str, str]]]) -> None:
    from netmap.model.vocab import ACTIVITY_KINDS, NEEDS, ORGANISATION_KINDS, TargetGroup

    needs = set(NEEDS)
    assert {r["id"] for r in tables["needs.csv"]} == needs
    assert {r["level"] for r in tables["areas.csv"]} <= {
        "city",
        "ward",
        "district",
        "neighbourhood",
    }
    assert {r["kind"] for r in tables["organisations.csv"]} <= set(ORGANISATION_KINDS)
    # every activity kind is present, even at the demo scale
    assert {r["kind"] for r in tables["activities.csv"]} == set(ACTIVITY_KINDS)
    assert {r["kind"] for r in tables["networks.csv"]} == {"field", "area", "theme"}
    assert {r["role"] for r in tables["memberships.csv"]} == {"chair", "secretariat", "member"}
    assert {r["status"] for r in tables["referrals.csv"]} == {
        "open",
        "accepted",
        "declined",
        "closed",
    }
    groups = {g.value for g in TargetGroup}
    for r in tables["activities.csv"]:
        assert set(split(r["needs"])) <= needs
        assert set(split(r["target_groups"])) <= groups
    for r in tables["organisations.csv"]:
        assert set(split(r["provides"])) <= needs
        assert split(r["sectors"])
    for r in tables["residents.csv"]:
        assert 1 <= len(split(r["needs"])) <= 3
        assert set(split(r["needs"])) <= needs
    assert {r["need"] for r in tables["referrals.csv"]} <= needs


def test_ids_are_unique_across_files_and_references_resolve(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    ids: Counter[str] = Counter()
    for name in (
        "areas.csv",
        "organisations.csv",
        "networks.csv",
        "activities.csv",
        "residents.csv",
        "referrals.csv",
        "needs.csv",
    ):
        ids.update(r["id"] for r in tables[name])
    assert [i for i, n in ids.items() if n > 1] == []
    areas = {r["id"]: r for r in tables["areas.csv"]}
    orgs = {r["id"] for r in tables["organisations.csv"]}
    nets = {r["id"] for r in tables["networks.csv"]}
    acts = {r["id"] for r in tables["activities.csv"]}
    residents = {r["id"] for r in tables["residents.csv"]}
    for a in areas.values():
        assert (a["parent_id"] in areas) == (a["level"] != "city")
    for r in tables["organisations.csv"]:
        assert r["area_id"] in areas
    for r in tables["networks.csv"]:
        assert set(split(r["covers"])) <= set(areas)
    for r in tables["memberships.csv"]:
        assert r["organisation_id"] in orgs and r["network_id"] in nets
    for r in tables["partnerships.csv"]:
        assert r["source_id"] in orgs and r["target_id"] in orgs
        assert r["source_id"] != r["target_id"]
    for r in tables["activities.csv"]:
        assert r["organisation_id"] in orgs
        assert areas[r["area_id"]]["level"] in ("district", "neighbourhood")
    for r in tables["residents.csv"]:
        assert areas[r["area_id"]]["level"] in ("ward", "district")  # district or coarser
    for r in tables["participations.csv"]:
        assert r["resident_id"] in residents and r["activity_id"] in acts
    for r in tables["referrals.csv"]:
        assert r["from_id"] in orgs and (r["to_id"] in orgs or r["to_id"] in acts)
        assert r["resident_id"] == "" or r["resident_id"] in residents
    # pair keys are unique (memberships, partnerships by unordered pair and kind, participations)
    mk = Counter((r["organisation_id"], r["network_id"]) for r in tables["memberships.csv"])
    pk = Counter(
        (*sorted((r["source_id"], r["target_id"])), r["kind"]) for r in tables["partnerships.csv"]
    )
    rk = Counter((r["resident_id"], r["activity_id"]) for r in tables["participations.csv"])
    assert max(mk.values()) == max(pk.values()) == max(rk.values()) == 1


def test_all_18_wards_with_districts(tables: dict[str, list[dict[str, str]]]) -> None:
    areas = tables["areas.csv"]
    city = [a for a in areas if a["level"] == "city"]
    assert [a["name"] for a in city] == ["横浜市"]
    wards = {a["id"]: a["name"] for a in areas if a["level"] == "ward"}
    assert sorted(wards.values()) == sorted(WARDS_JA)
    districts = Counter(a["parent_id"] for a in areas if a["level"] == "district")
    assert set(districts) == set(wards)
    assert min(districts.values()) >= 3
    midori = next(w for w, n in wards.items() if n == "緑区")
    names = {a["name"] for a in areas if a["parent_id"] == midori}
    assert {
        "十日市場地区",
        "中山地区",
        "霧が丘地区",
        "長津田地区",
        "鴨居地区",
        "東本郷地区",
        "新治地区",
    } <= names
    assert all(int(a["population"]) > 0 for a in areas if a["level"] != "neighbourhood")
    # a few residents are recorded only at ward level (the "unallocated" case)
    ward_level = [r for r in tables["residents.csv"] if r["area_id"] in wards]
    assert 0 < len(ward_level) < len(tables["residents.csv"]) / 50


def test_the_plans_named_examples(tables: dict[str, list[dict[str, str]]]) -> None:
    areas = {r["id"]: r for r in tables["areas.csv"]}
    orgs = {r["id"]: r for r in tables["organisations.csv"]}
    acts = {r["id"]: r for r in tables["activities.csv"]}

    def ward_of(area: str) -> str:
        while areas[area]["level"] not in ("ward", "city"):
            area = areas[area]["parent_id"]
        return areas[area]["name"]

    # 緑区: seven initiatives of seven 地域ケアプラザ, among them 十日市場's children's place
    midori = [
        a
        for a in acts.values()
        if ward_of(a["area_id"]) == "緑区"
        and orgs[a["organisation_id"]]["kind"] == "community_care_plaza"
    ]
    assert len({a["organisation_id"] for a in midori}) >= 7
    tokaichiba = [
        a
        for a in midori
        if orgs[a["organisation_id"]]["name"] == "十日市場地域ケアプラザ"
        and a["kind"] == "place_to_be"
    ]
    assert len(tokaichiba) == 1
    assert "children" in split(tokaichiba[0]["target_groups"])
    assert {"learning", "food"} <= set(split(tokaichiba[0]["needs"]))
    # 金沢区: one 地区別支援チーム per district federation
    kanazawa = {
        a["id"] for a in areas.values() if a["level"] == "district" and ward_of(a["id"]) == "金沢区"
    }
    teams = [
        n for n in tables["networks.csv"] if n["kind"] == "area" and "地区別支援チーム" in n["name"]
    ]
    covered = {c for n in teams for c in split(n["covers"])}
    assert kanazawa <= covered and len(kanazawa) >= 6
    # 磯子区: social-participation placements at companies and a care facility
    isogo = [
        a
        for a in acts.values()
        if ward_of(a["area_id"]) == "磯子区"
        and a["kind"] in ("employment_training", "social_participation")
        and orgs[a["organisation_id"]]["kind"] in ("company", "care_facility")
    ]
    assert {orgs[a["organisation_id"]]["kind"] for a in isogo} == {"company", "care_facility"}
    placements = [p for p in tables["partnerships.csv"] if p["kind"] == "placement"]
    hosts = {p["target_id"] for p in placements} | {p["source_id"] for p in placements}
    assert {a["organisation_id"] for a in isogo} <= hosts
    # 神奈川区: 羽沢プロジェクト in 羽沢
    hazawa = [a for a in acts.values() if "羽沢プロジェクト" in a["name"]]
    assert hazawa and areas[hazawa[0]["area_id"]]["name"] == "羽沢地区"
    assert {"food", "isolation"} <= set(split(hazawa[0]["needs"]))
    # 栄区: a cooking-skills course on food and household finance for working age and youth
    cooking = [a for a in acts.values() if "料理教室" in a["name"]]
    assert len(cooking) == 1 and cooking[0]["kind"] == "course"
    assert ward_of(cooking[0]["area_id"]) == "栄区"
    assert set(split(cooking[0]["needs"])) == {"food", "household_finance"}
    assert {"working_age", "youth"} <= set(split(cooking[0]["target_groups"]))
    # as_of matters: an organisation closed in 2025, a network started in 2025
    assert any(o["valid_to"].startswith("2025") for o in orgs.values())
    assert any(n["valid_from"].startswith("2025") for n in tables["networks.csv"])
    named = planted()["named_examples"]
    assert set(named["midori_care_plaza_initiatives"]) <= set(acts)
    assert set(named["kanazawa_district_teams"]) == {
        n["id"] for n in teams if set(split(n["covers"])) <= kanazawa
    }


def test_planted_json_is_the_generators_output_at_the_demo_scale(tmp_path: Path) -> None:
    manifest = generate(tmp_path, scale=DEMO_SCALE, seed=DEMO_SEED)
    shipped = planted()
    assert shipped == manifest.planted
    path = Path(__file__).resolve().parents[2] / "src" / "netmap" / "demo" / "planted.json"
    assert path.read_text(encoding="utf-8") == planted_json(manifest.planted), (
        "planted.json is stale: run `python -m netmap.demo.generator --write-planted`"
    )
    assert (shipped["scale"], shipped["seed"], shipped["as_of"]) == (DEMO_SCALE, DEMO_SEED, AS_OF)
    assert shipped["counts"]["organisations"] == manifest.files["organisations.csv"]


def test_demo_goes_through_the_importer(demo_csv: Path, tmp_path: Path) -> None:
    from netmap.config import Settings
    from netmap.ingest.pipeline import run_import
    from netmap.store.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "netmap.sqlite3")
    store.init()
    try:
        report = run_import(
            demo_csv, store, settings=Settings(data_dir=tmp_path, pseudonym_key="k")
        )
        counts = store.counts()
    finally:
        store.close()
    assert report.warnings == []
    p = planted()["counts"]
    assert counts.nodes["Organisation"] == p["organisations"]
    assert counts.nodes["Activity"] == p["activities"]
    assert counts.nodes["Resident"] == p["residents"]
    assert counts.nodes["Referral"] == p["referrals"]
    assert counts.nodes["Area"] == p["areas"]
    assert counts.relationships["MEMBER_OF"] == p["memberships"]
    assert counts.relationships["PARTICIPATES_IN"] == p["participations"]


def test_module_entry_point(tmp_path: Path) -> None:
    out = tmp_path / "small"
    proc = subprocess.run(
        [sys.executable, "-m", "netmap.demo.generator", "--scale", "0.02", "--output", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    summary = json.loads(proc.stdout)
    assert summary["files"]["organisations.csv"] == len(read(out, "organisations.csv"))
    assert proc.stderr == ""


def test_bad_scale_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="scale"):
        generate(tmp_path, scale=0)


@pytest.mark.slow
def test_scale_1_is_a_city(tmp_path: Path) -> None:
    manifest = generate(tmp_path, scale=1, seed=DEMO_SEED)
    counts = manifest.counts
    for key, target in (
        ("organisations", 5000),
        ("activities", 1500),
        ("residents", 30000),
        ("referrals", 60000),
    ):
        assert 0.8 * target <= counts[key] <= 1.2 * target, (key, counts[key])
    assert counts["neighbourhoods"] > 0
    areas = read(tmp_path, "areas.csv")
    per_ward = Counter(a["parent_id"] for a in areas if a["level"] == "district")
    assert len(per_ward) == 18 and min(per_ward.values()) >= 8 and max(per_ward.values()) <= 15
