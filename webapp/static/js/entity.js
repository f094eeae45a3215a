/* 链图: the entity page's neighbourhood graph; a click on a node adds that node's neighbours. */
(function () {
  "use strict";
  var L = window.Liantu;
  var box = document.getElementById("entity-graph");
  if (!box || !window.cytoscape) return;
  var info = document.getElementById("graph-info");
  var center = box.getAttribute("data-entity");
  var docs = box.getAttribute("data-documents") || "0";

  function url(id, withDocs) {
    return "/api/entities/" + encodeURIComponent(id).replace(/%3A/g, ":") + "/graph?hops=1&limit=40&documents=" + (withDocs ? docs : "0");
  }

  L.getJSON(url(center, true)).then(function (sub) {
    if (!sub.nodes || sub.nodes.length <= 1) {
      L.fill(box, L.el("p", {className: "empty", text: "还没有与它相连的实体或文档。"}));
      return;
    }
    var drawing = window.LiantuGraph.create(box, {info: info, onTap: expand});
    drawing.add(sub, center);
    drawing.cy.getElementById(center).addClass("expanded");
    box.setAttribute("data-nodes", String(drawing.cy.nodes().length));
    drawing.layout();
    box.setAttribute("data-ready", "true");

    /** A document expands to the entities it mentions; an entity to its neighbours. */
    function neighbours(node) {
      if (node.data("label") !== "Document") return L.getJSON(url(node.id(), false));
      return L.getJSON("/api/documents/" + encodeURIComponent(node.id().replace(/^Document:/, ""))).then(function (body) {
        var entities = (body.entities || []).slice(0, 25);
        return {nodes: entities.map(function (e) { return {id: e.id, name: e.name, label: e.label}; }),
          edges: entities.map(function (e) { return {type: "MENTIONS", head: node.id(), tail: e.id, evidence: []}; })};
      });
    }

    function expand(node) {
      if (node.hasClass("expanded")) return;
      node.addClass("expanded");
      L.status(info, "正在展开“" + node.data("name") + "”…", "busy");
      neighbours(node).then(function (more) {
        var added = drawing.add(more);
        L.status(info, added ? "新增 " + added + " 个节点。" : "“" + node.data("name") + "”没有更多的关系。", "");
        if (added) drawing.layout();
        box.setAttribute("data-nodes", String(drawing.cy.nodes().length));
      }, function (error) { L.status(info, "展开失败：" + error.message, "error"); });
    }
  }, function (error) {
    L.fill(box, L.el("p", {className: "error", text: "关系网络加载失败：" + error.message}));
  });
})();
