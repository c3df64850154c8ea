// Behaviour shared by every page, in a file rather than inline: the Content-Security-Policy
// runs no inline script and no on…= attribute (config/settings.py).
(function () {
  "use strict";
  // <button data-print>: print the page (a set-password link, recovery codes).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { event.preventDefault(); window.print(); }
  });
  // <select data-autosubmit>: choosing sends the form (a filter without a button to press).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) {
      if (field.form.requestSubmit) { field.form.requestSubmit(); } else { field.form.submit(); }
    }
  });
})();
