/* 链图: interactive graph drawings on cytoscape (pan, zoom, click to expand, hover for evidence). */
(function () {
  "use strict";
  var L = window.Liantu;
  var FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var COLOURS = {Enterprise: "#1f77b4", Project: "#d9480f", Region: "#2b8a3e", Person: "#9c36b5", Org: "#0b7285",
    ChainLink: "#e67700", Chain: "#e67700", Event: "#5f3dc4", Document: "#868e96"};
  var PRESENCE = {strong: "#1b6e2d", present: "#2f9e44", weak: "#f59f00", gap: "#e03131", unknown: "#adb5bd"};

  function style() {
    return [
      {selector: "node", style: {
        "label": "data(name)", "font-family": FONT, "font-size": 13, "color": "#1d2330",
        "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "ellipsis", "text-max-width": 140,
        "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1,
        "background-color": function (n) { return COLOURS[n.data("label")] || "#868e96"; },
        "width": 24, "height": 24, "border-width": 2, "border-color": "#fff",
        // Nodes above edges, so a click on a node never lands on the arrow that points at it.
        "z-index-compare": "manual", "z-index": 10}},
      {selector: "node[label = 'Document']", style: {"shape": "round-rectangle", "width": 16, "height": 20}},
      {selector: "node.center", style: {"width": 34, "height": 34, "border-color": "#1d2330", "border-width": 3, "font-weight": "bold"}},
      {selector: "node.expanded", style: {"border-color": "#1d2330"}},
      {selector: "node:selected", style: {"overlay-color": "#1f6feb", "overlay-opacity": 0.15}},
      {selector: "node.link", style: {
        "shape": "round-rectangle", "width": 150, "height": 46, "text-valign": "center", "text-margin-y": 0,
        "text-max-width": 140, "text-wrap": "wrap", "color": "#fff", "font-size": 14, "text-background-opacity": 0,
        "background-color": function (n) { return PRESENCE[n.data("presence")] || PRESENCE.unknown; }}},
      {selector: "edge", style: {
        "width": 1.6, "line-color": "#adb5bd", "target-arrow-color": "#adb5bd", "target-arrow-shape": "triangle",
        "curve-style": "bezier", "arrow-scale": 0.9, "z-index-compare": "manual", "z-index": 1,
        "label": "data(caption)", "font-family": FONT, "font-size": 10, "color": "#5d6473",
        "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.85}},
      {selector: "edge[type = 'MENTIONS']", style: {"line-style": "dashed", "label": ""}},
      {selector: "edge.chain-edge", style: {"width": 3, "line-color": "#868e96", "target-arrow-color": "#868e96", "label": "",
        "curve-style": "taxi", "taxi-direction": "rightward"}},
      {selector: "edge.feedback", style: {"line-style": "dashed", "width": 1.5, "curve-style": "unbundled-bezier"}},
      {selector: "edge.chain-edge.within", style: {"curve-style": "bezier"}},
      {selector: "edge.highlight", style: {"width": 3.5, "line-color": "#1f6feb", "target-arrow-color": "#1f6feb",
        "z-index": 9}},
      {selector: ".faded", style: {"opacity": 0.25}}
    ];
  }

  function edgeId(e) { return e.head + "|" + e.type + "|" + e.tail; }

  /** A drawing in `container`: options.onTap(node), options.info (element for details). */
  function create(container, options) {
    options = options || {};
    L.fill(container);
    var cy = window.cytoscape({container: container, style: style(), minZoom: 0.2, maxZoom: 3,
      boxSelectionEnabled: false});
    var tooltip = L.el("div", {className: "tooltip", role: "tooltip", hidden: true});
    document.body.appendChild(tooltip);

    function showTip(event, lines) {
      L.fill(tooltip);
      lines.forEach(function (line, i) { tooltip.appendChild(L.el("div", {className: i ? "muted" : "", text: line})); });
      var x = event.originalEvent ? event.originalEvent.clientX : 0, y = event.originalEvent ? event.originalEvent.clientY : 0;
      tooltip.style.left = Math.min(x + 14, window.innerWidth - 370) + "px";
      tooltip.style.top = (y + 14) + "px";
      tooltip.hidden = false;
    }
    function hideTip() { tooltip.hidden = true; }

    cy.on("mouseover", "node", function (event) {
      var n = event.target;
      var lines = [n.data("name") + "（" + (L.LABELS[n.data("label")] || n.data("label") || "") + "）"];
      if (n.data("detail")) lines.push(n.data("detail"));
      if (options.onTap && !n.hasClass("expanded")) lines.push("点击展开");
      showTip(event, lines);
    });
    cy.on("mouseover", "edge", function (event) {
      var e = event.target, evidence = e.data("evidence") || [];
      var lines = [e.data("headName") + " " + (L.RELATIONS[e.data("type")] || e.data("type") || "→") + " " + e.data("tailName")];
      evidence.slice(0, 3).forEach(function (ev) { lines.push("“" + ev.sentence + "”"); });
      if (!evidence.length && e.data("type") !== "MENTIONS" && !e.hasClass("chain-edge")) lines.push("（没有证据句）");
      e.addClass("highlight");
      showTip(event, lines);
    });
    cy.on("mouseout", "edge", function (event) { event.target.removeClass("highlight"); hideTip(); });
    cy.on("mouseout", "node", hideTip);
    cy.on("tap", "node", function (event) {
      hideTip();
      if (options.info) describe(options.info, event.target);
      if (options.onTap) options.onTap(event.target);
    });
    cy.on("tap", "edge", function (event) { if (options.info) describeEdge(options.info, event.target); });

    /** Add a subgraph ({nodes, edges}); returns the number of new nodes. */
    function add(sub, center) {
      var before = cy.nodes().length;
      var names = {};
      cy.nodes().forEach(function (n) { names[n.id()] = n.data("name"); });
      (sub.nodes || []).forEach(function (n) { names[n.id] = n.name; });
      var elements = [];
      (sub.nodes || []).forEach(function (n) {
        if (cy.getElementById(n.id).nonempty()) return;
        elements.push({group: "nodes", data: {id: n.id, name: n.name || n.id, label: n.label || L.labelOf(n.id),
          detail: (n.aliases && n.aliases.length ? "别名：" + n.aliases.join("、") : "")}});
      });
      (sub.edges || []).forEach(function (e) {
        var id = edgeId(e);
        if (cy.getElementById(id).nonempty()) return;
        if (!names[e.head] || !names[e.tail]) return;
        elements.push({group: "edges", data: {id: id, source: e.head, target: e.tail, type: e.type,
          caption: e.type === "MENTIONS" ? "" : (L.RELATIONS[e.type] || e.type), evidence: e.evidence || [],
          headName: names[e.head], tailName: names[e.tail]}});
      });
      cy.add(elements);
      if (center) cy.getElementById(center).addClass("center");
      return cy.nodes().length - before;
    }

    function layout(fixed) {
      var opts = {name: "cose", animate: false, nodeDimensionsIncludeLabels: true, padding: 30, randomize: false,
        idealEdgeLength: function () { return 90; }, nodeRepulsion: function () { return 9000; }};
      if (fixed) opts = {name: "preset", padding: 30};
      cy.layout(opts).run();
      cy.fit(undefined, 30);
      if (cy.zoom() > 1.4) { cy.zoom(1.4); cy.center(); }
    }

    var drawing = {cy: cy, add: add, layout: layout, clear: function () { cy.elements().remove(); }};
    container.liantuGraph = drawing;  // lets the browser tests find nodes to click
    return drawing;
  }

  function describe(info, node) {
    var label = node.data("label");
    var link = label === "Document" ? L.documentUrl(node.id().replace(/^Document:/, ""))
      : (node.hasClass("link") ? null : L.entityUrl(node.id()));
    L.fill(info, L.el("p", null, L.el("strong", {text: node.data("name")}), " ",
      L.el("span", {className: "chip chip-" + label, text: L.LABELS[label] || label}), " ",
      link ? L.el("a", {href: link, text: label === "Document" ? "打开文档" : "查看详情"}) : null,
      node.data("detail") ? L.el("span", {className: "why", text: " " + node.data("detail")}) : null));
  }

  function describeEdge(info, edge) {
    var evidence = edge.data("evidence") || [];
    L.fill(info, L.el("div", null,
      L.el("p", null, edge.data("headName") + " ", L.el("span", {className: "rel", text: L.RELATIONS[edge.data("type")] || edge.data("type")}), " " + edge.data("tailName")),
      evidence.length ? evidence.slice(0, 5).map(function (ev) {
        return L.el("blockquote", {className: "evidence"}, ev.sentence,
          L.el("cite", null, L.el("a", {href: L.documentUrl(ev.doc_id) + "#m-" + ev.start, text: "打开文档"})));
      }) : null));
  }

  window.LiantuGraph = {create: create, COLOURS: COLOURS, PRESENCE: PRESENCE};
})();
