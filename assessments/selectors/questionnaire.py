"""The questionnaire: its pages, a respondent's answers and progress."""

import functools
from dataclasses import dataclass

from django.db import connection
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.models import ANSWER_FIELDS, Answer, Respondent
from maturity import answers
from maturity.models import Question
from maturity.numbers import percent_of
from maturity.schema import FrameworkDef, Part, QuestionDef, SubdimensionDef


@dataclass(frozen=True)
class Page:
    """One questionnaire page (a part of the definition's layout) with the respondent's count.

    Plain fields, not properties: the step bar reads each for every page.
    """

    number: int
    title: str
    description: str
    questions: tuple[QuestionDef, ...]
    answered: int = 0
    current: bool = False  # the page being shown

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def complete(self) -> bool:
        return self.answered == len(self.questions)


def _page(part: Part, answered: int = 0, current: bool = False) -> Page:
    return Page(part.number, part.title, part.description, part.questions, answered, current)


def questionnaire_pages(definition: FrameworkDef) -> list[Page]:
    return [_page(part) for part in definition.index.parts]


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
    definition: FrameworkDef
    # value, comment, evidence_url, confidence as the form shows them; a form shown again
    # also has each field's message (ERROR_FIELDS)
    shown: dict[str, str]
    scope: str = ""  # the page's: see Questionnaire.scope

    @property
    def cache_key(self) -> str:
        """Names the cached card: the page's scope, the question and what the respondent gave."""
        shown = (self.shown.get(name, "") for name in CARD_FIELDS)
        return repr((self.scope, self.question.key, *shown))

    @property
    def has_details(self) -> bool:
        """Open the details when they hold something, or a message about them."""
        return any(self.shown.get(name) for name in DETAIL_FIELDS)

    @functools.cached_property
    def options(self) -> tuple[Option, ...]:
        """The answers to pick, marked as shown; made only when the card is rendered, not
        when it comes from the cache."""
        key, current, definition = self.question.key, self.shown["value"], self.definition
        if self.question.kind == "statement":
            return tuple(
                Option(f"{key}-{value}", value, label, "", "", "", value == current)
                for value, label in answers.choices(self.question, definition)
                if value != answers.NA
            )
        descriptors = {d.level: d for d in self.subdimension.descriptors}
        return tuple(
            Option(f"{key}-{n}", str(n), level.name, str(n), descriptors[n].text,
                   descriptors[n].guidance, str(n) == current)
            for level in definition.levels
            if (n := level.number) in descriptors
        )  # fmt: skip


# What a card shows again after a refused save: each field's message, beside the field.
ERROR_FIELDS = tuple(f"{name}_error" for name in ANSWER_FIELDS)
CARD_FIELDS = (*ANSWER_FIELDS, *ERROR_FIELDS)
_DETAILS = ("comment", "evidence_url", "confidence")  # what a card's "details" hold
DETAIL_FIELDS = (*_DETAILS, *(f"{name}_error" for name in _DETAILS))


def question_view(
    definition: FrameworkDef,
    question: QuestionDef,
    subdimension: SubdimensionDef,
    shown: dict[str, str],
    scope: str = "",
) -> QuestionView:
    """The question with its answer as `shown` (saved answers, or a re-shown form)."""
    # Every field the card reads is present, if empty: the template engine pays for a
    # missing key with three exceptions, and a card reads the messages a dozen times.
    shown = {**_NOTHING_SHOWN, **shown}
    if shown["value"] and shown["value"] not in definition.index.allowed_values(question):
        # A value no option has (a tampered form) shows as no answer: nothing to check.
        shown["value"] = ""
    return QuestionView(question, subdimension, definition, shown, scope)


_NOTHING_SHOWN = dict.fromkeys(CARD_FIELDS, "")


@dataclass(frozen=True)
class Questionnaire:
    """One page of a respondent's questionnaire. Its `..._key` properties name the page's
    cached fragments (questionnaire.html, _steps.html, _progress.html): each holds everything
    its fragment shows, so a cached copy cannot go stale."""

    pages: list[Page]
    page: Page
    questions: list[QuestionView]
    answered: int
    total: int
    # What every fragment of the page shows alike: the assessment (its id pins the framework
    # version; its title), the page, whether it can be answered, and the language.
    scope: str = ""
    definition: FrameworkDef | None = None
    # The question to focus when the questionnaire was opened to resume it ("" for none);
    # outside every cached fragment.
    resume: str = ""

    @property
    def header_key(self) -> str:
        return self.scope

    @property
    def top_key(self) -> str:
        """The header, progress and step bars together."""
        return repr((self.scope, self.counts, self.answered, self.total))

    @property
    def cards_key(self) -> str:
        """Every card and the buttons together."""
        return repr((self.scope, *(view.cache_key for view in self.questions)))

    @property
    def buttons_key(self) -> str:
        return self.scope

    @property
    def steps_key(self) -> str:
        return repr((self.scope, self.counts))

    @property
    def progress_key(self) -> str:
        return repr((self.answered, self.total, get_language()))

    @property
    def percent(self) -> int:
        return percent_of(self.answered, self.total)

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


def questionnaire(
    definition: FrameworkDef,
    respondent: Respondent,
    page_number: int | None,
    posted: dict[str, dict[str, str]] | None = None,
    *,
    answerable: bool = True,
    with_questions: bool = True,
) -> Questionnaire:
    """One page of a respondent's questionnaire, with answers and progress; 404 past the end.

    `posted` shows submitted values instead of the saved ones (a form shown again). No
    `page_number` resumes: see `resume_point`.
    """
    index = definition.index
    if page_number is not None:
        require_page(definition, page_number)
    saved = respondent_answers(respondent)
    answered = {key for key, answer in saved.items() if answer["value"]}
    resume = ""
    if page_number is None:
        page_number, resume = resume_point(definition, answered)
    pages = [
        _page(part, sum(q.key in answered for q in part.questions), part.number == page_number)
        for part in index.parts
    ]
    page = pages[page_number - 1]
    assessment = respondent.assessment
    scope = repr((assessment.pk, assessment.title, page_number, answerable, get_language()))
    posted = posted or {}
    views = [] if not with_questions else [
        question_view(definition, q, index.subdimension_of(q.key),
                      posted.get(q.key) or saved.get(q.key) or dict.fromkeys(ANSWER_FIELDS, ""),
                      scope)
        for q in page.questions
    ]  # fmt: skip
    total = sum(page.total for page in pages)
    return Questionnaire(pages, page, views, len(answered), total, scope, definition, resume)


def require_page(definition: FrameworkDef, page_number: int) -> None:
    """404 for a page the questionnaire does not have."""
    if not 1 <= page_number <= len(definition.index.parts):
        raise Http404(_("No such page."))


def resume_point(definition: FrameworkDef, answered: set[str]) -> tuple[int, str]:
    """Where a respondent resumes: the page of the first unanswered question ("not
    applicable" counts as answered) and that question's key, to focus. Page 1 when every
    question is answered, to look the answers over from the start (the assessment's page
    has the Submit button too); no question to focus before the first answer, so that a
    newcomer starts at the page's instructions."""
    for part in definition.index.parts:
        for question in part.questions:
            if question.key not in answered:
                return part.number, question.key if answered else ""
    return 1, ""


def respondent_answers(respondent: Respondent) -> dict[str, dict[str, str]]:
    """The respondent's saved answers as the form shows them, by question key."""
    # Plain SQL: every questionnaire request and autosave reads this, and the ORM's
    # compiling of the join cost several times the query (text columns, nothing to convert).
    sql = _ANSWERS_SQL.format(answer=Answer._meta.db_table, question=Question._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [respondent.pk])
        return {key: dict(zip(ANSWER_FIELDS, fields, strict=True)) for key, *fields in cursor}


_ANSWERS_SQL = """
SELECT q.key, a.value, a.comment, a.evidence_url, a.confidence
FROM {answer} a JOIN {question} q ON q.id = a.question_id
WHERE a.respondent_id = %s
"""
