/* 链图: suggestions as the user types, from GET /api/suggest?q=:
   {entities: [{id, label, name, url}], titles: [{id, title, date}]}. */
(function () {
  "use strict";
  var L = window.Liantu;

  /** Attach suggestions to an input; onPick(item) runs when one is chosen (default: go to its page). */
  function attach(input, list, onPick) {
    if (!input || !list) return;
    var timer = null, items = [], active = -1, lastQuery = "", asked = 0;

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    /* Dismissed (Escape, or the form sent): no suggestion for the text as it stands, not even one on its way. */
    function dismiss() { clearTimeout(timer); asked += 1; lastQuery = input.value.trim(); close(); }
    function pick(item) {
      close();
      if (onPick) onPick(item); else window.location.href = item.url || L.entityUrl(item.id);
    }
    function render() {
      L.fill(list);
      items.forEach(function (item, i) {
        var li = L.el("li", {role: "option", id: list.id + "-" + i, "aria-selected": i === active ? "true" : "false"},
          L.el("span", {text: item.name || item.id}), L.el("span", {className: "label", text: L.LABELS[item.label] || item.label || ""}));
        li.addEventListener("mousedown", function (event) { event.preventDefault(); pick(item); });
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    }
    function load() {
      var q = input.value.trim();
      if (q === lastQuery) return;
      lastQuery = q;
      if (!q) { items = []; render(); return; }
      var ask = ++asked;
      L.getJSON("/api/suggest?limit=8&q=" + encodeURIComponent(q)).then(function (body) {
        if (ask !== asked || input.value.trim() !== q) return;
        var entities = Array.isArray(body) ? body : (body.entities || []);
        var titles = (body.titles || []).map(function (t) {
          return {id: t.id, name: t.title || t.id, label: "Document", url: L.documentUrl(t.id), detail: t.date};
        });
        items = entities.slice(0, 6).concat(onPick ? [] : titles.slice(0, 3));
        active = -1;
        render();
      }, function () { items = []; render(); });  // suggestions are a convenience: fail quietly
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(load, 150); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { dismiss(); return; }
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        active = (active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        render();
        event.preventDefault();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        pick(items[active]);
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    if (input.form) {
      // Once the form is sent, late suggestions would only get in the way.
      input.form.addEventListener("submit", dismiss);
    }
  }

  window.LiantuSuggest = {attach: attach};
  document.addEventListener("DOMContentLoaded", function () {
    attach(document.getElementById("q"), document.getElementById("suggestions"));
  });
})();
