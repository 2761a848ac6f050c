"""Submitting: at once when every question is answered, after a confirmation otherwise.

The Gartner model has 9 questions, one per subdimension."""

from typing import Any

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment, Respondent
from assessments.services import save_answers
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

KEYS = (
    "economic-model",
    "business-alignment",
    "ecosystem",
    "business-processes",
    "culture",
    "data-governance",
    "architecture",
    "technology-alignment",
    "technology-infrastructure",
)


def answer_first(assessment: Assessment, count: int) -> None:
    respondent = Respondent.objects.get(assessment=assessment, user=assessment.owner)
    save_answers(respondent=respondent, answers={key: {"value": "3"} for key in KEYS[:count]})


def post_submit(people: dict[str, Any], assessment: Assessment, **data: str) -> Any:
    url = reverse("assessments:submit", args=[assessment.pk])
    return client_for(people["manager"]).post(url, data)


def status(assessment: Assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).status


def test_open_questions_ask_for_confirmation_with_their_number(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    answer_first(gartner_assessment, 3)
    response = post_submit(people, gartner_assessment)
    page = response.content.decode()
    assert response.status_code == 200
    assert "6 questions are still open. Submit anyway?" in page
    assert '<input type="hidden" name="confirm" value="1">' in page
    assert ">Submit anyway</button>" in page
    detail = reverse("assessments:detail", args=[gartner_assessment.pk])
    assert f'href="{detail}">Back</a>' in page
    assert status(gartner_assessment) == "in_progress"


def test_one_open_question_is_named_in_the_singular(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    answer_first(gartner_assessment, 8)
    page = post_submit(people, gartner_assessment).content.decode()
    assert "1 question is still open. Submit anyway?" in page
    assert status(gartner_assessment) == "in_progress"


def test_submit_anyway_submits_with_open_questions(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    answer_first(gartner_assessment, 3)
    response = post_submit(people, gartner_assessment, confirm="1")
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:results", args=[gartner_assessment.pk])
    assert status(gartner_assessment) == "submitted"


def test_a_complete_assessment_submits_at_once(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    answer_first(gartner_assessment, 9)
    response = post_submit(people, gartner_assessment)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:results", args=[gartner_assessment.pk])
    assert status(gartner_assessment) == "submitted"


def test_a_confirmed_submission_locks_the_answers(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    post_submit(people, gartner_assessment, confirm="1")
    url = reverse("assessments:save_answer", args=[gartner_assessment.pk, 2, "culture"])
    response = client_for(people["manager"]).post(url, {"culture-value": "2"})
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_submitting_again_says_it_is_already_submitted(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    post_submit(people, gartner_assessment, confirm="1")
    response = post_submit(people, gartner_assessment)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:detail", args=[gartner_assessment.pk])
