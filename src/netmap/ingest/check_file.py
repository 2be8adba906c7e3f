"""Reading a file: its header (required columns missing, with the column the header most
likely meant; names netmap reserves; columns dropped from residents) and its rows, each
cell parsed by its column (:mod:`netmap.ingest.check_values`). A file that is clearly
garbage (more than 1,000 rows with a problem or repeating an earlier row, at least every
second row) is not read to its end.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Generator
from typing import Any

from netmap.errors import Problem
from netmap.ingest.cells import BAD, is_as_written
from netmap.ingest.check_values import ValueChecks
from netmap.ingest.columns import Column, FileSpec
from netmap.ingest.limits import looks_like_garbage
from netmap.ingest.messages import close_matches, t
from netmap.ingest.table import Row, Table
from netmap.ingest.validation import ParsedRow, ValidatedFile

__all__ = ["COLUMN_HINTS", "RESERVED_COLUMNS", "FileChecks"]

#: Column names netmap uses itself in the graph (node ``label``, edge ``type`` and ``key``).
RESERVED_COLUMNS = frozenset({"label", "type", "key"})

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

#: Rows of a file remembered (by hash) to notice repeated rows.
_REMEMBERED_ROWS = 100_000


class FileChecks(ValueChecks):
    """Reading each file: its header, then its rows."""

    def read_file(self, table: Table, spec: FileSpec) -> None:
        """Check one file: its header, then each row as it is read; a file that is clearly
        garbage is not read to its end (references to its records are then not checked)."""
        log = self.problems
        start = log.total
        # the table's problems, then those found as its rows are read, go to the log
        table_rows = table.iter_rows(log.add)
        for w in table.warnings:
            self.warnings.plain.append(w)
        kept = self.check_header(table, spec)
        rows = self.read_rows(table, spec, table_rows, kept=kept, start=start)
        if not table.complete and spec.label is not None:
            self.unread_labels.add(spec.label)
        if not table.complete:
            self.problems.exact = False
        self.files[spec.name] = ValidatedFile(spec.name, table.encoding, spec, rows)
        if spec.name == "needs.csv":
            self.read_needs(rows)
        elif spec.vocabulary_file:
            self.read_kinds(spec, rows)

    def check_header(self, table: Table, spec: FileSpec) -> list[str]:
        """The header's problems (required columns missing, reserved names) and warnings
        (columns dropped); returns the undeclared columns kept as properties."""
        head = table.header_row
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
        return [h for h in undeclared if h not in RESERVED_COLUMNS]

    def read_rows(
        self,
        table: Table,
        spec: FileSpec,
        table_rows: Generator[Row, None, None],
        *,
        kept: list[str],
        start: int,
    ) -> list[ParsedRow]:
        """Each row's cells parsed by column (``kept``: the undeclared columns kept as they
        are); stops once the problems since ``start`` (the log's count before the file) and
        the repeated rows make the file clearly garbage (``table`` is then not complete)."""
        log = self.problems
        listed = log.listed_max
        head = table.header_row
        present = [c for c in spec.columns if c.name in table.header]
        # One parser per column, chosen once (parse_cell's dispatch, not per cell).
        parsers = [
            (c.name, c, None if is_as_written(c) else self.cell_parser(spec, c)) for c in present
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
                elif value is BAD:
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
                log.add(_stopped_checking(spec.name, number, listed))
                table_rows.close()
                table.complete = False
                break
        return rows

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


def _stopped_checking(name: str, number: int, listed: int) -> Problem:
    return Problem(
        name,
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
