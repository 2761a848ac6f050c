"""What to do next and why the placement is what it is: recommendations and explanation."""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

from assessments.scoring.placement import (
    Core,
    applicable,
    first_unmet_level,
    gap_of,
    target_of,
    threshold_of,
)
from assessments.scoring.types import Explanation, Recommendation, TargetValue
from assessments.scoring.values import Value, as_float
from maturity.schema import FrameworkDef, QuestionDef, SubdimensionDef


def recommendations(
    definition: FrameworkDef,
    core: Core,
    values: dict[str, Value],
    targets: dict[str, TargetValue],
) -> tuple[Recommendation, ...]:
    """Most important first, by the framework's method."""
    if definition.method == "staged":
        return _staged_recommendations(definition, core, values)
    return _continuous_recommendations(definition, core, targets)


def _continuous_recommendations(
    definition: FrameworkDef, core: Core, targets: dict[str, TargetValue]
) -> tuple[Recommendation, ...]:
    candidates = []
    for dim in definition.dimensions:
        for sub in dim.subdimensions:
            score = core.sub_scores[sub.key]
            gap = gap_of(target_of(definition, targets, sub.key), score)
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


def _staged_recommendations(
    definition: FrameworkDef, core: Core, values: dict[str, Value]
) -> tuple[Recommendation, ...]:
    number = first_unmet_level(definition, core)
    if number is None:
        return ()
    return tuple(
        Recommendation(
            key=question.key,
            kind="statement",
            subdimension=definition.index.subdimension_of(question.key).key,
            gap=float(1 - value),
            next_level=number,
            next_level_name=definition.level(number).name,
            text=question.text,
            guidance=question.help,
        )
        for question, value in _short_of_full(definition, number, values)
    )


def _short_of_full(
    definition: FrameworkDef, number: int, values: dict[str, Value]
) -> Iterator[tuple[QuestionDef, Fraction]]:
    for question in definition.questions():
        value = applicable(values[question.key]) if question.level == number else None
        if value is not None and value < 1:
            yield question, value


def explanation(definition: FrameworkDef, core: Core, values: dict[str, Value]) -> Explanation:
    """Staged: what holds the next level back; continuous: what pulls the score down."""
    if definition.method == "continuous":
        return Explanation(pulling_down=_pulling_down(core))
    number = first_unmet_level(definition, core)
    holding_back = _staged_recommendations(definition, core, values)
    return Explanation(
        first_unmet_level=number,
        fulfilment=None if number is None else as_float(core.level_fulfilment[number]),
        threshold=float(threshold_of(definition)),
        holding_back=tuple(advice.key for advice in holding_back),
    )


def _pulling_down(core: Core) -> tuple[str, ...]:
    overall = core.overall
    if overall is None:
        return ()
    below = [(s, key) for key, s in core.sub_scores.items() if s is not None and s < overall]
    # sorted() is stable, so equal scores keep framework order.
    return tuple(key for _, key in sorted(below, key=lambda pair: pair[0]))
