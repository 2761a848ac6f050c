from django.contrib import admin

from assessments.models import Membership, Organization


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
