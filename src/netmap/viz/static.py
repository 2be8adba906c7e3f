"""Printable network diagrams (PNG, SVG, PDF) of a published view, drawn with matplotlib.

The diagram is the interactive map on paper: the same view graph
(:func:`netmap.viz.view.build_view` after a release (:mod:`netmap.disclosure`)), the same
positions (:func:`netmap.viz.layout.compute_layout`, with the map's layout memory when
called through :mod:`netmap.service.exports`), the same colours, shapes, sizes and legend
(:mod:`netmap.viz.styles`) and the same highlights (areas with gaps filled on the
one-hue scale with a vermillion rim, isolated areas with a dashed purple rim, the top
bridging organisations with a black ring and a ★, missing bridges as dashed vermillion
suggested links; referral flows on the city view, as the map shows them by default).

**Japanese text.** A CJK font is required and found by path or family name
(:func:`find_cjk_font`): IPAex Gothic (Debian ``fonts-ipaexfont-gothic``, a TrueType font)
first. Without one, :class:`FontNotFoundError` says what to install (never tofu boxes).
PDFs embed it as CID TrueType subsets (``pdf.fonttype: 42``): real, extractable text
(``pdftotext``, search, copy) with no poppler warnings; matplotlib's default Type 3 is
larger and less robust. SVGs draw text as outlines (``svg.fonttype: path``) by default:
a diagram pasted into Office or opened on a PC without IPAex looks exactly the same
(with ``"none"`` the text stays text but is re-flowed in whatever font the viewer has,
so labels can grow into each other); pass ``svg_text=True`` for editable text.

**Labels.** Each node gets at most one label, placed greedily by priority (areas,
networks, top bridges, organisations by bridge score and ties, then activities) at the
first of eight spots around its symbol that overlaps no placed label, no other symbol
and stays on the map; a node with no free spot goes unlabelled (the footer says how
many), so crowded parts never turn into overlapping mush.

**Footer.** The sources of the shown records and the privacy notice wrap to the page width
(:func:`wrap_text`); a source list too long for three lines has its web addresses
shortened to their host + "…" (:func:`shorten_source`; the district sheet and the tables'
about sheet list them in full). The map area shrinks by the footer's height.

Only published views are drawn (:func:`netmap.disclosure.guard.require_published`); the diagram
shows no resident counts at all.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from netmap.disclosure.guard import require_published
from netmap.disclosure.publish import privacy_notice, view_period
from netmap.errors import FontNotFoundError, NetmapError
from netmap.model.options import Lang, Orientation, Paper
from netmap.viz.layout import compute_layout, group_extents
from netmap.viz.styles import (
    AREA_DOT,
    GAP_SCALE,
    ISOLATED_HALO_ALPHA,
    LAYER_STYLE,
    MPL_MARKERS,
    REFERRAL_EDGE_WIDTH,
    LegendEntry,
    category_label,
    hex_rgb,
    kind_display,
    legend_entries,
    node_size,
    node_style,
)
from netmap.viz.texts import PLURAL_EN as _PLURAL_EN
from netmap.viz.texts import t as _t

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

__all__ = [
    "DIAGRAM_FORMATS",
    "PAPER_MM",
    "Diagram",
    "DiagramOptions",
    "FontNotFoundError",
    "cjk_font_family",
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

Pos = tuple[float, float]

#: Paper sizes (width, height) in millimetres, portrait.
PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
DIAGRAM_FORMATS = ("png", "svg", "pdf")
MM = 1.0 / 25.4
#: Labels longer than this are cut with "…" (as on the interactive map).
LABEL_MAX = 16

# --------------------------------------------------------------------------- fonts

#: Where CJK fonts usually are (Debian/Ubuntu, Fedora, macOS, Windows), best first.
FONT_PATHS: tuple[str, ...] = (
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/ipa-ex-gothic/ipaexg.ttf",
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/ipafont-gothic/ipag.ttf",
    "/Library/Fonts/ipaexg.ttf",
    "C:/Windows/Fonts/ipaexg.ttf",
    "C:/Windows/Fonts/YuGothM.ttc",
    "C:/Windows/Fonts/meiryo.ttc",
    "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
)
#: Family names tried through matplotlib's font manager when no path above exists.
FONT_FAMILIES: tuple[str, ...] = (
    "IPAexGothic",
    "IPAGothic",
    "IPAPGothic",
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Source Han Sans JP",
    "Yu Gothic",
    "Meiryo",
    "Hiragino Sans",
    "TakaoGothic",
)
#: Environment variable naming a font file to use instead.
FONT_ENV = "NETMAP_CJK_FONT"
_PROBE = "支援地区"


def _has_cjk(path: Path) -> bool:
    try:
        from matplotlib.ft2font import FT2Font

        font = FT2Font(str(path))
        return all(font.get_char_index(ord(c)) for c in _PROBE)
    except (OSError, RuntimeError, ValueError):
        return False


def find_cjk_font(path: str | os.PathLike[str] | None = None) -> Path:
    """The font file diagrams use: ``path``, else ``$NETMAP_CJK_FONT``, else the first
    Japanese-capable font of :data:`FONT_PATHS`, else of :data:`FONT_FAMILIES` through
    matplotlib's font manager. Raises :class:`FontNotFoundError` with what to install."""
    explicit = path if path is not None else os.environ.get(FONT_ENV) or None
    if explicit is not None:
        p = Path(explicit)
        if p.is_file() and _has_cjk(p):
            return p
        raise FontNotFoundError(
            f"the font {str(p)!r} does not exist or cannot draw Japanese",
            details={"font": str(p)},
        )
    for cand in FONT_PATHS:
        p = Path(cand)
        if p.is_file() and _has_cjk(p):
            return p
    from matplotlib import font_manager

    for fam in FONT_FAMILIES:
        try:
            found = font_manager.findfont(
                font_manager.FontProperties(family=fam), fallback_to_default=False
            )
        except ValueError:
            continue
        p = Path(found)
        if p.is_file() and _has_cjk(p):
            return p
    raise FontNotFoundError(
        "no Japanese (CJK) font found for diagrams and reports: install IPAex Gothic "
        "(Debian/Ubuntu: `apt-get install fonts-ipaexfont-gothic`; other systems: "
        "https://moji.or.jp/ipafont/) or set NETMAP_CJK_FONT=/path/to/font.ttf",
        details={"tried": list(FONT_PATHS) + list(FONT_FAMILIES)},
    )


@lru_cache(maxsize=8)
def _register(path: str) -> str:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(path)
    return str(font_manager.FontProperties(fname=path).get_name())


def cjk_font_family(path: str | os.PathLike[str] | None = None) -> str:
    """Register the CJK font with matplotlib and return its family name."""
    return _register(str(find_cjk_font(path)))


_MPL_LOCK = threading.RLock()


@contextmanager
def mpl_context(*, svg_text: bool = False, font: str | None = None) -> Iterator[str]:
    """matplotlib settings for netmap's diagrams and sheets (CJK font, embedded TrueType
    in PDFs, SVG text as paths unless ``svg_text``); yields the font family. Serialised
    with a lock, since matplotlib's settings are process-wide (the API renders in threads).
    """
    import matplotlib

    family = cjk_font_family(font)
    with (
        _MPL_LOCK,
        matplotlib.rc_context(
            {
                "font.family": "sans-serif",
                "font.sans-serif": [family, "DejaVu Sans"],
                "pdf.fonttype": 42,
                "ps.fonttype": 42,
                "svg.fonttype": "none" if svg_text else "path",
                "axes.unicode_minus": False,
                "svg.hashsalt": "netmap",
                "path.simplify": True,
            }
        ),
    ):
        yield family


# --------------------------------------------------------------------------- options


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


@dataclass
class Diagram:
    """What :func:`render_diagram` drew (for tests and captions)."""

    figure: Figure
    labelled: list[str] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)
    #: node → its label's box on the page (x0, y0, x1, y1 in pixels at the figure's dpi)
    label_boxes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    layers: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- texts


def _short(name: str) -> str:
    return name if len(name) <= LABEL_MAX else name[: LABEL_MAX - 1] + "…"


def gap_fill(n: int) -> str:
    """Fill of an area with ``n`` needs without a resource (as on the interactive map)."""
    return GAP_SCALE[3] if n >= 5 else GAP_SCALE[2] if n >= 3 else GAP_SCALE[1 if n == 2 else 0]


def default_title(view: nx.MultiDiGraph, lang: str = "ja") -> str:
    return _t("title", lang, area=str(view.graph.get("area_name") or ""))


def view_sources(view: nx.MultiDiGraph) -> list[str]:
    """Every ``source`` of the shown records, most frequent first (then alphabetically)."""
    sources: Counter[str] = Counter()
    for _, d in view.nodes(data=True):
        if d.get("source"):
            sources[str(d["source"])] += 1
    return [s for s, _ in sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))]


#: A web address in a source: scheme, host (group 1), then anything up to a space or a
#: closing bracket/comma.
_URL_RE = re.compile(r"https?://([^/\s?#:]+)(?::\d+)?([^\s、，,）)」』]*)")
#: A source longer than this (after shortening its addresses) is cut with "…" in footers.
SOURCE_MAX = 60


def shorten_source(text: str, limit: int = SOURCE_MAX) -> str:
    """A source for a footer: each web address becomes its host and "…" (the path and
    query dropped), and a text still longer than ``limit`` is cut with "…".

    >>> shorten_source("横浜市オープンデータ https://www.city.yokohama.lg.jp/a/b.html?x=1")
    '横浜市オープンデータ www.city.yokohama.lg.jp…'
    >>> shorten_source("https://example.org/")
    'example.org'
    """

    def host(m: re.Match[str]) -> str:
        rest = m.group(2).strip("/")
        return m.group(1) + ("…" if rest else "")

    out = _URL_RE.sub(host, text)
    return out if len(out) <= limit else out[: limit - 1].rstrip() + "…"


def source_line(
    view: nx.MultiDiGraph, lang: str = "ja", *, prefix: bool = True, short: bool = False
) -> str:
    """The sources of the shown records (most frequent first) and the last verified date
    (``prefix``: start with "出典: "; ``short``: each source through
    :func:`shorten_source`, for a footer whose page lists them in full elsewhere)."""
    verified = [str(d["verified_on"]) for _, d in view.nodes(data=True) if d.get("verified_on")]
    sources = view_sources(view)
    top = [shorten_source(s) if short else s for s in sources[:3]]
    more = len(sources) > 3
    bits = []
    if top:
        joined = ("、" if lang == "ja" else ", ").join(top) + (
            (" ほか" if lang == "ja" else " and others") if more else ""
        )
        bits.append(_t("source", lang, s=joined) if prefix else joined)
    if verified:
        bits.append(_t("verified", lang, d=max(verified)))
    bits.append(_t("made_with", lang))
    return " ・ ".join(bits) if lang == "ja" else " · ".join(bits)


#: Characters that never start a line (closing brackets and punctuation).
_NO_LINE_START = "、。，．）」』】・,.)"
#: Opening brackets that never end a line.
_NO_LINE_END = "「『（【("


def wrap_text(text: str, width: float, char_width: Callable[[str], float]) -> list[str]:
    """Greedy wrap of ``text`` to ``width`` (the unit of ``char_width``, the advance of one
    character): Japanese breaks between any two characters, English and web addresses at
    a space when there is one near the end (else anywhere); closing punctuation never
    starts a line and an opening bracket never ends one. ``\\n`` starts a new line.

    >>> wrap_text("ab cd", 3.0, lambda ch: 1.0)
    ['ab', 'cd']
    >>> wrap_text("あいう、えお", 3.0, lambda ch: 1.0)
    ['あいう、', 'えお']
    """
    out: list[str] = []
    for para in str(text).split("\n"):
        line, lw = "", 0.0
        for ch in para:
            cw = char_width(ch)
            if line and lw + cw > width and ch not in _NO_LINE_START:
                cut = line.rfind(" ")
                latin = line.isascii()
                if cut > 0 and (latin or cut >= len(line) * 0.6):
                    out.append(line[: cut + 1].rstrip())
                    line = line[cut + 1 :].lstrip()
                elif line[-1] in _NO_LINE_END and len(line) > 1:
                    out.append(line[:-1])
                    line = line[-1]
                else:
                    out.append(line)
                    line = ""
                lw = sum(char_width(c) for c in line)
            line += ch
            lw += cw
        out.append(line)
    return out or [""]


def fit_lines(
    text: str, width: float, char_width: Callable[[str], float], max_lines: int, more: str = "…"
) -> list[str]:
    """``text`` wrapped to ``width``, at most ``max_lines`` lines: the last one kept ends
    with ``more`` when some text was left out."""
    lines = wrap_text(text, width, char_width)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    room = width - sum(char_width(c) for c in more)
    while last and sum(char_width(c) for c in last) > room:
        last = last[:-1]
    kept[-1] = last.rstrip() + more
    return kept


def default_layers(view: nx.MultiDiGraph) -> frozenset[str]:
    """The highlights drawn by default: those the interactive map opens with."""
    base = {"gap", "isolated", "bridge", "missing_bridge"}
    if view.graph.get("view") == "city":
        base.add("flow")
    return frozenset(base)


# --------------------------------------------------------------------------- node looks


@dataclass
class _Look:
    node: str
    cat: str
    x: float
    y: float
    marker: str
    fill: str
    border: str
    border_width: float
    border_dash: bool
    radius: float  # in view units
    label: str
    priority: tuple[float, ...]
    font: float  # points
    boxed: bool  # area drawn as a labelled box
    tags: list[str] = field(default_factory=list)


def _looks(
    view: nx.MultiDiGraph,
    pos: Mapping[str, Pos],
    layers: frozenset[str],
    lang: str,
    font_scale: float = 1.0,
) -> list[_Look]:
    city = view.graph.get("view") == "city"
    needs_map: dict[str, str] = dict(view.graph.get("needs") or {})
    max_score = max(
        (float((d.get("bridge") or {}).get("score") or 0.0) for _, d in view.nodes(data=True)),
        default=0.0,
    )
    degree: Counter[str] = Counter()
    for u, v in view.edges():
        if u != v:
            degree[u] += 1
            degree[v] += 1
    out: list[_Look] = []
    for n in sorted(view.nodes):
        d = view.nodes[n]
        cat = str(d.get("category"))
        st = node_style(cat, d.get("kind"))
        bridge: dict[str, Any] = dict(d.get("bridge") or {})
        radius = node_size(cat, bridge.get("score"), max_score)
        fill, border, bw, dash = st.color, st.border, 0.8, False
        marker = MPL_MARKERS.get(st.shape, "o")
        name = str(d.get("name", n))
        label = name if cat == "Area" else _short(name)
        tags: list[str] = []
        boxed = cat == "Area"
        centre = bool(d.get("group_centre"))
        hub = centre and not d.get("group")
        font = {"Network": 7.2, "Organisation": 6.6, "Activity": 6.2}.get(cat, 7.0)
        prio: tuple[float, ...]
        if cat == "Area":
            font = 11.0 if hub else 8.6 if centre else 7.4
            prio = (0, 0 if hub else 1 if centre else 2, -degree[n])
            if city and not centre:
                # districts on the city map: dots sized by how many organisations work there
                boxed, marker, fill, border = False, "o", AREA_DOT.color, AREA_DOT.border
                orgs_here = int((d.get("stats") or {}).get("organisations") or 0)
                radius = round(9.0 + 2.2 * math.sqrt(orgs_here), 2)
                font = 6.6
            gaps = [g for g in d.get("gaps") or [] if g.get("kind") == "gap"]
            if "gap" in layers and gaps:
                border, bw = str(LAYER_STYLE["gap"]["color"]), 1.6
                if not boxed:
                    fill = gap_fill(len(gaps))
                    tags.append(_t("gaps_tag", lang, n=len(gaps)))
                elif len(gaps) == 1:
                    need = str(gaps[0]["need"])
                    tags.append(
                        _t("gap_tag", lang, x=needs_map.get(need) or gaps[0].get("need_label"))
                    )
                else:
                    tags.append(_t("gaps_tag", lang, n=len(gaps)))
            if "isolated" in layers and (d.get("isolation") or {}).get("isolated"):
                border, bw, dash = str(LAYER_STYLE["isolated"]["color"]), 2.2, True
                tags.append(_t("isolated_tag", lang))
        elif cat == "Network":
            prio = (1, -degree[n])
        elif cat == "Organisation":
            rank = bridge.get("rank")
            score = float(bridge.get("score") or 0.0)
            prio = (2, rank if rank else 99, -score, -degree[n])
        else:
            prio = (3, -degree[n])
        if "bridge" in layers and bridge.get("rank"):
            border, bw = str(LAYER_STYLE["bridge"]["color"]), 2.0
            label = "★" + label
        if cat == "Organisation" and d.get("wide_level") in ("ward", "city"):
            # the ward's (city's) own organisation working with this area: 区全体 / 市全体
            tags.append(_t(f"wide.{d['wide_level']}", lang))
            prio = (1.5, *prio[1:])
        x, y = pos[n]
        font *= font_scale
        out.append(
            _Look(
                n, cat, x, y, marker, fill, border, bw, dash, radius, label, prio, font, boxed, tags
            )
        )
    return out


# --------------------------------------------------------------------------- drawing


def _fit(
    ax: Axes,
    fig_size: tuple[float, float],
    pts: Sequence[Pos],
    circles: Sequence[tuple[float, float, float]],
    pad_frac: float,
) -> float:
    """Set the map's limits (equal scale, y down) and return points per view unit."""
    xs = [p[0] for p in pts] + [c[0] - c[2] for c in circles] + [c[0] + c[2] for c in circles]
    ys = [p[1] for p in pts] + [c[1] - c[2] for c in circles] + [c[1] + c[2] for c in circles]
    if not xs:
        xs, ys = [0.0], [0.0]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    # a small picture (two or three nodes) stays compact in the middle of the page
    dx, dy = max(x1 - x0, 500.0), max(y1 - y0, 500.0)
    bb = ax.get_position()
    fig_w, fig_h = fig_size
    w_in, h_in = bb.width * fig_w, bb.height * fig_h
    # room for labels that stick out at the rim
    s = min(w_in / (dx * (1 + 2 * pad_frac)), h_in / (dy * (1 + 2 * pad_frac)))
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    ax.set_xlim(cx - w_in / (2 * s), cx + w_in / (2 * s))
    ax.set_ylim(cy + h_in / (2 * s), cy - h_in / (2 * s))  # y grows downwards
    return float(s * 72.0)


def _marker_pt(look: _Look, ppu: float) -> float:
    """Diameter of a symbol in points: its map size on paper (one scale for every symbol,
    so sizes compare as on the map), kept legible on a big picture and modest on a small
    one."""
    scale = max(0.28, min(0.5, ppu))
    return min(28.0, 2.0 * look.radius * scale)


def _draw_halos(
    ax: Axes,
    view: nx.MultiDiGraph,
    ext: Mapping[str, tuple[float, float, float]],
    layers: frozenset[str],
) -> None:
    from matplotlib.patches import Circle

    for gid, (cx, cy, r) in ext.items():
        d = view.nodes[gid] if gid in view else {}
        fill: Any = (0, 0, 0, 0.03)
        edge, lw, ls = "#cfcfcf", 0.8, "-"
        gaps = [g for g in d.get("gaps") or [] if g.get("kind") == "gap"]
        if "isolated" in layers and (d.get("isolation") or {}).get("isolated"):
            edge, lw, ls = str(LAYER_STYLE["isolated"]["color"]), 1.6, "--"
            fill = (*(c / 255 for c in hex_rgb(edge)), ISOLATED_HALO_ALPHA)
        if "gap" in layers and gaps:
            import matplotlib.colors as mcolors

            rgb = mcolors.to_rgb(gap_fill(len(gaps)))
            fill, edge, lw = (*rgb, 0.45), str(LAYER_STYLE["gap"]["color"]), 1.1
        ax.add_artist(
            Circle(
                (cx, cy), r, facecolor=fill, edgecolor=edge, linewidth=lw, linestyle=ls, zorder=0
            )
        )


_EDGE_STYLE: dict[str, tuple[str, float, float]] = {
    # type: colour, alpha, width (points)
    "member_of": ("#7f93a8", 0.45, 0.45),
    "runs": ("#9a9a9a", 0.7, 0.45),
    "partners_with": ("#444444", 0.7, 0.85),
    "tie": ("#8c8c8c", 0.55, 0.6),
}


def _draw_edges(
    ax: Axes,
    view: nx.MultiDiGraph,
    pos: Mapping[str, Pos],
    layers: frozenset[str],
    ppu: float,
) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.patches import FancyArrowPatch

    segs: dict[tuple[str, float, float], list[list[Pos]]] = {}
    flows: list[tuple[str, str, dict[str, Any]]] = []
    missing: list[tuple[str, str, dict[str, Any]]] = []
    for s, t, e in sorted(view.edges(data=True), key=lambda x: (x[0], x[1], str(x[2]["type"]))):
        if s == t or s not in pos or t not in pos:
            continue
        typ = str(e.get("type"))
        if typ == "referral":
            flows.append((s, t, e))
            continue
        if typ == "missing_bridge":
            missing.append((s, t, e))
            continue
        color, alpha, width = _EDGE_STYLE.get(typ, ("#bbbbbb", 0.6, 0.5))
        if typ == "member_of" and e.get("role") in ("chair", "secretariat"):
            width = 0.9
        if typ == "tie":
            width = round(min(3.0, 0.4 + 0.35 * math.sqrt(float(e.get("stat") or 0))), 2)
        segs.setdefault((color, alpha, width), []).append([pos[s], pos[t]])
    for (color, alpha, width), lines in sorted(segs.items()):
        ax.add_collection(
            LineCollection(lines, colors=color, alpha=alpha, linewidths=width, zorder=1)
        )
    if "flow" in layers:
        for s, t, _e in flows:
            w = REFERRAL_EDGE_WIDTH * 0.35
            ax.add_artist(  # not add_patch: limits are fixed, skip autoscaling
                FancyArrowPatch(
                    pos[s],
                    pos[t],
                    connectionstyle="arc3,rad=0.15",
                    arrowstyle="-|>,head_length=3,head_width=1.6",
                    color=str(LAYER_STYLE["flow"]["color"]),
                    alpha=0.45,
                    linewidth=w,
                    shrinkA=4,
                    shrinkB=6,
                    zorder=2,
                )
            )
    if "missing_bridge" in layers:
        for s, t, _e in missing:
            ax.add_artist(  # not add_patch: limits are fixed, skip autoscaling
                FancyArrowPatch(
                    pos[s],
                    pos[t],
                    connectionstyle="arc3,rad=0.2",
                    arrowstyle="-",
                    color=str(LAYER_STYLE["missing_bridge"]["color"]),
                    alpha=0.95,
                    linewidth=1.6,
                    linestyle=(0, (4, 3)),
                    shrinkA=5,
                    shrinkB=5,
                    zorder=2,
                )
            )


def _draw_nodes(ax: Axes, looks: Sequence[_Look], ppu: float) -> None:
    for lk in looks:
        if lk.boxed:
            continue
        size_pt = _marker_pt(lk, ppu)
        if lk.marker == "*":
            size_pt *= 1.35
        ax.scatter(
            [lk.x],
            [lk.y],
            s=size_pt**2,
            marker=lk.marker,
            c=lk.fill,
            edgecolors=lk.border,
            linewidths=lk.border_width,
            linestyle="--" if lk.border_dash else "-",
            zorder=3 if lk.cat != "Area" else 2.5,
        )


class _Placer:
    """Greedy label placement in display space."""

    def __init__(self, ax: Axes, renderer: RendererBase) -> None:
        self.ax = ax
        self.renderer = renderer
        self.taken: list[Bbox] = []
        self.obstacles: list[tuple[str, Bbox]] = []
        self.area = ax.get_window_extent(renderer)

    def free(self, bb: Bbox, own: str) -> bool:
        if (
            bb.x0 < self.area.x0
            or bb.x1 > self.area.x1
            or bb.y0 < self.area.y0
            or bb.y1 > self.area.y1
        ):
            return False
        if any(bb.overlaps(t) for t in self.taken):
            return False
        return not any(n != own and bb.overlaps(o) for n, o in self.obstacles)


def _symbol_bbox(ax: Axes, lk: _Look, ppu: float, dpi: float) -> Bbox:
    from matplotlib.transforms import Bbox

    x, y = ax.transData.transform((lk.x, lk.y))
    r = _marker_pt(lk, ppu) / 2.0 * dpi / 72.0 * 0.85
    return Bbox.from_extents(x - r, y - r, x + r, y + r)


def _draw_labels(
    ax: Axes,
    looks: Sequence[_Look],
    ppu: float,
    lang: str,
    boxes: dict[str, tuple[float, float, float, float]],
) -> tuple[list[str], list[str]]:
    fig = ax.figure
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    dpi = float(fig.dpi)
    placer = _Placer(ax, renderer)
    for lk in looks:
        if not lk.boxed:
            placer.obstacles.append((lk.node, _symbol_bbox(ax, lk, ppu, dpi)))
    labelled: list[str] = []
    unlabelled: list[str] = []
    # area boxes first (always drawn), then the rest by priority
    for lk in sorted(looks, key=lambda k: (k.priority, k.node)):
        text = lk.label + ("\n" + " / ".join(lk.tags) if lk.tags else "")
        if lk.boxed:
            hub = lk.priority[:2] == (0, 0)
            t = ax.text(
                lk.x,
                lk.y,
                text,
                fontsize=lk.font,
                ha="center",
                va="center",
                zorder=6,
                color="#111111" if hub else "#222222",
                linespacing=1.15,
                bbox={
                    "boxstyle": "round,pad=0.35,rounding_size=0.3",
                    "facecolor": lk.fill if not lk.tags else "#FFFFFF",
                    "edgecolor": lk.border,
                    "linewidth": lk.border_width,
                    "linestyle": "--" if lk.border_dash else "-",
                },
            )
            bb = t.get_window_extent(renderer).expanded(1.12, 1.5)
            placer.taken.append(bb)
            labelled.append(lk.node)
            boxes[lk.node] = (bb.x0, bb.y0, bb.x1, bb.y1)
            continue
        r_pt = _marker_pt(lk, ppu) / 2.0 + 1.5
        r = r_pt * dpi / 72.0
        d = r / math.sqrt(2.0)
        spots = [
            (r, 0.0, "left", "center"),
            (-r, 0.0, "right", "center"),
            (0.0, r, "center", "bottom"),
            (0.0, -r, "center", "top"),
            (d, d, "left", "bottom"),
            (d, -d, "left", "top"),
            (-d, d, "right", "bottom"),
            (-d, -d, "right", "top"),
        ]
        x, y = ax.transData.transform((lk.x, lk.y))
        t = ax.text(
            0,
            0,
            text,
            fontsize=lk.font,
            zorder=5,
            color="#1a1a1a",
            linespacing=1.1,
            # a light box rather than a stroke halo: a stroked label becomes outlines in a
            # PDF, and labels must stay real (extractable, searchable) text
            bbox={
                "boxstyle": "square,pad=0.08",
                "facecolor": "white",
                "alpha": 0.72,
                "edgecolor": "none",
            },
        )
        placed = False
        for dx, dy, ha, va in spots:
            px, py = ax.transData.inverted().transform((x + dx, y + dy))
            t.set_position((float(px), float(py)))
            t.set_horizontalalignment(ha)  # type: ignore[arg-type]
            t.set_verticalalignment(va)  # type: ignore[arg-type]
            bb = t.get_window_extent(renderer)
            if placer.free(bb, lk.node):
                placer.taken.append(bb.expanded(1.04, 1.08))
                boxes[lk.node] = (bb.x0, bb.y0, bb.x1, bb.y1)
                placed = True
                break
        if placed:
            labelled.append(lk.node)
        else:
            t.remove()
            unlabelled.append(lk.node)
    return labelled, unlabelled


# --------------------------------------------------------------------------- legend


_BOX_MARKER: Any = None


def _box_marker() -> Any:
    """A wide rounded-looking box marker (area levels in the legend)."""
    global _BOX_MARKER
    if _BOX_MARKER is None:
        from matplotlib.path import Path as MPath

        _BOX_MARKER = MPath(
            [(-1.0, -0.6), (1.0, -0.6), (1.0, 0.6), (-1.0, 0.6), (-1.0, -0.6)],
            [MPath.MOVETO, MPath.LINETO, MPath.LINETO, MPath.LINETO, MPath.CLOSEPOLY],
        )
    return _BOX_MARKER


def _legend_symbol(ax: Axes, x: float, y: float, e: LegendEntry, half_w: float) -> None:
    """Draw a legend symbol centred at axes fraction (x, y); ``half_w``: half the symbol
    slot's width in axes fraction (for lines)."""
    from matplotlib.lines import Line2D

    if e.shape == "line":
        ax.add_line(
            Line2D(
                [x - half_w, x + half_w],
                [y, y],
                color=e.color,
                linewidth=1.8,
                linestyle=(0, (3, 2)) if e.dashes else "-",
                transform=ax.transAxes,
            )
        )
        return
    common: dict[str, Any] = {"transform": ax.transAxes, "clip_on": False}
    if e.shape == "ring":
        ax.scatter(
            [x], [y], s=70, marker="o", c="#F4F4F4", edgecolors=e.color, linewidths=2.0,
            linestyle="--" if e.dashes else "-", **common,
        )  # fmt: skip
        return
    if e.shape == "box":
        ax.scatter(
            [x], [y], s=110, marker=_box_marker(), c=e.color, edgecolors=e.border,
            linewidths=0.8, **common,
        )  # fmt: skip
        return
    marker = MPL_MARKERS.get(e.shape, "o")
    ax.scatter(
        [x], [y], s=(64 if marker != "*" else 120), marker=marker, c=e.color,
        edgecolors=e.border, linewidths=0.8, **common,
    )  # fmt: skip


def _legend_rows(view: nx.MultiDiGraph, layers: frozenset[str], lang: str) -> list[Any]:
    """Rows: ("head", text) | ("entry", LegendEntry) | ("scale", None) | ("note", text)."""
    present: dict[str, set[str | None]] = {}
    for _, d in view.nodes(data=True):
        present.setdefault(str(d.get("category")), set()).add(d.get("kind"))
    city = view.graph.get("view") == "city"
    if city:
        # districts are dots on the city map; the area legend lists the boxed levels only
        boxed = {
            d.get("kind")
            for _, d in view.nodes(data=True)
            if d.get("category") == "Area" and d.get("group_centre")
        }
        present["Area"] = boxed
    shown_layers = []
    has_gap = any(
        any(g.get("kind") == "gap" for g in d.get("gaps") or []) for _, d in view.nodes(data=True)
    )
    has_iso = any((d.get("isolation") or {}).get("isolated") for _, d in view.nodes(data=True))
    has_bridge = any((d.get("bridge") or {}).get("rank") for _, d in view.nodes(data=True))
    types = {str(e.get("type")) for *_, e in view.edges(data=True)}
    for layer, ok in (
        ("gap", has_gap),
        ("isolated", has_iso),
        ("bridge", has_bridge),
        ("missing_bridge", "missing_bridge" in types),
        ("flow", "referral" in types),
    ):
        if ok and layer in layers:
            shown_layers.append(layer)
    if {"member_of", "partners_with", "tie"} & types:
        shown_layers.append("tie")
    rows: list[Any] = []
    last = None
    entries = legend_entries(present, lang=lang, layers=shown_layers)
    if city:
        # the districts drawn as dots (size = organisations), after the boxed levels
        at = max((i + 1 for i, e in enumerate(entries) if e.category == "Area"), default=0)
        dot = LegendEntry("Area", "district", kind_display("Area", "district", lang),
                          AREA_DOT.color, AREA_DOT.shape, AREA_DOT.border)  # fmt: skip
        entries.insert(at, dot)
    for entry in entries:
        if entry.category != last:
            head = (
                _t("layers_head", lang)
                if entry.category == "layer"
                else category_label(entry.category, lang)
            )
            rows.append(("head", head))
            last = entry.category
        rows.append(("entry", entry))
    if "gap" in shown_layers:
        rows.append(("scale", _t("gap_count", lang)))
    if city:
        rows.append(("head", _t("size_head", lang)))
        rows.append(("note", _t("city_size_note", lang)))
    elif "Organisation" in present:
        rows.append(("head", _t("size_head", lang)))
        rows.append(("note", _t("size_note", lang)))
    if any(d.get("wide_level") for _, d in view.nodes(data=True)):
        rows.append(("note", _t("wide_note", lang)))
    return rows


_SYM_IN = 0.24  # width of the symbol slot of a legend row (inches)
_TXT_GAP_IN = 0.05
_COL_GAP_IN = 0.16
_SCALE_LABELS = ("1", "2", "3–4", "5+")


@dataclass
class _LegendPlan:
    columns: list[list[Any]]
    widths: list[float]  # inches
    font: float

    @property
    def step(self) -> float:
        return self.font * 1.6 / 72.0

    @property
    def width(self) -> float:
        return sum(self.widths) + _COL_GAP_IN * max(0, len(self.widths) - 1)

    @property
    def height(self) -> float:
        return max((len(c) for c in self.columns), default=0) * self.step + 0.3 * self.step


class _Measure:
    """Text widths in inches (the figure's renderer, the current font settings)."""

    def __init__(self, fig: Figure) -> None:
        self.renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        self.dpi = float(fig.dpi)

    def __call__(self, text: str, size: float) -> float:
        from matplotlib.font_manager import FontProperties

        w, _, _ = self.renderer.get_text_width_height_descent(
            text, FontProperties(size=size), ismath=False
        )
        return float(w) / self.dpi


def _row_width(row: Any, font: float, measure: _Measure) -> float:
    kind, payload = row
    if kind == "head":
        return measure(str(payload), font + 0.6)
    if kind == "entry":
        return _SYM_IN + _TXT_GAP_IN + measure(payload.label, font)
    if kind == "scale":
        return (
            measure(str(payload), font)
            + 0.08
            + sum(0.16 + 0.04 + measure(t, font - 0.5) + 0.06 for t in _SCALE_LABELS)
        )
    return measure(str(payload), font)


def _split(rows: list[Any], per_col: int) -> list[list[Any]]:
    cols: list[list[Any]] = [[]]
    for i, row in enumerate(rows):
        full = len(cols[-1]) >= per_col
        # never leave a group head alone at the foot of a column
        orphan = row[0] == "head" and len(cols[-1]) >= per_col - 1 and i + 1 < len(rows)
        if cols[-1] and (full or orphan):
            cols.append([])
        cols[-1].append(row)
    return cols


def _plan_legend(
    rows: list[Any],
    measure: _Measure,
    *,
    font: float,
    max_h: float | None = None,
    max_w: float | None = None,
    max_cols: int = 6,
) -> _LegendPlan:
    """Columns of legend rows that fit ``max_h`` (a side panel) or ``max_w`` (a band under
    the map, as few rows as fit), shrinking the font down to 6 points if needed."""
    size = font
    while True:
        step = size * 1.6 / 72.0
        if max_h is not None:
            per_col = max(1, int((max_h - 0.3 * step) // step))
            n_cols = math.ceil(len(rows) / per_col)
            # balance the columns (no near-empty last column)
            cols = _split(rows, min(per_col, math.ceil(len(rows) / n_cols) + 1))
        else:
            cols = _split(rows, len(rows))
            for k in range(2, max_cols + 1):
                cand = _split(rows, math.ceil(len(rows) / k))
                widths = [max(_row_width(r, size, measure) for r in c) for c in cand]
                if sum(widths) + _COL_GAP_IN * (len(cand) - 1) > (max_w or 1e9):
                    break
                cols = cand
        widths = [max((_row_width(r, size, measure) for r in c), default=0.0) for c in cols]
        plan = _LegendPlan(cols, widths, size)
        too_wide = max_w is not None and plan.width > max_w
        if not too_wide or size <= 6.0:
            return plan
        size -= 0.4


def _draw_legend(
    ax: Axes, plan: _LegendPlan, box_w: float, box_h: float, measure: _Measure
) -> None:
    """Draw a planned legend into an axes of ``box_w`` x ``box_h`` inches."""
    from matplotlib.patches import Rectangle

    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    font, step = plan.font, plan.step

    def fx(x_in: float) -> float:
        return x_in / box_w

    def fy(y_in: float) -> float:
        return 1.0 - y_in / box_h

    text_kw: dict[str, Any] = {"va": "center", "transform": ax.transAxes, "clip_on": False}
    x0 = 0.0
    for col, width in zip(plan.columns, plan.widths, strict=True):
        y = step * 0.65
        for kind, payload in col:
            if kind == "head":
                ax.text(fx(x0), fy(y), payload, fontsize=font + 0.6, color="#111111", **text_kw)
            elif kind == "entry":
                _legend_symbol(ax, fx(x0 + _SYM_IN / 2), fy(y), payload, fx(_SYM_IN * 0.42))
                ax.text(
                    fx(x0 + _SYM_IN + _TXT_GAP_IN), fy(y), payload.label, fontsize=font,
                    color="#222222", **text_kw,
                )  # fmt: skip
            elif kind == "scale":
                ax.text(fx(x0), fy(y), payload, fontsize=font, color="#222222", **text_kw)
                bx = x0 + _row_width(("note", payload), font, measure) + 0.08
                for c, lab in zip(GAP_SCALE, _SCALE_LABELS, strict=True):
                    ax.add_patch(
                        Rectangle(
                            (fx(bx), fy(y + step * 0.3)), fx(0.16), step * 0.6 / box_h,
                            facecolor=c, edgecolor="#999999", linewidth=0.6,
                            transform=ax.transAxes, clip_on=False,
                        )
                    )  # fmt: skip
                    ax.text(fx(bx + 0.2), fy(y), lab, fontsize=font - 0.5, **text_kw)
                    bx += 0.16 + 0.04 + measure(lab, font - 0.5) + 0.06
            else:
                ax.text(fx(x0), fy(y), payload, fontsize=font, color="#333333", **text_kw)
            y += step
        x0 += width + _COL_GAP_IN


# --------------------------------------------------------------------------- page


def _meta_line(view: nx.MultiDiGraph, created: dt.date, lang: str) -> str:
    counts: Counter[str] = Counter(
        str(d.get("category"))
        for _, d in view.nodes(data=True)
        if not (d.get("category") == "Organisation" and d.get("wide_level"))
    )
    wide = Counter(str(d["wide_level"]) for _, d in view.nodes(data=True) if d.get("wide_level"))
    bits = [
        _t("as_of", lang, d=view.graph.get("as_of") or "-"),
        _t("created", lang, d=created.isoformat()),
    ]
    for cat in ("Area", "Organisation", "Activity", "Network"):
        if counts.get(cat):
            label = category_label(cat, lang) if lang == "ja" else _PLURAL_EN[cat]
            text = _t("counts", lang, label=label, n=counts[cat])
            if cat == "Organisation" and wide:
                # the ward's and the city's own organisations shown beside the area's
                what = "・".join(_t(f"wide.{k}", lang) for k in ("ward", "city") if wide[k])
                text += _t("orgs_outside", lang, what=what, n=sum(wide.values()))
            bits.append(text)
    return (" ・ " if lang == "ja" else " · ").join(bits)


def render_diagram(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None = None,
    options: DiagramOptions | None = None,
) -> Diagram:
    """Draw a published view on one page (a matplotlib ``Figure``, no pyplot state).

    Call inside :func:`mpl_context` when saving (``write_diagram`` and ``diagram_bytes``
    do): the font settings apply at drawing and at saving time.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    opts = options or DiagramOptions()
    threshold = require_published(view)
    lang = opts.lang
    pos = dict(positions) if positions is not None else compute_layout(view)
    layers = opts.layers if opts.layers is not None else default_layers(view)
    w, h = page_size_inches(opts.paper, opts.orientation)
    # whole pixels, so a PNG is the paper size at the dpi, rounded (A4 at 100 dpi: 1169x827)
    w, h = round(w * opts.dpi) / opts.dpi, round(h * opts.dpi) / opts.dpi
    landscape = opts.orientation == "landscape"
    fig = Figure(figsize=(w, h), dpi=opts.dpi, facecolor="white")
    FigureCanvasAgg(fig)

    measure = _Measure(fig)
    rows = _legend_rows(view, layers, lang)
    small = opts.paper == "A4"
    m, head_h = 9.0 * MM, 17.0 * MM
    # the footer wraps to the page width (a long source never runs off the page): the
    # source in up to three lines, the privacy notice (and the omitted labels) below it
    foot_font = 7.0 if small else 8.0
    foot_lh = foot_font * 1.35 / 72.0
    note_w = measure(opts.footer_note, foot_font) + 4.0 * MM if opts.footer_note else 0.0
    foot_w = (w - 2 * m - note_w) * 0.98
    widths: dict[str, float] = {}

    def foot_cw(ch: str) -> float:
        if ch not in widths:
            widths[ch] = measure(ch, foot_font)
        return widths[ch]

    src_text = opts.source or source_line(view, lang)
    if opts.source is None and len(wrap_text(src_text, foot_w, foot_cw)) > 3:
        # too long in full: web addresses shortened to their host (the district sheet
        # and the tables' about sheet list the sources in full)
        src_text = source_line(view, lang, short=True)
    foot_src = fit_lines(src_text, foot_w, foot_cw, 3)
    worst = privacy_notice(threshold, lang, period=view_period(view)) + "　"
    worst += _t("omitted", lang, n=view.number_of_nodes())
    n_foot = len(foot_src) + len(wrap_text(worst, foot_w, foot_cw))
    foot_h = max(9.0 * MM, n_foot * foot_lh + 2.5 * MM)
    top, bottom = h - m - head_h, m + foot_h
    legend_font = 7.4 if small else 8.8
    if landscape:
        plan = _plan_legend(rows, measure, font=legend_font, max_h=top - bottom)
        leg_w = min(plan.width, 0.42 * w)
        map_box = (m, bottom, w - 2 * m - leg_w - 5 * MM, top - bottom)
        leg_box = (w - m - leg_w, bottom, leg_w, top - bottom)
    else:
        plan = _plan_legend(rows, measure, font=legend_font, max_w=w - 2 * m)
        leg_h = plan.height
        map_box = (m, bottom + leg_h + 4 * MM, w - 2 * m, top - bottom - leg_h - 4 * MM)
        leg_box = (m, bottom, w - 2 * m, leg_h)
    regions = {
        "map": (map_box[0] / w, map_box[1] / h, map_box[2] / w, map_box[3] / h),
        "legend": (leg_box[0] / w, leg_box[1] / h, leg_box[2] / w, leg_box[3] / h),
        "title": (m / w, (h - m) / h, 0.0, 0.0),
        "footer": (m / w, m / h, (w - 2 * m) / w, 0.0),
    }

    # header
    title = opts.title or default_title(view, lang)
    tx, ty, _, _ = regions["title"]
    big = 17.0 if small else 21.0
    fig.text(tx, ty, title, fontsize=big, va="top", ha="left", color="#111111")
    created = opts.created or dt.date.today()
    fig.text(
        tx,
        ty - (big + 6.0) / 72.0 / h,
        _meta_line(view, created, lang),
        fontsize=8.6 if small else 10.0,
        va="top",
        ha="left",
        color="#555555",
    )

    # map
    ax = fig.add_axes(regions["map"])
    ax.set_axis_off()
    ext = group_extents(view, pos)
    looks = _looks(view, pos, layers, lang, 1.0 if small else 1.3)
    ppu = _fit(ax, (w, h), list(pos.values()), list(ext.values()), 0.06)
    labelled: list[str] = []
    unlabelled: list[str] = []
    boxes: dict[str, tuple[float, float, float, float]] = {}
    if view.number_of_nodes() == 0:
        ax.text(0.5, 0.5, _t("nothing", lang), ha="center", va="center", transform=ax.transAxes)
    else:
        _draw_halos(ax, view, ext, layers)
        _draw_edges(ax, view, pos, layers, ppu)
        _draw_nodes(ax, looks, ppu)
        labelled, unlabelled = _draw_labels(ax, looks, ppu, lang, boxes)

    # legend
    lax = fig.add_axes(regions["legend"])
    _draw_legend(lax, plan, leg_box[2], leg_box[3], measure)

    # footer (lines drawn upwards from the bottom margin, in the height reserved above)
    fx, fy, _, _ = regions["footer"]
    notice = privacy_notice(threshold, lang, period=view_period(view))
    if unlabelled:
        notice += "　" + _t("omitted", lang, n=len(unlabelled))
    foot = foot_src + wrap_text(notice, foot_w, foot_cw)
    for k, line in enumerate(reversed(foot)):
        fig.text(fx, fy + k * foot_lh / h, line, fontsize=foot_font, color="#555555", va="bottom")
    if opts.footer_note:
        fig.text(
            1 - fx, fy, opts.footer_note, fontsize=foot_font, color="#555555", va="bottom",
            ha="right",
        )  # fmt: skip
    return Diagram(
        figure=fig, labelled=labelled, unlabelled=unlabelled, label_boxes=boxes, layers=layers
    )


def _format_of(path: Path, fmt: str | None) -> str:
    f = (fmt or path.suffix.lstrip(".")).lower()
    if f not in DIAGRAM_FORMATS:
        raise NetmapError(
            f"a diagram is written as PNG, SVG or PDF, not {f or 'no extension'!r}",
            details={"format": f},
        )
    return f


def _save(fig: Figure, target: Any, fmt: str, dpi: int, title: str) -> None:
    meta: dict[str, Any]
    if fmt == "pdf":
        meta = {"Title": title, "Creator": "netmap", "Producer": "netmap (matplotlib)"}
    elif fmt == "svg":
        meta = {"Title": title, "Creator": "netmap", "Date": None}
    else:
        meta = {"Title": title, "Software": "netmap"}
    fig.savefig(target, format=fmt, dpi=dpi, metadata=meta, facecolor="white")


def diagram_bytes(
    view: nx.MultiDiGraph,
    positions: Mapping[str, Pos] | None = None,
    options: DiagramOptions | None = None,
    *,
    fmt: str = "png",
) -> bytes:
    """The diagram as PNG/SVG/PDF bytes (PNG: the paper size at ``options.dpi``)."""
    opts = options or DiagramOptions()
    f = _format_of(Path("x"), fmt)
    with mpl_context(svg_text=opts.svg_text, font=opts.font):
        dia = render_diagram(view, positions, opts)
        buf = io.BytesIO()
        _save(dia.figure, buf, f, opts.dpi, opts.title or default_title(view, opts.lang))
    return buf.getvalue()


def write_diagram(
    view: nx.MultiDiGraph,
    path: Path,
    positions: Mapping[str, Pos] | None = None,
    options: DiagramOptions | None = None,
    *,
    fmt: str | None = None,
) -> Path:
    """Write the diagram; the format comes from ``fmt`` or the file's extension."""
    f = _format_of(Path(path), fmt)
    data = diagram_bytes(view, positions, options, fmt=f)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(data)
    return Path(path)
