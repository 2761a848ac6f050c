// The plotly.js the app serves: its core (with the scatter trace) and only the trace types
// that reports/charts/plotly_figures.py and static/js/workshop.js draw. `make` bundles it
// into build/vendor/plotly/plotly.min.js; tests/reports/test_plotly_bundle.py checks the list.
"use strict";

var Plotly = require("plotly.js/lib/core");

Plotly.register([
  require("plotly.js/lib/bar"),
  require("plotly.js/lib/heatmap"),
  require("plotly.js/lib/scatterpolar"),
]);

module.exports = Plotly;
