"""How the API knows its caller: `Authorization: Bearer TOKEN` (api/tokens.py). A missing,
malformed, unknown, expired or revoked token is a 401; a read-only token writing is a 403;
more than settings.API_RATE_PER_MINUTE requests of one token in a minute, a 429.

The 401 and the 429 carry headers (WWW-Authenticate, Retry-After) that ninja's own handler
of HttpError drops: `refused` answers them, registered on the API with
`api.add_exception_handler(Refusal, refused)`."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from api.models import Token
from api.tokens import InvalidToken, check_token, seconds_until_allowed


class Refusal(HttpError):
    """An API error whose response carries headers as well as {"detail": message}."""

    def __init__(self, status_code: int, message: str, headers: dict[str, str]) -> None:
        super().__init__(status_code, message)
        self.headers = headers


class Unauthenticated(Refusal):
    def __init__(self, message: str) -> None:
        # RFC 6750: a 401 names the scheme, and "invalid_token" once a token was sent.
        super().__init__(401, message, {"WWW-Authenticate": 'Bearer error="invalid_token"'})


class RateLimited(Refusal):
    def __init__(self, wait: int) -> None:
        message = _(
            "Too many requests with this token: at most %(rate)d a minute. "
            "Try again in %(wait)d seconds."
        ) % {"rate": settings.API_RATE_PER_MINUTE, "wait": wait}
        super().__init__(429, message, {"Retry-After": str(wait)})


def refused(request: HttpRequest, exc: Refusal) -> HttpResponse:
    """The exception handler for Refusal: the JSON body of every API error, and its headers."""
    response = JsonResponse({"detail": exc.message}, status=exc.status_code)
    for name, value in exc.headers.items():
        response[name] = value
    return response


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Token:
        # Ninja's own reading says only "Unauthorized"; a caller should learn what is wrong.
        header = request.headers.get(self.header, "")
        if not header:
            raise Unauthenticated(
                _("No token: send the header “Authorization: Bearer TOKEN” with an API token.")
            )
        scheme, _space, raw = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme or not raw.strip():
            raise Unauthenticated("The Authorization header is malformed: it reads “Bearer TOKEN”.")
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Token:
        try:
            found = check_token(token)
        except InvalidToken as refusal:
            raise Unauthenticated(str(refusal)) from None
        wait = seconds_until_allowed(found)
        if wait:
            raise RateLimited(wait)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found


def caller_token(request: HttpRequest) -> Token:
    token: Token = request.auth  # type: ignore[attr-defined]
    return token


def require_write(request: HttpRequest) -> None:
    """A write through a read-only token is refused (403)."""
    if caller_token(request).scope != Token.Scope.WRITE:
        raise HttpError(
            403, _("This token may only read; a write needs a token with the write scope.")
        )


def no_auth(*_args: Any) -> None:
    return None
