/* Saphan dashboards: draw each chart from the JSON the page carries (saphan/insight/selectors.py).
   Suppressed cells arrive as value null with display "<5": drawn empty, shown in the tooltip. */
(function () {
  "use strict";
  var charts = JSON.parse(document.getElementById("insight-charts").textContent);
  var svgEl = document.getElementById("insight-map-svg");
  var palette = ["#1d5c7a", "#e07b39", "#5b9e6b", "#b84a62", "#7a6bb0", "#c9a227", "#4aa3c2", "#888"];
  var font = { fontFamily: "Sarabun, system-ui, sans-serif" };
  var instances = [];

  function tip(chart, index) {
    return chart.series.map(function (s) {
      var shown = s.display[index] === "" ? "–" : s.display[index];
      if (typeof shown === "number") shown = shown.toLocaleString();
      return (chart.series.length > 1 ? s.name + ": " : "") + "<b>" + shown + "</b>";
    }).join("<br>");
  }

  function go(chart, index) {
    var url = chart.links && chart.links[index];
    if (url) {
      var period = new URLSearchParams(window.location.search).get("period");
      window.location.href = url + (period ? "?period=" + encodeURIComponent(period) : "");
    }
  }

  function option(chart) {
    var base = { textStyle: font, color: palette, tooltip: { confine: true } };
    if (chart.kind === "pie") {
      base.tooltip.trigger = "item";
      base.tooltip.formatter = function (p) { return chart.labels[p.dataIndex] + "<br>" + tip(chart, p.dataIndex); };
      base.legend = { bottom: 0, type: "scroll" };
      base.series = [{
        type: "pie", radius: ["35%", "65%"],
        data: chart.labels.map(function (label, i) { return { name: label, value: chart.series[0].values[i] }; })
      }];
      return base;
    }
    if (chart.kind === "map") {
      var values = chart.series[0].values.filter(function (v) { return v !== null; });
      base.tooltip.trigger = "item";
      base.tooltip.formatter = function (p) {
        var i = chart.keys.indexOf(p.name);
        return i < 0 ? "" : chart.labels[i] + "<br>" + tip(chart, i);
      };
      base.visualMap = {
        min: 0, max: Math.max(5, Math.max.apply(null, values.concat([0]))),
        left: 0, bottom: 0, calculable: true, inRange: { color: ["#e3eef3", "#1d5c7a"] },
        text: ["", ""]
      };
      base.series = [{
        type: "map", map: "saphan-provinces", roam: false, selectedMode: false,
        itemStyle: { borderColor: "#fff", borderWidth: 0.6, areaColor: "#ddd" },
        emphasis: { itemStyle: { areaColor: "#e07b39" }, label: { show: false } },
        data: chart.keys.map(function (k, i) { return { name: k, value: chart.series[0].values[i] }; })
      }];
      return base;
    }
    var horizontal = chart.kind === "hbar";
    var category = { type: "category", data: chart.labels, axisLabel: { interval: 0, rotate: horizontal ? 0 : (chart.labels.length > 6 ? 40 : 0) } };
    var value = { type: "value" };
    base.tooltip.trigger = "axis";
    base.tooltip.axisPointer = { type: "shadow" };
    base.tooltip.formatter = function (ps) { var i = ps[0].dataIndex; return chart.labels[i] + "<br>" + tip(chart, i); };
    base.grid = { left: horizontal ? 150 : 50, right: 16, top: chart.series.length > 1 ? 36 : 16, bottom: 70, containLabel: false };
    if (horizontal) { category.inverse = true; }
    base.xAxis = horizontal ? value : category;
    base.yAxis = horizontal ? category : value;
    if (chart.series.length > 1) base.legend = { top: 0 };
    base.series = chart.series.map(function (s) {
      return { type: chart.kind === "line" ? "line" : "bar", name: s.name, data: s.values, smooth: false, connectNulls: false };
    });
    return base;
  }

  if (svgEl) { echarts.registerMap("saphan-provinces", { svg: JSON.parse(svgEl.textContent) }); }
  charts.forEach(function (chart) {
    var el = document.getElementById("chart-" + chart.id);
    if (!el) return;
    if (!chart.keys.length) {  // nothing in this period: say so instead of an empty frame
      el.style.height = "auto";
      el.innerHTML = '<p class="text-body-secondary py-4 text-center mb-0"></p>';
      el.firstChild.textContent = el.dataset.empty || "";
      el.dataset.ready = "1";
      return;
    }
    var instance = echarts.init(el, null, { renderer: "svg" });
    instance.setOption(option(chart));
    instance.on("click", function (p) {
      var i = chart.kind === "map" ? chart.keys.indexOf(p.name) : p.dataIndex;
      go(chart, i);
    });
    el.dataset.ready = "1";
    instances.push(instance);
  });
  window.addEventListener("resize", function () { instances.forEach(function (c) { c.resize(); }); });
  var select = document.getElementById("period");
  if (select) select.addEventListener("change", function () { select.form.submit(); });
})();
