"""The assessment pages as a user meets them: create, answer (autosave and Save), submit."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, Assessment, Respondent
from maturity.models import Framework
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_manager_creates_an_assessment_pinned_to_the_version_and_lands_on_page_one(
    people: dict[str, Any], frameworks: None, acme: Any
) -> None:
    gartner = Framework.objects.get(slug="gartner-iot")
    response = client_for(people["manager"]).post(
        reverse("assessments:create"),
        {
            "title": "Spring review",
            "organization": acme.pk,
            "framework": gartner.pk,
            "target": 4,
            "role": "business",
        },
    )
    assessment = Assessment.objects.get(title="Spring review")
    assert response["Location"] == reverse("assessments:questionnaire", args=[assessment.pk])
    assert (assessment.framework, assessment.targets, assessment.status) == (
        gartner,
        {"overall": 4},
        "draft",
    )
    assert assessment.respondents.get().role == "business"


def test_a_target_above_the_top_level_re_renders_with_the_error(
    people: dict[str, Any], frameworks: None, acme: Any
) -> None:
    gartner = Framework.objects.get(slug="gartner-iot")
    response = client_for(people["manager"]).post(
        reverse("assessments:create"),
        {"title": "Too far", "organization": acme.pk, "framework": gartner.pk, "target": 6},
    )
    assert response.status_code == 200
    assert "This model has levels 1 to 5." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_manager_cannot_create_for_another_organisation(
    people: dict[str, Any], frameworks: None
) -> None:
    from assessments.models import Organization

    other = Organization.objects.create(name="Other", key="other")
    gartner = Framework.objects.get(slug="gartner-iot")
    response = client_for(people["manager"]).post(
        reverse("assessments:create"),
        {"title": "Sneaky", "organization": other.pk, "framework": gartner.pk},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Assessment.objects.exists()


def page_url(assessment: Assessment, page: int) -> str:
    return reverse("assessments:questionnaire_page", args=[assessment.pk, page])


def test_the_gartner_questionnaire_has_a_page_per_dimension_with_rubric_cards(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    page = client_for(people["manager"]).get(page_url(gartner_assessment, 2)).content.decode()
    assert "Part 2 of 3: Organization" in page
    assert "COE and, executive champions and policies exist" in page
    assert page.count('name="culture-value"') == 7  # five levels, not applicable, no answer


def test_autosave_stores_the_answer_and_returns_the_new_progress(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    url = reverse("assessments:save_answer", args=[gartner_assessment.pk, 2, "culture"])
    response = client_for(people["manager"]).post(
        url,
        {
            "culture-value": "3",
            "culture-comment": "COE since May",
            "culture-evidence_url": "https://wiki.example.com/coe",
            "culture-confidence": "high",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Saved" in body
    assert "1 / 9" in body.replace("</span>", "")
    answer = Answer.objects.get()
    assert (answer.value, answer.comment, answer.confidence) == ("3", "COE since May", "high")


def test_the_save_button_saves_the_whole_page_without_javascript(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    client = client_for(people["manager"])
    data = {
        "economic-model-value": "2",
        "business-alignment-value": "na",
        "ecosystem-value": "",
        "next": "",
    }
    response = client.post(page_url(gartner_assessment, 1), data)
    assert response["Location"] == page_url(gartner_assessment, 2)
    assert dict(Answer.objects.values_list("question__key", "value")) == {
        "economic-model": "2",
        "business-alignment": "na",
    }
    resumed = client.get(page_url(gartner_assessment, 1)).content.decode()
    assert 'id="economic-model-2" value="2" checked' in resumed


def test_a_submitted_assessment_refuses_the_save_button_with_a_message(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    client = client_for(people["manager"])
    client.post(reverse("assessments:submit", args=[gartner_assessment.pk]), {"confirm": "1"})
    response = client.post(
        page_url(gartner_assessment, 1), {"economic-model-value": "2"}, follow=True
    )
    page = response.content.decode()
    assert "This assessment is submitted; answers can no longer change." in page
    assert not Answer.objects.exists()


def test_an_invitee_without_an_account_sets_a_password_and_joins(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    from django.core import mail

    client_for(people["manager"]).post(
        reverse("assessments:invite", args=[gartner_assessment.pk]),
        {"email": "nia@example.com", "role": "ot"},
    )
    link = next(line for line in mail.outbox[0].body.splitlines() if "/invitations/" in line)
    client = client_for(None)
    response = client.post(
        link.replace("http://testserver", ""),
        {"new_password1": "a-Long-pass-2026", "new_password2": "a-Long-pass-2026"},
    )
    assert response["Location"] == reverse(
        "assessments:questionnaire", args=[gartner_assessment.pk]
    )
    respondent = Respondent.objects.get(user__email="nia@example.com")
    assert respondent.role == "ot"


def questionnaire_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_questionnaire_queries_do_not_grow_with_questions_or_answers(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    from assessments.services import create_assessment, save_answers

    ptc = create_assessment(
        by=people["manager"],
        organization=gartner_assessment.organization,
        framework=Framework.objects.get(slug="ptc-cpmm"),
        title="PTC",
    )
    client = client_for(people["manager"])
    client.get(page_url(gartner_assessment, 1))  # warm the definition cache
    client.get(page_url(ptc, 1))
    small = questionnaire_queries(client, page_url(gartner_assessment, 1))  # 3 questions
    large = questionnaire_queries(client, page_url(ptc, 2))  # 5 questions
    respondent = gartner_assessment.respondents.get()
    save_answers(
        respondent=respondent,
        answers={k: {"value": "2"} for k in ("economic-model", "business-alignment", "ecosystem")},
    )
    answered = questionnaire_queries(client, page_url(gartner_assessment, 1))
    assert small == large == answered
