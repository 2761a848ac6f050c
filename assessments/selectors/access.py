"""Who may see and do what: the one access rule for assessments, answers and results."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from assessments.models import (
    CONSULTANTS_GROUP,
    Assessment,
    Membership,
    Organization,
    Respondent,
)


@dataclass(frozen=True)
class Roles:
    """What a user is, for navigation and access decisions."""

    admin: bool = False
    consultant: bool = False
    manager: bool = False
    member: bool = False


def user_roles(user: User | AnonymousUser) -> Roles:
    if not user.is_authenticated:
        return Roles()
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    return Roles(
        admin=bool(getattr(user, "is_staff", False)),
        consultant=user.groups.filter(name=CONSULTANTS_GROUP).exists(),
        manager=Membership.Role.MANAGER in roles,
        member=bool(roles),
    )


def visible_organizations(user: User | AnonymousUser) -> QuerySet[Organization]:
    """Organisations a user may see: all for admins, clients for consultants, own for members."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if getattr(user, "is_staff", False):
        return Organization.objects.all()
    return Organization.objects.filter(Q(consultants=user) | Q(memberships__user=user)).distinct()


@dataclass(frozen=True)
class Access:
    """What one user may do with one assessment; decided here and nowhere else."""

    view: bool = False
    answer: bool = False
    manage: bool = False
    results: bool = False
    reopen: bool = False
    respondent: Respondent | None = None


def visible_assessments(user: User | AnonymousUser) -> QuerySet[Assessment]:
    """Assessments a user may open: admins all; the client's consultants, the organisation's
    managers and the owner theirs; respondents the ones they answer."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    assessments = Assessment.objects.select_related("organization", "framework", "owner")
    if getattr(user, "is_staff", False):
        return assessments
    return assessments.filter(
        Q(owner=user)
        | Q(organization__consultants=user)
        | Q(
            organization__memberships__user=user,
            organization__memberships__role=Membership.Role.MANAGER,
        )
        | Q(respondents__user=user)
    ).distinct()


def assessment_for(user: User | AnonymousUser, pk: int) -> tuple[Assessment, Access]:
    """The assessment with the user's access to it; 404 when the user may not see it."""
    assessment = visible_assessments(user).filter(pk=pk).first()
    if assessment is None:
        raise Http404(_("No such assessment."))
    return assessment, assessment_access(user, assessment)


def assessment_access(user: User | AnonymousUser, assessment: Assessment) -> Access:
    if not user.is_authenticated:
        return Access()
    respondent = Respondent.objects.filter(assessment=assessment, user=user).first()
    oversees = bool(getattr(user, "is_staff", False)) or _oversees(user, assessment)
    owner = assessment.owner_id == user.pk
    return Access(
        view=oversees or owner or respondent is not None,
        answer=respondent is not None and not assessment.is_locked,
        manage=oversees or owner,
        results=oversees or owner or (respondent is not None and assessment.is_locked),
        reopen=assessment.is_locked and (owner or bool(getattr(user, "is_staff", False))),
        respondent=respondent,
    )


def _oversees(user: User, assessment: Assessment) -> bool:
    """The client's consultant or a manager of the organisation."""
    organization = assessment.organization
    return (
        organization.consultants.filter(pk=user.pk).exists()
        or organization.memberships.filter(user=user, role=Membership.Role.MANAGER).exists()
    )


def creatable_organizations(user: User | AnonymousUser) -> QuerySet[Organization]:
    """Where a user may start an assessment: any (admin), clients (consultant), own (manager)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if getattr(user, "is_staff", False):
        return Organization.objects.all()
    return Organization.objects.filter(
        Q(consultants=user) | Q(memberships__user=user, memberships__role=Membership.Role.MANAGER)
    ).distinct()
