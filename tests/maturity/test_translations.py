"""Translations inside a definition: what the schema accepts, what is missing, the copy."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from maturity.schema import dump_definition, parse_definition
from maturity.translations import (
    CONTENT_LANGUAGES,
    SOURCE_LANGUAGE,
    incomplete_language_errors,
    missing_translations,
)
from tests.conftest import SHIPPED
from tests.maturity.test_schema import errors_of, tiny


def translated(method: str = "continuous") -> dict[str, Any]:
    """The tiny definition with a German text for every English one, and German complete."""
    data = tiny(method)
    data["translations"] = {"de": {"name": "Winzig"}}
    data["languages"] = ["de"]
    for level in data["levels"]:
        level["translations"] = {"de": {"name": f"S{level['number']}"}}
    for dimension in data["dimensions"]:
        dimension["translations"] = {"de": {"name": f"{dimension['name']} (de)"}}
        for sub in dimension["subdimensions"]:
            sub["translations"] = {"de": {"name": f"Teil {sub['name']}"}}
            for descriptor in sub["descriptors"]:
                descriptor["translations"] = {"de": {"text": f"bei {descriptor['level']}"}}
            for question in sub["questions"]:
                question["translations"] = {"de": {"text": f"Frage {question['key']}"}}
    return data


def test_a_complete_translation_parses_and_lists_nothing_missing() -> None:
    definition = parse_definition(translated())
    assert definition.languages == ("de",)
    assert missing_translations(definition, "de") == []
    assert incomplete_language_errors(definition) == []


def test_a_misspelt_field_is_named_with_its_path() -> None:
    data = translated()
    data["dimensions"][1]["subdimensions"][0]["translations"]["de"]["nmae"] = "B"
    assert errors_of(data) == [
        "dimensions[1].subdimensions[0].translations.de.nmae: "
        "not a translatable field; translatable here: name, description"
    ]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (("levels", 0), "number"),
        (("dimensions", 0), "weight"),
        (("dimensions", 0), "key"),
        (("dimensions", 0, "subdimensions", 0, "questions", 0), "kind"),
        (("dimensions", 0, "subdimensions", 0, "descriptors", 0), "level"),
    ],
)
def test_keys_numbers_and_kinds_are_not_translatable(path: tuple[Any, ...], field: str) -> None:
    data = translated()
    element: Any = data
    for step in path:
        element = element[step]
    element["translations"]["de"][field] = "x"
    (error,) = errors_of(data)
    assert error.startswith(f"{_path(path)}.translations.de.{field}: not a translatable field")


def test_source_and_publisher_of_the_framework_are_not_translatable() -> None:
    data = translated()
    data["translations"]["de"] |= {"source": "Quelle", "publisher": "Wir"}
    assert [error.split(":")[0] for error in errors_of(data)] == [
        "translations.de.source",
        "translations.de.publisher",
    ]


def test_an_unknown_language_is_refused_where_it_appears() -> None:
    data = translated()
    data["levels"][1]["translations"]["fr"] = {"name": "Deux"}
    assert errors_of(data) == ["levels[1].translations.fr: not a content language; use one of: de"]


def test_english_is_the_source_and_cannot_be_a_translation() -> None:
    data = translated()
    data["levels"][0]["translations"]["en"] = {"name": "One"}
    (error,) = errors_of(data)
    assert error.startswith("levels[0].translations.en: English is the source language")


def test_the_languages_list_names_content_languages_once() -> None:
    data = translated()
    data["languages"] = ["de", "xx", "de"]
    assert errors_of(data) == [
        "languages[1]: not a content language; use one of: de",
        "languages[2]: 'de' is listed more than once",
    ]


def test_an_empty_translation_is_refused() -> None:
    data = translated()
    data["levels"][0]["translations"]["de"]["name"] = ""
    assert errors_of(data) == [
        "levels[0].translations.de.name: String should have at least 1 character"
    ]


def test_a_blank_translation_is_refused() -> None:
    data = translated()
    data["levels"][1]["translations"]["de"]["name"] = "   "
    assert errors_of(data) == [
        "levels[1].translations.de.name: "
        "a translation must not be blank; leave the field out instead"
    ]


def test_a_translated_name_is_bounded_like_the_english_one() -> None:
    data = translated()
    data["dimensions"][0]["translations"]["de"]["name"] = "x" * 201
    assert errors_of(data) == [
        "dimensions[0].translations.de.name: "
        "a name has at most 200 characters, like the English one"
    ]


def test_a_translation_of_an_empty_english_text_is_refused() -> None:
    data = translated()
    data["levels"][0]["translations"]["de"]["summary"] = "Zusammenfassung"
    (error,) = errors_of(data)
    assert error.startswith("levels[0].translations.de.summary: the English text is empty")


def test_missing_texts_are_listed_by_path_in_document_order() -> None:
    data = translated()
    data["levels"][2]["summary"] = "Top"
    del data["dimensions"][0]["subdimensions"][0]["questions"][0]["translations"]
    del data["dimensions"][1]["subdimensions"][0]["descriptors"][2]["translations"]["de"]["text"]
    assert missing_translations(parse_definition(data), "de") == [
        "levels[2].summary",
        "dimensions[0].subdimensions[0].questions[0].text",
        "dimensions[1].subdimensions[0].descriptors[2].text",
    ]


def test_an_incomplete_listed_language_parses_as_a_draft_but_reports_its_gaps() -> None:
    data = translated()
    del data["translations"]
    errors = incomplete_language_errors(parse_definition(data))
    assert errors == [
        "languages: 'de' is listed as complete, but 1 text(s) have no 'de' translation:",
        "name: no 'de' translation",
    ]


def test_a_language_not_listed_may_be_partial_without_errors() -> None:
    data = translated()
    data["languages"] = []
    del data["levels"][0]["translations"]
    assert incomplete_language_errors(parse_definition(data)) == []


def test_the_localized_copy_has_the_texts_and_the_same_keys_and_numbers() -> None:
    definition = parse_definition(translated("staged"))
    german = definition.localized("de")
    assert german.name == "Winzig"
    assert [level.name for level in german.levels] == ["S1", "S2", "S3"]
    assert german.dimensions[1].name == "Technology (de)"
    assert german.index.question("q-tech").text == "Frage q-tech"  # type: ignore[union-attr]
    assert german.index.parts[1].title == "S2"
    assert _numbers_and_keys(german) == _numbers_and_keys(definition)
    assert definition.name == "Tiny"  # the English one is untouched


def test_the_localized_copy_is_compiled_once_and_english_is_the_same_object() -> None:
    definition = parse_definition(translated())
    assert definition.localized("de") is definition.localized("de")
    assert definition.localized(SOURCE_LANGUAGE) is definition
    assert definition.localized("fr") is definition


def test_a_draft_without_a_translation_shows_english_for_that_text() -> None:
    data = translated()
    del data["levels"][1]["translations"]
    german = parse_definition(data).localized("de")
    assert [level.name for level in german.levels] == ["S1", "L2", "S3"]


def test_a_definition_that_made_localized_copies_still_equals_a_fresh_one() -> None:
    # import_framework compares definitions to find an unchanged re-import.
    used = parse_definition(translated())
    used.localized("de")
    assert used.index and used == parse_definition(translated())


def test_a_copy_with_other_content_compiles_its_own_localized_copy() -> None:
    definition = parse_definition(translated())
    definition.localized("de")
    renamed = definition.model_copy(update={"translations": {"de": {"name": "Anders"}}})
    assert renamed.localized("de").name == "Anders"


def test_translations_survive_the_file_round_trip_and_empty_ones_are_not_written() -> None:
    definition = parse_definition(translated())
    text = dump_definition(definition)
    assert parse_definition(text) == definition
    plain = dump_definition(parse_definition(tiny()))
    assert '"translations"' not in plain and '"languages"' not in plain


def test_content_languages_are_the_sites_languages_other_than_english() -> None:
    site = [code for code, _ in settings.LANGUAGES if code != SOURCE_LANGUAGE]
    assert list(CONTENT_LANGUAGES) == site


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.json")), ids=lambda p: p.name)
def test_shipped_definitions_are_complete_in_every_language_they_list(path: Path) -> None:
    text = path.read_text()
    definition = parse_definition(text)
    assert incomplete_language_errors(definition) == []
    assert "de" in definition.languages  # every shipped model reads in German
    assert missing_translations(definition, "de") == []
    assert dump_definition(definition) == text
    assert json.loads(text).get("languages", []) == list(definition.languages)


def _path(steps: tuple[Any, ...]) -> str:
    return "".join(
        f"[{s}]" if isinstance(s, int) else (f".{s}" if i else s) for i, s in enumerate(steps)
    )


def _numbers_and_keys(definition: Any) -> Any:
    texts = {"name", "summary", "description", "requirements", "implementation", "text", "help"}
    texts |= {"guidance", "translations"}
    return _without(definition.model_dump(), texts)


def _without(data: Any, keys: set[str]) -> Any:
    if isinstance(data, dict):
        return {k: _without(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list | tuple):
        return [_without(item, keys) for item in data]
    return data
