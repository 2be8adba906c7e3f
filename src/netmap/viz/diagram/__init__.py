"""Printable network diagrams (PNG, SVG, PDF) of a published view, drawn with matplotlib.

The diagram is the interactive map on paper: the same view graph
(:func:`netmap.viz.view.build_view` after a release (:mod:`netmap.disclosure`)), the same
positions (:func:`netmap.viz.layout.compute_layout`, with the map's layout memory when
called through :mod:`netmap.service.exports`), the same colours, shapes, sizes and legend
(:mod:`netmap.viz.styles`), the same words (:mod:`netmap.viz.texts`) and the same
highlights (areas with gaps filled on the one-hue scale with a vermillion rim, isolated
areas with a dashed purple rim, the top bridging organisations with a black ring and a ★,
missing bridges as dashed vermillion suggested links; referral flows on the city view, as
the map shows them by default).

The modules, one concern each:

* :mod:`~netmap.viz.diagram.fonts`: the CJK font (:func:`find_cjk_font`,
  :func:`cjk_font_family`) and the matplotlib settings (:func:`mpl_context`);
* :mod:`~netmap.viz.diagram.options`: paper sizes and :class:`DiagramOptions`;
* :mod:`~netmap.viz.diagram.looks`: each node's symbol, label and priority;
* :mod:`~netmap.viz.diagram.draw`: halos, edges and symbols;
* :mod:`~netmap.viz.diagram.labels`: labels placed so that none overlap;
* :mod:`~netmap.viz.diagram.legend`: the legend beside or under the map;
* :mod:`~netmap.viz.diagram.sources` and :mod:`~netmap.viz.diagram.wrap`: the footer's
  source line and wrapping text to a measured width (the district sheet's too);
* :mod:`~netmap.viz.diagram.render`: the page (:func:`render_diagram`) and the files
  (:func:`diagram_bytes`, :func:`write_diagram`).

Only published views are drawn (:func:`netmap.disclosure.guard.require_published`); the
diagram shows no resident counts at all.
"""

from __future__ import annotations

from netmap.errors import FontNotFoundError
from netmap.viz.diagram.fonts import cjk_font_family, find_cjk_font, mpl_context
from netmap.viz.diagram.options import (
    DIAGRAM_FORMATS,
    MM,
    PAPER_MM,
    DiagramOptions,
    default_layers,
    default_title,
    page_size_inches,
)
from netmap.viz.diagram.render import Diagram, diagram_bytes, render_diagram, write_diagram
from netmap.viz.diagram.sources import shorten_source, source_line, view_sources
from netmap.viz.diagram.wrap import fit_lines, wrap_text

__all__ = [
    "DIAGRAM_FORMATS",
    "MM",
    "PAPER_MM",
    "Diagram",
    "DiagramOptions",
    "FontNotFoundError",
    "cjk_font_family",
    "default_layers",
    "default_title",
    "diagram_bytes",
    "find_cjk_font",
    "fit_lines",
    "mpl_context",
    "page_size_inches",
    "render_diagram",
    "shorten_source",
    "source_line",
    "view_sources",
    "wrap_text",
    "write_diagram",
]
