"""Writes for organisations, people and assessments."""

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    CONSULTANTS_GROUP,
    Answer,
    Assessment,
    Invitation,
    Membership,
    Organization,
    Respondent,
    StateChange,
)
from assessments.scoring import score
from assessments.selectors import assessment_definition, scoring_input
from maturity.models import Framework, Question


@dataclass(frozen=True)
class DemoSignIn:
    role: str
    username: str
    password: str


# Local demo only: `make run` prints these; production never loads demo data.
DEMO_SIGN_INS = (
    DemoSignIn("admin", "admin", "demo-admin-pass"),
    DemoSignIn("consultant", "consultant", "demo-consultant-pass"),
    DemoSignIn("manager", "manager", "demo-manager-pass"),
    DemoSignIn("member", "member", "demo-member-pass"),
    DemoSignIn("engineer", "engineer", "demo-engineer-pass"),
)
DEMO_CLIENT = "Acme Devices"


def ensure_user(*, username: str, password: str, email: str = "", staff: bool = False) -> User:
    """Create the user, or reset the password of an existing one."""
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": email}
    )
    user.set_password(password)
    user.is_staff = user.is_superuser = staff
    user.save()
    return user


def assign_consultant(*, user: User, organization: Organization) -> None:
    group, _created = Group.objects.get_or_create(name=CONSULTANTS_GROUP)
    user.groups.add(group)
    organization.consultants.add(user)


def add_member(*, user: User, organization: Organization, role: str) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    return membership


@transaction.atomic
def load_demo_people() -> tuple[DemoSignIn, ...]:
    """The demo client with an admin, its consultant, a manager and a member; idempotent."""
    acme, _created = Organization.objects.get_or_create(
        key="acme-devices", defaults={"name": DEMO_CLIENT}
    )
    users = {
        s.role: ensure_user(
            username=s.username,
            password=s.password,
            email=f"{s.username}@example.com",
            staff=s.role == "admin",
        )
        for s in DEMO_SIGN_INS
    }
    assign_consultant(user=users["consultant"], organization=acme)
    add_member(user=users["manager"], organization=acme, role=Membership.Role.MANAGER)
    add_member(user=users["member"], organization=acme, role=Membership.Role.MEMBER)
    add_member(user=users["engineer"], organization=acme, role=Membership.Role.MEMBER)
    _demo_assessments(acme, users)
    return DEMO_SIGN_INS


# Three perspectives on the Gartner model: business is upbeat, IT and OT see less.
DEMO_GARTNER_ANSWERS = {
    "business": {"economic-model": "3", "business-alignment": "3", "ecosystem": "2",
                 "business-processes": "3", "culture": "3", "data-governance": "2",
                 "architecture": "2", "technology-alignment": "2",
                 "technology-infrastructure": "3"},
    "it": {"economic-model": "2", "business-alignment": "2", "ecosystem": "2",
           "business-processes": "2", "culture": "2", "data-governance": "2",
           "architecture": "3", "technology-alignment": "2",
           "technology-infrastructure": "3"},
    "ot": {"economic-model": "2", "business-alignment": "1", "ecosystem": "na",
           "business-processes": "2", "culture": "1", "data-governance": "1",
           "architecture": "2", "technology-alignment": "1",
           "technology-infrastructure": "2"},
}  # fmt: skip
DEMO_COMMENTS = {
    ("business", "business-alignment"): "Board approved the connected-service business case.",
    ("ot", "technology-alignment"): "Plant networks are run separately from corporate IT.",
}


def _demo_assessments(acme: Organization, users: dict[str, User]) -> None:
    """A submitted Gartner assessment and an in-progress PTC one, created once."""
    if Assessment.objects.filter(organization=acme).exists():
        return
    gartner = Framework.objects.get(slug="gartner-iot", status=Framework.Status.PUBLISHED)
    ptc = Framework.objects.get(slug="ptc-cpmm", status=Framework.Status.PUBLISHED)
    survey = create_assessment(
        by=users["manager"], organization=acme, framework=gartner,
        title="IoT maturity baseline 2026", targets={"overall": 4}, respondent_role="business",
    )  # fmt: skip
    people = {"business": users["manager"], "it": users["member"], "ot": users["engineer"]}
    for role, user in people.items():
        respondent, _created = Respondent.objects.get_or_create(
            assessment=survey, user=user, defaults={"role": role}
        )
        save_answers(respondent=respondent, answers={
            key: {"value": value, "comment": DEMO_COMMENTS.get((role, key), "")}
            for key, value in DEMO_GARTNER_ANSWERS[role].items()
        })  # fmt: skip
    submit_assessment(assessment=survey, by=users["manager"])
    _demo_ptc(acme, users, ptc)


def _demo_ptc(acme: Organization, users: dict[str, User], ptc: Framework) -> None:
    workshop = create_assessment(
        by=users["consultant"], organization=acme, framework=ptc,
        title="Connected product review", targets={"overall": 4},
    )  # fmt: skip
    keys = [q.key for q in assessment_definition(workshop).questions()]
    values = {key: "yes" for key in keys if key[:2] in ("l1", "l2", "l3")}
    values |= {"l3-cloud-platform": "partly", "l3-proactive-service": "partly",
               "l4-organised-data": "yes", "l4-functional-visibility": "partly"}  # fmt: skip
    answers = {key: {"value": value} for key, value in values.items()}
    save_answers(respondent=workshop.respondents.get(), answers=answers)


class Refused(Exception):
    """An action the rules do not allow now; the message says why, for the user."""


@transaction.atomic
def create_assessment(
    *,
    by: User,
    organization: Organization,
    framework: Framework,
    title: str,
    targets: dict[str, float] | None = None,
    due_date: date | None = None,
    anonymous: bool = False,
    respondent_role: str = "",
) -> Assessment:
    """A new draft on a published framework version, pinned for life; the creator answers too."""
    if framework.status != Framework.Status.PUBLISHED:
        raise Refused(_("Only a published framework version can be assessed."))
    assessment = Assessment.objects.create(
        organization=organization,
        framework=framework,
        title=title,
        owner=by,
        targets=targets or {},
        due_date=due_date,
        anonymous=anonymous,
    )
    Respondent.objects.create(assessment=assessment, user=by, role=respondent_role)
    _log(assessment, by=by, to_status=Assessment.Status.DRAFT)
    return assessment


def _log(assessment: Assessment, *, by: User, to_status: str, from_status: str = "",
         reason: str = "") -> None:  # fmt: skip
    StateChange.objects.create(
        assessment=assessment, from_status=from_status, to_status=to_status, by=by, reason=reason
    )


def _move(assessment: Assessment, *, by: User, to_status: str, reason: str = "") -> None:
    from_status = assessment.status
    assessment.status = to_status
    assessment.save(update_fields=["status", "submitted_at", "result_snapshot"])
    _log(assessment, by=by, to_status=to_status, from_status=from_status, reason=reason)


def allowed_values(question: Question, levels: int) -> set[str]:
    if question.kind == Question.Kind.RUBRIC:
        return {str(n) for n in range(1, levels + 1)} | {"na"}
    return {"yes", "partly", "no", "na"}


def record_answer(
    *,
    respondent: Respondent,
    question: Question,
    value: str,
    comment: str = "",
    evidence_url: str = "",
    confidence: str = "",
) -> None:
    """Save one respondent's answer to one question (see `save_answers`)."""
    fields = {"value": value, "comment": comment, "evidence_url": evidence_url,
              "confidence": confidence}  # fmt: skip
    save_answers(respondent=respondent, answers={question.key: fields})


@transaction.atomic
def save_answers(*, respondent: Respondent, answers: dict[str, dict[str, str]]) -> None:
    """Save a respondent's answers by question key, all or none.

    Each answer has `value` (a level number, yes/partly/no, na, or "" for none yet),
    `comment`, `evidence_url` and `confidence`. The first answer moves a draft to in
    progress; a submitted assessment refuses every change.
    """
    assessment = Assessment.objects.select_for_update().get(pk=respondent.assessment_id)
    if assessment.is_locked:
        raise Refused(_("This assessment is submitted; answers can no longer change."))
    questions = _questions_by_key(assessment, answers.keys())
    levels = assessment.framework.levels.count()
    for key, fields in answers.items():
        question = questions[key]
        value = str(fields.get("value") or "")
        if value and value not in allowed_values(question, levels):
            raise Refused(
                _("%(value)r is not an answer to %(key)s.") % {"value": value, "key": key}
            )
        Answer.objects.update_or_create(
            respondent=respondent, question=question,
            defaults={name: str(fields.get(name) or "") for name in ANSWER_FIELDS},
        )  # fmt: skip
    if answers and assessment.status == Assessment.Status.DRAFT:
        _move(assessment, by=respondent.user, to_status=Assessment.Status.IN_PROGRESS)


ANSWER_FIELDS = ("value", "comment", "evidence_url", "confidence")


def _questions_by_key(assessment: Assessment, keys: Iterable[str]) -> dict[str, Question]:
    wanted = set(keys)
    questions = Question.objects.filter(
        subdimension__dimension__framework=assessment.framework_id, key__in=wanted
    )
    found = {question.key: question for question in questions}
    unknown = sorted(wanted - found.keys())
    if unknown:
        raise Refused(_("No question %(keys)s in this assessment.") % {"keys": ", ".join(unknown)})
    return found


@transaction.atomic
def submit_assessment(*, assessment: Assessment, by: User) -> Assessment:
    """Lock the answers and keep the result as it is now, for the report to show for ever."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_locked:
        raise Refused(_("This assessment is already submitted."))
    result = score(assessment_definition(assessment), scoring_input(assessment))
    assessment.result_snapshot = result.model_dump(mode="json")
    assessment.submitted_at = timezone.now()
    _move(assessment, by=by, to_status=Assessment.Status.SUBMITTED)
    return assessment


@transaction.atomic
def reopen_assessment(*, assessment: Assessment, by: User, reason: str) -> Assessment:
    """Unlock a submitted assessment; the reason is kept in its log."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_locked:
        raise Refused(_("Only a submitted assessment can be reopened."))
    if not reason.strip():
        raise Refused(_("Say why the assessment is reopened."))
    assessment.result_snapshot = None
    assessment.submitted_at = None
    _move(assessment, by=by, to_status=Assessment.Status.REOPENED, reason=reason.strip())
    return assessment


@transaction.atomic
def invite_respondent(
    *, assessment: Assessment, by: User, email: str, role: str, accept_url: Callable[[str], str]
) -> Invitation:
    """Record the invitation and e-mail its link; `accept_url` turns a token into the link."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_locked:
        raise Refused(_("This assessment is submitted; reopen it to invite more people."))
    invitation = Invitation.objects.create(
        assessment=assessment, email=email, role=role, invited_by=by,
        token=secrets.token_urlsafe(32),
    )  # fmt: skip
    context = {"assessment": assessment, "by": by, "url": accept_url(invitation.token)}
    send_mail(
        subject=_("Invitation: %(title)s") % {"title": assessment.title},
        message=render_to_string("assessments/invitation_email.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Respondent:
    """Make the user a respondent (once); the link serves the person who first used it."""
    if invitation.respondent is not None and invitation.respondent.user_id != user.pk:
        raise Refused(_("This invitation has already been used by someone else."))
    respondent, _created = Respondent.objects.get_or_create(
        assessment=invitation.assessment, user=user, defaults={"role": invitation.role}
    )
    if invitation.accepted_at is None:
        invitation.accepted_at = timezone.now()
        invitation.respondent = respondent
        invitation.save(update_fields=["accepted_at", "respondent"])
    return respondent


def set_respondent_role(*, respondent: Respondent, role: str) -> Respondent:
    respondent.role = role
    respondent.save(update_fields=["role"])
    return respondent
