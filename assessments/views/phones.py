"""Participants' phones: join with the code on the screen, vote, follow the room.

No account: the session remembers whom this browser joined as, per workshop. Every page
that takes a code counts a wrong one against the client address (services/joining.py)
and answers a code it cannot serve the same whether the workshop exists or not: joined
or nothing. The live part polls every 1.5 s with the ETag it was rendered with; an
unchanged workshop is a 304 from the shared cache, without the database or the session.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assessments.forms import JoinCodeForm, JoinForm, VoteForm
from assessments.models import Participant, Workshop
from assessments.selectors.workshops import (
    joined_participant,
    joined_participant_id,
    phone_view,
    remember_participant,
    workshop_for_phones,
)
from assessments.services import Refused
from assessments.services import workshops as service
from assessments.services.joining import (
    Ended,
    TooMany,
    join_workshop,
    normalise_code,
    phone_workshop_id,
    unserved,
    workshop_by_code,
)
from assessments.services.live import live_state, workshop_of_etag
from config.client import client_address

# htmx stops polling on this status; the fragment it carries is still shown.
STOP_POLLING = 286


def join(request: HttpRequest) -> HttpResponse:
    """Type the code shown on the screen."""
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("assessments:join_code", code=form.cleaned_data["code"])
    return render(request, "assessments/workshop/join.html", {"form": form})


def join_code(request: HttpRequest, code: str) -> HttpResponse:
    """Name (unless anonymous) and role, then in; a wrong or ended code says so plainly.
    A browser that has joined already goes straight back to its phone page."""
    if normalise_code(code) != code:
        return redirect("assessments:join_code", code=normalise_code(code) or "-")
    address = client_address(request)
    form = JoinForm(request.POST or None)
    try:
        workshop = workshop_by_code(code=code, address=address)
    except Refused as exc:
        ended = isinstance(exc, Ended)
        refused = {"form": form, "workshop": None, "code": code, "error": str(exc), "ended": ended}
        status = 410 if ended else 429 if isinstance(exc, TooMany) else 404
        return render(request, "assessments/workshop/join_code.html", refused, status=status)
    already = joined_participant(request.session, workshop.pk)
    if already is not None and not already.removed:
        return redirect("assessments:vote", code=workshop.code)
    if request.method == "POST" and form.is_valid():
        try:
            participant = join_workshop(
                workshop=workshop,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                address=address,
            )
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            remember_participant(request.session, participant)
            return redirect("assessments:vote", code=workshop.code)
    context = {"form": form, "workshop": workshop, "code": workshop.code}
    return render(request, "assessments/workshop/join_code.html", context)


def _joined(request: HttpRequest, code: str) -> tuple[int, int] | HttpResponse:
    """The ids of the workshop and of whom this browser joined it as, from the code and the
    session alone, or the one answer for everything else (a wrong code, a right one not
    joined, too many wrong codes from the network)."""
    found = phone_workshop_id(code)
    participant_id = None if found is None else joined_participant_id(request.session, found)
    if found is None or participant_id is None:
        try:
            unserved(found=found is not None, address=client_address(request))
        except Refused as exc:
            return _not_joined(request, str(exc), status=429)
        return _not_joined(request, _("You have not joined a workshop with this code."))
    return found, participant_id


def _phone(request: HttpRequest, code: str) -> tuple[Workshop, Participant] | HttpResponse:
    """The workshop and the participant, read, or the one answer as in `_joined`."""
    joined = _joined(request, code)
    if isinstance(joined, HttpResponse):
        return joined
    participant = joined_participant(request.session, joined[0])
    if participant is None:  # deleted meanwhile
        return _not_joined(request, _("You have not joined a workshop with this code."))
    return participant.workshop, participant


def _not_joined(request: HttpRequest, message: str, *, status: int = 404) -> HttpResponse:
    template = (
        "assessments/workshop/_not_joined.html"
        if request.headers.get("HX-Request")
        else "assessments/workshop/not_joined.html"
    )
    return render(request, template, {"error": message}, status=status)


def vote(request: HttpRequest, code: str) -> HttpResponse:
    """The phone page: the current item only; posting votes on it (htmx or plain form)."""
    if request.method == "POST":
        return _cast(request, code)
    found = _phone(request, code)
    if isinstance(found, HttpResponse):
        return found
    workshop, participant = found
    return render(request, "assessments/workshop/vote.html", _phone_context(workshop, participant))


def vote_live(request: HttpRequest, code: str) -> HttpResponse:
    """The phone's live part: 304 while the workshop's stage is unchanged; 286 (stop
    polling) once the workshop has ended or this participant was removed."""
    etag = str(request.META.get("HTTP_IF_NONE_MATCH", ""))  # not request.headers: 70 µs
    found = workshop_of_etag(etag) if etag else None
    if found is not None:
        # One cache read: the ETag names its workshop and is signed, so it matches only
        # one handed to a joined phone (no miss is counted, no code is looked up).
        state = live_state(found)
        if state is not None and etag == state.etag("phone"):
            return HttpResponseNotModified()
    found_phone = _phone(request, code)
    if isinstance(found_phone, HttpResponse):
        return found_phone
    workshop, participant = found_phone
    context = _phone_context(workshop, participant)
    status = STOP_POLLING if participant.removed or not workshop.is_open else 200
    response = render(request, "assessments/workshop/_vote_live.html", context, status=status)
    if context["etag"]:
        response["ETag"] = str(context["etag"])
    return response


def _phone_context(workshop: Workshop, participant: Participant) -> dict[str, object]:
    state = live_state(workshop.pk)
    if state is not None and state.stage != workshop.stage:
        workshop = workshop_for_phones(workshop.pk)  # a timer closed the item just now
        participant.workshop = workshop
    return {
        "p": phone_view(workshop, participant),
        "code": workshop.code,
        "etag": "" if state is None else state.etag("phone"),
    }


def _cast(request: HttpRequest, code: str) -> HttpResponse:
    """A vote reads nothing from the database before it writes: the code names the
    workshop, the session the participant, and the write checks the rest (see
    services.workshops.cast_vote)."""
    joined = _joined(request, code)
    if isinstance(joined, HttpResponse):
        return joined
    workshop_id, participant_id = joined
    form = VoteForm(request.POST)
    error: str | None = None
    if not request.POST.get("value"):
        error = _("Choose an answer first; your comment is sent with it.")
    elif not form.is_valid():
        error = _("That vote could not be read; please choose again.")
    else:
        try:
            service.cast_vote(
                participant_id=participant_id,
                workshop_id=workshop_id,
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
    return redirect("assessments:vote", code=normalise_code(code))
