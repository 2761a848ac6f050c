"""Writes to the catalogue: import, copy as a new version, publish, retire."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maturity.models import Dimension, Framework, Level, LevelDescriptor, Question, Subdimension
from maturity.schema import DefinitionError, DimensionDef, FrameworkDef, parse_definition
from maturity.selectors import framework_data, framework_definition

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

    A published or retired version never changes: different content for it is
    refused, so that no past result moves. A draft of that version is replaced.
    """
    existing = (
        Framework.objects.select_for_update()
        .filter(slug=definition.slug, version=definition.version)
        .first()
    )
    if existing is None:
        return ImportOutcome(_create(definition, publish=publish), "created")
    if parse_definition(framework_data(existing)) == definition:
        return ImportOutcome(existing, "unchanged")
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
    framework_definition(framework)
    framework.status = Framework.Status.PUBLISHED
    framework.published_at = timezone.now()
    framework.save(update_fields=["status", "published_at"])
    return framework


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
    "load_frameworks",
    "publish_framework",
    "retire_framework",
]
