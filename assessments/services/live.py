"""What every poll asks first, answered from the shared cache: has the workshop changed?

A workshop has two change counters in its row: `version` moves on every change (a vote
too) and is what the console and projector watch; `stage` moves only when what phones
show changes (the current item, its state, a consensus, a removal, the end). Their values,
with the running timer's deadline, are kept in the shared cache (Redis when configured,
see settings "shared"), so an unchanged poll on any server is answered 304 without the
database. A change writes the cache once it has committed; the entry also lives only
`FRESH` seconds, so that two changes committing in the opposite order to their cache
writes can leave a poll behind by that long at most. In front of it, each process keeps
what it read for `LOCAL` seconds (see there).

A timer needs no background process: the first poll or vote after the deadline closes
the item (one conditional UPDATE, so however many arrive at once, one closes it).
"""

import time
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language

from assessments.models import Workshop, WorkshopItem

FRESH = 3  # seconds a cached state is trusted without a change having refreshed it
# Each process also keeps what it read from the shared cache for half a second: hundreds of
# phones poll each workshop, so nearly every poll is answered without a network round trip.
# A change made in this process is seen at once; one made by another server within LOCAL.
LOCAL = 0.5
_local: dict[int, tuple[float, "LiveState"]] = {}
KEPT = 10_000  # entries at most in each of the lookups below, per process
_codes: dict[str, int] = {}  # join code -> workshop id, in this process
_frameworks: dict[int, int] = {}  # workshop id -> its assessment's framework version id


@dataclass(frozen=True)
class LiveState:
    """One workshop's counters as polls compare them; `deadline` in epoch seconds. The
    ETags are signed once, when the state is read from the database, not on every poll."""

    workshop_id: int
    version: int
    stage: int
    deadline: float | None
    etags: dict[str, str] = field(default_factory=dict, compare=False)

    def etag(self, kind: str) -> str:
        """The ETag of a poll: phones watch `stage`, the console and projector `version`."""
        language = get_language() or settings.LANGUAGE_CODE
        return self.etags.get(f"{kind}:{language}") or _signed(self, kind, language)

    @property
    def timer_ended(self) -> bool:
        return self.deadline is not None and time.time() >= self.deadline


POLLERS = ("phone", "console", "projector")


def _signed(state: LiveState, kind: str, language: str) -> str:
    """Signed, so that only a page that was served (to a joined phone, to a facilitator)
    holds one: a guessed ETag cannot tell whether a code exists. The id is in clear, so a
    phone's poll finds its workshop's state with one cache read."""
    counter = state.stage if kind == "phone" else state.version
    text = f"{kind}:{state.workshop_id}:{counter}:{language}"
    digest = salted_hmac("workshop-poll", text, algorithm="sha256").hexdigest()[:20]
    return f'"{kind}-{state.workshop_id}-{digest}"'


def workshop_of_etag(etag: str) -> int | None:
    """The workshop id an ETag names (unverified: compare it with the state's own)."""
    parts = etag.strip('"').split("-")
    if len(parts) != 3 or not parts[1].isdecimal() or len(parts[1]) > 18:
        return None
    return int(parts[1])


def forget_local() -> None:
    """Drop this process's copies (tests, where ids repeat)."""
    _local.clear()
    _codes.clear()
    _frameworks.clear()


def _key(workshop_id: int) -> str:
    return f"workshop-live:{workshop_id}"


def code_key(code: str) -> str:
    return f"workshop-code:{code}"


def _deadline_sql() -> str:
    """The running timer's end: the earliest deadline of an item still voting."""
    return (
        f"(SELECT MIN(i.deadline) FROM {WorkshopItem._meta.db_table} i "
        f"WHERE i.workshop_id = {Workshop._meta.db_table}.id AND i.state = %s "
        "AND i.deadline IS NOT NULL)"
    )


def _state(workshop_id: int, row: tuple[Any, ...] | None) -> LiveState | None:
    """The state from a row of (version, stage, deadline), with its ETags signed."""
    if row is None:
        return None
    deadline = row[2]
    if isinstance(deadline, str):  # SQLite hands back the text it stored
        deadline = parse_datetime(deadline)
    if deadline is not None and timezone.is_naive(deadline):
        deadline = timezone.make_aware(deadline, UTC)
    state = LiveState(
        workshop_id, int(row[0]), int(row[1]), None if deadline is None else deadline.timestamp()
    )
    for kind in POLLERS:
        for language, _name in settings.LANGUAGES:
            state.etags[f"{kind}:{language}"] = _signed(state, kind, language)
    return state


def _read(workshop_id: int) -> LiveState | None:
    table = Workshop._meta.db_table
    sql = f"SELECT version, stage, {_deadline_sql()} FROM {table} WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [str(WorkshopItem.State.VOTING), workshop_id])
        return _state(workshop_id, cursor.fetchone())


def _share(workshop_id: int, state: LiveState | None) -> None:
    if state is not None:
        shared = (state.version, state.stage, state.deadline, state.etags)
        caches["shared"].set(_key(workshop_id), shared, FRESH)
        _local[workshop_id] = (time.monotonic(), state)


def refresh(workshop_id: int) -> LiveState | None:
    """Read the counters from the database and share them (as a tuple: quicker to unpickle
    than the dataclass, on every poll)."""
    state = _read(workshop_id)
    _share(workshop_id, state)
    return state


def live_state(workshop_id: int, *, close_timers: bool = True) -> LiveState | None:
    """The counters, from the shared cache when fresh; a timer past its end closes first
    (unless `close_timers` is False: the caller then passes the request on to a view)."""
    now = time.monotonic()
    kept = _local.get(workshop_id)
    if kept is not None and now - kept[0] < LOCAL:
        state: LiveState | None = kept[1]
    else:
        shared = caches["shared"].get(_key(workshop_id))
        state = None if shared is None else LiveState(workshop_id, *shared)
        if state is not None:
            _local[workshop_id] = (now, state)
    if state is None:
        state = refresh(workshop_id)
    if close_timers and state is not None and state.timer_ended:
        end_timers(workshop_id)
        state = refresh(workshop_id)
    return state


def workshop_id_for(code: str) -> int | None:
    """The id of the workshop with this code: this process's copy, else the shared
    cache's, else the database's (codes never change hands, so copies cannot go stale)."""
    if code in _codes:
        return _codes[code]
    key = code_key(code)
    found = caches["shared"].get(key)
    if found is None:
        sql = f"SELECT id FROM {Workshop._meta.db_table} WHERE code = %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [code])
            row = cursor.fetchone()
        if row is None:
            return None
        found = int(row[0])
        caches["shared"].set(key, found, 24 * 3600)
    if len(_codes) >= KEPT:
        _codes.clear()
    _codes[code] = int(found)
    return int(found)


def workshop_framework_id(workshop_id: int) -> int | None:
    """The framework version of the workshop's assessment (it never changes), kept in this
    process: a vote checks its value against it without reading the database."""
    if workshop_id not in _frameworks:
        found = (
            Workshop.objects.filter(pk=workshop_id)
            .values_list("assessment__framework_id", flat=True)
            .first()
        )
        if found is None:
            return None
        if len(_frameworks) >= KEPT:
            _frameworks.clear()
        _frameworks[workshop_id] = found
    return _frameworks[workshop_id]


def bump(workshop: Workshop | int, *, stage: bool = True) -> None:
    """Tell the pollers that something changed; `stage=False` spares the phones (votes, joins).

    Plain SQL, run after every vote: it returns the new state, so nothing is read again.
    Call it after the change's other writes. Outside a transaction (a vote) the new state
    is shared at once; inside one, the shared state is dropped now (a poll meanwhile reads
    the database) and written again once the change has committed."""
    workshop_id = workshop if isinstance(workshop, int) else workshop.pk
    changes = "version = version + 1" + (", stage = stage + 1" if stage else "")
    sql = (
        f"UPDATE {Workshop._meta.db_table} SET {changes} WHERE id = %s "
        f"RETURNING version, stage, {_deadline_sql()}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [workshop_id, str(WorkshopItem.State.VOTING)])
        state = _state(workshop_id, cursor.fetchone())
    if not connection.in_atomic_block:
        _share(workshop_id, state)
        return
    _local.pop(workshop_id, None)
    caches["shared"].delete(_key(workshop_id))
    transaction.on_commit(lambda: _share(workshop_id, state))


def end_timers(workshop_id: int) -> bool:
    """Close the workshop's items whose timer has run out; whether any closed."""
    now = timezone.now()
    with transaction.atomic():
        closed = WorkshopItem.objects.filter(
            workshop_id=workshop_id,
            state=WorkshopItem.State.VOTING,
            deadline__isnull=False,
            deadline__lte=now,
        ).update(state=WorkshopItem.State.CLOSED)
        if closed:
            bump(workshop_id)
    return bool(closed)
