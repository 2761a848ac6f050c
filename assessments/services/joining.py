"""Joining a workshop by its code: codes as people type them, limits on guessing, caps.

A miss (a code that names no workshop) counts against the client address for
`JOIN_WINDOW`, in the shared cache, so every server sees the same count. Hits never count.
Past `JOIN_ATTEMPTS` misses a wrong code is answered "too many attempts", while the right
code still works: a room behind one venue network shows as one address, and its typos
must not lock it out. Past `JOIN_BLOCK` misses, far more than any room types in ten
minutes, the address is refused outright until the window ends, the right code included,
so that guessing one of 31**6 codes stays hopeless.

Caps, set by the facilitator: people in the workshop (`Workshop.max_participants`) and
people joining from one client address (`Workshop.max_per_address`, none by default,
for the same venue-network reason). The address is kept only as a keyed hash.
"""

from django.core.cache import caches
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from assessments.models import Participant, Workshop
from assessments.services.assessments import Refused
from assessments.services.live import bump, code_key, workshop_id_for

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no look-alikes: 0/O, 1/I/L
CODE_LENGTH = 6
JOIN_ATTEMPTS = 10
JOIN_BLOCK = 200
JOIN_WINDOW = 600  # seconds


class Ended(Refused):
    """The code is right, but its workshop has ended."""


class TooMany(Refused):
    """Too many wrong codes from this client address for now."""


def normalise_code(typed: str) -> str:
    """A code as typed ("8k8 cbp", "8K8-CBP") as it is stored ("8K8CBP")."""
    return "".join(ch for ch in typed[:64].upper() if ch.isascii() and ch.isalnum())


def _misses_key(address: str) -> str:
    return f"join-misses:{address}"


def misses(address: str) -> int:
    return int(caches["shared"].get(_misses_key(address), 0))


def _count_miss(address: str) -> int:
    cache, key = caches["shared"], _misses_key(address)
    cache.add(key, 0, JOIN_WINDOW)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between the two calls
        cache.set(key, 1, JOIN_WINDOW)
        return 1


def _too_many() -> TooMany:
    return TooMany(_("Too many wrong codes from your network; please wait a few minutes."))


def check_not_blocked(address: str) -> None:
    if misses(address) >= JOIN_BLOCK:
        raise _too_many()


def workshop_id_by_code(*, code: str, address: str) -> int | None:
    """The id of the workshop this code names; a miss is counted. No refusal: the phone
    pages answer a wrong code exactly as a right one they cannot serve (no oracle)."""
    normalised = normalise_code(code)
    if len(normalised) != CODE_LENGTH:
        check_not_blocked(address)
        _count_miss(address)
        return None
    # One round trip for both.
    known = caches["shared"].get_many([_misses_key(address), code_key(normalised)])
    if int(known.get(_misses_key(address), 0)) >= JOIN_BLOCK:
        raise _too_many()
    found = known.get(code_key(normalised)) or workshop_id_for(normalised)
    if found is None:
        _count_miss(address)
    return None if found is None else int(found)


def phone_workshop_id(code: str) -> int | None:
    """The workshop a phone page's code names, uncounted (see live.workshop_id_for).
    Only for a browser whose session then shows that it joined; a page that cannot serve
    the request answers through `unserved`. So a joined phone is served whatever its
    network's misses: the limit guards the codes, not the people already in the room."""
    normalised = normalise_code(code)
    return workshop_id_for(normalised) if len(normalised) == CODE_LENGTH else None


def unserved(*, found: bool, address: str) -> None:
    """Count a phone request that cannot be served, the same for a code that exists and
    one that does not: TooMany while the address is blocked, and a miss if `found` is
    False."""
    check_not_blocked(address)
    if not found:
        _count_miss(address)


def workshop_by_code(*, code: str, address: str) -> Workshop:
    """The open workshop this code names, or a refusal in words (the join page)."""
    before = misses(address)
    found = workshop_id_by_code(code=code, address=address)
    if found is None:
        if before >= JOIN_ATTEMPTS:
            raise _too_many()
        raise Refused(_("No such workshop. Check the code on the screen."))
    workshop = Workshop.objects.select_related("assessment").get(pk=found)
    if not workshop.is_open:
        raise Ended(_("This workshop has ended. Thank you for taking part."))
    return workshop


def address_key(address: str) -> str:
    return salted_hmac("workshop-join-address", address, algorithm="sha256").hexdigest()[:32]


def join_workshop(*, workshop: Workshop, name: str, role: str, address: str) -> Participant:
    """Join, within the workshop's caps; under the workshop's row lock, so that a room
    joining at once cannot pass a cap."""
    key = address_key(address)
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if not workshop.is_open:
            raise Ended(_("This workshop has ended. Thank you for taking part."))
        present = workshop.participants.filter(removed=False)
        if present.count() >= workshop.max_participants:
            raise Refused(
                _("This workshop is full (%(n)d people). Please ask the facilitator.")
                % {"n": workshop.max_participants}
            )
        cap = workshop.max_per_address
        if cap is not None and present.filter(address_key=key).count() >= cap:
            raise Refused(
                _(
                    "%(n)d people have joined from your network already, as many as the "
                    "facilitator allows. Please ask the facilitator."
                )
                % {"n": cap}
            )
        name = "" if workshop.anonymous else name.strip()
        participant = Participant.objects.create(
            workshop=workshop, name=name, role=role, address_key=key
        )
        bump(workshop, stage=False)
    participant.workshop = workshop
    return participant
