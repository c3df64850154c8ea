// Ranked possible duplicates while a person's name is typed (the people app's htmx partial).
// The box says where to ask and which inputs to follow:
//   <div id="person-candidates" data-candidates-url="…" data-candidates-for="id_full_name"
//        data-candidates-age="id_age">
// The age (when no date of birth is known) is sent with the name, as the check page sends it.
(function () {
  "use strict";
  function wire() {
    if (!window.htmx) { return; }
    document.querySelectorAll("[data-candidates-url]").forEach(function (box) {
      var input = document.getElementById(box.getAttribute("data-candidates-for"));
      var age = document.getElementById(box.getAttribute("data-candidates-age") || "");
      [input, age].forEach(function (field) {
        if (!field || field.hasAttribute("hx-get")) { return; }
        field.setAttribute("hx-get", box.getAttribute("data-candidates-url"));
        field.setAttribute("hx-trigger", "input changed delay:500ms");
        field.setAttribute("hx-target", "#" + box.id);
        field.setAttribute("hx-sync", "#" + box.id + ":replace");
        field.setAttribute("hx-params", "none");
        // The endpoint reads the typed name as ``name`` (not the form field's own name).
        field.addEventListener("htmx:configRequest", function (event) {
          event.detail.parameters.name = input ? input.value : "";
          if (age && age.value.trim()) {
            event.detail.parameters.age = age.value.trim();
          }
          // On a case's person form a visible candidate can be linked ("the same person").
          if (box.hasAttribute("data-candidates-link")) {
            event.detail.parameters.link = box.getAttribute("data-candidates-link");
          }
        });
        window.htmx.process(field);
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
