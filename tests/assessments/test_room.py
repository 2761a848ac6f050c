"""The workshop in a room: timers that end voting everywhere, reveal after close, consensus
on every screen, removals, stable labels, and the workshop's trace on its assessment."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from assessments.models import Assessment, StateChange, Workshop, WorkshopItem
from assessments.selectors.history import described
from assessments.services import workshops as ws
from assessments.services.live import forget_local
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(gartner_assessment: Any, people: dict[str, Any]) -> Workshop:
    return ws.start_workshop(assessment=gartner_assessment, by=people["consultant"])


def phone(workshop: Workshop, address: str = "10.1.1.1", role: str = "it") -> Client:
    client = Client(REMOTE_ADDR=address)
    url = reverse("assessments:join_code", args=[workshop.code])
    assert client.post(url, {"name": "", "role": role}).status_code == 302
    return client


def vote(client: Client, workshop: Workshop, value: str, key: str = "culture") -> Any:
    url = reverse("assessments:vote", args=[workshop.code])
    return client.post(url, {"key": key, "value": value}, HTTP_HX_REQUEST="true")


def live(client: Client, workshop: Workshop) -> Any:
    return client.get(reverse("assessments:vote_live", args=[workshop.code]))


def run_out(workshop: Workshop) -> None:
    """The timer's end, reached: its deadline a moment ago."""
    past = timezone.now() - timedelta(seconds=1)
    WorkshopItem.objects.filter(workshop=workshop, state="voting").update(deadline=past)
    caches["shared"].clear()
    forget_local()  # as another server would see it: this process's copy is half a second old


def test_a_timer_that_runs_out_closes_the_item_on_the_next_poll(workshop: Workshop) -> None:
    alice, bob = phone(workshop), phone(workshop, "10.1.1.2")
    ws.open_item(workshop=workshop, key="culture", timer_seconds=5)
    page = live(alice, workshop).content.decode()
    assert 'data-timeup="vote-live"' in page and 'data-left="5"' in page
    assert vote(alice, workshop, "3").status_code == 200
    run_out(workshop)
    shown = live(alice, workshop).content.decode()
    assert "Voting on this item has closed." in shown
    assert "Your vote: 3 · " in shown
    assert "You did not vote on this item." in live(bob, workshop).content.decode()
    assert WorkshopItem.objects.get(workshop=workshop, question__key="culture").state == "closed"


def test_a_late_tap_is_refused_with_a_visible_message(workshop: Workshop) -> None:
    alice = phone(workshop)
    ws.open_item(workshop=workshop, key="culture", timer_seconds=5)
    run_out(workshop)
    response = vote(alice, workshop, "2")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert "voting on this item has closed" in response.content.decode()
    assert WorkshopItem.objects.get(workshop=workshop, question__key="culture").state == "closed"


def test_the_console_reloads_when_a_timer_ends_and_then_shows_the_closed_vote(
    everyone: dict[str, Any], workshop: Workshop
) -> None:
    consultant = client_for(everyone["consultant"])
    ws.open_item(workshop=workshop, key="culture", timer_seconds=5)
    page = consultant.get(reverse("assessments:console", args=[workshop.pk])).content.decode()
    assert 'data-timeup="console-live"' in page
    live_url = page.split('id="console-live"')[1].split('hx-get="')[1].split('"')[0]
    run_out(workshop)
    response = consultant.get(live_url.replace("&amp;", "&"))
    assert response["HX-Refresh"] == "true"
    page = consultant.get(reverse("assessments:console", args=[workshop.pk])).content.decode()
    assert "Voting is closed. Reveal the votes" in page


def test_reveal_is_a_step_after_close(workshop: Workshop) -> None:
    ws.open_item(workshop=workshop, key="culture")
    with pytest.raises(ws.Refused, match="Close voting before revealing"):
        ws.reveal_item(workshop=workshop, key="culture")
    ws.close_item(workshop=workshop, key="culture")
    assert ws.reveal_item(workshop=workshop, key="culture").state == "revealed"


def test_closing_early_asks_first_and_says_how_many_have_not_voted(
    everyone: dict[str, Any], workshop: Workshop
) -> None:
    alice, _bob, _cleo = (phone(workshop, f"10.1.1.{n}") for n in range(3))
    ws.open_item(workshop=workshop, key="culture")
    vote(alice, workshop, "2")
    consultant = client_for(everyone["consultant"])
    url = reverse("assessments:item_action", args=[workshop.pk, "culture", "close"])
    asked = consultant.post(url)
    assert asked.status_code == 200
    assert "2 people in the room have not voted yet." in asked.content.decode()
    assert WorkshopItem.objects.get(workshop=workshop, question__key="culture").state == "voting"
    consultant.post(url, {"confirm": "1"})
    assert WorkshopItem.objects.get(workshop=workshop, question__key="culture").state == "closed"


def test_the_agreed_answer_and_why_appear_on_phones(
    people: dict[str, Any], workshop: Workshop
) -> None:
    alice = phone(workshop)
    ws.open_item(workshop=workshop, key="culture")
    vote(alice, workshop, "2")
    ws.close_item(workshop=workshop, key="culture")
    ws.reveal_item(workshop=workshop, key="culture")
    ws.record_consensus(
        workshop=workshop, key="culture", value="3", rationale="A COE exists", by=people["manager"]
    )
    shown = live(alice, workshop).content.decode()
    assert "The group agreed:" in shown and "A COE exists" in shown
    assert "Your vote: 2 · " in shown


def test_a_statement_reveal_reads_in_answers(
    people: dict[str, Any], frameworks: None, acme: Any
) -> None:
    from assessments.selectors.workshops import console
    from assessments.services import create_assessment
    from maturity.models import Framework

    ptc = Framework.objects.get(slug="ptc-cpmm")
    assessment = create_assessment(
        by=people["manager"], organization=acme, framework=ptc, title="PTC room"
    )
    room = ws.start_workshop(assessment=assessment, by=people["manager"])
    first = room.items.order_by("position").select_related("question").first()
    assert first is not None
    key = first.question.key
    a, b = phone(room, "10.3.0.1"), phone(room, "10.3.0.2")
    ws.open_item(workshop=room, key=key)
    vote(a, room, "no", key)
    vote(b, room, "yes", key)
    ws.close_item(workshop=room, key=key)
    ws.reveal_item(workshop=room, key=key)
    current = console(Workshop.objects.get(pk=room.pk)).current
    assert current is not None
    assert current.median_words == "Partly"
    assert current.spread_words == "from No to Yes"
    assert [label for _v, label, _n in current.distribution][:3] == ["Yes", "Partly", "No"]


def test_a_removed_participants_phone_says_so_and_stops_polling(workshop: Workshop) -> None:
    alice = phone(workshop)
    participant = workshop.participants.get()
    ws.open_item(workshop=workshop, key="culture")
    ws.remove_participant(workshop=workshop, participant=participant)
    response = live(alice, workshop)
    assert response.status_code == 286  # htmx stops polling
    assert "You have been taken out of this workshop." in response.content.decode()
    refused = vote(alice, workshop, "2")
    assert refused.status_code == 400
    assert "taken you out" in refused.content.decode()


def test_anonymous_labels_stay_the_same_after_a_removal(
    everyone: dict[str, Any], workshop: Workshop
) -> None:
    for n in range(3):
        phone(workshop, f"10.4.0.{n}")
    second = workshop.participants.order_by("id")[1]
    ws.remove_participant(workshop=workshop, participant=second)
    page = client_for(everyone["consultant"]).get(
        reverse("assessments:console", args=[workshop.pk])
    )
    html = page.content.decode()
    assert "Participant 1" in html and "Participant 3" in html
    assert "Participant 2" not in html


def test_the_console_keeps_its_list_of_people_until_someone_joins_or_leaves(
    everyone: dict[str, Any], workshop: Workshop
) -> None:
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    facilitator = client_for(everyone["consultant"])
    url = reverse("assessments:console", args=[workshop.pk])
    first = phone(workshop, "10.6.0.1")
    assert "Participant 1" in facilitator.get(url).content.decode()
    phone(workshop, "10.6.0.2")
    assert "Participant 2" in facilitator.get(url).content.decode()
    ws.open_item(workshop=workshop, key="culture")
    assert vote(first, workshop, "3").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        html = facilitator.get(url).content.decode()
    assert "<strong>1</strong> of 2 voted" in html
    listing = 'ORDER BY "assessments_participant"."joined_at"'
    assert not [q for q in queries if listing in q["sql"]]  # the list was not read
    # Each button removes its own person through the list's one form.
    button = re.search(r'formaction="([^"]+)" aria-label="Remove participant 1"', html)
    assert button is not None
    assert facilitator.post(button.group(1)).status_code == 302
    html = facilitator.get(url).content.decode()
    assert "Participant 1" not in html and "Participant 2" in html


def test_most_contested_first_without_prior_answers_says_why(
    everyone: dict[str, Any], workshop: Workshop
) -> None:
    url = reverse("assessments:console", args=[workshop.pk]) + "?order=disagreement"
    html = client_for(everyone["consultant"]).get(url).content.decode()
    assert "Nobody answered ahead of the workshop" in html


def test_a_workshop_moves_its_assessment_on_and_leaves_a_trace(
    everyone: dict[str, Any], workshop: Workshop
) -> None:
    assessment = Assessment.objects.get(pk=workshop.assessment_id)
    assert assessment.status == "in_progress"
    phone(workshop, "10.5.0.1", role="it")
    phone(workshop, "10.5.0.2", role="ot")
    alice = phone(workshop, "10.5.0.3", role="it")
    ws.open_item(workshop=workshop, key="culture")
    vote(alice, workshop, "3")
    ws.close_item(workshop=workshop, key="culture")
    ws.record_consensus(
        workshop=workshop, key="culture", value="3", rationale="", by=everyone["consultant"]
    )
    ws.end_workshop(workshop=workshop, by=everyone["consultant"])
    entries = [described(change) for change in StateChange.objects.filter(assessment=assessment)]
    assert f"started workshop {workshop.code}" in entries
    assert f"ended workshop {workshop.code}: 3 participants, 1 agreed answer" in entries
    # Kept as events, not sentences: a German reader reads them in German.
    with translation.override("de"):
        german = [described(change) for change in StateChange.objects.filter(assessment=assessment)]
    assert f"Workshop {workshop.code} beendet: 3 Teilnehmende, 1 vereinbarte Antwort" in german
    page = client_for(everyone["manager"]).get(reverse("assessments:detail", args=[assessment.pk]))
    html = page.content.decode()
    assert f"Workshop {workshop.code}: 3 participants" in html
    assert "2 IT" in html and "1 OT" in html
    assert "1 / 9 agreed" in html
    assert "1 voted" in html


def test_a_vote_sent_twice_is_stored_once(workshop: Workshop) -> None:
    from assessments.models import Vote

    alice = phone(workshop)
    ws.open_item(workshop=workshop, key="culture")
    for _ in range(3):  # a phone retrying after a lost answer
        assert vote(alice, workshop, "4").status_code == 200
    assert list(Vote.objects.values_list("value", flat=True)) == ["4"]


def test_an_unchanged_poll_of_a_phone_that_voted_stays_304(workshop: Workshop) -> None:
    """Votes move the console's counter, not the phones': a room's votes do not make every
    phone render again."""
    alice, bob = phone(workshop), phone(workshop, "10.1.1.2")
    ws.open_item(workshop=workshop, key="culture")
    etag = live(alice, workshop)["ETag"]
    vote(bob, workshop, "2")
    url = reverse("assessments:vote_live", args=[workshop.code])
    assert alice.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
