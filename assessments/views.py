from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assessments.selectors import visible_organizations
from maturity.selectors import published_frameworks


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "organizations": visible_organizations(request.user),
        "frameworks": published_frameworks(),
    }
    return render(request, "assessments/home.html", context)
