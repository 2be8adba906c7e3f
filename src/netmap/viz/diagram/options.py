"""What a diagram is drawn on and with: paper sizes, :class:`DiagramOptions` and the
defaults (title, highlights) taken from the view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from netmap.errors import NetmapError
from netmap.model.options import Lang, Orientation, Paper
from netmap.viz.texts import t as _t

__all__ = [
    "DIAGRAM_FORMATS",
    "MM",
    "PAPER_MM",
    "DiagramOptions",
    "default_layers",
    "default_title",
    "page_size_inches",
]

#: Paper sizes (width, height) in millimetres, portrait.
PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
DIAGRAM_FORMATS = ("png", "svg", "pdf")
#: One millimetre in inches.
MM = 1.0 / 25.4


def page_size_inches(paper: str = "A4", orientation: str = "landscape") -> tuple[float, float]:
    """(width, height) of a sheet in inches.

    >>> [round(x, 2) for x in page_size_inches("A4", "landscape")]
    [11.69, 8.27]
    """
    if paper not in PAPER_MM:
        raise NetmapError(f"unknown paper size {paper!r} (use A4 or A3)", details={"paper": paper})
    if orientation not in ("landscape", "portrait"):
        raise NetmapError(
            f"unknown orientation {orientation!r} (use landscape or portrait)",
            details={"orientation": orientation},
        )
    w, h = PAPER_MM[paper]
    if orientation == "landscape":
        w, h = h, w
    return (w * MM, h * MM)


@dataclass(frozen=True)
class DiagramOptions:
    """How a diagram is laid out on paper.

    ``title``: default "<area name> 支援ネットワーク図"; ``created``: the date printed as the
    making date (default today); ``source``: the source line (default: the ``source``
    values of the shown records); ``layers``: highlights drawn (default as the interactive
    map opens: gaps, isolated areas, bridges and missing bridges; referral flows on the
    city view); ``footer_note``: extra text in the footer (a page number).
    """

    paper: Paper = Paper.A4
    orientation: Orientation = Orientation.LANDSCAPE
    title: str | None = None
    lang: Lang = Lang.JA
    created: dt.date | None = None
    source: str | None = None
    layers: frozenset[str] | None = None
    dpi: int = 150
    footer_note: str = ""
    svg_text: bool = False
    font: str | None = None


def default_title(view: nx.MultiDiGraph, lang: str = "ja") -> str:
    return _t("title", lang, area=str(view.graph.get("area_name") or ""))


def default_layers(view: nx.MultiDiGraph) -> frozenset[str]:
    """The highlights drawn by default: those the interactive map opens with."""
    base = {"gap", "isolated", "bridge", "missing_bridge"}
    if view.graph.get("view") == "city":
        base.add("flow")
    return frozenset(base)
