"""The read-only "Models" section: published frameworks for every signed-in user."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from maturity.models import Framework
from maturity.schema import DefinitionError, dump_definition
from maturity.selectors import (
    cached_framework_definition,
    descriptor_grid,
    framework_cards,
    framework_definition,
)


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    return render(request, "maturity/framework_list.html", {"cards": framework_cards()})


@login_required
def framework_detail(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """The model in the reader's language where this version is complete in it.

    A draft that breaks a rule (staff only) shows its errors instead of its content.
    """
    framework = _readable_framework(request, slug, version)
    context: dict[str, object] = {"framework": framework}
    try:
        definition = cached_framework_definition(framework)
    except DefinitionError as exc:
        context["errors"] = exc.errors
    else:
        context |= {"definition": definition, "grid": descriptor_grid(definition)}
    return render(request, "maturity/framework_detail.html", context)


@login_required
def framework_export(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """The definition file, as `manage.py export_framework` writes it."""
    framework = _readable_framework(request, slug, version)
    try:
        text = dump_definition(framework_definition(framework))
    except DefinitionError as exc:
        return HttpResponse("\n".join(exc.errors), status=409, content_type="text/plain")
    response = HttpResponse(text, content_type="application/json")
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
