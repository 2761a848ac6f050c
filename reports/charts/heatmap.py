"""The heat map: descriptors reached (continuous) or statements answered (staged)."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.scoring import AssessmentResult, QuestionScore
from maturity.answers import NA, answer_at
from maturity.schema import FrameworkDef, SubdimensionDef
from reports.charts.style import (
    DEFAULT_TEXT,
    HEAT_HIGH,
    HEAT_LOW,
    ChartText,
    level_label,
    percent,
)


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
    result: AssessmentResult, definition: FrameworkDef, text: ChartText = DEFAULT_TEXT
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
        return HeatCell(None, text.answers[NA], statement)
    if question.value is None:
        return HeatCell(0.0, text.unanswered, statement)
    # With several respondents the value is a mean, which has no single word.
    stored = answer_at("statement", question.value, 0)
    label = text.answers[stored] if stored else percent(question.value)
    return HeatCell(question.value, label, statement)
