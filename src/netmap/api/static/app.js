// netmap web app: sign in with a token, pick an area, see the map and the analyses (空白・不足,
// 孤立, 橋渡し役, 紹介の流れ, 変化), download, upload, and (admins) the review queue (更新の確認).
// No build step. The token stays in sessionStorage (this tab only) and is sent as a Bearer
// header; the map HTML is fetched with that header and shown in a sandboxed iframe (srcdoc), so the token never appears in a URL.
// Every table is built with textContent (never innerHTML): names come from the data.
"use strict";

const API = "/api/v1";
// The page's CSP nonce (a fresh one per page, see netmap/api/security.py). The map's iframe
// (srcdoc) inherits the page's policy, so its inline scripts run only with this nonce.
const NONCE = (document.currentScript && document.currentScript.nonce) || "";
const TOKEN_KEY = "netmap-token";
const LANG_KEY = "netmap-lang";
// The one mark of a hidden count (docs/definitions.md §8; the API's params.mark).
const MARK = "x";
const NONE = "–";

// The words are those of the command line's tables (src/netmap/cli/analysis.py) and of
// docs/definitions.md; docs/planner-guide.md has the glossary.
const I18N = {
  ja: {
    title: "支援ネットワークマップ", signIn: "サインイン", signOut: "サインアウト",
    signInHelp: "管理者から受け取ったトークンを入力してください。", token: "トークン",
    signInButton: "サインイン", badToken: "トークンが正しくないか、無効になっています。",
    ward: "区", district: "地区", asOf: "基準日", wholeArea: "（全体）",
    tabMap: "地図", tabGaps: "空白・不足", tabIsolated: "孤立した地域", tabBridges: "橋渡し役",
    tabFlows: "紹介の流れ", tabCompare: "変化", tabDownloads: "ダウンロード",
    tabUpload: "データ取り込み",
    gapsHelp: "ニーズのある住民がいるのに、地区の中にそのニーズに応える活動・団体がない組み合わせが「空白」、あっても需要に比べて少なすぎる組み合わせが「不足」です。埋める候補も示します。",
    colArea: "地区", colNeed: "ニーズ", colDemand: "需要", colSupply: "供給", colKind: "判定",
    colCandidates: "候補となる資源", colWide: "広域の資源", kindGap: "空白", kindUnder: "不足",
    noGaps: "この地域に空白・不足はありません。", loading: "読み込み中…", rows: (n) => `${n} 件`,
    isolatedHelp: "困りごとを抱えた住民がいるのに、地区の団体がどのネットワークにも入っていない、地区の外とつながっていない、活動がない――そうした地区では、住民が支えにたどり着きにくいおそれがあります（孤立）。理由は孤立していない地区にも示します。",
    colIsolated: "孤立", colScore: "スコア", colReasons: "理由", colOrgs: "団体",
    colMemberships: "ネットワーク参加", colExternal: "地区外とのつながり", colActivities: "活動",
    colResidents: "要支援住民", colIsolatedResidents: "つながりのない住民",
    isolatedMark: "●", noAreas: "この地域に該当する地区はありません。",
    isoReasons: { no_network_member: "ネットワーク参加団体なし",
      no_external_tie: "地区外とのつながりなし", no_activity: "活動なし" },
    bridgesHelp: "橋渡し役は、別々のネットワークや団体のまとまりをつないでいる団体です。その団体を通らないと、ほかの団体どうしが行き来しにくい位置にいます。まず「何をつないでいるか」を読み、指標はそのあとの目安にしてください。スコアは比べるための目安で、団体の評価ではありません。",
    colRank: "順位", colOrg: "団体", colWhy: "何をつないでいるか", colNetworks: "参加ネットワーク",
    colBetweenness: "媒介中心性", colConstraint: "制約",
    colBrokerage: "仲介（調整/門番/代表/巡回/連絡）", colArticulation: "関節点",
    noBridges: "この地域に団体はありません。",
    missingTitle: "つながっていないネットワーク（欠けている橋：同じ区で活動、共通の参加団体も連携もなし）",
    colWard: "区", colNetA: "ネットワークA", colNetB: "ネットワークB", colBridgeCands: "つなぎ役の候補",
    missingReasons: { tied_to_both: "両方のネットワークの参加団体とつながりあり",
      high_betweenness: "区内で媒介中心性が高い" },
    flowsHelp: "困りごとに気づいた団体が住民を別の団体・活動につなぐのが「紹介」です。地区の団体から出た紹介が「入口」（そこで気づかれている）、地区の団体・活動が受けた紹介が「出口」（そこに行き場がある）です。",
    colOut: "紹介した（入口）", colIn: "受けた（出口）", colOpen: "対応中", colAccepted: "受入",
    colDeclined: "不成立", colClosed: "終結", colRate: "受入率",
    oneWayTitle: "一方向の団体（紹介するだけ／受けるだけ）", colLocated: "所在地",
    colDirection: "向き", colReferredOut: "紹介した", colReferredIn: "受けた",
    outOnly: "紹介するだけ", inOnly: "受けるだけ",
    compareHelp: "二つの日付のあいだに、ネットワークの何が変わったか（できた・終わった記録、空白、孤立、橋渡し役、紹介）を示します。",
    compareFrom: "前の日付", compareTo: "後の日付（空欄は今日）", compareButton: "比べる",
    compareNeedFrom: "前の日付を入れてください。",
    comparedReleases: (a, b, x, y) => `公表用集計（基準日 ${a} と ${b}）を比べました（指定した日付：${x} と ${y}）。`,
    comparedExact: (a, b) => `${a} と ${b} の記録を比べました（正確な値、分析担当・管理者のみ）。`,
    cmpRecords: "記録の増減", cmpGaps: "空白・不足の変化", cmpIsolated: "孤立の変化",
    cmpBridges: "橋渡し役（上位）の変化", cmpMissing: "欠けている橋の変化",
    cmpFlows: "紹介の流れ（各日付で終わる期間の件数）", noChange: "変化はありません。",
    colSection: "区分", colAdded: "新規", colEnded: "終了", colWhat: "内容", colChange: "変化",
    recOrganisations: "団体", recActivities: "活動", recNetworks: "ネットワーク",
    recMemberships: "ネットワークへの参加", recPartnerships: "連携",
    recReferralLinks: "紹介のつながり",
    gapOpened: "新たな空白・不足", gapClosed: "解消", persisting: (n) => `継続している空白・不足：${n} 件`,
    newlyIsolated: "新たに孤立", noLongerIsolated: "孤立が解消",
    colReasonsFrom: "理由（前）", colReasonsTo: "理由（後）",
    entered: "上位に入った", left: "上位から外れた", stayed: (n) => `上位に残った団体：${n}`,
    appeared: "新たに欠けた", bridged: "つながった",
    hiddenNote: "x は秘匿（少数のため非表示）",
    fromRelease: (d) => `公表用集計（基準日 ${d}）の値です。`,
    exactValues: (d) => `正確な値です（${d} 時点、分析担当・管理者のみ）。会議には「ダウンロード」の図・地区シート（公表用集計）を使ってください。`,
    flowsPeriod: (a, b) => `紹介の件数は ${a}〜${b} の期間の件数です。`,
    flowsTotal: (d) => `紹介の件数は ${d} までの累計です。`,
    loadingMap: "地図を作成中…（初回は時間がかかります）", mapShown: "地図を表示しました。",
    mapOnlyJa: "", downloadsHelp: "選んだ地域の図・表・地区シートをダウンロードします。個人が特定される情報は含まれません。",
    dlReport: "地区シート（PDF）", dlXlsx: "分析表（Excel）", dlCsv: "分析表（CSV）",
    dlPng: "ネットワーク図（PNG）", dlSvg: "ネットワーク図（SVG）", dlPdf: "ネットワーク図（PDF）",
    dlGraphml: "GraphML（yEd / Gephi）", dlGexf: "GEXF（Gephi）",
    preparing: "作成中…", downloaded: "ダウンロードしました：",
    uploadHelp: "Excel のブック（netmap template で作るもの、.xlsx）、CSV ファイルをまとめた ZIP、または CSV ファイル 1 つを取り込みます。問題が一つでもあれば何も書き込まず、すべての問題を一覧にします（シート・行・列つき）。",
    sync: "ファイルにない記録を削除する（同期）", uploadButton: "取り込む", uploading: "取り込み中…",
    uploadOk: "取り込みました。", uploadRejected: "取り込みを中止しました（何も書き込んでいません）。問題：",
    problemsShown: (n) => `（最初の ${n} 件を表示）`, sheet: (s) => `${s}（シート）`,
    colFile: "ファイル", colRow: "行", colColumn: "列", colValue: "値", colReason: "理由",
    warnings: "注意", nodes: "件の記録", rels: "件のつながり", sep: "、",
    footer: "住民の人数は月末の公表用集計から示し、10人未満と、引き算でそれが分かる人数は「x」（秘匿）と表示します。",
    footerViewer: (n) => `住民の人数は月末の公表用集計から示し、${n}人未満と、引き算でそれが分かる人数は「x」（秘匿）と表示します。`,
    footerExact: (n) => `分析の表は正確な値です（分析担当・管理者のみ）。地図・図・地区シートは月末の公表用集計から作り、${n}人未満と、引き算でそれが分かる人数は「x」（秘匿）と表示します。`,
    roleViewer: "閲覧者", roleAnalyst: "分析担当", roleAdmin: "管理者", allAreas: "全域",
    error: "エラー", storeDown: "データベースに接続できません。しばらくしてから再度お試しください。",
    forbidden: "この操作は許可されていません。",
    tabUpkeep: "更新の確認",
    upkeepHelp: "団体が確認用リンクから送った更新の提案です。項目ごとに変更前と変更後を比べ、承認するか、理由を書いて却下してください。承認した項目はすぐに記録に書き込まれ、その団体の記録の最終確認日が今日（出典「本人確認」）になります。",
    noProposals: "未決定の提案はありません。", proposalTitle: (id, name) => `提案 ${id}：${name}`,
    submittedAt: (at, by) => `提出 ${at}${by ? `（${by}）` : ""}`, memo: "メモ：",
    colItem: "項目", colRecord: "対象", colBefore: "変更前", colAfter: "変更後", colDecision: "判断",
    approve: "承認", reject: "却下", reasonPlaceholder: "却下の理由", needReason: "却下の理由を書いてください。",
    approvedOk: (n) => `提案 ${n} の項目を承認し、書き込みました。`, rejectedOk: (n) => `提案 ${n} の項目を却下しました。`,
    itemStatus: { pending: "未決定", approved: "承認", rejected: "却下" },
    itemActions: { changed: "変更", added: "追加", ended: "終了", confirmed: "変更なし（確認）" },
    itemKinds: { organisation: "団体", activity: "活動", membership: "ネットワーク", partnership: "連携" },
    busy: "サーバーが混み合っています。しばらくしてから再度お試しください。", reasons: {
      same_ward: "同じ区の他地区でこのニーズに対応",
      extend_activity: "地区内の活動（この種類は対応しやすい）を拡充",
      widen_target_group: "地区内の活動の対象を広げる" },
  },
  en: {
    title: "Support network map", signIn: "Sign in", signOut: "Sign out",
    signInHelp: "Enter the token you received from your administrator.", token: "Token",
    signInButton: "Sign in", badToken: "The token is wrong or has been revoked.",
    ward: "Ward", district: "District", asOf: "As of", wholeArea: "(whole area)",
    tabMap: "Map", tabGaps: "Gaps", tabIsolated: "Isolated areas", tabBridges: "Bridges",
    tabFlows: "Referral flows", tabCompare: "Change", tabDownloads: "Downloads",
    tabUpload: "Import data",
    gapsHelp: "A gap is a need residents of an area have while no activity or organisation in the area answers it; under-supplied: local resources, but far too few for the demand. Candidate resources to close them are listed.",
    colArea: "Area", colNeed: "Need", colDemand: "Demand", colSupply: "Supply", colKind: "Finding",
    colCandidates: "Candidate resources", colWide: "Wide-area resources", kindGap: "Gap",
    kindUnder: "Under-supplied", noGaps: "No gaps or under-supply in this area.",
    loading: "Loading…", rows: (n) => `${n} rows`,
    isolatedHelp: "Areas where residents in need live but whose organisations are in no network, have no tie outside, or hold no activity: residents there may find no way to support. Reasons are listed for every area.",
    colIsolated: "Isolated", colScore: "Score", colReasons: "Reasons", colOrgs: "Organisations",
    colMemberships: "Network memberships", colExternal: "Ties outside", colActivities: "Activities",
    colResidents: "Residents in need", colIsolatedResidents: "Residents with no connection",
    isolatedMark: "●", noAreas: "No areas here.",
    isoReasons: { no_network_member: "no network member", no_external_tie: "no tie outside",
      no_activity: "no activity" },
    bridgesHelp: "Bridges are organisations that hold separate networks and groups of organisations together: others would hardly reach each other without them. Read what each one links first; the measures after it are a guide. The score is a ranking aid, not a grade.",
    colRank: "Rank", colOrg: "Organisation", colWhy: "What it links", colNetworks: "Networks",
    colBetweenness: "Betweenness", colConstraint: "Constraint",
    colBrokerage: "Brokerage (coordinator / gatekeeper / representative / itinerant / liaison)",
    colArticulation: "Articulation point", noBridges: "No organisations here.",
    missingTitle: "Networks not connected (missing bridges: same ward, no shared member, no tie)",
    colWard: "Ward", colNetA: "Network A", colNetB: "Network B", colBridgeCands: "Candidates to connect them",
    missingReasons: { tied_to_both: "tied to members of both", high_betweenness: "high betweenness in the ward" },
    flowsHelp: "A referral is an organisation passing a resident on to another organisation or activity. Referrals made in an area are its entrance (residents are noticed there); referrals received there are its exit (there is somewhere to go).",
    colOut: "Referred (entrance)", colIn: "Received (exit)", colOpen: "Open", colAccepted: "Accepted",
    colDeclined: "Declined", colClosed: "Closed", colRate: "Acceptance rate",
    oneWayTitle: "One-way organisations (only refer / only receive)", colLocated: "Located in",
    colDirection: "Direction", colReferredOut: "Referred", colReferredIn: "Received",
    outOnly: "only refers", inOnly: "only receives",
    compareHelp: "What changed between two dates: records created and ended, gaps, isolation, bridges, referrals.",
    compareFrom: "Earlier date", compareTo: "Later date (empty: today)", compareButton: "Compare",
    compareNeedFrom: "Enter the earlier date.",
    comparedReleases: (a, b, x, y) => `Compared the releases of ${a} and ${b} (dates asked: ${x} and ${y}).`,
    comparedExact: (a, b) => `Compared the records of ${a} and ${b} (exact values; analysts and admins only).`,
    cmpRecords: "Records", cmpGaps: "Gaps and under-supply", cmpIsolated: "Isolation",
    cmpBridges: "Bridges (top of the ranking)", cmpMissing: "Missing bridges",
    cmpFlows: "Referral flows (the period ending at each date)", noChange: "No change.",
    colSection: "Records", colAdded: "Added", colEnded: "Ended", colWhat: "Which", colChange: "Change",
    recOrganisations: "Organisations", recActivities: "Activities", recNetworks: "Networks",
    recMemberships: "Network memberships", recPartnerships: "Partnerships",
    recReferralLinks: "Referral links",
    gapOpened: "New", gapClosed: "Closed", persisting: (n) => `Persisting: ${n}`,
    newlyIsolated: "Newly isolated", noLongerIsolated: "No longer isolated",
    colReasonsFrom: "Reasons (before)", colReasonsTo: "Reasons (after)",
    entered: "Entered the top", left: "Left the top", stayed: (n) => `Stayed in the top: ${n}`,
    appeared: "Appeared", bridged: "Bridged",
    hiddenNote: "x = hidden (small count)",
    fromRelease: (d) => `Published counts (release of ${d}).`,
    exactValues: (d) => `Exact values (as of ${d}; analysts and admins only). For a meeting, use the downloads (diagram, district sheet), made from the release.`,
    flowsPeriod: (a, b) => `Referrals of the period ${a} to ${b}.`,
    flowsTotal: (d) => `Referrals up to ${d} (running total).`,
    loadingMap: "Drawing the map… (the first one takes a while)", mapShown: "Map shown.",
    mapOnlyJa: " (the map itself is in Japanese)",
    downloadsHelp: "Download diagrams, tables and the district sheet for the chosen area. No personal data is included.",
    dlReport: "District sheet (PDF)", dlXlsx: "Tables (Excel)", dlCsv: "Tables (CSV)",
    dlPng: "Diagram (PNG)", dlSvg: "Diagram (SVG)", dlPdf: "Diagram (PDF)",
    dlGraphml: "GraphML (yEd / Gephi)", dlGexf: "GEXF (Gephi)",
    preparing: "Preparing…", downloaded: "Downloaded: ",
    uploadHelp: "Import an Excel workbook (.xlsx, as made by netmap template), a ZIP of the CSV files, or one CSV file. If anything is wrong, nothing is written and every problem is listed (with its sheet, row and column).",
    sync: "Remove records the files no longer contain (sync)", uploadButton: "Import", uploading: "Importing…",
    uploadOk: "Imported.", uploadRejected: "Import rejected (nothing was written). Problems:",
    problemsShown: (n) => ` (the first ${n} shown)`, sheet: (s) => `${s} (sheet)`,
    colFile: "File", colRow: "Row", colColumn: "Column", colValue: "Value", colReason: "Reason",
    warnings: "Warnings", nodes: " records", rels: " links", sep: ", ",
    footer: "Resident counts come from the month-end release; counts under 10, and counts that would reveal one, read \"x\" (hidden).",
    footerViewer: (n) => `Resident counts come from the month-end release; counts under ${n}, and counts that would reveal one, read "x" (hidden).`,
    footerExact: (n) => `Analysis tables show exact values (analysts and admins only). Maps, diagrams and sheets come from the month-end release, where counts under ${n}, and counts that would reveal one, read "x" (hidden).`,
    roleViewer: "viewer", roleAnalyst: "analyst", roleAdmin: "admin", allAreas: "all areas",
    error: "Error", storeDown: "The database cannot be reached. Please try again shortly.",
    forbidden: "This is not allowed for your token.",
    tabUpkeep: "Review queue",
    upkeepHelp: "Changes organisations sent through their review links. Compare each item before and after, then approve it or reject it with a reason. Approved items are written at once, and the organisation's records get today's verification date (source 本人確認, self-review).",
    noProposals: "No proposal is waiting.", proposalTitle: (id, name) => `Proposal ${id}: ${name}`,
    submittedAt: (at, by) => `sent ${at}${by ? ` (${by})` : ""}`, memo: "Note: ",
    colItem: "Item", colRecord: "Record", colBefore: "Before", colAfter: "After", colDecision: "Decision",
    approve: "Approve", reject: "Reject", reasonPlaceholder: "reason for rejecting", needReason: "Give a reason for the rejection.",
    approvedOk: (n) => `Approved and wrote the item of proposal ${n}.`, rejectedOk: (n) => `Rejected the item of proposal ${n}.`,
    itemStatus: { pending: "pending", approved: "approved", rejected: "rejected" },
    itemActions: { changed: "changed", added: "added", ended: "ended", confirmed: "no change (checked)" },
    itemKinds: { organisation: "organisation", activity: "activity", membership: "network", partnership: "partnership" },
    busy: "The server is busy. Please try again shortly.", reasons: {
      same_ward: "activity elsewhere in the ward", extend_activity: "extend a local activity",
      widen_target_group: "widen its target group" },
  },
};

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  lang: localStorage.getItem(LANG_KEY) === "en" ? "en" : "ja",
  me: null,
  areas: new Map(),
  children: new Map(),
  needs: new Map(),
  tab: "map",
  loaded: {},
};

const $ = (sel) => document.querySelector(sel);
const t = (key) => I18N[state.lang][key] ?? I18N.ja[key] ?? key;
const tf = (key, ...args) => {
  const v = t(key);
  return typeof v === "function" ? v(...args) : v;
};

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  if (state.token) headers.set("Authorization", `Bearer ${state.token}`);
  const response = await fetch(API + path, { ...options, headers });
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (response.status === 401 && state.me) signOut(t("badToken"));
    throw new ApiError(response.status, body);
  }
  return response;
}

function errorText(err) {
  if (err instanceof ApiError) {
    if (err.status === 503) return t("storeDown");
    if (err.status === 429) return t("busy");
    if (err.status === 403) return `${t("forbidden")} (${err.message})`;
    return `${t("error")}: ${err.message}`;
  }
  return `${t("error")}: ${err.message || err}`;
}

function setStatus(el, text, cls = "") {
  el.textContent = text;
  el.className = `status ${cls}`.trim();
}

// ---------------------------------------------------------------- building tables
function h(tag, props = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined && k !== false) e.append(k);
  return e;
}

// cols: [[i18n key, "num"?], ...]; rows: arrays of cells (text, a Node, or {text, cls}).
function dataTable(cols, rows, cls) {
  const head = h("tr", {}, ...cols.map(([key, kind]) => h("th", { class: kind, text: t(key) })));
  const body = rows.map((cells) => h("tr", {}, ...cells.map((c, i) => {
    const kind = cols[i][1];
    if (c instanceof Node) return h("td", { class: kind }, c);
    if (c && typeof c === "object") return h("td", { class: [kind, c.cls].filter(Boolean).join(" ") || null, text: c.text });
    return h("td", { class: kind, text: c === null || c === undefined ? "" : String(c) });
  })));
  return h("table", { class: cls }, h("thead", {}, head), h("tbody", {}, ...body));
}

function list(items, cls = "cands") {
  if (!items.length) return NONE;
  return h("ul", { class: cls }, ...items.map((x) => h("li", { text: x })));
}

// Counts of one rendering: a hidden count (null and named in the row's `suppressed`) reads
// "x", an undefined one "–"; the note under the table says what "x" means.
class Marks {
  constructor() { this.hidden = false; }
  isHidden(row, field) { return !!(row && row.suppressed && row.suppressed.includes(field)); }
  count(v, row, field) {
    if (v === null || v === undefined) {
      if (this.isHidden(row, field)) { this.hidden = true; return MARK; }
      return NONE;
    }
    return String(v);
  }
  rate(v, row, field) {
    if (v === null || v === undefined) return this.count(v, row, field);
    return `${Math.round(v * 100)}%`;
  }
  // a measure of /compare: {from, to, change}
  pair(m, row, field, fmt = (x) => String(x)) {
    if (!m) return NONE;
    const side = (v) => {
      if (v === null || v === undefined) {
        if (this.isHidden(row, field)) { this.hidden = true; return MARK; }
        return NONE;
      }
      return fmt(v);
    };
    let text = `${side(m.from)} → ${side(m.to)}`;
    if (typeof m.change === "number" && m.change !== 0) {
      text += `（${m.change > 0 ? "+" : ""}${fmt(m.change)}）`;
    }
    return text;
  }
  note() {
    return this.hidden ? h("p", { class: "note", text: t("hiddenNote") }) : null;
  }
}

function fixed(v, digits) {
  return v === null || v === undefined ? NONE : Number(v).toFixed(digits);
}

// names: the response's own names map first (every response has one)
function nameOf(body, id) {
  if (id === null || id === undefined || id === "") return NONE;
  return (body && body.names && body.names[id]) || areaName(id);
}

function needOf(body, id) {
  const n = state.needs.get(id);
  if (state.lang === "en" && n && n.name_en) return n.name_en;
  return (body && body.names && body.names[id]) || (n && n.name_ja) || id;
}

// Where the numbers come from: the release (viewers) or the exact data (analysts, admins).
function sourceLine(params, flows = false) {
  const p = params || {};
  const bits = [];
  if (p.reference_date) {
    bits.push(tf("fromRelease", p.reference_date));
    if (flows && p.period_start) bits.push(tf("flowsPeriod", p.period_start, p.reference_date));
  } else if (p.as_of) {
    bits.push(tf("exactValues", p.as_of));
    if (flows) bits.push(tf("flowsTotal", p.as_of));
  }
  return bits.join(" ");
}

// ---------------------------------------------------------------- language
function applyLang() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
  $("#lang-toggle").textContent = state.lang === "ja" ? "English" : "日本語";
  $("#lang-toggle").lang = state.lang === "ja" ? "en" : "ja";
  document.title = `netmap ${t("title")}`;
  showFooter();
  if (state.me) {
    showWho();
    fillWardSelect(true);
    state.loaded = {};
    refreshTab();
  }
}

function showFooter() {
  const me = state.me;
  const el = $("#footer-text");
  if (!me) el.textContent = t("footer");
  else el.textContent = tf(me.exact_counts ? "footerExact" : "footerViewer", me.suppression_threshold || 10);
}

// ---------------------------------------------------------------- sign-in
async function signIn(token) {
  state.token = token;
  try {
    const me = await (await api("/me")).json();
    state.me = me;
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch (err) {
    state.token = null;
    state.me = null;
    sessionStorage.removeItem(TOKEN_KEY);
    throw err;
  }
  // the pickers are filled before the app is shown: never an empty ward picker
  await Promise.all([loadAreas(), loadNeeds()]);
  $("#signin-view").hidden = true;
  $("#app-view").hidden = false;
  $("#sign-out").hidden = false;
  $("#upload-tab").hidden = !(state.me.role === "admin" && !state.me.area_id);
  $("#upkeep-tab").hidden = !(state.me.role === "admin" && !state.me.area_id);
  showWho();
  showFooter();
}

function showWho() {
  const me = state.me;
  const role = t({ viewer: "roleViewer", analyst: "roleAnalyst", admin: "roleAdmin" }[me.role]);
  const scope = me.area_id ? (me.area_name || me.area_id) : t("allAreas");
  const who = $("#who");
  who.textContent = `${me.name ? me.name + " · " : ""}${role} · ${scope}`;
  who.hidden = false;
}

function signOut(message) {
  state.token = null;
  state.me = null;
  state.loaded = {};
  sessionStorage.removeItem(TOKEN_KEY);
  $("#app-view").hidden = true;
  $("#signin-view").hidden = false;
  $("#sign-out").hidden = true;
  $("#who").hidden = true;
  $("#map-frame").srcdoc = "";
  for (const out of document.querySelectorAll(".analysis-out")) out.replaceChildren();
  showFooter();
  const err = $("#signin-error");
  err.textContent = message || "";
  err.hidden = !message;
}

// ---------------------------------------------------------------- areas
async function loadAreas() {
  const body = await (await api("/areas?limit=1000")).json();
  state.areas = new Map(body.items.map((a) => [a.id, a]));
  state.children = new Map();
  for (const a of body.items) {
    if (a.parent_id && state.areas.has(a.parent_id)) {
      if (!state.children.has(a.parent_id)) state.children.set(a.parent_id, []);
      state.children.get(a.parent_id).push(a);
    }
  }
  fillWardSelect(false);
}

async function loadNeeds() {
  try {
    const needs = await (await api("/needs")).json();
    state.needs = new Map(needs.map((n) => [n.id, n]));
  } catch (err) {
    state.needs = new Map();
  }
}

function areaName(id) {
  const a = state.areas.get(id);
  return a ? a.name : id;
}

function option(value, label) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = label;
  return o;
}

function fillWardSelect(keep) {
  const sel = $("#ward-select");
  const previous = sel.value;
  sel.replaceChildren();
  const all = [...state.areas.values()];
  // the picker's first level: the city (if visible) and wards; for a token scoped below a
  // ward, the areas whose parent is not visible (the scope's root)
  let top = all.filter((a) => a.level === "city" || a.level === "ward");
  if (top.length === 0) top = all.filter((a) => !a.parent_id || !state.areas.has(a.parent_id));
  top.sort((a, b) => (a.level === "city" ? -1 : b.level === "city" ? 1 : a.id.localeCompare(b.id)));
  for (const a of top) {
    sel.append(option(a.id, a.level === "city" ? `${a.name}${t("wholeArea")}` : a.name));
  }
  if (keep && previous && top.some((a) => a.id === previous)) sel.value = previous;
  else {
    const firstWard = top.find((a) => a.level !== "city");
    if (firstWard) sel.value = firstWard.id;
  }
  fillDistrictSelect(keep);
}

function fillDistrictSelect(keep) {
  const sel = $("#district-select");
  const previous = sel.value;
  sel.replaceChildren();
  const ward = $("#ward-select").value;
  const wardArea = state.areas.get(ward);
  sel.append(option("", t("wholeArea")));
  if (wardArea && wardArea.level !== "city") {
    const kids = (state.children.get(ward) || []).slice().sort((a, b) => a.id.localeCompare(b.id));
    for (const a of kids) sel.append(option(a.id, a.name));
  }
  sel.disabled = sel.options.length <= 1;
  if (keep && previous && [...sel.options].some((o) => o.value === previous)) sel.value = previous;
  areaChanged();
}

function currentArea() {
  return $("#district-select").value || $("#ward-select").value;
}

function asOfParam() {
  const v = $("#asof-input").value;
  return v ? `as_of=${encodeURIComponent(v)}` : "";
}

function areaChanged() {
  const id = currentArea();
  $("#area-title").textContent = id ? areaName(id) : "";
  state.loaded = {};
  refreshTab();
}

// ---------------------------------------------------------------- tabs
function selectTab(name) {
  state.tab = name;
  for (const b of document.querySelectorAll(".tabs button")) {
    b.classList.toggle("active", b.dataset.tab === name);
    b.setAttribute("aria-selected", b.dataset.tab === name ? "true" : "false");
  }
  for (const s of document.querySelectorAll(".tab")) s.hidden = s.id !== `tab-${name}`;
  refreshTab();
}

const LOADERS = {
  map: (id) => loadMap(id),
  gaps: (id) => loadGaps(id),
  isolated: (id) => loadAnalysis("isolated", id, renderIsolated),
  bridges: (id) => loadAnalysis("bridges", id, renderBridges),
  flows: (id) => loadAnalysis("flows", id, renderFlows),
  compare: (id) => loadCompare(id),
  upkeep: () => loadUpkeep(),
};

function refreshTab() {
  const id = currentArea();
  if (!id || !state.me) return;
  const extra = state.tab === "compare" ? `:${$("#compare-from").value}:${$("#compare-to").value}` : "";
  const key = `${state.tab}:${id}:${$("#asof-input").value}:${state.lang}${extra}`;
  if (state.loaded[state.tab] === key) return;
  const loader = LOADERS[state.tab];
  if (!loader) return;
  state.loaded[state.tab] = key;
  loader(id);
}

// ---------------------------------------------------------------- map
// The map is the server's own page: let its script elements (not text that merely looks
// like one inside a script) run under the page's policy.
function withNonce(html) {
  if (!NONCE) return html;
  const doc = new DOMParser().parseFromString(html, "text/html");
  for (const s of doc.querySelectorAll("script")) s.setAttribute("nonce", NONCE);
  return `${doc.doctype ? "<!DOCTYPE html>\n" : ""}${doc.documentElement.outerHTML}`;
}

let mapRequest = 0;
async function loadMap(id) {
  const ticket = ++mapRequest;
  const status = $("#map-status");
  setStatus(status, t("loadingMap"));
  const q = asOfParam();
  try {
    // the map's own text (legend, layers, notes) in the toggle's language
    const path = `/maps/${encodeURIComponent(id)}?lang=${state.lang}${q ? "&" + q : ""}`;
    const html = await (await api(path)).text();
    if (ticket !== mapRequest) return;
    $("#map-frame").srcdoc = withNonce(html);
    const drawn = /<html[^>]*\blang="([a-z-]+)"/i.exec(html);
    const note = drawn && drawn[1] !== state.lang ? t("mapOnlyJa") : "";
    setStatus(status, `${areaName(id)}: ${t("mapShown")}${note}`, "ok");
  } catch (err) {
    if (ticket !== mapRequest) return;
    $("#map-frame").srcdoc = "";
    setStatus(status, errorText(err), "error");
    state.loaded.map = null;
  }
}

// ---------------------------------------------------------------- gaps
let gapsRequest = 0;
async function loadGaps(id) {
  const ticket = ++gapsRequest;
  const status = $("#gaps-status");
  const tbody = $("#gaps-table tbody");
  const after = $("#gaps-after");
  setStatus(status, t("loading"));
  const q = asOfParam();
  try {
    const body = await (await api(`/analyses/gaps?area=${encodeURIComponent(id)}${q ? "&" + q : ""}`)).json();
    if (ticket !== gapsRequest) return;
    tbody.replaceChildren();
    const marks = new Marks();
    for (const g of body.gaps) {
      const gap = g.kind === "gap";
      const cands = (g.candidates || []).slice(0, 5).map((c) => {
        const why = t("reasons")[c.reason] || c.reason;
        return `${c.name}（${c.area_id ? nameOf(body, c.area_id) : ""}・${why}）`;
      });
      const wide = (g.wide_area_resources || []).slice(0, 3).map((w) => w.name);
      const cells = [
        nameOf(body, g.area_id),
        needOf(body, g.need),
        { text: marks.count(g.demand, g, "demand"), cls: "num" },
        { text: marks.count(g.supply, g, "supply"), cls: "num" },
        { text: gap ? t("kindGap") : t("kindUnder"), cls: gap ? "kind-gap" : "kind-undersupplied" },
        list(cands),
        list(wide),
      ];
      tbody.append(h("tr", {}, ...cells.map((c) => (c instanceof Node
        ? h("td", {}, c) : typeof c === "object" ? h("td", { class: c.cls, text: c.text })
          : h("td", { text: c })))));
    }
    after.replaceChildren(...[marks.note(), h("p", { class: "source", text: sourceLine(body.params) })].filter(Boolean));
    setStatus(status, body.gaps.length ? tf("rows", body.gaps.length) : t("noGaps"));
  } catch (err) {
    if (ticket !== gapsRequest) return;
    tbody.replaceChildren();
    after.replaceChildren();
    setStatus(status, errorText(err), "error");
    state.loaded.gaps = null;
  }
}

// ---------------------------------------------------------------- isolated, bridges, flows
const tickets = {};
async function loadAnalysis(name, id, render) {
  const ticket = (tickets[name] = (tickets[name] || 0) + 1);
  const status = $(`#${name}-status`);
  const out = $(`#${name}-out`);
  setStatus(status, t("loading"));
  const q = asOfParam();
  try {
    const url = `/analyses/${name}?area=${encodeURIComponent(id)}${q ? "&" + q : ""}`;
    const body = await (await api(url)).json();
    if (ticket !== tickets[name]) return;
    const marks = new Marks();
    const [parts, text] = render(body, marks);
    out.replaceChildren(...parts.filter(Boolean), marks.note() || "", h("p", { class: "source", text: sourceLine(body.params, name === "flows") }));
    setStatus(status, text);
  } catch (err) {
    if (ticket !== tickets[name]) return;
    out.replaceChildren();
    setStatus(status, errorText(err), "error");
    state.loaded[name] = null;
  }
}

function isoReasons(codes) {
  const labels = t("isoReasons");
  return (codes || []).map((r) => labels[r] || r).join("、") || NONE;
}

function renderIsolated(body, marks) {
  const cols = [["colArea"], ["colIsolated", "center"], ["colScore", "num"], ["colReasons"],
    ["colOrgs", "num"], ["colMemberships", "num"], ["colExternal", "num"], ["colActivities", "num"],
    ["colResidents", "num"], ["colIsolatedResidents", "num"]];
  const rows = body.areas.map((a) => [
    nameOf(body, a.area_id),
    a.isolated ? { text: t("isolatedMark"), cls: "kind-isolated" } : "",
    fixed(a.score, 2),
    isoReasons(a.reasons),
    marks.count(a.organisations, a, "organisations"),
    marks.count(a.network_memberships, a, "network_memberships"),
    marks.count(a.external_ties, a, "external_ties"),
    marks.count(a.activities, a, "activities"),
    marks.count(a.residents_with_needs, a, "residents_with_needs"),
    marks.count(a.isolated_residents, a, "isolated_residents"),
  ]);
  return [[dataTable(cols, rows, "isolated-table")],
    rows.length ? tf("rows", rows.length) : t("noAreas")];
}

function renderBridges(body, marks) {
  const cols = [["colRank", "num"], ["colOrg", "name"], ["colWhy", "why"], ["colNetworks", "name"],
    ["colScore", "num"], ["colBetweenness", "num"], ["colConstraint", "num"],
    ["colBrokerage", "num wrap"], ["colArticulation", "center wrap"]];
  const roles = ["coordinator", "gatekeeper", "representative", "itinerant", "liaison"];
  const rows = body.bridges.map((b, i) => [
    String(i + 1),
    b.name || nameOf(body, b.organisation_id),
    state.lang === "en" ? (b.why_en || b.why) : b.why,
    list((b.networks || []).map((n) => nameOf(body, n))),
    fixed(b.score, 2),
    fixed(b.betweenness, 3),
    fixed(b.constraint, 3),
    roles.map((k) => (b.brokerage || {})[k] ?? 0).join("/"),
    b.articulation_point ? t("isolatedMark") : "",
  ]);
  const parts = [dataTable(cols, rows, "bridges-table")];
  const missing = body.missing_bridges || [];
  if (missing.length) {
    const reasons = t("missingReasons");
    const mrows = missing.map((m) => [
      nameOf(body, m.ward_id),
      nameOf(body, m.network_ids[0]),
      nameOf(body, m.network_ids[1]),
      list((m.candidates || []).map((c) => `${nameOf(body, c.organisation_id)}（${reasons[c.reason] || c.reason}）`)),
    ]);
    parts.push(h("h3", { text: t("missingTitle") }),
      dataTable([["colWard"], ["colNetA"], ["colNetB"], ["colBridgeCands"]], mrows, "missing-table"));
  }
  return [parts, rows.length ? tf("rows", rows.length) : t("noBridges")];
}

function renderFlows(body, marks) {
  const fields = ["referrals_out", "referrals_in", "open", "accepted", "declined", "closed"];
  const cols = [["colArea"], ["colOut", "num"], ["colIn", "num"], ["colOpen", "num"],
    ["colAccepted", "num"], ["colDeclined", "num"], ["colClosed", "num"], ["colRate", "num"]];
  const rows = body.areas.map((a) => [
    nameOf(body, a.area_id),
    ...fields.map((f) => marks.count(a[f], a, f)),
    marks.rate(a.acceptance_rate, a, "acceptance_rate"),
  ]);
  const parts = [dataTable(cols, rows, "flows-table")];
  const oneWay = body.one_way_organisations || [];
  if (oneWay.length) {
    const orows = oneWay.map((o) => [
      o.name || nameOf(body, o.organisation_id),
      nameOf(body, o.area_id),
      o.direction === "out_only" ? t("outOnly") : t("inOnly"),
      marks.count(o.referrals_out, o, "referrals_out"),
      marks.count(o.referrals_in, o, "referrals_in"),
    ]);
    parts.push(h("h3", { text: t("oneWayTitle") }), dataTable(
      [["colOrg"], ["colLocated"], ["colDirection"], ["colReferredOut", "num"], ["colReferredIn", "num"]],
      orows, "oneway-table"));
  }
  return [parts, rows.length ? tf("rows", rows.length) : t("noAreas")];
}

// ---------------------------------------------------------------- compare (変化)
let compareRequest = 0;
async function loadCompare(id) {
  const ticket = ++compareRequest;
  const status = $("#compare-status");
  const out = $("#compare-out");
  const from = $("#compare-from").value;
  const to = $("#compare-to").value;
  if (!from) {
    out.replaceChildren();
    setStatus(status, t("compareNeedFrom"), "error");
    state.loaded.compare = null;
    return;
  }
  setStatus(status, t("loading"));
  let q = `from=${encodeURIComponent(from)}&area=${encodeURIComponent(id)}`;
  if (to) q += `&to=${encodeURIComponent(to)}`;
  try {
    const body = await (await api(`/compare?${q}`)).json();
    if (ticket !== compareRequest) return;
    const marks = new Marks();
    const parts = renderCompare(body, marks);
    out.replaceChildren(...parts, marks.note() || "");
    const p = body.params || {};
    const said = p.answered_with
      ? tf("comparedReleases", p.answered_with.from, p.answered_with.to, p.from, p.to)
      : tf("comparedExact", p.from, p.to);
    setStatus(status, said, "ok");
  } catch (err) {
    if (ticket !== compareRequest) return;
    out.replaceChildren();
    setStatus(status, errorText(err), "error");
    state.loaded.compare = null;
  }
}

function section(titleKey, ...content) {
  const kept = content.filter(Boolean);
  return h("section", { class: "cmp" }, h("h3", { text: t(titleKey) }),
    ...(kept.length ? kept : [h("p", { class: "help", text: t("noChange") })]));
}

function renderCompare(body, marks) {
  const parts = [];
  // records: totals, with the names of what was added or ended
  const recs = body.records || {};
  const ties = body.ties || {};
  const totals = body.totals || {};
  const kinds = [["organisations", "recOrganisations"], ["activities", "recActivities"],
    ["networks", "recNetworks"], ["memberships", "recMemberships"],
    ["partnerships", "recPartnerships"], ["referral_links", "recReferralLinks"]];
  const recRows = [];
  for (const [k, label] of kinds) {
    if (!totals[k]) continue;
    const items = recs[k] || ties[k] || { added: [], ended: [] };
    const named = (x) => (x.name || (x.source ? `${nameOf(body, x.source)} → ${nameOf(body, x.target)}` : nameOf(body, x.id)));
    const what = [...(items.added || []).map((x) => `＋ ${named(x)}`), ...(items.ended || []).map((x) => `－ ${named(x)}`)];
    recRows.push([t(label), String(totals[k].added ?? 0), String(totals[k].ended ?? 0), list(what, "plain")]);
  }
  parts.push(section("cmpRecords", dataTable(
    [["colSection"], ["colAdded", "num"], ["colEnded", "num"], ["colWhat"]], recRows, "records-table")));

  // gaps opened and closed
  const gaps = body.gaps || {};
  const kindText = (k) => (k === "gap" ? t("kindGap") : k === "undersupplied" ? t("kindUnder") : NONE);
  const gapRows = [];
  for (const [key, label] of [["opened", "gapOpened"], ["closed", "gapClosed"]]) {
    for (const g of gaps[key] || []) {
      gapRows.push([t(label), nameOf(body, g.area_id), needOf(body, g.need),
        `${kindText(g.kind && g.kind.from)} → ${kindText(g.kind && g.kind.to)}`,
        marks.pair(g.demand, g, "demand"), marks.pair(g.supply, g, "supply")]);
    }
  }
  const persisting = (gaps.persisting || []).length;
  parts.push(section("cmpGaps",
    gapRows.length ? dataTable([["colChange"], ["colArea"], ["colNeed"], ["colKind"],
      ["colDemand", "num"], ["colSupply", "num"]], gapRows, "gaps-change-table") : null,
    persisting ? h("p", { class: "help", text: tf("persisting", persisting) }) : null));

  // isolation
  const iso = body.isolated || {};
  const isoRows = [];
  for (const [key, label] of [["newly_isolated", "newlyIsolated"], ["no_longer_isolated", "noLongerIsolated"]]) {
    for (const a of iso[key] || []) {
      isoRows.push([t(label), nameOf(body, a.area_id),
        isoReasons(a.reasons && a.reasons.from), isoReasons(a.reasons && a.reasons.to),
        marks.pair(a.residents_with_needs, a, "residents_with_needs"),
        marks.pair(a.isolated_residents, a, "isolated_residents")]);
    }
  }
  parts.push(section("cmpIsolated", isoRows.length ? dataTable([["colChange"], ["colArea"],
    ["colReasonsFrom"], ["colReasonsTo"], ["colResidents", "num"], ["colIsolatedResidents", "num"]],
  isoRows, "isolated-change-table") : null));

  // bridges entering and leaving the top of the ranking
  const br = body.bridges || {};
  const brRows = [];
  for (const [key, label] of [["entered", "entered"], ["left", "left"]]) {
    for (const b of br[key] || []) {
      brRows.push([t(label), nameOf(body, b.organisation_id),
        marks.pair(b.rank, b, "rank"), marks.pair(b.score, b, "score", (x) => Number(x).toFixed(2))]);
    }
  }
  const stayed = (br.stayed || []).length;
  parts.push(section("cmpBridges",
    brRows.length ? dataTable([["colChange"], ["colOrg"], ["colRank", "num"], ["colScore", "num"]],
      brRows, "bridges-change-table") : null,
    stayed ? h("p", { class: "help", text: tf("stayed", stayed) }) : null));

  // missing bridges
  const mb = body.missing_bridges || {};
  const mbRows = [];
  for (const [key, label] of [["appeared", "appeared"], ["bridged", "bridged"]]) {
    for (const m of mb[key] || []) {
      mbRows.push([t(label), nameOf(body, m.ward_id), nameOf(body, m.network_ids[0]), nameOf(body, m.network_ids[1])]);
    }
  }
  parts.push(section("cmpMissing", mbRows.length ? dataTable(
    [["colChange"], ["colWard"], ["colNetA"], ["colNetB"]], mbRows, "missing-change-table") : null));

  // referral flows of the period ending at each date
  const flows = (body.flows && body.flows.areas) || [];
  const flowRows = flows.map((a) => [nameOf(body, a.area_id),
    marks.pair(a.referrals_out, a, "referrals_out"), marks.pair(a.referrals_in, a, "referrals_in"),
    marks.pair(a.accepted, a, "accepted")]);
  parts.push(section("cmpFlows", flowRows.length ? dataTable(
    [["colArea"], ["colOut", "num"], ["colIn", "num"], ["colAccepted", "num"]], flowRows,
    "flows-change-table") : null));
  return parts;
}

// ---------------------------------------------------------------- downloads
function filenameFrom(response, fallback) {
  const cd = response.headers.get("Content-Disposition") || "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

async function download(kind) {
  const id = currentArea();
  if (!id) return;
  const status = $("#download-status");
  setStatus(status, t("preparing"));
  const params = [asOfParam(), state.lang === "en" ? "lang=en" : ""].filter(Boolean).join("&");
  const path = kind === "report"
    ? `/reports/${encodeURIComponent(id)}.pdf`
    : `/exports/${encodeURIComponent(id)}.${kind}`;
  const buttons = document.querySelectorAll("[data-download]");
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const response = await api(`${path}${params ? "?" + params : ""}`);
    const blob = await response.blob();
    const name = filenameFrom(response, kind === "report" ? `${id}-sheet.pdf` : `${id}.${kind}`);
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    setStatus(status, `${t("downloaded")}${name}`, "ok");
  } catch (err) {
    setStatus(status, errorText(err), "error");
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

// ---------------------------------------------------------------- upload
async function upload(event) {
  event.preventDefault();
  const file = $("#upload-file").files[0];
  if (!file) return;
  const status = $("#upload-status");
  const table = $("#upload-problems");
  const tbody = table.querySelector("tbody");
  tbody.replaceChildren();
  table.hidden = true;
  setStatus(status, t("uploading"));
  $("#upload-button").disabled = true;
  const form = new FormData();
  form.append("file", file, file.name);
  const query = `?lang=${state.lang}${$("#upload-sync").checked ? "&sync=true" : ""}`;
  try {
    const report = await (await api(`/import${query}`, { method: "POST", body: form })).json();
    let text = `${t("uploadOk")} ${report.nodes_written}${t("nodes")}${t("sep")}${report.relationships_written}${t("rels")}`;
    if (report.warnings && report.warnings.length) {
      text += ` — ${t("warnings")}: ${report.warnings.length}`;
      fillProblems(tbody, report.warnings);
      table.hidden = false;
    }
    setStatus(status, text, "ok");
    await loadAreas();
  } catch (err) {
    if (err instanceof ApiError && err.body && Array.isArray(err.body.problems)) {
      const shown = err.body.problems.length;
      const count = err.body.problem_count || shown;
      const more = count > shown ? tf("problemsShown", shown) : "";
      setStatus(status, `${t("uploadRejected")} ${count}${more}`, "error");
      fillProblems(tbody, err.body.problems);
      table.hidden = false;
    } else {
      setStatus(status, errorText(err), "error");
    }
  } finally {
    $("#upload-button").disabled = false;
  }
}

// The report as the API gives it (file, row, column, value, reason); a workbook's sheet is
// named as a sheet.
function fillProblems(tbody, problems) {
  for (const p of problems) {
    const sheet = /^(.*) \(sheet\)$/.exec(p.file || "");
    const file = sheet ? tf("sheet", sheet[1]) : p.file;
    const tr = document.createElement("tr");
    for (const v of [file, p.row, p.column, p.value, p.reason]) {
      const td = document.createElement("td");
      td.textContent = v === null || v === undefined ? "" : String(v);
      tr.append(td);
    }
    tr.children[1].className = "num";
    tbody.append(tr);
  }
}

// ---------------------------------------------------------------- review queue (更新の確認)
// Proposals organisations sent through their review links, each item side by side
// (before, after) with approve / reject (a reason is required). Admins without area scope.
async function loadUpkeep() {
  const status = $("#upkeep-status");
  const out = $("#upkeep-out");
  setStatus(status, t("loading"));
  try {
    const body = await (await api(`/upkeep/proposals?lang=${state.lang}`)).json();
    out.replaceChildren(...body.proposals.map(renderProposal));
    setStatus(status, body.proposals.length ? tf("rows", body.proposals.length) : t("noProposals"), "ok");
  } catch (err) {
    out.replaceChildren();
    setStatus(status, errorText(err), "error");
    state.loaded.upkeep = null;
  }
}

function fieldList(item, side) {
  const rows = item.fields || [];
  if (!rows.length || (side === "before" && item.action === "added")) return NONE;
  return h("ul", { class: "plain" }, ...rows.map((f) => h("li", { text: `${f.label}：${f[side]}` })));
}

function renderProposal(p) {
  const statuses = t("itemStatus");
  const actions = t("itemActions");
  const kinds = t("itemKinds");
  const rows = p.items.map((item) => {
    let decision;
    if (item.status === "pending") {
      const reason = h("input", { type: "text", class: "reject-reason", maxlength: "1000", placeholder: t("reasonPlaceholder") });
      const ok = h("button", { type: "button", class: "approve-item", text: t("approve") });
      const no = h("button", { type: "button", class: "reject-item secondary", text: t("reject") });
      ok.addEventListener("click", () => decide(p.id, item.n, "approve", null, [ok, no]));
      no.addEventListener("click", () => decide(p.id, item.n, "reject", reason.value, [ok, no]));
      decision = h("div", { class: "decide" }, ok, reason, no);
    } else {
      const text = `${statuses[item.status] || item.status}${item.reason ? `（${item.reason}）` : ""}`;
      decision = h("span", { class: `decided ${item.status}`, text });
    }
    const tr = h("tr", { "data-item": String(item.n) },
      h("td", { class: "num", text: String(item.n) }),
      h("td", { text: `${kinds[item.kind] || item.kind}・${actions[item.action] || item.action}` }),
      h("td", { class: "name", text: item.label }),
      h("td", { class: "before" }, fieldList(item, "before")),
      h("td", { class: "after" }, fieldList(item, "after")),
      h("td", {}, decision));
    return tr;
  });
  const head = h("tr", {}, ...["#", "colItem", "colRecord", "colBefore", "colAfter", "colDecision"].map(
    (k) => h("th", { text: k === "#" ? "#" : t(k) })));
  const when = p.submitted.slice(0, 16).replace("T", " ");
  return h("div", { class: "proposal", "data-proposal": String(p.id) },
    h("h3", { text: tf("proposalTitle", p.id, p.organisation_name) }),
    h("p", { class: "help", text: tf("submittedAt", when, p.submitted_by) }),
    p.note ? h("p", { class: "note", text: `${t("memo")}${p.note}` }) : null,
    h("table", { class: "proposal-table" }, h("thead", {}, head), h("tbody", {}, ...rows)));
}

async function decide(id, n, what, reason, buttons) {
  const status = $("#upkeep-status");
  if (what === "reject" && !(reason || "").trim()) {
    setStatus(status, t("needReason"), "error");
    return;
  }
  buttons.forEach((b) => { b.disabled = true; });
  const body = what === "reject" ? { items: [n], reason } : { items: [n] };
  try {
    await api(`/upkeep/proposals/${encodeURIComponent(id)}/${what}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const keep = state.tab;
    state.loaded = {};  // the data changed: maps and analyses load again
    state.loaded[keep] = null;
    await loadUpkeep();
    setStatus(status, tf(what === "approve" ? "approvedOk" : "rejectedOk", id), "ok");
  } catch (err) {
    if (err instanceof ApiError && err.body && Array.isArray(err.body.problems)) {
      const lines = err.body.problems.map((q) => `${q.label || q.file} ${q.field || q.column || ""}: ${q.reason}`);
      setStatus(status, `${err.message} ${lines.join(" / ")}`, "error");
    } else {
      setStatus(status, errorText(err), "error");
    }
    buttons.forEach((b) => { b.disabled = false; });
  }
}

// ---------------------------------------------------------------- start
function isoDate(d) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function start() {
  const yearAgo = new Date();
  yearAgo.setFullYear(yearAgo.getFullYear() - 1);
  $("#compare-from").value = isoDate(yearAgo);
  applyLang();
  $("#lang-toggle").addEventListener("click", () => {
    state.lang = state.lang === "ja" ? "en" : "ja";
    localStorage.setItem(LANG_KEY, state.lang);
    applyLang();
  });
  $("#signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = $("#signin-button");
    button.disabled = true;
    $("#signin-error").hidden = true;
    try {
      await signIn($("#token-input").value.trim());
      $("#token-input").value = "";
    } catch (err) {
      const e = $("#signin-error");
      e.textContent = err instanceof ApiError && err.status === 401 ? t("badToken") : errorText(err);
      e.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  $("#sign-out").addEventListener("click", () => signOut());
  $("#ward-select").addEventListener("change", () => fillDistrictSelect(false));
  $("#district-select").addEventListener("change", areaChanged);
  $("#asof-input").addEventListener("change", areaChanged);
  for (const b of document.querySelectorAll(".tabs button")) {
    b.addEventListener("click", () => selectTab(b.dataset.tab));
  }
  for (const b of document.querySelectorAll("[data-download]")) {
    b.addEventListener("click", () => download(b.dataset.download));
  }
  $("#compare-form").addEventListener("submit", (event) => {
    event.preventDefault();
    state.loaded.compare = null;
    refreshTab();
  });
  for (const sel of ["#compare-from", "#compare-to"]) $(sel).addEventListener("change", refreshTab);
  $("#upload-form").addEventListener("submit", upload);
  if (state.token) {
    signIn(state.token).catch(() => signOut());
  }
}

document.addEventListener("DOMContentLoaded", start);
