/* netmap interactive map: layers, filters, search, tooltips (vis-network, physics off).
 * Positions come from Python (netmap.viz.layout); this script never moves a node.
 * Everything is built with textContent (no innerHTML from data). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("netmap-data").textContent);
  var FONT = getComputedStyle(document.documentElement).getPropertyValue("--nm-font") || "sans-serif";
  var big = data.nodes.length > 800;
  var state = {
    layers: Object.assign({}, data.layers),
    filters: { area: "", need: "", network: "", kind: "" },
  };
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  // members of each network (for filters: a network is shown when a member is)
  var membersOf = {};
  data.edges.forEach(function (e) {
    if (e.nm.type === "member_of") { (membersOf[e.to] = membersOf[e.to] || []).push(e.from); }
  });

  // needs without a resource in an area; with a need filter, only that need
  function gapsOf(nm) {
    var g = nm.gaps || [];
    if (state.filters.need) { g = g.filter(function (x) { return x[0] === state.filters.need; }); }
    return g;
  }
  function gapFill(k) {
    var s = data.style.gapScale;
    return k >= 5 ? s[3] : k >= 3 ? s[2] : k === 2 ? s[1] : s[0];
  }
  var scaleNow = 1;
  function fontFor(n) {
    if (!n.nm.screenFont) { return n.font; }
    // area names keep the same size on screen at every zoom
    return Object.assign({}, n.font, { size: Math.max(n.nm.screenFont, n.nm.screenFont / Math.max(scaleNow, 0.02)) });
  }

  function nodeView(n) {
    var nm = n.nm, L = state.layers;
    var v = {
      id: n.id,
      label: n.label,
      font: fontFor(n),
      color: { background: n.color.background, border: n.color.border,
               highlight: { background: n.color.background, border: "#000" },
               hover: { background: n.color.background, border: "#000" } },
      borderWidth: n.borderWidth,
      shapeProperties: { borderDashes: false },
    };
    var extra = [];
    if (nm.cat === "Area") {
      var g = gapsOf(nm);
      if (L.gap && g.length) {
        v.color.border = data.style.gap; v.borderWidth = 2.5;
        if (n.shape === "dot") {
          var fill = gapFill(g.length);
          v.color.background = fill; v.color.highlight.background = fill; v.color.hover.background = fill;
          extra.push("空白 " + g.length);
        } else {
          extra.push(g.length === 1 ? "空白：" + g[0][1] : "空白 " + g.length);
        }
      }
      if (L.isolated && nm.isolated) {
        if (n.shape === "dot" && !(L.gap && g.length)) {
          v.color.background = data.style.isolatedFill;
          v.color.highlight.background = data.style.isolatedFill;
          v.color.hover.background = data.style.isolatedFill;
        }
        v.color.border = data.style.isolated; v.borderWidth = 4;
        v.shapeProperties = { borderDashes: [6, 4] };
        extra.push("孤立のおそれ");
      }
    }
    if (L.bridge && nm.bridgeRank) {
      v.color.border = data.style.bridge; v.borderWidth = 4;
      v.label = "★" + n.label;
    }
    if (extra.length) { v.label = v.label + "\n" + extra.join(" / "); }
    return v;
  }

  function passesFilters(n) {
    var f = state.filters, nm = n.nm;
    if (f.area && nm.areas.indexOf(f.area) < 0) {
      if (nm.cat !== "Network") { return false; }
    }
    if (nm.cat === "Area") {
      if (f.need && !nm.centre && nm.needs.indexOf(f.need) < 0) { return false; }
      return true;
    }
    if (nm.cat === "Network") { return null; } // decided from its members
    if (f.need && nm.needs.indexOf(f.need) < 0) { return false; }
    if (f.network && nm.networks.indexOf(f.network) < 0) { return false; }
    if (f.kind && f.kind.indexOf("Network:") !== 0 && nm.kindKey !== f.kind) { return false; }
    return true;
  }

  function computeVisible() {
    var f = state.filters, any = !!(f.area || f.need || f.network || f.kind);
    var vis = {};
    data.nodes.forEach(function (n) { vis[n.id] = passesFilters(n); });
    data.nodes.forEach(function (n) {
      if (n.nm.cat !== "Network") { return; }
      var ok;
      if (f.network) { ok = n.id === f.network; }
      else if (f.kind && f.kind.indexOf("Network:") === 0) { ok = n.nm.kindKey === f.kind; }
      else if (!any) { ok = true; }
      else { ok = (membersOf[n.id] || []).some(function (m) { return vis[m]; }); }
      if (ok && f.area && n.nm.areas.indexOf(f.area) < 0) {
        ok = (membersOf[n.id] || []).some(function (m) { return vis[m]; });
      }
      vis[n.id] = ok;
    });
    return vis;
  }

  function edgeVisible(e, vis) {
    if (!vis[e.from] || !vis[e.to]) { return false; }
    var layer = e.nm.layer;
    if (layer === "flow") { return !!state.layers.flow; }
    if (layer === "missing_bridge") { return !!state.layers.bridge; }
    return true;
  }

  // Every item given to vis-network goes through defined(): vis copies a key that is
  // present with the value undefined over its own defaults ("absent" and "undefined" are not
  // the same to it). A node given `scaling: undefined` (any node but an area has no scaling
  // of its own) is left without scaling options, and vis then throws "Cannot read properties
  // of undefined (reading 'label')" from drawExternalLabels on every frame.
  function defined(o) {
    var out = {};
    Object.keys(o).forEach(function (k) { if (o[k] !== undefined) { out[k] = o[k]; } });
    return out;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return defined(Object.assign({}, nodeView(n), { x: n.x, y: n.y, shape: n.shape, size: n.size,
      margin: n.margin, scaling: n.scaling, physics: false }));
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return defined({ id: e.id, from: e.from, to: e.to, width: e.width, color: e.color, dashes: e.dashes,
      arrows: e.arrows, smooth: e.smooth, hidden: false, physics: false });
  }));

  var container = document.getElementById("map");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 3600000, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   multiselect: false, navigationButtons: false, keyboard: { enabled: true, bindToWindow: false } },
    nodes: { font: { face: FONT, size: 13, color: "#222", strokeWidth: 3, strokeColor: "#ffffff" },
             scaling: { label: { enabled: false, drawThreshold: 7 } }, chosen: true },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5, color: { inherit: false } },
  });

  // ------------------------------------------------------------------ territories
  network.on("beforeDrawing", function (ctx) {
    data.halos.forEach(function (h) {
      if (h.hidden) { return; }
      var L = state.layers, fill = "rgba(0,0,0,0.025)", stroke = "#d6d6d6", dash = [], w = 1.5;
      if (L.isolated && h.isolated) { fill = "rgba(204,121,167,0.13)"; stroke = data.style.isolated; dash = [14, 8]; w = 3; }
      var hg = (h.gaps || []).filter(function (x) { return !state.filters.need || x === state.filters.need; });
      if (L.gap && hg.length) { fill = gapFill(hg.length); stroke = data.style.gap; w = 2; ctx.globalAlpha = 0.22; }
      ctx.beginPath();
      ctx.arc(h.x, h.y, h.r, 0, 2 * Math.PI);
      ctx.fillStyle = fill; ctx.fill();
      ctx.globalAlpha = 1;
      ctx.setLineDash(dash); ctx.lineWidth = w; ctx.strokeStyle = stroke; ctx.stroke();
      ctx.setLineDash([]);
    });
  });

  // ------------------------------------------------------------------ apply state
  var countEl = document.getElementById("visible-count");
  function apply() {
    var vis = computeVisible();
    var nUpd = [], shown = 0;
    data.nodes.forEach(function (n) {
      var v = nodeView(n);
      v.hidden = !vis[n.id];
      if (vis[n.id]) { shown++; }
      nUpd.push(defined(v));
    });
    nodes.update(nUpd);
    edges.update(data.edges.map(function (e) { return { id: e.id, hidden: !edgeVisible(e, vis) }; }));
    data.halos.forEach(function (h) { h.hidden = !vis[h.id]; });
    if (countEl) { countEl.textContent = "表示中: " + shown + " / " + data.nodes.length; }
    state.visible = vis;
    network.redraw();
  }

  // ------------------------------------------------------------------ cards (tooltip + info)
  function card(title, kind, lines, link) {
    var root = document.createElement("div");
    root.className = "card";
    var t = document.createElement("div"); t.className = "card-title"; t.textContent = title; root.appendChild(t);
    if (kind) { var k = document.createElement("div"); k.className = "card-kind"; k.textContent = kind; root.appendChild(k); }
    var dl = document.createElement("dl");
    lines.forEach(function (l) {
      if (l[0] === "種類" && l[1] === kind) { return; } // already under the title
      var dt = document.createElement("dt"); dt.textContent = l[0];
      var dd = document.createElement("dd"); dd.textContent = l[1];
      dl.appendChild(dt); dl.appendChild(dd);
    });
    root.appendChild(dl);
    if (link) {
      var a = document.createElement("a"); a.className = "open-link"; a.href = link.href;
      a.textContent = link.text; root.appendChild(a);
    }
    return root;
  }
  function nodeCard(id) {
    var n = byId[id];
    var link = n.nm.link ? { href: n.nm.link, text: "▶ " + n.nm.name + "の地図を開く" } : null;
    return card(n.nm.name, n.nm.kindLabel, n.nm.lines, link);
  }
  function edgeCard(id) {
    var e = edgeById[id];
    if (!e || !e.nm.lines.length) { return null; }
    return card(byId[e.from].nm.name + (e.arrows ? " → " : " ― ") + byId[e.to].nm.name, "", e.nm.lines, null);
  }
  var tip = document.getElementById("tooltip");
  var mainEl = document.getElementById("main");
  function showTip(el, pointer) {
    tip.replaceChildren(el);
    tip.style.display = "block";
    var W = mainEl.clientWidth, H = mainEl.clientHeight;
    var x = pointer.x + 16, y = pointer.y + 16;
    if (x + tip.offsetWidth > W - 4) { x = Math.max(4, pointer.x - tip.offsetWidth - 16); }
    if (y + tip.offsetHeight > H - 4) { y = Math.max(4, H - tip.offsetHeight - 4); }
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function hideTip() { tip.style.display = "none"; }
  network.on("hoverNode", function (p) { showTip(nodeCard(p.node), p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("hoverEdge", function (p) { var c = edgeCard(p.edge); if (c) { showTip(c, p.pointer.DOM); } });
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  var areaIds = data.nodes.filter(function (n) { return n.nm.screenFont; }).map(function (n) { return n.id; });
  function rescaleLabels() {
    var sc = network.getScale();
    if (Math.abs(sc - scaleNow) / scaleNow < 0.08) { return; }
    scaleNow = sc;
    nodes.update(areaIds.map(function (id) { return defined({ id: id, font: fontFor(byId[id]) }); }));
  }
  // vis-network emits "animationFinished" from inside its frame (initRedraw, before it
  // draws the nodes), so the node DataSet is never updated from its events directly: the
  // update runs on the next animation frame, outside any drawing, once per frame.
  var rescaleQueued = false;
  function queueRescale() {
    if (rescaleQueued) { return; }
    rescaleQueued = true;
    window.requestAnimationFrame(function () { rescaleQueued = false; rescaleLabels(); });
  }
  network.on("zoom", function () { hideTip(); queueRescale(); });
  network.on("animationFinished", queueRescale);

  var info = document.getElementById("info");
  function showInfo(id) {
    var close = document.createElement("button");
    close.className = "close"; close.type = "button"; close.textContent = "×"; close.title = "閉じる";
    close.addEventListener("click", function () { info.style.display = "none"; network.unselectAll(); });
    info.replaceChildren(close, nodeCard(id));
    info.style.display = "block";
  }
  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) { showInfo(p.nodes[0]); } else { info.style.display = "none"; }
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length && byId[p.nodes[0]].nm.link) { window.location.href = byId[p.nodes[0]].nm.link; }
  });

  // ------------------------------------------------------------------ controls
  Object.keys(state.layers).forEach(function (k) {
    var box = document.getElementById("layer-" + k);
    if (!box) { return; }
    box.checked = !!state.layers[k];
    box.addEventListener("change", function () { state.layers[k] = box.checked; apply(); });
  });
  ["area", "need", "network", "kind"].forEach(function (k) {
    var sel = document.getElementById("filter-" + k);
    if (!sel) { return; }
    sel.addEventListener("change", function () { state.filters[k] = sel.value; apply(); });
  });
  function resetFilters() {
    ["area", "need", "network", "kind"].forEach(function (k) {
      state.filters[k] = "";
      var sel = document.getElementById("filter-" + k);
      if (sel) { sel.value = ""; }
    });
    apply();
  }
  var resetBtn = document.getElementById("filter-reset");
  if (resetBtn) { resetBtn.addEventListener("click", function () { resetFilters(); network.fit(); }); }

  // ------------------------------------------------------------------ search
  function norm(s) {
    s = String(s || "").normalize("NFKC").toLowerCase().replace(/[\s　]+/g, "");
    // katakana -> hiragana, so さろん finds サロン
    return s.replace(/[\u30a1-\u30f6]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x60); });
  }
  var index = data.nodes.map(function (n) { return { id: n.id, key: norm(n.nm.name), n: n }; });
  function search(q) {
    var k = norm(q);
    if (!k) { return []; }
    var starts = [], contains = [];
    index.forEach(function (it) {
      var i = it.key.indexOf(k);
      if (i === 0) { starts.push(it.n); } else if (i > 0) { contains.push(it.n); }
    });
    var byName = function (a, b) { return a.nm.name.length - b.nm.name.length || (a.nm.name < b.nm.name ? -1 : 1); };
    return starts.sort(byName).concat(contains.sort(byName)).slice(0, 30);
  }
  function focusNode(id) {
    if (state.visible && !state.visible[id]) { resetFilters(); }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.3), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    showInfo(id);
  }
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  function renderResults(results) {
    list.replaceChildren();
    results.forEach(function (n, i) {
      var li = document.createElement("li");
      li.dataset.id = n.id;
      if (i === 0) { li.className = "active"; }
      li.textContent = n.nm.name;
      var small = document.createElement("small"); small.textContent = n.nm.kindLabel; li.appendChild(small);
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); focusNode(n.id); list.style.display = "none"; });
      list.appendChild(li);
    });
    if (!results.length && input.value) {
      var none = document.createElement("li"); none.textContent = "見つかりません"; list.appendChild(none);
    }
    list.style.display = input.value ? "block" : "none";
  }
  if (input) {
    input.addEventListener("input", function () { renderResults(search(input.value)); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        var r = search(input.value);
        if (r.length) { focusNode(r[0].id); list.style.display = "none"; }
      } else if (ev.key === "Escape") { input.value = ""; list.style.display = "none"; }
    });
    input.addEventListener("blur", function () { setTimeout(function () { list.style.display = "none"; }, 150); });
  }

  // ------------------------------------------------------------------ zoom buttons
  function zoomBy(f) { network.moveTo({ scale: network.getScale() * f, animation: { duration: 200 } }); }
  var zi = document.getElementById("zoom-in"), zo = document.getElementById("zoom-out"), zf = document.getElementById("zoom-fit");
  if (zi) { zi.addEventListener("click", function () { zoomBy(1.4); }); }
  if (zo) { zo.addEventListener("click", function () { zoomBy(1 / 1.4); }); }
  if (zf) { zf.addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); }); }

  network.fit({ animation: false });
  scaleNow = network.getScale();
  apply();
  network.fit({ animation: false });
  rescaleLabels();
  network.once("afterDrawing", function () {
    window.netmapReady = true;
    document.documentElement.setAttribute("data-ready", "1");
  });

  // a small API for tests and power users (browser console)
  window.netmap = {
    network: network, nodes: nodes, edges: edges, data: data, state: state,
    apply: apply, search: search, focus: focusNode, resetFilters: resetFilters,
    visibleNodeIds: function () { return nodes.get({ filter: function (n) { return !n.hidden; } }).map(function (n) { return n.id; }); },
  };
})();
