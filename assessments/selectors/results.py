"""The answers of an assessment as scoring input, its result, and its progress."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from assessments.models import (
    Answer,
    Assessment,
    Consensus,
    Participant,
    Respondent,
    RespondentRole,
    Vote,
    Workshop,
)
from assessments.scoring import (
    AnswerValue,
    AssessmentResult,
    RespondentAnswers,
    ScoringInput,
    score,
)
from assessments.scoring.localize import localized
from assessments.selectors.contributions import person_name
from maturity.answers import parse
from maturity.models import Question
from maturity.numbers import percent_of
from maturity.schema import FrameworkDef
from maturity.selectors import used_framework_definition


def scoring_input(assessment: Assessment) -> ScoringInput:
    """The assessment's answers as the pure scoring input.

    Each respondent answering on their own, and each workshop participant who voted
    (removed participants excluded), is one respondent; recorded consensus answers are
    the effective answers of their questions.
    """
    return ScoringInput(
        respondents=(*_respondents(assessment), *_participants(assessment)),
        consensus=_consensus(assessment),
        targets=assessment.targets or {},
    )


def _respondents(assessment: Assessment) -> list[RespondentAnswers]:
    roles = dict(assessment.respondents.values_list("pk", "role"))
    grouped: dict[int, dict[str, AnswerValue]] = {pk: {} for pk in roles}
    answers = Answer.objects.filter(respondent__assessment=assessment).exclude(value="")
    for respondent_id, key, value in answers.values_list("respondent_id", "question__key", "value"):
        grouped[respondent_id][key] = parse(value)
    return [RespondentAnswers(role=roles[pk], answers=given) for pk, given in grouped.items()]


def _participants(assessment: Assessment) -> list[RespondentAnswers]:
    votes = Vote.objects.filter(
        participant__workshop__assessment=assessment, participant__removed=False
    ).values_list("participant_id", "participant__role", "question__key", "value")
    grouped: dict[int, tuple[str, dict[str, AnswerValue]]] = {}
    for participant_id, role, key, value in votes:
        grouped.setdefault(participant_id, (role, {}))[1][key] = parse(value)
    return [RespondentAnswers(role=role, answers=given) for role, given in grouped.values()]


def _consensus(assessment: Assessment) -> dict[str, AnswerValue]:
    rows = Consensus.objects.filter(assessment=assessment).values_list("question__key", "value")
    return {key: parse(value) for key, value in rows}


def assessment_definition(assessment: Assessment) -> FrameworkDef:
    return used_framework_definition(assessment.framework_id)


def assessment_result(assessment: Assessment) -> AssessmentResult:
    """The result: the snapshot taken at submission, else scored from the answers now; its
    texts in the active language (the definition's copy in it, see scoring/localize.py),
    so a snapshot reads in the reader's language and numbers never move."""
    definition = assessment_definition(assessment)
    if assessment.is_locked and assessment.result_snapshot:
        return localized(AssessmentResult.model_validate(assessment.result_snapshot), definition)
    return score(definition, scoring_input(assessment))


@dataclass(frozen=True)
class RespondentProgress:
    respondent: Respondent
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return percent_of(self.answered, self.total)

    @property
    def name(self) -> str:
        return person_name(self.respondent.user)


def respondent_progress(assessment: Assessment) -> list[RespondentProgress]:
    """Who has answered how much (a not-applicable answer counts as answered)."""
    total = Question.objects.filter(subdimension__dimension__framework=assessment.framework_id)
    respondents = assessment.respondents.select_related("user").annotate(
        answered=Count("answers", filter=~Q(answers__value=""))
    )
    count = total.count()
    return [RespondentProgress(r, r.answered, count) for r in respondents]


def respondent_count(assessment: Assessment) -> int:
    """Who has given answers: respondents with at least one, and workshop participants who
    voted (each counts once, as in scoring)."""
    answering = (
        Respondent.objects.filter(assessment=assessment, answers__isnull=False)
        .exclude(answers__value="")
        .distinct()
        .count()
    )
    voting = (
        Participant.objects.filter(
            workshop__assessment=assessment, removed=False, votes__isnull=False
        )
        .distinct()
        .count()
    )
    return answering + voting


@dataclass(frozen=True)
class WorkshopProgress:
    """A workshop as the assessment page lists it beside the respondents: the room's size,
    its perspectives, and the answers it agreed (which count as the group's answers)."""

    workshop: Workshop
    participants: int
    voters: int
    perspectives: tuple[tuple[str, int], ...]  # (label, how many), most first
    agreed: int
    total: int

    @property
    def percent(self) -> int:
        return percent_of(self.agreed, self.total)


def workshop_progress(assessment: Assessment) -> list[WorkshopProgress]:
    total = Question.objects.filter(
        subdimension__dimension__framework=assessment.framework_id
    ).count()
    agreed = Consensus.objects.filter(assessment=assessment).values_list("question_id", flat=True)
    agreed_ids = set(agreed)
    labels = dict(RespondentRole.choices)
    found = []
    for workshop in assessment.workshops.order_by("created_at"):
        present = workshop.participants.filter(removed=False)
        roles = Counter(present.values_list("role", flat=True))
        perspectives = tuple(
            (str(labels.get(role, _("not given"))) if role else str(_("not given")), n)
            for role, n in roles.most_common()
        )
        voters = present.filter(votes__isnull=False).distinct().count()
        items = set(workshop.items.values_list("question_id", flat=True))
        found.append(
            WorkshopProgress(
                workshop, present.count(), voters, perspectives, len(items & agreed_ids), total
            )
        )
    return found
