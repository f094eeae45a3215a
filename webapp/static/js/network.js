/* 链图: the 侨商 network explorer over /api/network/ego|paths|brokers|communities. */
(function () {
  "use strict";
  var L = window.Liantu;
  var box = document.getElementById("network-graph");
  if (!box || !window.cytoscape) return;
  var statusLine = document.getElementById("network-status");
  var info = document.getElementById("network-info");
  var drawing = null;

  function graphOf(body) {
    var g = body.graph || body.subgraph || body.ego || body;
    return {nodes: g.nodes || [], edges: g.edges || []};
  }
  function listOf(body, key) {
    if (Array.isArray(body)) return body;
    return body[key] || body.items || body.results || [];
  }
  function entityName(x) { return typeof x === "string" ? x : (x.name || (x.entity && x.entity.name) || x.id || ""); }
  function entityId(x) { return typeof x === "string" ? null : (x.id || (x.entity && x.entity.id) || null); }
  function valueOf(input) { return input.getAttribute("data-id") && input.getAttribute("data-name") === input.value ? input.getAttribute("data-id") : input.value.trim(); }

  function ensureDrawing() {
    if (!drawing) drawing = window.LiantuGraph.create(box, {info: info, onTap: expand});
    return drawing;
  }

  /** The entity the API settled on for a query, or null (with `alternatives` when the name is ambiguous). */
  function centreOf(body) {
    var c = body.center;
    if (c && typeof c === "object") return c.entity ? c.entity.id : null;
    return c || null;
  }

  function ego(entity, hops) {
    L.status(statusLine, "正在加载“" + entity + "”的关系网…", "busy");
    L.getJSON("/api/network/ego?entity=" + encodeURIComponent(entity) + "&hops=" + hops).then(function (body) {
      var g = graphOf(body);
      var center = centreOf(body);
      var alternatives = (body.center && body.center.alternatives) || [];
      if (!center && alternatives.length) {
        var line = L.el("span", {text: "“" + entity + "”可能指以下几位，请选择："});
        alternatives.slice(0, 10).forEach(function (a, i) { line.appendChild(document.createTextNode(i ? "、" : "")); line.appendChild(egoLink(a)); });
        L.fill(statusLine, line);
        statusLine.classList.remove("busy", "error");
        return;
      }
      if (!g.nodes.length) {
        L.status(statusLine, "没有找到“" + entity + "”的关系网。换个名称试试。", "");
        return;
      }
      center = center || g.nodes[0].id;
      drawing = null;
      var d = ensureDrawing();
      d.add(g, center);
      d.cy.getElementById(center).addClass("expanded");
      d.layout();
      box.setAttribute("data-ready", "true");
      box.removeAttribute("data-expanded");
      // On a phone the drawing sits below the tools: bring it into view.
      if (window.matchMedia("(max-width: 760px)").matches) statusLine.scrollIntoView({block: "start"});
      L.status(statusLine, "共 " + g.nodes.length + " 个节点、" + g.edges.length + " 条关系" + (body.truncated ? "（已截断）" : "") +
        (alternatives.length ? "；同名的还有 " + alternatives.length + " 位" : "") + "。点击节点继续展开，悬停在连线上查看证据。", "");
    }, function (error) { L.status(statusLine, "无法加载关系网：" + error.message, "error"); });
  }

  function expand(node) {
    if (node.hasClass("expanded") || node.data("label") === "Document") return;
    node.addClass("expanded");
    L.status(statusLine, "正在展开“" + node.data("name") + "”…", "busy");
    L.getJSON("/api/network/ego?hops=1&entity=" + encodeURIComponent(node.id())).then(function (body) {
      var added = drawing.add(graphOf(body));
      if (added) drawing.layout();
      box.setAttribute("data-expanded", String(drawing.cy.nodes(".expanded").length));
      L.status(statusLine, added ? "展开“" + node.data("name") + "”：新增 " + added + " 个节点。" : "“" + node.data("name") + "”没有更多的关系。", "");
    }, function (error) { L.status(statusLine, "展开失败：" + error.message, "error"); });
  }

  function paths(source, target) {
    var out = document.getElementById("path-results");
    L.fill(out, L.el("p", {className: "loading", text: "正在查找…"}));
    L.getJSON("/api/network/paths?k=3&source=" + encodeURIComponent(source) + "&target=" + encodeURIComponent(target)).then(function (body) {
      var found = listOf(body, "paths");
      if (!found.length) { L.fill(out, L.el("p", {className: "empty", text: "在 6 步以内没有找到两者之间的联系。"})); return; }
      L.fill(out);
      drawing = null;
      var d = ensureDrawing();
      found.forEach(function (path, i) {
        var nodes = path.nodes || [], edges = path.edges || [];
        var line = L.el("p", {className: "path"}, L.el("strong", {text: "路径 " + (i + 1) + "（" + edges.length + " 步）："}));
        nodes.forEach(function (n, j) {
          line.appendChild(L.el("a", {href: L.entityUrl(n.id), text: n.name || n.id}));
          if (edges[j]) line.appendChild(L.el("span", {className: "rel", text: " " + (L.RELATIONS[edges[j].type] || edges[j].type) + " "}));
        });
        out.appendChild(line);
        d.add({nodes: nodes, edges: edges});
      });
      d.layout();
      box.setAttribute("data-ready", "true");
    }, function (error) { L.fill(out, L.el("p", {className: "error", text: "查找失败：" + error.message})); });
  }

  function ranked(target, url, key, render) {
    L.fill(target, L.el("p", {className: "loading", text: "正在计算…"}));
    L.getJSON(url).then(function (body) {
      var items = listOf(body, key);
      if (!items.length) { L.fill(target, L.el("p", {className: "empty", text: "数据还不足以得出结果。"})); return; }
      L.fill(target, L.el("ol", {className: "ranked"}, items.slice(0, 15).map(render)));
    }, function (error) { L.fill(target, L.el("p", {className: "error", text: "计算失败：" + error.message})); });
  }

  function egoLink(x) {
    var id = entityId(x), name = entityName(x);
    var a = L.el("a", {href: "#", text: name});
    a.addEventListener("click", function (event) {
      event.preventDefault();
      var input = document.getElementById("ego-entity");
      input.value = name;
      input.setAttribute("data-id", id || name);
      input.setAttribute("data-name", name);
      ego(id || name, document.getElementById("ego-hops").value);
    });
    return a;
  }

  document.getElementById("ego-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = document.getElementById("ego-entity");
    if (input.value.trim()) ego(valueOf(input), document.getElementById("ego-hops").value);
  });
  document.getElementById("path-form").addEventListener("submit", function (event) {
    event.preventDefault();
    paths(valueOf(document.getElementById("path-source")), valueOf(document.getElementById("path-target")));
  });
  document.getElementById("brokers-load").addEventListener("click", function () {
    ranked(document.getElementById("brokers"), "/api/network/brokers?limit=15", "brokers", function (b) {
      var score = b.score !== undefined ? b.score : b.betweenness;
      var where = (b.countries || []).concat((b.hometowns || []).map(function (h) { return "祖籍" + entityName(h); }));
      return L.el("li", null, egoLink(b), L.el("span", {className: "why", text: " " + (L.LABELS[b.label] || "") + (where.length ? " · " + where.map(entityName).join("、") : "")}),
        score !== undefined ? L.el("span", {className: "count", text: " 中介度 " + Number(score).toFixed(4)}) : null);
    });
  });
  document.getElementById("communities-load").addEventListener("click", function () {
    ranked(document.getElementById("communities"), "/api/network/communities?limit=10", "communities", function (c) {
      var members = c.top_members || c.members || c.nodes || [];
      var summary = [];
      [["hometowns", "祖籍"], ["countries", "国家"], ["organisations", "组织"]].forEach(function (pair) {
        var v = c[pair[0]];
        if (v && (Array.isArray(v) ? v.length : Object.keys(v).length)) {
          summary.push(pair[1] + "：" + (Array.isArray(v) ? v.map(entityName) : Object.keys(v)).slice(0, 4).join("、"));
        }
      });
      var li = L.el("li", null, L.el("strong", {text: (c.size || members.length) + " 个成员："}));
      members.slice(0, 6).forEach(function (m, i) { if (i) li.appendChild(document.createTextNode("、")); li.appendChild(egoLink(m)); });
      if (summary.length) li.appendChild(L.el("div", {className: "why", text: summary.join("；")}));
      return li;
    });
  });

  [["ego-entity", "ego-suggestions"]].forEach(function (pair) {
    var input = document.getElementById(pair[0]);
    window.LiantuSuggest.attach(input, document.getElementById(pair[1]), function (item) {
      input.value = item.name;
      input.setAttribute("data-id", item.id);
      input.setAttribute("data-name", item.name);
      ego(item.id, document.getElementById("ego-hops").value);
    });
  });
  var initial = document.getElementById("ego-entity").value.trim();
  if (initial) ego(initial, document.getElementById("ego-hops").value);
  var src = document.getElementById("path-source").value.trim(), dst = document.getElementById("path-target").value.trim();
  if (src && dst) paths(src, dst);
})();
