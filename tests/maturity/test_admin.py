"""The catalogue in the admin: drafts edit, published versions are read-only."""

import json
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from maturity.models import Framework, LevelDescriptor
from tests.conftest import client_for, shipped_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(people: dict, frameworks: None) -> Client:
    return client_for(people["admin"])


def upload(document: dict, name: str = "def.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(document).encode(), "application/json")


def test_a_published_version_shows_read_only(admin_client_: Client) -> None:
    published = Framework.objects.get(slug="gartner-iot")
    url = reverse("admin:maturity_framework_change", args=[published.pk])
    page = admin_client_.get(url).content.decode()
    assert "Copy as new draft version" in page
    assert 'name="_save"' not in page
    assert admin_client_.post(url, {"name": "Changed"}).status_code == 403
    published.refresh_from_db()
    assert published.name == "Gartner Maturity Model for IoT"


def test_copy_from_the_change_page_creates_an_editable_draft(admin_client_: Client) -> None:
    published = Framework.objects.get(slug="ptc-cpmm")
    response = admin_client_.post(reverse("admin:maturity_framework_copy", args=[published.pk]))
    draft = Framework.objects.get(slug="ptc-cpmm", version=2)
    assert response["Location"] == reverse("admin:maturity_framework_change", args=[draft.pk])
    page = admin_client_.get(response["Location"]).content.decode()
    assert 'name="_save"' in page and ">Publish<" in page


def test_publish_refuses_a_broken_draft_and_lists_the_errors(admin_client_: Client) -> None:
    admin_client_.post(
        reverse(
            "admin:maturity_framework_copy", args=[Framework.objects.get(slug="gartner-iot").pk]
        )
    )
    draft = Framework.objects.get(slug="gartner-iot", version=2)
    LevelDescriptor.objects.filter(
        subdimension__dimension__framework=draft, subdimension__key="ecosystem", level=2
    ).delete()
    response = admin_client_.post(
        reverse("admin:maturity_framework_publish", args=[draft.pk]), follow=True
    )
    page = response.content.decode()
    assert "dimensions[0].subdimensions[2].descriptors: no descriptor for level 2" in page
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_publish_action_publishes_a_valid_draft(admin_client_: Client) -> None:
    admin_client_.post(
        reverse(
            "admin:maturity_framework_copy", args=[Framework.objects.get(slug="gartner-iot").pk]
        )
    )
    draft = Framework.objects.get(slug="gartner-iot", version=2)
    admin_client_.post(
        reverse("admin:maturity_framework_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == "published"


def test_editing_a_draft_level_name_in_the_admin_saves(admin_client_: Client) -> None:
    admin_client_.post(
        reverse("admin:maturity_framework_copy", args=[Framework.objects.get(slug="ptc-cpmm").pk])
    )
    draft = Framework.objects.get(slug="ptc-cpmm", version=2)
    url = reverse("admin:maturity_framework_change", args=[draft.pk])
    form = admin_client_.get(url).context["adminform"].form
    data = {
        key: _as_posted(form.fields[key], value) if key in form.fields else value
        for key, value in form.initial.items()
        if value is not None
    }
    inline_data = _inline_management_data(admin_client_, url)
    data.update(inline_data, name="PTC CPMM, revised")
    response = admin_client_.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    draft.refresh_from_db()
    assert draft.name == "PTC CPMM, revised"


def _inline_management_data(client: Client, url: str) -> dict:
    data = {}
    for formset in client.get(url).context["inline_admin_formsets"]:
        fs = formset.formset
        data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
        for form in fs.forms:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is not None:
                    data[f"{form.prefix}-{name}"] = _as_posted(field, value)
    return data


def _as_posted(field: Any, value: Any) -> Any:
    """A value as the browser posts it back: JSON fields as the JSON text they show."""
    if isinstance(field, forms.JSONField):
        return field.prepare_value(value)
    return getattr(value, "pk", value)


def test_import_from_the_admin_with_an_invalid_file_lists_errors_and_changes_nothing(
    admin_client_: Client,
) -> None:
    document = shipped_document("gartner-iot") | {"slug": "other", "threshold": 0.5}
    response = admin_client_.post(
        reverse("admin:maturity_framework_import"), {"file": upload(document)}
    )
    assert response.status_code == 200
    assert "threshold: a continuous framework has no threshold; remove it" in (
        response.content.decode()
    )
    assert not Framework.objects.filter(slug="other").exists()


def test_import_from_the_admin_creates_a_draft_unless_asked_to_publish(
    admin_client_: Client,
) -> None:
    document = shipped_document("gartner-iot") | {"version": 3}
    response = admin_client_.post(
        reverse("admin:maturity_framework_import"), {"file": upload(document)}
    )
    assert response.status_code == 302
    assert Framework.objects.get(slug="gartner-iot", version=3).status == "draft"


def test_export_from_the_admin_downloads_the_definition(admin_client_: Client) -> None:
    framework = Framework.objects.get(slug="ptc-cpmm")
    response = admin_client_.get(reverse("admin:maturity_framework_export", args=[framework.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="ptc-cpmm-v1.json"'
    assert json.loads(response.content) == json.loads(shipped_document_text("ptc-cpmm"))


def shipped_document_text(slug: str) -> str:
    return json.dumps(shipped_document(slug))
