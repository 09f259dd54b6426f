// pressflow review app: keyboard shortcuts (no other script).
// Unit editor:
//   Ctrl+Enter (or Cmd+Enter)  save the translation
//   Alt+A                      approve
//   Alt+R                      reject (asks for the reason first when it is empty)
//   Alt+Left / Alt+Right       previous / next unit of the release
// Release review page (the shortcuts act on the current unit):
//   J / K, or Alt+Down / Alt+Up   next / previous unit (J and K not while typing)
//   Ctrl+Enter                    save the current unit's text
//   Alt+A / Alt+R                 approve / reject the current unit
(function () {
  "use strict";
  function submit(form) {
    if (!form) { return false; }
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    return true;
  }
  function typing(target) {
    var tag = (target && target.tagName) || "";
    return tag === "TEXTAREA" || tag === "INPUT" || tag === "SELECT" || (target && target.isContentEditable);
  }
  function key(event) { return (event.key || "").toLowerCase(); }

  // Unsaved edits. Approving or rejecting would act on the text as it was shown and
  // drop the edit, so a unit (or, for "approve all", a page) with an edited, unsaved
  // translation is not submitted: a message says to save or undo first. Leaving the
  // page any other way with an unsaved edit asks first (beforeunload).
  function edited(root) {
    return Array.prototype.filter.call(root.querySelectorAll("textarea"), function (t) {
      return t.value !== t.defaultValue;
    });
  }
  function warn(scope, form) {
    var note = scope.querySelector("p.unsaved");
    if (!note) {
      note = document.createElement("p");
      note.className = "flash flash-error unsaved";
      note.setAttribute("role", "alert");
      form.parentNode.insertBefore(note, form);
    }
    note.textContent = "This translation has an unsaved change: save it (Ctrl+Enter) or undo it, " +
      "then approve or reject.";
    var changed = edited(scope);
    if (changed.length) { changed[0].focus(); }
  }
  var leaving = null;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var decides = /(^|[\s-])(approve|reject)/.test(form.id + " " + form.className);
    var scope = form.id === "approve-passing-form" ? document : (form.closest("li.unit") || document);
    if (decides && edited(scope).length) {
      event.preventDefault();
      warn(scope, form);
      return;
    }
    leaving = form;
  });
  window.addEventListener("beforeunload", function (event) {
    var lost = edited(document).filter(function (t) { return !(leaving && leaving.contains(t)); });
    if (lost.length) { event.preventDefault(); event.returnValue = ""; }
  });

  var units = Array.prototype.slice.call(document.querySelectorAll("li.unit[data-unit]"));
  if (units.length) {
    var current = null;
    var select = function (unit, focus) {
      if (!unit) { return; }
      if (current) { current.classList.remove("current"); }
      current = unit;
      unit.classList.add("current");
      if (focus) {
        unit.focus({preventScroll: true});
        unit.scrollIntoView({block: "center"});
        if (history.replaceState) { history.replaceState(null, "", "#" + unit.id); }
      }
    };
    var byHash = function () {
      var id = decodeURIComponent((location.hash || "").slice(1));
      return id ? document.getElementById(id) : null;
    };
    select(byHash() || units[0], Boolean(byHash()));
    window.addEventListener("hashchange", function () { select(byHash(), true); });
    document.addEventListener("focusin", function (event) {
      var unit = event.target.closest && event.target.closest("li.unit");
      if (unit && unit !== current) { select(unit, false); }
    });
    var move = function (step) {
      var index = units.indexOf(current) + step;
      if (index >= 0 && index < units.length) { select(units[index], true); }
    };
    document.addEventListener("keydown", function (event) {
      var k = key(event);
      if (event.altKey && !event.ctrlKey && (k === "arrowdown" || k === "arrowup")) {
        event.preventDefault();
        move(k === "arrowdown" ? 1 : -1);
      } else if (!event.altKey && !event.ctrlKey && !event.metaKey && !typing(event.target) && (k === "j" || k === "k")) {
        event.preventDefault();
        move(k === "j" ? 1 : -1);
      } else if ((event.ctrlKey || event.metaKey) && k === "enter" && current) {
        if (submit(current.querySelector("form.save-form"))) { event.preventDefault(); }
      } else if (event.altKey && !event.ctrlKey && (k === "a" || event.code === "KeyA") && current) {
        if (submit(current.querySelector("form.approve-form"))) { event.preventDefault(); }
      } else if (event.altKey && !event.ctrlKey && (k === "r" || event.code === "KeyR") && current) {
        var reason = current.querySelector("input.reason");
        if (!reason) { return; }
        event.preventDefault();
        if (!reason.value.trim()) { reason.focus(); return; }
        submit(current.querySelector("form.reject-form"));
      }
    });
    return;
  }

  document.addEventListener("keydown", function (event) {
    var k = key(event);
    if ((event.ctrlKey || event.metaKey) && k === "enter") {
      if (submit(document.getElementById("save-form"))) { event.preventDefault(); }
    } else if (event.altKey && !event.ctrlKey && (k === "arrowleft" || k === "arrowright")) {
      var link = document.getElementById(k === "arrowleft" ? "previous-unit" : "next-unit");
      if (link) { event.preventDefault(); location.href = link.href; }
    } else if (event.altKey && !event.ctrlKey && (k === "a" || event.code === "KeyA")) {
      if (submit(document.getElementById("approve-form"))) { event.preventDefault(); }
    } else if (event.altKey && !event.ctrlKey && (k === "r" || event.code === "KeyR")) {
      var reason = document.getElementById("reject-reason");
      if (!reason) { return; }
      event.preventDefault();
      if (!reason.value.trim()) { reason.focus(); return; }
      submit(document.getElementById("reject-form"));
    }
  });
})();
