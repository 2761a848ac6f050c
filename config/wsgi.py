import os
from collections.abc import Callable, Iterable
from typing import Any

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

from assessments.fastpoll import not_modified  # noqa: E402  (needs the app registry)


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Django, with an unchanged phone poll answered first (assessments/fastpoll.py)."""
    etag = not_modified(environ)
    if etag is not None:
        start_response("304 Not Modified", [("ETag", etag), ("Cache-Control", "no-cache")])
        return []
    return django_application(environ, start_response)
