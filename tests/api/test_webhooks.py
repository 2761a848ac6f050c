"""Webhooks: events become signed deliveries that a local receiver checks, retried with
backoff and logged; targets are public https addresses; the pages by role."""

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.tasks.backends.dummy import DummyBackend
from django.urls import reverse
from django.utils import timezone

from api import tasks
from api.models import Delivery, Event, WebhookEndpoint
from api.samples import send_test_event
from api.targets import TargetRefused, check_target, refused_kind
from api.webhooks import (
    SIGNATURE_HEADER,
    create_endpoint,
    signature,
    verify_signature,
)
from assessments.models import Assessment, Organization
from assessments.scoring import AssessmentResult
from assessments.services import reopen_assessment, submit_assessment
from assessments.services import workshops as ws
from assessments.services.joining import join_workshop, workshop_by_code
from tests.conftest import ASSESSMENT_ROLES, client_for
from tests.reports.test_pdf import WORKED, answer, owner_respondent

pytestmark = pytest.mark.django_db

ALL_EVENTS = list(Event.values)
ENVELOPE = {"id", "event", "created", "test", "data"}


# --- a local receiver ------------------------------------------------------------------


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    verified: bool

    @property
    def payload(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class Receiver:
    """An HTTP server on 127.0.0.1 that answers with `statuses` in turn (the last one for
    ever after) and checks each request's signature with the endpoint's secret."""

    statuses: list[int]
    secret: str = ""
    delay: float = 0.0  # seconds before answering
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def answer(self, headers: dict[str, str], body: bytes) -> int:
        verified = verify_signature(self.secret, headers.get(SIGNATURE_HEADER, ""), body)
        self.received.append(Received(headers, body, verified))
        time.sleep(self.delay)
        if not verified:
            return 401
        return self.statuses[min(len(self.received), len(self.statuses)) - 1]


@pytest.fixture
def receiver_for(settings: Any) -> Iterator[Callable[[list[int]], Receiver]]:
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    servers: list[ThreadingHTTPServer] = []

    def start(statuses: list[int]) -> Receiver:
        receiver = Receiver(statuses)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = receiver.answer(dict(self.headers.items()), body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/maturity?source=test"
        return receiver

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def endpoint_for(
    receiver: Receiver, organization: Organization, by: User, events: list[str] | None = None
) -> WebhookEndpoint:
    endpoint = create_endpoint(
        organization=organization, by=by, url=receiver.url, events=events or ALL_EVENTS
    )
    receiver.secret = endpoint.secret
    return endpoint


@pytest.fixture
def worked(gartner_assessment: Assessment, people: dict[str, Any]) -> Assessment:
    """The Gartner assessment answered as the worked example of the report tests."""
    answer(owner_respondent(gartner_assessment), WORKED)
    manager = people["manager"]
    manager.email = "max@acme.example"
    manager.save()
    return gartner_assessment


def api_path(path: str) -> str:
    return reverse("api:api-root") + path


def expected_assessment(assessment: Assessment) -> dict[str, Any]:
    assessment.refresh_from_db()
    submitted = assessment.submitted_at
    return {
        "id": assessment.pk,
        "title": "Baseline",
        "status": assessment.status,
        "language": assessment.language,
        "organisation": {"key": "acme-devices", "name": "Acme Devices"},
        "framework": {"slug": "gartner-iot", "version": assessment.framework.version},
        "created_at": assessment.created_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "submitted_at": submitted.isoformat(timespec="seconds").replace("+00:00", "Z")
        if submitted
        else None,
        "url": api_path(f"assessments/{assessment.pk}"),
        "result_url": api_path(f"assessments/{assessment.pk}/result"),
    }


# --- an event delivered, retried and logged ----------------------------------------------


def test_a_submission_is_delivered_signed_after_one_retry_and_logged(
    receiver_for: Callable[[list[int]], Receiver],
    worked: Assessment,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    receiver = receiver_for([500, 200])
    endpoint = endpoint_for(receiver, worked.organization, people["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        submit_assessment(assessment=worked, by=people["manager"])

    assert len(receiver.received) == 2
    first, second = receiver.received
    assert first.verified and second.verified
    assert first.body == second.body  # the same event; each attempt signed afresh
    assert second.headers["Content-Type"] == "application/json"
    assert second.headers["User-Agent"] == "iot-maturity-webhooks/1"
    assert second.headers["X-Maturity-Event"] == "assessment.submitted"
    payload = second.payload
    assert set(payload) == ENVELOPE
    assert (payload["event"], payload["test"]) == ("assessment.submitted", False)
    assert second.headers["X-Maturity-Delivery"] == payload["id"]
    assert payload["data"]["assessment"] == expected_assessment(worked)
    kept = AssessmentResult.model_validate(worked.result_snapshot).overall
    assert payload["data"]["placement"] == {
        "level": kept.level,
        "level_name": kept.level_name,
        "score": kept.score,
        "target": 4.0,
        "gap": kept.gap,
        "completion": 1.0,
        "provisional": False,
    }
    # By hand: 3, 3, 2 in each dimension, weighted equally: 8/3, level 2, 4/3 below target 4.
    assert (kept.level, kept.level_name) == (2, "Exploratory")
    assert (kept.score, kept.gap) == (pytest.approx(8 / 3), pytest.approx(4 / 3))
    assert b"max@acme.example" not in second.body and b'"max"' not in second.body

    delivery = Delivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 2, 200)
    assert delivery.error == "Attempt 1: The receiver answered 500 Internal Server Error."
    assert delivery.delivered_at is not None and not delivery.test
    assert str(delivery.event_id) == payload["id"]


def test_a_receiver_that_always_fails_ends_failed_after_the_last_attempt(
    receiver_for: Callable[[list[int]], Receiver],
    gartner_assessment: Assessment,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    receiver = receiver_for([503])
    endpoint_for(receiver, gartner_assessment.organization, people["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        submit_assessment(assessment=gartner_assessment, by=people["manager"])

    assert len(receiver.received) == tasks.MAX_ATTEMPTS == 6
    assert len({r.headers["X-Maturity-Delivery"] for r in receiver.received}) == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("failed", 6, 503)
    assert delivery.error == "Attempt 6: The receiver answered 503 Service Unavailable."
    assert delivery.delivered_at is None


def test_a_receiver_too_slow_to_answer_fails_the_attempt(
    receiver_for: Callable[[list[int]], Receiver],
    acme: Organization,
    people: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tasks, "TIMEOUT_SECONDS", 0.2)
    monkeypatch.setattr(tasks, "MAX_ATTEMPTS", 2)
    receiver = receiver_for([200])
    receiver.delay = 0.6
    endpoint = endpoint_for(receiver, acme, people["manager"])
    delivery = send_test_event(endpoint=endpoint, event=Event.REPORT_READY)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("failed", 2, None)
    assert delivery.error == "Attempt 2: No answer within 0.2 seconds."


def test_a_delivered_delivery_is_not_sent_again(
    receiver_for: Callable[[list[int]], Receiver], acme: Organization, people: dict[str, Any]
) -> None:
    receiver = receiver_for([204])
    endpoint = endpoint_for(receiver, acme, people["manager"])
    delivery = send_test_event(endpoint=endpoint, event=Event.WORKSHOP_ENDED)
    tasks.attempt_delivery(delivery.pk)
    tasks.deliver.enqueue(delivery.pk)
    delivery.refresh_from_db()
    assert len(receiver.received) == 1
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 204)


def test_a_backend_that_can_defer_gets_the_retry_after_the_backoff(
    settings: Any, acme: Organization, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    endpoint = create_endpoint(
        organization=acme, by=people["manager"], url="http://127.0.0.1:9/", events=ALL_EVENTS
    )
    monkeypatch.setattr(tasks, "post", refusing_post)
    delivery = send_test_event(endpoint=endpoint, event=Event.REPORT_READY)  # queued only
    backend = tasks.deliver.get_backend()
    assert isinstance(backend, DummyBackend)
    assert [r.args for r in backend.results] == [[delivery.pk]]

    before = timezone.now()
    tasks.attempt_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("retrying", 1)
    assert delivery.error == "Attempt 1: Could not deliver: [Errno 111] Connection refused"
    retry = backend.results[-1]
    assert retry.args == [delivery.pk] and retry.task.run_after == delivery.next_attempt_at
    assert delivery.next_attempt_at is not None
    waited = delivery.next_attempt_at - before
    assert timedelta(seconds=10) <= waited < timedelta(seconds=11)


def refusing_post(*args: Any, **kwargs: Any) -> None:
    raise ConnectionRefusedError(111, "Connection refused")


def test_deliveries_go_only_to_active_subscribed_endpoints_of_the_organisation(
    receiver_for: Callable[[list[int]], Receiver],
    gartner_assessment: Assessment,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    manager, acme = people["manager"], gartner_assessment.organization
    subscribed, other = receiver_for([200]), receiver_for([200])
    endpoint_for(subscribed, acme, manager, events=["assessment.submitted"])
    endpoint_for(other, acme, manager, events=["report.ready", "workshop.ended"])
    paused = endpoint_for(receiver_for([200]), acme, manager)
    paused.active = False
    paused.save()
    elsewhere = Organization.objects.create(name="Other Co", key="other-co")
    endpoint_for(receiver_for([200]), elsewhere, manager)
    with django_capture_on_commit_callbacks(execute=True):
        submit_assessment(assessment=gartner_assessment, by=manager)
    assert len(subscribed.received) == 1 and other.received == []
    assert list(Delivery.objects.values_list("endpoint__url", flat=True)) == [subscribed.url]


# --- the other events --------------------------------------------------------------------


def test_a_reopening_is_announced(
    receiver_for: Callable[[list[int]], Receiver],
    gartner_assessment: Assessment,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    receiver = receiver_for([200])
    endpoint_for(
        receiver, gartner_assessment.organization, people["admin"], ["assessment.reopened"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit_assessment(assessment=gartner_assessment, by=people["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        reopen_assessment(assessment=gartner_assessment, by=people["manager"], reason="A typo")
    [received] = receiver.received
    assert received.verified and received.headers["X-Maturity-Event"] == "assessment.reopened"
    data = received.payload["data"]
    assert data == {"assessment": expected_assessment(gartner_assessment)}
    assert (data["assessment"]["status"], data["assessment"]["submitted_at"]) == ("reopened", None)


def test_a_finished_report_is_announced_with_its_download_address(
    receiver_for: Callable[[list[int]], Receiver],
    gartner_assessment: Assessment,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from reports.jobs import request_job

    receiver = receiver_for([200])
    endpoint_for(receiver, gartner_assessment.organization, people["manager"], ["report.ready"])
    with django_capture_on_commit_callbacks(execute=True):
        job = request_job(people["manager"], gartner_assessment, "csv")
    job.refresh_from_db()
    assert job.status == "done" and job.output is not None
    [received] = receiver.received
    report = received.payload["data"]["report"]
    base = api_path(f"assessments/{gartner_assessment.pk}/reports/{job.pk}")
    assert report["id"] == job.pk and report["format"] == "csv"
    assert (report["filename"], report["size"]) == (job.output.filename, job.output.size)
    assert (report["url"], report["download_url"]) == (base, f"{base}/download")
    assert received.payload["data"]["assessment"]["id"] == gartner_assessment.pk


def test_the_end_of_a_workshop_is_announced_with_its_room_and_agreements(
    receiver_for: Callable[[list[int]], Receiver],
    gartner_assessment: Assessment,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    receiver = receiver_for([200])
    consultant = people["consultant"]
    endpoint_for(receiver, gartner_assessment.organization, consultant, ["workshop.ended"])
    workshop = ws.start_workshop(assessment=gartner_assessment, by=consultant)
    found = workshop_by_code(code=workshop.code, address="10.0.0.1")
    voter = join_workshop(workshop=found, name="Ines", role="it", address="10.0.0.1")
    join_workshop(workshop=found, name="Otto", role="ot", address="10.0.0.2")
    ws.open_item(workshop=workshop, key="culture")
    ws.cast_vote(participant_id=voter.pk, workshop_id=workshop.pk, key="culture", value="3")
    ws.close_item(workshop=workshop, key="culture")
    ws.record_consensus(workshop=workshop, key="culture", value="3", rationale="", by=consultant)
    with django_capture_on_commit_callbacks(execute=True):
        ws.end_workshop(workshop=workshop, by=consultant)
    [received] = receiver.received
    summary = received.payload["data"]["workshop"]
    assert (summary["id"], summary["assessment_id"]) == (workshop.pk, gartner_assessment.pk)
    assert (summary["participants"], summary["items"], summary["agreed"]) == (2, 9, 1)
    assert summary["status"] == "ended" and summary["url"] == api_path(f"workshops/{workshop.pk}")
    assert b"Ines" not in received.body and workshop.code.encode() not in received.body


# --- signatures ----------------------------------------------------------------------------


def test_a_signature_verifies_only_the_same_body_with_the_same_secret_in_time() -> None:
    body = b'{"id":"1","event":"assessment.submitted"}'
    now = 1_767_225_600
    header = signature("s3cret", body, timestamp=now)
    assert header.startswith(f"t={now},v1=") and len(header.split("v1=")[1]) == 64
    assert verify_signature("s3cret", header, body, now=now + 299)
    assert verify_signature("s3cret", header, body.decode(), now=now)
    assert not verify_signature("s3cret", header, body, now=now + 301)  # replayed later
    assert not verify_signature("s3cret", header, body, now=now - 301)  # from the future
    assert not verify_signature("s3cret", header, body.replace(b"1", b"2"), now=now)  # tampered
    assert not verify_signature("other", header, body, now=now)
    assert verify_signature("s3cret", header, body, now=now + 500, tolerance=600)


def test_a_replayed_or_rewritten_header_fails() -> None:
    body, now = b"{}", 1_767_225_600
    mac = signature("s3cret", body, timestamp=now).split("v1=")[1]
    assert not verify_signature("s3cret", f"t={now + 1000},v1={mac}", body, now=now + 1000)
    for header in ("", "t=abc,v1=00", f"v1={mac}", f"t={now}", "garbage"):
        assert not verify_signature("s3cret", header, body, now=now), header


# --- targets -------------------------------------------------------------------------------


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """A resolver that knows only the names put into it (and takes IP literals as they are)."""
    names: dict[str, list[str]] = {}

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        found = names.get(host, [host] if _literal(host) else None)
        if found is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [_info(address, port) for address in found]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


def _literal(host: str) -> bool:
    try:
        refused_kind(host)
    except ValueError:
        return False
    return True


def _info(address: str, port: int) -> tuple[Any, ...]:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    return (family, socket.SOCK_STREAM, 6, "", (address, port))


def refusal(url: str) -> str:
    with pytest.raises(TargetRefused) as refused:
        check_target(url, allow_private=False)
    return str(refused.value)


def test_a_public_https_address_is_a_target(dns: dict[str, list[str]]) -> None:
    dns["hooks.example.com"] = ["93.184.216.34", "2606:2800:220:1::1"]
    target = check_target("https://hooks.example.com:8443/in?x=1", allow_private=False)
    assert (target.scheme, target.host, target.port, target.path) == (
        "https",
        "hooks.example.com",
        8443,
        "/in?x=1",
    )
    assert target.addresses == ("93.184.216.34", "2606:2800:220:1::1")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://127.0.0.1/hook", "a loopback address"),
        ("https://10.1.2.3/hook", "a private address"),
        ("https://192.168.1.20/hook", "a private address"),
        ("https://172.16.0.1/hook", "a private address"),
        ("https://169.254.169.254/latest", "a link-local address"),
        ("https://[::1]/hook", "a loopback address"),
        ("https://[fc00::1]/hook", "a private address"),
        ("https://[fe80::1]/hook", "a link-local address"),
        ("https://0.0.0.0/hook", "an unspecified address"),
        ("https://224.0.0.1/hook", "a multicast address"),
        ("https://100.64.0.1/hook", "an address that is not public"),
        ("https://[::ffff:10.0.0.1]/hook", "a private address"),
        ("https://[64:ff9b::a00:1]/hook", "a private address"),
        ("https://240.0.0.1/hook", "a private address"),
    ],
)
def test_addresses_outside_the_public_internet_are_refused(
    dns: dict[str, list[str]], url: str, kind: str
) -> None:
    assert kind in refusal(url)


def test_a_host_with_any_private_address_is_refused(dns: dict[str, list[str]]) -> None:
    dns["intranet.example.com"] = ["93.184.216.34", "192.168.0.10"]
    assert refusal("https://intranet.example.com/hook") == (
        "intranet.example.com resolves to 192.168.0.10, a private address; webhooks are sent "
        "only to public internet addresses."
    )


def test_plain_http_credentials_and_unknown_hosts_are_refused(dns: dict[str, list[str]]) -> None:
    dns["hooks.example.com"] = ["93.184.216.34"]
    assert refusal("http://hooks.example.com/") == "Webhooks are sent only to https:// addresses."
    assert "user name and password" in refusal("https://me:pw@hooks.example.com/")
    assert refusal("https://nowhere.example.com/") == (
        "The host nowhere.example.com could not be found."
    )
    assert "port" in refusal("https://hooks.example.com:99999/")


def test_allowing_private_targets_allows_http_and_loopback_but_never_credentials(
    dns: dict[str, list[str]], settings: Any
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    assert check_target("http://127.0.0.1:8080/hook").addresses == ("127.0.0.1",)
    with pytest.raises(TargetRefused, match="user name and password"):
        check_target("http://me:pw@127.0.0.1/hook")


def test_a_target_that_turned_private_is_not_sent_to(
    dns: dict[str, list[str]], acme: Organization, people: dict[str, Any], monkeypatch: Any
) -> None:
    dns["hooks.example.com"] = ["93.184.216.34"]
    endpoint = create_endpoint(
        organization=acme,
        by=people["manager"],
        url="https://hooks.example.com/in",
        events=ALL_EVENTS,
    )
    dns["hooks.example.com"] = ["10.0.0.7"]  # the name moved since it was saved
    sent: list[Any] = []
    monkeypatch.setattr(tasks, "post", lambda *args, **kwargs: sent.append(args))
    delivery = send_test_event(endpoint=endpoint, event=Event.ASSESSMENT_SUBMITTED)
    delivery.refresh_from_db()
    assert sent == []
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("failed", 6, None)
    assert delivery.error == (
        "Attempt 6: hooks.example.com resolves to 10.0.0.7, a private address; webhooks are "
        "sent only to public internet addresses."
    )


# --- the pages -------------------------------------------------------------------------------

MAY_MANAGE = {
    "anonymous": 302,
    "outsider": 404,
    "respondent": 404,
    "member": 404,
    "manager": 200,
    "consultant": 200,
    "other_consultant": 404,
    "admin": 200,
}


def page_urls(endpoint: WebhookEndpoint) -> dict[str, str]:
    args = [endpoint.organization_id, endpoint.pk]
    return {
        "list": reverse("webhooks", args=[endpoint.organization_id]),
        "endpoint": reverse("webhook", args=args),
        "secret": reverse("webhook_secret", args=args),
        "delete": reverse("webhook_delete", args=args),
    }


@pytest.fixture
def endpoint(acme: Organization, people: dict[str, Any], settings: Any) -> WebhookEndpoint:
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    return create_endpoint(
        organization=acme,
        by=people["manager"],
        url="http://127.0.0.1:9/hooks",
        events=["assessment.submitted", "report.ready"],
    )


@pytest.mark.parametrize("role", ASSESSMENT_ROLES)
def test_admins_the_clients_consultants_and_its_managers_alone_reach_the_webhooks(
    role: str, everyone: dict[str, Any], endpoint: WebhookEndpoint
) -> None:
    client = client_for(everyone[role])
    got = {name: client.get(url).status_code for name, url in page_urls(endpoint).items()}
    assert got == dict.fromkeys(page_urls(endpoint), MAY_MANAGE[role])
    posted = client.post(reverse("webhook_test", args=[endpoint.organization_id, endpoint.pk]))
    assert posted.status_code == MAY_MANAGE[role]  # a manager's empty POST: the form again
    if MAY_MANAGE[role] == 200:
        html = client.get(page_urls(endpoint)["secret"]).content.decode()
        assert endpoint.secret in html


def test_anonymous_visitors_are_sent_to_sign_in(endpoint: WebhookEndpoint) -> None:
    for url in page_urls(endpoint).values():
        assert client_for(None).get(url)["Location"].startswith(reverse("login"))


def test_an_endpoint_of_another_organisation_is_not_found_under_this_one(
    endpoint: WebhookEndpoint, people: dict[str, Any]
) -> None:
    other = Organization.objects.create(name="Other Co", key="other-co")
    client = client_for(people["admin"])
    for name in ("webhook", "webhook_secret", "webhook_delete", "webhook_test"):
        url = reverse(name, args=[other.pk, endpoint.pk])
        assert (client.get(url).status_code, client.post(url).status_code) == (404, 404), name


def test_the_test_button_only_posts_and_the_pages_take_only_get_and_post(
    endpoint: WebhookEndpoint, people: dict[str, Any]
) -> None:
    client = client_for(people["manager"])
    url = reverse("webhook_test", args=[endpoint.organization_id, endpoint.pk])
    assert client.get(url).status_code == 405
    assert client_for(people["member"]).get(url).status_code == 404  # unseen comes first
    for page in page_urls(endpoint).values():
        assert client.put(page).status_code == 405
        assert client_for(people["member"]).put(page).status_code == 404


def test_a_manager_adds_an_endpoint_and_is_shown_its_secret(
    acme: Organization, people: dict[str, Any], dns: dict[str, list[str]]
) -> None:
    dns["hooks.acme.example"] = ["93.184.216.34"]
    client = client_for(people["manager"])
    data = {
        "url": "https://hooks.acme.example/maturity",
        "events": ["report.ready", "assessment.submitted"],
        "active": "on",
    }
    response = client.post(reverse("webhooks", args=[acme.pk]), data, follow=True)
    endpoint = WebhookEndpoint.objects.get()
    assert response.redirect_chain == [(page_urls(endpoint)["secret"], 302)]
    assert (endpoint.url, endpoint.events, endpoint.active) == (
        "https://hooks.acme.example/maturity",
        ["assessment.submitted", "report.ready"],
        True,
    )
    assert endpoint.created_by == people["manager"] and len(endpoint.secret) >= 43
    html = response.content.decode()
    assert "Endpoint added" in html and f'value="{endpoint.secret}"' in html
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}


def test_a_refused_address_is_shown_at_its_field_and_nothing_is_saved(
    acme: Organization, people: dict[str, Any], dns: dict[str, list[str]]
) -> None:
    dns["intranet.acme.example"] = ["10.0.0.5"]
    client = client_for(people["consultant"])
    data = {"url": "https://intranet.acme.example/hook", "events": ["report.ready"]}
    response = client.post(reverse("webhooks", args=[acme.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "intranet.acme.example resolves to 10.0.0.5, a private address" in html
    assert 'aria-invalid="true"' in html or "is-invalid" in html
    no_events = client.post(reverse("webhooks", args=[acme.pk]), {"url": data["url"]})
    assert "Choose at least one event to send." in no_events.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_page_labels_every_control_and_lists_endpoints_with_their_log(
    endpoint: WebhookEndpoint, people: dict[str, Any], monkeypatch: Any
) -> None:
    monkeypatch.setattr(tasks, "post", refusing_post)
    send_test_event(endpoint=endpoint, event=Event.REPORT_READY)
    html = client_for(people["admin"]).get(page_urls(endpoint)["list"]).content.decode()
    assert "csrfmiddlewaretoken" in html
    for name in ("url", "events_0", "events_3", "active"):
        assert f'for="id_{name}"' in html and f'id="id_{name}"' in html
    assert f'for="test-event-{endpoint.pk}"' in html and f'id="test-event-{endpoint.pk}"' in html
    assert endpoint.url in html and "assessment.submitted" in html
    assert "Failed" in html and "Attempt 6: Could not deliver" in html and "6 of 6" in html
    assert "10 seconds, 1 minute, 5 minutes, 30 minutes and 2 hours" in html


def test_the_settings_change_events_and_pause_the_endpoint(
    endpoint: WebhookEndpoint, people: dict[str, Any]
) -> None:
    client = client_for(people["consultant"])
    url = page_urls(endpoint)["endpoint"]
    response = client.post(url, {"events": ["workshop.ended"]}, follow=True)
    endpoint.refresh_from_db()
    assert (endpoint.events, endpoint.active) == (["workshop.ended"], False)
    assert "Endpoint saved." in response.content.decode()
    failed = client.post(url, {"events": ["nonsense"], "active": "on"})
    assert "Select a valid choice" in failed.content.decode()
    endpoint.refresh_from_db()
    assert (endpoint.events, endpoint.active) == (["workshop.ended"], False)


def test_a_paused_endpoint_gets_no_events_but_test_events(
    receiver_for: Callable[[list[int]], Receiver],
    gartner_assessment: Assessment,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    receiver = receiver_for([200])
    endpoint = endpoint_for(receiver, gartner_assessment.organization, people["manager"])
    endpoint.active = False
    endpoint.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit_assessment(assessment=gartner_assessment, by=people["manager"])
    assert receiver.received == [] and not Delivery.objects.exists()
    send_test_event(endpoint=endpoint, event=Event.ASSESSMENT_SUBMITTED)
    assert [r.payload["test"] for r in receiver.received] == [True]


def test_the_test_button_sends_the_organisations_real_data_marked_as_a_test(
    receiver_for: Callable[[list[int]], Receiver], worked: Assessment, people: dict[str, Any]
) -> None:
    submit_assessment(assessment=worked, by=people["manager"])
    receiver = receiver_for([200])
    endpoint = endpoint_for(receiver, worked.organization, people["manager"], ["report.ready"])
    url = reverse("webhook_test", args=[endpoint.organization_id, endpoint.pk])
    response = client_for(people["manager"]).post(
        url, {"event": "assessment.submitted"}, follow=True
    )
    assert response.redirect_chain == [(page_urls(endpoint)["endpoint"] + "#deliveries", 302)]
    assert "Test event “Assessment submitted” delivered." in response.content.decode()
    [received] = receiver.received
    assert received.verified and received.payload["test"] is True
    assert received.payload["data"]["assessment"] == expected_assessment(worked)
    assert received.payload["data"]["placement"]["level"] == 2
    delivery = Delivery.objects.get()
    assert delivery.test and delivery.status == "delivered"
    # The log shows it, with its payload.
    assert "&quot;test&quot;: true" in response.content.decode()


def test_without_data_the_test_event_is_a_marked_sample(
    receiver_for: Callable[[list[int]], Receiver],
    acme: Organization,
    people: dict[str, Any],
    frameworks: None,
) -> None:
    receiver = receiver_for([200])
    endpoint = endpoint_for(receiver, acme, people["manager"])
    for event in ALL_EVENTS:
        send_test_event(endpoint=endpoint, event=event)
    payloads = {r.payload["event"]: r.payload for r in receiver.received}
    assert set(payloads) == set(ALL_EVENTS)
    for event, payload in payloads.items():
        assert set(payload) == ENVELOPE and payload["test"] is True, event
        assert payload["data"]["sample"] is True and payload["data"]["assessment"]["id"] == 0
        assert payload["data"]["assessment"]["organisation"] == {
            "key": "acme-devices",
            "name": "Acme Devices",
        }
    assert payloads["assessment.submitted"]["data"]["placement"]["level_name"]
    assert payloads["report.ready"]["data"]["report"]["download_url"].endswith("/download")
    assert payloads["workshop.ended"]["data"]["workshop"]["participants"] > 0
    statuses = {event: p["data"]["assessment"]["status"] for event, p in payloads.items()}
    assert statuses == {
        "assessment.submitted": "submitted",
        "assessment.reopened": "reopened",
        "report.ready": "submitted",
        "workshop.ended": "in_progress",
    }


def test_an_unknown_test_event_is_shown_at_its_field(
    endpoint: WebhookEndpoint, people: dict[str, Any]
) -> None:
    url = reverse("webhook_test", args=[endpoint.organization_id, endpoint.pk])
    response = client_for(people["manager"]).post(url, {"event": "assessment.deleted"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Delivery.objects.exists()


def test_the_secret_can_be_rotated(endpoint: WebhookEndpoint, people: dict[str, Any]) -> None:
    old = endpoint.secret
    response = client_for(people["manager"]).post(page_urls(endpoint)["secret"], follow=True)
    endpoint.refresh_from_db()
    assert endpoint.secret != old and len(endpoint.secret) >= 43
    html = response.content.decode()
    assert endpoint.secret in html and old not in html and "The secret was replaced" in html


def test_deleting_an_endpoint_asks_first_then_removes_it_with_its_log(
    endpoint: WebhookEndpoint, people: dict[str, Any], monkeypatch: Any
) -> None:
    monkeypatch.setattr(tasks, "post", refusing_post)
    send_test_event(endpoint=endpoint, event=Event.REPORT_READY)
    client = client_for(people["manager"])
    asked = client.get(page_urls(endpoint)["delete"])
    assert asked.status_code == 200 and "Delete this endpoint?" in asked.content.decode()
    assert WebhookEndpoint.objects.exists()
    response = client.post(page_urls(endpoint)["delete"], follow=True)
    assert response.redirect_chain == [(page_urls(endpoint)["list"], 302)]
    assert not WebhookEndpoint.objects.exists() and not Delivery.objects.exists()


def test_signatures_are_made_now_for_every_attempt(
    receiver_for: Callable[[list[int]], Receiver], acme: Organization, people: dict[str, Any]
) -> None:
    receiver = receiver_for([500, 200])
    endpoint = endpoint_for(receiver, acme, people["manager"])
    before = int(time.time())
    send_test_event(endpoint=endpoint, event=Event.REPORT_READY)
    stamps = [int(r.headers[SIGNATURE_HEADER].split(",")[0][2:]) for r in receiver.received]
    assert len(stamps) == 2 and all(before <= t <= time.time() for t in stamps)
