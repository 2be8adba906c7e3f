"""The interactive map's words in its language (:mod:`netmap.viz.interactive`).

The map's own words are Japanese or English (:mod:`netmap.viz.texts`); names in the data
(areas, organisations, networks, activities) stay as they are. Here: the map's language,
its title, need names, and the tooltip lines :mod:`netmap.viz.describe` writes in Japanese
put into English: field names, and the values made of vocabulary, numbers and fixed texts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import networkx as nx

from netmap.model.options import Lang
from netmap.model.vocab import need_label
from netmap.viz.change import change_text, change_title
from netmap.viz.describe import FRESH_CATEGORIES, verified_text
from netmap.viz.texts import FIELD_PREFIX, PLURAL_EN, TEXTS, VALUE_PREFIX, t

__all__ = ["map_lang", "map_title", "need_names", "tooltip_lines"]


def map_lang(lang: str) -> str:
    """``ja`` or ``en`` (a :class:`~netmap.model.options.Lang` or its value)."""
    return Lang(lang).value


def need_names(
    view: nx.MultiDiGraph, lang: str = "ja", names_en: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Need id → its name on a map in ``lang``: the view's (Japanese) names, or in English
    ``names_en`` (the Need nodes' ``name_en``), else the vocabulary's English label."""
    ja: dict[str, str] = {str(k): str(v) for k, v in (view.graph.get("needs") or {}).items()}
    if map_lang(lang) == "ja":
        return ja
    en = dict(names_en or {})
    return {n: en.get(n) or need_label(n, "en") for n in ja}


def map_title(view: nx.MultiDiGraph, lang: str) -> str:
    if lang == "ja":
        title = str(view.graph.get("title") or t("map_title_plain", lang))
    else:
        area = view.graph.get("area_name")
        title = t("map_title", lang, area=area) if area else t("map_title_plain", lang)
    # a change map says what it compares (netmap.viz.change)
    change = change_title(view.graph.get("change") or {}, lang)
    return title + t("change_title_sep", lang) + change if change else title


#: Tooltip field names and their fixed values, Japanese (as netmap.viz.describe writes
#: them) → English; field name → its key.
_FIELD_EN = {ja: en for k, (ja, en) in TEXTS.items() if k.startswith(FIELD_PREFIX)}
_FIELD_KEY = {
    ja: k[len(FIELD_PREFIX) :] for k, (ja, _) in TEXTS.items() if k.startswith(FIELD_PREFIX)
}
_VALUE_EN = {ja: en for k, (ja, en) in TEXTS.items() if k.startswith(VALUE_PREFIX)}
#: Fields whose value is a list of names ("、" between them).
_LIST_FIELDS = {"networks", "runs", "run_by", "needs", "candidates", "bridge_candidates"}
_COUNT = re.compile(r"^(\d+)(?:人|件|地区)$")
_RANK = re.compile(r"^この地図の上位(\d+)位$")
_MEMBERS = re.compile(r"^(\d+)（この地図内 (\d+)）$")


def _value_en(key: str | None, value: str) -> str:
    """A value :mod:`netmap.viz.describe` wrote in Japanese, in English where it is a
    fixed text or a number with a unit (names in the data as they are)."""
    if value in _VALUE_EN:
        return _VALUE_EN[value]
    if m := _COUNT.match(value):
        return m.group(1)
    if m := _RANK.match(value):
        return f"#{m.group(1)} on this map"
    if m := _MEMBERS.match(value):
        return f"{m.group(1)} ({m.group(2)} on this map)"
    if key in _LIST_FIELDS:
        value = value.replace(TEXTS["list_sep"][0], TEXTS["list_sep"][1])
    ja, en = TEXTS[f"{VALUE_PREFIX}outside"]
    return value.replace(ja, en)


def _fmt(x: object) -> str:
    return "-" if x is None else f"{float(str(x)):.2f}"


def _made_en(
    key: str | None,
    d: Mapping[str, Any],
    kind: str,
    needs: Mapping[str, str],
    as_of: dt.date | None = None,
) -> str | None:
    """The English value of a field :mod:`netmap.viz.describe` makes from the record's
    fields (kind, figures, gaps, isolation reasons, bridge measures, target groups, last
    verification)."""
    lang, sep = "en", TEXTS["list_sep"][1]

    def need(g: Mapping[str, Any]) -> str:
        nid = str(g.get("need"))
        return needs.get(nid) or need_label(nid, lang)

    gaps = list(d.get("gaps") or [])
    if key == "kind":
        return kind or None
    if key == "figures":
        st = d.get("stats") or {}
        return sep.join(
            f"{st[k]} {PLURAL_EN[cat]}"
            for k, cat in (
                ("organisations", "Organisation"),
                ("activities", "Activity"),
                ("networks", "Network"),
            )
            if k in st
        )
    if key == "gaps":
        return sep.join(
            t("tip.gap", lang, need=need(g), n=g.get("demand_text"))
            for g in gaps
            if g.get("kind") == "gap"
        )
    if key == "under":
        return sep.join(
            t("tip.under", lang, need=need(g), n=g.get("demand_text"), supply=g.get("supply"))
            for g in gaps
            if g.get("kind") == "undersupplied"
        )
    if key == "isolation":
        reasons = (d.get("isolation") or {}).get("reasons") or []
        return sep.join(str(r).replace("_", " ") for r in reasons)
    if key == "measures":
        b = d.get("bridge") or {}
        text = t(
            "tip.measures", lang, score=_fmt(b.get("score")), betweenness=_fmt(b.get("betweenness"))
        )
        return text + (t("tip.cut", lang) if b.get("articulation_point") else "")
    if key == "role":
        # the analysis words it in both languages; a view that carries the English uses it
        return (d.get("bridge") or {}).get("why_en") or None
    if key == "targets" and d.get("target_groups"):
        return sep.join(str(x).replace("_", " ") for x in d["target_groups"])
    if key == "change":
        return change_text(d, lang, needs)
    if key == "verified" and d.get("category") in FRESH_CATEGORIES:
        return verified_text(d.get("verified_on"), as_of, lang)
    return None


def tooltip_lines(
    lines: list[tuple[str, str]],
    lang: str,
    d: Mapping[str, Any],
    kind: str = "",
    needs: Mapping[str, str] | None = None,
    as_of: dt.date | None = None,
) -> list[tuple[str, str]]:
    """Tooltip lines (:mod:`netmap.viz.describe`, Japanese) in the map's language: in
    English the field names and the values made of vocabulary, numbers and fixed texts
    (names in the data as they are; ``as_of``: the map's reference date)."""
    if lang == "ja":
        return lines
    out: list[tuple[str, str]] = []
    for field, value in lines:
        key = _FIELD_KEY.get(field)
        made = _made_en(key, d, kind, needs or {}, as_of)
        out.append((_FIELD_EN.get(field, field), _value_en(key, value) if made is None else made))
    return out
