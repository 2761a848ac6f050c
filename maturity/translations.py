"""Translations inside a definition: the languages, their rules, what is missing.

Each element of a definition may carry ``translations: {"de": {FIELD: TEXT}}`` for the
fields its class lists as ``translatable``; the framework's ``languages`` names the
languages declared complete. The schema calls ``translation_errors`` with its cross-rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from maturity.schema import FrameworkDef, Translatable

# Content is written in English and translated into these languages. Kept here rather than
# read from Django's settings so that the schema (and scoring, which imports it) stays free
# of Django; tests/maturity/test_translations.py checks that it matches settings.LANGUAGES.
SOURCE_LANGUAGE = "en"
CONTENT_LANGUAGES: tuple[str, ...] = ("de",)


def translatable_elements(framework: FrameworkDef) -> Iterator[tuple[str, Translatable]]:
    """Every element that has translatable texts, with its path, in document order."""
    yield "", framework
    for index, level in enumerate(framework.levels):
        yield f"levels[{index}]", level
    for d, dimension in enumerate(framework.dimensions):
        yield f"dimensions[{d}]", dimension
        for s, subdimension in enumerate(dimension.subdimensions):
            path = f"dimensions[{d}].subdimensions[{s}]"
            yield path, subdimension
            for i, descriptor in enumerate(subdimension.descriptors):
                yield f"{path}.descriptors[{i}]", descriptor
            for q, question in enumerate(subdimension.questions):
                yield f"{path}.questions[{q}]", question


def join_path(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def missing_translations(framework: FrameworkDef, language: str) -> list[str]:
    """The paths of every non-empty English text that has no translation into the language."""
    return [
        join_path(path, field)
        for path, element in translatable_elements(framework)
        for field in element.translatable
        if getattr(element, field) and field not in element.translations.get(language, {})
    ]


def incomplete_language_errors(framework: FrameworkDef) -> list[str]:
    """For each language listed as complete that is not: a heading and its missing texts.

    A draft may be incomplete while it is translated; publishing refuses it with this list.
    """
    lines: list[str] = []
    for language in framework.languages:
        missing = missing_translations(framework, language)
        if missing:
            lines.append(
                f"languages: {language!r} is listed as complete, "
                f"but {len(missing)} text(s) have no {language!r} translation:"
            )
            lines.extend(f"{path}: no {language!r} translation" for path in missing)
    return lines


def translation_errors(framework: FrameworkDef) -> Iterator[tuple[str, str]]:
    """Unknown languages or fields, blank or over-long texts, a bad ``languages`` list."""
    yield from _element_translation_errors(framework)
    yield from _language_list_errors(framework)


def _element_translation_errors(framework: FrameworkDef) -> Iterator[tuple[str, str]]:
    for path, element in translatable_elements(framework):
        for language, texts in element.translations.items():
            at = join_path(path, f"translations.{language}")
            if language not in CONTENT_LANGUAGES:
                yield (at, _unknown_language(language))
                continue
            for field, text in texts.items():
                problem = _translated_text_problem(element, field, text)
                if problem:
                    yield (f"{at}.{field}", problem)


def _translated_text_problem(element: Translatable, field: str, text: str) -> str | None:
    if field not in element.translatable:
        return f"not a translatable field; translatable here: {', '.join(element.translatable)}"
    if not getattr(element, field):
        return "the English text is empty, so there is nothing to translate; remove it"
    if not text.strip():
        return "a translation must not be blank; leave the field out instead"
    if field == "name" and len(text) > 200:
        return "a name has at most 200 characters, like the English one"
    return None


def _unknown_language(language: str) -> str:
    if language == SOURCE_LANGUAGE:
        return "English is the source language: its texts are the element's own fields"
    return f"not a content language; use one of: {', '.join(CONTENT_LANGUAGES)}"


def _language_list_errors(framework: FrameworkDef) -> Iterator[tuple[str, str]]:
    for index, language in enumerate(framework.languages):
        if language not in CONTENT_LANGUAGES:
            yield (f"languages[{index}]", _unknown_language(language))
        elif language in framework.languages[:index]:
            yield (f"languages[{index}]", f"{language!r} is listed more than once")


def localized(definition: FrameworkDef, language: str) -> FrameworkDef:
    """A copy of the definition with its texts in the language (``FrameworkDef.localized``
    keeps one per language).

    Keys, weights, levels and every number are untouched, so scoring gives the same result.
    A text without a translation (a draft in progress) stays English. The copy carries no
    translations of its own: it is for reading, not for export.
    """
    data = definition.model_dump()
    _apply_translations(data, language)
    return type(definition).model_validate(data)


def _apply_translations(data: Any, language: str) -> None:
    """Replace each element's texts, in dumped data, by their translations, dropping the rest."""
    if isinstance(data, dict):
        data.update(data.pop("translations", {}).get(language, {}))
        for value in data.values():
            _apply_translations(value, language)
    elif isinstance(data, list | tuple):
        for item in data:
            _apply_translations(item, language)


def drop_empty_translations(data: Any) -> None:
    if isinstance(data, dict):
        if data.get("translations") == {}:
            del data["translations"]
        for key, value in data.items():
            if key != "translations":
                drop_empty_translations(value)
    elif isinstance(data, list):
        for item in data:
            drop_empty_translations(item)
