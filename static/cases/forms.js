// The case forms (and the network forms built like them).
(function () {
  "use strict";
  // A second tap on "save" while the page is sending does nothing (the server also refuses a
  // second submit of the same form; this only spares the wait).
  document.addEventListener("submit", function (event) {
    var button = event.target.querySelector("button[type=submit]");
    if (button) { window.setTimeout(function () { button.disabled = true; }, 0); }
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form button[type=submit][disabled]").forEach(function (b) { b.disabled = false; });
  });
  // A grouped list that follows another choice (the agencies of the chosen province): the
  // other groups are taken out while it applies; without scripts every group stays.
  document.querySelectorAll("select[data-groups-follow]").forEach(function (select) {
    var source = document.getElementById(select.getAttribute("data-groups-follow"));
    if (!source) { return; }
    var groups = Array.prototype.slice.call(select.querySelectorAll("optgroup"));
    function apply() {
      var chosen = source.value ? source.options[source.selectedIndex].text.trim() : "";
      groups.forEach(function (group) {
        var show = !chosen || group.label === chosen;
        if (show && !group.parentNode) { select.appendChild(group); }
        if (!show && group.parentNode) { group.parentNode.removeChild(group); }
      });
    }
    source.addEventListener("change", apply);
    apply();
  });
})();
