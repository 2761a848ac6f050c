"""Load on a live workshop: phones joining and voting while the console polls.

Run `make bench-workshop` (or `.venv/bin/python benchmarks/workshop.py --help`). It builds a
fresh database (SQLite under benchmarks/output/, or with `--database postgres` a throwaway
`maturity_bench_<pid>` on 127.0.0.1:5432, dropped afterwards; see harness.py), runs
`load_demo`, and has the demo consultant start a workshop on a new Gartner assessment with
"culture" open for votes. gunicorn serves it on 127.0.0.1 with the page benchmark's production
settings (benchmarks/settings.py).

For `--seconds` (60), `--participants` (100) standard-library client threads each join at
/w/<code>/ (within the first few seconds) and then vote a different level every 1 to 3 s
(the htmx POST), while polling /w/<code>/vote/live/?v=<stage> every 1.5 s; one console,
signed in as the consultant, polls /workshops/<id>/live/ every 1.5 s. Like htmx, every
client polls the URL its page's hx-get gives (the counter it was rendered at, and the
console's signed token) and follows it when an answer renders. Afterwards the votes are read
from the database: each participant must have exactly one, equal to the last vote the server
acknowledged ("lost" counts those that do not). Last, the unchanged polls (console and phone,
both 204) are measured against the minimal view in alternating rounds, as web.py does for the
pages: the minimal view's requests per second is the reference for those ratios. Vote latency
is absolute, so the machine's load average is printed beside it. Figures go to
benchmarks/output/workshop.json with the date, the machine and its load at start and end.
"""

import argparse
import html
import http.client
import io
import json
import os
import random
import re
import shutil
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

if __package__ in (None, ""):
    # Run as a script, so the repository root (where `benchmarks` lives) is not on the path.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

from benchmarks.harness import (
    DATABASE_KINDS,
    MINIMAL_URL,
    OUTPUT,
    ROOT,
    BenchmarkError,
    Endpoint,
    Session,
    database,
    describe,
    end_record,
    measure,
    server,
    server_env,
    sign_in,
    start_record,
)

DATABASE = OUTPUT / "workshop.sqlite3"
SERVER_LOG = OUTPUT / "gunicorn-workshop.log"
REPORT = OUTPUT / "workshop.json"
KEY = "culture"
CONSULTANT, CONSULTANT_PASSWORD = "consultant", "demo-consultant-pass"
POLL_EVERY = 1.5
VOTE_EVERY = (1.0, 3.0)
GOALS = {"lost": 0, "p95_vote_ms": 100.0, "poll_ratio": 0.5}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
# A keep-alive connection the server closed while idle (gunicorn's default is 2 s) fails on
# the next request before the server reads it; a browser reconnects and resends, so do we.
STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


@dataclass
class Client:
    """One browser: its cookies, its keep-alive connection and what it saw."""

    session: Session
    conn: http.client.HTTPConnection
    reconnects: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def send(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes, float]:
        """Status, body and seconds taken (a reconnect included)."""
        start = time.perf_counter()
        try:
            status, content = self.session.send(self.conn, method, path, body, headers)
        except STALE:
            self.conn.close()
            self.reconnects += 1
            status, content = self.session.send(self.conn, method, path, body, headers)
        return status, content, time.perf_counter() - start

    def error(self, what: str, status: int, content: bytes) -> None:
        """Counted by a short message: an error page's title, else the start of the body."""
        title = re.search(rb"<title>([^<]*)</title>", content)
        text = (title[1] if title else content[:120]).decode(errors="replace")
        self.errors[f"{what}: {status} {' '.join(text.split())}"] += 1


@dataclass
class Phone(Client):
    name: str = ""
    csrf: str = ""
    poll: str = ""  # the phone page's poll URL, as its hx-get gives it
    joined: bool = False
    join_seconds: float = 0.0
    vote_seconds: list[float] = field(default_factory=list)
    votes_sent: int = 0
    votes_failed: int = 0
    last_ok: str | None = None
    # A vote whose answer never came: it may or may not have been saved.
    unknown: str | None = None
    poll_seconds: list[float] = field(default_factory=list)
    polls_changed: int = 0


@dataclass
class Console(Client):
    poll: str = ""  # the console's poll URL, as its hx-get gives it
    poll_seconds: dict[int, list[float]] = field(default_factory=lambda: {200: [], 204: []})


@dataclass(frozen=True)
class Plan:
    """What the parent set up and the clients need."""

    workshop: int
    levels: int
    urls: dict[str, str]  # join_code, vote, console, login
    database: str
    seconds: float
    participants: int
    seed: int


# --- database and workshop set-up (in this process, on the server's DATABASE_URL) ---


def prepare(env: dict[str, str]) -> tuple[int, int, dict[str, str]]:
    """Migrate, load the demo, collect static files, start the workshop; pk, levels, URLs."""
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
    assessment = create_assessment(
        by=consultant, organization=Organization.objects.get(name=DEMO_CLIENT),
        framework=gartner, title="Workshop benchmark",
    )  # fmt: skip
    # Not anonymous, so each participant's name maps their votes back to a client thread.
    workshop = service.start_workshop(assessment=assessment, by=consultant, anonymous=False)
    service.open_item(workshop=workshop, key=KEY)
    urls = {
        "join_code": reverse("assessments:join_code", args=[workshop.code]),
        "vote": reverse("assessments:vote", args=[workshop.code]),
        "console": reverse("assessments:console", args=[workshop.pk]),
        "login": reverse("login"),
    }
    levels = gartner.levels.count()
    connections.close_all()  # SQLite: hold no lock while the server runs
    return workshop.pk, levels, urls


# --- the clients ---


def _field(pattern: bytes, page: bytes, what: str) -> str:
    match = re.search(pattern, page)
    if match is None:
        raise BenchmarkError(f"no {what} in the page")
    return match[1].decode()


def _poll_url(page: bytes) -> str:
    """The URL the page's live part polls (its hx-get): the counter it was rendered at, and
    whatever else the view puts there (a signed token on the console)."""
    return html.unescape(_field(rb'hx-get="([^"]*/live/\?v=[^"]*)"', page, "poll URL"))


def join(phone: Phone, plan: Plan) -> None:
    """The join page, the name and role form, then the phone page with the vote form."""
    status, page, _t = phone.send("GET", plan.urls["join_code"])
    if status != 200:
        raise BenchmarkError(f"join page: {status}")
    token = _field(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page, "CSRF token")
    form = {"name": phone.name, "role": "it", "csrfmiddlewaretoken": token}
    status, _page, seconds = phone.send(
        "POST", plan.urls["join_code"], urlencode(form).encode(), FORM
    )
    if status != 302:
        raise BenchmarkError(f"join: {status}")
    phone.join_seconds = seconds
    status, page, _t = phone.send("GET", plan.urls["vote"])
    if status != 200:
        raise BenchmarkError(f"phone page: {status}")
    phone.csrf = _field(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page, "CSRF token")
    phone.poll = _poll_url(page)
    if _field(rb'name="key" value="([^"]+)"', page, "item key") != KEY:
        raise BenchmarkError(f"the phone does not show {KEY}")
    phone.joined = True


def vote(phone: Phone, plan: Plan, value: str) -> None:
    form = {"csrfmiddlewaretoken": phone.csrf, "key": KEY, "value": value, "comment": ""}
    headers = {**FORM, "HX-Request": "true"}
    phone.votes_sent += 1
    try:
        status, content, seconds = phone.send(
            "POST", plan.urls["vote"], urlencode(form).encode(), headers
        )
    except OSError as exc:  # a timeout, or a second failure after reconnecting
        phone.conn.close()
        phone.votes_failed += 1
        phone.unknown = value
        phone.error("vote", 0, str(exc).encode())
        return
    phone.vote_seconds.append(seconds)
    if status == 200 and b"Saved" in content:
        phone.last_ok, phone.unknown = value, None
    else:
        phone.votes_failed += 1
        phone.error("vote", status, content)


def poll_phone(phone: Phone, plan: Plan) -> None:
    status, content, seconds = phone.send("GET", phone.poll)
    phone.poll_seconds.append(seconds)
    if status == 200:  # the stage moved; nothing in this run should move it
        phone.polls_changed += 1
        phone.poll = _poll_url(content)
    elif status != 204:
        phone.error("phone poll", status, content)


def run_phone(phone: Phone, plan: Plan, deadline: float, rng: random.Random) -> None:
    """Join within the first seconds, then vote every 1-3 s and poll every 1.5 s until the end."""
    time.sleep(rng.uniform(0, min(5.0, plan.seconds / 4)))
    try:
        join(phone, plan)
    except (BenchmarkError, OSError) as exc:
        phone.error("join", 0, str(exc).encode())
        return
    levels = [str(n) for n in range(1, plan.levels + 1)]
    now = time.monotonic()
    next_vote, next_poll = now + rng.uniform(*VOTE_EVERY), now + rng.uniform(0, POLL_EVERY)
    while (due := min(next_vote, next_poll)) < deadline:
        time.sleep(max(0.0, due - time.monotonic()))
        try:
            if due == next_vote:
                # A different level each time: every vote changes the stored one.
                vote(phone, plan, rng.choice([v for v in levels if v != phone.last_ok]))
                next_vote = time.monotonic() + rng.uniform(*VOTE_EVERY)
            else:
                poll_phone(phone, plan)
                next_poll += POLL_EVERY
        except (BenchmarkError, OSError) as exc:
            phone.conn.close()
            phone.error("phone", 0, str(exc).encode())
            next_poll += POLL_EVERY


def open_console(console: Console, plan: Plan) -> None:
    """Sign in as the consultant and open the console once, as the poll requires."""
    sign_in(console.session, CONSULTANT, CONSULTANT_PASSWORD, url=plan.urls["login"])
    status, page, _t = console.send("GET", plan.urls["console"])
    if status != 200:
        raise BenchmarkError(f"console page: {status}")
    console.poll = _poll_url(page)


def poll_console(console: Console, plan: Plan) -> tuple[int, bytes]:
    status, content, seconds = console.send("GET", console.poll)
    if status in console.poll_seconds:
        console.poll_seconds[status].append(seconds)
    if status == 200:
        console.poll = _poll_url(content)
    elif status != 204:
        console.error("console poll", status, content)
    return status, content


def run_console(console: Console, plan: Plan, deadline: float) -> None:
    next_poll = time.monotonic()
    while next_poll < deadline:
        time.sleep(max(0.0, next_poll - time.monotonic()))
        try:
            poll_console(console, plan)
        except (BenchmarkError, OSError) as exc:
            console.conn.close()
            console.error("console", 0, str(exc).encode())
        next_poll += POLL_EVERY


def client[C: Client](port: int, cls: type[C], **kwargs: Any) -> C:
    session = Session(port)
    return cls(session=session, conn=session.connection(), **kwargs)


def run_load(port: int, plan: Plan) -> tuple[list[Phone], Console]:
    """All phones and the console for plan.seconds; every thread ends by the deadline."""
    console = client(port, Console)
    open_console(console, plan)
    phones = [client(port, Phone, name=f"p{i:03d}") for i in range(plan.participants)]
    deadline = time.monotonic() + plan.seconds
    threads = [
        threading.Thread(target=run_phone, args=(p, plan, deadline, random.Random(plan.seed + i)))
        for i, p in enumerate(phones)
    ]
    threads.append(threading.Thread(target=run_console, args=(console, plan, deadline)))
    for thread in threads:
        thread.start()
    for thread in threads:  # a request in flight at the deadline ends within its 30 s timeout
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 35)
    if any(thread.is_alive() for thread in threads):
        raise BenchmarkError("client threads did not finish within 35 s of the deadline")
    return phones, console


# --- the checks ---


def check_votes(plan: Plan, phones: list[Phone]) -> dict[str, Any]:
    """Each joined phone has exactly one vote row, equal to its last acknowledged vote."""
    from assessments.models import Participant, Vote

    stored: dict[str, list[str]] = {}
    votes = Vote.objects.filter(participant__workshop_id=plan.workshop, question__key=KEY)
    for name, value in votes.values_list("participant__name", "value"):
        stored.setdefault(name, []).append(value)
    lost, uncertain = [], 0
    for phone in phones:
        rows = tuple(stored.pop(phone.name, []))
        # One row with the last acknowledged vote, or with a later one whose answer never came.
        allowed: set[tuple[str, ...]] = {(v,) for v in (phone.last_ok, phone.unknown) if v}
        if phone.last_ok is None:
            allowed.add(())
        if rows not in allowed:
            lost.append(f"{phone.name}: stored {list(rows)}, last acknowledged {phone.last_ok!r}")
        uncertain += phone.unknown is not None
    return {
        "participants_joined": sum(p.joined for p in phones),
        "participants_in_db": Participant.objects.filter(workshop_id=plan.workshop).count(),
        "votes_sent": sum(p.votes_sent for p in phones),
        "votes_acknowledged": sum(p.votes_sent - p.votes_failed for p in phones),
        "votes_failed": sum(p.votes_failed for p in phones),
        "votes_counted": votes.count(),
        "voters_expected": sum(p.last_ok is not None or p.unknown is not None for p in phones),
        "votes_lost": len(lost) + sum(len(rows) for rows in stored.values()),
        "lost_examples": lost[:5] + [f"{n}: not a client" for n in list(stored)[:5]],
        "last_vote_unknown": uncertain,
    }


def percentiles(seconds: list[float]) -> dict[str, float | int]:
    if len(seconds) < 2:
        return {"count": len(seconds)}
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    ms = {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": max(seconds)}
    return {"count": len(seconds)} | {k: round(v * 1000, 1) for k, v in ms.items()}


def latencies(phones: list[Phone], console: Console, seconds: float) -> dict[str, Any]:
    vote_seconds = [s for p in phones for s in p.vote_seconds]
    return {
        "vote_ms": percentiles(vote_seconds),
        "votes_per_second": round(len(vote_seconds) / seconds, 1),
        "join_ms": percentiles([p.join_seconds for p in phones if p.joined]),
        "phone_poll_ms": percentiles([s for p in phones for s in p.poll_seconds]),
        "phone_polls_changed": sum(p.polls_changed for p in phones),
        "console_poll_200_ms": percentiles(console.poll_seconds[200]),
        "console_poll_204_ms": percentiles(console.poll_seconds[204]),
        "reconnects": sum(p.reconnects for p in phones) + console.reconnects,
        "errors": dict(sum((c.errors for c in [*phones, console]), Counter()).most_common(10)),
    }


def cpu_stalled() -> float | None:
    """Linux pressure stall information: seconds in which a runnable task waited for a CPU."""
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return None
    return int(some.rsplit("total=", 1)[1]) / 1e6


def cpu_wait_share(before: float | None, seconds: float) -> float | None:
    """The share of the run in which something waited for a CPU: near 1 means saturated."""
    after = cpu_stalled()
    return None if before is None or after is None else round((after - before) / seconds, 3)


# --- unchanged polls against the minimal view ---


def poll_rounds(
    console: Console, phone: Phone, plan: Plan, args: argparse.Namespace
) -> dict[str, list[float]]:
    """Alternating rounds: minimal, console poll, minimal, phone poll; all unchanged polls."""
    if poll_console(console, plan)[0] not in (200, 204):  # catch up with the last votes
        raise BenchmarkError("the console poll failed after the load")
    targets = {
        "minimal": (console.session, Endpoint("minimal", "GET", MINIMAL_URL, b"ok")),
        "console_poll": (
            console.session,
            Endpoint("console poll", "GET", console.poll, status=204),
        ),
        "phone_poll": (phone.session, Endpoint("phone poll", "GET", phone.poll, status=204)),
    }
    for session, endpoint in targets.values():  # warm up
        measure(session, endpoint, clients=args.clients, seconds=1)
    rps: dict[str, list[float]] = {name: [] for name in targets}
    for number in range(1, args.rounds + 1):
        for name in ("minimal", "console_poll", "minimal", "phone_poll"):
            session, endpoint = targets[name]
            figure = measure(session, endpoint, clients=args.clients, seconds=args.round_seconds)
            rps[name].append(figure)
            print(f"  round {number}: {name:<13} {rps[name][-1]:8.1f} rps", flush=True)
    return rps


# --- report ---


def summary(
    votes: dict[str, Any], load: dict[str, Any], rps: dict[str, list[float]]
) -> dict[str, Any]:
    medians = {name: statistics.median(values) for name, values in rps.items()}
    ratios = {name: medians[name] / medians["minimal"] for name in ("console_poll", "phone_poll")}
    p95 = load["vote_ms"].get("p95", float("inf"))
    return {
        "votes": votes,
        "load": load,
        "reference": {"minimal_rps_median": medians["minimal"], "minimal_rps": rps["minimal"]},
        "rps": rps,
        "median_rps": medians,
        "ratio_to_minimal": ratios,
        "goal": GOALS,
        "met": {
            "lost": votes["votes_lost"] == 0 and votes["votes_failed"] == 0,
            "p95_vote_ms": p95 <= GOALS["p95_vote_ms"],
            "poll_ratio": min(ratios.values()) >= GOALS["poll_ratio"],
        },
    }


def print_table(report: dict[str, Any]) -> None:
    config, votes, load = report["config"], report["votes"], report["load"]
    print(
        f"\nWorkshop: {config['participants']} participants, {config['seconds']:g} s, gunicorn "
        f"{config['workers']} workers x {config['threads']} threads, {config['database']}"
        f"\n{describe(report)}\n"
    )
    for label, value, note in _load_rows(report):
        print(f"{label:<24}{value!s:>8}  {note}")
    print(f"\n{'unchanged poll':<24}{'median rps':>11}{'ratio':>8}{'goal':>7}  rounds (rps)")
    for name, median in report["median_rps"].items():
        rounds = " ".join(f"{value:.0f}" for value in report["rps"][name])
        ratio = report["ratio_to_minimal"].get(name)
        if ratio is None:
            print(f"{'minimal (reference)':<24}{median:>11.1f}{'':>15}  {rounds}")
            continue
        below = "" if ratio >= GOALS["poll_ratio"] else "  MISSED"
        print(f"{name:<24}{median:>11.1f}{ratio:>8.3f}{GOALS['poll_ratio']:>7.2f}  {rounds}{below}")
    for message, count in load["errors"].items():
        print(f"  ! {count} x {message}")
    for line in votes["lost_examples"]:
        print(f"  ! lost: {line}")
    print(
        "ratio: poll median / minimal median, the minimal view measured in this run."
        f"\nWritten to {REPORT.relative_to(ROOT)}"
    )


def _load_rows(report: dict[str, Any]) -> list[tuple[str, object, str]]:
    votes, load, met = report["votes"], report["load"], report["met"]
    missed = {True: "", False: "  MISSED"}
    ms = {name: load[name] for name in load if name.endswith("_ms")}
    vote_ms = ms.pop("vote_ms")
    rows: list[tuple[str, object, str]] = [
        ("joined", votes["participants_joined"], f"(stored: {votes['participants_in_db']})"),
        ("votes sent", votes["votes_sent"],
         f"({load['votes_per_second']:g}/s; acknowledged {votes['votes_acknowledged']})"),
        ("votes counted", votes["votes_counted"], f"(one per voter: {votes['voters_expected']})"),
        ("votes failed", votes["votes_failed"], f"goal 0{missed[votes['votes_failed'] == 0]}"),
        ("votes lost", votes["votes_lost"], f"goal 0{missed[votes['votes_lost'] == 0]}"),
        ("vote p95 ms", vote_ms.get("p95", "n/a"), f"goal <= {GOALS['p95_vote_ms']:g}"
         f"{missed[met['p95_vote_ms']]} (p50 {vote_ms.get('p50')}, p99 {vote_ms.get('p99')}, "
         f"max {vote_ms.get('max')}); {_machine_load(load)}"),
        ("cpu wait share", load["cpu_wait_share"],
         "(share of the load in which a task waited for a CPU; near 1: saturated)"),
    ]  # fmt: skip
    for name, figures in ms.items():
        if figures["count"] < 2:  # the console's poll is rarely unchanged while votes come in
            continue
        label = name.removesuffix("_ms").replace("_", " ") + " p95 ms"
        rows.append((label, figures.get("p95", "n/a"), f"({figures['count']} requests)"))
    return rows


def _machine_load(load: dict[str, Any]) -> str:
    """Latency is absolute: it says little without how busy the machine was. The 1-minute
    average at the end includes this run's own server and clients."""
    before, after = load["machine_load_1min"]
    cpus = os.cpu_count()
    return (
        f"machine load (1 min) {before:.2f} as the votes began, {after:.2f} at the end, {cpus} CPUs"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60, help="length of the load (60)")
    parser.add_argument("--participants", type=int, default=100, help="phones (100)")
    parser.add_argument(
        "--database", choices=DATABASE_KINDS, default="sqlite",
        help="sqlite (a file in benchmarks/output/) or a throwaway PostgreSQL database at "
        "127.0.0.1:5432, user postgres",
    )  # fmt: skip
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (2)")
    parser.add_argument("--rounds", type=int, default=5, help="poll rounds (5)")
    parser.add_argument("--round-seconds", type=float, default=3, help="length of a round (3)")
    parser.add_argument("--clients", type=int, default=4, help="threads in poll rounds (4)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the phones (1)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    args = parser.parse_args(argv)
    # Bounded: a typo must not start a load that runs for hours or opens thousands of sockets.
    if not (1 <= args.seconds <= 600 and 1 <= args.participants <= 500):
        parser.error("--seconds must be 1..600 and --participants 1..500")
    if not (1 <= args.rounds <= 20 and 0.5 <= args.round_seconds <= 30):
        parser.error("--rounds must be 1..20 and --round-seconds 0.5..30")
    return args


def run(args: argparse.Namespace, url: str) -> dict[str, Any]:
    env = server_env(url)
    print("Preparing a fresh database, static files and the workshop ...", flush=True)
    wid, levels, urls = prepare(env)
    plan = Plan(wid, levels, urls, args.database, args.seconds, args.participants, args.seed)
    with server(env, workers=args.workers, threads=args.threads, log=SERVER_LOG) as port:
        print(f"Load: {args.participants} phones for {args.seconds:g} s ...", flush=True)
        # Other work on the machine shares its CPUs with the server and the clients.
        busy, stalled, started = [os.getloadavg()[0]], cpu_stalled(), time.monotonic()
        phones, console = run_load(port, plan)
        votes = check_votes(plan, phones)
        busy.append(os.getloadavg()[0])
        load = latencies(phones, console, args.seconds) | {
            "machine_load_1min": busy,
            "cpu_wait_share": cpu_wait_share(stalled, time.monotonic() - started),
        }
        print("Unchanged polls against the minimal view ...", flush=True)
        phone = next((p for p in phones if p.joined), None)
        if phone is None:
            raise BenchmarkError(f"no participant could join: {load['errors']}")
        rps = poll_rounds(console, phone, plan, args)
    from django.db import connections

    connections.close_all()  # before the database is dropped
    return summary(votes, load, rps)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        print("gunicorn is not installed in this Python; run `make setup`.", file=sys.stderr)
        return 2
    report = start_record()
    report["config"] = {k: v for k, v in vars(args).items() if k != "check"}
    try:
        with database(args.database, sqlite=DATABASE) as url:
            report |= run(args, url)
    except BenchmarkError as exc:
        print(f"Benchmark failed: {exc} (server log: {SERVER_LOG})", file=sys.stderr)
        return 2
    end_record(report)
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    return 1 if args.check and not all(report["met"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
