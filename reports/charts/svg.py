"""The PDF's charts: each chart's data drawn as SVG with matplotlib, styled as on the page.

matplotlib is imported on first use, so that the results page never loads it.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from typing import TYPE_CHECKING

from reports.charts.bars import BarChart
from reports.charts.heatmap import HeatmapChart
from reports.charts.matplotlib_figures import (
    FONT,
    SIZE,
    bars_figure,
    heatmap_figure,
    radar_figure,
    staircase_figure,
)
from reports.charts.radar import RadarChart
from reports.charts.staircase import StaircaseChart
from reports.charts.style import AXIS, TEXT

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Chart = RadarChart | StaircaseChart | HeatmapChart | BarChart


def to_svg(chart: Chart) -> str:
    """The chart as an ``<svg>`` element to put inline in HTML: no XML prolog, its text
    as text in DejaVu Sans, sized for an A4 page (16 cm wide)."""
    buffer = io.BytesIO()
    to_figure(chart).savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue().decode()
    return _own_ids(svg[svg.index("<svg") :])


def to_figure(chart: Chart) -> Figure:
    """The matplotlib figure of a chart; each data mark carries a gid that names it."""
    _configure()
    if isinstance(chart, RadarChart):
        return radar_figure(chart)
    if isinstance(chart, StaircaseChart):
        return staircase_figure(chart)
    if isinstance(chart, BarChart):
        return bars_figure(chart)
    return heatmap_figure(chart)


@functools.cache
def _configure() -> None:
    """Set once for the process, not per chart: rcParams are global, and threads that
    swapped them in and out (rc_context) could undo each other's settings."""
    import matplotlib

    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            # Ids from a fixed salt, not at random: the same chart gives the same SVG.
            "svg.hashsalt": "iot-maturity-charts",
            "font.family": FONT,
            "font.size": SIZE,
            "text.color": TEXT,
            "text.parse_math": False,  # a "$" in a label is a dollar sign
            "axes.edgecolor": AXIS,
            "xtick.color": TEXT,
            "ytick.color": TEXT,
            "legend.frameon": False,
            "legend.fontsize": SIZE,
        }
    )


def _own_ids(svg: str) -> str:
    """Prefix every id with a hash of the SVG's text: charts inline in one page share its
    ids, and matplotlib numbers its groups and clip paths afresh in each figure."""
    prefix = "c" + hashlib.sha256(svg.encode()).hexdigest()[:8] + "-"
    return re.sub(r'(\bid="|url\(#|href="#)', lambda match: match[1] + prefix, svg)
