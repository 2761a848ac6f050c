"""Assessments: list, create, read, submit; their answers and their result."""

from collections.abc import Iterable
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate

from api import access
from api.auth import require_write
from api.routers import AssessmentId, Pagination, field_error, refuse_fields, responses
from api.schemas import (
    AnswerOut,
    AnswersIn,
    AssessmentIn,
    AssessmentOut,
    AssessmentStatus,
    RespondentAnswersOut,
)
from assessments.forms import AnswerForm
from assessments.models import Answer, Respondent, current_language
from assessments.scoring import AssessmentResult, ScoringInput, input_errors
from assessments.selectors import (
    Assessment,
    Organization,
    assessment_definition,
    assessment_result,
)
from assessments.services import create_assessment, save_answers, submit_assessment
from config.converters import LARGEST
from maturity.models import Framework
from maturity.schema import FrameworkDef
from maturity.selectors import published_frameworks, used_framework_definition

router = Router(tags=["assessments"])

# A framework version is a PositiveIntegerField: 4 bytes on PostgreSQL.
LARGEST_VERSION = 2**31 - 1


@router.get(
    "/assessments",
    response=responses({200: list[AssessmentOut]}, 422),
    summary="List assessments",
)
@paginate(Pagination)
def list_assessments(
    request: HttpRequest,
    organisation: Annotated[
        int | None, Query(description="Only this organisation's (its id).")
    ] = None,
    status: Annotated[
        AssessmentStatus | None, Query(description="Only those in this status.")
    ] = None,
) -> QuerySet[Assessment]:
    """The assessments the caller can see, newest first, each with what the caller may do."""
    found = access.assessments(request)
    if organisation is not None:
        # An id no row can have matches nothing (and is never sent to the database).
        found = found.filter(organization_id=organisation) if _fits(organisation) else found.none()
    if status is not None:
        found = found.filter(status=status)
    return found


def _fits(pk: int, largest: int = LARGEST) -> bool:
    return 0 < pk <= largest


@router.post(
    "/assessments",
    response=responses({201: AssessmentOut}, 403, 422),
    summary="Start an assessment",
    operation_id="create_assessment",
)
def create(request: HttpRequest, payload: AssessmentIn) -> Status[Assessment]:
    """Start an assessment, as the "New assessment" page does: for an organisation the
    caller may start one for (an admin, the client's consultants, the organisation's
    managers), on a published framework version, which it keeps for life. The caller
    becomes its owner and first respondent. Needs a write token."""
    require_write(request)
    organisation, framework = _allowed_creation(request, payload)
    # An assessment takes the active language (Assessment.language's default).
    with translation.override(payload.language or current_language()):
        created = create_assessment(
            by=access.caller(request),
            organization=organisation,
            framework=framework,
            title=payload.title,
            targets=payload.targets,
            due_date=payload.due_date,
            anonymous=payload.anonymous,
            respondent_role=payload.role,
        )
    return Status(201, access.assessment(request, created.pk)[0])


def _allowed_creation(
    request: HttpRequest, payload: AssessmentIn
) -> tuple[Organization, Framework]:
    """The organisation and framework version named, if the caller may use them; else 403
    (may start none at all) or 422 naming each field that does not fit."""
    organisations = access.creatable(request)
    if not organisations.exists():
        raise PermissionDenied(_("Only managers and consultants start assessments."))
    fits = _fits(payload.organisation)
    organisation = organisations.filter(pk=payload.organisation).first() if fits else None
    framework = _published_version(payload)
    errors: list[dict[str, Any]] = []
    if organisation is None:
        message = _("Choose an organisation you may start assessments for.")
        errors.append(field_error(["organisation"], message))
    if framework is None:
        field = "framework" if payload.version is None else "version"
        errors.append(field_error([field], _("No published version of this model.")))
    else:
        errors += _target_errors(used_framework_definition(framework.pk), payload.targets)
    if organisation is None or framework is None or errors:
        raise ValidationError(errors)
    return organisation, framework


def _published_version(payload: AssessmentIn) -> Framework | None:
    versions = published_frameworks().filter(slug=payload.framework).order_by("-version")
    if payload.version is None:
        return versions.first()
    if not _fits(payload.version, LARGEST_VERSION):
        return None
    return versions.filter(version=payload.version).first()


def _target_errors(definition: FrameworkDef, targets: dict[str, float]) -> list[dict[str, Any]]:
    """Each target that does not fit the model, by scoring's own check."""
    return [
        field_error(["targets", key], problem)
        for key, value in targets.items()
        for problem in input_errors(definition, ScoringInput(targets={key: value}))
    ]


@router.get(
    "/assessments/{id:assessment_id}",
    response=responses({200: AssessmentOut}, 404),
    summary="Read an assessment",
)
def get_assessment(request: HttpRequest, assessment_id: AssessmentId) -> Assessment:
    """One assessment, with what the caller may do with it."""
    return access.assessment(request, assessment_id)[0]


@router.post(
    "/assessments/{id:assessment_id}/submit",
    response=responses({200: AssessmentOut}, 403, 404, 409),
    summary="Submit an assessment",
    operation_id="submit_assessment",
)
def submit(request: HttpRequest, assessment_id: AssessmentId) -> Assessment:
    """Lock the answers and keep the result as it is now (whoever manages the assessment may;
    unanswered questions leave the result provisional). Needs a write token. Already
    submitted: 409."""
    assessment, _access = access.managed(request, assessment_id)
    require_write(request)
    submit_assessment(assessment=assessment, by=access.caller(request))
    return access.assessment(request, assessment_id)[0]


@router.get(
    "/assessments/{id:assessment_id}/answers",
    response=responses({200: list[RespondentAnswersOut]}, 404, 422),
    summary="Read the answers",
)
@paginate(Pagination)
def list_answers(request: HttpRequest, assessment_id: AssessmentId) -> list[RespondentAnswersOut]:
    """The answers of the respondents, each by question key: all of them for whoever
    manages the assessment, the caller's own for a respondent."""
    assessment, found = access.assessment(request, assessment_id)
    respondents = assessment.respondents.select_related("user").order_by("joined_at", "pk")
    if not found.manage:
        mine = found.respondent
        respondents = respondents.filter(pk=mine.pk) if mine else respondents.none()
    return answers_of(request, list(respondents))


def answers_of(
    request: HttpRequest, respondents: Iterable[Respondent]
) -> list[RespondentAnswersOut]:
    people = list(respondents)
    rows = Answer.objects.filter(respondent__in=people).select_related("question")
    given: dict[int, dict[str, AnswerOut]] = {r.pk: {} for r in people}
    for row in rows.order_by("question_id"):
        given[row.respondent_id][row.question.key] = AnswerOut(
            value=row.value,
            comment=row.comment,
            evidence_url=row.evidence_url,
            confidence=row.confidence,
            updated_at=row.updated_at,
        )
    me = access.caller(request).pk
    return [
        RespondentAnswersOut(
            respondent=r.pk,
            username=r.user.get_username() if r.user else None,
            role=r.role,
            you=r.user_id == me,
            answers=given[r.pk],
        )
        for r in people
    ]


@router.put(
    "/assessments/{id:assessment_id}/answers",
    response=responses({200: RespondentAnswersOut}, 403, 404, 409, 422),
    summary="Save your answers",
)
def put_answers(
    request: HttpRequest, assessment_id: AssessmentId, payload: AnswersIn
) -> RespondentAnswersOut:
    """Save the caller's answers as a respondent, all or none, checked as the questionnaire
    checks them: a bad answer is a 422 naming its question key and field, and nothing is
    saved. Questions left out keep their answers; so does a field left out. Needs a write
    token; a submitted assessment is a 409."""
    assessment, found = access.answering(request, assessment_id)
    require_write(request)
    assert found.respondent is not None  # access.answering
    answers = _cleaned_answers(assessment_definition(assessment), payload)
    save_answers(respondent=found.respondent, answers=answers)
    return answers_of(request, [found.respondent])[0]


def _cleaned_answers(definition: FrameworkDef, payload: AnswersIn) -> dict[str, dict[str, str]]:
    """The answers as the questionnaire's form cleans them; 422 naming every bad field."""
    errors: list[dict[str, Any]] = []
    cleaned: dict[str, dict[str, str]] = {}
    for key, answer in payload.answers.items():
        question = definition.index.question(key)
        if question is None:
            errors.append(field_error(["answers", key], _("No such question in this assessment.")))
            continue
        given = answer.given()
        form = AnswerForm(
            {f"{key}-{name}": value for name, value in given.items()},
            question=question,
            definition=definition,
        )
        valid, problems = form.fields_and_errors()
        errors += [
            field_error(["answers", key, name], problems[name])
            for name in given
            if name in problems
        ]
        cleaned[key] = {name: str(valid[name]) for name in given if name in valid}
    refuse_fields(errors)
    return cleaned


@router.get(
    "/assessments/{id:assessment_id}/result",
    response=responses({200: AssessmentResult}, 403, 404),
    summary="Read the result",
)
def get_result(request: HttpRequest, assessment_id: AssessmentId) -> AssessmentResult:
    """The result the results page shows: for a submitted assessment the one kept at
    submission, else scored from the answers now (provisional while questions are open).
    Texts are in the request's language (Accept-Language). Whoever manages the assessment
    may read it; its respondents once it is submitted."""
    assessment, _access = access.with_results(request, assessment_id)
    return assessment_result(assessment)
