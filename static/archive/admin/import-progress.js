// The batch page of an import (templates/admin/archive/importbatch/result.html):
// polls the batch's progress URL and updates the bar and the counts; when the batch
// has stopped, reloads the page to show the result table. Without JavaScript the
// page's meta refresh does the same, more coarsely.
(function () {
  "use strict";
  var box = document.getElementById("batch-progress");
  if (!box || box.dataset.running !== "1") { return; }
  var url = box.dataset.progressUrl;
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function set(id, text) { var el = document.getElementById(id); if (el) { el.textContent = text; } }
  function show(p) {
    var bar = document.getElementById("progress-bar");
    bar.max = p.total || 1;
    bar.value = p.done;
    bar.textContent = p.percent + "%";
    set("progress-done", String(p.done));
    set("progress-total", p.total === null ? "?" : String(p.total));
    set("progress-rate", p.rate ? p.rate + " files/s" : "–");
    set("progress-left", p.seconds_left !== null ? "about " + p.seconds_left + " s left"
      : (p.status === "queued" ? "waiting for a worker" : "starting"));
    set("count-imported", p.imported + " imported");
    set("count-duplicate", plural(p.duplicate, "duplicate"));
    set("count-rejected", p.rejected + " rejected");
    set("batch-status", p.status_label);
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (p) {
        if (!p) { window.setTimeout(poll, 5000); return; }
        show(p);
        if (p.status === "queued" || p.status === "running") { window.setTimeout(poll, 1000); }
        else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  // The script replaces the refresh of the no-JavaScript page.
  var refresh = document.querySelector("meta[http-equiv=refresh]");
  if (refresh) { refresh.remove(); }
  window.setTimeout(poll, 1000);
})();
