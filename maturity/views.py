"""The read-only "Models" section: published frameworks for every signed-in user."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from maturity.models import Framework
from maturity.schema import dump_definition
from maturity.selectors import (
    descriptor_grid,
    framework_definition,
    framework_tree,
    published_frameworks,
)


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    return render(request, "maturity/framework_list.html", {"frameworks": published_frameworks()})


@login_required
def framework_detail(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    framework = framework_tree(_readable_framework(request, slug, version).pk)
    context = {"framework": framework, "grid": descriptor_grid(framework)}
    return render(request, "maturity/framework_detail.html", context)


@login_required
def framework_export(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """The definition file, as `manage.py export_framework` writes it."""
    framework = _readable_framework(request, slug, version)
    response = HttpResponse(
        dump_definition(framework_definition(framework)), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-v{version}.json"'
    return response


def _readable_framework(request: HttpRequest, slug: str, version: int) -> Framework:
    """Published and retired versions are for everyone signed in; drafts for staff only."""
    framework = Framework.objects.filter(slug=slug, version=version).first()
    if framework is None:
        raise Http404("No such framework version.")
    if framework.status == Framework.Status.DRAFT and not request.user.is_staff:
        raise Http404("No such framework version.")
    return framework
