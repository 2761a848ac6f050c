"""GET /api/v1/me: who is calling, with which token. A first call to try a token with."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema

from api.auth import caller_token
from api.schemas import OrganisationOut

router = Router(tags=["me"])


class Me(Schema):
    """The caller: the user a token acts as, and the token itself (never its secret)."""

    username: str
    token_name: str
    prefix: str
    scope: Literal["read", "write"]  # "write" may also read
    organisation: OrganisationOut | None  # an organisation token acts within this one only
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


@router.get("", response=Me, url_name="me", summary="Who is calling")
def me(request: HttpRequest) -> Me:
    token = caller_token(request)
    organisation = token.organization
    return Me(
        username=token.user.get_username(),
        token_name=token.name,
        prefix=token.prefix,
        scope="write" if token.scope == "write" else "read",
        organisation=(
            OrganisationOut(id=organisation.pk, key=organisation.key, name=organisation.name)
            if organisation
            else None
        ),
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
    )
