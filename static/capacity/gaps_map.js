// A province's or a region's view of the gaps: zoom the map onto the provinces in view.
(function () {
  "use strict";
  var svg = document.getElementById("gap-map");
  var shapes = svg ? svg.querySelectorAll("path[data-province]") : [];
  if (!shapes.length) { return; }
  var x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  shapes.forEach(function (p) {
    var b = p.getBBox();
    x1 = Math.min(x1, b.x); y1 = Math.min(y1, b.y);
    x2 = Math.max(x2, b.x + b.width); y2 = Math.max(y2, b.y + b.height);
  });
  var pad = Math.max(x2 - x1, y2 - y1) * 0.35 + 10;
  svg.setAttribute("viewBox", [x1 - pad, y1 - pad, x2 - x1 + 2 * pad, y2 - y1 + 2 * pad].join(" "));
})();
