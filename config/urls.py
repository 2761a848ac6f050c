from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from api.api import api
from assessments.forms import PasswordResetInBackground
from assessments.views import assessments as assessment_views
from assessments.views import language
from config import converters  # noqa: F401  (registers <id:...> before the includes below)


def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: the hashed static name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("", assessment_views.home, name="home"),
    # Django's sign-in, which also brings back the language the user chose.
    path("accounts/login/", language.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Password reset by e-mail: Django's own views. An unknown address gets the same "check
    # your inbox" page as a known one, so the form does not tell who has an account.
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetInBackground),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The language switcher: Django's set_language, keeping a signed-in user's choice.
    path("language/", language.set_language, name="set_language"),
    path("models/", include("maturity.urls")),
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("api/v1/", api.urls),
    path("", include("api.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages (like the admin's) that name no icon.
    path("favicon.ico", favicon),
]
