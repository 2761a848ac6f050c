"""Load on a live workshop: phones joining and voting while the console polls.

Run `make bench-workshop` (or `.venv/bin/python benchmarks/workshop.py --help`). It builds a
fresh database (SQLite under benchmarks/output/, or with `--database postgres` a throwaway
`maturity_bench_<pid>` on 127.0.0.1:5432, dropped afterwards; see harness.py), runs
`load_demo`, and has the demo consultant start a workshop on a new Gartner assessment with
"culture" open for votes. gunicorn serves it on 127.0.0.1 with the page benchmark's production
settings (benchmarks/settings.py).

For `--seconds` (60), `--participants` (100) simulated phones (live.py, paced by crowd.py on
a small client thread pool, each phone on its own keep-alive connection) each join at
/w/<code>/ (within the first few seconds) and then vote a different level every 1 to 3 s
(the htmx POST), while polling /w/<code>/vote/live/ every 1.5 s; one console, signed in as
the consultant, polls /workshops/<id>/live/ every 1.5 s. Like htmx, every client polls the
URL its page's hx-get gives (a change counter and the console's signed token, if the view
puts them there), sends the ETag of its last rendered poll as If-None-Match, and follows
the answer when it renders. Afterwards the votes are read from the database: each
participant must have exactly one, equal to the last vote the server acknowledged ("lost"
counts those that do not). Last, the unchanged polls (console and phone, 204 or 304) are
measured against the minimal view in alternating rounds, as web.py does for the
pages: the minimal view's requests per second is the reference for those ratios. Vote latency
is absolute, so the machine's load average is printed beside it. Figures go to
benchmarks/output/workshop.json with the date, the machine and its load at start and end.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    # Run as a script, so the repository root (where `benchmarks` lives) is not on the path.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.crowd import (
    Pacing,
    check_votes,
    cpu_stalled,
    cpu_wait_share,
    latencies,
    latency_rows,
    machine_load,
    poll_rounds,
    run_load,
)
from benchmarks.harness import (
    DATABASE_KINDS,
    OUTPUT,
    ROOT,
    BenchmarkError,
    database,
    describe,
    end_record,
    server,
    server_env,
    start_record,
)
from benchmarks.live import Console, Phone, open_page, prepare

DATABASE = OUTPUT / "workshop.sqlite3"
SERVER_LOG = OUTPUT / "gunicorn-workshop.log"
REPORT = OUTPUT / "workshop.json"
VOTE_EVERY = (1.0, 3.0)
GOALS = {"lost": 0, "p95_vote_ms": 100.0, "poll_ratio": 0.5}


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
        print(f"{label:<30}{value!s:>8}  {note}")
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
    vote_ms = load["vote_ms"]
    rows: list[tuple[str, object, str]] = [
        ("joined", votes["participants_joined"], f"(stored: {votes['participants_in_db']})"),
        ("votes sent", votes["votes_sent"],
         f"({load['votes_per_second']:g}/s; acknowledged {votes['votes_acknowledged']})"),
        ("votes counted", votes["votes_counted"], f"(one per voter: {votes['voters_expected']})"),
        ("votes failed", votes["votes_failed"], f"goal 0{missed[votes['votes_failed'] == 0]}"),
        ("votes lost", votes["votes_lost"], f"goal 0{missed[votes['votes_lost'] == 0]}"),
        ("vote p95 ms", vote_ms.get("p95", "n/a"), f"goal <= {GOALS['p95_vote_ms']:g}"
         f"{missed[met['p95_vote_ms']]} (p50 {vote_ms.get('p50')}, p99 {vote_ms.get('p99')}, "
         f"max {vote_ms.get('max')}); {machine_load(load)}"),
        ("cpu wait share", load["cpu_wait_share"],
         "(share of the load in which a task waited for a CPU; near 1: saturated)"),
    ]  # fmt: skip
    return rows + latency_rows(load)


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
    (room,) = prepare(env, rooms=1)
    pacing = Pacing(
        args.seconds, min(5.0, args.seconds / 4), VOTE_EVERY, VOTE_EVERY, seed=args.seed
    )
    with server(env, workers=args.workers, threads=args.threads, log=SERVER_LOG) as port:
        console = Console.on(port, room)
        open_page(console)
        phones = [Phone.on(port, room, name=f"p{i:03d}") for i in range(args.participants)]
        print(f"Load: {args.participants} phones for {args.seconds:g} s ...", flush=True)
        # Other work on the machine shares its CPUs with the server and the clients.
        busy, stalled, started = [os.getloadavg()[0]], cpu_stalled(), time.monotonic()
        timing = run_load(phones, [console], pacing)
        votes = check_votes(room, phones)
        busy.append(os.getloadavg()[0])
        load = latencies(phones, [console], args.seconds, timing) | {
            "machine_load_1min": busy,
            "cpu_wait_share": cpu_wait_share(stalled, time.monotonic() - started),
        }
        print("Unchanged polls against the minimal view ...", flush=True)
        phone = next((p for p in phones if p.joined), None)
        if phone is None:
            raise BenchmarkError(f"no participant could join: {load['errors']}")
        targets = {"console_poll": console, "phone_poll": phone}
        rps = poll_rounds(
            targets, rounds=args.rounds, seconds=args.round_seconds, clients=args.clients
        )
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
