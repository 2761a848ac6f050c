"""The framework definition: file, import/export, API and scoring format in one.

Field errors and the cross-rules below are reported with the path of the bad
field, e.g. ``dimensions[1].subdimensions[0].descriptors: no descriptor for level 4``.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    model_validator,
)

from maturity.answers import allowed_values
from maturity.translations import (
    CONTENT_LANGUAGES,
    drop_empty_translations,
    localized,
    translation_errors,
)

# Weights and thresholds stay Decimal so that scoring compares them exactly;
# they are written back to JSON as plain numbers, as authors wrote them.
Number = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
Key = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, Field(max_length=20_000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]

TranslatedText = Annotated[str, Field(min_length=1, max_length=20_000)]
# {"de": {"name": "...", ...}}: which fields may appear is a cross-rule, reported with paths.
Translations = dict[str, dict[str, TranslatedText]]

Method = Literal["staged", "continuous"]
QuestionKind = Literal["rubric", "statement"]


class _Def(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Translatable:
    """An element whose ``translatable`` texts may carry translations (maturity.translations).

    Each class declares ``translations`` itself, last, where the definition files have it.
    """

    translatable: ClassVar[tuple[str, ...]] = ()
    if TYPE_CHECKING:
        translations: Translations


class LevelDef(Translatable, _Def):
    translatable: ClassVar[tuple[str, ...]] = (
        "name",
        "summary",
        "description",
        "requirements",
        "implementation",
    )

    number: int
    name: Name
    summary: Text = ""
    description: Text = ""
    requirements: Text = ""
    implementation: Text = ""
    translations: Translations = Field(default_factory=dict)


class DescriptorDef(Translatable, _Def):
    translatable: ClassVar[tuple[str, ...]] = ("text", "guidance")

    level: int
    text: Text = Field(min_length=1)
    guidance: Text = ""
    translations: Translations = Field(default_factory=dict)


class QuestionDef(Translatable, _Def):
    translatable: ClassVar[tuple[str, ...]] = ("text", "help")

    key: Key
    kind: QuestionKind
    level: int | None = None
    text: Text = Field(min_length=1)
    help: Text = ""
    weight: Number = Decimal(1)
    translations: Translations = Field(default_factory=dict)


class SubdimensionDef(Translatable, _Def):
    translatable: ClassVar[tuple[str, ...]] = ("name", "description")

    key: Key
    name: Name
    description: Text = ""
    weight: Number = Decimal(1)
    descriptors: tuple[DescriptorDef, ...] = ()
    questions: tuple[QuestionDef, ...] = Field(min_length=1)
    translations: Translations = Field(default_factory=dict)


class DimensionDef(Translatable, _Def):
    translatable: ClassVar[tuple[str, ...]] = ("name", "description")

    key: Key
    name: Name
    description: Text = ""
    weight: Number = Decimal(1)
    subdimensions: tuple[SubdimensionDef, ...] = Field(min_length=1)
    translations: Translations = Field(default_factory=dict)


class FrameworkDef(Translatable, _Def):
    translatable: ClassVar[tuple[str, ...]] = ("name", "description")

    slug: Key
    version: int = Field(ge=1)
    name: Name
    publisher: Name
    source: Text = Field(min_length=1)
    description: Text = ""
    method: Method
    threshold: Number | None = None
    levels: tuple[LevelDef, ...] = Field(min_length=2)
    dimensions: tuple[DimensionDef, ...] = Field(min_length=1)
    # The translation languages declared complete; a draft may list one that is not yet.
    languages: tuple[str, ...] = ()
    translations: Translations = Field(default_factory=dict)

    @model_validator(mode="after")
    def _cross_rules(self) -> FrameworkDef:
        problems = [f"{path}: {message}" for path, message in cross_rule_errors(self)]
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def subdimensions(self) -> Iterator[SubdimensionDef]:
        for dimension in self.dimensions:
            yield from dimension.subdimensions

    def questions(self) -> Iterator[QuestionDef]:
        for subdimension in self.subdimensions():
            yield from subdimension.questions

    def level(self, number: int) -> LevelDef:
        return self.levels[number - 1]

    @functools.cached_property
    def index(self) -> DefinitionIndex:
        """Lookups by key, compiled once for this (immutable) definition object."""
        return DefinitionIndex(self)

    def model_copy(self, *, update: Any = None, deep: bool = False) -> FrameworkDef:
        # A copy with other content must compile its own index, not share this one's.
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("index", None)
        copy.__dict__.pop("localized_copies", None)
        return copy

    # Cached like ``index``: pydantic leaves it out of equality (a private attribute would not).
    @functools.cached_property
    def localized_copies(self) -> dict[str, FrameworkDef]:
        return {}

    def localized(self, language: str) -> FrameworkDef:
        """This definition with its texts in the language, for display, compiled once each:
        see ``maturity.translations.localized``; English gives this very object."""
        if language not in CONTENT_LANGUAGES:
            return self
        if language not in self.localized_copies:
            self.localized_copies[language] = localized(self, language)
        return self.localized_copies[language]


@dataclass(frozen=True)
class Part:
    """One part of the questionnaire: a dimension (continuous) or a level (staged)."""

    number: int
    title: str
    description: str
    questions: tuple[QuestionDef, ...]


class DefinitionIndex:
    """The one compiled index of a definition: every question-key lookup and the page layout.

    Reached as ``definition.index``; shared for as long as the definition object lives (the
    catalogue keeps one per published version and process).
    """

    def __init__(self, definition: FrameworkDef) -> None:
        self.definition = definition
        self.questions: dict[str, QuestionDef] = {q.key: q for q in definition.questions()}
        self._subdimension_of = {
            q.key: sub for sub in definition.subdimensions() for q in sub.questions
        }
        self._dimension_of = {
            q.key: dim for dim in definition.dimensions for sub in dim.subdimensions
            for q in sub.questions
        }  # fmt: skip
        self.subdimensions: dict[str, SubdimensionDef] = {
            sub.key: sub for sub in definition.subdimensions()
        }
        self.parts: tuple[Part, ...] = tuple(_parts(definition))

    def question(self, key: str) -> QuestionDef | None:
        return self.questions.get(key)

    def subdimension_of(self, key: str) -> SubdimensionDef:
        return self._subdimension_of[key]

    def dimension_of(self, key: str) -> DimensionDef:
        return self._dimension_of[key]

    def allowed_values(self, question: QuestionDef) -> tuple[str, ...]:
        return allowed_values(question.kind, len(self.definition.levels))


def _parts(definition: FrameworkDef) -> Iterator[Part]:
    if definition.method == "staged":
        for level in definition.levels:
            questions = tuple(q for q in definition.questions() if q.level == level.number)
            yield Part(level.number, level.name, level.summary, questions)
        return
    for number, dimension in enumerate(definition.dimensions, start=1):
        questions = tuple(q for sub in dimension.subdimensions for q in sub.questions)
        yield Part(number, dimension.name, dimension.description, questions)


class DefinitionError(ValueError):
    """A definition broke one or more rules; ``errors`` holds one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def parse_definition(data: str | bytes | dict[str, Any]) -> FrameworkDef:
    """Validate a definition from JSON text or parsed data, or raise DefinitionError."""
    try:
        if isinstance(data, dict):
            return FrameworkDef.model_validate(data)
        return FrameworkDef.model_validate_json(data)
    except ValidationError as exc:
        raise DefinitionError(error_lines(exc)) from None


def dump_definition(definition: FrameworkDef) -> str:
    """The definition as the JSON document that ``parse_definition`` reads back.

    Empty ``translations`` and ``languages`` are left out, so a definition without
    translations is written exactly as before they existed.
    """
    data = definition.model_dump(mode="json")
    drop_empty_translations(data)
    if not data["languages"]:
        del data["languages"]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def error_lines(exc: ValidationError) -> list[str]:
    errors = exc.errors(include_url=False)
    locs = [error["loc"] for error in errors]
    lines: list[str] = []
    for error in errors:
        if error["type"] == "too_short" and _is_parent_of_another(error["loc"], locs):
            continue  # the list only looks short because a broken item was left out

        if error["type"] == "value_error" and not error["loc"]:
            lines.extend(str(error["ctx"]["error"]).splitlines())
        elif error["type"] == "json_invalid":
            lines.append(str(error["msg"]))  # pydantic says "Invalid JSON: ..."
        else:
            lines.append(f"{format_path(error['loc']) or '(document)'}: {error['msg']}")
    return lines


def _is_parent_of_another(loc: tuple[int | str, ...], locs: list[tuple[int | str, ...]]) -> bool:
    return any(len(other) > len(loc) and other[: len(loc)] == loc for other in locs)


def format_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def cross_rule_errors(framework: FrameworkDef) -> list[tuple[str, str]]:
    """The rules that span fields, as (path, message) pairs, in document order."""
    return [
        *_level_errors(framework),
        *_threshold_errors(framework),
        *_duplicate_key_errors(framework),
        *_weight_errors(framework),
        *_question_errors(framework),
        *_descriptor_errors(framework),
        *_reserved_key_errors(framework),
        *_unevidenced_level_errors(framework),
        *translation_errors(framework),
    ]


def _reserved_key_errors(framework: FrameworkDef) -> Iterator[tuple[str, str]]:
    # Targets use "overall" for the whole model, so no subdimension may take that key.
    for path, key in _subdimension_keys(framework):
        if key == "overall":
            yield (path, "'overall' is reserved for the whole-model target")


def _unevidenced_level_errors(framework: FrameworkDef) -> Iterator[tuple[str, str]]:
    # A staged level without a statement could never be met, capping every placement.
    if framework.method != "staged":
        return
    evidenced = {question.level for question in framework.questions()}
    for index, level in enumerate(framework.levels[1:], start=1):
        if level.number not in evidenced:
            yield (f"levels[{index}]", f"no statement evidences level {level.number}")


def _level_errors(framework: FrameworkDef) -> Iterator[tuple[str, str]]:
    for index, level in enumerate(framework.levels):
        if level.number != index + 1:
            yield (
                f"levels[{index}].number",
                f"levels must be numbered 1..{len(framework.levels)} in order without gaps; "
                f"expected {index + 1}, found {level.number}",
            )


def _threshold_errors(framework: FrameworkDef) -> Iterator[tuple[str, str]]:
    threshold = framework.threshold
    if framework.method == "staged" and (threshold is None or not 0 < threshold <= 1):
        yield ("threshold", "a staged framework needs a threshold in (0, 1]")
    if framework.method == "continuous" and threshold is not None:
        yield ("threshold", "a continuous framework has no threshold; remove it")


def _duplicate_key_errors(framework: FrameworkDef) -> Iterator[tuple[str, str]]:
    for label, paths_and_keys in (
        ("dimension", _dimension_keys(framework)),
        ("subdimension", _subdimension_keys(framework)),
        ("question", _question_keys(framework)),
    ):
        counts = Counter(key for _, key in paths_and_keys)
        for path, key in paths_and_keys:
            if counts[key] > 1:
                yield (path, f"{label} key {key!r} is used more than once")
                counts[key] = 0


def _dimension_keys(framework: FrameworkDef) -> list[tuple[str, str]]:
    return [(f"dimensions[{d}].key", dim.key) for d, dim in enumerate(framework.dimensions)]


def _subdimension_keys(framework: FrameworkDef) -> list[tuple[str, str]]:
    return [
        (f"dimensions[{d}].subdimensions[{s}].key", sub.key)
        for d, dim in enumerate(framework.dimensions)
        for s, sub in enumerate(dim.subdimensions)
    ]


def _question_keys(framework: FrameworkDef) -> list[tuple[str, str]]:
    return [
        (f"dimensions[{d}].subdimensions[{s}].questions[{q}].key", question.key)
        for d, dim in enumerate(framework.dimensions)
        for s, sub in enumerate(dim.subdimensions)
        for q, question in enumerate(sub.questions)
    ]


def _weight_errors(framework: FrameworkDef) -> Iterator[tuple[str, str]]:
    for d, dim in enumerate(framework.dimensions):
        if dim.weight <= 0:
            yield (f"dimensions[{d}].weight", "weight must be positive")
        for s, sub in enumerate(dim.subdimensions):
            if sub.weight <= 0:
                yield (f"dimensions[{d}].subdimensions[{s}].weight", "weight must be positive")
            for q, question in enumerate(sub.questions):
                if question.weight <= 0:
                    path = f"dimensions[{d}].subdimensions[{s}].questions[{q}].weight"
                    yield (path, "weight must be positive")


def _question_errors(framework: FrameworkDef) -> Iterator[tuple[str, str]]:
    numbers = range(1, len(framework.levels) + 1)
    expected_kind = "statement" if framework.method == "staged" else "rubric"
    for d, dim in enumerate(framework.dimensions):
        for s, sub in enumerate(dim.subdimensions):
            for q, question in enumerate(sub.questions):
                path = f"dimensions[{d}].subdimensions[{s}].questions[{q}]"
                if question.kind != expected_kind:
                    yield (
                        f"{path}.kind",
                        f"a {framework.method} framework asks {expected_kind} questions only",
                    )
                elif question.kind == "statement" and question.level not in numbers:
                    yield (
                        f"{path}.level",
                        f"a statement must name an existing level (1..{len(numbers)})",
                    )
                elif question.kind == "rubric" and question.level is not None:
                    yield (f"{path}.level", "a rubric question covers every level; remove level")


def _descriptor_errors(framework: FrameworkDef) -> Iterator[tuple[str, str]]:
    numbers = range(1, len(framework.levels) + 1)
    for d, dim in enumerate(framework.dimensions):
        for s, sub in enumerate(dim.subdimensions):
            path = f"dimensions[{d}].subdimensions[{s}].descriptors"
            seen: set[int] = set()
            for i, descriptor in enumerate(sub.descriptors):
                if descriptor.level not in numbers:
                    yield (f"{path}[{i}].level", f"no level {descriptor.level} in this framework")
                elif descriptor.level in seen:
                    yield (f"{path}[{i}].level", f"second descriptor for level {descriptor.level}")
                seen.add(descriptor.level)
            if any(question.kind == "rubric" for question in sub.questions):
                for number in numbers:
                    if number not in seen:
                        yield (path, f"no descriptor for level {number}")
