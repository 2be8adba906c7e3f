"""Ids and references across the files and against the store: duplicate ids (within a
file, across files and labels, and against the store), references to ids that exist
neither in the files nor in the store (with "did you mean": an id one edit away, or the
same id in full-width or other case) or that name a record of the wrong label, and pair
files (partnerships, memberships, participations) that repeat a pair.
"""

from __future__ import annotations

from typing import Any

from netmap.ingest.checker import (
    LABEL_JA,
    Checker,
    a_or_an,
    or_labels,
    or_labels_ja,
    spaced,
)
from netmap.ingest.columns import Column, ColumnType
from netmap.ingest.messages import close_matches, current_lang, did_you_mean, t
from netmap.model.schema import Label
from netmap.model.vocab import NEEDS

__all__ = ["ReferenceChecks"]

#: Distinct unknown values (per column) that get "did you mean" suggestions.
_MAX_SUGGESTED = 200


class ReferenceChecks(Checker):
    """Ids defined by the files, and the references between the files and the store."""

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
                    where_ja = f"{spaced(self.name_of(pfile))}の {prow} 行目"
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
                            f"duplicate id: the store already has {a_or_an(stored)} with this id "
                            f"(ids are unique across all labels)",
                        ),
                    )

    def label_of(self, ref: str) -> str | None:
        d = self.defined.get(ref)
        return d[0] if d is not None else self.existing.get(ref)

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
                                    f"{or_labels_ja(allowed)}の ID にしてください",
                                    f"this id names {a_or_an(label)}, "
                                    f"expected {or_labels(allowed)}",
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
                                    f"参照しています: {spaced(where)}にないため削除されます。"
                                    f"{spaced(where)}に戻すか、この行を消すか直してください",
                                    f"refers to {a_or_an(gone_label)} that --sync removes (it is "
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
            f"参照先がありません: この ID の{or_labels_ja(allowed)}は、取り込むデータにも"
            "保存済みのデータにもありません" + (f"。{hint}" if hint else ""),
            f"no {or_labels(allowed)} with this id in the files or the store"
            + (f" ({hint})" if hint else ""),
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


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return [value] if isinstance(value, str) else []
