"""Reading folders, zips and single files; encodings; row shapes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from netmap.errors import NetmapError
from netmap.ingest.csvfile import read_csv_bytes
from netmap.ingest.sources import read_tables

from .conftest import AREAS, SAMPLE, SAMPLE_CP932, WriteCsv

ALL_FILES = {
    "activities.csv",
    "areas.csv",
    "kinds.csv",
    "memberships.csv",
    "needs.csv",
    "networks.csv",
    "organisations.csv",
    "participations.csv",
    "partnerships.csv",
    "referrals.csv",
    "residents.csv",
}


def _names(tables: dict[str, object]) -> set[str]:
    return set(tables)


def test_sample_folder_has_every_file_in_utf8() -> None:
    tables = read_tables(SAMPLE)
    assert set(tables) == ALL_FILES
    assert {t.encoding for t in tables.values()} == {"utf-8"}
    assert all(not t.problems for t in tables.values())
    areas = tables["areas.csv"]
    # rows are numbered as Excel shows them: the header is row 1
    assert (areas.rows[1].number, areas.rows[1].cells["name"]) == (3, "港北区")


def test_cp932_copy_detected_and_decoded_the_same() -> None:
    utf8, sjis = read_tables(SAMPLE), read_tables(SAMPLE_CP932)
    for name, table in sjis.items():
        ascii_only = (SAMPLE_CP932 / name).read_bytes().isascii()
        assert table.encoding == ("utf-8" if ascii_only else "cp932"), name
    assert sjis["areas.csv"].encoding == "cp932"
    for name, table in utf8.items():
        assert [r.cells for r in sjis[name].rows] == [r.cells for r in table.rows], name


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (AREAS.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + AREAS.encode("utf-8"), "utf-8-sig"),
        (AREAS.replace("\n", "\r\n").encode("cp932"), "cp932"),
    ],
)
def test_encoding_per_file(data: bytes, encoding: str) -> None:
    table = read_csv_bytes("areas.csv", data)
    assert table.encoding == encoding
    assert table.header == ["id", "name", "level", "parent_id"]
    assert [r.cells["name"] for r in table.rows] == ["横浜市", "港北区", "日吉地区", "綱島地区"]
    assert table.problems == []


def test_undecodable_bytes_name_file_and_row() -> None:
    good = AREAS.encode("cp932")
    lines = good.split(b"\n")
    lines[3] = lines[3] + b"\x85\x40"  # Excel's row 4 (日吉地区): neither UTF-8 nor CP932
    table = read_csv_bytes("areas.csv", b"\n".join(lines))
    assert table.encoding == "cp932"
    assert [(p.file, p.row) for p in table.problems] == [("areas.csv", 4)]
    assert "neither UTF-8 nor CP932" in table.problems[0].reason
    assert table.rows[0].cells["name"] == "横浜市"  # the rest is still read


def test_row_cell_counts_and_blank_lines() -> None:
    text = (
        "id,name,level\r\nA,甲,city\r\nB,乙\r\nC,丙,ward,extra\r\n\r\n,,\r\nD,丁,ward\r\n\r\n\r\n"
    )
    table = read_csv_bytes("areas.csv", text.encode("utf-8"))
    assert {(p.row, p.reason) for p in table.problems} == {
        (3, "the row has 2 cells but the header has 3"),
        (4, "the row has 4 cells but the header has 3"),
    }
    # blank rows are skipped but keep their numbers (the row Excel shows: header = 1)
    assert [(r.number, r.cells["id"]) for r in table.rows] == [(2, "A"), (7, "D")]


def test_excel_trailing_empty_columns_are_ignored() -> None:
    text = "id,name,level,,\nA,甲,city,,\n"
    table = read_csv_bytes("areas.csv", text.encode("utf-8"))
    assert table.problems == []
    assert table.header == ["id", "name", "level"]
    assert table.rows[0].cells == {"id": "A", "name": "甲", "level": "city"}


def test_header_is_case_insensitive_for_known_columns() -> None:
    table = read_csv_bytes("areas.csv", "ID,Name,LEVEL,備考\nA,甲,city,x\n".encode())
    assert table.header == ["id", "name", "level", "備考"]


def test_header_without_known_columns_is_a_problem() -> None:
    table = read_csv_bytes("areas.csv", "番号,名前\n1,甲\n".encode("cp932"))
    assert [(p.file, p.row, p.column) for p in table.problems] == [("areas.csv", 1, None)]
    assert "names none of this file's columns" in table.problems[0].reason


def test_unknown_file_names_are_warnings(write_csv: WriteCsv) -> None:
    folder = write_csv({"areas.csv": AREAS, "staff.csv": "id,name\n1,x\n", "notes.txt": "x"})
    tables = read_tables(folder)
    assert set(tables) == {"areas.csv"}
    warnings = [(w.file, w.reason.split(" (")[0]) for w in tables["areas.csv"].warnings]
    assert warnings == [("staff.csv", "not a netmap file name")]


def test_zip_with_a_top_folder(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(SAMPLE_CP932.glob("*.csv")):
            zf.write(path, f"港北区データ/{path.name}")
        zf.writestr("__MACOSX/港北区データ/._areas.csv", b"\x00\x05")
    tables = read_tables(archive)
    assert set(tables) == ALL_FILES
    assert tables["areas.csv"].rows[1].cells["name"] == "港北区"


def test_single_csv_file() -> None:
    tables = read_tables(SAMPLE / "areas.csv")
    assert set(tables) == {"areas.csv"}


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(NetmapError, match="no such file or folder"):
        read_tables(tmp_path / "nope")
    with pytest.raises(NetmapError, match="no netmap CSV files"):
        read_tables(tmp_path)


def test_unsupported_file_type(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(NetmapError, match=r"expected a folder, a \.zip or a \.csv"):
        read_tables(path)
