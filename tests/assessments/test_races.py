"""Two people pressing the same button at once: one wins, the other is told why, never a 500.

The deterministic tests let the other request land between the loser's access check and its
action (the window a real race uses); the PostgreSQL tests press at the same moment."""

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments.models import Assessment, StateChange
from assessments.services import reopen_assessment, submit_assessment
from assessments.services.assessments import Refused
from assessments.views import assessments as views
from tests.conftest import at_once, client_for, needs_postgresql


def changes(assessment: Assessment, to_status: str) -> int:
    return StateChange.objects.filter(assessment=assessment, to_status=to_status).count()


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def other_request_first(monkeypatch: pytest.MonkeyPatch, act: Any) -> None:
    """Run ``act`` right after the view has read the assessment and checked access."""
    real = views.assessment_for

    def raced(user: Any, pk: int) -> Any:
        found = real(user, pk)
        act(Assessment.objects.get(pk=pk))
        return found

    monkeypatch.setattr(views, "assessment_for", raced)


@pytest.mark.django_db
def test_the_loser_of_two_reopens_is_told_it_is_already_open(
    people: dict[str, Any], gartner_assessment: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = people["manager"]
    submit_assessment(assessment=gartner_assessment, by=manager)
    other_request_first(
        monkeypatch, lambda a: reopen_assessment(assessment=a, by=manager, reason="first")
    )
    url = reverse("assessments:reopen", args=[gartner_assessment.pk])
    response = client_for(manager).post(url, {"reason": "second"})
    assert response.status_code == 302
    assert messages_of(response) == ["Only a submitted assessment can be reopened."]
    assert changes(gartner_assessment, "reopened") == 1
    assert StateChange.objects.get(to_status="reopened").reason == "first"


@pytest.mark.django_db
def test_the_loser_of_two_submits_is_told_it_is_already_submitted(
    people: dict[str, Any], gartner_assessment: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = people["manager"]
    real = views._manage

    def raced(request: Any, pk: int) -> Any:
        found = real(request, pk)
        submit_assessment(assessment=Assessment.objects.get(pk=pk), by=manager)
        return found

    monkeypatch.setattr(views, "_manage", raced)
    url = reverse("assessments:submit", args=[gartner_assessment.pk])
    response = client_for(manager).post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert messages_of(response) == ["This assessment is already submitted."]
    assert changes(gartner_assessment, "submitted") == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_reopens_at_once_reopen_once(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    manager = people["manager"]
    submit_assessment(assessment=gartner_assessment, by=manager)

    def reopen(n: int) -> object:
        mine = Assessment.objects.get(pk=gartner_assessment.pk)
        return reopen_assessment(assessment=mine, by=manager, reason=f"reason {n}")

    results = at_once(2, reopen)
    assert sum(isinstance(result, Assessment) for result in results) == 1
    assert [str(r) for r in results if isinstance(r, Refused)] == [
        "Only a submitted assessment can be reopened."
    ]
    assert changes(gartner_assessment, "reopened") == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_submit_once(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    manager = people["manager"]

    def submit(n: int) -> object:
        mine = Assessment.objects.get(pk=gartner_assessment.pk)
        return submit_assessment(assessment=mine, by=manager)

    results = at_once(2, submit)
    assert sum(isinstance(result, Assessment) for result in results) == 1
    assert [str(r) for r in results if isinstance(r, Refused)] == [
        "This assessment is already submitted."
    ]
    assert changes(gartner_assessment, "submitted") == 1
