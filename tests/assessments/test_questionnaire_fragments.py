"""The questionnaire's cached fragments show each respondent their own, current answers."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Answer, Assessment, Membership, Respondent
from assessments.services import add_member, assign_consultant, save_answers
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def page_url(assessment: Assessment, page: int) -> str:
    return reverse("assessments:questionnaire_page", args=[assessment.pk, page])


def checked(page: str, key: str) -> list[str]:
    """The values checked for a question on a rendered page."""
    return re.findall(rf'name="{key}-value" id="[^"]+" value="([^"]*)" checked', page)


def test_two_respondents_see_their_own_answer_on_the_same_card(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    member = people["member"]
    Respondent.objects.create(assessment=gartner_assessment, user=member, role="it")
    for user, value in ((people["manager"], "3"), (member, "2")):
        respondent = gartner_assessment.respondents.get(user=user)
        save_answers(respondent=respondent, answers={"culture": {"value": value}})
    url = page_url(gartner_assessment, 2)
    assert checked(client_for(people["manager"]).get(url).content.decode(), "culture") == ["3"]
    assert checked(client_for(member).get(url).content.decode(), "culture") == ["2"]
    assert checked(client_for(people["manager"]).get(url).content.decode(), "culture") == ["3"]


def test_a_page_shown_again_after_an_autosave_shows_the_new_answer_and_progress(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    client = client_for(people["manager"])
    url = page_url(gartner_assessment, 2)
    before = client.get(url).content.decode()
    assert checked(before, "culture") == [""]
    assert '<span class="progress-count">0</span> / 9' in before
    save_url = reverse("assessments:save_answer", args=[gartner_assessment.pk, 2, "culture"])
    client.post(save_url, {"culture-value": "4", "culture-comment": "COE since May"})
    after = client.get(url).content.decode()
    assert checked(after, "culture") == ["4"]
    assert ">COE since May</textarea>" in after
    assert '<span class="progress-count">1</span> / 9' in after
    assert "1/3</span>" in after  # the step bar's count for this page


def test_a_tampered_answer_is_refused_and_shown_as_no_answer(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    response = client_for(people["manager"]).post(
        page_url(gartner_assessment, 2), {"culture-value": "9"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in page
    assert checked(page, "culture") == [""]
    assert not Answer.objects.exists()


def test_the_navigation_follows_a_change_of_role(people: dict[str, Any], acme: Any) -> None:
    member = people["member"]
    client = client_for(member)
    badge = re.compile(r'<span class="badge text-bg-light ms-1">(\w+)</span>')
    assert badge.findall(client.get(reverse("home")).content.decode()) == ["member"]
    add_member(user=member, organization=acme, role=Membership.Role.MANAGER)
    assert badge.findall(client.get(reverse("home")).content.decode()) == ["manager"]
    assign_consultant(user=member, organization=acme)
    assert badge.findall(client.get(reverse("home")).content.decode()) == ["consultant"]


def test_each_browser_of_a_user_signs_out_with_its_own_token(people: dict[str, Any]) -> None:
    browsers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for browser in browsers:
        browser.force_login(people["manager"])
        page = browser.get(reverse("home")).content.decode()  # the second gets the cached nav
        form = page[page.index(f'action="{reverse("logout")}"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token is not None
        response = browser.post(reverse("logout"), {"csrfmiddlewaretoken": token[1]})
        assert response.status_code == 302
