"""Cold fragment caches on request, for the page benchmark's first-view measure (web.py).

A request that carries the X-Bench-Cold header gets template-fragment cache keys of its own,
so every fragment that depends on the page misses, is rendered and is stored, exactly as
when a page and answers are shown for the first time in a process. The database work, the
HTML sent and every other cache are the same as for any other request. (A different
respondent or answer per request would need a write between reads, or thousands of prepared
assessments, and so change the database side; restarting workers would time the start-up.)
"""

import itertools
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Bench-Cold"
# base.html's static links, footer and scripts show nothing but the language: any earlier
# request in the process rendered them, whatever page it showed, so a first view finds them.
PROCESS_WIDE = ("template.cache.static-head.", "template.cache.page-end.")

_request_mark: ContextVar[str] = ContextVar("bench_cold_mark", default="")
_marks = itertools.count()


def fragment_key(key: str, key_prefix: str, version: int) -> str:
    """Django's default key, plus the request's mark on a cold request."""
    mark = _request_mark.get()
    if mark and not key.startswith(PROCESS_WIDE):
        key = f"{key}.cold{mark}"
    return f"{key_prefix}:{version}:{key}"


def cold_fragments(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: give a request with the header a mark no earlier request had."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if "HTTP_X_BENCH_COLD" not in request.META:
            return get_response(request)
        token = _request_mark.set(str(next(_marks)))
        try:
            return get_response(request)
        finally:
            _request_mark.reset(token)

    return middleware
