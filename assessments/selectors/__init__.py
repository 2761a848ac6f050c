"""Reads for the assessments app, by topic; import from here.

Other apps (reports, the API) read assessments only through these functions, and name the
rows they return by the types re-exported here.
"""

from assessments.models import Assessment, Organization
from assessments.selectors.access import (
    Access,
    Roles,
    access_to,
    assessment_by_id,
    assessment_for,
    creatable_organizations,
    user_roles,
    visible_assessments,
    visible_organizations,
)
from assessments.selectors.contributions import (
    Contribution,
    Contributor,
    comparable_assessments,
    confidence_labels,
    consensus_rationales,
    contributions,
    contributors,
    person_name,
    previous_assessment,
    role_label,
)
from assessments.selectors.history import state_log
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
    assessment_definition,
    assessment_result,
    respondent_count,
    respondent_progress,
    scoring_input,
    workshop_progress,
)

__all__ = [
    "Access",
    "Assessment",
    "Contribution",
    "Contributor",
    "Organization",
    "Page",
    "QuestionView",
    "Questionnaire",
    "RespondentProgress",
    "Roles",
    "access_to",
    "assessment_by_id",
    "assessment_definition",
    "assessment_for",
    "assessment_result",
    "comparable_assessments",
    "confidence_labels",
    "consensus_rationales",
    "contributions",
    "contributors",
    "creatable_organizations",
    "person_name",
    "previous_assessment",
    "questionnaire",
    "questionnaire_pages",
    "respondent_answers",
    "respondent_count",
    "respondent_progress",
    "role_label",
    "scoring_input",
    "state_log",
    "user_roles",
    "visible_assessments",
    "visible_organizations",
    "workshop_progress",
]
