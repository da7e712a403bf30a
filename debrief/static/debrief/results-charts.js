// Results charts (ECharts): the ranking as horizontal bars coloured by grade, and the grade distribution.
(function () {
  "use strict";
  var COLORS = { excellent: "#1b7f3b", good: "#2f6fb5", fair: "#b45309", poor: "#b71c1c", "": "#9ca3af" };

  // A tooltip as elements holding text, never HTML: organization names come from imports, so they
  // must not become markup, and no inline style attribute is needed under the Content Security Policy.
  function tooltip(lines, color) {
    var box = document.createElement("div");
    lines.forEach(function (line, i) {
      var row = document.createElement("div");
      if (i === 0 && color) {
        var dot = document.createElement("span");
        dot.className = "chart-dot";
        dot.style.backgroundColor = color;
        row.appendChild(dot);
      }
      row.appendChild(document.createTextNode(line));
      box.appendChild(row);
    });
    return box;
  }

  function draw() {
    if (!window.echarts) return;
    var data = JSON.parse(document.getElementById("chart-data").textContent);
    var rank = document.getElementById("rank-chart");
    if (rank) {
      rank.style.height = (data.names.length + 4) * 10 + "px";  // about one bar's height a reporter
      echarts.init(rank).setOption({
        grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
        tooltip: { trigger: "item", formatter: function (p) {
          var g = data.grades[p.dataIndex];
          var lines = [p.name, data.score_label + ": " + p.value];
          if (g) lines.push(data.grade_labels[g]);
          return tooltip(lines);
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
        tooltip: { trigger: "item", formatter: function (p) {
          return tooltip([p.name + ": " + p.value + " (" + p.percent + "%)"], p.color);
        } },
        series: [{ type: "pie", radius: ["40%", "70%"], label: { formatter: "{b} {c}" },
          data: items.filter(function (d) { return d.value; }).map(function (d) {
            return { name: d.name, value: d.value, itemStyle: { color: COLORS[d.grade] } };
          }) }],
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
