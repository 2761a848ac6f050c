"""Reads for the assessments app, by topic; import from here."""

from assessments.selectors.access import (
    Access,
    Roles,
    assessment_access,
    assessment_for,
    creatable_organizations,
    user_roles,
    visible_assessments,
    visible_organizations,
)
from assessments.selectors.questionnaire import (
    Page,
    Questionnaire,
    QuestionView,
    questionnaire,
    questionnaire_pages,
    respondent_answers,
)
from assessments.selectors.results import (
    RespondentProgress,
    answer_value,
    assessment_definition,
    assessment_result,
    respondent_count,
    respondent_progress,
    scoring_input,
    state_log,
)

__all__ = [
    "Access",
    "Page",
    "QuestionView",
    "Questionnaire",
    "RespondentProgress",
    "Roles",
    "answer_value",
    "assessment_access",
    "assessment_definition",
    "assessment_for",
    "assessment_result",
    "creatable_organizations",
    "questionnaire",
    "questionnaire_pages",
    "respondent_answers",
    "respondent_count",
    "respondent_progress",
    "scoring_input",
    "state_log",
    "user_roles",
    "visible_assessments",
    "visible_organizations",
]
