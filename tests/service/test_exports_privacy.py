"""The privacy scan: exports show residents only as the release's published counts.

The fixture (conftest) has residents with known raw ids and counts 7, 6, 5 (below the
threshold 10) and 12 per district of 試験区, 8, 15 and 20 in 第二区, 4 participants in an
activity, and referrals in November 2026 (the release's period) and one in October. Every
format is produced for the city, both wards and three districts, and the district sheets
for the wards and two districts, all for ``as_of`` 2026-11-30 (the release of November).

What is checked, for every export:

* no raw resident id or pseudonym, in the bytes, the XLSX parts or the PDF text;
* one mark for a hidden count, "x" (``null`` + ``"suppressed"`` in JSON): never "<10" or
  "非表示";
* every resident count in a table, a JSON view or a network file is the release's
  published value (:meth:`Release.shown`), "x" exactly when the release hides it, and the
  same in every export;
* referral counts are the period's (November's), and referral links carry no count;
* combining all the exports (a ward's and its districts') never pins a hidden count: the
  additive rule on every relation whose total the exports show, and the LP audit
  (:func:`netmap.disclosure.audit.audit_cells`) on everything the exports show.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from tests.export_data import AS_OF, PERIOD_START, REFERENCE, Data

from netmap.analysis.flows import STATUSES
from netmap.disclosure.audit import audit_cells
from netmap.disclosure.cells import Key, key_text
from netmap.disclosure.guard import PSEUDONYM_RE, check_no_personal_data
from netmap.disclosure.publish import MARK, privacy_notice
from netmap.disclosure.release import Release
from netmap.model.vocab import REFERRAL_STATUS_JA
from netmap.service.exports import EXPORT_FORMATS, export_area_bytes, report_bytes
from netmap.service.releases import release_store
from netmap.viz.formats import EDGE_TYPE_JA
from netmap.viz.tables import TABLE_NAMES

from .conftest import DISTRICTS, RAW_IDS, SMALL, WARD2, pseudonyms

#: The city, both wards and three districts (a ward's exports and its districts').
AREAS = (None, "pv-ward", "pv-a", "pv-d", "pv-ward2", "pv-f")
SHEETS = ("pv-ward", "pv-a", "pv-d", "pv-ward2")
PERIOD = (PERIOD_START.isoformat(), REFERENCE.isoformat())
#: Fields that count residents (or referrals of residents) in JSON and network files.
RESIDENT_FIELDS = {
    "residents_with_needs",
    "isolated_residents",
    "participants",
    "demand",
    "count",
    "referrals_out",
    "referrals_in",
    *STATUSES,
}
#: Table headings of counts of residents or referrals (Japanese) -> the release's table.
STATUS_HEADINGS = {REFERRAL_STATUS_JA[s]: s for s in STATUSES}
COUNT_HEADINGS = {
    "住民（人）",
    "ニーズのある住民（人）",
    "つながっていない住民（人）",
    "紹介した（入口）",
    "紹介を受けた（出口）",
    *STATUS_HEADINGS,
}
NAMES = {a: name for a, (name, _, _) in {**DISTRICTS, **WARD2}.items()}


def _name(area: str | None) -> str:
    return area or "city"


@pytest.fixture(scope="module")
def outputs(privacy: Data) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for area in AREAS:
        for ext in EXPORT_FORMATS:
            if ext == "csv":
                for table in TABLE_NAMES:
                    out[f"{_name(area)}-{table}.csv"] = export_area_bytes(
                        privacy.G, fmt="csv", area=area, as_of=AS_OF, table=table,
                        settings=privacy.settings,
                    )[0]  # fmt: skip
                continue
            out[f"{_name(area)}.{ext}"] = export_area_bytes(
                privacy.G, fmt=ext, area=area, as_of=AS_OF, settings=privacy.settings
            )[0]
    for area in SHEETS:
        out[f"sheet-{area}.pdf"] = report_bytes(
            privacy.G, area=area, as_of=AS_OF, settings=privacy.settings
        )
    return out


@pytest.fixture(scope="module")
def rel(privacy: Data, outputs: dict[str, bytes]) -> Release:
    """The release the exports were made from: stored in the fixture's data dir, frozen."""
    releases = release_store(privacy.settings)
    found = releases.get(REFERENCE)
    assert found is not None, [i.id for i in releases.list()]
    assert releases.served(found)
    return found


def _pdf_text(data: bytes, tmp: Path, name: str) -> str:
    path = tmp / name
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def pdf_texts(
    outputs: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("privacy-pdf")
    return {n: _pdf_text(d, tmp, n) for n, d in outputs.items() if n.endswith(".pdf")}


def _texts(outputs: dict[str, bytes], pdf_texts: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(name, text) of every output: decoded bytes, XLSX parts, PDF text."""
    for name, data in outputs.items():
        if name.endswith(".pdf"):
            yield name, pdf_texts[name]
            yield name + " (bytes)", data.decode("latin-1")
        elif name.endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for part in z.namelist():
                    yield f"{name}:{part}", z.read(part).decode("utf-8", "replace")
        else:
            yield name, data.decode("utf-8", "replace")


# --------------------------------------------------------------------------- reading back


def _count(value: Any, where: str, *, null: bool = False) -> int | None:
    """A published count as read back: the number, or ``None`` for a hidden one (the mark;
    ``null`` in JSON)."""
    if value == MARK or (null and value is None):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise AssertionError(f"{where}: {value!r} is neither a count nor the mark {MARK!r}")


def _table_rows(outputs: dict[str, bytes]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(where, table name, row by heading) of every XLSX sheet and CSV table."""
    from openpyxl import load_workbook

    for area in AREAS:
        wb = load_workbook(io.BytesIO(outputs[f"{_name(area)}.xlsx"]))
        for ws in wb.worksheets:
            if ws.title == "about":
                continue
            head = [c.value for c in ws[3]]
            for i, row in enumerate(ws.iter_rows(min_row=4, values_only=True), start=4):
                where = f"{_name(area)}.xlsx:{ws.title}!{i}"
                yield where, ws.title, dict(zip(head, row, strict=True))
        for table in TABLE_NAMES:
            name = f"{_name(area)}-{table}.csv"
            rows = list(csv.reader(io.StringIO(outputs[name].decode("utf-8-sig"))))
            for i, row in enumerate(rows[1:], start=2):
                yield f"{name}:{i}", table, dict(zip(rows[0], row, strict=True))


def _table_cells(table: str, row: dict[str, Any]) -> Iterator[tuple[Key, Any]]:
    """The release cells a table row shows (its count columns)."""
    if table == "gaps":
        yield ("dem", row["地区ID"], row["ニーズID"]), row["住民（人）"]
    elif table == "isolated":
        yield ("res", row["地区ID"]), row["ニーズのある住民（人）"]
        yield ("iso", row["地区ID"]), row["つながっていない住民（人）"]
    elif table == "flows":
        yield ("out", row["地区ID"]), row["紹介した（入口）"]
        yield ("in", row["地区ID"]), row["紹介を受けた（出口）"]
        for heading, status in STATUS_HEADINGS.items():
            yield ("out", row["地区ID"], "status", status), row[heading]


def _view(outputs: dict[str, bytes], area: str | None) -> nx.MultiDiGraph:
    return nx.node_link_graph(json.loads(outputs[f"{_name(area)}.json"]), edges="links")


def _json_cells(V: nx.MultiDiGraph) -> Iterator[tuple[Key, str, Any, dict[str, Any], Any]]:
    """(cell, field, value, the object holding it, its text) of every count in a view."""
    for n, d in V.nodes(data=True):
        counts = d.get("counts") or {}
        texts = d.get("counts_text") or {}
        if "residents_with_needs" in counts:
            f = "residents_with_needs"
            yield ("res", n), f, counts[f], d, texts.get(f)
        if "participants" in counts:
            yield ("part", n), "participants", counts["participants"], d, texts.get("participants")
        iso = d.get("isolation") or {}
        for f, table in (("residents_with_needs", "res"), ("isolated_residents", "iso")):
            if f in iso:
                yield (table, n), f, iso[f], iso, iso.get(f"{f}_text")
        for g in d.get("gaps") or []:
            yield ("dem", n, g["need"]), "demand", g["demand"], g, g.get("demand_text")


def _network_files(outputs: dict[str, bytes]) -> Iterator[tuple[str, nx.MultiDiGraph]]:
    for area in AREAS:
        name = _name(area)
        data = outputs[f"{name}.graphml"]
        yield f"{name}.graphml", nx.read_graphml(io.BytesIO(data), force_multigraph=True)
        yield f"{name}.gexf", nx.read_gexf(io.BytesIO(outputs[f"{name}.gexf"]))


def _network_cells(F: nx.MultiDiGraph) -> Iterator[tuple[Key, Any]]:
    for n, d in F.nodes(data=True):
        for f, table in (
            ("residents_with_needs", "res"),
            ("isolated_residents", "iso"),
            ("participants", "part"),
        ):
            if f in d:
                yield (table, n), d[f]


@pytest.fixture(scope="module")
def seen(outputs: dict[str, bytes]) -> dict[Key, dict[str, int | None]]:
    """Every count the exports show: cell -> {where: value (None when hidden)}."""
    out: dict[Key, dict[str, int | None]] = defaultdict(dict)
    for where, table, row in _table_rows(outputs):
        for key, value in _table_cells(table, row):
            out[key][where] = _count(value, where)
    for area in AREAS:
        for key, f, value, _obj, _text in _json_cells(_view(outputs, area)):
            where = f"{_name(area)}.json:{key_text(key)}.{f}"
            out[key][where] = _count(value, where, null=True)
    for name, F in _network_files(outputs):
        for key, value in _network_cells(F):
            out[key][f"{name}:{key_text(key)}"] = _count(value, name)
    return dict(out)


def _value(seen: dict[Key, dict[str, int | None]], key: Key) -> int | None:
    """The one value every export shows for ``key``."""
    values = set(seen[key].values())
    assert len(values) == 1, f"{key_text(key)} reads differently: {seen[key]}"
    return values.pop()


# --------------------------------------------------------------------------- tests


def test_the_fixture_has_the_planted_residents(privacy: Data) -> None:
    residents = [n for n, d in privacy.G.nodes(data=True) if d.get("label") == "Resident"]
    assert sorted(residents) == sorted(pseudonyms())
    assert len(RAW_IDS) == 30 + 43


def test_exports_read_the_november_release(
    privacy: Data, outputs: dict[str, bytes], rel: Release
) -> None:
    assert rel.id == "month-2026-11-30"
    assert (rel.period_start, rel.reference_date, rel.threshold) == (PERIOD_START, REFERENCE, 10)
    assert rel.audit["passed"] is True
    for area in AREAS:
        graph = json.loads(outputs[f"{_name(area)}.json"])["graph"]
        assert graph["release"] == rel.id
        assert (graph["period_start"], graph["reference_date"]) == PERIOD
    # an as_of after the month end, before today, is answered by the same release
    data, _ = export_area_bytes(
        privacy.G, fmt="json", area="pv-a", as_of="2026-12-05", settings=privacy.settings
    )
    assert json.loads(data)["graph"]["release"] == rel.id


def test_no_raw_id_no_pseudonym_in_any_export(
    privacy: Data, outputs: dict[str, bytes], pdf_texts: dict[str, str]
) -> None:
    secrets = RAW_IDS + pseudonyms() + ["RAWSECRET"]
    for name, text in _texts(outputs, pdf_texts):
        for s in secrets:
            assert s not in text, f"{s} in {name}"
        assert not PSEUDONYM_RE.search(text), name
    for area in AREAS:
        data = json.loads(outputs[f"{_name(area)}.json"])
        check_no_personal_data(privacy.G, data, where=f"{_name(area)}.json")
        assert all(n["category"] != "Resident" for n in data["nodes"])
    for name, F in _network_files(outputs):
        assert all(d.get("category") != "Resident" for _, d in F.nodes(data=True)), name


def test_one_mark_for_a_hidden_count(outputs: dict[str, bytes], pdf_texts: dict[str, str]) -> None:
    """ "x" everywhere; the old texts "<10" and "非表示" nowhere."""
    for name, text in _texts(outputs, pdf_texts):
        for old in ("<10", "&lt;10", "非表示"):
            assert old not in text, f"{old!r} in {name}"
    marks = sum(v == MARK for _, _, row in _table_rows(outputs) for v in row.values())
    assert marks > 20
    for name in ("sheet-pv-a.pdf", "sheet-pv-ward.pdf"):
        assert re.search(rf"\s{MARK}\s", pdf_texts[name]), name


def test_every_count_shown_is_the_releases(
    seen: dict[Key, dict[str, int | None]], rel: Release
) -> None:
    """A number where the release shows the cell (the same number), "x" where it hides it."""
    for key, where in seen.items():
        for w, value in where.items():
            if rel.hidden(key):
                assert value is None, f"{key_text(key)} is hidden, {w} shows {value}"
            else:
                assert value == rel.shown(key), f"{key_text(key)}: {w} shows {value}"
    # the scan read what matters: every district's residents, isolated, flows
    districts = rel.level_areas("district")
    for table in ("res", "iso", "out", "in"):
        assert {(table, a) for a in districts} <= set(seen), table
    hidden = {k for k in seen if rel.hidden(k)}
    assert len(hidden) >= 20
    assert ("part", "pv-salon") in hidden


def test_the_counts_a_user_reads(seen: dict[Key, dict[str, int | None]]) -> None:
    """Residents with needs per area, the same in every export: the wards' totals and the
    districts of 12 and 20 are shown, the small districts (and 西町, see below) read x."""
    residents = {k[1]: _value(seen, k) for k in seen if k[0] == "res"}
    assert residents == {
        "pv-ward": 30,
        "pv-a": None,
        "pv-b": None,
        "pv-c": None,
        "pv-d": 12,
        "pv-ward2": 43,
        "pv-e": None,
        "pv-f": None,
        "pv-g": 20,
    }
    # 月見: 12 with needs, 10 of them reached by accepted referrals: 2 not reached, hidden
    assert _value(seen, ("iso", "pv-d")) is None
    assert _value(seen, ("iso", "pv-g")) == 20
    assert _value(seen, ("part", "pv-salon")) is None
    assert _value(seen, ("dem", "pv-a", "food")) is None
    assert _value(seen, ("dem", "pv-d", "employment")) == 12


def test_no_small_count_in_a_count_field_or_column(outputs: dict[str, bytes]) -> None:
    """Whatever the field: no count from 1 to 9 of people or referrals anywhere."""

    def small(v: Any) -> bool:
        if isinstance(v, bool):
            return False
        if isinstance(v, int | float):
            return 1 <= v < 10
        return isinstance(v, str) and bool(re.fullmatch(r"[1-9]", v.strip()))

    def walk(obj: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
        if isinstance(obj, dict):
            for k, v in obj.items():
                yield path, str(k), v
                yield from walk(v, f"{path}.{k}")
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                yield from walk(v, f"{path}[{i}]")

    for area in AREAS:
        for where, key, value in walk(json.loads(outputs[f"{_name(area)}.json"])):
            if key in RESIDENT_FIELDS or key.endswith("_text"):
                assert not small(value), f"{key}={value!r} at {where} ({_name(area)})"
            if isinstance(value, dict) and key.endswith("_text"):
                assert not any(small(x) for x in value.values()), (where, key, value)
    for name, F in _network_files(outputs):
        for n, d in F.nodes(data=True):
            for k in RESIDENT_FIELDS & set(d):
                assert not small(d[k]), (name, n, k, d[k])
    for where, _table, row in _table_rows(outputs):
        for h, v in row.items():
            if h in COUNT_HEADINGS:
                assert not small(v), f"{h}={v!r} in {where}"


def test_json_hides_a_count_as_null_listed_in_suppressed(outputs: dict[str, bytes]) -> None:
    for area in AREAS:
        for key, f, value, obj, text in _json_cells(_view(outputs, area)):
            where = f"{_name(area)}.json {key_text(key)}"
            if value is None:
                assert f in obj["suppressed"], where
                assert text == MARK, where
            else:
                assert f not in obj["suppressed"], where
                assert text == str(value), where
    ward = _view(outputs, "pv-ward")
    a = ward.nodes["pv-a"]
    assert a["counts"] == {"residents_with_needs": None}
    assert a["counts_text"] == {"residents_with_needs": MARK}
    assert a["suppressed"] == ["residents_with_needs"]
    assert ward.nodes["pv-ward"]["counts"] == {"residents_with_needs": 30}
    d = ward.nodes["pv-d"]
    assert d["counts"] == {"residents_with_needs": 12}
    assert d["isolation"]["residents_with_needs"] == 12
    assert d["isolation"]["isolated_residents"] is None
    assert d["isolation"]["isolated_residents_text"] == MARK
    salon = ward.nodes["pv-salon"]
    assert salon["counts"] == {"participants": None}
    assert salon["counts_text"] == {"participants": MARK}


def test_graphml_and_gexf_read_x(outputs: dict[str, bytes]) -> None:
    gm = nx.read_graphml(io.BytesIO(outputs["pv-ward.graphml"]), force_multigraph=True)
    gx = nx.read_gexf(io.BytesIO(outputs["pv-ward.gexf"]))
    for F in (gm, gx):
        assert F.nodes["pv-a"]["residents_with_needs"] == MARK
        assert F.nodes["pv-c"]["residents_with_needs"] == MARK
        assert F.nodes["pv-d"]["residents_with_needs"] == "12"
        assert F.nodes["pv-d"]["isolated_residents"] == MARK
        assert F.nodes["pv-ward"]["residents_with_needs"] == "30"
        assert F.nodes["pv-salon"]["participants"] == MARK
    gm2 = nx.read_graphml(io.BytesIO(outputs["pv-ward2.graphml"]), force_multigraph=True)
    assert gm2.nodes["pv-f"]["residents_with_needs"] == MARK
    assert gm2.nodes["pv-f"]["isolated_residents"] == MARK
    assert gm2.nodes["pv-g"]["residents_with_needs"] == "20"


def test_referral_links_carry_no_count(outputs: dict[str, bytes], rel: Release) -> None:
    """Maps and network files show that referrals ran in the period, never how many."""
    label = EDGE_TYPE_JA["referral"]
    for area in AREAS:
        data = json.loads(outputs[f"{_name(area)}.json"])
        for link in data["links"]:
            if link["type"] == "referral":
                assert set(link) <= {"source", "target", "key", "type"}, link
    for name, F in _network_files(outputs):
        for _, _, d in F.edges(data=True):
            if d.get("relation") == "referral":
                assert "count" not in d, (name, d)
                assert d["label"] == label, (name, d)
                assert float(d["weight"]) == 1.0, (name, d)
    # the ward map draws the period's links between its organisations, and only those
    ward = _view(outputs, "pv-ward")
    links = {(s, t) for s, t, d in ward.edges(data=True) if d["type"] == "referral"}
    assert links == set(rel.links)
    assert links == {
        ("pv-company", "pv-office"),
        ("pv-office", "pv-npo"),
        ("pv-plaza", "pv-npo"),
    }


def test_flows_count_the_period_with_statuses_out_of_an_area(outputs: dict[str, bytes]) -> None:
    """November's referrals only: 月見 made 12 (its October one is not counted), 夕日
    received 13 (2 + 11 from the ward office); 2 of 月見's were declined, so its accepted
    10 is hidden too (12 - 10 would tell the 2), and so is the acceptance rate."""
    rows = list(csv.reader(io.StringIO(outputs["pv-ward-flows.csv"].decode("utf-8-sig"))))
    head = rows[0]
    assert head == [
        "地区", "紹介した（入口）", "紹介を受けた（出口）", "対応中", "受入", "不成立", "終結",
        "受入率", "地区ID",
    ]  # fmt: skip
    by_area = {r[0]: r[1:8] for r in rows[1:]}
    x = MARK
    assert by_area == {
        "朝日地区": [x, "0", x, "0", "0", "0", ""],
        "夕日地区": ["0", "13", "0", "0", "0", "0", ""],
        "星見地区": ["0", "0", "0", "0", "0", "0", ""],
        "月見地区": ["12", "0", "0", x, x, "0", x],
    }


def test_derived_figures_hide_with_their_counts(outputs: dict[str, bytes]) -> None:
    """A gap's residents-per-resource ratio and an area's acceptance rate are shown only
    with the counts they come from."""
    for where, table, row in _table_rows(outputs):
        if table == "gaps":
            demand, ratio = row["住民（人）"], row["住民／資源"]
            if _count(demand, where) is None:
                assert ratio in ("", None), where
            elif ratio not in ("", None):
                assert float(ratio) == pytest.approx(int(demand) / int(row["資源"]), abs=1e-3)
        elif table == "flows":
            statuses = {s: _count(row[h], where) for h, s in STATUS_HEADINGS.items()}
            rate = row["受入率"]
            parts = [statuses[s] for s in ("accepted", "closed", "declined")]
            if any(p is None for p in parts):
                assert rate == MARK, where
            elif sum(p or 0 for p in parts) == 0:
                assert rate in ("", None), where


def test_gap_of_seven_residents_reads_x(outputs: dict[str, bytes]) -> None:
    rows = list(csv.reader(io.StringIO(outputs["pv-ward-gaps.csv"].decode("utf-8-sig"))))
    head = rows[0]
    by_area = {r[head.index("地区")]: r for r in rows[1:]}
    a = by_area[NAMES["pv-a"]]
    assert a[head.index("ニーズ")] == "食" and a[head.index("住民（人）")] == MARK
    d = by_area[NAMES["pv-d"]]
    assert d[head.index("区分")] == "不足"
    assert (d[head.index("住民（人）")], d[head.index("資源")]) == ("12", "1")
    assert d[head.index("住民／資源")] == "12.0"


def test_xlsx_about_sheet_carries_the_privacy_notice_with_the_period(
    outputs: dict[str, bytes],
) -> None:
    from openpyxl import load_workbook

    for area in AREAS:
        wb = load_workbook(io.BytesIO(outputs[f"{_name(area)}.xlsx"]))
        about = {r[0].value: r[1].value for r in wb["about"].iter_rows()}
        assert about["データ基準日"] == AS_OF
        assert about["個人情報の扱い"] == privacy_notice(10, "ja", period=PERIOD)
        assert "2026-11-01〜2026-11-30" in about["個人情報の扱い"]
        flows = wb["flows"]
        assert "公表期間内" in str(flows.cell(row=2, column=1).value)
    notice_en = privacy_notice(10, "en", period=PERIOD)
    assert json.loads(outputs["pv-ward.json"])["graph"]["privacy"] == notice_en
    gm = nx.read_graphml(io.BytesIO(outputs["pv-ward.graphml"]), force_multigraph=True)
    assert gm.graph["privacy"] == notice_en


def _unknown_parts_ok(total: int, parts: list[int | None], threshold: int) -> bool:
    """The additive rule: the parts an attacker does not see are none, or at least two
    whose sum leaves each of them room to reach the threshold (each is at least 1)."""
    rest = total - sum(p for p in parts if p is not None)
    unknown = sum(p is None for p in parts)
    return unknown == 0 or (unknown >= 2 and rest - (unknown - 1) >= threshold)


def test_the_rule_would_see_a_leak() -> None:
    assert not _unknown_parts_ok(30, [12, None, 6, 5], 10)  # 30 - 23 = 7: one unknown
    assert not _unknown_parts_ok(30, [12, 10, None, None], 10)  # 8 left: both under 10
    assert _unknown_parts_ok(30, [12, None, None, None], 10)  # 18 left, each up to 16
    assert _unknown_parts_ok(43, [None, None, 20], 10)


def test_ward_and_district_exports_together_reveal_no_hidden_count(
    seen: dict[Key, dict[str, int | None]], rel: Release
) -> None:
    """Gather every count the exports of the city, the wards and their districts show (a
    hidden one, or one no export shows, is unknown), as someone holding all the files
    would, and try every relation of the release on them: no hidden cell is left alone
    among the unknown parts of a shown total, or bounded below the threshold."""
    known = {k: _value(seen, k) for k in seen}
    # 試験区 30 and 第二区 43 minus their shown districts: the hidden ones stay >= 10 each
    for ward in ("pv-ward", "pv-ward2"):
        total = known[("res", ward)]
        assert total is not None
        districts = [a for a in rel.level_areas("district") if rel.areas[a][0] == ward]
        parts = [known[("res", a)] for a in districts]
        assert None in parts
        assert _unknown_parts_ok(total, parts, rel.threshold), (ward, total, parts)
    # every relation whose total an export shows
    checked = 0
    for total_key, part_keys in rel.relations:
        total = known.get(total_key)
        if total is None:
            continue
        parts = [known.get(p) for p in part_keys]
        if not any(rel.hidden(p) for p, v in zip(part_keys, parts, strict=True) if v is None):
            continue  # what no export shows here is no secret (the release shows it)
        assert _unknown_parts_ok(total, parts, rel.threshold), (
            key_text(total_key),
            total,
            {key_text(p): v for p, v in zip(part_keys, parts, strict=True)},
        )
        checked += 1
    assert checked >= 5
    # and the LP audit of everything shown, under all relations at once
    published = {key_text(k): known.get(k) for k in rel.cells}
    relations = [(key_text(t), [key_text(p) for p in ps]) for t, ps in rel.relations]
    report = audit_cells(published, relations, rel.threshold)
    hidden = {key_text(k) for k in rel.cells if rel.hidden(k)}
    # (a cell the release shows but no export does may be pinned: it is no secret)
    assert [f.to_json() for f in report.failures if f.cell in hidden] == []
    assert report.hidden > len(hidden)  # cells no export shows are unknown too
    assert {k for k, v in published.items() if v is not None} == {
        "res|pv-ward",
        "res|pv-d",
        "res|pv-ward2",
        "res|pv-g",
        "iso|pv-g",
        "dem|pv-d|employment",
        "dem|pv-g|debt",
        "out|pv-d",
        "in|pv-b",
    }
    # the audit is not blind: had 東町's 8 been shown, 西町 = 43 - 20 - 8 would be pinned
    leaked = {**published, key_text(("res", "pv-e")): 8}
    failures = {f.cell for f in audit_cells(leaked, relations, rel.threshold).failures}
    assert key_text(("res", "pv-f")) in failures & hidden


def _leaks(text: str) -> list[str]:
    """Small counts shown in extracted text: "7人" anywhere, or one of a district's hidden
    counts on a line naming the district (1-3 are left out: see conftest.SMALL)."""
    found = [m.group(0) for m in re.finditer(r"(?<![\d.<])[1-9]\s*人", text)]
    for area, small in SMALL.items():
        label = NAMES[area]
        for line in text.splitlines():
            if label in line:
                numbers = {int(x) for x in re.findall(r"(?<![\d.<\-])\d+(?![\d.\-])", line)}
                found += [f"{label}: {n}" for n in sorted(numbers & (small - {1, 2, 3}))]
    return found


def test_the_scan_would_see_a_leak() -> None:
    assert _leaks("朝日地区   食   空白   7   0") == ["朝日地区: 7"]
    assert _leaks("ニーズのある住民 6人") == ["6人"]
    assert _leaks("西町地区 はい 15") == ["西町地区: 15"]
    assert _leaks("朝日地区 x 0 2 1\n夕日地区 x 2\n月見地区 12 x") == []


def test_pdf_text_shows_no_small_count_next_to_a_district(pdf_texts: dict[str, str]) -> None:
    for name, text in pdf_texts.items():
        assert _leaks(text) == [], name
        notice = privacy_notice(10, "ja", period=PERIOD)
        assert re.sub(r"\s", "", notice) in re.sub(r"\s", "", text), name


def test_district_sheets_show_the_published_counts(pdf_texts: dict[str, str]) -> None:
    ward = pdf_texts["sheet-pv-ward.pdf"]
    assert "30人" in ward  # the ward's total is shown; its small parts are not
    for label in ("朝日地区", "夕日地区", "星見地区", "月見地区"):
        assert label in ward
    # isolation rows: 月見 12 with needs, those not reached hidden; 朝日 both hidden
    assert re.search(r"月見地区\s+はい\s+ネットワーク参加団体なし\s+1\s+0\s+1\s+1\s+12\s+x\b", ward)
    assert re.search(r"朝日地区\s+いいえ\s+2\s+2\s+3\s+1\s+x\s+x\b", ward)
    # flows: 月見 made 12 in November, accepted and declined hidden
    assert re.search(r"月見地区\s+12\s+0\s+0\s+x\s+x\s+0\s+x\b", ward)
    a = pdf_texts["sheet-pv-a.pdf"]
    assert re.search(r"食\s+空白（資源なし）\s+x\s+0\s", a)


def test_secondary_suppression_holds_across_total_and_rows(
    outputs: dict[str, bytes], pdf_texts: dict[str, str], rel: Release
) -> None:
    """第二区 shows its total (43); 東町 (8) is small, so 西町 (15) is hidden as well in the
    JSON, the network files, the tables and the sheet, and 43 minus 南町 (20) reveals
    neither."""
    assert rel.cells[("res", "pv-f")] == (15, None)
    ward = _view(outputs, "pv-ward2")
    assert ward.nodes["pv-ward2"]["counts"]["residents_with_needs"] == 43
    assert ward.nodes["pv-e"]["counts_text"]["residents_with_needs"] == MARK
    assert ward.nodes["pv-f"]["counts"]["residents_with_needs"] is None
    assert ward.nodes["pv-g"]["counts"]["residents_with_needs"] == 20
    # every figure that equals 西町's hidden total is hidden with it
    f = ward.nodes["pv-f"]
    assert [g["demand"] for g in f["gaps"]] == [None]
    assert f["isolation"]["isolated_residents"] is None
    assert f["isolation"]["isolated_residents_text"] == MARK
    rows = list(csv.reader(io.StringIO(outputs["pv-ward2-isolated.csv"].decode("utf-8-sig"))))
    head = rows[0]
    col = head.index("ニーズのある住民（人）")
    shown = {r[head.index("地区")]: r[col] for r in rows[1:]}
    assert shown == {"東町地区": MARK, "西町地区": MARK, "南町地区": "20"}
    sheet = pdf_texts["sheet-pv-ward2.pdf"]
    assert "43人" in sheet
    assert not re.search(r"(?<![\d-])15(?![\d-])", sheet)


def test_diagram_legend_does_not_claim_referral_counts(pdf_texts: dict[str, str]) -> None:
    """The city diagram draws the period's referral links at one width: its legend names
    them without "件数" (counts appear only in the footer's privacy notice)."""
    text = pdf_texts["city.pdf"]
    assert "紹介" in text
    assert "件数" not in text.split("出典")[0]
