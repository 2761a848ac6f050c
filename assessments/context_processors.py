from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from assessments.selectors import Roles, user_roles


@dataclass(frozen=True)
class Navigation:
    """What base.html's cached navigation shows: the user's name and roles, the page it
    marks as current, the language. `cache_key` names the fragment by all of them."""

    user: User | AnonymousUser
    roles: Roles
    path: str

    @property
    def cache_key(self) -> str:
        user = self.user
        name = user.get_full_name() if isinstance(user, User) else ""
        roles = (self.roles.admin, self.roles.consultant, self.roles.manager, self.roles.member)
        return repr((user.pk, name, user.get_username(), roles, self.path, get_language()))


def roles(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's roles and navigation; read only by templates that use them."""
    user = request.user
    # SimpleLazyObject, not django.utils.functional.lazy: lazy() builds a class per call.
    current = SimpleLazyObject(lambda: user_roles(user))
    navigation = SimpleLazyObject(lambda: Navigation(user, cast(Roles, current), request.path))
    return {"roles": current, "navigation": navigation}
