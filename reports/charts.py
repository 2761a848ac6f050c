"""Chart data for a result, one builder per chart (pure, no Django).

Each builder works out a chart's axes, series, ranges, labels and colours once; the
page draws that data with plotly.js (``to_plotly``), the PDF with matplotlib.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from assessments.scoring import AssessmentResult, LevelScore, QuestionScore
from maturity.schema import FrameworkDef, SubdimensionDef

Figure = dict[str, Any]

# A calm palette: the brand blue for where the organisation is, teal for where it
# wants to be, grey for what is past or only a reference.
CURRENT = "#1f3a5f"
TARGET = "#2a9d8f"
PREVIOUS = "#8d99a6"
THRESHOLD = "#e07a5f"
MET = "#7d9cc0"
OPEN = "#ffffff"
BELOW = "#f1f3f5"
EDGE = "#adb5bd"
TEXT = "#212529"
HEAT_LOW = "#f8f9fa"
HEAT_HIGH = CURRENT


@dataclass(frozen=True)
class ChartText:
    """The words a chart shows; the caller passes them translated."""

    current: str = "Current"
    target: str = "Target"
    previous: str = "Previous"
    threshold: str = "Threshold"
    level: str = "Level"
    fulfilment: str = "Fulfilment"
    reached: str = "Reached"
    met: str = "Met, not reached"
    not_met: str = "Not met"
    statement: str = "Statement"
    yes: str = "Yes"
    partly: str = "Partly"
    no: str = "No"
    not_applicable: str = "N/A"
    unanswered: str = "Not answered"


def level_label(number: int, name: str) -> str:
    return f"{number} {name}"


# --- radar ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    colour: str
    dashed: bool = False
    filled: bool = True


@dataclass(frozen=True)
class TableRow:
    label: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class RadarChart:
    """Continuous: subdimension scores on the level scale. Staged: each level's
    fulfilment of its capabilities (0..1, shown in per cent), levels 2..N."""

    axes: tuple[str, ...]
    series: tuple[Series, ...]
    range: tuple[float, float]
    ticks: tuple[float, ...]
    tick_labels: tuple[str, ...]
    percent: bool

    def rows(self) -> tuple[TableRow, ...]:
        """The chart as a table: one row per axis, one value per series."""
        return tuple(
            TableRow(axis, tuple(s.values[i] for s in self.series))
            for i, axis in enumerate(self.axes)
        )


def radar(
    result: AssessmentResult,
    definition: FrameworkDef,
    text: ChartText = ChartText(),
    previous: AssessmentResult | None = None,
) -> RadarChart:
    if result.method == "staged":
        return _staged_radar(result, definition, text, previous)
    return _continuous_radar(result, definition, text, previous)


def _continuous_radar(
    result: AssessmentResult,
    definition: FrameworkDef,
    text: ChartText,
    previous: AssessmentResult | None,
) -> RadarChart:
    subs = [sub for dim in result.dimensions for sub in dim.subdimensions]
    series = [Series(text.current, tuple(sub.score for sub in subs), CURRENT)]
    if any(sub.target is not None for sub in subs):
        targets = tuple(sub.target for sub in subs)
        series.append(Series(text.target, targets, TARGET, dashed=True, filled=False))
    if previous is not None:
        before = {s.key: s.score for d in previous.dimensions for s in d.subdimensions}
        values = tuple(before.get(sub.key) for sub in subs)
        series.insert(0, Series(text.previous, values, PREVIOUS, dashed=True, filled=False))
    levels = definition.levels
    return RadarChart(
        axes=tuple(sub.name for sub in subs),
        series=tuple(series),
        range=(0.0, float(len(levels))),
        ticks=tuple(float(level.number) for level in levels),
        tick_labels=tuple(level_label(level.number, level.name) for level in levels),
        percent=False,
    )


def _staged_radar(
    result: AssessmentResult,
    definition: FrameworkDef,
    text: ChartText,
    previous: AssessmentResult | None,
) -> RadarChart:
    levels = result.levels
    current = tuple(level.fulfilment for level in levels)
    threshold = float(definition.threshold or 0)
    series = [
        Series(text.current, current, CURRENT),
        Series(text.threshold, (threshold,) * len(levels), THRESHOLD, dashed=True, filled=False),
    ]
    target = result.overall.target
    if target is not None:
        # Reaching a target T needs levels up to floor(T) in place and the share T - floor(T)
        # of the next one: the staged score read backwards.
        wanted = tuple(min(max(target - (level.number - 1), 0.0), 1.0) for level in levels)
        series.insert(1, Series(text.target, wanted, TARGET, dashed=True, filled=False))
    if previous is not None:
        before = {level.number: level.fulfilment for level in previous.levels}
        values = tuple(before.get(level.number) for level in levels)
        series.insert(0, Series(text.previous, values, PREVIOUS, dashed=True, filled=False))
    return RadarChart(
        axes=tuple(level_label(level.number, level.name) for level in levels),
        series=tuple(series),
        range=(0.0, 1.0),
        ticks=(0.25, 0.5, 0.75, 1.0),
        tick_labels=(),
        percent=True,
    )


# --- staircase (staged) ---------------------------------------------------------------

StepStatus = Literal["reached", "met", "open"]
STEP_COLOURS: dict[StepStatus, str] = {"reached": CURRENT, "met": MET, "open": PREVIOUS}


@dataclass(frozen=True)
class Step:
    number: int
    label: str
    fulfilment: float | None  # None for level 1 (the floor) and levels without statements
    status: StepStatus
    colour: str

    @property
    def fill(self) -> float:
        """How much of the step is filled: level 1 is always whole."""
        if self.fulfilment is None:
            return 1.0 if self.status == "reached" else 0.0
        return self.fulfilment


@dataclass(frozen=True)
class StaircaseChart:
    """Levels 1..N as steps of height 1..N; step L is filled from L - 1 by its fulfilment,
    so the top of the fill on the first unmet step is the staged score."""

    steps: tuple[Step, ...]
    threshold: float
    score: float
    target: float | None
    text: ChartText


def staircase(
    result: AssessmentResult, definition: FrameworkDef, text: ChartText = ChartText()
) -> StaircaseChart:
    first = definition.levels[0]
    floor = Step(first.number, level_label(first.number, first.name), None, "reached", CURRENT)
    steps = [floor, *(_step(level) for level in result.levels)]
    return StaircaseChart(
        steps=tuple(steps),
        threshold=float(definition.threshold or 0),
        score=result.overall.score or 1.0,
        target=result.overall.target,
        text=text,
    )


def _step(level: LevelScore) -> Step:
    status: StepStatus = "reached" if level.reached else "met" if level.met else "open"
    label = level_label(level.number, level.name)
    return Step(level.number, label, level.fulfilment, status, STEP_COLOURS[status])


# --- heat map -------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    shade: float | None  # 0..1, how strongly the cell is coloured; None: no data
    label: str  # written in the cell
    detail: str  # on hover: the descriptor or the statement
    highlighted: bool = False


@dataclass(frozen=True)
class HeatmapChart:
    """Continuous: subdimensions x levels, each cell a descriptor, the reached one
    highlighted and those below it shaded. Staged: subdimensions x their statements,
    shaded by the answer."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[HeatCell, ...], ...]
    low: str = HEAT_LOW
    high: str = HEAT_HIGH

    def rows_with_cells(self) -> tuple[HeatRow, ...]:
        return tuple(HeatRow(r, c) for r, c in zip(self.rows, self.cells, strict=True))


@dataclass(frozen=True)
class HeatRow:
    label: str
    cells: tuple[HeatCell, ...]


def heatmap(
    result: AssessmentResult, definition: FrameworkDef, text: ChartText = ChartText()
) -> HeatmapChart:
    if result.method == "staged":
        return _statement_heatmap(result, definition, text)
    return _descriptor_heatmap(result, definition)


def _descriptor_heatmap(result: AssessmentResult, definition: FrameworkDef) -> HeatmapChart:
    levels = {sub.key: sub.level for dim in result.dimensions for sub in dim.subdimensions}
    subs = [sub for sub in definition.subdimensions() if sub.descriptors]
    return HeatmapChart(
        rows=tuple(sub.name for sub in subs),
        columns=tuple(level_label(level.number, level.name) for level in definition.levels),
        cells=tuple(_descriptor_row(sub, levels.get(sub.key), definition) for sub in subs),
    )


def _descriptor_row(
    sub: SubdimensionDef, reached: int | None, definition: FrameworkDef
) -> tuple[HeatCell, ...]:
    descriptors = {d.level: d.text for d in sub.descriptors}
    return tuple(
        HeatCell(
            shade=_descriptor_shade(level.number, reached),
            label=descriptors.get(level.number, ""),
            detail=descriptors.get(level.number, ""),
            highlighted=level.number == reached,
        )
        for level in definition.levels
    )


def _descriptor_shade(number: int, reached: int | None) -> float:
    if reached is None or number > reached:
        return 0.0
    return 1.0 if number == reached else 0.3


def _statement_heatmap(
    result: AssessmentResult, definition: FrameworkDef, text: ChartText
) -> HeatmapChart:
    scores = {question.key: question for question in result.questions}
    subs = list(definition.subdimensions())
    width = max(len(sub.questions) for sub in subs)
    rows = [[_statement_cell(scores[q.key], q.text, text) for q in sub.questions] for sub in subs]
    return HeatmapChart(
        rows=tuple(sub.name for sub in subs),
        columns=tuple(f"{text.statement} {number}" for number in range(1, width + 1)),
        cells=tuple(tuple(row + [HeatCell(None, "", "")] * (width - len(row))) for row in rows),
    )


def _statement_cell(question: QuestionScore, statement: str, text: ChartText) -> HeatCell:
    if question.na:
        return HeatCell(None, text.not_applicable, statement)
    if question.value is None:
        return HeatCell(0.0, text.unanswered, statement)
    words = {1.0: text.yes, 0.5: text.partly, 0.0: text.no}
    # With several respondents the value is a mean, which has no single word.
    label = words.get(question.value, f"{question.value:.0%}")
    return HeatCell(question.value, label, statement)


# --- plotly ---------------------------------------------------------------------------


def to_plotly(chart: RadarChart | StaircaseChart | HeatmapChart) -> Figure:
    """The plotly.js figure (data and layout) for a chart's data."""
    if isinstance(chart, RadarChart):
        return radar_figure(chart)
    if isinstance(chart, StaircaseChart):
        return staircase_figure(chart)
    return heatmap_figure(chart)


def _wrap(text: str, width: int) -> str:
    """Escaped for plotly's HTML-like labels, broken into lines of about `width`."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(html.escape(line) for line in lines) or " "


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
    value_format = "%{r:.0%}" if chart.percent else "%{r:.2f}"
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
            "hovertemplate": f"%{{theta}}: {value_format}<extra>{html.escape(series.name)}</extra>",
        }
        for series in chart.series
    ]
    # The radial ticks run between the first two axes, clear of the first axis' line.
    angle = 90 - 180 / len(axes) if axes else 90
    radial: dict[str, Any] = {
        "range": list(chart.range),
        "tickvals": list(chart.ticks),
        "angle": angle,
        "tickangle": angle,
        "gridcolor": "#dee2e6",
        "tickfont": {"size": 10, "color": "#6c757d"},
    }
    if chart.percent:
        radial["tickformat"] = ".0%"
    else:
        radial["ticktext"] = [_wrap(label, 14) for label in chart.tick_labels]
    polar = {
        "angularaxis": {
            "direction": "clockwise",
            "rotation": 90,
            "gridcolor": "#dee2e6",
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
    names: dict[StepStatus, str] = {
        "reached": chart.text.reached,
        "met": chart.text.met,
        "open": chart.text.not_met,
    }
    traces = []
    for status, name in names.items():
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
            customdata=[s.fulfilment for s in steps],
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
    return f"{label}<br>{html.escape(text.fulfilment)}: %{{customdata:.0%}}<extra></extra>"


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
        "name": f"{chart.text.threshold} ({chart.threshold:.0%})",
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
        "hovertemplate": f"%{{y:.2f}}<extra>{html.escape(chart.text.target)}</extra>",
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
