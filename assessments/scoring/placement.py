"""Placement: the exact scores, levels and fulfilments of continuous and staged models."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from assessments.scoring.types import TargetValue
from assessments.scoring.values import Value
from maturity.schema import FrameworkDef, QuestionDef


@dataclass(frozen=True)
class Core:
    """Exact figures shared by the whole result and each role's perception split."""

    overall: Fraction | None
    level: int | None
    sub_scores: dict[str, Fraction | None] = field(default_factory=dict)
    dim_scores: dict[str, Fraction | None] = field(default_factory=dict)
    sub_fulfilment: dict[str, Fraction | None] = field(default_factory=dict)
    dim_fulfilment: dict[str, Fraction | None] = field(default_factory=dict)
    level_fulfilment: dict[int, Fraction | None] = field(default_factory=dict)


# --- arithmetic ---------------------------------------------------------------------


def _weighted_mean(pairs: Iterable[tuple[Decimal, Fraction | None]]) -> Fraction | None:
    present = [(Fraction(weight), value) for weight, value in pairs if value is not None]
    if not present:
        return None
    total = sum((weight for weight, _ in present), Fraction(0))
    return sum((weight * value for weight, value in present), Fraction(0)) / total


def numeric(value: Value) -> Fraction | None:
    return value if isinstance(value, Fraction) else None


def applicable(value: Value) -> Fraction | None:
    # A statement nobody answered is not in place (0); one that does not apply is left out.
    if isinstance(value, str):
        return None
    return Fraction(0) if value is None else value


def _fulfilment(questions: Iterable[QuestionDef], values: dict[str, Value]) -> Fraction | None:
    return _weighted_mean((q.weight, applicable(values[q.key])) for q in questions)


def level_of(score: Fraction | None, top: int) -> int | None:
    return None if score is None else min(max(math.floor(score), 1), top)


# --- placement ----------------------------------------------------------------------


def place(definition: FrameworkDef, values: dict[str, Value]) -> Core:
    """The exact figures of the answers' effective values, by the framework's method."""
    if definition.method == "staged":
        return _staged_core(definition, values)
    return _continuous_core(definition, values)


def _continuous_core(definition: FrameworkDef, values: dict[str, Value]) -> Core:
    subs = {
        sub.key: _weighted_mean((q.weight, numeric(values[q.key])) for q in sub.questions)
        for sub in definition.subdimensions()
    }
    dims = _dimension_means(definition, subs)
    overall = _weighted_mean((dim.weight, dims[dim.key]) for dim in definition.dimensions)
    level = level_of(overall, len(definition.levels))
    return Core(overall=overall, level=level, sub_scores=subs, dim_scores=dims)


def _dimension_means(
    definition: FrameworkDef, subs: dict[str, Fraction | None]
) -> dict[str, Fraction | None]:
    return {
        dim.key: _weighted_mean((sub.weight, subs[sub.key]) for sub in dim.subdimensions)
        for dim in definition.dimensions
    }


def _staged_core(definition: FrameworkDef, values: dict[str, Value]) -> Core:
    top = len(definition.levels)
    levels = {
        number: _fulfilment(_statements_of(definition, number), values)
        for number in range(2, top + 1)
    }
    placement = _placement(levels, threshold_of(definition))
    subs = {sub.key: _fulfilment(sub.questions, values) for sub in definition.subdimensions()}
    return Core(
        overall=_staged_score(levels, placement, top),
        level=placement,
        sub_fulfilment=subs,
        dim_fulfilment=_dimension_means(definition, subs),
        level_fulfilment=levels,
    )


def _statements_of(definition: FrameworkDef, number: int) -> list[QuestionDef]:
    return [q for q in definition.questions() if q.level == number]


def threshold_of(definition: FrameworkDef) -> Fraction:
    # The schema gives every staged framework a threshold; Decimal -> Fraction is exact.
    assert definition.threshold is not None
    return Fraction(definition.threshold)


def is_met(fulfilment: Fraction | None, threshold: Fraction) -> bool:
    return fulfilment is not None and fulfilment >= threshold


def _placement(levels: dict[int, Fraction | None], threshold: Fraction) -> int:
    placement = 1
    for number in sorted(levels):
        if not is_met(levels[number], threshold):
            break
        placement = number
    return placement


def _staged_score(levels: dict[int, Fraction | None], placement: int, top: int) -> Fraction:
    if placement == top:
        return Fraction(top)
    return placement + (levels[placement + 1] or Fraction(0))


def first_unmet_level(definition: FrameworkDef, core: Core) -> int | None:
    assert core.level is not None  # a staged placement always exists
    return core.level + 1 if core.level < len(definition.levels) else None


# --- targets and gaps ---------------------------------------------------------------


def exact(number: TargetValue) -> Fraction:
    """A target as an exact fraction; a float is read as the decimal it prints as."""
    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)


def target_of(
    definition: FrameworkDef, targets: dict[str, TargetValue], key: str
) -> Fraction | None:
    target = targets.get(key)
    if target is None and definition.method == "continuous":
        target = targets.get("overall")
    return None if target is None else exact(target)


def gap_of(target: Fraction | None, score: Fraction | None) -> Fraction | None:
    if target is None or score is None:
        return None
    return max(Fraction(0), target - score)
