"""The words netmap's own pictures use, in Japanese and English: their one home.

:data:`TEXTS` maps a key to its (Japanese, English) text with ``str.format`` fields; the
static diagrams (:mod:`netmap.viz.diagram`) and the interactive map
(:mod:`netmap.viz.interactive`, which passes its page script the keys it needs as JSON:
:data:`MAP_SCRIPT_KEYS`) read it through :func:`t`. The district sheet
(:mod:`netmap.viz.report`) reads its own words, :data:`SHEET_TEXTS`, through
:func:`sheet_t`, and explains the bridge measures with :data:`BRIDGE_MEASURES` and
:data:`BROKERAGE_ROLES`. Labels are cut to :data:`LABEL_MAX` characters by
:func:`short_label` (the map's and the diagrams'). Names in the data (areas,
organisations, networks, activities) are never translated; vocabulary labels (kinds,
levels, needs) come from :mod:`netmap.model.vocab` and :mod:`netmap.viz.styles`.

>>> t("gaps_tag", "ja", n=3), t("gaps_tag", "en", n=3)
('空白 3', '3 gaps')
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BRIDGE_MEASURES",
    "BROKERAGE_ROLES",
    "FIELD_PREFIX",
    "LABEL_MAX",
    "MAP_SCRIPT_KEYS",
    "MAP_TEMPLATE_KEYS",
    "PLURAL_EN",
    "SHEET_TEXTS",
    "TEXTS",
    "VALUE_PREFIX",
    "script_strings",
    "sheet_t",
    "short_label",
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


#: Names longer than this are cut with "…" in a map's and a diagram's labels.
LABEL_MAX = 16

# ----------------------------------------------------------------- the district sheet
#: The district sheet's own words (:mod:`netmap.viz.report`), read through :func:`sheet_t`;
#: its diagram page takes its title from :data:`TEXTS`.
SHEET_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("{area} 地区シート", "{area}: district sheet"),
    "meta": ("データ基準日 {as_of} ・ 作成日 {created}", "Data as of {as_of} · made {created}"),
    "summary": ("概要", "Summary"),
    "gaps": ("空白・不足（ニーズと資源）", "Gaps: needs and resources"),
    "gaps_none": (
        "該当なし：ニーズのある住民がいるニーズには、どれも地区内に対応する資源があります。",
        "None: every need recorded here has a local resource.",
    ),
    "gaps_groups": (
        "活用できそうな資源は、場所ごとに分けて示します。地区内＝地区内の活動を広げる（拡充・対象を"
        "広げる）／区内の他地区＝同じ区の他地区でこのニーズに対応している活動／区全体・市全体＝区や"
        "市の全体を受け持つ団体・活動（区役所、社会福祉協議会など）。「－」は該当なし。",
        "Resources that could help, by where they are: in the district (extend or widen an "
        "activity here); other districts of the ward (activities there that serve the need); "
        "ward-wide and city-wide (organisations and activities serving the whole ward or "
        'city, e.g. the ward office). "-": none.',
    ),
    "res_local": ("地区内", "In the district"),
    "res_ward_other": ("区内の他地区", "Other districts of the ward"),
    "res_ward": ("区全体", "Ward-wide"),
    "res_city": ("市全体", "City-wide"),
    "res_wide": ("区全体・市全体", "Ward- and city-wide"),
    "res_none": ("－", "-"),
    "extend_activity": ("拡充", "extend"),
    "widen_target_group": ("対象を広げる", "widen its target group"),
    "isolated": ("孤立のおそれ", "Risk of isolation"),
    "flows": ("紹介（つなぎ）の入口と出口", "Referrals: entrance and exit"),
    "flows_none": ("この期間の紹介の記録はありません。", "No referrals recorded."),
    "bridges": ("橋渡し役の団体（上位{n}）", "Bridging organisations (top {n})"),
    "bridges_intro": (
        "ネットワークどうしをつないでいる団体と、何をつないでいるかです。新しい連携や紹介先を"
        "考えるときの相談相手の候補になります。並びは橋渡しの大きい順で、数値は付録にあります。",
        "The organisations that link networks here, and what each links: people to talk to "
        "about new partnerships or referrals. Ordered by how much they bridge; the figures "
        "are in the appendix.",
    ),
    "bridges_none": ("つながりのある団体がありません。", "No organisation has ties."),
    "missing": ("つながると良いネットワーク（提案）", "Missing bridges (suggested links)"),
    "missing_none": (
        "該当なし：同じ区で活動するネットワークは、どれも参加団体かつながりを共有しています。",
        "None: networks working in the same ward all share a member or a tie.",
    ),
    "appendix": ("付録", "Appendix"),
    "measures": ("付録1 橋渡し役の指標", "Appendix 1: bridge measures"),
    "measures_intro": (
        "本文の「橋渡し役の団体」の順位を決めた数値と、その意味です。数値は団体どうしのつながり"
        "（同じネットワークへの参加・連携・紹介）の記録から計算したもので、団体の評価ではありません。",
        "The figures behind the ranking of the bridging organisations, and what they mean. "
        "They are computed from the recorded ties between organisations (shared networks, "
        "partnerships, referrals) and are not a grade.",
    ),
    "measure": ("指標", "Measure"),
    "meaning": ("意味", "What it means"),
    "sources": ("付録2 出典の一覧", "Appendix 2: sources"),
    "sources_intro": (
        "この図・表の元になった記録の出典です（件数の多い順）。各ページの下の出典欄は、長い"
        "ウェブアドレスをホスト名と「…」に縮めています。",
        "Where the shown records come from (most records first). The footers shorten long "
        'web addresses to their host and "…".',
    ),
    "sources_none": ("出典の記録がありません。", "No source is recorded."),
    "verified": (
        "記録の最新の確認日: {d}（団体ごとの最終確認は「情報の新しさ」）",
        "Latest verification of a record: {d} (each organisation's: Freshness)",
    ),
    # 情報の新しさ (freshness): every organisation's last verification
    "fresh": (
        "情報の新しさ（団体・機関の最終確認）",
        "Freshness: when each organisation was last verified",
    ),
    "fresh_stale": (
        "この一覧の団体・機関 {n} のうち {k} は、最終確認から1年より前か未確認です"
        "（うち未確認 {m}）。確認が必要な団体・活動の一覧は "
        "netmap stale --older-than 12m --area {area} で出せます。",
        "{k} of the {n} organisations listed were last verified over a year ago or never "
        "({m} never). The records that need a review: netmap stale --older-than 12m --area "
        "{area}",
    ),
    "fresh_ok": (
        "この一覧の団体・機関 {n} は、すべて基準日 {d} から1年以内に確認されています。",
        "All {n} organisations listed were verified within a year of {d}.",
    ),
    "fresh_none": ("団体・機関がありません。", "No organisation."),
    "fresh_intro": (
        "最終確認＝その団体の記録を最後に確かめた日（取り込んだ表の verified_on、"
        "本人確認の承認日）。括弧内は基準日 {d} から数えた経過。"
        "未確認の団体が先、次に確認の古い順。",
        "Last verified: the day the record was last checked (verified_on of the import, or "
        "the day a self-review was approved); in brackets, how long before {d}. Never "
        "verified first, then the oldest.",
    ),
    "h_verified": ("最終確認", "Last verified"),
    "h_source": ("情報源", "Source"),
    "cont": ("（続き）", " (continued)"),
    "orgs": ("団体・機関", "Organisations"),
    "acts": ("活動", "Activities"),
    "nets": ("ネットワーク", "Networks"),
    "residents": ("ニーズのある住民", "Residents with needs"),
    "n_gaps": ("空白（資源なし）", "Gaps (no resource)"),
    "n_under": ("資源が不足", "Under-supplied"),
    "iso": ("孤立のおそれ", "At risk of isolation"),
    "yes": ("あり", "yes"),
    "no": ("なし", "no"),
    "districts": ("{n}地区", "{n} area(s)"),
    "people": ("{x}人", "{x}"),
    "items": ("{n}件", "{n}"),
    # bridge measures: column headings (appendix table)
    "m_rank": ("順位", "Rank"),
    "m_name": ("団体・機関", "Organisation"),
    "m_score": ("橋渡しスコア", "Bridge score"),
    "m_betweenness": ("媒介中心性（市内の順位）", "Betweenness (rank in the city)"),
    "m_constraint": ("制約", "Constraint"),
    "m_brokerage": ("仲介の型（回数）", "Brokerage roles (pairs)"),
    "m_cut": ("関節点", "Cut point"),
    "rank_in_city": ("{v}（{r}位）", "{v} (#{r})"),
    "cut_yes": ("はい", "yes"),
    "cut_no": ("－", "-"),
    # 変化 (--compare-to) and 計画案 (--scenario)
    "none": ("なし", "None"),
    "change": ("変化（{a} → {b}）", "Changes ({a} to {b})"),
    "change_intro": (
        "基準日 {a} と {b}（このシートの基準日）の公表用集計を比べた、この地域の変化です。",
        "What changed here between the releases of {a} and {b} (this sheet's reference date). ",
    ),
    "change_asked": (
        "指定の {asked} には、その日以前で最新の基準日 {a} の集計で答えています。",
        "{asked} was asked for: the latest reference date on or before it is {a}. ",
    ),
    "change_counts": (
        "人数・件数は二つの公表用集計が示している値で、どちらかで秘匿の数は「{mark}」と表示します。",
        'Counts are the values the two releases show; a hidden one reads "{mark}".',
    ),
    "ch_records": ("できた資源・終わった資源", "Resources added and ended"),
    "ch_ties": ("ネットワークへの参加・団体間の連携", "Network memberships and partnerships"),
    "ch_gaps": ("空白・不足の変化", "Gaps opened and closed"),
    "ch_persisting": ("続いている空白・不足：{n}件", "Gaps persisting: {n}"),
    "ch_isolated": ("孤立のおそれの変化", "Risk of isolation"),
    "ch_flows": ("紹介（つなぎ）の件数：二つの期間", "Referrals in the two periods"),
    "added": ("新規", "added"),
    "ended": ("終了", "ended"),
    "opened": ("発生", "opened"),
    "closed": ("解消", "closed"),
    "newly_isolated": ("新たに孤立のおそれ", "newly at risk"),
    "no_longer_isolated": ("解消", "no longer at risk"),
    "organisations": ("団体・機関", "Organisation"),
    "activities": ("活動", "Activity"),
    "networks": ("ネットワーク", "Network"),
    "memberships": ("ネットワークへの参加", "Network membership"),
    "partnerships": ("団体間の連携", "Partnership"),
    "member_of": ("{a} → {b}", "{a} → {b}"),
    "partners": ("{a} と {b}", "{a} and {b}"),
    "period": ("{a}〜{b}", "{a} to {b}"),
    "h_change": ("変化", "Change"),
    "h_category": ("種類", "Record"),
    "h_name": ("名称", "Name"),
    "h_date": ("日付", "Date"),
    "h_tie": ("参加・連携", "Tie"),
    "h_area": ("地域", "Area"),
    "h_need": ("ニーズ", "Need"),
    "h_kind": ("区分（前 → 後）", "Kind (before → after)"),
    "h_demand": ("住民（人）（前 → 後）", "Residents (before → after)"),
    "h_supply": ("資源（前 → 後）", "Resources (before → after)"),
    "h_reasons": ("理由（前 → 後）", "Reasons (before → after)"),
    "h_period": ("期間", "Period"),
    "h_out": ("紹介した（入口）", "Referrals out"),
    "h_in": ("紹介を受けた（出口）", "Referrals in"),
    "h_accepted": ("受入", "Accepted"),
    "h_rate": ("受入率", "Acceptance rate"),
    "kind_none": ("なし", "none"),
    "reasons_none": ("なし", "none"),
    "plan": ("計画案：{name}", "Plan: {name}"),
    "plan_intro": (
        "計画案「{name}」を {at} 時点のネットワークに重ねた見込みです。計画案は保存していません。"
        "空白と孤立の人数・件数は基準日 {ref} の公表用集計の値で、計画によって新しく数えた数は"
        "ありません（資源が一つでもできれば空白は解消しますが、資源が足りるかどうかは示しません）。",
        'The plan "{name}" laid over the network on {at}. The plan is not stored. The counts of '
        "gaps and isolation are the release of {ref}: nothing is counted anew for the plan "
        "(a gap closes once the need has a resource; whether it is enough is not said).",
    ),
    "pl_records": ("計画している資源", "Planned resources"),
    "pl_ties": ("計画している参加・連携", "Planned memberships and partnerships"),
    "pl_gaps": ("計画で解消する空白", "Gaps the plan would close"),
    "pl_isolated": ("孤立のおそれが解消する地域", "Areas no longer at risk of isolation"),
    "pl_added": ("新設", "new"),
    "pl_ended": ("終了", "ends"),
    "h_plan": ("予定", "Plan"),
    "h_kind_of": ("区分", "Kind"),
    "h_areas": ("地域", "Area"),
    "h_residents": ("住民（人）", "Residents"),
    "h_resources": ("資源（いま）", "Resources (now)"),
    "h_reasons_now": ("理由（いま）", "Reasons (now)"),
}

#: The bridge measures the district sheet's appendix explains, in the order of its table:
#: (Japanese name, Japanese meaning, English name, English meaning).
BRIDGE_MEASURES: tuple[tuple[str, str, str, str], ...] = (
    (
        "橋渡しスコア",
        "0〜1。つないでいるネットワークの数と媒介中心性を半分ずつ合わせた点数。高いほど、"
        "ネットワークどうしをつなぐ役割が大きい。本文の順位はこの点数の順。",
        "Bridge score",
        "0 to 1: half the number of networks it links, half its betweenness. Higher: it "
        "links networks more. The ranking follows it.",
    ),
    (
        "媒介中心性",
        "0〜1。団体どうしを最も短くつなぐ道筋のうち、その団体を通るものの割合。高いほど、多くの"
        "団体のあいだの「通り道」になっている。順位は市内のすべての団体の中での順位。",
        "Betweenness",
        "0 to 1: the share of the shortest paths between other organisations that pass "
        "through it. Higher: more organisations reach each other through it. The rank is "
        "among all organisations of the city.",
    ),
    (
        "制約",
        "0〜1。つながっている相手どうしも互いにつながっている度合い。低いほど、互いに知らない"
        "相手どうしの間に立ち、橋渡しできる立場にある。つながりのない団体は「－」。",
        "Constraint",
        "0 to 1: how far its contacts are tied to each other too. Lower: it stands between "
        'contacts who do not know each other, so it can bridge them. "-": no ties.',
    ),
    (
        "仲介の型",
        "紹介・連携の流れ「A → この団体 → B」（A と B は直接つながっていない）の回数を、三者の"
        "分野（福祉・教育・行政など）で分けたもの。調整役＝三者とも同じ分野／門番＝他の分野から"
        "受けて自分の分野へつなぐ／代表＝自分の分野から受けて他の分野へつなぐ／巡回役＝同じ分野"
        "の二者を、別の分野の自分がつなぐ／連絡役＝三者とも別々の分野。",
        "Brokerage roles",
        "How often referrals or partnerships run A -> it -> B (A and B not tied directly), by "
        "the sectors (welfare, education, government, ...) of the three: coordinator = all "
        "one sector; gatekeeper = from another sector into its own; representative = from "
        "its own sector out to another; itinerant = two of one sector linked by it, from "
        "another; liaison = three different sectors.",
    ),
    (
        "関節点",
        "この団体が抜けると、別々のネットワークの参加団体どうしのつながりが途切れてしまう"
        "団体。「はい」の団体は、代わりのつながりを作っておくと安心。",
        "Cut point",
        "Without this organisation, members of different networks would be cut off from "
        'each other (an articulation point). For a "yes", a second tie is a good idea.',
    ),
)

#: Brokerage roles, in the usual order: (key, Japanese name, English name).
BROKERAGE_ROLES: tuple[tuple[str, str, str], ...] = (
    ("coordinator", "調整役", "coordinator"),
    ("gatekeeper", "門番", "gatekeeper"),
    ("representative", "代表", "representative"),
    ("itinerant", "巡回役", "itinerant"),
    ("liaison", "連絡役", "liaison"),
)


def t(key: str, lang: str, **kw: Any) -> str:
    """The text of ``key`` in ``lang`` (``ja``, or English for anything else), formatted."""
    ja, en = TEXTS[key]
    return (ja if lang == "ja" else en).format(**kw)


def sheet_t(key: str, lang: str, **kw: Any) -> str:
    """The district sheet's text of ``key`` (:data:`SHEET_TEXTS`) in ``lang``, formatted."""
    ja, en = SHEET_TEXTS[key]
    return (ja if lang == "ja" else en).format(**kw)


def short_label(name: str) -> str:
    """A name as a label: cut to :data:`LABEL_MAX` characters with "…".

    >>> short_label("あ" * 20) == "あ" * 15 + "…"
    True
    """
    return name if len(name) <= LABEL_MAX else name[: LABEL_MAX - 1] + "…"


def script_strings(lang: str) -> dict[str, str]:
    """The texts of :data:`MAP_SCRIPT_KEYS` in ``lang``, unformatted (the script fills in
    ``{n}``, ``{x}``, ``{name}``, ``{total}``)."""
    return {k: TEXTS[k][0 if lang == "ja" else 1] for k in MAP_SCRIPT_KEYS}
