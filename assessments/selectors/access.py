"""Who may see and do what: the one access rule for assessments, answers and results.

Access follows membership: the owner manages (and reopens) an assessment only while a member
(any role) or consultant of its organisation, so one who leaves loses it like anyone else;
admins keep theirs. Respondents keep respondent access whatever their membership, since an
invitee need not be a member: an owner who left and had answered still answers while it is
open and reads the result once submitted, but no longer manages it.
"""

import functools
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, Group, User
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404
from django.utils.translation import gettext as _

from assessments.models import (
    CONSULTANTS_GROUP,
    Assessment,
    Membership,
    Organization,
    Respondent,
)
from assessments.selectors.rows import first_row


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
    """What one user may do with one assessment; decided by `_access` and nowhere else."""

    view: bool = False
    answer: bool = False
    manage: bool = False
    results: bool = False
    reopen: bool = False
    respondent: Respondent | None = None


# The rule, written once as query expressions: how the user relates to each assessment
# (the flags), and what follows (may see it, may manage it). `visible_assessments` filters
# on it, `assessment_for` reads it for one assessment, and `_access` derives the rest.
def _with_access(user_id: int, staff: bool) -> QuerySet[Assessment]:
    consultant = Organization.consultants.through.objects.filter(
        organization_id=OuterRef("organization_id"), user_id=user_id
    )
    member = Membership.objects.filter(organization_id=OuterRef("organization_id"), user_id=user_id)
    oversees = Value(True) if staff else Q(is_consultant=True) | Q(is_manager=True)
    return Assessment.objects.annotate(
        is_consultant=Exists(consultant),
        is_member=Exists(member),
        is_manager=Exists(member.filter(role=Membership.Role.MANAGER)),
        # At most one row: a user answers an assessment once (respondent_once).
        mine=FilteredRelation("respondents", condition=Q(respondents__user_id=user_id)),
        respondent_id=F("mine__id"),
        respondent_role=F("mine__role"),
        # Read along for the results page's cache key (reports.results_page).
        organization_name=F("organization__name"),
    ).annotate(
        # Ownership counts only while the owner belongs to the organisation (see above).
        is_owner=ExpressionWrapper(
            Q(owner_id=user_id) & (Q(is_member=True) | Q(is_consultant=True)), BooleanField()
        ),
        can_manage=ExpressionWrapper(oversees | Q(is_owner=True), BooleanField()),
        can_view=ExpressionWrapper(
            Q(can_manage=True) | Q(respondent_id__isnull=False), BooleanField()
        ),
    )


def visible_assessments(user: User | AnonymousUser) -> QuerySet[Assessment]:
    """Assessments a user may open: admins all; the client's consultants, the organisation's
    managers and the owner (while a member) theirs; respondents the ones they answer. Each
    row carries the rule's flags, so `access_to` decides for it without another query."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    assessments = _with_access(user.pk, _staff(user)).filter(Q(can_view=True))
    return assessments.select_related("organization", "framework", "owner")


def access_to(user: User | AnonymousUser, assessment: Assessment) -> Access:
    """The user's access to an assessment read by `visible_assessments` or `assessment_for`."""
    if not user.is_authenticated or not getattr(assessment, "can_view", False):
        return Access()
    return _access(user, assessment)


def _access(user: User, assessment: Assessment) -> Access:
    row = vars(assessment)  # the flags arrive as annotations of the row
    respondent = None
    if row["respondent_id"] is not None:
        # A model instance made the way the ORM makes one from a row (joined_at deferred).
        fields = ["id", "assessment_id", "user_id", "role"]
        values = [row["respondent_id"], assessment.pk, user.pk, row["respondent_role"]]
        respondent = Respondent.from_db(assessment._state.db, fields, values)
        respondent.assessment, respondent.user = assessment, user
    manage, locked = bool(row["can_manage"]), assessment.is_locked
    return Access(
        view=bool(row["can_view"]),
        answer=respondent is not None and not locked,
        manage=manage,
        results=manage or (respondent is not None and locked),
        reopen=locked and (bool(row["is_owner"]) or _staff(user)),
        respondent=respondent,
    )


def _staff(user: User | AnonymousUser) -> bool:
    return bool(getattr(user, "is_staff", False))


def assessment_for(user: User | AnonymousUser, pk: int) -> tuple[Assessment, Access]:
    """The assessment with the user's access to it; 404 when it is not visible.

    The same query as `visible_assessments` narrowed to one id, but its SQL is compiled once
    per process and shape (see `_one_visible`): every assessment page starts here, and the
    ORM spent longer compiling it than the database spent running it.
    """
    if not user.is_authenticated or not 0 < pk < 2**63:
        raise Http404(_("No such assessment."))
    sql, params = _one_visible(connection.alias, _staff(user))
    values = [{_USER: user.pk, _PK: pk}.get(p, p) if isinstance(p, int) else p for p in params]
    assessment = first_row(Assessment, sql, values)
    if assessment is None:
        raise Http404(_("No such assessment."))
    # The framework version loads when a page asks for it; its definition comes by id
    # (assessment_definition).
    return assessment, _access(user, assessment)


# Stand-ins compiled into the SQL in place of the user's id and the assessment's id, and
# swapped for the real ones per call; no real id is negative.
_USER, _PK = -(2**62) + 7, -(2**62) + 11


@functools.cache
def _one_visible(alias: str, staff: bool) -> tuple[str, tuple[object, ...]]:
    # The result kept at submission is large and read only where a page is not cached.
    one = _with_access(_USER, staff).filter(Q(can_view=True), pk=_PK).order_by()
    query = one.defer("result_snapshot").query
    sql, params = query.get_compiler(alias).as_sql()
    return sql, tuple(params)


def assessment_by_id(pk: int) -> Assessment | None:
    """Any assessment, for the command line, which runs with the operator's full rights."""
    if not 0 < pk < 2**63:
        return None
    return Assessment.objects.select_related("organization", "framework").filter(pk=pk).first()


def creatable_organizations(user: User | AnonymousUser) -> QuerySet[Organization]:
    """Where a user may start an assessment: any (admin), clients (consultant), own (manager)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if getattr(user, "is_staff", False):
        return Organization.objects.all()
    return Organization.objects.filter(
        Q(consultants=user) | Q(memberships__user=user, memberships__role=Membership.Role.MANAGER)
    ).distinct()
