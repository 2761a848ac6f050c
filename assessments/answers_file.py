"""The answers file that ``manage.py score`` reads, and its conversion to a ScoringInput.

A file gives ``answers`` (one respondent, no role) or ``respondents`` (several, each with
an optional role), never both: a file with both is refused rather than guessed at. With
neither, only the ``consensus`` counts. ``version`` (default: latest published),
``consensus`` and ``targets`` are optional.
"""

from __future__ import annotations

from typing import Annotated, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from assessments.scoring import AnswerValue, RespondentAnswers, ScoringInput, TargetValue
from maturity.answers import NA, STATEMENT_ANSWERS
from maturity.schema import error_lines


def _is_number(value: object, kinds: type | tuple[type, ...]) -> bool:
    # JSON true is an int to Python, but a mistake in a file, not the number 1.
    return isinstance(value, kinds) and not isinstance(value, bool)


def _answer(value: object) -> AnswerValue:
    # One line naming the value, where pydantic's union error gives two that do not.
    if _is_number(value, int) or value in (*STATEMENT_ANSWERS, NA):
        return cast(AnswerValue, value)
    raise PydanticCustomError(
        "answer", "{value} is not a level number or yes, partly, no or na", {"value": repr(value)}
    )


def _target(value: object) -> TargetValue:
    if _is_number(value, (int, float)):
        return cast(TargetValue, value)
    raise PydanticCustomError("target", "{value} is not a number", {"value": repr(value)})


Answer = Annotated[AnswerValue, PlainValidator(_answer)]
Target = Annotated[TargetValue, PlainValidator(_target)]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class RespondentFile(_File):
    role: str = ""
    answers: dict[str, Answer] = {}


class AnswersFile(_File):
    framework: str
    version: int | None = Field(default=None, ge=1)
    answers: dict[str, Answer] | None = None
    respondents: tuple[RespondentFile, ...] | None = None
    consensus: dict[str, Answer] = {}
    targets: dict[str, Target] = {}

    @model_validator(mode="after")
    def _one_way_of_answering(self) -> AnswersFile:
        if self.answers is not None and self.respondents is not None:
            raise ValueError("give answers (one respondent) or respondents (several), not both")
        return self

    def scoring_input(self) -> ScoringInput:
        return ScoringInput(
            respondents=self._respondents(), consensus=self.consensus, targets=self.targets
        )

    def _respondents(self) -> tuple[RespondentAnswers, ...]:
        if self.answers is not None:
            return (RespondentAnswers(answers=self.answers),)
        return tuple(
            RespondentAnswers(role=r.role, answers=r.answers) for r in self.respondents or ()
        )


class AnswersFileError(ValueError):
    """The file is not a valid answers file; ``errors`` holds one line per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def parse_answers(data: str | bytes) -> AnswersFile:
    """Validate an answers file from JSON text, or raise AnswersFileError."""
    try:
        return AnswersFile.model_validate_json(data)
    except ValidationError as exc:
        raise AnswersFileError(error_lines(exc)) from None
