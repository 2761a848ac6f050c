"""No page asks the database more often when an assessment has more respondents."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, Respondent
from assessments.services import ensure_user, save_answers
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PAGES = {
    "detail": lambda pk: reverse("assessments:detail", args=[pk]),
    "questionnaire": lambda pk: reverse("assessments:questionnaire_page", args=[pk, 2]),
    "results": lambda pk: reverse("reports:results", args=[pk]),
    "report_preview": lambda pk: reverse("reports:report_preview", args=[pk]),
}


def _add_respondents(assessment: Assessment, count: int) -> None:
    for n in range(count):
        user = ensure_user(username=f"r{assessment.pk}-{n}", password="pw")
        respondent = Respondent.objects.create(assessment=assessment, user=user, role="it")
        value = str(1 + n % 5)
        answers = {
            "culture": {"value": value, "comment": f"note {n}"},
            "ecosystem": {"value": "na"},
        }
        save_answers(respondent=respondent, answers=answers)


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _autosave_queries(client: Any, assessment: Assessment) -> int:
    url = reverse("assessments:save_answer", args=[assessment.pk, 2, "culture"])
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {"culture-value": "2"}, headers={"hx-request": "true"})
    assert response.status_code == 200
    return len(captured)


def test_pages_ask_as_often_with_one_respondent_as_with_fifty(
    gartner_assessment: Assessment, people: dict[str, Any], acme: Any
) -> None:
    from assessments.services import create_assessment

    big = create_assessment(
        by=people["manager"],
        organization=acme,
        framework=gartner_assessment.framework,
        title="Large",
    )
    _add_respondents(gartner_assessment, 1)
    _add_respondents(big, 50)
    client = client_for(people["manager"])
    for name, url in PAGES.items():
        # Once first, so that what a first view caches (definitions) does not count.
        client.get(url(gartner_assessment.pk))
        client.get(url(big.pk))
        small_count = _queries(client, url(gartner_assessment.pk))
        big_count = _queries(client, url(big.pk))
        assert big_count == small_count, name
    assert _autosave_queries(client, big) == _autosave_queries(client, gartner_assessment)
