"""API tokens: made once and shown once, kept only as a SHA-256 hash, told apart by a
visible prefix; scoped (read, write), expiring, revocable and rate-limited.

A token reads `imt_<8 hex>_<43 url-safe characters>`: the first part is its prefix (kept in
clear, shown in lists), the whole is hashed. 256 bits of randomness make a slow hash
needless: nobody guesses a token, and a leaked table of hashes gives no token back.
"""

import hashlib
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import Token
from assessments.selectors import Organization, creatable_organizations
from assessments.services import Refused

PREFIX = "imt_"
# Writing `last_used_at` on every request would make every read a write: once a minute.
LAST_USED_EVERY = timedelta(minutes=1)
# Ten years: a longer life is "never" in all but name, and a huge number of days would
# overflow the date.
MAX_DAYS = 3650
LONGEST_TOKEN = 200  # ours are 56 characters; a longer text is not worth hashing


class InvalidToken(Exception):
    """Why a token text is not accepted, in words for the API caller (a 401)."""


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(
    *,
    user: User,
    name: str,
    scope: str = Token.Scope.READ,
    organization: Organization | None = None,
    days: int | None = None,
) -> tuple[Token, str]:
    """A new token and its secret text, which is never stored and cannot be shown again.
    Refused for a scope, a life or an organisation the user may not have."""
    _check_request(user=user, scope=scope, organization=organization, days=days)
    prefix = f"{PREFIX}{secrets.token_hex(4)}"
    raw = f"{prefix}_{secrets.token_urlsafe(32)}"
    token = Token.objects.create(
        user=user,
        organization=organization,
        name=name.strip(),
        prefix=prefix,
        digest=digest_of(raw),
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    return token, raw


def _check_request(
    *, user: User, scope: str, organization: Organization | None, days: int | None
) -> None:
    if scope not in Token.Scope.values:
        raise Refused(_("A token's scope is “read” or “write”."))
    if days is not None and not 0 < days <= MAX_DAYS:
        raise Refused(
            _("A token lasts from 1 to %(max)d days, or never expires.") % {"max": MAX_DAYS}
        )
    if (
        organization is not None
        and not creatable_organizations(user).filter(pk=organization.pk).exists()
    ):
        raise Refused(
            _("Only someone who manages %(name)s may make a token for it.")
            % {"name": organization.name}
        )


def tokens_of(user: User) -> QuerySet[Token]:
    return Token.objects.filter(user=user).select_related("organization")


def check_token(raw: str) -> Token:
    """The active token this text is; InvalidToken saying why it is none (unknown,
    malformed, expired, revoked, or its user's account disabled)."""
    if not raw.startswith(PREFIX) or len(raw) > LONGEST_TOKEN:
        raise InvalidToken(_("The token is malformed: an API token starts with “imt_”."))
    token = (
        Token.objects.select_related("user", "organization").filter(digest=digest_of(raw)).first()
    )
    if token is None:
        raise InvalidToken(_("The token is unknown."))
    if token.revoked_at is not None:
        raise InvalidToken(_("The token was revoked."))
    if not token.active:
        raise InvalidToken(_("The token has expired."))
    if not token.user.is_active:
        raise InvalidToken(_("The token's user account is disabled."))
    _note_use(token)
    return token


def token_for(raw: str) -> Token | None:
    """The active token this text is, or None (unknown, malformed, expired or revoked)."""
    try:
        return check_token(raw)
    except InvalidToken:
        return None


def _note_use(token: Token) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        Token.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def revoke_token(token: Token) -> Token:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def revoke_tokens(tokens: QuerySet[Token]) -> int:
    """Revoke every token of these not yet revoked; how many that was."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


# --- rate limit --------------------------------------------------------------------------


def clock() -> float:
    return time.time()


def seconds_until_allowed(token: Token) -> int:
    """0 when this request of the token's is within settings.API_RATE_PER_MINUTE, else the
    seconds until its next minute starts. Counted in the cache every server shares, per
    calendar minute: with Redis the count is exact (INCR is atomic); the file cache may
    miss a few requests that race, never count one twice."""
    now = clock()
    minute = int(now // 60)
    cache, key = caches["shared"], f"api-rate:{token.pk}:{minute}"
    cache.add(key, 0, 120)  # outlives its minute, so that a slow request still counts
    try:
        count = int(cache.incr(key))
    except ValueError:  # evicted between the two calls
        cache.set(key, 1, 120)
        count = 1
    if count <= settings.API_RATE_PER_MINUTE:
        return 0
    return max(1, (minute + 1) * 60 - int(now))
