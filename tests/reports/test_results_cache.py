"""A submitted assessment's results page is served from the cache; others never are."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import reopen_assessment, save_answers, submit_assessment
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def answer(assessment: Assessment, value: str) -> None:
    respondent = assessment.respondents.get(user=assessment.owner)
    save_answers(respondent=respondent, answers={"culture": {"value": value}})


def queries(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_submitted_page_is_rendered_once_then_served(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    answer(gartner_assessment, "3")
    submit_assessment(assessment=gartner_assessment, by=people["manager"])
    url = reverse("reports:results", args=[gartner_assessment.pk])
    client = client_for(people["consultant"])
    first_count, first = queries(client, url)
    assert "Level 3 – Defined" in first
    second_count, second = queries(client, url)
    assert second_count < first_count
    assert "Level 3 – Defined" in second and 'id="results-figures"' in second


def test_an_assessment_in_progress_shows_each_new_answer(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    url = reverse("reports:results", args=[gartner_assessment.pk])
    client = client_for(people["manager"])
    answer(gartner_assessment, "2")
    assert "Level 2 – Exploratory" in client.get(url).content.decode()
    answer(gartner_assessment, "4")
    assert "Level 4 – Integrated" in client.get(url).content.decode()


def test_reopening_and_resubmitting_shows_the_new_result(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    url = reverse("reports:results", args=[gartner_assessment.pk])
    client = client_for(people["manager"])
    answer(gartner_assessment, "2")
    submit_assessment(assessment=gartner_assessment, by=people["manager"])
    assert "Level 2 – Exploratory" in client.get(url).content.decode()
    reopen_assessment(assessment=gartner_assessment, by=people["manager"], reason="Plant 2")
    answer(gartner_assessment, "5")
    submit_assessment(assessment=gartner_assessment, by=people["manager"])
    assert "Level 5 – Optimizing" in client.get(url).content.decode()
