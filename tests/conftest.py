"""Shared fixtures: people in every role, built with the real services."""

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client

from assessments.models import Membership, Organization
from assessments.services import Refused, add_member, assign_consultant, ensure_user
from maturity.services import load_frameworks

DATA = Path(__file__).parent / "data"
SHIPPED = Path(__file__).parent.parent / "fixtures" / "frameworks"
ROLES = ("anonymous", "member", "manager", "consultant", "admin")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    """Background tasks run where they are enqueued (one test runs a real worker: see
    tests/reports/test_worker.py)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session")
def _session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sessions")


@pytest.fixture(autouse=True)
def _fragment_cache(settings: Any, _session_cache_dir: Path) -> None:
    # Tests run in debug, where fragments are not cached; they must be, as in production.
    caches = {
        **settings.CACHES,
        "template_fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    for alias in ("sessions", "shared"):
        if "filebased" in caches.get(alias, {}).get("BACKEND", ""):
            # A directory of the test run's own, not the development server's.
            caches[alias] = {**caches[alias], "LOCATION": str(_session_cache_dir / alias)}
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request leaves its language active in the thread (LocaleMiddleware does not undo
    # it), so each test starts, and leaves, in the default language.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache(_fragment_cache: None) -> None:
    # Ids repeat across tests, so nothing cached by one test may reach the next.
    from django.core.cache import caches

    from assessments.services.live import forget_local
    from maturity.selectors import forget_parsed_definitions

    for cache in caches.all():
        cache.clear()
    forget_parsed_definitions()
    forget_local()


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


ASSESSMENT_ROLES = (
    "anonymous",
    "outsider",
    "respondent",
    "member",
    "manager",
    "consultant",
    "other_consultant",
    "admin",
)


@pytest.fixture
def gartner_assessment(people: dict[str, User | None], frameworks: None, acme: Organization):
    """A Gartner assessment owned by the manager, with one invited respondent (IT)."""
    from assessments.services import create_assessment
    from maturity.models import Framework

    assert people["manager"] is not None
    return create_assessment(
        by=people["manager"],
        organization=acme,
        framework=Framework.objects.get(slug="gartner-iot"),
        title="Baseline",
        targets={"overall": 4},
    )


@pytest.fixture
def everyone(people: dict[str, User | None], gartner_assessment: Any) -> dict[str, User | None]:
    """Every role of the access tests around `gartner_assessment`."""
    from assessments.models import Respondent

    other = Organization.objects.create(name="Other Co", key="other-co")
    other_consultant = ensure_user(username="otto", password="pw")
    assign_consultant(user=other_consultant, organization=other)
    respondent = ensure_user(username="rhea", password="pw")
    Respondent.objects.create(assessment=gartner_assessment, user=respondent, role="it")
    outsider = ensure_user(username="olga", password="pw")
    return {
        **people,
        "outsider": outsider,
        "respondent": respondent,
        "other_consultant": other_consultant,
    }


# At the same moment (PostgreSQL: SQLite's in-memory test database is one connection that
# threads cannot share, and its IMMEDIATE transactions queue every writer anyway).

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's test database cannot serve four connections at once",
)


def at_once(count: int, work: Callable[[int], object]) -> list[object]:
    """Run work(0..count-1) in threads (each with its own connection), all started together."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(n: int) -> None:
        try:
            barrier.wait()
            results[n] = work(n)
        except Refused as exc:  # the loser's refusal is a result too
            results[n] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
