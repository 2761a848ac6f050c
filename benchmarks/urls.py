"""The project's URLs plus the minimal view the pages are compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    """The floor: the full middleware stack and a response, no database, no template."""
    return HttpResponse("ok")


# web.MINIMAL_URL names this path for the client.
urlpatterns = [*project_urlpatterns, path("bench/minimal/", minimal)]
