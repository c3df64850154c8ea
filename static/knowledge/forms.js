// Django's form widgets get Bootstrap's classes (search filters, practice and workshop forms).
(function () {
  "use strict";
  document.querySelectorAll("#knowledge-search select").forEach(function (e) { e.classList.add("form-select"); });
  document.querySelectorAll(
    "#practice-form input[type=text], #practice-form textarea, #practice-form select, #practice-form input[type=file], " +
    "#workshop-form input[type=text], #workshop-form input[type=number], #workshop-form textarea, #workshop-form select"
  ).forEach(function (e) { e.classList.add(e.tagName === "SELECT" ? "form-select" : "form-control"); });
})();
