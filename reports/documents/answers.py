"""Who answered what: each question's answers, comments, evidence and confidence, from
respondents and workshop participants, named or not as the assessment says."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from assessments.models import Answer, Assessment, Consensus, RespondentRole, Vote
from assessments.scoring import AssessmentResult, QuestionScore
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


@dataclass(frozen=True)
class Entry:
    """One person's answer to one question: a respondent's, or a workshop participant's vote."""

    key: str
    author: str
    role: str
    value: str
    comment: str = ""
    evidence_url: str = ""
    confidence: str = ""


def role_label(role: str) -> str:
    return str(dict(RespondentRole.choices).get(role, role))


def _person(name: str | None, role: str, anonymous: bool) -> str:
    label = role_label(role) if role else ""
    if anonymous or not name:
        return label or _("Respondent")
    return f"{name} ({label})" if label else name


def _entries(assessment: Assessment) -> list[Entry]:
    """Every answer given, respondents' first, in the order people joined."""
    answers = (
        Answer.objects.filter(respondent__assessment=assessment)
        .select_related("respondent__user", "question")
        .order_by("respondent__joined_at", "respondent_id")
    )
    votes = (
        Vote.objects.filter(
            participant__workshop__assessment=assessment, participant__removed=False
        )
        .select_related("participant__workshop", "question")
        .order_by("participant__joined_at", "participant_id")
    )
    anonymous = assessment.anonymous
    return [
        Entry(a.question.key, _person(person_name(a.respondent.user), a.respondent.role, anonymous),
              a.respondent.role, a.value, a.comment, a.evidence_url, a.confidence)
        for a in answers
    ] + [
        Entry(v.question.key, _person(v.participant.name, v.participant.role,
                                      anonymous or v.participant.workshop.anonymous),
              v.participant.role, v.value, v.comment)
        for v in votes
    ]  # fmt: skip


def person_name(user: User) -> str:
    return user.get_full_name() or user.username


def answer_word(value: str) -> str:
    """A stored answer as the report writes it: levels as numbers, statements as words."""
    words = {"yes": _("Yes"), "partly": _("Partly"), "no": _("No"), "na": _("N/A")}
    return words.get(value, value)


def _effective_word(score: QuestionScore, definition: FrameworkDef) -> str:
    if score.na:
        return _("Not applicable")
    if score.value is None:
        return _("Not answered")
    if score.kind == "statement":
        words = {1.0: "yes", 0.5: "partly", 0.0: "no"}
        return answer_word(words[score.value]) if score.value in words else ""
    # A mean between levels has no name; the template shows the number.
    number = int(score.value)
    return f"{number} {definition.level(number).name}" if number == score.value else ""


def question_details(
    assessment: Assessment, result: AssessmentResult, definition: FrameworkDef
) -> dict[str, QuestionDetail]:
    """Every question with its answers, comments, evidence and confidence, by key."""
    by_key: dict[str, list[Entry]] = defaultdict(list)
    for entry in _entries(assessment):
        by_key[entry.key].append(entry)
    rationale = dict(
        Consensus.objects.filter(assessment=assessment).values_list("question__key", "rationale")
    )
    subs = {q.key: sub.name for sub in definition.subdimensions() for q in sub.questions}
    questions = {q.key: q for q in definition.questions()}
    return {
        score.key: _detail(
            questions[score.key], subs[score.key], score, definition, by_key[score.key],
            rationale.get(score.key, ""),
        )
        for score in result.questions
    }  # fmt: skip


def _detail(
    question: QuestionDef,
    subdimension: str,
    score: QuestionScore,
    definition: FrameworkDef,
    entries: Sequence[Entry],
    rationale: str,
) -> QuestionDetail:
    labels = dict(Answer.Confidence.choices)
    confidence = Counter(e.confidence for e in entries if e.confidence)
    return QuestionDetail(
        question=question,
        subdimension=subdimension,
        score=score,
        answer=_effective_word(score, definition),
        given=tuple(
            Given(e.author, role_label(e.role), answer_word(e.value)) for e in entries if e.value
        ),
        notes=tuple(
            Note(e.author, e.comment, e.evidence_url)
            for e in entries if e.comment or e.evidence_url
        ),
        confidence=tuple(
            Tally(str(labels[key]), confidence[key]) for key in labels if confidence[key]
        ),
        rationale=rationale,
    )  # fmt: skip
