"""Requests per second of the busiest pages, each against a minimal Django view.

Run `make bench` (or `.venv/bin/python benchmarks/run.py --help` for the knobs). It builds a
fresh SQLite database under benchmarks/output/ (migrate, `load_demo`, then `benchmarks.data`:
an in-progress Gartner assessment of the demo manager's with every question answered),
collects the static files, and serves the app with gunicorn on 127.0.0.1 with production
settings (debug off, manifest static files, a random secret key) plus a minimal view
(`benchmarks.settings`). Standard-library client threads, signed in as the manager and each
on its own keep-alive connection, then measure in alternating rounds (minimal,
questionnaire, minimal, autosave, minimal, results; repeated) so that noise from a shared
machine hits both sides of each ratio:

- questionnaire: GET /assessments/<pk>/answer/1/ (checks the first question's text);
- autosave: the htmx POST /assessments/<pk>/answer/1/<key>/, toggling a rubric level
  (checks "Saved");
- results: GET /assessments/<pk>/results/ of the demo's submitted assessment (checks its title).

Every response is checked; one wrong answer stops the run. The table shows the median
requests per second of each, and its ratio to the minimal view's median; the same figures go
to benchmarks/output/web.json. The client runs on the same machine, so it takes some of the
CPU the server would otherwise have; that lowers the minimal view's figure most, which makes
the ratios slightly kinder than on a machine with a separate load generator.
"""

import argparse
import html
import http.client
import importlib.util
import json
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output"
DATABASE = OUTPUT / "bench.sqlite3"
REPORT = OUTPUT / "web.json"
SERVER_LOG = OUTPUT / "gunicorn.log"
HOST = "127.0.0.1"
MINIMAL_URL = "/bench/minimal/"  # benchmarks/urls.py
LOGIN_URL = "/accounts/login/"  # reverse("login"), for callers without Django set up
GOALS = {"questionnaire": 0.20, "autosave": 0.20, "results": 0.15}


class BenchmarkError(Exception):
    """The run cannot produce a trustworthy figure; the message says why."""


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    expect: bytes
    # The request body for the n-th request of a client thread; None for a GET.
    body: Callable[[int], bytes] | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Session:
    """Cookies of one signed-in browser, shared by the client threads."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(HOST, self.port, timeout=30)

    def send(
        self,
        conn: http.client.HTTPConnection,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        conn.request(method, path, body=body, headers={"Cookie": cookie, **(headers or {})})
        response = conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        return response.status, content


def sign_in(session: Session, username: str, password: str, *, url: str = LOGIN_URL) -> None:
    """Post the sign-in form as a browser would: its CSRF token, then the session cookie."""
    conn = session.connection()
    status, page = session.send(conn, "GET", url)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or match is None:
        raise BenchmarkError(f"sign-in page: status {status}, no CSRF token")
    form = {"username": username, "password": password, "csrfmiddlewaretoken": match[1].decode()}
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _page = session.send(conn, "POST", url, urlencode(form).encode(), headers)
    conn.close()
    if status != 302 or "sessionid" not in session.cookies:
        raise BenchmarkError(f"sign-in as {username} failed: status {status}")


def measure(session: Session, endpoint: Endpoint, *, clients: int, seconds: float) -> float:
    """Requests per second: `clients` threads send back to back for `seconds`."""
    counts = [0] * clients
    errors: list[str] = []
    barrier = threading.Barrier(clients)

    def client(index: int) -> None:
        conn = session.connection()
        try:
            conn.connect()
            barrier.wait()
            counts[index] = _send_until(session, conn, endpoint, time.perf_counter() + seconds)
        except Exception as exc:  # reported below: any failure makes the figure worthless
            errors.append(f"{endpoint.name}: {exc}")
            barrier.abort()
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise BenchmarkError(errors[0])
    return sum(counts) / seconds


def _send_until(
    session: Session, conn: http.client.HTTPConnection, endpoint: Endpoint, deadline: float
) -> int:
    """The number of checked responses that arrived before the deadline."""
    done = 0
    while time.perf_counter() < deadline:
        body = endpoint.body(done) if endpoint.body else None
        status, content = session.send(conn, endpoint.method, endpoint.path, body, endpoint.headers)
        if status != 200 or endpoint.expect not in content:
            snippet = content[:300].decode(errors="replace")
            raise BenchmarkError(f"{endpoint.method} {endpoint.path}: {status} {snippet!r}")
        done += time.perf_counter() <= deadline
    return done


def endpoints(data: dict[str, Any], session: Session) -> dict[str, Endpoint]:
    """The measured requests, from the URLs that `benchmarks.data` reversed."""
    key = data["question_key"]

    def autosave(n: int) -> bytes:
        fields = {"value": "3" if n % 2 else "2", "comment": "", "evidence_url": "",
                  "confidence": ""}  # fmt: skip
        return urlencode({f"{key}-{name}": value for name, value in fields.items()}).encode()

    post_headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
        "X-CSRFToken": session.cookies["csrftoken"],
    }
    return {
        "minimal": Endpoint("minimal", "GET", MINIMAL_URL, b"ok"),
        "questionnaire": Endpoint("questionnaire", "GET", data["questionnaire_url"],
                                  html.escape(data["question_text"]).encode()),
        "autosave": Endpoint("autosave", "POST", data["autosave_url"], b"Saved", autosave,
                             post_headers),
        "results": Endpoint("results", "GET", data["results_url"],
                            html.escape(data["results_title"]).encode()),
    }  # fmt: skip


def server_env() -> dict[str, str]:
    """Production-like settings: debug off, a random key, plain http on loopback only."""
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_DEBUG"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    return env


def prepare(env: dict[str, str]) -> dict[str, Any]:
    """A fresh database with the demo and the benchmark's assessment; collected static files."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    DATABASE.unlink(missing_ok=True)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate"], ["load_demo"], ["collectstatic", "--noinput"]):
        _run([*manage, *command, "--verbosity", "0"], env)
    return json.loads(_run([sys.executable, "-m", "benchmarks.data"], env))


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchmarkError(f"{' '.join(command[1:])} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def server(env: dict[str, str], *, workers: int, threads: int) -> Iterator[int]:
    """gunicorn serving config.wsgi with the benchmark settings; yields its port."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application", "--chdir", str(ROOT),
        "--bind", f"{HOST}:{port}", "--workers", str(workers), "--threads", str(threads),
        "--log-level", "warning",
    ]  # fmt: skip
    with SERVER_LOG.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            _wait_until_up(process, port)
            yield port
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(process: subprocess.Popen[bytes], port: int) -> None:
    give_up = time.monotonic() + 30
    while time.monotonic() < give_up:
        if process.poll() is not None:
            raise BenchmarkError(f"gunicorn exited; see {SERVER_LOG}")
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            conn.request("GET", MINIMAL_URL)
            status = conn.getresponse().status
        except OSError:  # not listening yet
            time.sleep(0.2)
            continue
        finally:
            conn.close()
        if status != 200:
            raise BenchmarkError(f"the minimal view answered {status}; see {SERVER_LOG}")
        return
    raise BenchmarkError(f"gunicorn did not answer within 30 s; see {SERVER_LOG}")


# Each page's round sits between two minimal rounds, so slow drifts of the machine hit both.
SCHEDULE = ("minimal", "questionnaire", "minimal", "autosave", "minimal", "results")


def run_rounds(
    session: Session, targets: dict[str, Endpoint], *, rounds: int, clients: int, seconds: float
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Requests per second of each round, and each page round over the minimal round before it."""
    for endpoint in targets.values():  # warm caches, templates and connections
        measure(session, endpoint, clients=clients, seconds=1)
    rps: dict[str, list[float]] = {name: [] for name in targets}
    paired: dict[str, list[float]] = {name: [] for name in GOALS}
    for round_number in range(1, rounds + 1):
        for name in SCHEDULE:
            rps[name].append(measure(session, targets[name], clients=clients, seconds=seconds))
            if name in paired:
                paired[name].append(rps[name][-1] / rps["minimal"][-1])
            print(f"  round {round_number}: {name:<13} {rps[name][-1]:8.1f} rps", flush=True)
    return rps, paired


def summary(
    rps: dict[str, list[float]], paired: dict[str, list[float]], config: dict[str, Any]
) -> dict[str, Any]:
    medians = {name: statistics.median(values) for name, values in rps.items()}
    ratios = {name: medians[name] / medians["minimal"] for name in GOALS}
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": config,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "rps": rps,
        "median_rps": medians,
        "ratio_to_minimal": ratios,
        "paired_ratio_median": {name: statistics.median(values) for name, values in paired.items()},
        "goal": GOALS,
        "met": {name: ratios[name] >= GOALS[name] for name in GOALS},
    }


def print_table(report: dict[str, Any]) -> None:
    config = report["config"]
    print(
        f"\ngunicorn {config['workers']} workers x {config['threads']} threads, "
        f"{config['clients']} client threads, {config['rounds']} x {config['seconds']:g} s rounds"
    )
    print(f"{'page':<14}{'median rps':>11}{'ratio':>8}{'paired':>8}{'goal':>7}  rounds (rps)")
    for name, median in report["median_rps"].items():
        rounds = " ".join(f"{value:.0f}" for value in report["rps"][name])
        if name == "minimal":
            print(f"{name:<14}{median:>11.1f}{'':>23}  {rounds}")
            continue
        ratio, paired = report["ratio_to_minimal"][name], report["paired_ratio_median"][name]
        verdict = "" if report["met"][name] else "  BELOW GOAL"
        goal = f"{report['goal'][name]:.2f}"
        print(f"{name:<14}{median:>11.1f}{ratio:>8.3f}{paired:>8.3f}{goal:>7}  {rounds}{verdict}")
    print(
        "ratio: page median / minimal median; paired: median of each page round over the"
        f" minimal round just before it.\nWritten to {REPORT.relative_to(ROOT)}"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=3, help="length of a round (3)")
    parser.add_argument("--rounds", type=int, default=5, help="repeats of the schedule (5)")
    parser.add_argument("--clients", type=int, default=4, help="client threads (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (2)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a ratio misses its goal")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if importlib.util.find_spec("gunicorn") is None:
        print("gunicorn is not installed in this Python; run `make setup`.", file=sys.stderr)
        return 2
    env = server_env()
    try:
        print("Preparing a fresh database and static files ...", flush=True)
        data = prepare(env)
        with server(env, workers=args.workers, threads=args.threads) as port:
            session = Session(port)
            sign_in(session, data["username"], data["password"], url=data["login_url"])
            targets = endpoints(data, session)
            rps, paired = run_rounds(session, targets, rounds=args.rounds, clients=args.clients,
                                     seconds=args.seconds)  # fmt: skip
    except BenchmarkError as exc:
        print(f"Benchmark failed: {exc}", file=sys.stderr)
        return 2
    config = {k: v for k, v in vars(args).items() if k != "check"}
    config["requests"] = {name: f"{e.method} {e.path}" for name, e in targets.items()}
    report = summary(rps, paired, config)
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    return 1 if args.check and not all(report["met"].values()) else 0
