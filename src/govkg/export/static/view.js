/* govkg network view: draws the graph from the JSON block, then search, filters and details.
   Every name and sentence from the data reaches the page through textContent, never as markup. */
(function () {
  "use strict";
  var marks = { start: performance.now() };
  var data = JSON.parse(document.getElementById("govkg-data").textContent);
  marks.parsed = performance.now();
  var N = data.nodes, M = data.metrics, STYLE = data.style, NAMES = data.names;
  var FACE = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";
  var SVG = "http://www.w3.org/2000/svg";
  var GOAL = {}, STATEMENT = {};  // the kinds of headings and of sentences or paragraphs, as graphindex says
  data.goalKinds.forEach(function (k) { GOAL[k] = 1; });
  data.statementKinds.forEach(function (k) { STATEMENT[k] = 1; });
  var LEVEL = {
    part: { bg: "#263238", font: 26, color: "#ffffff" },
    chapter: { bg: "#455a64", font: 18, color: "#ffffff" },
    section: { bg: "#78909c", font: 15, color: "#ffffff" },
    subsection: { bg: "#b0bec5", font: 14, color: "#263238" }
  };
  var EDGE = {
    subGoalOf: { color: "#78909c", width: 2 }, serves: { color: "#b0bec5", width: 1 },
    partOf: { color: "#b0bec5", width: 1, dashes: true }, mentions: { color: "#cfd8dc", width: 1 },
    leadUnit: { color: "#64b5f6", width: 2 }, supportUnit: { color: "#90caf9", width: 1 },
    locatedIn: { color: "#a5d6a7", width: 1, dashes: true }, associatedWith: { color: "#ce93d8", width: 1, dashes: true }
  };
  var FADED = { background: "#f1f3f4", border: "#e0e0e0" };
  var DRAWN = 11;  // px on screen: smaller text is not drawn (by vis-network or by the label layer)
  var api = (window.govkg = { data: data, settled: false, settleMs: null, marks: marks, steps: 0 });
  // side panels: in a window narrower than NARROW px the filters start closed and only one panel is open at a time
  var NARROW = 1300, body = document.body;
  body.classList.add("details-closed");
  if (window.innerWidth < NARROW) body.classList.add("side-closed");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function short(s, n) {
    var a = Array.from(s);
    return a.length <= n ? s : a.slice(0, n - 1).join("") + "…";
  }
  function goalLabel(t) {  // the first clause of a banner title reads best: 产业组织全面加强，营商氛围更加浓厚
    var clause = /^([^，,：:；;。]{4,14})[，,：:；;。]/.exec(t);
    return clause ? clause[1] : short(t, 14);
  }
  function kindName(k) { return STYLE[k].zh + " " + STYLE[k].en; }
  function isEntity(n) { return !GOAL[n.k] && !STATEMENT[n.k]; }

  // ---------------------------------------------------------------- how each node looks
  function look(i) {
    var n = N[i], st = STYLE[n.k], o = { id: i, x: n.x, y: n.y };
    if (GOAL[n.k]) {
      var lv = LEVEL[n.lv] || LEVEL.chapter;
      o.shape = "box"; o.label = n.lv === "part" ? short(n.t, 16) : goalLabel(n.t); o.margin = 8;
      o.color = { background: lv.bg, border: lv.bg, highlight: { background: "#ff8f00", border: "#e65100" } };
      o.font = { color: lv.color, size: lv.font, face: FACE };
    } else if (STATEMENT[n.k]) {
      var border = n.k === "Task" ? "#7986cb" : "#4db6ac";
      o.shape = "box"; o.label = short(n.t, 10); o.margin = 5;
      o.borderWidth = n.m ? 3 : 1;
      o.color = { background: st.color, border: n.m ? "#00695c" : border,
        highlight: { background: "#fff3e0", border: "#e65100" } };
      o.font = { color: "#37474f", size: 12, face: FACE };
    } else {
      var served = (n.g || []).length;
      o.shape = st.shape; o.size = 9 + 5 * Math.sqrt(served);  // the label layer writes its name
      o.color = { background: st.color, border: st.color, highlight: { background: "#ff8f00", border: "#e65100" } };
      o.font = { color: "#212121", size: 14, face: FACE };
    }
    return o;
  }
  function faded(i) {
    return { id: i, color: FADED, font: Object.assign({}, base[i].font, { color: "#c8cdd0", strokeWidth: 0 }) };
  }

  var base = N.map(function (_, i) { return look(i); });
  var big = N.length > 2000, moving = N.length > 1 && data.iterations > 0;
  // goals and statements stay where the outline put them while the entities find their places
  var tree = [];
  N.forEach(function (n, i) { if (!isEntity(n)) tree.push(i); });
  var nodes = new vis.DataSet(base.map(function (o, i) {
    return Object.assign({ fixed: moving && !isEntity(N[i]) }, o);
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, j) {
    var kind = data.edgeKinds[e[2]], s = EDGE[kind];
    return { id: j, from: e[0], to: e[1], color: { color: s.color, highlight: "#e65100" }, width: s.width,
      dashes: !!s.dashes, kind: kind, weight: e[3] };
  }));
  var network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges }, {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: false },
    physics: {
      enabled: moving, solver: "barnesHut", minVelocity: 1, timestep: 0.5,
      barnesHut: { theta: big ? 1 : 0.5, gravitationalConstant: -3000, centralGravity: 0.05, springLength: 150, springConstant: 0.02,
        damping: 0.5, avoidOverlap: 0.5 },
      stabilization: { enabled: true, iterations: data.iterations, updateInterval: 2, fit: true }
    },
    interaction: { hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
    nodes: { scaling: { label: { drawThreshold: DRAWN + 1 } } },  // vis draws a label from DRAWN px on screen
    edges: { smooth: false, arrows: { to: { enabled: true, scaleFactor: 0.4 } }, selectionWidth: 1.5 }
  });
  api.network = network; api.nodes = nodes; api.edges = edges;
  marks.network = performance.now();

  // ---------------------------------------------------------------- label layer: level of detail
  // vis-network writes a label at a fixed size in graph units, so a whole report fitted into a window shows specks.
  // This layer writes names at a fixed size on screen instead, the most important first, and leaves a name out
  // where it would cover one already written: the selection and its neighbours, part and chapter titles, entities
  // by degree, section titles, then statements. Zooming in spreads the nodes apart, so more names find room.
  // Goals and statements whose own label vis-network draws at DRAWN px or more are left to it; a statement gets its
  // text once its box on screen is half as wide as the text.
  var LABEL = {
    part: { px: 16, bold: true, bg: LEVEL.part.bg, color: "#ffffff", chars: 16 },
    chapter: { px: 13, bold: true, bg: LEVEL.chapter.bg, color: "#ffffff", chars: 14 },
    section: { px: 12, bg: LEVEL.section.bg, color: "#ffffff", chars: 12 },
    subsection: { px: 12, bg: LEVEL.subsection.bg, color: "#263238", chars: 12 },
    entity: { px: 12, color: "#212121", chars: 12 },
    statement: { px: 11, color: "#37474f", chars: 10 }
  };
  var GAP = 3;  // px kept free around every name
  var degree = N.map(function () { return 0; });
  data.edges.forEach(function (e) { degree[e[0]]++; degree[e[1]]++; });
  function labelKind(n) {
    if (GOAL[n.k]) return LABEL[n.lv] ? n.lv : "chapter";
    return STATEMENT[n.k] ? "statement" : "entity";
  }
  function tier(n) {
    return n.lv === "part" ? 0 : n.lv === "chapter" ? 1 : isEntity(n) ? 2 : GOAL[n.k] ? 3 : 4;
  }
  var order = N.map(function (_, i) { return i; }).sort(function (a, b) {
    return tier(N[a]) - tier(N[b]) || degree[b] - degree[a] || (N[b].g || []).length - (N[a].g || []).length || a - b;
  });
  var labelText = N.map(function (n) {
    var kind = labelKind(n);
    return GOAL[n.k] ? short(n.lv === "part" ? n.t : goalLabel(n.t), LABEL[kind].chars) : short(n.t, LABEL[kind].chars);
  });
  var widths = new Map();
  function font(spec, px) { return (spec.bold ? "bold " : "") + px + "px " + FACE; }
  function textWidth(ctx, text, f) {
    var key = f + "\u0000" + text, w = widths.get(key);
    if (w === undefined) { ctx.font = f; w = ctx.measureText(text).width; widths.set(key, w); }
    return w;
  }
  function drawLabels(ctx) {
    var view = network.body.view, scale = view.scale, tx = view.translation.x, ty = view.translation.y;
    var canvas = ctx.canvas, ratio = network.canvas.pixelRatio || 1;
    var W = canvas.width / ratio, H = canvas.height / ratio, CELL = 48, grid = new Map(), placed = [];
    function cells(r, add) {
      for (var cx = Math.floor(r[0] / CELL); cx <= Math.floor(r[2] / CELL); cx++) {
        for (var cy = Math.floor(r[1] / CELL); cy <= Math.floor(r[3] / CELL); cy++) {
          var key = cx + "," + cy, list = grid.get(key);
          if (add) { if (list) list.push(r); else grid.set(key, [r]); continue; }
          if (list && list.some(function (o) { return o[0] < r[2] && r[0] < o[2] && o[1] < r[3] && r[1] < o[3]; })) return true;
        }
      }
      return false;
    }
    function free(r) { return !cells([r[0] - GAP, r[1] - GAP, r[2] + GAP, r[3] + GAP], false); }
    var seen = new Uint8Array(N.length), queue = [];
    if (current !== null) queue.push(current);
    if (lit !== null) lit.forEach(function (i) { queue.push(i); });
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center"; ctx.textBaseline = "middle"; ctx.lineJoin = "round";
    function consider(i) {
      if (seen[i] || (hidden && hidden[i])) return;
      seen[i] = 1;
      var n = N[i], node = network.body.nodes[i], kind = labelKind(n), spec = LABEL[kind];
      if (!node) return;
      var on = lit === null || lit.has(i);  // the rest of a selection's view keeps its names, in grey, after it
      if (!isEntity(n) && base[i].font.size * scale >= DRAWN) return;  // vis-network writes it, legibly
      var x = node.x * scale + tx, y = node.y * scale + ty;
      if (x < 0 || x > W || y < 0 || y > H) return;  // a name only for a node on screen
      var px = kind === "entity" ? Math.min(16, Math.max(spec.px, 14 * scale)) : spec.px, f = font(spec, px);
      var text = labelText[i], w = textWidth(ctx, text, f), h = px + (spec.bg ? 6 : 2), pad = spec.bg ? 5 : 0;
      if (kind === "statement" && (node.shape.width || 0) * scale < w / 2) return;  // its box a speck: not yet
      var spots;
      if (kind === "entity" || kind === "statement") {
        var r = kind === "entity" ? node.options.size * scale : (node.shape.height || 0) * scale / 2;
        spots = [[x, y + r + 2 + h / 2], [x, y - r - 2 - h / 2], [x + r + 4 + w / 2, y], [x - r - 4 - w / 2, y]];
        if (kind === "statement") spots.unshift([x, y]);  // in its box first
      } else if (kind === "part") {
        spots = [[x, y], [x, y - h - GAP], [x, y + h + GAP]];
      } else {  // an outline heading starts where its box starts and runs over its block, to the right
        var left = x - (node.shape.width || 0) * scale / 2 + w / 2 + pad;
        spots = [[left, y], [left, y - h - GAP], [left, y + h + GAP]];
      }
      for (var s = 0; s < spots.length; s++) {
        var cx = spots[s][0], cy = spots[s][1];
        var rect = [cx - w / 2 - pad, cy - h / 2, cx + w / 2 + pad, cy + h / 2];
        if (rect[0] < 0 || rect[2] > W || rect[1] < 0 || rect[3] > H || !free(rect)) continue;  // whole, or not at all
        cells(rect, true);
        ctx.font = f;
        if (spec.bg) {
          ctx.fillStyle = on ? spec.bg : FADED.border;
          ctx.fillRect(rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1]);
          ctx.fillStyle = on ? spec.color : "#9e9e9e";
        } else {
          ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 3;
          ctx.strokeText(text, cx, cy);
          ctx.fillStyle = on ? spec.color : "#9e9e9e";
        }
        ctx.fillText(text, cx, cy);
        placed.push({ i: i, text: text, px: px, box: rect });
        return;
      }
    }
    // boxes whose label vis-network writes itself are taken first, so that no name is written over them
    order.forEach(function (i) {
      var node = network.body.nodes[i];
      if (isEntity(N[i]) || (hidden && hidden[i]) || !node || base[i].font.size * scale < DRAWN) return;
      var x = node.x * scale + tx, y = node.y * scale + ty, w = (node.shape.width || 0) * scale / 2;
      var h = (node.shape.height || 0) * scale / 2;
      if (x + w > 0 && x - w < W && y + h > 0 && y - h < H) cells([x - w, y - h, x + w, y + h], true);
    });
    queue.forEach(consider);
    order.forEach(consider);
    ctx.restore();
    api.labels = placed;
  }
  network.on("afterDrawing", drawLabels);

  function settle() {
    if (api.settled) return;
    marks.physicsDone = performance.now();
    network.setOptions({ physics: { enabled: false } });
    if (moving) nodes.update(tree.map(function (i) { return { id: i, fixed: false }; }));
    network.fit({ animation: false });
    if (typeof data.focus === "number") { network.selectNodes([data.focus]); highlight(data.focus); showDetails(data.focus); }
    api.settled = true;
    api.settleMs = Math.round(performance.now());
    status();
  }
  network.once("stabilizationIterationsDone", settle);
  // bounded twice: at most data.iterations steps, and no more than data.physicsMs of them
  var physicsStart = null;
  network.on("stabilizationProgress", function (p) {
    api.steps = p.iterations;
    if (physicsStart === null) physicsStart = marks.physics = performance.now();
    else if (!api.settled && performance.now() - physicsStart > data.physicsMs) network.stopSimulation();
  });

  // ---------------------------------------------------------------- header, status line
  document.getElementById("title").textContent = data.title;
  document.getElementById("description").textContent = data.description;
  var statusBar = document.getElementById("status");
  var hidden = N.map(function () { return false; });
  function status(text) {
    var shown = hidden.filter(function (h) { return !h; }).length;
    var line = "节点 " + shown + " / " + N.length + " · 边 " + data.edges.length;
    if (api.settleMs !== null) line += " · 布局用时 " + api.settleMs + " ms";
    statusBar.textContent = text ? text : line;
  }
  status();
  network.on("hoverNode", function (p) { statusBar.textContent = N[p.node].t; });
  network.on("blurNode", function () { status(); });

  // ---------------------------------------------------------------- neighbourhood highlight
  var lit = null;
  function highlight(i) {
    var near = new Set(network.getConnectedNodes(i));
    near.add(i);
    var updates = [];
    for (var j = 0; j < N.length; j++) {
      var on = near.has(j);
      if (lit === null ? !on : lit.has(j) !== on) updates.push(on ? base[j] : faded(j));
    }
    nodes.update(updates);
    lit = near;
  }
  function unhighlight() {
    if (lit === null) return;
    var updates = [];
    for (var j = 0; j < N.length; j++) if (!lit.has(j)) updates.push(base[j]);
    nodes.update(updates);
    lit = null;
  }

  // ---------------------------------------------------------------- panels
  var sideButton = document.getElementById("toggle-side");
  function openPanel(which, open) {
    if (body.classList.contains(which + "-closed") !== open) return;
    body.classList.toggle(which + "-closed", !open);
    if (open && window.innerWidth < NARROW) body.classList.add(which === "side" ? "details-closed" : "side-closed");
    sideButton.setAttribute("aria-expanded", String(!body.classList.contains("side-closed")));
    network.setSize("100%", "100%");  // the canvas follows its column at once, keeping the view's centre
    network.redraw();
  }
  sideButton.setAttribute("aria-expanded", String(!body.classList.contains("side-closed")));
  sideButton.addEventListener("click", function () { openPanel("side", body.classList.contains("side-closed")); });
  document.getElementById("close-details").addEventListener("click", function () { clearSelection(); });
  api.openPanel = openPanel;

  // ---------------------------------------------------------------- details panel
  var panel = document.getElementById("details-body");
  function ref(x) {
    if (typeof x === "number") {
      var b = el("button", "link", N[x].t);
      b.type = "button";
      b.addEventListener("click", function () { select(x, true); });
      return b;
    }
    return el("span", null, x);
  }
  function section(title, items, make) {
    if (!items || !items.length) return;
    panel.appendChild(el("h3", null, title + "（" + items.length + "）"));
    var ul = el("ul");
    items.forEach(function (item) { var li = el("li"); li.appendChild(make(item)); ul.appendChild(li); });
    panel.appendChild(ul);
  }
  function metricText(r) {
    var value = r.v + (r.vm ? "–" + r.vm : "") + " " + (r.u || "");
    var parts = [r.raw ? r.raw + "（= " + value + "）" : value];
    if (r.q) parts.push(r.q);
    if (r.y) parts.push(r.y + " 年");
    if (r.k) parts.push(NAMES[r.k] || r.k);
    if (r.me) parts.push("测度：" + r.me);
    return parts.join(" · ");
  }
  function metricItem(m) {
    var r = M[m], box = el("div");
    box.appendChild(el("div", null, metricText(r)));
    var where = isEntity(N[current]) ? r.s : r.a;
    if (where !== undefined) {
      var meta = el("div", "src-meta", isEntity(N[current]) ? "出处：" : "关于：");
      meta.appendChild(ref(where));
      box.appendChild(meta);
    }
    return box;
  }
  function sentence(x) {
    var q = el("blockquote");
    if (typeof x === "number") {
      var n = N[x], meta = el("div", "src-meta", kindName(n.k) + (n.ln ? " · 第 " + n.ln + " 行" : ""));
      var b = ref(x);
      b.textContent = n.t;
      q.appendChild(b);
      q.appendChild(meta);
    } else {
      q.textContent = x;
    }
    return q;
  }
  var current = null;
  function showDetails(i) {
    current = i;
    openPanel("details", true);
    var n = N[i];
    panel.replaceChildren();
    panel.appendChild(el("h2", null, n.t));
    var meta = [kindName(n.k)];
    (n.p || []).forEach(function (p) { meta.push(NAMES[p] || p); });
    if (n.lv) meta.push(NAMES[n.lv] || n.lv);
    if (n.ln) meta.push("第 " + n.ln + " 行");
    panel.appendChild(el("div", "meta", meta.join(" · ")));
    if (n.a && n.a.length) panel.appendChild(el("p", null, "别名：" + n.a.join("、")));
    if (STATEMENT[n.k]) {
      var self = el("blockquote", "self", n.t);
      panel.appendChild(el("h3", null, "原文"));
      panel.appendChild(self);
      if (n.pp !== undefined) { panel.appendChild(el("h3", null, "所在段落")); panel.appendChild(sentence(n.pp)); }
    }
    if (n.up !== undefined) section("上级目标", [n.up], ref);
    if (GOAL[n.k]) {
      var under = [], served = [];
      data.edges.forEach(function (e) {
        if (e[1] !== i) return;
        var kind = data.edgeKinds[e[2]];
        if (kind === "subGoalOf") under.push(e[0]); else if (kind === "serves" && STATEMENT[N[e[0]].k]) served.push(e[0]);
      });
      section("下级目标", under, ref);
      section("服务本目标的陈述", served, sentence);
    }
    section(isEntity(n) ? "服务的目标" : "所属目标", n.g, ref);
    section("提及的实体", n.e, ref);
    section("牵头与责任单位", n.u, function (u) {
      var box = el("span", null, (u[0] === "lead" ? "牵头：" : "责任：")); box.appendChild(ref(u[1])); return box;
    });
    section("指标", n.m, metricItem);
    section("项目状态", n.st, function (s) {
      var box = el("span", null, (s[1] ? s[1] + " 年 · " : "") + (NAMES[s[0]] || s[0]) + " ");
      if (s[2] !== null && s[2] !== undefined) box.appendChild(ref(s[2]));
      return box;
    });
    section("计数的集合", n.cg, function (g) {
      var box = el("div", null, g[0] + "（" + g[1] + "）");
      g[2].forEach(function (x) { box.appendChild(ref(x)); });
      return box;
    });
    section("位于", n.loc, ref);
    section("包含的名称", n.as, ref);
    section("原文出处", n.src, sentence);
  }

  function select(i, move) {
    network.selectNodes([i]);
    highlight(i);
    showDetails(i);
    var at = network.canvasToDOM(network.getPositions([i])[i]), frame = document.getElementById("graph");
    if (!move && (at.x < 0 || at.x > frame.clientWidth || at.y < 0 || at.y > frame.clientHeight)) {
      network.focus(i, { animation: false });  // the details panel opened over where it was
    }
    if (move) {  // the node and its neighbours in view, readable
      network.fit({ nodes: Array.from(lit), animation: false, maxZoomLevel: 1.1 });
      if (network.getScale() < 0.45) network.focus(i, { scale: 0.8, animation: false });
    }
  }
  function clearSelection() {
    network.unselectAll();
    unhighlight();
    current = null;
    openPanel("details", false);
  }
  network.on("click", function (p) {
    list.classList.add("folded");  // the search results give way to the network
    if (p.nodes.length) select(p.nodes[0], false); else clearSelection();
  });
  api.select = function (i) { select(i, true); };

  // ---------------------------------------------------------------- search
  var input = document.getElementById("search"), list = document.getElementById("results");
  var lowered = N.map(function (n) {
    return [n.t].concat(n.a || []).map(function (s) { return s.toLowerCase(); });
  });
  var results = [];
  function search(q) {
    q = q.trim().toLowerCase();
    results = [];
    list.replaceChildren();
    if (!q) return results;
    var found = [];
    for (var i = 0; i < N.length; i++) {
      var names = lowered[i], best = -1, alias = null;
      for (var j = 0; j < names.length; j++) {
        var at = names[j].indexOf(q);
        if (at < 0) continue;
        var score = names[j] === q ? 0 : at === 0 ? 1 : 2;
        if (STATEMENT[N[i].k]) score = 4; else if (GOAL[N[i].k]) score += 0.5;
        if (best < 0 || score < best) { best = score; alias = j ? N[i].a[j - 1] : null; }
      }
      if (best >= 0) found.push([best, Array.from(N[i].t).length, i, alias]);
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    found.slice(0, 40).forEach(function (f) {
      var i = f[2], b = el("button", "link", short(N[i].t, 40));
      b.type = "button";
      if (f[3] !== null) b.appendChild(el("span", "kind", "别名 " + f[3]));
      b.appendChild(el("span", "kind", STYLE[N[i].k].zh));
      b.addEventListener("click", function () { select(i, true); list.classList.add("folded"); });
      var li = el("li");
      li.appendChild(b);
      list.appendChild(li);
      results.push(i);
    });
    if (!found.length) list.appendChild(el("li", "none", "没有找到 no match"));
    return results;
  }
  var timer = null;
  function unfold() { list.classList.remove("folded"); }
  input.addEventListener("focus", unfold);
  input.addEventListener("click", unfold);
  input.addEventListener("input", function () {
    list.classList.remove("folded");
    clearTimeout(timer);
    if (!input.value.trim()) { search(""); return; }  // emptied (Escape empties a search box): no list at once
    timer = setTimeout(function () { search(input.value); }, 120);
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { list.classList.add("folded"); return; }
    if (ev.key !== "Enter") return;
    clearTimeout(timer);
    var r = search(input.value);
    if (r.length) { select(r[0], true); list.classList.add("folded"); }  // out of the details' way
  });
  api.search = search;

  // ---------------------------------------------------------------- filters: class (legend) and part
  var kindOn = {}, partOn = {};
  data.kinds.forEach(function (k) { kindOn[k] = true; });
  data.parts.forEach(function (p) { partOn[p] = true; });
  function apply() {
    var updates = [];
    for (var i = 0; i < N.length; i++) {
      var n = N[i], ps = n.p || [];
      var show = kindOn[n.k] && (!ps.length || ps.some(function (p) { return partOn[p]; }));
      if (show === !hidden[i]) continue;
      hidden[i] = !show;
      updates.push({ id: i, hidden: !show });
    }
    nodes.update(updates);
    status();
  }
  function shape(k) {
    var svg = document.createElementNS(SVG, "svg"), st = STYLE[k], c = st.color, s;
    svg.setAttribute("width", "18"); svg.setAttribute("height", "18"); svg.setAttribute("viewBox", "0 0 18 18");
    function poly(points) { s = document.createElementNS(SVG, "polygon"); s.setAttribute("points", points); }
    if (st.shape === "dot") { s = document.createElementNS(SVG, "circle"); s.setAttribute("cx", "9"); s.setAttribute("cy", "9"); s.setAttribute("r", "7"); }
    else if (st.shape === "triangle") poly("9,2 16,15 2,15");
    else if (st.shape === "triangleDown") poly("2,3 16,3 9,16");
    else if (st.shape === "diamond") poly("9,1 17,9 9,17 1,9");
    else if (st.shape === "hexagon") poly("5,2 13,2 17,9 13,16 5,16 1,9");
    else if (st.shape === "star") poly("9,1 11,7 17,7 12,11 14,17 9,13 4,17 6,11 1,7 7,7");
    else { s = document.createElementNS(SVG, "rect"); s.setAttribute("x", "2"); s.setAttribute("y", st.shape === "box" ? "4" : "2"); s.setAttribute("width", "14"); s.setAttribute("height", st.shape === "box" ? "10" : "14"); s.setAttribute("rx", st.shape === "box" ? "2" : "0"); }
    s.setAttribute("fill", c);
    s.setAttribute("stroke", STATEMENT[k] ? (k === "Task" ? "#7986cb" : "#4db6ac") : c);
    svg.appendChild(s);
    return svg;
  }
  function checkbox(box, name, on, count, change, extra) {
    var label = el("label"), cb = el("input");
    cb.type = "checkbox"; cb.checked = on; cb.name = name;
    cb.addEventListener("change", function () { change(cb.checked); });
    label.appendChild(cb);
    if (extra) label.appendChild(extra);
    label.appendChild(el("span", null, name));
    label.appendChild(el("span", "count", count));
    box.appendChild(label);
    return cb;
  }
  var counts = {};
  N.forEach(function (n) { counts[n.k] = (counts[n.k] || 0) + 1; });
  var legend = document.getElementById("legend"), parts = document.getElementById("parts");
  api.kindBoxes = {}; api.partBoxes = {};
  data.kinds.forEach(function (k) {
    api.kindBoxes[k] = checkbox(legend, kindName(k), true, counts[k], function (on) { kindOn[k] = on; apply(); }, shape(k));
    api.kindBoxes[k].dataset.kind = k;
  });
  data.parts.forEach(function (p) {
    var n = N.filter(function (x) { return x.p && x.p.indexOf(p) >= 0; }).length;
    api.partBoxes[p] = checkbox(parts, (NAMES[p] || p) + " " + p, true, n, function (on) { partOn[p] = on; apply(); });
    api.partBoxes[p].dataset.part = p;
  });
  if (!moving) settle();
  api.visible = function () { return hidden.reduce(function (a, h, i) { if (!h) a.push(i); return a; }, []); };
})();
