"""Webhooks: an organisation's endpoints, the events they are told of, and each delivery.

- **Events.** The receivers below turn the services' signals (sent once the change is
  committed) into one `Delivery` per active endpoint of the organisation that subscribes to
  the event, all with the same event id and payload, and hand each to the task
  `api.tasks.deliver`.
- **Signed.** Every attempt is signed afresh: `X-Maturity-Signature: t=<unix seconds>,
  v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; `verify_signature` is the receiver's check.
- **Sent with retries** by `api.tasks` (backoff, the log). Payloads: README "Webhooks".
"""

import hashlib
import hmac
import json
import secrets
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation

from api.models import Delivery, Event, WebhookEndpoint
from assessments.models import Consensus, Workshop
from assessments.selectors import Assessment, Organization, assessment_result
from assessments.signals import assessment_reopened, assessment_submitted, workshop_ended
from reports.models import Job
from reports.signals import report_ready

USER_AGENT = "iot-maturity-webhooks/1"
SIGNATURE_HEADER = "X-Maturity-Signature"
# How far a signature's time may be from the receiver's clock (verify_signature's default).
TOLERANCE_SECONDS = 300
Data = dict[str, Any]


# --- endpoints (the page's writes) -----------------------------------------------------


def create_endpoint(
    *, organization: Organization, by: User, url: str, events: Iterable[str], active: bool = True
) -> WebhookEndpoint:
    """A new endpoint with its own signing secret; `url` is checked (`api.targets`) by the
    caller, and again before every delivery."""
    return WebhookEndpoint.objects.create(
        organization=organization,
        url=url.strip(),
        secret=new_secret(),
        events=event_list(events),
        active=active,
        created_by=by,
    )


def update_endpoint(
    *, endpoint: WebhookEndpoint, events: Iterable[str], active: bool
) -> WebhookEndpoint:
    endpoint.events, endpoint.active = event_list(events), active
    endpoint.save(update_fields=["events", "active"])
    return endpoint


def rotate_secret(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new secret at once: every attempt from now on, retries too, is signed with it."""
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint


def delete_endpoint(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()  # and its log; a retry waiting for it finds nothing to send


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def event_list(events: Iterable[str]) -> list[str]:
    """The events in their documented order, each once; an unknown one is a ValueError."""
    chosen = set(events)
    if unknown := chosen - set(Event.values):
        raise ValueError(f"Unknown events: {', '.join(sorted(unknown))}")
    return [event for event in Event.values if event in chosen]


def endpoints_of(organization: Organization) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(organization=organization).select_related("created_by")


# --- signing ---------------------------------------------------------------------------


def signature(secret: str, body: bytes, *, timestamp: int) -> str:
    """The X-Maturity-Signature header's value for this body at this time."""
    return f"t={timestamp},v1={_mac(secret, timestamp, body)}"


def _mac(secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify_signature(
    secret: str,
    header: str,
    body: bytes | str,
    *,
    tolerance: int = TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """Whether `header` (X-Maturity-Signature) signs `body` (the raw request body) with
    `secret`, at a time at most `tolerance` seconds from `now`: an older one is a replay."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        name, _sep, value = part.strip().partition("=")
        fields.setdefault(name, []).append(value)
    try:
        timestamp = int(fields["t"][0])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    raw = body.encode() if isinstance(body, str) else body
    expected = _mac(secret, timestamp, raw)
    return any(hmac.compare_digest(expected, given) for given in fields.get("v1", []))


def body_of(payload: Data) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def headers_for(delivery: Delivery, body: bytes, *, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Maturity-Event": delivery.event,
        "X-Maturity-Delivery": str(delivery.event_id),
        SIGNATURE_HEADER: signature(delivery.endpoint.secret, body, timestamp=timestamp),
    }


# --- payloads ----------------------------------------------------------------------------


def envelope(event: str, data: Data, *, event_id: uuid.UUID, test: bool = False) -> Data:
    return {
        "id": str(event_id),
        "event": event,
        "created": iso(timezone.now()),
        "test": test,
        "data": data,
    }


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def api_url(path: str) -> str:
    """The API's URL of a resource: absolute when settings.SITE_URL names the site's
    address (the payload leaves the site), else from the site's root."""
    site = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    return f"{site}{reverse('api:api-root')}{path}"


def assessment_data(assessment: Assessment) -> Data:
    """What every event says of its assessment; what the API shows, and no person."""
    pk = assessment.pk
    return {
        "id": pk,
        "title": assessment.title,
        "status": assessment.status,
        "language": assessment.language,
        "organisation": organisation_data(assessment.organization),
        "framework": {"slug": assessment.framework.slug, "version": assessment.framework.version},
        "created_at": iso(assessment.created_at),
        "submitted_at": iso(assessment.submitted_at),
        "url": api_url(f"assessments/{pk}"),
        "result_url": api_url(f"assessments/{pk}/result"),
    }


def organisation_data(organization: Organization) -> Data:
    return {"key": organization.key, "name": organization.name}


def placement_data(assessment: Assessment) -> Data:
    """The overall placement of the result (the one kept at submission when submitted),
    unrounded as the API gives it, its level's name in the assessment's language."""
    with translation.override(assessment.language):
        result = assessment_result(assessment)
    overall = result.overall
    return {
        "level": overall.level,
        "level_name": overall.level_name,
        "score": overall.score,
        "target": overall.target,
        "gap": overall.gap,
        "completion": result.completion,
        "provisional": result.provisional,
    }


def submitted_data(assessment: Assessment) -> Data:
    return {"assessment": assessment_data(assessment), "placement": placement_data(assessment)}


def reopened_data(assessment: Assessment) -> Data:
    return {"assessment": assessment_data(assessment)}


def report_data(job: Job) -> Data:
    output, pk, assessment = job.output, job.pk, job.assessment
    reports = f"assessments/{assessment.pk}/reports/{pk}"
    report = {
        "id": pk,
        "format": job.format,
        "language": job.language,
        "paper": job.paper,
        "filename": output.filename if output else None,
        "size": output.size if output else None,
        "created_at": iso(job.created_at),
        "finished_at": iso(job.finished_at),
        "url": api_url(reports),
        "download_url": api_url(f"{reports}/download"),
    }
    return {"report": report, "assessment": assessment_data(assessment)}


def workshop_data(workshop: Workshop) -> Data:
    """The workshop's size and outcome, counted as `end_workshop` logs them; no names."""
    items = workshop.items.values("question_id")
    agreed = Consensus.objects.filter(
        assessment_id=workshop.assessment_id, question_id__in=items
    ).count()
    summary = {
        "id": workshop.pk,
        "assessment_id": workshop.assessment_id,
        "status": workshop.status,
        "started_at": iso(workshop.created_at),
        "ended_at": iso(workshop.ended_at),
        "participants": workshop.participants.filter(removed=False).count(),
        "items": items.count(),
        "agreed": agreed,
        "url": api_url(f"workshops/{workshop.pk}"),
    }
    return {"workshop": summary, "assessment": assessment_data(workshop.assessment)}


def assessment_row(pk: int) -> Assessment:
    # Read again: the signal's instance may lack what the payload shows.
    return Assessment.objects.select_related("organization", "framework").get(pk=pk)


# --- events ------------------------------------------------------------------------------


def announce(event: str, organization_id: int, data: Callable[[], Data]) -> list[Delivery]:
    """Queue the event for every active endpoint of the organisation subscribed to it; the
    payload is built only when one is."""
    endpoints = WebhookEndpoint.objects.filter(organization_id=organization_id, active=True)
    # Filtered here: SQLite has no JSON "contains" lookup, and an organisation has few.
    subscribed = [endpoint for endpoint in endpoints if event in endpoint.events]
    if not subscribed:
        return []
    event_id = uuid.uuid4()
    payload = envelope(event, data(), event_id=event_id)
    deliveries = [
        Delivery.objects.create(endpoint=endpoint, event=event, event_id=event_id, payload=payload)
        for endpoint in subscribed
    ]
    for delivery in deliveries:
        enqueue(delivery.pk)
    return deliveries


@receiver(assessment_submitted, dispatch_uid="api.webhooks.assessment_submitted")
def on_assessment_submitted(sender: object, *, assessment: Assessment, **kwargs: Any) -> None:
    announce(
        Event.ASSESSMENT_SUBMITTED,
        assessment.organization_id,
        lambda: submitted_data(assessment_row(assessment.pk)),
    )


@receiver(assessment_reopened, dispatch_uid="api.webhooks.assessment_reopened")
def on_assessment_reopened(sender: object, *, assessment: Assessment, **kwargs: Any) -> None:
    announce(
        Event.ASSESSMENT_REOPENED,
        assessment.organization_id,
        lambda: reopened_data(assessment_row(assessment.pk)),
    )


@receiver(report_ready, dispatch_uid="api.webhooks.report_ready")
def on_report_ready(sender: object, *, job: Job, **kwargs: Any) -> None:
    def data() -> Data:
        job.assessment = assessment_row(job.assessment_id)
        return report_data(job)

    # The job's assessment is at hand where the job was made (reports.jobs.run_job).
    announce(Event.REPORT_READY, job.assessment.organization_id, data)


@receiver(workshop_ended, dispatch_uid="api.webhooks.workshop_ended")
def on_workshop_ended(sender: object, *, workshop: Workshop, **kwargs: Any) -> None:
    def data() -> Data:
        workshop.assessment = assessment_row(workshop.assessment_id)
        return workshop_data(workshop)

    announce(Event.WORKSHOP_ENDED, workshop.assessment.organization_id, data)


def enqueue(delivery_id: int, *, at: datetime | None = None) -> None:
    from api.tasks import deliver

    (deliver if at is None else deliver.using(run_after=at)).enqueue(delivery_id)
