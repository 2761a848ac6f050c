"""`manage.py api_token create | list | revoke`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from api.models import Token
from api.tokens import create_token
from assessments.models import Organization


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_a_working_token_once(people: dict[str, User | None]) -> None:
    out, err = run("create", "--user", "max", "--name", "Nightly export")
    secret = out.strip()
    assert "\n" not in secret and secret.startswith("imt_")
    token = Token.objects.get()
    assert (token.user.username, token.name, token.scope) == ("max", "Nightly export", "read")
    assert token.expires_at is None and token.organization is None
    assert token.prefix in err and "never expires" in err and secret not in err
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert response.json()["token_name"] == "Nightly export"


def test_create_with_scope_expiry_and_organisation(
    people: dict[str, User | None], acme: Organization
) -> None:
    _out, err = run(
        "create",
        "--user=max",
        "--name=GRC sync",
        "--scope=write",
        "--expires=30",
        "--organisation=acme-devices",
    )
    token = Token.objects.get()
    assert (token.scope, token.organization) == ("write", acme)
    assert token.expires_at is not None
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert "organisation acme-devices" in err
    assert f"expires {token.expires_at:%Y-%m-%d}" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody"], "No user 'nobody'."),
        (["--user", "max", "--scope", "admin"], "invalid choice: 'admin'"),
        (["--user", "max", "--expires", "0"], "from 1 to 3650, not 0"),
        (["--user", "max", "--expires", "-5"], "from 1 to 3650, not -5"),
        (["--user", "max", "--expires", "99999999999"], "from 1 to 3650"),
        (["--user", "max", "--expires", "soon"], "invalid int value: 'soon'"),
        (["--user", "max", "--organisation", "nope"], "No organisation with the key 'nope'."),
        (
            ["--user", "mia", "--organisation", "acme-devices"],
            "Only someone who manages Acme Devices may make a token for it.",
        ),
    ],
)
def test_create_refuses_bad_input(
    people: dict[str, User | None], args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        run("create", "--name", "x", *args)
    assert not Token.objects.exists()


def test_create_needs_a_name_and_an_active_user(people: dict[str, User | None]) -> None:
    with pytest.raises(CommandError, match="--name"):
        run("create", "--user", "max")
    with pytest.raises(CommandError, match="--name is required"):
        run("create", "--user", "max", "--name", "   ")
    User.objects.filter(username="max").update(is_active=False)
    with pytest.raises(CommandError, match="'max' is inactive"):
        run("create", "--user", "max", "--name", "x")
    assert not Token.objects.exists()


def test_list_shows_prefixes_never_secrets(people: dict[str, User | None]) -> None:
    assert people["manager"] is not None and people["member"] is not None
    mine, secret = create_token(user=people["manager"], name="Dashboard")
    theirs, _secret = create_token(user=people["member"], name="Sheet")
    out, _err = run("list")
    assert mine.prefix in out and theirs.prefix in out and secret not in out
    assert "“Dashboard”" in out and "active" in out
    out, _err = run("list", "--user", "mia")
    assert theirs.prefix in out and mine.prefix not in out
    with pytest.raises(CommandError, match="No user 'ghost'"):
        run("list", "--user", "ghost")


def test_revoke_by_prefix(people: dict[str, User | None]) -> None:
    assert people["manager"] is not None
    token, secret = create_token(user=people["manager"], name="Dashboard")
    out, _err = run("revoke", f"{token.prefix}…")
    assert f"Revoked {token.prefix}" in out
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401
    out, _err = run("revoke", token.prefix)
    assert "already revoked" in out
    assert "revoked" in run("list")[0]


def test_revoke_of_an_unknown_prefix_is_an_error(db: None) -> None:
    with pytest.raises(CommandError, match="No token with the prefix 'imt_00000000'"):
        run("revoke", "imt_00000000")
