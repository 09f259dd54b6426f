// pressflow review app: keyboard shortcuts for the unit editor (no other script).
//   Ctrl+Enter (or Cmd+Enter)  save the translation
//   Alt+A                      approve
//   Alt+R                      reject (asks for the reason first when it is empty)
(function () {
  "use strict";
  function submit(id) {
    var form = document.getElementById(id);
    if (!form) { return false; }
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    return true;
  }
  document.addEventListener("keydown", function (event) {
    var key = (event.key || "").toLowerCase();
    if ((event.ctrlKey || event.metaKey) && key === "enter") {
      if (submit("save-form")) { event.preventDefault(); }
    } else if (event.altKey && !event.ctrlKey && (key === "a" || event.code === "KeyA")) {
      if (submit("approve-form")) { event.preventDefault(); }
    } else if (event.altKey && !event.ctrlKey && (key === "r" || event.code === "KeyR")) {
      var reason = document.getElementById("reject-reason");
      if (!reason) { return; }
      event.preventDefault();
      if (!reason.value.trim()) { reason.focus(); return; }
      submit("reject-form");
    }
  });
})();
