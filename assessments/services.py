"""Writes for organisations, people and assessments."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.db import transaction

from assessments.models import CONSULTANTS_GROUP, Membership, Organization


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
)
DEMO_CLIENT = "Acme Devices"


def ensure_user(*, username: str, password: str, email: str = "", staff: bool = False) -> User:
    """Create the user, or reset the password of an existing one."""
    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
    user.set_password(password)
    user.is_staff = user.is_superuser = staff
    user.save()
    return user


def assign_consultant(*, user: User, organization: Organization) -> None:
    group, _ = Group.objects.get_or_create(name=CONSULTANTS_GROUP)
    user.groups.add(group)
    organization.consultants.add(user)


def add_member(*, user: User, organization: Organization, role: str) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    return membership


@transaction.atomic
def load_demo_people() -> tuple[DemoSignIn, ...]:
    """The demo client with an admin, its consultant, a manager and a member; idempotent."""
    acme, _ = Organization.objects.get_or_create(key="acme-devices", defaults={"name": DEMO_CLIENT})
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
    return DEMO_SIGN_INS
