"""Who may see and do what: the one access rule for assessments, answers and results."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, Group, User
from django.db import connection
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
from assessments.selectors.rows import first_row, row_by_id
from maturity.models import Framework


@dataclass(frozen=True)
class Roles:
    """What a user is, for navigation and access decisions."""

    admin: bool = False
    consultant: bool = False
    manager: bool = False
    member: bool = False


_ROLES_SQL = """
SELECT
  EXISTS (SELECT 1 FROM {user_groups} ug JOIN {groups} g ON g.id = ug.group_id
          WHERE ug.user_id = %s AND g.name = %s),
  EXISTS (SELECT 1 FROM {membership} m WHERE m.user_id = %s AND m.role = %s),
  EXISTS (SELECT 1 FROM {membership} m WHERE m.user_id = %s)
"""


def user_roles(user: User | AnonymousUser) -> Roles:
    """The user's roles in one plain statement (base.html shows them on every page)."""
    if not user.is_authenticated:
        return Roles()
    sql = _ROLES_SQL.format(
        user_groups=User.groups.through._meta.db_table,
        groups=Group._meta.db_table,
        membership=Membership._meta.db_table,
    )
    params: list[int | str] = [
        user.pk,
        CONSULTANTS_GROUP,
        user.pk,
        str(Membership.Role.MANAGER),
        user.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        consultant, manager, member = cursor.fetchone()
    admin = bool(getattr(user, "is_staff", False))
    return Roles(
        admin=admin, consultant=bool(consultant), manager=bool(manager), member=bool(member)
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
    """The assessment with the user's access to it; 404 when it is not visible.

    Every assessment page starts here, so it reads with two plain statements (the assessment
    with the flags of the access rule, then its framework), not the ORM's compiled joins,
    which cost several times as much here; the organisation loads when a page asks for it.
    """
    if not user.is_authenticated:
        raise Http404(_("No such assessment."))
    sql = _ASSESSMENT_SQL.format(**_flag_tables())
    assessment = first_row(Assessment, sql, _flag_params(user.pk, pk))
    if assessment is None:
        raise Http404(_("No such assessment."))
    row = vars(assessment)  # the flags arrive as extra attributes of the raw row
    flags = (
        bool(row["is_consultant"]),
        bool(row["is_manager"]),
        row["respondent_id"],
        row["respondent_role"],
    )
    access = _access(user, assessment, flags)
    if not access.view:
        raise Http404(_("No such assessment."))
    assessment.framework = row_by_id(Framework, assessment.framework_id)
    return assessment, access


# The flags the rule needs, read beside the assessment's row in one statement. Plain SQL
# because every assessment page asks this, and compiling the equivalent ORM subqueries
# cost more than running them. Parameters: see _flag_params.
_FLAG_COLUMNS = """
  EXISTS (SELECT 1 FROM {consultants} c
          WHERE c.organization_id = a.organization_id AND c.user_id = %s) AS is_consultant,
  EXISTS (SELECT 1 FROM {membership} m
          WHERE m.organization_id = a.organization_id AND m.user_id = %s AND m.role = %s)
    AS is_manager,
  (SELECT r.id FROM {respondent} r WHERE r.assessment_id = a.id AND r.user_id = %s)
    AS respondent_id,
  (SELECT r.role FROM {respondent} r WHERE r.assessment_id = a.id AND r.user_id = %s)
    AS respondent_role
"""
_ASSESSMENT_SQL = "SELECT a.*," + _FLAG_COLUMNS + "FROM {assessment} a WHERE a.id = %s"
_FLAGS_SQL = "SELECT" + _FLAG_COLUMNS + "FROM {assessment} a WHERE a.id = %s"


def _flag_params(user_id: int, pk: int) -> list[int | str]:
    manager = str(Membership.Role.MANAGER)
    return [user_id, user_id, manager, user_id, user_id, pk]


def _flag_tables() -> dict[str, str]:
    return {
        "consultants": Organization.consultants.through._meta.db_table,
        "membership": Membership._meta.db_table,
        "respondent": Respondent._meta.db_table,
        "assessment": Assessment._meta.db_table,
    }


Flags = tuple[bool, bool, int | None, str | None]


def assessment_access(user: User | AnonymousUser, assessment: Assessment) -> Access:
    """The access rule: who may view, answer, manage, read results, reopen."""
    if not user.is_authenticated:
        return Access()
    return _access(user, assessment, _flags(assessment, user.pk))


def _access(user: User, assessment: Assessment, flags: Flags) -> Access:
    consultant, manager, respondent_id, role = flags
    staff = bool(getattr(user, "is_staff", False))
    oversees = staff or consultant or manager
    owner = assessment.owner_id == user.pk
    respondent = _respondent(assessment, user, respondent_id, role)
    return Access(
        view=oversees or owner or respondent is not None,
        answer=respondent is not None and not assessment.is_locked,
        manage=oversees or owner,
        results=oversees or owner or (respondent is not None and assessment.is_locked),
        reopen=assessment.is_locked and (owner or staff),
        respondent=respondent,
    )


def _flags(assessment: Assessment, user_id: int) -> Flags:
    with connection.cursor() as cursor:
        cursor.execute(_FLAGS_SQL.format(**_flag_tables()), _flag_params(user_id, assessment.pk))
        consultant, manager, respondent_id, role = cursor.fetchone()
    return bool(consultant), bool(manager), respondent_id, role


def _respondent(
    assessment: Assessment, user: User, respondent_id: int | None, role: str | None
) -> Respondent | None:
    if respondent_id is None:
        return None
    # Built from the columns just read rather than read again: the row exists.
    respondent = Respondent(pk=respondent_id, assessment=assessment, user=user, role=role or "")
    respondent._state.adding = False
    respondent._state.db = assessment._state.db
    return respondent


def creatable_organizations(user: User | AnonymousUser) -> QuerySet[Organization]:
    """Where a user may start an assessment: any (admin), clients (consultant), own (manager)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if getattr(user, "is_staff", False):
        return Organization.objects.all()
    return Organization.objects.filter(
        Q(consultants=user) | Q(memberships__user=user, memberships__role=Membership.Role.MANAGER)
    ).distinct()
