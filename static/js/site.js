/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // "/" jumps to the search box, as on many archives and code hosts.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var box = document.getElementById("search-q");
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  });
  // Phones: the filters come after the results, folded into their disclosure.
  if (window.matchMedia && window.matchMedia("(max-width: 900px)").matches) {
    var filters = document.querySelectorAll("details.filters-disclosure");
    for (var i = 0; i < filters.length; i++) { filters[i].removeAttribute("open"); }
  }
})();
