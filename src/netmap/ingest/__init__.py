"""CSV (and zip, later XLSX) import: read → validate → transform → load.

:func:`run_import` is the entry point; :mod:`netmap.ingest.columns` declares the files.
"""

from netmap.ingest.pipeline import FileReport, ImportReport, prepare_import, run_import

__all__ = ["FileReport", "ImportReport", "prepare_import", "run_import"]
