from django.contrib import admin

from assessments.models import Membership, Organization, Preferences


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key"]
    prepopulated_fields = {"key": ["name"]}
    filter_horizontal = ["consultants"]
    inlines = [MembershipInline]


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    """Each user's chosen interface language; users set it themselves in the navigation."""

    list_display = ["user", "language"]
    list_filter = ["language"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
