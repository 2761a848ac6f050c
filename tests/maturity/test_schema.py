"""The definition schema: every cross-rule is rejected with the path of the bad field."""

import copy
from typing import Any

import pytest

from maturity.schema import DefinitionError, dump_definition, parse_definition


def tiny(method: str = "continuous") -> dict[str, Any]:
    """Three levels, two dimensions; rubric or statement questions by method."""
    question: dict[str, Any]
    if method == "continuous":
        question = {"key": "q-ops", "kind": "rubric", "text": "How far?"}
        descriptors = [{"level": n, "text": f"at {n}"} for n in (1, 2, 3)]
    else:
        question = {"key": "q-ops", "kind": "statement", "level": 2, "text": "We do it."}
        descriptors = []
    return {
        "slug": "tiny",
        "version": 1,
        "name": "Tiny",
        "publisher": "Us",
        "source": "Hand-made for tests",
        "method": method,
        "threshold": 0.75 if method == "staged" else None,
        "levels": [{"number": n, "name": f"L{n}"} for n in (1, 2, 3)],
        "dimensions": [
            {
                "key": "ops",
                "name": "Operations",
                "subdimensions": [
                    {
                        "key": "ops-a",
                        "name": "A",
                        "descriptors": descriptors,
                        "questions": [question],
                    }
                ],
            },
            {
                "key": "tech",
                "name": "Technology",
                "subdimensions": [
                    {
                        "key": "tech-a",
                        "name": "B",
                        "descriptors": copy.deepcopy(descriptors),
                        "questions": [
                            {**question, "key": "q-tech"}
                            | ({"level": 3} if method == "staged" else {})
                        ],
                    }
                ],
            },
        ],
    }


def errors_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(data)
    return caught.value.errors


def test_a_valid_definition_parses_for_both_methods() -> None:
    assert parse_definition(tiny()).method == "continuous"
    assert parse_definition(tiny("staged")).threshold == pytest.approx(0.75)


def test_levels_with_a_gap_are_rejected_at_the_level_number() -> None:
    data = tiny()
    data["levels"][2]["number"] = 4
    assert errors_of(data) == [
        "levels[2].number: levels must be numbered 1..3 in order without gaps; expected 3, found 4"
    ]


def test_levels_must_start_at_one() -> None:
    data = tiny()
    for level in data["levels"]:
        level["number"] += 1
    assert errors_of(data)[0].startswith("levels[0].number: ")


def test_duplicate_dimension_keys_are_rejected() -> None:
    data = tiny()
    data["dimensions"][1]["key"] = "ops"
    assert errors_of(data) == ["dimensions[0].key: dimension key 'ops' is used more than once"]


def test_duplicate_subdimension_keys_are_rejected() -> None:
    data = tiny()
    data["dimensions"][1]["subdimensions"][0]["key"] = "ops-a"
    assert errors_of(data) == [
        "dimensions[0].subdimensions[0].key: subdimension key 'ops-a' is used more than once"
    ]


def test_duplicate_question_keys_across_dimensions_are_rejected() -> None:
    data = tiny()
    data["dimensions"][1]["subdimensions"][0]["questions"][0]["key"] = "q-ops"
    assert errors_of(data) == [
        "dimensions[0].subdimensions[0].questions[0].key: "
        "question key 'q-ops' is used more than once"
    ]


def test_a_rubric_subdimension_needs_a_descriptor_for_every_level() -> None:
    data = tiny()
    del data["dimensions"][1]["subdimensions"][0]["descriptors"][2]
    assert errors_of(data) == [
        "dimensions[1].subdimensions[0].descriptors: no descriptor for level 3"
    ]


def test_a_descriptor_for_a_missing_level_is_rejected() -> None:
    data = tiny()
    data["dimensions"][0]["subdimensions"][0]["descriptors"].append({"level": 7, "text": "x"})
    assert errors_of(data) == [
        "dimensions[0].subdimensions[0].descriptors[3].level: no level 7 in this framework"
    ]


def test_a_second_descriptor_for_one_level_is_rejected() -> None:
    data = tiny()
    data["dimensions"][0]["subdimensions"][0]["descriptors"].append({"level": 2, "text": "x"})
    assert errors_of(data) == [
        "dimensions[0].subdimensions[0].descriptors[3].level: second descriptor for level 2"
    ]


def test_a_statement_must_name_an_existing_level() -> None:
    data = tiny("staged")
    data["dimensions"][1]["subdimensions"][0]["questions"][0]["level"] = 4
    assert errors_of(data)[0] == (
        "dimensions[1].subdimensions[0].questions[0].level: "
        "a statement must name an existing level (1..3)"
    )


def test_a_statement_without_a_level_is_rejected() -> None:
    data = tiny("staged")
    del data["dimensions"][0]["subdimensions"][0]["questions"][0]["level"]
    assert errors_of(data)[0].startswith("dimensions[0].subdimensions[0].questions[0].level: ")


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("dimensions[1].weight", lambda d: d["dimensions"][1]),
        ("dimensions[0].subdimensions[0].weight", lambda d: d["dimensions"][0]["subdimensions"][0]),
        (
            "dimensions[0].subdimensions[0].questions[0].weight",
            lambda d: d["dimensions"][0]["subdimensions"][0]["questions"][0],
        ),
    ],
)
@pytest.mark.parametrize("weight", [0, -1.5])
def test_weights_must_be_positive(path: str, where: Any, weight: float) -> None:
    data = tiny()
    where(data)["weight"] = weight
    assert errors_of(data) == [f"{path}: weight must be positive"]


@pytest.mark.parametrize("threshold", [None, 0, 1.2, -0.5])
def test_a_staged_model_needs_a_threshold_in_0_to_1(threshold: float | None) -> None:
    data = tiny("staged")
    data["threshold"] = threshold
    assert errors_of(data) == ["threshold: a staged framework needs a threshold in (0, 1]"]


def test_a_threshold_of_exactly_one_is_allowed() -> None:
    data = tiny("staged")
    data["threshold"] = 1
    assert parse_definition(data).threshold == 1


def test_a_continuous_model_asks_rubric_questions_only() -> None:
    data = tiny()
    question = data["dimensions"][0]["subdimensions"][0]["questions"][0]
    question.update(kind="statement", level=2)
    assert errors_of(data) == [
        "dimensions[0].subdimensions[0].questions[0].kind: "
        "a continuous framework asks rubric questions only"
    ]


def test_unknown_fields_are_rejected_with_their_path() -> None:
    data = tiny()
    data["dimensions"][0]["colour"] = "red"
    assert errors_of(data) == ["dimensions[0].colour: Extra inputs are not permitted"]


def test_a_missing_field_is_named() -> None:
    data = tiny()
    del data["dimensions"][1]["subdimensions"][0]["name"]
    assert errors_of(data) == ["dimensions[1].subdimensions[0].name: Field required"]


def test_broken_json_is_reported_as_such() -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_definition('{"slug": ')
    assert caught.value.errors[0].startswith("Invalid JSON: ")


def test_several_broken_rules_are_all_reported() -> None:
    data = tiny()
    data["threshold"] = 0.5
    data["dimensions"][0]["weight"] = 0
    assert len(errors_of(data)) == 2


def test_the_definition_is_frozen() -> None:
    definition = parse_definition(tiny())
    with pytest.raises(ValueError, match="frozen"):
        definition.name = "Other"  # type: ignore[misc]


def test_dump_gives_back_an_equal_definition() -> None:
    definition = parse_definition(tiny("staged"))
    assert parse_definition(dump_definition(definition)) == definition


def test_overall_is_reserved_for_the_whole_model_target() -> None:
    data = tiny()
    data["dimensions"][1]["subdimensions"][0]["key"] = "overall"
    assert errors_of(data) == [
        "dimensions[1].subdimensions[0].key: 'overall' is reserved for the whole-model target"
    ]


def test_every_staged_level_above_the_floor_needs_a_statement() -> None:
    data = tiny("staged")
    data["dimensions"][1]["subdimensions"][0]["questions"][0]["level"] = 2
    # Both statements now evidence level 2, so level 3 could never be met.
    assert errors_of(data) == ["levels[2]: no statement evidences level 3"]
