"""The charts of a result, one builder per chart (pure, no Django).

A builder (``radar``, ``bars``, ``staircase``, ``heatmap``) works out a chart's data once;
``to_plotly`` turns it into the figure the results page draws with plotly.js, ``to_svg``
into the SVG the PDF embeds, drawn with matplotlib in the same style.
"""

from reports.charts.bars import Bar, BarChart, bars, dimension_target
from reports.charts.data import (
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
    HeatCell,
    HeatmapChart,
    HeatRow,
    RadarChart,
    Series,
    StaircaseChart,
    Step,
    StepStatus,
    TableRow,
    heatmap,
    level_label,
    radar,
    staircase,
)
from reports.charts.plotly import Chart, Figure, to_plotly
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
