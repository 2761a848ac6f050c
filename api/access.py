"""What the API's caller may read and do: the one access rule (`assessments.selectors`),
narrowed to its organisation when the token is an organisation's.

Every router reads organisations, assessments, jobs and workshops through these functions
and nowhere else. An assessment the caller may not see is a 404, as on the pages; one seen
but not allowed is a 403.
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from api.auth import caller_token
from assessments.models import Workshop
from assessments.selectors import (
    Access,
    Assessment,
    Organization,
    assessment_for,
    creatable_organizations,
    visible_assessments,
    visible_organizations,
)
from config.converters import LARGEST
from reports.models import Job


def caller(request: HttpRequest) -> User:
    return caller_token(request).user


def _narrowed[T: (Organization, Assessment)](
    request: HttpRequest, rows: QuerySet[T], field: str
) -> QuerySet[T]:
    """An organisation token sees only its organisation's rows."""
    organization_id = caller_token(request).organization_id
    return rows if organization_id is None else rows.filter(**{field: organization_id})


def organizations(request: HttpRequest) -> QuerySet[Organization]:
    return _narrowed(request, visible_organizations(caller(request)), "pk").order_by("name", "pk")


def creatable(request: HttpRequest) -> QuerySet[Organization]:
    """Where the caller may start an assessment (as the "New assessment" page offers)."""
    return _narrowed(request, creatable_organizations(caller(request)), "pk")


def assessments(request: HttpRequest) -> QuerySet[Assessment]:
    rows = visible_assessments(caller(request)).defer("result_snapshot", "contributions_snapshot")
    return _narrowed(request, rows, "organization_id").order_by("-created_at", "-pk")


def assessment(request: HttpRequest, pk: int) -> tuple[Assessment, Access]:
    """The assessment with the caller's access to it; 404 when the caller may not see it."""
    found, access = assessment_for(caller(request), pk)
    organization_id = caller_token(request).organization_id
    if organization_id is not None and found.organization_id != organization_id:
        raise Http404(_("No such assessment."))
    return found, access


def managed(request: HttpRequest, pk: int) -> tuple[Assessment, Access]:
    found, access = assessment(request, pk)
    if not access.manage:
        raise PermissionDenied(_("Only the owner, managers and consultants manage this."))
    return found, access


def with_results(request: HttpRequest, pk: int) -> tuple[Assessment, Access]:
    """The assessment if the caller may see its results (the results page's rule)."""
    found, access = assessment(request, pk)
    if not access.results:
        raise PermissionDenied(_("You may not see the results of this assessment yet."))
    return found, access


def answering(request: HttpRequest, pk: int) -> tuple[Assessment, Access]:
    """The assessment if the caller is one of its respondents (the questionnaire's rule)."""
    found, access = assessment(request, pk)
    if access.respondent is None:
        raise PermissionDenied(_("You are not a respondent of this assessment."))
    return found, access


def job(assessment: Assessment, pk: int) -> Job:
    """One of the assessment's report jobs (as its downloads page finds them)."""
    found = Job.objects.filter(pk=pk, assessment=assessment).first() if _fits(pk) else None
    if found is None:
        raise Http404(_("No such report."))
    return found


def workshop(request: HttpRequest, pk: int) -> tuple[Workshop, Access]:
    """A workshop of an assessment the caller may see, with the access to that assessment."""
    found = Workshop.objects.select_related("current").filter(pk=pk).first() if _fits(pk) else None
    if found is None:
        raise Http404(_("No such workshop."))
    try:
        found.assessment, access = assessment(request, found.assessment_id)
    except Http404:
        raise Http404(_("No such workshop.")) from None
    return found, access


def _fits(pk: int) -> bool:
    return 0 < pk <= LARGEST
