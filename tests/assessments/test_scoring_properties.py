"""Properties of scoring that hold for any answers, on the tiny and the shipped frameworks."""

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assessments.scoring import (
    AnswerValue,
    AssessmentResult,
    DimensionScore,
    LevelScore,
    OverallScore,
    RespondentAnswers,
    RoleScore,
    RoleSubdimensionScore,
    ScoringInput,
    SubdimensionScore,
    score,
)
from maturity.schema import FrameworkDef, QuestionDef, parse_definition

ROOT = Path(__file__).parent.parent.parent
FRAMEWORK_FILES = {
    "tiny-continuous": ROOT / "tests/data/tiny-continuous.json",
    "tiny-staged": ROOT / "tests/data/tiny-staged.json",
    "gartner-iot": ROOT / "fixtures/frameworks/gartner-iot.json",
    "ptc-cpmm": ROOT / "fixtures/frameworks/ptc-cpmm.json",
}
ROLES = ["", "business", "it", "ot"]
HIGHER_STATEMENT: dict[AnswerValue, list[AnswerValue]] = {
    "no": ["partly", "yes"],
    "partly": ["yes"],
}
Scored = OverallScore | DimensionScore | SubdimensionScore | RoleScore | RoleSubdimensionScore
Fulfilled = DimensionScore | SubdimensionScore | LevelScore
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", params=list(FRAMEWORK_FILES))
def definition(request: pytest.FixtureRequest) -> FrameworkDef:
    path = FRAMEWORK_FILES[request.param]
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} is not there yet")
    return parse_definition(path.read_text())


def answer(definition: FrameworkDef, question: QuestionDef) -> st.SearchStrategy[AnswerValue]:
    if question.kind == "rubric":
        levels = st.integers(1, len(definition.levels))
        return st.one_of(levels, st.just("na"))
    return st.sampled_from(["yes", "partly", "no", "na"])


def answer_sets(definition: FrameworkDef) -> st.SearchStrategy[dict[str, AnswerValue]]:
    optional = {q.key: answer(definition, q) for q in definition.questions()}
    return st.fixed_dictionaries({}, optional=optional)


def scoring_inputs(definition: FrameworkDef) -> st.SearchStrategy[ScoringInput]:
    respondent = st.builds(
        RespondentAnswers, role=st.sampled_from(ROLES), answers=answer_sets(definition)
    )
    return st.builds(
        ScoringInput,
        respondents=st.lists(respondent, max_size=4).map(tuple),
        consensus=answer_sets(definition),
    )


def figures(result: AssessmentResult) -> dict[str, float | None]:
    """Every score, level and fulfilment in the result, by a name that says where it is."""
    found: dict[str, float | None] = {
        "overall": result.overall.score,
        "overall level": result.overall.level,
    }
    for dim in result.dimensions:
        found |= {f"{dim.key} score": dim.score, f"{dim.key} level": dim.level}
        found[f"{dim.key} fulfilment"] = dim.fulfilment
        for sub in dim.subdimensions:
            found |= {f"{sub.key} score": sub.score, f"{sub.key} level": sub.level}
            found[f"{sub.key} fulfilment"] = sub.fulfilment
    for lv in result.levels:
        found |= {f"level {lv.number}": lv.fulfilment, f"level {lv.number} met": lv.met}
        found[f"level {lv.number} reached"] = lv.reached
    return found


def role_figures(result: AssessmentResult) -> dict[str, float | None]:
    found: dict[str, float | None] = {}
    for role in result.by_role:
        found |= {f"{role.role} score": role.score, f"{role.role} level": role.level}
        found |= {f"{role.role} {sub.key}": sub.score for sub in role.subdimensions}
        found |= {f"{role.role} level {lv.number}": lv.fulfilment for lv in role.levels}
    return found


# --- raising an answer ---------------------------------------------------------------


def higher_answers(answer: AnswerValue, top: int) -> list[AnswerValue]:
    if isinstance(answer, int):
        return list(range(answer + 1, top + 1))
    return list(HIGHER_STATEMENT.get(answer, []))


def raisable(scoring_input: ScoringInput, top: int) -> list[tuple[int, str]]:
    """(respondent index, key) of every answer that can go up; index -1 is the consensus."""
    sets = [*enumerate(r.answers for r in scoring_input.respondents), (-1, scoring_input.consensus)]
    return [
        (index, key)
        for index, answers in sets
        for key, value in answers.items()
        if higher_answers(value, top)
    ]


def with_answer(
    scoring_input: ScoringInput, index: int, key: str, value: AnswerValue
) -> ScoringInput:
    if index == -1:
        return scoring_input.model_copy(
            update={"consensus": {**scoring_input.consensus, key: value}}
        )
    respondents = list(scoring_input.respondents)
    changed = {**respondents[index].answers, key: value}
    respondents[index] = respondents[index].model_copy(update={"answers": changed})
    return scoring_input.model_copy(update={"respondents": tuple(respondents)})


@FAST
@given(data=st.data())
def test_raising_one_answer_never_lowers_a_score_or_level(
    definition: FrameworkDef, data: st.DataObject
) -> None:
    top = len(definition.levels)
    before_input = data.draw(scoring_inputs(definition))
    candidates = raisable(before_input, top)
    assume(candidates)
    index, key = data.draw(st.sampled_from(candidates))
    old = (before_input.consensus if index == -1 else before_input.respondents[index].answers)[key]
    new = data.draw(st.sampled_from(higher_answers(old, top)))
    before = score(definition, before_input)
    after = score(definition, with_answer(before_input, index, key, new))
    pairs = [(figures(before), figures(after)), (role_figures(before), role_figures(after))]
    for old_figures, new_figures in pairs:
        assert old_figures.keys() == new_figures.keys()
        for name, was in old_figures.items():
            now = new_figures[name]
            assert (was is None) == (now is None), name
            assert was is None or now is None or now >= was, name


# --- ranges --------------------------------------------------------------------------


def scores_and_levels(result: AssessmentResult) -> list[float | None]:
    subs = [sub for dim in result.dimensions for sub in dim.subdimensions]
    role_subs = [sub for role in result.by_role for sub in role.subdimensions]
    parts: list[Scored] = [result.overall, *result.dimensions, *subs, *result.by_role, *role_subs]
    return [value for part in parts for value in (part.score, part.level)]


def fulfilments(result: AssessmentResult) -> list[float | None]:
    subs = [sub for dim in result.dimensions for sub in dim.subdimensions]
    levels = [lv for role in result.by_role for lv in role.levels]
    parts: list[Fulfilled] = [*result.dimensions, *subs, *result.levels, *levels]
    return [part.fulfilment for part in parts]


@FAST
@given(data=st.data())
def test_every_score_lies_within_the_levels(definition: FrameworkDef, data: st.DataObject) -> None:
    result = score(definition, data.draw(scoring_inputs(definition)))
    top = len(definition.levels)
    assert all(1 <= value <= top for value in scores_and_levels(result) if value is not None)
    assert all(0 <= value <= 1 for value in fulfilments(result) if value is not None)
    assert 0 <= result.completion <= 1


# --- not applicable is the same as not asked ------------------------------------------


def without_question(definition: FrameworkDef, key: str) -> FrameworkDef | None:
    """The definition without the question; a subdimension or dimension left empty goes too.

    That is what "not asked" means for scoring: an empty subdimension has no score and is
    left out of its dimension, exactly as one whose questions are all not applicable.
    None when nothing would be left of the framework.
    """
    data: dict[str, Any] = definition.model_dump()
    for dim in data["dimensions"]:
        for sub in dim["subdimensions"]:
            sub["questions"] = [q for q in sub["questions"] if q["key"] != key]
        dim["subdimensions"] = [s for s in dim["subdimensions"] if s["questions"]]
    data["dimensions"] = [d for d in data["dimensions"] if d["subdimensions"]]
    return parse_definition(data) if data["dimensions"] else None


def without_answers(scoring_input: ScoringInput, key: str) -> ScoringInput:
    respondents = tuple(
        r.model_copy(update={"answers": {k: v for k, v in r.answers.items() if k != key}})
        for r in scoring_input.respondents
    )
    consensus = {k: v for k, v in scoring_input.consensus.items() if k != key}
    return ScoringInput(respondents=respondents, consensus=consensus)


def all_said_na(scoring_input: ScoringInput, key: str) -> ScoringInput:
    respondents = tuple(
        r.model_copy(update={"answers": {**r.answers, key: "na"}})
        for r in scoring_input.respondents
    )
    consensus = {k: v for k, v in scoring_input.consensus.items() if k != key}
    return ScoringInput(respondents=respondents, consensus=consensus)


@FAST
@given(data=st.data())
def test_not_applicable_gives_the_same_scores_as_not_asking(
    definition: FrameworkDef, data: st.DataObject
) -> None:
    key = data.draw(st.sampled_from([q.key for q in definition.questions()]))
    smaller = without_question(definition, key)
    assume(smaller is not None)
    assert smaller is not None
    base = data.draw(scoring_inputs(definition))
    by_consensus = data.draw(st.booleans()) or not base.respondents
    if by_consensus:
        marked = base.model_copy(update={"consensus": {**base.consensus, key: "na"}})
    else:
        marked = all_said_na(base, key)
    with_na = score(definition, marked)
    asked_less = score(smaller, without_answers(base, key))
    pairs = [(figures(with_na), figures(asked_less))]
    if not by_consensus:
        # Roles ignore the consensus, so only an na from everyone reaches them.
        pairs.append((role_figures(with_na), role_figures(asked_less)))
    for marked_figures, kept in pairs:
        assert {name: marked_figures[name] for name in kept} == kept
