"""The district sheet (地区シート): a few PDF pages to bring to a district meeting.

Pages (A4 or A3, landscape, numbered):

1. the network diagram (:func:`netmap.viz.diagram.render_diagram`: the interactive map's
   picture on paper), with the ward's and the city's own organisations that handled the
   area's referrals in the period, marked 区全体 / 市全体, and the period's referral links
   (that referrals ran, never how many);
2. a summary (organisations, activities, networks, residents with needs as a suppressed
   count, gaps, isolation) and the gaps with the resources that could help, grouped:
   in the district (地区内), other districts of the ward (区内の他地区), ward-wide (区全体),
   city-wide (市全体);
3. the isolation summary with reasons, and referrals in and out (entrance and exit);
4. the top bridging organisations, each with the plain-language sentence of what it
   links and its last verification (最終確認), and the missing bridges with the
   organisations that could connect them;
5. 情報の新しさ: every organisation on the sheet with its last verification date and
   band on the sheet's reference date (:func:`netmap.service.freshness.freshness_band`;
   「未確認」 when never), never verified first, then the oldest, after a line counting
   those not verified within a year and naming ``netmap stale`` for the full list;
6. an appendix (付録): the bridges' measures (score, betweenness, constraint, brokerage
   roles, cut point) with a short explanation of each, and the full list of sources.

Tables flow onto further pages as needed, the heading row repeated. Drawn with matplotlib
(``PdfPages``; no extra dependency), text in the CJK font embedded as TrueType, so the
Japanese is real text (``pdftotext``, search, copy). Every text, the footers too, wraps to
the page width; a footer shortens web addresses to their host + "…" (the appendix lists
the sources in full). Resident counts appear only as the release publishes them (a hidden
count reads "x", 秘匿); the sheet computes no count itself.

The modules, one section or concern each: :mod:`~netmap.viz.report.doc` (pages, text and
tables), :mod:`~netmap.viz.report.summary`, :mod:`~netmap.viz.report.gaps`,
:mod:`~netmap.viz.report.isolation`, :mod:`~netmap.viz.report.referrals`,
:mod:`~netmap.viz.report.bridges`, :mod:`~netmap.viz.report.freshness`,
:mod:`~netmap.viz.report.change` (変化 and 計画案), :mod:`~netmap.viz.report.appendix`,
:mod:`~netmap.viz.report.rim` (places for the nodes added to the diagram) and
:mod:`~netmap.viz.report.sheet` (the whole PDF). The sheet's words are in
:mod:`netmap.viz.texts` (:data:`~netmap.viz.texts.SHEET_TEXTS`).
"""

from __future__ import annotations

from netmap.viz.report.data import SheetChange, SheetData, SheetOptions, SheetPlan
from netmap.viz.report.rim import rim_positions
from netmap.viz.report.sheet import render_report

__all__ = [
    "SheetChange",
    "SheetData",
    "SheetOptions",
    "SheetPlan",
    "render_report",
    "rim_positions",
]
