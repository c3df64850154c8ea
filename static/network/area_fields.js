// Province → district → subdistrict → village (DOPA codes), each list filled from the one above
// (templates/network/_area_fields.html).
(function () {
  "use strict";
  var box = document.querySelector("[data-area-pickers]");
  if (!box) { return; }
  var url = box.getAttribute("data-url");
  var notKnown = box.getAttribute("data-not-known") || "";
  var parentOf = {district: "province", subdistrict: "district", village: "subdistrict"};
  var chain = [["id_province", "id_district", "district"], ["id_district", "id_subdistrict", "subdistrict"],
               ["id_subdistrict", "id_village_code", "village"]];
  function load(child, level, parentValue, keep) {
    var select = document.getElementById(child);
    if (!parentValue) {
      select.replaceChildren(new Option(notKnown, ""));
      return Promise.resolve();
    }
    return fetch(url.replace("LEVEL", level) + "?" + parentOf[level] + "=" + encodeURIComponent(parentValue))
      .then(function (r) { return r.text(); })
      .then(function (html) { select.innerHTML = html; if (keep) { select.value = keep; } });
  }
  chain.forEach(function (link, i) {
    var parent = document.getElementById(link[0]);
    parent.addEventListener("change", function () {
      load(link[1], link[2], parent.value).then(function () {
        for (var j = i + 1; j < chain.length; j++) { load(chain[j][1], chain[j][2], ""); }
      });
    });
  });
  var village = document.getElementById("id_village_code");
  var sub = document.getElementById("id_subdistrict");
  var subValue = sub.value || village.getAttribute("data-subdistrict");
  if (subValue) { load("id_village_code", "village", subValue, village.getAttribute("data-initial")); }
})();
