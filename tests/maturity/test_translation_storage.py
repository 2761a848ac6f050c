"""Translations through the database: import, read back, export, copy, publish, admin, display."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments.scoring import RespondentAnswers, ScoringInput, score
from maturity import services
from maturity.models import Framework, Level, Question
from maturity.schema import DefinitionError, dump_definition, parse_definition
from maturity.selectors import (
    cached_framework_definition,
    framework_cards,
    framework_definition,
    used_framework_definition,
)
from maturity.services import (
    FrameworkRefused,
    copy_framework_as_draft,
    import_framework,
    load_frameworks,
    publish_framework,
)
from tests.conftest import DATA, SHIPPED, client_for
from tests.maturity.test_translations import translated

pytestmark = pytest.mark.django_db


def store(data: dict[str, Any], *, publish: bool = True) -> Framework:
    return import_framework(definition=parse_definition(data), publish=publish).framework


def incomplete() -> dict[str, Any]:
    data = translated()
    del data["levels"][1]["translations"]
    del data["dimensions"][0]["subdimensions"][0]["questions"][0]["translations"]
    return data


def test_translations_are_stored_with_each_row_and_read_back_unchanged() -> None:
    definition = parse_definition(translated())
    framework = import_framework(definition=definition).framework
    assert framework.languages == ["de"]
    assert Level.objects.get(framework=framework, number=2).translations == {"de": {"name": "S2"}}
    question = Question.objects.get(key="q-tech")
    assert question.translations == {"de": {"text": "Frage q-tech"}}
    assert framework_definition(framework) == definition


def test_export_writes_the_translations_as_imported() -> None:
    definition = parse_definition(translated())
    import_framework(definition=definition)
    out = StringIO()
    call_command("export_framework", "tiny", stdout=out)
    assert out.getvalue() == dump_definition(definition)
    assert json.loads(out.getvalue())["levels"][0]["translations"] == {"de": {"name": "S1"}}


def test_reimporting_identical_translations_is_a_no_op_and_corrected_ones_are_stored(
    django_capture_on_commit_callbacks: Any,
) -> None:
    framework = store(translated())
    assert import_framework(definition=parse_definition(translated())).action == "unchanged"
    corrected = translated()
    corrected["levels"][0]["translations"]["de"]["name"] = "Eins"
    with django_capture_on_commit_callbacks(execute=True):
        assert import_framework(definition=parse_definition(corrected)).action == "translated"
    assert cached_framework_definition(framework, "de").levels[0].name == "Eins"
    changed = translated()
    changed["levels"][0]["name"] = "One, renamed"  # the English: a new version's business
    with pytest.raises(services.FrameworkRefused):
        store(changed)


def test_publishing_an_import_with_an_incomplete_language_is_refused_with_the_list() -> None:
    with pytest.raises(DefinitionError) as caught:
        store(incomplete())
    assert caught.value.errors == [
        "languages: 'de' is listed as complete, but 2 text(s) have no 'de' translation:",
        "levels[1].name: no 'de' translation",
        "dimensions[0].subdimensions[0].questions[0].text: no 'de' translation",
    ]
    assert not Framework.objects.exists()


def test_an_incomplete_language_is_kept_in_a_draft_and_refused_at_publish() -> None:
    draft = store(incomplete(), publish=False)
    with pytest.raises(DefinitionError) as caught:
        publish_framework(framework=draft)
    assert "levels[1].name: no 'de' translation" in caught.value.errors
    draft.refresh_from_db()
    assert draft.status == Framework.Status.DRAFT


def test_a_completed_draft_publishes() -> None:
    draft = store(incomplete(), publish=False)
    Level.objects.filter(framework=draft, number=2).update(translations={"de": {"name": "S2"}})
    Question.objects.filter(key="q-ops").update(translations={"de": {"text": "Frage"}})
    assert publish_framework(framework=draft).status == Framework.Status.PUBLISHED


def test_copy_as_new_version_keeps_translations_and_languages() -> None:
    original = store(translated())
    copy = copy_framework_as_draft(framework=original)
    assert copy.version == 2 and copy.languages == ["de"]
    assert framework_definition(copy) == parse_definition(translated() | {"version": 2})


def test_load_frameworks_refuses_a_shipped_file_whose_listed_language_is_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tiny.json").write_text(json.dumps(incomplete()))
    monkeypatch.setattr(services, "SHIPPED_FRAMEWORKS_DIR", tmp_path)
    with pytest.raises(DefinitionError) as caught:
        load_frameworks()
    assert "tiny.json: levels[1].name: no 'de' translation" in caught.value.errors
    assert not Framework.objects.exists()


def test_the_shipped_german_loads_and_publishes() -> None:
    load_frameworks()
    gartner = Framework.objects.get(slug="gartner-iot")
    assert gartner.status == Framework.Status.PUBLISHED and gartner.languages == ["de"]
    german = cached_framework_definition(gartner, "de")
    assert [level.name for level in german.levels] == [
        "Initiierend",
        "Explorativ",
        "Definiert",
        "Integriert",
        "Optimierend",
    ]


def test_the_display_definition_follows_the_active_language() -> None:
    framework = store(translated())
    with translation.override("de"):
        assert cached_framework_definition(framework).levels[0].name == "S1"
    with translation.override("en"):
        assert cached_framework_definition(framework).levels[0].name == "L1"
    assert cached_framework_definition(framework, "de-at").levels[0].name == "S1"


def test_a_version_that_does_not_list_the_language_is_shown_in_english() -> None:
    framework = store(translated() | {"languages": []})
    assert cached_framework_definition(framework, "de").levels[0].name == "L1"


def test_a_draft_listing_an_unfinished_language_shows_what_is_translated() -> None:
    draft = store(incomplete(), publish=False)
    names = [level.name for level in cached_framework_definition(draft, "de").levels]
    assert names == ["S1", "L2", "S3"]


def test_the_process_cache_keeps_one_definition_per_version_and_language() -> None:
    framework = store(translated())
    german = cached_framework_definition(framework, "de")
    english = cached_framework_definition(framework, "en")
    assert german is not english
    assert used_framework_definition(framework.pk, "de") is german
    assert used_framework_definition(framework.pk, "en") is english
    with translation.override("de"):
        assert used_framework_definition(framework.pk) is german


@pytest.mark.parametrize(
    ("slug", "answers_file"),
    [("gartner-iot", "answers-gartner-one"), ("ptc-cpmm", "answers-ptc-serviceable")],
)
def test_scoring_gives_the_same_result_in_english_and_german(slug: str, answers_file: str) -> None:
    load_frameworks()
    framework = Framework.objects.get(slug=slug)
    english = cached_framework_definition(framework, "en")
    german = cached_framework_definition(framework, "de")
    assert german.levels[1].name != english.levels[1].name  # German really is in use
    given = json.loads((DATA / f"{answers_file}.json").read_text())
    scoring_input = ScoringInput(
        respondents=(RespondentAnswers(answers=given["answers"]),),
        targets=given.get("targets", {}),
    )
    in_english = score(english, scoring_input).model_dump()
    in_german = score(german, scoring_input).model_dump()
    assert _numbers(in_german) == _numbers(in_english)
    assert in_german["overall"]["level_name"] == german.level(in_english["overall"]["level"]).name


def test_the_model_pages_follow_the_readers_language(people: dict[str, Any]) -> None:
    framework = store(translated())
    client = client_for(people["member"])
    detail = reverse("maturity:framework_detail", args=[framework.slug, framework.version])
    german = client.get(detail, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Winzig" in german and "Technology (de)" in german and "bei 2" in german
    english = client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Technology (de)" not in english and "Technology" in english
    assert [card.name for card in framework_cards("de")] == ["Winzig"]


def test_a_broken_draft_page_lists_its_errors_for_staff(people: dict[str, Any]) -> None:
    draft = store(translated(), publish=False)
    Level.objects.filter(framework=draft, number=1).update(translations={"de": {"nmae": "x"}})
    response = client_for(people["admin"]).get(
        reverse("maturity:framework_detail", args=[draft.slug, draft.version])
    )
    assert response.status_code == 200
    assert "levels[0].translations.de.nmae: not a translatable field" in response.content.decode()


@pytest.fixture
def admin(people: dict[str, Any]) -> Client:
    return client_for(people["admin"])


def test_the_admin_refuses_to_publish_missing_texts_and_lists_them(admin: Client) -> None:
    draft = store(incomplete(), publish=False)
    response = admin.post(reverse("admin:maturity_framework_publish", args=[draft.pk]), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "levels[1].name: no &#x27;de&#x27; translation" in page
    assert "dimensions[0].subdimensions[0].questions[0].text: no &#x27;de&#x27; translation" in (
        page
    )
    draft.refresh_from_db()
    assert draft.status == Framework.Status.DRAFT


def test_the_admin_edits_translations_as_json_in_the_drafts_inlines(admin: Client) -> None:
    draft = store(incomplete(), publish=False)
    url = reverse("admin:maturity_framework_change", args=[draft.pk])
    data = _change_form_data(admin, url)
    level_prefix = next(k for k, v in data.items() if k.endswith("-number") and v == 2)[:-7]
    data[f"{level_prefix}-translations"] = '{"de": {"name": "Stufe zwei"}}'
    data["languages"] = ""  # an emptied box means no language is declared complete
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    draft.refresh_from_db()
    assert draft.languages == []
    translations = dict(Level.objects.filter(framework=draft).values_list("number", "translations"))
    assert translations == {
        1: {"de": {"name": "S1"}},
        2: {"de": {"name": "Stufe zwei"}},
        3: {"de": {"name": "S3"}},
    }
    assert draft.translations == {"de": {"name": "Winzig"}}


def test_the_admin_exports_translations(admin: Client) -> None:
    framework = store(translated())
    response = admin.get(reverse("admin:maturity_framework_export", args=[framework.pk]))
    assert json.loads(response.content) == json.loads(
        dump_definition(parse_definition(translated()))
    )


def _change_form_data(client: Client, url: str) -> dict[str, Any]:
    context = client.get(url).context
    form = context["adminform"].form
    # BoundField.value() is what the page shows: JSON fields already as JSON text.
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    for formset in context["inline_admin_formsets"]:
        fs = formset.formset
        data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
        for inline in fs.forms:
            for name in inline.fields:
                value = inline[name].value()
                if value is not None:
                    data[f"{inline.prefix}-{name}"] = getattr(value, "pk", value)
    return data


def _numbers(data: Any) -> Any:
    """A result without its texts: what must not depend on the language."""
    texts = {"name", "level_name", "next_level_name", "text", "guidance"}
    if isinstance(data, dict):
        return {k: _numbers(v) for k, v in data.items() if k not in texts}
    if isinstance(data, list | tuple):
        return [_numbers(item) for item in data]
    return data


def test_a_published_version_gains_translations_in_place(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A shipped version published in English only, with assessments pinned to it, gets
    its German from the next `load_frameworks`: no number or English text moves."""
    from maturity.translations import drop_empty_translations

    english_only = json.loads((SHIPPED / "gartner-iot.json").read_text())

    def strip(value: Any) -> None:
        if isinstance(value, dict):
            value.pop("translations", None)
            value.pop("languages", None)
            for item in value.values():
                strip(item)
        elif isinstance(value, list):
            for item in value:
                strip(item)

    strip(english_only)
    drop_empty_translations(english_only)
    before = store(english_only)
    assert cached_framework_definition(before, "de").levels[0].name == "Initiating"  # cached
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = {o.framework.slug: o.action for o in load_frameworks()}
    assert outcomes["gartner-iot"] == "translated"
    after = Framework.objects.get(slug="gartner-iot")
    assert after.pk == before.pk and after.status == Framework.Status.PUBLISHED
    assert cached_framework_definition(after, "de").levels[0].name == "Initiierend"
    assert cached_framework_definition(after, "en").levels[0].name == "Initiating"
    # Running it again changes nothing; other content for the version is still refused.
    assert {o.framework.slug: o.action for o in load_frameworks()}["gartner-iot"] == "unchanged"
    changed = json.loads((SHIPPED / "gartner-iot.json").read_text())
    changed["levels"][0]["name"] = "Starting"
    with pytest.raises(FrameworkRefused, match="cannot change"):
        store(changed)


def test_a_framework_is_named_in_the_readers_language_where_complete() -> None:
    load_frameworks()
    gartner = Framework.objects.get(slug="gartner-iot")
    with translation.override("de"):
        assert gartner.display_name.endswith("(Gartner-Reifegradmodell für IoT)")
    with translation.override("en"):
        assert gartner.display_name == "Gartner Maturity Model for IoT"
    gartner.languages = []  # German not declared complete: English everywhere
    with translation.override("de"):
        assert gartner.display_name == "Gartner Maturity Model for IoT"
