"""A result reads in another language: its texts looked up again in that language's copy."""

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import score
from assessments.scoring.localize import localized
from maturity.schema import FrameworkDef, parse_definition
from tests.assessments.test_scoring_properties import FAST, definition, scoring_inputs

__all__ = ["definition"]  # the fixture: the tiny and the shipped frameworks

# The texts a result carries, by kind of element, as the definition file names them.
TEXTS = {
    "levels": ("name", "summary", "description", "requirements", "implementation"),
    "dimensions": ("name", "description"),
    "subdimensions": ("name", "description"),
    "questions": ("text", "help"),
    "descriptors": ("text", "guidance"),
}


def retold(definition: FrameworkDef) -> FrameworkDef:
    """The same version with every text changed (as a translation would), keys and
    numbers untouched."""

    def change(kind: str, element: dict[str, Any]) -> None:
        for field in TEXTS[kind]:
            if element.get(field):
                element[field] = f"«{element[field]}» ({kind})"
        for child in TEXTS:
            for item in element.get(child, ()):
                change(child, item)

    data = definition.model_dump(mode="json")
    for kind in ("levels", "dimensions"):
        for element in data[kind]:
            change(kind, element)
    return parse_definition(data)


@FAST
@given(data=st.data())
def test_a_result_in_another_language_equals_scoring_in_it(
    definition: FrameworkDef, data: st.DataObject
) -> None:
    other = retold(definition)
    answers = data.draw(scoring_inputs(definition))
    original = score(definition, answers)
    assert localized(original, other) == score(other, answers)
    assert localized(localized(original, other), definition) == original
