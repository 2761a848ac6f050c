"""The REST API, version 1, at /api/v1/ (django-ninja): its OpenAPI document at
/api/v1/openapi.json and interactive docs at /api/v1/docs.

Every error is a JSON body {"detail": ...}: a sentence for 400/401/403/404/405/409/429, a
list of the failed fields (each with its `loc`) for 422; an address under /api/v1/ that
names nothing, an id of any size among them, is a 404 like any other.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from api.auth import Refusal, TokenAuth, refused
from api.routers import assessments, frameworks, me, organisations, reports, workshops
from api.schemas import Problem
from assessments.services import Refused

DESCRIPTION = """Maturity models, assessments, answers, results, reports and workshops.

Send an API token with every request: `Authorization: Bearer TOKEN`. A read token reads;
creating or submitting an assessment and saving answers need a write token. An organisation
token sees only its organisation. What a token may see and do is what its user may on the
pages: an assessment the user may not see is a 404, one seen but not allowed a 403.

Errors are JSON: `{"detail": "what failed"}`, or for 422 `{"detail": [{"loc": [...],
"msg": "...", "type": "..."}]}` naming each field that failed.
Lists take `limit` (up to 100) and `offset`, and answer `{"items": [...], "count": N}`.
"""


class JsonApi(NinjaAPI):
    """Ninja, with JSON for the two answers it gives in plain text or HTML: a method the
    address does not take (405) and an address it does not know (404)."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = [_json_not_allowed(p) for p in super()._get_urls()]
        return [*patterns, path("<path:unknown>", _not_found)]

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """The document, with the errors that every operation behind a token can give."""
        schema = super().get_openapi_schema(**kwargs)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("Problem", Problem.model_json_schema())
        problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                common = COMMON_ERRORS if operation.get("security") else {}
                if "requestBody" in operation:
                    common = {**common, "400": BAD_BODY}
                # Ninja keys its statuses by number, JSON by text: one key each.
                answers = {str(status): answer for status, answer in operation["responses"].items()}
                for status, words in common.items():
                    answers.setdefault(status, {"description": words, "content": problem})
                operation["responses"] = answers
        return schema


COMMON_ERRORS = {
    "401": "No token, or one that is malformed, unknown, expired or revoked",
    "429": "Too many requests with this token; Retry-After says when to try again",
}

BAD_BODY = "The body is not JSON"


def _json_not_allowed(pattern: Any) -> Any:
    if not isinstance(pattern, URLPattern):
        return pattern
    if pattern.name == "api-root":  # ninja's raises Http404 outside the API: an HTML page
        return URLPattern(pattern.pattern, _not_found, {"unknown": ""}, pattern.name)
    view: Callable[..., HttpResponse] = pattern.callback

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        message = _("This address does not take %(method)s.") % {"method": request.method}
        replaced = JsonResponse({"detail": message}, status=405)
        replaced["Allow"] = response["Allow"]
        return replaced

    return URLPattern(pattern.pattern, checked, pattern.default_args, pattern.name)


@csrf_exempt  # like every API view: a POST to an unknown address is a 404 too
def _not_found(request: HttpRequest, unknown: str) -> HttpResponse:
    message = _("No such address in the API; its documentation is at %(docs)s.")
    return JsonResponse({"detail": message % {"docs": reverse("api:openapi-view")}}, status=404)


api = JsonApi(
    title="IoT maturity API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api",
    # The docs' scripts come from ninja's static files (no CDN); no validator badge, which
    # would load an image from swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)

api.add_router("/me", me.router)
for module in (frameworks, organisations, assessments, reports, workshops):
    api.add_router("", module.router)


def _problem(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _problem(request, 404, str(exc) or _("Not found."))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _problem(request, 403, str(exc) or _("You may not do this."))


@api.exception_handler(Refused)
def conflict(request: HttpRequest, exc: Refused) -> HttpResponse:
    """What the rules do not allow now (a submitted assessment's answers, say): 409."""
    return _problem(request, 409, str(exc))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _problem(request, exc.status_code, str(exc))


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _problem(request, 401, _("An API token is needed: Authorization: Bearer TOKEN."))
    response["WWW-Authenticate"] = "Bearer"
    return response


api.exception_handler(Refusal)(refused)
