"""Signing in resists guessing (django-axes), and a forgotten password is reset by e-mail."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.services import ensure_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-mia-correct"
LIMIT = 5
LOCKED_OUT = "Too many failed attempts to sign in as “mia” from this network address."
WRONG = "Please enter a correct username and password"


@pytest.fixture
def mia(db: None) -> User:
    return ensure_user(username="mia", password=PASSWORD, email="mia@example.com")


def sign_in(client: Client, password: str, username: str = "mia") -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def fail(client: Client, times: int) -> list[int]:
    return [sign_in(client, f"guess-{i}").status_code for i in range(times)]


@contextmanager
def hashing_spied() -> Iterator[tuple[mock.Mock, mock.Mock]]:
    """Count every password hash: checking one (verify) or making one (encode, which the model
    backend also does for an unknown user, to take as long as for a known one)."""
    with (
        mock.patch.object(
            MD5PasswordHasher, "verify", autospec=True, side_effect=MD5PasswordHasher.verify
        ) as verify,
        mock.patch.object(
            MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
        ) as encode,
    ):
        yield verify, encode


# --- throttling ------------------------------------------------------------------------


def test_the_fifth_failure_for_a_user_from_one_address_shows_the_wait_on_the_sign_in_page(
    mia: User,
) -> None:
    client = Client(REMOTE_ADDR="10.0.0.1")
    assert fail(client, LIMIT - 1) == [200] * (LIMIT - 1)
    response = sign_in(client, "guess-last")
    html = response.content.decode()
    assert response.status_code == 429
    assert "<h1" in html and "Sign in</h1>" in html
    assert LOCKED_OUT in html
    assert "signing in is paused for 15 minutes after the last failed attempt" in html
    assert 'name="password"' not in html
    assert reverse("password_reset") in html


def test_a_locked_out_user_is_refused_even_with_the_right_password(mia: User) -> None:
    client = Client(REMOTE_ADDR="10.0.0.1")
    fail(client, LIMIT)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert not signed_in(client)


def test_the_same_user_from_another_address_still_signs_in(mia: User) -> None:
    fail(Client(REMOTE_ADDR="10.0.0.1"), LIMIT)
    elsewhere = Client(REMOTE_ADDR="10.0.0.2")
    assert sign_in(elsewhere, PASSWORD).status_code == 302
    assert signed_in(elsewhere)


def test_another_user_from_the_locked_out_address_still_signs_in(mia: User) -> None:
    ensure_user(username="max", password="pw-max-correct")
    client = Client(REMOTE_ADDR="10.0.0.1")
    fail(client, LIMIT)
    assert sign_in(client, "pw-max-correct", username="max").status_code == 302
    assert signed_in(client)


def test_a_successful_sign_in_clears_the_failures(mia: User) -> None:
    client = Client(REMOTE_ADDR="10.0.0.1")
    fail(client, LIMIT - 1)
    assert sign_in(client, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    # Counted from zero again: four more failures are not yet a lockout.
    assert fail(client, LIMIT - 1) == [200] * (LIMIT - 1)
    assert sign_in(client, PASSWORD).status_code == 302


def test_after_the_wait_the_user_signs_in_again(mia: User) -> None:
    client = Client(REMOTE_ADDR="10.0.0.1")
    fail(client, LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, PASSWORD).status_code == 302


def test_tries_during_the_wait_do_not_extend_it(mia: User) -> None:
    client = Client(REMOTE_ADDR="10.0.0.1")
    fail(client, LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert sign_in(client, "guess-during-the-wait").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, PASSWORD).status_code == 302


def test_a_locked_out_attempt_is_refused_before_the_password_is_hashed(mia: User) -> None:
    client = Client(REMOTE_ADDR="10.0.0.1")
    fail(client, LIMIT)
    with hashing_spied() as (verify, encode):
        assert sign_in(client, PASSWORD).status_code == 429
        assert sign_in(client, "another-guess").status_code == 429
        assert (verify.call_count, encode.call_count) == (0, 0)
        # The spy does see hashing: the same attempt from another address checks the password.
        assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), "another-guess").status_code == 200
        assert verify.call_count == 1


def test_behind_a_proxy_the_forwarded_address_is_the_client(mia: User, settings: Any) -> None:
    """What DJANGO_TRUSTED_PROXIES=1 sets (tests/test_settings.py): X-Forwarded-For's last
    entry, as the proxy appended it; what the client wrote before it is not read."""
    settings.TRUSTED_PROXIES = 1

    def via_proxy(client: str, forged: str = "") -> Client:
        header = f"{forged}, {client}" if forged else client
        return Client(HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR="127.0.0.1")

    fail(via_proxy("10.0.0.1"), LIMIT)
    assert sign_in(via_proxy("10.0.0.1"), PASSWORD).status_code == 429
    # A forged entry does not get the locked client out, nor lock out another.
    assert sign_in(via_proxy("10.0.0.1", forged="10.9.9.9"), PASSWORD).status_code == 429
    assert sign_in(via_proxy("10.0.0.2"), PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}


def test_force_login_still_works_with_two_backends(mia: User) -> None:
    client = Client()
    client.force_login(mia)
    assert signed_in(client)


# --- password reset --------------------------------------------------------------------


def test_the_sign_in_page_links_to_password_reset(db: None) -> None:
    html = Client().get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in html
    assert "Forgot your password?" in html


def test_the_reset_form_has_a_labelled_e_mail_field(db: None) -> None:
    html = Client().get(reverse("password_reset")).content.decode()
    field = re.search(r'<input[^>]*name="email"[^>]*id="([^"]+)"', html)
    assert field is not None
    assert re.search(rf'<label\s+for="{field.group(1)}"', html)


def reset_link(message: mail.EmailMessage) -> str:
    body = str(message.body)
    prefix = re.escape(reverse("password_reset"))
    found = re.search(rf"https?://testserver({prefix}\S+/\S+/)", body)
    assert found is not None, body
    return found.group(1)


def test_a_forgotten_password_is_reset_through_the_link_in_the_e_mail(mia: User) -> None:
    client = Client()
    response = client.post(reverse("password_reset"), {"email": "MIA@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mia@example.com"]
    assert message.subject == "Set a new password for testserver"
    assert "Hello mia," in message.body

    link = reset_link(message)
    form_page = client.get(link, follow=True)
    assert "Set a new password" in form_page.content.decode()
    new = "a-new-long-passphrase-42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert "Your new password is in use." in client.get(done["Location"]).content.decode()

    assert sign_in(Client(), PASSWORD).status_code == 200  # the old one no longer works
    fresh = Client()
    assert sign_in(fresh, new).status_code == 302
    assert signed_in(fresh)
    # The link worked once.
    assert "This link cannot be used" in Client().get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_page_and_no_e_mail(mia: User) -> None:
    known = Client().post(reverse("password_reset"), {"email": "mia@example.com"}, follow=True)
    unknown = Client().post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)
    assert unknown.redirect_chain == known.redirect_chain
    # Alike but for the CSRF token of the language switcher, which is new on every page.
    assert without_csrf_tokens(unknown.content) == without_csrf_tokens(known.content)
    assert "Check your inbox" in unknown.content.decode()
    assert [m.to for m in mail.outbox] == [["mia@example.com"]]


def without_csrf_tokens(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)
