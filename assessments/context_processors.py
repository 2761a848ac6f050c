from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from assessments.selectors import user_roles


def roles(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's roles for the navigation; read only by templates that use them."""
    return {"roles": SimpleLazyObject(lambda: user_roles(request.user))}
