"""The questionnaire: its pages, a respondent's answers and progress."""

from dataclasses import dataclass, replace

from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _

from assessments.models import (
    Answer,
    Respondent,
)
from maturity.schema import FrameworkDef, QuestionDef, SubdimensionDef


@dataclass(frozen=True)
class Page:
    """One questionnaire page: a dimension (continuous) or a level (staged)."""

    number: int
    title: str
    description: str
    questions: tuple[QuestionDef, ...]
    answered: int = 0

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def questionnaire_pages(definition: FrameworkDef) -> list[Page]:
    if definition.method == "staged":
        return [
            Page(
                level.number,
                level.name,
                level.summary,
                tuple(q for q in definition.questions() if q.level == level.number),
            )
            for level in definition.levels
        ]
    return [
        Page(
            index,
            dimension.name,
            dimension.description,
            tuple(q for sub in dimension.subdimensions for q in sub.questions),
        )
        for index, dimension in enumerate(definition.dimensions, start=1)
    ]


@dataclass(frozen=True)
class QuestionView:
    question: QuestionDef
    subdimension: SubdimensionDef
    cards: tuple[tuple[int, str, str, str], ...]  # level number, level name, descriptor, guidance
    answer: Answer | None


@dataclass(frozen=True)
class Questionnaire:
    pages: list[Page]
    page: Page
    questions: list[QuestionView]
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def previous(self) -> int | None:
        return self.page.number - 1 if self.page.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.page.number + 1 if self.page.number < len(self.pages) else None


def questionnaire(
    definition: FrameworkDef, respondent: Respondent, page_number: int
) -> Questionnaire:
    """One page of a respondent's questionnaire, with answers and progress; 404 past the end."""
    answers = respondent_answers(respondent)
    answered = {key for key, answer in answers.items() if answer.value}
    pages = [
        replace(page, answered=sum(q.key in answered for q in page.questions))
        for page in questionnaire_pages(definition)
    ]
    if not 1 <= page_number <= len(pages):
        raise Http404(_("No such page."))
    page = pages[page_number - 1]
    subdimension_of = {q.key: sub for sub in definition.subdimensions() for q in sub.questions}
    views = [
        QuestionView(
            q,
            subdimension_of[q.key],
            _cards(definition, subdimension_of[q.key]),
            answers.get(q.key),
        )
        for q in page.questions
    ]
    total = sum(page.total for page in pages)
    return Questionnaire(pages, page, views, len(answered), total)


def _cards(
    definition: FrameworkDef, subdimension: SubdimensionDef
) -> tuple[tuple[int, str, str, str], ...]:
    descriptors = {d.level: d for d in subdimension.descriptors}
    return tuple(
        (
            level.number,
            level.name,
            descriptors[level.number].text,
            descriptors[level.number].guidance,
        )
        for level in definition.levels
        if level.number in descriptors
    )


def respondent_answers(respondent: Respondent) -> dict[str, Answer]:
    answers = Answer.objects.filter(respondent=respondent).annotate(key=F("question__key"))
    return {answer.key: answer for answer in answers}
