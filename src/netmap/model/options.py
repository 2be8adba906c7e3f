"""Export options, declared once: formats with their media types, paper, orientation,
language, tables and the resolution range. The CLI, the API and the renderers import them
from here.

>>> ExportFormat("png").media_type, ExportFormat.CSV.media_type
('image/png', 'text/csv; charset=utf-8')
>>> [f.value for f in ExportFormat if f.is_diagram]
['png', 'svg', 'pdf']
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "DPI_DEFAULT",
    "DPI_MAX",
    "DPI_MIN",
    "ExportFormat",
    "Lang",
    "Orientation",
    "Paper",
    "TableName",
]

#: PNG resolution: the range any export accepts (the API caps it lower: NETMAP_API_MAX_DPI).
DPI_MIN = 72
DPI_MAX = 600
DPI_DEFAULT = 150


class Paper(StrEnum):
    A4 = "A4"
    A3 = "A3"


class Orientation(StrEnum):
    LANDSCAPE = "landscape"
    PORTRAIT = "portrait"


class Lang(StrEnum):
    JA = "ja"
    EN = "en"


class TableName(StrEnum):
    """The analysis tables of an export (one sheet each in XLSX; one per CSV)."""

    GAPS = "gaps"
    ISOLATED = "isolated"
    BRIDGES = "bridges"
    MISSING_BRIDGES = "missing_bridges"
    FLOWS = "flows"
    ORGANISATIONS = "organisations"


_MEDIA: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml; charset=utf-8",
    "pdf": "application/pdf",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class ExportFormat(StrEnum):
    """An export format, named by its file extension."""

    PNG = "png"
    SVG = "svg"
    PDF = "pdf"
    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    XLSX = "xlsx"
    CSV = "csv"

    @property
    def media_type(self) -> str:
        return _MEDIA[self.value]

    @property
    def is_diagram(self) -> bool:
        return self in (ExportFormat.PNG, ExportFormat.SVG, ExportFormat.PDF)

    @property
    def is_network(self) -> bool:
        return self in (ExportFormat.GRAPHML, ExportFormat.GEXF, ExportFormat.JSON)

    @property
    def is_text(self) -> bool:
        """Worth compressing on the wire (the others are compressed already)."""
        return self in (
            ExportFormat.SVG,
            ExportFormat.GRAPHML,
            ExportFormat.GEXF,
            ExportFormat.JSON,
            ExportFormat.CSV,
        )
