"""Sessions and the signed-in user: Django's own session store and model backend."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_stays_signed_in(people: dict[str, Any]) -> None:
    response = client_for(people["manager"]).get(reverse("home"))
    assert response.status_code == 200
    assert "max" in response.content.decode()


def test_an_expired_session_is_signed_out(people: dict[str, Any]) -> None:
    import time

    client = client_for(people["manager"])
    session = client.session
    session.set_expiry(1)  # the database row and the cached copy expire together
    session.save()
    time.sleep(1.2)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_deactivated_user_is_signed_out_at_the_next_request(people: dict[str, Any]) -> None:
    client = client_for(people["manager"])
    User.objects.filter(pk=people["manager"].pk).update(is_active=False)
    assert client.get(reverse("home")).status_code == 302


def test_a_password_change_elsewhere_signs_this_browser_out(people: dict[str, Any]) -> None:
    client = client_for(people["manager"])
    user = User.objects.get(pk=people["manager"].pk)
    user.set_password("a-new-Long-pass-2026")
    user.save()
    assert client.get(reverse("home")).status_code == 302


def test_signing_in_with_the_form_uses_djangos_model_backend(people: dict[str, Any]) -> None:
    from django.test import Client

    client = Client()
    response = client.post(reverse("login"), {"username": "max", "password": "pw-manager"})
    assert response.status_code == 302
    session = Session.objects.get().get_decoded()
    assert session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"
    assert client.get(reverse("home")).status_code == 200


def test_a_sign_out_ends_the_session_for_every_server(people: dict[str, Any]) -> None:
    """Sessions live in the database (behind the shared cache), not in a process's memory."""
    from django.test import Client

    browser = Client()
    browser.post(reverse("login"), {"username": "max", "password": "pw-manager"})
    other_server = Client()  # the same cookie presented to another process
    other_server.cookies = browser.cookies
    browser.post(reverse("logout"))
    assert not Session.objects.exists()
    assert other_server.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("database_url", "redis_url", "engine", "cache"),
    [
        ("", "", "cached_db", "django.core.cache.backends.filebased.FileBasedCache"),
        (
            "",
            "redis://127.0.0.1:6379/0",
            "cached_db",
            "config.cache.RedisCache",
        ),
        ("postgres://u@h/db", "", "db", None),
        (
            "postgres://u@h/db",
            "redis://127.0.0.1:6379/0",
            "cached_db",
            "config.cache.RedisCache",
        ),
    ],
)
def test_sessions_use_only_a_cache_every_worker_shares(
    database_url: str, redis_url: str, engine: str, cache: str | None
) -> None:
    """Never a cache in one process's memory: a sign-out must reach every worker."""
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    env |= {"DATABASE_URL": database_url} if database_url else {}
    env |= {"REDIS_URL": redis_url} if redis_url else {}
    script = (
        "import json; from django.conf import settings as s; "
        "alias = getattr(s, 'SESSION_CACHE_ALIAS', 'default'); "
        "print(json.dumps([s.SESSION_ENGINE, s.CACHES.get(alias, {}).get('BACKEND')]))"
    )
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found_engine, found_cache = json.loads(output)
    assert found_engine == f"django.contrib.sessions.backends.{engine}"
    if cache is not None:
        assert found_cache == cache


def test_a_sign_out_reaches_a_worker_that_shares_the_file_cache(
    people: dict[str, Any], settings: Any
) -> None:
    """Two workers on one machine are two cache objects over one folder: what one deletes,
    the other no longer finds."""
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache.backends.filebased import FileBasedCache
    from django.test import Client

    if "sessions" not in settings.CACHES:
        pytest.skip("PostgreSQL without Redis keeps sessions in the database alone")
    other_worker = FileBasedCache(settings.CACHES["sessions"]["LOCATION"], {})
    browser = Client()
    browser.post(reverse("login"), {"username": "max", "password": "pw-manager"})
    key = KEY_PREFIX + browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert other_worker.get(key) is not None
    browser.post(reverse("logout"))
    assert other_worker.get(key) is None


def test_the_redis_cache_reuses_one_client_per_pool() -> None:
    """Django builds a redis-py client per operation; ours keeps one (config/cache.py)."""
    from config.cache import RedisCache

    cache = RedisCache("redis://127.0.0.1:6379/7", {})
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool
