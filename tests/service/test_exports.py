"""Every export format from the session's demo (``demo_data``): files a user would open."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from tests.export_data import AS_OF, PERIOD_START, REFERENCE, Data, release_of

from netmap.disclosure.publish import MARK, privacy_notice
from netmap.service.exports import EXPORT_FORMATS, export_area, export_area_bytes, write_report
from netmap.service.maps import map_view

WARD, DISTRICT = "konan", "konan-noba"
WARD_JA, DISTRICT_JA = "港南区", "野庭地区"


@pytest.fixture(scope="module")
def files(demo_data: Data, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each format for the ward, and the district sheet."""
    out = tmp_path_factory.mktemp("demo-exports")
    written = {
        ext: export_area(
            demo_data.G,
            area=WARD,
            as_of=AS_OF,
            output=out / f"ward.{ext}",
            settings=demo_data.settings,
        )
        for ext in EXPORT_FORMATS
    }
    written["sheet"] = write_report(
        demo_data.G,
        area=DISTRICT,
        as_of=AS_OF,
        output=out / "sheet.pdf",
        settings=demo_data.settings,
    )
    return written


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def test_png_has_the_paper_size_and_is_not_blank(demo_data: Data) -> None:
    import numpy as np
    from PIL import Image

    data, media = export_area_bytes(
        demo_data.G,
        fmt="png",
        area=WARD,
        as_of=AS_OF,
        paper="A4",
        dpi=100,
        settings=demo_data.settings,
    )
    assert media == "image/png"
    img = Image.open(io.BytesIO(data)).convert("L")
    assert img.size == (1169, 827)  # A4 landscape at 100 dpi
    px = np.asarray(img, dtype=float)
    assert px.std() > 12.0  # a drawing, not a blank page
    assert (px < 100).mean() > 0.005  # dark ink: symbols and text

    data, _ = export_area_bytes(
        demo_data.G,
        fmt="png",
        area=WARD,
        as_of=AS_OF,
        paper="A3",
        orientation="portrait",
        dpi=72,
        settings=demo_data.settings,
    )
    assert Image.open(io.BytesIO(data)).size == (842, 1191)  # A3 portrait at 72 dpi


def test_pdf_diagram_has_extractable_japanese_and_an_embedded_cjk_font(
    files: dict[str, Path],
) -> None:
    text = _pdftotext(files["pdf"])
    assert f"{WARD_JA} 支援ネットワーク図" in text
    assert f"データ基準日 {REFERENCE.isoformat()}" in text
    assert "団体・機関" in text  # the legend
    fonts = _pdffonts(files["pdf"])
    assert fonts, "no font in the PDF"
    for row in fonts:
        assert row[-5] == "yes", row  # emb column
    assert any("IPAex" in row[0] for row in fonts)


def test_district_sheet_pages_and_text(files: dict[str, Path]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(files["sheet"]))
    assert 3 <= len(reader.pages) <= 6
    text = _pdftotext(files["sheet"])
    for expected in (
        f"{DISTRICT_JA} 地区シート",
        f"{DISTRICT_JA} 支援ネットワーク図",
        "空白・不足（ニーズと資源）",
        "活用できそうな資源",
        "孤立のおそれ",
        "橋渡し役の団体",
        "つながると良いネットワーク",
    ):
        assert expected in text, expected
    # the planted gap: learning in 野庭地区 with a learning class next door as a candidate
    assert "学習" in text
    assert "同じ区の他地区でこのニーズに対応" in text
    assert all(row[-5] == "yes" for row in _pdffonts(files["sheet"]))


def test_svg_is_xml_with_a_title(files: dict[str, Path]) -> None:
    import xml.etree.ElementTree as ET

    root = ET.parse(files["svg"]).getroot()
    assert root.tag.endswith("svg")
    assert f"{WARD_JA} 支援ネットワーク図" in files["svg"].read_text(encoding="utf-8")


def test_graphml_and_gexf_read_back_with_the_same_nodes_and_edges(
    demo_data: Data, files: dict[str, Path]
) -> None:
    view, pos = map_view(
        demo_data.G, release=release_of(demo_data), area=WARD, settings=demo_data.settings
    )
    nodes = set(view.nodes)
    edges = sorted((u, v, d["type"]) for u, v, d in view.edges(data=True))

    gm = nx.read_graphml(files["graphml"], force_multigraph=True)
    assert set(gm.nodes) == nodes
    assert sorted((u, v, d["relation"]) for u, v, d in gm.edges(data=True)) == edges
    # kinds, names, colours and positions (y up) for Gephi; yEd graphics present
    some = next(n for n, d in view.nodes(data=True) if d["category"] == "Organisation")
    d = gm.nodes[some]
    assert d["label"] == view.nodes[some]["name"]
    assert d["kind"] == view.nodes[some]["kind"] and d["kind_label"]
    assert d["color"].startswith("#") and 0 <= d["r"] <= 255
    assert (d["x"], d["y"]) == (pos[some][0], -pos[some][1])
    assert "y:ShapeNode" in files["graphml"].read_text(encoding="utf-8")

    gx = nx.read_gexf(files["gexf"])
    assert set(gx.nodes) == nodes
    assert sorted((u, v, d["relation"]) for u, v, d in gx.edges(data=True)) == edges
    viz = gx.nodes[some]["viz"]
    assert viz["position"]["x"] == pos[some][0] and viz["position"]["y"] == -pos[some][1]
    assert set(viz["color"]) >= {"r", "g", "b"} and viz["size"] > 0
    assert gx.nodes[some]["label"] == view.nodes[some]["name"]


def test_node_link_json_has_the_maps_positions(demo_data: Data, files: dict[str, Path]) -> None:
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    G = nx.node_link_graph(data, edges="links")
    view, pos = map_view(
        demo_data.G, release=release_of(demo_data), area=WARD, settings=demo_data.settings
    )
    assert set(G.nodes) == set(view.nodes)
    assert G.number_of_edges() == view.number_of_edges()
    assert {n: (d["x"], d["y"]) for n, d in G.nodes(data=True)} == pos
    assert data["graph"]["published"] is True
    assert data["graph"]["release"] == "month-2026-11-30"
    assert data["graph"]["period_start"] == PERIOD_START.isoformat()
    assert all(d["category"] != "Resident" for _, d in G.nodes(data=True))


def test_xlsx_has_the_analysis_sheets(files: dict[str, Path]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(files["xlsx"])
    assert wb.sheetnames == [
        "gaps",
        "isolated",
        "bridges",
        "missing_bridges",
        "flows",
        "organisations",
        "about",
    ]
    gaps = wb["gaps"]
    assert gaps.cell(row=3, column=1).value == "地区"
    areas = {gaps.cell(row=r, column=1).value for r in range(4, gaps.max_row + 1)}
    assert DISTRICT_JA in areas
    orgs = wb["organisations"]
    assert orgs.max_row > 10
    about = {r[0].value: r[1].value for r in wb["about"].iter_rows()}
    assert about["データ基準日"] == REFERENCE.isoformat()
    assert about["個人情報の扱い"] == privacy_notice(
        10, "ja", period=(PERIOD_START.isoformat(), REFERENCE.isoformat())
    )


def test_csv_is_utf8_with_bom_and_japanese_headings(
    demo_data: Data, files: dict[str, Path]
) -> None:
    raw = files["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["地区", "ニーズ", "区分"]
    assert any(r[0] == DISTRICT_JA for r in rows[1:])
    data, media = export_area_bytes(
        demo_data.G, fmt="csv", area=WARD, as_of=AS_OF, table="bridges", settings=demo_data.settings
    )
    assert media.startswith("text/csv")
    head = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert head[:3] == ["順位", "団体・機関", "スコア"]


def _csv_rows(path: Path, name: str) -> list[dict[str, str]]:
    with (path / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_flows_table_counts_the_releases_month_only(demo_data: Data) -> None:
    """Referrals out of and into each district are November's (the release's period),
    counted here from the demo's CSV files: a district reads 0 exactly when none of its
    organisations (or activities) made (received) one in November, though most made some
    earlier; a count shown is November's, and small ones read x."""
    src = demo_data.csv
    areas = {r["id"]: r for r in _csv_rows(src, "areas.csv")}

    def district(a: str) -> str | None:
        while a and areas[a]["level"] != "district":
            a = areas[a]["parent_id"]
        return a or None

    where = {r["id"]: r["area_id"] for r in _csv_rows(src, "organisations.csv")}
    where |= {r["id"]: r["area_id"] for r in _csv_rows(src, "activities.csv")}
    out: Counter[str | None] = Counter()
    into: Counter[str | None] = Counter()
    earlier: Counter[str | None] = Counter()
    for r in _csv_rows(src, "referrals.csv"):
        day = dt.date.fromisoformat(r["date"])
        if PERIOD_START <= day <= REFERENCE:
            out[district(where[r["from_id"]])] += 1
            into[district(where[r["to_id"]])] += 1
        elif day < PERIOD_START:
            earlier[district(where[r["from_id"]])] += 1
    data, _ = export_area_bytes(
        demo_data.G, fmt="csv", as_of=AS_OF, table="flows", settings=demo_data.settings
    )
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == sum(1 for a in areas.values() if a["level"] == "district")
    for row in rows:
        a = row["地区ID"]
        for heading, expected in (("紹介した（入口）", out[a]), ("紹介を受けた（出口）", into[a])):
            shown = row[heading]
            if expected == 0:
                assert shown == "0", (a, heading, shown)
            else:
                assert shown == MARK or int(shown) == expected, (a, heading, shown, expected)
                assert shown == MARK or expected >= 10
    # a running total would differ: districts quiet in November that referred before
    quiet = [r["地区ID"] for r in rows if r["紹介した（入口）"] == "0" and earlier[r["地区ID"]]]
    assert len(quiet) >= 10


def test_english_diagram_and_tables(demo_data: Data, tmp_path: Path) -> None:
    pdf = export_area(
        demo_data.G, area=DISTRICT, as_of=AS_OF, output=tmp_path / "d.pdf", lang="en",
        settings=demo_data.settings,
    )  # fmt: skip
    text = _pdftotext(pdf)
    assert f"{DISTRICT_JA}: support network diagram" in text
    assert f"Data as of {REFERENCE.isoformat()}" in text
    data, _ = export_area_bytes(
        demo_data.G, fmt="csv", area=DISTRICT, as_of=AS_OF, lang="en", settings=demo_data.settings
    )
    assert data.decode("utf-8-sig").startswith("Area,Need,Kind")


def test_title_override_and_city_view(demo_data: Data, tmp_path: Path) -> None:
    pdf = export_area(
        demo_data.G, as_of=AS_OF, output=tmp_path / "city.pdf",
        title="令和8年度 全市の支援ネットワーク", settings=demo_data.settings,
    )  # fmt: skip
    text = _pdftotext(pdf)
    assert "令和8年度 全市の支援ネットワーク" in text
    assert "横浜市" in text


def test_same_data_gives_the_same_network_files(demo_data: Data) -> None:
    a = export_area_bytes(
        demo_data.G, fmt="graphml", area=DISTRICT, as_of=AS_OF, settings=demo_data.settings
    )
    b = export_area_bytes(
        demo_data.G, fmt="graphml", area=DISTRICT, as_of=AS_OF, settings=demo_data.settings
    )
    assert a == b
    j1 = export_area_bytes(
        demo_data.G, fmt="json", area=DISTRICT, as_of=AS_OF, settings=demo_data.settings
    )
    j2 = export_area_bytes(
        demo_data.G, fmt="json", area=DISTRICT, as_of=AS_OF, settings=demo_data.settings
    )
    assert j1 == j2


def test_xlsx_is_a_zip_of_xml(files: dict[str, Path]) -> None:
    with zipfile.ZipFile(files["xlsx"]) as z:
        assert "xl/workbook.xml" in z.namelist()
