"""Sessions and the signed-in user: Django's own session store and model backend."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_stays_signed_in(people: dict[str, Any]) -> None:
    response = client_for(people["manager"]).get(reverse("home"))
    assert response.status_code == 200
    assert "max" in response.content.decode()


def test_an_expired_session_is_signed_out(people: dict[str, Any]) -> None:
    client = client_for(people["manager"])
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
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
    ("redis_url", "engine"),
    [
        ("", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/0", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_use_the_shared_cache_only_when_there_is_one(redis_url: str, engine: str) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_DEBUG": "1"}
    script = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert output == engine
