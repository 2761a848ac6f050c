"""Who took part and what each gave: the reads behind a report's cover, sections and appendix,
and the series of assessments a report compares with.

Reports read these and never the tables themselves, so that how answers, votes and people
are stored stays the assessments app's business.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils import timezone

from assessments.models import Answer, Assessment, Consensus, Participant, RespondentRole, Vote
from assessments.selectors.access import access_to, visible_assessments


@dataclass(frozen=True)
class Contributor:
    """Someone who took part: a respondent, or a workshop participant who was not removed."""

    name: str | None  # None when the assessment or the workshop is anonymous, or unnamed
    role: str  # the perspective's key ("it"), or ""


@dataclass(frozen=True)
class Contribution:
    """One person's answer to one question: a respondent's answer or a participant's vote."""

    key: str
    contributor: Contributor
    value: str
    comment: str = ""
    evidence_url: str = ""
    confidence: str = ""


def role_label(role: str) -> str:
    """A perspective's name in the active language ("IT"); unknown keys as they are."""
    return str(dict(RespondentRole.choices).get(role, role))


def confidence_labels() -> dict[str, str]:
    """Each confidence a respondent can give, with its name in the active language."""
    return {value: str(label) for value, label in Answer.Confidence.choices}


def person_name(user: User) -> str:
    return user.get_full_name() or user.username


def contributors(assessment: Assessment) -> list[Contributor]:
    """Everyone who took part, respondents first, then workshop participants, as they joined."""
    anonymous = assessment.anonymous
    respondents = [
        Contributor(None if anonymous else person_name(r.user), r.role)
        for r in assessment.respondents.select_related("user")
    ]
    participants = Participant.objects.filter(workshop__assessment=assessment, removed=False)
    voters = [
        Contributor(None if anonymous or p.workshop.anonymous else (p.name or None), p.role)
        for p in participants.select_related("workshop").order_by("joined_at", "id")
    ]
    return respondents + voters


def contributions(assessment: Assessment) -> list[Contribution]:
    """Every answer given, respondents' first, in the order people joined."""
    anonymous = assessment.anonymous
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
    given = [
        Contribution(a.question.key,
                     Contributor(None if anonymous else person_name(a.respondent.user),
                                 a.respondent.role),
                     a.value, a.comment, a.evidence_url, a.confidence)
        for a in answers
    ]  # fmt: skip
    voted = [
        Contribution(v.question.key,
                     Contributor(None if anonymous or v.participant.workshop.anonymous
                                 else (v.participant.name or None), v.participant.role),
                     v.value, v.comment)
        for v in votes
    ]  # fmt: skip
    return given + voted


def consensus_rationales(assessment: Assessment) -> dict[str, str]:
    """Why the group agreed on its answer, by question key (workshop consensus)."""
    rows = Consensus.objects.filter(assessment=assessment)
    return dict(rows.values_list("question__key", "rationale"))


def _same_series(assessment: Assessment, among: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Assessments of the same organisation on the same framework, in any version."""
    return among.filter(
        organization=assessment.organization_id, framework__slug=assessment.framework.slug
    ).exclude(pk=assessment.pk)


def previous_assessment(
    assessment: Assessment, *, among: QuerySet[Assessment] | None = None
) -> Assessment | None:
    """The latest assessment of the same organisation and framework submitted before it,
    among `among` (those a user may see: `visible_assessments`) or any (the command line)."""
    before = (assessment.submitted_at if assessment.is_locked else None) or timezone.now()
    return (
        _same_series(assessment, Assessment.objects.all() if among is None else among)
        .filter(status=Assessment.Status.SUBMITTED, submitted_at__lt=before)
        .order_by("-submitted_at")
        .first()
    )


def comparable_assessments(user: User | AnonymousUser, assessment: Assessment) -> list[Assessment]:
    """The other assessments of the series whose results the user may see, newest first."""
    candidates = _same_series(assessment, visible_assessments(user)).order_by("-created_at")
    return [a for a in candidates if access_to(user, a).results]
