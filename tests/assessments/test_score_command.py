"""manage.py score: answers files for the shipped frameworks, scored by hand.

gartner-iot: levels 1..5 (Initiating, Exploratory, Defined, Integrated, Optimizing), every
weight 1; business = economic-model, business-alignment, ecosystem; organization =
business-processes, culture, data-governance; technology = architecture,
technology-alignment, technology-infrastructure; one rubric question per subdimension,
keyed like it. ptc-cpmm: levels 1..6, threshold 0.8, every weight 1; one dimension whose
six subdimensions hold the five statements of one level each (l1-... to l6-...).
"""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import DATA, shipped_document

pytestmark = pytest.mark.django_db


def score_file(path: Path) -> dict[str, Any]:
    out = StringIO()
    call_command("score", str(path), stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def refusal(path: Path) -> str:
    """The CommandError's message, after checking that nothing reached stdout."""
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("score", str(path), stdout=out)
    assert out.getvalue() == ""
    return str(caught.value)


def write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(document))
    return path


def by_key(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["key"]: item for item in items}


def by_role(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["role"]: item for item in items}


def subdimensions(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return by_key([sub for dim in result["dimensions"] for sub in dim["subdimensions"]])


def statement_text(key: str) -> str:
    document = shipped_document("ptc-cpmm")
    subs = [sub for dim in document["dimensions"] for sub in dim["subdimensions"]]
    texts = {q["key"]: q["text"] for sub in subs for q in sub["questions"]}
    return texts[key]


# --- Gartner, continuous -----------------------------------------------------------


def test_output_is_the_result_as_json_indented_by_two(frameworks: None) -> None:
    out = StringIO()
    call_command("score", str(DATA / "answers-gartner-one.json"), stdout=out)
    assert out.getvalue().startswith('{\n  "framework": "gartner-iot",\n  "version": 1,\n')


def test_one_respondent_scores_each_dimension_and_the_whole(frameworks: None) -> None:
    # No version in the file: the latest published, version 1.
    result = score_file(DATA / "answers-gartner-one.json")
    assert (result["framework"], result["version"], result["method"]) == (
        "gartner-iot",
        1,
        "continuous",
    )
    dims = by_key(result["dimensions"])
    # business (1 + 2 + 3) / 3 = 2; organization (4 + 5 + 3) / 3 = 4;
    # technology (2 + 1 + 2) / 3 = 5/3
    assert dims["business"]["score"] == 2
    assert dims["organization"]["score"] == 4
    assert dims["technology"]["score"] == 5 / 3
    assert [d["level_name"] for d in result["dimensions"]] == [
        "Exploratory",
        "Integrated",
        "Initiating",
    ]
    # overall (2 + 4 + 5/3) / 3 = 23/9 = 2.56, level 2; target 4, gap 4 - 23/9 = 13/9
    assert result["overall"] == {
        "score": 23 / 9,
        "level": 2,
        "level_name": "Exploratory",
        "target": 4.0,
        "gap": 13 / 9,
    }
    assert result["completion"] == 1.0 and result["provisional"] is False


def test_subdimension_gaps_use_their_own_target_or_the_overall_one(frameworks: None) -> None:
    subs = subdimensions(score_file(DATA / "answers-gartner-one.json"))
    # economic-model has its own target 2: 2 - 1 = 1; the rest take overall 4.
    # culture scores 5, above 4: a gap of 0, not -1.
    gaps = {key: sub["gap"] for key, sub in subs.items()}
    assert gaps == {
        "economic-model": 1.0,
        "business-alignment": 2.0,
        "ecosystem": 1.0,
        "business-processes": 0.0,
        "culture": 0.0,
        "data-governance": 1.0,
        "architecture": 2.0,
        "technology-alignment": 3.0,
        "technology-infrastructure": 2.0,
    }
    assert subs["culture"]["level_name"] == "Optimizing"
    assert subs["economic-model"]["target"] == 2.0


def test_recommendations_put_the_largest_gap_first_then_framework_order(
    frameworks: None,
) -> None:
    result = score_file(DATA / "answers-gartner-one.json")
    # All weights are 1, so priority = gap; gap 0 (business-processes, culture) is left out.
    # Next level = score + 1: technology-alignment 1 -> 2, business-alignment 2 -> 3, ...
    advice = [(r["key"], r["gap"], r["next_level"]) for r in result["recommendations"]]
    assert advice == [
        ("technology-alignment", 3.0, 2),
        ("business-alignment", 2.0, 3),
        ("architecture", 2.0, 3),
        ("technology-infrastructure", 2.0, 3),
        ("economic-model", 1.0, 2),
        ("ecosystem", 1.0, 4),
        ("data-governance", 1.0, 4),
    ]
    # The descriptor of technology-alignment at level 2, from the shipped file.
    assert result["recommendations"][0]["text"] == "Confined to silos in business unit"
    assert result["recommendations"][0]["next_level_name"] == "Exploratory"
    # Below 23/9, lowest first: the two 1s, then the three 2s, in framework order.
    assert result["explanation"]["pulling_down"] == [
        "economic-model",
        "technology-alignment",
        "business-alignment",
        "architecture",
        "technology-infrastructure",
    ]


def test_several_respondents_take_the_consensus_else_the_mean_without_na(
    frameworks: None,
) -> None:
    result = score_file(DATA / "answers-gartner-workshop.json")
    questions = by_key(result["questions"])
    values = {key: q["value"] for key, q in questions.items()}
    assert values == {
        "economic-model": 5 / 2,  # (2 + 3) / 2, the "na" left out
        "business-alignment": 10 / 3,  # (3 + 3 + 4) / 3
        "ecosystem": None,  # everyone said "na"
        "business-processes": 7 / 3,  # (2 + 2 + 3) / 3
        "culture": 2.0,  # the consensus, not (1 + 2 + 4) / 3
        "data-governance": 7 / 3,  # (2 + 2 + 3) / 3
        "architecture": 3.0,  # (2 + 3 + 4) / 3
        "technology-alignment": 7 / 3,  # (2 + 2 + 3) / 3
        "technology-infrastructure": 10 / 3,  # (3 + 3 + 4) / 3
    }
    assert questions["ecosystem"]["na"] is True and questions["ecosystem"]["respondents"] == 3
    assert questions["culture"]["consensus"] is True
    assert result["not_applicable"] == ["ecosystem"] and result["unanswered"] == []
    # "na" answers everything: completion 9/9, so the result is final.
    assert result["completion"] == 1.0 and result["provisional"] is False


def test_several_respondents_score_the_whole_from_effective_values(frameworks: None) -> None:
    result = score_file(DATA / "answers-gartner-workshop.json")
    dims = by_key(result["dimensions"])
    # business (5/2 + 10/3) / 2 = 35/12 (ecosystem "na" left out);
    # organization (7/3 + 2 + 7/3) / 3 = 20/9; technology (3 + 7/3 + 10/3) / 3 = 26/9
    assert dims["business"]["score"] == 35 / 12
    assert dims["organization"]["score"] == 20 / 9
    assert dims["technology"]["score"] == 26 / 9
    # overall (35/12 + 20/9 + 26/9) / 3 = (105/36 + 184/36) / 3 = 289/108 = 2.68
    assert result["overall"]["score"] == 289 / 108
    assert result["overall"]["level_name"] == "Exploratory"
    assert subdimensions(result)["ecosystem"]["score"] is None


def test_spread_of_two_levels_or_more_is_a_disagreement(frameworks: None) -> None:
    questions = by_key(score_file(DATA / "answers-gartner-workshop.json")["questions"])
    spread = {key: (q["spread"], q["disagreement"]) for key, q in questions.items()}
    assert spread == {
        "economic-model": (1.0, False),  # 3 - 2, the "na" left out
        "business-alignment": (1.0, False),
        "ecosystem": (None, False),  # no numbers at all
        "business-processes": (1.0, False),
        "culture": (3.0, True),  # 4 - 1; the consensus plays no part
        "data-governance": (1.0, False),
        "architecture": (2.0, True),  # 4 - 2
        "technology-alignment": (1.0, False),
        "technology-infrastructure": (1.0, False),
    }
    assert questions["culture"]["by_role"] == {"business": 1.5, "it": 4.0}  # (1 + 2) / 2


def test_each_role_is_scored_from_its_own_respondents_without_consensus(
    frameworks: None,
) -> None:
    roles = by_role(score_file(DATA / "answers-gartner-workshop.json")["by_role"])
    # business: economic-model 2 (the other said "na"), business-alignment 3 -> 5/2;
    # business-processes 2, culture (1 + 2) / 2 = 3/2, data-governance 2 -> 11/6;
    # architecture 5/2, technology-alignment 2, technology-infrastructure 3 -> 5/2;
    # overall (5/2 + 11/6 + 5/2) / 3 = 41/18 = 2.28
    assert (roles["business"]["respondents"], roles["business"]["score"]) == (2, 41 / 18)
    assert roles["business"]["level_name"] == "Exploratory"
    # it: (3 + 4) / 2 = 7/2; (3 + 4 + 3) / 3 = 10/3; (4 + 3 + 4) / 3 = 11/3;
    # overall (7/2 + 10/3 + 11/3) / 3 = 7/2
    assert (roles["it"]["respondents"], roles["it"]["score"]) == (1, 3.5)
    assert roles["it"]["level_name"] == "Defined"
    it_subs = by_key(roles["it"]["subdimensions"])
    assert it_subs["culture"] == {"key": "culture", "score": 4.0, "level": 4}


# --- PTC, staged --------------------------------------------------------------------


def test_staged_placement_is_the_last_level_met_in_a_row_plus_the_next_ones_share(
    frameworks: None,
) -> None:
    result = score_file(DATA / "answers-ptc-serviceable.json")
    # Level 4: yes, partly, yes, partly, no = (1 + 1/2 + 1 + 1/2 + 0) / 5 = 3/5 < 0.8.
    # Levels 2 and 3 are all yes, so the placement is 3; score 3 + 3/5 = 18/5.
    # Target 5: gap 5 - 18/5 = 7/5.
    assert result["overall"] == {
        "score": 3.6,
        "level": 3,
        "level_name": "Serviceable",
        "target": 5.0,
        "gap": 1.4,
    }
    assert result["method"] == "staged"
    assert result["completion"] == 1.0 and result["provisional"] is False


def test_levels_say_which_are_met_and_which_reached(frameworks: None) -> None:
    result = score_file(DATA / "answers-ptc-serviceable.json")
    levels = [
        (level["number"], level["name"], level["fulfilment"], level["met"], level["reached"])
        for level in result["levels"]
    ]
    # Level 5 is all yes: met, but not reached past the unmet level 4. Level 6 all no.
    assert levels == [
        (2, "Connected", 1.0, True, True),
        (3, "Serviceable", 1.0, True, True),
        (4, "Intelligent", 0.6, False, False),
        (5, "Optimized", 1.0, True, False),
        (6, "Differentiated", 0.0, False, False),
    ]
    (dimension,) = result["dimensions"]
    # (1 + 1 + 1 + 3/5 + 1 + 0) / 6 = 23/30; staged dimensions have no score of their own
    assert (dimension["fulfilment"], dimension["score"], dimension["level"]) == (
        23 / 30,
        None,
        None,
    )
    assert subdimensions(result)["reporting-and-analytics"]["fulfilment"] == 0.6


def test_staged_recommendations_are_the_next_levels_statements_short_of_yes(
    frameworks: None,
) -> None:
    result = score_file(DATA / "answers-ptc-serviceable.json")
    advice = [(r["key"], r["gap"], r["next_level"]) for r in result["recommendations"]]
    # partly: 1 - 1/2; no: 1 - 0; the two level-4 yeses are left out.
    assert advice == [
        ("l4-functional-visibility", 0.5, 4),
        ("l4-kpi-dashboards", 0.5, 4),
        ("l4-warehouse-and-bi", 1.0, 4),
    ]
    first = result["recommendations"][0]
    assert first["text"] == statement_text("l4-functional-visibility")
    assert first["next_level_name"] == "Intelligent"
    assert result["explanation"] == {
        "first_unmet_level": 4,
        "fulfilment": 0.6,
        "threshold": 0.8,
        "holding_back": ["l4-functional-visibility", "l4-kpi-dashboards", "l4-warehouse-and-bi"],
        "pulling_down": [],
    }


def test_unanswered_statements_leave_the_result_provisional_and_count_as_no(
    frameworks: None,
) -> None:
    result = score_file(DATA / "answers-ptc-unfinished.json")
    # 27 of 30 statements answered: 27/30 = 0.9.
    assert result["completion"] == 0.9 and result["provisional"] is True
    assert result["unanswered"] == [
        "l1-initiative-scope",
        "l3-proactive-service",
        "l6-feedback-culture",
    ]
    fulfilment = [
        (level["number"], level["fulfilment"], level["met"]) for level in result["levels"]
    ]
    # Level 3: four yes and one unanswered (0) = 4/5, exactly the threshold: met.
    # Level 5: (4 + 1/2) / 5 = 9/10. Level 6: (1 + 1 + 1/2 + 0 + 0) / 5 = 1/2.
    assert fulfilment == [
        (2, 1.0, True),
        (3, 0.8, True),
        (4, 1.0, True),
        (5, 0.9, True),
        (6, 0.5, False),
    ]
    # Placement 5, score 5 + 1/2; no target, so no gap.
    assert result["overall"] == {
        "score": 5.5,
        "level": 5,
        "level_name": "Optimized",
        "target": None,
        "gap": None,
    }
    # Level 1 counts only for its subdimension: (1 + 1 + 1/2 + 0 + 0) / 5 = 1/2.
    assert subdimensions(result)["strategy-and-planning"]["fulfilment"] == 0.5
    advice = [(r["key"], r["gap"]) for r in result["recommendations"]]
    assert advice == [
        ("l6-custom-applications", 0.5),
        ("l6-application-platform", 1.0),
        ("l6-feedback-culture", 1.0),
    ]


# --- refusals -----------------------------------------------------------------------


def test_an_unknown_framework_is_named(frameworks: None, tmp_path: Path) -> None:
    path = write(tmp_path, {"framework": "cmmi", "answers": {}})
    assert refusal(path) == "no published framework 'cmmi'"


def test_an_unknown_version_is_named(frameworks: None, tmp_path: Path) -> None:
    path = write(tmp_path, {"framework": "gartner-iot", "version": 9, "answers": {}})
    assert refusal(path) == "no framework 'gartner-iot' version 9"


def test_an_unknown_question_key_is_named(frameworks: None, tmp_path: Path) -> None:
    path = write(tmp_path, {"framework": "gartner-iot", "answers": {"culture": 2, "kultur": 3}})
    assert refusal(path) == (
        f"{path} does not fit gartner-iot version 1:\n  unknown question key 'kultur'"
    )


def test_maybe_is_no_statement_answer(frameworks: None, tmp_path: Path) -> None:
    document = {
        "framework": "ptc-cpmm",
        "respondents": [{"role": "it", "answers": {"l2-channel-choice": "maybe"}}],
    }
    assert refusal(write(tmp_path, document)) == (
        f"{tmp_path / 'answers.json'} is not a valid answers file:\n"
        "  respondents[0].answers.l2-channel-choice: "
        "'maybe' is not a level number or yes, partly, no or na"
    )


def test_a_level_above_the_rubric_is_refused(frameworks: None, tmp_path: Path) -> None:
    path = write(tmp_path, {"framework": "gartner-iot", "answers": {"culture": 7}})
    assert "question 'culture': 7 is not a level of this framework (1..5)" in refusal(path)


def test_a_yes_on_a_rubric_question_is_refused(frameworks: None, tmp_path: Path) -> None:
    path = write(tmp_path, {"framework": "gartner-iot", "consensus": {"culture": "yes"}})
    assert "question 'culture': 'yes' is not a level of this framework (1..5)" in refusal(path)


def test_every_problem_gets_its_own_line(frameworks: None, tmp_path: Path) -> None:
    document = {
        "framework": "gartner-iot",
        "answers": {"culture": 0, "ecosystem": "partly"},
        "targets": {"overall": 6, "culture": 3},
    }
    assert refusal(write(tmp_path, document)).splitlines()[1:] == [
        "  question 'culture': 0 is not a level of this framework (1..5)",
        "  question 'ecosystem': 'partly' is not a level of this framework (1..5)",
        "  target for 'overall': 6 is outside 1..5",
    ]


def test_answers_and_respondents_together_are_refused(frameworks: None, tmp_path: Path) -> None:
    document = {"framework": "gartner-iot", "answers": {}, "respondents": []}
    assert "answers (one respondent) or respondents (several), not both" in refusal(
        write(tmp_path, document)
    )


def test_a_misspelt_field_is_named(frameworks: None, tmp_path: Path) -> None:
    path = write(tmp_path, {"framework": "gartner-iot", "answer": {"culture": 2}})
    assert "  answer: Extra inputs are not permitted" in refusal(path)


def test_invalid_json_names_the_file(frameworks: None, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"framework": "gartner-iot", "answers": {"culture": 2,}}')
    message = refusal(path)
    assert message.startswith(f"{path} is not a valid answers file:\n  Invalid JSON")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    assert refusal(path) == f"{path}: no such file"
