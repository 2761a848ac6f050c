"""Database sessions, read with one plain statement.

Every signed-in request reads its session; Django's store builds the same query with the
ORM, whose compiling costs several times the query itself (see README "Benchmarks").
Writing, expiry and clearing are Django's own.
"""

from typing import Any

from django.contrib.sessions.backends import db
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        model = self.model
        sql = f"SELECT * FROM {model._meta.db_table} WHERE session_key = %s AND expire_date > %s"
        session = next(
            iter(model._default_manager.raw(sql, [self.session_key, timezone.now()])), None
        )
        if session is None:
            self._session_key = None
        return session
