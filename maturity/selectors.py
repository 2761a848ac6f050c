"""Reads of the catalogue: a framework's definition, the published versions."""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from maturity.models import Dimension, Framework, LevelDescriptor, Question, Subdimension
from maturity.schema import FrameworkDef, parse_definition


def published_frameworks() -> QuerySet[Framework]:
    return Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("name", "-version")


def framework_version(*, slug: str, version: int | None = None) -> Framework | None:
    """The given version, or the latest published one when no version is named."""
    frameworks = Framework.objects.filter(slug=slug)
    if version is not None:
        return frameworks.filter(version=version).first()
    return frameworks.filter(status=Framework.Status.PUBLISHED).order_by("-version").first()


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
    }


def framework_definition(framework: Framework) -> FrameworkDef:
    """The validated definition; raises DefinitionError for a draft that breaks a rule."""
    return parse_definition(framework_data(framework))


def _level_data(level: Any) -> dict[str, Any]:
    fields = ("number", "name", "summary", "description", "requirements", "implementation")
    return {field: getattr(level, field) for field in fields}


def _dimension_data(dimension: Any) -> dict[str, Any]:
    return {
        "key": dimension.key,
        "name": dimension.name,
        "description": dimension.description,
        "weight": dimension.weight,
        "subdimensions": [_subdimension_data(sub) for sub in dimension.subdimensions.all()],
    }


def _subdimension_data(subdimension: Any) -> dict[str, Any]:
    return {
        "key": subdimension.key,
        "name": subdimension.name,
        "description": subdimension.description,
        "weight": subdimension.weight,
        "descriptors": [
            {"level": d.level, "text": d.text, "guidance": d.guidance}
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
            }
            for q in subdimension.questions.all()
        ],
    }


@dataclass(frozen=True)
class GridRow:
    dimension: Dimension
    subdimension: Subdimension
    cells: list[LevelDescriptor | None]
    first_of_dimension: bool


def descriptor_grid(framework: Framework) -> list[GridRow]:
    """Subdimensions x levels, for a framework loaded with `framework_tree`."""
    numbers = [level.number for level in framework.levels.all()]
    rows = []
    for dimension in framework.dimensions.all():
        for index, subdimension in enumerate(dimension.subdimensions.all()):
            by_level = {d.level: d for d in subdimension.descriptors.all()}
            if by_level:
                cells = [by_level.get(number) for number in numbers]
                rows.append(GridRow(dimension, subdimension, cells, index == 0))
    return rows


# Parsed definitions of immutable versions, per process: parsing one costs more than
# rendering most of a page. Keyed by the version's id, which is never reused (ids only
# grow); tests, whose databases start again, empty it. Bounded: a process holds a few
# frameworks at most.
_parsed: dict[int, FrameworkDef] = {}
_PARSED_LIMIT = 32


def cached_framework_definition(framework: Framework) -> FrameworkDef:
    """The definition of a published or retired version, from the cache when it is there.

    Those versions never change, so a cached copy cannot go stale; drafts are read fresh.
    The returned object is shared: callers must not change it (pydantic models are frozen).
    """
    if framework.status == Framework.Status.DRAFT:
        return framework_definition(framework)
    definition = _parsed.get(framework.pk)
    if definition is not None:
        return definition
    key = f"framework-definition:{framework.pk}:{framework.slug}:{framework.version}"
    text = cache.get(key)
    if text is None:
        definition = framework_definition(framework)
        cache.set(key, definition.model_dump_json(), timeout=None)
    else:
        definition = FrameworkDef.model_validate_json(text)
    if len(_parsed) >= _PARSED_LIMIT:
        _parsed.clear()
    _parsed[framework.pk] = definition
    return definition


def used_framework_definition(framework_id: int) -> FrameworkDef:
    """The definition of the version an assessment is pinned to, by its id: from this
    process's parsed copies without reading the version's row when it is there."""
    definition = _parsed.get(framework_id)
    if definition is not None:
        return definition
    return cached_framework_definition(Framework.objects.get(pk=framework_id))


def forget_parsed_definitions() -> None:
    """Empty this process's parsed definitions (tests, where ids repeat)."""
    _parsed.clear()
