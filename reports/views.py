"""The results page of an assessment, its report (PDF and print preview) and comparisons."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.html import json_script
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from assessments.selectors import (
    Assessment,
    assessment_for,
    comparable_assessments,
    visible_assessments,
)
from reports import pdf
from reports.documents import Comparison, comparison_context
from reports.results_page import results_cache_key, results_page

# A submitted assessment's results are a snapshot, so its rendered page is kept this long
# (in the configured cache) and served without scoring or rendering again.
RESULTS_CACHE_SECONDS = 24 * 3600
# A client's results are confidential: no shared cache may keep them, and no browser may keep
# them on disk (a shared computer's history), whatever the server-side cache does.
private_no_store = cache_control(private=True, no_store=True)


@private_no_store
@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    # A respondent sees the results once the assessment is submitted, not before.
    assessment = results_assessment(request, pk)
    # Lazy: with the page in the cache, neither is computed.
    page = SimpleLazyObject(lambda: results_page(assessment))
    # SimpleLazyObject, not lazy(): lazy() builds a class on every call.
    figures = SimpleLazyObject(lambda: json_script(page.charts.figures(), "results-figures"))
    cached = assessment.is_locked and assessment.submitted_at is not None
    from reports.downloads import downloads_context

    context = {
        **downloads_context(request, assessment),
        "assessment": assessment,
        "page": page,
        "figures_json": figures,
        "cache_seconds": RESULTS_CACHE_SECONDS if cached else 0,
        "cache_key": results_cache_key(assessment) if cached else "",
    }
    return render(request, "reports/results.html", context)


def results_assessment(request: HttpRequest, pk: int) -> Assessment:
    """The assessment, if the user may see its results (the results page's rule)."""
    assessment, access = assessment_for(request.user, pk)
    if not access.results:
        raise PermissionDenied
    return assessment


def _paper(request: HttpRequest) -> pdf.Paper:
    return "letter" if request.GET.get("paper") == "letter" else "a4"


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _in_language(response: HttpResponse, language: str) -> HttpResponse:
    """A report is in its assessment's language, not the reader's: the header says so
    (LocaleMiddleware would name the reader's)."""
    response["Content-Language"] = language
    return response


@private_no_store
@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's PDF in the assessment's language, whoever downloads it: the kept file
    when there is one, else made by a background job; when that is not done at once (the
    immediate backend makes it here), the reader is taken to the downloads panel to watch it."""
    from reports.downloads import file_response
    from reports.jobs import request_job
    from reports.models import Job

    assessment = results_assessment(request, pk)
    job = request_job(request.user, assessment, "pdf", paper=_paper(request))
    if job.status == Job.Status.DONE and job.output is not None:
        return file_response(job.output)
    job.refresh_from_db()
    if job.status == Job.Status.DONE and job.output is not None:
        return file_response(job.output)
    return redirect(reverse("reports:results", args=[pk]) + "#downloads")


@private_no_store
@login_required
def report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTML the PDF is made from, to read or print in the browser; in the assessment's
    language, like the PDF (the results page is in the reader's)."""
    assessment = results_assessment(request, pk)
    among = visible_assessments(request.user)
    html, _report = pdf.report_document(
        assessment, paper=_paper(request), among=among, mode="preview"
    )
    return _in_language(HttpResponse(html), assessment.language)


@private_no_store
@login_required
def comparison(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick assessments of the same organisation and framework, then see or download them."""
    assessment = results_assessment(request, pk)
    candidates = comparable_assessments(request.user, assessment)
    ids = {int(i) for i in request.GET.getlist("with") if i.isdigit()}
    chosen = [assessment, *(c for c in candidates if c.pk in ids)]
    if len(chosen) < 2:
        return _comparison_form(request, assessment, candidates, ids)
    paper = _paper(request)
    include = request.GET.get("include_provisional") == "1"
    language = pdf.comparison_language(chosen)
    with translation.override(language):
        comparison = comparison_context(chosen, include_provisional=include)
        if request.GET.get("format") == "pdf":
            html = _comparison_html(comparison, paper=paper, mode="pdf")
            response = _pdf_response(pdf.html_to_pdf(html), comparison.filename)
            return _in_language(response, language)
        query = request.GET.copy()
        query["format"] = "pdf"
        links = {"results": reverse("reports:results", args=[pk]), "pdf": f"?{query.urlencode()}"}
        html = _comparison_html(comparison, paper=paper, mode="preview", links=links)
    return _in_language(HttpResponse(html), language)


def _comparison_html(
    comparison: Comparison, *, paper: pdf.Paper, mode: pdf.Mode, links: dict[str, str] | None = None
) -> str:
    context = {"comparison": comparison, "paper": paper, "links": links or {}}
    return pdf.render_html(pdf.COMPARISON_TEMPLATE, context, mode=mode)


def _comparison_form(
    request: HttpRequest, assessment: Assessment, candidates: list[Assessment], ids: set[int]
) -> HttpResponse:
    asked = "format" in request.GET
    context = {
        "assessment": assessment,
        "candidates": candidates,
        "chosen": ids,
        "paper": _paper(request),
        "include_provisional": request.GET.get("include_provisional") == "1",
        "error": _("Choose at least one assessment to compare with.") if asked else "",
    }
    return render(request, "reports/report/comparison_form.html", context)
