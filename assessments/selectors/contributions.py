"""Who took part and what each gave: the reads behind a report's cover, sections and appendix,
and the series of assessments a report compares with.

Reports read these and never the tables themselves, so that how answers, votes and people
are stored stays the assessments app's business.
"""

from dataclasses import asdict, dataclass, replace
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    Answer,
    Assessment,
    Consensus,
    Participant,
    Respondent,
    RespondentRole,
    Vote,
)
from assessments.selectors.access import access_to, visible_assessments


@dataclass(frozen=True)
class Contributor:
    """Someone who took part: a respondent, or a workshop participant who was not removed."""

    name: str | None  # None when the assessment or the workshop is anonymous, or unnamed
    role: str  # the perspective's key ("it"), or ""
    former: bool = False  # a respondent whose account was deleted: named "former user"


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


def person_name(user: User | None) -> str:
    """A user's full name, else username; "former user" once the account is deleted."""
    if user is None:
        return _("former user")
    return user.get_full_name() or user.username


def _respondent(respondent: Respondent, anonymous: bool) -> Contributor:
    if anonymous:
        return Contributor(None, respondent.role)
    user = respondent.user
    return Contributor(person_name(user), respondent.role, former=user is None)


def _participant(participant: Participant, anonymous: bool) -> Contributor:
    hidden = anonymous or participant.workshop.anonymous
    return Contributor(None if hidden else (participant.name or None), participant.role)


def _kept(assessment: Assessment) -> dict[str, Any] | None:
    """What submission kept of the people and their answers, while the assessment stays
    submitted; None for a live one, or one submitted before snapshots were kept."""
    return assessment.contributions_snapshot if assessment.is_locked else None


def _from_snapshot(data: dict[str, Any], anonymous: bool) -> Contributor:
    """A kept contributor, named in today's language; hidden if the assessment has since
    become anonymous (never the other way: names hidden at submission were not kept)."""
    contributor = Contributor(**data)
    if anonymous:
        return replace(contributor, name=None, former=False)
    return replace(contributor, name=_("former user")) if contributor.former else contributor


def contributors(assessment: Assessment) -> list[Contributor]:
    """Everyone who took part, respondents first, then workshop participants, as they joined."""
    if (kept := _kept(assessment)) is not None:
        return [_from_snapshot(c, assessment.anonymous) for c in kept["contributors"]]
    return _live_contributors(assessment)


def contributions(assessment: Assessment) -> list[Contribution]:
    """Every answer given, respondents' first, in the order people joined."""
    if (kept := _kept(assessment)) is not None:
        return [
            Contribution(
                **{**c, "contributor": _from_snapshot(c["contributor"], assessment.anonymous)}
            )
            for c in kept["contributions"]
        ]
    return _live_contributions(assessment)


def consensus_rationales(assessment: Assessment) -> dict[str, str]:
    """Why the group agreed on its answer, by question key (workshop consensus)."""
    if (kept := _kept(assessment)) is not None:
        return dict(kept["rationales"])
    return _live_rationales(assessment)


def contributions_snapshot(assessment: Assessment) -> dict[str, Any]:
    """The people, answers and rationales as they are now, as JSON for submission to keep:
    the report's cover and appendix then read this, and never move (DESIGN rule 13)."""
    return {
        "contributors": [asdict(c) for c in _live_contributors(assessment)],
        "contributions": [asdict(c) for c in _live_contributions(assessment)],
        "rationales": _live_rationales(assessment),
    }


def _live_contributors(assessment: Assessment) -> list[Contributor]:
    anonymous = assessment.anonymous
    respondents = [_respondent(r, anonymous) for r in assessment.respondents.select_related("user")]
    participants = Participant.objects.filter(workshop__assessment=assessment, removed=False)
    voters = [
        _participant(p, anonymous)
        for p in participants.select_related("workshop").order_by("joined_at", "id")
    ]
    return respondents + voters


def _live_contributions(assessment: Assessment) -> list[Contribution]:
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
        Contribution(a.question.key, _respondent(a.respondent, anonymous),
                     a.value, a.comment, a.evidence_url, a.confidence)
        for a in answers
    ]  # fmt: skip
    voted = [
        Contribution(v.question.key, _participant(v.participant, anonymous), v.value, v.comment)
        for v in votes
    ]
    return given + voted


def _live_rationales(assessment: Assessment) -> dict[str, str]:
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
