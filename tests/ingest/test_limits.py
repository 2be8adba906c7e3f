"""Bounded reading (issue 13 item 2): zip bombs, damaged archives and workbooks, the caps on
expanded size and rows, and the bounded problem report (the first 1,000 problems in full,
then totals per kind; "at least" when a garbage file was not read to its end)."""

from __future__ import annotations

import io
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from netmap.config import Settings
from netmap.errors import ImportValidationError, NetmapError, Problem
from netmap.ingest import limits as limits_module
from netmap.ingest.csvfile import read_csv_bytes
from netmap.ingest.limits import LISTED_PROBLEMS, Budget, Limits, ProblemLog, open_member
from netmap.ingest.pipeline import prepare_import, run_import
from netmap.ingest.sources import read_tables
from netmap.store.embedded import EmbeddedStore

from .conftest import AREAS, SAMPLE, TEST_KEY

MB = 1024 * 1024
#: The bomb of the issue: 10 MB of ``x,x,x,x`` rows (a 15 KB zip).
X_ROWS = b"id,name,level,parent_id\n" + b"x,x,x,x\n" * (10 * MB // 8)


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def patch_central(
    data: bytes, member: str, *, crc: int | None = None, size: int | None = None
) -> bytes:
    """A zip whose central directory states another CRC or uncompressed size for
    ``member`` (what a tampered or falsified archive looks like)."""
    out = bytearray(data)
    name = member.encode()
    i = out.find(b"PK\x01\x02")
    while i >= 0:
        (name_len,) = struct.unpack("<H", out[i + 28 : i + 30])
        if bytes(out[i + 46 : i + 46 + name_len]) == name:
            if crc is not None:
                out[i + 16 : i + 20] = struct.pack("<I", crc)
            if size is not None:
                out[i + 24 : i + 28] = struct.pack("<I", size)
            return bytes(out)
        i = out.find(b"PK\x01\x02", i + 4)
    raise AssertionError(f"{member} not in the zip")


def prepare(path: Path, settings: Settings, store: EmbeddedStore) -> ImportValidationError:
    with pytest.raises(ImportValidationError) as err:
        prepare_import(path, store, settings=settings)
    return err.value


# --------------------------------------------------------------------------- zip bombs


def test_bomb_of_x_rows_is_rejected_fast_with_a_bounded_report(
    tmp_path: Path, settings: Settings, store: EmbeddedStore
) -> None:
    bomb = write(tmp_path / "bomb.zip", zip_bytes({"areas.csv": X_ROWS}))
    assert bomb.stat().st_size < 100_000
    t = time.perf_counter()
    err = prepare(bomb, settings, store)
    seconds = time.perf_counter() - t
    assert seconds < 10  # was 112 s and 4.3 GB on the server
    assert len(err.problems) == LISTED_PROBLEMS  # was 2,621,440 problems
    assert err.total > LISTED_PROBLEMS and err.exact is False
    assert err.message.startswith(f"import rejected: at least {err.total:,} problems")
    assert "the first 1,000 are listed" in err.message
    details = err.details
    assert len(details["problems"]) == LISTED_PROBLEMS
    assert details["problem_count"] == err.total and details["problem_count_exact"] is False
    totals = {(t["file"], t["column"], t["reason"]): t["count"] for t in details["problem_totals"]}
    assert totals[("areas.csv", "level", "bad level")] >= 500
    assert sum(totals.values()) == err.total
    assert any(p.reason.startswith("stopped checking the file") for p in err.problems) or any(
        t["reason"].startswith("stopped") for t in details["problem_totals"]
    )
    assert store.counts().as_dict()["nodes"]["Area"] == 0


def test_bomb_with_a_foreign_header_is_not_read(
    tmp_path: Path, settings: Settings, store: EmbeddedStore
) -> None:
    bomb = write(tmp_path / "bomb.zip", zip_bytes({"areas.csv": b"x,x,x,x\n" * (10 * MB // 8)}))
    t = time.perf_counter()
    err = prepare(bomb, settings, store)
    assert time.perf_counter() - t < 10
    assert err.exact is False
    assert any("names none of this file's columns" in p.reason for p in err.problems)
    assert err.total < 10


def test_repeated_valid_rows_stop_early(
    tmp_path: Path, settings: Settings, store: EmbeddedStore
) -> None:
    """The same bomb with a valid level: no cell is wrong, but every row repeats."""
    data = b"id,name,level,parent_id\n" + b"x,x,city,\n" * (10 * MB // 10)
    bomb = write(tmp_path / "bomb.zip", zip_bytes({"areas.csv": data}))
    t = time.perf_counter()
    err = prepare(bomb, settings, store)
    assert time.perf_counter() - t < 10
    assert err.exact is False
    assert len(err.problems) <= LISTED_PROBLEMS
    assert {p.reason.split(":")[0] for p in err.problems} >= {"duplicate id"}


def test_zeros_bomb_is_rejected_at_once(
    tmp_path: Path, settings: Settings, store: EmbeddedStore
) -> None:
    zeros = b"\x00" * (300 * MB)
    bomb = write(tmp_path / "zeros.zip", zip_bytes({"areas.csv": zeros}))
    del zeros
    assert bomb.stat().st_size < 1 * MB
    t = time.perf_counter()
    err = prepare(bomb, settings, store)
    assert time.perf_counter() - t < 10
    assert [(p.file, p.row) for p in err.problems] == [("areas.csv", None)]
    assert "NUL bytes" in err.problems[0].reason


def test_expanded_size_cap_counts_real_bytes(
    tmp_path: Path, store: EmbeddedStore, settings: Settings
) -> None:
    """Text that is fine row by row but holds more than the cap once unzipped; the
    sizes the zip declares are made small, so only counting the bytes catches it."""
    row = b"a%07d,name,city,\n"
    data = b"id,name,level,parent_id\n" + b"".join(row % i for i in range(200_000))
    assert len(data) > 3 * MB
    archive = zip_bytes({"areas.csv": data})
    archive = patch_central(archive, "areas.csv", size=1000)
    capped = settings.model_copy(update={"max_expanded_mb": 2})
    err = prepare(write(tmp_path / "big.zip", archive), capped, store)
    (problem,) = err.problems
    assert problem.file == "big.zip"
    assert "damaged" in problem.reason or "more than 2 MB" in problem.reason
    # the same without falsified sizes: the cap itself
    err = prepare(write(tmp_path / "big2.zip", zip_bytes({"areas.csv": data})), capped, store)
    (problem,) = err.problems
    assert (problem.file, problem.row) == ("big2.zip", None)
    assert "more than 2 MB of data once unzipped" in problem.reason
    assert "NETMAP_MAX_EXPANDED_MB" in problem.reason


def test_budget_stops_reading_at_the_cap(tmp_path: Path) -> None:
    archive = write(tmp_path / "z.zip", zip_bytes({"areas.csv": b"\x00" * (20 * MB)}))
    budget = Budget(1 * MB)
    with (
        pytest.raises(ImportValidationError) as err,
        open_member(archive, "areas.csv", budget=budget) as stream,
    ):
        while stream.read(256 * 1024):
            pass
    assert "more than 1 MB" in err.value.problems[0].reason
    assert budget.used <= 1 * MB + 256 * 1024


# --------------------------------------------------------------------------- damaged zips


@pytest.mark.parametrize(
    ("case", "damage"),
    [
        ("falsified size", lambda z: patch_central(z, "areas.csv", size=100)),
        ("bad crc", lambda z: patch_central(z, "areas.csv", crc=0x12345678)),
        ("broken deflate data", lambda z: z[:60] + b"\xff" * 40 + z[100:]),
    ],
)
def test_damaged_zip_is_a_clear_rejection(
    tmp_path: Path,
    settings: Settings,
    store: EmbeddedStore,
    case: str,
    damage: Callable[[bytes], bytes],
) -> None:
    data = b"id,name,level,parent_id\n" + b"".join(
        b"a%05d,name %d,city,\n" % (i, i) for i in range(5000)
    )
    path = write(tmp_path / "data.zip", damage(zip_bytes({"areas.csv": data})))
    with pytest.raises(NetmapError) as err:  # never a BadZipFile, zlib.error, EOFError
        run_import(path, store, settings=settings)
    assert isinstance(err.value, ImportValidationError), case
    (problem,) = err.value.problems
    assert problem.file == "data.zip"
    assert "damaged" in problem.reason or "not a readable zip" in problem.reason, problem.reason
    assert store.counts().as_dict()["nodes"]["Area"] == 0


def test_zip_listing_too_many_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits_module, "MAX_ZIP_DIRECTORY_BYTES", 1000)
    files = {f"f{i:04d}.txt": b"" for i in range(100)} | {"areas.csv": AREAS.encode()}
    path = write(tmp_path / "many.zip", zip_bytes(files))
    with pytest.raises(ImportValidationError) as err:
        read_tables(path)
    assert "too many entries" in err.value.problems[0].reason


def test_cli_names_the_damaged_zip_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netmap.cli import app
    from netmap.config import get_settings

    monkeypatch.setenv("NETMAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NETMAP_STORE", "embedded")
    monkeypatch.setenv("NETMAP_PSEUDONYM_KEY", TEST_KEY)
    get_settings.cache_clear()
    try:
        data = zip_bytes({"areas.csv": AREAS.encode() * 50})
        path = write(tmp_path / "tampered.zip", patch_central(data, "areas.csv", size=10))
        result = CliRunner().invoke(app, ["import", str(path)])
        assert result.exit_code == 1
        assert "tampered.zip" in result.output and "damaged" in result.output
        assert "Traceback" not in result.output
        bomb = write(tmp_path / "bomb.zip", zip_bytes({"areas.csv": X_ROWS}))
        result = CliRunner().invoke(app, ["import", str(bomb), "--format", "json"])
        assert result.exit_code == 1
        assert "at least" in result.output and "most frequent" in result.output
    finally:
        get_settings.cache_clear()


# --------------------------------------------------------------------------- workbooks


def _workbook(path: Path, rows: int = 3) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "areas"
    ws.append(["id", "name", "level", "parent_id"])
    for i in range(rows):
        ws.append([f"a{i}", f"name {i}", "city", None])
    wb.save(path)
    return path


def _rezip(src: Path, dest: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info)))
    return dest


def test_corrupt_workbooks_are_rejected_naming_file_and_reason(
    tmp_path: Path, settings: Settings, store: EmbeddedStore
) -> None:
    good = _workbook(tmp_path / "good.xlsx")
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(good) as zf:
        xml = zf.read(sheet)
    cases = {
        "text.xlsx": write(tmp_path / "text.xlsx", b"not a workbook"),
        "no-workbook.xlsx": write(tmp_path / "no-workbook.xlsx", zip_bytes({"a.txt": b"x"})),
        "truncated-sheet.xlsx": _rezip(
            good, tmp_path / "truncated-sheet.xlsx", {sheet: xml[: len(xml) // 2]}
        ),
        "bad-crc.xlsx": write(
            tmp_path / "bad-crc.xlsx", patch_central(good.read_bytes(), sheet, crc=1)
        ),
        "falsified.xlsx": write(
            tmp_path / "falsified.xlsx", patch_central(good.read_bytes(), sheet, size=10)
        ),
    }
    for name, path in cases.items():
        with pytest.raises(ImportValidationError) as err:
            run_import(path, store, settings=settings)
        (problem,) = err.value.problems
        assert problem.file == name
        assert "not a readable Excel workbook" in problem.reason or "damaged" in problem.reason, (
            name,
            problem.reason,
        )
    assert store.counts().as_dict()["nodes"]["Area"] == 0
    assert run_import(good, store, settings=settings).files[0].rows == 3


def test_rows_cap_csv_and_workbook(
    tmp_path: Path, settings: Settings, store: EmbeddedStore
) -> None:
    capped = settings.model_copy(update={"max_rows_per_file": 5})
    data = b"id,name,level,parent_id\n" + b"".join(b"a%d,n,city,\n" % i for i in range(8))
    for path in (
        write(tmp_path / "areas.csv", data),
        write(tmp_path / "rows.zip", zip_bytes({"areas.csv": data})),
        _workbook(tmp_path / "rows.xlsx", rows=8),
    ):
        err = prepare(path, capped, store)
        (problem,) = err.problems
        assert "more than 5 rows" in problem.reason, path
        assert "NETMAP_MAX_ROWS_PER_FILE" in problem.reason
    # at the cap exactly: imported
    ok = b"id,name,level,parent_id\n" + b"".join(b"a%d,n,city,\n" % i for i in range(5))
    (tmp_path / "ok").mkdir()
    ok_path = write(tmp_path / "ok" / "areas.csv", ok)
    assert run_import(ok_path, store, settings=capped).files[0].rows == 5
    assert Limits.from_settings(capped).rows_per_file == 5


def test_the_scale_1_demo_is_far_below_the_default_caps() -> None:
    """``netmap demo --scale 1`` (~116k rows, its largest file ~62k rows) imports under
    the defaults; bench/import.py imports it whole."""
    limits = Limits()
    assert limits.rows_per_file >= 20 * 62_000
    assert limits.expanded_bytes >= 100 * MB
    assert limits.upload_bytes == 50 * MB


# --------------------------------------------------------------------------- the report


def test_many_problems_are_listed_first_1000_and_counted_exactly(
    tmp_path: Path, settings: Settings, store: EmbeddedStore
) -> None:
    """Not garbage (one row in four is wrong): read to the end, every problem counted."""
    lines = [b"id,name,level,parent_id"]
    for i in range(6000):
        lines.append(b"a%d,n,%s," % (i, b"town" if i % 4 == 0 else b"city"))
    path = write(tmp_path / "areas.csv", b"\n".join(lines) + b"\n")
    err = prepare(path, settings, store)
    assert err.exact is True
    assert err.total == 1500
    assert len(err.problems) == 1000
    # the first ones, by the rows Excel shows (the header is row 1)
    assert [p.row for p in err.problems] == list(range(2, 6001, 4))[:1000]
    assert err.details["problem_totals"] == [
        {"file": "areas.csv", "column": "level", "reason": "bad level", "count": 1500}
    ]
    assert err.message.startswith("import rejected: 1,500 problems (the first 1,000 are listed")


def test_few_problems_keep_the_old_report(
    tmp_path: Path, settings: Settings, store: EmbeddedStore
) -> None:
    path = write(tmp_path / "areas.csv", AREAS.replace("ward", "town").encode())
    err = prepare(path, settings, store)
    assert err.message == "import rejected: 1 problem; nothing was written"
    assert err.details["problem_count"] == 1 and err.details["problem_count_exact"] is True


def test_problem_log_keeps_the_first_in_report_order() -> None:
    log = ProblemLog(listed=10)
    log.add(Problem("a.csv", 7, None, None, "the row has 3 cells but the header has 4"))
    log.add(Problem("a.csv", 7, None, None, "the row has 3 cells but the header has 4"))
    for row in range(5000, 0, -1):  # found last-first
        log.add(Problem("b.csv", row, "level", "x", "bad level: no"))
    assert log.total == 5001  # the same problem twice counts once
    listed = log.listed()
    assert [(p.file, p.row) for p in listed] == [("a.csv", 7)] + [
        ("b.csv", r) for r in range(1, 10)
    ]
    assert log.totals() == [
        {"file": "b.csv", "column": "level", "reason": "bad level", "count": 5000},
        {
            "file": "a.csv",
            "column": None,
            "reason": "the row has N cells but the header has N",
            "count": 1,
        },
    ]


# --------------------------------------------------------------------------- CSV text


def test_wrong_cell_counts_stop_after_the_first_1000() -> None:
    data = b"id,name,level,parent_id\n" + b"x,x\n" * 100_000
    table = read_csv_bytes("areas.csv", data)
    assert table.complete is False
    assert len(table.problems) == LISTED_PROBLEMS + 2  # then the note that reading stopped
    assert table.problems[-1].reason.startswith("stopped reading the file")


def test_a_line_longer_than_1_mb_is_not_csv() -> None:
    table = read_csv_bytes("areas.csv", b"id,name,level\n" + b"a" * (2 * MB) + b"\n")
    assert [(p.row, p.reason.split(":")[0]) for p in table.problems] == [
        (None, "a line is longer than 1 MB")
    ]
    assert table.rows == []


def test_mac_line_endings_still_read() -> None:
    table = read_csv_bytes("areas.csv", AREAS.replace("\n", "\r").encode("cp932"))
    assert table.problems == []
    assert [r.cells["id"] for r in table.rows] == ["yokohama", "kohoku", "hiyoshi", "tsunashima"]


def test_streamed_tables_read_like_eager_ones() -> None:
    eager = read_tables(SAMPLE)
    lazy = read_tables(SAMPLE, stream=True)
    for name, table in eager.items():
        assert lazy[name].pending
        assert [r.cells for r in lazy[name].iter_rows()] == [r.cells for r in table.rows], name
        assert not lazy[name].pending
