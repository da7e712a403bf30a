// Oversight charts (ECharts): how far each subordinate got, its coverage and grades, and a treemap of
// coverage sized by the secretaries who should report. Names come from imports: tooltips are built
// as text nodes, never HTML, as in results-charts.js.
(function () {
  "use strict";
  var STAGES = { not_started: "#b71c1c", preparing: "#9ca3af", meeting: "#f59e0b", evaluating: "#eab308",
    assessed: "#60a5fa", published: "#2f6fb5", rectifying: "#7c3aed", archived: "#1b7f3b" };
  var GRADES = { excellent: "#1b7f3b", good: "#2f6fb5", fair: "#b45309", poor: "#b71c1c" };

  function tooltip(lines) {
    var box = document.createElement("div");
    lines.forEach(function (line) {
      var row = document.createElement("div");
      row.appendChild(document.createTextNode(line));
      box.appendChild(row);
    });
    return box;
  }

  function stacked(element, names, series, colors) {
    element.style.height = Math.max(220, names.length * 26 + 80) + "px";
    echarts.init(element).setOption({
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, type: "scroll" },
      tooltip: { trigger: "item", formatter: function (p) { return tooltip([p.name, p.seriesName + ": " + p.value]); } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: names, inverse: true, axisLabel: { width: 140, overflow: "truncate" } },
      series: series.map(function (s) {
        return { name: s.name, type: "bar", stack: "all", data: s.data, itemStyle: { color: colors[s.key] } };
      })
    });
  }

  function draw() {
    if (!window.echarts) return;
    var data = JSON.parse(document.getElementById("oversight-data").textContent);
    var stage = document.getElementById("stage-chart");
    if (stage) stacked(stage, data.names, data.stages, STAGES);
    var grade = document.getElementById("grade-chart");
    if (grade) stacked(grade, data.names, data.grades, GRADES);
    var coverage = document.getElementById("coverage-chart");
    if (coverage) {
      coverage.style.height = Math.max(220, data.names.length * 26 + 40) + "px";
      echarts.init(coverage).setOption({
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: "item", formatter: function (p) { return tooltip([p.name, data.coverage_label + ": " + (p.value === null ? "—" : p.value)]); } },
        xAxis: { type: "value", min: 0, max: 100 },
        yAxis: { type: "category", data: data.names, inverse: true, axisLabel: { width: 140, overflow: "truncate" } },
        series: [{ type: "bar", data: data.coverage, label: { show: true, position: "right" },
          itemStyle: { color: function (p) { return p.value >= 95 ? "#1b7f3b" : p.value >= 80 ? "#2f6fb5" : "#b71c1c"; } } }]
      });
    }
    var tree = document.getElementById("tree-chart");
    if (tree) {
      echarts.init(tree).setOption({
        tooltip: { formatter: function (p) { return tooltip([p.name, data.coverage_label + ": " + (p.data.coverage === null ? "—" : p.data.coverage)]); } },
        series: [{ type: "treemap", roam: false, nodeClick: false, breadcrumb: { show: false },
          data: data.tree.map(function (t) {
            var c = t.coverage;
            return { name: t.name, value: t.value, coverage: c,
              itemStyle: { color: c === null ? "#9ca3af" : c >= 95 ? "#1b7f3b" : c >= 80 ? "#2f6fb5" : c >= 50 ? "#b45309" : "#b71c1c" } };
          }) }]
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
