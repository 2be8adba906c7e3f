"""An approved self-review survives the ward office's old master workbook, and the
regenerated master carries it (issue 16: round trips with spreadsheets)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.upkeep.upkeep_sample import PLAZA, SALON, SAMPLE, TODAY, plaza_form

from netmap.config import Settings
from netmap.errors import ImportValidationError
from netmap.ingest.pipeline import run_import
from netmap.service import upkeep as svc
from netmap.service.master import write_master
from netmap.store.embedded import EmbeddedStore
from netmap.upkeep.changes import SELF_REVIEW_SOURCE

pytestmark = pytest.mark.usefixtures("japanese")  # the default language


def _approved(settings: Settings, store: EmbeddedStore) -> str:
    """The plaza's review (ends the salon, adds a café), approved in full; the café's id."""
    link = svc.invite(settings, store.export_graph(), organisation=PLAZA, today=TODAY)[0].link
    p = svc.submit(settings, store, link, plaza_form(), today=TODAY)
    svc.approve(settings, store, p.id, today=TODAY)
    return p.items[1].target


def test_the_old_workbook_does_not_undo_an_approved_review(
    settings: Settings, store: EmbeddedStore
) -> None:
    cafe = _approved(settings, store)
    report = run_import(SAMPLE, store, settings=settings)  # the old master again
    G = store.export_graph()
    assert G.nodes[SALON]["valid_to"] == "2026-02-28"  # still ended
    assert G.nodes[PLAZA]["source"] == SELF_REVIEW_SOURCE
    assert G.nodes[PLAZA]["verified_on"] == TODAY.isoformat()
    assert cafe in G  # the sample does not know it; an import never removes without --sync
    kept = {(w.file, w.column) for w in report.warnings if w.column == "verified_on"}
    assert ("organisations.csv", "verified_on") in kept
    assert ("activities.csv", "verified_on") in kept
    version = store.data_version()
    with pytest.raises(ImportValidationError):
        run_import(SAMPLE, store, settings=settings, sync=True)
    assert store.data_version() == version


def test_the_regenerated_master_carries_the_review(
    settings: Settings, store: EmbeddedStore, tmp_path: Path
) -> None:
    cafe = _approved(settings, store)
    (book,) = write_master(store.export_graph(), tmp_path / "台帳.xlsx")
    report = run_import(book, store, settings=settings, sync=True, dry_run=True)
    assert all(not (c.added or c.updated or c.removed) for c in report.changes)
    assert not report.warnings
    from openpyxl import load_workbook

    rows = list(load_workbook(book, read_only=True)["activities"].iter_rows(values_only=True))
    header = list(rows[0])
    by_id = {r[header.index("id")]: r for r in rows[1:]}
    assert by_id[SALON][header.index("valid_to")] == "2026-02-28"
    assert by_id[cafe][header.index("source")] == SELF_REVIEW_SOURCE
