"""Joining a workshop: no oracle, misses counted (hits never), caps, addresses read safely."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Participant, Workshop
from assessments.services import workshops as ws
from assessments.services.joining import JOIN_ATTEMPTS, JOIN_BLOCK, misses

pytestmark = pytest.mark.django_db
MISSING = "ZZZZZZ"


@pytest.fixture
def workshop(gartner_assessment: Any, people: dict[str, Any]) -> Workshop:
    return ws.start_workshop(assessment=gartner_assessment, by=people["consultant"])


def join_page(client: Client, code: str, **data: str) -> Any:
    url = reverse("assessments:join_code", args=[code])
    return client.post(url, {"role": "it", **data}) if data else client.get(url)


def as_shown(content: bytes, url: str) -> str:
    """The page without its CSRF tokens, its own URL replaced by a placeholder."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())
    return text.replace(f'name="next" value="{url}"', 'name="next" value="URL"')


def join(client: Client, code: str) -> Any:
    return join_page(client, code, name="")


@pytest.mark.parametrize("name", ["vote", "vote_live"])
def test_a_phone_page_answers_an_existing_and_a_missing_code_alike(
    workshop: Workshop, name: str
) -> None:
    existing_url = reverse(f"assessments:{name}", args=[workshop.code])
    missing_url = reverse(f"assessments:{name}", args=[MISSING])
    existing = Client(REMOTE_ADDR="10.0.0.5").get(existing_url)
    missing = Client(REMOTE_ADDR="10.0.0.6").get(missing_url)
    assert existing.status_code == missing.status_code == 404
    # Alike but for what the language switcher carries: a new CSRF token on every page, and
    # the page's own URL to come back to, which the visitor typed.
    assert as_shown(existing.content, existing_url) == as_shown(missing.content, missing_url)
    # The missing code counted as a miss, the right one did not.
    assert (misses("10.0.0.5"), misses("10.0.0.6")) == (0, 1)


def test_every_code_taking_page_counts_a_miss_the_same_way(workshop: Workshop) -> None:
    client = Client(REMOTE_ADDR="10.0.0.7")
    join_page(client, MISSING)
    client.get(reverse("assessments:vote", args=[MISSING]))
    client.get(reverse("assessments:vote_live", args=[MISSING]))
    client.post(reverse("assessments:vote", args=[MISSING]), {"key": "culture", "value": "2"})
    assert misses("10.0.0.7") == 4


def test_the_right_code_always_works_after_misses_from_the_same_address(
    workshop: Workshop,
) -> None:
    client = Client(REMOTE_ADDR="10.0.0.8")
    for _ in range(JOIN_ATTEMPTS * 3):
        join_page(client, MISSING)
    wrong = join_page(client, MISSING)
    assert wrong.status_code == 429
    assert "Too many wrong codes" in wrong.content.decode()
    # A whole room behind one venue network: each of them still gets in with the code.
    for n in range(5):
        response = join(Client(REMOTE_ADDR="10.0.0.8"), workshop.code)
        assert response.status_code == 302, n
    assert Participant.objects.filter(workshop=workshop).count() == 5


def test_guessing_far_past_any_rooms_typos_blocks_the_address(workshop: Workshop) -> None:
    from django.core.cache import caches

    caches["shared"].set("join-misses:10.0.0.9", JOIN_BLOCK, 600)
    blocked = join(Client(REMOTE_ADDR="10.0.0.9"), workshop.code)
    assert blocked.status_code == 429
    assert join(Client(REMOTE_ADDR="10.0.0.10"), workshop.code).status_code == 302


def test_people_already_in_the_room_keep_voting_when_their_network_is_blocked(
    workshop: Workshop,
) -> None:
    from django.core.cache import caches

    from assessments.services.live import forget_local

    phone = Client(REMOTE_ADDR="10.0.0.11")
    assert join(phone, workshop.code).status_code == 302
    ws.open_item(workshop=workshop, key="culture")
    caches["shared"].set("join-misses:10.0.0.11", JOIN_BLOCK, 600)  # someone guesses
    for forget in (False, True):  # on this server, and on one that never saw the code
        if forget:
            forget_local()
        vote = reverse("assessments:vote", args=[workshop.code])
        assert phone.get(vote).status_code == 200
        cast = phone.post(vote, {"key": "culture", "value": "3"}, HTTP_HX_REQUEST="true")
        assert cast.status_code == 200
    # Whoever has not joined from that network is refused, with the right code too.
    for code in (workshop.code, MISSING):
        refused = Client(REMOTE_ADDR="10.0.0.11").get(reverse("assessments:vote", args=[code]))
        assert refused.status_code == 429
    assert misses("10.0.0.11") == JOIN_BLOCK  # a served phone never counts a miss


@pytest.mark.parametrize("typed", ["{c}", "{l}", "{c3} {r3}", "{c3}-{r3}", " {l} "])
def test_codes_are_accepted_as_people_type_them(workshop: Workshop, typed: str) -> None:
    code = workshop.code
    text = typed.format(c=code, l=code.lower(), c3=code[:3], r3=code[3:])
    response = Client().post(reverse("assessments:join"), {"code": text})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:join_code", args=[code])
    typed_url = Client().get(reverse("assessments:join_code", args=[code.lower()]))
    assert typed_url["Location"] == reverse("assessments:join_code", args=[code])


def test_a_code_of_the_wrong_length_says_so(db: None) -> None:
    response = Client().post(reverse("assessments:join"), {"code": "8K8 CB"})
    assert response.status_code == 200
    assert "A code has 6 letters and digits; this has 5." in response.content.decode()


def test_an_ended_workshops_link_says_it_has_ended(workshop: Workshop) -> None:
    ws.end_workshop(workshop=workshop)
    response = join_page(Client(), workshop.code)
    assert response.status_code == 410
    assert "This workshop has ended." in response.content.decode()


def test_the_same_browser_joining_again_is_the_same_participant(workshop: Workshop) -> None:
    client = Client()
    assert join(client, workshop.code).status_code == 302
    again = join(client, workshop.code)
    assert again["Location"] == reverse("assessments:vote", args=[workshop.code])
    assert Participant.objects.filter(workshop=workshop).count() == 1


def test_a_full_workshop_refuses_the_next_person_in_words(workshop: Workshop) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(max_participants=2)
    for n in range(2):
        assert join(Client(REMOTE_ADDR=f"10.1.0.{n}"), workshop.code).status_code == 302
    refused = join(Client(REMOTE_ADDR="10.1.0.9"), workshop.code)
    assert refused.status_code == 200
    assert "This workshop is full (2 people)" in refused.content.decode()
    assert Participant.objects.filter(workshop=workshop).count() == 2


def test_joins_from_one_address_stop_at_the_facilitators_cap(workshop: Workshop) -> None:
    Workshop.objects.filter(pk=workshop.pk).update(max_per_address=2)
    for _ in range(2):
        assert join(Client(REMOTE_ADDR="10.2.0.1"), workshop.code).status_code == 302
    refused = join(Client(REMOTE_ADDR="10.2.0.1"), workshop.code)
    assert "2 people have joined from your network already" in refused.content.decode()
    assert join(Client(REMOTE_ADDR="10.2.0.2"), workshop.code).status_code == 302
    assert Participant.objects.filter(workshop=workshop).count() == 3
    # The address itself is not kept.
    assert not Participant.objects.filter(address_key__contains="10.2").exists()


def test_the_facilitator_sets_the_caps_when_starting(
    gartner_assessment: Any, people: dict[str, Any]
) -> None:
    from tests.conftest import client_for

    url = reverse("assessments:workshop_start", args=[gartner_assessment.pk])
    client = client_for(people["consultant"])
    bad = client.post(url, {"max_participants": "0"}, follow=True)
    assert "Most participants" in bad.content.decode()
    assert not Workshop.objects.exists()
    client.post(url, {"max_participants": "40", "max_per_address": "3"})
    workshop = Workshop.objects.get()
    assert (workshop.max_participants, workshop.max_per_address) == (40, 3)


@pytest.mark.parametrize(
    "forwarded", ["not-an-ip", "999.1.1.1", "", "a, b, c", "x" * 3000, "10.0.0.1, ::zz"]
)
def test_a_malformed_forwarded_address_neither_fails_nor_bypasses(
    workshop: Workshop, settings: Any, forwarded: str
) -> None:
    settings.TRUSTED_PROXIES = 1
    client = Client(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert join_page(client, MISSING).status_code == 404
    assert join(client, workshop.code).status_code == 302


def test_a_rotating_forged_address_does_not_escape_the_count(
    workshop: Workshop, settings: Any
) -> None:
    settings.TRUSTED_PROXIES = 1  # the proxy appends the address it saw: 203.0.113.5
    for n in range(JOIN_ATTEMPTS + 2):
        forged = f"198.51.100.{n}, 203.0.113.5"
        join_page(Client(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forged), MISSING)
    assert misses("203.0.113.5") == JOIN_ATTEMPTS + 2
    last = join_page(
        Client(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.5"),
        MISSING,
    )
    assert last.status_code == 429
