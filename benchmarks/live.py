"""Live workshops as browsers use them, shared by workshop.py and room.py (paced by crowd.py):
the workshops, and the phones, consoles and projectors on standard-library keep-alive
connections, each request as htmx sends it."""

import html
import http.client
import io
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Self
from urllib.parse import urlencode

import django

from benchmarks.harness import BenchmarkError, Session, sign_in

KEY = "culture"
CONSULTANT, CONSULTANT_PASSWORD = "consultant", "demo-consultant-pass"
POLL_EVERY = 1.5  # the pages' htmx `every 1500ms`
# "Nothing changed": 204 to a poll whose ?v= counter is current, 304 to one whose
# If-None-Match is the ETag of the last poll that rendered; a client sends what it has.
UNCHANGED = (204, 304)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
HTMX = {"HX-Request": "true"}
# A keep-alive connection the server closed while idle (gunicorn's default is 2 s) fails on
# the next request before the server reads it; a browser reconnects and resends, so do we.
STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


@dataclass(frozen=True)
class Room:
    """One workshop, as its clients reach it."""

    workshop: int
    levels: int
    urls: dict[str, str]  # join_code, vote, console, projector, login


class Reply(NamedTuple):
    status: int
    body: bytes
    seconds: float  # a reconnect included
    etag: str | None


@dataclass
class Client:
    """One browser: its cookies, its keep-alive connection, its page's poll and what it saw."""

    session: Session
    conn: http.client.HTTPConnection
    room: Room
    page: str = "phone"  # or "console", "projector"
    poll: str = ""  # the page's poll URL, as its hx-get gives it
    etag: str | None = None  # the live part's, as last rendered: sent as If-None-Match
    poll_seconds: dict[str, list[float]] = field(
        default_factory=lambda: {"changed": [], "unchanged": []}
    )
    reconnects: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    @classmethod
    def on(cls, port: int, room: Room, **kwargs: Any) -> Self:
        session = Session(port)
        return cls(session=session, conn=session.connection(), room=room, **kwargs)

    def send(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        start = time.perf_counter()
        try:
            answer = self.session.exchange(self.conn, method, path, body, headers)
        except STALE:
            self.conn.close()
            self.reconnects += 1
            answer = self.session.exchange(self.conn, method, path, body, headers)
        status, content, response_headers = answer
        return Reply(status, content, time.perf_counter() - start, response_headers.get("ETag"))

    def error(self, what: str, status: int, content: bytes) -> None:
        """Counted by a short message: the page's alert or title, else the start of the body."""
        self.errors[f"{what}: {status} {_message(content)}"] += 1


@dataclass
class Phone(Client):
    name: str = ""
    csrf: str = ""
    joined: bool = False
    join_seconds: float = 0.0
    vote_seconds: list[float] = field(default_factory=list)
    votes_sent: int = 0
    votes_failed: int = 0
    last_ok: str | None = None
    # A vote whose answer never came: it may or may not have been saved.
    unknown: str | None = None


@dataclass
class Console(Client):
    """The facilitator's console, or with page="projector" the projector."""

    page: str = "console"


# --- the workshops (in this process, on the server's DATABASE_URL) ---


def prepare(env: dict[str, str], *, rooms: int) -> list[Room]:
    """Migrate, load the demo, collect static files, then start `rooms` workshops (one per
    new Gartner assessment of the demo consultant), each with KEY open for votes."""
    os.environ.update(env)
    django.setup()
    # Imported here because the app registry is only ready after django.setup().
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections
    from django.urls import reverse

    from assessments.models import Organization
    from assessments.services import DEMO_CLIENT, create_assessment
    from assessments.services import workshops as service
    from maturity.models import Framework

    for command in (["migrate"], ["load_demo"], ["collectstatic", "--noinput"]):
        call_command(*command, verbosity=0, stdout=io.StringIO())
    consultant = User.objects.get(username=CONSULTANT)
    gartner = Framework.objects.get(slug="gartner-iot", status=Framework.Status.PUBLISHED)
    client = Organization.objects.get(name=DEMO_CLIENT)
    made = []
    for number in range(1, rooms + 1):
        assessment = create_assessment(
            by=consultant, organization=client, framework=gartner,
            title=f"Workshop benchmark {number}",
        )  # fmt: skip
        # Not anonymous, so each participant's name maps their votes back to a client.
        workshop = service.start_workshop(assessment=assessment, by=consultant, anonymous=False)
        service.open_item(workshop=workshop, key=KEY)
        urls = {
            "join_code": reverse("assessments:join_code", args=[workshop.code]),
            "vote": reverse("assessments:vote", args=[workshop.code]),
            "console": reverse("assessments:console", args=[workshop.pk]),
            "projector": reverse("assessments:projector", args=[workshop.pk]),
            "login": reverse("login"),
        }
        made.append(Room(workshop.pk, gartner.levels.count(), urls))
    connections.close_all()  # SQLite: hold no lock while the server runs
    return made


# --- what a browser does ---


def _field(pattern: bytes, page: bytes, what: str) -> str:
    match = re.search(pattern, page)
    if match is None:
        raise BenchmarkError(f"no {what} in the page")
    return match[1].decode()


def _message(page: bytes) -> str:
    """A refusal's text: the page's alert or form error, else its title, else its start."""
    for pattern in (
        rb'role="alert">([^<]*)<',
        rb'class="invalid-feedback"[^>]*>(?:<strong>)?([^<]*)<',
        rb"<title>([^<]*)</title>",
    ):
        if match := re.search(pattern, page):
            page = match[1]
            break
    return " ".join(page[:160].decode(errors="replace").split())


def follow(client: Client, page: bytes, etag: str | None = None) -> None:
    """Poll as the page's live part says, as htmx with static/js/workshop.js does: its hx-get
    (with a change counter, or a signed token on the console and projector, if the view puts
    them there) and the ETag it was rendered with (its data-etag; else the response's)."""
    tag = _field(rb'(<[^>]*hx-get="[^"]*/live/[^>]*>)', page, "live part")
    attributes = dict(re.findall(r'\s([a-z-]+)="([^"]*)"', tag))
    client.poll = html.unescape(attributes["hx-get"])
    client.etag = html.unescape(attributes.get("data-etag", "")) or etag


def join(phone: Phone) -> None:
    """The join page, the name and role form, then the phone page with the vote form."""
    urls = phone.room.urls
    reply = phone.send("GET", urls["join_code"])
    if reply.status != 200:
        raise BenchmarkError(f"join page: {reply.status} {_message(reply.body)}")
    token = _field(rb'name="csrfmiddlewaretoken" value="([^"]+)"', reply.body, "CSRF token")
    form = {"name": phone.name, "role": "it", "csrfmiddlewaretoken": token}
    reply = phone.send("POST", urls["join_code"], urlencode(form).encode(), FORM)
    if reply.status != 302:
        raise BenchmarkError(f"join refused: {reply.status} {_message(reply.body)}")
    phone.join_seconds = reply.seconds
    reply = phone.send("GET", urls["vote"])
    if reply.status != 200:
        raise BenchmarkError(f"phone page: {reply.status} {_message(reply.body)}")
    phone.csrf = _field(rb'name="csrfmiddlewaretoken" value="([^"]+)"', reply.body, "CSRF token")
    follow(phone, reply.body)
    if _field(rb'name="key" value="([^"]+)"', reply.body, "item key") != KEY:
        raise BenchmarkError(f"the phone does not show {KEY}")
    phone.joined = True


def vote(phone: Phone, value: str) -> None:
    form = {"csrfmiddlewaretoken": phone.csrf, "key": KEY, "value": value, "comment": ""}
    phone.votes_sent += 1
    try:
        reply = phone.send("POST", phone.room.urls["vote"], urlencode(form).encode(), FORM | HTMX)
    except OSError as exc:  # a timeout, or a second failure after reconnecting
        phone.conn.close()
        phone.votes_failed += 1
        phone.unknown = value
        phone.error("vote", 0, str(exc).encode())
        return
    phone.vote_seconds.append(reply.seconds)
    if reply.status == 200 and b"Saved" in reply.body:
        phone.last_ok, phone.unknown = value, None
    else:
        phone.votes_failed += 1
        phone.error("vote", reply.status, reply.body)


def poll_headers(client: Client) -> dict[str, str]:
    return HTMX | ({"If-None-Match": client.etag} if client.etag else {})


def poll(client: Client) -> int:
    """One poll as htmx sends it; a rendered answer gives the next URL (its hx-get) and ETag."""
    reply = client.send("GET", client.poll, headers=poll_headers(client))
    if reply.status == 200:
        client.poll_seconds["changed"].append(reply.seconds)
        follow(client, reply.body, reply.etag)
    elif reply.status in UNCHANGED:
        client.poll_seconds["unchanged"].append(reply.seconds)
    else:
        client.error(f"{client.page} poll", reply.status, reply.body)
    return reply.status


def open_page(console: Console) -> None:
    """Open the console or projector once, as its poll needs; signed in as the consultant
    unless the session already is (a projector in the console's browser)."""
    if "sessionid" not in console.session.cookies:
        sign_in(console.session, CONSULTANT, CONSULTANT_PASSWORD, url=console.room.urls["login"])
    reply = console.send("GET", console.room.urls[console.page])
    if reply.status != 200:
        raise BenchmarkError(f"{console.page} page: {reply.status} {_message(reply.body)}")
    follow(console, reply.body)
