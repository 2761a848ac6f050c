"""Live workshops over HTTP: the facilitator's console and projector (phones: phones.py).

Pages poll every 1.5 s with the ETag they were rendered with; an unchanged workshop gets
304 from the shared cache (services/live.py), without the database or the session.
"""

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.signing import BadSignature, TimestampSigner
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.forms import ConsensusForm, WorkshopForm
from assessments.models import Consensus, Participant, Vote, Workshop, WorkshopItem
from assessments.selectors import assessment_for
from assessments.selectors.workshops import console as console_data
from assessments.selectors.workshops import facilitated_workshop
from assessments.services import Refused
from assessments.services import workshops as service
from assessments.services.live import live_state
from config.http import AuthenticatedRequest

# A console or projector page carries a signed token naming its workshop; its polls show
# it instead of loading the session, so an unchanged poll costs one indexed read.
POLL_SIGNER = TimestampSigner(salt="workshop-poll")
POLL_TOKEN_AGE = 24 * 3600
ITEM_ACTIONS = {
    "open": service.open_item,
    "show": service.show_item,
    "close": service.close_item,
    "reveal": service.reveal_item,
}


@require_POST
@login_required
def start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, access = assessment_for(request.user, pk)
    if not access.manage:
        raise PermissionDenied(_("Only the owner, managers and consultants run workshops."))
    form = WorkshopForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[name].label}: {' '.join(map(str, messages_))}"
            for name, messages_ in form.errors.items()
        )
        messages.error(request, _("The workshop was not started. %(e)s") % {"e": errors})
        return redirect("assessments:detail", pk=pk)
    try:
        workshop = service.start_workshop(
            assessment=assessment,
            by=request.user,
            anonymous=form.cleaned_data["anonymous"],
            show_distribution=form.cleaned_data["show_distribution"],
            max_participants=form.cleaned_data["max_participants"],
            max_per_address=form.cleaned_data["max_per_address"],
        )
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("assessments:detail", pk=pk)
    return redirect("assessments:console", wid=workshop.pk)


def _facilitate(request: AuthenticatedRequest, wid: int) -> Workshop:
    return facilitated_workshop(request.user, wid)


def poll_token(workshop: Workshop) -> str:
    """Issued only on pages whose access was checked; proves it to the page's polls."""
    return POLL_SIGNER.sign(str(workshop.pk)).split(":", 1)[1]


def _valid_poll_token(request: HttpRequest, wid: int) -> bool:
    token = request.GET.get("t", "")
    try:
        POLL_SIGNER.unsign(f"{wid}:{token}", max_age=POLL_TOKEN_AGE)
    except BadSignature:
        return False
    return True


def _context(request: HttpRequest, wid: int, kind: str) -> dict[str, Any]:
    """What the console or projector shows. The ETag is read first (a timer past its end
    closes on the way), so the data can only be newer than it: at worst one more render."""
    etag = _etag(wid, kind)
    workshop = _facilitate(request, wid)  # type: ignore[arg-type]
    order = request.GET.get("order", "") if kind == "console" else ""
    return {
        "c": console_data(workshop, order=order),
        "order": order,
        "consensus_form": ConsensusForm(),
        "join_url": _join_url(request, workshop),
        "token": poll_token(workshop),
        "etag": etag,
    }


@login_required
def console(request: AuthenticatedRequest, wid: int) -> HttpResponse:
    context = _context(request, wid, "console")
    workshop = context["c"].workshop
    if not workshop.is_open:
        return redirect("reports:results", pk=workshop.assessment_id)
    return render(request, "assessments/workshop/console.html", context)


def _unchanged(request: HttpRequest, wid: int, kind: str) -> HttpResponse | None:
    """403 without the page's token, 404 for no workshop, 304 while nothing changed."""
    if not _valid_poll_token(request, wid):
        return HttpResponse(status=403)
    state = live_state(wid)
    if state is None:
        return HttpResponse(status=404)
    if request.META.get("HTTP_IF_NONE_MATCH", "") == state.etag(kind):
        return HttpResponseNotModified()
    return None


def _etag(wid: int, kind: str) -> str:
    state = live_state(wid)
    return "" if state is None else state.etag(kind)


def _rendered(template: str, request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, context)
    if context["etag"]:
        response["ETag"] = context["etag"]
    return response


def console_live(request: HttpRequest, wid: int) -> HttpResponse:
    """The console's live part; 304 while nothing changed (no database, no rendering)."""
    unchanged = _unchanged(request, wid, "console")
    if unchanged is not None:
        return unchanged
    context = _context(request, wid, "console")
    workshop = context["c"].workshop
    if not workshop.is_open:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("reports:results", args=[workshop.assessment_id])
        return response
    if request.GET.get("s", "") != str(workshop.stage):
        # The item above changed without the facilitator (a timer ran out): show it anew.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return _rendered("assessments/workshop/_console_live.html", request, context)


@login_required
def projector(request: AuthenticatedRequest, wid: int) -> HttpResponse:
    context = _context(request, wid, "projector")
    return render(request, "assessments/workshop/projector.html", context)


def projector_live(request: HttpRequest, wid: int) -> HttpResponse:
    unchanged = _unchanged(request, wid, "projector")
    if unchanged is not None:
        return unchanged
    return _rendered(
        "assessments/workshop/_projector_live.html", request, _context(request, wid, "projector")
    )


def _join_url(request: HttpRequest, workshop: Workshop) -> str:
    return request.build_absolute_uri(reverse("assessments:join_code", args=[workshop.code]))


@login_required
def qr_code(request: AuthenticatedRequest, wid: int) -> HttpResponse:
    """The join link as a QR code (SVG), for the projector."""
    import segno

    workshop = _facilitate(request, wid)
    buffer = io.BytesIO()
    segno.make(_join_url(request, workshop), error="m").save(
        buffer, kind="svg", scale=8, dark="#1f3a5f", border=2, xmldecl=False
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@require_POST
@login_required
def item_action(request: AuthenticatedRequest, wid: int, key: str, action: str) -> HttpResponse:
    workshop = _facilitate(request, wid)
    if action not in ITEM_ACTIONS:
        return HttpResponse(_("No such action."), status=404)
    timer = request.POST.get("timer", "").strip()
    kwargs: dict[str, int] = {}
    if action == "open" and timer:
        if not (timer.isdecimal() and timer.isascii() and len(timer) <= 6):
            messages.error(request, _("The timer is a whole number of seconds."))
            return _back_to_console(request, workshop)
        kwargs["timer_seconds"] = int(timer)
    if action == "close" and request.POST.get("confirm") != "1":
        waiting = _not_voted(workshop, key)
        if waiting:
            context = {"w": workshop, "key": key, "waiting": waiting, "order": _order(request)}
            return render(request, "assessments/workshop/close_confirm.html", context)
    try:
        ITEM_ACTIONS[action](workshop=workshop, key=key, **kwargs)
    except Refused as exc:
        messages.error(request, str(exc))
    return _back_to_console(request, workshop)


def _not_voted(workshop: Workshop, key: str) -> int:
    """How many people in the room have not voted on the item (0 when it is not voting)."""
    item = workshop.items.filter(question__key=key, state=WorkshopItem.State.VOTING).first()
    if item is None:
        return 0
    present = workshop.participants.filter(removed=False)
    voted = Vote.objects.filter(participant__in=present, question_id=item.question_id).count()
    return max(0, present.count() - voted)


def _order(request: HttpRequest) -> str:
    order = request.POST.get("order", "") or request.GET.get("order", "")
    return order if order in ("", "disagreement") else ""


def _back_to_console(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    order = _order(request)
    url = reverse("assessments:console", args=[workshop.pk])
    return redirect(f"{url}?order={order}" if order else url)


@require_POST
@login_required
def consensus(request: AuthenticatedRequest, wid: int, key: str) -> HttpResponse:
    workshop = _facilitate(request, wid)
    form = ConsensusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not recorded: %(e)s") % {"e": form.errors.as_text()})
        return _back_to_console(request, workshop)
    try:
        service.record_consensus(
            workshop=workshop,
            key=key,
            value=form.cleaned_data["value"],
            rationale=form.cleaned_data["rationale"],
            by=request.user,
        )
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Agreed answer recorded."))
    return _back_to_console(request, workshop)


@require_POST
@login_required
def remove(request: AuthenticatedRequest, wid: int, ppk: int) -> HttpResponse:
    workshop = _facilitate(request, wid)
    participant = get_object_or_404(Participant, pk=ppk, workshop=workshop)
    try:
        service.remove_participant(workshop=workshop, participant=participant)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Participant removed; their votes no longer count."))
    return _back_to_console(request, workshop)


@require_POST
@login_required
def end(request: AuthenticatedRequest, wid: int) -> HttpResponse:
    """Asks first (a page whose button posts again with confirm=1, so no JavaScript is
    needed), saying what ending does and how many items have no agreed answer yet."""
    workshop = _facilitate(request, wid)
    if workshop.is_open and request.POST.get("confirm") != "1":
        agreed = Consensus.objects.filter(
            assessment_id=workshop.assessment_id,
            question_id__in=workshop.items.values("question_id"),
        ).count()
        context = {
            "w": workshop,
            "without_consensus": workshop.items.count() - agreed,
            "voting": workshop.items.filter(state=WorkshopItem.State.VOTING).exists(),
            "participants": workshop.participants.filter(removed=False).count(),
        }
        return render(request, "assessments/workshop/end_confirm.html", context)
    try:
        service.end_workshop(workshop=workshop, by=request.user)
    except Refused as exc:
        messages.error(request, str(exc))
    return redirect("reports:results", pk=workshop.assessment_id)
