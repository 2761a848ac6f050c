"""What a history entry says, worded when it is shown, in the reader's language.

An entry that keeps the status records an event (a handover, a workshop's start or end) as
a code and its details, not as a sentence: a sentence written in the language of whoever
caused it would read in that language to everyone. Entries written before events existed
keep the text they were written with (`reason`).
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import Assessment, StateChange

HANDOVER = "handover"
WORKSHOP_STARTED = "workshop-started"
WORKSHOP_ENDED = "workshop-ended"


def _handover(details: dict[str, Any]) -> str:
    return _("Ownership passed from %(from)s to %(to)s.") % details


def _workshop_started(details: dict[str, Any]) -> str:
    return _("started workshop %(code)s") % details


def _workshop_ended(details: dict[str, Any]) -> str:
    people = (
        ngettext("%(people)d participant", "%(people)d participants", details["people"]) % details
    )
    agreed = (
        ngettext("%(agreed)d agreed answer", "%(agreed)d agreed answers", details["agreed"])
        % details
    )
    return _("ended workshop %(code)s: %(people)s, %(agreed)s") % {
        "code": details["code"],
        "people": people,
        "agreed": agreed,
    }


EVENTS: dict[str, Callable[[dict[str, Any]], str]] = {
    HANDOVER: _handover,
    WORKSHOP_STARTED: _workshop_started,
    WORKSHOP_ENDED: _workshop_ended,
}


def described(change: StateChange) -> str:
    """The entry's words: its event's, in the active language, else the reason given."""
    wording = EVENTS.get(change.event)
    return change.reason if wording is None else wording(change.details)


def state_log(assessment: Assessment) -> list[StateChange]:
    """The assessment's history, each entry's words in `what`."""
    changes: QuerySet[StateChange] = assessment.state_changes.select_related("by")
    entries = list(changes)
    for change in entries:
        change.what = described(change)  # type: ignore[attr-defined]
    return entries
