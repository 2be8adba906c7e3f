"""The ``--sync`` checks: the stored records a sync would remove (those of a synced
file's kind that the file no longer holds), and the references to them, in the files
(:mod:`netmap.ingest.check_refs`) or only in the store (a problem naming both).
"""

from __future__ import annotations

from collections import defaultdict

from netmap.ingest.checker import LABEL_JA, Checker, spaced
from netmap.ingest.columns import FILE_ORDER, FILE_SPECS
from netmap.ingest.messages import t
from netmap.model.schema import REL_TYPES, Label
from netmap.model.vocab import NEEDS

__all__ = ["SyncChecks"]


class SyncChecks(Checker):
    """What ``--sync`` removes, and the stored records that still refer to it."""

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
                    f"{spaced(self.name_of(file))}に戻すか、参照している記録も取り込みで直してください",
                    f"--sync would remove this {label.lower()} (not in {self.name_of(file)}), "
                    f"but stored records refer to it: {_dependents(deps, 'en')}; put it back, "
                    "or import the records that refer to it too",
                ),
            )


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
