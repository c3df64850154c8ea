// The competency table and the competency form: one click, one save.
(function () {
  "use strict";
  // Back from another page (bfcache): the button works again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form button[type=submit]").forEach(function (b) { b.disabled = false; });
  });
  // The button is disabled once the form is sent (the server also ignores a repeat, since only
  // the changed boxes are written).
  document.querySelectorAll("#grid-form, #competency-form").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      var button = e.target.querySelector("button[type=submit]");
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
    });
  });
})();
