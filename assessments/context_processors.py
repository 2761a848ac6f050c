from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from assessments.selectors import user_roles


def roles(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's roles for the navigation; read only by templates that use them.

    `nav_cache_key` names base.html's cached navigation: everything it shows (the user's
    name and roles, the current path, the language) in one unambiguous string.
    """
    user = request.user
    current = SimpleLazyObject(lambda: user_roles(user))

    def nav_cache_key() -> str:
        name = user.get_full_name() if user.is_authenticated else ""
        flags = (current.admin, current.consultant, current.manager, current.member)
        return repr((user.pk, name, user.get_username(), flags, request.path, get_language()))

    # SimpleLazyObject, not django.utils.functional.lazy: lazy() builds a class per call.
    return {"roles": current, "nav_cache_key": SimpleLazyObject(nav_cache_key)}
