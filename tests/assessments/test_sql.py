"""The plain statements of services/sql.py say what an ORM query says (DESIGN rule 10)."""

from datetime import timedelta
from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone

from assessments.models import ANSWER_FIELDS, Answer, Participant, Vote, Workshop, WorkshopItem
from assessments.services import workshops as ws
from assessments.services.sql import upsert, vote_if_open
from tests.assessments.test_workshops import join

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(gartner_assessment: Any, people: dict[str, Any]) -> Workshop:
    return ws.start_workshop(assessment=gartner_assessment, by=people["consultant"])


def orm_would_store(participant_id: int, workshop_id: int, key: str, now: Any) -> bool:
    """The same conditions as `vote_if_open`, said with the ORM."""
    return (
        WorkshopItem.objects.filter(
            workshop_id=workshop_id,
            question__key=key,
            state=WorkshopItem.State.VOTING,
            workshop__status=Workshop.Status.OPEN,
            workshop__participants__id=participant_id,
            workshop__participants__removed=False,
        )
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=now))
        .exists()
    )


def _situations(workshop: Workshop, other: Participant) -> list[tuple[str, Any]]:
    """(name, a change that sets the situation up, returning participant id and key)."""

    def voting(p: Participant) -> tuple[int, str]:
        ws.open_item(workshop=workshop, key="culture")
        return p.pk, "culture"

    def waiting(p: Participant) -> tuple[int, str]:
        ws.open_item(workshop=workshop, key="culture")
        return p.pk, "ecosystem"

    def closed(p: Participant) -> tuple[int, str]:
        ws.open_item(workshop=workshop, key="culture")
        ws.close_item(workshop=workshop, key="culture")
        return p.pk, "culture"

    def timer(seconds: int) -> Any:
        def run(p: Participant) -> tuple[int, str]:
            ws.open_item(workshop=workshop, key="culture", timer_seconds=5)
            deadline = timezone.now() + timedelta(seconds=seconds)
            WorkshopItem.objects.filter(workshop=workshop).update(deadline=deadline)
            return p.pk, "culture"

        return run

    def removed(p: Participant) -> tuple[int, str]:
        ws.open_item(workshop=workshop, key="culture")
        ws.remove_participant(workshop=workshop, participant=p)
        return p.pk, "culture"

    def ended(p: Participant) -> tuple[int, str]:
        ws.open_item(workshop=workshop, key="culture")
        ws.end_workshop(workshop=workshop)
        return p.pk, "culture"

    def stranger(p: Participant) -> tuple[int, str]:
        ws.open_item(workshop=workshop, key="culture")
        return other.pk, "culture"

    def unknown_key(p: Participant) -> tuple[int, str]:
        ws.open_item(workshop=workshop, key="culture")
        return p.pk, "no-such-item"

    return [
        ("voting", voting),
        ("waiting", waiting),
        ("closed", closed),
        ("timer running", timer(60)),
        ("timer over", timer(-1)),
        ("removed", removed),
        ("ended", ended),
        ("another workshop's participant", stranger),
        ("unknown item", unknown_key),
    ]


@pytest.mark.parametrize("index", range(9))
def test_a_vote_is_stored_exactly_when_the_orm_query_finds_the_item_open(
    workshop: Workshop, people: dict[str, Any], index: int
) -> None:
    from assessments.services import create_assessment
    from maturity.models import Framework

    elsewhere = ws.start_workshop(
        assessment=create_assessment(
            by=people["manager"],
            organization=workshop.assessment.organization,
            framework=Framework.objects.get(slug="gartner-iot"),
            title="Elsewhere",
        ),
        by=people["manager"],
    )
    other = join(elsewhere)
    name, situation = _situations(workshop, other)[index]
    participant_id, key = situation(join(workshop))
    now = timezone.now()
    expected = orm_would_store(participant_id, workshop.pk, key, now)
    stored = vote_if_open(
        participant_id=participant_id,
        workshop_id=workshop.pk,
        key=key,
        value="3",
        comment="",
        now=now,
    )
    assert stored is expected, name
    assert Vote.objects.filter(participant_id=participant_id).exists() is expected, name
    if name in ("voting", "timer running"):
        assert expected, name  # the matrix covers both outcomes


def test_a_changed_vote_updates_the_one_row(workshop: Workshop) -> None:
    participant = join(workshop)
    ws.open_item(workshop=workshop, key="culture")
    for value in ("2", "4"):
        now = timezone.now()
        assert vote_if_open(
            participant_id=participant.pk,
            workshop_id=workshop.pk,
            key="culture",
            value=value,
            comment=f"c{value}",
            now=now,
        )
    vote = Vote.objects.get(participant=participant)
    assert (vote.value, vote.comment) == ("4", "c4")


def test_the_answer_upsert_matches_update_or_create(
    gartner_assessment: Any, people: dict[str, Any]
) -> None:
    """Two respondents' answers, one written by `upsert`, one by update_or_create: the
    same rows, inserted and then changed."""
    from assessments.models import Respondent
    from maturity.models import Question

    # Two respondents: any the assessment has, then people not yet among them.
    respondents = list(Respondent.objects.filter(assessment=gartner_assessment)[:2])
    taken = {r.user_id for r in respondents}
    for user in people.values():
        if len(respondents) < 2 and user is not None and user.pk not in taken:
            respondents.append(Respondent.objects.create(assessment=gartner_assessment, user=user))
    questions = list(
        Question.objects.filter(
            subdimension__dimension__framework_id=gartner_assessment.framework_id
        )[:3]
    )
    columns = ["respondent_id", "question_id", *ANSWER_FIELDS, "updated_at"]
    for value, confidence in (("2", "low"), ("3", "high")):
        now = timezone.now()
        fields = {
            "value": value,
            "comment": f"note {value}",
            "evidence_url": f"https://example.com/{value}",
            "confidence": confidence,
        }
        assert set(fields) == set(ANSWER_FIELDS)
        rows = [
            [respondents[0].pk, q.pk, *(fields[name] for name in ANSWER_FIELDS), now]
            for q in questions
        ]
        upsert(Answer, columns, rows, unique=2)
        for q in questions:
            Answer.objects.update_or_create(
                respondent=respondents[1], question=q, defaults=fields | {"updated_at": now}
            )

    def rows_of(respondent: Any) -> list[tuple[Any, ...]]:
        return list(
            Answer.objects.filter(respondent=respondent)
            .order_by("question_id")
            .values_list("question_id", *ANSWER_FIELDS)
        )

    assert rows_of(respondents[0]) == rows_of(respondents[1])
    assert len(rows_of(respondents[0])) == len(questions)
