"""Maps, exports and the district sheet over HTTP: formats, file names, options, scope;
made from the release that answers ``as_of`` for every role (meeting products)."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import networkx as nx
import pytest

IN_SCOPE = "kohoku-hiyoshi"
OUT_OF_SCOPE = "kohoku-tsunashima"

MAGIC = {
    "png": (b"\x89PNG", "image/png"),
    "pdf": (b"%PDF", "application/pdf"),
    "svg": (b"<", "image/svg+xml"),
    "xlsx": (b"PK", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "graphml": (b"<", "application/graphml+xml"),
    "gexf": (b"<", "application/gexf+xml"),
    "json": (b"{", "application/json"),
    "csv": (b"", "text/csv"),
}


def test_map_is_self_contained_html(api: Any) -> None:
    r = api.client.get(f"/api/v1/maps/{IN_SCOPE}", headers=api.headers("viewer", IN_SCOPE))
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["content-encoding"] == "gzip"  # compressed once, cached
    html = r.text
    assert '<meta charset="utf-8">' in html.lower() or "charset=utf-8" in html.lower()
    assert "日吉地区" in html
    assert "<script src=" not in html  # everything inline
    r = api.client.get(
        f"/api/v1/maps/{IN_SCOPE}",
        headers={**api.headers("viewer"), "Accept-Encoding": "identity"},
    )
    assert "content-encoding" not in r.headers
    assert "日吉地区" in r.content.decode("utf-8")
    assert api.client.get("/api/v1/maps/nowhere", headers=api.headers("viewer")).status_code == 404


@pytest.mark.parametrize("fmt", sorted(MAGIC))
def test_export_formats(api: Any, fmt: str) -> None:
    r = api.client.get(f"/api/v1/exports/{IN_SCOPE}.{fmt}", headers=api.headers("viewer", IN_SCOPE))
    assert r.status_code == 200, r.text[:300]
    magic, media = MAGIC[fmt]
    assert r.headers["content-type"].split(";")[0] == media
    assert r.content.startswith(magic) or (fmt == "csv" and r.content.startswith(b"\xef\xbb\xbf"))
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f"network-{IN_SCOPE}.{fmt}" in disposition
    if fmt == "graphml":
        G = nx.read_graphml(io.BytesIO(r.content))
        assert G.number_of_nodes() > 0
    if fmt == "xlsx":
        assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    if fmt == "csv":
        assert "日吉" in r.content.decode("utf-8-sig") or r.content.decode("utf-8-sig")


def test_export_options(api: Any) -> None:
    h = api.headers("analyst")
    base = f"/api/v1/exports/{IN_SCOPE}"
    ok = api.client.get(f"{base}.csv?table=organisations&lang=en", headers=h)
    assert ok.status_code == 200
    for bad in (
        f"{base}.png?paper=B5",
        f"{base}.png?dpi=5",
        f"{base}.png?orientation=sideways",
        f"{base}.csv?table=secrets",
        f"{base}.csv?lang=fr",
        f"{base}.docx",
    ):
        r = api.client.get(bad, headers=h)
        assert r.status_code == 422, bad
    small = api.client.get(f"{base}.png?dpi=50", headers=h).content
    big = api.client.get(f"{base}.png?dpi=200", headers=h).content
    assert len(big) > len(small)


def test_report_pdf(api: Any) -> None:
    r = api.client.get(f"/api/v1/reports/{IN_SCOPE}.pdf", headers=api.headers("viewer", IN_SCOPE))
    assert r.status_code == 200, r.text[:300]
    assert r.content.startswith(b"%PDF")
    assert r.headers["content-type"] == "application/pdf"
    assert f"sheet-{IN_SCOPE}.pdf" in r.headers["content-disposition"]
    r = api.client.get(
        f"/api/v1/reports/{OUT_OF_SCOPE}.pdf", headers=api.headers("viewer", IN_SCOPE)
    )
    assert r.status_code == 403


def test_text_exports_are_compressed_for_clients_that_accept_it(api: Any) -> None:
    r = api.client.get(
        f"/api/v1/exports/{IN_SCOPE}.graphml",
        headers=api.headers("viewer"),
    )
    assert r.status_code == 200
    raw = api.client.get(
        f"/api/v1/exports/{IN_SCOPE}.graphml",
        headers={**api.headers("viewer"), "Accept-Encoding": "identity"},
    )
    assert r.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in raw.headers
    assert raw.content == r.content  # the client decoded the gzip form
    png = api.client.get(f"/api/v1/exports/{IN_SCOPE}.png", headers=api.headers("viewer"))
    assert "content-encoding" not in png.headers  # compressed formats are sent as they are


@pytest.mark.parametrize(
    ("table", "hidden", "shown"),
    [
        ("isolated", ["ニーズのある住民（人）", "つながっていない住民（人）"], {"活動": "2"}),
        ("flows", ["紹介した（入口）", "受入", "受入率"], {"対応中": "0", "不成立": "0"}),
    ],
)
def test_tables_come_from_the_release_for_every_role(
    api: Any, table: str, hidden: list[str], shown: dict[str, str]
) -> None:
    """An export is a meeting product: a viewer, an analyst and an admin download the same
    published table; a hidden count reads "x" (the sample's counts are all under 10)."""
    got = {}
    for role in ("viewer", "analyst", "admin"):
        r = api.client.get(
            f"/api/v1/exports/{IN_SCOPE}.csv",
            params={"table": table, "as_of": "2024-08-01"},
            headers=api.headers(role),
        )
        assert r.status_code == 200, r.text[:300]
        got[role] = r.content
    assert got["viewer"] == got["analyst"] == got["admin"]
    text = got["viewer"].decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    (row,) = rows
    cells = dict(zip(header, row, strict=True))
    assert row[0] == "日吉地区" and row[-1] == IN_SCOPE
    assert {h: cells[h] for h in hidden} == dict.fromkeys(hidden, "x")
    assert {h: cells[h] for h in shown} == shown
    assert "<" not in text
