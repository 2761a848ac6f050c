"""The summary of one question's votes that a workshop reveals."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

from assessments.scoring.types import VoteSummary
from assessments.scoring.values import as_float, is_disagreement, numbers
from maturity.answers import AnswerValue, number


def summarise_votes(
    kind: Literal["rubric", "statement"], answers: Sequence[AnswerValue]
) -> VoteSummary:
    """Counts per answer, and the median and spread of those that are not `na`."""
    values = sorted(numbers(number(answer) for answer in answers))
    spread = max(values) - min(values) if len(values) >= 2 else None
    counts: dict[str, int] = {}
    for answer in answers:
        counts[str(answer)] = counts.get(str(answer), 0) + 1
    return VoteSummary(
        votes=len(answers),
        counts=counts,
        median=as_float(_median(values)),
        spread=as_float(spread),
        disagreement=is_disagreement(kind, spread),
    )


def _median(values: Sequence[Fraction]) -> Fraction | None:
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2
