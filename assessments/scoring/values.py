"""Input checks, and each question's effective value and spread over the respondents."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Literal

from assessments.scoring.types import RespondentAnswers, ScoringInput, TargetValue
from maturity.answers import NA, AnswerValue, NotApplicable, answer_error, number
from maturity.schema import FrameworkDef, QuestionDef

# Internal value of a question: a number, not applicable, or None for unanswered.
Value = Fraction | NotApplicable | None


# --- input checks -------------------------------------------------------------------


def input_errors(definition: FrameworkDef, scoring_input: ScoringInput) -> list[str]:
    """One line per problem with the answers or targets; empty when they fit."""
    questions = definition.index.questions
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
    error = answer_error(question.kind, answer, top)
    return [] if error is None else [f"question {key!r}: {error}"]


def _target_errors(definition: FrameworkDef, targets: dict[str, TargetValue]) -> list[str]:
    top = len(definition.levels)
    subdimensions = definition.index.subdimensions
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


def given(key: str, respondents: Iterable[RespondentAnswers]) -> list[Fraction | NotApplicable]:
    """The values of the respondents who answered the question, ``na`` included."""
    return [number(r.answers[key]) for r in respondents if key in r.answers]


def numbers(values: Iterable[Value]) -> list[Fraction]:
    return [value for value in values if isinstance(value, Fraction)]


def mean(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def as_float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _effective(
    key: str, respondents: Sequence[RespondentAnswers], consensus: dict[str, AnswerValue]
) -> Value:
    if key in consensus:
        return number(consensus[key])
    values = given(key, respondents)
    average = mean(numbers(values))
    if average is not None:
        return average
    return NA if values else None


def effective_values(
    definition: FrameworkDef,
    respondents: Sequence[RespondentAnswers],
    consensus: dict[str, AnswerValue],
) -> dict[str, Value]:
    """Every question's effective value, in framework order."""
    return {q.key: _effective(q.key, respondents, consensus) for q in definition.questions()}


# --- spread -------------------------------------------------------------------------


def spread_of(key: str, respondents: Sequence[RespondentAnswers]) -> Fraction | None:
    values = numbers(given(key, respondents))
    return max(values) - min(values) if len(values) >= 2 else None


def is_disagreement(kind: Literal["rubric", "statement"], spread: Fraction | None) -> bool:
    """A rubric spread of 2 levels, or a yes against a no, is worth discussing."""
    limit = 2 if kind == "rubric" else 1
    return spread is not None and spread >= limit
