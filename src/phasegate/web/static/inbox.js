// Inbox keyboard navigation: j/k move the selection, Enter opens the ticket, / focuses the search.
(function () {
  "use strict";
  var selected = -1;
  var selectedId = null;  // survives an HTMX swap of the rows (a search or filter refresh)
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#inbox-results tr[data-ticket]")); }
  function select(i) {
    var all = rows();
    if (!all.length) { selected = -1; return; }
    selected = Math.max(0, Math.min(i, all.length - 1));
    selectedId = all[selected].getAttribute("data-ticket");
    all.forEach(function (r, n) { r.classList.toggle("selected", n === selected); r.setAttribute("aria-selected", n === selected ? "true" : "false"); });
    all[selected].scrollIntoView({block: "nearest"});
  }
  document.addEventListener("htmx:afterSwap", function () {
    var ids = rows().map(function (r) { return r.getAttribute("data-ticket"); });
    var kept = selectedId === null ? -1 : ids.indexOf(selectedId);
    if (kept >= 0) { select(kept); } else { selected = -1; selectedId = null; }
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) {
      if (e.key === "Escape") { t.blur(); }
      return;
    }
    if (e.key === "j") { select(selected + 1); e.preventDefault(); }
    else if (e.key === "k") { select(selected < 0 ? 0 : selected - 1); e.preventDefault(); }
    else if (e.key === "Enter" && selected >= 0) {
      var link = rows()[selected].querySelector("a[href^='/tickets/']");
      if (link) { window.location.assign(link.getAttribute("href")); e.preventDefault(); }
    } else if (e.key === "/") {
      var q = document.querySelector("form.filters input[name=q]");
      if (q) { q.focus(); e.preventDefault(); }
    }
  });
})();
