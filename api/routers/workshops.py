"""Live workshops of an assessment: their state, and per item the votes and the agreement."""

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from api import access
from api.routers import AssessmentId, Pagination, WorkshopId, responses
from api.schemas import (
    ConsensusOut,
    WorkshopItemOut,
    WorkshopOut,
    WorkshopSummaryOut,
)
from assessments.models import Vote, Workshop, WorkshopItem
from assessments.scoring import VoteSummary, summarise_votes
from assessments.selectors import Access, assessment_definition
from assessments.selectors.workshops import ItemView, item_views
from maturity import answers

router = Router(tags=["workshops"])


@router.get(
    "/assessments/{id:assessment_id}/workshops",
    response=responses({200: list[WorkshopSummaryOut]}, 404, 422),
    summary="List an assessment's workshops",
)
@paginate(Pagination)
def list_workshops(request: HttpRequest, assessment_id: AssessmentId) -> list[WorkshopSummaryOut]:
    """The assessment's workshops, newest first. The join code is shown to those who
    manage the assessment only."""
    assessment, found = access.assessment(request, assessment_id)
    rows = _with_room(assessment.workshops.select_related("current").order_by("-created_at"))
    return [_summary(workshop, found) for workshop in rows]


def _with_room(workshops: QuerySet[Workshop]) -> QuerySet[Workshop]:
    return workshops.annotate(present=Count("participants", filter=Q(participants__removed=False)))


def _summary(workshop: Workshop, found: Access) -> WorkshopSummaryOut:
    return WorkshopSummaryOut(
        id=workshop.pk,
        assessment=workshop.assessment_id,
        status=workshop.status,  # type: ignore[arg-type]
        code=workshop.code if found.manage else None,
        anonymous=workshop.anonymous,
        show_distribution=workshop.show_distribution,
        participants=workshop.present,  # type: ignore[attr-defined]
        current=workshop.current.key if workshop.current else None,
        created_at=workshop.created_at,
        ended_at=workshop.ended_at,
    )


@router.get(
    "/workshops/{id:workshop_id}",
    response=responses({200: WorkshopOut}, 404),
    summary="Read a workshop",
)
def get_workshop(request: HttpRequest, workshop_id: WorkshopId) -> WorkshopOut:
    """A workshop's state and, item by item, how many voted. Those who may see the
    assessment's results also get each item's agreed answer and, once revealed to the room
    (or the workshop has ended), the distribution of the votes; never who voted what."""
    workshop, found = access.workshop(request, workshop_id)
    workshop.present = workshop.participants.filter(removed=False).count()  # type: ignore[attr-defined]
    views = item_views(workshop, assessment_definition(workshop.assessment))
    summaries = _distributions(workshop, views) if found.results else {}
    items = [_item(view, summaries.get(view.question.key), found) for view in views]
    return WorkshopOut(**_summary(workshop, found).model_dump(), items=items)


def _item(view: ItemView, summary: VoteSummary | None, found: Access) -> WorkshopItemOut:
    consensus = view.consensus if found.results else None
    return WorkshopItemOut(
        key=view.question.key,
        position=view.item.position,
        state=view.item.state,  # type: ignore[arg-type]
        votes=view.votes,
        consensus=ConsensusOut(value=consensus.value, rationale=consensus.rationale)
        if consensus
        else None,
        distribution=summary,
    )


def _distributions(workshop: Workshop, views: list[ItemView]) -> dict[str, VoteSummary]:
    """The votes' summary of each item the room has seen revealed (all, once it ended)."""
    shown = {
        view.item.question_id: view.question
        for view in views
        if view.item.state == WorkshopItem.State.REVEALED or not workshop.is_open
    }
    votes = Vote.objects.filter(
        participant__workshop=workshop, participant__removed=False, question_id__in=shown
    )
    given: dict[int, list[answers.AnswerValue]] = {}
    for question_id, value in votes.values_list("question_id", "value"):
        given.setdefault(question_id, []).append(answers.parse(value))
    return {
        question.key: summarise_votes(question.kind, given[question_id])
        for question_id, question in shown.items()
        if question_id in given
    }
