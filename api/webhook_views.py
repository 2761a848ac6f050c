"""The pages where an organisation's admins, consultants and managers register webhook
endpoints, read each one's deliveries, send test events and see its signing secret.

Access first, then the method: an organisation or endpoint the user may not manage is a 404
whatever the method, and a method a page does not take is a 405 after that. The signing
secret is shown to those same people on its own page, never cached, and can be rotated.
"""

import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control

from api.models import Delivery, WebhookEndpoint
from api.samples import send_test_event
from api.tasks import BACKOFF, MAX_ATTEMPTS, TIMEOUT_SECONDS
from api.webhook_forms import EndpointForm, EndpointSettingsForm, EventTestForm
from api.webhooks import (
    TOLERANCE_SECONDS,
    create_endpoint,
    delete_endpoint,
    endpoints_of,
    rotate_secret,
    update_endpoint,
)
from assessments.selectors import Organization, creatable_organizations
from config.http import AuthenticatedRequest

RECENT_DELIVERIES = 5  # per endpoint on the organisation's page
DELIVERIES_PER_PAGE = 25  # on an endpoint's page
# The pages show a signing secret, or lead to it: no cache may keep them.
private_no_store = cache_control(private=True, no_store=True)


def _organization(request: AuthenticatedRequest, pk: int) -> Organization:
    """The organisation, if the user may manage its webhooks: whoever may start its
    assessments (admins, its consultants, its managers); a 404 for everyone else."""
    return get_object_or_404(creatable_organizations(request.user), pk=pk)


def _endpoint(request: AuthenticatedRequest, pk: int, endpoint_id: int) -> WebhookEndpoint:
    organization = _organization(request, pk)
    endpoint = get_object_or_404(endpoints_of(organization), pk=endpoint_id)
    endpoint.organization = organization
    return endpoint


def _posted(request: AuthenticatedRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _common(organization: Organization) -> dict[str, object]:
    """What every page says of deliveries: the retries, the receiver's limits."""
    return {
        "organization": organization,
        "max_attempts": MAX_ATTEMPTS,
        "timeout": TIMEOUT_SECONDS,
        "tolerance_minutes": TOLERANCE_SECONDS // 60,
        "waits": get_text_list([duration(wait) for wait in BACKOFF], _("and")),
    }


def duration(wait: timedelta) -> str:
    seconds = int(wait.total_seconds())
    if seconds % 3600 == 0:
        return ngettext("%(n)d hour", "%(n)d hours", seconds // 3600) % {"n": seconds // 3600}
    if seconds % 60 == 0:
        return ngettext("%(n)d minute", "%(n)d minutes", seconds // 60) % {"n": seconds // 60}
    return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}


def _refused(request: AuthenticatedRequest, allowed: list[str]) -> HttpResponse | None:
    return None if request.method in allowed else HttpResponseNotAllowed(allowed)


@private_no_store
@login_required
def webhooks(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organization = _organization(request, pk)
    if refused := _refused(request, ["GET", "POST"]):
        return refused
    form = EndpointForm(_posted(request), organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        endpoint = create_endpoint(
            organization=organization,
            by=request.user,
            url=data["url"],
            events=data["events"],
            active=data["active"],
        )
        messages.success(
            request,
            _("Endpoint added. Give its signing secret to the receiver, which checks it."),
        )
        return redirect("webhook_secret", pk=organization.pk, endpoint_id=endpoint.pk)
    recent = Delivery.objects.defer("payload")[:RECENT_DELIVERIES]
    endpoints = endpoints_of(organization).prefetch_related(
        Prefetch("deliveries", queryset=recent, to_attr="recent")
    )
    context = {
        **_common(organization),
        "endpoints": endpoints,
        "form": form,
        "test_form": EventTestForm(),
    }
    return render(request, "api/webhooks/list.html", context)


@private_no_store
@login_required
def endpoint(request: AuthenticatedRequest, pk: int, endpoint_id: int) -> HttpResponse:
    """An endpoint's settings (events, active) and its whole log of deliveries."""
    hook = _endpoint(request, pk, endpoint_id)
    if refused := _refused(request, ["GET", "POST"]):
        return refused
    initial = {"events": hook.events, "active": hook.active}
    form = EndpointSettingsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        update_endpoint(endpoint=hook, events=data["events"], active=data["active"])
        messages.success(request, _("Endpoint saved."))
        return redirect("webhook", pk=pk, endpoint_id=hook.pk)
    return _endpoint_page(request, hook, settings_form=form, test_form=EventTestForm())


def _endpoint_page(
    request: AuthenticatedRequest,
    hook: WebhookEndpoint,
    *,
    settings_form: EndpointSettingsForm,
    test_form: EventTestForm,
) -> HttpResponse:
    page = Paginator(hook.deliveries.all(), DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    for delivery in page.object_list:
        delivery.pretty_payload = json.dumps(delivery.payload, indent=2, ensure_ascii=False)  # type: ignore[attr-defined]
    context = {
        **_common(hook.organization),
        "endpoint": hook,
        "settings_form": settings_form,
        "test_form": test_form,
        "page": page,
        "full_log": True,
    }
    return render(request, "api/webhooks/endpoint.html", context)


@private_no_store
@login_required
def test_event(request: AuthenticatedRequest, pk: int, endpoint_id: int) -> HttpResponse:
    """Send the chosen event, marked as a test, to the endpoint (POST only)."""
    hook = _endpoint(request, pk, endpoint_id)
    if refused := _refused(request, ["POST"]):
        return refused
    form = EventTestForm(request.POST)
    if not form.is_valid():
        settings_form = EndpointSettingsForm(initial={"events": hook.events, "active": hook.active})
        return _endpoint_page(request, hook, settings_form=settings_form, test_form=form)
    delivery = send_test_event(endpoint=hook, event=form.cleaned_data["event"])
    delivery.refresh_from_db()  # the immediate task backend has sent it already
    _tell_outcome(request, delivery)
    return redirect(_log_url(hook))


def _tell_outcome(request: AuthenticatedRequest, delivery: Delivery) -> None:
    event = delivery.get_event_display()
    if delivery.status == Delivery.Status.DELIVERED:
        messages.success(request, _("Test event “%(event)s” delivered.") % {"event": event})
    elif delivery.status == Delivery.Status.FAILED:
        message = _("Test event “%(event)s” could not be delivered: %(error)s")
        messages.warning(request, message % {"event": event, "error": delivery.error})
    else:
        message = _("Test event “%(event)s” is on its way; the log below shows how it went.")
        messages.info(request, message % {"event": event})


def _log_url(hook: WebhookEndpoint) -> str:
    return reverse("webhook", args=[hook.organization_id, hook.pk]) + "#deliveries"


@private_no_store
@login_required
def secret(request: AuthenticatedRequest, pk: int, endpoint_id: int) -> HttpResponse:
    """The endpoint's signing secret (GET), or a new one in its place (POST)."""
    hook = _endpoint(request, pk, endpoint_id)
    if refused := _refused(request, ["GET", "POST"]):
        return refused
    if request.method == "POST":
        rotate_secret(endpoint=hook)
        messages.success(
            request,
            _("The secret was replaced. Deliveries are signed with the new one from now on."),
        )
        return redirect("webhook_secret", pk=pk, endpoint_id=hook.pk)
    context = {**_common(hook.organization), "endpoint": hook}
    return render(request, "api/webhooks/secret.html", context)


@private_no_store
@login_required
def delete(request: AuthenticatedRequest, pk: int, endpoint_id: int) -> HttpResponse:
    """Ask (GET), then delete the endpoint and its log (POST)."""
    hook = _endpoint(request, pk, endpoint_id)
    if refused := _refused(request, ["GET", "POST"]):
        return refused
    if request.method == "POST":
        delete_endpoint(endpoint=hook)
        messages.success(request, _("Endpoint %(url)s deleted with its log.") % {"url": hook.url})
        return redirect("webhooks", pk=pk)
    context = {"organization": hook.organization, "endpoint": hook}
    return render(request, "api/webhooks/delete.html", context)


ENDPOINT = "organisations/<id:pk>/webhooks/<id:endpoint_id>/"
urlpatterns = [
    path("organisations/<id:pk>/webhooks/", webhooks, name="webhooks"),
    path(ENDPOINT, endpoint, name="webhook"),
    path(f"{ENDPOINT}test/", test_event, name="webhook_test"),
    path(f"{ENDPOINT}secret/", secret, name="webhook_secret"),
    path(f"{ENDPOINT}delete/", delete, name="webhook_delete"),
]
