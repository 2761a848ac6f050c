"""Live workshops over HTTP: the facilitator's console and projector, participants' phones.

Pages poll every 1.5 s with the change counter they were rendered at; an unchanged
counter gets 204 with no rendering, so polls stay cheap with a room full of phones.
"""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.signing import BadSignature, TimestampSigner
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.forms import ConsensusForm, JoinCodeForm, JoinForm, VoteForm, WorkshopForm
from assessments.models import Consensus, Participant, Workshop, WorkshopItem
from assessments.selectors import assessment_for
from assessments.selectors.workshops import (
    console as console_data,
)
from assessments.selectors.workshops import (
    facilitated_workshop,
    phone_view,
    remember_participant,
    session_participant,
    workshop_by_code,
    workshop_counter,
    workshop_stage_by_code,
)
from assessments.services import Refused
from assessments.services import workshops as service
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
    form.is_valid()  # both fields are optional check boxes
    try:
        workshop = service.start_workshop(
            assessment=assessment,
            by=request.user,
            anonymous=form.cleaned_data.get("anonymous", False),
            show_distribution=form.cleaned_data.get("show_distribution", False),
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


@login_required
def console(request: AuthenticatedRequest, wid: int) -> HttpResponse:
    workshop = _facilitate(request, wid)
    if not workshop.is_open:
        return redirect("reports:results", pk=workshop.assessment_id)
    data = console_data(workshop, order=request.GET.get("order", ""))
    context = {
        "c": data,
        "order": request.GET.get("order", ""),
        "consensus_form": ConsensusForm(),
        "token": poll_token(workshop),
    }
    return render(request, "assessments/workshop/console.html", context)


def _unchanged(request: HttpRequest, wid: int, field: str) -> bool:
    # Compared as text: any "v" a client sends is merely "changed", never a parse error.
    return request.GET.get("v", "") == str(workshop_counter(wid, field))


def console_live(request: HttpRequest, wid: int) -> HttpResponse:
    """The console's live part; 204 while nothing changed (one indexed read, no rendering)."""
    if not _valid_poll_token(request, wid):
        return HttpResponse(status=403)
    if _unchanged(request, wid, "version"):
        return HttpResponse(status=204)
    workshop = _facilitate(request, wid)  # type: ignore[arg-type]
    if not workshop.is_open:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("reports:results", args=[workshop.assessment_id])
        return response
    data = console_data(workshop, order=request.GET.get("order", ""))
    context = {
        "c": data,
        "order": request.GET.get("order", ""),
        "consensus_form": ConsensusForm(),
        "token": poll_token(workshop),
    }
    return render(request, "assessments/workshop/_console_live.html", context)


@login_required
def projector(request: AuthenticatedRequest, wid: int) -> HttpResponse:
    workshop = _facilitate(request, wid)
    context = {
        "c": console_data(workshop),
        "join_url": _join_url(request, workshop),
        "token": poll_token(workshop),
    }
    return render(request, "assessments/workshop/projector.html", context)


def projector_live(request: HttpRequest, wid: int) -> HttpResponse:
    if not _valid_poll_token(request, wid):
        return HttpResponse(status=403)
    if _unchanged(request, wid, "version"):
        return HttpResponse(status=204)
    workshop = _facilitate(request, wid)  # type: ignore[arg-type]
    context = {
        "c": console_data(workshop),
        "join_url": _join_url(request, workshop),
        "token": poll_token(workshop),
    }
    return render(request, "assessments/workshop/_projector_live.html", context)


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
    try:
        ITEM_ACTIONS[action](workshop=workshop, key=key, **kwargs)
    except Refused as exc:
        messages.error(request, str(exc))
    return _back_to_console(request, workshop)


def _back_to_console(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    order = request.POST.get("order", "")
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
        service.end_workshop(workshop=workshop)
    except Refused as exc:
        messages.error(request, str(exc))
    return redirect("reports:results", pk=workshop.assessment_id)


# --- participants: no account; the session remembers whom this browser joined as ---


def _client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the proxy's header named in the settings."""
    header = settings.CLIENT_ADDRESS_HEADER
    forwarded = request.META.get(header, "") if header else ""
    address = forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")
    return address or "0.0.0.0"


def join(request: HttpRequest) -> HttpResponse:
    """Type the code shown on the screen."""
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        return redirect("assessments:join_code", code=code)
    return render(request, "assessments/workshop/join.html", {"form": form})


def join_code(request: HttpRequest, code: str) -> HttpResponse:
    """Name (unless anonymous) and role, then in; a wrong or ended code says so plainly."""
    form = JoinForm(request.POST or None)
    try:
        workshop = service.open_workshop_by_code(code=code, address=_client_address(request))
    except Refused as exc:
        refused = {"form": form, "workshop": None, "code": code, "error": str(exc)}
        return render(request, "assessments/workshop/join_code.html", refused, status=404)
    if request.method == "POST" and form.is_valid():
        participant = service.join_workshop(
            code=code,
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
            address=_client_address(request),
        )
        remember_participant(request.session, participant)
        return redirect("assessments:vote", code=workshop.code)
    context: dict[str, object] = {"form": form, "workshop": workshop, "code": workshop.code}
    return render(request, "assessments/workshop/join_code.html", context)


def _participant(request: HttpRequest, code: str) -> tuple[Workshop, Participant]:
    workshop = workshop_by_code(code.upper())
    participant = session_participant(request.session, workshop)
    if participant is None:
        raise PermissionDenied(_("Join the workshop with its code first."))
    return workshop, participant


def vote(request: HttpRequest, code: str) -> HttpResponse:
    """The phone page: the current item only; posting votes on it (htmx or plain form)."""
    workshop, participant = _participant(request, code)
    if request.method == "POST":
        return _cast(request, workshop, participant)
    context = {"p": phone_view(workshop, participant), "code": workshop.code}
    return render(request, "assessments/workshop/vote.html", context)


def vote_live(request: HttpRequest, code: str) -> HttpResponse:
    row = workshop_stage_by_code(code.upper())
    if row is None:
        return HttpResponse(status=404)
    if request.GET.get("v", "") == str(row[1]):
        return HttpResponse(status=204)
    workshop, participant = _participant(request, code)
    context = {"p": phone_view(workshop, participant), "code": workshop.code}
    return render(request, "assessments/workshop/_vote_live.html", context)


def _cast(request: HttpRequest, workshop: Workshop, participant: Participant) -> HttpResponse:
    form = VoteForm(request.POST)
    error: str | None = None
    if not request.POST.get("value"):
        error = _("Choose an answer first; your comment is sent with it.")
    elif not form.is_valid():
        error = _("That vote could not be read; please choose again.")
    if error is None:
        try:
            service.cast_vote(
                participant=participant,
                workshop=workshop,
                key=form.cleaned_data["key"],
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
            )
        except Refused as exc:
            error = str(exc)
    if request.headers.get("HX-Request"):
        context = {"error": error}
        return render(
            request, "assessments/workshop/_vote_status.html", context, status=400 if error else 200
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Vote saved; you can change it until voting closes."))
    return redirect("assessments:vote", code=workshop.code)
