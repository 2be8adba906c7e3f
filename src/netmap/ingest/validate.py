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

Each family of checks has its module, on the state they share
(:class:`~netmap.ingest.checker.Checker`): reading a file and its header
(:mod:`netmap.ingest.check_file`), cell values and codes (:mod:`netmap.ingest.check_values`),
ids and references (:mod:`netmap.ingest.check_refs`), ``--sync``
(:mod:`netmap.ingest.check_sync`) and the area hierarchy (:mod:`netmap.ingest.check_areas`).
What validation hands on is :mod:`netmap.ingest.validation`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from netmap.errors import Problem
from netmap.ingest.check_areas import AreaChecks
from netmap.ingest.check_file import FileChecks
from netmap.ingest.check_refs import ReferenceChecks
from netmap.ingest.check_sync import SyncChecks
from netmap.ingest.columns import FILE_ORDER, FILE_SPECS
from netmap.ingest.limits import Limits
from netmap.ingest.messages import t
from netmap.ingest.table import Table
from netmap.ingest.validation import (
    AreaInfo,
    ExistingIds,
    StoredLinks,
    StoredRecords,
    Validation,
)

__all__ = ["validate_tables"]


class _Validator(FileChecks, ReferenceChecks, SyncChecks, AreaChecks):
    """Every family of checks, run in order (:meth:`run`)."""

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
