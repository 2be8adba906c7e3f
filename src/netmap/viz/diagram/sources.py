"""Where the shown records come from: the source lines of the diagrams' and sheets' footers.

The sources of the shown records, most frequent first, and the latest verification of a
shown record. A source list too long for a footer has its web addresses shortened to their
host + "…" (:func:`shorten_source`; the district sheet and the tables' about sheet list
them in full).
"""

from __future__ import annotations

import re
from collections import Counter

import networkx as nx

from netmap.viz.texts import t as _t

__all__ = ["SOURCE_MAX", "latest_verified", "shorten_source", "source_line", "view_sources"]


def view_sources(view: nx.MultiDiGraph) -> list[str]:
    """Every ``source`` of the shown records, most frequent first (then alphabetically)."""
    sources: Counter[str] = Counter()
    for _, d in view.nodes(data=True):
        if d.get("source"):
            sources[str(d["source"])] += 1
    return [s for s, _ in sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))]


def latest_verified(view: nx.MultiDiGraph) -> str | None:
    """The latest ``verified_on`` of the shown records (as text), None when none has one."""
    verified = [str(d["verified_on"]) for _, d in view.nodes(data=True) if d.get("verified_on")]
    return max(verified) if verified else None


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
    verified = latest_verified(view)
    sources = view_sources(view)
    top = [shorten_source(s) if short else s for s in sources[:3]]
    more = len(sources) > 3
    bits = []
    if top:
        joined = _t("list_sep", lang).join(top) + (
            (" ほか" if lang == "ja" else " and others") if more else ""
        )
        bits.append(_t("source", lang, s=joined) if prefix else joined)
    if verified:
        bits.append(_t("verified", lang, d=verified))
    bits.append(_t("made_with", lang))
    return _t("meta_sep", lang).join(bits)
