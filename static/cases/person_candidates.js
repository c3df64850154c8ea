// Ranked possible duplicates while a person's name is typed (the people app's htmx partial).
// The box says where to ask and which input to follow:
//   <div id="person-candidates" data-candidates-url="…" data-candidates-for="id_full_name">
(function () {
  "use strict";
  function wire() {
    if (!window.htmx) { return; }
    document.querySelectorAll("[data-candidates-url]").forEach(function (box) {
      var input = document.getElementById(box.getAttribute("data-candidates-for"));
      if (!input || input.hasAttribute("hx-get")) { return; }
      input.setAttribute("hx-get", box.getAttribute("data-candidates-url"));
      input.setAttribute("hx-trigger", "input changed delay:500ms");
      input.setAttribute("hx-target", "#" + box.id);
      input.setAttribute("hx-params", "none");
      // The endpoint reads the typed name as ``name`` (not the form field's own name).
      input.addEventListener("htmx:configRequest", function (event) {
        event.detail.parameters.name = input.value;
        // On a case's person form a visible candidate can be linked ("the same person").
        if (box.hasAttribute("data-candidates-link")) {
          event.detail.parameters.link = box.getAttribute("data-candidates-link");
        }
      });
      window.htmx.process(input);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
