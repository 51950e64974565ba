/**
 * The page's only script, inline. It does two things the core table does not need: times in
 * the viewer's zone (UTC stays in the hover title), and filter and search over the cluster table
 * (one pass over the rows' data attributes, so 1,000 rows filter at once). It marks the page
 * with `data-ready` when it has run, which the browser test reads.
 */
export const STATUS_PAGE_SCRIPT = `(function () {
  "use strict";
  var fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "local time";
  document.querySelectorAll("time[datetime]").forEach(function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (isNaN(d.getTime())) return;
    el.title = el.textContent + " (" + zone + " shown)";
    el.textContent = fmt.format(d);
  });
  var bar = document.getElementById("filters");
  var table = document.getElementById("clusters-table");
  if (bar && table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var q = document.getElementById("q");
    var state = document.getElementById("state");
    var provider = document.getElementById("provider");
    var shown = document.getElementById("shown");
    var apply = function () {
      var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
      var s = state.value;
      var p = provider.value;
      var n = 0;
      rows.forEach(function (row) {
        var d = row.dataset;
        var ok = (!p || d.provider === p) &&
          (!s || d.state === s || (s === "stalled" && d.stalled === "1") ||
            (s === "attention" && d.attention === "1")) &&
          words.every(function (w) { return d.search.indexOf(w) !== -1; });
        row.hidden = !ok;
        if (ok) n++;
      });
      shown.textContent = n + " of " + rows.length + " clusters";
    };
    [q, state, provider].forEach(function (el) { el.addEventListener("input", apply); });
    bar.hidden = false;
    apply();
  }
  document.documentElement.setAttribute("data-ready", "1");
})();`;
