"""Reads for live workshops: the facilitator's console, the projector, a participant's phone."""

import math
from dataclasses import dataclass, replace

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    Answer,
    Consensus,
    Participant,
    Vote,
    Workshop,
    WorkshopItem,
)
from assessments.scoring import VoteSummary, summarise_votes
from assessments.selectors.access import assessment_for
from assessments.selectors.results import assessment_definition
from maturity import answers
from maturity.schema import FrameworkDef, QuestionDef, SubdimensionDef

SESSION_KEY = "workshop_participants"


def facilitated_workshop(user: User | AnonymousUser, pk: int) -> Workshop:
    """A workshop whose assessment the user manages (its consultant, manager, owner, admin)."""
    workshop = Workshop.objects.select_related("assessment", "current").filter(pk=pk).first()
    if workshop is None:
        raise Http404(_("No such workshop."))
    _assessment, access = assessment_for(user, workshop.assessment_id)
    if not access.manage:
        raise PermissionDenied(_("Only the facilitator's side may open the console."))
    return workshop


# What every phone request needs of a workshop: one statement with the participant.
FOR_PHONES = ("assessment__framework", "current")


def workshop_for_phones(workshop_id: int) -> Workshop:
    """The workshop with its assessment, framework and current question."""
    return Workshop.objects.select_related(*FOR_PHONES).get(pk=workshop_id)


def joined_participant_id(session: SessionBase, workshop_id: int) -> int | None:
    """The id of whom this browser joined this workshop as, from its session alone."""
    found = session.get(SESSION_KEY, {}).get(str(workshop_id))
    return None if found is None else int(found)


def joined_participant(session: SessionBase, workshop_id: int) -> Participant | None:
    """Whom this browser joined this workshop as (removed or not), with the workshop, its
    assessment, framework and current question, or None."""
    participant_id = joined_participant_id(session, workshop_id)
    if participant_id is None:
        return None
    related = [f"workshop__{name}" for name in FOR_PHONES]
    found = Participant.objects.select_related(*related).filter(
        pk=participant_id, workshop_id=workshop_id
    )
    return next(iter(found), None)


def remember_participant(session: SessionBase, participant: Participant) -> None:
    joined = dict(session.get(SESSION_KEY, {}))
    joined[str(participant.workshop_id)] = participant.pk
    session[SESSION_KEY] = joined


@dataclass(frozen=True)
class ItemView:
    """One item as the console lists it."""

    item: WorkshopItem
    question: QuestionDef
    subdimension: SubdimensionDef
    votes: int
    consensus: Consensus | None
    prior: VoteSummary | None  # answers given ahead of the workshop, for ordering


@dataclass(frozen=True)
class Current:
    """The current item in full: cards, counts and (once revealed) the distribution."""

    view: ItemView
    cards: tuple[tuple[str, str, str, str], ...]  # value, label, descriptor, guidance
    joined: int
    summary: VoteSummary | None
    comments: tuple[tuple[str, str], ...]  # (name or "", comment)
    levels: int  # of the framework

    @property
    def revealed(self) -> bool:
        return self.view.item.state == WorkshopItem.State.REVEALED

    @property
    def voting(self) -> bool:
        return self.view.item.state == WorkshopItem.State.VOTING

    @property
    def suggested(self) -> str:
        """The recorded consensus, else the answer nearest the median vote: a starting point."""
        if self.view.consensus is not None:
            return self.view.consensus.value
        if self.summary is None or self.summary.median is None:
            return ""
        return answers.nearest(self.view.question.kind, self.summary.median, self.levels)

    @property
    def seconds_left(self) -> int | None:
        """Whole seconds until the timer ends, as the page was rendered; None: no timer."""
        deadline = self.view.item.deadline
        if deadline is None:
            return None
        return max(0, math.ceil((deadline - timezone.now()).total_seconds()))

    @property
    def closed(self) -> bool:
        return self.view.item.state == WorkshopItem.State.CLOSED

    @property
    def consensus_label(self) -> str:
        """The agreed answer as the options name it ("3 · Defined", "Yes"); "" if none yet."""
        consensus = self.view.consensus
        return "" if consensus is None else self.label_of(consensus.value)

    def label_of(self, value: str) -> str:
        labels = {v: label for v, label, _text, _guidance in self.cards}
        return labels.get(value, answers.label(answers.NA))

    def _voted_range(self) -> list[tuple[float, str]]:
        """(number, label) of every option someone voted for, lowest first, na left out."""
        if self.summary is None:
            return []
        given = []
        for value, label, _text, _guidance in self.cards:
            if self.summary.counts.get(value):
                given.append((float(answers.number(answers.parse(value))), label))
        return sorted(given)

    @property
    def median_words(self) -> str:
        """The median as answers: "Partly", or "between 2 · Defined and 3 · Managed"."""
        if self.summary is None or self.summary.median is None:
            return ""
        median = self.summary.median
        options = sorted(
            (float(answers.number(answers.parse(value))), label)
            for value, label, _text, _guidance in self.cards
        )
        for at, label in options:
            if at == median:
                return label
        below = max((o for o in options if o[0] < median), default=options[0])
        above = min((o for o in options if o[0] > median), default=options[-1])
        return _("between %(low)s and %(high)s") % {"low": below[1], "high": above[1]}

    @property
    def spread_words(self) -> str:
        """How far apart the votes are, in answers: "all the same" or "from No to Yes"."""
        given = self._voted_range()
        if not given:
            return ""
        if given[0][0] == given[-1][0]:
            return _("everyone gave the same answer")
        return _("from %(low)s to %(high)s") % {"low": given[0][1], "high": given[-1][1]}

    @property
    def distribution(self) -> list[tuple[str, str, int]]:
        """(value, label, votes) for every option, not applicable last; empty until revealed."""
        if self.summary is None:
            return []
        options = [(value, label) for value, label, _text, _guidance in self.cards]
        options.append((answers.NA, answers.label(answers.NA)))
        return [(value, label, self.summary.counts.get(value, 0)) for value, label in options]

    @property
    def distribution_data(self) -> dict[str, list[str] | list[int]]:
        """The counts for the browser's bar chart (drawn from json_script, no chart builder)."""
        rows = self.distribution
        return {"labels": [label for _v, label, _n in rows], "counts": [n for _v, _l, n in rows]}


def item_views(workshop: Workshop, definition: FrameworkDef) -> list[ItemView]:
    """Every item with its vote count, recorded consensus and the spread of prior answers."""
    items = workshop.items.select_related("question")
    vote_counts = dict(
        Vote.objects.filter(participant__workshop=workshop, participant__removed=False)
        .values_list("question_id")
        .annotate(n=Count("id"))
    )
    consensus = {c.question_id: c for c in workshop.assessment.consensus.all()}
    prior = _prior_answers(workshop)
    index = definition.index
    views = []
    for item in items:
        question = index.questions[item.question.key]
        subdimension = index.subdimension_of(question.key)
        answers = prior.get(item.question_id, [])
        summary = summarise_votes(question.kind, answers) if answers else None
        views.append(
            ItemView(
                item,
                question,
                subdimension,
                vote_counts.get(item.question_id, 0),
                consensus.get(item.question_id),
                summary,
            )
        )
    return views


def _prior_answers(workshop: Workshop) -> dict[int, list]:
    rows = Answer.objects.filter(respondent__assessment=workshop.assessment_id).exclude(value="")
    given: dict[int, list] = {}
    for question_id, value in rows.values_list("question_id", "value"):
        given.setdefault(question_id, []).append(answers.parse(value))
    return given


def by_disagreement(views: list[ItemView]) -> list[ItemView]:
    """The most contested items first (by the spread of answers given ahead), then the rest."""

    def contested(view: ItemView) -> tuple[int, float]:
        if view.prior is None or view.prior.spread is None:
            return (1, 0.0)
        return (0, -view.prior.spread)

    return sorted(views, key=contested)


def current_item(
    workshop: Workshop,
    views: list[ItemView],
    definition: FrameworkDef,
    *,
    joined: int | None = None,
) -> Current | None:
    """The current item in full; `joined` (people in the room) is counted unless given."""
    view = next((v for v in views if v.item.question_id == workshop.current_id), None)
    if view is None:
        return None
    if joined is None:
        joined = workshop.participants.filter(removed=False).count()
    levels = len(definition.levels)
    if view.item.state != WorkshopItem.State.REVEALED:
        return Current(view, item_cards(definition, view), joined, None, (), levels)
    votes = list(
        Vote.objects.filter(
            participant__workshop=workshop, participant__removed=False, question=view.item.question
        ).values_list("value", "comment", "participant__name")
    )
    summary = summarise_votes(view.question.kind, [answers.parse(v) for v, _c, _n in votes])
    comments = tuple(
        ("" if workshop.anonymous else name, comment) for _v, comment, name in votes if comment
    )
    return Current(view, item_cards(definition, view), joined, summary, comments, levels)


def item_cards(definition: FrameworkDef, view: ItemView) -> tuple[tuple[str, str, str, str], ...]:
    """The answer options: the rubric's levels with descriptors, or yes / partly / no."""
    if view.question.kind == "statement":
        return tuple(
            (value, label, "", "")
            for value, label in answers.choices(view.question, definition)
            if value != answers.NA
        )
    descriptors = {d.level: d for d in view.subdimension.descriptors}
    return tuple(
        (
            str(level.number),
            f"{level.number} · {level.name}",
            descriptors[level.number].text,
            descriptors[level.number].guidance,
        )
        for level in definition.levels
        if level.number in descriptors
    )


@dataclass(frozen=True)
class Console:
    workshop: Workshop
    definition: FrameworkDef
    items: list[ItemView]
    current: Current | None
    joined: int  # people in the room (not removed)
    everyone: int  # and those removed: with `joined`, it moves on every join and removal

    def participants(self) -> list[Participant]:
        """The room, numbered in the order they joined, the removed too, so that
        "Participant 3" stays 3. Read only when the console's cached list is stale (its
        key is the workshop, `joined` and `everyone`)."""
        everyone = list(self.workshop.participants.order_by("joined_at", "id"))
        for number, participant in enumerate(everyone, 1):
            participant.number = number  # type: ignore[attr-defined]
        return [participant for participant in everyone if not participant.removed]

    @property
    def voted(self) -> int:
        return self.current.view.votes if self.current else 0

    @property
    def not_voted(self) -> int:
        return max(0, self.joined - self.voted)

    @property
    def has_prior(self) -> bool:
        """Whether any answers were given ahead, which "most contested first" orders by."""
        return any(view.prior is not None for view in self.items)

    @property
    def next_key(self) -> str | None:
        """The item after the current one, in the order shown."""
        keys = [view.question.key for view in self.items]
        if self.current is None:
            return keys[0] if keys else None
        index = keys.index(self.current.view.question.key)
        return keys[index + 1] if index + 1 < len(keys) else None


def console(workshop: Workshop, *, order: str = "") -> Console:
    """The console's and the projector's data; the list of people is read only on demand
    (`Console.participants`): a room of 500 is the largest part of a render."""
    definition = assessment_definition(workshop.assessment)
    views = item_views(workshop, definition)
    room = workshop.participants.aggregate(
        joined=Count("id", filter=Q(removed=False)), everyone=Count("id")
    )
    current = current_item(workshop, views, definition, joined=room["joined"])
    if order == "disagreement":
        views = by_disagreement(views)
    return Console(workshop, definition, views, current, room["joined"], room["everyone"])


@dataclass(frozen=True)
class PhoneView:
    """What a participant's phone shows: the current item alone, and their own vote."""

    workshop: Workshop
    participant: Participant
    current: Current | None
    vote: Vote | None

    @property
    def vote_label(self) -> str:
        """The participant's vote as the options name it ("3 · Defined", "Yes")."""
        if self.vote is None or self.current is None:
            return ""
        labels = {value: label for value, label, _text, _guidance in self.current.cards}
        return labels.get(self.vote.value, _("Not applicable"))

    @property
    def show_distribution(self) -> bool:
        return bool(self.current and self.current.revealed and self.workshop.show_distribution)


def phone_view(workshop: Workshop, participant: Participant) -> PhoneView:
    """Only the current item is read: a hundred phones refresh at once when it changes."""
    if workshop.current_id is None:
        return PhoneView(workshop, participant, None, None)
    definition = assessment_definition(workshop.assessment)
    item = workshop.items.select_related("question").get(question_id=workshop.current_id)
    question = definition.index.questions[item.question.key]
    subdimension = definition.index.subdimension_of(question.key)
    view = _with_consensus(workshop, item, ItemView(item, question, subdimension, 0, None, None))
    current = current_item(workshop, [view], definition)
    vote = Vote.objects.filter(participant=participant, question_id=workshop.current_id).first()
    return PhoneView(workshop, participant, current, vote)


def _with_consensus(workshop: Workshop, item: WorkshopItem, view: ItemView) -> ItemView:
    """The view with the item's agreed answer, read only once voting has closed."""
    if item.state in (WorkshopItem.State.WAITING, WorkshopItem.State.VOTING):
        return view
    consensus = Consensus.objects.filter(
        assessment_id=workshop.assessment_id, question_id=item.question_id
    ).first()
    return replace(view, consensus=consensus)
