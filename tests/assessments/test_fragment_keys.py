"""Every cached fragment's key changes with every input the fragment shows.

The keys come from the objects that provide the fragments' data (`Questionnaire`,
`QuestionView`, `Navigation`); here each input is varied on its own and the keys compared,
then a page is rendered again to show that the cached copy follows.
"""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments.context_processors import Navigation
from assessments.models import Assessment
from assessments.selectors import Roles, assessment_definition, questionnaire
from assessments.services import save_answers
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

KEYS = ("top_key", "header_key", "cards_key", "buttons_key", "steps_key", "progress_key")


def _page(assessment: Assessment, number: int | None = 2, **kwargs: Any) -> Any:
    respondent = assessment.respondents.get(user=assessment.owner)
    respondent.assessment = assessment
    return questionnaire(assessment_definition(assessment), respondent, number, **kwargs)


def _keys(page: Any) -> dict[str, str]:
    keys = {name: getattr(page, name) for name in KEYS}
    keys.update({f"card:{v.question.key}": v.cache_key for v in page.questions})
    return keys


def _changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in before if before[name] != after.get(name)}


@pytest.fixture
def baseline(gartner_assessment: Assessment) -> dict[str, str]:
    translation.activate("en")
    return _keys(_page(gartner_assessment))


def test_each_part_of_an_answer_changes_only_its_card_and_the_counts(
    gartner_assessment: Assessment, baseline: dict[str, str]
) -> None:
    respondent = gartner_assessment.respondents.get(user=gartner_assessment.owner)
    fields = {"value": "3", "comment": "why", "evidence_url": "https://e.x", "confidence": "low"}
    given: dict[str, str] = {}
    previous = baseline
    for name, value in fields.items():
        given[name] = value
        save_answers(respondent=respondent, answers={"culture": dict(given)})
        keys = _keys(_page(gartner_assessment))
        counts = {"top_key", "steps_key", "progress_key"}
        expected = {"card:culture", "cards_key"} | (counts if name == "value" else set())
        assert _changed(previous, keys) == expected, name
        previous = keys


def test_an_error_shown_again_changes_the_card(
    gartner_assessment: Assessment, baseline: dict[str, str]
) -> None:
    posted = {"culture": {"value": "", "comment": "", "evidence_url": "x", "confidence": ""}}
    keys = _keys(_page(gartner_assessment, posted=posted))
    assert _changed(baseline, keys) == {"card:culture", "cards_key"}


@pytest.mark.parametrize("field", ["value", "comment", "evidence_url", "confidence"])
def test_each_fields_message_changes_only_its_card(
    gartner_assessment: Assessment, baseline: dict[str, str], field: str
) -> None:
    """A page shown again after its Save refused a field shows that field's message beside
    it: the same posted values with another message must not share a cached card."""
    given = {"value": "", "comment": "", "evidence_url": "", "confidence": ""}
    one = _keys(_page(gartner_assessment, posted={"culture": {**given, f"{field}_error": "A"}}))
    two = _keys(_page(gartner_assessment, posted={"culture": {**given, f"{field}_error": "B"}}))
    assert _changed(baseline, one) == {"card:culture", "cards_key"}
    assert _changed(one, two) == {"card:culture", "cards_key"}


def test_a_refused_field_shows_from_the_cache_with_its_own_message(
    gartner_assessment: Assessment, people: dict[str, Any]
) -> None:
    client = client_for(people["manager"])
    url = reverse("assessments:questionnaire_page", args=[gartner_assessment.pk, 2])
    bad = {"culture-evidence_url": "not a link", "culture-confidence": "sure"}
    first = client.post(url, bad).content.decode()
    again = client.post(url, bad).content.decode()  # the card now comes from the cache
    other = client.post(url, {"culture-evidence_url": "not a link"}).content.decode()
    message = "Select a valid choice. sure is not one of the available choices."
    assert message in first and message in again
    assert message not in other and "Enter a valid URL." in other


def test_resuming_shows_the_page_from_the_same_cached_fragments(
    gartner_assessment: Assessment, baseline: dict[str, str]
) -> None:
    resumed = _page(gartner_assessment, None)
    assert resumed.page.number == 1
    assert _keys(resumed) == _keys(_page(gartner_assessment, 1))


def test_a_page_that_cannot_be_answered_changes_every_key_but_the_progress_bar(
    gartner_assessment: Assessment, baseline: dict[str, str]
) -> None:
    keys = _keys(_page(gartner_assessment, answerable=False))
    assert _changed(baseline, keys) == set(baseline) - {"progress_key"}


def _with_language(language: str, build: Any) -> Any:
    with translation.override(language):
        return build()


def test_the_language_changes_the_progress_bar_too(
    gartner_assessment: Assessment, baseline: dict[str, str]
) -> None:
    keys = _with_language("de", lambda: _keys(_page(gartner_assessment)))
    assert _changed(baseline, keys) == set(baseline)


def test_another_page_or_title_changes_the_header(
    gartner_assessment: Assessment, baseline: dict[str, str]
) -> None:
    assert _keys(_page(gartner_assessment, 3))["header_key"] != baseline["header_key"]
    gartner_assessment.title = "Renamed"
    assert _keys(_page(gartner_assessment))["header_key"] != baseline["header_key"]


def test_the_same_question_on_two_assessments_has_two_keys(
    gartner_assessment: Assessment, people: dict[str, Any], acme: Any
) -> None:
    from assessments.services import create_assessment

    other = create_assessment(
        by=people["manager"],
        organization=acme,
        framework=gartner_assessment.framework,
        title=gartner_assessment.title,
    )
    one, two = _keys(_page(gartner_assessment)), _keys(_page(other))
    assert not {k for k in one if one[k] == two[k]} - {"progress_key"}


def test_a_renamed_assessment_shows_its_new_title_from_the_cache(
    gartner_assessment: Assessment, people: dict[str, Any]
) -> None:
    client = client_for(people["manager"])
    url = reverse("assessments:questionnaire_page", args=[gartner_assessment.pk, 2])
    assert "Baseline" in client.get(url).content.decode()
    Assessment.objects.filter(pk=gartner_assessment.pk).update(title="Second look")
    page = client.get(url).content.decode()
    assert "Second look" in page and "Baseline" not in page


def test_the_questionnaire_in_german_is_not_served_from_the_english_cache(
    gartner_assessment: Assessment, people: dict[str, Any]
) -> None:
    url = reverse("assessments:questionnaire_page", args=[gartner_assessment.pk, 2])
    client = client_for(people["manager"])
    english = client.get(url).content.decode()
    german = client.get(url, headers={"accept-language": "de"}).content.decode()
    assert 'lang="en"' in english
    assert 'lang="de"' in german


def test_the_navigation_key_changes_with_everything_it_shows(people: dict[str, Any]) -> None:
    manager = people["manager"]
    base = Navigation(manager, Roles(manager=True, member=True), "/a/")
    translation.activate("en")
    keys = {
        base.cache_key,
        Navigation(manager, Roles(member=True), "/a/").cache_key,
        Navigation(manager, Roles(manager=True, member=True), "/b/").cache_key,
        Navigation(people["member"], Roles(manager=True, member=True), "/a/").cache_key,
        _with_language("de", lambda: base.cache_key),
    }
    manager.first_name = "Max"
    keys.add(base.cache_key)
    manager.username = "maxi"
    keys.add(base.cache_key)
    assert len(keys) == 7
    assert Navigation(AnonymousUser(), Roles(), "/a/").cache_key not in keys


def test_a_role_change_shows_in_the_cached_navigation(people: dict[str, Any]) -> None:
    from assessments.services import assign_consultant

    consultant = people["member"]
    client: Client = client_for(consultant)
    assert "consultant" not in client.get(reverse("home")).content.decode()
    from django.contrib.auth.models import Group

    from assessments.models import CONSULTANTS_GROUP, Organization

    Group.objects.get_or_create(name=CONSULTANTS_GROUP)[0].user_set.add(consultant)
    assign_consultant(user=consultant, organization=Organization.objects.get())
    assert "consultant" in client.get(reverse("home")).content.decode()
