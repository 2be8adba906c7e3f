// netmap web app: sign in with a token, pick an area, see the map, the gaps, download, upload.
// No build step. The token stays in sessionStorage (this tab only) and is sent as a Bearer
// header; the map HTML is fetched with that header and shown in a sandboxed iframe (srcdoc),
// so the token never appears in a URL.
"use strict";

const API = "/api/v1";
// The page's CSP nonce (a fresh one per page, see netmap/api/security.py). The map's iframe
// (srcdoc) inherits the page's policy, so its inline scripts run only with this nonce.
const NONCE = (document.currentScript && document.currentScript.nonce) || "";
const TOKEN_KEY = "netmap-token";
const LANG_KEY = "netmap-lang";

const I18N = {
  ja: {
    title: "支援ネットワークマップ", signIn: "サインイン", signOut: "サインアウト",
    signInHelp: "管理者から受け取ったトークンを入力してください。", token: "トークン",
    signInButton: "サインイン", badToken: "トークンが正しくないか、無効になっています。",
    ward: "区", district: "地区", asOf: "基準日", wholeArea: "（全体）",
    tabMap: "地図", tabGaps: "ギャップ", tabDownloads: "ダウンロード", tabUpload: "データ取り込み",
    gapsHelp: "ニーズがあるのに地域に資源がない（ギャップ）、または不足している組み合わせです。",
    colArea: "地区", colNeed: "ニーズ", colDemand: "需要", colSupply: "資源", colKind: "判定",
    colCandidates: "候補となる資源", kindGap: "ギャップ", kindUnder: "不足",
    noGaps: "この地域にギャップはありません。", loading: "読み込み中…",
    loadingMap: "地図を作成中…（初回は時間がかかります）", mapShown: "地図を表示しました。",
    downloadsHelp: "選んだ地域の図・表・地区シートをダウンロードします。個人が特定される情報は含まれません。",
    dlReport: "地区シート（PDF）", dlXlsx: "分析表（Excel）", dlCsv: "分析表（CSV）",
    dlPng: "ネットワーク図（PNG）", dlSvg: "ネットワーク図（SVG）", dlPdf: "ネットワーク図（PDF）",
    dlGraphml: "GraphML（yEd / Gephi）", dlGexf: "GEXF（Gephi）",
    preparing: "作成中…", downloaded: "ダウンロードしました：",
    uploadHelp: "CSVファイルをまとめたZIPを取り込みます。問題が一つでもあれば何も書き込まず、すべての問題を一覧にします。",
    sync: "ファイルにない記録を削除する（同期）", uploadButton: "取り込む", uploading: "取り込み中…",
    uploadOk: "取り込みました。", uploadRejected: "取り込みを中止しました（何も書き込んでいません）。問題：",
    colFile: "ファイル", colRow: "行", colColumn: "列", colValue: "値", colReason: "理由",
    warnings: "注意", nodes: "件のノード", rels: "件の関係",
    footer: "住民の人数は月末の公表用集計から示し、10人未満と、引き算でそれが分かる人数は「x」（秘匿）と表示します。",
    roleViewer: "閲覧", roleAnalyst: "分析", roleAdmin: "管理", allAreas: "全域",
    error: "エラー", storeDown: "データベースに接続できません。しばらくしてから再度お試しください。",
    forbidden: "この操作は許可されていません。",
    busy: "サーバーが混み合っています。しばらくしてから再度お試しください。", reasons: {
      same_ward: "同じ区の他地区の活動", extend_activity: "地区内の活動を拡充",
      widen_target_group: "対象を広げる" },
  },
  en: {
    title: "Support network map", signIn: "Sign in", signOut: "Sign out",
    signInHelp: "Enter the token you received from your administrator.", token: "Token",
    signInButton: "Sign in", badToken: "The token is wrong or has been revoked.",
    ward: "Ward", district: "District", asOf: "As of", wholeArea: "(whole area)",
    tabMap: "Map", tabGaps: "Gaps", tabDownloads: "Downloads", tabUpload: "Import data",
    gapsHelp: "Needs with no local resource (gap) or too few (under-supplied).",
    colArea: "Area", colNeed: "Need", colDemand: "Demand", colSupply: "Supply", colKind: "Finding",
    colCandidates: "Candidate resources", kindGap: "Gap", kindUnder: "Under-supplied",
    noGaps: "No gaps in this area.", loading: "Loading…",
    loadingMap: "Drawing the map… (the first one takes a while)", mapShown: "Map shown.",
    downloadsHelp: "Download diagrams, tables and the district sheet for the chosen area. No personal data is included.",
    dlReport: "District sheet (PDF)", dlXlsx: "Tables (Excel)", dlCsv: "Tables (CSV)",
    dlPng: "Diagram (PNG)", dlSvg: "Diagram (SVG)", dlPdf: "Diagram (PDF)",
    dlGraphml: "GraphML (yEd / Gephi)", dlGexf: "GEXF (Gephi)",
    preparing: "Preparing…", downloaded: "Downloaded: ",
    uploadHelp: "Import a ZIP of the CSV files. If anything is wrong, nothing is written and every problem is listed.",
    sync: "Remove records the files no longer contain (sync)", uploadButton: "Import", uploading: "Importing…",
    uploadOk: "Imported.", uploadRejected: "Import rejected (nothing was written). Problems:",
    colFile: "File", colRow: "Row", colColumn: "Column", colValue: "Value", colReason: "Reason",
    warnings: "Warnings", nodes: " nodes", rels: " relationships",
    footer: "Resident counts come from the month-end release; counts under 10, and counts that would reveal one, read \"x\" (hidden).",
    roleViewer: "viewer", roleAnalyst: "analyst", roleAdmin: "admin", allAreas: "all areas",
    error: "Error", storeDown: "The database cannot be reached. Please try again shortly.",
    forbidden: "This is not allowed for your token.",
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

// ---------------------------------------------------------------- language
function applyLang() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
  $("#lang-toggle").textContent = state.lang === "ja" ? "English" : "日本語";
  $("#lang-toggle").lang = state.lang === "ja" ? "en" : "ja";
  document.title = `netmap ${t("title")}`;
  if (state.me) {
    showWho();
    fillWardSelect(true);
    state.loaded = {};
    refreshTab();
  }
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
  showWho();
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

function needName(id) {
  const n = state.needs.get(id);
  if (!n) return id;
  return state.lang === "en" ? (n.name_en || n.name_ja) : n.name_ja;
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

function refreshTab() {
  const id = currentArea();
  if (!id || !state.me) return;
  const key = `${state.tab}:${id}:${$("#asof-input").value}:${state.lang}`;
  if (state.loaded[state.tab] === key) return;
  state.loaded[state.tab] = key;
  if (state.tab === "map") loadMap(id);
  else if (state.tab === "gaps") loadGaps(id);
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
    const html = await (await api(`/maps/${encodeURIComponent(id)}${q ? "?" + q : ""}`)).text();
    if (ticket !== mapRequest) return;
    $("#map-frame").srcdoc = withNonce(html);
    setStatus(status, `${areaName(id)}: ${t("mapShown")}`, "ok");
  } catch (err) {
    if (ticket !== mapRequest) return;
    $("#map-frame").srcdoc = "";
    setStatus(status, errorText(err), "error");
    state.loaded.map = null;
  }
}

// ---------------------------------------------------------------- gaps
function shownCount(value, suppressed, field) {
  if (value === null || value === undefined) {
    if (suppressed && suppressed.includes(field)) return "x";  // one mark for every hidden cell
    return "–";
  }
  return String(value);
}

let gapsRequest = 0;
async function loadGaps(id) {
  const ticket = ++gapsRequest;
  const status = $("#gaps-status");
  const tbody = $("#gaps-table tbody");
  setStatus(status, t("loading"));
  const q = asOfParam();
  try {
    const body = await (await api(`/analyses/gaps?area=${encodeURIComponent(id)}${q ? "&" + q : ""}`)).json();
    if (ticket !== gapsRequest) return;
    tbody.replaceChildren();
    for (const g of body.gaps) {
      const tr = document.createElement("tr");
      const cells = [
        g.area_name || areaName(g.area_id),
        needName(g.need),
        shownCount(g.demand, g.suppressed, "demand"),
        shownCount(g.supply, g.suppressed, "supply"),
        g.kind === "gap" ? t("kindGap") : t("kindUnder"),
      ];
      cells.forEach((text, i) => {
        const td = document.createElement("td");
        td.textContent = text;
        if (i === 2 || i === 3) td.className = "num";
        if (i === 4) td.className = g.kind === "gap" ? "kind-gap" : "kind-undersupplied";
        tr.append(td);
      });
      const td = document.createElement("td");
      const ul = document.createElement("ul");
      ul.className = "cands";
      for (const c of (g.candidates || []).slice(0, 5)) {
        const li = document.createElement("li");
        const why = I18N[state.lang].reasons[c.reason] || c.reason;
        li.textContent = `${c.name}（${c.area_id ? areaName(c.area_id) : ""}・${why}）`;
        ul.append(li);
      }
      td.append(ul);
      tr.append(td);
      tbody.append(tr);
    }
    setStatus(status, body.gaps.length ? `${body.gaps.length}` : t("noGaps"));
  } catch (err) {
    if (ticket !== gapsRequest) return;
    tbody.replaceChildren();
    setStatus(status, errorText(err), "error");
    state.loaded.gaps = null;
  }
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
  const q = asOfParam();
  const path = kind === "report"
    ? `/reports/${encodeURIComponent(id)}.pdf`
    : `/exports/${encodeURIComponent(id)}.${kind}`;
  const buttons = document.querySelectorAll("[data-download]");
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const response = await api(`${path}${q ? "?" + q : ""}`);
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
  const sync = $("#upload-sync").checked ? "?sync=true" : "";
  try {
    const report = await (await api(`/import${sync}`, { method: "POST", body: form })).json();
    let text = `${t("uploadOk")} ${report.nodes_written}${t("nodes")}, ${report.relationships_written}${t("rels")}`;
    if (report.warnings && report.warnings.length) {
      text += ` — ${t("warnings")}: ${report.warnings.length}`;
      fillProblems(tbody, report.warnings);
      table.hidden = false;
    }
    setStatus(status, text, "ok");
    await loadAreas();
  } catch (err) {
    if (err instanceof ApiError && err.body && Array.isArray(err.body.problems)) {
      setStatus(status, `${t("uploadRejected")} ${err.body.problems.length}`, "error");
      fillProblems(tbody, err.body.problems);
      table.hidden = false;
    } else {
      setStatus(status, errorText(err), "error");
    }
  } finally {
    $("#upload-button").disabled = false;
  }
}

function fillProblems(tbody, problems) {
  for (const p of problems) {
    const tr = document.createElement("tr");
    for (const v of [p.file, p.row, p.column, p.value, p.reason]) {
      const td = document.createElement("td");
      td.textContent = v === null || v === undefined ? "" : String(v);
      tr.append(td);
    }
    tr.children[1].className = "num";
    tbody.append(tr);
  }
}

// ---------------------------------------------------------------- start
function start() {
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
  $("#upload-form").addEventListener("submit", upload);
  if (state.token) {
    signIn(state.token).catch(() => signOut());
  }
}

document.addEventListener("DOMContentLoaded", start);
