"""The results page of an assessment."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assessments.selectors import assessment_for
from reports.selectors import results_page


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = assessment_for(request.user, pk)
    if not access.results:
        # A respondent sees the results once the assessment is submitted, not before.
        raise PermissionDenied
    page = results_page(assessment)
    context = {"assessment": assessment, "page": page, "figures": page.charts.figures()}
    return render(request, "reports/results.html", context)
