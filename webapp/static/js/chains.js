/* 链图: the chain page.
   Draws a chain's links from the definitions in data-definitions, then colours them by the region's
   presence from GET /api/chains/<id>?region= (links[].status: gap / weak / present / strong) in one
   column per stage, lifts a link's neighbours on hover, lists the gap and weak links with candidates from GET /api/chains/<id>/candidates
   (news-backed leads with their evidence tier 强/中/弱, then the leads only a business registry shows) and the 延链/补链/强链
   suggestions from GET /api/chains/<id>/extension, and compares two regions with
   GET /api/chains/<id>/compare?a=&b=, keeps the links the region has collapsed below the gaps, and points
   the brief links (/chains/report) at the chain and region on the form. */
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
  var STATUS_NAMES = {strong: "较强", present: "已布局", weak: "薄弱", gap: "空白", unknown: "未分析"};
  var ACTIONS = {"延链": "延链", "补链": "补链", "强链": "强链"};

  function definition(id) {
    for (var i = 0; i < definitions.length; i++) if (definitions[i].id === id) return definitions[i];
    return definitions[0];
  }
  function status(link) {
    var s = link && link.status;
    return STATUS_NAMES[s] ? s : "unknown";
  }
  function badge(s, text) { return L.el("span", {className: "presence " + s, text: text || STATUS_NAMES[s]}); }
  function entityLink(x) { return x.id ? L.el("a", {href: L.entityUrl(x.id), text: x.name || x.id}) : L.el("span", {text: x.name}); }
  function commaList(items, render) {
    var span = L.el("span");
    items.forEach(function (x, i) { if (i) span.appendChild(document.createTextNode("、")); span.appendChild(render(x)); });
    return span;
  }

  var TIER_NAMES = {strong: "强", medium: "中", weak: "弱"};
  var TIER_TITLES = {strong: "报道所述在该环节的项目、扩产或工厂", medium: "报道关联该环节", weak: "仅工商登记信息"};
  function tierBadge(tier) {
    var t = TIER_NAMES[tier] ? tier : "weak";
    return L.el("span", {className: "tier " + t, text: TIER_NAMES[t], title: TIER_TITLES[t]});
  }
  /** The first leads of a gap, each with its evidence tier, places, whether it already invests in the region, and why. */
  function leadList(leads) {
    return L.el("ul", {className: "candidates"}, leads.slice(0, 5).map(function (c) {
      return L.el("li", {"data-tier": TIER_NAMES[c.tier] ? c.tier : "weak"}, tierBadge(c.tier), " ", entityLink(c),
        c.regions && c.regions.length ? L.el("span", {className: "why", text: "（" + c.regions.join("、") + "）"}) : null,
        c.present ? L.el("span", {className: "lead-present", text: "已在本地"}) : null,
        (c.why || []).length ? L.el("div", {className: "why", text: c.why.slice(0, 2).join("；")}) : null);
    }));
  }

  var STAGES = ["上游", "中游", "下游"];

  /** Positions: one column per stage as the chain file states it (上游, 中游, 下游), links in file order. */
  function positions(links) {
    var rows = {}, pos = {};
    links.forEach(function (l) {
      var column = Math.max(STAGES.indexOf(l.stage), 0);
      rows[column] = (rows[column] || 0) + 1;
      pos[l.id] = {x: column * 260, y: (rows[column] - 1) * 64};
    });
    return pos;
  }

  /** Hovering a link lifts it, its neighbours and the edges between them; the rest fades. */
  function highlightNeighbours(cy) {
    cy.on("mouseover", "node.link", function (event) {
      var hood = event.target.closedNeighborhood();
      cy.elements().not(hood).addClass("faded");
      hood.edges().addClass("highlight");
    });
    cy.on("mouseout", "node.link", function () {
      cy.elements().removeClass("faded");
      cy.edges().removeClass("highlight");
    });
  }

  /** Draw the chain; `view` (may be null) is the region's report from the API. */
  function draw(chain, view) {
    var byLink = {};
    var links = chain.links, edges = chain.edges, feedback = [];
    if (view) {
      view.links.forEach(function (l) { byLink[l.id] = l; });
      links = view.links;
      edges = (view.edges || []).map(function (e) { return [e.from, e.to]; });
      feedback = (view.feedback || []).map(function (e) { return [e.from, e.to]; });
    }
    var pos = positions(links);
    var stageOf = {};
    links.forEach(function (l) { stageOf[l.id] = l.stage; });
    var names = {};
    links.forEach(function (l) { names[l.id] = l.name; });
    var drawing = window.LiantuGraph.create(box, {info: info});
    drawing.cy.add(links.map(function (l) {
      var found = byLink[l.id];
      var s = status(found);
      var local = found ? (found.enterprises || []).concat(found.projects || []).map(function (x) { return x.name; }) : [];
      return {group: "nodes", classes: "link", position: pos[l.id], data: {id: l.id, name: l.name, label: "ChainLink",
        presence: s, detail: l.stage + " · " + STATUS_NAMES[s] + (found && found.reason ? " · " + found.reason : "") +
          (local.length ? " · 本地：" + local.slice(0, 4).join("、") : "")}};
    }));
    drawing.cy.add(edges.concat(feedback).map(function (e, i) {
      return {group: "edges", classes: "chain-edge" + (i >= edges.length ? " feedback" : "") +
          (stageOf[e[0]] === stageOf[e[1]] ? " within" : ""),
        data: {id: e[0] + ">" + e[1], source: e[0], target: e[1], type: "UPSTREAM_OF",
          headName: names[e[0]], tailName: names[e[1]], evidence: []}};
    }));
    drawing.cy.on("tap", "node", function (event) { describeLink(byLink[event.target.id()], event.target.data("name")); });
    highlightNeighbours(drawing.cy);
    drawing.layout(true);
    box.setAttribute("data-ready", view ? "analysed" : "definition");
  }

  function describeLink(link, name) {
    if (!link) { L.fill(info, L.el("p", {text: name + "：尚未分析。"})); return; }
    var rows = (link.projects || []).concat(link.enterprises || []);
    L.fill(info, L.el("div", null,
      L.el("p", null, L.el("strong", {text: link.name + " "}), badge(status(link)), " " + (link.reason || "")),
      rows.length ? L.el("ul", null, rows.slice(0, 8).map(function (x) {
        var ev = (x.evidence || [])[0];
        return L.el("li", null, entityLink(x), x.status ? "（" + x.status + "）" : "",
          ev ? L.el("blockquote", {className: "evidence"}, ev.sentence,
            L.el("cite", null, L.el("a", {href: L.documentUrl(ev.doc_id) + "#m-" + ev.start, text: "打开文档"}))) : null);
      })) : null));
  }

  /** The links the region has (present, strong), collapsed under the gap table. */
  function presentLinks(view) {
    var had = (view.links || []).filter(function (l) { return l.status === "present" || l.status === "strong"; });
    if (!had.length) return null;
    var tbody = L.el("tbody");
    had.forEach(function (l) {
      var local = (l.projects || []).concat(l.enterprises || []);
      tbody.appendChild(L.el("tr", {"data-link": l.id, "data-presence": status(l)},
        L.el("td", null, L.el("strong", {text: l.name}), L.el("div", {className: "why", text: l.stage})),
        L.el("td", null, badge(status(l)), L.el("div", {className: "why", text: l.reason || ""})),
        L.el("td", null, local.length ? commaList(local.slice(0, 6), entityLink) : L.el("span", {className: "why", text: "—"}))));
    });
    return L.el("details", {className: "present-links", id: "present-links"},
      L.el("summary", {text: "已有环节（" + had.length + " 个）"}),
      L.el("div", {className: "table-scroll"}, L.el("table", {id: "present"}, L.el("thead", null, L.el("tr", null,
        L.el("th", {text: "环节"}), L.el("th", {text: "状态"}), L.el("th", {text: "本地项目与企业"}))), tbody)));
  }

  function gapTable(region, candidates, extension, view) {
    var target = document.getElementById("gap-table");
    var rows = candidates.links || [];
    var actions = {};
    (extension.suggestions || []).forEach(function (s) { actions[s.link] = s; });
    var had = presentLinks(view);
    if (!rows.length) {
      L.fill(target, L.el("p", {className: "empty", text: region + " 在这条产业链上没有空白或薄弱环节。"}));
      if (had) target.appendChild(had);
      return;
    }
    var table = L.el("table", {id: "gaps"}, L.el("thead", null, L.el("tr", null,
      L.el("th", {text: "环节"}), L.el("th", {text: "状态"}), L.el("th", {text: "候选企业（外地）"}), L.el("th", {text: "建议"}))));
    var tbody = L.el("tbody");
    rows.forEach(function (g) {
      var s = status(g);
      var suggestion = actions[g.link];
      var list = g.candidates || [];
      var registry = g.registry_candidates || [];
      tbody.appendChild(L.el("tr", {"data-link": g.link, "data-presence": s},
        L.el("td", null, L.el("strong", {text: g.name}), L.el("div", {className: "why", text: g.stage})),
        L.el("td", null, badge(s), L.el("div", {className: "why", text: g.reason || ""})),
        L.el("td", null, list.length ? leadList(list) : L.el("span", {className: "why", text: "语料中暂无外地候选企业"}),
          g.total > 5 ? L.el("div", {className: "why", text: "共 " + g.total + " 家"}) : null,
          registry.length ? L.el("div", {className: "registry-leads"},
            L.el("div", {className: "why", text: "仅见于工商登记（弱线索）" + (g.registry_total > 5 ? "，共 " + g.registry_total + " 家" : "")}),
            leadList(registry)) : null),
        L.el("td", null, suggestion ? L.el("span", null, L.el("strong", {text: ACTIONS[suggestion.action] || suggestion.action || ""}),
          (suggestion.from || []).length ? L.el("div", {className: "why", text: "衔接：" + suggestion.from.map(function (f) { return f.name; }).join("、")}) : null)
          : L.el("span", {className: "why", text: "—"}))));
    });
    table.appendChild(tbody);
    L.fill(target, L.el("div", {className: "table-scroll"}, table));
    var csv = L.el("p", {className: "why"}, L.el("a", {href: apiUrl(currentChain.id, "/candidates", {region: region, format: "csv"}), text: "下载 CSV"}));
    target.appendChild(csv);
    if (had) target.appendChild(had);
  }

  function compareTable(report) {
    var wrap = document.getElementById("compare-wrap");
    var table = L.el("table", {id: "compare"}, L.el("thead", null, L.el("tr", null,
      L.el("th", {text: "环节"}), L.el("th", {text: report.a.name}), L.el("th", {text: report.b.name}))));
    var tbody = L.el("tbody");
    report.links.forEach(function (l) {
      tbody.appendChild(L.el("tr", {"data-link": l.id}, L.el("td", {text: l.name}), cell(l.a), cell(l.b)));
    });
    table.appendChild(tbody);
    L.fill(document.getElementById("compare-table"), L.el("div", {className: "table-scroll"}, table));
    wrap.hidden = false;
    function cell(side) {
      var s = status(side);
      return L.el("td", null, badge(s), L.el("div", {className: "why", text: side.reason || ""}));
    }
  }

  function apiUrl(chainId, suffix, params) {
    var query = new URLSearchParams(params).toString();
    return "/api/chains/" + encodeURIComponent(chainId) + (suffix || "") + (query ? "?" + query : "");
  }

  var currentChain = null;

  /** Point the brief links at the chain and region on the form. */
  function briefLinks(chainId, region) {
    [["brief-html", null], ["brief-xlsx", "xlsx"], ["brief-md", "md"]].forEach(function (pair) {
      var a = document.getElementById(pair[0]);
      if (!a) return;
      var params = {chain: chainId, region: region};
      if (pair[1]) params.format = pair[1];
      a.href = "/chains/report?" + new URLSearchParams(params).toString();
    });
  }

  function run() {
    var chain = definition(form.elements.chain.value);
    var region = form.elements.region.value.trim();
    var other = form.elements.compare.value.trim();
    if (!chain) { L.status(statusLine, "还没有定义任何产业链。", "error"); return; }
    currentChain = chain;
    briefLinks(chain.id, region);
    document.getElementById("chain-title").textContent = chain.name + (region ? " · " + region : "");
    draw(chain, null);
    document.getElementById("compare-wrap").hidden = true;
    if (!region) { L.status(statusLine, "请输入一个地区。", "error"); return; }
    L.status(statusLine, "正在分析 " + region + " 的产业链布局…", "busy");
    L.fill(document.getElementById("gap-table"), L.el("p", {className: "loading", text: "正在查找空白环节和候选企业…"}));
    L.getJSON(apiUrl(chain.id, "", {region: region})).then(function (view) {
      draw(chain, view);
      var counts = {strong: 0, present: 0, weak: 0, gap: 0};
      view.links.forEach(function (l) { counts[l.status] = (counts[l.status] || 0) + 1; });
      L.status(statusLine, view.region.name + "（截至 " + (view.as_of || "今") + "）：较强 " + counts.strong + " 个环节，已布局 " +
        counts.present + " 个，薄弱 " + counts.weak + " 个，空白 " + counts.gap + " 个。点击环节查看本地企业、项目和证据。", "");
      return Promise.all([L.getJSON(apiUrl(chain.id, "/candidates", {region: region})),
        L.getJSON(apiUrl(chain.id, "/extension", {region: region}))]).then(function (reports) {
        gapTable(view.region.name, reports[0], reports[1], view);
      });
    }).catch(function (error) {
      L.status(statusLine, "无法取得分析结果：" + error.message + "。图中只显示产业链的环节。", "error");
      L.fill(document.getElementById("gap-table"), L.el("p", {className: "empty", text: "暂无空白环节分析。"}));
    });
    if (other) {
      L.getJSON(apiUrl(chain.id, "/compare", {a: region, b: other})).then(compareTable, function (error) {
        L.fill(document.getElementById("compare-table"), L.el("p", {className: "error", text: "地区对比失败：" + error.message}));
        document.getElementById("compare-wrap").hidden = false;
      });
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
