"""The result: every figure of the placement as floats, per question and per role."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from assessments.scoring.advice import explanation, recommendations
from assessments.scoring.placement import (
    Core,
    exact,
    gap_of,
    is_met,
    level_of,
    numeric,
    place,
    target_of,
    threshold_of,
)
from assessments.scoring.types import (
    AssessmentResult,
    DimensionScore,
    LevelScore,
    OverallScore,
    QuestionScore,
    RespondentAnswers,
    RoleScore,
    RoleSubdimensionScore,
    ScoringInput,
    SubdimensionScore,
    TargetValue,
)
from assessments.scoring.values import (
    Value,
    as_float,
    effective_values,
    given,
    input_errors,
    is_disagreement,
    mean,
    numbers,
    spread_of,
)
from maturity.answers import NA
from maturity.schema import DimensionDef, FrameworkDef, QuestionDef, SubdimensionDef


def score(definition: FrameworkDef, scoring_input: ScoringInput) -> AssessmentResult:
    """Score the answers against the definition, by the rules in the package's docstring."""
    errors = input_errors(definition, scoring_input)
    if errors:
        raise ValueError("\n".join(errors))
    respondents = scoring_input.respondents
    values = effective_values(definition, respondents, scoring_input.consensus)
    core = place(definition, values)
    completion = Fraction(sum(v is not None for v in values.values()), len(values))
    return AssessmentResult(
        framework=definition.slug,
        version=definition.version,
        method=definition.method,
        overall=_overall(definition, core, scoring_input.targets),
        dimensions=tuple(
            _dimension(definition, d, core, scoring_input) for d in definition.dimensions
        ),
        levels=_levels(definition, core),
        completion=float(completion),
        provisional=completion < 1,
        recommendations=recommendations(definition, core, values, scoring_input.targets),
        questions=_questions(definition, values, scoring_input),
        not_applicable=tuple(key for key, value in values.items() if value == NA),
        unanswered=tuple(key for key, value in values.items() if value is None),
        by_role=tuple(_role_score(definition, role, respondents) for role in _roles(respondents)),
        explanation=explanation(definition, core, values),
        respondents=sum(1 for respondent in respondents if respondent.answers),
    )


def _level_name(definition: FrameworkDef, number: int | None) -> str | None:
    return None if number is None else definition.level(number).name


def _overall(definition: FrameworkDef, core: Core, targets: dict[str, TargetValue]) -> OverallScore:
    target = exact(targets["overall"]) if "overall" in targets else None
    return OverallScore(
        score=as_float(core.overall),
        level=core.level,
        level_name=_level_name(definition, core.level),
        target=as_float(target),
        gap=as_float(gap_of(target, core.overall)),
    )


def _dimension(
    definition: FrameworkDef, dim: DimensionDef, core: Core, scoring_input: ScoringInput
) -> DimensionScore:
    score = core.dim_scores.get(dim.key)
    level = level_of(score, len(definition.levels))
    return DimensionScore(
        key=dim.key,
        name=dim.name,
        weight=float(dim.weight),
        score=as_float(score),
        level=level,
        level_name=_level_name(definition, level),
        fulfilment=as_float(core.dim_fulfilment.get(dim.key)),
        subdimensions=tuple(
            _subdimension(definition, sub, core, scoring_input) for sub in dim.subdimensions
        ),
    )


def _subdimension(
    definition: FrameworkDef, sub: SubdimensionDef, core: Core, scoring_input: ScoringInput
) -> SubdimensionScore:
    score = core.sub_scores.get(sub.key)
    level = level_of(score, len(definition.levels))
    target = target_of(definition, scoring_input.targets, sub.key)
    spreads = [spread_of(q.key, scoring_input.respondents) for q in sub.questions]
    return SubdimensionScore(
        key=sub.key,
        name=sub.name,
        weight=float(sub.weight),
        score=as_float(score),
        level=level,
        level_name=_level_name(definition, level),
        fulfilment=as_float(core.sub_fulfilment.get(sub.key)),
        target=as_float(target),
        gap=as_float(gap_of(target, score)),
        spread=as_float(max(numbers(spreads), default=None)),
    )


def _levels(definition: FrameworkDef, core: Core) -> tuple[LevelScore, ...]:
    if definition.method != "staged":
        return ()
    threshold = threshold_of(definition)
    return tuple(
        LevelScore(
            number=number,
            name=definition.level(number).name,
            fulfilment=as_float(fulfilment),
            met=is_met(fulfilment, threshold),
            reached=core.level is not None and number <= core.level,
        )
        for number, fulfilment in core.level_fulfilment.items()
    )


def _questions(
    definition: FrameworkDef, values: dict[str, Value], scoring_input: ScoringInput
) -> tuple[QuestionScore, ...]:
    return tuple(
        _question(
            definition.index.subdimension_of(question.key),
            question,
            values[question.key],
            scoring_input,
        )
        for question in definition.questions()
    )


def _question(
    sub: SubdimensionDef, question: QuestionDef, value: Value, scoring_input: ScoringInput
) -> QuestionScore:
    respondents = scoring_input.respondents
    spread = spread_of(question.key, respondents)
    return QuestionScore(
        key=question.key,
        subdimension=sub.key,
        kind=question.kind,
        level=question.level,
        weight=float(question.weight),
        value=as_float(numeric(value)),
        na=value == NA,
        answered=isinstance(value, Fraction),
        consensus=question.key in scoring_input.consensus,
        respondents=len(given(question.key, respondents)),
        spread=as_float(spread),
        disagreement=is_disagreement(question.kind, spread),
        by_role=_question_by_role(question.key, respondents),
    )


# --- perception split ---------------------------------------------------------------


def _roles(respondents: Iterable[RespondentAnswers]) -> list[str]:
    return list(dict.fromkeys(r.role for r in respondents if r.role))


def _question_by_role(
    key: str, respondents: Sequence[RespondentAnswers]
) -> dict[str, float | None]:
    return {
        role: as_float(mean(numbers(given(key, [r for r in respondents if r.role == role]))))
        for role in _roles(respondents)
    }


def _role_score(
    definition: FrameworkDef, role: str, respondents: Sequence[RespondentAnswers]
) -> RoleScore:
    members = [r for r in respondents if r.role == role]
    core = place(definition, effective_values(definition, members, {}))
    top = len(definition.levels)
    return RoleScore(
        role=role,
        respondents=len(members),
        score=as_float(core.overall),
        level=core.level,
        level_name=_level_name(definition, core.level),
        subdimensions=tuple(
            RoleSubdimensionScore(key=key, score=as_float(score), level=level_of(score, top))
            for key, score in core.sub_scores.items()
        ),
        levels=_levels(definition, core),
    )
