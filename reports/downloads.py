"""The results page's downloads: ask for a file (PDF, PPTX, XLSX, CSV), watch its job, fetch
it. Whoever may see the results may ask for and fetch the files (`results_assessment`); a job is
looked for only among its assessment's, so another assessment's id is a 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.selectors import Assessment
from reports.jobs import jobs_of, request_job, retry_job
from reports.models import Format, Job, Output
from reports.outputs import CONTENT_TYPES
from reports.views import private_no_store, results_assessment

# The panel lists this many of the reader's latest files.
SHOWN_JOBS = 6


def downloads_context(request: HttpRequest, assessment: Assessment, error: str = "") -> dict:
    jobs = list(jobs_of(request.user, assessment)[:SHOWN_JOBS])
    return {
        "assessment": assessment,
        "jobs": jobs,
        "polling": any(not job.finished for job in jobs),
        "formats": Format.choices,
        "error": error,
    }


def _allowed(request: HttpRequest, method: str) -> HttpResponse | None:
    """After the access rule (so that an unseen id is a 404 whatever the method)."""
    return None if request.method == method else HttpResponseNotAllowed([method])


@private_no_store
@login_required
def request_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a file; htmx gets the panel back, a plain form the results page."""
    assessment = results_assessment(request, pk)
    if refused := _allowed(request, "POST"):
        return refused
    fmt = request.POST.get("format", "")
    paper = request.POST.get("paper", "a4")
    error = ""
    if fmt not in Format.values:
        error = _("Choose a format: PDF, PowerPoint, Excel or CSV.")
    elif paper not in ("a4", "letter"):
        error = _("Choose A4 or US Letter paper.")
    else:
        request_job(request.user, assessment, fmt, paper=paper if fmt in ("pdf", "html") else "a4")
    if request.headers.get("HX-Request"):
        context = downloads_context(request, assessment, error)
        return render(request, "reports/_downloads.html", context, status=400 if error else 200)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    return redirect(reverse("reports:results", args=[pk]) + "#downloads")


@private_no_store
@login_required
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The downloads panel alone: what the page polls while a file is being made."""
    assessment = results_assessment(request, pk)
    if refused := _allowed(request, "GET"):
        return refused
    return render(request, "reports/_downloads.html", downloads_context(request, assessment))


@private_no_store
@login_required
def retry(request: HttpRequest, pk: int, job_id: int) -> HttpResponse:
    assessment = results_assessment(request, pk)
    job = get_object_or_404(Job, pk=job_id, assessment=assessment)
    if refused := _allowed(request, "POST"):
        return refused
    retry_job(job)
    if request.headers.get("HX-Request"):
        return render(request, "reports/_downloads.html", downloads_context(request, assessment))
    return redirect(reverse("reports:results", args=[pk]) + "#downloads")


@private_no_store
@login_required
def download(request: HttpRequest, pk: int, job_id: int) -> HttpResponse:
    assessment = results_assessment(request, pk)
    job = get_object_or_404(Job, pk=job_id, assessment=assessment)
    if refused := _allowed(request, "GET"):
        return refused
    if job.status != Job.Status.DONE or job.output_id is None:
        raise Http404(_("This file is not ready."))
    return file_response(Output.objects.get(pk=job.output_id))


def file_response(output: Output) -> HttpResponse:
    response = HttpResponse(bytes(output.content), content_type=CONTENT_TYPES[output.format])
    response["Content-Disposition"] = f'attachment; filename="{output.filename}"'
    response["Content-Language"] = output.language
    return response
