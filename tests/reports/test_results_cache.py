"""A submitted assessment's results page is served from the cache; others never are."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import reopen_assessment, save_answers, submit_assessment
from reports.results_page import results_page
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
    people: dict[str, Any], gartner_assessment: Assessment, monkeypatch: Any
) -> None:
    from reports import views

    built: list[int] = []

    def counted(assessment: Assessment) -> Any:
        built.append(assessment.pk)
        return results_page(assessment)

    monkeypatch.setattr(views, "results_page", counted)
    answer(gartner_assessment, "3")
    submit_assessment(assessment=gartner_assessment, by=people["manager"])
    url = reverse("reports:results", args=[gartner_assessment.pk])
    client = client_for(people["consultant"])
    _count, first = queries(client, url)
    assert "Level 3 – Defined" in first
    _count, second = queries(client, url)
    assert "Level 3 – Defined" in second and 'id="results-figures"' in second
    assert built == [gartner_assessment.pk]


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


def test_the_cached_page_follows_everything_it_shows_beside_the_result(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    from assessments.models import Organization

    answer(gartner_assessment, "3")
    submit_assessment(assessment=gartner_assessment, by=people["manager"])
    url = reverse("reports:results", args=[gartner_assessment.pk])
    client = client_for(people["manager"])
    assert "Acme Devices" in client.get(url).content.decode()
    Assessment.objects.filter(pk=gartner_assessment.pk).update(title="Renamed baseline")
    Organization.objects.update(name="Acme Group")
    page = client.get(url).content.decode()
    assert "Renamed baseline" in page and "Acme Group" in page
    german = client.get(url, headers={"accept-language": "de"}).content.decode()
    assert 'lang="de"' in german


def test_the_respondent_count_is_the_one_kept_at_submission(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    from assessments.models import Respondent

    answer(gartner_assessment, "3")
    submit_assessment(assessment=gartner_assessment, by=people["manager"])
    url = reverse("reports:results", args=[gartner_assessment.pk])
    assert "1 respondent" in client_for(people["manager"]).get(url).content.decode()
    # Answers added since (say, by an admin in the database) do not change the kept result.
    from assessments.models import Answer
    from maturity.models import Question

    late = Respondent.objects.create(assessment=gartner_assessment, user=people["member"])
    question = Question.objects.get(
        key="culture", subdimension__dimension__framework__slug="gartner-iot"
    )
    Answer.objects.create(respondent=late, question=question, value="1")
    from django.core.cache import cache

    cache.clear()
    assert "1 respondent" in client_for(people["manager"]).get(url).content.decode()
