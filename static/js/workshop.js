// Workshop pages: draw the revealed vote distribution, count down item timers.
(function () {
  "use strict";

  function drawDistributions(root) {
    // The width of an average character in ems, a little over DejaVu Sans' (Debian's sans).
    var CHAR_WIDTH = 0.6;
    if (typeof Plotly === "undefined") {
      return;
    }
    root.querySelectorAll("[data-distribution]").forEach(function (element) {
      var source = document.getElementById(element.dataset.distribution);
      if (!source) {
        return;
      }
      var data = JSON.parse(source.textContent);
      if ("fill" in element.dataset) {
        drawFilling(element, data);
        followSize(element, data);
        return;
      }
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

    // A chart marked data-fill (the projector's) takes its box's size, and its box's font
    // size for the labels: smaller only where the longest word would not fit under its bar.
    // The counts stand on the bars, so there is no y axis to crowd.
    function drawFilling(element, data) {
      var width = element.clientWidth;
      if (!width) {
        return;  // not laid out (hidden): drawn when it gets a size
      }
      var slot = width / Math.max(data.labels.length, 1);
      var longest = Math.max.apply(null, data.labels.map(function (label) {
        return Math.max.apply(null, label.split(" ").map(function (word) { return word.length; }));
      }));
      var wanted = parseFloat(window.getComputedStyle(element).fontSize) || 16;
      var size = Math.min(wanted, (0.85 * slot) / (CHAR_WIDTH * Math.max(longest, 1)));
      var perLine = Math.floor((0.85 * slot) / (CHAR_WIDTH * size));
      var wrap = data.labels.some(function (label) { return label.length > perLine; });
      var most = Math.max.apply(null, data.counts.concat([1]));
      Plotly.react(element, [{
        type: "bar",
        x: data.labels.map(function (label) { return wrap ? wrapped(label, perLine) : label; }),
        y: data.counts,
        marker: { color: "#2a9d8f" },
        text: data.counts.map(String),
        textposition: "outside",
        textfont: { size: size * 1.4, color: "#1f3a5f" },
        cliponaxis: false,
        hoverinfo: "none",
      }], {
        width: width,
        height: element.clientHeight || 400,
        margin: { l: size / 2, r: size / 2, t: size / 2, b: size / 2 },
        bargap: 0.3,
        xaxis: {
          tickangle: 0,
          automargin: true,
          fixedrange: true,
          tickfont: { size: size },
          showline: true,
          linecolor: "#6c757d",
          linewidth: Math.max(1, Math.round(size / 12)),
        },
        yaxis: { visible: false, fixedrange: true, range: [0, most * 1.25] },
        font: { family: "system-ui, sans-serif", size: size, color: "#212529" },
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "rgba(0,0,0,0)",
      }, { displayModeBar: false, staticPlot: true });
    }

    // Going full screen, or a window dragged to the projector, draws the chart again at
    // its new size; a chart that a poll has replaced stops being watched.
    function followSize(element, data) {
      if (element.dataset.followed || typeof ResizeObserver === "undefined") {
        return;
      }
      element.dataset.followed = "true";
      var drawnAt = element.clientWidth + "x" + element.clientHeight;
      new ResizeObserver(function (entries, observer) {
        if (!element.isConnected) {
          observer.disconnect();
          return;
        }
        var now = element.clientWidth + "x" + element.clientHeight;
        if (now !== drawnAt) {
          drawnAt = now;
          drawFilling(element, data);
        }
      }).observe(element);
    }

    // Words broken onto lines of at most `perLine` characters (a longer word keeps its line);
    // a level's number and name ("3 · Defined") on lines of their own, never "3 ·" alone.
    function wrapped(label, perLine) {
      return label.split(" · ").map(function (part) {
        return part.split(" ").reduce(function (lines, word) {
          var last = lines[lines.length - 1];
          if (last !== undefined && (last + " " + word).length <= perLine) {
            lines[lines.length - 1] = last + " " + word;
          } else {
            lines.push(word);
          }
          return lines;
        }, []).join("<br>");
      }).join("<br>");
    }
  }

  // Each timer counts down from the seconds the server gave when it rendered the page
  // (data-left; a phone's clock may be wrong), else to its data-deadline. At 0 the element
  // that data-timeup names polls at once, so every screen shows the closed vote together.
  function tickTimers() {
    var now = Date.now();
    document.querySelectorAll("[data-left], [data-deadline]").forEach(function (element) {
      if (!element.dataset.endsAt) {
        var left = element.dataset.left !== undefined && element.dataset.left !== ""
          ? Number(element.dataset.left) * 1000
          : new Date(element.dataset.deadline).getTime() - now;
        element.dataset.endsAt = String(now + left);
      }
      var seconds = Math.max(0, Math.ceil((Number(element.dataset.endsAt) - now) / 1000));
      element.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
      if (seconds === 0 && !element.dataset.fired) {
        element.dataset.fired = "1";
        var target = document.getElementById(element.dataset.timeup || "");
        if (target && typeof htmx !== "undefined") {
          htmx.trigger(target, "timeup");
        }
      }
    });
  }

  if (typeof htmx !== "undefined") {
    // A poll sends the ETag its fragment was rendered with; 304 means nothing changed.
    // A refused vote (400) or a phone that has not joined (404), or one told to wait (429),
    // carries its message, so it is shown; other failures leave the page as it is.
    htmx.config.responseHandling = [
      { code: "204|304", swap: false },
      { code: "[23]..", swap: true },
      { code: "400|404|429", swap: true, error: true },
      { code: "[45]..", swap: false, error: true },
    ];
    // Polls pause while the page is hidden (a phone's screen off, a tab behind another) and
    // run at once when it is shown again. In script, not as hx-trigger filters: htmx
    // evaluates those as code, which the site's Content-Security-Policy forbids.
    document.addEventListener("htmx:beforeRequest", function (event) {
      var polls = event.detail.elt.dataset && event.detail.elt.dataset.etag !== undefined;
      if (polls && document.visibilityState === "hidden") {
        event.preventDefault();
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") {
        document.dispatchEvent(new Event("pagevisible"));
      }
    });
    document.addEventListener("htmx:configRequest", function (event) {
      var etag = event.detail.elt.dataset ? event.detail.elt.dataset.etag : "";
      if (etag && event.detail.verb === "get") {
        event.detail.headers["If-None-Match"] = etag;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.classList.add("js");
    drawDistributions(document);
    tickTimers();
    setInterval(tickTimers, 250);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    drawDistributions(event.target);
    tickTimers();
  });
})();
