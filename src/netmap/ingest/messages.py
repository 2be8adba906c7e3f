"""The words of the import: Japanese by default, English with ``NETMAP_LANG=en``.

Every problem and warning the import reports is written here or through :func:`t`, which
picks the Japanese or the English text by the language in force: the one
:func:`language` sets for an import (the pipeline sets ``settings.lang``), else the
configured one (:func:`netmap.config.get_settings`). A problem keeps its structure (file,
row, column, value, reason); only ``reason`` is in the chosen language. Reasons are
written ``<kind>: <particulars>`` so that problems of one kind are counted together
(:attr:`netmap.errors.Problem.kind`).

It also holds the matching rules the import shares for what people type: :func:`norm`
(NFKC, case-folded: full-width letters and digits read as plain ones) and
:func:`close_matches` ("did you mean", :mod:`difflib` over normalised forms).

>>> with language("en"):
...     t("必須の列がありません", "required column is missing")
'required column is missing'
>>> norm(" ＯＲＧ-Hellowork ")
'org-hellowork'
>>> close_matches("org-hellowork-seya", ["org-hellowork", "org-plaza"])
['org-hellowork']
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar

from netmap.errors import Problem

__all__ = [
    "SHEET_SUFFIX",
    "close_matches",
    "current_lang",
    "did_you_mean",
    "format_problem",
    "input_name",
    "language",
    "norm",
    "quoted",
    "row_word",
    "t",
]

#: How a workbook sheet is named in a problem's ``file`` (``"organisations (sheet)"``).
SHEET_SUFFIX = " (sheet)"

_LANG: ContextVar[str | None] = ContextVar("netmap_ingest_lang", default=None)


def current_lang() -> str:
    """``"ja"`` or ``"en"``: the language :func:`language` set, else the configured one."""
    lang = _LANG.get()
    if lang is None:
        try:
            from netmap.config import get_settings

            lang = get_settings().lang
        except Exception:  # a broken configuration is reported elsewhere
            lang = "ja"
    return "en" if lang == "en" else "ja"


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Messages in ``lang`` (``"ja"`` or ``"en"``; ``None``: the configured one) inside."""
    token = _LANG.set(None if lang is None else ("en" if lang == "en" else "ja"))
    try:
        yield
    finally:
        _LANG.reset(token)


def t(ja: str, en: str) -> str:
    """The Japanese or the English text, by :func:`current_lang`."""
    return en if current_lang() == "en" else ja


def norm(text: str) -> str:
    """What people type, compared: NFKC (full-width → plain), case-folded, trimmed, runs
    of whitespace as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def close_matches(
    text: str, candidates: Iterable[str], *, n: int = 3, cutoff: float = 0.75
) -> list[str]:
    """The candidates closest to ``text`` (compared normalised; the candidates returned as
    given), best first: those equal once normalised, then :mod:`difflib`'s close matches."""
    by_norm: dict[str, str] = {}
    for c in candidates:
        by_norm.setdefault(norm(c), c)
    key = norm(text)
    exact = [by_norm[key]] if key in by_norm and by_norm[key] != text else []
    if exact:
        return exact  # the same once normalised: nothing else is as likely
    scored = []
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    for k in by_norm:
        matcher.set_seq1(k)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            ratio = matcher.ratio()
            if ratio >= cutoff:
                scored.append((ratio, k))
    scored.sort(key=lambda rk: (-rk[0], rk[1]))
    # only those about as close as the closest one (a clear best match stands alone)
    best = scored[0][0] if scored else 0.0
    out = [by_norm[k] for r, k in scored if r >= best - _MARGIN and by_norm[k] != text]
    return out[:n]


#: How much less close than the best match another suggestion may be.
_MARGIN = 0.1


def quoted(value: str) -> str:
    return t(f"「{value}」", repr(value))


def did_you_mean(suggestions: Iterable[str]) -> str:
    """``"もしかして: a, b"`` / ``"did you mean a, b?"`` (empty without suggestions)."""
    shown = list(suggestions)
    if not shown:
        return ""
    return t(f"もしかして {'、'.join(shown)}？", f"did you mean {' or '.join(shown)}?")


def input_name(file: str, sheets: bool) -> str:
    """How a message names an input file: ``organisations.csv``, or in a workbook the
    sheet (``organisations シート`` / ``the organisations sheet``)."""
    if not sheets:
        return file
    stem = file.removesuffix(".csv")
    return t(f"{stem} シート", f"the {stem} sheet")


def row_word(row: int) -> str:
    return t(f"{row} 行目", f"row {row}")


def format_problem(p: Problem, lang: str | None = None) -> str:
    """One problem as a line of the report, in ``lang`` (default: the current one).

    >>> p = Problem("areas (sheet)", 5, "level", "town", "bad level")
    >>> format_problem(p, "ja")
    'areas シート 5 行目 level 列: bad level（値「town」）'
    >>> format_problem(p, "en")
    "areas (sheet), row 5, column 'level': bad level (value 'town')"
    """
    with language(lang) if lang is not None else nullcontext():
        if current_lang() == "en":
            return str(p)
        if p.file.endswith(SHEET_SUFFIX):
            where = p.file.removesuffix(SHEET_SUFFIX) + " シート"
        else:
            where = p.file
        if p.row is not None:
            where += f" {p.row} 行目"
        if p.column:
            where += f" {p.column} 列"
        val = f"（値「{p.value}」）" if p.value not in (None, "") else ""
        return f"{where}: {p.reason}{val}"
