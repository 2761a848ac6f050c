"""`manage.py api_token create --user USER --name NAME [--scope read|write] [--expires DAYS]
[--organisation KEY]`, `manage.py api_token list [--user USER]`, `manage.py api_token revoke
PREFIX`: API tokens from the command line, for scripts and set-up.

`create` prints the token alone on standard output, once (so `TOKEN=$(manage.py api_token
create …)` keeps it), and what it is (prefix, scope, organisation, expiry) on standard error.
"""

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.models import Token
from api.tokens import MAX_DAYS, create_token, revoke_token
from assessments.selectors import Organization
from assessments.services import Refused


class Command(BaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="make a token and print it, once")
        create.add_argument("--user", required=True, help="the username the token acts as")
        create.add_argument("--name", required=True, help="what the token is for")
        create.add_argument("--scope", choices=Token.Scope.values, default=Token.Scope.READ)
        create.add_argument(
            "--expires",
            type=int,
            metavar="DAYS",
            help=f"days it lasts, 1 to {MAX_DAYS}; without it, it never expires",
        )
        create.add_argument(
            "--organisation",
            "--organization",
            dest="organisation",
            metavar="KEY",
            help="make an organisation token, acting only within this organisation",
        )
        listing = actions.add_parser("list", help="list tokens (never their secrets)")
        listing.add_argument("--user", help="only this user's tokens")
        revoke = actions.add_parser("revoke", help="revoke a token for good")
        revoke.add_argument("prefix", help="the token's prefix, as `list` shows it")

    def handle(self, *args: Any, **options: Any) -> None:
        {"create": self.create, "list": self.list, "revoke": self.revoke}[options["action"]](
            **options
        )

    def create(self, **options: Any) -> None:
        user = _user(options["user"])
        days: int | None = options["expires"]
        if days is not None and not 0 < days <= MAX_DAYS:
            raise CommandError(f"--expires is a number of days from 1 to {MAX_DAYS}, not {days}.")
        name = options["name"].strip()
        if not name or len(name) > Token._meta.get_field("name").max_length:  # type: ignore[operator]
            raise CommandError("--name is required, at most 100 characters.")
        try:
            token, secret = create_token(
                user=user,
                name=name,
                scope=options["scope"],
                organization=_organisation(options["organisation"]),
                days=days,
            )
        except Refused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(secret)
        self.stderr.write(f"Made {_describe(token)}. The token is shown only this once.")

    def list(self, **options: Any) -> None:
        tokens = Token.objects.select_related("user", "organization").order_by("user", "-pk")
        if options["user"]:
            tokens = tokens.filter(user=_user(options["user"], active_only=False))
        for token in tokens:
            self.stdout.write(_describe(token))
        if not tokens:
            self.stderr.write("No tokens.")

    def revoke(self, **options: Any) -> None:
        prefix = options["prefix"].strip().rstrip("…").rstrip(".")
        token = Token.objects.filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"No token with the prefix {prefix!r}; `api_token list` shows them.")
        if token.revoked_at is not None:
            self.stdout.write(f"{prefix} was already revoked on {token.revoked_at:%Y-%m-%d %H:%M}.")
            return
        revoke_token(token)
        self.stdout.write(f"Revoked {_describe(token)}.")


def _user(username: str, *, active_only: bool = True) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user {username!r}.")
    if active_only and not user.is_active:
        raise CommandError(f"The user {username!r} is inactive; a token of theirs would not work.")
    return user


def _organisation(key: str | None) -> Organization | None:
    if key is None:
        return None
    organisation = Organization.objects.filter(key=key).first()
    if organisation is None:
        raise CommandError(f"No organisation with the key {key!r}.")
    return organisation


def _describe(token: Token) -> str:
    state = "revoked" if token.revoked_at else "active" if token.active else "expired"
    expires = f"expires {token.expires_at:%Y-%m-%d}" if token.expires_at else "never expires"
    used = f"last used {token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "unused"
    where = f"organisation {token.organization.key}" if token.organization else "personal"
    return (
        f"{token.prefix}  {token.user.username}  “{token.name}”  {token.scope}  {where}  "
        f"{expires}  {used}  {state}"
    )
