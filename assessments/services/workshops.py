"""Live workshops: the facilitator paces the items, participants vote blind, the group agrees.

All state is in the database (no process memory), so several servers serve one
workshop; every change bumps the workshop's counters (services/live.py), so that a poll
that finds them unchanged is answered without rendering. Joining is in services/joining.py.
"""

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import signals
from assessments.models import (
    Assessment,
    Consensus,
    Participant,
    Workshop,
    WorkshopItem,
)
from assessments.selectors import assessment_definition
from assessments.selectors.history import WORKSHOP_ENDED, WORKSHOP_STARTED
from assessments.services.assessments import Refused, _log, _move
from assessments.services.joining import CODE_ALPHABET, CODE_LENGTH
from assessments.services.live import bump, end_timers, workshop_framework_id
from assessments.services.sql import vote_if_open
from maturity.answers import allowed_values
from maturity.models import Question
from maturity.selectors import used_framework_definition

# A voting timer runs from five seconds to an hour; "no timer" is None.
TIMER_SECONDS = (5, 3600)


class TimeUp(Refused):
    """A vote after the item's timer ran out."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def start_workshop(
    *,
    assessment: Assessment,
    by: User,
    anonymous: bool = True,
    show_distribution: bool = True,
    max_participants: int = 500,
    max_per_address: int | None = None,
) -> Workshop:
    """A workshop over every question of the assessment, in framework order. A draft
    assessment is in progress from now; its history records the start."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_locked:
        raise Refused(_("This assessment is submitted; reopen it to run a workshop."))
    if assessment.workshops.filter(status=Workshop.Status.OPEN).exists():
        raise Refused(_("A workshop is already running for this assessment."))
    workshop = _create_with_unique_code(assessment, by, anonymous, show_distribution)
    workshop.max_participants = max_participants
    workshop.max_per_address = max_per_address
    workshop.save(update_fields=["max_participants", "max_per_address"])
    if assessment.status == Assessment.Status.DRAFT:
        _move(assessment, by=by, to_status=Assessment.Status.IN_PROGRESS)
    _log_workshop(workshop, by, WORKSHOP_STARTED, {"code": workshop.code})
    questions = Question.objects.filter(
        subdimension__dimension__framework=assessment.framework_id
    ).order_by("subdimension__dimension__position", "subdimension__position", "position")
    WorkshopItem.objects.bulk_create(
        WorkshopItem(workshop=workshop, question=question, position=index)
        for index, question in enumerate(questions)
    )
    return workshop


def _log_workshop(workshop: Workshop, by: User | None, event: str, details: dict[str, Any]) -> None:
    """A history entry that keeps the status; the event says what happened."""
    status = workshop.assessment.status
    _log(
        workshop.assessment,
        by=by,
        from_status=status,
        to_status=status,
        event=event,
        details=details,
    )


def _create_with_unique_code(
    assessment: Assessment, by: User, anonymous: bool, show_distribution: bool
) -> Workshop:
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return Workshop.objects.create(
                    assessment=assessment,
                    facilitator=by,
                    code=new_code(),
                    anonymous=anonymous,
                    show_distribution=show_distribution,
                )
        except IntegrityError:
            continue  # the code is taken; draw another
    raise Refused(_("Could not find a free join code; please try again."))


def _item(workshop: Workshop, key: str) -> WorkshopItem:
    item = (
        WorkshopItem.objects.select_for_update()
        .select_related("question")
        .filter(workshop=workshop, question__key=key)
        .first()
    )
    if item is None:
        raise Refused(_("No item %(key)s in this workshop.") % {"key": key})
    return item


def _require_open(workshop: Workshop) -> Workshop:
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if not workshop.is_open:
        raise Refused(_("This workshop has ended."))
    return workshop


@transaction.atomic
def open_item(*, workshop: Workshop, key: str, timer_seconds: int | None = None) -> WorkshopItem:
    """Make an item current and open it for votes; the item that was voting closes."""
    if timer_seconds is not None and not TIMER_SECONDS[0] <= timer_seconds <= TIMER_SECONDS[1]:
        raise Refused(
            _("A timer runs from %(low)d to %(high)d seconds.")
            % {"low": TIMER_SECONDS[0], "high": TIMER_SECONDS[1]}
        )
    workshop = _require_open(workshop)
    item = _item(workshop, key)
    WorkshopItem.objects.filter(workshop=workshop, state=WorkshopItem.State.VOTING).exclude(
        pk=item.pk
    ).update(state=WorkshopItem.State.CLOSED)
    item.state = WorkshopItem.State.VOTING
    item.deadline = timezone.now() + timedelta(seconds=timer_seconds) if timer_seconds else None
    item.save(update_fields=["state", "deadline"])
    workshop.current = item.question
    workshop.save(update_fields=["current"])
    bump(workshop)
    return item


@transaction.atomic
def show_item(*, workshop: Workshop, key: str) -> WorkshopItem:
    """Make an item current without opening voting (going back to a finished item)."""
    workshop = _require_open(workshop)
    item = _item(workshop, key)
    WorkshopItem.objects.filter(workshop=workshop, state=WorkshopItem.State.VOTING).update(
        state=WorkshopItem.State.CLOSED
    )
    workshop.current = item.question
    workshop.save(update_fields=["current"])
    bump(workshop)
    return item


@transaction.atomic
def close_item(*, workshop: Workshop, key: str) -> WorkshopItem:
    return _set_state(workshop, key, WorkshopItem.State.CLOSED)


@transaction.atomic
def reveal_item(*, workshop: Workshop, key: str) -> WorkshopItem:
    """Show the distribution of a closed vote: nobody sees votes before this. Closing is
    its own step, so that nobody still voting is cut off by a reveal."""
    return _set_state(workshop, key, WorkshopItem.State.REVEALED)


def _set_state(workshop: Workshop, key: str, state: str) -> WorkshopItem:
    workshop = _require_open(workshop)
    item = _item(workshop, key)
    if item.state == WorkshopItem.State.WAITING:
        raise Refused(_("Open the item for voting first."))
    if state == WorkshopItem.State.REVEALED and item.state == WorkshopItem.State.VOTING:
        raise Refused(_("Close voting before revealing the votes."))
    item.state = state
    item.save(update_fields=["state"])
    bump(workshop)
    return item


@transaction.atomic
def record_consensus(
    *, workshop: Workshop, key: str, value: str, rationale: str, by: User
) -> Consensus:
    """The group's agreed answer; it becomes the question's effective answer."""
    workshop = _require_open(workshop)
    item = _item(workshop, key)
    if item.state in (WorkshopItem.State.WAITING, WorkshopItem.State.VOTING):
        raise Refused(_("Close or reveal the vote before recording the agreed answer."))
    levels = len(assessment_definition(workshop.assessment).levels)
    if value not in allowed_values(item.question.kind, levels):
        raise Refused(_("%(value)r is not an answer to %(key)s.") % {"value": value, "key": key})
    consensus, _created = Consensus.objects.update_or_create(
        assessment=workshop.assessment,
        question=item.question,
        defaults={"value": value, "rationale": rationale.strip(), "recorded_by": by},
    )
    bump(workshop)
    return consensus


@transaction.atomic
def end_workshop(*, workshop: Workshop, by: User | None = None) -> Workshop:
    """Stop the workshop; its code stops working and the votes stay for the results. The
    assessment's history records the end, with the room's size and the agreed answers."""
    workshop = _require_open(workshop)
    people = workshop.participants.filter(removed=False).count()
    agreed = Consensus.objects.filter(
        assessment_id=workshop.assessment_id,
        question_id__in=workshop.items.values("question_id"),
    ).count()
    details = {"code": workshop.code, "people": people, "agreed": agreed}
    _log_workshop(workshop, by, WORKSHOP_ENDED, details)
    WorkshopItem.objects.filter(workshop=workshop, state=WorkshopItem.State.VOTING).update(
        state=WorkshopItem.State.CLOSED
    )
    workshop.status = Workshop.Status.ENDED
    workshop.ended_at = timezone.now()
    workshop.current = None
    workshop.save(update_fields=["status", "ended_at", "current"])
    bump(workshop)
    transaction.on_commit(
        lambda: signals.workshop_ended.send(sender=Workshop, workshop=workshop, by=by),
        robust=True,
    )
    return workshop


@transaction.atomic
def remove_participant(*, workshop: Workshop, participant: Participant) -> None:
    """Take someone out of the room: their votes no longer count, and they cannot vote.

    Only while the workshop runs and the assessment is open: afterwards the votes are part
    of the result, which must not move (DESIGN rule 13)."""
    if participant.workshop_id != workshop.pk:
        raise Refused(_("That person is not in this workshop."))
    workshop = Workshop.objects.select_for_update().select_related("assessment").get(pk=workshop.pk)
    if workshop.assessment.is_locked:
        raise Refused(_("The assessment is submitted; its participants can no longer change."))
    if not workshop.is_open:
        raise Refused(_("The workshop has ended; its participants can no longer change."))
    participant.removed = True
    participant.save(update_fields=["removed"])
    participant.votes.all().delete()
    bump(workshop)


def cast_vote(
    *, participant_id: int, workshop_id: int, key: str, value: str, comment: str = ""
) -> None:
    """A participant's vote on the current item; it can change until the item closes.

    Nothing is read from the database first: the value is checked against the item's
    options in the framework's definition (kept in memory), and the vote is one conditional
    statement (services/sql.py `vote_if_open`) that writes only while the participant is
    in the workshop and not removed, the workshop open and the item voting within its
    timer. So a close, an end or a removal racing it cannot be missed, and no lock is held
    across round trips while a room votes at once. When it writes nothing, the reason is
    read afterwards; the first vote after a timer's end closes the item for everyone.
    """
    framework_id = workshop_framework_id(workshop_id)
    if framework_id is None:
        raise Refused(_("You are not a participant of this workshop."))
    definition = used_framework_definition(framework_id)
    question = definition.index.questions.get(key)
    if question is None:
        raise Refused(_("No item %(key)s in this workshop.") % {"key": key})
    if value not in allowed_values(question.kind, len(definition.levels)):
        raise Refused(_("%(value)r is not an answer to this item.") % {"value": value})
    now = timezone.now()
    stored = vote_if_open(
        participant_id=participant_id,
        workshop_id=workshop_id,
        key=key,
        value=value,
        comment=comment.strip(),
        now=now,
    )
    if not stored:
        raise _why_not_stored(participant_id, workshop_id, key, now)
    bump(workshop_id, stage=False)


def _why_not_stored(participant_id: int, workshop_id: int, key: str, now: datetime) -> Refused:
    """Why a vote was not stored, read after the fact (a refusal is the rare case)."""
    removed = (
        Participant.objects.filter(pk=participant_id, workshop_id=workshop_id)
        .values_list("removed", flat=True)
        .first()
    )
    if removed is None:
        return Refused(_("You are not a participant of this workshop."))
    if removed:
        return Refused(_("The facilitator has taken you out of this workshop."))
    if not Workshop.objects.filter(pk=workshop_id, status=Workshop.Status.OPEN).exists():
        return Refused(_("This workshop has ended."))
    item = WorkshopItem.objects.filter(workshop_id=workshop_id, question__key=key).first()
    if item is None:
        return Refused(_("No item %(key)s in this workshop.") % {"key": key})
    if item.deadline is not None and now > item.deadline:
        if item.state == WorkshopItem.State.VOTING:
            end_timers(workshop_id)  # the first vote after the end closes it for all
        return TimeUp(_("Time is up: voting on this item has closed."))
    return Refused(_("Voting on this item is closed."))
