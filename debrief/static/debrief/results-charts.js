// Results charts (ECharts): the ranking as horizontal bars coloured by grade, and the grade distribution.
(function () {
  "use strict";
  var COLORS = { excellent: "#1b7f3b", good: "#2f6fb5", fair: "#b45309", poor: "#b71c1c", "": "#9ca3af" };
  function draw() {
    if (!window.echarts) return;
    var data = JSON.parse(document.getElementById("chart-data").textContent);
    var rank = document.getElementById("rank-chart");
    if (rank) {
      echarts.init(rank).setOption({
        grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
        tooltip: { trigger: "item", formatter: function (p) {
          var g = data.grades[p.dataIndex];
          return p.name + "<br>" + data.score_label + ": " + p.value + (g ? "<br>" + data.grade_labels[g] : "");
        } },
        xAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10 - 10); }, max: 100 },
        yAxis: { type: "category", data: data.names, axisLabel: { width: 170, overflow: "truncate" } },
        series: [{ type: "bar", data: data.scores.map(function (s, i) {
          return { value: s, itemStyle: { color: COLORS[data.grades[i]] } };
        }), label: { show: true, position: "right" } }],
      });
    }
    var grades = document.getElementById("grade-chart");
    if (grades) {
      var items = JSON.parse(document.getElementById("distribution-data").textContent);
      echarts.init(grades).setOption({
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["40%", "70%"], label: { formatter: "{b} {c}" },
          data: items.filter(function (d) { return d.value; }).map(function (d) {
            return { name: d.name, value: d.value, itemStyle: { color: COLORS[d.grade] } };
          }) }],
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
