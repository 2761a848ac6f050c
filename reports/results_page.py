"""The results page's view model: what the page (and the report) shows of a result, read
in a number of queries that does not grow with the number of questions or respondents."""

import math
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.scoring import (
    AssessmentResult,
    LevelScore,
    QuestionScore,
    Recommendation,
    RoleScore,
    SubdimensionScore,
)
from assessments.selectors import (
    Assessment,
    assessment_definition,
    assessment_result,
    respondent_count,
    role_label,
)
from maturity import answers
from maturity.schema import FrameworkDef, LevelDef
from reports.charts import (
    BarChart,
    Chart,
    ChartText,
    HeatmapChart,
    RadarChart,
    StaircaseChart,
    bars,
    heatmap,
    level_label,
    radar,
    staircase,
    to_plotly,
    to_svg,
)


@dataclass(frozen=True)
class QuestionLine:
    key: str
    text: str
    subdimension: str


@dataclass(frozen=True)
class SpreadRow:
    question: QuestionLine
    score: QuestionScore
    by_role: tuple[float | None, ...]  # in the order of ResultsPage.roles


@dataclass(frozen=True)
class RoleColumn:
    label: str
    respondents: int


@dataclass(frozen=True)
class RoleCell:
    value: float | None
    level: int | None = None
    level_name: str | None = None


@dataclass(frozen=True)
class RoleRow:
    label: str
    cells: tuple[RoleCell, ...]
    percent: bool = False
    overall: bool = False


@dataclass(frozen=True)
class RecommendationLine:
    recommendation: Recommendation
    subdimension: str


@dataclass(frozen=True)
class RoadmapStep:
    """A level still to reach on the way to the target (staged): what to put in place."""

    level: LevelDef
    score: LevelScore | None
    lines: tuple[RecommendationLine, ...]


@dataclass(frozen=True)
class Charts:
    radar: RadarChart
    bars: BarChart
    staircase: StaircaseChart | None
    heatmap: HeatmapChart

    def drawn(self) -> dict[str, Chart]:
        """The charts there are, by the name the page and the report know them by."""
        charts: dict[str, Chart | None] = {
            "radar": self.radar,
            "bars": self.bars,
            "staircase": self.staircase,
            "heatmap": self.heatmap,
        }
        return {name: chart for name, chart in charts.items() if chart is not None}

    def figures(self) -> dict[str, dict[str, Any]]:
        """The plotly.js figures of the results page."""
        return {name: to_plotly(chart) for name, chart in self.drawn().items()}

    def svgs(self) -> dict[str, str]:
        """The SVG drawings of the PDF report, each an inline <svg> element."""
        return {name: to_svg(chart) for name, chart in self.drawn().items()}


@dataclass(frozen=True)
class ResultsPage:
    result: AssessmentResult
    definition: FrameworkDef
    respondents: int
    charts: Charts
    first_unmet: LevelScore | None
    holding_back: tuple[QuestionLine, ...]
    pulling_down: tuple[SubdimensionScore, ...]
    not_applicable: tuple[QuestionLine, ...]
    unanswered: tuple[QuestionLine, ...]
    recommendations: tuple[RecommendationLine, ...]
    roadmap: tuple[RoadmapStep, ...]  # staged: the first unmet level up to the target
    spreads: tuple[SpreadRow, ...]
    roles: tuple[RoleColumn, ...]
    role_rows: tuple[RoleRow, ...]

    @property
    def staged(self) -> bool:
        return self.result.method == "staged"

    @property
    def role_split(self) -> bool:
        """A split needs two roles to compare."""
        return len(self.roles) > 1

    @property
    def roadmap_statements(self) -> int:
        return sum(len(step.lines) for step in self.roadmap)

    @property
    def roadmap_last(self) -> RoadmapStep | None:
        return self.roadmap[-1] if self.roadmap else None

    @property
    def has_targets(self) -> bool:
        subs = (sub for dim in self.result.dimensions for sub in dim.subdimensions)
        return self.result.overall.target is not None or any(s.target is not None for s in subs)

    @property
    def differing(self) -> tuple[SpreadRow, ...]:
        """The questions the respondents answered differently."""
        return tuple(row for row in self.spreads if row.score.spread)

    @property
    def agreeing(self) -> int:
        return len(self.spreads) - len(self.differing)

    @property
    def disagreements(self) -> int:
        return sum(row.score.disagreement for row in self.spreads)


def results_cache_key(assessment: Assessment) -> str:
    """Names a submitted assessment's cached results page by everything it shows: the result
    kept at submission (its time names it; the definition is pinned to the assessment), the
    title and organisation beside it, and the language."""
    submitted = assessment.submitted_at.isoformat() if assessment.submitted_at else ""
    # Read with the assessment by the access rule's query, else (a list's row) loaded now.
    organisation = getattr(assessment, "organization_name", None) or assessment.organization.name
    return repr((assessment.pk, submitted, assessment.title, organisation, get_language()))


def results_page(assessment: Assessment) -> ResultsPage:
    """Everything the results page shows, from the result and the pinned definition."""
    result = assessment_result(assessment)
    definition = assessment_definition(assessment)
    lines = _question_lines(definition)
    names = {sub.key: sub.name for sub in definition.subdimensions()}
    return ResultsPage(
        result=result,
        definition=definition,
        respondents=respondent_count(assessment)
        if result.respondents is None
        else result.respondents,
        charts=result_charts(result, definition),
        first_unmet=_first_unmet(result),
        holding_back=tuple(lines[key] for key in result.explanation.holding_back),
        pulling_down=_pulling_down(result),
        not_applicable=tuple(lines[key] for key in result.not_applicable),
        unanswered=tuple(lines[key] for key in result.unanswered),
        recommendations=_lines(result.recommendations, names),
        roadmap=_roadmap(result, definition, names),
        spreads=_spreads(result, lines),
        roles=tuple(RoleColumn(role_label(r.role), r.respondents) for r in result.by_role),
        role_rows=_role_rows(result, definition),
    )


def chart_text() -> ChartText:
    return ChartText(
        current=_("Current"),
        target=_("Target"),
        previous=_("Previous"),
        threshold=_("Threshold"),
        level=_("Level"),
        fulfilment=_("Fulfilment"),
        statement=_("Statement"),
        answers={value: answers.label(value, short=True) for value in answers.english_labels()},
        unanswered=_("Not answered"),
        reached=_("Reached"),
        met=_("Met, not reached"),
        not_met=_("Not met"),
    )


def result_charts(result: AssessmentResult, definition: FrameworkDef) -> Charts:
    text = chart_text()
    return Charts(
        radar=radar(result, definition, text),
        bars=bars(result, definition, text),
        staircase=staircase(result, definition, text) if result.method == "staged" else None,
        heatmap=heatmap(result, definition, text),
    )


def _question_lines(definition: FrameworkDef) -> dict[str, QuestionLine]:
    return {
        q.key: QuestionLine(q.key, q.text, sub.name)
        for sub in definition.subdimensions()
        for q in sub.questions
    }


def _first_unmet(result: AssessmentResult) -> LevelScore | None:
    number = result.explanation.first_unmet_level
    return next((level for level in result.levels if level.number == number), None)


def _lines(
    recommendations: tuple[Recommendation, ...], names: dict[str, str]
) -> tuple[RecommendationLine, ...]:
    return tuple(RecommendationLine(rec, names[rec.subdimension]) for rec in recommendations)


def _roadmap(
    result: AssessmentResult, definition: FrameworkDef, names: dict[str, str]
) -> tuple[RoadmapStep, ...]:
    """One step per level from the first unmet level up to the target's level (only the
    first unmet level without a target above it). The first step holds the scoring's own
    recommendations; the levels above follow the same rule, from the result's values."""
    first = result.explanation.first_unmet_level
    if result.method != "staged" or first is None:
        return ()
    scores = {level.number: level for level in result.levels}
    steps = [RoadmapStep(definition.level(first), scores.get(first),
                         _lines(result.recommendations, names))]  # fmt: skip
    for number in range(first + 1, _target_level(result, len(definition.levels)) + 1):
        advice = _statements_short_of_full(result, definition, number)
        steps.append(
            RoadmapStep(definition.level(number), scores.get(number), _lines(advice, names))
        )
    return tuple(steps)


def _target_level(result: AssessmentResult, top: int) -> int:
    """The level a staged target asks for: a target of 4.5 means level 4 and half of 5."""
    target = result.overall.target
    # Float noise (a 4.0 stored as 4.0000000001) must not ask for a level more.
    return 0 if target is None else min(top, math.ceil(target - 1e-9))


def _statements_short_of_full(
    result: AssessmentResult, definition: FrameworkDef, number: int
) -> tuple[Recommendation, ...]:
    """The level's statements below 1 (unanswered counts as 0, ``na`` is left out), with
    gap = 1 - value, in framework order: the scoring's rule for the first unmet level."""
    values = {q.key: q for q in result.questions}
    level = definition.level(number)
    return tuple(
        Recommendation(
            key=question.key,
            kind="statement",
            subdimension=sub.key,
            gap=1 - (values[question.key].value or 0.0),
            next_level=number,
            next_level_name=level.name,
            text=question.text,
            guidance=question.help,
        )
        for sub in definition.subdimensions()
        for question in sub.questions
        if question.level == number
        and not values[question.key].na
        and (values[question.key].value or 0.0) < 1
    )


def _pulling_down(result: AssessmentResult) -> tuple[SubdimensionScore, ...]:
    subs = {sub.key: sub for dim in result.dimensions for sub in dim.subdimensions}
    return tuple(subs[key] for key in result.explanation.pulling_down)


def _spreads(result: AssessmentResult, lines: dict[str, QuestionLine]) -> tuple[SpreadRow, ...]:
    roles = [role.role for role in result.by_role]
    rows = [
        SpreadRow(lines[q.key], q, tuple(q.by_role.get(role) for role in roles))
        for q in result.questions
        if q.spread is not None
    ]
    # Disagreements first, each group in framework order (sorted() is stable).
    return tuple(sorted(rows, key=lambda row: not row.score.disagreement))


def _role_rows(result: AssessmentResult, definition: FrameworkDef) -> tuple[RoleRow, ...]:
    roles = result.by_role
    if not roles:
        return ()
    overall = RoleRow(
        _("Overall"), tuple(RoleCell(r.score, r.level, r.level_name) for r in roles), overall=True
    )
    if result.method == "staged":
        return (overall, *_role_level_rows(roles, definition))
    return (overall, *_role_subdimension_rows(roles, definition))


def _role_level_rows(roles: tuple[RoleScore, ...], definition: FrameworkDef) -> list[RoleRow]:
    fulfilment = [{lv.number: lv.fulfilment for lv in role.levels} for role in roles]
    return [
        RoleRow(
            level_label(level.number, level.name),
            tuple(RoleCell(by_level.get(level.number)) for by_level in fulfilment),
            percent=True,
        )
        for level in definition.levels[1:]
    ]


def _role_subdimension_rows(
    roles: tuple[RoleScore, ...], definition: FrameworkDef
) -> list[RoleRow]:
    scores = [{s.key: RoleCell(s.score, s.level) for s in role.subdimensions} for role in roles]
    return [
        RoleRow(sub.name, tuple(by_key.get(sub.key, RoleCell(None)) for by_key in scores))
        for sub in definition.subdimensions()
    ]
