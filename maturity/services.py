"""Writes to the catalogue: import, copy as a new version, publish, retire, translations."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maturity.models import Dimension, Framework, Level, LevelDescriptor, Question, Subdimension
from maturity.schema import DefinitionError, DimensionDef, FrameworkDef, parse_definition
from maturity.selectors import (
    definition_cache_key,
    forget_parsed_definitions,
    framework_data,
    framework_definition,
)
from maturity.translation_sheet import (
    SheetEntry,
    fields_of,
    keyed_elements,
    source_hash,
    translation_of,
)
from maturity.translations import CONTENT_LANGUAGES, incomplete_language_errors

SHIPPED_FRAMEWORKS_DIR = Path(settings.BASE_DIR) / "fixtures" / "frameworks"


class FrameworkRefused(Exception):
    """An import or change that would alter a published version, with the reason."""


@dataclass(frozen=True)
class ImportOutcome:
    framework: Framework
    action: str  # "created", "replaced" (a draft) or "unchanged"


@transaction.atomic
def import_framework(*, definition: FrameworkDef, publish: bool = True) -> ImportOutcome:
    """Store a definition as (slug, version); identical content is a no-op.

    A published or retired version never changes its content (keys, numbers, English
    texts): different content for it is refused, so that no past result moves. Its
    translations may be added or corrected ("translated"): they move no number and no
    English word, and so a shipped version gains a language without a new number, for
    the assessments already pinned to it too. A draft of that version is replaced.
    Publishing refuses a language listed as complete that lacks a text, naming each.
    """
    if publish:
        _require_complete_languages(definition)
    existing = (
        Framework.objects.select_for_update()
        .filter(slug=definition.slug, version=definition.version)
        .first()
    )
    if existing is None:
        return ImportOutcome(_create(definition, publish=publish), "created")
    stored = parse_definition(framework_data(existing))
    if stored == definition:
        return ImportOutcome(existing, "unchanged")
    if not existing.is_editable and _untranslated(stored) == _untranslated(definition):
        _store_translations(existing, definition)
        return ImportOutcome(existing, "translated")
    if not existing.is_editable:
        raise FrameworkRefused(
            _(
                "%(slug)s version %(version)s is %(status)s and cannot change; "
                "give the new content a new version number."
            )
            % {"slug": definition.slug, "version": definition.version, "status": existing.status}
        )
    existing.delete()
    return ImportOutcome(_create(definition, publish=publish), "replaced")


def _untranslated(definition: FrameworkDef) -> dict[str, Any]:
    """The definition without its translations and declared languages."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("translations", "languages")}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    return strip(definition.model_dump(mode="json"))


def _store_translations(framework: Framework, definition: FrameworkDef) -> None:
    """Write the definition's translations onto the rows of a version with the same
    content (matched by key and level number), and drop the cached copies of the version
    (the shared one, and this process's; other processes read it anew when they start, as
    they do after `load_frameworks` at a deployment)."""
    transaction.on_commit(lambda: _forget(framework))
    framework.translations = definition.translations
    framework.languages = list(definition.languages)
    framework.save(update_fields=["translations", "languages"])
    levels = {level.number: level.translations for level in definition.levels}
    for level in framework.levels.all():
        _set_translations(level, levels[level.number])
    for dimension_def in definition.dimensions:
        dimension = framework.dimensions.get(key=dimension_def.key)
        _set_translations(dimension, dimension_def.translations)
        for sub_def in dimension_def.subdimensions:
            subdimension = dimension.subdimensions.get(key=sub_def.key)
            _set_translations(subdimension, sub_def.translations)
            descriptors = {d.level: d.translations for d in sub_def.descriptors}
            for descriptor in subdimension.descriptors.all():
                _set_translations(descriptor, descriptors[descriptor.level])
            questions = {q.key: q.translations for q in sub_def.questions}
            for question in subdimension.questions.all():
                _set_translations(question, questions[question.key])


def _forget(framework: Framework) -> None:
    cache.delete(definition_cache_key(framework))
    forget_parsed_definitions()


def _set_translations(row: Any, translations: dict[str, Any]) -> None:
    if row.translations != translations:
        row.translations = translations
        row.save(update_fields=["translations"])


def import_framework_file(*, path: Path, publish: bool = True) -> ImportOutcome:
    """Validate and import one definition file; DefinitionError names the bad fields."""
    return import_framework(definition=parse_definition(path.read_bytes()), publish=publish)


@transaction.atomic
def load_frameworks() -> list[ImportOutcome]:
    """Import every shipped definition, all or none; running it again changes nothing."""
    outcomes = []
    for path in sorted(SHIPPED_FRAMEWORKS_DIR.glob("*.json")):
        try:
            outcomes.append(import_framework_file(path=path))
        except DefinitionError as exc:
            raise DefinitionError([f"{path.name}: {line}" for line in exc.errors]) from None
    return outcomes


def _create(definition: FrameworkDef, *, publish: bool) -> Framework:
    framework = Framework.objects.create(
        **definition.model_dump(include={"slug", "version", "name", "publisher", "source"}),
        description=definition.description,
        languages=list(definition.languages),
        translations=definition.translations,
        method=definition.method,
        threshold=definition.threshold,
        status=Framework.Status.PUBLISHED if publish else Framework.Status.DRAFT,
        published_at=timezone.now() if publish else None,
    )
    Level.objects.bulk_create(
        Level(framework=framework, **level.model_dump()) for level in definition.levels
    )
    for position, dimension in enumerate(definition.dimensions):
        _create_dimension(framework, position, dimension)
    return framework


def _create_dimension(framework: Framework, position: int, dimension_def: DimensionDef) -> None:
    dimension = Dimension.objects.create(
        framework=framework,
        position=position,
        **dimension_def.model_dump(exclude={"subdimensions"}),
    )
    for sub_position, sub_def in enumerate(dimension_def.subdimensions):
        subdimension = Subdimension.objects.create(
            dimension=dimension,
            position=sub_position,
            **sub_def.model_dump(exclude={"descriptors", "questions"}),
        )
        LevelDescriptor.objects.bulk_create(
            LevelDescriptor(subdimension=subdimension, **d.model_dump())
            for d in sub_def.descriptors
        )
        Question.objects.bulk_create(
            Question(subdimension=subdimension, position=i, **q.model_dump())
            for i, q in enumerate(sub_def.questions)
        )


@transaction.atomic
def copy_framework_as_draft(*, framework: Framework) -> Framework:
    """A new draft version with the same content, numbered after the highest version."""
    highest = Framework.objects.filter(slug=framework.slug).order_by("-version").first()
    assert highest is not None
    data = framework_data(framework) | {"version": highest.version + 1}
    return _create(parse_definition(data), publish=False)


@transaction.atomic
def publish_framework(*, framework: Framework) -> Framework:
    """Publish a draft after validating the whole definition; DefinitionError lists the errors."""
    if framework.status != Framework.Status.DRAFT:
        raise FrameworkRefused(
            _("Only a draft can be published; this version is %(status)s.")
            % {"status": framework.status}
        )
    _require_complete_languages(framework_definition(framework))
    framework.status = Framework.Status.PUBLISHED
    framework.published_at = timezone.now()
    framework.save(update_fields=["status", "published_at"])
    return framework


def _require_complete_languages(definition: FrameworkDef) -> None:
    errors = incomplete_language_errors(definition)
    if errors:
        raise DefinitionError(errors)


@dataclass(frozen=True)
class TranslationImport:
    framework: Framework  # the draft that now holds the translations
    copied_from: Framework | None  # the version copied into a new draft, if one was made
    changed: int  # translations added, changed or removed
    missing: list[str]  # "path field" of each English text still without a translation
    stale: list[str]  # rows whose English changed after the sheet was exported


@transaction.atomic
def import_translations(
    *, slug: str, language: str, entries: list[SheetEntry]
) -> TranslationImport:
    """Write a translator's sheet into a draft of the framework, all rows or none.

    The draft is the latest draft version, or a new one copied from the latest version, so
    no published content moves; a sheet that changes nothing makes no new draft (the
    outcome then names the version it was checked against). A row naming an unknown
    element or field refuses the whole sheet, by row number. A blank translation removes
    that text's translation. When no text is left missing, the draft lists the language as
    complete, ready to publish.
    """
    if language not in CONTENT_LANGUAGES:
        raise DefinitionError([f"language {language!r}: use one of {', '.join(CONTENT_LANGUAGES)}"])
    draft, copied_from = _translation_draft(slug)
    data = framework_data(draft)
    elements = dict(keyed_elements(data))
    errors = [error for entry in entries if (error := _entry_error(entry, elements))]
    if errors:
        raise DefinitionError(errors)
    changed = sum(_apply_entry(elements[e.path], language, e) for e in entries)
    missing = [
        f"{path} {field}"
        for path, element in elements.items()
        for field in fields_of(path)
        if element[field] and not translation_of(element, language, field)
    ]
    if not missing and language not in data["languages"]:
        data["languages"] = [*data["languages"], language]
    stale = [
        f"row {e.row}: {e.path} {e.field}"
        for e in entries
        if e.source_hash and e.source_hash != source_hash(elements[e.path][e.field])
    ]
    if copied_from is not None and not changed and data["languages"] == copied_from.languages:
        # A sheet that changes nothing makes no new draft: the copy is undone.
        transaction.set_rollback(True)
        return TranslationImport(copied_from, None, 0, missing, stale)
    outcome = import_framework(definition=parse_definition(data), publish=False)
    return TranslationImport(outcome.framework, copied_from, changed, missing, stale)


def _translation_draft(slug: str) -> tuple[Framework, Framework | None]:
    versions = Framework.objects.filter(slug=slug).order_by("-version")
    draft = versions.filter(status=Framework.Status.DRAFT).first()
    if draft is not None:
        return draft, None
    latest = versions.first()
    if latest is None:
        raise FrameworkRefused(_("There is no framework %(slug)r.") % {"slug": slug})
    return copy_framework_as_draft(framework=latest), latest


def _entry_error(entry: SheetEntry, elements: dict[str, dict[str, object]]) -> str | None:
    where = f"row {entry.row}"
    if entry.path not in elements:
        return f"{where}: no element {entry.path!r} in this framework"
    if entry.field not in fields_of(entry.path):
        allowed = ", ".join(fields_of(entry.path))
        return f"{where}: {entry.field!r} is not a translatable field of {entry.path} ({allowed})"
    if not elements[entry.path][entry.field]:
        return f"{where}: {entry.path} has no English {entry.field} to translate"
    return None


def _apply_entry(element: dict[str, Any], language: str, entry: SheetEntry) -> bool:
    """Set (or, when blank, remove) one translation; whether it changed."""
    translations = element.setdefault("translations", {})
    texts = translations.setdefault(language, {})
    before = texts.get(entry.field)
    if entry.translation:
        texts[entry.field] = entry.translation
    else:
        texts.pop(entry.field, None)
    if not texts:
        del translations[language]
    return texts.get(entry.field) != before


def retire_framework(*, framework: Framework) -> Framework:
    """Retired versions stay readable for past assessments but take no new ones."""
    framework.status = Framework.Status.RETIRED
    framework.save(update_fields=["status"])
    return framework


__all__ = [
    "DefinitionError",
    "FrameworkRefused",
    "ImportOutcome",
    "copy_framework_as_draft",
    "import_framework",
    "import_framework_file",
    "import_translations",
    "load_frameworks",
    "publish_framework",
    "retire_framework",
]
