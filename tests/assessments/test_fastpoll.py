"""An unchanged phone poll is answered at the WSGI entry, before Django; nothing else is."""

from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Workshop, WorkshopItem
from assessments.services import workshops as ws
from assessments.services.live import forget_local
from config.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(gartner_assessment: Any, people: dict[str, Any]) -> Workshop:
    return ws.start_workshop(assessment=gartner_assessment, by=people["consultant"])


def joined(workshop: Workshop) -> tuple[Client, str]:
    """A phone that joined, and the ETag of its live part."""
    client = Client()
    client.post(reverse("assessments:join_code", args=[workshop.code]), {"role": "it"})
    response = client.get(reverse("assessments:vote_live", args=[workshop.code]))
    return client, response["ETag"]


def call(path: str, etag: str = "", method: str = "GET") -> tuple[str, list[Any]]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.input": BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    if etag:
        environ["HTTP_IF_NONE_MATCH"] = etag
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[Any], *args: Any) -> None:
        seen["status"], seen["headers"] = status, headers

    # As Django's test client does: a request through the real handler must not close the
    # test's database connection at its end (request_finished -> close_old_connections).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = application(environ, start_response)
        b"".join(body)
        if hasattr(body, "close"):
            body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"]


def test_an_unchanged_phone_poll_is_304_before_django(workshop: Workshop) -> None:
    _client, etag = joined(workshop)
    status, headers = call(reverse("assessments:vote_live", args=[workshop.code]), etag)
    assert status == "304 Not Modified"
    assert ("ETag", etag) in headers
    assert not any(name == "Set-Cookie" for name, _value in headers)


def test_a_changed_workshop_goes_to_django(workshop: Workshop) -> None:
    _client, etag = joined(workshop)
    ws.open_item(workshop=workshop, key="culture")
    status, _headers = call(reverse("assessments:vote_live", args=[workshop.code]), etag)
    assert not status.startswith("304")


@pytest.mark.parametrize("etag", ['"phone-1-0000"', '"console-1-abc"', "garbage", '"phone-x-y"'])
def test_a_guessed_or_foreign_etag_goes_to_django(workshop: Workshop, etag: str) -> None:
    status, _headers = call(reverse("assessments:vote_live", args=[workshop.code]), etag)
    assert not status.startswith("304")


def test_only_the_phones_poll_is_answered_early(workshop: Workshop) -> None:
    _client, etag = joined(workshop)
    assert not call(reverse("assessments:vote", args=[workshop.code]), etag)[0].startswith("304")
    live = reverse("assessments:vote_live", args=[workshop.code])
    assert not call(live, etag, method="POST")[0].startswith("304")


def test_a_timer_past_its_end_goes_to_django_which_closes_it(workshop: Workshop) -> None:
    client, _etag = joined(workshop)
    ws.open_item(workshop=workshop, key="culture", timer_seconds=5)
    etag = client.get(reverse("assessments:vote_live", args=[workshop.code]))["ETag"]
    past = timezone.now() - timedelta(seconds=1)
    WorkshopItem.objects.filter(workshop=workshop, state="voting").update(deadline=past)
    caches["shared"].clear()
    forget_local()
    status, _headers = call(reverse("assessments:vote_live", args=[workshop.code]), etag)
    assert not status.startswith("304")
    assert WorkshopItem.objects.get(workshop=workshop, question__key="culture").state == "closed"
