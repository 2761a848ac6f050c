"""Reads of the catalogue: a framework's definition, the published versions."""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language

from maturity.models import Framework, Question, Subdimension
from maturity.schema import (
    DefinitionError,
    DescriptorDef,
    DimensionDef,
    FrameworkDef,
    LevelDef,
    QuestionDef,
    SubdimensionDef,
    Translatable,
    parse_definition,
)
from maturity.translations import CONTENT_LANGUAGES, SOURCE_LANGUAGE


def published_frameworks() -> QuerySet[Framework]:
    return Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("name", "-version")


def framework_version(*, slug: str, version: int | None = None) -> Framework | None:
    """The given version, or the latest published one when no version is named."""
    frameworks = Framework.objects.filter(slug=slug)
    if version is not None:
        return frameworks.filter(version=version).first()
    return frameworks.filter(status=Framework.Status.PUBLISHED).order_by("-version").first()


def previous_framework_definition(framework: Framework) -> FrameworkDef | None:
    """The definition of the version before this one, if there is one that is valid."""
    previous = (
        Framework.objects.filter(slug=framework.slug, version__lt=framework.version)
        .order_by("-version")
        .first()
    )
    if previous is None:
        return None
    try:
        return framework_definition(previous)
    except DefinitionError:
        return None  # a broken earlier draft has nothing to compare against


def framework_tree(framework_id: int) -> Framework:
    """A framework with its levels, dimensions, subdimensions, questions and descriptors."""
    subdimensions = Subdimension.objects.order_by("position", "id").prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position", "id")),
        "descriptors",
    )
    return Framework.objects.prefetch_related(
        "levels",
        Prefetch("dimensions__subdimensions", queryset=subdimensions),
    ).get(pk=framework_id)


def framework_data(framework: Framework) -> dict[str, Any]:
    """The framework as plain data in the definition's shape, not yet validated."""
    tree = framework_tree(framework.pk)
    return {
        "slug": tree.slug,
        "version": tree.version,
        "name": tree.name,
        "publisher": tree.publisher,
        "source": tree.source,
        "description": tree.description,
        "method": tree.method,
        "threshold": tree.threshold,
        "levels": [_level_data(level) for level in tree.levels.all()],
        "dimensions": [_dimension_data(dimension) for dimension in tree.dimensions.all()],
        "languages": tree.languages,
        "translations": _ordered(tree.translations, FrameworkDef),
    }


def _ordered(translations: dict[str, Any], element: type[Translatable]) -> dict[str, Any]:
    """Translations in the order the definition files write them (languages as listed in
    CONTENT_LANGUAGES, fields as the element declares them): a JSON column need not keep
    the order (PostgreSQL's jsonb does not), and an export must read as the file did."""
    languages = sorted(
        translations,
        key=lambda code: (CONTENT_LANGUAGES.index(code) if code in CONTENT_LANGUAGES else 99, code),
    )
    order = {field: index for index, field in enumerate(element.translatable)}
    return {
        code: dict(sorted(translations[code].items(), key=lambda item: order.get(item[0], 99)))
        if isinstance(translations[code], dict)
        else translations[code]
        for code in languages
    }


def framework_definition(framework: Framework) -> FrameworkDef:
    """The validated definition; raises DefinitionError for a draft that breaks a rule."""
    return parse_definition(framework_data(framework))


def _level_data(level: Any) -> dict[str, Any]:
    fields = (
        "number",
        "name",
        "summary",
        "description",
        "requirements",
        "implementation",
    )
    data = {field: getattr(level, field) for field in fields}
    return data | {"translations": _ordered(level.translations, LevelDef)}


def _dimension_data(dimension: Any) -> dict[str, Any]:
    return {
        "key": dimension.key,
        "name": dimension.name,
        "description": dimension.description,
        "weight": dimension.weight,
        "subdimensions": [_subdimension_data(sub) for sub in dimension.subdimensions.all()],
        "translations": _ordered(dimension.translations, DimensionDef),
    }


def _subdimension_data(subdimension: Any) -> dict[str, Any]:
    return {
        "key": subdimension.key,
        "name": subdimension.name,
        "description": subdimension.description,
        "weight": subdimension.weight,
        "descriptors": [
            {
                "level": d.level,
                "text": d.text,
                "guidance": d.guidance,
                "translations": _ordered(d.translations, DescriptorDef),
            }
            for d in sorted(subdimension.descriptors.all(), key=lambda d: d.level)
        ],
        "questions": [
            {
                "key": q.key,
                "kind": q.kind,
                "level": q.level,
                "text": q.text,
                "help": q.help,
                "weight": q.weight,
                "translations": _ordered(q.translations, QuestionDef),
            }
            for q in subdimension.questions.all()
        ],
        "translations": _ordered(subdimension.translations, SubdimensionDef),
    }


@dataclass(frozen=True)
class GridRow:
    dimension: DimensionDef
    subdimension: SubdimensionDef
    cells: list[DescriptorDef | None]
    first_of_dimension: bool


def descriptor_grid(definition: FrameworkDef) -> list[GridRow]:
    """Subdimensions x levels, in the definition's language."""
    numbers = [level.number for level in definition.levels]
    rows = []
    for dimension in definition.dimensions:
        for index, subdimension in enumerate(dimension.subdimensions):
            by_level = {d.level: d for d in subdimension.descriptors}
            if by_level:
                cells = [by_level.get(number) for number in numbers]
                rows.append(GridRow(dimension, subdimension, cells, index == 0))
    return rows


@dataclass(frozen=True)
class FrameworkCard:
    """A published version as the list of models shows it, in the reader's language."""

    framework: Framework
    name: str
    description: str


def framework_cards(language: str | None = None) -> list[FrameworkCard]:
    """The published versions, named in the language where the version is complete in it.

    Read from the rows' own translations, so that the list parses no definition.
    """
    code = content_language(language)
    cards = []
    for framework in published_frameworks():
        texts = framework.translations.get(code, {}) if code in framework.languages else {}
        name = texts.get("name", framework.name)
        cards.append(
            FrameworkCard(framework, name, texts.get("description", framework.description))
        )
    return cards


# Parsed definitions of immutable versions, per process and language: parsing one costs
# more than rendering most of a page. Keyed by the version's id, which is never reused (ids
# only grow), and the language; tests, whose databases start again, empty it. Bounded: a
# process holds a few frameworks in a few languages at most.
_parsed: dict[tuple[int, str], FrameworkDef] = {}
_PARSED_LIMIT = 32


def content_language(language: str | None = None) -> str:
    """The content language for a Django language code: the active one by default.

    A regional code ("de-at") falls back to its base language; one without content
    translations gives English, the source.
    """
    code = (language or get_language() or SOURCE_LANGUAGE).lower()
    for candidate in (code, code.split("-")[0]):
        if candidate in CONTENT_LANGUAGES:
            return candidate
    return SOURCE_LANGUAGE


def displayed_definition(definition: FrameworkDef, language: str | None = None) -> FrameworkDef:
    """The definition in the language when this version lists it as complete, else English.

    Published versions are complete in every listed language (publishing checks); a draft
    may list one that is still being translated, and shows English where a text is missing.
    """
    code = content_language(language)
    return definition.localized(code) if code in definition.languages else definition


def cached_framework_definition(framework: Framework, language: str | None = None) -> FrameworkDef:
    """The definition of a version in a language (the active one by default), for display.

    Published and retired versions come from the cache when they are there: they never
    change, so a cached copy cannot go stale; drafts are read fresh. The returned object is
    shared: callers must not change it (pydantic models are frozen). Scoring reads keys and
    numbers only, which every language shares, so any language scores the same.
    """
    code = content_language(language)
    if framework.status == Framework.Status.DRAFT:
        return displayed_definition(framework_definition(framework), code)
    definition = _parsed.get((framework.pk, code))
    if definition is not None:
        return definition
    definition = displayed_definition(_english_definition(framework), code)
    _remember(framework.pk, code, definition)
    return definition


def definition_cache_key(framework: Framework) -> str:
    return f"framework-definition:{framework.pk}:{framework.slug}:{framework.version}"


def _english_definition(framework: Framework) -> FrameworkDef:
    """The version's definition, with its translations, from this process or the cache."""
    definition = _parsed.get((framework.pk, SOURCE_LANGUAGE))
    if definition is not None:
        return definition
    key = definition_cache_key(framework)
    text = cache.get(key)
    if text is None:
        definition = framework_definition(framework)
        cache.set(key, definition.model_dump_json(), timeout=None)
    else:
        definition = FrameworkDef.model_validate_json(text)
    _remember(framework.pk, SOURCE_LANGUAGE, definition)
    return definition


def _remember(framework_id: int, language: str, definition: FrameworkDef) -> None:
    if len(_parsed) >= _PARSED_LIMIT:
        _parsed.clear()
    _parsed[(framework_id, language)] = definition


def used_framework_definition(framework_id: int, language: str | None = None) -> FrameworkDef:
    """The definition of the version an assessment is pinned to, by its id, in a language
    (the active one by default): from this process's parsed copies without reading the
    version's row when it is there."""
    definition = _parsed.get((framework_id, content_language(language)))
    if definition is not None:
        return definition
    return cached_framework_definition(Framework.objects.get(pk=framework_id), language)


def forget_parsed_definitions() -> None:
    """Empty this process's parsed definitions (tests, where ids repeat)."""
    _parsed.clear()
