"""The questionnaire: its pages, a respondent's answers and progress."""

from dataclasses import dataclass, replace

from django.db import connection
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import (
    Answer,
    Respondent,
)
from maturity.models import Question
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
class Option:
    """One answer a respondent can pick, ready for a plain template loop."""

    id: str
    value: str
    label: str
    number: str  # the level number on a rubric card; "" for yes / partly / no
    text: str
    guidance: str
    checked: bool


@dataclass(frozen=True)
class QuestionView:
    question: QuestionDef
    subdimension: SubdimensionDef
    options: tuple[Option, ...]
    shown: dict[str, str]  # value, comment, evidence_url, confidence as the form shows them

    @property
    def cache_key(self) -> str:
        """Everything the card shows that is the respondent's (see questionnaire.html)."""
        return repr((self.question.key, *(self.shown.get(name, "") for name in CARD_FIELDS)))

    @property
    def has_details(self) -> bool:
        return bool(self.shown["comment"] or self.shown["evidence_url"] or self.shown["confidence"])


SHOWN_FIELDS = ("value", "comment", "evidence_url", "confidence")
CARD_FIELDS = (*SHOWN_FIELDS, "error")
# Lazy: translated when shown, in the language of the request, not once at import.
STATEMENT_OPTIONS = (
    ("yes", gettext_lazy("Yes")),
    ("partly", gettext_lazy("Partly")),
    ("no", gettext_lazy("No")),
)


def question_view(
    definition: FrameworkDef,
    question: QuestionDef,
    subdimension: SubdimensionDef,
    shown: dict[str, str],
) -> QuestionView:
    """The question with its options marked as `shown` (saved answers, or a re-shown form)."""
    key, current = question.key, shown["value"]
    if question.kind == "statement":
        options = tuple(
            Option(f"{key}-{value}", value, str(label), "", "", "", value == current)
            for value, label in STATEMENT_OPTIONS
        )
    else:
        descriptors = {d.level: d for d in subdimension.descriptors}
        options = tuple(
            Option(f"{key}-{n}", str(n), level.name, str(n), descriptors[n].text,
                   descriptors[n].guidance, str(n) == current)
            for level in definition.levels
            if (n := level.number) in descriptors
        )  # fmt: skip
    if current not in {option.value for option in options} | {"na"}:
        # A value no option has (a tampered form) shows as no answer: nothing to check.
        shown = {**shown, "value": ""}
    return QuestionView(question, subdimension, options, shown)


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
    def counts(self) -> str:
        """Every page's answered count: with the assessment, what the step bar shows."""
        return ",".join(str(page.answered) for page in self.pages)

    @property
    def previous(self) -> int | None:
        return self.page.number - 1 if self.page.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.page.number + 1 if self.page.number < len(self.pages) else None


@dataclass(frozen=True)
class _Layout:
    """What every request for one framework version needs, worked out once per process."""

    pages: tuple[Page, ...]
    subdimension_of: dict[str, SubdimensionDef]


# Keyed by the definition object, which `cached_framework_definition` shares for a version's
# life; the object is kept in the entry so that a reused id() is never mistaken for it.
_layouts: dict[int, tuple[FrameworkDef, _Layout]] = {}


def _layout(definition: FrameworkDef) -> _Layout:
    entry = _layouts.get(id(definition))
    if entry is not None and entry[0] is definition:
        return entry[1]
    layout = _Layout(
        tuple(questionnaire_pages(definition)),
        {q.key: sub for sub in definition.subdimensions() for q in sub.questions},
    )
    if len(_layouts) >= 32:
        _layouts.clear()
    _layouts[id(definition)] = (definition, layout)
    return layout


def questionnaire(
    definition: FrameworkDef,
    respondent: Respondent,
    page_number: int,
    posted: dict[str, dict[str, str]] | None = None,
    *,
    with_questions: bool = True,
) -> Questionnaire:
    """One page of a respondent's questionnaire, with answers and progress; 404 past the end.

    `posted` shows submitted values instead of the saved ones (a form shown again).
    """
    layout = _layout(definition)
    if not 1 <= page_number <= len(layout.pages):
        raise Http404(_("No such page."))
    answers = respondent_answers(respondent)
    answered = {key for key, answer in answers.items() if answer["value"]}
    pages = [
        replace(page, answered=sum(q.key in answered for q in page.questions))
        for page in layout.pages
    ]
    page = pages[page_number - 1]
    posted = posted or {}
    views = [] if not with_questions else [
        question_view(definition, q, layout.subdimension_of[q.key],
                      posted.get(q.key) or answers.get(q.key) or dict.fromkeys(SHOWN_FIELDS, ""))
        for q in page.questions
    ]  # fmt: skip
    total = sum(page.total for page in pages)
    return Questionnaire(pages, page, views, len(answered), total)


def respondent_answers(respondent: Respondent) -> dict[str, dict[str, str]]:
    """The respondent's saved answers as the form shows them, by question key."""
    # Plain SQL: every questionnaire request and autosave reads this, and the ORM's
    # compiling of the join cost several times the query (text columns, nothing to convert).
    sql = _ANSWERS_SQL.format(answer=Answer._meta.db_table, question=Question._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [respondent.pk])
        return {key: dict(zip(SHOWN_FIELDS, fields, strict=True)) for key, *fields in cursor}


_ANSWERS_SQL = """
SELECT q.key, a.value, a.comment, a.evidence_url, a.confidence
FROM {answer} a JOIN {question} q ON q.id = a.question_id
WHERE a.respondent_id = %s
"""
