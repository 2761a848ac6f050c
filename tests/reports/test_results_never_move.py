"""DESIGN rule 13: a submitted assessment's report and results page stay as they were at
submission, whatever happens to the people or the framework afterwards."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.urls import reverse

from assessments.models import Answer, Assessment, Participant
from assessments.selectors import contributions, contributors
from assessments.services import Refused, reopen_assessment, submit_assessment
from assessments.services import workshops as ws
from assessments.services.joining import join_workshop
from maturity.selectors import forget_parsed_definitions
from maturity.services import retire_framework
from reports import pdf
from tests.conftest import client_for
from tests.reports.test_pdf import WORKED, add_respondent, answer, owner_respondent

pytestmark = pytest.mark.django_db

RHEA_ANSWERS = dict.fromkeys(WORKED, "4")


@pytest.fixture
def rhea(gartner_assessment: Assessment) -> User:
    """A second respondent (IT) with a full name, answering higher than the owner."""
    respondent = add_respondent(gartner_assessment, "rhea", "it")
    user = respondent.user
    assert user is not None
    user.first_name, user.last_name = "Rhea", "Stone"
    user.save()
    answer(respondent, RHEA_ANSWERS, comment="Rhea says so")
    return user


@pytest.fixture
def submitted(gartner_assessment: Assessment, rhea: User, people: dict[str, Any]) -> Assessment:
    """Two respondents and one workshop voter, workshop ended, then submitted."""
    answer(owner_respondent(gartner_assessment), WORKED)
    workshop = ws.start_workshop(assessment=gartner_assessment, by=people["consultant"])
    wes = join_workshop(workshop=workshop, name="Wes", role="ot", address="10.0.0.9")
    ws.open_item(workshop=workshop, key="culture")
    ws.cast_vote(participant_id=wes.pk, workshop_id=workshop.pk, key="culture", value="1")
    ws.end_workshop(workshop=workshop)
    return submit_assessment(assessment=gartner_assessment, by=people["manager"])


def _forget_caches() -> None:
    """So that "after" is rendered afresh, never served from what "before" cached."""
    caches["default"].clear()
    caches["template_fragments"].clear()
    forget_parsed_definitions()


def report_html(assessment: Assessment) -> str:
    _forget_caches()
    html, _report = pdf.report_document(Assessment.objects.get(pk=assessment.pk), mode="preview")
    return html


def results_html(assessment: Assessment, reader: User) -> str:
    _forget_caches()
    response = client_for(reader).get(reverse("reports:results", args=[assessment.pk]))
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def cover_people(html: str) -> list[str]:
    listed = re.search(r'<ul class="participants">(.*?)</ul>', html, re.S)
    assert listed is not None
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", listed[1])]


def assert_unmoved(assessment: Assessment, reader: User, change: Callable[[], object]) -> None:
    report, results = report_html(assessment), results_html(assessment, reader)
    change()
    assert report_html(assessment) == report
    assert results_html(assessment, reader) == results
    assert "3 respondents" in report
    # The workshop is anonymous unless its facilitator names it, so Wes is counted, unnamed.
    assert cover_people(report) == ["max", "Rhea Stone · IT"]
    assert "and 1 workshop participant without a name" in report


def test_deleting_a_respondent_after_submission_moves_nothing(
    submitted: Assessment, rhea: User, people: dict[str, Any]
) -> None:
    assert_unmoved(submitted, people["manager"], rhea.delete)
    assert Answer.objects.filter(respondent__assessment=submitted, respondent__user=None).count()


def test_deactivating_a_respondent_moves_nothing(
    submitted: Assessment, rhea: User, people: dict[str, Any]
) -> None:
    def deactivate() -> None:
        rhea.is_active = False
        rhea.save()

    assert_unmoved(submitted, people["manager"], deactivate)


def test_removing_a_participant_after_the_end_is_refused_and_moves_nothing(
    submitted: Assessment, people: dict[str, Any]
) -> None:
    wes = Participant.objects.get(workshop__assessment=submitted)

    def try_to_remove() -> None:
        with pytest.raises(Refused, match="submitted"):
            ws.remove_participant(workshop=wes.workshop, participant=wes)

    assert_unmoved(submitted, people["manager"], try_to_remove)
    assert wes.votes.count() == 1


def test_retiring_the_framework_version_moves_nothing(
    submitted: Assessment, people: dict[str, Any]
) -> None:
    assert_unmoved(
        submitted, people["manager"], lambda: retire_framework(framework=submitted.framework)
    )


def test_the_console_says_why_a_participant_stays_after_the_end(
    gartner_assessment: Assessment, people: dict[str, Any]
) -> None:
    workshop = ws.start_workshop(assessment=gartner_assessment, by=people["consultant"])
    wes = join_workshop(workshop=workshop, name="Wes", role="ot", address="10.0.0.9")
    ws.end_workshop(workshop=workshop)
    url = reverse("assessments:remove_participant", args=[workshop.pk, wes.pk])
    response = client_for(people["consultant"]).post(url, follow=True)
    assert response.status_code == 200
    assert "The workshop has ended; its participants can no longer change." in [
        str(m) for m in response.context["messages"]
    ]
    assert not Participant.objects.get(pk=wes.pk).removed


def test_deleting_a_user_keeps_their_answers_in_an_open_assessment(
    gartner_assessment: Assessment, rhea: User, people: dict[str, Any]
) -> None:
    before = submit_assessment(assessment=gartner_assessment, by=people["manager"])
    result_before = before.result_snapshot
    reopened = reopen_assessment(assessment=before, by=people["manager"], reason="one more")
    assert reopened.contributions_snapshot is None and reopened.result_snapshot is None
    rhea.delete()
    assert Answer.objects.filter(respondent__assessment=gartner_assessment).count() == 9
    assert [(c.name, c.role) for c in contributors(reopened)] == [
        ("max", ""),
        ("former user", "it"),
    ]
    kept = [c for c in contributions(reopened) if c.contributor.name == "former user"]
    assert len(kept) == 9 and {c.comment for c in kept} == {"Rhea says so"}
    again = submit_assessment(assessment=reopened, by=people["manager"])
    assert again.result_snapshot == result_before
    page = client_for(people["manager"]).get(
        reverse("assessments:detail", args=[gartner_assessment.pk])
    )
    assert "<td>former user</td>" in page.content.decode()


def test_names_kept_at_submission_are_hidden_if_the_assessment_turns_anonymous(
    submitted: Assessment,
) -> None:
    assert [c.name for c in contributors(submitted)] == ["max", "Rhea Stone", None]
    Assessment.objects.filter(pk=submitted.pk).update(anonymous=True)
    hidden = Assessment.objects.get(pk=submitted.pk)
    assert [(c.name, c.role) for c in contributors(hidden)] == [
        (None, ""),
        (None, "it"),
        (None, "ot"),
    ]
    assert {c.contributor.name for c in contributions(hidden)} == {None}
