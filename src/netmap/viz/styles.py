"""Visual encoding shared by every renderer (interactive map, static diagrams, GEXF).

Renderer-independent: colours are ``#rrggbb`` strings, shapes are vis-network shape names
(``dot``, ``square``, ``diamond``, ``hexagon``, ``triangle``, ``triangleDown``, ``star``,
``box``) with a matplotlib marker given for each in :data:`MPL_MARKERS`.

Kinds are coloured from the Okabe–Ito palette only (:data:`OKABE_ITO`, safe for the common
colour-vision deficiencies). Nineteen organisation kinds cannot each get a distinguishable
colour, so a kind is encoded by a *family colour* (public sector, welfare hubs, children and
education, care and disability, civil society, business and other) plus a *shape* within
the family, and no two kinds share a (colour, shape) pair; node categories keep apart by
shape (organisations: circle/square/diamond/hexagon; activities: triangles; networks:
stars; areas: grey boxes). Labels come from :mod:`netmap.model.vocab` (never duplicated
here). This module is the one home of these styles: the interactive map, the static
diagrams and the GEXF export all read them from here.

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
from netmap.service.freshness import BANDS

__all__ = [
    "AREA_DOT",
    "CATEGORY_JA",
    "CHANGE_STATES",
    "CHANGE_STYLE",
    "EDGE_STYLE",
    "FINE_AREA_DOT",
    "FRESHNESS_STYLE",
    "GAP_SCALE",
    "GAP_SCALE_LABELS",
    "ISOLATED_FILL",
    "ISOLATED_HALO_ALPHA",
    "LAYER_STYLE",
    "MPL_MARKERS",
    "OKABE_ITO",
    "PALETTE",
    "REFERRAL_EDGE_WIDTH",
    "ChangeStyle",
    "FreshnessStyle",
    "LegendEntry",
    "NodeStyle",
    "category_label",
    "colour_name",
    "gap_fill",
    "hex_rgb",
    "kind_display",
    "legend_entries",
    "node_size",
    "node_style",
    "shape_name",
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

#: The eight Okabe–Ito colours: every organisation, activity and network kind is one of them.
OKABE_ITO: tuple[str, ...] = tuple(
    PALETTE[k]
    for k in (
        "orange",
        "sky_blue",
        "bluish_green",
        "yellow",
        "blue",
        "vermillion",
        "reddish_purple",
        "black",
    )
)

#: Fill of an area with 1, 2, 3–4, 5+ needs without a resource (ColorBrewer "Oranges", one
#: hue: safe for colour-vision deficiencies and in greyscale).
GAP_SCALE: tuple[str, str, str, str] = ("#FEE6CE", "#FDD0A2", "#FDAE6B", "#F16913")
#: How a legend names the four steps of :data:`GAP_SCALE`.
GAP_SCALE_LABELS: tuple[str, str, str, str] = ("1", "2", "3–4", "5+")
#: Fill of an area at risk of isolation (a pale reddish purple, the isolated layer's colour).
ISOLATED_FILL = "#EBCFE0"
#: Opacity of the isolated layer's colour over the territory of an area at risk of isolation.
ISOLATED_HALO_ALPHA = 0.13


def gap_fill(n: int) -> str:
    """Fill of an area with ``n`` needs without a resource (:data:`GAP_SCALE`; the map's
    script picks the same step).

    >>> gap_fill(1), gap_fill(4) == GAP_SCALE[2]
    ('#FEE6CE', True)
    """
    return GAP_SCALE[3] if n >= 5 else GAP_SCALE[2] if n >= 3 else GAP_SCALE[1 if n == 2 else 0]


def hex_rgb(color: str) -> tuple[int, int, int]:
    """``#rrggbb`` → (r, g, b) in 0–255.

    >>> hex_rgb("#CC79A7")
    (204, 121, 167)
    """
    h = color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


_COLOUR_NAMES: dict[str, tuple[str, str]] = {
    PALETTE["orange"]: ("橙", "orange"),
    PALETTE["sky_blue"]: ("水色", "sky blue"),
    PALETTE["bluish_green"]: ("青緑", "bluish green"),
    PALETTE["yellow"]: ("黄", "yellow"),
    PALETTE["blue"]: ("青", "blue"),
    PALETTE["vermillion"]: ("朱", "vermillion"),
    PALETTE["reddish_purple"]: ("赤紫", "reddish purple"),
    PALETTE["black"]: ("黒", "black"),
}
_SHAPE_NAMES: dict[str, tuple[str, str]] = {
    "dot": ("丸", "circle"),
    "square": ("四角", "square"),
    "diamond": ("ひし形", "diamond"),
    "hexagon": ("六角形", "hexagon"),
    "triangle": ("三角", "triangle"),
    "triangleDown": ("逆三角", "inverted triangle"),
    "star": ("星", "star"),
    "box": ("枠", "box"),
}


def colour_name(color: str, lang: str = "ja") -> str:
    """The name of a palette colour as the planner guide writes it (the code otherwise).

    >>> colour_name("#E69F00"), colour_name("#E69F00", "en")
    ('橙', 'orange')
    """
    ja_en = _COLOUR_NAMES.get(color.upper())
    return color if ja_en is None else ja_en[0] if lang == "ja" else ja_en[1]


def shape_name(shape: str, lang: str = "ja") -> str:
    """The name of a shape as the planner guide writes it.

    >>> shape_name("diamond"), shape_name("triangleDown", "en")
    ('ひし形', 'inverted triangle')
    """
    ja_en = _SHAPE_NAMES.get(shape)
    return shape if ja_en is None else ja_en[0] if lang == "ja" else ja_en[1]


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

#: Organisation kind → (colour, shape): a family colour and a shape within the family.
#: Every kind has its own (colour, shape) pair (tested over the whole vocabulary), and the
#: kinds planners mix up most differ in both: 地域ケアプラザ (orange circle) and
#: 生活支援センター (purple square); 地域包括支援センター (orange diamond) and
#: 地域子育て支援拠点 (sky-blue hexagon).
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
    # children and education: sky blue
    "school": (_P["sky_blue"], "square"),
    "nursery": (_P["sky_blue"], "dot"),
    "childcare_support_base": (_P["sky_blue"], "hexagon"),
    # care, health and disability: reddish purple
    "care_facility": (_P["reddish_purple"], "dot"),
    "medical": (_P["reddish_purple"], "diamond"),
    "life_support_center": (_P["reddish_purple"], "square"),
    # civil society: bluish green
    "npo": (_P["bluish_green"], "dot"),
    "volunteer_group": (_P["bluish_green"], "hexagon"),
    "neighbourhood_association": (_P["bluish_green"], "square"),
    "welfare_commissioner": (_P["bluish_green"], "diamond"),
    # business and other: yellow
    "company": (_P["yellow"], "square"),
    "other": (_P["yellow"], "dot"),
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
    "other": (_P["yellow"], "triangle"),
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
#: Areas drawn as dots instead of boxes: the districts on the city map (sized by how many
#: organisations work there) and the finer areas (町内) inside a district.
AREA_DOT = NodeStyle("#F4F4F4", "dot", "#777777")
FINE_AREA_DOT = NodeStyle("#EEEEEE", "dot", "#999999")
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

#: Colour and opacity of the plain ties (not a layer) on the map, the diagram and the
#: Gephi/yEd exports: network membership, an organisation running an activity,
#: partnership, a tie between areas. Referral flows and missing bridges take their layer's
#: colour (:data:`LAYER_STYLE`).
EDGE_STYLE: dict[str, tuple[str, float]] = {
    "member_of": ("#7f93a8", 0.45),
    "runs": ("#9a9a9a", 0.7),
    "partners_with": ("#444444", 0.7),
    "tie": ("#8c8c8c", 0.55),
}


@dataclass(frozen=True)
class ChangeStyle:
    """How the change layer (a map with ``--compare-to`` or ``--scenario``) draws a record
    or tie that was added, ended or is planned: never by colour alone (a border pattern,
    a faded symbol and a tag under the name tell them apart too)."""

    color: str
    width: float  # node border and edge width
    pattern: str = "solid"  # border and edge: solid | dashed | dotted
    opacity: float = 1.0  # the symbol's opacity (ended records are faded)

    @property
    def dashes(self) -> list[int] | bool:
        """The pattern as vis-network's ``dashes``/``borderDashes``."""
        return {"dashed": [6, 4], "dotted": [2, 3]}.get(self.pattern, False)


#: The change layer's states: added since the earlier date (a solid thick bluish-green
#: border), ended since then (faded, dashed grey border), planned (a dotted thick blue
#: border). Ties are drawn the same way (solid / dashed and faded / dotted).
CHANGE_STYLE: dict[str, ChangeStyle] = {
    "added": ChangeStyle(_P["bluish_green"], 4.0),
    "ended": ChangeStyle("#555555", 2.5, "dashed", 0.4),
    "planned": ChangeStyle(_P["blue"], 4.0, "dotted"),
}
CHANGE_STATES: tuple[str, ...] = tuple(CHANGE_STYLE)


@dataclass(frozen=True)
class FreshnessStyle:
    """How the 情報の新しさ (freshness) layer marks an organisation or an activity: a small
    round badge at the symbol's upper right (beside the symbol, never around it, so it
    cannot be read as the change layer's rings; never on an area, so not as the gap or
    isolation layers'), filled as a clock is: the longer ago the last verification, the
    more of it is filled. So the bands differ by fill and mark, not by colour alone (and
    in greyscale)."""

    color: str  # the badge's outline and filled part
    fill: float  # how much of the badge is filled: 0 (a ring), 0.5, 1
    mark: str = ""  # a glyph on the badge (white): "?" for never verified


#: The freshness layer's bands (:func:`netmap.service.freshness.freshness_band`, the one
#: definition): verified within a year (an empty sky-blue badge), one to two years ago
#: (half orange), longer ago (full vermillion), never (black with a white "?"). No colour
#: of the change layer's rings.
FRESHNESS_STYLE: dict[str, FreshnessStyle] = {
    "recent": FreshnessStyle(_P["sky_blue"], 0.0),
    "aging": FreshnessStyle(_P["orange"], 0.5),
    "old": FreshnessStyle(_P["vermillion"], 1.0),
    "never": FreshnessStyle("#222222", 1.0, "?"),
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
        return NodeStyle(color, shape)
    if category == "Activity":
        color, shape = _ACTIVITY_STYLE.get(k, _ACTIVITY_STYLE["other"])
        return NodeStyle(color, shape)
    if category == "Network":
        return NodeStyle(_NETWORK_STYLE.get(k, _P["yellow"]), "star")
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
    dotted: bool = False
    opacity: float = 1.0


_LAYER_LABELS: dict[str, tuple[str, str]] = {
    "gap": ("ニーズに対応する資源がない地区（空白）", "area with an unmet need (gap)"),
    "isolated": ("孤立のおそれがある地区", "area at risk of isolation"),
    "bridge": ("橋渡し役の団体（上位）", "top bridging organisation"),
    "missing_bridge": ("つながると良いネットワーク（提案）", "suggested link between networks"),
    "flow": ("つなぎ（紹介）の流れ：期間内に紹介あり", "referrals made in the period"),
    "tie": ("つながり（参加・協力）", "tie (membership, partnership)"),
    "added": (
        "新規：前の日付より後にできた団体・活動・ネットワーク・つながり",
        "new since the earlier date (organisation, activity, network, tie)",
    ),
    "ended": (
        "終了：前の日付にはあった（薄く・破線で表示）",
        "ended since the earlier date (faded, dashed)",
    ),
    "planned": (
        "計画案：計画にある団体・活動・つながり（まだ無い）",
        "planned (in the plan, not yet real)",
    ),
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
    ``flow``, ``tie``, the change layer's states :data:`CHANGE_STATES`, and ``fresh``: the
    freshness layer's four bands, category ``fresh``, shape ``badge``). With
    ``kinds_present=None`` every vocabulary kind is listed."""
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
        if layer == "fresh":
            for band, fs in FRESHNESS_STYLE.items():
                label = BANDS[band][0 if lang == "ja" else 1]
                out.append(LegendEntry("fresh", band, label, fs.color, "badge", fs.color))
            continue
        ja, en = _LAYER_LABELS[layer]
        if layer in CHANGE_STYLE:
            cs = CHANGE_STYLE[layer]
            out.append(
                LegendEntry(
                    "layer",
                    layer,
                    ja if lang == "ja" else en,
                    cs.color,
                    "ring",
                    cs.color,
                    dashes=cs.pattern == "dashed",
                    dotted=cs.pattern == "dotted",
                    opacity=cs.opacity,
                )
            )
            continue
        ls = LAYER_STYLE[layer]
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
