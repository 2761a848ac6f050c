"""The model catalogue: the frameworks and, for one version, its definition file."""

from itertools import groupby
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from api.access import caller
from api.routers import Pagination, responses
from api.schemas import FrameworkOut, FrameworkVersionOut
from maturity.models import Framework
from maturity.schema import DefinitionError, FrameworkDef, dump_definition
from maturity.selectors import framework_definition

router = Router(tags=["frameworks"])


def readable_versions(request: HttpRequest) -> QuerySet[Framework]:
    """Published and retired versions are for everyone; drafts for admins only (as the
    Models pages show them)."""
    versions = Framework.objects.order_by("slug", "-version")
    if not caller(request).is_staff:
        versions = versions.exclude(status=Framework.Status.DRAFT)
    return versions


@router.get(
    "/frameworks",
    response=responses({200: list[FrameworkOut]}, 422),
    summary="List the maturity models",
)
@paginate(Pagination)
def list_frameworks(request: HttpRequest) -> list[dict[str, Any]]:
    """The maturity models, each with the versions the caller may read, newest first. A
    model is named as its latest published version names it, in the request's language."""
    return [
        _framework(slug, list(versions))
        for slug, versions in groupby(readable_versions(request), key=lambda f: f.slug)
    ]


def _framework(slug: str, versions: list[Framework]) -> dict[str, Any]:
    published = [v for v in versions if v.status == Framework.Status.PUBLISHED]
    named = (published or versions)[0]
    return {"slug": slug, "name": named.display_name, "versions": [_version(v) for v in versions]}


def _version(framework: Framework) -> FrameworkVersionOut:
    url = reverse("api:get_framework_version", args=[framework.slug, framework.version])
    return FrameworkVersionOut(
        version=framework.version,
        status=framework.status,  # type: ignore[arg-type]
        name=framework.display_name,
        published_at=framework.published_at,
        definition_url=url,
    )


@router.get(
    "/frameworks/{slug:slug}/versions/{id:version}",
    response=responses({200: FrameworkDef}, 404, 409),
    url_name="get_framework_version",
    summary="Read a version's definition",
)
def get_framework_version(
    request: HttpRequest,
    slug: Annotated[str, Path(description="The model's slug.", example="gartner-iot")],
    version: Annotated[int, Path(description="The version's number.", example=1)],
) -> HttpResponse:
    """A version's definition: the definition file, exactly as `manage.py export_framework`
    writes it (with its translations). A draft that breaks a rule (admins only) is a 409
    listing what is wrong."""
    framework = readable_versions(request).filter(slug=slug, version=version).first()
    if framework is None:
        raise Http404(_("No such framework version."))
    try:
        text = dump_definition(framework_definition(framework))
    except DefinitionError as exc:
        raise HttpError(409, "\n".join(exc.errors)) from None
    return HttpResponse(text, content_type="application/json")
