"""Visual encoding shared by every renderer (interactive map, static diagrams, GEXF).

Renderer-independent: colours are ``#rrggbb`` strings, shapes are vis-network shape names
(``dot``, ``square``, ``diamond``, ``hexagon``, ``triangle``, ``triangleDown``, ``star``,
``box``) with a matplotlib marker given for each in :data:`MPL_MARKERS`.

The palette is Okabe–Ito (safe for the common colour-vision deficiencies). Nineteen
organisation kinds cannot each get a distinguishable colour, so a kind is encoded by a
*family colour* (public sector, welfare hubs, education, care and medical, civil society,
business, other) plus a *shape* within the family; node categories keep apart by shape
(organisations: round/square/diamond/hexagon; activities: triangles; networks: stars;
areas: boxes). Labels come from :mod:`netmap.model.vocab` (never duplicated here).

>>> node_style("Organisation", "community_care_plaza").shape
'dot'
>>> legend_entries({"Organisation": {"npo"}})[0].label
'NPO法人'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from netmap.model.vocab import (
    ACTIVITY_KINDS,
    LEVEL_JA,
    NETWORK_KIND_JA,
    ORGANISATION_KINDS,
    kind_label,
)

__all__ = [
    "CATEGORY_JA",
    "LAYER_STYLE",
    "MPL_MARKERS",
    "PALETTE",
    "REFERRAL_EDGE_WIDTH",
    "LegendEntry",
    "NodeStyle",
    "category_label",
    "kind_display",
    "legend_entries",
    "node_size",
    "node_style",
]

#: Okabe–Ito colours (plus a neutral grey and a dark text colour).
PALETTE: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
    "light_grey": "#DDDDDD",
    "text": "#222222",
}

#: Node categories (the labels of the view graph) in Japanese and English.
CATEGORY_JA: dict[str, str] = {
    "Area": "地域",
    "Organisation": "団体・機関",
    "Network": "ネットワーク",
    "Activity": "活動",
}
_CATEGORY_EN: dict[str, str] = {
    "Area": "Area",
    "Organisation": "Organisation",
    "Network": "Network",
    "Activity": "Activity",
}

#: vis-network shape → matplotlib marker, for static renderers.
MPL_MARKERS: dict[str, str] = {
    "dot": "o",
    "square": "s",
    "diamond": "D",
    "hexagon": "h",
    "triangle": "^",
    "triangleDown": "v",
    "star": "*",
    "box": "s",
}


@dataclass(frozen=True)
class NodeStyle:
    """Fill colour, border colour and shape of a node."""

    color: str
    shape: str
    border: str = "#333333"


_P = PALETTE

#: Organisation kind → (colour, shape). Families share a colour.
_ORG_STYLE: dict[str, tuple[str, str]] = {
    # public sector: blue
    "welfare_office": (_P["blue"], "square"),
    "employment_office": (_P["blue"], "diamond"),
    "public_facility": (_P["blue"], "hexagon"),
    # welfare hubs: orange
    "social_welfare_council": (_P["orange"], "square"),
    "community_care_plaza": (_P["orange"], "dot"),
    "community_support_center": (_P["orange"], "diamond"),
    "community_activity_home": (_P["orange"], "hexagon"),
    "life_support_center": (_P["orange"], "dot"),
    "childcare_support_base": (_P["orange"], "diamond"),
    # education: sky blue
    "school": (_P["sky_blue"], "square"),
    "nursery": (_P["sky_blue"], "dot"),
    # care and medical: reddish purple
    "care_facility": (_P["reddish_purple"], "dot"),
    "medical": (_P["reddish_purple"], "diamond"),
    # civil society: bluish green
    "npo": (_P["bluish_green"], "dot"),
    "volunteer_group": (_P["bluish_green"], "hexagon"),
    "neighbourhood_association": (_P["bluish_green"], "square"),
    "welfare_commissioner": (_P["bluish_green"], "diamond"),
    # business: yellow
    "company": (_P["yellow"], "square"),
    "other": (_P["grey"], "dot"),
}
# two kinds that share colour and shape in a family get a different border to stay apart
_ORG_BORDER: dict[str, str] = {
    "life_support_center": "#7A4F00",
    "childcare_support_base": "#7A4F00",
}

#: Activity kind → (colour, shape): triangles, up or down.
_ACTIVITY_STYLE: dict[str, tuple[str, str]] = {
    "salon": (_P["orange"], "triangle"),
    "place_to_be": (_P["orange"], "triangleDown"),
    "learning_support": (_P["sky_blue"], "triangle"),
    "course": (_P["sky_blue"], "triangleDown"),
    "food_support": (_P["vermillion"], "triangle"),
    "shopping_support": (_P["vermillion"], "triangleDown"),
    "watching": (_P["reddish_purple"], "triangle"),
    "outreach": (_P["reddish_purple"], "triangleDown"),
    "employment_training": (_P["blue"], "triangle"),
    "social_participation": (_P["blue"], "triangleDown"),
    "event": (_P["bluish_green"], "triangle"),
    "other": (_P["grey"], "triangle"),
}

#: Network kind → colour (all stars).
_NETWORK_STYLE: dict[str, str] = {
    "field": _P["blue"],
    "area": _P["bluish_green"],
    "theme": _P["reddish_purple"],
}
_NETWORK_EN: dict[str, str] = {
    "field": "field network",
    "area": "area network",
    "theme": "theme network",
}

#: Area level → fill colour (boxes, label inside).
_AREA_STYLE: dict[str, str] = {
    "city": "#F2F2F2",
    "ward": "#E3E3E3",
    "district": "#F4F4F4",
    "neighbourhood": "#FAFAFA",
}
_LEVEL_EN: dict[str, str] = {
    "city": "city",
    "ward": "ward",
    "district": "district",
    "neighbourhood": "neighbourhood",
}

#: Styles of the layers a planner toggles (colours keep apart from node fills by width/dash).
LAYER_STYLE: dict[str, dict[str, str | int | bool]] = {
    "gap": {"color": _P["vermillion"], "width": 5},
    "isolated": {"color": _P["reddish_purple"], "width": 5, "dashes": True},
    "bridge": {"color": _P["black"], "width": 4},
    "missing_bridge": {"color": _P["vermillion"], "width": 3, "dashes": True},
    "flow": {"color": _P["blue"], "width": 1},
    "tie": {"color": "#B0B0B0", "width": 1},
}

#: Base node sizes per category (vis-network ``size``: the radius in pixels).
_BASE_SIZE: dict[str, float] = {
    "Area": 22.0,
    "Organisation": 11.0,
    "Network": 20.0,
    "Activity": 8.0,
}


def node_style(category: str, kind: str | None) -> NodeStyle:
    """Colour and shape of a node of a category (``Area``, ``Organisation``, ``Network``,
    ``Activity``) and kind (organisation/activity/network kind, or area level).
    An unknown kind gets the category's ``other`` style."""
    k = kind or "other"
    if category == "Organisation":
        color, shape = _ORG_STYLE.get(k, _ORG_STYLE["other"])
        return NodeStyle(color, shape, _ORG_BORDER.get(k, "#333333"))
    if category == "Activity":
        color, shape = _ACTIVITY_STYLE.get(k, _ACTIVITY_STYLE["other"])
        return NodeStyle(color, shape)
    if category == "Network":
        return NodeStyle(_NETWORK_STYLE.get(k, _P["grey"]), "star")
    if category == "Area":
        return NodeStyle(_AREA_STYLE.get(k, _AREA_STYLE["district"]), "box", "#666666")
    return NodeStyle(_P["grey"], "dot")


def kind_display(category: str, kind: str | None, lang: str = "ja") -> str:
    """The label of a kind as a planner reads it (from the vocabulary)."""
    if kind is None:
        return ""
    if category == "Network":
        if lang == "ja":
            return NETWORK_KIND_JA.get(kind, kind) + "ネットワーク"
        return _NETWORK_EN.get(kind, kind)
    if category == "Area":
        return LEVEL_JA.get(kind, kind) if lang == "ja" else _LEVEL_EN.get(kind, kind)
    return kind_label(kind, lang)


def category_label(category: str, lang: str = "ja") -> str:
    return (CATEGORY_JA if lang == "ja" else _CATEGORY_EN).get(category, category)


def node_size(
    category: str, bridge_score: float | None = None, max_score: float | None = None
) -> float:
    """Radius in pixels: a category base size, organisations grown by their bridge score
    relative to the highest score in the view (up to 2.6x).

    >>> node_size("Organisation"), node_size("Organisation", 0.5, 1.0)
    (11.0, 19.8)
    """
    base = _BASE_SIZE.get(category, 10.0)
    if category != "Organisation" or not bridge_score or not max_score or max_score <= 0:
        return base
    rel = max(0.0, min(1.0, bridge_score / max_score))
    return round(base * (1.0 + 1.6 * rel), 2)


#: Width of a referral link: the same for every link (a link shows that referrals ran in
#: the release's period, never how many).
REFERRAL_EDGE_WIDTH = 1.8


@dataclass(frozen=True)
class LegendEntry:
    """One line of a legend: what a symbol means."""

    category: str  # Area | Organisation | Network | Activity | layer
    kind: str
    label: str
    color: str
    shape: str
    border: str = "#333333"
    dashes: bool = False


_LAYER_LABELS: dict[str, tuple[str, str]] = {
    "gap": ("ニーズに対応する資源がない地区（空白）", "area with an unmet need (gap)"),
    "isolated": ("孤立のおそれがある地区", "area at risk of isolation"),
    "bridge": ("橋渡し役の団体（上位）", "top bridging organisation"),
    "missing_bridge": ("つながると良いネットワーク（提案）", "suggested link between networks"),
    "flow": ("つなぎ（紹介）の流れ：期間内に紹介あり", "referrals made in the period"),
    "tie": ("つながり（参加・協力）", "tie (membership, partnership)"),
}


def legend_entries(
    kinds_present: Mapping[str, Iterable[str | None]] | None = None,
    *,
    lang: str = "ja",
    layers: Iterable[str] = (),
) -> list[LegendEntry]:
    """Legend lines for the kinds present in a view (category → kinds), in a fixed order:
    areas, networks, organisations, activities (vocabulary order, unknown kinds last),
    then the requested layers (``gap``, ``isolated``, ``bridge``, ``missing_bridge``,
    ``flow``, ``tie``). With ``kinds_present=None`` every vocabulary kind is listed."""
    vocab_order: dict[str, list[str]] = {
        "Area": list(LEVEL_JA),
        "Network": list(NETWORK_KIND_JA),
        "Organisation": list(ORGANISATION_KINDS),
        "Activity": list(ACTIVITY_KINDS),
    }
    out: list[LegendEntry] = []
    for category in ("Area", "Network", "Organisation", "Activity"):
        if kinds_present is None:
            kinds = vocab_order[category]
        else:
            present = {k or "other" for k in kinds_present.get(category, ())}
            known = [k for k in vocab_order[category] if k in present]
            kinds = known + sorted(present - set(known))
        for kind in kinds:
            st = node_style(category, kind)
            out.append(
                LegendEntry(
                    category,
                    kind,
                    kind_display(category, kind, lang),
                    st.color,
                    st.shape,
                    st.border,
                )
            )
    for layer in layers:
        ls = LAYER_STYLE[layer]
        ja, en = _LAYER_LABELS[layer]
        out.append(
            LegendEntry(
                "layer",
                layer,
                ja if lang == "ja" else en,
                str(ls["color"]),
                "line" if layer in ("missing_bridge", "flow", "tie") else "ring",
                str(ls["color"]),
                bool(ls.get("dashes", False)),
            )
        )
    return out
