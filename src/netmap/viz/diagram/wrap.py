"""Wrapping text to a measured width: the diagrams' footers and the district sheet's text."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Measure", "fit_lines", "wrap_text"]


class Measure:
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
