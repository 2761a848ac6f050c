"""Autosave in a real browser: a refused field, a lost connection and arrow keys."""

import re
from typing import Any

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment
from assessments.services import create_assessment, save_answers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BAD_LINK = "sharepoint/arch-docs"
SAVE = "**/answer/2/culture/"
# What the browser and htmx log when a save fails on purpose here; anything else is a bug.
EXPECTED_ERRORS = re.compile(
    r"status of 400|Response Status Error Code 400|htmx:(sendError|afterRequest)|ERR_FAILED"
)


@pytest.fixture
def assessment(people: dict[str, Any], frameworks: None, acme: Any) -> Assessment:
    from maturity.models import Framework

    return create_assessment(
        by=people["manager"],
        organization=acme,
        framework=Framework.objects.get(slug="gartner-iot"),
        title="Autosave",
    )


def open_questionnaire(page: Any, base: str, assessment: Assessment, number: int | None) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("max")
    page.get_by_label("Password").fill("pw-manager")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    if number is None:
        page.goto(base + reverse("assessments:questionnaire", args=[assessment.pk]))
    else:
        page.goto(base + reverse("assessments:questionnaire_page", args=[assessment.pk, number]))


def culture() -> Answer | None:
    return Answer.objects.filter(question__key="culture").first()


def accepting(dialogs: list[str]) -> Any:
    """A dialog handler that notes each dialog's type and accepts it (leaves the page)."""

    def accept(dialog: Any) -> None:
        dialogs.append(dialog.type)
        dialog.accept()

    return accept


def unexpected_errors(page: Any) -> list[str]:
    return [error for error in page.js_errors if not EXPECTED_ERRORS.search(error)]


def test_a_bad_link_is_refused_beside_its_field_and_the_level_is_kept_over_a_reload(
    page: Any, live_server: Any, assessment: Assessment
) -> None:
    open_questionnaire(page, live_server.url, assessment, 2)
    page.locator("#question-culture summary").click()
    page.locator("#culture-evidence_url").fill(BAD_LINK)
    page.locator("label[for='culture-3']").click()
    status = page.locator("#status-culture")
    status.get_by_text("Saved: Answer. Not saved: Evidence link (Enter a valid URL.)").wait_for()
    assert status.get_attribute("role") == "alert"
    assert status.get_by_role("button", name="Retry").is_visible()
    link = page.locator("#culture-evidence_url")
    assert page.locator("#culture-evidence_url-error").inner_text() == "Enter a valid URL."
    assert link.get_attribute("aria-invalid") == "true"
    assert link.get_attribute("aria-describedby") == "culture-evidence_url-error"
    answer = culture()
    assert answer is not None and (answer.value, answer.evidence_url) == ("3", "")

    dialogs: list[str] = []
    page.once("dialog", accepting(dialogs))
    page.reload()  # a save failed: the page asks first
    assert dialogs == ["beforeunload"]
    assert page.locator("#culture-3").is_checked()
    # The refused link comes back from this tab's draft, is sent again and refused again.
    page.locator("#culture-evidence_url-error").get_by_text("Enter a valid URL.").wait_for()
    assert link.input_value() == BAD_LINK
    assert page.locator("#question-culture details").get_attribute("open") is not None
    assert unexpected_errors(page) == []


def test_a_lost_connection_is_shown_at_the_question_and_retry_saves(
    page: Any, live_server: Any, assessment: Assessment
) -> None:
    open_questionnaire(page, live_server.url, assessment, 2)
    page.route(SAVE, lambda route: route.abort())
    page.locator("label[for='culture-2']").click()
    status = page.locator("#status-culture")
    status.get_by_text("Not saved: no connection to the server.").wait_for()
    assert status.get_attribute("role") == "alert"
    assert culture() is None

    page.unroute(SAVE)
    status.get_by_role("button", name="Retry").click()
    status.get_by_text("Saved ✓").wait_for()
    assert status.get_attribute("role") == "status"
    answer = culture()
    assert answer is not None and answer.value == "2"
    assert page.evaluate("document.activeElement.id") == "culture-2"  # focus back on the answer

    dialogs: list[str] = []
    page.on("dialog", accepting(dialogs))
    page.reload()  # everything saved: no question asked
    assert dialogs == []
    assert unexpected_errors(page) == []


def test_arrow_keys_across_the_level_cards_send_one_save_once_settled(
    page: Any, live_server: Any, assessment: Assessment
) -> None:
    open_questionnaire(page, live_server.url, assessment, 2)
    saves: list[str] = []
    page.on("request", lambda r: saves.append(r.url) if r.method == "POST" else None)
    page.locator("#culture-1").focus()
    with page.expect_response(lambda response: "/culture/" in response.url):
        page.keyboard.press("Space")  # an explicit choice
    assert len(saves) == 1

    with page.expect_response(lambda response: "/culture/" in response.url):
        for _ in range(3):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(150)
    page.wait_for_timeout(1500)  # time for any late save to show up
    assert len(saves) == 2
    assert page.locator("#culture-4").is_checked()
    answer = culture()
    assert answer is not None and answer.value == "4"
    assert unexpected_errors(page) == []


def test_opening_the_questionnaire_focuses_the_first_unanswered_question(
    page: Any, live_server: Any, assessment: Assessment
) -> None:
    respondent = assessment.respondents.get()
    answers = {key: {"value": "2"} for key in ("economic-model", "business-alignment", "ecosystem")}
    save_answers(respondent=respondent, answers=answers)
    open_questionnaire(page, live_server.url, assessment, None)
    page.get_by_role("heading", name="Part 2 of 3: Organization").wait_for()
    focused = page.evaluate("document.activeElement.id")
    assert focused == "business-processes-1"
    assert unexpected_errors(page) == []
