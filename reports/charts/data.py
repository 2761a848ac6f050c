"""Chart data for a result, one builder per chart (pure, no Django).

Each builder works out a chart's axes, series, ranges, labels and colours once; the
page draws that data with plotly.js (``plotly.py``), the PDF with matplotlib (``svg.py``).
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass
from typing import Literal

from assessments.scoring import AssessmentResult, LevelScore, QuestionScore
from maturity.schema import FrameworkDef, SubdimensionDef

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
GRID = "#dee2e6"
AXIS = "#444444"
MUTED = "#6c757d"

QUARTERS = (0.0, 0.25, 0.5, 0.75, 1.0)


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

    def status(self, status: StepStatus) -> str:
        """The name of a staged level's status, for a legend."""
        return {"reached": self.reached, "met": self.met, "open": self.not_met}[status]


DEFAULT_TEXT = ChartText()


def level_label(number: int, name: str) -> str:
    return f"{number} {name}"


def percent(value: float) -> str:
    return f"{value:.0%}"


def wrapped(text: str, width: int) -> list[str]:
    """A label broken into lines of about `width` characters, words kept whole."""
    return list(_wrapped(text, width))


@functools.lru_cache(maxsize=1024)
def _wrapped(text: str, width: int) -> tuple[str, ...]:
    # The same few labels are wrapped for every chart of every page view.
    return tuple(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


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
        series.insert(
            1, Series(text.target, target_shares(levels, target), TARGET, dashed=True, filled=False)
        )
    if previous is not None:
        before = {level.number: level.fulfilment for level in previous.levels}
        values = tuple(before.get(level.number) for level in levels)
        series.insert(0, Series(text.previous, values, PREVIOUS, dashed=True, filled=False))
    return RadarChart(
        axes=tuple(level_label(level.number, level.name) for level in levels),
        series=tuple(series),
        range=(0.0, 1.0),
        ticks=QUARTERS[1:],
        tick_labels=tuple(percent(tick) for tick in QUARTERS[1:]),
        percent=True,
    )


def radial_angle(axes: int) -> float:
    """Where the radial ticks run, in degrees clockwise from the top: a quarter of the way
    to the second axis, clear of the first axis' points and of the second axis' name."""
    return 90 / max(axes, 1)


def target_shares(levels: tuple[LevelScore, ...], target: float) -> tuple[float, ...]:
    """Reaching a staged target T needs levels up to floor(T) in place and the share
    T - floor(T) of the next one: the staged score read backwards."""
    return tuple(min(max(target - (level.number - 1), 0.0), 1.0) for level in levels)


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
            return 1.0 if self.reached else 0.0
        return self.fulfilment

    @property
    def reached(self) -> bool:
        return self.status == "reached"

    @property
    def met(self) -> bool:
        """Met at the threshold, whether or not every level below is met too."""
        return self.status != "open"


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
    status = step_status(level)
    label = level_label(level.number, level.name)
    return Step(level.number, label, level.fulfilment, status, STEP_COLOURS[status])


def step_status(level: LevelScore) -> StepStatus:
    return "reached" if level.reached else "met" if level.met else "open"


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
