// Workshop pages: draw the revealed vote distribution, count down item timers.
(function () {
  "use strict";

  function drawDistributions(root) {
    if (typeof Plotly === "undefined") {
      return;
    }
    root.querySelectorAll("[data-distribution]").forEach(function (element) {
      var source = document.getElementById(element.dataset.distribution);
      if (!source) {
        return;
      }
      var data = JSON.parse(source.textContent);
      Plotly.newPlot(element, [{
        type: "bar",
        x: data.labels,
        y: data.counts,
        marker: { color: "#2a9d8f" },
        text: data.counts.map(String),
        textposition: "auto",
        hoverinfo: "x+y",
      }], {
        height: 280,
        margin: { l: 40, r: 10, t: 10, b: 60 },
        yaxis: { title: { text: element.dataset.axisTitle || "" }, dtick: 1, rangemode: "tozero" },
        font: { family: "system-ui, sans-serif", size: 13 },
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "rgba(0,0,0,0)",
      }, { displayModeBar: false, responsive: true, staticPlot: false });
    });
  }

  function tickTimers() {
    document.querySelectorAll("[data-deadline]").forEach(function (element) {
      var left = Math.round((new Date(element.dataset.deadline) - new Date()) / 1000);
      element.textContent = left > 0
        ? Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0")
        : "0:00";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.classList.add("js");
    drawDistributions(document);
    tickTimers();
    setInterval(tickTimers, 1000);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    drawDistributions(event.target);
  });
})();
