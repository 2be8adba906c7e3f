"""Names wherever ids are taken: resolve a reference to an area, need, network or
organisation typed by a person (``日吉地区``, ``食``, ``Food``, ``kohoku-hiyoshi``) to its id.

A reference is tried, in order, as

1. an exact id;
2. an id, NFKC-normalised and case-folded (``ＫＯＨＯＫＵ`` → ``kohoku``);
3. a name — the Japanese name; for needs also the English one — NFKC-normalised,
   case-folded, with whitespace trimmed (and runs of it read as one space).

A name shared by several records is an :class:`AmbiguousNameError` listing them (id and
name); a reference that matches nothing is an :class:`UnknownNameError` with "did you
mean" suggestions (:mod:`difflib` over the ids and names, in their normalised forms). Both
are :class:`~netmap.errors.AnalysisParameterError`\\ s, so :class:`~netmap.errors.UsageError`\\ s:
exit code 2 in the CLI, 422 in the API. Messages are Japanese first, then English::

    地区「阿久和」が見つかりません / unknown area '阿久和' — 候補 / did you mean: 阿久和地区 (seya-akuwa)

``within`` limits matching *and* suggestions to a set of ids (an API token's area
scope): nothing outside it is ever named.

The indexes are built from the lookups the analyses and the API already keep (the graph,
its :class:`~netmap.analysis.projections.GraphIndex`, the API's area tree) and from the
need vocabulary; they only add the name → id direction.

>>> from netmap.model.graph import build_graph
>>> G = build_graph(
...     [("Area", {"id": "seya", "name": "瀬谷区", "level": "ward"}),
...      ("Area", {"id": "seya-akuwa", "name": "阿久和地区", "level": "district"})],
...     [("PART_OF", "seya-akuwa", "seya", {})],
... )
>>> resolve_area(G, "阿久和地区"), resolve_area(G, "seya-akuwa"), resolve_area(G, " ＳＥＹＡ ")
('seya-akuwa', 'seya-akuwa', 'seya')
>>> resolve_area(G, "阿久和")
Traceback (most recent call last):
...
netmap.errors.UnknownNameError: 地区「阿久和」が見つかりません / unknown area '阿久和' — 候補 / did you mean: 阿久和地区 (seya-akuwa)
>>> resolve_need(None, "食"), resolve_need(None, "Household Finance")
('food', 'household_finance')
"""  # noqa: E501

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeAlias

import networkx as nx

from netmap.analysis.projections import GraphIndex, area_parents
from netmap.errors import AmbiguousNameError, UnknownNameError
from netmap.model.graph import nodes_with_label, out_targets
from netmap.model.schema import Label, Rel
from netmap.model.vocab import LEVEL_JA, NEEDS

__all__ = [
    "KINDS",
    "AreaTree",
    "Kind",
    "NameIndex",
    "Named",
    "ambiguous_name_error",
    "area_index",
    "need_index",
    "network_index",
    "normalise",
    "organisation_index",
    "resolve_area",
    "resolve_need",
    "resolve_network",
    "resolve_organisation",
    "unknown_name_error",
]

Kind = Literal["area", "need", "network", "organisation"]

#: What each kind is called in messages: (Japanese, English).
KINDS: dict[str, tuple[str, str]] = {
    "area": ("地区", "area"),
    "need": ("ニーズ", "need"),
    "network": ("ネットワーク", "network"),
    "organisation": ("団体", "organisation"),
}

#: At most this many suggestions or candidates are named in a message.
MAX_LISTED = 5


def normalise(text: str) -> str:
    """The form names are compared in: NFKC (full-width letters and digits, half-width
    kana), case-folded, whitespace trimmed and runs of it read as one space.

    >>> normalise("　ＫＯＨＯＫＵ  Hiyoshi ")
    'kohoku hiyoshi'
    >>> normalise("ｶﾞｲﾄﾞ") == normalise("ガイド")
    True
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Named:
    """One record that can be named: its id, Japanese name, other names (English) and a
    note that tells apart records of the same name (an area's level and parent)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    note: str = ""

    def label(self, *, note: bool = False) -> str:
        """``name (id)``, or ``name (id, note)``.

        >>> Named("kohoku-hiyoshi", "日吉地区", note="港北区").label(note=True)
        '日吉地区 (kohoku-hiyoshi, 港北区)'
        """
        extra = f", {self.note}" if note and self.note else ""
        return f"{self.name} ({self.id}{extra})"

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


def unknown_name_error(kind: str, text: str, suggestions: list[Named]) -> UnknownNameError:
    """The error for ``text`` naming no record of ``kind``, with ``suggestions``."""
    ja, en = KINDS[kind]
    message = f"{ja}「{text}」が見つかりません / unknown {en} {text!r}"
    if suggestions:
        message += " — 候補 / did you mean: " + ", ".join(s.label() for s in suggestions)
    return UnknownNameError(
        message,
        kind=kind,
        text=text,
        suggestions=suggestions,
        details={kind: text, "suggestions": [s.as_dict() for s in suggestions]},
    )


def ambiguous_name_error(kind: str, text: str, candidates: list[Named]) -> AmbiguousNameError:
    """The error for ``text`` naming several records of ``kind`` (listed: give an id)."""
    ja, en = KINDS[kind]
    shown = candidates[:MAX_LISTED]
    more = len(candidates) - len(shown)
    listed = ", ".join(c.label(note=True) for c in shown)
    if more:
        listed += f", ほか{more}件 / and {more} more"
    return AmbiguousNameError(
        f"{ja}「{text}」は{len(candidates)}件あります（IDで指定してください） / "
        f"{text!r} names {len(candidates)} {en}s (give the id) — 候補 / candidates: {listed}",
        kind=kind,
        text=text,
        candidates=candidates,
        details={kind: text, "candidates": [c.as_dict() for c in candidates]},
    )


@dataclass
class NameIndex:
    """The records of one kind by id, and their normalised ids and names."""

    kind: str
    entries: dict[str, Named]
    _by_id: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _by_name: dict[str, set[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, kind: str, entries: Iterable[Named]) -> NameIndex:
        by_id: dict[str, set[str]] = defaultdict(set)
        by_name: dict[str, set[str]] = defaultdict(set)
        found: dict[str, Named] = {}
        for e in entries:
            found[e.id] = e
            by_id[normalise(e.id)].add(e.id)
            for n in (e.name, *e.aliases):
                if n and normalise(n):
                    by_name[normalise(n)].add(e.id)
        return cls(kind, found, dict(by_id), dict(by_name))

    def __contains__(self, item: object) -> bool:
        return item in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def matches(self, text: str, *, within: Collection[str] | None = None) -> list[str]:
        """The ids ``text`` names (none, one, or several for a shared name), sorted."""
        raw = text.strip()
        if raw in self.entries and (within is None or raw in within):
            return [raw]
        key = normalise(raw)
        for table in (self._by_id, self._by_name):
            ids = sorted(i for i in table.get(key, ()) if within is None or i in within)
            if ids:
                return ids
        return []

    def resolve(self, text: str, *, within: Collection[str] | None = None) -> str:
        """The id ``text`` names; :class:`UnknownNameError` (with suggestions) or
        :class:`AmbiguousNameError` (with the candidates) otherwise."""
        ids = self.matches(text, within=within)
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise ambiguous_name_error(self.kind, text.strip(), [self.entries[i] for i in ids])
        raise self.unknown(text, within=within)

    def unknown(self, text: str, *, within: Collection[str] | None = None) -> UnknownNameError:
        """The error for a reference that names nothing (suggestions only from ``within``)."""
        return unknown_name_error(self.kind, text.strip(), self.suggest(text, within=within))

    def suggest(
        self, text: str, *, within: Collection[str] | None = None, n: int = MAX_LISTED
    ) -> list[Named]:
        """Records ``text`` may have meant: close in spelling (:mod:`difflib`) to an id or
        a name, or containing it (``日吉`` → ``日吉地区``), best first."""
        key = normalise(text)
        if not key:
            return []
        keys: dict[str, set[str]] = defaultdict(set)
        for table in (self._by_id, self._by_name):
            for k, ids in table.items():
                keep = {i for i in ids if within is None or i in within}
                if keep:
                    keys[k] |= keep
        close = set(difflib.get_close_matches(key, list(keys), n=n * 2, cutoff=0.6))
        # containing the text (日吉 → 日吉地区), or contained in it (食べ物 → 食; a single
        # letter only when it is a kanji or kana, so "x" does not match everything)
        close |= {k for k in keys if key in k or (k in key and (len(k) > 1 or not k.isascii()))}
        scored: dict[str, float] = {}
        for k in close:
            score = difflib.SequenceMatcher(None, key, k).ratio()
            for i in keys[k]:
                scored[i] = max(scored.get(i, 0.0), score)
        best = sorted(scored, key=lambda i: (-scored[i], i))[:n]
        return [self.entries[i] for i in best]


# --------------------------------------------------------------------------- sources


class AreaTree(Protocol):
    """An area hierarchy kept elsewhere (the API's per-version area index)."""

    @property
    def names(self) -> Mapping[str, str]: ...

    @property
    def parents(self) -> Mapping[str, str | None]: ...


AreaSource: TypeAlias = nx.MultiDiGraph | GraphIndex | AreaTree


def _area_entries(
    ids: Iterable[str],
    name: Mapping[str, str],
    level: Mapping[str, Any],
    parents: Mapping[str, str | None],
) -> list[Named]:
    out = []
    for a in ids:
        p = parents.get(a)
        lv = str(level.get(a) or "")
        bits = [LEVEL_JA.get(lv, lv)] if lv else []
        if p is not None:
            bits.append(name.get(p, p))
        out.append(Named(a, name.get(a, a), note=", ".join(bits)))
    return out


def area_index(source: AreaSource) -> NameIndex:
    """The areas of a graph, of a :class:`GraphIndex`, or of an area tree (with ``names``
    and ``parents``, and ``levels`` if it has them)."""
    if isinstance(source, GraphIndex):
        G = source.G
        ids = source.nodes(Label.AREA)
        names = {a: source.name(a) for a in ids}
        levels = {a: G.nodes[a].get("level") for a in ids}
        return NameIndex.of("area", _area_entries(ids, names, levels, source.parents))
    if isinstance(source, nx.MultiDiGraph):
        ids = nodes_with_label(source, Label.AREA)
        names = {a: str(source.nodes[a].get("name", a)) for a in ids}
        levels = {a: source.nodes[a].get("level") for a in ids}
        return NameIndex.of("area", _area_entries(ids, names, levels, area_parents(source)))
    levels = getattr(source, "levels", {})
    return NameIndex.of(
        "area", _area_entries(sorted(source.names), source.names, levels, source.parents)
    )


def _graph(source: nx.MultiDiGraph | GraphIndex | None) -> nx.MultiDiGraph | None:
    return source.G if isinstance(source, GraphIndex) else source


def need_index(source: nx.MultiDiGraph | GraphIndex | None = None) -> NameIndex:
    """The needs of the fixed vocabulary and of the graph (``needs.csv`` may add needs and
    relabel them), by id, Japanese and English name."""
    found: dict[str, tuple[str, str]] = dict(NEEDS)
    G = _graph(source)
    if G is not None:
        for nid in nodes_with_label(G, Label.NEED):
            d = G.nodes[nid]
            ja0, en0 = found.get(nid, (nid, ""))
            found[nid] = (str(d.get("name_ja") or ja0), str(d.get("name_en") or en0))
    entries = [Named(nid, ja, (en,) if en else ()) for nid, (ja, en) in sorted(found.items())]
    return NameIndex.of("need", entries)


def network_index(source: nx.MultiDiGraph | GraphIndex) -> NameIndex:
    """The networks of a graph, by id and name."""
    G = _graph(source)
    assert G is not None
    return NameIndex.of(
        "network",
        (
            Named(n, str(G.nodes[n].get("name", n)), note=str(G.nodes[n].get("kind") or ""))
            for n in nodes_with_label(G, Label.NETWORK)
        ),
    )


def organisation_index(source: nx.MultiDiGraph | GraphIndex) -> NameIndex:
    """The organisations of a graph, by id and name (the note: where they are located)."""
    G = _graph(source)
    assert G is not None
    entries = []
    for o in nodes_with_label(G, Label.ORGANISATION):
        loc = out_targets(G, o, Rel.LOCATED_IN)
        where = str(G.nodes[loc[0]].get("name", loc[0])) if loc else ""
        entries.append(Named(o, str(G.nodes[o].get("name", o)), note=where))
    return NameIndex.of("organisation", entries)


def resolve_area(source: AreaSource, text: str, *, within: Collection[str] | None = None) -> str:
    """The id of the area ``text`` names (an id or a Japanese name); see the module."""
    return area_index(source).resolve(text, within=within)


def resolve_need(source: nx.MultiDiGraph | GraphIndex | None, text: str) -> str:
    """The id of the need ``text`` names (an id, a Japanese or an English name).

    >>> resolve_need(None, "子育て"), resolve_need(None, "ＥＬＤＥＲ　ＣＡＲＥ")
    ('childcare', 'elder_care')
    """
    return need_index(source).resolve(text)


def resolve_network(source: nx.MultiDiGraph | GraphIndex, text: str) -> str:
    """The id of the network ``text`` names."""
    return network_index(source).resolve(text)


def resolve_organisation(
    source: nx.MultiDiGraph | GraphIndex, text: str, *, within: Collection[str] | None = None
) -> str:
    """The id of the organisation ``text`` names."""
    return organisation_index(source).resolve(text, within=within)
