"""Admin for the catalogue: drafts are edited here; published versions are read-only."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import JSONField, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from maturity.models import Dimension, Framework, Level, LevelDescriptor, Question, Subdimension
from maturity.schema import DefinitionError, dump_definition, parse_definition
from maturity.selectors import framework_definition
from maturity.services import (
    FrameworkRefused,
    copy_framework_as_draft,
    import_framework,
    publish_framework,
    retire_framework,
)


def _framework_of(obj: Any) -> Framework | None:
    if obj is None or isinstance(obj, Framework):
        return obj
    if isinstance(obj, Dimension):
        return obj.framework
    if isinstance(obj, Subdimension):
        return obj.dimension.framework
    return None


class EmptiableJSONField(forms.JSONField):
    """A JSON box that, when emptied, means "none" ({} or []) rather than a missing value.

    The rows' translations and languages are never NULL; a plain JSONField would hand an
    emptied box to the database as NULL and fail. The content itself (known languages and
    fields) is checked with the whole definition, at publish, with paths in the message.
    """

    def __init__(self, *, empty: Callable[[], Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.empty = empty

    def to_python(self, value: Any) -> Any:
        result = super().to_python(value)
        return self.empty() if result is None else result


class DraftOnlyMixin:
    """Changes are allowed only while the framework version is a draft."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if isinstance(db_field, JSONField):
            kwargs |= {"form_class": EmptiableJSONField, "empty": db_field.get_default}
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]

    def _editable(self, obj: Any) -> bool:
        framework = _framework_of(obj)
        return framework is None or framework.is_editable

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)  # type: ignore[misc]
        return bool(allowed) and self._editable(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)  # type: ignore[misc]
        return bool(allowed) and self._editable(obj)


class DraftOnlyInlineMixin(DraftOnlyMixin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_add_permission(request, obj)  # type: ignore[misc]
        return bool(allowed) and self._editable(obj)


class LevelInline(DraftOnlyInlineMixin, admin.StackedInline):
    model = Level
    extra = 0


class DimensionInline(DraftOnlyInlineMixin, admin.TabularInline):
    model = Dimension
    extra = 0
    fields = ["position", "key", "name", "weight", "translations"]
    show_change_link = True


class SubdimensionInline(DraftOnlyInlineMixin, admin.TabularInline):
    model = Subdimension
    extra = 0
    fields = ["position", "key", "name", "weight", "translations"]
    show_change_link = True


class QuestionInline(DraftOnlyInlineMixin, admin.StackedInline):
    model = Question
    extra = 0


class LevelDescriptorInline(DraftOnlyInlineMixin, admin.TabularInline):
    model = LevelDescriptor
    extra = 0


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Definition file (JSON)"))
    publish = forms.BooleanField(
        label=_("Publish at once"),
        required=False,
        help_text=_("Leave unticked to review the new version as a draft first."),
    )


@admin.register(Framework)
class FrameworkAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "version", "status", "method", "publisher", "published_at"]
    list_filter = ["status", "method"]
    search_fields = ["name", "slug", "publisher"]
    readonly_fields = ["status", "published_at", "created_at"]
    inlines = [LevelInline, DimensionInline]
    actions = ["copy_as_draft", "publish", "retire"]
    change_form_template = "admin/maturity/framework/change_form.html"
    change_list_template = "admin/maturity/framework/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="maturity_framework_import"),
            path("<id:pk>/export/", view(self.export_view), name="maturity_framework_export"),
            path("<id:pk>/copy/", view(self.copy_view), name="maturity_framework_copy"),
            path("<id:pk>/publish/", view(self.publish_view), name="maturity_framework_publish"),
            *super().get_urls(),
        ]

    @admin.action(description=_("Copy as new draft version"))
    def copy_as_draft(self, request: HttpRequest, queryset: QuerySet[Framework]) -> None:
        for framework in queryset:
            self._copy(request, framework)

    @admin.action(description=_("Publish (validates the whole definition)"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Framework]) -> None:
        for framework in queryset:
            self._publish(request, framework)

    @admin.action(description=_("Retire (no new assessments)"))
    def retire(self, request: HttpRequest, queryset: QuerySet[Framework]) -> None:
        for framework in queryset.filter(status=Framework.Status.PUBLISHED):
            retire_framework(framework=framework)
            self.message_user(request, _("Retired %(f)s.") % {"f": framework})

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            redirect = self._import(request, form)
            if redirect is not None:
                return redirect
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.opts,
            "title": _("Import a framework definition"),
        }
        return TemplateResponse(request, "admin/maturity/framework/import.html", context)

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        framework = get_object_or_404(Framework, pk=pk)
        if not self.has_view_permission(request, framework):
            return HttpResponse(status=403)
        try:
            text = dump_definition(framework_definition(framework))
        except DefinitionError as exc:
            return self._back(request, framework, exc.errors)
        response = HttpResponse(text, content_type="application/json")
        filename = f"{framework.slug}-v{framework.version}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def copy_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        framework = get_object_or_404(Framework, pk=pk)
        if request.method != "POST" or not self.has_add_permission(request):
            return HttpResponse(status=405 if request.method != "POST" else 403)
        copy = self._copy(request, framework)
        return self._change_redirect(copy or framework)

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        framework = get_object_or_404(Framework, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, framework):
            return HttpResponse(status=405 if request.method != "POST" else 403)
        self._publish(request, framework)
        return self._change_redirect(framework)

    def _import(self, request: HttpRequest, form: ImportForm) -> HttpResponse | None:
        try:
            definition = parse_definition(form.cleaned_data["file"].read())
            outcome = import_framework(definition=definition, publish=form.cleaned_data["publish"])
        except DefinitionError as exc:
            form.add_error("file", [_("The file is not a valid definition:"), *exc.errors])
            return None
        except FrameworkRefused as exc:
            form.add_error("file", str(exc))
            return None
        self.message_user(
            request, _("%(f)s: %(action)s.") % {"f": outcome.framework, "action": outcome.action}
        )
        return self._change_redirect(outcome.framework)

    def _copy(self, request: HttpRequest, framework: Framework) -> Framework | None:
        try:
            copy = copy_framework_as_draft(framework=framework)
        except DefinitionError as exc:
            self._report(request, framework, exc.errors)
            return None
        self.message_user(request, _("Created %(f)s.") % {"f": copy}, messages.SUCCESS)
        return copy

    def _publish(self, request: HttpRequest, framework: Framework) -> None:
        try:
            publish_framework(framework=framework)
        except DefinitionError as exc:
            self._report(request, framework, exc.errors)
        except FrameworkRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, _("Published %(f)s.") % {"f": framework}, messages.SUCCESS)

    def _report(self, request: HttpRequest, framework: Framework, errors: list[str]) -> None:
        self.message_user(
            request,
            format_html(
                "{}<ul>{}</ul>",
                _("%(f)s was not changed; its definition breaks these rules:") % {"f": framework},
                format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
            ),
            messages.ERROR,
        )

    def _back(self, request: HttpRequest, framework: Framework, errors: list[str]) -> HttpResponse:
        self._report(request, framework, errors)
        return self._change_redirect(framework)

    def _change_redirect(self, framework: Framework) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:maturity_framework_change", args=[framework.pk]))


@admin.register(Dimension)
class DimensionAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "key", "framework", "weight"]
    list_filter = ["framework"]
    inlines = [SubdimensionInline]


@admin.register(Subdimension)
class SubdimensionAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "key", "dimension", "weight"]
    list_filter = ["dimension__framework"]
    inlines = [QuestionInline, LevelDescriptorInline]
