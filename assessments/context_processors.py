from typing import Any

from django.http import HttpRequest

from assessments.selectors import user_roles


def roles(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's roles, for the navigation in base.html."""
    return {"roles": user_roles(request.user)}
