"""Importing, exporting and versioning framework definitions."""

import json

import pytest

from maturity.models import Framework, Question
from maturity.schema import DefinitionError, dump_definition, parse_definition
from maturity.selectors import framework_definition
from maturity.services import (
    FrameworkRefused,
    copy_framework_as_draft,
    import_framework,
    load_frameworks,
    publish_framework,
)
from tests.conftest import SHIPPED, shipped_document

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["ptc-cpmm", "gartner-iot"])
def test_export_of_an_import_is_the_same_document(slug: str) -> None:
    text = (SHIPPED / f"{slug}.json").read_text()
    framework = import_framework(definition=parse_definition(text)).framework
    assert dump_definition(framework_definition(framework)) == text


def test_both_shipped_frameworks_import_as_published_versions() -> None:
    outcomes = load_frameworks()
    assert sorted((o.framework.slug, o.action) for o in outcomes) == [
        ("gartner-iot", "created"),
        ("ptc-cpmm", "created"),
    ]
    assert set(Framework.objects.values_list("status", flat=True)) == {"published"}
    assert (
        Question.objects.filter(subdimension__dimension__framework__slug="gartner-iot").count() == 9
    )


def test_loading_the_shipped_frameworks_again_changes_nothing() -> None:
    load_frameworks()
    before = list(Framework.objects.values_list("pk", "slug", "version"))
    assert {o.action for o in load_frameworks()} == {"unchanged"}
    assert list(Framework.objects.values_list("pk", "slug", "version")) == before


def test_different_content_for_a_published_version_is_refused() -> None:
    load_frameworks()
    document = shipped_document("gartner-iot")
    document["levels"][0]["name"] = "Beginning"
    with pytest.raises(FrameworkRefused, match="new version number"):
        import_framework(definition=parse_definition(document))
    assert Framework.objects.get(slug="gartner-iot").levels.get(number=1).name == "Initiating"


def test_different_content_for_a_draft_replaces_the_draft() -> None:
    document = shipped_document("gartner-iot")
    import_framework(definition=parse_definition(document), publish=False)
    document["name"] = "Gartner IoT (edited)"
    outcome = import_framework(definition=parse_definition(document), publish=False)
    assert outcome.action == "replaced"
    assert Framework.objects.get(slug="gartner-iot").name == "Gartner IoT (edited)"


def test_a_new_version_number_imports_beside_the_old_one() -> None:
    load_frameworks()
    document = shipped_document("gartner-iot") | {"version": 2}
    import_framework(definition=parse_definition(document))
    assert list(Framework.objects.filter(slug="gartner-iot").values_list("version", flat=True)) == [
        2,
        1,
    ]


def test_copy_as_draft_numbers_after_the_highest_version() -> None:
    load_frameworks()
    v1 = Framework.objects.get(slug="ptc-cpmm")
    copy = copy_framework_as_draft(framework=v1)
    assert (copy.version, copy.status) == (2, "draft")
    expected = framework_definition(v1).model_copy(update={"version": 2})
    assert framework_definition(copy) == expected


def test_publish_validates_the_whole_definition_and_lists_the_errors() -> None:
    load_frameworks()
    draft = copy_framework_as_draft(framework=Framework.objects.get(slug="gartner-iot"))
    culture = draft.dimensions.get(key="organization").subdimensions.get(key="culture")
    culture.descriptors.filter(level=4).delete()
    with pytest.raises(DefinitionError) as caught:
        publish_framework(framework=draft)
    assert caught.value.errors == [
        "dimensions[1].subdimensions[1].descriptors: no descriptor for level 4"
    ]
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_publishing_a_valid_draft_makes_it_read_only() -> None:
    load_frameworks()
    draft = copy_framework_as_draft(framework=Framework.objects.get(slug="gartner-iot"))
    publish_framework(framework=draft)
    assert (draft.status, draft.is_editable) == ("published", False)
    with pytest.raises(FrameworkRefused):
        publish_framework(framework=draft)


def test_an_invalid_definition_never_reaches_the_database(tmp_path) -> None:
    document = shipped_document("ptc-cpmm")
    document["threshold"] = 2
    with pytest.raises(DefinitionError):
        parse_definition(json.dumps(document))
    assert not Framework.objects.exists()
