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
      // One row of ROW pixels a reporter, so that every name shows (no label is skipped) and the
      // value labels, one a row, never overlap: 5 reporters or 60, the chart grows instead.
      var ROW = 26, AXIS = 48;
      rank.style.height = data.names.length * ROW + AXIS + "px";
      // Room for the longest name, up to two fifths of the chart (a phone cuts longer names short).
      var measure = document.createElement("canvas").getContext("2d");
      measure.font = "12px sans-serif";
      var longest = data.names.reduce(function (w, name) { return Math.max(w, measure.measureText(name).width); }, 0);
      var labelWidth = Math.ceil(Math.min(longest + 4, rank.clientWidth * 0.4));
      echarts.init(rank).setOption({
        grid: { left: 8, right: 56, top: 8, bottom: 32, containLabel: true },
        tooltip: { trigger: "item", formatter: function (p) {
          var g = data.grades[p.dataIndex];
          var lines = [p.name, data.score_label + ": " + data.labels[p.dataIndex]];
          if (g) lines.push(data.grade_labels[g]);
          return tooltip(lines);
        } },
        xAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10 - 10); }, max: 100 },
        // Highest score on top, as the table ranks; a long name is cut with an ellipsis, never dropped.
        yAxis: { type: "category", inverse: true, data: data.names,
          axisTick: { alignWithLabel: true },
          axisLabel: { interval: 0, width: labelWidth, overflow: "truncate", fontSize: 12 } },
        series: [{ type: "bar", barMaxWidth: 18, data: data.scores.map(function (s, i) {
          return { value: s, itemStyle: { color: COLORS[data.grades[i]] } };
        }), label: { show: true, position: "right", fontSize: 12,
          // The score as the table shows it: rounded half up to two decimals on the server.
          formatter: function (p) { return data.labels[p.dataIndex]; } } }],
      });
    }
    var grades = document.getElementById("grade-chart");
    if (grades) {
      var items = JSON.parse(document.getElementById("distribution-data").textContent);
      echarts.init(grades).setOption({
        tooltip: { trigger: "item", formatter: function (p) {
          return tooltip([p.name + ": " + p.value + " (" + p.percent + "%)"], p.color);
        } },
        series: [{ type: "pie", radius: ["32%", "56%"], label: { formatter: "{b} {c}" },
          data: items.filter(function (d) { return d.value; }).map(function (d) {
            return { name: d.name, value: d.value, itemStyle: { color: COLORS[d.grade] } };
          }) }],
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
