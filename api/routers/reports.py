"""Report files of an assessment: ask for one, watch its job, fetch the file."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from api import access
from api.routers import AssessmentId, JobId, Pagination, responses
from api.schemas import JobOut, ReportIn
from reports.downloads import file_response
from reports.jobs import jobs_of, request_job
from reports.models import Job, Output
from reports.outputs import CONTENT_TYPES

router = Router(tags=["reports"])

# The file's media type by format, for the OpenAPI document.
FILES = {
    "content": {kind.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                for kind in CONTENT_TYPES.values()}
}  # fmt: skip


@router.get(
    "/assessments/{id:assessment_id}/reports",
    response=responses({200: list[JobOut]}, 403, 404, 422),
    summary="List your report files",
)
@paginate(Pagination)
def list_reports(request: HttpRequest, assessment_id: AssessmentId) -> QuerySet[Job]:
    """The caller's report files of this assessment, newest first (the downloads panel)."""
    assessment, _access = access.with_results(request, assessment_id)
    return jobs_of(access.caller(request), assessment)


@router.post(
    "/assessments/{id:assessment_id}/reports",
    response=responses({202: JobOut}, 403, 404, 422),
    summary="Ask for a report file",
)
def request_report(
    request: HttpRequest, assessment_id: AssessmentId, payload: ReportIn
) -> Status[Job]:
    """Ask for a report file (PDF, PowerPoint, Excel, the answers as CSV, or the report's
    HTML), made in the background in the assessment's language; poll the job until it is
    done, then download it. The same file of a submitted assessment is made once and
    served again. Whoever may see the results may ask: a read token is enough, since a
    file changes nothing."""
    assessment, _access = access.with_results(request, assessment_id)
    paper = payload.paper if payload.format in ("pdf", "html") else "a4"
    job = request_job(access.caller(request), assessment, payload.format, paper=paper)
    job.refresh_from_db()  # a backend that runs at once has made it already
    return Status(202, job)


@router.get(
    "/assessments/{id:assessment_id}/reports/{id:job_id}",
    response=responses({200: JobOut}, 403, 404),
    summary="Watch a report job",
)
def get_report(request: HttpRequest, assessment_id: AssessmentId, job_id: JobId) -> Job:
    """A report job: queued, running, done (with its download_url) or failed (with why)."""
    assessment, _access = access.with_results(request, assessment_id)
    return access.job(assessment, job_id)


@router.get(
    "/assessments/{id:assessment_id}/reports/{id:job_id}/download",
    response=responses({200: None}, 403, 404),
    summary="Download a report file",
    url_name="download_report",
    openapi_extra={"responses": {"200": {"description": "The file", **FILES}}},
)
def download_report(
    request: HttpRequest, assessment_id: AssessmentId, job_id: JobId
) -> HttpResponse:
    """The file, once its job is done; 404 until then."""
    assessment, _access = access.with_results(request, assessment_id)
    job = access.job(assessment, job_id)
    if job.status != Job.Status.DONE or job.output_id is None:
        raise Http404(_("This file is not ready."))
    return file_response(Output.objects.get(pk=job.output_id))
