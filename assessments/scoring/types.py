"""What scoring takes and gives: frozen pydantic inputs and results (floats, never rounded)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from maturity.answers import AnswerValue

TargetValue = int | float | Decimal


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
    # Respondents who gave at least one answer (na included); None in results kept at
    # submission before this was counted.
    respondents: int | None = None


class VoteSummary(_Frozen):
    """The distribution of one question's votes, as a workshop reveals it."""

    votes: int
    counts: dict[str, int]
    median: float | None
    spread: float | None
    disagreement: bool
