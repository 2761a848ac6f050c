"""Plain-SQL writes for the hottest paths: an autosave, a workshop vote.

Django's ORM spends longer compiling such a statement than the database spends running it,
and these run while holding SQLite's single write lock, where every other writer waits.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model

from assessments.models import Participant, Vote, Workshop, WorkshopItem
from maturity.models import Question


def upsert(
    model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]], *, unique: int
) -> None:
    """Insert `rows` or, where the first `unique` columns already have a row, update the rest.

    One statement; SQLite and PostgreSQL spell INSERT ... ON CONFLICT alike.
    """
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    updates = ", ".join(f"{name} = excluded.{name}" for name in columns[unique:])
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"VALUES {', '.join([one] * len(rows))} "
        f"ON CONFLICT ({', '.join(columns[:unique])}) DO UPDATE SET {updates}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    params = [
        adapt(value) if isinstance(value, datetime) else value for row in rows for value in row
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def vote_if_open(
    *, participant_id: int, workshop_id: int, key: str, value: str, comment: str, now: datetime
) -> bool:
    """Store a participant's vote on item `key` (or change it) only if, as the statement
    runs, the participant is still in, the workshop open and the item voting within its
    timer; whether it was stored.

    One statement in autocommit: the checks and the write cannot be split by a close or an
    end, and nothing stays locked while this process waits for its next turn on a CPU, so
    a room of phones voting at once does not queue behind one another's round trips."""
    sql = f"""
        INSERT INTO {Vote._meta.db_table} (participant_id, question_id, value, comment, updated_at)
        SELECT p.id, i.question_id, %s, %s, %s
        FROM {Participant._meta.db_table} p
        JOIN {Workshop._meta.db_table} w ON w.id = p.workshop_id
        JOIN {WorkshopItem._meta.db_table} i ON i.workshop_id = w.id
        JOIN {Question._meta.db_table} q ON q.id = i.question_id
        WHERE p.id = %s AND p.workshop_id = %s AND p.removed = %s AND w.status = %s
          AND q.key = %s AND i.state = %s AND (i.deadline IS NULL OR i.deadline >= %s)
        ON CONFLICT (participant_id, question_id) DO UPDATE SET
          value = excluded.value, comment = excluded.comment, updated_at = excluded.updated_at
    """
    at = connection.ops.adapt_datetimefield_value(now)
    params = [
        value, comment, at, participant_id, workshop_id, False, str(Workshop.Status.OPEN),
        key, str(WorkshopItem.State.VOTING), at,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount > 0
