"""The charts of a result, one builder per chart (pure, no Django).

A builder (``radar``, ``bars``, ``staircase``, ``heatmap``, each in its own module) works
out a chart's data once, in the colours and words of ``style``; ``to_plotly``
(``plotly_figures``) turns it into the figure the results page draws with plotly.js,
``to_svg`` (``svg``, drawing ``matplotlib_figures``) into the SVG the PDF embeds.
"""

from reports.charts.bars import Bar, BarChart, bars, dimension_target
from reports.charts.heatmap import HeatCell, HeatmapChart, HeatRow, heatmap
from reports.charts.plotly_figures import Chart, Figure, to_plotly
from reports.charts.radar import RadarChart, Series, TableRow, radar
from reports.charts.staircase import StaircaseChart, Step, staircase
from reports.charts.style import (
    BELOW,
    CURRENT,
    EDGE,
    HEAT_HIGH,
    HEAT_LOW,
    MET,
    OPEN,
    PREVIOUS,
    TARGET,
    TEXT,
    THRESHOLD,
    ChartText,
    StepStatus,
    level_label,
)
from reports.charts.svg import to_svg

__all__ = [
    "BELOW",
    "CURRENT",
    "EDGE",
    "HEAT_HIGH",
    "HEAT_LOW",
    "MET",
    "OPEN",
    "PREVIOUS",
    "TARGET",
    "TEXT",
    "THRESHOLD",
    "Bar",
    "BarChart",
    "Chart",
    "ChartText",
    "Figure",
    "HeatCell",
    "HeatRow",
    "HeatmapChart",
    "RadarChart",
    "Series",
    "StaircaseChart",
    "Step",
    "StepStatus",
    "TableRow",
    "bars",
    "dimension_target",
    "heatmap",
    "level_label",
    "radar",
    "staircase",
    "to_plotly",
    "to_svg",
]
