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

# How much of what people wrote a report prints, then the number of the rest (the workbook
# and the CSV have everything), so that 300 respondents or 300 questions make a report about
# as long as a workshop's (benchmarks/report.py, "Large assessments"). The findings, which are
# read, print a section's (a subdimension's or a level's) first SECTION_COMMENTS comments and
# its SECTION_DISAGREEMENTS widest disagreements; the appendix, where things are looked up,
# a block per question with its comments if it has at most APPENDIX_COMMENTS, else their
# number; the deck and the workbook the first COMMENTS_SHOWN of each question.
SECTION_COMMENTS = 3
SECTION_DISAGREEMENTS = 3
APPENDIX_COMMENTS = 2
COMMENTS_SHOWN = 5


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
class QuestionDetail:
    question: QuestionDef
    subdimension: str
    score: QuestionScore
    answer: str  # the effective answer in words, when it is an answer one can give
    distribution: tuple[Tally, ...]  # how many gave each answer, in the scale's order
    notes: tuple[Note, ...]
    confidence: tuple[Tally, ...]
    rationale: str  # why the group agreed on its answer

    @property
    def answers_given(self) -> int:
        return sum(tally.count for tally in self.distribution)

    @property
    def distribution_text(self) -> str:
        """How many gave each answer, in the scale's order and the active language, as one
        run of text: no-break spaces keep each count with its answer, where a box per answer
        would be laid out one by one (WeasyPrint), for every question of a report."""
        level = self.question.kind == "rubric"
        parts = (
            f"{tally.count} × "
            + (_("Level %(n)s") % {"n": tally.label} if level and tally.label.isdigit()
               else tally.label)
            for tally in self.distribution
        )  # fmt: skip
        return "\u00a0· ".join(part.replace(" ", "\u00a0") for part in parts)

    @property
    def confidence_text(self) -> str:
        """How sure people were, "Low 4, Medium 4, High 6"; the labels alone for one answer."""
        several = self.answers_given > 1
        return ", ".join(
            f"{t.label}\u00a0{t.count}" if several else t.label for t in self.confidence
        )

    @property
    def shown_notes(self) -> tuple[Note, ...]:
        """The notes the deck and the workbook print: the first COMMENTS_SHOWN."""
        return self.notes[:COMMENTS_SHOWN]

    @property
    def more_notes(self) -> int:
        return max(len(self.notes) - COMMENTS_SHOWN, 0)

    @property
    def appendix_notes(self) -> tuple[Note, ...]:
        """The notes the appendix prints: all of them when there are no more than
        APPENDIX_COMMENTS, else none (their number is printed instead), so that a question
        stays a few lines however many people commented, and no comment is picked out of
        many to stand for the others (the findings print a section's first comments)."""
        return self.notes if len(self.notes) <= APPENDIX_COMMENTS else ()

    @property
    def appendix_count(self) -> int:
        """How many notes the appendix counts instead of printing."""
        return 0 if self.appendix_notes else len(self.notes)


def person_name(contributor: Contributor) -> str:
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
    given = Counter(e.value for e in entries if e.value)
    scale = answers.allowed_values(question.kind, len(definition.levels))
    return QuestionDetail(
        question=question,
        subdimension=subdimension,
        score=score,
        answer=_effective_answer(score, definition),
        distribution=tuple(
            Tally(answers.label(value, short=True), given[value]) for value in scale if given[value]
        ),
        notes=tuple(
            Note(person_name(e.contributor), e.comment, e.evidence_url)
            for e in entries if e.comment or e.evidence_url
        ),
        confidence=tuple(
            Tally(str(labels[key]), confidence[key]) for key in labels if confidence[key]
        ),
        rationale=rationale,
    )  # fmt: skip
