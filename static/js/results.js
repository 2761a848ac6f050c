// Draws the results page's charts from the server's figures (reports/charts/plotly_figures.py).
(function () {
  "use strict";

  var source = document.getElementById("results-figures");
  if (!source || typeof Plotly === "undefined") {
    return;
  }
  var figures = JSON.parse(source.textContent);
  var config = {
    responsive: true,
    displaylogo: false,
    displayModeBar: false,
  };

  // On a phone, smaller type and margins keep the labels inside the chart.
  function fitToWidth(name, layout, width) {
    if (window.innerWidth >= 576) {
      return layout;
    }
    layout.font = Object.assign({}, layout.font, { size: 10 });
    layout.margin = Object.assign({}, layout.margin, { l: 30, r: 30 });
    if (name === "radar") {
      layout.margin = { l: 64, r: 64, t: 40, b: 30 };
      layout.height = Math.round(width * 1.1);
      layout.polar.angularaxis.tickfont = { size: 9 };
      layout.polar.radialaxis.tickfont = { size: 8, color: "#6c757d" };
    } else if (name === "staircase") {
      layout.height = 340;
      layout.margin.l = 40;
      layout.margin.r = 10;
      layout.xaxis.tickfont = { size: 9 };
      layout.xaxis.tickangle = -45;
      layout.xaxis.automargin = true;
    } else if (name === "bars") {
      // The level names turn to fit; the legend goes on top, clear of them.
      layout.margin = { l: 4, r: 40, t: 30, b: 10 };
      layout.xaxis.tickfont = { size: 9 };
      layout.xaxis.tickangle = -45;
      layout.xaxis.automargin = true;
      layout.legend = Object.assign({}, layout.legend, { y: 1, yanchor: "bottom" });
    } else if (name === "heatmap") {
      layout.margin.l = 4;
      layout.margin.r = 4;
    }
    return layout;
  }

  // The heat map's cell text is unreadable on a phone: keep colour and hover, drop the text.
  function fitData(name, data, width) {
    if (name === "heatmap" && width < 768) {
      data.forEach(function (trace) { trace.texttemplate = ""; });
    }
    return data;
  }

  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var name = element.getAttribute("data-chart");
    var figure = figures[name];
    if (!figure) {
      return;
    }
    var width = element.clientWidth;
    Plotly.newPlot(
      element,
      fitData(name, figure.data, width),
      fitToWidth(name, figure.layout, width),
      config
    );
  });
})();
