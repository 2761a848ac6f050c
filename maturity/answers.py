"""The answer vocabulary: every answer a question takes, its label, its number and its check.

The one place that knows that a statement is answered yes / partly / no, a rubric question
with a level number 1..N, and either with ``na`` (not applicable). Pure (standard library
and the schema only), so that scoring uses it too; labels are translated when shown.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the schema's index uses this module
    from maturity.schema import FrameworkDef, QuestionDef, QuestionKind

YES: Literal["yes"] = "yes"
PARTLY: Literal["partly"] = "partly"
NO: Literal["no"] = "no"
NA: Literal["na"] = "na"

# An answer as scoring takes it: a level number, or one of the words.
AnswerValue = int | Literal["yes", "partly", "no", "na"]
NotApplicable = Literal["na"]

STATEMENT_ANSWERS: tuple[str, ...] = (YES, PARTLY, NO)
STATEMENT_VALUES: dict[str, Fraction] = {YES: Fraction(1), PARTLY: Fraction(1, 2), NO: Fraction(0)}


def gettext_noop(message: str) -> str:
    """Marks a label for the catalogue (makemessages finds the name); translated when shown."""
    return message


_LABELS: dict[str, str] = {
    YES: gettext_noop("Yes"),
    PARTLY: gettext_noop("Partly"),
    NO: gettext_noop("No"),
    NA: gettext_noop("Not applicable"),
}
# Where space is short (a chart's cell, an appendix column).
_SHORT_LABELS: dict[str, str] = {**_LABELS, NA: gettext_noop("N/A")}


def english_labels(*, short: bool = False) -> dict[str, str]:
    """The words' labels untranslated, for pure code's defaults (charts without Django)."""
    return dict(_SHORT_LABELS if short else _LABELS)


def allowed_values(kind: QuestionKind | str, levels: int) -> tuple[str, ...]:
    """Every stored answer a question of this kind takes, ``na`` last."""
    if kind == "rubric":
        return (*(str(n) for n in range(1, levels + 1)), NA)
    return (*STATEMENT_ANSWERS, NA)


def is_level(answer: object, levels: int) -> bool:
    # bool is an int to Python, but True is no level.
    return isinstance(answer, int) and not isinstance(answer, bool) and 1 <= answer <= levels


def answer_error(kind: QuestionKind | str, answer: object, levels: int) -> str | None:
    """Why `answer` is no answer to a question of this kind, or None when it is one."""
    if kind == "rubric" and answer != NA and not is_level(answer, levels):
        return f"{answer!r} is not a level of this framework (1..{levels})"
    if kind == "statement" and answer not in (*STATEMENT_ANSWERS, NA):
        return f"{answer!r} is not yes, partly, no or na"
    return None


def parse(stored: str) -> AnswerValue:
    """A stored answer (a form's or a row's text) in scoring's terms: levels are integers."""
    return int(stored) if stored.isdigit() else stored  # type: ignore[return-value]


def number(answer: AnswerValue) -> Fraction | NotApplicable:
    """The value scoring counts: the level, or yes = 1, partly = 1/2, no = 0; ``na`` stays."""
    if answer == NA:
        return NA
    if isinstance(answer, int):
        return Fraction(answer)
    return STATEMENT_VALUES[answer]


def answer_at(kind: QuestionKind, value: float, levels: int) -> str | None:
    """The stored answer whose number is exactly `value` (an effective mean between two
    answers has none), or None."""
    if kind == "rubric":
        return str(int(value)) if value == int(value) and 1 <= value <= levels else None
    return next((word for word, n in STATEMENT_VALUES.items() if n == value), None)


def label(stored: str, definition: FrameworkDef | None = None, *, short: bool = False) -> str:
    """The answer in words, in the active language: "Partly", "Not applicable" ("N/A" when
    short), or a level as "3 Defined" (the number alone without a definition)."""
    labels = _SHORT_LABELS if short else _LABELS
    if stored in labels:
        # Imported here: scoring imports this module and must not load Django.
        from django.utils.translation import gettext

        return gettext(labels[stored])
    if (
        stored.isdigit()
        and definition is not None
        and is_level(int(stored), len(definition.levels))
    ):
        return f"{stored} {definition.level(int(stored)).name}"
    return stored


def choices(question: QuestionDef, definition: FrameworkDef) -> list[tuple[str, str]]:
    """(stored value, label) for every answer the question takes, ``na`` last; rubric levels
    are labelled with the level's name."""
    levels = len(definition.levels)
    return [
        (value, definition.level(int(value)).name if value.isdigit() else label(value))
        for value in allowed_values(question.kind, levels)
    ]


def nearest(kind: QuestionKind, value: float, levels: int) -> str:
    """The stored answer nearest to `value` (a median of votes): a starting point to agree
    on. Halves round up for levels; for statements a tie goes to "partly"."""
    if kind == "rubric":
        return str(min(max(int(value + 0.5), 1), levels))
    return min(STATEMENT_VALUES, key=lambda word: (abs(STATEMENT_VALUES[word] - Fraction(value)),
                                                    word != PARTLY))  # fmt: skip
