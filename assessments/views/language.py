"""The interface language: the switcher in the navigation, and the sign-in that brings
back the language a user chose.

The choice lives in Django's language cookie, which LocaleMiddleware reads before the
browser's Accept-Language; a signed-in user's choice is also kept on their account
(Preferences) and set as the cookie again at every sign-in, so it follows them to any
browser without a database read on each request. A phone in a workshop (no account)
keeps the cookie only.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.views import i18n

from assessments.services.people import preferred_language, remember_language


def set_language(request: HttpRequest) -> HttpResponseBase:
    """Django's own set_language (the cookie, then back to `next` if that is a URL of this
    site, else to the referring page), and for a signed-in user the choice kept."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        remember_language(user=request.user, language=language)
    return response


class SignInView(auth_views.LoginView):
    """Django's sign-in; the user's chosen language, if any, becomes this browser's."""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        language = preferred_language(form.get_user())
        if language:
            set_language_cookie(response, language)
        return response


def set_language_cookie(response: HttpResponseBase, language: str) -> None:
    """The cookie as Django's set_language sets it, with the same settings."""
    options: dict[str, Any] = {
        "max_age": settings.LANGUAGE_COOKIE_AGE,
        "path": settings.LANGUAGE_COOKIE_PATH,
        "domain": settings.LANGUAGE_COOKIE_DOMAIN,
        "secure": settings.LANGUAGE_COOKIE_SECURE,
        "httponly": settings.LANGUAGE_COOKIE_HTTPONLY,
        "samesite": settings.LANGUAGE_COOKIE_SAMESITE,
    }
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, **options)
