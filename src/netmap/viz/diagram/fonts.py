"""The CJK font of netmap's diagrams and sheets, and the matplotlib settings they are drawn in.

A CJK font is required and found by path or family name (:func:`find_cjk_font`): IPAex
Gothic (Debian ``fonts-ipaexfont-gothic``, a TrueType font) first. Without one,
:class:`~netmap.errors.FontNotFoundError` says what to install (never tofu boxes). PDFs
embed it as CID TrueType subsets (``pdf.fonttype: 42``): real, extractable text
(``pdftotext``, search, copy) with no poppler warnings; matplotlib's default Type 3 is
larger and less robust. SVGs draw text as outlines (``svg.fonttype: path``) by default: a
diagram pasted into Office or opened on a PC without IPAex looks exactly the same (with
``"none"`` the text stays text but is re-flowed in whatever font the viewer has, so labels
can grow into each other); :func:`mpl_context` with ``svg_text=True`` keeps editable text.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from netmap.errors import FontNotFoundError

__all__ = [
    "FONT_ENV",
    "FONT_FAMILIES",
    "FONT_PATHS",
    "cjk_font_family",
    "find_cjk_font",
    "mpl_context",
]

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


def _explicit_font(explicit: str | os.PathLike[str]) -> Path:
    """The font named by the caller or ``$NETMAP_CJK_FONT``, if it can draw Japanese."""
    p = Path(explicit)
    if p.is_file() and _has_cjk(p):
        return p
    raise FontNotFoundError(
        f"the font {str(p)!r} does not exist or cannot draw Japanese",
        details={"font": str(p)},
    )


def _font_by_family() -> Path | None:
    """The first Japanese-capable font of :data:`FONT_FAMILIES` matplotlib knows."""
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
    return None


def find_cjk_font(path: str | os.PathLike[str] | None = None) -> Path:
    """The font file diagrams use: ``path``, else ``$NETMAP_CJK_FONT``, else the first
    Japanese-capable font of :data:`FONT_PATHS`, else of :data:`FONT_FAMILIES` through
    matplotlib's font manager. Raises :class:`FontNotFoundError` with what to install."""
    explicit = path if path is not None else os.environ.get(FONT_ENV) or None
    if explicit is not None:
        return _explicit_font(explicit)
    for cand in FONT_PATHS:
        p = Path(cand)
        if p.is_file() and _has_cjk(p):
            return p
    found = _font_by_family()
    if found is not None:
        return found
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
