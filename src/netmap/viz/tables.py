"""Analysis tables for Excel and for the district sheet: XLSX (openpyxl) and CSV.

:func:`build_tables` turns published results (:mod:`netmap.disclosure.publish`: a hidden
count is ``null`` and listed in ``"suppressed"``) into tables with Japanese (or English)
headings: ``gaps``, ``isolated``, ``bridges``, ``missing_bridges``, ``flows``,
``organisations``. A hidden cell reads "x" (秘匿), never a number. Nothing here computes
an analysis.

* :func:`xlsx_bytes`: one sheet per table (bold heading row, frozen, filter, widths, wrapped
  long text) plus an ``about`` sheet (title, area, dates, source, the privacy rule);
* :func:`csv_bytes`: one table as CSV in UTF-8 with a BOM, so Excel opens Japanese
  correctly by double-click.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from netmap.analysis.results import (
    CANDIDATE_REASON_JA,
    ISOLATION_REASON_JA,
    MISSING_BRIDGE_REASON_JA,
)
from netmap.disclosure.publish import MARK
from netmap.model.options import TableName
from netmap.model.vocab import REFERRAL_STATUS_JA
from netmap.spreadsheet import csv_text, xlsx_append

__all__ = [
    "TABLE_NAMES",
    "Column",
    "Table",
    "build_tables",
    "cell_text",
    "csv_bytes",
    "xlsx_bytes",
]

#: The tables, in sheet order.
TABLE_NAMES = tuple(t.value for t in TableName)

_CANDIDATE_REASON_EN = {
    "same_ward": "same ward, another district",
    "extend_activity": "extend an activity here",
    "widen_target_group": "widen an activity's target group",
}
_ISOLATION_REASON_EN = {
    "no_network_member": "no network member",
    "no_external_tie": "no tie outside",
    "no_activity": "no activity",
}
_MISSING_REASON_EN = {
    "tied_to_both": "tied to members of both",
    "high_betweenness": "high betweenness in the ward",
}
_YES = {"ja": "はい", "en": "yes"}
_NO = {"ja": "いいえ", "en": "no"}
_GAP_KIND = {
    "ja": {"gap": "空白（資源なし）", "undersupplied": "不足"},
    "en": {"gap": "gap (no resource)", "undersupplied": "under-supplied"},
}


@dataclass(frozen=True)
class Column:
    """A table column: the row key, headings, width (Excel characters), wrapped or not."""

    key: str
    ja: str
    en: str
    width: float = 12.0
    wrap: bool = False

    def heading(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


@dataclass
class Table:
    """Rows of cells (numbers or text) under named columns."""

    name: str
    title_ja: str
    title_en: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note_ja: str = ""
    note_en: str = ""

    def title(self, lang: str) -> str:
        return self.title_ja if lang == "ja" else self.title_en

    def note(self, lang: str) -> str:
        return self.note_ja if lang == "ja" else self.note_en


def cell_text(obj: Mapping[str, Any], key: str) -> Any:
    """A count cell: the number, the mark "x" for a hidden one, "" for none.

    >>> cell_text({"demand": None, "suppressed": ["demand"]}, "demand")
    'x'
    >>> cell_text({"demand": 12}, "demand"), cell_text({"ratio": None}, "ratio")
    (12, '')
    """
    v = obj.get(key)
    if v is None:
        return MARK if key in (obj.get("suppressed") or []) else ""
    return v


def _joined(values: Iterable[str], sep: str = "、") -> str:
    return sep.join(v for v in values if v)


def _rate(v: Any) -> Any:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return round(float(v), 3)
    return v


# --------------------------------------------------------------------------- tables


def _gap_table(obj: Mapping[str, Any], lang: str) -> Table:
    names: Mapping[str, str] = obj.get("names", {})
    cols = [
        Column("area_name", "地区", "Area", 14),
        Column("need_name", "ニーズ", "Need", 14),
        Column("kind", "区分", "Kind", 14),
        Column("demand", "住民（人）", "Residents with the need", 12),
        Column("supply", "資源", "Local resources", 10),
        Column("ratio", "住民／資源", "Residents per resource", 10),
        Column("candidates", "活用できそうな資源（理由）", "Candidate resources (why)", 60, True),
        Column("wide_area", "広域の資源", "Wide-area resources", 30, True),
        Column("area_id", "地区ID", "area id", 16),
        Column("need", "ニーズID", "need id", 14),
    ]
    rows = []
    reasons = CANDIDATE_REASON_JA if lang == "ja" else _CANDIDATE_REASON_EN
    for g in obj.get("gaps", []):
        cands = [
            f"{c['name']}（{reasons.get(c['reason'], c['reason'])}）"
            if lang == "ja"
            else f"{c['name']} ({reasons.get(c['reason'], c['reason'])})"
            for c in g.get("candidates", [])
        ]
        rows.append(
            {
                "area_name": g.get("area_name") or names.get(g["area_id"], g["area_id"]),
                "need_name": names.get(g["need"], g["need"]),
                "kind": _GAP_KIND[lang].get(g["kind"], g["kind"]),
                "demand": cell_text(g, "demand"),
                "supply": g.get("supply"),
                "ratio": _rate(cell_text(g, "ratio")) if g.get("ratio") is not None else "",
                "candidates": _joined(cands, "、" if lang == "ja" else "; "),
                "wide_area": _joined(
                    (w.get("name", "") for w in g.get("wide_area_resources", [])),
                    "、" if lang == "ja" else "; ",
                ),
                "area_id": g["area_id"],
                "need": g["need"],
            }
        )
    return Table(
        "gaps",
        "ニーズに対応する資源がない・足りない地区（空白・不足）",
        "Needs with no or too few local resources (gaps)",
        cols,
        rows,
        "「空白」はニーズのある住民がいて地区内に対応する活動・団体がない組み合わせ。",
        "A gap: residents with a need and no local activity or organisation providing it.",
    )


def _isolated_table(obj: Mapping[str, Any], lang: str) -> Table:
    names: Mapping[str, str] = obj.get("names", {})
    reasons = ISOLATION_REASON_JA if lang == "ja" else _ISOLATION_REASON_EN
    cols = [
        Column("area_name", "地区", "Area", 14),
        Column("isolated", "孤立のおそれ", "At risk", 10),
        Column("score", "スコア", "Score", 8),
        Column("reasons", "理由", "Reasons", 40, True),
        Column("organisations", "団体・機関", "Organisations", 10),
        Column("network_memberships", "ネットワーク参加", "Network memberships", 12),
        Column("external_ties", "地区外とのつながり", "Ties outside", 12),
        Column("activities", "活動", "Activities", 8),
        Column("residents_with_needs", "ニーズのある住民（人）", "Residents with needs", 12),
        Column("isolated_residents", "つながっていない住民（人）", "Not reached", 14),
        Column("area_id", "地区ID", "area id", 16),
    ]
    rows = []
    for a in obj.get("areas", []):
        rows.append(
            {
                "area_name": a.get("area_name") or names.get(a["area_id"], a["area_id"]),
                "isolated": (_YES if a.get("isolated") else _NO)[lang],
                "score": _rate(a.get("score")),
                "reasons": _joined(
                    (reasons.get(r, r) for r in a.get("reasons", [])),
                    "、" if lang == "ja" else "; ",
                ),
                "organisations": a.get("organisations"),
                "network_memberships": a.get("network_memberships"),
                "external_ties": a.get("external_ties"),
                "activities": a.get("activities"),
                "residents_with_needs": cell_text(a, "residents_with_needs"),
                "isolated_residents": cell_text(a, "isolated_residents"),
                "area_id": a["area_id"],
            }
        )
    return Table(
        "isolated",
        "孤立のおそれがある地区（理由つき）",
        "Areas at risk of isolation (with reasons)",
        cols,
        rows,
        "理由: ネットワーク参加団体なし／地区外とのつながりなし／活動なし。",
        "Reasons: no network member / no tie outside / no activity.",
    )


def _bridge_tables(obj: Mapping[str, Any], lang: str) -> tuple[Table, Table]:
    names: Mapping[str, str] = obj.get("names", {})
    sep = "、" if lang == "ja" else "; "
    cols = [
        Column("rank", "順位", "Rank", 6),
        Column("name", "団体・機関", "Organisation", 26),
        Column("score", "スコア", "Bridge score", 10),
        Column("networks", "参加ネットワーク", "Networks", 40, True),
        Column("betweenness", "媒介中心性", "Betweenness", 10),
        Column("constraint", "制約（低いほど橋渡し）", "Constraint", 10),
        Column("articulation_point", "抜けると分断", "Articulation point", 10),
        Column("why", "つなぐ役割", "Why", 70, True),
        Column("organisation_id", "団体ID", "organisation id", 18),
    ]
    rows = []
    for i, b in enumerate(obj.get("bridges", []), start=1):
        rows.append(
            {
                "rank": i,
                "name": b["name"],
                "score": _rate(b.get("score")),
                "networks": _joined((names.get(n, n) for n in b.get("networks", [])), sep),
                "betweenness": _rate(b.get("betweenness")),
                "constraint": _rate(b.get("constraint")) if b.get("constraint") is not None else "",
                "articulation_point": (_YES if b.get("articulation_point") else _NO)[lang],
                "why": b.get("why") if lang == "ja" else b.get("why_en") or b.get("why"),
                "organisation_id": b["organisation_id"],
            }
        )
    bridges = Table(
        "bridges",
        "橋渡し役の団体（ネットワークをつなぐ団体）",
        "Bridging organisations",
        cols,
        rows,
        "スコアは参加ネットワークの数と媒介中心性から計算（高いほど橋渡し役）。",
        "Score combines the number of networks linked and betweenness.",
    )
    reasons = MISSING_BRIDGE_REASON_JA if lang == "ja" else _MISSING_REASON_EN
    mcols = [
        Column("network_a", "ネットワークA", "Network A", 28, True),
        Column("network_b", "ネットワークB", "Network B", 28, True),
        Column("ward", "区", "Ward", 10),
        Column("candidates", "つなぎ役の候補（理由）", "Candidates (why)", 60, True),
        Column("network_ids", "ネットワークID", "network ids", 30),
    ]
    mrows = []
    for m in obj.get("missing_bridges", []):
        a, b2 = [*m["network_ids"], "", ""][:2]
        cands = [
            f"{names.get(c['organisation_id'], c['organisation_id'])}"
            + (
                f"（{reasons.get(c['reason'], c['reason'])}）"
                if lang == "ja"
                else f" ({reasons.get(c['reason'], c['reason'])})"
            )
            for c in m.get("candidates", [])
        ]
        mrows.append(
            {
                "network_a": names.get(a, a),
                "network_b": names.get(b2, b2),
                "ward": names.get(m["ward_id"], m["ward_id"]),
                "candidates": _joined(cands, sep),
                "network_ids": f"{a};{b2}",
            }
        )
    missing = Table(
        "missing_bridges",
        "つながると良いネットワーク（共通の参加団体もつながりもない組）",
        "Missing bridges (networks in the same ward with no shared member or tie)",
        mcols,
        mrows,
    )
    return bridges, missing


def _flow_table(obj: Mapping[str, Any], lang: str) -> Table:
    names: Mapping[str, str] = obj.get("names", {})
    st = REFERRAL_STATUS_JA
    cols = [
        Column("area_name", "地区", "Area", 14),
        Column("referrals_out", "紹介した（入口）", "Referrals out (entrance)", 12),
        Column("referrals_in", "紹介を受けた（出口）", "Referrals in (exit)", 12),
        Column("open", st["open"], "open", 8),
        Column("accepted", st["accepted"], "accepted", 8),
        Column("declined", st["declined"], "declined", 8),
        Column("closed", st["closed"], "closed", 8),
        Column("acceptance_rate", "受入率", "Acceptance rate", 9),
        Column("area_id", "地区ID", "area id", 16),
    ]
    rows = []
    for a in obj.get("areas", []):
        row: dict[str, Any] = {
            "area_name": names.get(a["area_id"], a["area_id"]),
            "area_id": a["area_id"],
        }
        for k in ("referrals_out", "referrals_in", "open", "accepted", "declined", "closed"):
            row[k] = cell_text(a, k)
        rate = cell_text(a, "acceptance_rate")
        row["acceptance_rate"] = _rate(rate) if rate is not None else ""
        rows.append(row)
    return Table(
        "flows",
        "紹介（つなぎ）の入口と出口",
        "Referrals: entrance and exit",
        cols,
        rows,
        "件数は公表期間内の紹介の件数です。人に関わる数のため、小さな件数と差し引きでそれが分かる件数は「x」（秘匿）と表示します。",
        "Referrals made in the release's period. They concern people: small counts, and "
        'counts that would reveal one by subtraction, read "x" (hidden).',
    )


def _organisation_table(rows_in: Sequence[Mapping[str, Any]], lang: str) -> Table:
    cols = [
        Column("name", "団体・機関", "Organisation", 26),
        Column("kind", "種類", "Kind", 18),
        Column("area_name", "地域", "Area", 14),
        Column("networks", "参加ネットワーク", "Networks", 40, True),
        Column("activities", "運営する活動", "Activities run", 30, True),
        Column("needs", "対応するニーズ", "Needs provided", 24, True),
        Column("bridge_score", "橋渡しスコア", "Bridge score", 10),
        Column("source", "情報源", "Source", 16),
        Column("verified_on", "確認日", "Verified on", 11),
        Column("id", "団体ID", "organisation id", 18),
    ]
    return Table(
        "organisations",
        "団体・機関の一覧",
        "Organisations",
        cols,
        [dict(r) for r in rows_in],
    )


def build_tables(
    *,
    gaps: Mapping[str, Any],
    isolated: Mapping[str, Any],
    bridges: Mapping[str, Any],
    flows: Mapping[str, Any],
    organisations: Sequence[Mapping[str, Any]],
    lang: str = "ja",
) -> list[Table]:
    """The six analysis tables (see the module docstring), in :data:`TABLE_NAMES` order."""
    b, m = _bridge_tables(bridges, lang)
    return [
        _gap_table(gaps, lang),
        _isolated_table(isolated, lang),
        b,
        m,
        _flow_table(flows, lang),
        _organisation_table(organisations, lang),
    ]


# --------------------------------------------------------------------------- writers


def csv_bytes(table: Table, *, lang: str = "ja") -> bytes:
    """One table as CSV: UTF-8 with a BOM (Excel), CRLF line ends, a heading row."""
    rows: list[list[Any]] = [[c.heading(lang) for c in table.columns]]
    rows += [[row.get(c.key) for c in table.columns] for row in table.rows]
    return csv_text(rows).encode("utf-8-sig")


def xlsx_bytes(
    tables: Sequence[Table],
    *,
    lang: str = "ja",
    about: Sequence[tuple[str, str]] = (),
) -> bytes:
    """A workbook with one sheet per table and an ``about`` sheet (``about``: lines of
    (heading, text): title, area, dates, source, privacy)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="33526E")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for t in tables:
        ws = wb.create_sheet(t.name)
        ws.append([t.title(lang)])
        ws["A1"].font = Font(bold=True, size=13)
        note = t.note(lang)
        ws.append([note] if note else [])
        ws.append([c.heading(lang) for c in t.columns])
        for i, c in enumerate(t.columns, start=1):
            cell = ws.cell(row=3, column=i)
            cell.font = head_font
            cell.fill = head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[get_column_letter(i)].width = c.width
        for row in t.rows:
            xlsx_append(ws, [row.get(c.key) for c in t.columns])
        for r in range(4, 4 + len(t.rows)):
            for i, c in enumerate(t.columns, start=1):
                ws.cell(row=r, column=i).alignment = wrap if c.wrap else top
        ws.freeze_panes = "B4"
        if t.rows:
            last = get_column_letter(len(t.columns))
            ws.auto_filter.ref = f"A3:{last}{3 + len(t.rows)}"
    info = wb.create_sheet("about")
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 100
    for k, v in about:
        info.append([k, v])
        info.cell(row=info.max_row, column=1).font = Font(bold=True)
        info.cell(row=info.max_row, column=2).alignment = Alignment(wrap_text=True)
    wb.properties.creator = "netmap"
    wb.properties.title = next((v for k, v in about if k in ("タイトル", "Title")), "netmap")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
