"""The bar chart: dimension scores against their targets, or levels against the threshold."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.scoring import AssessmentResult, DimensionScore, LevelScore
from maturity.schema import FrameworkDef
from reports.charts.radar import target_shares
from reports.charts.staircase import step_status
from reports.charts.style import (
    CURRENT,
    DEFAULT_TEXT,
    QUARTERS,
    STEP_COLOURS,
    ChartText,
    level_label,
    percent,
    score_text,
)

THICKNESS = 0.5  # of a row, on the page and in the PDF


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    target: float | None
    group: str  # the legend entry the bar's colour stands for
    colour: str


@dataclass(frozen=True)
class BarChart:
    """Continuous: one bar per dimension, its score on the level scale against its target.
    Staged: one bar per level 2..N, its fulfilment (0..1) against the threshold, coloured
    by status as on the staircase (a staged model's dimensions have no score)."""

    bars: tuple[Bar, ...]
    range: tuple[float, float]
    ticks: tuple[float, ...]
    tick_labels: tuple[str, ...]
    percent: bool
    threshold: float | None
    text: ChartText

    def value_text(self, value: float | None) -> str:
        """A value as the chart writes it beside its bar."""
        if value is None:
            return "–"
        if self.percent:
            return percent(value)
        return score_text(value)

    @property
    def has_targets(self) -> bool:
        return any(bar.target is not None for bar in self.bars)


def bars(
    result: AssessmentResult, definition: FrameworkDef, text: ChartText = DEFAULT_TEXT
) -> BarChart:
    if result.method == "staged":
        return _level_bars(result, definition, text)
    return _dimension_bars(result, definition, text)


def _dimension_bars(
    result: AssessmentResult, definition: FrameworkDef, text: ChartText
) -> BarChart:
    levels = definition.levels
    return BarChart(
        bars=tuple(
            Bar(dim.name, dim.score, dimension_target(dim), text.current, CURRENT)
            for dim in result.dimensions
        ),
        range=(0.0, float(len(levels))),
        ticks=tuple(float(level.number) for level in levels),
        tick_labels=tuple(level_label(level.number, level.name) for level in levels),
        percent=False,
        threshold=None,
        text=text,
    )


def dimension_target(dimension: DimensionScore) -> float | None:
    """The weighted mean of its subdimensions' targets when each has one, as its score is
    of their scores; scoring sets targets on the whole and on subdimensions only."""
    pairs = [(sub.weight, sub.target) for sub in dimension.subdimensions if sub.target is not None]
    if not pairs or len(pairs) < len(dimension.subdimensions):
        return None
    return sum(weight * target for weight, target in pairs) / sum(w for w, _ in pairs)


def _level_bars(result: AssessmentResult, definition: FrameworkDef, text: ChartText) -> BarChart:
    levels = result.levels
    target = result.overall.target
    shares = target_shares(levels, target) if target is not None else (0.0,) * len(levels)
    return BarChart(
        # No target marker where nothing of a level is wanted, rather than one at its foot.
        bars=tuple(
            _level_bar(level, share or None, text)
            for level, share in zip(levels, shares, strict=True)
        ),
        range=(0.0, 1.0),
        ticks=QUARTERS,
        tick_labels=tuple(percent(tick) for tick in QUARTERS),
        percent=True,
        threshold=float(definition.threshold or 0),
        text=text,
    )


def _level_bar(level: LevelScore, target: float | None, text: ChartText) -> Bar:
    status = step_status(level)
    label = level_label(level.number, level.name)
    return Bar(label, level.fulfilment, target, text.status(status), STEP_COLOURS[status])
