/* 链图: the chain page. Draws a chain's links (from the definitions in data-definitions), colours them by
   the region's presence from GET /api/chains/<id>?region=, lists gaps from GET /api/chains/<id>/gaps and
   compares two regions. */
(function () {
  "use strict";
  var L = window.Liantu;
  var app = document.getElementById("chain-app");
  if (!app) return;
  var definitions = JSON.parse(app.getAttribute("data-definitions") || "[]");
  var statusLine = document.getElementById("chain-status");
  var form = document.getElementById("chain-form");
  var box = document.getElementById("chain-graph");
  var info = document.getElementById("chain-info");
  var PRESENCE_NAMES = {present: "已布局", weak: "薄弱", gap: "空白", unknown: "未分析"};
  var drawing = null;

  function definition(id) {
    for (var i = 0; i < definitions.length; i++) if (definitions[i].id === id) return definitions[i];
    return definitions[0];
  }
  function linkId(l) { return l.id || l.link_id || (l.link && (l.link.id || l.link)) || ""; }
  function linkName(l, chain) {
    var name = l.name || (l.link && l.link.name);
    if (name) return name;
    var id = linkId(l);
    (chain ? chain.links : []).forEach(function (d) { if (d.id === id) name = d.name; });
    return name || id;
  }
  /** present / weak / gap / unknown, whatever word the analysis uses. */
  function presence(l) {
    var p = String(l.presence || l.status || l.state || l.level || "").toLowerCase();
    if (p === "strong" || p === "present" || p === "有") return "present";
    if (p === "weak" || p === "薄弱") return "weak";
    if (p === "gap" || p === "missing" || p === "absent" || p === "空白") return "gap";
    return "unknown";
  }
  function linksOf(view) { return view.links || (view.chain && view.chain.links) || view.view || []; }
  function names(list) {
    return (list || []).map(function (x) { return typeof x === "string" ? x : (x.name || (x.entity && x.entity.name) || x.id); });
  }

  /** Positions: columns by depth from the chain's first links, rows within a column. */
  function positions(chain) {
    var depth = {}, incoming = {};
    chain.links.forEach(function (l) { depth[l.id] = 0; incoming[l.id] = 0; });
    chain.edges.forEach(function (e) { incoming[e[1]] += 1; });
    for (var round = 0; round < chain.links.length; round++) {
      chain.edges.forEach(function (e) { depth[e[1]] = Math.max(depth[e[1]], depth[e[0]] + 1); });
    }
    var rows = {}, pos = {};
    chain.links.forEach(function (l) {
      var d = depth[l.id];
      rows[d] = (rows[d] || 0) + 1;
      pos[l.id] = {x: d * 200, y: (rows[d] - 1) * 80};
    });
    return pos;
  }

  function draw(chain, byLink) {
    var pos = positions(chain);
    drawing = window.LiantuGraph.create(box, {info: info, onTap: null});
    drawing.cy.add(chain.links.map(function (l) {
      var found = byLink[l.id] || {};
      var p = presence(found);
      var local = names(found.enterprises).concat(names(found.projects));
      return {group: "nodes", classes: "link", position: pos[l.id], data: {id: l.id, name: l.name, label: "ChainLink",
        presence: p, detail: l.stage + " · " + PRESENCE_NAMES[p] + (local.length ? " · 本地：" + local.slice(0, 4).join("、") : "")}};
    }));
    drawing.cy.add(chain.edges.map(function (e) {
      return {group: "edges", classes: "chain-edge", data: {id: e[0] + ">" + e[1], source: e[0], target: e[1], type: "UPSTREAM_OF",
        headName: definitionName(chain, e[0]), tailName: definitionName(chain, e[1]), evidence: []}};
    }));
    drawing.layout(true);
    box.setAttribute("data-ready", "true");
  }
  function definitionName(chain, id) {
    var name = id;
    chain.links.forEach(function (l) { if (l.id === id) name = l.name; });
    return name;
  }

  function chainUrl(chain, region, suffix) {
    return "/api/chains/" + encodeURIComponent(chain.id) + (suffix || "") + "?region=" + encodeURIComponent(region);
  }

  function gapTable(chain, body, region) {
    var target = document.getElementById("gap-table");
    var rows = body.gaps || linksOf(body).filter(function (l) { var p = presence(l); return p === "gap" || p === "weak"; });
    var extension = body.extension || body.extensions || [];
    if (!rows.length && !extension.length) {
      L.fill(target, L.el("p", {className: "empty", text: region + " 在这条产业链上没有空白或薄弱环节。"}));
      return;
    }
    var table = L.el("table", {id: "gaps"}, L.el("thead", null, L.el("tr", null,
      L.el("th", {text: "环节"}), L.el("th", {text: "状态"}), L.el("th", {text: "候选企业（外地）"}), L.el("th", {text: "上下游"}))));
    var tbody = L.el("tbody");
    rows.forEach(function (g) {
      var p = presence(g);
      var candidates = g.candidates || [];
      var neighbours = names(g.neighbours || g.neighbors || g.upstream || []).concat(names(g.downstream || []));
      tbody.appendChild(L.el("tr", {"data-link": linkId(g), "data-presence": p},
        L.el("td", {text: linkName(g, chain)}),
        L.el("td", null, L.el("span", {className: "presence " + p, text: PRESENCE_NAMES[p]})),
        L.el("td", null, candidates.length ? L.el("ul", {className: "candidates"}, candidates.slice(0, 5).map(function (c) {
          var entity = c.entity || c;
          var why = c.why || c.reason || (c.evidence && c.evidence[0] && c.evidence[0].sentence) || "";
          return L.el("li", null, L.el("a", {href: L.entityUrl(entity.id), text: entity.name || entity.id}),
            why ? L.el("div", {className: "why", text: typeof why === "string" ? why : JSON.stringify(why)}) : null);
        })) : L.el("span", {className: "why", text: "语料中暂无候选企业"})),
        L.el("td", {text: neighbours.join("、") || "—"})));
    });
    table.appendChild(tbody);
    var parts = [L.el("div", {className: "table-scroll"}, table)];
    if (extension.length) {
      parts.push(L.el("h3", {text: "延链建议"}), L.el("ul", null, extension.map(function (x) {
        return L.el("li", {text: linkName(x, chain) + (x.why || x.reason ? "：" + (x.why || x.reason) : "")});
      })));
    }
    L.fill(target);
    parts.forEach(function (p) { target.appendChild(p); });
  }

  function compareTable(chain, a, b, viewA, viewB) {
    var wrap = document.getElementById("compare-wrap");
    var mapA = index(viewA), mapB = index(viewB);
    var table = L.el("table", {id: "compare"}, L.el("thead", null, L.el("tr", null,
      L.el("th", {text: "环节"}), L.el("th", {text: a}), L.el("th", {text: b}))));
    var tbody = L.el("tbody");
    chain.links.forEach(function (l) {
      tbody.appendChild(L.el("tr", null, L.el("td", {text: l.name}), cell(mapA[l.id]), cell(mapB[l.id])));
    });
    table.appendChild(tbody);
    L.fill(document.getElementById("compare-table"), L.el("div", {className: "table-scroll"}, table));
    wrap.hidden = false;
    function cell(found) {
      var p = presence(found || {});
      var local = names((found || {}).enterprises).concat(names((found || {}).projects));
      return L.el("td", null, L.el("span", {className: "presence " + p, text: PRESENCE_NAMES[p]}),
        local.length ? L.el("div", {className: "why", text: local.slice(0, 4).join("、")}) : null);
    }
  }
  function index(view) {
    var map = {};
    linksOf(view || {}).forEach(function (l) { map[linkId(l)] = l; });
    return map;
  }

  function run() {
    var chain = definition(form.elements.chain.value);
    var region = form.elements.region.value.trim();
    var other = form.elements.compare.value.trim();
    if (!chain) { L.status(statusLine, "还没有定义任何产业链。", "error"); return; }
    document.getElementById("chain-title").textContent = chain.name + (region ? " · " + region : "");
    draw(chain, {});
    document.getElementById("compare-wrap").hidden = true;
    if (!region) { L.status(statusLine, "请输入一个地区。", "error"); return; }
    L.status(statusLine, "正在分析 " + region + " 的产业链布局…", "busy");
    Promise.all([L.getJSON(chainUrl(chain, region)), L.getJSON(chainUrl(chain, region, "/gaps"))]).then(function (results) {
      var byLink = index(results[0]);
      draw(chain, byLink);
      gapTable(chain, results[1], region);
      var counts = {present: 0, weak: 0, gap: 0, unknown: 0};
      chain.links.forEach(function (l) { counts[presence(byLink[l.id] || {})] += 1; });
      L.status(statusLine, region + "：已布局 " + counts.present + " 个环节，薄弱 " + counts.weak + " 个，空白 " + counts.gap + " 个。", "");
    }, function (error) {
      L.status(statusLine, "无法取得分析结果：" + error.message + "。图中只显示产业链的环节。", "error");
      L.fill(document.getElementById("gap-table"), L.el("p", {className: "empty", text: "暂无空白环节分析。"}));
    });
    if (other) {
      Promise.all([L.getJSON(chainUrl(chain, region)), L.getJSON(chainUrl(chain, other))]).then(function (views) {
        compareTable(chain, region, other, views[0], views[1]);
      }, function (error) { L.status(statusLine, "地区对比失败：" + error.message, "error"); });
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = new URLSearchParams(new FormData(form));
    history.replaceState(null, "", "?" + params.toString());
    run();
  });
  run();
})();
