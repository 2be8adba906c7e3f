// netmap review form (団体情報の確認): an organisation checks and corrects its own record.
// The page is opened through a review link: /review/<secret> set a session cookie
// (HttpOnly, SameSite=Strict) and sent the browser here, so no secret is in this URL.
// Every value is shown with textContent or as a form value (never innerHTML): names come
// from people. Sending needs the session's CSRF token (X-CSRF-Token), from /form.
"use strict";

const API = "/api/v1/review";
const LANG_KEY = "netmap-lang";

const I18N = {
  ja: {
    title: "団体情報の確認",
    intro: "区役所が地域の支え合いの地図に載せている、貴団体の情報です。内容を確かめ、変わったところを直して「送信する」を押してください。変わっていなければ、そのまま送信してください（確認したことが記録されます）。送信した内容は、区役所の担当者が確認してから地図に反映します。",
    orgTitle: "団体", name: "名称", kind: "種別", area: "所在地域", activityArea: "実施地域",
    sectors: "分野（「、」で区切る）", provides: "提供している支援", actTitle: "活動・サービス",
    addActivity: "活動を追加する", newActivity: "新しい活動", needs: "対応するニーズ",
    targets: "対象", schedule: "日程（例：毎週水曜 10時〜12時）",
    ended: "この活動は終了しました", endedOn: "最後の日", remove: "取り消す",
    netTitle: "ネットワークへの参加", joinNetwork: "参加しているネットワークを追加", add: "追加",
    role: "役割", left: "参加をやめました", partnerTitle: "日常的に連携している団体",
    partnerSearch: "団体名で探す", search: "検索", partnerKind: "連携の内容（任意）",
    partnerEnded: "連携は終わりました", addPartner: "連携先に追加", noResults: "見つかりませんでした。",
    submittedBy: "記入した方のお名前（任意）", note: "区役所への連絡（任意）", submit: "送信する",
    sending: "送信中…", colWhat: "項目", colField: "欄", colValue: "値", colReason: "理由",
    problems: (n) => `送信できませんでした。直してほしいところが ${n} 件あります。`,
    doneTitle: "送信しました",
    done: (n) => `受付番号 ${n} で受け付けました。区役所の担当者が確認してから地図に反映します。このページは閉じてかまいません。`,
    loading: "読み込み中…", expired: "このページを開く期限が切れたか、リンクが取り消されています。受け取ったリンクをもう一度開いてください。",
    busy: "サーバーが混み合っています。しばらくしてから再度お試しください。",
    forbidden: "この操作はできません。", error: "エラー", none: "（なし）",
    actions: { changed: "変更", added: "追加", ended: "終了", confirmed: "変更なし（確認）" },
    kinds: { organisation: "団体", activity: "活動", membership: "ネットワーク", partnership: "連携" },
    footer: "このページには貴団体の情報だけが表示されます。住民の情報や件数は含まれません。",
  },
  en: {
    title: "Check your organisation's entry",
    intro: "This is your organisation's entry on the ward's community support map. Please check it, correct what has changed and press Send. If nothing changed, send it as it is (the check is recorded). Ward staff review what you send before the map changes.",
    orgTitle: "Organisation", name: "Name", kind: "Kind", area: "Area", activityArea: "Where",
    sectors: "Sectors (separate with 、 or ;)", provides: "Needs it serves", actTitle: "Activities and services",
    addActivity: "Add an activity", newActivity: "New activity", needs: "Needs",
    targets: "For whom", schedule: "Schedule (e.g. Wednesdays 10-12)",
    ended: "This activity has ended", endedOn: "Last day", remove: "Remove",
    netTitle: "Network memberships", joinNetwork: "Add a network you belong to", add: "Add",
    role: "Role", left: "No longer a member", partnerTitle: "Organisations you work with",
    partnerSearch: "Find by name", search: "Search", partnerKind: "What you do together (optional)",
    partnerEnded: "No longer working together", addPartner: "Add as partner", noResults: "Nothing found.",
    submittedBy: "Your name (optional)", note: "Message to the ward office (optional)", submit: "Send",
    sending: "Sending…", colWhat: "Item", colField: "Field", colValue: "Value", colReason: "Reason",
    problems: (n) => `Not sent: ${n} thing(s) to correct.`,
    doneTitle: "Sent",
    done: (n) => `Received as number ${n}. Ward staff will review it before the map changes. You may close this page.`,
    loading: "Loading…", expired: "This page has expired or its link was revoked: open the link you received again.",
    busy: "The server is busy. Please try again shortly.",
    forbidden: "This is not allowed.", error: "Error", none: "(none)",
    actions: { changed: "changed", added: "added", ended: "ended", confirmed: "no change (checked)" },
    kinds: { organisation: "organisation", activity: "activity", membership: "network", partnership: "partnership" },
    footer: "This page shows your organisation's own entry only: no residents, no counts.",
  },
};

const state = {
  lang: localStorage.getItem(LANG_KEY) === "en" ? "en" : "ja",
  csrf: "",
  choices: null,
  orgId: "",
};

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const t = (key) => I18N[state.lang][key] ?? I18N.ja[key] ?? key;

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function call(path, options = {}) {
  const response = await fetch(API + path, { credentials: "same-origin", ...options });
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    throw new ApiError(response.status, body);
  }
  return response.json();
}

function errorText(err) {
  if (err instanceof ApiError) {
    if (err.status === 401) return t("expired");
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

// ---------------------------------------------------------------- building the form
function h(tag, props = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k === "i18n") { e.dataset.i18n = v; e.textContent = t(v); }
    else if (k === "value") e.value = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) if (k !== null && k !== undefined && k !== false) e.append(k);
  return e;
}

let uid = 0;
const nextId = (stem) => `${stem}-${++uid}`;

function labelled(i18n, control) {
  const id = control.id || nextId("f");
  control.id = id;
  return [h("label", { for: id, i18n }), control];
}

// options: [{code|id, label|name}]; the current value is kept even if not listed
function select(cls, options, value, { empty = false } = {}) {
  const sel = h("select", { class: cls });
  if (empty) sel.append(h("option", { value: "", text: t("none") }));
  let found = false;
  for (const o of options) {
    const code = o.code ?? o.id;
    sel.append(h("option", { value: code, text: o.label ?? o.name }));
    if (code === value) found = true;
  }
  if (value && !found) sel.append(h("option", { value, text: value }));
  sel.value = value || "";
  return sel;
}

function checks(cls, options, selected) {
  const box = h("div", { class: `checks ${cls}` });
  const chosen = new Set(selected || []);
  for (const o of options) {
    const input = h("input", { type: "checkbox", value: o.code });
    input.checked = chosen.has(o.code);
    box.append(h("label", { class: "inline" }, input, h("span", { text: o.label })));
  }
  for (const code of chosen) {
    if (!options.some((o) => o.code === code)) {
      const input = h("input", { type: "checkbox", value: code });
      input.checked = true;
      box.append(h("label", { class: "inline" }, input, h("span", { text: code })));
    }
  }
  return box;
}

const checked = (box) => $$("input[type=checkbox]:checked", box).map((i) => i.value);

function areaOptions() {
  return state.choices.areas.map((a) => ({ id: a.id, name: a.level_label ? `${a.name}（${a.level_label}）` : a.name }));
}

function yesterday() {
  const d = new Date();
  d.setDate(d.getDate() - 1);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// "ended" checkbox with its date: the date is sent only when the box is ticked
function ending(i18n, cls) {
  const box = h("input", { type: "checkbox", class: `${cls}-end` });
  const date = h("input", { type: "date", class: `${cls}-ended-on`, value: yesterday(), disabled: true });
  box.addEventListener("change", () => { date.disabled = !box.checked; });
  return h("div", { class: "ending" },
    h("label", { class: "inline" }, box, h("span", { i18n })),
    ...labelled("endedOn", date));
}

function activityBox(a) {
  const isNew = !a.id;
  const c = state.choices;
  const name = h("input", { type: "text", class: "act-name", maxlength: "200", value: a.name || "" });
  const legend = h("legend", { text: a.name || t("newActivity") });
  if (isNew) { legend.dataset.i18n = "newActivity"; }
  const box = h("fieldset", { class: `activity${isNew ? " new" : ""}` }, legend,
    h("div", { class: "form-grid" },
      ...labelled("name", name),
      ...labelled("kind", select("act-kind", c.activity_kinds, a.kind, { empty: isNew })),
      ...labelled("activityArea", select("act-area", areaOptions(), a.area_id, { empty: isNew })),
      ...labelled("schedule", h("input", { type: "text", class: "act-schedule", maxlength: "300", value: a.schedule || "" })),
      h("span", { class: "label", i18n: "needs" }), checks("act-needs", c.needs, a.needs),
      h("span", { class: "label", i18n: "targets" }), checks("act-targets", c.target_groups, a.target_groups)));
  if (isNew) {
    const remove = h("button", { type: "button", class: "secondary remove", i18n: "remove" });
    remove.addEventListener("click", () => box.remove());
    box.append(remove);
  } else {
    box.dataset.id = a.id;
    box.append(ending("ended", "act"));
  }
  return box;
}

function membershipRow(m, isNew) {
  const row = h("div", { class: `membership${isNew ? " new" : ""}` },
    h("strong", { text: m.network_name }),
    ...labelled("role", select("mem-role", state.choices.roles, m.role, { empty: true })));
  row.dataset.network = m.network_id;
  if (isNew) {
    const remove = h("button", { type: "button", class: "secondary remove", i18n: "remove" });
    remove.addEventListener("click", () => row.remove());
    row.append(remove);
  } else {
    row.append(ending("left", "mem"));
  }
  return row;
}

function partnerRow(p, isNew) {
  const where = [p.kind_label || p.organisation_kind_label || "", p.area_name || ""].filter(Boolean).join("・");
  const kind = h("input", { type: "text", class: "partner-kind", maxlength: "100", value: p.kind || "" });
  if (!isNew) kind.readOnly = true;
  const row = h("div", { class: `partner${isNew ? " new" : ""}` },
    h("strong", { class: "partner-name", text: p.name }),
    where ? h("span", { class: "help", text: `（${where}）` }) : null,
    ...labelled("partnerKind", kind));
  row.dataset.partner = p.partner_id;
  if (isNew) {
    const remove = h("button", { type: "button", class: "secondary remove", i18n: "remove" });
    remove.addEventListener("click", () => row.remove());
    row.append(remove);
  } else {
    row.append(ending("partnerEnded", "partner"));
  }
  return row;
}

function render(body) {
  const { record, choices } = body;
  state.choices = choices;
  state.orgId = record.organisation.id;
  const org = record.organisation;
  $("#org-title").textContent = org.name;
  $("#org-name").value = org.name;
  $("#org-kind").replaceWith(Object.assign(select("", choices.organisation_kinds, org.kind), { id: "org-kind" }));
  $("#org-area").replaceWith(Object.assign(select("", areaOptions(), org.area_id), { id: "org-area" }));
  $("#org-sectors").value = (org.sectors || []).join("、");
  $("#org-provides").replaceWith(Object.assign(checks("", choices.needs, org.provides), { id: "org-provides" }));
  $("#activities").replaceChildren(...record.activities.map((a) => activityBox(a)));
  $("#memberships").replaceChildren(...record.memberships.map((m) => membershipRow(m, false)));
  const nets = $("#add-network");
  nets.replaceChildren(h("option", { value: "", text: t("none") }),
    ...choices.networks.map((n) => h("option", { value: n.id, text: n.name })));
  $("#partners").replaceChildren(...record.partners.map((p) => partnerRow({
    ...p, kind_label: kindLabel(p.organisation_kind),
  }, false)));
}

function kindLabel(code) {
  const k = (state.choices.organisation_kinds || []).find((o) => o.code === code);
  return k ? k.label : code || "";
}

// ---------------------------------------------------------------- actions
function addMembership() {
  const id = $("#add-network").value;
  if (!id || $$(".membership").some((r) => r.dataset.network === id)) return;
  const net = state.choices.networks.find((n) => n.id === id);
  $("#memberships").append(membershipRow({ network_id: id, network_name: net ? net.name : id, role: "member" }, true));
}

async function findPartners() {
  const q = $("#partner-q").value.trim();
  const out = $("#partner-results");
  out.replaceChildren();
  if (!q) return;
  try {
    const body = await call(`/partners?q=${encodeURIComponent(q)}`);
    const listed = new Set($$(".partner").map((r) => r.dataset.partner));
    const found = body.items.filter((p) => !listed.has(p.id));
    if (!found.length) { out.append(h("li", { class: "help", text: t("noResults") })); return; }
    for (const p of found) {
      const add = h("button", { type: "button", class: "secondary partner-add", i18n: "addPartner" });
      add.addEventListener("click", () => {
        $("#partners").append(partnerRow({ partner_id: p.id, name: p.name, kind_label: p.kind_label, area_name: p.area_name, kind: "" }, true));
        add.closest("li").remove();
      });
      const where = [p.kind_label, p.area_name].filter(Boolean).join("・");
      out.append(h("li", {}, h("span", { class: "result-name", text: p.name }), h("span", { class: "help", text: `（${where}）` }), add));
    }
  } catch (err) {
    out.append(h("li", { class: "error", text: errorText(err) }));
  }
}

function endedOn(row, cls) {
  const box = $(`.${cls}-end`, row);
  return box && box.checked ? $(`.${cls}-ended-on`, row).value || yesterday() : null;
}

function splitList(text) {
  return text.split(/[;；、,，]/).map((s) => s.trim()).filter(Boolean);
}

function collect() {
  return {
    organisation: {
      id: state.orgId,
      name: $("#org-name").value,
      kind: $("#org-kind").value,
      area_id: $("#org-area").value,
      sectors: splitList($("#org-sectors").value),
      provides: checked($("#org-provides")),
    },
    activities: $$(".activity").map((box) => ({
      id: box.dataset.id || null,
      name: $(".act-name", box).value,
      kind: $(".act-kind", box).value,
      area_id: $(".act-area", box).value,
      needs: checked($(".act-needs", box)),
      target_groups: checked($(".act-targets", box)),
      schedule: $(".act-schedule", box).value,
      ended_on: endedOn(box, "act"),
    })),
    memberships: $$(".membership").map((row) => ({
      network_id: row.dataset.network,
      role: $(".mem-role", row).value,
      ended_on: endedOn(row, "mem"),
    })),
    partners: $$(".partner").map((row) => ({
      partner_id: row.dataset.partner,
      kind: $(".partner-kind", row).value,
      ended_on: endedOn(row, "partner"),
    })),
    submitted_by: $("#submitted-by").value,
    note: $("#note").value,
  };
}

function showProblems(problems) {
  const table = $("#problems");
  const tbody = $("tbody", table);
  tbody.replaceChildren(...problems.map((p) => h("tr", {},
    h("td", { text: p.label || p.file }), h("td", { text: p.field || p.column || "" }),
    h("td", { text: p.value ?? "" }), h("td", { text: p.reason }))));
  table.hidden = problems.length === 0;
}

async function submit(event) {
  event.preventDefault();
  const status = $("#submit-status");
  const button = $("#submit");
  button.disabled = true;
  showProblems([]);
  setStatus(status, t("sending"));
  try {
    const body = await call(`/proposals?lang=${state.lang}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": state.csrf },
      body: JSON.stringify(collect()),
    });
    $("#review-form").hidden = true;
    $("#done-view").hidden = false;
    $("#done-text").textContent = t("done")(body.proposal_id);
    $("#done-items").replaceChildren(...body.items.map((i) => h("li", {
      text: `${t("kinds")[i.kind] || i.kind}「${i.label}」: ${t("actions")[i.action] || i.action}`,
    })));
    setStatus($("#status"), "");
  } catch (err) {
    if (err instanceof ApiError && err.status === 422 && err.body && Array.isArray(err.body.problems)) {
      setStatus(status, t("problems")(err.body.problems.length), "error");
      showProblems(err.body.problems);
    } else {
      setStatus(status, errorText(err), "error");
    }
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- language and start
function applyLang() {
  document.documentElement.lang = state.lang;
  for (const el of $$("[data-i18n]")) {
    const v = t(el.dataset.i18n);
    if (typeof v === "string") el.textContent = v;
  }
  $("#lang-toggle").textContent = state.lang === "ja" ? "English" : "日本語";
  $("#lang-toggle").lang = state.lang === "ja" ? "en" : "ja";
  document.title = `netmap ${t("title")}`;
}

async function start() {
  applyLang();
  $("#lang-toggle").addEventListener("click", () => {
    state.lang = state.lang === "ja" ? "en" : "ja";
    localStorage.setItem(LANG_KEY, state.lang);
    applyLang();
  });
  const status = $("#status");
  setStatus(status, t("loading"));
  try {
    const body = await call("/form");
    state.csrf = body.csrf;
    render(body);
    applyLang();
    $("#review-form").hidden = false;
    setStatus(status, "");
  } catch (err) {
    setStatus(status, errorText(err), "error");
    return;
  }
  $("#add-activity").addEventListener("click", () => {
    $("#activities").append(activityBox({ id: null, needs: [], target_groups: [] }));
  });
  $("#add-membership").addEventListener("click", addMembership);
  $("#partner-find").addEventListener("click", findPartners);
  $("#partner-q").addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); findPartners(); }
  });
  $("#review-form").addEventListener("submit", submit);
}

document.addEventListener("DOMContentLoaded", start);
