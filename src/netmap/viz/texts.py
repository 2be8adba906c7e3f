"""The words netmap's own pictures use, in Japanese and English: one table.

:data:`TEXTS` maps a key to its (Japanese, English) text with ``str.format`` fields; the
static diagrams (:mod:`netmap.viz.static`) and the interactive map
(:mod:`netmap.viz.interactive`, which passes its page script the keys it needs as JSON:
:data:`MAP_SCRIPT_KEYS`) read it through :func:`t`. Names in the data (areas,
organisations, networks, activities) are never translated; vocabulary labels (kinds,
levels, needs) come from :mod:`netmap.model.vocab` and :mod:`netmap.viz.styles`.

>>> t("gaps_tag", "ja", n=3), t("gaps_tag", "en", n=3)
('空白 3', '3 gaps')
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "FIELD_PREFIX",
    "MAP_SCRIPT_KEYS",
    "MAP_TEMPLATE_KEYS",
    "PLURAL_EN",
    "TEXTS",
    "VALUE_PREFIX",
    "script_strings",
    "t",
]

TEXTS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------- diagrams (and the map)
    "title": ("{area} 支援ネットワーク図", "{area}: support network diagram"),
    "as_of": ("データ基準日 {d}", "Data as of {d}"),
    "created": ("作成日 {d}", "Made {d}"),
    "source": ("出典: {s}", "Source: {s}"),
    "made_with": ("netmap で作成", "made with netmap"),
    # the latest verification of the shown records (each record's own: 情報の新しさ)
    "verified": ("最新の確認 {d}", "latest verification {d}"),
    "omitted": (
        "混み合う部分は名前を省略（{n}件。一覧は地区シート・表を参照）",
        "{n} labels omitted where crowded (see the sheet/tables)",
    ),
    "layers_head": ("表示情報", "Highlights"),
    "gap_count": ("空白の数", "gaps"),
    "size_head": ("大きさ", "Size"),
    "size_note": (
        "団体の印の大きさ＝橋渡しスコア",
        "organisation size = bridge score",
    ),
    "city_size_note": (
        "地区の印の大きさ＝団体・機関の数",
        "district size = number of organisations",
    ),
    "gap_tag": ("空白：{x}", "gap: {x}"),
    "gaps_tag": ("空白 {n}", "{n} gaps"),
    "isolated_tag": ("孤立のおそれ", "at risk of isolation"),
    "counts": ("{label} {n}", "{n} {label}"),
    "nothing": ("表示するものがありません", "nothing to show"),
    "wide.ward": ("区全体", "ward-wide"),
    "wide.city": ("市全体", "city-wide"),
    "wide_note": (
        "区全体・市全体＝区・市全体の団体",
        "ward-/city-wide: serves the whole ward/city",
    ),
    "orgs_outside": ("（ほか{what} {n}）", " (+{n} {what})"),
    # ------------------------------------------------------------- interactive map
    "map_title": ("{area} 支援ネットワークマップ", "{area}: support network map"),
    "map_title_plain": ("支援ネットワークマップ", "Support network map"),
    "map_as_of": ("基準日 {d}", "As of {d}"),
    "map_created": ("作成 {d}", "Made {d}"),
    "meta_sep": (" ・ ", " · "),
    "map_size_note": (
        "団体の印の大きさ＝橋渡しスコア（ネットワークをつなぐ度合い）",
        "organisation size = bridge score (how much it links networks)",
    ),
    "ward_maps": ("区ごとの地図", "Ward maps"),
    "back_to_city": ("市全体の地図へ戻る", "Back to the city map"),
    "hint_drill": (
        "区の印をダブルクリックすると、その区の地図を開きます。",
        " Double-click a ward to open its map.",
    ),
    "layer.gap": ("空白（対応する資源がないニーズ）", "Gaps (needs without a resource)"),
    "layer.isolated": ("孤立のおそれがある地区", "Areas at risk of isolation"),
    "layer.bridge": ("橋渡し役の団体・つながりの提案", "Bridging organisations, suggested links"),
    "layer.flow": ("紹介（つなぎ）の流れ", "Referral flows"),
    "layer_n.gap": ("（{n}地区）", " ({n} areas)"),
    "layer_n.isolated": ("（{n}地区）", " ({n} areas)"),
    "layer_n.bridge": ("（{n}団体）", " ({n} organisations)"),
    "layer_n.flow": ("（{n}本）", " ({n} links)"),
    "layer_none": ("（該当なし）", " (none)"),
    # the change layer (``netmap map --compare-to`` / ``--scenario``)
    "layer.change": ("変化", "Changes"),
    "layer_n.change": ("（{n}件）", " ({n})"),
    "change_title": (
        "{a} → {b} の変化（公表用集計の基準日）",
        "changes {a} → {b} (release reference dates)",
    ),
    "scenario_title": ("計画案 {name}（{d}）", "plan {name} ({d})"),
    "change_title_sep": ("　", " — "),
    "change.added": ("新規", "new"),
    "change.ended": ("終了", "ended"),
    "change.planned": ("計画案", "planned"),
    "change.since": ("{state}（{d} から）", "{state} (from {d})"),
    "change.until": ("{state}（{d} まで）", "{state} (until {d})"),
    "change.gap_closed": ("空白が解消：{x}", "gap closed: {x}"),
    "change.gap_opened": ("新たな空白：{x}", "new gap: {x}"),
    "change.no_longer_isolated": ("孤立が解消", "no longer at risk of isolation"),
    "change.newly_isolated": ("新たに孤立のおそれ", "newly at risk of isolation"),
    "change.plan_closes_gap": ("計画で空白が解消：{x}", "the plan closes the gap: {x}"),
    "change.plan_ends_isolation": ("計画で孤立が解消", "the plan ends the risk of isolation"),
    "change.left_map": ("この地図から外れた", "no longer on this map"),
    "change.bridge_entered": ("橋渡し役の上位{n}に入った", "entered the top {n} bridges"),
    "change.bridge_left": ("橋渡し役の上位{n}から外れた", "left the top {n} bridges"),
    # the freshness layer (情報の新しさ): bands from netmap.service.freshness
    "layer.fresh": ("情報の新しさ（最終確認）", "Freshness (last verified)"),
    "layer_n.fresh": ("（1年より前・未確認 {n}件）", " ({n} not verified within a year)"),
    "fresh_note": (
        "団体・活動の右上の印：最終確認からの経過が長いほど塗りが多い（基準日 {d} 時点）",
        "badge at an organisation's or activity's upper right: the longer since it was "
        "last verified, the more it is filled (as of {d})",
    ),
    "fresh.recent": ("1年以内", "within a year"),
    "fresh.aging": ("1〜2年前", "1-2 years ago"),
    "fresh.old": ("2年より前", "over 2 years ago"),
    "fresh.value": ("{d}（{band}）", "{d} ({band})"),
    "filter.area": ("区・地区", "Ward / district"),
    "filter.need": ("ニーズ", "Need"),
    "filter.network": ("ネットワーク", "Network"),
    "filter.kind": ("種類", "Kind"),
    "filter_all": ("すべて", "All"),
    "kind_of.Organisation": ("団体", "Organisation"),
    "kind_of.Activity": ("活動", "Activity"),
    "kind_of.Network": ("ネットワーク", "Network"),
    # the page template (assets/map.html): its Japanese, as written there
    "tpl.search": ("名前で探す", "Find by name"),
    "tpl.placeholder": ("団体・活動・地区の名前", "Name of an organisation, activity or area"),
    "tpl.layers": ("表示する情報", "Show on the map"),
    "tpl.filters": ("絞り込み", "Filter"),
    "tpl.reset": ("絞り込みを解除", "Clear filters"),
    "tpl.legend": ("凡例", "Legend"),
    "tpl.help": ("使い方", "How to use"),
    "tpl.hint": (
        "マウスのホイールで拡大・縮小、背景をドラッグで移動。印にマウスを重ねると説明、"
        "クリックで詳細を固定表示します。",
        "Zoom with the mouse wheel, drag the background to move. Hover over a symbol for "
        "a description; click it to keep the details open.",
    ),
    "tpl.zoom_in": ("拡大", "Zoom in"),
    "tpl.zoom_out": ("縮小", "Zoom out"),
    "tpl.fit_title": ("全体を表示", "Show the whole map"),
    "tpl.fit": ("全体", "Fit"),
    # what the page script writes (passed to it as JSON: MAP_SCRIPT_KEYS)
    "visible": ("表示中: {n} / {total}", "Shown: {n} / {total}"),
    "close": ("閉じる", "Close"),
    "open_map": ("▶ {name}の地図を開く", "▶ Open the map of {name}"),
    "not_found": ("見つかりません", "Nothing found"),
    # tooltip and card field names (what netmap.viz.describe writes, in Japanese)
    "field.kind": ("種類", "Kind"),
    "field.area": ("地域", "Area"),
    "field.figures": ("数", "Numbers"),
    "field.residents": ("ニーズが把握された住民", "Residents with recorded needs"),
    "field.gaps": ("対応する資源がないニーズ（空白）", "Needs without a resource (gaps)"),
    "field.under": ("資源が足りないニーズ", "Needs short of resources"),
    "field.candidates": ("活用できそうな活動", "Activities that could help"),
    "field.gap_pairs": ("空白（ニーズと資源の組）", "Gaps (need and area pairs)"),
    "field.isolated_districts": ("孤立のおそれがある地区", "Areas at risk of isolation"),
    "field.isolation": ("孤立のおそれ", "Risk of isolation"),
    "field.unlinked": ("どこにもつながっていない住民", "Residents linked to nothing"),
    "field.bridge_org": ("橋渡し役の団体", "Bridging organisation"),
    "field.networks": ("参加ネットワーク", "Networks"),
    "field.runs": ("運営する活動", "Runs"),
    "field.needs": ("対応するニーズ", "Needs addressed"),
    "field.bridge": ("橋渡し", "Bridging"),
    "field.role": ("つなぐ役割", "Linking role"),
    "field.measures": ("指標", "Measures"),
    "field.run_by": ("運営", "Run by"),
    "field.targets": ("対象", "For"),
    "field.capacity": ("定員", "Capacity"),
    "field.participants": ("参加者（登録）", "Participants (registered)"),
    "field.members": ("参加団体", "Members"),
    "field.source": ("情報源", "Source"),
    "field.verified": ("最終確認", "Last verified"),
    "field.referral": ("紹介（つなぎ）", "Referrals"),
    "field.proposal": ("提案", "Suggestion"),
    "field.bridge_candidates": ("橋渡し候補", "Possible bridges"),
    "field.network": ("ネットワーク", "Network"),
    "field.partnership": ("協力関係", "Partnership"),
    "field.tie": ("地域をまたぐ協力関係", "Partnerships across areas"),
    "field.change": ("変化", "Change"),
    # fixed values of those fields
    "value.none": ("なし", "none"),
    "value.referred": ("期間内に紹介あり", "referrals in the period"),
    "value.no_shared": (
        "共通の参加団体もつながりもない2つのネットワーク",
        "two networks with no shared member and no tie",
    ),
    "value.chair": ("代表", "chair"),
    "value.secretariat": ("事務局", "secretariat"),
    "value.member": ("参加", "member"),
    "value.partner": ("提携", "partnership"),
    "value.outside": ("（区域外・広域で活動）", " (based outside the area, works across it)"),
    # values made from a record's fields (as netmap.viz.describe writes them in Japanese)
    "tip.gap": ("{need}（ニーズ {n}）", "{need} ({n} with the need)"),
    "tip.under": (
        "{need}（ニーズ {n}・資源 {supply}）",
        "{need} ({n} with the need, {supply} resources)",
    ),
    "tip.measures": (
        "橋渡しスコア {score}・媒介中心性 {betweenness}",
        "bridge score {score}, betweenness {betweenness}",
    ),
    "tip.cut": ("・抜けるとネットワークが分断", "; the network splits without it"),
    "list_sep": ("、", ", "),
}

#: Keys of the tooltip field names and of their fixed values (Japanese text → English).
FIELD_PREFIX = "field."
VALUE_PREFIX = "value."

#: The keys the map's page template holds in Japanese (``tpl.*``).
MAP_TEMPLATE_KEYS: tuple[str, ...] = tuple(k for k in TEXTS if k.startswith("tpl."))

#: The texts the map's script writes itself (handed to it as JSON).
MAP_SCRIPT_KEYS: tuple[str, ...] = (
    "gap_tag",
    "gaps_tag",
    "isolated_tag",
    "visible",
    "close",
    "open_map",
    "not_found",
    "field.kind",
)

#: Categories as English counts read ("3 organisations").
PLURAL_EN: dict[str, str] = {
    "Area": "areas",
    "Organisation": "organisations",
    "Activity": "activities",
    "Network": "networks",
}


def t(key: str, lang: str, **kw: Any) -> str:
    """The text of ``key`` in ``lang`` (``ja``, or English for anything else), formatted."""
    ja, en = TEXTS[key]
    return (ja if lang == "ja" else en).format(**kw)


def script_strings(lang: str) -> dict[str, str]:
    """The texts of :data:`MAP_SCRIPT_KEYS` in ``lang``, unformatted (the script fills in
    ``{n}``, ``{x}``, ``{name}``, ``{total}``)."""
    return {k: TEXTS[k][0 if lang == "ja" else 1] for k in MAP_SCRIPT_KEYS}
