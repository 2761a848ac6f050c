"""The matplotlib figures of the charts (for svg.py), styled as plotly_figures.py draws them.

matplotlib is imported inside the functions, so that loading the charts does not load it.
Sizes are in cm and pt for an A4 page; every data mark carries a gid that names it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reports.charts.bars import THICKNESS, BarChart
from reports.charts.heatmap import HeatmapChart
from reports.charts.radar import RadarChart, Series, radial_angle
from reports.charts.staircase import StaircaseChart
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
    StepStatus,
    percent,
    wrapped,
)

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.container import Container
    from matplotlib.figure import Figure

CM = 1 / 2.54  # matplotlib measures figures in inches
PT_PER_CM = 72 / 2.54
WIDTH = 16.0  # cm
FONT = "DejaVu Sans"
SIZE = 8.5  # pt, beside the report's 10 pt text
SMALL = 7.5
LINE = 1.5  # pt: plotly's 2 px lines
DASH = (0, (3.0, 2.0))  # in line widths, as matplotlib scales dashes
DOT = (0, (1.0, 1.5))
LIGHT_GRID = "#e9ecef"


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width * CM, height * CM), facecolor="none")
    FigureCanvasSVG(figure)
    return figure


def _box(
    figure: Figure, left: float, right: float, top: float, bottom: float
) -> tuple[float, float, float, float]:
    """An axes rectangle from margins in cm, in the figure's fractions."""
    width, height = (float(size) / CM for size in figure.get_size_inches())
    return (left / width, bottom / height, 1 - (left + right) / width, 1 - (top + bottom) / height)


def _lines(text: str, width: int) -> str:
    return "\n".join(wrapped(text, width))


def _legend(figure: Figure, handles: Sequence[Artist | Container], columns: int = 5) -> None:
    figure.legend(
        handles=handles,
        loc="lower center",
        ncol=min(len(handles), columns),
        bbox_to_anchor=(0.5, 0.0),
        handlelength=2.4,
        columnspacing=1.6,
    )


def _plain(axes: Axes) -> None:
    """No frame and no tick marks, as plotly draws a cartesian chart."""
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.tick_params(length=0, labelsize=SIZE)
    axes.set_facecolor("none")


# --- radar ----------------------------------------------------------------------------


def radar_figure(chart: RadarChart) -> Figure:
    figure = _figure(WIDTH, 12.4)
    axes: Any = figure.add_axes(_box(figure, 3.7, 3.7, 1.3, 1.9), projection="polar")
    angles = [2 * math.pi * i / len(chart.axes) for i in range(len(chart.axes))]
    _polar_grid(axes, chart, angles)
    handles = [_polar_series(axes, s, angles, f"series-{i}") for i, s in enumerate(chart.series)]
    _legend(figure, handles)
    return figure


def _polar_grid(axes: Any, chart: RadarChart, angles: list[float]) -> None:
    """Clockwise from the top, the radial ticks a little past the first axis, as on the page."""
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_ylim(*chart.range)
    axes.set_xticks(angles, [""] * len(angles))
    axes.set_yticks(chart.ticks, [""] * len(chart.ticks))
    axes.grid(color=GRID, linewidth=0.75)
    axes.spines["polar"].set(color=AXIS, linewidth=0.75)
    axes.set_facecolor("none")
    spoke = math.radians(radial_angle(len(angles)))
    axes.plot([spoke, spoke], chart.range, color=AXIS, linewidth=0.75, gid="radial-axis")
    for tick, label in zip(chart.ticks, chart.tick_labels, strict=True):
        _label(axes, (spoke, tick), (3, 0), _lines(label, 14), "left", "center", SMALL, MUTED)
    for angle, label in zip(angles, chart.axes, strict=True):
        _spoke_label(axes, angle, chart.range[1], label)


def _spoke_label(axes: Axes, angle: float, top: float, label: str) -> None:
    """An axis name just outside the circle, aligned away from it as plotly does."""
    across, up = math.sin(angle), math.cos(angle)
    ha = "left" if across > 0.2 else "right" if across < -0.2 else "center"
    va = "bottom" if up > 0.2 else "top" if up < -0.2 else "center"
    axes.text(angle, top * 1.06, _lines(label, 12), ha=ha, va=va, multialignment="center")


def _polar_series(axes: Axes, series: Series, angles: list[float], gid: str) -> Artist:
    values = [math.nan if value is None else value for value in series.values]
    (line,) = axes.plot(
        [*angles, *angles[:1]],
        [*values, *values[:1]],
        color=series.colour,
        linewidth=LINE,
        linestyle=DASH if series.dashed else "solid",
        marker="o",
        markersize=3.5,
        label=series.name,
        gid=gid,
        clip_on=False,
    )
    points = [(a, v) for a, v in zip(angles, values, strict=True) if not math.isnan(v)]
    if series.filled and points:
        a, v = zip(*points, strict=True)
        axes.fill(a, v, color=series.colour, alpha=0.15, linewidth=0)
    return line


# --- staircase ------------------------------------------------------------------------

STEP_WIDTH = 0.92


def staircase_figure(chart: StaircaseChart) -> Figure:
    figure = _figure(WIDTH, 8.9)
    axes = figure.add_axes(_box(figure, 1.4, 0.3, 0.3, 2.1))
    x = [step.number for step in chart.steps]
    _steps(axes, chart)
    handles = [*_status_keys(chart), _step_thresholds(axes, chart)]
    if chart.target is not None:
        handles.append(_target_rule(axes, chart.target, x[0] - 0.5, x[-1] + 0.5, chart.text.target))
    axes.set_xticks(x, [_lines(step.label, 12) for step in chart.steps])
    axes.set_xlim(x[0] - 0.55, x[-1] + 0.55)
    axes.set_ylim(0, len(x) + 0.1)
    axes.set_yticks(x)
    axes.set_ylabel(chart.text.level)
    axes.yaxis.grid(color=LIGHT_GRID, linewidth=0.75)
    axes.set_axisbelow(True)
    _plain(axes)
    _legend(figure, handles)
    return figure


def _steps(axes: Axes, chart: StaircaseChart) -> None:
    """Each step: grey up to the level below, filled by its fulfilment, open above that."""
    steps = chart.steps
    x = [step.number for step in steps]
    floors = [n - 1 for n in x]
    tops = [floor + step.fill for floor, step in zip(floors, steps, strict=True)]
    style: dict[str, Any] = {"width": STEP_WIDTH, "edgecolor": EDGE, "linewidth": 0.75}
    axes.bar(x, floors, color=BELOW, **style)
    rests = [n - top for n, top in zip(x, tops, strict=True)]
    rest_bars = axes.bar(x, rests, bottom=tops, color=OPEN, **style)
    colours = [step.colour for step in steps]
    fill_bars = axes.bar(x, [s.fill for s in steps], bottom=floors, color=colours, **style)
    for step, fill, rest in zip(steps, fill_bars, rest_bars, strict=True):
        fill.set_gid(f"step-{step.number}-fill")
        rest.set_gid(f"step-{step.number}-rest")


def _status_keys(chart: StaircaseChart) -> list[Artist]:
    """A legend key per status the staircase shows, in the page's order."""
    from matplotlib.patches import Patch

    shown = {step.status for step in chart.steps}
    statuses: tuple[StepStatus, ...] = ("reached", "met", "open")
    return [
        Patch(facecolor=STEP_COLOURS[s], edgecolor=EDGE, lw=0.75, label=chart.text.status(s))
        for s in statuses
        if s in shown
    ]


def _step_thresholds(axes: Axes, chart: StaircaseChart) -> Artist:
    """One dashed segment across each step from level 2 up, at the share needed to meet it."""
    x: list[float] = []
    y: list[float] = []
    for step in chart.steps[1:]:
        height = step.number - 1 + chart.threshold
        x += [step.number - 0.46, step.number + 0.46, math.nan]
        y += [height, height, math.nan]
    name = f"{chart.text.threshold} ({percent(chart.threshold)})"
    style: dict[str, Any] = {"color": THRESHOLD, "linewidth": LINE, "linestyle": DASH}
    (line,) = axes.plot(x, y, label=name, gid="staircase-threshold", **style)
    return line


def _target_rule(axes: Axes, target: float, start: float, end: float, word: str) -> Artist:
    style: dict[str, Any] = {"color": TARGET, "linewidth": LINE, "linestyle": DOT}
    (line,) = axes.plot([start, end], [target] * 2, label=word, gid="staircase-target", **style)
    return line


# --- bars -----------------------------------------------------------------------------

ROW = 1.05  # cm per bar


def bars_figure(chart: BarChart) -> Figure:
    count = len(chart.bars)
    top, bottom = 0.2, 1.7
    figure = _figure(WIDTH, top + bottom + ROW * count)
    axes = figure.add_axes(_box(figure, 4.2, 1.3, top, bottom))
    _bar_patches(axes, chart)
    handles = _group_keys(chart)
    if chart.has_targets:
        handles.append(_target_marks(axes, chart))
    if chart.threshold is not None:
        handles.append(_threshold_rule(axes, chart.threshold, count, chart.text.threshold))
    _value_labels(axes, chart)
    axes.set_xlim(*chart.range)
    axes.set_xticks(chart.ticks, [_lines(label, 14) for label in chart.tick_labels])
    axes.set_ylim(count - 0.5, -0.5)
    axes.set_yticks(range(count), [_lines(bar.label, 22) for bar in chart.bars])
    axes.xaxis.grid(color=GRID, linewidth=0.75)
    axes.set_axisbelow(True)
    _plain(axes)
    _legend(figure, handles)
    return figure


def _bar_patches(axes: Axes, chart: BarChart) -> None:
    """Each bar over a track of the whole scale, the first on top."""
    rows = range(len(chart.bars))
    tracks = axes.barh(rows, [chart.range[1]] * len(rows), height=THICKNESS, color=BELOW)
    shown = [(r, b.value, b.colour) for r, b in enumerate(chart.bars) if b.value is not None]
    drawn = axes.barh(
        [row for row, _, _ in shown],
        [value for _, value, _ in shown],
        height=THICKNESS,
        color=[colour for _, _, colour in shown],
    )
    for row, track in zip(rows, tracks, strict=True):
        track.set_gid(f"track-{row}")
    for (row, _, _), patch in zip(shown, drawn, strict=True):
        patch.set_gid(f"bar-{row}")


def _group_keys(chart: BarChart) -> list[Artist]:
    """A legend key per colour, as the page has a trace per colour."""
    from matplotlib.patches import Patch

    colours = {bar.group: bar.colour for bar in reversed(chart.bars)}
    groups = dict.fromkeys(bar.group for bar in chart.bars)
    return [Patch(facecolor=colours[group], label=group) for group in groups]


def _target_marks(axes: Axes, chart: BarChart) -> Artist:
    """A short upright stroke across the bar at its target."""
    marked = [(row, bar.target) for row, bar in enumerate(chart.bars) if bar.target is not None]
    (marks,) = axes.plot(
        [target for _, target in marked],
        [row for row, _ in marked],
        linestyle="none",
        marker="|",
        markersize=ROW * PT_PER_CM * THICKNESS * 1.05,  # the bar's height
        markeredgewidth=2.25,
        color=TARGET,
        label=chart.text.target,
        gid="bars-target",
    )
    return marks


def _threshold_rule(axes: Axes, threshold: float, rows: int, word: str) -> Artist:
    name = f"{word} ({percent(threshold)})"
    style: dict[str, Any] = {"color": THRESHOLD, "linewidth": LINE, "linestyle": DASH}
    (line,) = axes.plot(
        [threshold] * 2, [-0.5, rows - 0.5], label=name, gid="bars-threshold", **style
    )
    return line


def _value_labels(axes: Axes, chart: BarChart) -> None:
    """Each bar's value in a column right of the scale, clear of the bars and markers."""
    from matplotlib.transforms import blended_transform_factory

    where = blended_transform_factory(axes.transAxes, axes.transData)
    for row, bar in enumerate(chart.bars):
        axes.text(1.015, row, chart.value_text(bar.value), transform=where, va="center")


# --- heat map -------------------------------------------------------------------------

CELL_SIZE = 6.5  # pt
LEADING = 1.3


def heatmap_figure(chart: HeatmapChart) -> Figure:
    rows, columns = len(chart.rows), max(len(chart.columns), 1)
    label_width = 3.6  # cm
    cell_width = (WIDTH - label_width - 0.1) / columns
    # Characters of cell text per line, from the cell's width and the font's average glyph.
    chars = max(8, int(cell_width * PT_PER_CM / (CELL_SIZE * 0.6)))
    texts = [[_lines(cell.label, chars) for cell in row] for row in chart.cells]
    most = max((text.count("\n") + 1 for row in texts for text in row), default=1)
    row_height = max(0.9, most * CELL_SIZE * LEADING / PT_PER_CM + 0.35)
    figure = _figure(WIDTH, 1.2 + rows * row_height)
    axes = figure.add_axes(_box(figure, label_width, 0.1, 1.1, 0.1))
    axes.set_axis_off()  # labels as plain text: ticks cost more than the whole map
    axes.set_xlim(-0.5, columns - 0.5)
    axes.set_ylim(rows - 0.5, -0.5)
    _heat_cells(axes, chart, (0.75 / PT_PER_CM / cell_width, 0.75 / PT_PER_CM / row_height))
    _heat_texts(axes, chart, texts)
    for c, column in enumerate(chart.columns):
        _label(axes, (c, -0.5), (0, 5), _lines(column, 14), "center", "bottom")
    for r, name in enumerate(chart.rows):
        _label(axes, (-0.5, r), (-6, 0), _lines(name, 16), "right", "center")
    return figure


def _heat_texts(axes: Axes, chart: HeatmapChart, texts: list[list[str]]) -> None:
    for r, row in enumerate(chart.cells):
        for c, cell in enumerate(row):
            if not texts[r][c]:
                continue
            dark = cell.shade is not None and _dark(_mix(chart.low, chart.high, cell.shade))
            ink = "#ffffff" if dark else TEXT
            axes.text(c, r, texts[r][c], ha="center", va="center", size=CELL_SIZE, color=ink)


def _label(
    axes: Axes,
    at: tuple[float, float],
    offset: tuple[float, float],
    text: str,
    ha: str,
    va: str,
    size: float = SIZE,
    colour: str = TEXT,
) -> None:
    """Text a few points away from a place in the data, as a tick label sits."""
    axes.annotate(
        text, at, xytext=offset, textcoords="offset points", ha=ha, va=va, size=size, color=colour
    )


def _heat_cells(axes: Axes, chart: HeatmapChart, gap: tuple[float, float]) -> None:
    """The shaded cells and the frames of the highlighted ones, as two collections: one
    artist each draws far faster than a patch per cell."""
    from matplotlib.collections import PolyCollection

    filled, colours, framed = [], [], []
    for r, row in enumerate(chart.cells):
        for c, cell in enumerate(row):
            corners = _corners(
                c - 0.5 + gap[0], r - 0.5 + gap[1], c + 0.5 - gap[0], r + 0.5 - gap[1]
            )
            if cell.shade is not None:
                filled.append(corners)
                colours.append(_mix(chart.low, chart.high, cell.shade))
            if cell.highlighted:
                framed.append(corners)
    axes.add_collection(
        PolyCollection(filled, facecolors=colours, linewidths=0, gid="heat-cells"), autolim=False
    )
    frames = PolyCollection(
        framed, facecolors="none", edgecolors=THRESHOLD, linewidths=2.25, gid="heat-frames"
    )
    axes.add_collection(frames, autolim=False)


def _corners(left: float, top: float, right: float, bottom: float) -> list[tuple[float, float]]:
    return [(left, top), (right, top), (right, bottom), (left, bottom)]


def _rgb(colour: str) -> tuple[int, int, int]:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return red, green, blue


def _mix(low: str, high: str, share: float) -> str:
    """The colour a share of the way from low to high, as plotly's colour scale blends."""
    pairs = zip(_rgb(low), _rgb(high), strict=True)
    return "#" + "".join(f"{int(a + (b - a) * share + 0.5):02x}" for a, b in pairs)


def _dark(colour: str) -> bool:
    """Whether a cell is dark enough for white text, as plotly picks the text colour."""
    red, green, blue = _rgb(colour)
    return 0.299 * red + 0.587 * green + 0.114 * blue < 150
