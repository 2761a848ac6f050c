"""Delivering webhooks: the task `deliver` makes one attempt at a delivery; a failed attempt
is retried after `BACKOFF` (at once where the task backend cannot defer), and after
`MAX_ATTEMPTS` the delivery has failed. A delivered delivery is never sent again.

Each attempt checks the endpoint's address again (`api.targets`: DNS may have changed since
it was saved), signs the body afresh and waits at most `TIMEOUT_SECONDS` for the answer;
only a 2xx answer delivers. Every outcome is kept on the `Delivery`, the page's log.
"""

import http.client
import time
from dataclasses import dataclass
from datetime import timedelta

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import Delivery
from api.targets import TargetRefused, check_target, post
from api.webhooks import body_of, enqueue, headers_for

TIMEOUT_SECONDS = 5
# Waits after the 1st, 2nd, ... failed attempt; the attempt after the last wait is the last.
BACKOFF = (
    timedelta(seconds=10),
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
OPEN = (Delivery.Status.PENDING, Delivery.Status.RETRYING)


@task()
def deliver(delivery_id: int) -> None:
    """One attempt at delivery `delivery_id` (`attempt_delivery`)."""
    attempt_delivery(delivery_id)


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    response_status: int | None = None
    error: str = ""
    final: bool = False  # no retry could change it


def attempt_delivery(delivery_id: int) -> None:
    """One attempt at a delivery (the task's body): claimed by its attempt number, so that
    a task run twice sends once; a delivered or failed delivery is left alone."""
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status not in OPEN:
        return
    attempt, now = delivery.attempts + 1, timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status__in=OPEN, attempts=delivery.attempts
    ).update(attempts=attempt, last_attempt_at=now, next_attempt_at=None)
    if not claimed:
        return
    outcome = send(delivery)
    _record(delivery_id, attempt, outcome)


def send(delivery: Delivery) -> Outcome:
    """POST the delivery, signed now, to its endpoint's address checked now."""
    endpoint = delivery.endpoint
    if not endpoint.active and not delivery.test:
        return Outcome(
            False, error=_("The endpoint is switched off; nothing was sent."), final=True
        )
    try:
        target = check_target(endpoint.url)
    except TargetRefused as refused:
        return Outcome(False, error=str(refused))
    body = body_of(delivery.payload)
    headers = headers_for(delivery, body, timestamp=int(time.time()))
    try:
        answer = post(target, body, headers, timeout=TIMEOUT_SECONDS)
    except TimeoutError:
        return Outcome(False, error=_("No answer within %(n)s seconds.") % {"n": TIMEOUT_SECONDS})
    except (OSError, http.client.HTTPException) as error:
        reason = str(error) or type(error).__name__
        return Outcome(False, error=_("Could not deliver: %(reason)s") % {"reason": reason})
    if 200 <= answer.status < 300:
        return Outcome(True, answer.status)
    said = f"{answer.status} {answer.reason}".strip()
    return Outcome(False, answer.status, _("The receiver answered %(said)s.") % {"said": said})


def _record(delivery_id: int, attempt: int, outcome: Outcome) -> None:
    now = timezone.now()
    rows = Delivery.objects.filter(pk=delivery_id)
    if outcome.delivered:
        rows.update(
            status=Delivery.Status.DELIVERED,
            response_status=outcome.response_status,
            delivered_at=now,
        )
        return
    error = _("Attempt %(n)d: %(error)s") % {"n": attempt, "error": outcome.error}
    failed = outcome.final or attempt >= MAX_ATTEMPTS
    rows.update(
        status=Delivery.Status.FAILED if failed else Delivery.Status.RETRYING,
        response_status=outcome.response_status,
        error=error[: Delivery._meta.get_field("error").max_length],
    )
    if not failed:
        _retry(delivery_id, BACKOFF[attempt - 1])


def _retry(delivery_id: int, wait: timedelta) -> None:
    """The next attempt after `wait`; at once where the backend cannot defer (the immediate
    backend of the tests and of a development server), without sleeping."""
    deferred = deliver.get_backend().supports_defer
    at = timezone.now() + wait if deferred else timezone.now()
    Delivery.objects.filter(pk=delivery_id).update(next_attempt_at=at)
    enqueue(delivery_id, at=at if deferred else None)
