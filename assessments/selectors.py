"""Reads about people and their access; every scoped query starts here."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from assessments.models import CONSULTANTS_GROUP, Membership, Organization


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
