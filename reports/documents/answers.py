"""Who answered what: each question's answers, comments, evidence and confidence, from
respondents and workshop participants, named or not as the assessment says."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessments.scoring import AssessmentResult, QuestionScore
from assessments.selectors import (
    Assessment,
    Contribution,
    Contributor,
    confidence_labels,
    consensus_rationales,
    contributions,
    role_label,
)
from maturity import answers
from maturity.schema import FrameworkDef, QuestionDef


@dataclass(frozen=True)
class Person:
    name: str | None  # None when the assessment is anonymous
    role: str


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True)
class Note:
    """A respondent's comment or evidence link on one question."""

    author: str
    comment: str
    evidence_url: str


@dataclass(frozen=True)
class Given:
    author: str
    role: str
    answer: str


@dataclass(frozen=True)
class QuestionDetail:
    question: QuestionDef
    subdimension: str
    score: QuestionScore
    answer: str  # the effective answer in words, when it is an answer one can give
    given: tuple[Given, ...]
    notes: tuple[Note, ...]
    confidence: tuple[Tally, ...]
    rationale: str  # why the group agreed on its answer


def _person(contributor: Contributor) -> str:
    """How the report names someone: "Ana (IT)", or the perspective alone when unnamed."""
    label = role_label(contributor.role) if contributor.role else ""
    if not contributor.name:
        return label or _("Respondent")
    return f"{contributor.name} ({label})" if label else contributor.name


def _effective_answer(score: QuestionScore, definition: FrameworkDef) -> str:
    if score.na:
        return answers.label(answers.NA)
    if score.value is None:
        return _("Not answered")
    # A mean between two answers has no name; the template shows the number.
    stored = answers.answer_at(score.kind, score.value, len(definition.levels))
    return answers.label(stored, definition) if stored else ""


def question_details(
    assessment: Assessment, result: AssessmentResult, definition: FrameworkDef
) -> dict[str, QuestionDetail]:
    """Every question with its answers, comments, evidence and confidence, by key."""
    by_key: dict[str, list[Contribution]] = defaultdict(list)
    for contribution in contributions(assessment):
        by_key[contribution.key].append(contribution)
    rationale = consensus_rationales(assessment)
    index = definition.index
    return {
        score.key: _detail(
            index.questions[score.key], index.subdimension_of(score.key).name, score,
            definition, by_key[score.key], rationale.get(score.key, ""),
        )
        for score in result.questions
    }  # fmt: skip


def _detail(
    question: QuestionDef,
    subdimension: str,
    score: QuestionScore,
    definition: FrameworkDef,
    entries: Sequence[Contribution],
    rationale: str,
) -> QuestionDetail:
    labels = confidence_labels()
    confidence = Counter(e.confidence for e in entries if e.confidence)
    return QuestionDetail(
        question=question,
        subdimension=subdimension,
        score=score,
        answer=_effective_answer(score, definition),
        given=tuple(
            Given(_person(e.contributor), role_label(e.contributor.role),
                  answers.label(e.value, short=True))
            for e in entries if e.value
        ),
        notes=tuple(
            Note(_person(e.contributor), e.comment, e.evidence_url)
            for e in entries if e.comment or e.evidence_url
        ),
        confidence=tuple(
            Tally(str(labels[key]), confidence[key]) for key in labels if confidence[key]
        ),
        rationale=rationale,
    )  # fmt: skip
