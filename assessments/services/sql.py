"""Plain-SQL writes for the hottest paths: an autosave, a workshop vote.

Django's ORM spends longer compiling such a statement than the database spends running it,
and these run while holding SQLite's single write lock, where every other writer waits.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model


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
