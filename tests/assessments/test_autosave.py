"""Autosave never loses an answer silently: each field of a question is checked on its own,
the valid ones are saved, a refused one is named with its message, and the questionnaire
resumes at the first unanswered question."""

import re
from typing import Any

import pytest
from django.urls import reverse

from assessments.forms import AnswerForm
from assessments.models import Answer, Assessment, Respondent
from assessments.selectors import assessment_definition
from assessments.services import save_answers
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BAD_LINK = "sharepoint/arch-docs"


def save_url(assessment: Assessment, key: str = "culture", page: int = 2) -> str:
    return reverse("assessments:save_answer", args=[assessment.pk, page, key])


def page_url(assessment: Assessment, page: int) -> str:
    return reverse("assessments:questionnaire_page", args=[assessment.pk, page])


def owner(assessment: Assessment) -> Respondent:
    return assessment.respondents.get(user=assessment.owner)


def saved(key: str = "culture") -> dict[str, str]:
    fields = ("value", "comment", "evidence_url", "confidence")
    return dict(Answer.objects.filter(question__key=key).values(*fields)[0])


def field_message(body: str, key: str, field: str) -> str:
    """The message the response puts beside one field (its hx-swap-oob container)."""
    found = re.search(rf'id="{key}-{field}-error" hx-swap-oob="innerHTML">([^<]*)</div>', body)
    assert found, f"no container for {key}-{field}"
    return found.group(1)


def test_each_field_is_checked_on_its_own(gartner_assessment: Assessment) -> None:
    definition = assessment_definition(gartner_assessment)
    question = definition.index.question("culture")
    assert question is not None
    data = {"culture-value": "3", "culture-evidence_url": BAD_LINK, "culture-confidence": "odd"}
    valid, errors = AnswerForm(data, question=question, definition=definition).fields_and_errors()
    assert valid == {"value": "3", "comment": ""}
    assert errors == {
        "evidence_url": "Enter a valid URL.",
        "confidence": "Select a valid choice. odd is not one of the available choices.",
    }


def test_a_bad_evidence_link_is_refused_with_its_message_and_the_level_is_saved(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    response = client_for(people["manager"]).post(
        save_url(gartner_assessment),
        {
            "culture-value": "3",
            "culture-comment": "COE since May",
            "culture-evidence_url": BAD_LINK,
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert field_message(body, "culture", "evidence_url") == "Enter a valid URL."
    assert "Saved: Answer, Comment. Not saved: Evidence link (Enter a valid URL.)" in body
    assert saved() == {
        "value": "3",
        "comment": "COE since May",
        "evidence_url": "",
        "confidence": "",
    }
    assert '<span class="progress-count">1</span> / 9' in body  # the level counts as answered


def test_a_refused_link_keeps_the_link_saved_before(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    link = "https://wiki.example.com/coe"
    save_answers(respondent=owner(gartner_assessment), answers={"culture": {"evidence_url": link}})
    client_for(people["manager"]).post(
        save_url(gartner_assessment), {"culture-value": "4", "culture-evidence_url": BAD_LINK}
    )
    assert (saved()["value"], saved()["evidence_url"]) == ("4", link)


def test_a_failed_save_returns_a_body_naming_the_field_and_a_retry_button(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    body = (
        client_for(people["manager"])
        .post(save_url(gartner_assessment), {"culture-evidence_url": BAD_LINK})
        .content.decode()
    )
    assert "Not saved: Evidence link (Enter a valid URL.)" in body
    assert "Saved:" not in body  # nothing given was saved
    assert 'class="btn btn-sm btn-outline-danger save-retry">Retry</button>' in body
    # The other fields' containers come back empty, clearing any earlier message.
    assert [field_message(body, "culture", f) for f in ("value", "comment", "confidence")] == [
        "",
        "",
        "",
    ]


def test_a_save_that_works_clears_the_field_messages(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    response = client_for(people["manager"]).post(
        save_url(gartner_assessment),
        {"culture-value": "2", "culture-evidence_url": "https://wiki.example.com/coe"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Saved ✓" in body and "Retry" not in body
    assert field_message(body, "culture", "evidence_url") == ""


def test_a_submitted_assessment_refuses_the_autosave_with_its_reason(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    client = client_for(people["manager"])
    client.post(reverse("assessments:submit", args=[gartner_assessment.pk]), {"confirm": "1"})
    response = client.post(save_url(gartner_assessment), {"culture-value": "2"})
    assert response.status_code == 400
    assert "Not saved: This assessment is submitted" in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.parametrize("page", [0, 4])
def test_a_page_past_the_end_saves_nothing_and_gives_404(
    people: dict[str, Any], gartner_assessment: Assessment, page: int
) -> None:
    response = client_for(people["manager"]).post(
        save_url(gartner_assessment, page=page), {"culture-value": "3"}
    )
    assert response.status_code == 404
    assert not Answer.objects.exists()
    gartner_assessment.refresh_from_db()
    assert gartner_assessment.status == "draft"


def test_the_no_javascript_page_save_keeps_valid_fields_and_shows_errors(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    response = client_for(people["manager"]).post(
        page_url(gartner_assessment, 2),
        {
            "business-processes-value": "2",
            "culture-value": "3",
            "culture-evidence_url": BAD_LINK,
            "save": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Saved, except the marked fields; please correct them." in page
    assert dict(Answer.objects.values_list("question__key", "value")) == {
        "business-processes": "2",
        "culture": "3",
    }
    assert saved()["evidence_url"] == ""
    # The link is shown again as typed, marked, with its message beside it.
    field = re.search(r'<input [^>]*id="culture-evidence_url"[^>]*>', page)
    assert field is not None
    assert f'value="{BAD_LINK}"' in field.group(0)
    assert 'aria-invalid="true" aria-describedby="culture-evidence_url-error"' in field.group(0)
    assert '<div class="field-error" id="culture-evidence_url-error">' in page
    assert ">Enter a valid URL.</div>" in page
    assert "<details open>" in page  # the link's details are open, so the message shows


def test_the_no_javascript_page_save_clears_an_answer_set_back_to_none(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    save_answers(respondent=owner(gartner_assessment), answers={"culture": {"value": "3"}})
    client_for(people["manager"]).post(page_url(gartner_assessment, 2), {"culture-value": ""})
    assert saved()["value"] == ""


def test_a_field_left_out_of_save_answers_keeps_its_saved_value(
    gartner_assessment: Assessment,
) -> None:
    respondent = owner(gartner_assessment)
    save_answers(respondent=respondent, answers={"culture": {"value": "2", "comment": "why"}})
    save_answers(respondent=respondent, answers={"culture": {"value": "3"}})
    assert saved() == {"value": "3", "comment": "why", "evidence_url": "", "confidence": ""}


def _answer(assessment: Assessment, keys: list[str], value: str = "2") -> None:
    save_answers(respondent=owner(assessment), answers={k: {"value": value} for k in keys})


def test_resume_goes_to_the_first_unanswered_question(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    _answer(gartner_assessment, ["economic-model", "business-alignment", "business-processes"])
    _answer(gartner_assessment, ["ecosystem"], value="na")  # not applicable counts as answered
    url = reverse("assessments:questionnaire", args=[gartner_assessment.pk])
    response = client_for(people["manager"]).get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Part 2 of 3: Organization" in page
    assert 'data-resume="question-culture"' in page
    assert f'action="{page_url(gartner_assessment, 2)}"' in page


def test_resume_before_any_answer_opens_page_one_at_its_instructions(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    url = reverse("assessments:questionnaire", args=[gartner_assessment.pk])
    page = client_for(people["manager"]).get(url).content.decode()
    assert "Part 1 of 3" in page and "data-resume" not in page


def test_resume_with_every_question_answered_opens_page_one(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    definition = assessment_definition(gartner_assessment)
    _answer(gartner_assessment, [q.key for part in definition.index.parts for q in part.questions])
    url = reverse("assessments:questionnaire", args=[gartner_assessment.pk])
    page = client_for(people["manager"]).get(url).content.decode()
    assert "Part 1 of 3" in page and "data-resume" not in page
