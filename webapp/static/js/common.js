/* 链图: helpers shared by the page scripts. Text always goes in through textContent, never innerHTML. */
(function () {
  "use strict";

  // Display names of labels and relation types, as graph/model.py defines them (written into every page).
  var NAMES = JSON.parse(document.getElementById("display-names").textContent);
  var LABELS = NAMES.labels, RELATIONS = NAMES.relations;

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "text") node.textContent = value;
        else if (key === "className") node.className = value;
        else node.setAttribute(key, value === true ? "" : value);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) child.forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
      else node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  /** Replace a node's children. */
  function fill(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) node.appendChild(arguments[i]);
    return node;
  }

  /** GET JSON from our API; rejects with an Error whose message is plain words (and .status). */
  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"}).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (response.ok && body) return body;
        var message = body && body.error ? body.error : "服务器返回了 " + response.status;
        if (response.status === 404 && (!body || /no API endpoint/.test(message))) message = "这个功能的数据接口暂不可用";
        var error = new Error(message);
        error.status = response.status;
        throw error;
      });
    }, function () {
      var error = new Error("无法连接服务器，请检查网络后重试");
      error.status = 0;
      throw error;
    });
  }

  /** Show a status line: kind is "busy", "error" or "" (plain). */
  function status(node, text, kind) {
    if (!node) return;
    node.textContent = text || "";
    node.classList.remove("busy", "error");
    if (kind) node.classList.add(kind);
  }

  function entityUrl(id) { return "/entity/" + encodeURIComponent(id).replace(/%3A/g, ":"); }
  function documentUrl(id) { return "/document/" + encodeURIComponent(id); }
  function labelOf(id) { return String(id || "").split(":")[0]; }

  window.Liantu = {el: el, fill: fill, getJSON: getJSON, status: status, LABELS: LABELS, RELATIONS: RELATIONS,
    entityUrl: entityUrl, documentUrl: documentUrl, labelOf: labelOf};
})();
