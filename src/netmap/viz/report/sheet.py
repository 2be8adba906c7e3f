"""The district sheet as a PDF: the diagram page, then the sections in their order."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence

import networkx as nx

from netmap.disclosure.guard import require_published
from netmap.disclosure.publish import privacy_notice, view_period
from netmap.model.options import Orientation
from netmap.viz.describe import view_day
from netmap.viz.diagram import (
    MM,
    DiagramOptions,
    default_layers,
    default_title,
    mpl_context,
    page_size_inches,
    render_diagram,
    source_line,
)
from netmap.viz.layout import Pos
from netmap.viz.report.appendix import appendix
from netmap.viz.report.bridges import bridge_section, missing_section
from netmap.viz.report.change import change_section, plan_section
from netmap.viz.report.data import SheetData, SheetOptions
from netmap.viz.report.doc import Doc
from netmap.viz.report.freshness import fresh_section, verified_by_org
from netmap.viz.report.gaps import gap_section
from netmap.viz.report.isolation import isolation_section
from netmap.viz.report.referrals import referral_section
from netmap.viz.report.rim import rim_positions
from netmap.viz.report.summary import summary_cards
from netmap.viz.tables import Table
from netmap.viz.texts import sheet_t as _t

__all__ = ["render_report"]


def _content(
    doc: Doc,
    view: nx.MultiDiGraph,
    tables: Sequence[Table],
    opts: SheetOptions,
    data: SheetData | None,
) -> None:
    """Every page after the diagram: summary, 変化, 計画案, gaps, isolation, referrals,
    bridges, missing bridges, freshness, appendix."""
    lang = opts.lang
    many = view.graph.get("area_level") in ("city", "ward")
    doc.new_page()
    doc.section(_t("summary", lang))
    doc.cards(summary_cards(view, tables, lang))
    needs: Mapping[str, str] = view.graph.get("needs") or {}
    if data is not None and data.change is not None:
        change_section(doc, data.change, needs, lang)
    if data is not None and data.plan is not None:
        plan_section(doc, data.plan, needs, lang)
    gap_section(doc, tables, data, lang, many)
    isolation_section(doc, tables, lang)
    referral_section(doc, tables, lang)
    day = view_day(view)
    bridge_section(doc, tables, data, opts, verified_by_org(view, tables), day)
    missing_section(doc, tables, opts)
    fresh_section(doc, view, tables, lang, day)
    appendix(doc, view, tables, data, opts)


def render_report(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None,
    tables: Sequence[Table],
    options: SheetOptions | None = None,
    data: SheetData | None = None,
) -> bytes:
    """The district sheet of a published view and its analysis tables, as PDF bytes
    (``data``: the published gap rows and bridges, see :class:`SheetData`)."""
    from matplotlib.backends.backend_pdf import PdfPages

    opts = options or SheetOptions()
    threshold = require_published(view)
    lang = opts.lang
    area = str(view.graph.get("area_name") or "")
    title = opts.title or _t("title", lang, area=area)
    diagram_title = default_title(view, lang)
    created = opts.created or dt.date.today()
    w, h = page_size_inches(opts.paper, "landscape")
    meta = _t("meta", lang, as_of=view.graph.get("as_of") or "-", created=created.isoformat())
    # footers: the sources with web addresses shortened (the appendix lists them in full)
    src = source_line(view, lang, short=True)
    foot = privacy_notice(threshold, lang, period=view_period(view))
    if positions is not None:
        positions = rim_positions(view, positions)
    with mpl_context():
        dia = render_diagram(
            view,
            positions,
            DiagramOptions(
                paper=opts.paper,
                orientation=Orientation.LANDSCAPE,
                title=diagram_title,
                lang=lang,
                created=created,
                source=src,
                # the period's referral links too: they show who the area works with
                layers=default_layers(view) | {"flow"},
            ),
        )
        doc = Doc(w, h, header=title, meta=meta, small=opts.paper == "A4", foot=[src, foot])
        _content(doc, view, tables, opts, data)
        pages = [dia.figure, *doc.pages]
        for i, fig in enumerate(pages, start=1):
            fig.text(
                1 - 9.0 * MM / w if i == 1 else 1 - 12.0 * MM / w,
                (4.5 * MM) / h,
                f"{i} / {len(pages)}",
                fontsize=8.0,
                color="#555555",
                ha="right",
                va="bottom",
            )
            if i > 1:
                doc.footer(fig)
        buf = io.BytesIO()
        with PdfPages(
            buf,
            metadata={
                "Title": title,
                "Subject": diagram_title,
                "Creator": "netmap",
                "Producer": "netmap (matplotlib)",
            },
        ) as pdf:
            for fig in pages:
                pdf.savefig(fig)
    return buf.getvalue()
