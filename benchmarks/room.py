"""A full room on two servers: 500 phones in one workshop, four more workshops beside it.

Run `make bench-room` (or `.venv/bin/python benchmarks/room.py --help`). It makes a throwaway
PostgreSQL database `maturity_bench_<pid>` on 127.0.0.1:5432 (dropped afterwards; see
harness.py), flushes Redis database 9 on 127.0.0.1:6379 (starting a local redis-server if none
answers, and stopping it afterwards), runs `load_demo` and has the demo consultant start five
workshops, each on a new Gartner assessment with "culture" open for votes. Two gunicorn servers
(2 workers x 2 threads each, the page benchmark's production settings) serve them on
127.0.0.1 with the same DATABASE_URL, REDIS_URL and secret key, so that they share the
database, the sessions and the cache.

`--phones` (500) phones join the first workshop and `--room-phones` (50) each of the
`--rooms` (4) others, phone n through server n mod 2; every workshop's console polls through
one server and its projector through the other (the same signed-in browser). The clients
are live.py's, paced by crowd.py: asyncio schedules them, a pool of `--pool` threads sends
their requests, each browser's one at a time on its own keep-alive connection.

Pacing. The room fills first: the phones join at random moments over `--join-seconds` (30;
a room fills while the facilitator introduces the workshop, and 23 joins/s is already
quicker than people scan a code and type a name), each page polling from then on. Then
voting runs for `--seconds` (60; the item is open all along, but the phones hold back
until then): every phone votes 3 to 12 s in (reading the item), then changes its vote after
gaps of 5 to 15 s, about six votes each, ~70/s in all. workshop.py's pace (a vote every 1
to 3 s, ~350/s for 700 phones) is a stress no room produces. Every page polls every 1.5 s,
as htmx's `every 1500ms` does: ~470 polls/s.

Afterwards each phone must have exactly one stored vote, equal to the last the server
acknowledged (`votes_lost` counts those that do not). Then an unchanged phone poll (204 or
304) and, for comparison, the first console's are measured in alternating rounds against
the minimal view on the first server (crowd.poll_rounds): `unchanged_poll_ratio` is the
phone poll's median requests/s over the minimal view's. Figures go to
benchmarks/output/room.json with the date, the machine and its load at start and end.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any

import redis

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
    HOST,
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
from benchmarks.live import Console, Phone, Room, open_page, prepare

REPORT = OUTPUT / "room.json"
SERVER_LOGS = [OUTPUT / f"gunicorn-room-{n}.log" for n in (1, 2)]
REDIS_PORT = 6379
REDIS_PID = OUTPUT / "redis.pid"  # only if this run starts redis-server
FIRST_VOTE, VOTE_GAP = (3.0, 12.0), (5.0, 15.0)  # see the docstring
GOALS = {"votes_lost": 0, "vote_p95_ms": 100.0, "unchanged_poll_ratio": 0.9}


# --- Redis ---


@contextmanager
def redis_database(number: int) -> Iterator[str]:
    """REDIS_URL of an emptied database on the local Redis, emptied again afterwards; a
    redis-server is started on loopback if none answers, and then stopped at the end."""
    client = redis.Redis(host=HOST, port=REDIS_PORT, db=number, socket_timeout=10)
    started = not _answers(client)
    try:
        if started:
            _start_redis(client)
        client.flushdb()
        yield f"redis://{HOST}:{REDIS_PORT}/{number}"
    finally:
        try:
            client.flushdb()
            if started:
                client.shutdown(nosave=True)
        except redis.RedisError as exc:
            print(f"Redis at {HOST}:{REDIS_PORT}: {exc}", file=sys.stderr)
            if started and REDIS_PID.exists():  # the one this run started, by its id
                with suppress(ProcessLookupError, ValueError):
                    os.kill(int(REDIS_PID.read_text()), signal.SIGTERM)


def _answers(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def _start_redis(client: redis.Redis) -> None:
    print(f"Starting redis-server on {HOST}:{REDIS_PORT} ...", flush=True)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    command = [
        "redis-server", "--port", str(REDIS_PORT), "--bind", HOST, "--daemonize", "yes",
        "--save", "", "--appendonly", "no", "--pidfile", str(REDIS_PID),
    ]  # fmt: skip
    try:
        subprocess.run(command, check=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as exc:
        raise BenchmarkError(f"could not start redis-server: {exc}") from exc
    give_up = time.monotonic() + 10
    while not _answers(client):
        if time.monotonic() > give_up:
            raise BenchmarkError(f"redis-server did not answer on {HOST}:{REDIS_PORT}")
        time.sleep(0.2)


# --- the room ---


def browsers(
    rooms: list[Room], ports: list[int], args: argparse.Namespace
) -> tuple[list[list[Phone]], list[Console]]:
    """Each room's phones, alternately on each server, and its console and projector (one
    signed-in browser) on different servers; the screens are open, the phones not yet."""
    phones, screens = [], []
    for index, room in enumerate(rooms):
        count = args.phones if index == 0 else args.room_phones
        phones.append(
            [Phone.on(ports[n % 2], room, name=f"r{index}p{n:03d}") for n in range(count)]
        )
        console = Console.on(ports[index % 2], room)
        projector = Console.on(ports[(index + 1) % 2], room, page="projector")
        open_page(console)
        projector.session.cookies.update(console.session.cookies)
        open_page(projector)
        screens += [console, projector]
    return phones, screens


def run(args: argparse.Namespace, database_url: str, redis_url: str) -> dict[str, Any]:
    env = server_env(database_url) | {"REDIS_URL": redis_url}  # one secret key for both
    print(
        f"Preparing a fresh database, static files and {1 + args.rooms} workshops ...", flush=True
    )
    rooms = prepare(env, rooms=1 + args.rooms)
    pacing = Pacing(
        args.seconds,
        args.join_seconds,
        FIRST_VOTE,
        VOTE_GAP,
        filling=args.join_seconds,
        seed=args.seed,
    )
    with ExitStack() as servers:
        ports = [
            servers.enter_context(server(env, workers=args.workers, threads=args.threads, log=log))
            for log in SERVER_LOGS
        ]
        phones, screens = browsers(rooms, ports, args)
        everyone = [phone for room_phones in phones for phone in room_phones]
        print(
            f"Load: {len(everyone)} phones join in {args.join_seconds:g} s, then vote for "
            f"{args.seconds:g} s; {len(screens)} screens poll all along ...",
            flush=True,
        )
        busy, stalled, started = [os.getloadavg()[0]], cpu_stalled(), time.monotonic()
        timing = run_load(everyone, screens, pacing, threads=args.pool)
        busy.append(os.getloadavg()[0])
        wait = cpu_wait_share(stalled, time.monotonic() - started)
        for client in [*everyone, *screens]:
            client.conn.close()  # idle now; the rounds below open their own connections
        votes = [
            check_votes(room, room_phones) for room, room_phones in zip(rooms, phones, strict=True)
        ]
        load = latencies(everyone, screens, args.seconds, timing)
        load |= {"machine_load_1min": busy, "cpu_wait_share": wait}
        phone = next((p for p in phones[0] if p.joined and p.session.port == ports[0]), None)
        if phone is None:
            raise BenchmarkError(f"no phone could join the first workshop: {load['errors']}")
        print("Unchanged polls against the minimal view, on the first server ...", flush=True)
        targets = {"phone_poll": phone, "console_poll": screens[0]}
        rps = poll_rounds(
            targets, rounds=args.rounds, seconds=args.round_seconds, clients=args.clients
        )
    from django.db import connections

    connections.close_all()  # before the database is dropped
    return summary(votes, load, rps, args)


# --- report ---


def summary(
    votes: list[dict[str, Any]],
    load: dict[str, Any],
    rps: dict[str, list[float]],
    args: argparse.Namespace,
) -> dict[str, Any]:
    medians = {name: statistics.median(values) for name, values in rps.items()}
    total = {key: sum(room[key] for room in votes) for key in votes[0] if key != "lost_examples"}
    figures = {
        "participants": total["participants_joined"],
        "servers": len(SERVER_LOGS),
        "database": "PostgreSQL" if args.database == "postgres" else "SQLite",
        "votes_sent": total["votes_sent"],
        "votes_lost": total["votes_lost"],
        "vote_p95_ms": load["vote_ms"].get("p95"),
        "unchanged_poll_ratio": round(medians["phone_poll"] / medians["minimal"], 3),
        "unchanged_poll_rps": round(medians["phone_poll"], 1),
        "minimal_rps": round(medians["minimal"], 1),
    }
    return figures | {
        "goal": GOALS,
        "met": {
            "votes_lost": total["votes_lost"] == 0 and total["votes_failed"] == 0,
            "vote_p95_ms": (figures["vote_p95_ms"] or float("inf")) <= GOALS["vote_p95_ms"],
            "unchanged_poll_ratio": figures["unchanged_poll_ratio"]
            >= GOALS["unchanged_poll_ratio"],
        },
        "votes": total,
        "rooms": votes,
        "load": load,
        "rps": rps,
        "median_rps": medians,
        "console_poll_ratio": round(medians["console_poll"] / medians["minimal"], 3),
    }


def print_summary(report: dict[str, Any]) -> None:
    config, votes, load, met = report["config"], report["votes"], report["load"], report["met"]
    medians, missed = report["median_rps"], {True: "", False: "  MISSED"}
    print(
        f"\nRoom: {config['phones']} phones in one workshop and {config['rooms']} x "
        f"{config['room_phones']} in others, {config['seconds']:g} s; {report['servers']} "
        f"gunicorn servers x {config['workers']} workers x {config['threads']} threads; "
        f"{report['database']}, Redis db {config['redis_db']}\n{describe(report)}\n"
    )
    vote_ms = load["vote_ms"]
    rows: list[tuple[str, object, str]] = [
        ("participants", report["participants"], f"(joined; stored {votes['participants_in_db']})"),
        ("servers", report["servers"], ""),
        ("database", report["database"], ""),
        ("votes_sent", report["votes_sent"], f"({load['votes_per_second']:g}/s; acknowledged "
         f"{votes['votes_acknowledged']}, failed {votes['votes_failed']}, stored "
         f"{votes['votes_counted']} for {votes['voters_expected']} voters)"),
        ("votes_lost", report["votes_lost"], f"goal 0{missed[met['votes_lost']]}"),
        ("vote_p95_ms", report["vote_p95_ms"], f"goal <= {GOALS['vote_p95_ms']:g}"
         f"{missed[met['vote_p95_ms']]} (p50 {vote_ms.get('p50')}, p99 {vote_ms.get('p99')}, "
         f"max {vote_ms.get('max')}); {machine_load(load)}"),
        ("unchanged_poll_ratio", report["unchanged_poll_ratio"],
         f"goal >= {GOALS['unchanged_poll_ratio']:g}{missed[met['unchanged_poll_ratio']]} "
         f"(phone poll {medians['phone_poll']:.0f} rps / minimal view "
         f"{medians['minimal']:.0f} rps, medians of {len(report['rps']['phone_poll'])} rounds)"),
        ("console poll ratio", report["console_poll_ratio"],
         f"(unchanged console poll {medians['console_poll']:.0f} rps)"),
        ("cpu wait share", load["cpu_wait_share"],
         "(share of the load in which a task waited for a CPU; near 1: saturated)"),
        ("client cpu s", load["client_cpu_seconds"], f"(the load generator's, in "
         f"{config['seconds']:g} s; requests skipped at the end: {load['requests_skipped']})"),
    ]  # fmt: skip
    for label, value, note in rows + latency_rows(load):
        print(f"{label:<30}{value!s:>10}  {note}")
    for message, count in load["errors"].items():
        print(f"  ! {count} x {message}")
    for line in (example for room in report["rooms"] for example in room["lost_examples"]):
        print(f"  ! lost: {line}")
    print(f"Written to {REPORT.relative_to(ROOT)}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    add = parser.add_argument
    add("--seconds", type=float, default=60, help="how long voting runs (60)")
    add("--join-seconds", type=float, default=30, help="how long the room fills first (30)")
    add("--phones", type=int, default=500, help="phones in the first workshop (500)")
    add("--rooms", type=int, default=4, help="other workshops at the same time (4)")
    add("--room-phones", type=int, default=50, help="phones in each other workshop (50)")
    add("--database", choices=DATABASE_KINDS, default="postgres", help="throwaway (postgres)")
    add("--redis-db", type=int, default=9, help="Redis database number, emptied (9)")
    add("--workers", type=int, default=2, help="gunicorn workers per server (2)")
    add("--threads", type=int, default=2, help="threads per worker (2)")
    add("--pool", type=int, default=64, help="client threads sending the requests (64)")
    add("--rounds", type=int, default=5, help="poll rounds (5)")
    add("--round-seconds", type=float, default=3, help="length of a round (3)")
    add("--clients", type=int, default=4, help="threads in poll rounds (4)")
    add("--seed", type=int, default=1, help="random seed of the phones (1)")
    add("--check", action="store_true", help="exit 1 if a goal is missed")
    args = parser.parse_args(argv)
    # Bounded: a typo must not start a load that runs for hours or opens thousands of sockets.
    if not (1 <= args.seconds <= 300 and 0 <= args.join_seconds <= 120):
        parser.error("--seconds must be 1..300 and --join-seconds 0..120")
    if not 1 <= args.phones <= 1000:
        parser.error("--phones must be 1..1000")
    if not (0 <= args.rooms <= 10 and 1 <= args.room_phones <= 200):
        parser.error("--rooms must be 0..10 and --room-phones 1..200")
    if not (1 <= args.rounds <= 20 and 0.5 <= args.round_seconds <= 30):
        parser.error("--rounds must be 1..20 and --round-seconds 0.5..30")
    if not (1 <= args.pool <= 256 and 0 <= args.redis_db <= 15):
        parser.error("--pool must be 1..256 and --redis-db 0..15")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        print("gunicorn is not installed in this Python; run `make setup`.", file=sys.stderr)
        return 2
    report = start_record()
    report["config"] = {k: v for k, v in vars(args).items() if k != "check"}
    try:
        with (
            redis_database(args.redis_db) as redis_url,
            database(args.database, sqlite=OUTPUT / "room.sqlite3") as url,
        ):
            report |= run(args, url, redis_url)
    except BenchmarkError as exc:
        print(f"Benchmark failed: {exc} (server logs: {SERVER_LOGS[0].parent})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted; servers stopped, database dropped.", file=sys.stderr)
        return 130
    end_record(report)
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    print_summary(report)
    return 1 if args.check and not all(report["met"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
