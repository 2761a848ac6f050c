"""The plotly.js figures (data and layout as plain JSON) that the results page draws.

A new trace type here needs registering in plotly-bundle.js, the app's plotly.js build.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from reports.charts.bars import THICKNESS, BarChart
from reports.charts.heatmap import HeatmapChart
from reports.charts.radar import RadarChart, radial_angle
from reports.charts.staircase import StaircaseChart, Step
from reports.charts.style import (
    AXIS,
    BELOW,
    EDGE,
    GRID,
    MUTED,
    OPEN,
    STEP_COLOURS,
    TARGET,
    TEXT,
    THRESHOLD,
    ChartText,
    StepStatus,
    percent,
    score_text,
    wrapped,
)

Figure = dict[str, Any]
Chart = RadarChart | StaircaseChart | HeatmapChart | BarChart


def to_plotly(chart: Chart) -> Figure:
    """The plotly.js figure (data and layout) for a chart's data."""
    if isinstance(chart, RadarChart):
        return radar_figure(chart)
    if isinstance(chart, StaircaseChart):
        return staircase_figure(chart)
    if isinstance(chart, BarChart):
        return bars_figure(chart)
    return heatmap_figure(chart)


def _wrap(text: str, width: int) -> str:
    """Escaped for plotly's HTML-like labels, broken into lines of about `width`."""
    return "<br>".join(html.escape(line) for line in wrapped(text, width)) or " "


def _layout(**extra: Any) -> Figure:
    return {
        "font": {
            "family": "system-ui, -apple-system, 'Segoe UI', sans-serif",
            "size": 12,
            "color": TEXT,
        },
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 40, "r": 40, "t": 30, "b": 30},
        "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.08},
        **extra,
    }


def radar_figure(chart: RadarChart) -> Figure:
    axes = [_wrap(axis, 12) for axis in chart.axes]
    # Hover texts written here, with the pages' rounding, not by plotly's d3 format.
    write = percent if chart.percent else score_text
    data = [
        {
            "type": "scatterpolar",
            "name": series.name,
            # Repeat the first point so that the outline closes.
            "r": [*series.values, series.values[0]] if series.values else [],
            "theta": [*axes, axes[0]] if axes else [],
            "mode": "lines+markers",
            "line": {
                "color": series.colour,
                "width": 2,
                "dash": "dash" if series.dashed else "solid",
            },
            "marker": {"size": 5},
            "fill": "toself" if series.filled else "none",
            "fillcolor": _alpha(series.colour, 0.15),
            "customdata": [
                "–" if v is None else write(v) for v in [*series.values, *series.values[:1]]
            ],
            "hovertemplate": "%{theta}: %{customdata}"
            f"<extra>{html.escape(series.name)}</extra>",
        }
        for series in chart.series
    ]
    angle = 90 - radial_angle(len(axes))  # plotly counts anticlockwise from the right
    radial: dict[str, Any] = {
        "range": list(chart.range),
        "tickvals": list(chart.ticks),
        "angle": angle,
        "tickangle": angle,
        "ticktext": [_wrap(label, 14) for label in chart.tick_labels],
        "gridcolor": GRID,
        "linecolor": AXIS,
        "tickfont": {"size": 10, "color": MUTED},
    }
    polar = {
        "angularaxis": {
            "direction": "clockwise",
            "rotation": 90,
            "gridcolor": GRID,
            "linecolor": AXIS,
            "tickfont": {"size": 11},
        },
        "radialaxis": radial,
        "bgcolor": "rgba(0,0,0,0)",
    }
    layout = _layout(polar=polar, height=480, showlegend=True)
    layout["margin"] = {"l": 90, "r": 90, "t": 40, "b": 40}
    return {"data": data, "layout": layout}


def staircase_figure(chart: StaircaseChart) -> Figure:
    steps = chart.steps
    x = [step.number for step in steps]
    floors = [step.number - 1 for step in steps]
    tops = [step.number - 1 + step.fill for step in steps]
    data = [
        _bars(steps, floors, [0] * len(x), BELOW),
        _bars(
            steps,
            [step.number - top for step, top in zip(steps, tops, strict=True)],
            tops,
            OPEN,
        ),
        *_fulfilment_bars(chart),
        _threshold_line(chart),
    ]
    if chart.target is not None:
        data.append(_target_line(chart))
    xaxis = {
        "tickvals": x,
        "ticktext": [_wrap(step.label, 12) for step in steps],
        "fixedrange": True,
    }
    yaxis = {
        "range": [0, len(x) + 0.1],
        "tickvals": x,
        "title": {"text": chart.text.level},
        "gridcolor": "#e9ecef",
        "zeroline": False,
        "fixedrange": True,
    }
    layout = _layout(xaxis=xaxis, yaxis=yaxis, barmode="overlay", height=420)
    layout["margin"] = {"l": 50, "r": 20, "t": 20, "b": 40}
    layout["legend"]["y"] = -0.22
    return {"data": data, "layout": layout}


def _fulfilment_bars(chart: StaircaseChart) -> list[Figure]:
    """One trace per status, so that the legend names each colour."""
    statuses: tuple[StepStatus, ...] = ("reached", "met", "open")
    traces = []
    for status in statuses:
        name = chart.text.status(status)
        steps = [step for step in chart.steps if step.status == status]
        if not steps:
            continue
        bars = _bars(
            steps,
            [s.fill for s in steps],
            [s.number - 1 for s in steps],
            STEP_COLOURS[status],
        )
        bars.update(
            name=name,
            showlegend=True,
            customdata=["" if s.fulfilment is None else percent(s.fulfilment) for s in steps],
            hovertemplate=[_step_hover(s, chart.text) for s in steps],
        )
        del bars["hoverinfo"]
        traces.append(bars)
    return traces


def _bars(
    steps: Sequence[Step],
    heights: Sequence[float],
    base: Sequence[float],
    colour: str,
) -> Figure:
    return {
        "type": "bar",
        "x": [step.number for step in steps],
        "y": list(heights),
        "base": list(base),
        "width": 0.92,
        "marker": {"color": colour, "line": {"color": EDGE, "width": 1}},
        "showlegend": False,
        "hoverinfo": "skip",
    }


def _step_hover(step: Step, text: ChartText) -> str:
    label = html.escape(step.label)
    if step.fulfilment is None:
        return f"{label}<extra></extra>"
    return f"{label}<br>{html.escape(text.fulfilment)}: %{{customdata}}<extra></extra>"


def _threshold_line(chart: StaircaseChart) -> Figure:
    """One dashed segment across each step from level 2 up, at the share needed to meet it."""
    x: list[float | None] = []
    y: list[float | None] = []
    for step in chart.steps[1:]:
        height = step.number - 1 + chart.threshold
        x += [step.number - 0.46, step.number + 0.46, None]
        y += [height, height, None]
    return {
        "type": "scatter",
        "mode": "lines",
        "name": f"{chart.text.threshold} ({percent(chart.threshold)})",
        "x": x,
        "y": y,
        "line": {"color": THRESHOLD, "width": 2, "dash": "dash"},
        "hoverinfo": "skip",
    }


def _target_line(chart: StaircaseChart) -> Figure:
    first, last = chart.steps[0].number, chart.steps[-1].number
    return {
        "type": "scatter",
        "mode": "lines",
        "name": chart.text.target,
        "x": [first - 0.5, last + 0.5],
        "y": [chart.target, chart.target],
        "line": {"color": TARGET, "width": 2, "dash": "dot"},
        "customdata": [score_text(chart.target)] * 2,
        "hovertemplate": f"%{{customdata}}<extra>{html.escape(chart.text.target)}</extra>",
    }


def heatmap_figure(chart: HeatmapChart) -> Figure:
    # Numbered axes, so that two rows of the same name stay apart; row 0 at the top.
    columns = list(range(len(chart.columns)))
    rows = list(range(len(chart.rows)))
    data = [
        {
            "type": "heatmap",
            "x": columns,
            "y": rows,
            "z": [[cell.shade for cell in row] for row in chart.cells],
            "text": [[_wrap(cell.label, 24) for cell in row] for row in chart.cells],
            "customdata": [[_wrap(cell.detail, 50) for cell in row] for row in chart.cells],
            "texttemplate": "%{text}",
            "textfont": {"size": 10},
            "hovertemplate": "%{customdata}<extra></extra>",
            "hoverongaps": False,
            "zmin": 0,
            "zmax": 1,
            "colorscale": [[0, chart.low], [1, chart.high]],
            "showscale": False,
            "xgap": 2,
            "ygap": 2,
        }
    ]
    xaxis = {
        "side": "top",
        "tickvals": columns,
        "ticktext": [_wrap(c, 14) for c in chart.columns],
        "fixedrange": True,
        "showgrid": False,
        "zeroline": False,
    }
    yaxis = {
        "tickvals": rows,
        "ticktext": [_wrap(r, 18) for r in chart.rows],
        "autorange": "reversed",
        "automargin": True,
        "fixedrange": True,
        "showgrid": False,
        "zeroline": False,
    }
    layout = _layout(
        height=max(220, 70 + 48 * len(rows)), xaxis=xaxis, yaxis=yaxis, shapes=_highlights(chart)
    )
    layout["margin"] = {"l": 10, "r": 10, "t": 60, "b": 10}
    return {"data": data, "layout": layout}


def _highlights(chart: HeatmapChart) -> list[Figure]:
    """A frame around each highlighted cell, so that it stands out without relying on colour."""
    return [
        {
            "type": "rect",
            "x0": c - 0.5,
            "x1": c + 0.5,
            "y0": r - 0.5,
            "y1": r + 0.5,
            "line": {"color": THRESHOLD, "width": 3},
        }
        for r, row in enumerate(chart.cells)
        for c, cell in enumerate(row)
        if cell.highlighted
    ]


def _alpha(colour: str, opacity: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{opacity})"


# --- bars -----------------------------------------------------------------------------


def bars_figure(chart: BarChart) -> Figure:
    rows = list(range(len(chart.bars)))
    data = [_track(chart, rows), *_value_bars(chart)]
    if chart.has_targets:
        data.append(_target_marks(chart))
    if chart.threshold is not None:
        data.append(_threshold_rule(chart.threshold, len(rows), chart.text))
    xaxis = {
        "range": list(chart.range),
        "tickvals": list(chart.ticks),
        "ticktext": [_wrap(label, 14) for label in chart.tick_labels],
        "gridcolor": GRID,
        "zeroline": False,
        "fixedrange": True,
    }
    yaxis = {
        "tickvals": rows,
        "ticktext": [_wrap(bar.label, 22) for bar in chart.bars],
        # Numbered rows, so that two bars of the same name stay apart; the first on top.
        "range": [len(rows) - 0.5, -0.5],
        "automargin": True,
        "fixedrange": True,
        # Invisible tick marks keep the labels clear of the bars.
        "ticks": "outside",
        "ticklen": 8,
        "tickcolor": "rgba(0,0,0,0)",
    }
    height = max(320, 110 + 52 * len(rows))  # .chart is 320 px high at least
    layout = _layout(xaxis=xaxis, yaxis=yaxis, barmode="overlay", height=height)
    layout["margin"] = {"l": 10, "r": 56, "t": 10, "b": 80}
    layout["legend"].update(y=-44 / (height - 90), yanchor="top")
    layout["annotations"] = _value_labels(chart)
    return {"data": data, "layout": layout}


def _track(chart: BarChart, rows: list[int]) -> Figure:
    """The whole scale behind each bar, so that a short bar reads as far from the top."""
    return {
        "type": "bar",
        "orientation": "h",
        "y": rows,
        "x": [chart.range[1]] * len(rows),
        "width": THICKNESS,
        "marker": {"color": BELOW},
        "showlegend": False,
        "hoverinfo": "skip",
    }


def _value_bars(chart: BarChart) -> list[Figure]:
    """One trace per colour, so that the legend names each (one on a continuous model)."""
    traces = []
    for group in dict.fromkeys(bar.group for bar in chart.bars):
        rows = [row for row, bar in enumerate(chart.bars) if bar.group == group]
        members = [chart.bars[row] for row in rows]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": group,
                "y": rows,
                "x": [bar.value for bar in members],
                "width": THICKNESS,
                "marker": {"color": members[0].colour},
                "customdata": [_hover(bar.label, chart.value_text(bar.value)) for bar in members],
                "hovertemplate": "%{customdata}<extra></extra>",
            }
        )
    return traces


def _hover(label: str, value: str) -> str:
    return f"{html.escape(label)}: {html.escape(value)}"


def _target_marks(chart: BarChart) -> Figure:
    marked = [(row, bar) for row, bar in enumerate(chart.bars) if bar.target is not None]
    return {
        "type": "scatter",
        "mode": "markers",
        "name": chart.text.target,
        "y": [row for row, _ in marked],
        "x": [bar.target for _, bar in marked],
        "marker": {"symbol": "line-ns", "size": 30, "line": {"color": TARGET, "width": 3}},
        "customdata": [_hover(bar.label, chart.value_text(bar.target)) for _, bar in marked],
        "hovertemplate": f"%{{customdata}}<extra>{html.escape(chart.text.target)}</extra>",
    }


def _threshold_rule(threshold: float, rows: int, text: ChartText) -> Figure:
    return {
        "type": "scatter",
        "mode": "lines",
        "name": f"{text.threshold} ({percent(threshold)})",
        "x": [threshold, threshold],
        "y": [-0.5, rows - 0.5],
        "line": {"color": THRESHOLD, "width": 2, "dash": "dash"},
        "hoverinfo": "skip",
    }


def _value_labels(chart: BarChart) -> list[Figure]:
    """Each bar's value in a column right of the scale, clear of the bars and markers."""
    return [
        {
            "xref": "paper",
            "x": 1,
            "xanchor": "left",
            "xshift": 8,
            "y": row,
            "text": html.escape(chart.value_text(bar.value)),
            "showarrow": False,
            "font": {"color": TEXT},
        }
        for row, bar in enumerate(chart.bars)
    ]
