"""Answers put through the API give exactly the result (AssessmentResult) and the rows that
the same answers give when posted on the questionnaire's pages, on both kinds of model."""

import json
from collections.abc import Iterator
from itertools import cycle
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from api.tokens import create_token
from assessments.models import ANSWER_FIELDS, Answer, Assessment, Respondent
from assessments.selectors import assessment_definition, assessment_result
from assessments.services import create_assessment
from maturity.models import Framework
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

Answers = dict[str, dict[str, str]]


def given(keys: list[str], values: Iterator[str], note: str) -> Answers:
    """An answer to every question, with a comment, an evidence link (given without its
    scheme, which the questionnaire adds) and a confidence on some."""
    confidences = cycle(["high", "", "low", "medium"])
    answers = {}
    for number, key in enumerate(keys):
        answer = {"value": next(values), "confidence": next(confidences)}
        if number % 3 == 0:
            answer |= {"comment": f"{note} {number}", "evidence_url": f"example.com/{key}"}
        answers[key] = answer
    return answers


def twin_assessments(
    slug: str, people: dict[str, Any], respondent: User
) -> tuple[Assessment, Assessment]:
    """Two assessments alike: the manager owns and answers both, the respondent answers both."""
    twins = []
    for title in ("Through the pages", "Through the API"):
        assessment = create_assessment(
            by=people["manager"],
            organization=people["manager"].memberships.get().organization,
            framework=Framework.objects.get(slug=slug),
            title=title,
            targets={"overall": 3},
        )
        Respondent.objects.create(assessment=assessment, user=respondent, role="ot")
        twins.append(assessment)
    return twins[0], twins[1]


def through_the_pages(assessment: Assessment, user: User, answers: Answers) -> None:
    """Each questionnaire page posted as a browser without JavaScript posts it."""
    client = client_for(user)
    for number, part in enumerate(assessment_definition(assessment).index.parts, 1):
        data = {
            f"{question.key}-{name}": value
            for question in part.questions
            for name, value in answers[question.key].items()
        }
        url = reverse("assessments:questionnaire_page", args=[assessment.pk, number])
        assert client.post(url, data).status_code == 302  # saved: on to the page again


def through_the_api(assessment: Assessment, user: User, answers: Answers) -> None:
    _token, raw = create_token(user=user, name="same", scope="write")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/assessments/{assessment.pk}/answers"
    response = client.put(url, json.dumps({"answers": answers}), content_type="application/json")
    assert response.status_code == 200, response.content


def saved(assessment: Assessment) -> dict[tuple[str, str], tuple[str, ...]]:
    rows = Answer.objects.filter(respondent__assessment=assessment)
    return {
        (str(row.respondent.user), row.question.key): tuple(
            getattr(row, name) for name in ANSWER_FIELDS
        )
        for row in rows.select_related("respondent__user", "question")
    }


@pytest.mark.parametrize(
    ("slug", "manager_values", "respondent_values"),
    [
        ("gartner-iot", ["3", "2", "4", "na", "1", "5"], ["2", "5", "3", "3"]),
        ("ptc-cpmm", ["yes", "partly", "yes", "no", "na"], ["yes", "no", "partly"]),
    ],
    ids=["continuous", "staged"],
)
def test_answers_put_through_the_api_score_as_the_questionnaires(
    slug: str,
    manager_values: list[str],
    respondent_values: list[str],
    everyone: dict[str, Any],
) -> None:
    pages, api = twin_assessments(slug, everyone, everyone["respondent"])
    keys = [q.key for q in assessment_definition(pages).questions()]
    for user, values in (("manager", manager_values), ("respondent", respondent_values)):
        answers = given(keys, cycle(values), note=user)
        through_the_pages(pages, everyone[user], answers)
        through_the_api(api, everyone[user], answers)

    assert saved(api) == saved(pages)
    assert len(saved(api)) == 2 * len(keys)
    assert saved(api)[("max", keys[0])][2] == f"https://example.com/{keys[0]}"
    result = assessment_result(api)
    assert result == assessment_result(pages)
    assert result.completion == 1
    assert result.respondents == 2
    assert result.overall.score is not None
