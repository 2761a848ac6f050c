"""The pages where people make, see and revoke their own API tokens. A new token's secret is
shown once, on the page the creation leads to, from a session entry removed as it is shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from api.forms import TokenForm
from api.models import Token
from api.tokens import create_token, revoke_token, tokens_of
from assessments.services import Refused
from config.http import AuthenticatedRequest

NEW_TOKEN = "api_token_shown_once"  # session key: {"id": …, "secret": …} until shown


@login_required
@never_cache  # the page may hold a secret: no copy in any cache or the browser's history
@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = create_token(
                user=request.user,
                name=data["name"],
                scope=data["scope"],
                organization=data["organization"],
                days=data["expires"],
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            request.session[NEW_TOKEN] = {"id": token.pk, "secret": secret}
            return redirect("api_tokens")
    context = {
        "form": form,
        "tokens": tokens_of(request.user),
        "new": _shown_once(request),
        "api_root": request.build_absolute_uri(reverse("api:api-root")),
    }
    return render(request, "api/tokens.html", context)


def _shown_once(request: AuthenticatedRequest) -> dict[str, object] | None:
    """The token just made and its secret, taken out of the session so that a reload or a
    second tab never shows the secret again."""
    entry = request.session.pop(NEW_TOKEN, None)
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), int):
        return None
    token = tokens_of(request.user).filter(pk=entry["id"]).first()
    return {"token": token, "secret": entry.get("secret")} if token else None


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token: Token = get_object_or_404(tokens_of(request.user), pk=pk)
    if token.revoked_at is not None:
        messages.info(request, _("That token was already revoked."))
        return redirect("api_tokens")
    if request.method == "POST":
        revoke_token(token)
        messages.success(
            request,
            _("Token “%(name)s” (%(prefix)s…) revoked: requests with it are refused from now on.")
            % {"name": token.name, "prefix": token.prefix},
        )
        return redirect("api_tokens")
    return render(request, "api/token_revoke.html", {"token": token})


urlpatterns: list[URLPattern] = [
    path("accounts/tokens/", token_list, name="api_tokens"),
    path("accounts/tokens/<id:pk>/revoke/", token_revoke, name="api_token_revoke"),
]
