"""API tokens: the bearer header (401s with a JSON body naming the fault), GET /api/v1/me,
last use, hashing, the rate limit, the token pages and the admin."""

import hashlib
import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.models import Token
from api.tokens import LAST_USED_EVERY, create_token
from assessments.models import Organization
from assessments.services import ensure_user
from tests.conftest import client_for

ME = "/api/v1/me"


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def manager_token(people: dict[str, User | None]) -> tuple[Token, str]:
    assert people["manager"] is not None
    return create_token(user=people["manager"], name="BI dashboard", days=30)


# --- who calls ---------------------------------------------------------------------------


def test_a_valid_token_says_who_calls(manager_token: tuple[Token, str]) -> None:
    token, raw = manager_token
    response = Client().get(ME, headers=bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "max"
    assert body["token_name"] == "BI dashboard"
    assert body["prefix"] == token.prefix
    assert body["scope"] == "read"
    assert body["organisation"] is None
    assert body["expires_at"][:10] == token.expires_at.date().isoformat()  # type: ignore[union-attr]
    assert "digest" not in body and raw not in response.content.decode()


def test_an_organisation_token_names_its_organisation(
    people: dict[str, User | None], acme: Organization
) -> None:
    assert people["manager"] is not None
    _token, raw = create_token(
        user=people["manager"], name="GRC", scope=Token.Scope.WRITE, organization=acme
    )
    body = Client().get(ME, headers=bearer(raw)).json()
    assert body["organisation"] == {"id": acme.pk, "key": "acme-devices", "name": "Acme Devices"}
    assert body["scope"] == "write"
    assert body["expires_at"] is None


def _refusal(headers: dict[str, str]) -> str:
    response = Client().get(ME, headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    detail: str = response.json()["detail"]
    return detail


def test_no_header_is_401_naming_the_header(db: None) -> None:
    assert "Authorization: Bearer TOKEN" in _refusal({})


@pytest.mark.parametrize("header", ["Token abc", "Bearer", "Bearer   ", "imt_abc", "Basic eDp5"])
def test_a_malformed_header_is_401(db: None, header: str) -> None:
    assert "malformed" in _refusal({"Authorization": header})


def test_a_text_that_is_no_token_of_ours_is_401(db: None) -> None:
    assert "malformed" in _refusal(bearer("ghp_abcdef"))
    assert "malformed" in _refusal(bearer("imt_" + "x" * 300))


def test_an_unknown_token_is_401(manager_token: tuple[Token, str]) -> None:
    _token, raw = manager_token
    assert _refusal(bearer(raw[:-1] + ("A" if raw[-1] != "A" else "B"))) == "The token is unknown."


def test_an_expired_token_is_401(manager_token: tuple[Token, str]) -> None:
    token, raw = manager_token
    Token.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _refusal(bearer(raw)) == "The token has expired."


def test_a_revoked_token_is_401(manager_token: tuple[Token, str]) -> None:
    token, raw = manager_token
    Token.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert _refusal(bearer(raw)) == "The token was revoked."


def test_the_token_of_an_inactive_user_is_401(manager_token: tuple[Token, str]) -> None:
    token, raw = manager_token
    User.objects.filter(pk=token.user_id).update(is_active=False)
    assert _refusal(bearer(raw)) == "The token's user account is disabled."


# --- what is kept ------------------------------------------------------------------------


def test_the_secret_is_kept_only_as_its_hash(manager_token: tuple[Token, str]) -> None:
    token, raw = manager_token
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Token._meta.db_table} WHERE id = %s", [token.pk])
        row = [str(value) for value in cursor.fetchone()]
    assert not any(raw in value for value in row)
    assert not any(raw.split("_")[2] in value for value in row)  # nor its secret part
    assert hashlib.sha256(raw.encode()).hexdigest() in row
    assert raw.startswith(token.prefix + "_")


def test_last_use_is_recorded_at_most_once_a_minute(manager_token: tuple[Token, str]) -> None:
    token, raw = manager_token
    assert token.last_used_at is None
    Client().get(ME, headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None
    first = token.last_used_at
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(ME, headers=bearer(raw)).status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == first
    stale = timezone.now() - LAST_USED_EVERY - timedelta(seconds=1)
    Token.objects.filter(pk=token.pk).update(last_used_at=stale)
    Client().get(ME, headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at > stale


# --- the rate limit ----------------------------------------------------------------------


@pytest.fixture
def ten_seconds_into_a_minute(monkeypatch: pytest.MonkeyPatch) -> float:
    now = 1_800_000_000.0 + 10  # 1_800_000_000 is a whole minute
    monkeypatch.setattr("api.tokens.clock", lambda: now)
    return now


def test_the_request_beyond_the_rate_is_429_with_retry_after(
    settings: Any, manager_token: tuple[Token, str], ten_seconds_into_a_minute: float
) -> None:
    settings.API_RATE_PER_MINUTE = 3
    token, raw = manager_token
    assert [Client().get(ME, headers=bearer(raw)).status_code for _ in range(3)] == [200, 200, 200]
    response = Client().get(ME, headers=bearer(raw))
    assert response.status_code == 429
    assert response["Retry-After"] == "50"
    assert response.json()["detail"] == (
        "Too many requests with this token: at most 3 a minute. Try again in 50 seconds."
    )
    minute = int(ten_seconds_into_a_minute // 60)
    assert caches["shared"].get(f"api-rate:{token.pk}:{minute}") == 4


def test_the_rate_is_per_token_and_per_minute(
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    manager_token: tuple[Token, str],
    ten_seconds_into_a_minute: float,
) -> None:
    settings.API_RATE_PER_MINUTE = 2
    token, raw = manager_token
    _other, other_raw = create_token(user=token.user, name="Second")
    statuses = [Client().get(ME, headers=bearer(raw)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert Client().get(ME, headers=bearer(other_raw)).status_code == 200
    monkeypatch.setattr("api.tokens.clock", lambda: ten_seconds_into_a_minute + 50)
    assert Client().get(ME, headers=bearer(raw)).status_code == 200


# --- the pages ---------------------------------------------------------------------------

PAGE = "/accounts/tokens/"


def test_the_pages_need_a_sign_in(db: None) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Client().post(PAGE, {"name": "x", "scope": "read"}).status_code == 302
    assert not Token.objects.exists()


def test_the_user_menu_leads_to_the_tokens(people: dict[str, User | None]) -> None:
    page = client_for(people["member"]).get("/").content.decode()
    assert f'href="{PAGE}"' in page and "API tokens" in page


def _create(client: Client, **fields: str) -> Any:
    data = {"name": "Power BI", "scope": "read", "expires": "90", **fields}
    return client.post(PAGE, data)


def _secret_in(page: str) -> list[str]:
    return re.findall(r"imt_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", page)


def test_a_new_token_is_shown_once(people: dict[str, User | None]) -> None:
    client = client_for(people["member"])
    response = _create(client, scope="write", expires="30")
    assert response.status_code == 302 and response["Location"] == PAGE
    token = Token.objects.get()
    assert (token.user, token.name, token.scope) == (people["member"], "Power BI", "write")
    assert token.expires_at is not None
    assert token.expires_at - timezone.now() > timedelta(days=29, hours=23)
    shown = client.get(PAGE)
    assert "no-store" in shown["Cache-Control"]
    page = shown.content.decode()
    secrets = set(_secret_in(page))
    assert len(secrets) == 1
    (raw,) = secrets
    assert "only time it is shown" in page
    assert Client().get(ME, headers=bearer(raw)).json()["username"] == "mia"
    again = client.get(PAGE).content.decode()
    assert _secret_in(again) == []
    assert f"{token.prefix}…" in again and "Power BI" in again


def test_a_token_that_never_expires(people: dict[str, User | None]) -> None:
    _create(client_for(people["member"]), expires="")
    assert Token.objects.get().expires_at is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "  "}, "name", "This field is required."),
        ({"name": "x" * 101}, "name", "at most 100 characters"),
        ({"scope": "admin"}, "scope", "Select a valid choice."),
        ({"expires": "100000"}, "expires", "Select a valid choice."),
    ],
)
def test_a_bad_form_changes_nothing_and_says_where(
    people: dict[str, User | None], fields: dict[str, str], field: str, message: str
) -> None:
    response = _create(client_for(people["member"]), **fields)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not Token.objects.exists()


def _organisation_choices(user: User | None) -> set[str]:
    form = client_for(user).get(PAGE).context["form"]
    return {org.key for org in form.fields["organization"].queryset}


def test_only_managed_organisations_are_offered(everyone: dict[str, User | None]) -> None:
    assert _organisation_choices(everyone["manager"]) == {"acme-devices"}
    assert _organisation_choices(everyone["consultant"]) == {"acme-devices"}
    assert _organisation_choices(everyone["other_consultant"]) == {"other-co"}
    assert _organisation_choices(everyone["admin"]) == {"acme-devices", "other-co"}
    assert _organisation_choices(everyone["member"]) == set()
    page = client_for(everyone["member"]).get(PAGE).content.decode()
    assert 'name="organization"' not in page  # nothing to choose: no field
    page = client_for(everyone["manager"]).get(PAGE).content.decode()
    assert '<option value="' in page and "Acme Devices" in page


def test_an_organisation_token_for_a_managed_organisation(
    people: dict[str, User | None], acme: Organization
) -> None:
    _create(client_for(people["manager"]), organization=str(acme.pk))
    assert Token.objects.get().organization == acme


def test_no_organisation_token_for_an_organisation_one_does_not_manage(
    everyone: dict[str, User | None], acme: Organization
) -> None:
    for role in ("member", "other_consultant"):
        response = _create(client_for(everyone[role]), organization=str(acme.pk))
        assert response.status_code == 200
        assert response.context["form"].errors["organization"]
        assert "Select a valid choice" in response.content.decode()
    assert not Token.objects.exists()


def test_the_list_shows_only_ones_own_tokens(people: dict[str, User | None]) -> None:
    assert people["member"] is not None and people["manager"] is not None
    mine, _raw = create_token(user=people["member"], name="Mine")
    theirs, _raw = create_token(user=people["manager"], name="Theirs")
    page = client_for(people["member"]).get(PAGE).content.decode()
    assert "Mine" in page and mine.prefix in page
    assert "Theirs" not in page and theirs.prefix not in page


def test_the_list_shows_each_tokens_state(
    people: dict[str, User | None], acme: Organization
) -> None:
    manager = people["manager"]
    assert manager is not None
    create_token(user=manager, name="Live", organization=acme)
    expired, _raw = create_token(user=manager, name="Old", days=1)
    Token.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked, _raw = create_token(user=manager, name="Gone")
    Token.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    page = client_for(manager).get(PAGE).content.decode()
    assert page.count(">Active<") == 1 and page.count(">Expired<") == 1
    assert page.count(">Revoked<") == 1
    assert "Acme Devices" in page and "personal" in page and "never" in page
    assert page.count("/revoke/") == 2  # none for the revoked one


def test_revoking_asks_then_revokes(manager_token: tuple[Token, str]) -> None:
    token, raw = manager_token
    client = client_for(token.user)
    url = f"/accounts/tokens/{token.pk}/revoke/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert (
        'method="post"' in confirm.content.decode() and "BI dashboard" in confirm.content.decode()
    )
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == PAGE
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get(ME, headers=bearer(raw)).status_code == 401
    assert "revoked" in client.get(PAGE).content.decode()


def test_revoking_needs_the_csrf_token(manager_token: tuple[Token, str]) -> None:
    token, _raw = manager_token
    client = Client(enforce_csrf_checks=True)
    client.force_login(token.user)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_token_is_404(
    people: dict[str, User | None], manager_token: tuple[Token, str], method: str
) -> None:
    token, _raw = manager_token
    for intruder in (people["member"], people["admin"]):
        response = getattr(client_for(intruder), method)(f"/accounts/tokens/{token.pk}/revoke/")
        assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_id_of_any_size_is_404(people: dict[str, User | None]) -> None:
    client = client_for(people["member"])
    assert client.get(f"/accounts/tokens/{2**63}/revoke/").status_code == 404
    assert client.get(f"/accounts/tokens/{10**40}/revoke/").status_code == 404


# --- the admin ---------------------------------------------------------------------------


def test_the_admin_lists_tokens_without_their_secrets(
    people: dict[str, User | None], manager_token: tuple[Token, str]
) -> None:
    token, raw = manager_token
    client = client_for(ensure_user(username="root", password="pw", staff=True))
    User.objects.filter(username="root").update(is_superuser=True)
    listing = client.get("/admin/api/token/").content.decode()
    assert "BI dashboard" in listing and token.prefix in listing and "max" in listing
    change = client.get(f"/admin/api/token/{token.pk}/change/").content.decode()
    assert token.digest not in change and raw not in change
    assert client.get("/admin/api/token/add/").status_code == 403


def test_the_admin_revokes_selected_tokens(manager_token: tuple[Token, str]) -> None:
    token, _raw = manager_token
    ensure_user(username="root", password="pw", staff=True)
    User.objects.filter(username="root").update(is_superuser=True)
    client = client_for(User.objects.get(username="root"))
    client.post("/admin/api/token/", {"action": "revoke", "_selected_action": [str(token.pk)]})
    token.refresh_from_db()
    assert token.revoked_at is not None
