"""The staircase of a staged model: each level a step, filled by its fulfilment."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.scoring import AssessmentResult, LevelScore
from maturity.schema import FrameworkDef
from reports.charts.style import (
    CURRENT,
    DEFAULT_TEXT,
    STEP_COLOURS,
    ChartText,
    StepStatus,
    level_label,
)


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
    result: AssessmentResult, definition: FrameworkDef, text: ChartText = DEFAULT_TEXT
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
