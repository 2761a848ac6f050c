"""E-mail goes out from a worker: the page that asks for it answers before it is sent."""

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Assessment, Invitation
from assessments.services import invite_respondent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_worker(settings: Any) -> None:
    """Tasks are stored, not run: as on a site whose worker has not got to them yet."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def queued() -> list[Any]:
    """The tasks the dummy backend has stored."""
    from django.tasks import task_backends
    from django.tasks.backends.dummy import DummyBackend

    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    return list(backend.results)


def link(token: str) -> str:
    return f"http://testserver/invitations/{token}/"


def test_an_invitation_is_being_sent_until_the_worker_sends_it(
    people: dict[str, Any], gartner_assessment: Assessment, no_worker: None
) -> None:
    invitation = invite_respondent(
        assessment=gartner_assessment, by=people["manager"], email="ivy@example.com",
        role="it", accept_url=link,
    )  # fmt: skip
    assert invitation.state == Invitation.State.SENDING
    assert mail.outbox == []

    [result] = queued()  # the queued task, as a worker would take it
    result.task.call(*result.args, **result.kwargs)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.SENT
    assert [m.to for m in mail.outbox] == [["ivy@example.com"]]
    assert link(invitation.token) in mail.outbox[0].body


def test_the_manager_is_told_the_invitation_is_on_its_way(
    people: dict[str, Any], gartner_assessment: Assessment, no_worker: None
) -> None:
    client = client_for(people["manager"])
    url = reverse("assessments:invite", args=[gartner_assessment.pk])
    response = client.post(url, {"email": "ivy@example.com", "role": "it"}, follow=True)
    assert "is being sent" in response.text
    assert "Being sent" in response.text


def test_a_password_reset_mail_is_queued_not_sent_in_the_request(
    people: dict[str, Any], no_worker: None
) -> None:
    user = people["manager"]
    user.email = "max@example.com"
    user.save()
    response = client_for(None).post(reverse("password_reset"), {"email": "max@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []
    [result] = queued()
    result.task.call(*result.args, **result.kwargs)
    assert [m.to for m in mail.outbox] == [["max@example.com"]]
    assert "/accounts/password/reset/" in mail.outbox[0].body
