"""The radar: subdimension scores (continuous) or each level's fulfilment (staged)."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.scoring import AssessmentResult, LevelScore
from maturity.schema import FrameworkDef
from reports.charts.style import (
    CURRENT,
    DEFAULT_TEXT,
    PREVIOUS,
    QUARTERS,
    TARGET,
    THRESHOLD,
    ChartText,
    level_label,
    percent,
)


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
    text: ChartText = DEFAULT_TEXT,
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
