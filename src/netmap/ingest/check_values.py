"""Cell values and codes: each cell parsed by its column's type (numbers, dates, ``;``
lists, resident ids pseudonymised as soon as they are read), values outside a vocabulary
(the code or its Japanese or English label is accepted; anything else is a problem with
"did you mean"), ``valid_from`` after ``valid_to``, and the codes the ``kinds`` and
``needs`` files add to the vocabularies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from netmap.errors import InvalidDateError
from netmap.ingest.cells import AS_WRITTEN, BAD, parse_date, parse_float, parse_int, split_list
from netmap.ingest.checker import Checker, spaced
from netmap.ingest.columns import Column, ColumnType, FileSpec
from netmap.ingest.messages import current_lang, did_you_mean, t
from netmap.ingest.validation import ParsedRow
from netmap.model.vocab import CODE_PATTERN, NEEDS, VOCABULARIES, CodeIndex, as_code
from netmap.privacy import pseudonymise

__all__ = ["ValueChecks"]


class ValueChecks(Checker):
    """Each cell's value, and the codes the ``kinds`` and ``needs`` files add."""

    def parse_cell(self, spec: FileSpec, row: int, col: Column, raw: str) -> Any:
        text = raw.strip()
        if not text:
            return None
        if col.many:
            items = split_list(text)
            if not items:
                return None
            parsed = [self.parse_item(spec, row, col, item) for item in items]
            if any(p is BAD for p in parsed):
                return BAD
            return parsed
        if col.type in AS_WRITTEN and not col.resident:
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
                return BAD
        except InvalidDateError as exc:
            self.problem(
                spec, row, col, text, t(f"日付が正しくありません: {exc.ja}", f"bad date: {exc.en}")
            )
            return BAD
        except ValueError as exc:
            if ct is ColumnType.DATE:
                why = t(f"日付が正しくありません: {exc}", f"bad date: {exc}")
            else:
                why = t(f"数値が正しくありません: {exc}", f"bad number: {exc}")
            self.problem(spec, row, col, text, why)
            return BAD
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
                f"{spaced(kinds)}で追加してください",
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

    def cell_parser(self, spec: FileSpec, col: Column) -> Callable[[int, str], Any]:
        """``parse(row, raw)`` for one column: what :meth:`parse_cell` returns, with the
        results of side-effect-free parses (no problem) cached by cell text."""
        item: Callable[[int, str], Any]
        if col.type in AS_WRITTEN and not col.resident:
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
                value = cache.get(text, BAD)
                if value is BAD:
                    value = parse_item(spec, row, col, text)
                    if value is not BAD:  # a bad value was reported: never cached
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
                if any(p is BAD for p in parsed):
                    return BAD
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
