"""A result's texts in the language of a definition (pure, no Django).

Every name and text in an ``AssessmentResult`` comes from the framework definition, found
again by a key or a level number; every number comes from the answers. So a result kept
at submission, in whatever language the definition had then, reads in another language by
looking its texts up in that language's copy of the same version (``FrameworkDef.localized``):
``localized(score(english, answers), german) == score(german, answers)``, which
tests/assessments/test_localize.py checks. Numbers, keys and the order are untouched.
"""

from maturity.schema import FrameworkDef

from .types import (
    AssessmentResult,
    DimensionScore,
    LevelScore,
    Recommendation,
    RoleScore,
    SubdimensionScore,
)


def localized(result: AssessmentResult, definition: FrameworkDef) -> AssessmentResult:
    """The result with its texts from `definition` (the same framework version)."""
    texts = _Texts(definition)
    return result.model_copy(
        update={
            "overall": result.overall.model_copy(
                update={"level_name": texts.level_name(result.overall.level)}
            ),
            "dimensions": tuple(texts.dimension(d) for d in result.dimensions),
            "levels": tuple(texts.level(level) for level in result.levels),
            "recommendations": tuple(texts.recommendation(r) for r in result.recommendations),
            "by_role": tuple(texts.role(role) for role in result.by_role),
        }
    )


class _Texts:
    def __init__(self, definition: FrameworkDef) -> None:
        self.definition = definition
        self.dimensions = {dimension.key: dimension for dimension in definition.dimensions}
        self.subdimensions = definition.index.subdimensions
        self.questions = definition.index.questions

    def level_name(self, number: int | None) -> str | None:
        return None if number is None else self.definition.level(number).name

    def level(self, level: LevelScore) -> LevelScore:
        return level.model_copy(update={"name": self.definition.level(level.number).name})

    def dimension(self, score: DimensionScore) -> DimensionScore:
        return score.model_copy(
            update={
                "name": self.dimensions[score.key].name,
                "level_name": self.level_name(score.level),
                "subdimensions": tuple(self.subdimension(s) for s in score.subdimensions),
            }
        )

    def subdimension(self, score: SubdimensionScore) -> SubdimensionScore:
        return score.model_copy(
            update={
                "name": self.subdimensions[score.key].name,
                "level_name": self.level_name(score.level),
            }
        )

    def recommendation(self, advice: Recommendation) -> Recommendation:
        if advice.kind == "statement":
            question = self.questions[advice.key]
            text, guidance = question.text, question.help
        else:
            descriptors = {d.level: d for d in self.subdimensions[advice.key].descriptors}
            descriptor = descriptors[advice.next_level]
            text, guidance = descriptor.text, descriptor.guidance
        return advice.model_copy(
            update={
                "next_level_name": self.definition.level(advice.next_level).name,
                "text": text,
                "guidance": guidance,
            }
        )

    def role(self, role: RoleScore) -> RoleScore:
        return role.model_copy(
            update={
                "level_name": self.level_name(role.level),
                "levels": tuple(self.level(level) for level in role.levels),
            }
        )
