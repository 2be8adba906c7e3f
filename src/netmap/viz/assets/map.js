/* netmap interactive map: layers, filters, search, tooltips (vis-network, physics off).
 * Positions come from Python (netmap.viz.layout); this script never moves a node.
 * Everything is built with textContent (no innerHTML from data). The words it writes come
 * from data.strings, in the map's language (netmap.viz.texts, Japanese or English). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("netmap-data").textContent);
  var FONT = getComputedStyle(document.documentElement).getPropertyValue("--nm-font") || "sans-serif";
  var big = data.nodes.length > 800;
  // the map's own words, e.g. tr("gaps_tag", { n: 3 }) -> "3 gaps" on an English map
  var STRINGS = data.strings || {};
  function tr(key, args) {
    return String(STRINGS[key] === undefined ? key : STRINGS[key]).replace(/\{(\w+)\}/g, function (m, k) {
      return args && args[k] !== undefined ? String(args[k]) : m;
    });
  }
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
  // ------------------------------------------------------------------ labels
  // A label is never smaller on screen than its node's screenFont (CSS px; 12 and up) at
  // any zoom, and grows with the zoom above its own size: dark text with a white outline
  // (the outline grows with the text). Each label goes below its node (an activity's:
  // above), or, where that place is taken, above, right or left of it; where no place is
  // free of other labels and of other nodes' symbols, the less important label
  // (nm.labelOrder, from Python) is hidden: it appears as the map is zoomed in, and while
  // its node is hovered or selected.
  // Labels are sized for the scale rounded down to a step (5 %, 10 % on a big map), so a
  // label is never smaller than its size on screen and the fonts change only when the zoom
  // crosses a step; placing is redone for the part of the map in view after every zoom,
  // pan, animation and resize, and only the nodes whose label changed are updated.
  var SCALE_STEP = Math.log(big ? 1.1 : 1.05);
  function stepScale(s) { return Math.exp(Math.floor(Math.log(Math.max(s, 1e-4)) / SCALE_STEP + 1e-9) * SCALE_STEP); }
  var scaleNow = 1;
  var labelOff = {};
  var labelPlace = {}; // node id -> "below" | "above" | "right" | "left" (absent: its usual place)
  var LABEL_GAP = 3; // px kept free around a label
  function usualPlace(n) { return n.nm.above !== null && n.nm.above !== undefined ? "above" : "below"; }
  function placesOf(n) {
    return usualPlace(n) === "above" ? ["above", "below", "right", "left"] : ["below", "above", "right", "left"];
  }
  var measureCtx = document.createElement("canvas").getContext("2d");
  var widthAt100 = {};
  function textWidth(line) { // width of a line at 100px, in px
    if (!(line in widthAt100)) {
      measureCtx.font = "100px " + FONT;
      widthAt100[line] = measureCtx.measureText(line).width;
    }
    return widthAt100[line];
  }
  // How a label is drawn at scale s in a place: vis-network's font and width options, and
  // the box (canvas units) the text takes. vis-network puts a label centred under its node
  // (top = y + size + font size / 2 + 4) and moves it by font.vadjust; a label beside its
  // node is right- or left-aligned in a label box made wide enough (widthConstraint) to
  // put the text just clear of the symbol. Every option is always given: vis-network keeps
  // an option left out of an update.
  function labelGeom(n, text, s, place) {
    s = Math.max(s, 0.005);
    var fs = Math.max(n.font.size, (n.nm.screenFont || n.font.size) / s);
    var lines = text.split("\n"), w = 0, h = lines.length * fs;
    lines.forEach(function (l) { w = Math.max(w, textWidth(l) * fs / 100); });
    var font = Object.assign({}, n.font, { size: fs, strokeWidth: Math.max(2, 0.32 * fs), vadjust: 0, align: "center" });
    if (n.shape === "box") {
      var m = n.margin || 5;
      return { font: font, box: { l: n.x - w / 2 - m, r: n.x + w / 2 + m, t: n.y - h / 2 - m, b: n.y + h / 2 + m } };
    }
    var g = {font: font, widthConstraint: false}, below = n.y + n.size + 0.5 * fs + 4, top = below, l = n.x - w / 2;
    place = place || usualPlace(n);
    if (place === "above") {
      // an activity's name goes above it, clear of its organisation's name below (staggered
      // when several activities share an organisation)
      var stack = place === usualPlace(n) ? 1.1 * fs * n.nm.above : 0;
      top = n.y - n.size - 3 / s - h - stack;
    } else if (place === "right" || place === "left") {
      var side = n.size + 4 / s;
      top = n.y - h / 2;
      l = place === "right" ? n.x + side : n.x - side - w;
      font.align = place === "right" ? "right" : "left";
      g.widthConstraint = { minimum: 2 * (side + w) };
    }
    font.vadjust = top - below;
    g.box = { l: l, r: l + w, t: top, b: top + h };
    return g;
  }
  function symbolBox(n) {
    var r = n.shape === "star" ? n.size * 1.1 : n.size;
    return { l: n.x - r, r: n.x + r, t: n.y - r, b: n.y + r };
  }
  // the part of the map in view (canvas units), less a margin
  function viewFrame() {
    var W = container.clientWidth, H = container.clientHeight;
    var a = network.DOMtoCanvas({ x: 2, y: 2 }), b = network.DOMtoCanvas({ x: W - 2, y: H - 2 });
    return { l: a.x, t: a.y, r: b.x, b: b.y };
  }
  function frameKey(f) { return [f.l, f.t, f.r, f.b].map(function (v) { return Math.round(v); }).join(","); }
  var frameNow = "";
  function alwaysLabelled(n) {
    return n.shape === "box" || n.id === state.hover || n.id === state.selected;
  }
  var labelOrder = data.nodes.slice().sort(function (a, b) { return a.nm.labelOrder - b.nm.labelOrder; });
  // which labels to hide, and where to put the others, at scale s with the nodes of vis
  // shown, keeping labels inside frame (the part of the map in view; canvas units):
  // greedy, in priority order, on a grid of cells so that a big map stays fast
  function declutter(s, vis, frame) {
    var cell = 120 / s, grid = {}, gap = LABEL_GAP / s, off = {}, place = {};
    function cells(b, fn) {
      for (var i = Math.floor(b.l / cell); i <= Math.floor(b.r / cell); i++) {
        for (var j = Math.floor(b.t / cell); j <= Math.floor(b.b / cell); j++) { fn(i + "," + j); }
      }
    }
    function add(b, id) { cells(b, function (k) { (grid[k] = grid[k] || []).push([b, id]); }); }
    function hits(b, id) {
      var hit = false;
      cells(b, function (k) {
        (grid[k] || []).forEach(function (it) {
          var o = it[0];
          if (it[1] !== id && b.l - gap < o.r && o.l < b.r + gap && b.t - gap < o.b && o.t < b.b + gap) { hit = true; }
        });
      });
      return hit;
    }
    data.nodes.forEach(function (n) { if (vis[n.id] && n.shape !== "box") { add(symbolBox(n), n.id); } });
    var first = labelOrder.filter(alwaysLabelled), rest = labelOrder.filter(function (n) { return !alwaysLabelled(n); });
    first.concat(rest).forEach(function (n) {
      if (!vis[n.id]) { return; }
      var text = nodeView(n).label;
      if (!text) { return; }
      var places = n.shape === "box" ? [null] : placesOf(n);
      for (var i = 0; i < places.length; i++) {
        var b = labelGeom(n, text, s, places[i]).box;
        var inside = !frame || (b.l >= frame.l && b.r <= frame.r && b.t >= frame.t && b.b <= frame.b);
        if ((i === 0 && alwaysLabelled(n)) || (inside && !hits(b, n.id))) {
          add(b, n.id);
          if (i > 0) { place[n.id] = places[i]; }
          return;
        }
      }
      off[n.id] = true;
    });
    return { off: off, place: place };
  }

  function nodeView(n) {
    var nm = n.nm, L = state.layers;
    var v = {
      id: n.id,
      label: n.label,
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
          extra.push(tr("gaps_tag", { n: g.length }));
        } else {
          extra.push(g.length === 1 ? tr("gap_tag", { x: g[0][1] }) : tr("gaps_tag", { n: g.length }));
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
        extra.push(tr("isolated_tag"));
      }
    }
    if (L.bridge && nm.bridgeRank) {
      v.color.border = data.style.bridge; v.borderWidth = 4;
      v.label = "★" + n.label;
    }
    // the change layer (a map with --compare-to or --scenario): added, ended and planned
    // records get a ring (solid, dashed, dotted: drawn with the territories) and a tag
    // under the name, so they differ not by colour alone; ended ones are faded, their
    // border dashed
    var cs = L.change && nm.change ? data.style.change[nm.change] : null;
    if (cs && nm.change === "ended") {
      v.color.border = cs.color; v.shapeProperties = { borderDashes: cs.dashes };
    }
    if (nm.change) { v.opacity = cs ? cs.opacity : 1; }
    if (extra.length) { v.label = v.label + "\n" + extra.join(" / "); }
    if (L.change && nm.changeTag) { v.label = v.label + "\n" + nm.changeTag; }
    var g = labelGeom(n, v.label, scaleNow, labelPlace[n.id]);
    v.font = g.font;
    if (g.widthConstraint !== undefined) { v.widthConstraint = g.widthConstraint; }
    return v;
  }
  function setLabels(d) { labelOff = d.off; labelPlace = d.place; }
  var pushed = {}; // what each node's label was last drawn with
  function labelKey(v) { return v.font.size + "|" + v.font.vadjust + "|" + v.font.align + "|" + v.label; }
  // what the map shows of a node: its view, with the label hidden where it would collide
  function shownView(n) {
    var v = nodeView(n);
    if (labelOff[n.id] && !alwaysLabelled(n)) { v.label = ""; }
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
    // without the change layer the map is the later state: what ended is not drawn
    if (!state.layers.change) {
      data.nodes.forEach(function (n) { if (n.nm.change === "ended") { vis[n.id] = false; } });
    }
    return vis;
  }

  function edgeVisible(e, vis) {
    if (!vis[e.from] || !vis[e.to]) { return false; }
    if (e.nm.change === "ended" && !state.layers.change) { return false; }
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
    return defined(Object.assign({}, shownView(n), { x: n.x, y: n.y, shape: n.shape, size: n.size,
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
    nodes: { font: { face: FONT, size: 13, color: "#111111", strokeWidth: 4, strokeColor: "rgba(255,255,255,0.92)" },
             scaling: { label: { enabled: false, drawThreshold: 5, maxVisible: 40 } }, chosen: true },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5, color: { inherit: false } },
  });

  // ------------------------------------------------------------------ territories
  var changed = data.nodes.filter(function (n) { return n.nm.change && n.shape !== "box"; });
  network.on("beforeDrawing", function (ctx) {
    data.halos.forEach(function (h) {
      if (h.hidden) { return; }
      var L = state.layers, fill = "rgba(0,0,0,0.025)", stroke = "#d6d6d6", dash = [], w = 1.5;
      if (L.isolated && h.isolated) { fill = data.style.isolatedHalo; stroke = data.style.isolated; dash = [14, 8]; w = 3; }
      var hg = (h.gaps || []).filter(function (x) { return !state.filters.need || x === state.filters.need; });
      if (L.gap && hg.length) { fill = gapFill(hg.length); stroke = data.style.gap; w = 2; ctx.globalAlpha = 0.22; }
      ctx.beginPath();
      ctx.arc(h.x, h.y, h.r, 0, 2 * Math.PI);
      ctx.fillStyle = fill; ctx.fill();
      ctx.globalAlpha = 1;
      ctx.setLineDash(dash); ctx.lineWidth = w; ctx.strokeStyle = stroke; ctx.stroke();
      ctx.setLineDash([]);
    });
    // the change layer's rings around added, ended and planned records
    if (!state.layers.change) { return; }
    var px = 1 / Math.max(network.getScale(), 0.05); // one screen pixel in canvas units
    changed.forEach(function (n) {
      if (state.visible && !state.visible[n.id]) { return; }
      var cs = data.style.change[n.nm.change];
      var r = (n.shape === "star" ? n.size * 1.15 : n.size) + 4 * px + 2;
      ctx.beginPath();
      ctx.arc(n.x, n.y, r, 0, 2 * Math.PI);
      ctx.globalAlpha = cs.opacity < 1 ? 0.85 : 1;
      ctx.setLineDash(cs.dashes ? cs.dashes.map(function (d) { return d * Math.max(px, 1); }) : []);
      ctx.lineWidth = Math.max(cs.width, 4 * px); ctx.strokeStyle = cs.color; ctx.stroke();
      ctx.setLineDash([]); ctx.globalAlpha = 1;
    });
  });

  // the freshness layer (情報の新しさ, off by default): a badge at the upper right of every
  // organisation and activity, drawn over the nodes, filled as a clock is by how long ago
  // the record was last verified (none: within a year; half: 1-2 years; whole: longer; a
  // "?": never), so the bands differ by fill and mark, not by colour alone
  var fresh = data.nodes.filter(function (n) { return n.nm.fresh; });
  network.on("afterDrawing", function (ctx) {
    if (!state.layers.fresh) { return; }
    var px = 1 / Math.max(network.getScale(), 0.05); // one screen pixel in canvas units
    fresh.forEach(function (n) {
      if (state.visible && !state.visible[n.id]) { return; }
      var fs = data.style.fresh[n.nm.fresh];
      if (!fs) { return; }
      // grows with its symbol when zoomed in, never under 7 px on screen
      var r = Math.max(0.4 * n.size, 7 * px);
      var cx = n.x + 0.7 * n.size, cy = n.y - 0.7 * n.size;
      ctx.save();
      ctx.beginPath(); ctx.arc(cx, cy, r + 1.6 * px, 0, 2 * Math.PI); // a white halo
      ctx.fillStyle = "#ffffff"; ctx.fill();
      if (fs.fill > 0) {
        ctx.beginPath(); ctx.moveTo(cx, cy);
        ctx.arc(cx, cy, r, -Math.PI / 2, -Math.PI / 2 + 2 * Math.PI * Math.min(fs.fill, 1));
        ctx.closePath(); ctx.fillStyle = fs.color; ctx.fill();
      }
      ctx.beginPath(); ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      ctx.lineWidth = Math.min(1.8 * px, 0.35 * r); ctx.strokeStyle = fs.color; ctx.stroke();
      if (fs.mark) {
        ctx.fillStyle = "#ffffff"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
        ctx.font = "bold " + (1.55 * r) + "px " + FONT;
        ctx.fillText(fs.mark, cx, cy + 0.08 * r);
      }
      ctx.restore();
    });
  });

  // ------------------------------------------------------------------ apply state
  var countEl = document.getElementById("visible-count");
  function apply() {
    var vis = computeVisible();
    setLabels(declutter(scaleNow, vis, viewFrame()));
    var nUpd = [], shown = 0;
    data.nodes.forEach(function (n) {
      var v = shownView(n);
      pushed[n.id] = labelKey(v);
      v.hidden = !vis[n.id];
      if (vis[n.id]) { shown++; }
      nUpd.push(defined(v));
    });
    nodes.update(nUpd);
    edges.update(data.edges.map(function (e) {
      var u = { id: e.id, hidden: !edgeVisible(e, vis) };
      if (e.nm.change) { // the change layer's drawing, or the usual one without it
        var st = state.layers.change ? e : e.nm.base;
        u.color = st.color; u.width = st.width; u.dashes = st.dashes;
      }
      return u;
    }));
    data.halos.forEach(function (h) { h.hidden = !vis[h.id]; });
    if (countEl) { countEl.textContent = tr("visible", { n: shown, total: data.nodes.length }); }
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
      if (l[0] === tr("field.kind") && l[1] === kind) { return; } // already under the title
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
    var link = n.nm.link ? { href: n.nm.link, text: tr("open_map", { name: n.nm.name }) } : null;
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
  // a node hovered or selected shows its label even where it is hidden to avoid overlaps
  function relabelOne(id) {
    if (!byId[id] || !labelOff[id]) { return; }
    var v = shownView(byId[id]);
    pushed[id] = labelKey(v);
    nodes.update(defined({ id: id, font: v.font, label: v.label, widthConstraint: v.widthConstraint }));
  }
  network.on("hoverNode", function (p) {
    var was = state.hover;
    state.hover = p.node; relabelOne(was); relabelOne(p.node);
    showTip(nodeCard(p.node), p.pointer.DOM);
  });
  network.on("blurNode", function (p) {
    if (state.hover === p.node) { state.hover = null; relabelOne(p.node); }
    hideTip();
  });
  function selectionChanged() {
    var was = state.selected, sel = network.getSelectedNodes();
    state.selected = sel.length ? sel[0] : null;
    if (was !== state.selected) { relabelOne(was); relabelOne(state.selected); }
  }
  network.on("selectNode", selectionChanged);
  network.on("deselectNode", selectionChanged);
  network.on("hoverEdge", function (p) { var c = edgeCard(p.edge); if (c) { showTip(c, p.pointer.DOM); } });
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  // labels for the view shown: after every zoom step, pan, animation and resize
  function rescaleLabels() {
    scaleNow = stepScale(network.getScale());
    var frame = viewFrame();
    frameNow = frameKey(frame);
    setLabels(declutter(scaleNow, state.visible || computeVisible(), frame));
    var upd = [];
    data.nodes.forEach(function (n) {
      var v = shownView(n), key = labelKey(v);
      if (pushed[n.id] !== key) {
        pushed[n.id] = key;
        upd.push(defined({ id: n.id, font: v.font, label: v.label, widthConstraint: v.widthConstraint }));
      }
    });
    if (upd.length) { nodes.update(upd); }
  }
  // vis-network emits "animationFinished" from inside its frame (initRedraw, before it
  // draws the nodes), so the node DataSet is never updated from its events directly: the
  // update runs on the next animation frame, outside any drawing, once per frame.
  // On a map of many nodes the update waits until the wheel or the drag has paused.
  var rescaleQueued = false, rescaleTimer = null, manyNodes = data.nodes.length > 300;
  function queueRescale() {
    if (manyNodes) {
      if (rescaleTimer) { window.clearTimeout(rescaleTimer); }
      rescaleTimer = window.setTimeout(function () {
        rescaleTimer = null;
        window.requestAnimationFrame(rescaleLabels);
      }, 150);
      return;
    }
    if (rescaleQueued) { return; }
    rescaleQueued = true;
    window.requestAnimationFrame(function () { rescaleQueued = false; rescaleLabels(); });
  }
  network.on("zoom", function () { hideTip(); queueRescale(); });
  network.on("animationFinished", queueRescale);
  network.on("dragEnd", queueRescale);
  network.on("resize", queueRescale);

  var info = document.getElementById("info");
  function showInfo(id) {
    var close = document.createElement("button");
    close.className = "close"; close.type = "button"; close.textContent = "×"; close.title = tr("close");
    close.addEventListener("click", function () { info.style.display = "none"; network.unselectAll(); selectionChanged(); });
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
  if (resetBtn) { resetBtn.addEventListener("click", function () { resetFilters(); fitAll(true); }); }

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
    if (byId[id].nm.change === "ended" && !state.layers.change) { // drawn with the change layer only
      state.layers.change = true;
      var box = document.getElementById("layer-change");
      if (box) { box.checked = true; }
      apply();
    }
    if (state.visible && !state.visible[id]) { resetFilters(); }
    network.selectNodes([id]);
    selectionChanged();
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
      var none = document.createElement("li"); none.textContent = tr("not_found"); list.appendChild(none);
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
  if (zf) { zf.addEventListener("click", function () { fitAll(true); }); }

  // ------------------------------------------------------------------ fit to view
  // The whole map in view: the visible nodes, the areas' names and the areas' circles
  // (drawn on the canvas before the nodes, so vis-network's own fit does not know them).
  // Other labels do not widen the view: they are placed (or hidden) inside it.
  var FIT_PAD = { l: 20, r: 20, t: 20, b: 52 }; // px; the zoom buttons sit at the bottom
  var FIT_MAX_SCALE = 1.5;
  function extentAt(s, vis) {
    var e = { l: Infinity, r: -Infinity, t: Infinity, b: -Infinity };
    function add(b) { e.l = Math.min(e.l, b.l); e.r = Math.max(e.r, b.r); e.t = Math.min(e.t, b.t); e.b = Math.max(e.b, b.b); }
    data.halos.forEach(function (h) {
      if (vis[h.id]) { add({ l: h.x - h.r, r: h.x + h.r, t: h.y - h.r, b: h.y + h.r }); }
    });
    data.nodes.forEach(function (n) {
      if (!vis[n.id]) { return; }
      add(symbolBox(n));
      if (n.shape === "box") { add(labelGeom(n, nodeView(n).label, s, null).box); }
    });
    return e;
  }
  function fitScale(e) {
    var W = container.clientWidth - FIT_PAD.l - FIT_PAD.r, H = container.clientHeight - FIT_PAD.t - FIT_PAD.b;
    return Math.min(W / Math.max(e.r - e.l, 1), H / Math.max(e.b - e.t, 1), FIT_MAX_SCALE);
  }
  function fitAll(animate) {
    var vis = state.visible || computeVisible();
    if (!container.clientWidth || !container.clientHeight) { return; }
    // the areas' names keep their size on screen, so the extent depends on the scale: iterate
    var s = scaleNow || 1, e = null;
    for (var i = 0; i < 6; i++) {
      e = extentAt(stepScale(s), vis);
      if (!isFinite(e.l)) { return; }
      var next = fitScale(e);
      var done = Math.abs(next - s) / s < 0.005;
      s = next;
      if (done) { break; }
    }
    // the view centre that leaves the padding around the extent
    var cx = (e.l + e.r) / 2 + (FIT_PAD.r - FIT_PAD.l) / (2 * s);
    var cy = (e.t + e.b) / 2 + (FIT_PAD.b - FIT_PAD.t) / (2 * s);
    network.moveTo({ position: { x: cx, y: cy }, scale: s,
                     animation: animate ? { duration: 300, easingFunction: "easeInOutQuad" } : false });
    if (!animate) { rescaleLabels(); }
  }

  apply();
  fitAll(false);
  network.once("afterDrawing", function () {
    window.netmapReady = true;
    document.documentElement.setAttribute("data-ready", "1");
  });

  // a small API for tests and power users (browser console)
  window.netmap = {
    network: network, nodes: nodes, edges: edges, data: data, state: state,
    apply: apply, search: search, focus: focusNode, resetFilters: resetFilters, fit: fitAll,
    labelsHidden: function () { return Object.keys(labelOff).filter(function (id) { return labelOff[id]; }); },
    // true once the labels are placed for the view shown (after a zoom or pan animation)
    labelsCurrent: function () { return stepScale(network.getScale()) === scaleNow && frameKey(viewFrame()) === frameNow; },
    visibleNodeIds: function () { return nodes.get({ filter: function (n) { return !n.hidden; } }).map(function (n) { return n.id; }); },
  };
})();
