"""The report queue under load: 20 files asked for at once, 2 workers, pages still served.

Run by `make bench-report` after benchmarks/report.py (or alone: `.venv/bin/python
benchmarks/jobqueue.py`). On a throwaway PostgreSQL database (the production set-up for several
workers) it serves the app with gunicorn, signs the demo manager in and:

1. measures the pages' throughput alone: the questionnaire and the results page, each in
   turn for `--seconds`, `--rounds` times (requests per second with `--clients` clients);
2. asks for 20 files through the downloads form, as a user does (PDF, PPTX, XLSX and CSV in
   turn, of the benchmark's open assessment, so that none is served from a kept file), and
   starts 2 workers (`manage.py db_worker`, under `nice`, as README advises for a server that
   also serves pages);
3. measures the same pages, the same way, until every job has finished;
4. measures the pages alone again (noise on a shared machine hits both sides).

Figures: every job done, none failed, none lost (20 job rows, each with its file); the time
from the request to the last file; and the pages' throughput during the queue as a share of
their throughput alone (the mean of before and after). Goal: the share >= 0.7.
benchmarks/output/queue.json keeps every figure with the run record.
"""

import argparse
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
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
from benchmarks.web import endpoints, prepare

FORMATS = ("pdf", "pptx", "xlsx", "csv")
GOAL = 0.7
PAGES = ("questionnaire", "results")


def job_counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT status, count(*), count(output_id) FROM reports_job GROUP BY status"
        ).fetchall()
    counts = {status: count for status, count, _with_file in rows}
    counts["with_file"] = sum(with_file for _status, _count, with_file in rows)
    return counts


def ask_for_files(session: Session, results_url: str, count: int) -> None:
    """Post the downloads form `count` times, as the page does (one request each)."""
    conn = session.connection()
    status, page = session.send(conn, "GET", results_url)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        raise BenchmarkError(f"results page: status {status}, no downloads form")
    action = results_url.replace("/results/", "/downloads/new/")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": results_url}
    for number in range(count):
        form = {"format": FORMATS[number % len(FORMATS)], "csrfmiddlewaretoken": token[1].decode()}
        status, body = session.send(conn, "POST", action, urlencode(form).encode(), headers)
        if status != 302:
            raise BenchmarkError(f"asking for a file: status {status} {body[:200]!r}")
    conn.close()


def workers(env: dict[str, str], count: int, niceness: int) -> list[subprocess.Popen[bytes]]:
    command = [
        "nice", "-n", str(niceness), sys.executable, "manage.py", "db_worker", "--no-reload",
        "--no-startup-delay", "--interval", "0.5", "--verbosity", "0",
    ]  # fmt: skip
    log = (OUTPUT / "queue-workers.log").open("w")
    return [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log) for _ in range(count)
    ]


def pages_round(
    session: Session, targets: dict[str, Endpoint], args: argparse.Namespace
) -> dict[str, float]:
    return {
        name: measure(session, targets[name], clients=args.clients, seconds=args.seconds)
        for name in PAGES
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--nice", type=int, default=10, help="the workers' niceness")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    record = start_record()
    with database("postgres", sqlite=OUTPUT / "queue.sqlite3") as url:
        env = {**server_env(url), "DJANGO_TASKS_BACKEND": "database"}
        print("Queue: preparing a fresh PostgreSQL database ...", flush=True)
        data = prepare(env)
        assessment_url = data["questionnaire_url"].split("/answer/")[0]
        with server(env, workers=2, threads=4, log=OUTPUT / "gunicorn-queue.log") as port:
            session = Session(port)
            sign_in(session, data["username"], data["password"], url=data["login_url"])
            targets = endpoints(data, session)
            for name in PAGES:  # warm up
                measure(session, targets[name], clients=args.clients, seconds=1)
            before = [pages_round(session, targets, args) for _ in range(args.rounds)]
            print(f"  alone, before: {before}", flush=True)

            started = time.perf_counter()
            ask_for_files(session, f"{assessment_url}/results/", args.jobs)
            pool = workers(env, args.workers, args.nice)
            during: list[dict[str, float]] = []
            try:
                while True:
                    counts = job_counts(url)
                    if counts.get("done", 0) + counts.get("failed", 0) >= args.jobs:
                        break
                    if time.perf_counter() - started > args.timeout:
                        raise BenchmarkError(f"jobs not finished after {args.timeout} s: {counts}")
                    during.append(pages_round(session, targets, args))
                    print(f"  during: {during[-1]} jobs {counts}", flush=True)
                finished = time.perf_counter() - started
            finally:
                for process in pool:
                    process.send_signal(signal.SIGTERM)
                for process in pool:
                    process.wait(timeout=60)
            after = [pages_round(session, targets, args) for _ in range(args.rounds)]
            print(f"  alone, after: {after}", flush=True)
        counts = job_counts(url)
    end_record(record)

    def mean(rounds: list[dict[str, float]], name: str) -> float:
        return sum(r[name] for r in rounds) / len(rounds) if rounds else 0.0

    shares = {
        name: mean(during, name) / ((mean(before, name) + mean(after, name)) / 2) for name in PAGES
    }
    lost = args.jobs - sum(counts.get(s, 0) for s in ("done", "failed", "queued", "running"))
    figures = {
        "jobs": args.jobs,
        "workers": args.workers,
        "done": counts.get("done", 0),
        "failed": counts.get("failed", 0),
        "lost": lost,
        "with_file": counts["with_file"],
        "seconds_to_last_file": finished,
        "rps_alone": {name: (mean(before, name) + mean(after, name)) / 2 for name in PAGES},
        "rps_during": {name: mean(during, name) for name in PAGES},
        "share": shares,
        "share_min": min(shares.values()),
        "goal": GOAL,
        "met": min(shares.values()) >= GOAL and counts.get("done", 0) == args.jobs and lost == 0,
        "rounds": {"before": before, "during": during, "after": after},
        "arguments": vars(args),
    }
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "queue.json").write_text(json.dumps({**record, "figures": figures}, indent=2))
    print()
    print(describe(record))
    print(
        f"Queue: {figures['done']} of {args.jobs} files done, {figures['failed']} failed, "
        f"{lost} lost, the last after {finished:.1f} s with {args.workers} workers"
    )
    for name in PAGES:
        print(
            f"  {name:<14} alone {figures['rps_alone'][name]:7.1f} rps, during "
            f"{figures['rps_during'][name]:7.1f} rps: share {shares[name]:.2f} (goal >= {GOAL})"
        )
    print("MET" if figures["met"] else "MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
