"""Shared fixtures: people in every role, built with the real services."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Membership, Organization
from assessments.services import add_member, assign_consultant, ensure_user
from maturity.services import load_frameworks

DATA = Path(__file__).parent / "data"
SHIPPED = Path(__file__).parent.parent / "fixtures" / "frameworks"
ROLES = ("anonymous", "member", "manager", "consultant", "admin")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def shipped_document(slug: str) -> dict[str, Any]:
    return json.loads((SHIPPED / f"{slug}.json").read_text())


@pytest.fixture
def frameworks(db: None) -> None:
    load_frameworks()


@pytest.fixture
def acme(db: None) -> Organization:
    return Organization.objects.create(name="Acme Devices", key="acme-devices")


@pytest.fixture
def people(acme: Organization) -> dict[str, User | None]:
    """One user per role around the client Acme Devices; anonymous is None."""
    member = ensure_user(username="mia", password="pw-member")
    manager = ensure_user(username="max", password="pw-manager")
    consultant = ensure_user(username="cora", password="pw-consultant")
    admin = ensure_user(username="ada", password="pw-admin", staff=True)
    add_member(user=member, organization=acme, role=Membership.Role.MEMBER)
    add_member(user=manager, organization=acme, role=Membership.Role.MANAGER)
    assign_consultant(user=consultant, organization=acme)
    return {
        "anonymous": None,
        "member": member,
        "manager": manager,
        "consultant": consultant,
        "admin": admin,
    }


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
