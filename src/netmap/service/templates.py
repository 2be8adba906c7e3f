"""``netmap template``: empty import files for people who prepare data in Excel.

:func:`write_templates` writes, into one folder,

* one CSV file per import file (``areas.csv``, ``organisations.csv``, ...): the header row
  only, UTF-8 with a BOM so that Excel opens the Japanese text correctly;
* one workbook, ``netmap-template.xlsx``: a sheet per import file named like the CSV file
  (``areas``, ``organisations``, ...) whose header row carries a Japanese note on every
  column (a cell comment, and an input message when a cell of the column is selected),
  drop-down lists for the vocabularies (levels, kinds, roles, statuses, needs, target
  groups), a ``説明`` sheet that explains every column with an example value, and a
  ``vocabularies`` sheet listing the allowed values with their Japanese labels (the import
  accepts either: the code or the label). The ``kinds`` sheet (optional, like ``needs``)
  adds organisation or activity kinds the vocabularies lack.

``netmap import netmap-template.xlsx`` reads the filled workbook (:mod:`netmap.ingest.xlsx`)
with the same checks and report as the CSV files.

``netmap template --scenario`` writes the same files for a plan (``scenario=True``): only
the files a plan may hold (:data:`netmap.service.scenarios.PLAN_FILES`: organisations,
networks, memberships, partnerships, activities, and the needs and kinds they use), the
same headers, notes and drop-down lists, and a workbook ``netmap-plan-template.xlsx``
whose ``説明`` sheet says how to try the plan (``netmap compare --scenario``).

The columns come from the one declaration of the import files (:mod:`netmap.ingest.columns`)
and the labels from :mod:`netmap.model.vocab`; this module adds only the column descriptions.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from netmap.errors import NetmapError
from netmap.ingest.columns import (
    FILE_ORDER,
    FILE_SPECS,
    Column,
    ColumnType,
)
from netmap.ingest.xlsx import NOTES_SHEET, VOCABULARY_SHEET, sheet_name
from netmap.model.vocab import VOCABULARIES as _VOCABULARIES

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "COLUMN_NOTES",
    "SCENARIO_WORKBOOK",
    "TEMPLATE_WORKBOOK",
    "VOCABULARIES",
    "Vocabulary",
    "column_note",
    "csv_template_bytes",
    "template_sheet_order",
    "write_templates",
    "xlsx_template_bytes",
]

#: File name of the workbook :func:`write_templates` writes.
TEMPLATE_WORKBOOK = "netmap-template.xlsx"
#: File name of the plan workbook (``scenario=True``).
SCENARIO_WORKBOOK = "netmap-plan-template.xlsx"
#: Rows of a sheet the drop-down lists and input messages cover (all of them).
_LAST_ROW = 1048576


@dataclass(frozen=True)
class Vocabulary:
    """An allowed-value list: its name on the ``vocabularies`` sheet, values and labels."""

    name: str
    title_ja: str
    values: tuple[str, ...]
    labels_ja: tuple[str, ...]
    labels_en: tuple[str, ...] = ()
    extensible: bool = False


#: Every vocabulary a column draws on, in the order of the ``vocabularies`` sheet (the one
#: declaration is :data:`netmap.model.vocab.VOCABULARIES`).
VOCABULARIES: tuple[Vocabulary, ...] = tuple(
    Vocabulary(
        v.name,
        v.title_ja,
        v.values,
        tuple(ja for ja, _ in v.labels.values()),
        tuple(en for _, en in v.labels.values()),
        v.extensible,
    )
    for v in _VOCABULARIES.values()
)
_VOCAB_BY_NAME = {v.name: v for v in VOCABULARIES}

#: (file, column) → (日本語の説明, English description, example value). Time and provenance
#: columns share :data:`_COMMON_NOTES`. A column without an entry still gets its type note.
COLUMN_NOTES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("needs.csv", "id"): ("追加するニーズの ID（半角英数字）", "Need id to add", "transport"),
    ("needs.csv", "name_ja"): ("ニーズの日本語名", "Japanese label", "移動"),
    ("needs.csv", "name_en"): ("ニーズの英語名", "English label", "Transport"),
    ("kinds.csv", "vocabulary"): (
        "追加する語彙（organisation_kind＝団体の種別、activity_kind＝活動の種別）",
        "The vocabulary the kind is added to",
        "organisation_kind",
    ),
    ("kinds.csv", "code"): (
        "追加する種別のコード（半角の英小文字・数字・_）",
        "Code of the new kind (lower-case letters, digits, _)",
        "food_bank",
    ),
    ("kinds.csv", "label_ja"): (
        "種別の日本語名（記入にも使えます）",
        "Japanese label",
        "フードバンク",
    ),
    ("kinds.csv", "label_en"): ("種別の英語名", "English label", "Food bank"),
    ("areas.csv", "id"): ("地域 ID", "Area id", "kohoku-hiyoshi"),
    ("areas.csv", "name"): ("地域の名称", "Area name", "日吉地区"),
    ("areas.csv", "level"): ("階層（市・区・地区・町内）", "Level", "district"),
    ("areas.csv", "parent_id"): (
        "上位の地域の ID（地区なら所属する区）",
        "The coarser area it is part of",
        "kohoku",
    ),
    ("areas.csv", "population"): ("人口", "Population", "24000"),
    ("organisations.csv", "id"): ("団体 ID", "Organisation id", "org-plaza-hiyoshi"),
    ("organisations.csv", "name"): ("団体・機関の名称", "Name", "日吉地域ケアプラザ"),
    ("organisations.csv", "kind"): ("団体の種別", "Kind of organisation", "community_care_plaza"),
    ("organisations.csv", "area_id"): (
        "所在地域の ID（分かる範囲で最も細かい地域）",
        "Where it sits (the finest area known)",
        "kohoku-hiyoshi",
    ),
    ("organisations.csv", "sectors"): (
        "分野（先頭の分野を仲介分析のグループとします）",
        "Fields it works in (the first is its group)",
        "福祉;介護",
    ),
    ("organisations.csv", "provides"): (
        "直接提供している支援（ニーズ ID）",
        "Needs it serves directly",
        "elder_care;isolation",
    ),
    ("networks.csv", "id"): ("ネットワーク ID", "Network id", "net-kohoku-care"),
    ("networks.csv", "name"): ("ネットワークの名称", "Name", "港北区地域ケア会議"),
    ("networks.csv", "kind"): ("分野別・地域別・テーマ別", "By field, area or theme", "field"),
    ("networks.csv", "covers"): ("対象地域の ID", "Areas it covers", "kohoku"),
    ("memberships.csv", "organisation_id"): ("構成団体の ID", "The member", "org-plaza-hiyoshi"),
    ("memberships.csv", "network_id"): ("ネットワークの ID", "The network", "net-kohoku-care"),
    ("memberships.csv", "role"): ("役割（構成員・事務局・代表）", "Role", "member"),
    ("partnerships.csv", "source_id"): ("連携する団体の一方", "One partner", "org-plaza-hiyoshi"),
    ("partnerships.csv", "target_id"): (
        "連携するもう一方の団体",
        "The other partner",
        "org-npo-hiyoshi",
    ),
    ("partnerships.csv", "kind"): ("連携の種類", "Kind of collaboration", "food_supply"),
    ("partnerships.csv", "since"): ("連携の開始日", "Since when", "2023-04-01"),
    ("activities.csv", "id"): ("活動 ID", "Activity id", "act-hiyoshi-shokudo"),
    ("activities.csv", "name"): ("活動の名称", "Name", "ひよしこども食堂"),
    ("activities.csv", "kind"): ("活動の種別", "Kind of activity", "food_support"),
    ("activities.csv", "organisation_id"): ("運営団体の ID", "Who runs it", "org-npo-hiyoshi"),
    ("activities.csv", "area_id"): ("実施地域の ID", "Where it takes place", "kohoku-hiyoshi"),
    ("activities.csv", "needs"): ("対応するニーズ", "Needs it serves", "food;isolation"),
    ("activities.csv", "target_groups"): ("対象", "Who it is for", "children;families"),
    ("activities.csv", "capacity"): ("定員", "Places", "30"),
    ("residents.csv", "id"): (
        "相談番号などの ID（取り込み時に仮名化。氏名・住所は書かないこと）",
        "Case number or other id (pseudonymised; never names or addresses)",
        "R-0001",
    ),
    ("residents.csv", "area_id"): (
        "居住地域の ID（地区以上。町内は不可）",
        "Home area (district or coarser)",
        "kohoku-hiyoshi",
    ),
    ("residents.csv", "needs"): ("相談で把握したニーズ", "Needs recorded", "food;learning"),
    ("residents.csv", "age_band"): ("年代", "Age band", "40-49"),
    ("participations.csv", "resident_id"): (
        "住民の ID（residents と同じ）",
        "The resident (same id as in residents)",
        "R-0001",
    ),
    ("participations.csv", "activity_id"): ("活動の ID", "The activity", "act-hiyoshi-shokudo"),
    ("participations.csv", "since"): ("参加開始日", "Since when", "2024-06-01"),
    ("referrals.csv", "id"): ("つなぎの ID", "Referral id", "ref-0001"),
    ("referrals.csv", "date"): ("つないだ日", "When", "2024-07-15"),
    ("referrals.csv", "from_id"): (
        "つないだ（気づいた）団体の ID",
        "Who referred",
        "org-kohoku-welfare",
    ),
    ("referrals.csv", "to_id"): (
        "つなぎ先の団体または活動の ID",
        "Where to (organisation or activity)",
        "act-hiyoshi-shokudo",
    ),
    ("referrals.csv", "need"): ("対象のニーズ", "The need", "food"),
    ("referrals.csv", "status"): ("状況（対応中・受入・不成立・終結）", "Outcome", "accepted"),
    ("referrals.csv", "resident_id"): (
        "対象の住民の ID（任意）",
        "The resident (optional)",
        "R-0001",
    ),
}

_COMMON_NOTES: dict[str, tuple[str, str, str]] = {
    "valid_from": ("有効開始日（空欄は「以前から」）", "First day the record held", "2024-04-01"),
    "valid_to": ("有効終了日（空欄は「現在も有効」）", "Last day the record held", ""),
    "source": ("出典（担当課・調査名など）", "Where the record came from", "港北区 資源調査"),
    "verified_on": ("最終確認日", "When it was last confirmed", "2024-05-10"),
}

_LABEL_JA = {
    "Area": "地域",
    "Organisation": "団体",
    "Network": "ネットワーク",
    "Activity": "活動",
    "Resident": "住民",
    "Need": "ニーズ",
}

_SHEET_TITLES: dict[str, str] = {name: spec.title_ja for name, spec in FILE_SPECS.items()}
#: The optional sheets, last in the workbook.
_OPTIONAL = ("needs.csv", "kinds.csv")


def template_sheet_order(*, scenario: bool = False) -> list[str]:
    """Import files in the workbook's sheet order: the import order, the optional sheets
    (needs, kinds) last. ``scenario``: only the files a plan may hold."""
    order = [n for n in FILE_ORDER if n not in _OPTIONAL] + list(_OPTIONAL)
    if scenario:
        from netmap.service.scenarios import PLAN_FILES

        order = [n for n in order if n in PLAN_FILES]
    return order


def column_vocabulary(column: Column) -> Vocabulary | None:
    """The vocabulary a column's drop-down list offers, if any."""
    if column.vocabulary is not None:
        return _VOCAB_BY_NAME[column.vocabulary]
    return None


def _type_note(column: Column) -> str:
    t = column.type
    if t is ColumnType.ID:
        text = "ID（全ファイルを通じて一意）"
    elif t is ColumnType.INT:
        text = "整数" + ("（0以上）" if column.minimum == 0 else "")
    elif t is ColumnType.FLOAT:
        text = "数値"
    elif t is ColumnType.DATE:
        text = "日付（2025-04-01、2025/4/1、2025年4月1日、令和7年4月1日 など）"
    elif t is ColumnType.REF:
        text = "・".join(_LABEL_JA.get(r, r) for r in column.refs) + "の ID"
    elif t is ColumnType.NEED:
        text = "ニーズ ID か日本語名（vocabularies シート。needs シートで追加も可）"
    elif t is ColumnType.ENUM:
        vocab = column_vocabulary(column)
        text = f"{vocab.title_ja}（vocabularies シートの値か日本語名）" if vocab else "選択肢"
        if column.soft:
            text += "。一覧にない種別は kinds シートで追加（追加しないとエラー）"
    else:
        text = "文字"
    if column.many:
        text += "。複数は ; で区切る"
    return text


def column_note(file_name: str, column: Column) -> tuple[str, str, str]:
    """``(Japanese note, English description, example)`` of one column."""
    ja, en, example = COLUMN_NOTES.get(
        (file_name, column.name), _COMMON_NOTES.get(column.name, ("", "", ""))
    )
    required = "【必須】" if column.required else "【任意】"
    note = f"{required}{ja}。{_type_note(column)}" if ja else f"{required}{_type_note(column)}"
    return note, en, example


# --------------------------------------------------------------------------- CSV


def csv_template_bytes(file_name: str) -> bytes:
    """The empty CSV template of one import file: the header row, UTF-8 with BOM, CRLF."""
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerow(FILE_SPECS[file_name].column_names())
    return buf.getvalue().encode("utf-8-sig")


# --------------------------------------------------------------------------- XLSX


def _col_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _vocab_ranges() -> dict[str, str]:
    """Vocabulary name → the absolute range of its values on the ``vocabularies`` sheet."""
    out = {}
    for i, v in enumerate(VOCABULARIES):
        col = _col_letter(i * 3 + 1)
        out[v.name] = f"{VOCABULARY_SHEET}!${col}$3:${col}${len(v.values) + 2}"
    return out


def _fill_vocabularies(ws: Worksheet) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    for i, v in enumerate(VOCABULARIES):
        c = i * 3 + 1
        ws.cell(1, c, v.name).font = bold
        ws.cell(1, c + 1, v.title_ja).font = bold
        ws.cell(2, c, "値 (value)")
        ws.cell(2, c + 1, "日本語（記入可）")
        for r, (value, label) in enumerate(zip(v.values, v.labels_ja, strict=True), start=3):
            ws.cell(r, c, value)
            ws.cell(r, c + 1, label)
        ws.column_dimensions[_col_letter(c)].width = max(len(x) for x in v.values) + 4
        ws.column_dimensions[_col_letter(c + 1)].width = 2 * max(len(x) for x in v.labels_ja) + 4
        ws.column_dimensions[_col_letter(c + 2)].width = 3
    ws.freeze_panes = "A3"


_NOTE_LINES = (
    "列名のセルにマウスを置くと説明が出ます。■ の列は必須です。複数の値は ; で区切ります。",
    "選択肢のある列はセルのリストから選べます（一覧は vocabularies シート）。"
    "値（例 community_care_plaza）の代わりに日本語名（例 地域ケアプラザ）でも構いません。",
    "一覧にない団体・活動の種別は kinds シートで追加します（追加しないとエラーになります）。",
    "日付は 2025-04-01、2025/4/1、2025年4月1日、令和7年4月1日 のどれでも構いません。",
)
_ROWS_LINE = (
    "行番号：エラー表示の行番号は Excel の行番号と同じです（1 行目が列名、データは 2 行目から）。"
)

_HOW_TO = (
    "netmap 取り込みテンプレート / netmap import template",
    "",
    "使い方：各シート（areas, organisations, …）の 2 行目から 1 行に 1 件ずつ入力します。"
    "1 行目（列名）は変更しないでください。使わないシートは空のままで構いません"
    "（空のシートは取り込まれず、--sync でも何も削除しません）。",
    *_NOTE_LINES,
    "住民（residents）には氏名・住所・自由記述を書かないでください。"
    "ID は取り込み時に仮名化されます。",
    "取り込み：netmap import netmap-template.xlsx "
    "（問題があればシート名・行・列を表示し、何も書き込みません）",
    _ROWS_LINE,
    "確かめるだけなら：netmap import netmap-template.xlsx --dry-run"
    "（何も書き込まず、種類ごとの追加・更新・削除・変更なしの件数を表示）",
    "",
    "How to use: one record per row from row 2 of each sheet; keep row 1 (the column names). "
    "Leave unused sheets empty (an empty sheet is not imported and removes nothing, "
    "even with --sync). Hover over a column name for its note; columns marked ■ are "
    "required; separate several values with ;. A listed value may be written as its code "
    "or its Japanese label; add organisation or activity kinds on the kinds sheet. Write no "
    "names, addresses or free text for residents. Import with `netmap import "
    "netmap-template.xlsx` (--dry-run to check only): every problem is listed by sheet, row "
    "and column and nothing is written. Rows are numbered as in Excel (the header is row 1).",
)

_SCENARIO_HOW_TO = (
    "netmap 計画案テンプレート / netmap plan (scenario) template",
    "",
    "使い方：作る予定の団体・活動・ネットワーク・ネットワークへの参加・連携を、各シート"
    "（organisations, activities, …）の 2 行目から 1 行に 1 件ずつ入力します。"
    "1 行目（列名）は変更しないでください。使わないシートは空のままで構いません。",
    "すでにある地域・団体・ネットワークは ID で参照できます（netmap organisations などで確認）。"
    "始める予定の日は valid_from 列に書きます（計画は既定でその日の時点で評価されます）。",
    *_NOTE_LINES,
    "住民・つなぎ（紹介）・活動への参加は計画案に入れられません（そのシートはありません）。",
    f"試す：netmap compare --scenario {SCENARIO_WORKBOOK} "
    "（取り込みと同じ検査をし、問題があればシート名・行・列を表示します。"
    "計画案は保存しません）",
    _ROWS_LINE,
    "",
    "How to use: one planned record per row from row 2 of each sheet (organisations, "
    "activities, networks, memberships, partnerships); keep row 1 (the column names) and "
    "leave unused sheets empty. Refer to stored areas, organisations and networks by id; "
    "write the planned start in valid_from (the plan is evaluated on it by default). "
    "Hover over a column name for its note; columns marked ■ are required. A plan holds no "
    "residents, referrals or participations. Try it with `netmap compare --scenario "
    f"{SCENARIO_WORKBOOK}`: it is checked like an import (every problem by sheet, row and "
    "column), compared with the network now, and never stored.",
)


def _fill_notes(ws: Worksheet, *, scenario: bool = False) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    how_to = _SCENARIO_HOW_TO if scenario else _HOW_TO
    for r, line in enumerate(how_to, start=1):
        cell = ws.cell(r, 1, line)
        if r == 1:
            cell.font = Font(bold=True, size=14)
    row = len(how_to) + 2
    headings = ("シート (sheet)", "列 (column)", "必須", "説明（日本語）", "description", "記入例")
    fill = PatternFill("solid", fgColor="DDEBF7")
    for c, h in enumerate(headings, start=1):
        cell = ws.cell(row, c, h)
        cell.font = bold
        cell.fill = fill
    for name in template_sheet_order(scenario=scenario):
        row += 1
        ws.cell(row, 1, f"{sheet_name(name)}：{_SHEET_TITLES.get(name, '')}").font = bold
        for col in FILE_SPECS[name].columns:
            row += 1
            note, en, example = column_note(name, col)
            values = (sheet_name(name), col.name, "■" if col.required else "", note, en, example)
            for c, v in enumerate(values, start=1):
                ws.cell(row, c, v).alignment = Alignment(vertical="top", wrap_text=c == 4)
    for letter, width in zip("ABCDEF", (22, 18, 6, 60, 40, 24), strict=True):
        ws.column_dimensions[letter].width = width


def _fill_data_sheet(ws: Worksheet, file_name: str, ranges: dict[str, str]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    required_fill = PatternFill("solid", fgColor="FCE4D6")
    optional_fill = PatternFill("solid", fgColor="EDEDED")
    spec = FILE_SPECS[file_name]
    for c, col in enumerate(spec.columns, start=1):
        letter = _col_letter(c)
        cell = ws.cell(1, c, col.name)
        cell.font = Font(bold=True)
        cell.fill = required_fill if col.required else optional_fill
        note, en, example = column_note(file_name, col)
        text = f"{note}\n{en}" + (f"\n例: {example}" if example else "")
        comment = Comment(text, "netmap")
        comment.width = 320
        comment.height = 130
        cell.comment = comment
        ws.column_dimensions[letter].width = max(len(col.name) + 4, 16)
        if col.type is not ColumnType.INT:
            # text format: Excel keeps ids such as 0012 and dates as typed
            ws.column_dimensions[letter].number_format = "@"
        vocab = column_vocabulary(col)
        area = f"{letter}2:{letter}{_LAST_ROW}"
        prompt = note[:250]
        if vocab is not None:
            if col.many:
                style, error = "information", "複数の値は ; で区切って入力できます。"
            elif col.soft:
                style, error = (
                    "warning",
                    "一覧にない種別です。kinds シートで追加してください（追加しないと取り込みで"
                    "エラーになります）。日本語名で書いても構いません。",
                )
            elif col.type is ColumnType.NEED:
                style, error = (
                    "warning",
                    "一覧にないニーズです。needs シートで追加してください。日本語名で書いても"
                    "構いません。",
                )
            else:
                style, error = "stop", "vocabularies シートの値から選んでください。"
            dv = DataValidation(
                type="list",
                formula1=ranges[vocab.name],
                allow_blank=True,
                errorStyle=style,
                error=error,
                errorTitle=col.name,
                prompt=prompt,
                promptTitle=col.name[:32],
                showErrorMessage=True,
                showInputMessage=True,
            )
        else:
            dv = DataValidation(
                allow_blank=True, prompt=prompt, promptTitle=col.name[:32], showInputMessage=True
            )
        dv.add(area)
        ws.add_data_validation(dv)
    ws.freeze_panes = "A2"


def build_template_workbook(*, scenario: bool = False) -> Workbook:
    """The empty workbook (see the module docstring); ``scenario``: the plan workbook."""
    from openpyxl import Workbook

    wb = Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = NOTES_SHEET
    _fill_notes(notes, scenario=scenario)
    ranges = _vocab_ranges()
    for name in template_sheet_order(scenario=scenario):
        _fill_data_sheet(wb.create_sheet(sheet_name(name)), name, ranges)
    _fill_vocabularies(wb.create_sheet(VOCABULARY_SHEET))
    wb.active = 1  # open on the first data sheet (areas; organisations in a plan)
    return wb


def xlsx_template_bytes(*, scenario: bool = False) -> bytes:
    """The empty workbook as ``.xlsx`` bytes."""
    buf = io.BytesIO()
    build_template_workbook(scenario=scenario).save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- files


def write_templates(
    output: str | Path,
    *,
    csv_files: bool = True,
    workbook: bool = True,
    overwrite: bool = False,
    scenario: bool = False,
) -> list[Path]:
    """Write the empty CSV files and/or the workbook into ``output``; returns the paths.
    ``scenario``: the files of a plan (``netmap compare --scenario``) and
    :data:`SCENARIO_WORKBOOK`.

    Existing files are kept (a :class:`~netmap.errors.NetmapError` names them) unless
    ``overwrite``: a filled template is never replaced by accident.
    """
    out = Path(output)
    book = SCENARIO_WORKBOOK if scenario else TEMPLATE_WORKBOOK
    targets: list[Path] = []
    if csv_files:
        targets += [out / name for name in template_sheet_order(scenario=scenario)]
    if workbook:
        targets.append(out / book)
    if not targets:
        raise NetmapError("nothing to write: choose CSV files, the workbook or both")
    existing = [p for p in targets if p.exists()]
    if existing and not overwrite:
        raise NetmapError(
            f"{len(existing)} template file(s) already exist in {out} "
            f"({', '.join(p.name for p in existing[:3])}{', …' if len(existing) > 3 else ''}); "
            "choose another folder or add --force to overwrite them",
            details={"existing": [str(p) for p in existing]},
        )
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in targets:
        data = (
            xlsx_template_bytes(scenario=scenario)
            if path.name == book
            else csv_template_bytes(path.name)
        )
        path.write_bytes(data)
        written.append(path)
    return written
