"""An unchanged phone poll, answered before Django's middleware (config/wsgi.py).

Hundreds of phones in a room ask every 1.5 s whether anything changed; nearly always
nothing did. The view answers that with a 304 from the shared cache already
(`views/phones.py::vote_live`), but every request first crosses the whole middleware
stack (sessions, CSRF, security headers, locale, throttling), which on the benchmark
machine cost more than the answer itself. Here the same check runs first, on the WSGI
environ: a GET of `/w/<code>/vote/live/` whose signed ETag (`"phone-<id>-<hmac>"`)
is the workshop's current one is answered 304, with no body, no cookie and nothing
read but the workshop's state. Anything else, a timer past its end included, goes to
Django as before, so the rules live in one place: the view.
"""

import re
from typing import Any

from assessments.services.live import live_state, workshop_of_etag

PHONE_POLL = re.compile(r"^/w/[^/]{1,64}/vote/live/$")


def not_modified(environ: dict[str, Any]) -> str | None:
    """The ETag to answer 304 with, or None to let Django answer."""
    if environ.get("REQUEST_METHOD") != "GET":
        return None
    if not PHONE_POLL.match(str(environ.get("PATH_INFO", ""))):
        return None
    etag = str(environ.get("HTTP_IF_NONE_MATCH", ""))
    found = workshop_of_etag(etag) if etag.startswith('"phone-') else None
    if found is None:
        return None
    state = live_state(found, close_timers=False)
    if state is None or state.timer_ended:
        return None
    current = {value for key, value in state.etags.items() if key.startswith("phone:")}
    return etag if etag in current else None
