// pressflow preview (inside the review app's frame): every highlighted unit
// links to its editor. The unit ids come from the page's data-unit attributes.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="pressflow-editor"]');
  var base = meta && meta.getAttribute("content");
  if (!base || base.charAt(0) !== "/") { return; }
  var units = document.querySelectorAll("[data-unit]");
  for (var i = 0; i < units.length; i++) {
    var el = units[i];
    var id = el.getAttribute("data-unit");
    if (!/^[0-9a-f]+$/.test(id)) { continue; }
    var link = document.createElement("a");
    link.href = base + id;
    link.target = "_top";
    link.className = "pressflow-unit-link";
    link.title = "Edit this unit (" + (el.getAttribute("data-state") || "") + ")";
    while (el.firstChild) { link.appendChild(el.firstChild); }
    el.appendChild(link);
  }
})();
