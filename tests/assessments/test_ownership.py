"""Access follows membership: an owner who leaves loses it; ownership can be handed over."""

from typing import Any

import pytest
from django.urls import reverse

from assessments.models import Assessment, Membership, StateChange
from assessments.selectors import visible_assessments
from assessments.services import Refused, submit_assessment, transfer_ownership
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PAGES = ("detail", "questionnaire", "results", "report_pdf", "report_preview")


def page(name: str, assessment: Assessment) -> str:
    app = "assessments" if name in ("detail", "questionnaire") else "reports"
    return reverse(f"{app}:{name}", args=[assessment.pk])


def statuses(user: Any, assessment: Assessment) -> dict[str, int]:
    client = client_for(user)
    return {name: client.get(page(name, assessment)).status_code for name in PAGES}


def leave(user: Any, assessment: Assessment) -> None:
    Membership.objects.filter(user=user, organization=assessment.organization).delete()


@pytest.fixture
def mias(everyone: dict[str, Any], gartner_assessment: Assessment) -> Assessment:
    """The assessment handed by the manager to Mia, a plain member who does not answer it."""
    return transfer_ownership(
        assessment=gartner_assessment, by=everyone["manager"], to=everyone["member"]
    )


def test_a_member_who_owns_an_assessment_manages_it(
    everyone: dict[str, Any], mias: Assessment
) -> None:
    response = client_for(everyone["member"]).get(page("detail", mias))
    assert response.status_code == 200
    assert "Hand over" in response.content.decode()
    assert client_for(everyone["member"]).get(page("results", mias)).status_code == 200


def test_an_owner_removed_from_the_organisation_gets_not_found_everywhere(
    everyone: dict[str, Any], mias: Assessment
) -> None:
    leave(everyone["member"], mias)
    assert statuses(everyone["member"], mias) == dict.fromkeys(PAGES, 404)
    assert not visible_assessments(everyone["member"]).exists()


def test_an_owner_who_left_but_answers_it_keeps_only_a_respondents_access(
    everyone: dict[str, Any], gartner_assessment: Assessment
) -> None:
    owner = everyone["manager"]  # the creator, who answers too
    leave(owner, gartner_assessment)
    got = statuses(owner, gartner_assessment)
    assert got == {
        "detail": 200,
        "questionnaire": 200,
        "results": 403,
        "report_pdf": 403,
        "report_preview": 403,
    }
    detail = client_for(owner).get(page("detail", gartner_assessment)).content.decode()
    assert "Hand over" not in detail and "Submit the assessment" not in detail
    submit_assessment(assessment=gartner_assessment, by=everyone["consultant"])
    assert client_for(owner).get(page("results", gartner_assessment)).status_code == 200
    reopen = reverse("assessments:reopen", args=[gartner_assessment.pk])
    assert client_for(owner).get(reopen).status_code == 403


def test_an_owner_who_is_a_consultant_of_the_client_keeps_access(
    everyone: dict[str, Any], gartner_assessment: Assessment
) -> None:
    Assessment.objects.filter(pk=gartner_assessment.pk).update(owner=everyone["consultant"])
    submit_assessment(assessment=gartner_assessment, by=everyone["consultant"])
    reopen = reverse("assessments:reopen", args=[gartner_assessment.pk])
    assert client_for(everyone["consultant"]).get(reopen).status_code == 200


def test_admins_keep_access_without_a_membership(
    everyone: dict[str, Any], mias: Assessment
) -> None:
    leave(everyone["member"], mias)
    got = statuses(everyone["admin"], mias)
    assert got == {name: 403 if name == "questionnaire" else 200 for name in PAGES}


@pytest.mark.parametrize("role", ["manager", "consultant", "admin"])
def test_whoever_manages_hands_over_and_the_history_shows_it(
    role: str, everyone: dict[str, Any], gartner_assessment: Assessment
) -> None:
    client = client_for(everyone[role])
    url = reverse("assessments:transfer", args=[gartner_assessment.pk])
    response = client.post(url, {"owner": everyone["member"].pk}, follow=True)
    gartner_assessment.refresh_from_db()
    assert gartner_assessment.owner == everyone["member"]
    html = response.content.decode()
    assert "Ownership handed over." in html
    assert f"{everyone[role].username}: Ownership passed from max to mia." in html
    change = StateChange.objects.filter(assessment=gartner_assessment).last()
    assert change is not None and change.from_status == change.to_status == "draft"


def test_a_member_who_owns_it_may_hand_it_on(everyone: dict[str, Any], mias: Assessment) -> None:
    url = reverse("assessments:transfer", args=[mias.pk])
    client_for(everyone["member"]).post(url, {"owner": everyone["manager"].pk})
    mias.refresh_from_db()
    assert mias.owner == everyone["manager"]


def test_handing_over_to_a_non_member_is_refused_with_a_message(
    everyone: dict[str, Any], gartner_assessment: Assessment
) -> None:
    url = reverse("assessments:transfer", args=[gartner_assessment.pk])
    client = client_for(everyone["manager"])
    response = client.post(url, {"owner": everyone["outsider"].pk}, follow=True)
    assert "Choose a member of the organisation." in response.content.decode()
    with pytest.raises(Refused, match=r"olga is not a member of Acme Devices\."):
        transfer_ownership(
            assessment=gartner_assessment, by=everyone["manager"], to=everyone["outsider"]
        )
    gartner_assessment.refresh_from_db()
    assert gartner_assessment.owner == everyone["manager"]
    assert not StateChange.objects.filter(reason__startswith="Ownership").exists()


def test_handing_over_to_the_owner_is_refused(
    everyone: dict[str, Any], gartner_assessment: Assessment
) -> None:
    with pytest.raises(Refused, match=r"max already owns this assessment\."):
        transfer_ownership(
            assessment=gartner_assessment, by=everyone["admin"], to=everyone["manager"]
        )


@pytest.mark.parametrize(
    ("role", "status"), [("member", 404), ("outsider", 404), ("respondent", 403)]
)
def test_those_who_do_not_manage_it_cannot_hand_it_over(
    role: str, status: int, everyone: dict[str, Any], gartner_assessment: Assessment
) -> None:
    url = reverse("assessments:transfer", args=[gartner_assessment.pk])
    response = client_for(everyone[role]).post(url, {"owner": everyone["member"].pk})
    assert response.status_code == status
    gartner_assessment.refresh_from_db()
    assert gartner_assessment.owner == everyone["manager"]
