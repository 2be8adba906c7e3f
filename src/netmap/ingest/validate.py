"""Validate the import tables against :data:`netmap.ingest.columns.FILE_SPECS`.

Every problem in every file is collected (never only the first): missing required
columns (with the column the header most likely meant), empty required cells, values
outside a vocabulary (levels, kinds, roles, statuses, target groups, needs: the code or
its Japanese or English label is accepted, NFKC-normalised and case-folded, and stored as
the code; anything else is a problem with "did you mean"), bad dates (any form
:func:`netmap.dates.parse_date` reads: ``2024/6/30``, ``2024年6月30日``, ``令和6年6月30日``)
and numbers, duplicate ids (within a file, across files and labels, and against the
store), references to ids that exist neither in the files nor in the store (with "did you
mean": an id one edit away, or the same id in full-width or other case) or that name a
node of the wrong label, cycles in the area hierarchy, ``valid_from`` after ``valid_to``.
Organisation and activity kinds outside the vocabulary are problems too, unless the
import's ``kinds`` file (sheet) adds them. Unknown columns are kept as properties
(dropped, with a warning, on residents).

With ``--sync`` (``sync_files``: the files whose kinds of record the import prunes), a
reference to a record the sync would remove is a problem naming both, whether the
reference is in the files or only in the store.

Rows are numbered as a spreadsheet shows them (the header is row 1). Reasons are in the
configured language (:mod:`netmap.ingest.messages`).

The report is bounded (:class:`~netmap.ingest.limits.ProblemLog`): the first 1,000
problems in full, every one counted per kind. A file that is clearly garbage (more than
1,000 rows with a problem or repeating an earlier row, at least every second row) is not
read to its end; references to its records are then not checked and the counts are lower
bounds.

Raw resident ids are pseudonymised here, as soon as a cell is read: the parsed rows, the
problems and the warnings never hold them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from netmap.dates import InvalidDateError
from netmap.dates import parse_date as _parse_day
from netmap.errors import Problem
from netmap.ingest.columns import (
    FILE_ORDER,
    FILE_SPECS,
    LIST_SEPARATORS,
    Column,
    ColumnType,
    FileSpec,
)
from netmap.ingest.limits import Limits, ProblemLog, looks_like_garbage
from netmap.ingest.messages import (
    close_matches,
    current_lang,
    did_you_mean,
    input_name,
    t,
)
from netmap.ingest.sources import Table
from netmap.model.schema import REL_TYPES, Label
from netmap.model.vocab import (
    CODE_PATTERN,
    LEVEL_JA,
    LEVEL_RANK,
    NEEDS,
    VOCABULARIES,
    AreaLevel,
    CodeIndex,
    as_code,
)
from netmap.privacy import pseudonymise

__all__ = [
    "LABEL_JA",
    "RESERVED_COLUMNS",
    "AreaInfo",
    "ParsedRow",
    "StoredLink",
    "ValidatedFile",
    "Validation",
    "parse_date",
    "parse_int",
    "split_list",
    "validate_tables",
]

#: Column names netmap uses itself in the graph (node ``label``, edge ``type`` and ``key``).
RESERVED_COLUMNS = frozenset({"label", "type", "key"})

#: What each kind of record is called in Japanese messages.
LABEL_JA: dict[str, str] = {
    Label.AREA: "地域",
    Label.ORGANISATION: "団体",
    Label.NETWORK: "ネットワーク",
    Label.ACTIVITY: "活動",
    Label.RESIDENT: "住民",
    Label.NEED: "ニーズ",
    Label.REFERRAL: "つなぎ",
}

#: Column names people write instead of netmap's (a "did you mean" for a missing column).
COLUMN_HINTS: dict[str, tuple[str, ...]] = {
    "id": ("ID", "番号", "コード", "識別子"),
    "name": ("名称", "名前", "団体名", "活動名", "地域名"),
    "name_ja": ("名称", "日本語名"),
    "level": ("階層", "レベル", "区分"),
    "kind": ("種別", "種類", "区分"),
    "area_id": ("地域", "地域ID", "所在地域", "地区"),
    "parent_id": ("上位", "上位地域", "親"),
    "organisation_id": ("団体", "団体ID", "運営団体"),
    "network_id": ("ネットワーク", "ネットワークID"),
    "needs": ("ニーズ", "ニーズID"),
    "need": ("ニーズ", "ニーズID"),
    "date": ("日付", "日時"),
    "from_id": ("つないだ団体", "紹介元"),
    "to_id": ("つなぎ先", "紹介先"),
    "source_id": ("団体1", "連携元"),
    "target_id": ("団体2", "連携先"),
    "resident_id": ("住民", "住民ID", "相談番号"),
    "activity_id": ("活動", "活動ID"),
    "vocabulary": ("語彙", "種類"),
    "code": ("コード", "値"),
}

#: Distinct unknown values (per column) that get "did you mean" suggestions.
_MAX_SUGGESTED = 200

#: ``existing_ids(ids) -> {id: label}`` of the ids already in the store.
ExistingIds = Callable[[Iterable[str]], Mapping[str, str]]
#: ``stored(label) -> {id: name or None}``: every stored record of a label.
StoredRecords = Callable[[str], Mapping[str, str | None]]


@dataclass(frozen=True)
class AreaInfo:
    """What the validator needs to know of a stored area (for the hierarchy checks)."""

    level: str | None
    parent: str | None


@dataclass(frozen=True)
class StoredLink:
    """A stored relationship, with its endpoints' labels (the ``--sync`` checks)."""

    type: str
    source: str
    source_label: str
    target: str
    target_label: str


#: ``stored_links(ids) -> links``: the stored relationships touching any of ``ids``.
StoredLinks = Callable[[Collection[str]], Iterable[StoredLink]]


@dataclass
class ParsedRow:
    """A row with typed values: ``values`` for declared columns (``None`` when empty; lists
    for ``;`` columns; resident ids already pseudonymised), ``extra`` for undeclared
    columns kept as string properties. ``number``: the row as a spreadsheet shows it."""

    number: int
    values: dict[str, Any]
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class ValidatedFile:
    name: str
    encoding: str
    spec: FileSpec
    rows: list[ParsedRow]


@dataclass
class Validation:
    """The outcome: parsed files, the problems, every warning.

    ``problems`` lists every problem, or the first ``Limits.listed_problems`` (by file, row,
    column) when there are more: ``problem_count`` counts them all, ``problem_totals`` by
    kind (``[{file, column, reason, count}]``); ``problem_count_exact`` is False when a file
    was not read to its end (clearly garbage: the counts are then lower bounds).
    ``defined`` maps each id defined by the files (and the need vocabulary) to its label;
    ``existing`` the ids looked up in the store (defined or referenced) that it holds.
    ``synced``: the files whose kinds of record ``--sync`` prunes (``None``: no sync).
    ``kinds``: the codes the ``kinds`` file added, by vocabulary.
    """

    files: dict[str, ValidatedFile]
    problems: list[Problem]
    warnings: list[Problem]
    defined: dict[str, str]
    existing: dict[str, str] = field(default_factory=dict)
    problem_count: int = 0
    problem_count_exact: bool = True
    problem_totals: list[dict[str, Any]] = field(default_factory=list)
    synced: set[str] | None = None
    kinds: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Warnings:
    """Warnings grouped by (file, column, value, reason), listing the rows concerned."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str | None, str | None, str], list[int]] = defaultdict(list)
        self.plain: list[Problem] = []

    def add(self, file: str, row: int, column: str | None, value: str | None, reason: str) -> None:
        self._rows[(file, column, value, reason)].append(row)

    def result(self) -> list[Problem]:
        out = list(self.plain)
        for (file, column, value, reason), rows in self._rows.items():
            shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
            if len(rows) == 1:
                where = t(f"（{shown} 行目）", f" (row: {shown})")
            else:
                where = t(f"（{len(rows)} 行: {shown}）", f" ({len(rows)} rows: {shown})")
            out.append(Problem(file, rows[0], column, value, f"{reason}{where}"))
        return sorted(out, key=lambda p: (p.file, p.row or 0, p.column or ""))


# --------------------------------------------------------------------------- cell parsers

_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def parse_date(text: str) -> str:
    """An ISO date string from any form :func:`netmap.dates.parse_date` reads (a thin
    alias kept for callers of the old import parser).

    >>> parse_date("2024/4/1"), parse_date("2023-12-31"), parse_date("令和6年6月30日")
    ('2024-04-01', '2023-12-31', '2024-06-30')
    """
    return _parse_day(text).isoformat()


def _number_text(text: str) -> str:
    t_ = "".join(unicodedata.normalize("NFKC", text).split())
    return t_.replace(",", "") if _THOUSANDS_RE.match(t_) else t_


def parse_int(text: str) -> int:
    """A whole number (``1,234``, full-width digits and commas and ``12.0`` accepted).

    >>> parse_int("1,234"), parse_int("１２"), parse_int("１，２３４"), parse_int("12.0")
    (1234, 12, 1234, 12)
    """
    t_ = _number_text(text)
    try:
        return int(t_)
    except ValueError:
        pass
    try:
        f = float(t_)
    except ValueError:
        raise ValueError(t("整数ではありません", "not a whole number")) from None
    if not f.is_integer():
        raise ValueError(t("整数ではありません", "not a whole number"))
    return int(f)


def parse_float(text: str) -> float:
    try:
        f = float(_number_text(text))
    except ValueError:
        raise ValueError(t("数値ではありません", "not a number")) from None
    if f != f or f in (float("inf"), float("-inf")):
        raise ValueError(t("有限の数値ではありません", "not a finite number"))
    return f


def split_list(text: str) -> list[str]:
    """Items of a ``;`` list, stripped, empty items dropped, duplicates removed in order.

    >>> split_list(" food; housing;;food ；debt")
    ['food', 'housing', 'debt']
    """
    for sep in LIST_SEPARATORS[1:]:
        text = text.replace(sep, LIST_SEPARATORS[0])
    out: list[str] = []
    for item in text.split(LIST_SEPARATORS[0]):
        s = item.strip()
        if s and s not in out:
            out.append(s)
    return out


# --------------------------------------------------------------------------- validator


class _Validator:
    def __init__(
        self,
        tables: Mapping[str, Table],
        key: bytes,
        existing_ids: ExistingIds | None,
        store_areas: Callable[[], Mapping[str, AreaInfo]] | None,
        limits: Limits | None = None,
        *,
        sync_files: Collection[str] | None = None,
        stored: StoredRecords | None = None,
        stored_links: StoredLinks | None = None,
    ) -> None:
        self.tables = tables
        self.key = key
        self.existing_ids = existing_ids
        self.store_areas = store_areas
        self.limits = limits or Limits()
        self.sync_files = set(sync_files) if sync_files is not None else None
        self.stored = stored
        self.stored_links = stored_links
        #: the input is a workbook: messages name sheets, not files
        self.sheets = any(tb.label for tb in tables.values())
        # bounded: the first problems in full, every one counted by kind
        self.problems = ProblemLog(self.limits.listed_problems)
        self.warnings = _Warnings()
        self.files: dict[str, ValidatedFile] = {}
        # id → (label, file, row); the need vocabulary is defined by netmap itself.
        self.defined: dict[str, tuple[str, str, int | None]] = {
            n: (Label.NEED, "", None) for n in NEEDS
        }
        self.names: dict[str, str] = {}  # id → name, of the records in the files
        self.existing: dict[str, str] = {}
        self.duplicate_rows: set[tuple[str, int]] = set()
        #: labels of the files not read to their end: references to them are not checked
        #: (they would name ids in the rows not read); the counts are then lower bounds
        self.unread_labels: set[str] = set()
        self.pseudonyms: dict[str, Any] = {}  # raw resident id → pseudonym (cell_parser)
        #: codes the kinds file adds: vocabulary → {code: (label_ja, label_en)}
        self.kinds: dict[str, dict[str, tuple[str, str]]] = {}
        self.needs_added: dict[str, tuple[str, str]] = {}
        self._indexes: dict[str, CodeIndex] = {}
        self._stored_cache: dict[str, Mapping[str, str | None]] = {}
        self._suggested: dict[tuple[str, ...], dict[str, list[str]]] = {}
        #: ids ``--sync`` removes: id → (label, file)
        self.removed: dict[str, tuple[str, str]] = {}

    # -- helpers
    def problem(
        self, spec: FileSpec, row: int | None, col: Column | str | None, value: str | None, why: str
    ) -> None:
        column = col.name if isinstance(col, Column) else col
        hidden = isinstance(col, Column) and col.resident
        if hidden:
            value = None
            why = f"{why}{t('（住民 ID のため値は表示しません）', ' (value hidden: resident id)')}"
        self.problems.append(Problem(spec.name, row, column, value, why))

    def name_of(self, file: str) -> str:
        """How a message names another input: ``organisations.csv`` or the sheet."""
        return input_name(file, self.sheets)

    def index(self, vocabulary: str) -> CodeIndex:
        idx = self._indexes.get(vocabulary)
        if idx is None:
            extra = self.needs_added if vocabulary == "need" else self.kinds.get(vocabulary, {})
            idx = self._indexes[vocabulary] = VOCABULARIES[vocabulary].index(extra)
        return idx

    def stored_records(self, label: str) -> Mapping[str, str | None]:
        if self.stored is None:
            return {}
        if label not in self._stored_cache:
            self._stored_cache[label] = self.stored(label)
        return self._stored_cache[label]

    # -- phase 1: each file on its own
    def parse_cell(self, spec: FileSpec, row: int, col: Column, raw: str) -> Any:
        text = raw.strip()
        if not text:
            return None
        if col.many:
            items = split_list(text)
            if not items:
                return None
            parsed = [self.parse_item(spec, row, col, item) for item in items]
            if any(p is _BAD for p in parsed):
                return _BAD
            return parsed
        if col.type in _AS_WRITTEN and not col.resident:
            return text  # the common case, without the dispatch below
        return self.parse_item(spec, row, col, text)

    def parse_item(self, spec: FileSpec, row: int, col: Column, text: str) -> Any:
        ct = col.type
        try:
            if ct is ColumnType.ID or ct is ColumnType.REF:
                return pseudonymise(text, self.key) if col.resident else text
            if ct is ColumnType.STR:
                return text
            if ct is ColumnType.NEED:
                # a code or label of the vocabulary (or of needs.csv); else as written
                # (a need stored earlier, or unknown: the references check says which)
                return self.index("need").resolve(text) or text
            if ct is ColumnType.INT:
                n = parse_int(text)
                if col.minimum is not None and n < col.minimum:
                    raise ValueError(
                        t(
                            f"{col.minimum:g} 以上にしてください",
                            f"must be at least {col.minimum:g}",
                        )
                    )
                return n
            if ct is ColumnType.FLOAT:
                f = parse_float(text)
                if col.minimum is not None and f < col.minimum:
                    raise ValueError(
                        t(
                            f"{col.minimum:g} 以上にしてください",
                            f"must be at least {col.minimum:g}",
                        )
                    )
                return f
            if ct is ColumnType.DATE:
                return parse_date(text)
            if ct is ColumnType.ENUM:
                assert col.vocabulary is not None
                idx = self.index(col.vocabulary)
                code = idx.resolve(text)
                if code is not None:
                    return code
                self.problem(spec, row, col, text, self.unknown_code(col, idx, text))
                return _BAD
        except InvalidDateError as exc:
            self.problem(
                spec, row, col, text, t(f"日付が正しくありません: {exc.ja}", f"bad date: {exc.en}")
            )
            return _BAD
        except ValueError as exc:
            if ct is ColumnType.DATE:
                why = t(f"日付が正しくありません: {exc}", f"bad date: {exc}")
            else:
                why = t(f"数値が正しくありません: {exc}", f"bad number: {exc}")
            self.problem(spec, row, col, text, why)
            return _BAD
        raise AssertionError(ct)  # pragma: no cover

    def unknown_code(self, col: Column, idx: CodeIndex, text: str) -> str:
        """The reason for a value outside a column's vocabulary, with "did you mean"."""
        vocab = idx.vocabulary
        lang = current_lang()
        guesses = [idx.describe(c, lang) for c in idx.suggest(text)]
        hint = did_you_mean(guesses)
        kinds = self.name_of("kinds.csv")
        if vocab.extensible:
            return t(
                f"{vocab.title_ja}が一覧にありません: "
                + (f"{hint} " if hint else "")
                + "vocabularies シートの値（または日本語名）を使うか、新しい種別なら "
                f"{_sp(kinds)}で追加してください",
                f"unknown {vocab.title_en}"
                + (f" ({hint})" if hint else "")
                + ": use a value of the vocabularies sheet (or its Japanese label), or add "
                f"a new kind on {kinds}",
            )
        return t(
            f"{vocab.title_ja}が一覧にありません: "
            + (f"{hint} " if hint else "")
            + f"{idx.listing('ja')} のいずれか（コードか日本語名）にしてください",
            f"bad {col.name}: expected one of {', '.join(idx.codes)}"
            + (f" ({hint})" if hint else ""),
        )

    def read_file(self, table: Table, spec: FileSpec) -> None:
        log = self.problems
        start = log.total
        listed = log.listed_max
        head = table.header_row
        # the table's problems, then those found as its rows are read, go to the log
        table_rows = table.iter_rows(log.add)
        for w in table.warnings:
            self.warnings.plain.append(w)
        header = table.header
        declared = set(spec.column_names())
        undeclared = [h for h in header if h and h not in declared]
        for col in spec.columns:
            # (a file that could not be read at all has no header to miss columns from)
            if col.required and col.name not in header and (header or table.complete):
                self.problem(spec, head, col.name, None, self.missing_column(col, undeclared))
        if spec.strict_columns and undeclared:
            self.warnings.plain.append(
                Problem(
                    spec.name,
                    head,
                    None,
                    None,
                    t(
                        "列を破棄しました（netmap は住民の氏名・住所・自由記述を保存しません）: ",
                        "columns dropped (netmap stores no names, addresses or free text for "
                        "residents): ",
                    )
                    + ", ".join(undeclared),
                )
            )
            undeclared = []
        for h in undeclared:
            if h in RESERVED_COLUMNS:
                self.problem(
                    spec,
                    head,
                    h,
                    None,
                    t(
                        "この列名は netmap が使うため使えません: 列名を変えてください",
                        "column name is reserved by netmap; rename it",
                    ),
                )
        kept = [h for h in undeclared if h not in RESERVED_COLUMNS]
        present = [c for c in spec.columns if c.name in header]
        # One parser per column, chosen once (parse_cell's dispatch, not per cell).
        parsers = [
            (c.name, c, None if _as_written(c) else self.cell_parser(spec, c)) for c in present
        ]
        names = {c.name for c in present}
        periods = "valid_from" in names and "valid_to" in names
        problem = self.problem
        empty = t("必須の値が空欄です", "required value is empty")
        rows: list[ParsedRow] = []
        append = rows.append
        # Rows that repeat an earlier one (by hash; the first rows remembered) count with
        # the problems towards "clearly garbage": a real file never repeats its rows.
        remembered: set[int] = set()
        repeats = 0
        for r in table_rows:
            cells = r.cells
            number = r.number
            values: dict[str, Any] = {}
            for name, col, parse in parsers:
                raw = cells.get(name, "")
                # None: a column kept as written (parse_cell's common case), inlined.
                value = (raw.strip() or None) if parse is None else parse(number, raw)
                if value is None:
                    if col.required:
                        problem(spec, number, col, raw, empty)
                elif value is _BAD:
                    value = None
                values[name] = value
            if kept:
                extra = {h: cells[h].strip() for h in kept if cells.get(h, "").strip()}
                append(ParsedRow(number, values, extra))
            else:
                append(ParsedRow(number, values))
            if periods:
                self.check_period(spec, number, values)
            digest = hash(tuple(cells.values()))
            if digest in remembered:
                repeats += 1
            elif len(remembered) < _REMEMBERED_ROWS:
                remembered.add(digest)
            # clearly garbage (most rows wrong): stop, rather than hold it all in memory
            bad = log.total - start + repeats
            if bad > listed and looks_like_garbage(bad, number - head, listed):
                log.add(
                    Problem(
                        spec.name,
                        number,
                        None,
                        None,
                        t(
                            f"この行で検査を中止しました: 問題のある行か前と同じ行が {listed:,} "
                            "行を超え、2 行に 1 行以上の割合です（正しいファイルですか？）。"
                            "残りの行は検査していません",
                            f"stopped checking the file at this row: more than {listed:,} rows "
                            "with problems or repeating an earlier row, at least every second "
                            "row (is it the right file?); the rest of the file was not checked",
                        ),
                    )
                )
                table_rows.close()
                table.complete = False
                break
        if not table.complete and spec.label is not None:
            self.unread_labels.add(spec.label)
        if not table.complete:
            self.problems.exact = False
        self.files[spec.name] = ValidatedFile(spec.name, table.encoding, spec, rows)
        if spec.name == "needs.csv":
            self.read_needs(rows)
        elif spec.vocabulary_file:
            self.read_kinds(spec, rows)

    def missing_column(self, col: Column, undeclared: list[str]) -> str:
        """The reason for a missing required column, with the header's likely rename."""
        candidates = [h for h in undeclared if h not in RESERVED_COLUMNS]
        guesses = close_matches(col.name, candidates, n=1, cutoff=0.6)
        if not guesses:
            hints = {h.casefold() for h in COLUMN_HINTS.get(col.name, ())}
            guesses = [
                h for h in candidates if unicodedata.normalize("NFKC", h).casefold() in hints
            ]
        if not guesses:
            return t("必須の列がありません", "required column is missing")
        shown = guesses[0]
        return t(
            f"必須の列がありません: 列「{shown}」のことなら、列名を {col.name} にしてください",
            f"required column is missing (is it the column {shown!r}? name it {col.name!r})",
        )

    def read_needs(self, rows: list[ParsedRow]) -> None:
        for row in rows:
            nid, ja, en = (row.values.get(k) for k in ("id", "name_ja", "name_en"))
            if isinstance(nid, str):
                base = NEEDS.get(nid, ("", ""))
                self.needs_added[nid] = (ja or base[0] or nid, en or base[1] or nid)
        self._indexes.pop("need", None)

    def read_kinds(self, spec: FileSpec, rows: list[ParsedRow]) -> None:
        """The codes the kinds file adds (checked: the form of a code, a code or a label
        given twice)."""
        seen: dict[tuple[str, str], int] = {}
        for row in rows:
            vocab_name, raw = row.values.get("vocabulary"), row.values.get("code")
            if not isinstance(vocab_name, str) or not isinstance(raw, str):
                continue
            code = as_code(raw)
            if not CODE_PATTERN.match(code):
                self.problem(
                    spec,
                    row.number,
                    "code",
                    raw,
                    t(
                        "コードの形が正しくありません: 半角の英小文字・数字・_ で書いてください"
                        "（例 food_bank）。日本語の名前は label_ja 列に書きます",
                        "bad code: write it in lower-case letters, digits and _ (e.g. "
                        "food_bank); the Japanese name goes in label_ja",
                    ),
                )
                continue
            row.values["code"] = code
            vocab = VOCABULARIES[vocab_name]
            if code in vocab.labels:
                continue  # a code the vocabulary has: nothing to add
            prior = seen.get((vocab_name, code))
            if prior is not None:
                self.problem(
                    spec,
                    row.number,
                    "code",
                    raw,
                    t(
                        f"コードが重複しています: {prior} 行目と同じです",
                        f"duplicate code: as row {prior}",
                    ),
                )
                continue
            seen[(vocab_name, code)] = row.number
            ja = row.values.get("label_ja") or ""
            en = row.values.get("label_en") or ""
            added = self.kinds.setdefault(vocab_name, {})
            idx = vocab.index(added)
            clash = False
            for label_text, column in ((ja, "label_ja"), (en, "label_en")):
                other = idx.resolve(label_text) if label_text else None
                if other is not None and other != code:
                    clash = True
                    self.problem(
                        spec,
                        row.number,
                        column,
                        label_text,
                        t(
                            f"名前が重複しています: {idx.describe(other, 'ja')} と同じ名前です",
                            f"duplicate label: {idx.describe(other, 'en')} has it already",
                        ),
                    )
            if not clash:
                added[code] = (ja or code, en or code.replace("_", " "))
        for name in self.kinds:
            self._indexes.pop(name, None)

    def cell_parser(self, spec: FileSpec, col: Column) -> Callable[[int, str], Any]:
        """``parse(row, raw)`` for one column: what :meth:`parse_cell` returns, with the
        results of side-effect-free parses (no problem) cached by cell text."""
        item: Callable[[int, str], Any]
        if col.type in _AS_WRITTEN and not col.resident:
            if not col.many:

                def as_written(row: int, raw: str) -> Any:
                    return raw.strip() or None

                return as_written

            def item(row: int, text: str) -> Any:
                return text

        else:
            # Resident ids share one cache: the same raw id in any file, the same pseudonym.
            shared = col.resident and col.type in (ColumnType.ID, ColumnType.REF)
            cache: dict[str, Any] = self.pseudonyms if shared else {}
            parse_item = self.parse_item

            def item(row: int, text: str) -> Any:
                value = cache.get(text, _BAD)
                if value is _BAD:
                    value = parse_item(spec, row, col, text)
                    if value is not _BAD:  # a bad value was reported: never cached
                        cache[text] = value
                return value

        if col.many:

            def many(row: int, raw: str) -> Any:
                text = raw.strip()
                if not text:
                    return None
                items = split_list(text)
                if not items:
                    return None
                parsed = [item(row, i) for i in items]
                if any(p is _BAD for p in parsed):
                    return _BAD
                out: list[Any] = []
                for p in parsed:  # two labels of one code: the code once
                    if p not in out:
                        out.append(p)
                return out

            return many

        def one(row: int, raw: str) -> Any:
            text = raw.strip()
            return item(row, text) if text else None

        return one

    def check_period(self, spec: FileSpec, row: int, values: dict[str, Any]) -> None:
        start, end = values.get("valid_from"), values.get("valid_to")
        if isinstance(start, str) and isinstance(end, str) and start > end:
            self.problem(
                spec,
                row,
                "valid_to",
                end,
                t(
                    f"有効終了日が有効開始日より前です: valid_from は {start}",
                    f"valid_to is before valid_from ({start})",
                ),
            )

    # -- phase 2: across files and against the store
    def collect_ids(self) -> None:
        for vf in self.files.values():
            spec = vf.spec
            if spec.label is None:
                continue
            id_col = spec.column("id")
            assert id_col is not None
            name_col = "name_ja" if spec.label == Label.NEED else "name"
            for row in vf.rows:
                rid = row.values.get("id")
                if not isinstance(rid, str):
                    continue
                prior = self.defined.get(rid)
                if prior is None or (spec.label == Label.NEED and prior[2] is None):
                    self.defined[rid] = (spec.label, spec.name, row.number)
                    name = row.values.get(name_col)
                    if isinstance(name, str) and not id_col.resident:
                        self.names[rid] = name
                    continue
                _, pfile, prow = prior
                self.duplicate_rows.add((spec.name, row.number))
                if prow is None:
                    where_ja, where_en = "組み込みのニーズ", "the need vocabulary"
                elif pfile == spec.name:
                    here = "このシート" if self.sheets else "このファイル"
                    where_ja, where_en = f"{here}の {prow} 行目", f"this file row {prow}"
                else:
                    where_ja = f"{_sp(self.name_of(pfile))}の {prow} 行目"
                    where_en = f"{self.name_of(pfile)} row {prow}"
                self.problem(
                    spec,
                    row.number,
                    id_col,
                    rid,
                    t(
                        f"ID が重複しています: {where_ja}で使われています"
                        "（ID はすべてのシート・ファイルを通じて 1 件だけを指します）",
                        f"duplicate id: already used in {where_en} "
                        "(an id names exactly one record, across all files)",
                    ),
                )

    def load_existing(self) -> None:
        wanted: set[str] = {i for i, (_, f, _r) in self.defined.items() if f in self.files}
        wanted.update(NEEDS)  # the transform writes only the vocabulary needs not yet stored
        defined = self.defined
        for vf in self.files.values():
            names = [c.name for c in vf.spec.columns if c.type in (ColumnType.REF, ColumnType.NEED)]
            if not names:
                continue
            for row in vf.rows:
                values = row.values
                for name in names:
                    value = values.get(name)
                    if isinstance(value, str):
                        if value not in defined:
                            wanted.add(value)
                    elif isinstance(value, list):
                        wanted.update(v for v in value if isinstance(v, str) and v not in defined)
        if self.existing_ids is not None and wanted:
            self.existing = dict(self.existing_ids(sorted(wanted)))

    def check_store_labels(self) -> None:
        for vf in self.files.values():
            spec = vf.spec
            if spec.label is None:
                continue
            id_col = spec.column("id")
            assert id_col is not None
            for row in vf.rows:
                rid = row.values.get("id")
                if not isinstance(rid, str):
                    continue
                stored = self.existing.get(rid)
                if (spec.name, row.number) in self.duplicate_rows:
                    continue  # already reported as a duplicate within the files
                if stored is not None and stored != spec.label:
                    self.problem(
                        spec,
                        row.number,
                        id_col,
                        rid,
                        t(
                            "ID が重複しています: 保存済みのデータに同じ ID の"
                            f"{LABEL_JA.get(stored, stored)}があります"
                            "（ID は種類を問わず一意です）",
                            f"duplicate id: the store already has {_a(stored)} with this id "
                            f"(ids are unique across all labels)",
                        ),
                    )

    def label_of(self, ref: str) -> str | None:
        d = self.defined.get(ref)
        return d[0] if d is not None else self.existing.get(ref)

    def compute_removed(self) -> None:
        """The ids ``--sync`` removes: stored records of a synced file's label that the
        file no longer holds (the need vocabulary always stays)."""
        if not self.sync_files or self.stored is None:
            return
        for name in FILE_ORDER:
            spec = FILE_SPECS[name]
            if name not in self.sync_files or spec.label is None or name not in self.files:
                continue
            if spec.label in self.unread_labels:
                continue
            keep = {i for i, d in self.defined.items() if d[1] == name}
            if spec.label == Label.NEED:
                keep.update(NEEDS)
            for sid in self.stored_records(spec.label):
                if sid not in keep and sid not in self.defined:
                    self.removed[sid] = (spec.label, name)

    def suggestions(self, value: str, allowed: tuple[str, ...], col: Column) -> list[str]:
        """ "Did you mean" for an unknown reference: ids (and names) of the labels it may
        name, in the files and in the store, close to ``value``."""
        if col.resident:
            return []  # never show resident ids
        done = self._suggested.setdefault(allowed, {})
        if value in done:
            return done[value]
        if len(done) >= _MAX_SUGGESTED:
            return []
        names: dict[str, str | None] = {}
        for label in allowed:
            for i, (lab, _f, _r) in self.defined.items():
                if lab == label:
                    names[i] = self.names.get(i)
            for i, n in self.stored_records(label).items():
                names.setdefault(i, n)
        if Label.NEED in allowed:
            idx = self.index("need")
            for code in idx.codes:
                names.setdefault(code, idx.labels[code][0])
        by_text: dict[str, str] = {}
        for i, n in names.items():
            by_text.setdefault(i, i)
            if n:
                by_text.setdefault(n, i)
        out: list[str] = []
        for match in close_matches(value, by_text, n=3):
            i = by_text[match]
            shown = f"{i}（{names[i]}）" if names.get(i) and current_lang() == "ja" else i
            if names.get(i) and current_lang() != "ja":
                shown = f"{i} ({names[i]})"
            if shown not in out and i != value:
                out.append(shown)
        done[value] = out
        return out

    def check_references(self) -> None:
        # label_of(ref) for every id, as one lookup: a defined id's label wins.
        labels = dict(self.existing)
        labels.update((i, d[0]) for i, d in self.defined.items())
        removed = self.removed
        for vf in self.files.values():
            spec = vf.spec
            for col in spec.columns:
                if col.type is ColumnType.REF:
                    allowed = col.refs
                elif col.type is ColumnType.NEED:
                    allowed = (Label.NEED,)
                else:
                    continue
                if self.unread_labels.intersection(allowed):
                    continue  # the ids it may name were not all read
                name = col.name
                for row in vf.rows:
                    value = row.values.get(name)
                    if value is None:
                        continue
                    for ref in (value,) if isinstance(value, str) else _as_list(value):
                        label = labels.get(ref)
                        if label is None:
                            self.problem(
                                spec, row.number, col, ref, self.unknown_ref(ref, allowed, col)
                            )
                        elif label not in allowed:
                            self.problem(
                                spec,
                                row.number,
                                col,
                                ref,
                                t(
                                    f"この ID は{LABEL_JA.get(label, label)}のものです: "
                                    f"{_labels_ja(allowed)}の ID にしてください",
                                    f"this id names {_a(label)}, expected {_labels(allowed)}",
                                ),
                            )
                        elif ref in removed:
                            gone_label, gone_file = removed[ref]
                            where = self.name_of(gone_file)
                            self.problem(
                                spec,
                                row.number,
                                col,
                                ref,
                                t(
                                    f"--sync で削除される{LABEL_JA.get(gone_label)}を"
                                    f"参照しています: {_sp(where)}にないため削除されます。"
                                    f"{_sp(where)}に戻すか、この行を消すか直してください",
                                    f"refers to {_a(gone_label)} that --sync removes (it is "
                                    f"not in {where}); put it back in {where}, or remove or "
                                    "change this row",
                                ),
                            )

    def unknown_ref(self, ref: str, allowed: tuple[str, ...], col: Column) -> str:
        hint = did_you_mean(self.suggestions(ref, allowed, col))
        if col.type is ColumnType.NEED:
            needs = self.name_of("needs.csv")
            return t(
                "ニーズが一覧にありません: 組み込みのニーズ（vocabularies シート）、"
                f"{needs}、保存済みのデータのどれにもありません" + (f"。{hint}" if hint else ""),
                f"unknown need (not in the vocabulary, {needs} or the store)"
                + (f" ({hint})" if hint else ""),
            )
        return t(
            f"参照先がありません: この ID の{_labels_ja(allowed)}は、取り込むデータにも"
            "保存済みのデータにもありません" + (f"。{hint}" if hint else ""),
            f"no {_labels(allowed)} with this id in the files or the store"
            + (f" ({hint})" if hint else ""),
        )

    def check_sync_dependents(self) -> None:
        """Stored records that refer to a record ``--sync`` removes, and that this import
        does not replace: a problem per removed record, naming both."""
        if not self.removed or self.stored_links is None:
            return
        rows_here = {i for i, d in self.defined.items() if d[1] in self.files}
        synced_pairs = {
            FILE_SPECS[n].rel for n in self.sync_files or () if FILE_SPECS[n].rel is not None
        }
        dependents: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for link in self.stored_links(set(self.removed)):
            rt = REL_TYPES.get(link.type)
            if rt is None:
                continue
            s_gone, t_gone = link.source in self.removed, link.target in self.removed
            if s_gone == t_gone:
                continue  # both go (or neither)
            gone, other, other_label = (
                (link.source, link.target, link.target_label)
                if s_gone
                else (link.target, link.source, link.source_label)
            )
            if rt.owner == "pair":
                if link.type in synced_pairs:
                    continue  # its file replaces the stored pairs (its rows are checked)
                dependents[gone].append((_pair_file(link.type), None))
                continue
            owner = link.source if rt.owner == "source" else link.target
            if owner == gone or owner in rows_here:
                continue  # the removed record's own reference, or a row that replaces it
            shown = None if other_label == Label.RESIDENT else other
            dependents[gone].append((other_label, shown))
        for gone, deps in dependents.items():
            label, file = self.removed[gone]
            spec = FILE_SPECS[file]
            id_col = spec.column("id")
            assert id_col is not None
            self.problem(
                spec,
                None,
                id_col,
                gone,
                t(
                    f"--sync で削除される{LABEL_JA.get(label, label)}を、保存済みのデータが"
                    f"参照しています: {_dependents(deps, 'ja')}。"
                    f"{_sp(self.name_of(file))}に戻すか、参照している記録も取り込みで直してください",
                    f"--sync would remove this {label.lower()} (not in {self.name_of(file)}), "
                    f"but stored records refer to it: {_dependents(deps, 'en')}; put it back, "
                    "or import the records that refer to it too",
                ),
            )

    def check_pairs(self) -> None:
        for vf in self.files.values():
            spec = vf.spec
            if spec.endpoints is None:
                continue
            s_name, t_name = spec.endpoints
            s_col, t_col = spec.column(s_name), spec.column(t_name)
            assert s_col is not None and t_col is not None
            seen: dict[tuple[Any, ...], int] = {}
            for row in vf.rows:
                s, t_ = row.values.get(s_name), row.values.get(t_name)
                if not (isinstance(s, str) and isinstance(t_, str)):
                    continue
                if spec.name == "partnerships.csv":
                    if s == t_:
                        self.problem(
                            spec,
                            row.number,
                            t_col,
                            t_,
                            t(
                                "自分自身との連携です: 別の団体にしてください",
                                "an organisation cannot partner itself",
                            ),
                        )
                        continue
                    key: tuple[Any, ...] = (*sorted((s, t_)), row.values.get("kind") or "")
                    what_ja = "連携の重複です: 同じ団体の組と種類"
                    what_en = "partnership (same pair of organisations and kind"
                else:
                    key = (s, t_)
                    what_ja = f"行の重複です: 同じ {s_name} と {t_name}"
                    what_en = f"{spec.rel} record (same {s_name} and {t_name}"
                if key in seen:
                    self.problem(
                        spec,
                        row.number,
                        None,
                        None,
                        t(
                            f"{what_ja}が {seen[key]} 行目にあります",
                            f"duplicate {what_en} as row {seen[key]})",
                        ),
                    )
                else:
                    seen[key] = row.number

    def check_areas(self) -> None:
        vf = self.files.get("areas.csv")
        levels: dict[str, str | None] = {}
        parents: dict[str, str | None] = {}
        rows: dict[str, ParsedRow] = {}
        if vf is not None:
            for row in vf.rows:
                aid = row.values.get("id")
                if isinstance(aid, str) and aid not in rows:
                    rows[aid] = row
                    levels[aid] = row.values.get("level")
                    parents[aid] = row.values.get("parent_id")
        # Parents stored (not in the files) matter only when a file area hangs below one.
        needs_store = any(
            p is not None and p not in rows and self.existing.get(p) == Label.AREA
            for p in parents.values()
        )
        if needs_store and self.store_areas is not None:
            for aid, info in self.store_areas().items():
                if aid not in rows:
                    levels[aid], parents[aid] = info.level, info.parent
        if vf is not None:
            in_cycles = self.check_cycles(vf.spec, rows, parents)
            self.check_area_levels(vf.spec, rows, levels, skip=in_cycles)
        self.check_resident_levels(levels)

    def check_cycles(
        self, spec: FileSpec, rows: dict[str, ParsedRow], parents: dict[str, str | None]
    ) -> set[str]:
        col = spec.column("parent_id")
        in_cycles: set[str] = set()
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        for start in sorted(rows):
            path: list[str] = []
            node: str | None = start
            while node is not None and state.get(node) is None and node in parents:
                state[node] = 1
                path.append(node)
                node = parents[node]
            if node is not None and state.get(node) == 1:
                cycle = path[path.index(node) :]
                shown = " → ".join([*cycle, node])
                in_cycles.update(cycle)
                for aid in cycle:
                    if aid in rows:
                        self.problem(
                            spec,
                            rows[aid].number,
                            col,
                            parents[aid],
                            t(
                                f"地域の階層が循環しています: {shown}",
                                f"the area hierarchy has a cycle: {shown}",
                            ),
                        )
            for n in path:
                state[n] = 2
        return in_cycles

    def check_area_levels(
        self,
        spec: FileSpec,
        rows: dict[str, ParsedRow],
        levels: dict[str, str | None],
        *,
        skip: set[str],
    ) -> None:
        for aid, row in rows.items():
            if aid in skip:
                continue
            parent = row.values.get("parent_id")
            if not isinstance(parent, str) or parent == aid:
                continue
            mine, theirs = levels.get(aid), levels.get(parent)
            if (
                mine in LEVEL_RANK
                and theirs in LEVEL_RANK
                and LEVEL_RANK[mine] <= LEVEL_RANK[theirs]
            ):
                assert mine is not None and theirs is not None
                self.problem(
                    spec,
                    row.number,
                    "parent_id",
                    parent,
                    t(
                        f"{LEVEL_JA[mine]}を{LEVEL_JA[theirs]}の下に置けません: "
                        "上位の地域は自分より広い地域にしてください",
                        f"a {mine} cannot be part of a {theirs}: the parent must be a coarser area",
                    ),
                )

    def check_resident_levels(self, levels: dict[str, str | None]) -> None:
        vf = self.files.get("residents.csv")
        if vf is None:
            return
        for row in vf.rows:
            area = row.values.get("area_id")
            if isinstance(area, str) and levels.get(area) == AreaLevel.NEIGHBOURHOOD:
                self.problem(
                    vf.spec,
                    row.number,
                    "area_id",
                    area,
                    t(
                        "住民の地域は地区以上の単位にします（プライバシーのため）: "
                        "この地域は町内です",
                        "residents are recorded at district level or coarser (privacy); "
                        "this area is a neighbourhood",
                    ),
                )

    def run(self) -> Validation:
        for name in FILE_ORDER:
            table = self.tables.get(name)
            if table is not None:
                self.read_file(table, FILE_SPECS[name])
        for name in self.tables:
            if name not in FILE_SPECS:  # pragma: no cover - readers only return known files
                self.warnings.plain.append(
                    Problem(
                        name,
                        None,
                        None,
                        None,
                        t("不明なファイル: 無視しました", "unknown file; ignored"),
                    )
                )
        self.collect_ids()
        self.load_existing()
        self.check_store_labels()
        self.compute_removed()
        self.check_references()
        self.check_sync_dependents()
        self.check_pairs()
        self.check_areas()
        return Validation(
            files=self.files,
            problems=self.problems.listed(),
            warnings=self.warnings.result(),
            defined={i: d[0] for i, d in self.defined.items()},
            existing=self.existing,
            problem_count=self.problems.total,
            problem_count_exact=self.problems.exact,
            problem_totals=self.problems.totals(),
            synced=self.sync_files,
            kinds={k: dict(v) for k, v in self.kinds.items()},
        )


_AS_WRITTEN = (ColumnType.STR, ColumnType.ID, ColumnType.REF)
#: Rows of a file remembered (by hash) to notice repeated rows.
_REMEMBERED_ROWS = 100_000


def _as_written(col: Column) -> bool:
    """A single-value column whose value is the stripped cell (see ``parse_cell``)."""
    return col.type in _AS_WRITTEN and not col.resident and not col.many


class _Bad:
    """Marker of a cell that failed to parse (already reported)."""


_BAD: Any = _Bad()


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return [value] if isinstance(value, str) else []


def _sp(name: str) -> str:
    """A file name before a Japanese particle: ``kinds.csv で``, ``kinds シートで``."""
    return f"{name} " if name[-1:].isascii() else name


def _a(label: str) -> str:
    """``"an Area"``, ``"a Network"``."""
    return f"{'an' if label[:1] in 'AEIOU' else 'a'} {label}"


def _labels(labels: tuple[str, ...]) -> str:
    return " or ".join(labels)


def _labels_ja(labels: tuple[str, ...]) -> str:
    return "または".join(LABEL_JA.get(label, label) for label in labels)


def _pair_file(rel_type: str) -> str:
    for spec in FILE_SPECS.values():
        if spec.rel == rel_type:
            return spec.stem
    return rel_type  # pragma: no cover


def _dependents(deps: list[tuple[str, str | None]], lang: str) -> str:
    """``活動 act-1、団体 org-a、ほか 住民 2 件`` / ``Activity act-1, Organisation org-a, and 2
    Resident`` (the first five named; residents and pairs only counted)."""
    named: list[str] = []
    counted: dict[str, int] = defaultdict(int)
    for what, shown in sorted(deps, key=lambda d: (d[0], d[1] or "")):
        if shown is not None and len(named) < 5:
            named.append(
                f"{LABEL_JA.get(what, what)} {shown}" if lang == "ja" else f"{what} {shown}"
            )
        else:
            counted[what] += 1
    rest: list[str] = []
    for what, n in sorted(counted.items()):
        if lang == "ja":
            rest.append(f"{LABEL_JA[what]} {n} 件" if what in LABEL_JA else f"{what} の {n} 行")
        else:
            rest.append(f"{n} × {what}")
    if lang == "ja":
        return "、".join(named + ([f"ほか {'、'.join(rest)}"] if named and rest else rest))
    return ", ".join(named + ([f"and {', '.join(rest)}"] if named and rest else rest))


def validate_tables(
    tables: Mapping[str, Table],
    *,
    key: bytes,
    existing_ids: ExistingIds | None = None,
    store_areas: Callable[[], Mapping[str, AreaInfo]] | None = None,
    limits: Limits | None = None,
    sync_files: Collection[str] | None = None,
    stored: StoredRecords | None = None,
    stored_links: StoredLinks | None = None,
) -> Validation:
    """Validate every table; collect every problem (the first ``limits.listed_problems``
    in full, all of them counted; a file that is clearly garbage is not read to its end).

    Parameters
    ----------
    tables
        What :func:`netmap.ingest.sources.read_tables` returned.
    key
        The pseudonym key (:func:`netmap.privacy.load_or_create_key`).
    existing_ids
        ``store.existing_ids``: the ids already stored, with their labels (references may
        name them; ids in the files must not name a stored node of another label).
    store_areas
        Called only when an area in the files hangs below a stored area: the stored areas'
        levels and parents, to find cycles and level inversions through the store.
    limits
        The caps (:class:`~netmap.ingest.limits.Limits`; default: the settings' defaults).
    sync_files
        With ``--sync``: the files whose kinds of record the import prunes (``None``: no
        sync). A reference to a record the sync removes is then a problem.
    stored
        ``stored(label) -> {id: name}``: every stored record of a label (for "did you
        mean" and for what ``--sync`` removes); called only when needed.
    stored_links
        ``stored_links(ids)``: the stored relationships touching the records ``--sync``
        would remove (a record that still refers to one is a problem).
    """
    return _Validator(
        tables,
        key,
        existing_ids,
        store_areas,
        limits,
        sync_files=sync_files,
        stored=stored,
        stored_links=stored_links,
    ).run()
