"""People and their places: users, consultants' clients, memberships."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User

from assessments.models import CONSULTANTS_GROUP, Membership, Organization, Preferences


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


def remember_language(*, user: User, language: str) -> None:
    """Keep the user's interface language (one of settings.LANGUAGES) for their next
    sign-ins, on any browser; their preferences row is made the first time."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Not a language of the site: {language!r}")
    Preferences.objects.update_or_create(user=user, defaults={"language": language})


def preferred_language(user: User) -> str:
    """The interface language the user chose, or "" if they never chose one."""
    language = Preferences.objects.filter(user=user).values_list("language", flat=True).first()
    return language or ""
