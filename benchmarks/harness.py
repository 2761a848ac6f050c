"""What the page and workshop benchmarks share: a throwaway database, gunicorn serving the app
on it with production settings, a signed-in standard-library client, and the run record
(date, machine, load average) that every benchmark writes beside its figures."""

import http.client
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output"
HOST = "127.0.0.1"
MINIMAL_URL = "/bench/minimal/"  # benchmarks/urls.py
LOGIN_URL = "/accounts/login/"  # reverse("login"), for callers without Django set up
POSTGRES_ADMIN = f"host={HOST} port=5432 user=postgres dbname=postgres"
DATABASE_KINDS = ("sqlite", "postgres")


class BenchmarkError(Exception):
    """The run cannot produce a trustworthy figure; the message says why."""


# --- the run record ---


def start_record() -> dict[str, Any]:
    """When and where: the ISO date, the machine and its load average at the start."""
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "load_average": {"start": list(os.getloadavg()), "end": None},
    }


def end_record(record: dict[str, Any]) -> None:
    record["load_average"]["end"] = list(os.getloadavg())


def describe(record: dict[str, Any]) -> str:
    """One line a reader on another machine needs before comparing figures."""
    load, machine = record["load_average"], record["machine"]
    line = (
        f"{record['date']}, {machine['cpus']} CPUs, Python {machine['python']}; "
        f"load average (1/5/15 min) {_three(load['start'])} at start"
    )
    return line + (f", {_three(load['end'])} at end" if load["end"] else "")


def _three(values: list[float]) -> str:
    return " ".join(f"{value:.2f}" for value in values)


# --- the database ---


@contextmanager
def database(kind: str, *, sqlite: Path) -> Iterator[str]:
    """A fresh, empty database for one run; yields its DATABASE_URL and removes it after.

    PostgreSQL: a new `maturity_bench_<pid>` on the local server (started as .ci/run does if
    it is not answering), dropped at the end even if connections are still open.
    """
    if kind == "sqlite":
        OUTPUT.mkdir(parents=True, exist_ok=True)
        # The product runs SQLite in WAL mode: a stale -wal file would be replayed into the new
        # database, so it goes with it.
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
        yield f"sqlite:///{sqlite}"
        return
    ensure_postgres()
    name = f"maturity_bench_{os.getpid()}"
    _postgres(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@{HOST}:5432/{name}"
    finally:
        _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres(*statements: str) -> None:
    import psycopg

    try:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement.encode())
    except psycopg.Error as exc:
        raise BenchmarkError(f"PostgreSQL at {HOST}:5432: {exc}") from exc


def ensure_postgres() -> None:
    """Start the newest local cluster if nothing answers on 127.0.0.1:5432 (as .ci/run does).

    It is left running afterwards: other work on the machine may be using it by then.
    """
    if _postgres_answers():
        return
    clusters = Path("/etc/postgresql")
    versions = sorted(
        (p.name for p in clusters.iterdir() if p.name[:1].isdigit()) if clusters.is_dir() else [],
        key=lambda v: [int(part) for part in v.split(".") if part.isdigit()],
    )
    if not versions:
        raise BenchmarkError(
            f"no PostgreSQL answers at {HOST}:5432 and none is installed to start"
            " (--database sqlite measures SQLite alone)"
        )
    print(f"Starting PostgreSQL {versions[-1]} ...", flush=True)
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"]
    done = subprocess.run(command, capture_output=True, text=True)
    give_up = time.monotonic() + 30
    while not _postgres_answers():
        if time.monotonic() > give_up:
            raise BenchmarkError(f"PostgreSQL did not start: {done.stderr.strip()[-500:]}")
        time.sleep(1)


def _postgres_answers() -> bool:
    import psycopg

    try:
        psycopg.connect(POSTGRES_ADMIN, connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


# --- the server ---


def server_env(database_url: str) -> dict[str, str]:
    """Production-like settings: debug off, a random key, plain http on loopback only.

    DJANGO_DEBUG is set, not just removed: config/settings.py would otherwise take the
    checkout's .env, which turns debug on (and with it off the fragment cache).
    """
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def server(env: dict[str, str], *, workers: int, threads: int, log: Path) -> Iterator[int]:
    """gunicorn serving config.wsgi with the benchmark settings; yields its port."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application", "--chdir", str(ROOT),
        "--bind", f"{HOST}:{port}", "--workers", str(workers), "--threads", str(threads),
        "--log-level", "warning",
    ]  # fmt: skip
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with log.open("w") as log_file:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file)
        try:
            _wait_until_up(process, port, log)
            _check_debug_is_off(port, log)
            yield port
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    give_up = time.monotonic() + 30
    while time.monotonic() < give_up:
        if process.poll() is not None:
            raise BenchmarkError(f"gunicorn exited; see {log}")
        try:
            status, _content = _get(port, MINIMAL_URL)
        except OSError:  # not listening yet
            time.sleep(0.2)
            continue
        if status != 200:
            raise BenchmarkError(f"the minimal view answered {status}; see {log}")
        return
    raise BenchmarkError(f"gunicorn did not answer within 30 s; see {log}")


def _check_debug_is_off(port: int, log: Path) -> None:
    """Debug mode would measure another product (no fragment cache, debug pages)."""
    status, content = _get(port, MINIMAL_URL + "no-such-page/")
    if status != 404 or b"URLconf" in content:
        raise BenchmarkError(f"the server runs with debug on; see {log}")


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- the client ---


@dataclass
class Session:
    """Cookies of one browser, shared by the client threads that act for it."""

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
        status, content, _headers = self.exchange(conn, method, path, body, headers)
        return status, content

    def exchange(
        self,
        conn: http.client.HTTPConnection,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes, http.client.HTTPMessage]:
        """As send, with the response's headers (a poll's ETag)."""
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        conn.request(method, path, body=body, headers={"Cookie": cookie, **(headers or {})})
        response = conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        return response.status, content, response.headers


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


@dataclass(frozen=True)
class Endpoint:
    """A measured request and the answer that counts as right."""

    name: str
    method: str
    path: str
    expect: bytes = b""  # must be in the body
    status: int = 200
    # The request body for the n-th request of a client thread; None for a GET.
    body: Callable[[int], bytes] | None = None
    headers: dict[str, str] = field(default_factory=dict)


def measure(session: Session, endpoint: Endpoint, *, clients: int, seconds: float) -> float:
    """Requests per second: `clients` threads, each on its own keep-alive connection, send
    back to back for `seconds`; one wrong answer makes the whole figure worthless."""
    counts = [0] * clients
    errors: list[str] = []
    barrier = threading.Barrier(clients)

    def client(index: int) -> None:
        conn = session.connection()
        try:
            conn.connect()
            barrier.wait()
            counts[index] = _send_until(session, conn, endpoint, time.perf_counter() + seconds)
        except Exception as exc:  # reported below
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
        if status != endpoint.status or endpoint.expect not in content:
            snippet = content[:300].decode(errors="replace")
            raise BenchmarkError(f"{endpoint.method} {endpoint.path}: {status} {snippet!r}")
        done += time.perf_counter() <= deadline
    return done
