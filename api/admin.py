"""API tokens in the admin: to see who holds which token and to revoke one. A token is made
by its user (their page, or `manage.py api_token create`), never here, since its secret is
shown only to whoever makes it; the hash is not shown at all."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.models import Token
from api.tokens import revoke_tokens


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "scope",
        "organization",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", ("organization", admin.RelatedOnlyFieldListFilter), "revoked_at"]
    search_fields = ["name", "prefix", "user__username", "organization__name"]
    list_select_related = ["user", "organization"]
    fields = [
        "name",
        "user",
        "organization",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    # Who and where a token acts may not change under its holder; its name, scope and life may.
    readonly_fields = ["user", "organization", "prefix", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[Token]) -> None:
        count = revoke_tokens(queryset)
        message = ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
