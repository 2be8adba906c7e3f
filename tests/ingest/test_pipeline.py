"""The import end to end on the embedded store: encodings, rejection, idempotence, sync,
pseudonyms on disk."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest

from netmap.config import Settings
from netmap.errors import ImportValidationError, StoreUnavailable, StoreWriteError
from netmap.ingest import run_import
from netmap.model.schema import Label, Rel
from netmap.store.base import WriteSummary
from netmap.store.embedded import EmbeddedStore

from .conftest import BAD, SAMPLE, SAMPLE_CP932, WriteCsv

SAMPLE_COUNTS = {
    "nodes": {
        "Area": 6,
        "Organisation": 12,
        "Network": 3,
        "Activity": 8,
        "Resident": 15,
        "Need": 14,
        "Referral": 9,
    },
    "relationships": {
        "PART_OF": 5,
        "LOCATED_IN": 12,
        "PROVIDES": 12,
        "MEMBER_OF": 10,
        "PARTNERS_WITH": 4,
        "RUNS": 8,
        "HELD_IN": 8,
        "ADDRESSES": 13,
        "COVERS": 4,
        "LIVES_IN": 15,
        "HAS_NEED": 26,
        "PARTICIPATES_IN": 8,
        "FROM": 9,
        "TO": 9,
        "CONCERNS": 8,
        "ABOUT": 9,
    },
}


def _names(store: EmbeddedStore) -> set[tuple[str, str]]:
    G = store.export_graph()
    return {(n, d["name"]) for n, d in G.nodes(data=True) if "name" in d}


def test_sample_import_counts_and_report(store: EmbeddedStore, settings: Settings) -> None:
    report = run_import(SAMPLE, store, settings=settings)
    assert store.counts().as_dict() == SAMPLE_COUNTS
    assert report.nodes_written == 67  # 53 sample nodes and the 14 needs
    assert report.relationships_written == 160
    assert {(f.name, f.encoding, f.rows) for f in report.files} >= {
        ("areas.csv", "utf-8", 6),
        ("residents.csv", "utf-8", 15),
    }
    assert report.warnings == []  # food_bank: a kind the sample's kinds.csv adds
    by_kind = {c.kind: c for c in report.changes}
    assert (by_kind["organisations"].added, by_kind["memberships"].added) == (12, 10)
    assert by_kind["needs"].added == 14  # the vocabulary's 13 and transport


def test_cp932_import_keeps_japanese_names(tmp_path: Path, settings: Settings) -> None:
    a = EmbeddedStore(tmp_path / "a.sqlite3")
    b = EmbeddedStore(tmp_path / "b.sqlite3")
    try:
        run_import(SAMPLE, a, settings=settings)
        report = run_import(SAMPLE_CP932, b, settings=settings)
        assert ("areas.csv", "cp932") in {(f.name, f.encoding) for f in report.files}
        names = _names(b)
        assert ("kohoku-nippa", "新羽地区") in names
        assert ("org-minsei-nippa", "新羽地区民生委員児童委員協議会") in names
        assert names == _names(a)
        assert b.counts() == a.counts()
        # the whole graph, attribute for attribute
        ga, gb = a.export_graph(), b.export_graph()
        assert dict(ga.nodes(data=True)) == dict(gb.nodes(data=True))
        assert sorted(ga.edges(keys=True, data=True)) == sorted(gb.edges(keys=True, data=True))
    finally:
        a.close()
        b.close()


def test_bad_folder_lists_every_problem_and_writes_nothing(
    store: EmbeddedStore, settings: Settings
) -> None:
    run_import(SAMPLE, store, settings=settings)
    before, version = store.counts(), store.data_version()
    with pytest.raises(ImportValidationError) as exc_info:
        run_import(BAD, store, settings=settings)
    problems = exc_info.value.problems
    assert {(p.file, p.row, p.column) for p in problems} == {  # the rows Excel shows
        ("areas.csv", 5, "level"),
        ("areas.csv", 6, "parent_id"),
        ("areas.csv", 7, "parent_id"),
        ("organisations.csv", 1, "kind"),
        ("organisations.csv", 4, "id"),
        ("networks.csv", 3, "id"),
        ("activities.csv", 2, "organisation_id"),
        ("referrals.csv", 2, "date"),
        ("referrals.csv", 3, None),
    }
    assert exc_info.value.details["problems"][0].keys() == {
        "file",
        "row",
        "column",
        "value",
        "reason",
    }
    assert store.counts() == before
    assert store.data_version() == version


def test_references_to_the_store_are_accepted(
    store: EmbeddedStore, settings: Settings, write_csv: WriteCsv
) -> None:
    run_import(SAMPLE, store, settings=settings)
    folder = write_csv(
        {
            "residents.csv": "id,area_id,needs\nA-0100,kohoku-nippa,transport;food\n",
            "referrals.csv": (
                "id,date,from_id,to_id,need,status,resident_id\n"
                "ref-0100,2024-08-01,org-minsei-nippa,act-ibasho-nippa,childcare,open,A-0008\n"
            ),
        }
    )
    run_import(folder, store, settings=settings)
    counts = store.counts()
    assert (counts.nodes["Resident"], counts.nodes["Referral"]) == (16, 10)
    # an id in the files that the store holds under another label is rejected
    clash = write_csv({"networks.csv": "id,name,kind\nkohoku,港北区,area\n"}, "clash")
    with pytest.raises(ImportValidationError) as exc_info:
        run_import(clash, store, settings=settings)
    assert [(p.file, p.row, p.column) for p in exc_info.value.problems] == [
        ("networks.csv", 2, "id")
    ]


def test_reimport_is_idempotent(store: EmbeddedStore, settings: Settings) -> None:
    run_import(SAMPLE, store, settings=settings)
    first = store.export_graph()
    run_import(SAMPLE_CP932, store, settings=settings)
    run_import(SAMPLE, store, settings=settings)
    assert store.counts().as_dict() == SAMPLE_COUNTS
    second = store.export_graph()
    assert dict(first.nodes(data=True)) == dict(second.nodes(data=True))
    assert sorted(first.edges(keys=True, data=True)) == sorted(second.edges(keys=True, data=True))


def test_a_row_replaces_the_relationships_it_owns(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    run_import(SAMPLE, store, settings=settings)
    folder = tmp_path / "changed"
    shutil.copytree(SAMPLE, folder)
    orgs = folder / "organisations.csv"
    orgs.write_text(
        orgs.read_text(encoding="utf-8").replace(
            "org-plaza-tsunashima,綱島地域ケアプラザ,community_care_plaza,kohoku-tsunashima,"
            "福祉;介護,elder_care,",
            "org-plaza-tsunashima,綱島地域ケアプラザ,community_care_plaza,kohoku-nippa,"
            "福祉;介護,isolation;health,",
        ),
        encoding="utf-8",
    )
    run_import(folder, store, settings=settings)
    G = store.export_graph()
    out = {
        (t, d["type"])
        for _, t, d in G.out_edges("org-plaza-tsunashima", data=True)
        if d["type"] in (Rel.LOCATED_IN, Rel.PROVIDES)
    }
    assert out == {
        ("kohoku-nippa", Rel.LOCATED_IN),
        ("isolation", Rel.PROVIDES),
        ("health", Rel.PROVIDES),
    }


def test_sync_removes_what_the_files_no_longer_contain(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    run_import(SAMPLE, store, settings=settings)
    folder = tmp_path / "smaller"
    folder.mkdir()
    for name in ("areas.csv", "kinds.csv", "organisations.csv", "memberships.csv", "networks.csv"):
        lines = (SAMPLE / name).read_text(encoding="utf-8").splitlines()
        if name == "organisations.csv":
            lines = [ln for ln in lines if not ln.startswith("org-old-center,")]
        if name == "memberships.csv":
            lines = [ln for ln in lines if not ln.startswith(("org-old-center,", "org-school-"))]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    # without --sync nothing is removed
    plain = run_import(folder, store, settings=settings)
    assert (plain.nodes_removed, plain.relationships_removed) == (0, 0)
    assert store.counts().as_dict() == SAMPLE_COUNTS
    report = run_import(folder, store, settings=settings, sync=True)
    counts = store.counts()
    assert report.nodes_removed == 1
    assert counts.nodes[Label.ORGANISATION] == 11
    assert counts.relationships[Rel.MEMBER_OF] == 8
    # labels whose file was not imported are untouched (needs included)
    assert counts.nodes[Label.RESIDENT] == 15
    assert counts.nodes[Label.NEED] == 14
    assert counts.nodes[Label.ACTIVITY] == 8


def test_sync_with_vocabulary_needs_only_keeps_needs_from_needs_csv(
    store: EmbeddedStore, settings: Settings, write_csv: WriteCsv
) -> None:
    run_import(SAMPLE, store, settings=settings)
    folder = write_csv({"areas.csv": (SAMPLE / "areas.csv").read_text(encoding="utf-8")})
    run_import(folder, store, settings=settings, sync=True)
    assert store.counts().nodes[Label.NEED] == 14  # "transport" survives: needs.csv not imported


def test_zip_import_equals_folder_import(
    store: EmbeddedStore, settings: Settings, tmp_path: Path
) -> None:
    archive = tmp_path / "sample.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in SAMPLE_CP932.glob("*.csv"):
            zf.write(path, f"sample/{path.name}")
    run_import(archive, store, settings=settings)
    assert store.counts().as_dict() == SAMPLE_COUNTS


def test_raw_resident_ids_are_not_in_the_database_file(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")  # no key configured: one is generated
    store = EmbeddedStore(settings.embedded_path)
    try:
        run_import(SAMPLE, store, settings=settings)
        run_import(SAMPLE, store, settings=settings)
        assert store.counts().nodes["Resident"] == 15  # same generated key, same pseudonyms
    finally:
        store.close()
    key_file = settings.data_dir / "pseudonym.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    blob = b"".join(p.read_bytes() for p in settings.data_dir.glob("netmap.sqlite3*"))
    assert "日吉地区".encode() in blob  # sanity: the file holds the data
    for i in range(1, 16):
        assert f"A-{i:04d}".encode() not in blob


class _FailingWrites(EmbeddedStore):
    """An embedded store whose writes fail like a server that went away mid-import."""

    def upsert(self, *args: object, **kwargs: object) -> WriteSummary:
        raise ConnectionResetError("connection reset by peer")


class _FailingReads(EmbeddedStore):
    def existing_ids(self, ids: Iterable[str]) -> dict[str, str]:
        raise ConnectionRefusedError("connection refused")


def test_store_failures_are_clear_errors(tmp_path: Path, settings: Settings) -> None:
    writes = _FailingWrites(tmp_path / "w.sqlite3")
    with pytest.raises(StoreWriteError) as exc_info:
        run_import(SAMPLE, writes, settings=settings)
    assert "connection reset by peer" in exc_info.value.message
    assert exc_info.value.message.endswith("re-run the same import to complete it")
    writes.close()
    reads = _FailingReads(tmp_path / "r.sqlite3")
    with pytest.raises(StoreUnavailable, match="connection refused"):
        run_import(SAMPLE, reads, settings=settings)
    reads.close()


def test_needs_csv_relabels_stick_until_needs_csv_changes_them(
    store: EmbeddedStore, settings: Settings, write_csv: WriteCsv
) -> None:
    def food() -> dict[str, object]:
        return dict(store.export_graph().nodes["food"])

    relabel = write_csv(
        {"needs.csv": "id,name_ja,name_en\nfood,食料支援,Food aid\ntransport,移動,Transport\n"},
        "relabel",
    )
    run_import(relabel, store, settings=settings)
    assert food()["name_ja"] == "食料支援"
    areas = write_csv({"areas.csv": (SAMPLE / "areas.csv").read_text(encoding="utf-8")}, "areas")
    run_import(areas, store, settings=settings)
    assert food()["name_ja"] == "食料支援"  # an import without needs.csv keeps the label
    plain = write_csv({"needs.csv": "id,name_ja\ntransport,移動\n"}, "plain")
    run_import(plain, store, settings=settings, sync=True)
    assert (food()["name_ja"], food()["name_en"]) == ("食", "Food")
    assert store.counts().nodes[Label.NEED] == 14
