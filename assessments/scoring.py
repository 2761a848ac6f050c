"""Scoring: place an organisation on a maturity model from its answers (pure, no Django).

``score(definition, scoring_input)`` takes a framework definition and the answers and
returns an ``AssessmentResult``; ``input_errors`` says, one line each, what is wrong with
answers or targets that do not fit the definition (a value that is no ``AnswerValue`` at
all, such as "maybe", is already refused by pydantic when the input is built). The rules,
normative:

Values
- A rubric answer is the chosen level (an integer 1..N); a statement answer is yes = 1,
  partly = 0.5, no = 0; ``na`` means not applicable; a question with no answer is
  unanswered.

Several respondents
- A question's effective value is the recorded consensus if there is one, else the mean
  of the respondents' values, leaving out ``na``. If every respondent who answered said
  ``na``, it is ``na``; if nobody answered, it is unanswered.
- Spread = max - min of the respondents' values (none with fewer than two values; the
  consensus plays no part). Disagreement: a spread of 2 levels or more (rubric), or a yes
  against a no (statement, spread 1). A subdimension's spread is the largest spread of
  its questions.

Continuous models (Gartner)
- Subdimension score = weighted mean (question weights) of its effective values, leaving
  out ``na`` and unanswered; none left: no score (None).
- Dimension score = weighted mean (subdimension weights) of its subdimensions' scores that
  exist; overall score = weighted mean (dimension weights) of the dimensions' scores that
  exist.
- A score's level = floor(score), within 1..N.

Staged models (PTC)
- Fulfilment of level L = sum(weight x value) / sum(weight) over the statements of L that
  are not ``na``; an unanswered statement counts as 0. A level with no applicable
  statement has no fulfilment (None) and is not met.
- Level L (L >= 2) is met when its fulfilment >= the framework's threshold, compared
  exactly. Level 1 is the floor and always reached, so statements of level 1 count only
  for completion and for their subdimension's fulfilment.
- Placement = the largest L such that every level from 2 to L is met; 1 if level 2 is not
  met. A level can be met without being reached, when a level below it is not met.
- Score = placement + fulfilment of the next level (0 if it has none); at the top level,
  score = N. The overall level is the placement.
- Dimensions and subdimensions of a staged model have no score or level (None): a level
  is a property of the whole model. Each instead has a ``fulfilment``: the same weighted
  mean as a level's, over all its statements (subdimension), or the weighted mean
  (subdimension weights) of its subdimensions' fulfilments (dimension). Only an
  ``overall`` target is accepted.

Both
- Completion = (answered + ``na``) / all questions; the result is provisional while
  completion < 1.
- A target named ``overall`` is the target of the whole and (continuous) of every
  subdimension without a target of its own; other targets name a subdimension.
  Gap = max(0, target - score) wherever there are a target and a score; else None.
- Recommendations, most important first. Continuous: the subdimensions with a gap > 0,
  ordered by gap x subdimension weight x dimension weight (descending), then framework
  order, each with the descriptor of the level above its current one (floor(score) + 1,
  at most N) as text and that descriptor's guidance. Staged: the statements of the first
  unmet level whose value is below 1 (unanswered counts as 0), in framework order, with
  gap = 1 - value, the statement as text and the question's help as guidance.
- Explanation. Staged: the first unmet level, its fulfilment, the threshold and the
  statements holding it back (those recommended). Continuous: the subdimensions scoring
  below the overall score, lowest first ("pulling the score down").
- Perception split (``by_role``): for every distinct non-empty respondent role, the same
  scores from only that role's respondents, without consensus.
- Arithmetic is exact (fractions); scores become floats only in the result, never
  rounded. A float target is read as the decimal it prints as (2.1 is 21/10).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict

from maturity.schema import DimensionDef, FrameworkDef, QuestionDef, SubdimensionDef

AnswerValue = int | Literal["yes", "partly", "no", "na"]
TargetValue = int | float | Decimal

# Internal value of a question: a number, "na", or None for unanswered.
_Value = Fraction | Literal["na"] | None

_STATEMENT_VALUES = {"yes": Fraction(1), "partly": Fraction(1, 2), "no": Fraction(0)}
_STATEMENT_ANSWERS = ("yes", "partly", "no", "na")


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RespondentAnswers(_Frozen):
    role: str = ""
    answers: dict[str, AnswerValue] = {}


class ScoringInput(_Frozen):
    respondents: tuple[RespondentAnswers, ...] = ()
    consensus: dict[str, AnswerValue] = {}
    targets: dict[str, TargetValue] = {}


class OverallScore(_Frozen):
    score: float | None
    level: int | None
    level_name: str | None
    target: float | None
    gap: float | None


class SubdimensionScore(_Frozen):
    key: str
    name: str
    weight: float
    score: float | None
    level: int | None
    level_name: str | None
    fulfilment: float | None  # staged only
    target: float | None
    gap: float | None
    spread: float | None


class DimensionScore(_Frozen):
    key: str
    name: str
    weight: float
    score: float | None
    level: int | None
    level_name: str | None
    fulfilment: float | None  # staged only
    subdimensions: tuple[SubdimensionScore, ...]


class LevelScore(_Frozen):
    number: int
    name: str
    fulfilment: float | None
    met: bool
    reached: bool


class QuestionScore(_Frozen):
    key: str
    subdimension: str
    kind: Literal["rubric", "statement"]
    level: int | None
    weight: float
    value: float | None
    na: bool
    answered: bool
    consensus: bool
    respondents: int  # respondents who gave any answer, na included
    spread: float | None
    disagreement: bool
    by_role: dict[str, float | None]


class Recommendation(_Frozen):
    key: str
    kind: Literal["subdimension", "statement"]
    subdimension: str
    gap: float
    next_level: int
    next_level_name: str
    text: str
    guidance: str


class RoleSubdimensionScore(_Frozen):
    key: str
    score: float | None
    level: int | None


class RoleScore(_Frozen):
    role: str
    respondents: int
    score: float | None
    level: int | None
    level_name: str | None
    subdimensions: tuple[RoleSubdimensionScore, ...]  # continuous only
    levels: tuple[LevelScore, ...]  # staged only


class Explanation(_Frozen):
    first_unmet_level: int | None = None
    fulfilment: float | None = None
    threshold: float | None = None
    holding_back: tuple[str, ...] = ()
    pulling_down: tuple[str, ...] = ()


class AssessmentResult(_Frozen):
    framework: str
    version: int
    method: Literal["staged", "continuous"]
    overall: OverallScore
    dimensions: tuple[DimensionScore, ...]
    levels: tuple[LevelScore, ...]
    completion: float
    provisional: bool
    recommendations: tuple[Recommendation, ...]
    questions: tuple[QuestionScore, ...]
    not_applicable: tuple[str, ...]
    unanswered: tuple[str, ...]
    by_role: tuple[RoleScore, ...]
    explanation: Explanation


@dataclass(frozen=True)
class _Core:
    """Exact figures shared by the whole result and each role's perception split."""

    overall: Fraction | None
    level: int | None
    sub_scores: dict[str, Fraction | None] = field(default_factory=dict)
    dim_scores: dict[str, Fraction | None] = field(default_factory=dict)
    sub_fulfilment: dict[str, Fraction | None] = field(default_factory=dict)
    dim_fulfilment: dict[str, Fraction | None] = field(default_factory=dict)
    level_fulfilment: dict[int, Fraction | None] = field(default_factory=dict)


# --- input checks -------------------------------------------------------------------


def input_errors(definition: FrameworkDef, scoring_input: ScoringInput) -> list[str]:
    """One line per problem with the answers or targets; empty when they fit."""
    questions = {question.key: question for question in definition.questions()}
    top = len(definition.levels)
    answer_sets = [r.answers for r in scoring_input.respondents] + [scoring_input.consensus]
    problems = [
        problem
        for answers in answer_sets
        for key, answer in answers.items()
        for problem in _answer_errors(questions.get(key), key, answer, top)
    ]
    problems += _target_errors(definition, scoring_input.targets)
    # Several respondents making the same mistake is one problem to fix.
    return list(dict.fromkeys(problems))


def _answer_errors(question: QuestionDef | None, key: str, answer: object, top: int) -> list[str]:
    if question is None:
        return [f"unknown question key {key!r}"]
    if question.kind == "rubric" and answer != "na" and not _is_level(answer, top):
        return [f"question {key!r}: {answer!r} is not a level of this framework (1..{top})"]
    if question.kind == "statement" and answer not in _STATEMENT_ANSWERS:
        return [f"question {key!r}: {answer!r} is not yes, partly, no or na"]
    return []


def _is_level(answer: object, top: int) -> bool:
    # bool is an int to Python, but True is no level.
    return isinstance(answer, int) and not isinstance(answer, bool) and 1 <= answer <= top


def _target_errors(definition: FrameworkDef, targets: dict[str, TargetValue]) -> list[str]:
    top = len(definition.levels)
    subdimensions = {sub.key for sub in definition.subdimensions()}
    problems: list[str] = []
    for key, target in targets.items():
        if key != "overall" and key not in subdimensions:
            problems.append(f"target for unknown subdimension {key!r}")
        elif key != "overall" and definition.method == "staged":
            problems.append(f"target for {key!r}: a staged framework takes only an overall target")
        elif not math.isfinite(target) or not 1 <= target <= top:
            problems.append(f"target for {key!r}: {target} is outside 1..{top}")
    return problems


# --- values of questions ------------------------------------------------------------


def _value(answer: AnswerValue) -> Fraction | Literal["na"]:
    if answer == "na":
        return "na"
    if isinstance(answer, int):
        return Fraction(answer)
    return _STATEMENT_VALUES[answer]


def _given(key: str, respondents: Iterable[RespondentAnswers]) -> list[Fraction | Literal["na"]]:
    return [_value(r.answers[key]) for r in respondents if key in r.answers]


def _numbers(values: Iterable[_Value]) -> list[Fraction]:
    return [value for value in values if isinstance(value, Fraction)]


def _mean(numbers: Sequence[Fraction]) -> Fraction | None:
    return sum(numbers, Fraction(0)) / len(numbers) if numbers else None


def _effective(
    key: str, respondents: Sequence[RespondentAnswers], consensus: dict[str, AnswerValue]
) -> _Value:
    if key in consensus:
        return _value(consensus[key])
    given = _given(key, respondents)
    mean = _mean(_numbers(given))
    if mean is not None:
        return mean
    return "na" if given else None


def _values(
    definition: FrameworkDef,
    respondents: Sequence[RespondentAnswers],
    consensus: dict[str, AnswerValue],
) -> dict[str, _Value]:
    return {q.key: _effective(q.key, respondents, consensus) for q in definition.questions()}


def _spread(key: str, respondents: Sequence[RespondentAnswers]) -> Fraction | None:
    numbers = _numbers(_given(key, respondents))
    return max(numbers) - min(numbers) if len(numbers) >= 2 else None


def is_disagreement(kind: Literal["rubric", "statement"], spread: Fraction | None) -> bool:
    """A rubric spread of 2 levels, or a yes against a no, is worth discussing."""
    limit = 2 if kind == "rubric" else 1
    return spread is not None and spread >= limit


class VoteSummary(_Frozen):
    """The distribution of one question's votes, as a workshop reveals it."""

    votes: int
    counts: dict[str, int]
    median: float | None
    spread: float | None
    disagreement: bool


def summarise_votes(
    kind: Literal["rubric", "statement"], answers: Sequence[AnswerValue]
) -> VoteSummary:
    """Counts per answer, and the median and spread of those that are not `na`."""
    numbers = sorted(_numbers(_value(answer) for answer in answers))
    spread = max(numbers) - min(numbers) if len(numbers) >= 2 else None
    counts: dict[str, int] = {}
    for answer in answers:
        counts[str(answer)] = counts.get(str(answer), 0) + 1
    return VoteSummary(
        votes=len(answers),
        counts=counts,
        median=_float(_median(numbers)),
        spread=_float(spread),
        disagreement=is_disagreement(kind, spread),
    )


def _median(numbers: Sequence[Fraction]) -> Fraction | None:
    if not numbers:
        return None
    middle = len(numbers) // 2
    if len(numbers) % 2:
        return numbers[middle]
    return (numbers[middle - 1] + numbers[middle]) / 2


# --- arithmetic ---------------------------------------------------------------------


def _weighted_mean(pairs: Iterable[tuple[Decimal, Fraction | None]]) -> Fraction | None:
    present = [(Fraction(weight), value) for weight, value in pairs if value is not None]
    if not present:
        return None
    total = sum((weight for weight, _ in present), Fraction(0))
    return sum((weight * value for weight, value in present), Fraction(0)) / total


def _number(value: _Value) -> Fraction | None:
    return value if isinstance(value, Fraction) else None


def _applicable(value: _Value) -> Fraction | None:
    # A statement nobody answered is not in place (0); one that does not apply is left out.
    if isinstance(value, str):
        return None
    return Fraction(0) if value is None else value


def _fulfilment(questions: Iterable[QuestionDef], values: dict[str, _Value]) -> Fraction | None:
    return _weighted_mean((q.weight, _applicable(values[q.key])) for q in questions)


def _level_of(score: Fraction | None, top: int) -> int | None:
    return None if score is None else min(max(math.floor(score), 1), top)


def _core(definition: FrameworkDef, values: dict[str, _Value]) -> _Core:
    if definition.method == "staged":
        return _staged_core(definition, values)
    return _continuous_core(definition, values)


def _continuous_core(definition: FrameworkDef, values: dict[str, _Value]) -> _Core:
    subs = {
        sub.key: _weighted_mean((q.weight, _number(values[q.key])) for q in sub.questions)
        for sub in definition.subdimensions()
    }
    dims = _dimension_means(definition, subs)
    overall = _weighted_mean((dim.weight, dims[dim.key]) for dim in definition.dimensions)
    level = _level_of(overall, len(definition.levels))
    return _Core(overall=overall, level=level, sub_scores=subs, dim_scores=dims)


def _dimension_means(
    definition: FrameworkDef, subs: dict[str, Fraction | None]
) -> dict[str, Fraction | None]:
    return {
        dim.key: _weighted_mean((sub.weight, subs[sub.key]) for sub in dim.subdimensions)
        for dim in definition.dimensions
    }


def _staged_core(definition: FrameworkDef, values: dict[str, _Value]) -> _Core:
    top = len(definition.levels)
    levels = {
        number: _fulfilment(_statements_of(definition, number), values)
        for number in range(2, top + 1)
    }
    placement = _placement(levels, _threshold(definition))
    subs = {sub.key: _fulfilment(sub.questions, values) for sub in definition.subdimensions()}
    return _Core(
        overall=_staged_score(levels, placement, top),
        level=placement,
        sub_fulfilment=subs,
        dim_fulfilment=_dimension_means(definition, subs),
        level_fulfilment=levels,
    )


def _statements_of(definition: FrameworkDef, number: int) -> list[QuestionDef]:
    return [q for q in definition.questions() if q.level == number]


def _threshold(definition: FrameworkDef) -> Fraction:
    # The schema gives every staged framework a threshold; Decimal -> Fraction is exact.
    assert definition.threshold is not None
    return Fraction(definition.threshold)


def _met(fulfilment: Fraction | None, threshold: Fraction) -> bool:
    return fulfilment is not None and fulfilment >= threshold


def _placement(levels: dict[int, Fraction | None], threshold: Fraction) -> int:
    placement = 1
    for number in sorted(levels):
        if not _met(levels[number], threshold):
            break
        placement = number
    return placement


def _staged_score(levels: dict[int, Fraction | None], placement: int, top: int) -> Fraction:
    if placement == top:
        return Fraction(top)
    return placement + (levels[placement + 1] or Fraction(0))


def _fraction(number: TargetValue) -> Fraction:
    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)


def _target(definition: FrameworkDef, targets: dict[str, TargetValue], key: str) -> Fraction | None:
    target = targets.get(key)
    if target is None and definition.method == "continuous":
        target = targets.get("overall")
    return None if target is None else _fraction(target)


def _gap(target: Fraction | None, score: Fraction | None) -> Fraction | None:
    if target is None or score is None:
        return None
    return max(Fraction(0), target - score)


# --- the result ---------------------------------------------------------------------


def score(definition: FrameworkDef, scoring_input: ScoringInput) -> AssessmentResult:
    """Score the answers against the definition, by the rules in this module's docstring."""
    errors = input_errors(definition, scoring_input)
    if errors:
        raise ValueError("\n".join(errors))
    respondents = scoring_input.respondents
    values = _values(definition, respondents, scoring_input.consensus)
    core = _core(definition, values)
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
        recommendations=_recommendations(definition, core, values, scoring_input.targets),
        questions=_questions(definition, values, scoring_input),
        not_applicable=tuple(key for key, value in values.items() if value == "na"),
        unanswered=tuple(key for key, value in values.items() if value is None),
        by_role=tuple(_role_score(definition, role, respondents) for role in _roles(respondents)),
        explanation=_explanation(definition, core, values),
    )


def _float(number: Fraction | None) -> float | None:
    return None if number is None else float(number)


def _level_name(definition: FrameworkDef, number: int | None) -> str | None:
    return None if number is None else definition.level(number).name


def _overall(
    definition: FrameworkDef, core: _Core, targets: dict[str, TargetValue]
) -> OverallScore:
    target = _fraction(targets["overall"]) if "overall" in targets else None
    return OverallScore(
        score=_float(core.overall),
        level=core.level,
        level_name=_level_name(definition, core.level),
        target=_float(target),
        gap=_float(_gap(target, core.overall)),
    )


def _dimension(
    definition: FrameworkDef, dim: DimensionDef, core: _Core, scoring_input: ScoringInput
) -> DimensionScore:
    score = core.dim_scores.get(dim.key)
    level = _level_of(score, len(definition.levels))
    return DimensionScore(
        key=dim.key,
        name=dim.name,
        weight=float(dim.weight),
        score=_float(score),
        level=level,
        level_name=_level_name(definition, level),
        fulfilment=_float(core.dim_fulfilment.get(dim.key)),
        subdimensions=tuple(
            _subdimension(definition, sub, core, scoring_input) for sub in dim.subdimensions
        ),
    )


def _subdimension(
    definition: FrameworkDef, sub: SubdimensionDef, core: _Core, scoring_input: ScoringInput
) -> SubdimensionScore:
    score = core.sub_scores.get(sub.key)
    level = _level_of(score, len(definition.levels))
    target = _target(definition, scoring_input.targets, sub.key)
    spreads = [_spread(q.key, scoring_input.respondents) for q in sub.questions]
    return SubdimensionScore(
        key=sub.key,
        name=sub.name,
        weight=float(sub.weight),
        score=_float(score),
        level=level,
        level_name=_level_name(definition, level),
        fulfilment=_float(core.sub_fulfilment.get(sub.key)),
        target=_float(target),
        gap=_float(_gap(target, score)),
        spread=_float(max(_numbers(spreads), default=None)),
    )


def _levels(definition: FrameworkDef, core: _Core) -> tuple[LevelScore, ...]:
    if definition.method != "staged":
        return ()
    threshold = _threshold(definition)
    return tuple(
        LevelScore(
            number=number,
            name=definition.level(number).name,
            fulfilment=_float(fulfilment),
            met=_met(fulfilment, threshold),
            reached=core.level is not None and number <= core.level,
        )
        for number, fulfilment in core.level_fulfilment.items()
    )


def _located(definition: FrameworkDef) -> Iterator[tuple[SubdimensionDef, QuestionDef]]:
    for sub in definition.subdimensions():
        for question in sub.questions:
            yield sub, question


def _questions(
    definition: FrameworkDef, values: dict[str, _Value], scoring_input: ScoringInput
) -> tuple[QuestionScore, ...]:
    return tuple(
        _question(sub, question, values[question.key], scoring_input)
        for sub, question in _located(definition)
    )


def _question(
    sub: SubdimensionDef, question: QuestionDef, value: _Value, scoring_input: ScoringInput
) -> QuestionScore:
    respondents = scoring_input.respondents
    spread = _spread(question.key, respondents)
    return QuestionScore(
        key=question.key,
        subdimension=sub.key,
        kind=question.kind,
        level=question.level,
        weight=float(question.weight),
        value=_float(_number(value)),
        na=value == "na",
        answered=isinstance(value, Fraction),
        consensus=question.key in scoring_input.consensus,
        respondents=len(_given(question.key, respondents)),
        spread=_float(spread),
        disagreement=is_disagreement(question.kind, spread),
        by_role=_question_by_role(question.key, respondents),
    )


def _roles(respondents: Iterable[RespondentAnswers]) -> list[str]:
    return list(dict.fromkeys(r.role for r in respondents if r.role))


def _question_by_role(
    key: str, respondents: Sequence[RespondentAnswers]
) -> dict[str, float | None]:
    return {
        role: _float(_mean(_numbers(_given(key, [r for r in respondents if r.role == role]))))
        for role in _roles(respondents)
    }


def _role_score(
    definition: FrameworkDef, role: str, respondents: Sequence[RespondentAnswers]
) -> RoleScore:
    members = [r for r in respondents if r.role == role]
    core = _core(definition, _values(definition, members, {}))
    top = len(definition.levels)
    return RoleScore(
        role=role,
        respondents=len(members),
        score=_float(core.overall),
        level=core.level,
        level_name=_level_name(definition, core.level),
        subdimensions=tuple(
            RoleSubdimensionScore(key=key, score=_float(score), level=_level_of(score, top))
            for key, score in core.sub_scores.items()
        ),
        levels=_levels(definition, core),
    )


# --- recommendations and explanation ------------------------------------------------


def _recommendations(
    definition: FrameworkDef,
    core: _Core,
    values: dict[str, _Value],
    targets: dict[str, TargetValue],
) -> tuple[Recommendation, ...]:
    if definition.method == "staged":
        return _staged_recommendations(definition, core, values)
    return _continuous_recommendations(definition, core, targets)


def _continuous_recommendations(
    definition: FrameworkDef, core: _Core, targets: dict[str, TargetValue]
) -> tuple[Recommendation, ...]:
    candidates = []
    for dim in definition.dimensions:
        for sub in dim.subdimensions:
            score = core.sub_scores[sub.key]
            gap = _gap(_target(definition, targets, sub.key), score)
            if score is not None and gap:
                priority = gap * Fraction(sub.weight) * Fraction(dim.weight)
                candidates.append((priority, _advice(definition, sub, score, gap)))
    # sorted() is stable, so equal priorities keep framework order.
    return tuple(advice for _, advice in sorted(candidates, key=lambda c: -c[0]))


def _advice(
    definition: FrameworkDef, sub: SubdimensionDef, score: Fraction, gap: Fraction
) -> Recommendation:
    next_level = min(math.floor(score) + 1, len(definition.levels))
    # The schema guarantees a descriptor for every level of a rubric subdimension.
    descriptor = {d.level: d for d in sub.descriptors}[next_level]
    return Recommendation(
        key=sub.key,
        kind="subdimension",
        subdimension=sub.key,
        gap=float(gap),
        next_level=next_level,
        next_level_name=definition.level(next_level).name,
        text=descriptor.text,
        guidance=descriptor.guidance,
    )


def _first_unmet_level(definition: FrameworkDef, core: _Core) -> int | None:
    assert core.level is not None  # a staged placement always exists
    return core.level + 1 if core.level < len(definition.levels) else None


def _staged_recommendations(
    definition: FrameworkDef, core: _Core, values: dict[str, _Value]
) -> tuple[Recommendation, ...]:
    number = _first_unmet_level(definition, core)
    if number is None:
        return ()
    return tuple(
        Recommendation(
            key=question.key,
            kind="statement",
            subdimension=sub.key,
            gap=float(1 - value),
            next_level=number,
            next_level_name=definition.level(number).name,
            text=question.text,
            guidance=question.help,
        )
        for sub, question, value in _short_of_full(definition, number, values)
    )


def _short_of_full(
    definition: FrameworkDef, number: int, values: dict[str, _Value]
) -> Iterator[tuple[SubdimensionDef, QuestionDef, Fraction]]:
    for sub, question in _located(definition):
        value = _applicable(values[question.key]) if question.level == number else None
        if value is not None and value < 1:
            yield sub, question, value


def _explanation(definition: FrameworkDef, core: _Core, values: dict[str, _Value]) -> Explanation:
    if definition.method == "continuous":
        return Explanation(pulling_down=_pulling_down(core))
    number = _first_unmet_level(definition, core)
    holding_back = _staged_recommendations(definition, core, values)
    return Explanation(
        first_unmet_level=number,
        fulfilment=None if number is None else _float(core.level_fulfilment[number]),
        threshold=float(_threshold(definition)),
        holding_back=tuple(advice.key for advice in holding_back),
    )


def _pulling_down(core: _Core) -> tuple[str, ...]:
    overall = core.overall
    if overall is None:
        return ()
    below = [(s, key) for key, s in core.sub_scores.items() if s is not None and s < overall]
    # sorted() is stable, so equal scores keep framework order.
    return tuple(key for _, key in sorted(below, key=lambda pair: pair[0]))
