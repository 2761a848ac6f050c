"""Scoring rules, each checked against values worked out by hand on the tiny frameworks.

tiny-continuous: levels 1..4; people (weight 1) = skills (1: skills-depth 1, skills-breadth 3)
+ culture (3); technology (weight 2) = platform (1). tiny-staged: threshold 0.75; level 2 =
l2-connect 2, l2-monitor 1, l2-collect 1; level 3 = l3-remote 1, l3-analytics 3; level 4 =
l4-predict 1, l4-optimise 2; subdimensions connectivity (1: connect, monitor, remote) and
data (2: collect, analytics, predict, optimise).
"""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from assessments.scoring import (
    AnswerValue,
    AssessmentResult,
    DimensionScore,
    LevelScore,
    QuestionScore,
    RespondentAnswers,
    ScoringInput,
    SubdimensionScore,
    input_errors,
    score,
)
from maturity.schema import parse_definition

DATA = Path(__file__).parent.parent / "data"


def load(name: str) -> dict[str, Any]:
    return json.loads((DATA / f"{name}.json").read_text())


CONTINUOUS = parse_definition(load("tiny-continuous"))
STAGED = parse_definition(load("tiny-staged"))


def answered(answers: Mapping[str, AnswerValue], **options: Any) -> ScoringInput:
    return ScoringInput(respondents=(RespondentAnswers(answers=dict(answers)),), **options)


def by_roles(*respondents: tuple[str, Mapping[str, AnswerValue]], **options: Any) -> ScoringInput:
    people = tuple(RespondentAnswers(role=role, answers=dict(given)) for role, given in respondents)
    return ScoringInput(respondents=people, **options)


def subdimension(result: AssessmentResult, key: str) -> SubdimensionScore:
    return next(s for d in result.dimensions for s in d.subdimensions if s.key == key)


def dimension(result: AssessmentResult, key: str) -> DimensionScore:
    return next(d for d in result.dimensions if d.key == key)


def question(result: AssessmentResult, key: str) -> QuestionScore:
    return next(q for q in result.questions if q.key == key)


def level(result: AssessmentResult, number: int) -> LevelScore:
    return next(lv for lv in result.levels if lv.number == number)


# The standard continuous case: skills (2*1 + 4*3) / 4 = 3.5; culture 1;
# people (3.5*1 + 1*3) / 4 = 1.625; technology = platform = 3;
# overall (1.625*1 + 3*2) / 3 = 7.625 / 3 = 61/24 (2.54...).
STANDARD: dict[str, AnswerValue] = {
    "skills-depth": 2,
    "skills-breadth": 4,
    "culture": 1,
    "platform": 3,
}
ALL_STATEMENTS = [q.key for q in STAGED.questions()]


def statements(**values: AnswerValue) -> dict[str, AnswerValue]:
    """Answers by keyword: l2_connect="yes" answers l2-connect (a typo fails in score())."""
    return {key.replace("_", "-"): value for key, value in values.items()}


def all_yes(**overrides: AnswerValue) -> dict[str, AnswerValue]:
    """Every statement answered yes, except the ones named as in statements()."""
    return {**dict.fromkeys(ALL_STATEMENTS, "yes"), **statements(**overrides)}


# --- values ----------------------------------------------------------------------------


def test_rubric_answer_is_the_chosen_level() -> None:
    result = score(CONTINUOUS, answered({"culture": 3}))
    assert question(result, "culture").value == 3.0
    assert subdimension(result, "culture").score == 3.0


def test_statement_answers_count_yes_one_partly_half_no_zero() -> None:
    result = score(
        STAGED, answered({"l2-connect": "yes", "l2-monitor": "partly", "l2-collect": "no"})
    )
    assert [question(result, k).value for k in ("l2-connect", "l2-monitor", "l2-collect")] == [
        1.0,
        0.5,
        0.0,
    ]
    # (2*1 + 1*0.5 + 1*0) / 4 = 0.625
    assert level(result, 2).fulfilment == 0.625


def test_question_without_answer_is_unanswered() -> None:
    result = score(CONTINUOUS, answered({"culture": 2}))
    assert result.unanswered == ("skills-depth", "skills-breadth", "platform")
    assert question(result, "platform").answered is False
    assert question(result, "platform").value is None
    assert question(result, "culture").answered is True


# --- several respondents ---------------------------------------------------------------


def test_effective_value_is_the_mean_of_the_respondents() -> None:
    result = score(CONTINUOUS, by_roles(("", {"culture": 1}), ("", {"culture": 4})))
    # (1 + 4) / 2 = 2.5
    assert question(result, "culture").value == 2.5
    assert question(result, "culture").respondents == 2


def test_not_applicable_is_left_out_of_the_respondents_mean() -> None:
    people = by_roles(("", {"culture": 3}), ("", {"culture": "na"}), ("", {"culture": 2}))
    # (3 + 2) / 2 = 2.5; the na counts as a respondent who answered
    assert question(score(CONTINUOUS, people), "culture").value == 2.5
    assert question(score(CONTINUOUS, people), "culture").respondents == 3


def test_recorded_consensus_replaces_the_mean() -> None:
    people = by_roles(("", {"culture": 1}), ("", {"culture": 4}), consensus={"culture": 2})
    result = score(CONTINUOUS, people)
    assert question(result, "culture").value == 2.0
    assert question(result, "culture").consensus is True
    assert question(result, "platform").consensus is False


def test_consensus_of_not_applicable_makes_the_question_not_applicable() -> None:
    result = score(CONTINUOUS, by_roles(("", {"culture": 4}), consensus={"culture": "na"}))
    assert question(result, "culture").na is True
    assert subdimension(result, "culture").score is None


def test_question_is_not_applicable_when_every_respondent_said_so() -> None:
    result = score(CONTINUOUS, by_roles(("", {"culture": "na"}), ("", {"culture": "na"})))
    assert question(result, "culture").na is True
    assert question(result, "culture").answered is False
    assert result.not_applicable == ("culture",)
    assert "culture" not in result.unanswered


def test_question_nobody_answered_is_unanswered_even_with_several_respondents() -> None:
    result = score(CONTINUOUS, by_roles(("", {"culture": 2}), ("", {"platform": 3})))
    assert "skills-depth" in result.unanswered
    assert question(result, "skills-depth").respondents == 0


def test_spread_is_max_minus_min_of_the_respondents_values() -> None:
    people = by_roles(("", {"culture": 1}), ("", {"culture": 4}), ("", {"culture": 2}))
    # 4 - 1 = 3
    assert question(score(CONTINUOUS, people), "culture").spread == 3.0


def test_spread_needs_two_values() -> None:
    people = by_roles(("", {"culture": 3}), ("", {"culture": "na"}))
    assert question(score(CONTINUOUS, people), "culture").spread is None


def test_rubric_disagreement_starts_at_a_spread_of_two_levels() -> None:
    near = score(CONTINUOUS, by_roles(("", {"culture": 2}), ("", {"culture": 3})))
    far = score(CONTINUOUS, by_roles(("", {"culture": 2}), ("", {"culture": 4})))
    assert question(near, "culture").disagreement is False
    assert question(far, "culture").disagreement is True


def test_statement_disagreement_is_a_yes_against_a_no() -> None:
    split = score(STAGED, by_roles(("", {"l2-connect": "yes"}), ("", {"l2-connect": "no"})))
    close = score(STAGED, by_roles(("", {"l2-connect": "yes"}), ("", {"l2-connect": "partly"})))
    assert question(split, "l2-connect").spread == 1.0
    assert question(split, "l2-connect").disagreement is True
    assert question(close, "l2-connect").disagreement is False


def test_disagreement_is_shown_even_when_a_consensus_was_recorded() -> None:
    people = by_roles(("", {"culture": 1}), ("", {"culture": 4}), consensus={"culture": 3})
    assert question(score(CONTINUOUS, people), "culture").disagreement is True


def test_subdimension_spread_is_the_largest_spread_of_its_questions() -> None:
    people = by_roles(
        ("", {"skills-depth": 1, "skills-breadth": 2}),
        ("", {"skills-depth": 2, "skills-breadth": 4}),
    )
    # depth 2 - 1 = 1, breadth 4 - 2 = 2
    result = score(CONTINUOUS, people)
    assert subdimension(result, "skills").spread == 2.0
    assert subdimension(result, "culture").spread is None


# --- continuous ------------------------------------------------------------------------


def test_subdimension_score_is_the_weighted_mean_of_its_questions() -> None:
    # (2*1 + 4*3) / 4 = 3.5
    assert subdimension(score(CONTINUOUS, answered(STANDARD)), "skills").score == 3.5


def test_not_applicable_is_left_out_of_the_mean() -> None:
    result = score(CONTINUOUS, answered({"skills-depth": "na", "skills-breadth": 2}))
    # (2*3) / 3 = 2, not (0*1 + 2*3) / 4
    assert subdimension(result, "skills").score == 2.0


def test_unanswered_question_is_left_out_of_the_mean() -> None:
    result = score(CONTINUOUS, answered({"skills-depth": 1}))
    # (1*1) / 1 = 1
    assert subdimension(result, "skills").score == 1.0


def test_subdimension_without_a_value_has_no_score() -> None:
    result = score(CONTINUOUS, answered({"skills-depth": "na", "culture": 2}))
    skills = subdimension(result, "skills")
    assert (skills.score, skills.level, skills.level_name) == (None, None, None)


def test_dimension_score_is_the_weighted_mean_of_its_subdimensions() -> None:
    # (3.5*1 + 1*3) / 4 = 1.625
    assert dimension(score(CONTINUOUS, answered(STANDARD)), "people").score == 1.625


def test_dimension_score_leaves_out_subdimensions_without_a_score() -> None:
    result = score(CONTINUOUS, answered({"culture": 3, "platform": 1}))
    # skills has no score: (3*3) / 3 = 3
    assert dimension(result, "people").score == 3.0


def test_overall_score_is_the_weighted_mean_of_the_dimensions() -> None:
    # (1.625*1 + 3*2) / 3 = 61/24
    assert score(CONTINUOUS, answered(STANDARD)).overall.score == 61 / 24


def test_overall_score_leaves_out_dimensions_without_a_score() -> None:
    result = score(CONTINUOUS, answered({"platform": "na", "culture": 2}))
    assert dimension(result, "technology").score is None
    # only people: 2
    assert result.overall.score == 2.0


def test_nothing_answered_gives_no_continuous_score() -> None:
    overall = score(CONTINUOUS, ScoringInput()).overall
    assert (overall.score, overall.level, overall.level_name) == (None, None, None)


def test_level_of_a_score_is_its_floor() -> None:
    result = score(CONTINUOUS, answered(STANDARD))
    # 61/24 = 2.54 -> 2; skills 3.5 -> 3; people 1.625 -> 1
    assert (result.overall.level, result.overall.level_name) == (2, "Developing")
    assert subdimension(result, "skills").level == 3
    assert dimension(result, "people").level == 1


def test_whole_number_score_is_at_that_level() -> None:
    result = score(CONTINUOUS, answered({"culture": 4, "platform": 4}))
    assert (result.overall.score, result.overall.level, result.overall.level_name) == (
        4.0,
        4,
        "Leading",
    )


def test_continuous_result_has_no_levels_list() -> None:
    assert score(CONTINUOUS, answered(STANDARD)).levels == ()


# --- staged ----------------------------------------------------------------------------


def test_level_fulfilment_is_the_weighted_share_of_its_statements() -> None:
    result = score(STAGED, answered(statements(l3_remote="no", l3_analytics="yes")))
    # (1*0 + 3*1) / 4 = 0.75
    assert level(result, 3).fulfilment == 0.75


def test_unanswered_statement_counts_as_not_in_place() -> None:
    result = score(STAGED, answered(statements(l2_connect="yes")))
    # (2*1 + 1*0 + 1*0) / 4 = 0.5
    assert level(result, 2).fulfilment == 0.5


def test_not_applicable_statement_is_left_out_of_the_fulfilment() -> None:
    result = score(STAGED, answered(statements(l2_connect="yes", l2_monitor="no", l2_collect="na")))
    # (2*1 + 1*0) / 3 = 2/3
    assert level(result, 2).fulfilment == 2 / 3


def test_level_without_applicable_statement_has_no_fulfilment_and_is_not_met() -> None:
    result = score(STAGED, answered(all_yes(l3_remote="na", l3_analytics="na")))
    assert level(result, 3).fulfilment is None
    assert level(result, 3).met is False
    assert result.overall.level == 2


def test_level_is_met_at_exactly_the_threshold() -> None:
    result = score(
        STAGED, answered(statements(l2_connect="yes", l2_monitor="yes", l2_collect="no"))
    )
    # (2 + 1 + 0) / 4 = 0.75 >= 0.75
    assert level(result, 2).fulfilment == 0.75
    assert level(result, 2).met is True
    assert result.overall.level == 2


def test_level_below_the_threshold_is_not_met() -> None:
    result = score(
        STAGED, answered(statements(l2_connect="yes", l2_monitor="partly", l2_collect="yes"))
    )
    # (2 + 0.5 + 1) / 4 = 0.875 met; then with collect no: (2 + 0.5) / 4 = 0.625 not met
    assert level(result, 2).met is True
    lower = score(
        STAGED, answered(statements(l2_connect="yes", l2_monitor="partly", l2_collect="no"))
    )
    assert level(lower, 2).met is False


def test_threshold_is_compared_exactly() -> None:
    data = load("tiny-staged")
    data["threshold"] = "0.8"
    weights = {"l2-connect": "0.1", "l2-monitor": "0.7", "l2-collect": "0.2"}
    for sub in data["dimensions"][0]["subdimensions"]:
        for q in sub["questions"]:
            q["weight"] = weights.get(q["key"], q["weight"])
    definition = parse_definition(data)
    result = score(
        definition, answered(statements(l2_connect="yes", l2_monitor="yes", l2_collect="no"))
    )
    # (0.1 + 0.7) / 1.0 = 0.8 exactly; in floats it is 0.7999999999999999
    assert (0.1 + 0.7) / (0.1 + 0.7 + 0.2) < 0.8
    assert level(result, 2).met is True


def test_placement_is_one_when_level_two_is_not_met() -> None:
    result = score(STAGED, answered(statements(l2_connect="no")))
    assert (result.overall.level, result.overall.level_name) == (1, "Unconnected")


def test_placement_needs_every_level_below_it() -> None:
    result = score(STAGED, answered(all_yes(l2_connect="no", l2_monitor="no")))
    # level 2: (0 + 0 + 1) / 4 = 0.25 not met; 3 and 4 are met but not reached
    assert [(lv.number, lv.met, lv.reached) for lv in result.levels] == [
        (2, False, False),
        (3, True, False),
        (4, True, False),
    ]
    assert result.overall.level == 1


def test_staged_score_is_placement_plus_next_level_fulfilment() -> None:
    answers = statements(l2_connect="yes", l2_monitor="yes", l3_remote="yes", l3_analytics="partly")
    result = score(STAGED, answered(answers))
    # level 2: 3/4 met; level 3: (1 + 1.5) / 4 = 0.625; 2 + 0.625 = 2.625
    assert result.overall.score == 2.625
    assert result.overall.level == 2


def test_staged_score_adds_nothing_when_the_next_level_has_no_fulfilment() -> None:
    result = score(STAGED, answered(all_yes(l3_remote="na", l3_analytics="na")))
    # placement 2, level 3 has none: 2 + 0
    assert result.overall.score == 2.0


def test_staged_score_at_the_top_level_is_the_number_of_levels() -> None:
    result = score(STAGED, answered(all_yes()))
    assert (result.overall.score, result.overall.level, result.overall.level_name) == (
        4.0,
        4,
        "Intelligent",
    )


def test_nothing_answered_places_a_staged_model_at_level_one() -> None:
    result = score(STAGED, ScoringInput())
    # every level fulfils 0: 1 + 0
    assert (result.overall.score, result.overall.level) == (1.0, 1)


def test_staged_levels_list_covers_levels_two_to_n() -> None:
    assert [lv.number for lv in score(STAGED, ScoringInput()).levels] == [2, 3, 4]


def test_staged_subdimensions_have_a_fulfilment_but_no_score() -> None:
    answers = statements(l2_connect="yes", l2_monitor="yes", l3_remote="yes", l3_analytics="partly")
    result = score(STAGED, answered(answers))
    # connectivity (2 + 1 + 1) / 4 = 1; data (1*0 + 3*0.5 + 0 + 0) / 7 = 3/14
    # capabilities (1*1 + 2*3/14) / 3 = 10/21
    assert subdimension(result, "connectivity").fulfilment == 1.0
    assert subdimension(result, "data").fulfilment == 3 / 14
    assert dimension(result, "capabilities").fulfilment == 10 / 21
    assert subdimension(result, "data").score is None
    assert dimension(result, "capabilities").level is None


# --- completion and targets -----------------------------------------------------------


def test_completion_counts_answered_and_not_applicable_questions() -> None:
    result = score(CONTINUOUS, answered({"culture": 2, "platform": "na"}))
    # (1 + 1) / 4
    assert result.completion == 0.5
    assert result.provisional is True


def test_result_is_final_when_every_question_has_an_answer() -> None:
    result = score(CONTINUOUS, answered({**STANDARD, "platform": "na"}))
    assert (result.completion, result.provisional) == (1.0, False)


def test_overall_target_gives_the_overall_gap() -> None:
    result = score(CONTINUOUS, answered(STANDARD, targets={"overall": 4}))
    # 4 - 61/24 = 35/24
    assert (result.overall.target, result.overall.gap) == (4.0, 35 / 24)


def test_overall_target_is_the_target_of_subdimensions_without_their_own() -> None:
    result = score(CONTINUOUS, answered(STANDARD, targets={"overall": 3, "platform": 4}))
    # culture 3 - 1 = 2; platform 4 - 3 = 1
    assert (subdimension(result, "culture").target, subdimension(result, "culture").gap) == (3, 2)
    assert (subdimension(result, "platform").target, subdimension(result, "platform").gap) == (4, 1)


def test_gap_is_never_negative() -> None:
    result = score(CONTINUOUS, answered(STANDARD, targets={"overall": 3}))
    # skills 3.5 is above 3
    assert subdimension(result, "skills").gap == 0.0


def test_target_and_gap_are_null_without_a_target() -> None:
    result = score(CONTINUOUS, answered(STANDARD, targets={"platform": 4}))
    assert (result.overall.target, result.overall.gap) == (None, None)
    assert (subdimension(result, "culture").target, subdimension(result, "culture").gap) == (
        None,
        None,
    )


def test_gap_is_null_without_a_score() -> None:
    result = score(CONTINUOUS, answered({"culture": 2}, targets={"overall": 3}))
    assert subdimension(result, "platform").target == 3.0
    assert subdimension(result, "platform").gap is None


def test_staged_overall_target_gives_a_gap_to_the_staged_score() -> None:
    answers = statements(l2_connect="yes", l2_monitor="yes", l3_remote="yes", l3_analytics="partly")
    result = score(STAGED, answered(answers, targets={"overall": 3}))
    # 3 - 2.625 = 0.375
    assert result.overall.gap == 0.375


def test_float_target_is_read_as_the_decimal_it_shows() -> None:
    result = score(CONTINUOUS, answered({"culture": 1}, targets={"overall": 1.1}))
    # 1.1 - 1 = 0.1; the binary float 1.1 would leave 0.10000000000000009
    assert result.overall.gap == 0.1


# --- recommendations -------------------------------------------------------------------


def test_continuous_recommendations_are_the_subdimensions_with_a_gap() -> None:
    result = score(CONTINUOUS, answered(STANDARD, targets={"overall": 3}))
    # skills 3.5 and platform 3 reach 3; culture 1 does not
    assert [(r.key, r.gap) for r in result.recommendations] == [("culture", 2.0)]


def test_recommendations_are_ordered_by_gap_times_weight() -> None:
    answers = {"skills-depth": 2, "skills-breadth": 2, "culture": 3, "platform": 3}
    result = score(CONTINUOUS, answered(answers, targets={"overall": 4}))
    # culture 1 * 3 * 1 = 3; skills 2 * 1 * 1 = 2; platform 1 * 1 * 2 = 2
    assert [r.key for r in result.recommendations] == ["culture", "skills", "platform"]


def test_equal_priorities_keep_framework_order() -> None:
    answers = {"skills-depth": 2, "skills-breadth": 2, "culture": 4, "platform": 3}
    result = score(CONTINUOUS, answered(answers, targets={"overall": 4}))
    # skills 2 * 1 * 1 = 2; platform 1 * 1 * 2 = 2 (a tie); culture has no gap
    assert [r.key for r in result.recommendations] == ["skills", "platform"]


def test_continuous_recommendation_gives_the_next_levels_descriptor() -> None:
    result = score(CONTINUOUS, answered(STANDARD, targets={"overall": 4}))
    # skills 3.5: next level floor(3.5) + 1 = 4
    skills = next(r for r in result.recommendations if r.key == "skills")
    assert (skills.next_level, skills.next_level_name) == (4, "Leading")
    assert skills.text == "Skills at level 4"
    assert skills.guidance == "How to reach skills level 4"
    assert skills.gap == 0.5


def test_staged_recommendations_are_the_missing_statements_of_the_first_unmet_level() -> None:
    answers = statements(l2_connect="yes", l2_monitor="yes", l3_analytics="partly", l4_predict="no")
    result = score(STAGED, answered(answers))
    # first unmet is 3: l3-remote unanswered (0), l3-analytics 0.5; level 4 is not looked at
    assert [(r.key, r.gap, r.next_level) for r in result.recommendations] == [
        ("l3-remote", 1.0, 3),
        ("l3-analytics", 0.5, 3),
    ]
    remote = result.recommendations[0]
    assert remote.text == "We service products remotely."
    assert remote.guidance == "Help for l3-remote"
    assert remote.subdimension == "connectivity"


def test_staged_recommendations_leave_out_statements_in_place_or_not_applicable() -> None:
    answers = all_yes(l2_monitor="na", l2_collect="no", l2_connect="partly")
    result = score(STAGED, answered(answers))
    # level 2: (2*0.5 + 1*0) / 3 = 1/3; monitor is na
    assert [r.key for r in result.recommendations] == ["l2-connect", "l2-collect"]


def test_no_recommendations_at_the_top_level() -> None:
    assert score(STAGED, answered(all_yes())).recommendations == ()


# --- explanation and perception split --------------------------------------------------


def test_staged_explanation_names_the_first_unmet_level_and_what_holds_it_back() -> None:
    answers = statements(l2_connect="yes", l2_monitor="yes", l3_remote="yes", l3_analytics="partly")
    explanation = score(STAGED, answered(answers)).explanation
    # level 3: (1 + 1.5) / 4 = 0.625 < 0.75
    assert (explanation.first_unmet_level, explanation.fulfilment) == (3, 0.625)
    assert explanation.threshold == 0.75
    assert explanation.holding_back == ("l3-analytics",)


def test_staged_explanation_at_the_top_has_no_unmet_level() -> None:
    explanation = score(STAGED, answered(all_yes())).explanation
    assert (explanation.first_unmet_level, explanation.holding_back) == (None, ())


def test_continuous_explanation_lists_subdimensions_below_the_overall_lowest_first() -> None:
    answers = {"skills-depth": 2, "skills-breadth": 2, "culture": 1, "platform": 4}
    result = score(CONTINUOUS, answered(answers))
    # people (2*1 + 1*3) / 4 = 1.25; overall (1.25 + 4*2) / 3 = 37/12 (3.08)
    assert result.overall.score == 37 / 12
    assert result.explanation.pulling_down == ("culture", "skills")


def test_subdimension_at_the_overall_score_is_not_pulling_it_down() -> None:
    result = score(CONTINUOUS, answered({"culture": 2, "platform": 2, "skills-depth": 3}))
    # people (3*1 + 2*3) / 4 = 2.25; overall (2.25 + 2*2) / 3 = 25/12; only culture 2 and
    # platform 2 are below it, and platform ties culture so keeps framework order
    assert result.explanation.pulling_down == ("culture", "platform")
    level = score(CONTINUOUS, answered({"culture": 2, "platform": 2}))
    assert (level.overall.score, level.explanation.pulling_down) == (2.0, ())


def test_perception_split_scores_each_role_on_its_own() -> None:
    people = by_roles(
        ("business", {"culture": 1, "platform": 2}),
        ("it", {"culture": 3, "platform": 4}),
        ("it", {"culture": 4}),
        ("", {"culture": 2}),
        consensus={"culture": 3},
    )
    result = score(CONTINUOUS, people)
    # business: (1*1 + 2*2) / 3 = 5/3; it: culture (3 + 4) / 2 = 3.5, (3.5 + 4*2) / 3 = 23/6
    assert [(r.role, r.respondents, r.score, r.level) for r in result.by_role] == [
        ("business", 1, 5 / 3, 1),
        ("it", 2, 23 / 6, 3),
    ]
    it_culture = next(s for s in result.by_role[1].subdimensions if s.key == "culture")
    assert it_culture.score == 3.5
    assert question(result, "culture").by_role == {"business": 1.0, "it": 3.5}


def test_perception_split_of_a_staged_model_gives_each_roles_level_fulfilment() -> None:
    people = by_roles(
        ("ot", {"l2-connect": "yes", "l2-monitor": "yes", "l2-collect": "yes"}),
        ("business", {"l2-connect": "no", "l2-monitor": "yes"}),
    )
    ot, business = score(STAGED, people).by_role
    # ot: level 2 = 1, score 2 + 0; business: (0 + 1) / 4 = 0.25, score 1 + 0.25
    assert (ot.role, ot.score, ot.level, ot.levels[0].fulfilment) == ("ot", 2.0, 2, 1.0)
    assert (business.score, business.level, business.levels[0].met) == (1.25, 1, False)


def test_respondents_without_a_role_have_no_perception_split() -> None:
    assert score(CONTINUOUS, answered(STANDARD)).by_role == ()


# --- input errors ----------------------------------------------------------------------


def test_fitting_input_has_no_errors() -> None:
    fine = answered(STANDARD, consensus={"culture": "na"}, targets={"overall": 3.5, "skills": 4})
    assert input_errors(CONTINUOUS, fine) == []


def test_unknown_question_key_is_an_error_once() -> None:
    people = by_roles(("", {"foo": 1}), ("", {"foo": 2}), consensus={"foo": 3})
    assert input_errors(CONTINUOUS, people) == ["unknown question key 'foo'"]


def test_rubric_answer_outside_the_levels_is_an_error() -> None:
    assert input_errors(CONTINUOUS, answered({"culture": 7})) == [
        "question 'culture': 7 is not a level of this framework (1..4)"
    ]
    assert input_errors(CONTINUOUS, ScoringInput(consensus={"culture": 0})) == [
        "question 'culture': 0 is not a level of this framework (1..4)"
    ]


def test_rubric_answered_with_a_statement_answer_is_an_error() -> None:
    assert input_errors(CONTINUOUS, answered({"culture": "yes"})) == [
        "question 'culture': 'yes' is not a level of this framework (1..4)"
    ]


def test_statement_answered_with_a_level_is_an_error() -> None:
    assert input_errors(STAGED, answered({"l2-connect": 3})) == [
        "question 'l2-connect': 3 is not yes, partly, no or na"
    ]


def test_statement_answered_with_an_unknown_word_is_an_error() -> None:
    # Validation refuses such input; model_construct stands for a caller that skipped it.
    respondent = RespondentAnswers.model_construct(role="", answers={"l2-connect": "maybe"})  # type: ignore[dict-item]
    assert input_errors(STAGED, ScoringInput(respondents=(respondent,))) == [
        "question 'l2-connect': 'maybe' is not yes, partly, no or na"
    ]


def test_target_for_an_unknown_subdimension_is_an_error() -> None:
    assert input_errors(CONTINUOUS, ScoringInput(targets={"bar": 3})) == [
        "target for unknown subdimension 'bar'"
    ]


@pytest.mark.parametrize("target", [0, 0.5, 5, 4.01, float("nan"), float("inf")])
def test_target_outside_the_levels_is_an_error(target: float) -> None:
    assert input_errors(CONTINUOUS, ScoringInput(targets={"overall": target})) == [
        f"target for 'overall': {target} is outside 1..4"
    ]


def test_staged_framework_takes_only_an_overall_target() -> None:
    assert input_errors(STAGED, ScoringInput(targets={"data": 3})) == [
        "target for 'data': a staged framework takes only an overall target"
    ]


def test_score_refuses_input_with_errors() -> None:
    with pytest.raises(ValueError, match="unknown question key 'foo'"):
        score(CONTINUOUS, answered({"foo": 1}))


# --- the result as JSON ----------------------------------------------------------------


def test_result_dumps_to_json_with_the_agreed_fields() -> None:
    dumped = score(CONTINUOUS, answered(STANDARD, targets={"overall": 3})).model_dump(mode="json")
    assert json.loads(json.dumps(dumped)) == dumped
    assert {
        "framework",
        "version",
        "method",
        "overall",
        "dimensions",
        "levels",
        "completion",
        "provisional",
        "recommendations",
    } <= set(dumped)
    assert dumped["framework"] == "tiny-continuous"
    assert dumped["overall"] == {
        "score": 61 / 24,
        "level": 2,
        "level_name": "Developing",
        "target": 3.0,
        "gap": 11 / 24,
    }
    assert dumped["dimensions"][0]["subdimensions"][0]["key"] == "skills"
