"""Many browsers at once, shared by workshop.py and room.py: the driver that paces phones
and screens (console, projector) on a small thread pool, and the checks afterwards (votes
stored, latencies, unchanged polls against the minimal view)."""

import asyncio
import os
import random
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from benchmarks.harness import MINIMAL_URL, BenchmarkError, Endpoint, measure
from benchmarks.live import (
    KEY,
    POLL_EVERY,
    UNCHANGED,
    Client,
    Console,
    Phone,
    Room,
    join,
    poll,
    poll_headers,
    vote,
)

# --- the driver ---


@dataclass(frozen=True)
class Pacing:
    """When phones act. Each joins at a random moment in the first `join_within` seconds and
    polls every POLL_EVERY seconds from then on. Voting opens after `filling` seconds (0: at
    once) and lasts `seconds`: a phone votes `first_vote` seconds after joining or after
    voting opens, whichever is later, then changes its vote after each `vote_gap` (random in
    those ranges) until the end."""

    seconds: float
    join_within: float
    first_vote: tuple[float, float]
    vote_gap: tuple[float, float]
    filling: float = 0.0
    seed: int = 1


@dataclass(frozen=True)
class Clock:
    """The load's moments, in time.monotonic() seconds."""

    start: float
    opens: float  # voting
    end: float


# call(due, action, *args): the action on the pool, its lag recorded.
type Call = Callable[..., Awaitable[None]]


class Timing(NamedTuple):
    """The client's own delays, which a latency measured around a request does not show."""

    lags: list[float]  # seconds from each request's scheduled moment to its sending
    skipped: int  # requests whose moment came but that could not start before the end
    cpu_seconds: float  # of this process (the client) during the load, all threads


def run_load(
    phones: list[Phone], screens: list[Console], pacing: Pacing, *, threads: int = 64
) -> Timing:
    """Every phone and screen until voting ends, as asyncio tasks whose requests run on a pool
    of `threads`, a browser's requests one at a time on its own connection. A request still
    waiting for a client thread at the end is not sent (its browser has closed): it counts
    as skipped, a sign that the client or the servers could not keep up."""
    cpu = time.process_time()
    lags, skipped = asyncio.run(_load(phones, screens, pacing, threads))
    return Timing(lags, skipped, time.process_time() - cpu)


async def _load(
    phones: list[Phone], screens: list[Console], pacing: Pacing, threads: int
) -> tuple[list[float], int]:
    loop, waiting = asyncio.get_running_loop(), [0]  # requests in flight or queued
    lags: list[float] = []
    skipped: list[float] = []
    pool = ThreadPoolExecutor(threads, thread_name_prefix="client")
    start = time.monotonic()
    clock = Clock(start, start + pacing.filling, start + pacing.filling + pacing.seconds)

    async def call(due: float, action: Callable[..., None], *args: object) -> None:
        def timed() -> None:
            if time.monotonic() >= clock.end:
                skipped.append(due)
                return
            lags.append(time.monotonic() - due)
            action(*args)

        waiting[0] += 1
        try:
            await loop.run_in_executor(pool, timed)
        finally:
            waiting[0] -= 1

    tasks = [
        *(
            _phone(p, pacing, clock, random.Random(pacing.seed + i), call)
            for i, p in enumerate(phones)
        ),
        *(_screen(screen, clock, call) for screen in screens),
    ]
    progress = asyncio.create_task(_progress(lags, waiting, start))
    try:
        async with asyncio.timeout(clock.end - start + 35):  # a request's timeout is 30 s
            await asyncio.gather(*tasks)
    except TimeoutError:
        raise BenchmarkError("clients did not finish within 35 s of the deadline") from None
    finally:
        progress.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
    return lags, len(skipped)


async def _progress(lags: list[float], waiting: list[int], start: float) -> None:
    """Every 10 s: requests started, and how many wait for an answer or a client thread."""
    seen = 0
    while True:
        await asyncio.sleep(10)
        window = lags[seen:]
        seen += len(window)
        late = f"{max(window) * 1000:.0f} ms late" if window else "-"
        print(
            f"  {time.monotonic() - start:4.0f} s: {len(window) / 10:5.0f} requests/s, "
            f"{waiting[0]:3d} in flight or queued, slowest start {late}",
            flush=True,
        )


async def _until(moment: float) -> None:
    await asyncio.sleep(max(0.0, moment - time.monotonic()))


async def _phone(
    phone: Phone, pacing: Pacing, clock: Clock, rng: random.Random, call: Call
) -> None:
    joins = clock.start + rng.uniform(0, pacing.join_within)
    await _until(joins)
    try:
        await call(joins, join, phone)
    except (BenchmarkError, OSError) as exc:
        phone.conn.close()
        phone.error("join", 0, str(exc).encode())
        return
    levels = [str(n) for n in range(1, phone.room.levels + 1)]
    now = time.monotonic()
    next_vote = max(now, clock.opens) + rng.uniform(*pacing.first_vote)
    next_poll = now + POLL_EVERY
    while (due := min(next_vote, next_poll)) < clock.end:
        await _until(due)
        try:
            if due == next_vote:
                # A different level each time: every vote changes the stored one.
                await call(due, vote, phone, rng.choice([v for v in levels if v != phone.last_ok]))
                next_vote = time.monotonic() + rng.uniform(*pacing.vote_gap)
            else:
                await call(due, poll, phone)
                next_poll += POLL_EVERY
        except (BenchmarkError, OSError) as exc:
            phone.conn.close()
            phone.error("phone", 0, str(exc).encode())
            next_poll += POLL_EVERY


async def _screen(screen: Console, clock: Clock, call: Call) -> None:
    next_poll = clock.start
    while next_poll < clock.end:
        await _until(next_poll)
        try:
            await call(next_poll, poll, screen)
        except (BenchmarkError, OSError) as exc:
            screen.conn.close()
            screen.error(screen.page, 0, str(exc).encode())
        next_poll += POLL_EVERY


# --- the checks ---


def check_votes(room: Room, phones: list[Phone]) -> dict[str, Any]:
    """Each of the room's phones has exactly one vote row, equal to its last acknowledged vote."""
    from assessments.models import Participant, Vote

    stored: dict[str, list[str]] = {}
    votes = Vote.objects.filter(participant__workshop_id=room.workshop, question__key=KEY)
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
        "participants_in_db": Participant.objects.filter(workshop_id=room.workshop).count(),
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


def latencies(
    phones: list[Phone], screens: list[Console], seconds: float, timing: Timing
) -> dict[str, Any]:
    """Milliseconds by kind of request; the polls by page and by answer (changed or not)."""
    vote_seconds = [s for p in phones for s in p.vote_seconds]
    figures: dict[str, Any] = {
        "vote_ms": percentiles(vote_seconds),
        "votes_per_second": round(len(vote_seconds) / seconds, 1),
        "join_ms": percentiles([p.join_seconds for p in phones if p.joined]),
    }
    clients: list[Client] = [*phones, *screens]
    pages: dict[str, list[Client]] = {}
    for client in clients:
        pages.setdefault(client.page, []).append(client)
    for page, group in pages.items():
        for kind in ("changed", "unchanged"):
            polls = [s for c in group for s in c.poll_seconds[kind]]
            figures[f"{page}_poll_{kind}_ms"] = percentiles(polls)
    return figures | {
        "client_start_lag_ms": percentiles(timing.lags),
        "requests_skipped": timing.skipped,
        "client_cpu_seconds": round(timing.cpu_seconds, 1),
        "reconnects": sum(c.reconnects for c in clients),
        "errors": dict(sum((c.errors for c in clients), Counter()).most_common(10)),
    }


def latency_rows(load: dict[str, Any]) -> list[tuple[str, object, str]]:
    """(label, p95, note) of each latency but the votes', for a printed table."""
    rows: list[tuple[str, object, str]] = []
    for name, figures in load.items():
        # The console's poll is rarely unchanged while votes come in.
        if not name.endswith("_ms") or name == "vote_ms" or figures["count"] < 2:
            continue
        label = name.removesuffix("_ms").replace("_", " ") + " p95 ms"
        rows.append((label, figures.get("p95", "n/a"), f"({figures['count']} requests)"))
    return rows


def machine_load(load: dict[str, Any]) -> str:
    """Latency is absolute: it says little without how busy the machine was. The 1-minute
    average at the end includes this run's own servers and clients."""
    before, after = load["machine_load_1min"]
    return (
        f"machine load (1 min) {before:.2f} as the load began, {after:.2f} at the end, "
        f"{os.cpu_count()} CPUs"
    )


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


def unchanged_endpoint(client: Client, name: str) -> Endpoint:
    """The client's poll as it stands after the load, which must now answer "unchanged"."""
    for _attempt in range(3):  # the first may still render the last votes
        status = poll(client)
        if status in UNCHANGED:
            return Endpoint(name, "GET", client.poll, status=status, headers=poll_headers(client))
    raise BenchmarkError(f"the {name} answered {status} three times after the load")


def poll_rounds(
    targets: dict[str, Client], *, rounds: int, seconds: float, clients: int
) -> dict[str, list[float]]:
    """Requests/s in alternating rounds: the minimal view, then each target's unchanged poll
    (minimal, a, minimal, b, ...), on the first target's server, as web.py does for the pages."""
    # Each server process keeps its copy of a workshop's state for half a second
    # (assessments/services/live.py, LOCAL): wait that out, or a process that has not yet
    # seen the last vote would answer "unchanged" to an ETag that another calls stale.
    time.sleep(1.0)
    first = next(iter(targets.values()))
    measured = {"minimal": (first.session, Endpoint("minimal", "GET", MINIMAL_URL, b"ok"))}
    for name, client in targets.items():
        measured[name] = (client.session, unchanged_endpoint(client, name))
    for session, endpoint in measured.values():  # warm up
        measure(session, endpoint, clients=clients, seconds=1)
    rps: dict[str, list[float]] = {name: [] for name in measured}
    for number in range(1, rounds + 1):
        for name in (n for target in targets for n in ("minimal", target)):
            session, endpoint = measured[name]
            rps[name].append(measure(session, endpoint, clients=clients, seconds=seconds))
            print(f"  round {number}: {name:<13} {rps[name][-1]:8.1f} rps", flush=True)
    return rps
