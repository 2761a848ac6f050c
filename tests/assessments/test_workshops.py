"""Live workshops: pacing, blind votes, consensus, and every refusal of bad input."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Consensus, Participant, Vote, Workshop
from assessments.selectors import assessment_result
from assessments.services import Refused, submit_assessment
from assessments.services import workshops as ws
from assessments.services.joining import join_workshop, workshop_by_code
from assessments.services.workshops import CODE_ALPHABET
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(gartner_assessment: Any, people: dict[str, Any]) -> Workshop:
    return ws.start_workshop(assessment=gartner_assessment, by=people["consultant"])


def join(
    workshop: Workshop, name: str = "", role: str = "", address: str = "10.0.0.1"
) -> Participant:
    found = workshop_by_code(code=workshop.code, address=address)
    return join_workshop(workshop=found, name=name, role=role, address=address)


def test_a_workshop_gets_a_six_character_code_without_look_alikes(workshop: Workshop) -> None:
    assert len(workshop.code) == 6
    assert set(workshop.code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)
    assert [i.question.key for i in workshop.items.all()][:3] == [
        "economic-model",
        "business-alignment",
        "ecosystem",
    ]


def test_only_one_workshop_runs_at_a_time_per_assessment(workshop: Workshop, people: dict) -> None:
    with pytest.raises(Refused, match="already running"):
        ws.start_workshop(assessment=workshop.assessment, by=people["consultant"])


def test_a_vote_can_change_until_the_item_closes(workshop: Workshop) -> None:
    participant = join(workshop)
    ws.open_item(workshop=workshop, key="culture")
    ws.cast_vote(participant_id=participant.pk, workshop_id=workshop.pk, key="culture", value="2")
    ws.cast_vote(participant_id=participant.pk, workshop_id=workshop.pk, key="culture", value="3")
    assert list(Vote.objects.values_list("value", flat=True)) == ["3"]
    ws.close_item(workshop=workshop, key="culture")
    with pytest.raises(Refused, match="Voting on this item is closed"):
        ws.cast_vote(
            participant_id=participant.pk, workshop_id=workshop.pk, key="culture", value="4"
        )
    assert list(Vote.objects.values_list("value", flat=True)) == ["3"]


def test_a_vote_on_an_item_not_open_is_refused(workshop: Workshop) -> None:
    participant = join(workshop)
    ws.open_item(workshop=workshop, key="culture")
    with pytest.raises(Refused, match="closed"):
        ws.cast_vote(
            participant_id=participant.pk, workshop_id=workshop.pk, key="ecosystem", value="2"
        )
    assert not Vote.objects.exists()


def test_a_vote_in_an_ended_workshop_is_refused(workshop: Workshop) -> None:
    participant = join(workshop)
    ws.open_item(workshop=workshop, key="culture")
    ws.end_workshop(workshop=workshop)
    workshop.refresh_from_db()  # as the next request reads it
    with pytest.raises(Refused, match="ended"):
        ws.cast_vote(
            participant_id=participant.pk, workshop_id=workshop.pk, key="culture", value="2"
        )
    assert not Vote.objects.exists()


def test_a_vote_for_another_workshop_is_refused(
    workshop: Workshop, people: dict, frameworks: None
) -> None:
    from assessments.services import create_assessment
    from maturity.models import Framework

    other_assessment = create_assessment(
        by=people["manager"],
        organization=workshop.assessment.organization,
        framework=Framework.objects.get(slug="gartner-iot"),
        title="Other",
    )
    other = ws.start_workshop(assessment=other_assessment, by=people["manager"])
    ws.open_item(workshop=other, key="culture")
    outsider = join(workshop)
    with pytest.raises(Refused, match="not a participant of this workshop"):
        ws.cast_vote(participant_id=outsider.pk, workshop_id=other.pk, key="culture", value="2")
    assert not Vote.objects.exists()


def test_a_vote_after_the_close_is_refused(workshop: Workshop) -> None:
    participant = join(workshop)
    ws.open_item(workshop=workshop, key="culture")
    ws.close_item(workshop=workshop, key="culture")
    with pytest.raises(Refused, match="Voting on this item is closed"):
        ws.cast_vote(
            participant_id=participant.pk, workshop_id=workshop.pk, key="culture", value="2"
        )
    assert not Vote.objects.exists()


def test_a_value_outside_the_options_is_refused(workshop: Workshop) -> None:
    participant = join(workshop)
    ws.open_item(workshop=workshop, key="culture")
    with pytest.raises(Refused, match="'yes' is not an answer"):
        ws.cast_vote(
            participant_id=participant.pk, workshop_id=workshop.pk, key="culture", value="yes"
        )


def test_an_anonymous_workshop_keeps_no_names(workshop: Workshop) -> None:
    assert join(workshop, name="Alice").name == ""


def test_consensus_needs_the_vote_closed_and_becomes_the_effective_answer(
    workshop: Workshop, people: dict
) -> None:
    a, b = join(workshop, role="it"), join(workshop, role="ot")
    ws.open_item(workshop=workshop, key="culture")
    with pytest.raises(Refused, match="Close or reveal"):
        ws.record_consensus(
            workshop=workshop, key="culture", value="3", rationale="", by=people["consultant"]
        )
    ws.cast_vote(participant_id=a.pk, workshop_id=workshop.pk, key="culture", value="2")
    ws.cast_vote(participant_id=b.pk, workshop_id=workshop.pk, key="culture", value="4")
    ws.close_item(workshop=workshop, key="culture")
    ws.reveal_item(workshop=workshop, key="culture")
    ws.record_consensus(
        workshop=workshop,
        key="culture",
        value="3",
        rationale="COE exists, no BoD yet",
        by=people["consultant"],
    )
    result = assessment_result(workshop.assessment)
    culture = next(q for q in result.questions if q.key == "culture")
    assert (culture.value, culture.consensus, culture.spread, culture.disagreement) == (
        3.0,
        True,
        2.0,
        True,
    )
    assert Consensus.objects.get().rationale == "COE exists, no BoD yet"
    assert {r.role for r in result.by_role} == {"it", "ot"}


def test_removing_a_participant_drops_their_votes(workshop: Workshop) -> None:
    a = join(workshop)
    ws.open_item(workshop=workshop, key="culture")
    ws.cast_vote(participant_id=a.pk, workshop_id=workshop.pk, key="culture", value="2")
    ws.remove_participant(workshop=workshop, participant=a)
    assert not Vote.objects.exists()
    with pytest.raises(Refused, match="taken you out"):
        ws.cast_vote(participant_id=a.pk, workshop_id=workshop.pk, key="culture", value="2")


def test_a_submitted_assessment_cannot_start_a_workshop(
    gartner_assessment: Any, people: dict
) -> None:
    submit_assessment(assessment=gartner_assessment, by=people["manager"])
    gartner_assessment.refresh_from_db()
    with pytest.raises(Refused, match="reopen it"):
        ws.start_workshop(assessment=gartner_assessment, by=people["manager"])


# --- over HTTP ---


def phone(workshop: Workshop, name: str = "") -> Client:
    client = Client(REMOTE_ADDR="10.1.1.1")
    response = client.post(
        reverse("assessments:join_code", args=[workshop.code]), {"name": name, "role": "it"}
    )
    assert response.status_code == 302
    return client


def test_an_unchanged_poll_is_304_and_a_change_renders(workshop: Workshop) -> None:
    client = phone(workshop)
    url = reverse("assessments:vote_live", args=[workshop.code])
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # The shared cache answers: no database query, no session read.
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(queries) == 0
    ws.open_item(workshop=workshop, key="culture")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "How strongly" in response.content.decode() or "culture" in response.content.decode()


def test_a_guessed_etag_tells_nothing(workshop: Workshop) -> None:
    url = reverse("assessments:vote_live", args=[workshop.code])
    guess = f'"phone-{workshop.pk}-{workshop.stage}"'
    assert Client().get(url, HTTP_IF_NONE_MATCH=guess).status_code == 404


def test_votes_stay_hidden_until_reveal(workshop: Workshop, people: dict) -> None:
    alice, bob = phone(workshop), phone(workshop)
    ws.open_item(workshop=workshop, key="culture")
    vote_url = reverse("assessments:vote", args=[workshop.code])
    alice.post(vote_url, {"key": "culture", "value": "2"})
    bob.post(vote_url, {"key": "culture", "value": "4"})
    assert Vote.objects.count() == 2
    console = client_for(people["consultant"])
    page = console.get(reverse("assessments:console", args=[workshop.pk])).content.decode()
    assert "How the room voted" not in bob.get(vote_url).content.decode()
    assert "distribution-console" not in page
    ws.close_item(workshop=workshop, key="culture")
    ws.reveal_item(workshop=workshop, key="culture")
    page = console.get(reverse("assessments:console", args=[workshop.pk])).content.decode()
    assert "distribution-console" in page and "Disagreement" in page
    assert "How the room voted" in bob.get(vote_url).content.decode()


def test_a_vote_over_http_on_a_closed_item_says_why_and_changes_nothing(workshop: Workshop) -> None:
    client = phone(workshop)
    ws.open_item(workshop=workshop, key="culture")
    ws.close_item(workshop=workshop, key="culture")
    response = client.post(
        reverse("assessments:vote", args=[workshop.code]),
        {"key": "culture", "value": "2"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "Voting on this item is closed." in response.content.decode()
    assert not Vote.objects.exists()


def test_the_phone_page_needs_a_join_first(workshop: Workshop) -> None:
    response = Client().get(reverse("assessments:vote", args=[workshop.code]))
    assert response.status_code == 404
    assert "You have not joined a workshop with this code." in response.content.decode()


def test_a_wrong_code_page_says_no_such_workshop(db: None) -> None:
    response = Client().get(reverse("assessments:join_code", args=["ABCDEF"]))
    assert response.status_code == 404
    assert "No such workshop" in response.content.decode()


def test_participant_pages_show_no_other_names_or_assessments(workshop: Workshop) -> None:
    named = join(workshop, name="Alice", address="1.2.3.4")
    ws.open_item(workshop=workshop, key="culture")
    ws.cast_vote(
        participant_id=named.pk, workshop_id=workshop.pk, key="culture", value="2", comment="ours"
    )
    ws.close_item(workshop=workshop, key="culture")
    ws.reveal_item(workshop=workshop, key="culture")
    page = phone(workshop).get(reverse("assessments:vote", args=[workshop.code])).content.decode()
    assert "Alice" not in page
    assert workshop.assessment.title not in page and "Acme" not in page


def test_the_console_is_for_the_assessment_managers_only(
    everyone: dict, workshop: Workshop
) -> None:
    url = reverse("assessments:console", args=[workshop.pk])
    statuses = {role: client_for(user).get(url).status_code for role, user in everyone.items()}
    assert statuses == {
        "anonymous": 302,
        "outsider": 404,
        "respondent": 403,
        "member": 404,
        "manager": 200,
        "consultant": 200,
        "other_consultant": 404,
        "admin": 200,
    }


def test_console_polls_need_the_token_of_a_console_page(everyone: dict, workshop: Workshop) -> None:
    from assessments.views.workshops import poll_token

    url = reverse("assessments:console_live", args=[workshop.pk])
    assert client_for(everyone["outsider"]).get(url).status_code == 403
    assert client_for(everyone["outsider"]).get(f"{url}?t=forged").status_code == 403
    page = client_for(everyone["consultant"]).get(
        reverse("assessments:console", args=[workshop.pk])
    )
    token = poll_token(workshop)
    html = page.content.decode()
    assert f"t={token}" in html
    etag = re.search(r'id="console-live"[^>]*data-etag="([^"]+)"', html)
    assert etag is not None
    unchanged = etag.group(1).replace("&quot;", '"')
    # With the page's token and ETag: 304, without the session or the database.
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(f"{url}?t={token}", HTTP_IF_NONE_MATCH=unchanged).status_code == 304
    assert len(queries) == 0
    ws.open_item(workshop=workshop, key="culture")  # a change: rendering checks access again
    assert Client().get(f"{url}?t={token}", HTTP_IF_NONE_MATCH=unchanged).status_code == 404


def test_ending_asks_first_and_says_what_is_not_agreed(everyone: dict, workshop: Workshop) -> None:
    join(workshop, name="Ada")
    ws.open_item(workshop=workshop, key="culture")
    response = client_for(everyone["consultant"]).post(
        reverse("assessments:workshop_end", args=[workshop.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "End the workshop?" in page
    assert "9 items have no agreed answer yet." in page
    assert "Voting on the current item closes now" in page
    assert f"The join code {workshop.code} stops working for the 1 participant" in page
    assert 'name="confirm" value="1"' in page
    workshop.refresh_from_db()
    assert workshop.status == "open"


def test_ending_takes_the_facilitator_to_the_results(everyone: dict, workshop: Workshop) -> None:
    response = client_for(everyone["consultant"]).post(
        reverse("assessments:workshop_end", args=[workshop.pk]), {"confirm": "1"}
    )
    assert response["Location"] == reverse("reports:results", args=[workshop.assessment_id])
    workshop.refresh_from_db()
    assert workshop.status == "ended"


def test_most_contested_first_orders_items_by_the_spread_of_answers_given_ahead(
    gartner_assessment: Any, people: dict[str, Any]
) -> None:
    from assessments.models import Respondent
    from assessments.selectors.workshops import console
    from assessments.services import save_answers

    owner = gartner_assessment.respondents.get(user=people["manager"])
    other = Respondent.objects.create(assessment=gartner_assessment, user=people["member"])
    save_answers(respondent=owner, answers={"culture": {"value": "1"}, "ecosystem": {"value": "2"}})
    save_answers(respondent=other, answers={"culture": {"value": "4"}, "ecosystem": {"value": "3"}})
    workshop = ws.start_workshop(assessment=gartner_assessment, by=people["consultant"])
    keys = [view.question.key for view in console(workshop, order="disagreement").items]
    assert keys[:2] == ["culture", "ecosystem"]
    assert keys[2:] == [
        k for k in (v.question.key for v in console(workshop).items) if k not in keys[:2]
    ]


@pytest.mark.parametrize("timer", ["4", "3601", "99999999999999999999", "²", "1.5", "-30"])
def test_a_timer_out_of_bounds_or_not_a_number_is_refused_with_words(
    everyone: dict, workshop: Workshop, timer: str
) -> None:
    client = client_for(everyone["consultant"])
    url = reverse("assessments:item_action", args=[workshop.pk, "culture", "open"])
    response = client.post(url, {"timer": timer}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "A timer runs from 5 to 3600 seconds." in text or "whole number of seconds" in text
    assert not workshop.items.filter(state="voting").exists()


def test_a_timer_within_bounds_sets_the_deadline(everyone: dict, workshop: Workshop) -> None:
    client = client_for(everyone["consultant"])
    url = reverse("assessments:item_action", args=[workshop.pk, "culture", "open"])
    client.post(url, {"timer": "60"})
    item = workshop.items.get(state="voting")
    assert item.deadline is not None


@pytest.mark.parametrize("known", ["²", "9" * 5000, "-1", "abc"])
def test_a_poll_with_any_version_text_is_answered(workshop: Workshop, known: str) -> None:
    client = phone(workshop)
    url = reverse("assessments:vote_live", args=[workshop.code])
    assert client.get(url, {"v": known}).status_code == 200
