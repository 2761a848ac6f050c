"""Django's model backend, reading the signed-in user with one plain statement.

Every signed-in request loads its user; see config/sessions.py for why not the ORM.
"""

from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import User


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: int | str) -> User | None:
        model = get_user_model()
        pk = model._meta.pk
        assert pk is not None
        sql = f"SELECT * FROM {model._meta.db_table} WHERE {pk.column} = %s"
        user = next(iter(model._default_manager.raw(sql, [pk.to_python(user_id)])), None)
        return user if user is not None and self.user_can_authenticate(user) else None
