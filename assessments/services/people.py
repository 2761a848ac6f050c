"""People and their places: users, consultants' clients, memberships."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User

from assessments.models import CONSULTANTS_GROUP, Membership, Organization


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
