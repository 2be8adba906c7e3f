"""The privacy scan: no resident id, pseudonym or small resident count in any export.

The fixture (conftest) has residents with known raw ids and counts 7, 6, 5 (below the
threshold 10) and 12 per district, 4 participants in an activity and 2 referrals. Every
format is produced for the city, the ward and a district, and the district sheets for the
ward and a district; their bytes (unzipped for XLSX) and the text extracted from the PDFs
are scanned.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from netmap.service.exports import EXPORT_FORMATS, export_area_bytes, report_bytes
from netmap.viz.redact import PSEUDONYM_RE
from netmap.viz.tables import TABLE_NAMES

from .conftest import AS_OF, DISTRICTS, RAW_IDS, SMALL, WARD2, Data, pseudonyms

AREAS = (None, "pv-ward", "pv-a", "pv-ward2")
#: Fields that count residents (or referrals of residents) in JSON and network files.
RESIDENT_FIELDS = {
    "residents_with_needs",
    "isolated_residents",
    "participants",
    "demand",
    "count",
    "referrals_out",
    "referrals_in",
    "open",
    "accepted",
    "declined",
    "closed",
}
#: Table headings of resident counts (Japanese).
RESIDENT_HEADINGS = {
    "住民（人）",
    "ニーズのある住民（人）",
    "つながっていない住民（人）",
    "紹介した（入口）",
    "紹介を受けた（出口）",
    "対応中",
    "受入",
    "不成立",
    "終結",
}


@pytest.fixture(scope="module")
def outputs(privacy: Data) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for area in AREAS:
        for ext in EXPORT_FORMATS:
            if ext == "csv":
                for table in TABLE_NAMES:
                    out[f"{area}-{table}.csv"] = export_area_bytes(
                        privacy.G, fmt="csv", area=area, as_of=AS_OF, table=table,
                        settings=privacy.settings,
                    )[0]  # fmt: skip
                continue
            out[f"{area}.{ext}"] = export_area_bytes(
                privacy.G, fmt=ext, area=area, as_of=AS_OF, settings=privacy.settings
            )[0]
    for area in ("pv-ward", "pv-a", "pv-ward2"):
        out[f"sheet-{area}.pdf"] = report_bytes(
            privacy.G, area=area, as_of=AS_OF, settings=privacy.settings
        )
    return out


def _pdf_text(data: bytes, tmp: Path, name: str) -> str:
    path = tmp / name
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _texts(outputs: dict[str, bytes], tmp: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every output: decoded bytes, XLSX parts, PDF text."""
    for name, data in outputs.items():
        if name.endswith(".pdf"):
            yield name, _pdf_text(data, tmp, name.replace("/", "_"))
            yield name + " (bytes)", data.decode("latin-1")
        elif name.endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for part in z.namelist():
                    yield f"{name}:{part}", z.read(part).decode("utf-8", "replace")
        else:
            yield name, data.decode("utf-8", "replace")


def test_the_fixture_has_the_planted_residents(privacy: Data) -> None:
    residents = [n for n, d in privacy.G.nodes(data=True) if d.get("label") == "Resident"]
    assert sorted(residents) == sorted(pseudonyms())
    assert len(RAW_IDS) == 30 + 43


def test_no_raw_id_no_pseudonym_in_any_export(outputs: dict[str, bytes], tmp_path: Path) -> None:
    secrets = RAW_IDS + pseudonyms() + ["RAWSECRET"]
    for name, text in _texts(outputs, tmp_path):
        for s in secrets:
            assert s not in text, f"{s} in {name}"
        assert not PSEUDONYM_RE.search(text), name


def _walk(obj: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield path, str(k), v
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _walk(v, f"{path}[{i}]")


def _small(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int | float):
        return 1 <= v < 10
    if isinstance(v, str):
        return bool(re.fullmatch(r"[1-9]", v.strip()))
    return False


def test_json_shows_small_counts_as_null_with_text(outputs: dict[str, bytes]) -> None:
    for area in AREAS:
        data = json.loads(outputs[f"{area}.json"])
        for where, key, value in _walk(data):
            if key in RESIDENT_FIELDS:
                assert not _small(value), f"{key}={value!r} at {where} ({area})"
        for key, value in ((k, v) for _, k, v in _walk(data) if k.endswith("_text")):
            if isinstance(value, dict):
                assert not any(_small(x) for x in value.values()), key
    ward = nx.node_link_graph(json.loads(outputs["pv-ward.json"]), edges="links")
    a = ward.nodes["pv-a"]
    assert a["counts"] == {"residents_with_needs": None}
    assert a["counts_text"] == {"residents_with_needs": "<10"}
    assert "residents_with_needs" in a["suppressed"]
    assert ward.nodes["pv-d"]["counts"] == {"residents_with_needs": 12}
    assert a["isolation"]["isolated_residents"] is None
    salon = ward.nodes["pv-salon"]
    assert salon["counts"] == {"participants": None}
    assert salon["counts_text"] == {"participants": "<10"}
    referral = [d for _, _, d in ward.edges(data=True) if d["type"] == "referral"]
    assert referral and all(d["count"] is None and d["count_text"] == "<10" for d in referral)


def test_graphml_and_gexf_attributes_read_lt10(outputs: dict[str, bytes]) -> None:
    for area in AREAS:
        gm = nx.read_graphml(io.BytesIO(outputs[f"{area}.graphml"]), force_multigraph=True)
        gx = nx.read_gexf(io.BytesIO(outputs[f"{area}.gexf"]))
        for G in (gm, gx):
            assert all(d.get("category") != "Resident" for _, d in G.nodes(data=True))
            for _, d in G.nodes(data=True):
                for k in RESIDENT_FIELDS & set(d):
                    assert not _small(d[k]), (area, k, d[k])
            for _, _, d in G.edges(data=True):
                if d.get("relation") == "referral":
                    assert not _small(d.get("count")), (area, d)
    gm = nx.read_graphml(io.BytesIO(outputs["pv-ward.graphml"]), force_multigraph=True)
    assert gm.nodes["pv-a"]["residents_with_needs"] == "<10"
    assert gm.nodes["pv-c"]["residents_with_needs"] == "<10"
    assert gm.nodes["pv-d"]["residents_with_needs"] == "12"
    assert gm.nodes["pv-salon"]["participants"] == "<10"


def _table_rows(outputs: dict[str, bytes]) -> Iterator[tuple[str, list[str], list[Any]]]:
    from openpyxl import load_workbook

    for area in AREAS:
        wb = load_workbook(io.BytesIO(outputs[f"{area}.xlsx"]))
        for ws in wb.worksheets:
            if ws.title == "about":
                continue
            head = [c.value for c in ws[3]]
            for row in ws.iter_rows(min_row=4, values_only=True):
                yield f"{area}.xlsx:{ws.title}", head, list(row)
        for table in TABLE_NAMES:
            rows = list(csv.reader(io.StringIO(outputs[f"{area}-{table}.csv"].decode("utf-8-sig"))))
            for row in rows[1:]:
                yield f"{area}-{table}.csv", rows[0], row


def test_tables_show_no_small_resident_count(outputs: dict[str, bytes]) -> None:
    seen_lt10 = 0
    for name, head, row in _table_rows(outputs):
        for h, v in zip(head, row, strict=False):
            if h in RESIDENT_HEADINGS:
                assert not _small(v), f"{h}={v!r} in {name}: {row}"
                seen_lt10 += v == "<10"
    assert seen_lt10 > 0  # the small counts are there, suppressed


def test_gap_of_seven_residents_reads_lt10(outputs: dict[str, bytes]) -> None:
    rows = list(csv.reader(io.StringIO(outputs["pv-ward-gaps.csv"].decode("utf-8-sig"))))
    head = rows[0]
    by_area = {r[head.index("地区")]: r for r in rows[1:]}
    a = by_area[DISTRICTS["pv-a"][0]]
    assert a[head.index("ニーズ")] == "食" and a[head.index("住民（人）")] == "<10"
    d = by_area[DISTRICTS["pv-d"][0]]
    assert d[head.index("住民（人）")] == "12"


def _leaks(text: str) -> list[str]:
    """Small resident counts shown in extracted text: "7人" anywhere, or a district's own
    small count on a line naming the district (the district's other figures, organisations
    1-2, memberships 1-2, ties 0-3, activities 0-1, are told apart by the fixture)."""
    found = [m.group(0) for m in re.finditer(r"(?<![\d.<])[1-9]\s*人", text)]
    for area, small in SMALL.items():
        label = {**DISTRICTS, **WARD2}[area][0]
        for line in text.splitlines():
            if label in line:
                numbers = {int(x) for x in re.findall(r"(?<![\d.<\-])\d+(?![\d.\-])", line)}
                found += [f"{label}: {n}" for n in sorted(numbers & (small - {1, 2, 3}))]
    return found


def test_the_scan_would_see_a_leak() -> None:
    assert _leaks("朝日地区   食   空白   7   0") == ["朝日地区: 7"]
    assert _leaks("ニーズのある住民 6人") == ["6人"]
    assert _leaks("朝日地区 <10 0 2 1\n夕日地区 <10 2") == []


def test_pdf_text_shows_no_small_count_next_to_a_district(
    outputs: dict[str, bytes], tmp_path: Path
) -> None:
    for name, data in outputs.items():
        if name.endswith(".pdf"):
            text = _pdf_text(data, tmp_path, name)
            assert _leaks(text) == [], name
    sheet = _pdf_text(outputs["sheet-pv-a.pdf"], tmp_path, "s.pdf")
    assert "<10人" in sheet
    ward = _pdf_text(outputs["sheet-pv-ward.pdf"], tmp_path, "w.pdf")
    assert "30人" in ward  # the ward's total is shown; its small parts are not
    for label in ("朝日地区", "夕日地区", "星見地区"):
        assert label in ward


def test_secondary_suppression_holds_across_total_and_rows(
    outputs: dict[str, bytes], tmp_path: Path
) -> None:
    """第二区 shows its total (43); 東町 (8) is small, so 西町 (15) is hidden as well in the
    JSON, the tables and the sheet, and 43 minus 南町 (20) reveals neither."""
    ward = nx.node_link_graph(json.loads(outputs["pv-ward2.json"]), edges="links")
    assert ward.nodes["pv-ward2"]["counts"]["residents_with_needs"] == 43
    assert ward.nodes["pv-e"]["counts_text"]["residents_with_needs"] == "<10"
    assert ward.nodes["pv-f"]["counts"]["residents_with_needs"] is None
    assert ward.nodes["pv-g"]["counts"]["residents_with_needs"] == 20
    # every figure that can equal 西町's hidden total is hidden with it
    f = ward.nodes["pv-f"]
    assert [g["demand"] for g in f["gaps"]] == [None]
    assert f["isolation"]["isolated_residents"] is None
    assert f["isolation"]["isolated_residents_text"] == "非表示"
    gm = nx.read_graphml(io.BytesIO(outputs["pv-ward2.graphml"]), force_multigraph=True)
    assert gm.nodes["pv-f"]["residents_with_needs"] == "非表示"
    assert gm.nodes["pv-f"]["isolated_residents"] == "非表示"
    rows = list(csv.reader(io.StringIO(outputs["pv-ward2-isolated.csv"].decode("utf-8-sig"))))
    head = rows[0]
    col = head.index("ニーズのある住民（人）")
    shown = {r[head.index("地区")]: r[col] for r in rows[1:]}
    assert shown == {"東町地区": "<10", "西町地区": "非表示", "南町地区": "20"}
    sheet = _pdf_text(outputs["sheet-pv-ward2.pdf"], tmp_path, "w2.pdf")
    assert "43人" in sheet
    assert "15" not in sheet
